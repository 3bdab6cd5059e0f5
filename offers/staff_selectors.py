"""Reads of the staff side: offer lists, revisions and history scoped through
``offers_for_editor``, an offer's editable content as *revision data*, and diffs between two
such states.

Revision data (``OfferRevision.data``) is one JSON object::

    {"title": "…", "summary": "…", "description": "<p>…</p>", "eligibility": "…",
     "application_process": "…", "cost_text": "…",
     "categories": ["sprache"], "target_groups": ["frauen"], "languages": ["de", "ar"],
     "min_age": 16, "max_age": null, "is_free": true, "registration_required": false,
     "childcare": false, "barrier_free": true, "mode": "in_person",
     "valid_from": "2026-01-05", "valid_until": null,
     "locations": [{"location_id": 7, "name": "…", "street": "…", "postal_code": "58636",
                    "municipality": "05962024", "latitude": "51.37500", "longitude": "7.70000",
                    "accessibility": "…",
                    "schedules": [{"rrule": "FREQ=WEEKLY;BYDAY=MO,WE", "dtstart": null,
                                   "opens_at": "09:00", "closes_at": "12:00",
                                   "valid_from": null, "valid_to": null, "description": ""}]}],
     "contacts": [{"name": "…", "role": "…", "phone": "…", "email": "…", "website": "…"}],
     "translations": {"en": {"title": "…", …, "based_on": "<german_fingerprint>"}}}

A key left out means "as the offer is now" (the CSV import writes only what it changes); a
location entry without address keys means "the place ``location_id`` as it is". A
translation's ``based_on`` is the fingerprint of the German texts it was written (or
confirmed) for: it is current exactly when that matches the German texts published with it.

Where edits go: a published offer stays online unchanged, so its edits collect in one open
revision; an offer that is not online (draft, archived) is edited in place. Either way the
coordinator publishes through a revision in review.
"""

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kim_portal.models import Municipality, Organisation, Role

from .models import (
    TRANSLATION_LANGUAGES,
    Category,
    Contact,
    Location,
    Offer,
    OfferEvent,
    OfferLocation,
    OfferRevision,
    OfferTranslation,
    Schedule,
    TargetGroup,
    languages_in_order,
    offer_language_label,
)
from .selectors import offer_for_editor, offers_for_editor

# Revisions still being worked on (at most one per offer, by constraint).
OPEN_REVISION_STATUSES = (
    OfferRevision.Status.DRAFT,
    OfferRevision.Status.IN_REVIEW,
    OfferRevision.Status.RETURNED,
)

# Published offers not confirmed for this long remind their editors; 30 days later the
# coordinators.
REVIEW_DUE_AFTER_DAYS = 180
REVIEW_OVERDUE_AFTER_DAYS = REVIEW_DUE_AFTER_DAYS + 30

SCALAR_KEYS = Offer.CONTENT_FIELDS
CONTENT_KEYS = (*SCALAR_KEYS, "locations", "contacts")
LOCATION_KEYS = (
    "name",
    "street",
    "postal_code",
    "municipality",
    "latitude",
    "longitude",
    "accessibility",
)
SCHEDULE_KEYS = (
    "rrule",
    "dtstart",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_to",
    "description",
)
CONTACT_KEYS = ("name", "role", "phone", "email", "website")

# What an offer that is not online is compared with: nothing.
EMPTY_DATA = dict.fromkeys(CONTENT_KEYS) | {"translations": {}}


def german_fingerprint(data: dict) -> str:
    """A short hash of the German (source) texts in ``data``."""
    texts = [data.get(field) or "" for field in Offer.TRANSLATED_FIELDS]
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()[:16]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _decimal(value) -> str | None:
    return str(value) if value is not None else None


def _location_entry(location: Location) -> dict:
    return {
        "location_id": location.pk,
        "name": location.name,
        "street": location.street,
        "postal_code": location.postal_code,
        "municipality": location.municipality.ags,
        "latitude": _decimal(location.latitude),
        "longitude": _decimal(location.longitude),
        "accessibility": location.accessibility,
    }


