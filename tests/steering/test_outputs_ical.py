"""The private calendar feed: parsed back with ``icalendar``."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from steering.choices import MeetingState
from steering.services import calendar_token_issue, calendar_token_revoke

from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def member_seat():
    return MembershipFactory()


def _feed(client, token):
    return client.get(reverse("steering_api:calendar_feed", kwargs={"token": token}))


def _events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_times_are_berlin_wall_times_across_the_dst_change(client, member_seat):
    # 29 March 2026 is the change to summer time: 14:00 stays 14:00 in Berlin.
    MeetingFactory(
        body=member_seat.body,
        name="Vor der Umstellung",
        start=datetime(2026, 3, 20, 13, tzinfo=UTC),
    )
    MeetingFactory(
        body=member_seat.body,
        name="Nach der Umstellung",
        start=datetime(2026, 4, 2, 12, tzinfo=UTC),
    )
    token = calendar_token_issue(user=member_seat.user)

    events = _events(_feed(client, token))

    before, after = events["Vor der Umstellung"], events["Nach der Umstellung"]
    assert (before["DTSTART"].dt.hour, after["DTSTART"].dt.hour) == (14, 14)
    assert str(before["DTSTART"].dt.tzinfo) == str(after["DTEND"].dt.tzinfo) == "Europe/Berlin"
    assert before["DTSTART"].dt.astimezone(UTC) == datetime(2026, 3, 20, 13, tzinfo=UTC)
    assert after["DTSTART"].dt.astimezone(UTC) == datetime(2026, 4, 2, 12, tzinfo=UTC)
    assert after["DTEND"].dt - after["DTSTART"].dt == timedelta(hours=2)


def test_the_feed_has_a_berlin_vtimezone_and_crlf_lines(client, member_seat):
    MeetingFactory(body=member_seat.body)
    token = calendar_token_issue(user=member_seat.user)

    response = _feed(client, token)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert response.content.count(b"\r\n") == response.content.count(b"\n")


def test_place_and_video_link_are_in_the_event(client, member_seat):
    MeetingFactory(
        body=member_seat.body,
        name="Sitzung mit Video",
        location="Kreishaus Lüdenscheid, Raum 201",
        video_url="https://video.example.org/lg-kim",
    )
    token = calendar_token_issue(user=member_seat.user)

    event = _events(_feed(client, token))["Sitzung mit Video"]

    assert str(event["LOCATION"]) == "Kreishaus Lüdenscheid, Raum 201"
    assert "https://video.example.org/lg-kim" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == "https://video.example.org/lg-kim"


def test_uids_stay_the_same_when_a_meeting_changes(client, member_seat):
    meeting = MeetingFactory(body=member_seat.body, name="Alter Titel")
    token = calendar_token_issue(user=member_seat.user)
    first = _events(_feed(client, token))["Alter Titel"]["UID"]

    meeting.name = "Neuer Titel"
    meeting.save()

    assert _events(_feed(client, token))["Neuer Titel"]["UID"] == first


def test_a_cancelled_meeting_is_marked_cancelled(client, member_seat):
    MeetingFactory(body=member_seat.body, name="Fällt aus", state=MeetingState.CANCELLED)
    token = calendar_token_issue(user=member_seat.user)

    events = Calendar.from_ical(_feed(client, token).content).walk("VEVENT")

    assert [str(event["STATUS"]) for event in events] == ["CANCELLED"]


def test_other_bodies_meetings_are_not_in_the_feed(client, member_seat):
    MeetingFactory(body=member_seat.body, name="Eigene Sitzung")
    MeetingFactory(name="Fremde Sitzung")
    token = calendar_token_issue(user=member_seat.user)

    assert list(_events(_feed(client, token))) == ["Eigene Sitzung"]


def test_the_feed_is_private_and_needs_no_session(client, member_seat):
    token = calendar_token_issue(user=member_seat.user)

    response = _feed(client, token)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private"


def test_a_revoked_token_gives_404(client, member_seat):
    token = calendar_token_issue(user=member_seat.user)
    calendar_token_revoke(user=member_seat.user)

    assert _feed(client, token).status_code == 404


def test_an_unknown_token_gives_404(client):
    assert _feed(client, "nicht-vorhanden").status_code == 404
