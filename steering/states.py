"""The allowed steps of a meeting, of a minutes version and of a hurdle, as pure data and
functions. The services in ``steering.services`` apply them (and add who may take a step).

Meeting: planned → invited → held → minutes_draft → minutes_circulated → minutes_approved
→ published; planned and invited meetings may be cancelled; circulated minutes may go back
to draft for rework. Approving needs the chair (``minutes_approve``); publishing makes the
approved minutes visible to every reader of the steering area.

Minutes version: draft → circulated → approved (a correction of approved minutes is a new
version: draft → approved by the chair).

Hurdle: identified → in_working_group | measure_decided | not_resolvable;
in_working_group → measure_decided | not_resolvable; measure_decided → resolved |
not_resolvable | in_working_group (the measure failed); resolved and not_resolvable may be
reopened (→ identified) with a note.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import HurdleStatus, MeetingState, MinutesVersionState

MEETING_STEPS: dict[str, frozenset[str]] = {
    MeetingState.PLANNED: frozenset({MeetingState.INVITED, MeetingState.CANCELLED}),
    MeetingState.INVITED: frozenset({MeetingState.HELD, MeetingState.CANCELLED}),
    MeetingState.HELD: frozenset({MeetingState.MINUTES_DRAFT}),
    MeetingState.MINUTES_DRAFT: frozenset({MeetingState.MINUTES_CIRCULATED}),
    MeetingState.MINUTES_CIRCULATED: frozenset(
        {MeetingState.MINUTES_APPROVED, MeetingState.MINUTES_DRAFT}
    ),
    MeetingState.MINUTES_APPROVED: frozenset({MeetingState.PUBLISHED}),
    MeetingState.PUBLISHED: frozenset(),
    MeetingState.CANCELLED: frozenset(),
}

# States in which the minutes (discussion, attendance, decisions, action-item assignments)
# may still be written.
MINUTES_EDITABLE_STATES = frozenset(
    {MeetingState.HELD, MeetingState.MINUTES_DRAFT, MeetingState.MINUTES_CIRCULATED}
)
# States in which the agenda may change.
AGENDA_EDITABLE_STATES = frozenset({MeetingState.PLANNED, MeetingState.INVITED})
# States after the chair's approval: the minutes are immutable.
MINUTES_FINAL_STATES = frozenset({MeetingState.MINUTES_APPROVED, MeetingState.PUBLISHED})

MINUTES_VERSION_STEPS: dict[str, frozenset[str]] = {
    MinutesVersionState.DRAFT: frozenset(
        {MinutesVersionState.CIRCULATED, MinutesVersionState.APPROVED}
    ),
    MinutesVersionState.CIRCULATED: frozenset(
        {MinutesVersionState.APPROVED, MinutesVersionState.DRAFT}
    ),
    MinutesVersionState.APPROVED: frozenset(),
}

HURDLE_STEPS: dict[str, frozenset[str]] = {
    HurdleStatus.IDENTIFIED: frozenset(
        {HurdleStatus.IN_WORKING_GROUP, HurdleStatus.MEASURE_DECIDED, HurdleStatus.NOT_RESOLVABLE}
    ),
    HurdleStatus.IN_WORKING_GROUP: frozenset(
        {HurdleStatus.MEASURE_DECIDED, HurdleStatus.NOT_RESOLVABLE}
    ),
    HurdleStatus.MEASURE_DECIDED: frozenset(
        {HurdleStatus.RESOLVED, HurdleStatus.NOT_RESOLVABLE, HurdleStatus.IN_WORKING_GROUP}
    ),
    HurdleStatus.RESOLVED: frozenset({HurdleStatus.IDENTIFIED}),
    HurdleStatus.NOT_RESOLVABLE: frozenset({HurdleStatus.IDENTIFIED}),
}


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def meeting_step_allowed(*, from_state: str, to_state: str) -> bool:
    return to_state in MEETING_STEPS.get(from_state, frozenset())


def meeting_step_check(*, from_state: str, to_state: str) -> None:
    """ValidationError (field ``state``, code ``transition_not_allowed``) unless the step
    is allowed."""
    if not meeting_step_allowed(from_state=from_state, to_state=to_state):
        raise ValidationError(
            {
                "state": ValidationError(
                    _("Eine Sitzung kann nicht von „%(from)s“ zu „%(to)s“ wechseln."),
                    code="transition_not_allowed",
                    params={
                        "from": _label(MeetingState, from_state),
                        "to": _label(MeetingState, to_state),
                    },
                )
            }
        )


def minutes_version_step_check(*, from_state: str, to_state: str) -> None:
    if to_state not in MINUTES_VERSION_STEPS.get(from_state, frozenset()):
        raise ValidationError(
            {
                "state": ValidationError(
                    _("Ein Protokoll kann nicht von „%(from)s“ zu „%(to)s“ wechseln."),
                    code="transition_not_allowed",
                    params={
                        "from": _label(MinutesVersionState, from_state),
                        "to": _label(MinutesVersionState, to_state),
                    },
                )
            }
        )


def hurdle_step_allowed(*, from_status: str, to_status: str) -> bool:
    return to_status in HURDLE_STEPS.get(from_status, frozenset())


def hurdle_step_check(*, from_status: str, to_status: str, note: str = "") -> None:
    """ValidationError unless the step is allowed; reopening needs a note."""
    if not hurdle_step_allowed(from_status=from_status, to_status=to_status):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Eine Hürde kann nicht von „%(from)s“ zu „%(to)s“ wechseln."),
                    code="transition_not_allowed",
                    params={
                        "from": _label(HurdleStatus, from_status),
                        "to": _label(HurdleStatus, to_status),
                    },
                )
            }
        )
    reopening = from_status in {HurdleStatus.RESOLVED, HurdleStatus.NOT_RESOLVABLE}
    if reopening and not note.strip():
        raise ValidationError(
            {
                "note": ValidationError(
                    _("Eine abgeschlossene Hürde wird nur mit Begründung wieder aufgenommen."),
                    code="note_required",
                )
            }
        )
