"""The meeting and minutes state machines; minutes immutable after the chair's approval;
corrections as new versions with a reason; only the chair approves."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from steering.choices import (
    AttendanceStatus,
    DecisionOutcome,
    MeetingState,
    MinutesVersionState,
)
from steering.models import Decision, MinutesVersion
from steering.services import (
    action_item_create,
    agenda_item_add,
    agenda_item_minutes_set,
    attendance_set,
    decision_record,
    decision_update,
    meeting_cancel,
    meeting_create,
    meeting_hold,
    meeting_invite,
    minutes_approve,
    minutes_circulate,
    minutes_correction_approve,
    minutes_correction_propose,
    minutes_publish,
    minutes_return_to_draft,
    minutes_start,
)
from steering.states import MEETING_STEPS, meeting_step_allowed

from .factories import (
    MeetingFactory,
    WorkingGroupFactory,
    coordinator,
    meeting_with_minutes,
    seated_body,
    steering_member,
)

pytestmark = pytest.mark.django_db

BEFORE = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
AFTER = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)


def adopted(item):
    return decision_record(
        by=coordinator(),
        agenda_item=item,
        resolution="Die AG Wohnen wird eingerichtet.",
        outcome=DecisionOutcome.ADOPTED,
        votes_for=5,
        votes_against=0,
        votes_abstain=0,
    )


def approved_meeting():
    meeting, item, seats = meeting_with_minutes(state=MeetingState.MINUTES_CIRCULATED)
    agenda_item_minutes_set(by=coordinator(), agenda_item=item, discussion="Breite Zustimmung.")
    decision = adopted(item)
    minutes_approve(by=seats[0].user, meeting=meeting)
    return meeting, item, seats, decision


def test_a_meeting_runs_through_every_state_to_published():
    office = coordinator()
    body, seats, _secretariat = seated_body()
    with time_machine.travel(BEFORE, tick=False):
        meeting = meeting_create(
            by=office,
            body=body,
            name="3. Sitzung",
            start=datetime(2026, 3, 10, 13, 0, tzinfo=UTC),
            end=datetime(2026, 3, 10, 15, 0, tzinfo=UTC),
            location="Kreishaus Lüdenscheid",
        )
        agenda_item_add(by=office, meeting=meeting, title="Bericht der Koordination")
        meeting_invite(by=office, meeting=meeting)
    with time_machine.travel(AFTER, tick=False):
        meeting_hold(by=office, meeting=meeting)
        minutes_start(by=office, meeting=meeting)
        minutes_circulate(by=office, meeting=meeting)
        minutes_approve(by=seats[0].user, meeting=meeting)
        minutes_publish(by=office, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PUBLISHED


def test_a_meeting_cannot_skip_a_state():
    meeting = MeetingFactory(state=MeetingState.INVITED)

    with pytest.raises(ValidationError) as error:
        minutes_start(by=coordinator(), meeting=meeting)

    assert error.value.error_dict["state"][0].code == "transition_not_allowed"


def test_published_and_cancelled_meetings_are_final():
    assert MEETING_STEPS[MeetingState.PUBLISHED] == frozenset()
    assert MEETING_STEPS[MeetingState.CANCELLED] == frozenset()


def test_held_meetings_cannot_be_cancelled():
    assert not meeting_step_allowed(from_state=MeetingState.HELD, to_state=MeetingState.CANCELLED)


def test_an_invitation_needs_an_agenda():
    meeting = MeetingFactory()

    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError) as error:
        meeting_invite(by=coordinator(), meeting=meeting)

    assert error.value.error_dict["meeting"][0].code == "agenda_missing"


def test_a_meeting_is_held_only_once_it_has_begun():
    meeting = MeetingFactory(state=MeetingState.INVITED)

    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError):
        meeting_hold(by=coordinator(), meeting=meeting)


def test_cancelling_an_invited_meeting():
    meeting = MeetingFactory(state=MeetingState.INVITED)

    meeting_cancel(by=coordinator(), meeting=meeting)

    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancelled_at is not None) == (MeetingState.CANCELLED, True)


def test_naive_datetimes_are_refused():
    body, _seats, _secretariat = seated_body()

    with pytest.raises(ValidationError):
        meeting_create(
            by=coordinator(),
            body=body,
            name="Sitzung",
            start=datetime(2026, 3, 10, 14, 0),  # noqa: DTZ001
            end=datetime(2026, 3, 10, 16, 0, tzinfo=UTC),
        )


def test_minutes_versions_follow_the_meeting():
    meeting, _item, seats = meeting_with_minutes()
    office = coordinator()

    minutes_circulate(by=office, meeting=meeting)
    minutes_return_to_draft(by=office, meeting=meeting)
    minutes_circulate(by=office, meeting=meeting)
    version = minutes_approve(by=seats[0].user, meeting=meeting)

    assert (version.number, version.state) == (1, MinutesVersionState.APPROVED)


def test_approval_freezes_the_minutes_content():
    _meeting, _item, seats, decision = approved_meeting()

    version = MinutesVersion.objects.get(number=1)
    item = version.content["agenda_items"][0]
    assert item["discussion"] == "Breite Zustimmung."
    assert item["decisions"][0]["id"] == decision.pk
    assert version.approved_by == seats[0].user


def test_the_chair_of_the_body_approves():
    meeting, _item, seats = meeting_with_minutes(state=MeetingState.MINUTES_CIRCULATED)

    minutes_approve(by=seats[0].user, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_APPROVED


def test_the_working_group_chair_approves_its_minutes():
    group = WorkingGroupFactory()
    chair = steering_member()  # no steering_chair role: the seat makes the chair
    _body, seats, _secretariat = seated_body(voting=2, body=group, chair=chair)
    meeting, _item, _seats = meeting_with_minutes(
        state=MeetingState.MINUTES_CIRCULATED, body=group, seats=seats, present=2
    )

    minutes_approve(by=chair, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_APPROVED


@pytest.mark.parametrize("who", ["coordinator", "member"])
def test_only_the_chair_approves_minutes(who):
    meeting, _item, seats = meeting_with_minutes(state=MeetingState.MINUTES_CIRCULATED)
    user = coordinator() if who == "coordinator" else seats[1].user

    with pytest.raises(PermissionDenied):
        minutes_approve(by=user, meeting=meeting)


def test_draft_minutes_cannot_be_approved_before_circulation():
    meeting, _item, seats = meeting_with_minutes(state=MeetingState.MINUTES_DRAFT)

    with pytest.raises(ValidationError):
        minutes_approve(by=seats[0].user, meeting=meeting)


def test_after_approval_the_discussion_is_immutable():
    _meeting, item, _seats, _decision = approved_meeting()

    with pytest.raises(ValidationError) as error:
        agenda_item_minutes_set(by=coordinator(), agenda_item=item, discussion="Anders.")

    assert error.value.error_dict["meeting"][0].code == "minutes_final"


def test_after_approval_decisions_are_immutable():
    _meeting, _item, _seats, decision = approved_meeting()

    with pytest.raises(ValidationError):
        decision_update(by=coordinator(), decision=decision, resolution="Anders.")


def test_after_approval_attendance_is_immutable():
    meeting, _item, seats, _decision = approved_meeting()

    with pytest.raises(ValidationError):
        attendance_set(
            by=coordinator(), meeting=meeting, membership=seats[1], status=AttendanceStatus.ABSENT
        )


def test_after_approval_no_action_items_are_added():
    _meeting, item, seats, _decision = approved_meeting()

    with pytest.raises(ValidationError):
        action_item_create(
            by=coordinator(),
            agenda_item=item,
            title="Nachtrag",
            owner=seats[1].user,
            due_date=datetime(2026, 5, 1, tzinfo=UTC).date(),
        )


def test_a_correction_is_a_new_version_and_keeps_the_old_one():
    meeting, item, seats, decision = approved_meeting()

    version = minutes_correction_propose(
        by=coordinator(),
        meeting=meeting,
        reason="Tippfehler im Beschlusstext",
        discussions={item.pk: "Breite Zustimmung aller Anwesenden."},
        decisions={decision.pk: {"resolution": "Die AG Wohnen wird eingesetzt."}},
    )
    minutes_correction_approve(by=seats[0].user, version=version)

    first, second = MinutesVersion.objects.filter(meeting=meeting).order_by("number")
    assert first.content["agenda_items"][0]["decisions"][0]["resolution"] == (
        "Die AG Wohnen wird eingerichtet."
    )
    assert second.content["agenda_items"][0]["decisions"][0]["resolution"] == (
        "Die AG Wohnen wird eingesetzt."
    )
    assert (second.number, second.reason) == (2, "Tippfehler im Beschlusstext")


def test_a_proposed_correction_changes_nothing_until_approved():
    meeting, _item, _seats, decision = approved_meeting()

    minutes_correction_propose(
        by=coordinator(),
        meeting=meeting,
        reason="Stimmen falsch gezählt",
        decisions={decision.pk: {"votes_for": 4, "votes_abstain": 1}},
    )

    assert Decision.objects.get(pk=decision.pk).votes_for == 5


def test_a_correction_needs_a_reason():
    meeting, item, _seats, _decision = approved_meeting()

    with pytest.raises(ValidationError) as error:
        minutes_correction_propose(
            by=coordinator(), meeting=meeting, reason=" ", discussions={item.pk: "Neu."}
        )

    assert error.value.error_dict["reason"][0].code == "required"


def test_a_correction_must_still_satisfy_the_vote_rules():
    meeting, _item, _seats, decision = approved_meeting()

    with pytest.raises(ValidationError):
        minutes_correction_propose(
            by=coordinator(),
            meeting=meeting,
            reason="Stimmen",
            decisions={decision.pk: {"votes_against": 3}},
        )


def test_only_the_chair_approves_a_correction():
    meeting, item, seats, _decision = approved_meeting()
    version = minutes_correction_propose(
        by=coordinator(), meeting=meeting, reason="Ergänzung", discussions={item.pk: "Neu."}
    )

    with pytest.raises(PermissionDenied):
        minutes_correction_approve(by=seats[1].user, version=version)
