"""The private calendar token: short and random, stored as a digest, revocable; its last
use is recorded at most once an hour."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kim_portal.models import Role
from steering.models import CalendarToken, calendar_token_digest
from steering.selectors import calendar_token_user, meetings_for_calendar_token
from steering.services import (
    calendar_token_issue,
    calendar_token_mark_used,
    calendar_token_revoke,
)
from tests.factories import UserFactory

from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

USED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def member_and_meeting():
    meeting = MeetingFactory()
    return MembershipFactory(body=meeting.body).user, meeting


def test_only_the_digest_is_stored(member_and_meeting):
    member, _meeting = member_and_meeting

    token = calendar_token_issue(user=member)

    row = CalendarToken.objects.get(user=member)
    assert row.token_digest == calendar_token_digest(token)
    assert token not in row.token_digest
    assert len(token) == 22


def test_the_token_gives_the_members_meetings(member_and_meeting):
    member, meeting = member_and_meeting
    MeetingFactory()  # another body's

    token = calendar_token_issue(user=member)

    assert list(meetings_for_calendar_token(token)) == [meeting]


def test_a_revoked_token_gives_nothing(member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)

    assert calendar_token_revoke(user=member) is True

    assert calendar_token_user(token) is None
    assert not meetings_for_calendar_token(token).exists()


def test_a_new_token_revokes_the_old(member_and_meeting):
    member, _meeting = member_and_meeting
    old = calendar_token_issue(user=member)

    new = calendar_token_issue(user=member)

    assert (calendar_token_user(old), calendar_token_user(new)) == (None, member)


def test_a_token_stops_working_when_the_person_leaves_the_steering_area(member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)

    member.groups.clear()

    assert not meetings_for_calendar_token(token).exists()


def test_unknown_tokens_give_nothing():
    assert not meetings_for_calendar_token("nicht-vorhanden").exists()


def test_case_managers_get_no_token():
    with pytest.raises(PermissionDenied):
        calendar_token_issue(user=UserFactory(roles=[Role.CASE_MANAGER]))


# --- Last use ------------------------------------------------------------------------------


def _feed(client, token):
    return client.get(reverse("steering_api:calendar_feed", kwargs={"token": token}))


def _last_used(member):
    return CalendarToken.objects.get(user=member, revoked_at=None).last_used_at


def test_fetching_the_feed_records_the_last_use(client, member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)

    with time_machine.travel(USED_AT, tick=False):
        assert _feed(client, token).status_code == 200

    assert _last_used(member) == USED_AT


def test_the_last_use_is_written_at_most_once_an_hour(client, member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)
    with time_machine.travel(USED_AT, tick=False):
        _feed(client, token)

    with time_machine.travel(USED_AT + timedelta(minutes=59), tick=False):
        assert calendar_token_mark_used(token=token) is False
    assert _last_used(member) == USED_AT

    with time_machine.travel(USED_AT + timedelta(minutes=61), tick=False):
        assert calendar_token_mark_used(token=token) is True
    assert _last_used(member) == USED_AT + timedelta(minutes=61)


def test_a_use_leaves_the_rows_modified_time_alone(member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)
    before = CalendarToken.objects.get(user=member).modified

    calendar_token_mark_used(token=token)

    assert CalendarToken.objects.get(user=member).modified == before


def test_the_oparl_api_records_the_last_use_too(client, member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)

    with time_machine.travel(USED_AT, tick=False):
        response = client.get(
            reverse("steering_api:oparl_system"), HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    assert response.status_code == 200
    assert _last_used(member) == USED_AT


def test_a_revoked_or_unknown_token_records_nothing(client, member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)
    calendar_token_revoke(user=member)

    assert _feed(client, token).status_code == 404
    assert calendar_token_mark_used(token="nicht-vorhanden") is False
    assert CalendarToken.objects.get(user=member).last_used_at is None


def test_the_token_page_shows_the_last_use_in_berlin_time(client, member_and_meeting):
    member, _meeting = member_and_meeting
    token = calendar_token_issue(user=member)
    client.force_login(member)
    never = client.get(reverse("steering:calendar_token")).content.decode()
    with time_machine.travel(USED_AT, tick=False):
        _feed(client, token)

    page = client.get(reverse("steering:calendar_token")).content.decode()

    assert "Die Adresse wurde noch nie abgerufen." in never
    assert "Zuletzt von einem Kalender oder Programm abgerufen" in page
    assert "10:30" in page  # 09:30 UTC in March is 10:30 in Berlin
