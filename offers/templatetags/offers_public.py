"""Template helpers of the public catalogue: texts in the reader's language with German
fallback, taxonomy names, language names, schedules in words, map and phone links."""

import re
from dataclasses import dataclass
from datetime import datetime

from django import template
from django.conf.locale import LANG_INFO
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format, time_format
from django.utils.safestring import mark_safe
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext_lazy,
    ngettext,
    npgettext,
    pgettext,
    pgettext_lazy,
)
from django.utils.translation import gettext as _

from offers.ics import rrule_parts, schedule_next_dates
from offers.sanitize import sanitize_html

register = template.Library()

# Languages offers are often held in that Django's own list lacks: native name, name (as a
# German msgid, translated like the rest of the portal) and whether written right to left.
EXTRA_LANGUAGES = {
    "am": ("አማርኛ", gettext_lazy("Amharisch"), False),
    "ff": ("Fulfulde", gettext_lazy("Fulfulde"), False),
    "gsg": ("Deutsche Gebärdensprache", gettext_lazy("Deutsche Gebärdensprache"), False),
    "ha": ("Hausa", gettext_lazy("Hausa"), False),
    "kmr": ("Kurmancî", gettext_lazy("Kurmandschi (Kurdisch)"), False),
    "ku": ("Kurdî", gettext_lazy("Kurdisch"), False),
    "ln": ("Lingála", gettext_lazy("Lingala"), False),
    "prs": ("دری", gettext_lazy("Dari"), True),
    "ps": ("پښتو", gettext_lazy("Paschtu"), True),
    "rom": ("Romanes", gettext_lazy("Romanes"), False),
    "so": ("Soomaali", gettext_lazy("Somali"), False),
    "ti": ("ትግርኛ", gettext_lazy("Tigrinya"), False),
    "tir": ("ትግርኛ", gettext_lazy("Tigrinya"), False),
    "wo": ("Wolof", gettext_lazy("Wolof"), False),
    "yo": ("Yorùbá", gettext_lazy("Yoruba"), False),
    "zh": ("中文", gettext_lazy("Chinesisch"), False),
}


@dataclass(frozen=True)
class LanguageLabel:
    code: str
    native: str  # the language's name in itself
    name: str  # its name in the reader's language
    bidi: bool

    @property
    def label(self) -> str:
        """Native name, and the reader's name for it where that differs."""
        if self.name == self.native or not self.name:
            return self.native
        return f"{self.native} – {self.name}"


def language_label(code: str) -> LanguageLabel:
    """Names of an ISO 639 language code; unknown codes show as the code itself."""
    code = (code or "").lower()
    if code in EXTRA_LANGUAGES:
        native, name, bidi = EXTRA_LANGUAGES[code]
        return LanguageLabel(code, native, str(name), bidi)
    if code in LANG_INFO and "name_local" in LANG_INFO[code]:
        info = get_language_info(code)
        return LanguageLabel(code, info["name_local"], str(info["name_translated"]), info["bidi"])
    return LanguageLabel(code, code.upper(), "", False)


register.simple_tag(language_label)


# --- Texts in the reader's language ------------------------------------------------------


@dataclass(frozen=True)
class LocalizedText:
    """One text of an offer as shown: in the reader's language, or German (``fallback``)."""

    value: str
    fallback: bool = False  # German shown instead of the reader's language
    outdated: bool = False  # translated from an older German text

    def __str__(self):
        return self.value

    def __bool__(self):
        return bool(self.value)


def _translation(offer):
    # Prefetched for the current language only (see offers.search.offers_listing and
    # offers.selectors.offer_public_detail_or_404).
    translations = getattr(offer, "current_translations", None) or []
    return translations[0] if translations else None


def localized_text(offer, field: str, language: str | None = None) -> LocalizedText:
    language = language or get_language() or "de"
    german = getattr(offer, field) or ""
    if language == "de":
        return LocalizedText(german)
    translation = _translation(offer)
    translated = getattr(translation, field, "") if translation is not None else ""
    if translated:
        return LocalizedText(
            translated, outdated=translation.source_revision < offer.source_revision
        )
    return LocalizedText(german, fallback=bool(german))


@register.simple_tag
def offer_text(offer, field):
    """``{% offer_text offer "summary" as summary %}``: the text in the reader's language,
    else German with ``summary.fallback`` set."""
    return localized_text(offer, field)


