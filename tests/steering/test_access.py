"""Who sees and does what: coordinator, steering-group member, working-group member,
chair; case managers and provider editors see nothing and may do nothing. Every write is
audited with ids only."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kim_portal.models import AuditEvent, Role
from steering.choices import ActionItemStatus, MeetingState, MembershipRole
from steering.selectors import (
    action_items_tracker,
    bodies_visible_to,
    decisions_register,
    hurdles_visible_to,
    meeting_for_user,
    meetings_visible_to,
)
from steering.services import (
    action_item_progress_add,
    hurdle_create,
    meeting_create,
    membership_add,
)
from tests.factories import UserFactory

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    HurdleFactory,
    MeetingFactory,
    MembershipFactory,
    SteeringGroupFactory,
    WorkingGroupFactory,
    coordinator,
    steering_member,
)

pytestmark = pytest.mark.django_db

OUTSIDERS = [Role.CASE_MANAGER, Role.CASE_TEAM_LEAD, Role.PROVIDER_EDITOR]


@pytest.fixture
def area():
    """A steering group with one working group, a published meeting of each (with a
    decision and an action item), a hurdle, and the people around them."""
    steering = SteeringGroupFactory()
    group = WorkingGroupFactory(parent=steering)
    sg_member = MembershipFactory(body=steering).user
    wg_member = MembershipFactory(body=group).user
    sg_meeting = MeetingFactory(body=steering, state=MeetingState.PUBLISHED)
    wg_meeting = MeetingFactory(body=group, state=MeetingState.PUBLISHED)
    for meeting in (sg_meeting, wg_meeting):
        item = AgendaItemFactory(meeting=meeting)
        DecisionFactory(agenda_item=item)
        ActionItemFactory(agenda_item=item, owner=sg_member)
    HurdleFactory()
    return {
        "steering": steering,
        "group": group,
        "sg_member": sg_member,
        "wg_member": wg_member,
        "sg_meeting": sg_meeting,
        "wg_meeting": wg_meeting,
    }


def test_coordinator_sees_every_meeting(area):
    assert set(meetings_visible_to(user=coordinator())) == {area["sg_meeting"], area["wg_meeting"]}


def test_steering_group_member_sees_its_working_groups_meetings_too(area):
    assert set(meetings_visible_to(user=area["sg_member"])) == {
        area["sg_meeting"],
        area["wg_meeting"],
    }


def test_working_group_member_sees_only_the_groups_meetings(area):
    assert list(meetings_visible_to(user=area["wg_member"])) == [area["wg_meeting"]]


def test_working_group_member_gets_404_for_a_steering_group_meeting(area):
    with pytest.raises(Http404):
        meeting_for_user(user=area["wg_member"], pk=area["sg_meeting"].pk)


def test_a_former_member_does_not_see_later_meetings(area):
    leaver = MembershipFactory(body=area["steering"], end_date=date(2026, 1, 31)).user

    assert list(meetings_visible_to(user=leaver)) == []


def test_steering_role_without_a_seat_sees_no_meetings_but_the_hurdles(area):
    user = steering_member()

    assert list(meetings_visible_to(user=user)) == []
    assert hurdles_visible_to(user=user).count() == 1


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_see_nothing(area, role):
    user = UserFactory(roles=[role])

    assert not meetings_visible_to(user=user).exists()
    assert not bodies_visible_to(user=user).exists()
    assert not decisions_register(user=user).exists()
    assert not action_items_tracker(user=user).exists()
    assert not hurdles_visible_to(user=user).exists()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_with_a_seat_still_see_nothing(area, role):
    user = UserFactory(roles=[role])
    MembershipFactory(body=area["steering"], user=user)

    assert not meetings_visible_to(user=user).exists()


@pytest.mark.parametrize("role", [*OUTSIDERS, Role.STEERING_MEMBER, Role.STEERING_CHAIR])
def test_only_the_coordinator_manages_meetings_and_hurdles(area, role):
    user = UserFactory(roles=[role])

    with pytest.raises(PermissionDenied):
        meeting_create(
            by=user,
            body=area["steering"],
            name="Sitzung",
            start=area["sg_meeting"].start,
            end=area["sg_meeting"].end,
        )
    with pytest.raises(PermissionDenied):
        hurdle_create(by=user, title="x", domain="housing", description="y")


def test_memberships_need_a_steering_role(area):
    with pytest.raises(ValidationError, match="Rolle in der Lenkungsgruppe"):
        membership_add(
            by=coordinator(),
            body=area["steering"],
            user=UserFactory(roles=[Role.CASE_MANAGER]),
            start_date=date(2026, 1, 1),
        )


def test_decisions_of_unpublished_minutes_are_hidden_from_members(area):
    meeting = MeetingFactory(body=area["steering"], state=MeetingState.MINUTES_CIRCULATED)
    hidden = DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting))

    assert hidden not in decisions_register(user=area["sg_member"])


def test_reviewers_see_circulated_decisions(area):
    meeting = MeetingFactory(body=area["steering"], state=MeetingState.MINUTES_CIRCULATED)
    circulated = DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    deputy = MembershipFactory(body=area["steering"], role=MembershipRole.DEPUTY).user

    assert circulated in decisions_register(user=deputy)


def test_decision_register_filters_by_working_group(area):
    decisions = decisions_register(user=coordinator(), working_group=area["group"])

    assert {d.agenda_item.meeting for d in decisions} == {area["wg_meeting"]}


def test_action_tracker_filters_by_owner_status_and_overdue(area):
    owner = area["sg_member"]
    late = ActionItemFactory(
        agenda_item=AgendaItemFactory(meeting=area["sg_meeting"]),
        owner=owner,
        due_date=date(2026, 1, 1),
        status=ActionItemStatus.IN_PROGRESS,
    )

    overdue = action_items_tracker(
        user=coordinator(), owner=owner, overdue=True, today=date(2026, 2, 1)
    )

    assert list(overdue) == [late]
    assert action_items_tracker(user=owner, status=ActionItemStatus.IN_PROGRESS).count() == 1


def test_the_owner_sees_their_item_before_the_minutes_are_published():
    owner = steering_member()
    item = ActionItemFactory(
        owner=owner, agenda_item=AgendaItemFactory(meeting=MeetingFactory(state="minutes_draft"))
    )

    assert list(action_items_tracker(user=owner)) == [item]


def test_the_owner_records_progress(area):
    item = ActionItemFactory(owner=area["sg_member"])

    note = action_item_progress_add(
        by=area["sg_member"], action_item=item, text="Abfrage läuft", status="in_progress"
    )

    item.refresh_from_db()
    assert (item.status, note.author, note.status_from) == (
        ActionItemStatus.IN_PROGRESS,
        area["sg_member"],
        ActionItemStatus.OPEN,
    )


def test_another_member_may_not_record_progress(area):
    item = ActionItemFactory(owner=area["sg_member"])

    with pytest.raises(PermissionDenied):
        action_item_progress_add(by=area["wg_member"], action_item=item, text="Erledigt")


def test_the_owner_may_not_drop_an_item(area):
    item = ActionItemFactory(owner=area["sg_member"])

    with pytest.raises(PermissionDenied):
        action_item_progress_add(by=area["sg_member"], action_item=item, status="dropped")


def test_writes_are_audited_with_ids_only(area):
    office = coordinator()
    user = steering_member(display_name="Petra Beispiel")

    membership = membership_add(
        by=office, body=area["steering"], user=user, start_date=date(2026, 1, 1)
    )

    event = AuditEvent.objects.get(action="membership.add")
    assert (event.actor, event.object_id) == (office, str(membership.pk))
    assert event.details["user_id"] == user.pk
    assert "Beispiel" not in str(event.details)


def test_the_decision_register_costs_the_same_queries_for_more_rows(
    area, django_assert_num_queries
):
    user = area["sg_member"]
    with django_assert_num_queries(2):  # the role check, the register
        _bodies = [d.agenda_item.meeting.body for d in decisions_register(user=user)]
    for _ in range(3):
        DecisionFactory(agenda_item=AgendaItemFactory(meeting=area["sg_meeting"]))
    user = type(user).objects.get(pk=user.pk)

    with django_assert_num_queries(2):
        _bodies = [d.agenda_item.meeting.body for d in decisions_register(user=user)]
