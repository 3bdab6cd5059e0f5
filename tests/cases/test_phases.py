"""The DGCC phase cycle: forward one step, back with a reason, close from anywhere with a
closure reason, reopen with a reason — each step recorded as a CasePhaseChange."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from cases.choices import ClosureReason, IntakeDecision, Phase
from cases.selectors import phase_changes_for_case
from cases.services import (
    ConsentRequiredError,
    case_close,
    case_intake_decide,
    case_open,
    case_reopen,
    case_transition,
)
from cases.states import PHASE_ORDER, StepKind, phase_step_check, phase_step_kind
from tests.cases.factories import CaseFactory, ClientFactory, ConsentFactory, case_manager

# --- The rules as pure functions ---------------------------------------------------------


@pytest.mark.parametrize(("from_phase", "to_phase"), list(itertools.pairwise(PHASE_ORDER)))
def test_one_step_forward_is_allowed_without_reason(from_phase, to_phase):
    assert phase_step_check(from_phase=from_phase, to_phase=to_phase) == StepKind.FORWARD


@pytest.mark.parametrize(
    ("from_phase", "to_phase"),
    [
        (Phase.INTAKE, Phase.PLANNING),
        (Phase.ASSESSMENT, Phase.MONITORING),
        (Phase.PLANNING, Phase.EVALUATION),
        (Phase.MONITORING, Phase.MONITORING),
    ],
)
def test_skipping_phases_or_staying_is_refused(from_phase, to_phase):
    with pytest.raises(ValidationError) as error:
        phase_step_check(from_phase=from_phase, to_phase=to_phase)

    assert error.value.error_dict["to_phase"][0].code == "transition_not_allowed"


def test_a_step_back_needs_a_reason():
    with pytest.raises(ValidationError) as error:
        phase_step_check(from_phase=Phase.MONITORING, to_phase=Phase.ASSESSMENT, reason=" ")

    assert error.value.error_dict["reason"][0].code == "reason_required"


def test_a_step_back_with_a_reason_is_allowed():
    kind = phase_step_check(
        from_phase=Phase.MONITORING, to_phase=Phase.ASSESSMENT, reason="Neue Lage"
    )

    assert kind == StepKind.BACK


@pytest.mark.parametrize("phase", PHASE_ORDER)
def test_closing_is_possible_from_every_phase_but_not_by_transition(phase):
    assert phase_step_kind(from_phase=phase, to_phase=Phase.CLOSED) == StepKind.CLOSE
    with pytest.raises(ValidationError) as error:
        phase_step_check(from_phase=phase, to_phase=Phase.CLOSED)
    assert error.value.error_dict["to_phase"][0].code == "use_case_close"


def test_reopening_is_not_a_transition():
    with pytest.raises(ValidationError) as error:
        phase_step_check(from_phase=Phase.CLOSED, to_phase=Phase.MONITORING, reason="x")

    assert error.value.error_dict["to_phase"][0].code == "use_case_reopen"


# --- The services --------------------------------------------------------------------------


@pytest.fixture
def manager(db):
    return case_manager()


@pytest.fixture
def case(manager):
    case = CaseFactory(case_manager=manager, taken_on=True)
    ConsentFactory(case=case)
    return case


def _history(case, user):
    return [
        (c.from_phase, c.to_phase, c.reason) for c in phase_changes_for_case(user=user, case=case)
    ]


def test_opening_a_case_records_the_start_in_intake(manager, db):
    client = ClientFactory(created_by=manager)

    case = case_open(client=client, case_manager=manager, by=manager, complex_needs=True)

    assert case.phase == Phase.INTAKE
    assert _history(case, manager) == [("", Phase.INTAKE, "")]


def test_a_second_open_case_for_the_same_client_is_refused(manager):
    existing = CaseFactory(case_manager=manager)

    with pytest.raises(ValidationError):
        case_open(client=existing.client, case_manager=manager, by=manager)


def test_forward_step_is_recorded_with_who_and_when(case, manager):
    change = case_transition(case=case, to_phase=Phase.ASSESSMENT, by=manager)

    assert case.phase == Phase.ASSESSMENT
    assert (change.from_phase, change.to_phase, change.changed_by) == (
        Phase.INTAKE,
        Phase.ASSESSMENT,
        manager,
    )
    assert change.changed_at is not None


def test_leaving_intake_needs_the_decision_taken_on(manager):
    case = CaseFactory(case_manager=manager)
    ConsentFactory(case=case)

    with pytest.raises(ValidationError) as error:
        case_transition(case=case, to_phase=Phase.ASSESSMENT, by=manager)

    assert error.value.code == "not_taken_on"


def test_leaving_intake_needs_consent_to_case_management(manager):
    case = CaseFactory(case_manager=manager, taken_on=True)

    with pytest.raises(ConsentRequiredError):
        case_transition(case=case, to_phase=Phase.ASSESSMENT, by=manager)


def test_skipping_a_phase_is_refused_and_nothing_recorded(case, manager):
    with pytest.raises(ValidationError):
        case_transition(case=case, to_phase=Phase.PLANNING, by=manager)

    case.refresh_from_db()
    assert case.phase == Phase.INTAKE
    assert len(_history(case, manager)) == 0


def test_step_back_is_recorded_with_its_reason(manager):
    case = CaseFactory(case_manager=manager, phase=Phase.MONITORING)

    case_transition(case=case, to_phase=Phase.ASSESSMENT, by=manager, reason="Neue Lage")

    assert _history(case, manager) == [(Phase.MONITORING, Phase.ASSESSMENT, "Neue Lage")]


def test_closing_from_any_phase_records_the_closure_reason(manager):
    case = CaseFactory(case_manager=manager, phase=Phase.PLANNING)

    change = case_close(case=case, closure_reason=ClosureReason.MOVED_AWAY, by=manager)

    case.refresh_from_db()
    assert (case.phase, case.closure_reason) == (Phase.CLOSED, ClosureReason.MOVED_AWAY)
    assert case.closed_on is not None
    assert (change.from_phase, change.closure_reason) == (Phase.PLANNING, "moved_away")


def test_closing_needs_a_valid_closure_reason(manager):
    case = CaseFactory(case_manager=manager)

    with pytest.raises(ValidationError):
        case_close(case=case, closure_reason="", by=manager)


def test_reopening_needs_a_reason_and_returns_to_the_phase_closed_from(manager):
    case = CaseFactory(case_manager=manager, phase=Phase.MONITORING)
    case_close(case=case, closure_reason=ClosureReason.NO_CONTACT, by=manager)

    with pytest.raises(ValidationError):
        case_reopen(case=case, reason="", by=manager)
    case_reopen(case=case, reason="Meldet sich wieder", by=manager)

    case.refresh_from_db()
    assert (case.phase, case.closed_on, case.closure_reason) == (Phase.MONITORING, None, "")
    assert _history(case, manager)[-1] == (Phase.CLOSED, Phase.MONITORING, "Meldet sich wieder")


def test_reopening_is_refused_while_the_client_has_another_open_case(manager):
    case = CaseFactory(case_manager=manager)
    case_close(case=case, closure_reason=ClosureReason.OTHER, by=manager)
    case_open(client=case.client, case_manager=manager, by=manager)

    with pytest.raises(ValidationError) as error:
        case_reopen(case=case, reason="Versehen", by=manager)

    assert error.value.code == "open_case_exists"


def test_intake_decision_not_taken_on_closes_the_case(manager):
    case = CaseFactory(case_manager=manager)

    case_intake_decide(
        case=case,
        decision=IntakeDecision.NOT_TAKEN_ON,
        reason="Bereits im Case Management des Jugendamts",
        by=manager,
    )

    case.refresh_from_db()
    assert (case.phase, case.closure_reason) == (Phase.CLOSED, ClosureReason.NOT_TAKEN_ON)


def test_intake_decision_needs_a_reason(manager):
    case = CaseFactory(case_manager=manager)

    with pytest.raises(ValidationError) as error:
        case_intake_decide(case=case, decision=IntakeDecision.TAKEN_ON, reason="", by=manager)

    assert "intake_decision_reason" in error.value.error_dict