@register.simple_tag
def offer_translation_state(offer):
    """For the whole offer: "untranslated" (no text in the reader's language), "outdated",
    or "" (German page, or a current translation)."""
    language = get_language() or "de"
    if language == "de":
        return ""
    translation = _translation(offer)
    if translation is None or not translation.title:
        return "untranslated"
    if translation.source_revision < offer.source_revision:
        return "outdated"
    return ""


@register.filter
def offer_html(value):
    """Description markup, sanitised on output too (only a few harmless tags survive)."""
    return mark_safe(sanitize_html(str(value or "")))  # noqa: S308 -- sanitised just now


@register.filter
def term_name(term):
    return term.localized_name(get_language())


@register.filter
def term_fallback(term):
    return term.is_fallback(get_language())


# --- Schedules in words ------------------------------------------------------------------

_WEEKDAY_INDEX = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")

# One whole phrase per (week of the month, weekday), so that every language can inflect
# the ordinal with the weekday (Russian "в первую среду", but "в первый понедельник") and
# place its own preposition. -1 is the last such weekday of the month.
_MONTHLY_WEEKDAYS = {
    (1, "MO"): pgettext_lazy("monthly rule", "am ersten Montag"),
    (1, "TU"): pgettext_lazy("monthly rule", "am ersten Dienstag"),
    (1, "WE"): pgettext_lazy("monthly rule", "am ersten Mittwoch"),
    (1, "TH"): pgettext_lazy("monthly rule", "am ersten Donnerstag"),
    (1, "FR"): pgettext_lazy("monthly rule", "am ersten Freitag"),
    (1, "SA"): pgettext_lazy("monthly rule", "am ersten Samstag"),
    (1, "SU"): pgettext_lazy("monthly rule", "am ersten Sonntag"),
    (2, "MO"): pgettext_lazy("monthly rule", "am zweiten Montag"),
    (2, "TU"): pgettext_lazy("monthly rule", "am zweiten Dienstag"),
    (2, "WE"): pgettext_lazy("monthly rule", "am zweiten Mittwoch"),
    (2, "TH"): pgettext_lazy("monthly rule", "am zweiten Donnerstag"),
    (2, "FR"): pgettext_lazy("monthly rule", "am zweiten Freitag"),
    (2, "SA"): pgettext_lazy("monthly rule", "am zweiten Samstag"),
    (2, "SU"): pgettext_lazy("monthly rule", "am zweiten Sonntag"),
    (3, "MO"): pgettext_lazy("monthly rule", "am dritten Montag"),
    (3, "TU"): pgettext_lazy("monthly rule", "am dritten Dienstag"),
    (3, "WE"): pgettext_lazy("monthly rule", "am dritten Mittwoch"),
    (3, "TH"): pgettext_lazy("monthly rule", "am dritten Donnerstag"),
    (3, "FR"): pgettext_lazy("monthly rule", "am dritten Freitag"),
    (3, "SA"): pgettext_lazy("monthly rule", "am dritten Samstag"),
    (3, "SU"): pgettext_lazy("monthly rule", "am dritten Sonntag"),
    (4, "MO"): pgettext_lazy("monthly rule", "am vierten Montag"),
    (4, "TU"): pgettext_lazy("monthly rule", "am vierten Dienstag"),
    (4, "WE"): pgettext_lazy("monthly rule", "am vierten Mittwoch"),
    (4, "TH"): pgettext_lazy("monthly rule", "am vierten Donnerstag"),
    (4, "FR"): pgettext_lazy("monthly rule", "am vierten Freitag"),
    (4, "SA"): pgettext_lazy("monthly rule", "am vierten Samstag"),
    (4, "SU"): pgettext_lazy("monthly rule", "am vierten Sonntag"),
    (5, "MO"): pgettext_lazy("monthly rule", "am fünften Montag"),
    (5, "TU"): pgettext_lazy("monthly rule", "am fünften Dienstag"),
    (5, "WE"): pgettext_lazy("monthly rule", "am fünften Mittwoch"),
    (5, "TH"): pgettext_lazy("monthly rule", "am fünften Donnerstag"),
    (5, "FR"): pgettext_lazy("monthly rule", "am fünften Freitag"),
    (5, "SA"): pgettext_lazy("monthly rule", "am fünften Samstag"),
    (5, "SU"): pgettext_lazy("monthly rule", "am fünften Sonntag"),
    (-1, "MO"): pgettext_lazy("monthly rule", "am letzten Montag"),
    (-1, "TU"): pgettext_lazy("monthly rule", "am letzten Dienstag"),
    (-1, "WE"): pgettext_lazy("monthly rule", "am letzten Mittwoch"),
    (-1, "TH"): pgettext_lazy("monthly rule", "am letzten Donnerstag"),
    (-1, "FR"): pgettext_lazy("monthly rule", "am letzten Freitag"),
    (-1, "SA"): pgettext_lazy("monthly rule", "am letzten Samstag"),
    (-1, "SU"): pgettext_lazy("monthly rule", "am letzten Sonntag"),
}


