"""Course dates and iCalendar (RFC 5545): reading a schedule's RRULE (its next dates), and
the one place that writes calendar files — the detail page's "add to calendar" file
(``offers.views.offer_ics``) and the API feed (``offers.api_ical``) are both built here.

Times in ``Schedule`` are Europe/Berlin wall-clock times; the calendar file carries them
with ``TZID=Europe/Berlin`` and a VTIMEZONE, so calendar apps keep 18:00 at 18:00 across
daylight-saving changes. UNTIL is written in UTC, as RFC 5545 requires for such events.

Which schedules become events is decided here too, the same for the file and the feed: a
dated schedule with a readable rule (or none: a single date) that still has a date today or
later. A schedule whose dates have all passed (single date, UNTIL, COUNT or ``valid_to``
behind us) is left out. So is a schedule whose rule the portal cannot read: its start date
need not be one of its dates (a rule "on Mondays" may start on a Tuesday), and a calendar
entry on a wrong day is worse than none; the detail page shows no next dates for it either
(``schedule_next_dates``), and the API still carries the rule as written (``x_kim_rrule``).

Written by hand rather than with a library: the format needs only text escaping, line
folding at 75 octets, a fixed VTIMEZONE and a checked RRULE, and each of those is tested.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils import timezone

from .api_serializers import Kind, resource_id

BERLIN = ZoneInfo("Europe/Berlin")
# Course schedules repeat by day, week, month or year; finer rules are not course dates.
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# The RFC 5545 rule parts course dates use. BYHOUR, BYMINUTE and BYSECOND would contradict
# the schedule's own opening time; dateutil's BYEASTER is not RFC 5545.
RULE_KEYS = {
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
# Rule values go into the calendar file as they are, so nothing but these characters.
_RULE_VALUE = re.compile(r"[A-Z0-9,+-]+")
# How far ahead next dates are looked for.
HORIZON = timedelta(days=2 * 366)


def rrule_parts(rule: str) -> dict[str, str] | None:
    """``"FREQ=WEEKLY;BYDAY=MO,WE"`` (optionally prefixed "RRULE:") as a dict, or None if it
    is not a rule we can read."""
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = {}
    for item in text.split(";"):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not value.strip():
            return None
        parts[key.strip().upper()] = value.strip().upper()
    if parts.get("FREQ") not in FREQUENCIES or not parts.keys() <= RULE_KEYS:
        return None
    if not all(_RULE_VALUE.fullmatch(value) for value in parts.values()):
        return None
    if "COUNT" in parts and not (parts["COUNT"].isdigit() and int(parts["COUNT"]) > 0):
        return None
    try:
        # UNTIL on its own: dateutil warns about rules with both COUNT and UNTIL, which the
        # calendar file turns into one of them.
        without_until = {key: value for key, value in parts.items() if key != "UNTIL"}
        rrulestr(_join(without_until), dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 -- validation only
        if "UNTIL" in parts:
            _parse_until(parts["UNTIL"])
    except (ValueError, TypeError, OverflowError):
        return None
    return parts


def _join(parts: dict[str, str]) -> str:
    # FREQ first, as RFC 5545 recommends and some calendar apps expect.
    ordered = sorted(parts.items(), key=lambda item: item[0] != "FREQ")
    return ";".join(f"{key}={value}" for key, value in ordered)


def _parse_until(value: str) -> datetime:
    """UNTIL as a naive Europe/Berlin datetime (a date means the end of that day)."""
    if len(value) == 8:
        return datetime.strptime(value, "%Y%m%d").replace(hour=23, minute=59, second=59)  # noqa: DTZ007
    if value.endswith("Z"):
        utc = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return utc.astimezone(BERLIN).replace(tzinfo=None)
    return datetime.strptime(value, "%Y%m%dT%H%M%S")  # noqa: DTZ007 -- local wall time


def _start(schedule) -> datetime:
    return datetime.combine(schedule.dtstart, schedule.opens_at or time(0))


def _occurrences(schedule, *, until: datetime):
    """The schedule's dates as naive Berlin datetimes, up to ``until`` (bounded, also for
    rules that never occur), respecting COUNT, UNTIL and the validity period."""
    if schedule.dtstart is None:
        return
    start = _start(schedule)
    if not schedule.rrule:
        if start <= until:
            yield start
        return
    parts = rrule_parts(schedule.rrule)
    if parts is None:
        return
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    end = until
    if "UNTIL" in parts:
        end = min(end, _parse_until(parts.pop("UNTIL")))
    if schedule.valid_to:
        end = min(end, datetime.combine(schedule.valid_to, time(23, 59, 59)))
    if end < start:
        return
    rule = rrulestr(_join(parts), dtstart=start).replace(until=end)
    for index, occurrence in enumerate(rule):
        if count is not None and index >= count:
            return
        if schedule.valid_from and occurrence.date() < schedule.valid_from:
            continue
        yield occurrence


def schedule_next_dates(schedule, *, now: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` dates of a dated schedule (aware, Europe/Berlin)."""
    local_now = now.astimezone(BERLIN).replace(tzinfo=None)
    upcoming = []
    for occurrence in _occurrences(schedule, until=local_now + HORIZON):
        if occurrence >= local_now:
            upcoming.append(occurrence.replace(tzinfo=BERLIN))
            if len(upcoming) == count:
                break
    return upcoming