def _schedule_entry(schedule: Schedule) -> dict:
    return {
        "rrule": schedule.rrule,
        "dtstart": _iso(schedule.dtstart),
        "opens_at": _time(schedule.opens_at),
        "closes_at": _time(schedule.closes_at),
        "valid_from": _iso(schedule.valid_from),
        "valid_to": _iso(schedule.valid_to),
        "description": schedule.description,
    }


def offers_with_content(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """The offers with what ``offer_content_data`` reads prefetched: six more queries,
    however many offers."""
    return offers.prefetch_related(
        "categories",
        "target_groups",
        "translations",
        Prefetch(
            "offer_locations",
            queryset=OfferLocation.objects.select_related("location__municipality").order_by("pk"),
        ),
        Prefetch("offer_locations__schedules", queryset=Schedule.objects.order_by("pk")),
        Prefetch("contacts", queryset=Contact.objects.order_by("pk")),
    )


def offer_revision_data(offer: Offer) -> dict:
    """The offer as it is stored now, in revision-data form (read afresh: seven queries)."""
    return offer_content_data(offers_with_content(Offer.objects.filter(pk=offer.pk)).get())


def offer_content_data(offer: Offer) -> dict:
    """An offer read through ``offers_with_content``, in revision-data form (no queries)."""
    data = {field: getattr(offer, field) for field in Offer.TRANSLATED_FIELDS}
    data |= {
        "categories": sorted(term.slug for term in offer.categories.all()),
        "target_groups": sorted(term.slug for term in offer.target_groups.all()),
        "languages": languages_in_order(offer.languages),
        "min_age": offer.min_age,
        "max_age": offer.max_age,
        "is_free": offer.is_free,
        "registration_required": offer.registration_required,
        "childcare": offer.childcare,
        "barrier_free": offer.barrier_free,
        "mode": offer.mode,
        "valid_from": _iso(offer.valid_from),
        "valid_until": _iso(offer.valid_until),
        "locations": [
            _location_entry(link.location)
            | {"schedules": [_schedule_entry(s) for s in link.schedules.all()]}
            for link in offer.offer_locations.all()
        ],
        "contacts": [
            {key: getattr(contact, key) for key in CONTACT_KEYS}
            for contact in sorted(offer.contacts.all(), key=lambda contact: contact.pk)
        ],
    }
    fingerprint = german_fingerprint(data)
    data["translations"] = {
        translation.language: {
            **{field: getattr(translation, field) for field in Offer.TRANSLATED_FIELDS},
            "based_on": (
                fingerprint if translation.state() == OfferTranslation.State.CURRENT else None
            ),
        }
        for translation in offer.translations.all()
    }
    return data


def revision_data_completed(offer: Offer, data: dict, current: dict | None = None) -> dict:
    """``data`` with what it leaves out taken from the offer as it is (``current``, read if
    not given); location entries that name only a place get its address."""
    current = current if current is not None else offer_revision_data(offer)
    result = copy.deepcopy(current)
    for key in (*CONTENT_KEYS, "translations"):
        if key in data:
            result[key] = copy.deepcopy(data[key])
    result["languages"] = languages_in_order(result.get("languages"))
    result["translations"] = result.get("translations") or {}
    incomplete = [
        entry["location_id"]
        for entry in result.get("locations") or []
        if entry.get("location_id") and "name" not in entry
    ]
    if incomplete:
        places = {
            place.pk: place
            for place in Location.objects.filter(
                pk__in=incomplete, organisation_id=offer.organisation_id
            ).select_related("municipality")
        }
        completed = []
        for entry in result["locations"]:
            if entry.get("location_id") and "name" not in entry:
                place = places.get(entry["location_id"])
                if place is None:
                    continue  # a place of another provider is never taken over
                entry = _location_entry(place) | {"schedules": entry.get("schedules") or []}
            completed.append(entry)
        result["locations"] = completed
    return result


def offer_open_revision(offer: Offer) -> OfferRevision | None:
    """The offer's revision in the works (draft, in review or returned), if any."""
    return (
        OfferRevision.objects.filter(offer=offer, status__in=OPEN_REVISION_STATUSES)
        .select_related("author", "decided_by")
        .first()
    )


def offer_is_locked(offer: Offer, revision: OfferRevision | None) -> bool:
    """In review: nobody edits it until the coordinator has decided. (Only a revision in
    review locks: an offer marked "in review" without one would otherwise stay stuck.)"""
    return revision is not None and revision.status == OfferRevision.Status.IN_REVIEW


def offer_working_data(
    offer: Offer, revision: OfferRevision | None, *, current: dict | None = None
) -> dict:
    """What the editor works on: for a published offer (or one in review) its open revision,
    otherwise the offer itself. ``current``: the offer's revision data if already read."""
    current = current if current is not None else offer_revision_data(offer)
    if revision is not None and (
        offer.status == Offer.Status.PUBLISHED or revision.status == OfferRevision.Status.IN_REVIEW
    ):
        return revision_data_completed(offer, revision.data, current)
    return current


def offer_baseline_data(offer: Offer) -> dict:
    """What publishing is compared with: the offer as it is online, or nothing when it is
    not online."""
    if offer.status != Offer.Status.PUBLISHED:
        return EMPTY_DATA
    return offer_revision_data(offer)


def _comparable_locations(locations):
    # Which row a place is stored in is no change of content.
    return [
        {key: value for key, value in entry.items() if key != "location_id"}
        for entry in locations or []
    ]


def _blank(value) -> bool:
    return value in (None, "", [])


def revision_diff(old: dict, new: dict) -> dict[str, list]:
    """``{key: [old, new]}`` for each content key and translated text that differs, and
    ``translations.<lang>.current`` when a translation's fit to the German text changes."""
    changes = {}
    for key in CONTENT_KEYS:
        before, after = old.get(key), new.get(key)
        if key == "locations":
            if _comparable_locations(before) != _comparable_locations(after):
                changes[key] = [before or [], after or []]
        elif before != after and not (_blank(before) and _blank(after)):
            changes[key] = [before, after]
    old_translations = old.get("translations") or {}
    new_translations = new.get("translations") or {}
    old_fingerprint, new_fingerprint = german_fingerprint(old), german_fingerprint(new)
    for language in TRANSLATION_LANGUAGES:
        before = old_translations.get(language) or {}
        after = new_translations.get(language) or {}
        for field in Offer.TRANSLATED_FIELDS:
            if (before.get(field) or "") != (after.get(field) or ""):
                changes[f"translations.{language}.{field}"] = [
                    before.get(field) or "",
                    after.get(field) or "",
                ]
        was_current = bool(before.get("title")) and before.get("based_on") == old_fingerprint
        is_current = bool(after.get("title")) and after.get("based_on") == new_fingerprint
        if (before.get("title") or after.get("title")) and was_current != is_current:
            changes[f"translations.{language}.current"] = [was_current, is_current]
    return changes


def revision_data_problems(data: dict) -> list[str]:
    """Why ``data`` cannot go online yet (empty when it can)."""
    problems = []
    if not data.get("title"):
        problems.append(_("Das Angebot hat keinen Titel."))
    if not data.get("locations"):
        problems.append(_("Das Angebot braucht mindestens einen Ort."))
    if not data.get("categories"):
        problems.append(_("Das Angebot braucht mindestens eine Kategorie."))
    return problems


@dataclass(frozen=True)
class TranslationState:
    language: str
    name: str
    state: str  # an OfferTranslation.State value

    @property
    def label(self):
        return OfferTranslation.State(self.state).label


def offer_translation_states(offer: Offer) -> list[TranslationState]:
    """The published translation state per portal language (missing, outdated, current).
    Reads ``offer.translations.all()``: prefetch it for lists."""
    names = dict(settings.LANGUAGES)
    by_language = {t.language: t for t in offer.translations.all()}
    states = []
    for language in TRANSLATION_LANGUAGES:
        translation = by_language.get(language)
        if translation is None:
            state = OfferTranslation.State.MISSING
        else:
            translation.offer = offer  # state() compares with the offer's source revision
            state = translation.state()
        states.append(TranslationState(language, names.get(language, language), state))
    return states


def draft_translation_states(data: dict) -> list[TranslationState]:
    """The translation state per portal language within revision data: current when
    written (or confirmed) for the German texts in ``data``."""
    names = dict(settings.LANGUAGES)
    fingerprint = german_fingerprint(data)
    translations = data.get("translations") or {}
    states = []
    for language in TRANSLATION_LANGUAGES:
        entry = translations.get(language) or {}
        if not entry.get("title"):
            state = OfferTranslation.State.MISSING
        elif entry.get("based_on") == fingerprint:
            state = OfferTranslation.State.CURRENT
        else:
            state = OfferTranslation.State.OUTDATED
        states.append(TranslationState(language, names.get(language, language), state))
    return states


# --- Lists ---------------------------------------------------------------------------------


def staff_offers(
    *, user, organisation_id: int | None = None, status: str | None = None
) -> QuerySet[Offer]:
    """The offers ``user`` may edit, optionally filtered, with what the staff list shows
    (organisation, translations, the open revision as ``open_revisions``) prefetched."""
    offers = offers_for_editor(user)
    if organisation_id:
        offers = offers.filter(organisation_id=organisation_id)
    if status:
        offers = offers.filter(status=status)
    return (
        offers.select_related("organisation")
        .prefetch_related(
            "translations",
            Prefetch(
                "revisions",
                queryset=OfferRevision.objects.filter(status__in=OPEN_REVISION_STATUSES).only(
                    "pk", "offer_id", "status", "submitted_at", "modified_at"
                ),
                to_attr="open_revisions",
            ),
        )
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class StaffOfferRow:
    offer: Offer
    revision: OfferRevision | None
    translations: list[TranslationState]
    review_due: bool


def staff_offer_rows(offers) -> list[StaffOfferRow]:
    """One row per offer of a ``staff_offers`` page: open revision, translation states,
    and whether its review is due. No queries beyond those of ``staff_offers``."""
    review_limit = timezone.now() - timedelta(days=REVIEW_DUE_AFTER_DAYS)
    return [
        StaffOfferRow(
            offer=offer,
            revision=offer.open_revisions[0] if offer.open_revisions else None,
            translations=offer_translation_states(offer),
            review_due=offer.status == Offer.Status.PUBLISHED
            and (offer.last_reviewed_at is None or offer.last_reviewed_at < review_limit),
        )
        for offer in offers
    ]


def staff_offer_organisations(user) -> QuerySet[Organisation]:
    """Organisations to filter the staff list by (coordinators): those with offers."""
    if not user.has_role(Role.COORDINATOR):
        return Organisation.objects.none()
    return Organisation.objects.filter(offers__isnull=False).distinct().order_by("name")


def revisions_in_review(user) -> QuerySet[OfferRevision]:
    """The review queue: revisions in review, oldest submission first (coordinators)."""
    if not user.has_role(Role.COORDINATOR):
        return OfferRevision.objects.none()
    return (
        OfferRevision.objects.filter(
            status=OfferRevision.Status.IN_REVIEW, offer__in=offers_for_editor(user)
        )
        .select_related("offer__organisation", "author")
        .order_by("submitted_at", "pk")
    )


def revision_for_reviewer(user, pk: int) -> OfferRevision:
    """One revision a coordinator may review (in any state), or 404."""
    if not user.has_role(Role.COORDINATOR):
        raise Http404
    try:
        return (
            OfferRevision.objects.filter(offer__in=offers_for_editor(user))
            .select_related("offer__organisation", "author", "decided_by")
            .get(pk=pk)
        )
    except OfferRevision.DoesNotExist:
        raise Http404 from None


def revision_review(revision: OfferRevision) -> tuple[list["ChangeRow"], list[str]]:
    """What the coordinator decides on: the revision's changes against the offer as it is
    online (field by field), and what would keep it from going online."""
    offer = revision.offer
    data = revision_data_completed(offer, revision.data)
    rows = ChangeFormatter().rows(revision_diff(offer_baseline_data(offer), data))
    return rows, revision_data_problems(data)


def offer_history(user, pk: int) -> tuple[Offer, QuerySet[OfferEvent]]:
    """An offer the user may edit, with its events (newest first)."""
    offer = offer_for_editor(user, pk)
    return offer, offer.events.select_related("actor").order_by("-occurred_at", "-pk")


# --- Showing changes -----------------------------------------------------------------------

_FIELD_LABELS = {
    "title": gettext_lazy("Titel"),
    "summary": gettext_lazy("Kurzbeschreibung"),
    "description": gettext_lazy("Beschreibung"),
    "eligibility": gettext_lazy("Voraussetzungen"),
    "application_process": gettext_lazy("Anmeldung / Zugang"),
    "cost_text": gettext_lazy("Kosten"),
    "categories": gettext_lazy("Kategorien"),
    "target_groups": gettext_lazy("Zielgruppen"),
    "languages": gettext_lazy("Angebotssprachen"),
    "min_age": gettext_lazy("Mindestalter"),
    "max_age": gettext_lazy("Höchstalter"),
    "is_free": gettext_lazy("kostenlos"),
    "registration_required": gettext_lazy("Anmeldung nötig"),
    "childcare": gettext_lazy("Kinderbetreuung"),
    "barrier_free": gettext_lazy("barrierefrei"),
    "mode": gettext_lazy("Form"),
    "valid_from": gettext_lazy("gültig ab"),
    "valid_until": gettext_lazy("gültig bis"),
    "locations": gettext_lazy("Orte und Zeiten"),
    "contacts": gettext_lazy("Kontakte"),
    "status": gettext_lazy("Status"),
    "last_reviewed_at": gettext_lazy("zuletzt geprüft"),
    "current": pgettext_lazy("translation", "Übersetzung aktuell"),
}
_WEEKDAYS = {
    "MO": pgettext_lazy("weekday", "Mo"),
    "TU": pgettext_lazy("weekday", "Di"),
    "WE": pgettext_lazy("weekday", "Mi"),
    "TH": pgettext_lazy("weekday", "Do"),
    "FR": pgettext_lazy("weekday", "Fr"),
    "SA": pgettext_lazy("weekday", "Sa"),
    "SU": pgettext_lazy("weekday", "So"),
}


@dataclass(frozen=True)
class ChangeRow:
    key: str
    label: str
    old: list[str]
    new: list[str]


def _date_text(value) -> str:
    if not value:
        return "–"
    try:
        if isinstance(value, str) and "T" in value:
            return date_format(datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        return date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


class ChangeFormatter:
    """Turns ``{key: [old, new]}`` (revision diffs, ``OfferEvent.changes``) into readable
    rows in the current language. Loads term and town names once."""

    def __init__(self):
        self._names = None

    def _lookup(self):
        if self._names is None:
            self._names = {
                "categories": {c.slug: c.localized_name() for c in Category.objects.all()},
                "target_groups": {t.slug: t.localized_name() for t in TargetGroup.objects.all()},
                "municipality": dict(Municipality.objects.values_list("ags", "name")),
            }
        return self._names

    def rows(self, changes: dict) -> list[ChangeRow]:
        rows = []
        for key, pair in (changes or {}).items():
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                continue
            old, new = pair
            rows.append(ChangeRow(key, self.label(key), self.lines(key, old), self.lines(key, new)))
        return rows

    def label(self, key: str) -> str:
        if key.startswith("translations."):
            _prefix, language, field = ([*key.split(".", 2), "", ""])[:3]
            language_name = dict(settings.LANGUAGES).get(language, language)
            return f"{_FIELD_LABELS.get(field, field)} ({language_name})"
        return str(_FIELD_LABELS.get(key, key))

    def lines(self, key: str, value) -> list[str]:
        field = key.rsplit(".", 1)[-1]
        if value is None or value == "" or value == []:
            return ["–"]
        if isinstance(value, bool):
            return [_("ja") if value else _("nein")]
        if field in ("categories", "target_groups"):
            names = self._lookup()[field]
            return [", ".join(names.get(slug, slug) for slug in value)]
        if field == "languages":
            return [", ".join(offer_language_label(code) for code in value)]
        if field == "mode":
            return [str(Offer.Mode(value).label) if value in Offer.Mode.values else str(value)]
        if field == "status":
            return [str(Offer.Status(value).label) if value in Offer.Status.values else str(value)]
        if field in ("valid_from", "valid_until", "last_reviewed_at"):
            return [_date_text(value)]
        if field == "locations" and isinstance(value, list):
            return [line for entry in value for line in self._location_lines(entry)]
        if field == "contacts" and isinstance(value, list):
            return [self._contact_line(entry) for entry in value if isinstance(entry, dict)]
        if isinstance(value, dict | list):
            return [json.dumps(value, ensure_ascii=False)]
        return str(value).splitlines() or ["–"]

    def _location_lines(self, entry) -> list[str]:
        if not isinstance(entry, dict):
            return [str(entry)]
        towns = self._lookup()["municipality"]
        if "name" in entry:
            address = ", ".join(
                part
                for part in (
                    entry.get("name"),
                    entry.get("street"),
                    " ".join(
                        p
                        for p in (
                            entry.get("postal_code"),
                            towns.get(entry.get("municipality"), entry.get("municipality")),
                        )
                        if p
                    ),
                )
                if part
            )
            if entry.get("latitude") and entry.get("longitude"):
                address += f" ({entry['latitude']}, {entry['longitude']})"
        else:
            address = _("Ort Nr. %(id)s") % {"id": entry.get("location_id")}
        lines = [address]
        lines += [
            "· " + schedule_text(schedule)
            for schedule in entry.get("schedules") or []
            if isinstance(schedule, dict)
        ]
        return lines

    def _contact_line(self, entry: dict) -> str:
        name = entry.get("name") or "–"
        if entry.get("role"):
            name = f"{name} ({entry['role']})"
        return ", ".join(
            part
            for part in (name, entry.get("phone"), entry.get("email"), entry.get("website"))
            if part
        )


def rrule_weekdays(rrule: str) -> list[str] | None:
    """The weekdays of a plain weekly rule (``FREQ=WEEKLY;BYDAY=MO,WE``), else None."""
    parts = dict(
        part.split("=", 1) for part in (rrule or "").upper().split(";") if part.count("=") == 1
    )
    if set(parts) != {"FREQ", "BYDAY"} or parts["FREQ"] != "WEEKLY":
        return None
    days = parts["BYDAY"].split(",")
    if not days or any(day not in _WEEKDAYS for day in days):
        return None
    return [day for day in _WEEKDAYS if day in days]


def schedule_text(entry: dict) -> str:
    """One schedule as a short German line: "Mo, Mi 09:00–12:00 (ab 05.01.2026) Hinweis"."""
    parts = []
    rrule = entry.get("rrule") or ""
    weekdays = rrule_weekdays(rrule)
    if weekdays:
        parts.append(", ".join(str(_WEEKDAYS[day]) for day in weekdays))
    elif rrule:
        parts.append(rrule)
    if entry.get("dtstart"):
        parts.append(_date_text(entry["dtstart"]))
    if entry.get("opens_at") or entry.get("closes_at"):
        parts.append(f"{entry.get('opens_at') or ''}–{entry.get('closes_at') or ''}")
    validity = []
    if entry.get("valid_from"):
        validity.append(_("ab %(date)s") % {"date": _date_text(entry["valid_from"])})
    if entry.get("valid_to"):
        validity.append(_("bis %(date)s") % {"date": _date_text(entry["valid_to"])})
    if validity:
        parts.append(f"({' '.join(validity)})")
    if entry.get("description"):
        parts.append(entry["description"])
    return " ".join(parts) or "–"
