"""The iCalendar feed of an API search (/api/v1/services.ics)."""

from datetime import date, time

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.urls import reverse

from offers.ics import escape_text, fold_line
from tests.offers.factories import OfferFactory, OfferTranslationFactory, ScheduleFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/services.ics"


def feed(client, **params) -> str:
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


def unfolded_lines(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def events(text: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfolded_lines(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    return found


def dated_offer(title="Integrationskurs", town="Iserlohn", **schedule):
    offer = OfferFactory(title=title, towns=[town])
    ScheduleFactory(
        offer_location=offer.offer_locations.first(),
        **{
            "rrule": "FREQ=WEEKLY;BYDAY=MO,WE",
            "dtstart": date(2026, 1, 12),
            "opens_at": time(9),
            "closes_at": time(12, 30),
            **schedule,
        },
    )
    return offer


def test_feed_is_a_calendar_with_crlf_lines_of_at_most_75_octets(client):
    dated_offer(title="Ein sehr langer Titel für einen Kurs – " * 4)

    text = feed(client)

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin" in text


@time_machine.travel("2026-01-05 08:00 +01:00", tick=False)
def test_one_event_per_dated_schedule_with_rrule_in_berlin_time(client):
    dated_offer(valid_to=date(2026, 6, 30))

    [event] = events(feed(client))

    assert event["DTSTART;TZID=Europe/Berlin"] == "20260112T090000"
    assert event["DTEND;TZID=Europe/Berlin"] == "20260112T123000"
    # The last day, 23:59:59 in Berlin (summer time), in UTC as RFC 5545 requires.
    assert event["RRULE"] == "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z"
    assert event["SUMMARY"] == "Integrationskurs"
    rrulestr(event["RRULE"], ignoretz=True)


def test_opening_hours_without_a_date_are_not_events(client):
    offer = OfferFactory(towns=["Iserlohn"])
    ScheduleFactory(
        offer_location=offer.offer_locations.first(),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        opens_at=time(10),
        closes_at=time(12),
    )

    assert events(feed(client)) == []


@time_machine.travel("2026-01-05 08:00 +01:00", tick=False)
def test_single_date_without_times_is_an_all_day_event(client):
    dated_offer(rrule="", opens_at=None, closes_at=None, dtstart=date(2026, 5, 9))

    [event] = events(feed(client))

    assert event["DTSTART;VALUE=DATE"] == "20260509"
    assert event["DTEND;VALUE=DATE"] == "20260510"
    assert "RRULE" not in event


@pytest.mark.parametrize(
    "schedule",
    [
        {"rrule": "", "dtstart": date(2026, 6, 29)},
        {"valid_to": date(2026, 6, 30)},
        {"rrule": "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260630"},
        {"rrule": "FREQ=WEEKLY;BYDAY=MO;COUNT=4"},
    ],
    ids=["single date", "validity", "until", "count"],
)
def test_schedules_whose_dates_have_all_passed_are_left_out(client, schedule):
    with time_machine.travel("2026-07-01 08:00 +02:00", tick=False):
        dated_offer(**schedule)

        assert events(feed(client)) == []


def test_a_running_course_keeps_its_first_date(client):
    with time_machine.travel("2026-07-01 08:00 +02:00", tick=False):
        dated_offer(rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231")

        [event] = events(feed(client))

    assert event["DTSTART;TZID=Europe/Berlin"] == "20260112T090000"


def test_unreadable_rule_is_left_out(client):
    dated_offer(rrule="FREQ=SOMETIMES;BYDAY=XX")

    assert events(feed(client)) == []


def test_uid_is_stable_between_requests(client):
    dated_offer()

    assert events(feed(client))[0]["UID"] == events(feed(client))[0]["UID"]


def test_uid_is_the_same_as_in_the_detail_pages_calendar_file(client):
    offer = dated_offer()

    page_file = client.get(reverse("offers:ics", args=[offer.pk])).content.decode()

    assert events(feed(client))[0]["UID"] == events(page_file)[0]["UID"]


def test_text_is_escaped(client):
    dated_offer(title="Kurs; Deutsch, Alltag\\Beruf")

    text = feed(client)

    assert "SUMMARY:Kurs\\; Deutsch\\, Alltag\\\\Beruf" in unfolded_lines(text)


def test_filters_and_lang_apply_to_the_feed(client):
    wanted = dated_offer(title="In Altena", town="Altena")
    OfferTranslationFactory(offer=wanted, language="uk", title="В Альтені")
    dated_offer(title="In Hemer", town="Hemer")

    [event] = events(feed(client, municipality="Altena", lang="uk"))

    assert event["SUMMARY"] == "В Альтені"
    assert event["URL"].endswith(f"/uk/offers/{wanted.pk}/")


def test_feed_stops_at_the_event_limit(client, monkeypatch):
    monkeypatch.setattr("offers.api.MAX_EVENTS", 2)
    for _ in range(3):
        dated_offer()

    response = client.get(FEED)

    assert response.content.count(b"BEGIN:VEVENT") == 2
    assert "X-KIM-Truncated" in response


def test_feed_answers_304_to_its_etag(client):
    dated_offer()
    etag = client.get(FEED)["ETag"]

    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304


# --- the text helpers ------------------------------------------------------------------


def test_fold_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "دورة اللغة الألمانية " * 10

    folded = fold_line(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_escape_text_handles_line_breaks_and_control_characters():
    assert escape_text("a\r\nb\nc\x07d") == "a\\nb\\ncd"


def test_fold_keeps_escape_sequences_together():
    line = "LOCATION:" + "x" * 65 + "\\,y"

    folded = fold_line(line)

    assert all(not part.endswith("\\") for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
