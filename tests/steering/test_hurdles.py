"""The hurdle register: status flow with its rules, the timeline, and barrier reports seen
only as counts by domain, town and month."""

import dataclasses
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.choices import LifeDomain
from kim_portal.models import Municipality, Role
from steering.choices import DecisionOutcome, HurdleEventKind, HurdleStatus
from steering.selectors import barrier_report_aggregates, hurdle_source_counts, hurdle_timeline
from steering.services import (
    hurdle_create,
    hurdle_link_action_item,
    hurdle_link_decision,
    hurdle_transition,
)
from tests.factories import UserFactory

from .factories import (
    ActionItemFactory,
    BarrierReportFactory,
    DecisionFactory,
    WorkingGroupFactory,
    coordinator,
    steering_member,
)

pytestmark = pytest.mark.django_db


def town(name):
    return Municipality.objects.get(name=name)


def new_hurdle(office, **kwargs):
    return hurdle_create(
        by=office,
        title="Keine Wohnungen für Geduldete",
        domain=LifeDomain.HOUSING,
        description="Vermieter lehnen Menschen mit Duldung ab.",
        municipalities=[town("Iserlohn"), town("Hemer")],
        **kwargs,
    )


def test_a_hurdle_runs_from_identified_to_resolved_with_a_timeline():
    office = coordinator()
    hurdle = new_hurdle(office)
    group = WorkingGroupFactory()
    decision = DecisionFactory()

    hurdle_transition(
        by=office, hurdle=hurdle, to_status=HurdleStatus.IN_WORKING_GROUP, working_group=group
    )
    hurdle_transition(
        by=office, hurdle=hurdle, to_status=HurdleStatus.MEASURE_DECIDED, decision=decision
    )
    hurdle_transition(by=office, hurdle=hurdle, to_status=HurdleStatus.RESOLVED)

    timeline = [
        (e.kind, e.to_status) for e in hurdle_timeline(user=steering_member(), hurdle=hurdle)
    ]
    assert timeline == [
        (HurdleEventKind.CREATED, HurdleStatus.IDENTIFIED),
        (HurdleEventKind.STATUS_CHANGED, HurdleStatus.IN_WORKING_GROUP),
        (HurdleEventKind.DECISION_LINKED, ""),
        (HurdleEventKind.STATUS_CHANGED, HurdleStatus.MEASURE_DECIDED),
        (HurdleEventKind.STATUS_CHANGED, HurdleStatus.RESOLVED),
    ]


def test_handing_to_a_working_group_needs_the_group():
    hurdle = new_hurdle(coordinator())

    with pytest.raises(ValidationError) as error:
        hurdle_transition(by=coordinator(), hurdle=hurdle, to_status=HurdleStatus.IN_WORKING_GROUP)

    assert error.value.error_dict["working_group"][0].code == "working_group_required"


def test_a_measure_is_decided_only_with_an_adopted_decision():
    hurdle = new_hurdle(coordinator())

    with pytest.raises(ValidationError) as error:
        hurdle_transition(
            by=coordinator(),
            hurdle=hurdle,
            to_status=HurdleStatus.MEASURE_DECIDED,
            decision=DecisionFactory(
                outcome=DecisionOutcome.DEFERRED,
                votes_for=None,
                votes_against=None,
                votes_abstain=None,
            ),
        )

    assert error.value.error_dict["decision"][0].code == "decision_not_adopted"


def test_a_hurdle_cannot_jump_to_resolved():
    hurdle = new_hurdle(coordinator())

    with pytest.raises(ValidationError):
        hurdle_transition(by=coordinator(), hurdle=hurdle, to_status=HurdleStatus.RESOLVED)


def test_reopening_needs_a_note():
    office = coordinator()
    hurdle = new_hurdle(office)
    hurdle_transition(by=office, hurdle=hurdle, to_status=HurdleStatus.NOT_RESOLVABLE)

    with pytest.raises(ValidationError) as error:
        hurdle_transition(by=office, hurdle=hurdle, to_status=HurdleStatus.IDENTIFIED)

    assert error.value.error_dict["note"][0].code == "note_required"


def test_decisions_and_action_items_are_linked_once():
    office = coordinator()
    hurdle = new_hurdle(office)
    decision, item = DecisionFactory(), ActionItemFactory()

    for _ in range(2):
        hurdle_link_decision(by=office, hurdle=hurdle, decision=decision)
        hurdle_link_action_item(by=office, hurdle=hurdle, action_item=item)

    assert (hurdle.decisions.count(), hurdle.action_items.count()) == (1, 1)
    assert hurdle.events.count() == 3


def test_barrier_report_aggregates_count_by_domain_town_and_month():
    BarrierReportFactory.create_batch(2, municipality=town("Iserlohn"), month=date(2026, 2, 1))
    BarrierReportFactory(municipality=town("Hemer"), month=date(2026, 2, 1))
    BarrierReportFactory(municipality=town("Iserlohn"), month=date(2026, 1, 1))
    BarrierReportFactory(domain=LifeDomain.LANGUAGE)

    rows = barrier_report_aggregates(user=steering_member(), domain=LifeDomain.HOUSING)

    assert [(r.municipality_name, r.month, r.count) for r in rows] == [
        ("Hemer", date(2026, 2, 1), 1),
        ("Iserlohn", date(2026, 2, 1), 2),
        ("Iserlohn", date(2026, 1, 1), 1),
    ]


def test_barrier_report_aggregates_filter_by_month():
    BarrierReportFactory(month=date(2026, 1, 1))
    BarrierReportFactory(month=date(2026, 3, 1))

    rows = barrier_report_aggregates(user=steering_member(), since=date(2026, 2, 15))

    assert [r.month for r in rows] == [date(2026, 3, 1)]


def test_barrier_report_aggregates_hold_counts_only():
    BarrierReportFactory(text="Familie Beispiel aus Iserlohn findet keine Wohnung.")

    (row,) = barrier_report_aggregates(user=steering_member())

    assert {f.name for f in dataclasses.fields(row)} == {
        "domain",
        "municipality_id",
        "municipality_name",
        "month",
        "count",
    }
    assert "Beispiel" not in repr(row)


def test_a_hurdles_sources_are_shown_as_counts():
    reports = BarrierReportFactory.create_batch(3)
    hurdle = new_hurdle(coordinator(), source_reports=reports)

    (row,) = hurdle_source_counts(user=steering_member(), hurdle=hurdle)

    assert row.count == 3


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROVIDER_EDITOR, Role.CASE_TEAM_LEAD])
def test_outside_the_steering_area_there_are_no_aggregates(role):
    BarrierReportFactory()

    assert barrier_report_aggregates(user=UserFactory(roles=[role])) == []
