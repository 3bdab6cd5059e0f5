"""The private calendar token: short and random, stored as a digest, revocable."""

import pytest
from django.core.exceptions import PermissionDenied

from kim_portal.models import Role
from steering.models import CalendarToken, calendar_token_digest
from steering.selectors import calendar_token_user, meetings_for_calendar_token
from steering.services import calendar_token_issue, calendar_token_revoke
from tests.factories import UserFactory

from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


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
