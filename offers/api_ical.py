"""The iCalendar feed (RFC 5545) of an API search: ``/api/v1/services.ics?…`` gives one
VEVENT per dated schedule (course dates, single dates) of the matching offers, with the
schedule's RRULE, in Europe/Berlin time. Calendar apps can subscribe to it.

Written by hand rather than with a library: the format needs only text escaping, line
folding at 75 octets and a fixed VTIMEZONE, and each of those is tested.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from django.utils import timezone

from .api_serializers import (
    TIME_ZONE_NAME,
    Kind,
    html_to_text,
    offer_page_url,
    offer_texts,
    resource_id,
    rrule_parts,
)
from .models import Schedule

MAX_EVENTS = 500
CRLF = "\r\n"
PRODID = "-//Maerkischer Kreis//KIM Portal open-data API v1//DE"

# Europe/Berlin since 1996 (EU summer time rules): what calendar apps need to place the
# local times of DTSTART/DTEND.
VTIMEZONE_BERLIN = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TIME_ZONE_NAME}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

_FREQUENCIES = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_RULE_KEYS = {
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
_RULE_VALUE = re.compile(r"^[A-Z0-9,+-]+$")
_UNTIL_VALUE = re.compile(r"^(\d{8})(T\d{6}Z?)?$")


def escape_text(value: str) -> str:
    """A TEXT property value: backslash, semicolon, comma and line breaks escaped, other
    control characters dropped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(char for char in value if char >= " " and char != "\x7f")


_FOLD_UNITS = re.compile(r"\\.|.", re.DOTALL)


def fold(line: str) -> str:
    r"""Split a content line into lines of at most 75 octets (continuations start with a
    space), never inside a UTF-8 character nor — for lenient readers — inside an escape
    like ``\,``."""
    if len(line.encode()) <= 75:
        return line
    pieces, current, size, limit = [], [], 0, 75
    for char in _FOLD_UNITS.findall(line):
        width = len(char.encode())
        if size + width > limit:
            pieces.append("".join(current))
            # The leading space of a continuation line counts.
            current, size, limit = [], 0, 74
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _recurrence(schedule: Schedule, *, timed: bool) -> str | None:
    """The schedule's RRULE, checked, with UNTIL in the form RFC 5545 requires (UTC for
    timed events, a date for all-day ones) and capped at the schedule's ``valid_to``.
    None when there is no usable rule."""
    parts = rrule_parts(schedule.rrule)
    if not parts or parts.get("FREQ") not in _FREQUENCIES:
        return None
    until = parts.pop("UNTIL", None)
    if any(key not in _RULE_KEYS or not _RULE_VALUE.match(value) for key, value in parts.items()):
        return None
    rule = ";".join(f"{key}={value}" for key, value in parts.items())
    try:
        rrulestr(rule, dtstart=datetime.combine(schedule.dtstart, time()))
    except (ValueError, TypeError, OverflowError):
        return None

    until_date = None
    if until is not None:
        match = _UNTIL_VALUE.match(until)
        if not match:
            return None
        try:
            digits = match.group(1)
            until_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            return None
    if schedule.valid_to and (until_date is None or schedule.valid_to < until_date):
        until_date = schedule.valid_to
    if until_date is not None and "COUNT" not in parts:
        if timed:
            end_of_day = timezone.make_aware(datetime.combine(until_date, time(23, 59, 59)))
            rule += f";UNTIL={_utc_stamp(end_of_day)}"
        else:
            rule += f";UNTIL={until_date:%Y%m%d}"
    return rule


def _event_lines(schedule: Schedule, lang: str, stamp: str) -> list[str]:
    offer = schedule.offer_location.offer
    location = schedule.offer_location.location
    texts, _languages, _state = offer_texts(offer, lang)
    url = offer_page_url(offer, lang)
    timed = schedule.opens_at is not None

    lines = [
        "BEGIN:VEVENT",
        f"UID:{resource_id(Kind.SCHEDULE, schedule.pk)}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{_utc_stamp(offer.modified_at)}",
    ]
    if timed:
        start = datetime.combine(schedule.dtstart, schedule.opens_at)
        lines.append(f"DTSTART;TZID={TIME_ZONE_NAME}:{start:%Y%m%dT%H%M%S}")
        if schedule.closes_at is not None and schedule.closes_at > schedule.opens_at:
            end = datetime.combine(schedule.dtstart, schedule.closes_at)
            lines.append(f"DTEND;TZID={TIME_ZONE_NAME}:{end:%Y%m%dT%H%M%S}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{schedule.dtstart:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{schedule.dtstart + timedelta(days=1):%Y%m%d}")
    rule = _recurrence(schedule, timed=timed)
    if rule:
        lines.append(f"RRULE:{rule}")

    description = [texts["summary"] or html_to_text(texts["description"])]
    if schedule.description:
        description.append(schedule.description)
    description.append(url)
    address = ", ".join(
        part
        for part in (
            location.name,
            location.street,
            f"{location.postal_code} {location.municipality.name}".strip(),
        )
        if part
    )
    lines += [
        f"SUMMARY:{escape_text(texts['title'])}",
        f"DESCRIPTION:{escape_text(chr(10).join(part for part in description if part))}",
        f"LOCATION:{escape_text(address)}",
        f"URL:{url}",
    ]
    if location.latitude is not None and location.longitude is not None:
        lines.append(f"GEO:{float(location.latitude):.5f};{float(location.longitude):.5f}")
    lines.append("END:VEVENT")
    return lines


def calendar_text(schedules: list[Schedule], *, lang: str, name: str) -> str:
    """The whole VCALENDAR, CRLF line ends, folded."""
    stamp = _utc_stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TIME_ZONE_NAME}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        *VTIMEZONE_BERLIN,
    ]
    for schedule in schedules:
        lines += _event_lines(schedule, lang, stamp)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