def schedule_has_upcoming_dates(schedule, *, now: datetime) -> bool:
    return bool(schedule_next_dates(schedule, now=now, count=1))


# --- A schedule as a calendar event -------------------------------------------------------


@dataclass(frozen=True)
class CalendarDates:
    """When a schedule's calendar event happens: its first date and the RRULE value for
    the dates after it ("" for a single date)."""

    first: date
    rule: str = ""


def schedule_calendar_dates(schedule, *, today: date | None = None) -> CalendarDates | None:
    """The first date and RRULE of a dated schedule's event; None without a date, for a
    rule we cannot read, and once all its dates lie before ``today`` (default: today in
    Europe/Berlin).

    DTSTART is the first real date (on or after ``valid_from``), so it never lies outside
    the rule; a series that is still running keeps its past dates. The rule ends at the
    earlier of its own UNTIL and ``valid_to``: as UNTIL (in UTC for timed events, a date for
    all-day ones), or as COUNT when its dates run out before that end — RFC 5545 allows
    only one of the two."""
    if schedule.dtstart is None:
        return None
    today = today or timezone.localdate()
    if not _has_dates_from(schedule, today):
        return None  # ended, or a rule we cannot read (it has no dates for us)
    if not schedule.rrule:
        return CalendarDates(first=schedule.dtstart)
    parts = rrule_parts(schedule.rrule)
    start = _start(schedule)
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    end = _parse_until(parts.pop("UNTIL")) if "UNTIL" in parts else None
    if schedule.valid_to:
        valid_end = datetime.combine(schedule.valid_to, time(23, 59, 59))
        end = min(end, valid_end) if end else valid_end
    rule = _join(parts)

    earliest = start
    if schedule.valid_from:
        earliest = max(start, datetime.combine(schedule.valid_from, time(0)))
    search_end = earliest + HORIZON if end is None else min(end, earliest + HORIZON)
    first, skipped = None, 0
    for index, occurrence in enumerate(rrulestr(rule, dtstart=start).replace(until=search_end)):
        if count is not None and index >= count:
            break
        if occurrence >= earliest:
            first, skipped = occurrence, index
            break
    if first is None:
        return None

    if count is not None and (end is None or _count_ends_first(rule, start, count, end)):
        parts["COUNT"] = str(count - skipped)
    elif end is not None:
        if schedule.opens_at is not None:
            parts["UNTIL"] = f"{end.replace(tzinfo=BERLIN).astimezone(UTC):%Y%m%dT%H%M%SZ}"
        else:
            parts["UNTIL"] = f"{end:%Y%m%d}"
    return CalendarDates(first=first.date(), rule=_join(parts))


def _has_dates_from(schedule, day: date) -> bool:
    """Whether the schedule has a date on ``day`` or later (looking ``HORIZON`` ahead);
    never for a rule we cannot read."""
    since = datetime.combine(day, time(0))
    return any(occurrence >= since for occurrence in _occurrences(schedule, until=since + HORIZON))


def _count_ends_first(rule: str, start: datetime, count: int, end: datetime) -> bool:
    """Whether all ``count`` dates of the rule lie before ``end``."""
    dates = rrulestr(rule, dtstart=start).replace(until=end)
    return sum(1 for _date in islice(dates, count)) == count


def location_text(location) -> str:
    """A place as one line: name, street, postcode and town."""
    return ", ".join(
        part
        for part in (
            location.name,
            location.street,
            f"{location.postal_code} {location.municipality.name}".strip(),
        )
        if part
    )


