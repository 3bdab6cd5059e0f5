"""Reminders through the engine: meeting invitations N days ahead with the agenda, action
items due soon and overdue — each exactly once, however often the scan runs."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from kim_portal.models import Reminder
from kim_portal.reminder_engine import reminders_dispatch
from steering.choices import ActionItemStatus, MeetingState
from steering.reminders import (
    ACTION_ITEM_DUE_SOON,
    ACTION_ITEM_OVERDUE,
    MEETING_INVITATION,
    steering_reminders_scan,
)
from steering.services import (
    action_item_progress_add,
    agenda_item_add,
    meeting_create,
    meeting_invite,
    meeting_update,
)
from steering.tasks import scan_steering_reminders

from .factories import ActionItemFactory, coordinator, seated_body

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def scan_at(moment: datetime) -> dict:
    with time_machine.travel(moment, tick=False):
        return steering_reminders_scan()


def reminders(kind: str):
    return Reminder.objects.filter(kind=kind)


# --- Action items ------------------------------------------------------------------------------


def test_due_soon_reminder_is_created_once_seven_days_ahead_at_eight_berlin():
    item = ActionItemFactory(due_date=date(2026, 4, 30))

    scan_at(utc(2026, 4, 23, 6, 15))
    scan_at(utc(2026, 4, 23, 6, 30))

    reminder = reminders(ACTION_ITEM_DUE_SOON).get()
    assert (reminder.recipient, reminder.due_at) == (item.owner, utc(2026, 4, 23, 6, 0))


def test_no_due_soon_reminder_before_its_time():
    ActionItemFactory(due_date=date(2026, 4, 30))

    scan_at(utc(2026, 4, 23, 5, 59))

    assert not reminders(ACTION_ITEM_DUE_SOON).exists()


def test_overdue_reminder_is_created_once_the_day_after_the_due_date():
    item = ActionItemFactory(due_date=date(2026, 4, 30))

    scan_at(utc(2026, 5, 1, 6, 5))
    scan_at(utc(2026, 5, 2, 6, 5))

    reminder = reminders(ACTION_ITEM_OVERDUE).get()
    assert (reminder.recipient, reminder.due_at) == (item.owner, utc(2026, 5, 1, 6, 0))


def test_each_action_item_reminder_is_emailed_exactly_once(mailoutbox):
    ActionItemFactory(due_date=date(2026, 4, 30))

    for moment in (utc(2026, 4, 23, 6, 15), utc(2026, 5, 1, 6, 15)):
        with time_machine.travel(moment, tick=False):
            for _ in range(2):
                steering_reminders_scan()
                reminders_dispatch()

    subjects = sorted(m.subject for m in mailoutbox)
    assert len(subjects) == 2
    assert "bald fällig" in subjects[0]
    assert "überfällig" in subjects[1]


def test_done_items_get_no_reminders():
    ActionItemFactory(due_date=date(2026, 4, 30), status=ActionItemStatus.DONE)

    scan_at(utc(2026, 5, 1, 6, 5))

    assert not Reminder.objects.exists()


def test_closing_an_item_drops_its_unsent_reminders():
    item = ActionItemFactory(due_date=date(2026, 4, 30))
    scan_at(utc(2026, 4, 23, 6, 15))

    action_item_progress_add(by=item.owner, action_item=item, status=ActionItemStatus.DONE)

    assert not reminders(ACTION_ITEM_DUE_SOON).exists()


def test_a_long_outage_does_not_flood_old_reminders():
    ActionItemFactory(due_date=date(2026, 1, 10))

    scan_at(utc(2026, 4, 1, 6, 5))

    assert not Reminder.objects.exists()


def test_the_beat_task_runs_the_scan():
    ActionItemFactory(due_date=date(2026, 4, 30))

    with time_machine.travel(utc(2026, 5, 1, 6, 5), tick=False):
        counts = scan_steering_reminders()

    assert counts == {"invitations": 0, "due_soon": 0, "overdue": 1}


# --- Invitations -------------------------------------------------------------------------------


def planned_meeting(invitation_days=14):
    office = coordinator()
    body, seats, secretariat = seated_body(voting=3)
    with time_machine.travel(utc(2026, 1, 5, 9, 0), tick=False):
        meeting = meeting_create(
            by=office,
            body=body,
            name="4. Sitzung der Lenkungsgruppe",
            start=utc(2026, 3, 10, 13, 0),
            end=utc(2026, 3, 10, 15, 0),
            location="Kreishaus Lüdenscheid",
            invitation_days=invitation_days,
        )
        agenda_item_add(by=office, meeting=meeting, title="Einrichtung AG Wohnen")
    return office, meeting, [*seats, secretariat]


def test_invitation_goes_to_every_member_n_days_ahead_once():
    office, meeting, seats = planned_meeting()
    with time_machine.travel(utc(2026, 1, 6, 9, 0), tick=False):
        meeting_invite(by=office, meeting=meeting)

    scan_at(utc(2026, 2, 24, 12, 0))  # 14 days ahead is 24 Feb, 14:00 Berlin
    scan_at(utc(2026, 2, 24, 13, 0))
    scan_at(utc(2026, 2, 25, 13, 0))

    sent = reminders(MEETING_INVITATION)
    assert {r.recipient_id for r in sent} == {s.user_id for s in seats}
    assert {r.due_at for r in sent} == {utc(2026, 2, 24, 13, 0)}
    assert sent.count() == len(seats)


def test_invitation_days_is_a_field_of_the_meeting():
    office, meeting, _seats = planned_meeting(invitation_days=7)
    with time_machine.travel(utc(2026, 1, 6, 9, 0), tick=False):
        meeting_invite(by=office, meeting=meeting)

    scan_at(utc(2026, 2, 24, 13, 0))

    assert not reminders(MEETING_INVITATION).exists()


def test_an_unreleased_meeting_sends_no_invitation():
    _office, meeting, _seats = planned_meeting()

    scan_at(utc(2026, 3, 1, 9, 0))

    assert meeting.state == MeetingState.PLANNED
    assert not reminders(MEETING_INVITATION).exists()


def test_a_late_release_invites_at_once_with_the_agenda(mailoutbox):
    office, meeting, seats = planned_meeting()

    with time_machine.travel(utc(2026, 3, 2, 9, 0), tick=False):
        meeting_invite(by=office, meeting=meeting)
        reminders_dispatch()

    assert len(mailoutbox) == len(seats)
    assert "TOP 1: Einrichtung AG Wohnen" in mailoutbox[0].body
    assert "10. März 2026, 14:00" in mailoutbox[0].body


def test_moving_a_meeting_invites_again_for_the_new_time():
    office, meeting, seats = planned_meeting()
    with time_machine.travel(utc(2026, 2, 25, 9, 0), tick=False):
        meeting_invite(by=office, meeting=meeting)
        reminders_dispatch()
    with time_machine.travel(utc(2026, 2, 26, 9, 0), tick=False):
        meeting_update(
            by=office,
            meeting=meeting,
            start=meeting.start + timedelta(days=1),
            end=meeting.end + timedelta(days=1),
        )

    assert reminders(MEETING_INVITATION).count() == 2 * len(seats)
