"""Add to calendar: a valid iCalendar file for dated offers (Europe/Berlin times, RRULE,
UNTIL in UTC, escaping, line folding), 404 otherwise; next dates of a schedule. The file
and the API feed leave out the same schedules (ended ones, unreadable rules).

The courses here run in the first half of 2026; the tests take place at its start, unless
they say otherwise."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.urls import reverse
from django.utils import translation

from offers.api_serializers import Kind, resource_id
from offers.ics import (
    CalendarDates,
    escape_text,
    fold_line,
    rrule_parts,
    schedule_calendar_dates,
    schedule_next_dates,
)
from offers.models import Schedule
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    OfferLocationFactory,
    OfferTranslationFactory,
    ScheduleFactory,
    municipality,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _early_in_2026():
    with time_machine.travel("2026-01-05 08:00 +01:00", tick=False):
        yield


def ics_url(offer, language="de"):
    with translation.override(language):
        return reverse("offers:ics", args=[offer.pk])


def unfold(text: str) -> list[str]:
    """Content lines of an iCalendar text (RFC 5545 unfolding)."""
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")


def properties(lines: list[str], name: str) -> list[str]:
    """The property ``name`` in the events (not in the time zone definition)."""
    start = lines.index("BEGIN:VEVENT") if "BEGIN:VEVENT" in lines else 0
    return [line for line in lines[start:] if line.split(":")[0].split(";")[0] == name]


@pytest.fixture
def course(db):
    offer = OfferFactory(
        title="Deutschkurs; Anfänger, Stufe A1", summary="Montags und mittwochs\nin der VHS"
    )
    location = LocationFactory(
        organisation=offer.organisation,
        name="VHS Iserlohn",
        street="Theodor-Heuss-Ring 24",
        postal_code="58636",
        municipality=municipality("Iserlohn"),
    )
    ScheduleFactory(
        offer_location=OfferLocationFactory(offer=offer, location=location),
        rrule="FREQ=WEEKLY;BYDAY=MO,WE",
        dtstart=date(2026, 3, 2),
        opens_at=time(18, 0),
        closes_at=time(19, 30),
        valid_to=date(2026, 6, 30),
    )
    return offer


def test_calendar_file_is_valid_icalendar(client, course):
    response = client.get(ics_url(course))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.endswith("\r\n")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    assert lines[1] == "VERSION:2.0"
    assert lines[2].startswith("PRODID:")
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert "BEGIN:VTIMEZONE" in lines
    assert "TZID:Europe/Berlin" in lines
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_event_has_berlin_times_rule_and_until_in_utc(client, course):
    lines = unfold(client.get(ics_url(course)).content.decode())

    assert "DTSTART;TZID=Europe/Berlin:20260302T180000" in lines
    assert "DTEND;TZID=Europe/Berlin:20260302T193000" in lines
    # 30 June 23:59:59 in Berlin (summer time, UTC+2) is 21:59:59 UTC.
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z" in lines
    schedule = Schedule.objects.get(offer_location__offer=course)
    assert properties(lines, "UID") == [f"UID:{resource_id(Kind.SCHEDULE, schedule.pk)}"]
    assert properties(lines, "DTSTAMP")[0].endswith("Z")


def test_rule_in_file_yields_the_course_dates(client, course):
    lines = unfold(client.get(ics_url(course)).content.decode())
    rule = properties(lines, "RRULE")[0]

    dates = list(rrulestr(rule, dtstart=datetime(2026, 3, 2, 18, 0, tzinfo=BERLIN), ignoretz=False))

    assert dates[0] == datetime(2026, 3, 2, 18, 0, tzinfo=BERLIN)
    assert dates[1] == datetime(2026, 3, 4, 18, 0, tzinfo=BERLIN)
    assert dates[-1].date() == date(2026, 6, 29)


def test_text_values_are_escaped(client, course):
    lines = unfold(client.get(ics_url(course)).content.decode())

    assert "SUMMARY:Deutschkurs\\; Anfänger\\, Stufe A1" in lines
    assert properties(lines, "DESCRIPTION")[0].startswith(
        "DESCRIPTION:Montags und mittwochs\\nin der VHS\\n\\n"
    )
    assert "LOCATION:VHS Iserlohn\\, Theodor-Heuss-Ring 24\\, 58636 Iserlohn" in lines


def test_calendar_is_in_the_readers_language(client, course):
    OfferTranslationFactory(offer=course, language="en", title="German course A1")

    lines = unfold(client.get(ics_url(course, "en")).content.decode())

    assert "SUMMARY:German course A1" in lines


def test_single_date_without_times_is_an_all_day_event(client, db):
    offer = OfferFactory()
    ScheduleFactory(offer_location=OfferLocationFactory(offer=offer), dtstart=date(2026, 5, 9))

    lines = unfold(client.get(ics_url(offer)).content.decode())

    assert "DTSTART;VALUE=DATE:20260509" in lines
    assert "DTEND;VALUE=DATE:20260510" in lines
    assert not properties(lines, "RRULE")


def test_rule_with_count_keeps_count_and_gets_no_until(client, db):
    offer = OfferFactory()
    ScheduleFactory(
        offer_location=OfferLocationFactory(offer=offer),
        dtstart=date(2026, 5, 4),
        rrule="RRULE:FREQ=WEEKLY;COUNT=10",
        opens_at=time(9),
        valid_to=date(2026, 12, 31),
    )

    lines = unfold(client.get(ics_url(offer)).content.decode())

    assert "RRULE:FREQ=WEEKLY;COUNT=10" in lines


def test_offer_without_dated_schedule_has_no_calendar_file(client, db):
    offer = OfferFactory(towns=["Hemer"])
    ScheduleFactory(
        offer_location=offer.offer_locations.get(), rrule="FREQ=WEEKLY;BYDAY=TU", opens_at=time(9)
    )

    assert client.get(ics_url(offer)).status_code == 404


def test_unreadable_rule_gives_no_calendar_file_and_no_error(client, db):
    offer = OfferFactory()
    ScheduleFactory(
        offer_location=OfferLocationFactory(offer=offer),
        dtstart=date(2026, 5, 4),
        rrule="FREQ=SOMETIMES;BYDAY=XX",
    )

    assert client.get(ics_url(offer)).status_code == 404
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 200


def test_calendar_file_of_a_course_that_has_ended_is_not_found(client, course):
    with time_machine.travel("2026-07-01 08:00 +02:00", tick=False):
        response = client.get(ics_url(course))

    assert response.status_code == 404


def test_calendar_file_leaves_out_the_schedules_that_have_ended(client, course):
    ScheduleFactory(
        offer_location=course.offer_locations.get(), dtstart=date(2026, 9, 7), opens_at=time(10)
    )

    with time_machine.travel("2026-07-01 08:00 +02:00", tick=False):
        lines = unfold(client.get(ics_url(course)).content.decode())

    assert properties(lines, "DTSTART") == ["DTSTART;TZID=Europe/Berlin:20260907T100000"]


def test_calendar_file_and_feed_hold_the_same_events(client, db):
    offer = OfferFactory(towns=["Iserlohn"])
    link = offer.offer_locations.get()
    running = ScheduleFactory(
        offer_location=link, rrule="FREQ=WEEKLY;BYDAY=MO", dtstart=date(2026, 1, 12)
    )
    coming = ScheduleFactory(offer_location=link, dtstart=date(2026, 9, 7))
    for ended in (
        {"dtstart": date(2026, 3, 2)},
        {"rrule": "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260630", "dtstart": date(2026, 1, 12)},
        {"rrule": "FREQ=WEEKLY;BYDAY=MO;COUNT=4", "dtstart": date(2026, 1, 12)},
        {
            "rrule": "FREQ=WEEKLY;BYDAY=MO",
            "dtstart": date(2026, 1, 12),
            "valid_to": date(2026, 6, 1),
        },
        {"rrule": "FREQ=SOMETIMES;BYDAY=XX", "dtstart": date(2026, 9, 7)},
    ):
        ScheduleFactory(offer_location=link, **ended)

    with time_machine.travel("2026-07-01 08:00 +02:00", tick=False):
        page_file = unfold(client.get(ics_url(offer)).content.decode())
        feed = unfold(client.get("/api/v1/services.ics").content.decode())

    expected = {f"UID:{resource_id(Kind.SCHEDULE, s.pk)}" for s in (running, coming)}
    assert set(properties(page_file, "UID")) == expected
    assert set(properties(feed, "UID")) == expected


# --- Units -------------------------------------------------------------------------------


def test_fold_line_never_splits_a_character():
    line = "SUMMARY:" + "ä" * 100

    folded = fold_line(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_escape_text():
    assert escape_text("a\\b;c,d\r\ne") == "a\\\\b\\;c\\,d\\ne"


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "FREQ=SECONDLY",
        "FREQ=WEEKLY;BYDAY=XY",
        "FREQ",
        "FREQ=WEEKLY;COUNT=abc",
        "FREQ=WEEKLY;COUNT=0",
        "FREQ=DAILY;BYHOUR=9,18",
        "FREQ=YEARLY;BYEASTER=0",
        "FREQ=WEEKLY;BYDAY=MO\r\nX-INJECTED:1",
        "garbage",
    ],
)
def test_rules_we_cannot_read(rule):
    assert rrule_parts(rule) is None


def test_next_dates_respect_validity_and_skip_the_past(db):
    schedule = Schedule(
        rrule="FREQ=WEEKLY;BYDAY=TU",
        dtstart=date(2026, 1, 6),
        opens_at=time(10),
        valid_from=date(2026, 2, 1),
        valid_to=date(2026, 2, 20),
    )

    early = schedule_next_dates(schedule, now=datetime(2026, 1, 1, tzinfo=BERLIN))
    late = schedule_next_dates(schedule, now=datetime(2026, 2, 12, tzinfo=BERLIN))

    assert [d.date() for d in early] == [date(2026, 2, 3), date(2026, 2, 10), date(2026, 2, 17)]
    assert [d.date() for d in late] == [date(2026, 2, 17)]
    assert early[0].tzinfo == BERLIN
    assert early[0].hour == 10


def test_rule_that_never_occurs_ends_quickly():
    schedule = Schedule(rrule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", dtstart=date(2026, 1, 1))

    assert schedule_next_dates(schedule, now=datetime(2026, 1, 1, tzinfo=BERLIN)) == []


def test_count_is_counted_from_the_first_date():
    schedule = Schedule(rrule="FREQ=WEEKLY;COUNT=3", dtstart=date(2026, 1, 5), opens_at=time(9))

    dates = schedule_next_dates(schedule, now=datetime(2026, 1, 13, tzinfo=BERLIN))

    assert [d.date() for d in dates] == [date(2026, 1, 19)]


def test_calendar_event_starts_on_the_rules_first_date():
    # 6 January 2026 is a Tuesday; the course meets on Mondays.
    schedule = Schedule(rrule="FREQ=WEEKLY;BYDAY=MO", dtstart=date(2026, 1, 6), opens_at=time(9))

    assert schedule_calendar_dates(schedule) == CalendarDates(
        first=date(2026, 1, 12), rule="FREQ=WEEKLY;BYDAY=MO"
    )


def test_calendar_count_leaves_out_the_dates_before_the_validity_start():
    # Tuesdays from 6 January; four of the six dates lie before 1 February.
    schedule = Schedule(
        rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        dtstart=date(2026, 1, 6),
        opens_at=time(9),
        valid_from=date(2026, 2, 1),
    )

    assert schedule_calendar_dates(schedule) == CalendarDates(
        first=date(2026, 2, 3), rule="FREQ=WEEKLY;BYDAY=TU;COUNT=2"
    )


def test_calendar_count_that_outlasts_the_validity_end_becomes_until():
    schedule = Schedule(
        rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=20",
        dtstart=date(2026, 1, 6),
        opens_at=time(9),
        valid_to=date(2026, 2, 20),
    )

    # 20 February 23:59:59 in Berlin (winter time, UTC+1) is 22:59:59 UTC.
    assert schedule_calendar_dates(schedule).rule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260220T225959Z"


def test_calendar_dates_end_with_the_last_date():
    schedule = Schedule(rrule="FREQ=WEEKLY;COUNT=3", dtstart=date(2026, 1, 5), opens_at=time(9))

    assert schedule_calendar_dates(schedule, today=date(2026, 1, 19)) is not None
    assert schedule_calendar_dates(schedule, today=date(2026, 1, 20)) is None


def test_calendar_dates_of_an_unreadable_rule_are_none():
    schedule = Schedule(rrule="FREQ=SOMETIMES", dtstart=date(2026, 9, 7))

    assert schedule_calendar_dates(schedule, today=date(2026, 1, 1)) is None


def test_calendar_rule_never_has_both_count_and_until():
    schedule = Schedule(rrule="FREQ=WEEKLY;COUNT=3;UNTIL=20261231", dtstart=date(2026, 1, 6))

    assert schedule_calendar_dates(schedule).rule == "FREQ=WEEKLY;COUNT=3"
