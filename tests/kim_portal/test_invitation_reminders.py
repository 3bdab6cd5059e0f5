"""An invitation still open seven days (Berlin wall clock) after it was sent reminds the
person who sent it — once."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from kim_portal.models import Reminder
from kim_portal.reminder_engine import berlin_due_at, reminders_dispatch, reminders_produce
from kim_portal.reminders import INVITATION_NOT_ACCEPTED
from kim_portal.services import invitation_accept, invitation_create
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def inviter(db):
    return UserFactory(is_staff=True, is_superuser=True, email="admin@example.org")


@pytest.fixture
def invite(inviter, django_capture_on_commit_callbacks, time_machine):
    """invite(at=…) sends an invitation at that moment; returns (invitation, token)."""

    def _invite(*, at: datetime):
        time_machine.move_to(at, tick=False)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            invitation = invitation_create(
                email="neu@example.org",
                role="case_manager",
                organisation=OrganisationFactory(),
                invited_by=inviter,
            )
        token = mail.outbox[-1].body.split("/accounts/invitation/")[1].split("/")[0]
        mail.outbox.clear()
        assert callbacks  # the invitation email went out after commit
        return invitation, token

    return _invite


def _reminders_for(invitation):
    return Reminder.objects.filter(kind=INVITATION_NOT_ACCEPTED, target_id=str(invitation.pk))


# --- berlin_due_at ------------------------------------------------------------------------


def test_due_time_across_spring_forward_keeps_the_berlin_wall_clock():
    created = datetime(2026, 3, 25, 10, 0, tzinfo=BERLIN)  # CET, UTC+1

    due = berlin_due_at(created, days=7)

    assert due == datetime(2026, 4, 1, 8, 0, tzinfo=UTC)  # 10:00 CEST


def test_due_time_across_fall_back_keeps_the_berlin_wall_clock():
    created = datetime(2026, 10, 21, 10, 0, tzinfo=BERLIN)  # CEST, UTC+2

    due = berlin_due_at(created, days=7)

    assert due == datetime(2026, 10, 28, 9, 0, tzinfo=UTC)  # 10:00 CET


def test_due_time_at_a_fixed_local_time_is_returned_in_utc():
    due = berlin_due_at(datetime(2026, 7, 1, 15, 30, tzinfo=UTC), days=1, at=time(8, 0))

    assert due == datetime(2026, 7, 2, 6, 0, tzinfo=UTC)


# --- the producer ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_reminder_before_seven_days(inviter, invite, time_machine):
    created = datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)
    invitation, _ = invite(at=created)

    time_machine.move_to(created + timedelta(days=7, seconds=-1), tick=False)
    reminders_dispatch()

    assert not _reminders_for(invitation).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_unaccepted_invitation_reminds_the_inviter_once_after_seven_days(
    inviter, invite, time_machine
):
    created = datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)
    invitation, _ = invite(at=created)

    time_machine.move_to(created + timedelta(days=7), tick=False)
    reminders_dispatch()
    time_machine.move_to(created + timedelta(days=7, hours=1), tick=False)
    reminders_dispatch()
    time_machine.move_to(created + timedelta(days=8), tick=False)
    reminders_dispatch()

    reminder = _reminders_for(invitation).get()
    assert reminder.recipient == inviter
    assert [message.to for message in mail.outbox] == [[inviter.email]]
    assert "neu@example.org" in mail.outbox[0].subject


@pytest.mark.django_db
def test_accepted_invitation_reminds_nobody(inviter, invite, time_machine):
    created = datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)
    invitation, token = invite(at=created)
    time_machine.move_to(created + timedelta(days=2), tick=False)
    invitation_accept(token=token, password=PASSWORD, display_name="Neue Person")

    time_machine.move_to(created + timedelta(days=7, hours=1), tick=False)
    reminders_dispatch()

    assert not _reminders_for(invitation).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_reminder_waiting_for_a_retry_is_dropped_when_the_invitation_is_accepted(
    inviter, invite, time_machine
):
    created = datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)
    invitation, token = invite(at=created)
    time_machine.move_to(created + timedelta(days=7), tick=False)
    reminders_produce(created + timedelta(days=7))  # created, email not yet sent
    assert _reminders_for(invitation).exists()

    invitation_accept(token=token, password=PASSWORD, display_name="Neue Person")
    reminders_dispatch()

    assert not _reminders_for(invitation).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_invitation_sent_before_spring_forward_is_due_at_the_same_berlin_hour(
    inviter, invite, time_machine
):
    invitation, _ = invite(at=datetime(2026, 3, 25, 10, 0, tzinfo=BERLIN))

    time_machine.move_to(datetime(2026, 4, 1, 7, 59, tzinfo=UTC), tick=False)
    reminders_dispatch()
    before = _reminders_for(invitation).count()
    time_machine.move_to(datetime(2026, 4, 1, 8, 0, tzinfo=UTC), tick=False)
    reminders_dispatch()

    assert before == 0
    assert _reminders_for(invitation).get().due_at == datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    assert len(mail.outbox) == 1
