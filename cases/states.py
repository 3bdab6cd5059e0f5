"""The allowed steps of a case's phase and of a referral's status, as pure functions.

Phases (DGCC cycle): a case moves **forward one phase at a time**; it may go **back to any
earlier phase** with a reason (e.g. a new assessment during monitoring); it is **closed
from any phase** with a closure reason (``case_close``, never ``case_transition``); a closed
case is **reopened** with a reason (``case_reopen``). The services in ``cases.services``
apply these rules and record every step as a ``CasePhaseChange``.
"""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import Phase, ReferralStatus

# The working phases in cycle order; CLOSED is reached only by closing.
PHASE_ORDER: tuple[Phase, ...] = (
    Phase.INTAKE,
    Phase.ASSESSMENT,
    Phase.PLANNING,
    Phase.LINKING,
    Phase.MONITORING,
    Phase.EVALUATION,
)


class StepKind(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    CLOSE = "close"
    REOPEN = "reopen"


def phase_step_kind(*, from_phase: str, to_phase: str) -> StepKind | None:
    """What kind of step ``from_phase → to_phase`` is, or None if it is not allowed."""
    if from_phase == to_phase:
        return None
    if to_phase == Phase.CLOSED:
        return StepKind.CLOSE
    if from_phase == Phase.CLOSED:
        return StepKind.REOPEN if to_phase in PHASE_ORDER else None
    if from_phase not in PHASE_ORDER or to_phase not in PHASE_ORDER:
        return None
    distance = PHASE_ORDER.index(to_phase) - PHASE_ORDER.index(from_phase)
    if distance == 1:
        return StepKind.FORWARD
    if distance < 0:
        return StepKind.BACK
    return None


def phase_next(phase: str) -> Phase | None:
    """The phase one step forward, or None from evaluation (next is closing) and closed."""
    if phase not in PHASE_ORDER or phase == PHASE_ORDER[-1]:
        return None
    return PHASE_ORDER[PHASE_ORDER.index(phase) + 1]


def phase_step_check(*, from_phase: str, to_phase: str, reason: str = "") -> StepKind:
    """The kind of an allowed ``case_transition`` step; ValidationError (field ``to_phase``
    or ``reason``) when the step is not allowed or lacks its reason. Closing and reopening
    are refused here: they have services of their own with their own required data."""
    kind = phase_step_kind(from_phase=from_phase, to_phase=to_phase)
    if kind is None:
        raise ValidationError(
            {
                "to_phase": ValidationError(
                    _("Von „%(from)s“ kann der Fall nicht zu „%(to)s“ wechseln."),
                    code="transition_not_allowed",
                    params={"from": _phase_label(from_phase), "to": _phase_label(to_phase)},
                )
            }
        )
    if kind == StepKind.CLOSE:
        raise ValidationError(
            {
                "to_phase": ValidationError(
                    _("Ein Fall wird mit einem Abschlussgrund abgeschlossen, nicht per Wechsel."),
                    code="use_case_close",
                )
            }
        )
    if kind == StepKind.REOPEN:
        raise ValidationError(
            {
                "to_phase": ValidationError(
                    _("Ein abgeschlossener Fall wird mit Begründung wieder eröffnet."),
                    code="use_case_reopen",
                )
            }
        )
    if kind == StepKind.BACK and not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Ein Schritt zurück braucht eine Begründung."), code="reason_required"
                )
            }
        )
    return kind


def _phase_label(value: str) -> str:
    try:
        return Phase(value).label
    except ValueError:
        return value


REFERRAL_STEPS: dict[str, frozenset[str]] = {
    ReferralStatus.PROPOSED: frozenset({ReferralStatus.CONTACTED, ReferralStatus.DROPPED}),
    ReferralStatus.CONTACTED: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.WAITING, ReferralStatus.DROPPED}
    ),
    ReferralStatus.WAITING: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.STARTED, ReferralStatus.DROPPED}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.STARTED, ReferralStatus.DROPPED}),
    ReferralStatus.STARTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.DROPPED}),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.DROPPED: frozenset(),
}


def referral_step_allowed(*, from_status: str, to_status: str) -> bool:
    """proposed → contacted → accepted | waiting → started → completed; waiting may turn
    into accepted; any open referral may be dropped."""
    return to_status in REFERRAL_STEPS.get(from_status, frozenset())