@dataclass
class CalendarEvent:
    """One VEVENT. ``start``/``end`` are Berlin wall times (a ``date`` for all-day)."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    rrule: str = ""
    location: str = ""
    geo: tuple[Decimal, Decimal] | None = None
    description: str = ""
    url: str = ""
    last_modified: datetime | None = None


def schedule_event(
    schedule,
    *,
    offer,
    location,
    title: str,
    summary: str,
    url: str,
    today: date | None = None,
) -> CalendarEvent | None:
    """The calendar event of a dated schedule of ``offer`` at ``location``, or None if it
    has none (no date, ended, or a rule we cannot read: ``schedule_calendar_dates``).
    SUMMARY is the offer's ``title``; DESCRIPTION its ``summary``, the schedule's note and
    ``url`` as paragraphs. The UID is the schedule's id in the API, the same in the detail
    page's file and in the feed."""
    dates = schedule_calendar_dates(schedule, today=today)
    if dates is None:
        return None
    if schedule.opens_at is not None:
        start = datetime.combine(dates.first, schedule.opens_at)
        end = None
        if schedule.closes_at is not None and schedule.closes_at > schedule.opens_at:
            end = datetime.combine(dates.first, schedule.closes_at)
    else:
        start, end = dates.first, dates.first + timedelta(days=1)
    geo = None
    if location.latitude is not None and location.longitude is not None:
        geo = (location.latitude, location.longitude)
    return CalendarEvent(
        uid=resource_id(Kind.SCHEDULE, schedule.pk),
        summary=title,
        start=start,
        end=end,
        rrule=dates.rule,
        location=location_text(location),
        geo=geo,
        description="\n\n".join(part for part in (summary, schedule.description, url) if part),
        url=url,
        last_modified=offer.modified_at,
    )


# --- iCalendar text ----------------------------------------------------------------------

PRODID = "-//KIM Portal Maerkischer Kreis//Angebote//DE"

VTIMEZONE_BERLIN = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "X-LIC-LOCATION:Europe/Berlin",
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
]


def escape_text(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks
    escaped; other control characters, which TEXT may not hold, dropped (tab stays)."""
    text = (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(char for char in text if char == "\t" or (char >= " " and char != "\x7f"))


# A unit folding never splits: an escape such as "\," or one character.
_FOLD_UNITS = re.compile(r"\\.|.", re.DOTALL)


def fold_line(line: str) -> str:
    """Fold a content line into parts of at most 75 octets (UTF-8); continuation lines
    start with a space (RFC 5545 3.1). Never inside a character, nor — for lenient
    readers — inside an escape."""
    chunks, current, size = [], "", 0
    for unit in _FOLD_UNITS.findall(line):
        width = len(unit.encode())
        limit = 75 if not chunks else 74  # the leading space of a continuation counts
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += unit
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _utc_stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _date_value(name: str, value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{name};TZID=Europe/Berlin:{value:%Y%m%dT%H%M%S}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}"]
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{_utc_stamp(event.last_modified)}")
    lines.append(_date_value("DTSTART", event.start))
    if event.end is not None:
        lines.append(_date_value("DTEND", event.end))
    if event.rrule:
        lines.append(f"RRULE:{event.rrule}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.geo is not None:
        latitude, longitude = event.geo
        lines.append(f"GEO:{float(latitude):.5f};{float(longitude):.5f}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def calendar_text(
    events: list[CalendarEvent], *, name: str, now: datetime, refresh_interval: str = ""
) -> str:
    """A complete VCALENDAR with the Berlin VTIMEZONE, CRLF line ends, folded lines.
    ``refresh_interval``: how often subscribers should reload (an RFC 5545 duration such
    as ``PT12H``; for feeds, RFC 7986)."""
    stamp = _utc_stamp(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    if refresh_interval:
        lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{refresh_interval}")
    lines += VTIMEZONE_BERLIN
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def calendar_text_with_properties(
    events: list[tuple[CalendarEvent, list[str]]],
    *,
    name: str,
    now: datetime,
    prodid: str = PRODID,
    refresh_interval: str = "",
) -> str:
    """``calendar_text`` for callers that need more than ``CalendarEvent`` holds: each
    event comes with extra content lines, written before its END:VEVENT (already escaped
    by the caller, e.g. ``"STATUS:CANCELLED"``), and the PRODID is the caller's. Same
    VTIMEZONE, CRLF line ends and folding."""
    stamp = _utc_stamp(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    if refresh_interval:
        lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{refresh_interval}")
    lines += VTIMEZONE_BERLIN
    for event, extra in events:
        event_lines = _event_lines(event, stamp)
        lines += event_lines[:-1] + list(extra) + event_lines[-1:]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