def text_list(items: list[str]) -> str:
    """Items as a list in words, joined as the reader's language does it ("A, B und C")."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        # Translators: a list of two items, e.g. "am ersten Montag und am dritten Freitag".
        return pgettext("list of two", "%(first)s und %(second)s") % {
            "first": items[0],
            "second": items[1],
        }
    text = items[0]
    for item in items[1:-1]:
        # Translators: adds an item inside a list of three or more ("A, B" of "A, B und C").
        text = pgettext("list, next item", "%(list)s, %(item)s") % {"list": text, "item": item}
    # Translators: adds the last item to a list of three or more ("A, B und C").
    return pgettext("list, last item", "%(list)s und %(item)s") % {"list": text, "item": items[-1]}


def _byday(value: str) -> list[tuple[int | None, str]] | None:
    """``"1WE,-1FR"`` → [(1, "WE"), (-1, "FR")]; None if any part is malformed."""
    days = []
    for item in value.split(","):
        match = _BYDAY.match(item.strip())
        if match is None:
            return None
        number, day = match.groups()
        days.append((int(number) if number else None, day))
    return days


def _weekday_names(days) -> str:
    names = [str(WEEKDAYS[_WEEKDAY_INDEX[day]]) for day in days]
    return pgettext("list separator", ", ").join(names)


def _weekly(days: str, interval: int) -> str:
    if interval == 1:
        return _("wöchentlich: %(days)s") % {"days": days}
    return ngettext(
        "alle %(count)d Wochen: %(days)s", "alle %(count)d Wochen: %(days)s", interval
    ) % {"count": interval, "days": days}


def _monthly_on_weekdays(byday) -> str:
    phrases = [_MONTHLY_WEEKDAYS.get(day) for day in byday]
    if None in phrases:
        return ""  # e.g. the second to last Friday: the next dates show it
    # Translators: %(days)s is a list of "am ersten Mittwoch" phrases (context "monthly
    # rule"), e.g. "monatlich am ersten Mittwoch und am dritten Freitag".
    return pgettext("monthly rule", "monatlich %(days)s") % {"days": text_list(phrases)}


def _monthly_on_days(monthdays: str) -> str:
    days = [day.strip() for day in monthdays.split(",")]
    if not all(day.isdigit() and 1 <= int(day) <= 31 for day in days):
        return ""  # days counted from the end of the month: the next dates show them
    # Translators: a day of the month as in "monatlich am 15." (the 15th of each month).
    numbers = [pgettext("day of the month", "%(day)d.") % {"day": int(day)} for day in days]
    # Translators: %(days)s is a list of days of the month, e.g. "1. und 15.".
    return npgettext(
        "monthly rule", "monatlich am %(days)s", "monatlich am %(days)s", len(days)
    ) % {"days": text_list(numbers)}


def rrule_in_words(rule: str, dtstart=None) -> str:
    """Common rules in words ("wöchentlich: Montag, Mittwoch", "monatlich am ersten
    Mittwoch"); "" for rules we cannot put into words (the next dates still show them)."""
    parts = rrule_parts(rule)
    if parts is None:
        return ""
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}:
        return ""
    try:
        interval = max(1, int(parts.get("INTERVAL", "1")))
    except ValueError:
        return ""
    frequency = parts["FREQ"]
    byday = _byday(parts["BYDAY"]) if "BYDAY" in parts else []
    if byday is None:
        return ""
    in_month = [number for number, _day in byday if number is not None]
    plain_weekdays = [day for number, day in byday if number is None]
    if in_month and plain_weekdays:
        return ""
    if frequency == "DAILY" and not byday and "BYMONTHDAY" not in parts:
        if interval == 1:
            return _("täglich")
        return ngettext("alle %(count)d Tage", "alle %(count)d Tage", interval) % {
            "count": interval
        }
    if frequency == "WEEKLY" and not in_month and "BYMONTHDAY" not in parts:
        if plain_weekdays:
            return _weekly(_weekday_names(plain_weekdays), interval)
        if dtstart is not None:
            return _weekly(str(WEEKDAYS[dtstart.weekday()]), interval)
        return ""
    if frequency == "MONTHLY" and interval == 1:
        if byday and "BYMONTHDAY" in parts:
            return ""  # e.g. every Friday the 13th
        if in_month:
            return _monthly_on_weekdays(byday)
        if plain_weekdays:
            # Every such weekday of every month: the same dates as a weekly rule.
            return _weekly(_weekday_names(plain_weekdays), 1)
        monthdays = parts.get("BYMONTHDAY") or (str(dtstart.day) if dtstart else "")
        return _monthly_on_days(monthdays) if monthdays else ""
    if frequency == "YEARLY" and interval == 1 and not byday:
        return _("jährlich")
    return ""


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT")


