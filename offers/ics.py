"""Course dates: reading a schedule's RRULE (its next dates) and writing iCalendar
(RFC 5545) files for "add to calendar".

Times in ``Schedule`` are Europe/Berlin wall-clock times; the calendar file carries them
with ``TZID=Europe/Berlin`` and a VTIMEZONE, so calendar apps keep 18:00 at 18:00 across
daylight-saving changes. UNTIL is written in UTC, as RFC 5545 requires for such events.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

BERLIN = ZoneInfo("Europe/Berlin")
# Course schedules repeat by day, week, month or year; finer rules are not course dates.
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
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
    if parts.get("FREQ") not in FREQUENCIES:
        return None
    try:
        rrulestr(_join(parts), dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 -- validation only
        if "COUNT" in parts:
            int(parts["COUNT"])
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


# --- iCalendar ---------------------------------------------------------------------------

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


@dataclass
class CalendarEvent:
    """One VEVENT. ``start``/``end`` are Berlin wall times (a ``date`` for all-day)."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    rrule: str = ""
    location: str = ""
    description: str = ""
    url: str = ""


def escape_text(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line into parts of at most 75 octets (UTF-8), never inside a
    character; continuation lines start with a space (RFC 5545 3.1)."""
    chunks, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = 75 if not chunks else 74  # the leading space of a continuation counts
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _date_value(name: str, value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{name};TZID=Europe/Berlin:{value:%Y%m%dT%H%M%S}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def schedule_event(schedule, *, uid: str, summary: str, location: str, description: str, url: str):
    """The calendar event of a dated schedule, or None if it has no readable dates."""
    if schedule.dtstart is None:
        return None
    timed = schedule.opens_at is not None
    rule = ""
    first = schedule.dtstart
    if schedule.rrule:
        parts = rrule_parts(schedule.rrule)
        if parts is None:
            return None
        if "COUNT" not in parts:
            end = _parse_until(parts.pop("UNTIL")) if "UNTIL" in parts else None
            if schedule.valid_to:
                valid_end = datetime.combine(schedule.valid_to, time(23, 59, 59))
                end = min(end, valid_end) if end else valid_end
            if end is not None:
                if timed:
                    utc = end.replace(tzinfo=BERLIN).astimezone(UTC)
                    parts["UNTIL"] = f"{utc:%Y%m%dT%H%M%SZ}"
                else:
                    parts["UNTIL"] = f"{end:%Y%m%d}"
            # The first date on or after the validity start is the event's DTSTART.
            if schedule.valid_from and schedule.valid_from > schedule.dtstart:
                horizon = datetime.combine(schedule.valid_from, time(0)) + HORIZON
                first_occurrence = next(_occurrences(schedule, until=horizon), None)
                if first_occurrence is None:
                    return None
                first = first_occurrence.date()
        rule = _join(parts)
    if timed:
        start = datetime.combine(first, schedule.opens_at)
        end = None
        if schedule.closes_at and schedule.closes_at > schedule.opens_at:
            end = datetime.combine(first, schedule.closes_at)
    else:
        start, end = first, first + timedelta(days=1)
    return CalendarEvent(
        uid=uid,
        summary=summary,
        start=start,
        end=end,
        rrule=rule,
        location=location,
        description=description,
        url=url,
    )


def calendar_text(events: list[CalendarEvent], *, name: str, now: datetime) -> str:
    """A complete VCALENDAR with the Berlin VTIMEZONE, CRLF line ends, folded lines."""
    stamp = f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//KIM Portal Maerkischer Kreis//Angebote//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
        *VTIMEZONE_BERLIN,
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            _date_value("DTSTART", event.start),
        ]
        if event.end is not None:
            lines.append(_date_value("DTEND", event.end))
        if event.rrule:
            lines.append(f"RRULE:{event.rrule}")
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