def _weekday_date(value) -> str:
    return f"{WEEKDAYS[value.weekday()]}, {_date(value)}"


def _time(value) -> str:
    return time_format(value, "TIME_FORMAT")


@register.simple_tag
def schedule_facts(schedule):
    """What a schedule says, ready to show: ``when`` (rule in words or the single date),
    ``times``, ``validity``, ``next_dates`` (the next three, for dated courses)."""
    when = ""
    if schedule.rrule:
        when = rrule_in_words(schedule.rrule, schedule.dtstart)
        if not when:
            when = _("regelmäßige Termine")
    elif schedule.dtstart:
        when = _weekday_date(schedule.dtstart)

    times = ""
    if schedule.opens_at and schedule.closes_at:
        times = f"{_time(schedule.opens_at)}–{_time(schedule.closes_at)}"
    elif schedule.opens_at:
        times = _("ab %(time)s") % {"time": _time(schedule.opens_at)}

    validity = ""
    if schedule.valid_from and schedule.valid_to:
        validity = _("vom %(start)s bis %(end)s") % {
            "start": _date(schedule.valid_from),
            "end": _date(schedule.valid_to),
        }
    elif schedule.valid_from:
        validity = _("ab %(start)s") % {"start": _date(schedule.valid_from)}
    elif schedule.valid_to:
        validity = _("bis %(end)s") % {"end": _date(schedule.valid_to)}

    next_dates = []
    if schedule.dtstart and schedule.rrule:
        for occurrence in schedule_next_dates(schedule, now=timezone.now()):
            label = _weekday_date(occurrence)
            if schedule.opens_at:
                label = f"{label}, {_time(occurrence)}"
            next_dates.append({"label": label, "iso": occurrence.isoformat()})
    return {"when": when, "times": times, "validity": validity, "next_dates": next_dates}


# --- Links -------------------------------------------------------------------------------


@register.filter
def tel_href(phone: str) -> str:
    """``tel:`` link target: digits and a leading plus only."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits[:1]}{digits[1:].replace('+', '')}" if digits else ""


@register.filter
def osm_url(location) -> str:
    """The place on openstreetmap.org (a plain link: no tiles are loaded by the portal)."""
    latitude, longitude = location.coordinates
    zoom = 17 if location.latitude is not None and location.longitude is not None else 14
    lat, lon = f"{float(latitude):.5f}", f"{float(longitude):.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"


@register.filter
def km(value) -> str:
    """A distance for people: "unter 1 km", "3 km", "12 km"."""
    if value is None:
        return ""
    if value < 1:
        return _("unter 1 km")
    return _("%(km)s km") % {"km": round(value)}


@register.filter
def local_date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return _date(value)


@register.filter
def web_url(value) -> str:
    """The address if it is a web address (http/https), else "" — never a javascript: link."""
    value = (value or "").strip()
    return value if value.lower().startswith(("https://", "http://")) else ""
