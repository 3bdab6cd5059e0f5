"""Writes of the steering area. Every function is keyword-only, validates (raising
``ValidationError`` with German, translatable messages by field), raises
``PermissionDenied`` when ``by`` may not act, and writes one audit event (ids and codes only).

Who may write (see ``steering.selectors`` for reading):

* the **coordinator** manages bodies, memberships, rules of procedure, meetings, agendas,
  attendance, minutes, papers, action items and hurdles;
* the **chair** approves minutes (``minutes_approve``, ``minutes_correction_approve``): a
  user with the ``steering_chair`` role who can see the meeting, or the chair of the
  meeting's body (membership role chair, active on the day);
* the **owner** of an action item records progress on it (``action_item_progress_add``);
* every reader of the steering area manages their own calendar token.

After the chair's approval the minutes are immutable: attendance, discussion, decisions and
action-item assignments are refused; a correction is a new ``MinutesVersion`` with a reason
(``minutes_correction_propose``), applied when the chair approves it. Action items keep
their status, progress and due date changeable (they are tracked after the meeting).
"""

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import BarrierReport
from kim_portal.models import Municipality, Organisation, Role, User
from kim_portal.reminder_engine import BERLIN, reminders_cancel
from kim_portal.services import audit_record

from .choices import (
    ActionItemStatus,
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    HurdleEventKind,
    HurdleStatus,
    MeetingState,
    MembershipRole,
    MinutesVersionState,
    QuorumRule,
)
from .files import validate_upload
from .models import (
    ActionItem,
    ActionItemProgress,
    AgendaItem,
    Attendance,
    Body,
    CalendarToken,
    Decision,
    File,
    Hurdle,
    HurdleEvent,
    Meeting,
    Membership,
    MinutesVersion,
    RulesOfProcedure,
    active_on_q,
    calendar_token_digest,
)
from .reminders import (
    ACTION_ITEM_DUE_SOON,
    ACTION_ITEM_OVERDUE,
    MEETING_INVITATION,
    meeting_invitations_schedule,
)
from .selectors import (
    STEERING_ROLES,
    can_read_steering,
    is_coordinator,
    meeting_is_visible_to,
    meeting_quorum,
)
from .states import (
    AGENDA_EDITABLE_STATES,
    MINUTES_EDITABLE_STATES,
    MINUTES_FINAL_STATES,
    hurdle_step_check,
    meeting_step_check,
    minutes_version_step_check,
)

# --- Helpers -------------------------------------------------------------------------------------


def _audit(action: str, obj, *, by, request=None, **details) -> None:
    audit_record(action=action, obj=obj, actor=by, request=request, details=details)


def _require_coordinator(by) -> None:
    if not is_coordinator(by):
        raise PermissionDenied


def _save(obj, *, update_fields: Iterable[str] | None = None) -> None:
    obj.full_clean()
    if update_fields is None:
        obj.save()
    else:
        obj.save(update_fields=[*update_fields, "modified"])


def _error(field: str, message, code: str, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _require_aware(**values: datetime) -> None:
    for field, value in values.items():
        if value is not None and timezone.is_naive(value):
            raise _error(field, _("Bitte Datum und Uhrzeit mit Zeitzone angeben."), "naive")


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting row, locked for this transaction; the caller's instance is refreshed."""
    fresh = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    for name in ("state", "start", "end", "invited_at", "cancelled_at", "published_at"):
        setattr(meeting, name, getattr(fresh, name))
    return fresh


def _set_state(meeting: Meeting, to_state: str, *, extra_fields: Iterable[str] = ()) -> str:
    from_state = meeting.state
    meeting_step_check(from_state=from_state, to_state=to_state)
    meeting.state = to_state
    meeting.save(update_fields=["state", *extra_fields, "modified"])
    return from_state


def _require_minutes_editable(meeting: Meeting) -> None:
    if meeting.state in MINUTES_FINAL_STATES:
        raise _error(
            "meeting",
            _(
                "Das Protokoll ist genehmigt und kann nicht mehr geändert werden. Änderungen "
                "nur als Berichtigung (neue Fassung mit Begründung)."
            ),
            "minutes_final",
        )
    if meeting.state not in MINUTES_EDITABLE_STATES:
        raise _error(
            "meeting",
            _("Das Protokoll wird erst nach der Sitzung geschrieben."),
            "minutes_not_open",
        )


def _require_agenda_editable(meeting: Meeting) -> None:
    if meeting.state not in AGENDA_EDITABLE_STATES:
        raise _error(
            "meeting",
            _("Die Tagesordnung kann nur vor der Sitzung geändert werden."),
            "agenda_closed",
        )


def _meeting_of(item: AgendaItem) -> Meeting:
    return _locked_meeting(item.meeting)


def is_chair_for(*, user, meeting: Meeting) -> bool:
    """True if ``user`` may approve the meeting's minutes: the ``steering_chair`` role with
    sight of the meeting, or the active chair of the meeting's body."""
    if not can_read_steering(user):
        return False
    if user.has_role(Role.STEERING_CHAIR) and meeting_is_visible_to(user=user, meeting=meeting):
        return True
    return Membership.objects.filter(
        active_on_q(timezone.localdate()),
        body_id=meeting.body_id,
        user=user,
        role=MembershipRole.CHAIR,
    ).exists()


def _require_adopted(decision: Decision, *, field: str, bodies: Iterable[int]) -> None:
    if decision.outcome != DecisionOutcome.ADOPTED:
        raise _error(field, _("Der Beschluss wurde nicht angenommen."), "decision_not_adopted")
    if decision.agenda_item.meeting.body_id not in set(bodies):
        raise _error(
            field,
            _("Der Beschluss stammt nicht aus einer Sitzung des zuständigen Gremiums."),
            "decision_wrong_body",
        )


# --- Bodies and memberships ----------------------------------------------------------------------


@transaction.atomic
def steering_group_create(
    *, by: User, name: str, start_date: date, short_name: str = "", request=None
) -> Body:
    """Create the steering group (a body without parent)."""
    _require_coordinator(by)
    body = Body(
        kind=BodyKind.STEERING_GROUP,
        name=name.strip(),
        short_name=short_name.strip(),
        start_date=start_date,
    )
    _save(body)
    _audit("body.create", body, by=by, request=request, kind=body.kind)
    return body


@transaction.atomic
def working_group_establish(
    *,
    by: User,
    parent: Body,
    name: str,
    mandate: str,
    established_by: Decision,
    start_date: date | None = None,
    end_date: date | None = None,
    short_name: str = "",
    request=None,
) -> Body:
    """Establish a working group of ``parent`` (the steering group) by one of its adopted
    decisions, with a mandate; it starts on the decision's meeting day unless given."""
    _require_coordinator(by)
    if parent.kind != BodyKind.STEERING_GROUP:
        raise _error(
            "parent",
            _("Arbeitsgruppen werden von der Lenkungsgruppe eingesetzt."),
            "parent_not_steering_group",
        )
    if not mandate.strip():
        raise _error("mandate", _("Bitte den Auftrag der Arbeitsgruppe angeben."), "required")
    _require_adopted(established_by, field="established_by", bodies=[parent.pk])
    body = Body(
        kind=BodyKind.WORKING_GROUP,
        parent=parent,
        name=name.strip(),
        short_name=short_name.strip(),
        mandate=mandate.strip(),
        established_by=established_by,
        start_date=start_date or established_by.agenda_item.meeting.local_date,
        end_date=end_date,
    )
    _save(body)
    _audit(
        "body.create",
        body,
        by=by,
        request=request,
        kind=body.kind,
        parent_id=parent.pk,
        decision_id=established_by.pk,
    )
    return body


BODY_EDITABLE_FIELDS = frozenset({"name", "short_name", "mandate"})


@transaction.atomic
def body_update(*, by: User, body: Body, request=None, **changes) -> Body:
    """Change a body's name, short name or mandate."""
    _require_coordinator(by)
    unknown = set(changes) - BODY_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"body_update cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(body, name, value.strip())
    if body.is_working_group and not body.mandate:
        raise _error("mandate", _("Bitte den Auftrag der Arbeitsgruppe angeben."), "required")
    _save(body, update_fields=changes)
    _audit("body.update", body, by=by, request=request, fields=sorted(changes))
    return body


@transaction.atomic
def working_group_end(
    *,
    by: User,
    body: Body,
    end_date: date,
    ended_by: Decision | None = None,
    request=None,
) -> Body:
    """End a working group (its mandate fulfilled or withdrawn), optionally by a decision;
    memberships still running end on the same day."""
    _require_coordinator(by)
    if body.kind != BodyKind.WORKING_GROUP:
        raise _error("body", _("Nur Arbeitsgruppen werden aufgelöst."), "not_working_group")
    if ended_by is not None:
        _require_adopted(ended_by, field="ended_by", bodies=[body.pk, body.parent_id])
    if end_date < body.start_date:
        raise _error(
            "end_date", _("Das Ende darf nicht vor dem Beginn liegen."), "end_before_start"
        )
    day_after = datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=BERLIN)
    if (
        Meeting.objects.filter(body=body, start__gte=day_after)
        .exclude(state=MeetingState.CANCELLED)
        .exists()
    ):
        raise _error(
            "end_date",
            _(
                "Die Arbeitsgruppe hat nach diesem Tag noch Sitzungen. Bitte diese zuerst "
                "absagen oder ein späteres Ende wählen."
            ),
            "meetings_after_end",
        )
    if Membership.objects.filter(body=body, start_date__gt=end_date).exists():
        raise _error(
            "end_date",
            _("Eine Mitgliedschaft beginnt erst nach diesem Tag."),
            "memberships_after_end",
        )
    body.end_date = end_date
    body.ended_by = ended_by
    _save(body, update_fields=["end_date", "ended_by"])
    Membership.objects.filter(body=body, end_date__isnull=True).update(
        end_date=end_date, modified=timezone.now()
    )
    Membership.objects.filter(body=body, end_date__gt=end_date).update(
        end_date=end_date, modified=timezone.now()
    )
    _audit(
        "body.end",
        body,
        by=by,
        request=request,
        decision_id=ended_by.pk if ended_by else None,
    )
    return body


# Who never votes, and who always does (a chair without a vote could not break a tie the
# rules of procedure give them, nor be counted for the quorum).
NON_VOTING_ROLES = (MembershipRole.GUEST, MembershipRole.SECRETARIAT)
VOTING_ROLES = (MembershipRole.CHAIR,)


def _overlapping(memberships, *, start_date: date, end_date: date | None):
    """The ``memberships`` whose period shares a day with ``start_date``–``end_date``."""
    overlapping = memberships.exclude(end_date__lt=start_date)
    if end_date is not None:
        overlapping = overlapping.exclude(start_date__gt=end_date)
    return overlapping


@transaction.atomic
def membership_add(
    *,
    by: User,
    body: Body,
    user: User,
    start_date: date,
    organisation: Organisation | None = None,
    role: str = MembershipRole.MEMBER,
    voting_right: bool | None = None,
    end_date: date | None = None,
    request=None,
) -> Membership:
    """Give ``user`` (who must hold a steering role or be a coordinator) a seat in ``body``
    for ``organisation`` (default: the user's own). Seats of one person in one body may not
    overlap, and a body has one chair at a time. Guests and the secretariat have no vote,
    the chair always has one; without ``voting_right`` the role decides. A seat lies within
    the body's lifetime (it ends with the body unless it ends earlier)."""
    _require_coordinator(by)
    # Serialises seat changes of one body, so two overlapping seats cannot slip in at once.
    body = Body.objects.select_for_update().get(pk=body.pk)
    if not (user.is_active and user.has_role(Role.COORDINATOR, *STEERING_ROLES)):
        raise _error(
            "user",
            _(
                "Mitglied kann nur werden, wer eine Rolle in der Lenkungsgruppe oder der "
                "KIM-Koordination hat."
            ),
            "no_steering_role",
        )
    organisation = organisation or user.organisation
    if organisation is None:
        raise _error("organisation", _("Bitte die vertretene Organisation angeben."), "required")
    if role not in MembershipRole.values:
        raise _error("role", _("Bitte eine Rolle wählen."), "invalid_role")
    if voting_right is None:
        voting_right = role not in NON_VOTING_ROLES
    if voting_right and role in NON_VOTING_ROLES:
        raise _error(
            "voting_right",
            _("Gäste und die Geschäftsführung haben kein Stimmrecht."),
            "role_without_vote",
        )
    if not voting_right and role in VOTING_ROLES:
        raise _error("voting_right", _("Der Vorsitz ist stimmberechtigt."), "chair_votes")
    if end_date is not None and end_date < start_date:
        raise _error(
            "end_date", _("Das Ende darf nicht vor dem Beginn liegen."), "end_before_start"
        )
    if start_date < body.start_date:
        raise _error(
            "start_date",
            _("Das Gremium besteht erst ab dem %(date)s."),
            "before_body",
            date=date_format(body.start_date, "SHORT_DATE_FORMAT"),
        )
    if body.end_date is not None:
        if start_date > body.end_date:
            raise _error("start_date", _("Das Gremium besteht dann nicht mehr."), "body_ended")
        if end_date is not None and end_date > body.end_date:
            raise _error(
                "end_date",
                _("Das Gremium endet am %(date)s."),
                "after_body",
                date=date_format(body.end_date, "SHORT_DATE_FORMAT"),
            )
        end_date = end_date or body.end_date
    seats = Membership.objects.filter(body=body)
    if _overlapping(seats.filter(user=user), start_date=start_date, end_date=end_date).exists():
        raise _error(
            "user", _("Diese Person ist in diesem Zeitraum bereits Mitglied."), "overlapping"
        )
    if role in VOTING_ROLES:
        chair = (
            _overlapping(seats.filter(role=role), start_date=start_date, end_date=end_date)
            .select_related("user")
            .first()
        )
        if chair is not None:
            raise _error(
                "role",
                _(
                    "Das Gremium hat in diesem Zeitraum bereits einen Vorsitz (%(name)s). "
                    "Bitte zuerst dessen Mitgliedschaft beenden."
                ),
                "second_chair",
                name=chair.user.display_name,
            )
    membership = Membership(
        body=body,
        user=user,
        organisation=organisation,
        role=role,
        voting_right=voting_right,
        start_date=start_date,
        end_date=end_date,
    )
    _save(membership)
    _audit(
        "membership.add",
        membership,
        by=by,
        request=request,
        body_id=body.pk,
        user_id=user.pk,
        organisation_id=organisation.pk,
        role=role,
        voting_right=voting_right,
    )
    return membership


@transaction.atomic
def membership_end(*, by: User, membership: Membership, end_date: date, request=None) -> Membership:
    """End a seat on ``end_date`` (the last day; the person keeps reading the meetings up
    to that day). The seat stays on record: history is never deleted. A seat that has
    already ended stays as it was; the end may not lie before its start, after the body's
    end, or before a meeting the person's attendance was recorded at."""
    _require_coordinator(by)
    locked = Membership.objects.select_for_update().select_related("body").get(pk=membership.pk)
    today = timezone.localdate()
    if locked.end_date is not None and locked.end_date < today:
        raise _error("end_date", _("Diese Mitgliedschaft ist bereits beendet."), "already_ended")
    if end_date < locked.start_date:
        raise _error(
            "end_date", _("Das Ende darf nicht vor dem Beginn liegen."), "end_before_start"
        )
    body_end = locked.body.end_date
    if body_end is not None and end_date > body_end:
        raise _error(
            "end_date",
            _("Das Gremium endet am %(date)s."),
            "after_body",
            date=date_format(body_end, "SHORT_DATE_FORMAT"),
        )
    day_after = datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=BERLIN)
    if locked.attendances.filter(meeting__start__gte=day_after).exists():
        raise _error(
            "end_date",
            _(
                "Für eine spätere Sitzung ist die Anwesenheit dieser Person erfasst. Bitte ein "
                "späteres Ende wählen."
            ),
            "attended_later",
        )
    membership.end_date = end_date
    _save(membership, update_fields=["end_date"])
    _audit("membership.end", membership, by=by, request=request, body_id=membership.body_id)
    return membership


# --- Rules of procedure --------------------------------------------------------------------------


@transaction.atomic
def rules_of_procedure_adopt(
    *,
    by: User,
    body: Body,
    text: str,
    adopted_by: Decision | None,
    quorum_rule: str,
    majority_rule: str,
    quorum_fixed_number: int | None = None,
    valid_from: date | None = None,
    request=None,
) -> RulesOfProcedure:
    """Record a new version of ``body``'s rules of procedure, adopted by ``adopted_by``
    (an adopted decision of the body or, for a working group, of the steering group); valid
    from the decision's meeting day unless given. A version cannot apply before the day of
    its decision, nor before the body's newest version (that would rewrite, after the fact,
    which rules the decisions in between were checked against). A fixed quorum needs its
    number; the other quorum rule keeps none."""
    _require_coordinator(by)
    if not text.strip():
        raise _error("text", _("Bitte den Text der Geschäftsordnung angeben."), "required")
    if adopted_by is None:
        raise _error(
            "adopted_by",
            _("Bitte den Beschluss angeben, mit dem die Fassung angenommen wurde."),
            "required",
        )
    _require_adopted(adopted_by, field="adopted_by", bodies=[body.pk, body.parent_id])
    decided_on = adopted_by.agenda_item.meeting.local_date
    valid_from = valid_from or decided_on
    if valid_from < decided_on:
        raise _error(
            "valid_from",
            _("Die Fassung kann frühestens ab dem Tag des Beschlusses (%(date)s) gelten."),
            "before_decision",
            date=date_format(decided_on, "SHORT_DATE_FORMAT"),
        )
    if quorum_rule == QuorumRule.FIXED_NUMBER:
        if not quorum_fixed_number:
            raise _error(
                "quorum_fixed_number",
                _("Bitte die Mindestzahl anwesender Stimmberechtigter angeben."),
                "required",
            )
    else:
        quorum_fixed_number = None
    locked = Body.objects.select_for_update().get(pk=body.pk)
    newest = RulesOfProcedure.objects.filter(body=locked).order_by("-version").first()
    if newest is not None and valid_from < newest.valid_from:
        raise _error(
            "valid_from",
            _(
                "Die neueste Fassung %(version)s gilt ab dem %(date)s; eine neue Fassung kann "
                "nicht früher gelten."
            ),
            "before_rules_in_force",
            version=newest.version,
            date=date_format(newest.valid_from, "SHORT_DATE_FORMAT"),
        )
    rules = RulesOfProcedure(
        body=body,
        version=(newest.version if newest else 0) + 1,
        text=text.strip(),
        adopted_by=adopted_by,
        valid_from=valid_from,
        quorum_rule=quorum_rule,
        quorum_fixed_number=quorum_fixed_number,
        majority_rule=majority_rule,
    )
    _save(rules)
    _audit(
        "rules_of_procedure.adopt",
        rules,
        by=by,
        request=request,
        body_id=body.pk,
        version=rules.version,
        decision_id=adopted_by.pk,
    )
    return rules


# --- Meetings ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    by: User,
    body: Body,
    name: str,
    start: datetime,
    end: datetime,
    location: str = "",
    video_url: str = "",
    invitation_days: int | None = None,
    request=None,
) -> Meeting:
    """Plan a meeting of ``body`` (aware datetimes; a place, a video link or both)."""
    _require_coordinator(by)
    _require_aware(start=start, end=end)
    if end <= start:
        raise _error("end", _("Das Ende muss nach dem Beginn liegen."), "end_before_start")
    meeting = Meeting(
        body=body,
        name=name.strip(),
        start=start,
        end=end,
        location=location.strip(),
        video_url=video_url.strip(),
    )
    if invitation_days is not None:
        meeting.invitation_days = invitation_days
    if not body.is_active_on(meeting.local_date):
        raise _error("start", _("Das Gremium besteht an diesem Tag nicht."), "body_inactive")
    _save(meeting)
    _audit("meeting.create", meeting, by=by, request=request, body_id=body.pk)
    return meeting


MEETING_EDITABLE_FIELDS = frozenset(
    {"name", "start", "end", "location", "video_url", "invitation_days"}
)


@transaction.atomic
def meeting_update(*, by: User, meeting: Meeting, request=None, **changes) -> Meeting:
    """Change a planned or invited meeting. A new start time of a released meeting drops
    invitations not yet emailed; the scan then invites again for the new time."""
    _require_coordinator(by)
    unknown = set(changes) - MEETING_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"meeting_update cannot change {sorted(unknown)}")
    locked = _locked_meeting(meeting)
    _require_agenda_editable(locked)
    _require_aware(start=changes.get("start"), end=changes.get("end"))
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    if meeting.end <= meeting.start:
        raise _error("end", _("Das Ende muss nach dem Beginn liegen."), "end_before_start")
    fields = list(changes)
    moved = meeting.state == MeetingState.INVITED and bool(
        {"start", "invitation_days"} & set(changes)
    )
    if moved:
        # Released again: invitations already emailed are followed by one with the new
        # time (a new due time, so a new reminder); those not yet emailed are dropped.
        meeting.invited_at = timezone.now()
        fields.append("invited_at")
    _save(meeting, update_fields=fields)
    if moved:
        reminders_cancel(kind=MEETING_INVITATION, target=meeting)
        meeting_invitations_schedule(meeting, now=timezone.now())
    _audit("meeting.update", meeting, by=by, request=request, fields=sorted(changes))
    return meeting


@transaction.atomic
def meeting_invite(*, by: User, meeting: Meeting, request=None) -> Meeting:
    """Release the invitation: planned → invited. The members get it with the agenda
    ``invitation_days`` before the start, or at once if that time has passed."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    now = timezone.now()
    if meeting.start <= now:
        raise _error("start", _("Die Sitzung hat bereits begonnen."), "meeting_started")
    if not meeting.agenda_items.exists():
        raise _error("meeting", _("Eine Einladung braucht eine Tagesordnung."), "agenda_missing")
    meeting_step_check(from_state=meeting.state, to_state=MeetingState.INVITED)
    meeting.invited_at = now
    _set_state(meeting, MeetingState.INVITED, extra_fields=["invited_at"])
    meeting_invitations_schedule(meeting, now=now)
    _audit("meeting.invite", meeting, by=by, request=request)
    return meeting


@transaction.atomic
def meeting_cancel(*, by: User, meeting: Meeting, request=None) -> Meeting:
    """Cancel a planned or invited meeting; invitations not yet emailed are dropped."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    meeting.cancelled_at = timezone.now()
    _set_state(meeting, MeetingState.CANCELLED, extra_fields=["cancelled_at"])
    reminders_cancel(kind=MEETING_INVITATION, target=meeting)
    _audit("meeting.cancel", meeting, by=by, request=request)
    return meeting


@transaction.atomic
def meeting_hold(*, by: User, meeting: Meeting, request=None) -> Meeting:
    """Record that the meeting took place (invited → held), once it has begun."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    if meeting.start > timezone.now():
        raise _error("start", _("Die Sitzung hat noch nicht begonnen."), "meeting_not_started")
    _set_state(meeting, MeetingState.HELD)
    _audit("meeting.hold", meeting, by=by, request=request)
    return meeting


# --- Agenda --------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    by: User,
    meeting: Meeting,
    title: str,
    number: str = "",
    presenter: User | None = None,
    presenter_note: str = "",
    public: bool = False,
    request=None,
) -> AgendaItem:
    """Add an item at the end of the agenda (number defaults to its position)."""
    _require_coordinator(by)
    locked = _locked_meeting(meeting)
    _require_agenda_editable(locked)
    order = (AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("order"))["n"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        order=order,
        number=number.strip() or str(order),
        title=title.strip(),
        presenter=presenter,
        presenter_note=presenter_note.strip(),
        public=public,
    )
    _save(item)
    _audit("agenda_item.add", item, by=by, request=request, meeting_id=meeting.pk)
    return item


AGENDA_ITEM_EDITABLE_FIELDS = frozenset(
    {"title", "number", "order", "presenter", "presenter_note", "public"}
)


@transaction.atomic
def agenda_item_update(*, by: User, agenda_item: AgendaItem, request=None, **changes) -> AgendaItem:
    """Change an agenda item before the meeting."""
    _require_coordinator(by)
    unknown = set(changes) - AGENDA_ITEM_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"agenda_item_update cannot change {sorted(unknown)}")
    _require_agenda_editable(_meeting_of(agenda_item))
    for name, value in changes.items():
        setattr(agenda_item, name, value.strip() if isinstance(value, str) else value)
    _save(agenda_item, update_fields=changes)
    _audit("agenda_item.update", agenda_item, by=by, request=request, fields=sorted(changes))
    return agenda_item


@transaction.atomic
def agenda_item_remove(*, by: User, agenda_item: AgendaItem, request=None) -> None:
    """Take an item off the agenda before the meeting (with its papers' records)."""
    _require_coordinator(by)
    _require_agenda_editable(_meeting_of(agenda_item))
    papers = list(File.objects.filter(agenda_item=agenda_item))
    for paper in papers:
        _file_delete(paper)
    _audit(
        "agenda_item.remove",
        agenda_item,
        by=by,
        request=request,
        meeting_id=agenda_item.meeting_id,
    )
    agenda_item.delete()


# --- Attendance, discussion, decisions -----------------------------------------------------------


def _validate_decisions_of(meeting: Meeting) -> None:
    """Re-check every decision of the meeting against the current attendance; saves the
    recomputed ``quorum_met``."""
    quorum = meeting_quorum(meeting=meeting)
    for decision in Decision.objects.filter(agenda_item__meeting=meeting).select_related(
        "agenda_item"
    ):
        try:
            decision.check_votes(
                rules=quorum.rules,
                voting_members=quorum.voting_members,
                present_voting=quorum.present_voting,
            )
        except ValidationError as error:
            raise ValidationError(
                _("TOP %(number)s: %(problem)s"),
                code="decision_invalid",
                params={
                    "number": decision.agenda_item.number,
                    "problem": " ".join(error.messages),
                },
            ) from error
        Decision.objects.filter(pk=decision.pk).update(
            quorum_met=decision.quorum_met, modified=timezone.now()
        )


@transaction.atomic
def attendance_set(
    *, by: User, meeting: Meeting, membership: Membership, status: str, request=None
) -> Attendance:
    """Record a member as present, excused or absent. Refused if a recorded vote no longer
    fits (e.g. more votes than voting members present)."""
    _require_coordinator(by)
    locked = _locked_meeting(meeting)
    _require_minutes_editable(locked)
    if membership.body_id != meeting.body_id or not membership.is_active_on(meeting.local_date):
        raise _error(
            "membership",
            _("Diese Person war am Sitzungstag nicht Mitglied des Gremiums."),
            "not_a_member",
        )
    if status not in AttendanceStatus.values:
        raise _error("status", _("Unbekannter Anwesenheitsstatus."), "invalid_choice")
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, membership=membership, defaults={"status": status}
    )
    _validate_decisions_of(meeting)
    _audit(
        "attendance.set",
        attendance,
        by=by,
        request=request,
        meeting_id=meeting.pk,
        membership_id=membership.pk,
        status=status,
    )
    return attendance


@transaction.atomic
def agenda_item_minutes_set(
    *, by: User, agenda_item: AgendaItem, discussion: str, request=None
) -> AgendaItem:
    """Write the minutes' summary of the discussion of an agenda item."""
    _require_coordinator(by)
    _require_minutes_editable(_meeting_of(agenda_item))
    agenda_item.discussion = discussion.strip()
    _save(agenda_item, update_fields=["discussion"])
    _audit("agenda_item.minutes_set", agenda_item, by=by, request=request)
    return agenda_item


def _decision_checked(decision: Decision, meeting: Meeting) -> Decision:
    quorum = meeting_quorum(meeting=meeting)
    decision.check_votes(
        rules=quorum.rules,
        voting_members=quorum.voting_members,
        present_voting=quorum.present_voting,
    )
    decision.full_clean()
    return decision


@transaction.atomic
def decision_record(
    *,
    by: User,
    agenda_item: AgendaItem,
    resolution: str,
    outcome: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    unanimous: bool = False,
    majority_rule: str = "",
    request=None,
) -> Decision:
    """Record a decision on an agenda item, checked against attendance and the rules of
    procedure (see ``Decision``): votes ≤ voting members present, quorum for adopted or
    rejected, outcome as the majority rule says. ``unanimous`` without counts counts every
    voting member present as a vote for."""
    _require_coordinator(by)
    meeting = _meeting_of(agenda_item)
    _require_minutes_editable(meeting)
    if not resolution.strip():
        raise _error("resolution", _("Bitte den Beschlusstext angeben."), "required")
    decision = Decision(
        agenda_item=agenda_item,
        resolution=resolution.strip(),
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        unanimous=unanimous,
        majority_rule=majority_rule,
    )
    _decision_checked(decision, meeting)
    decision.save()
    _audit(
        "decision.record",
        decision,
        by=by,
        request=request,
        meeting_id=meeting.pk,
        outcome=outcome,
        quorum_met=decision.quorum_met,
    )
    return decision


DECISION_EDITABLE_FIELDS = frozenset(
    {
        "resolution",
        "outcome",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "unanimous",
        "majority_rule",
    }
)


def _decision_apply(decision: Decision, changes: dict) -> None:
    unknown = set(changes) - DECISION_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"a decision cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def decision_update(*, by: User, decision: Decision, request=None, **changes) -> Decision:
    """Change a decision while the minutes are open (re-validated as a whole)."""
    _require_coordinator(by)
    meeting = _meeting_of(decision.agenda_item)
    _require_minutes_editable(meeting)
    _decision_apply(decision, changes)
    _decision_checked(decision, meeting)
    decision.save()
    _audit("decision.update", decision, by=by, request=request, fields=sorted(changes))
    return decision


@transaction.atomic
def decision_remove(*, by: User, decision: Decision, request=None) -> None:
    """Delete a decision recorded by mistake while the minutes are open."""
    _require_coordinator(by)
    _require_minutes_editable(_meeting_of(decision.agenda_item))
    linked = (
        decision.hurdles.exists()
        or decision.established_bodies.exists()
        or decision.ended_bodies.exists()
        or RulesOfProcedure.objects.filter(adopted_by=decision).exists()
    )
    if linked:
        raise _error(
            "decision",
            _("Der Beschluss ist mit Gremien, Geschäftsordnung oder Hürden verknüpft."),
            "decision_linked",
        )
    _audit("decision.remove", decision, by=by, request=request)
    decision.delete()


# --- Minutes -------------------------------------------------------------------------------------


def _open_version(meeting: Meeting) -> MinutesVersion | None:
    return (
        MinutesVersion.objects.filter(meeting=meeting)
        .exclude(state=MinutesVersionState.APPROVED)
        .first()
    )


@transaction.atomic
def minutes_start(*, by: User, meeting: Meeting, request=None) -> MinutesVersion:
    """Start the minutes of a held meeting (held → minutes_draft): version 1, draft."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    _set_state(meeting, MeetingState.MINUTES_DRAFT)
    version = MinutesVersion(meeting=meeting, number=1, created_by=by)
    _save(version)
    _audit("minutes.start", version, by=by, request=request, meeting_id=meeting.pk)
    return version


@transaction.atomic
def minutes_circulate(*, by: User, meeting: Meeting, request=None) -> MinutesVersion:
    """Send the draft to the reviewers (chair, deputy, secretariat): draft → circulated.
    Decisions must be valid by now."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    _validate_decisions_of(meeting)
    _set_state(meeting, MeetingState.MINUTES_CIRCULATED)
    version = _open_version(meeting)
    minutes_version_step_check(from_state=version.state, to_state=MinutesVersionState.CIRCULATED)
    version.state = MinutesVersionState.CIRCULATED
    version.circulated_at = timezone.now()
    version.save(update_fields=["state", "circulated_at", "modified"])
    _audit("minutes.circulate", version, by=by, request=request, meeting_id=meeting.pk)
    return version


@transaction.atomic
def minutes_return_to_draft(*, by: User, meeting: Meeting, request=None) -> MinutesVersion:
    """Take circulated minutes back for rework: circulated → draft."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    _set_state(meeting, MeetingState.MINUTES_DRAFT)
    version = _open_version(meeting)
    minutes_version_step_check(from_state=version.state, to_state=MinutesVersionState.DRAFT)
    version.state = MinutesVersionState.DRAFT
    version.save(update_fields=["state", "modified"])
    _audit("minutes.return_to_draft", version, by=by, request=request, meeting_id=meeting.pk)
    return version


def _minutes_snapshot(meeting: Meeting) -> dict:
    """The whole minutes as JSON: what an approved version freezes."""
    quorum = meeting_quorum(meeting=meeting)
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related("decisions", "action_items__owner", "files")
        .order_by("order", "pk")
    )
    attendance = Attendance.objects.filter(meeting=meeting).select_related(
        "membership__user", "membership__organisation"
    )
    return {
        "format": "kim-portal/steering-minutes",
        "version": 1,
        "meeting": {
            "id": meeting.pk,
            "body_id": meeting.body_id,
            "name": meeting.name,
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
            "location": meeting.location,
            "video_url": meeting.video_url,
        },
        "quorum": {
            "rules_version": quorum.rules.version,
            "voting_members": quorum.voting_members,
            "present_voting": quorum.present_voting,
            "required": quorum.required,
            "met": quorum.met,
        },
        "attendance": [
            {
                "membership_id": a.membership_id,
                "user_id": a.membership.user_id,
                "name": a.membership.user.display_name,
                "organisation_id": a.membership.organisation_id,
                "organisation": a.membership.organisation.name,
                "role": a.membership.role,
                "voting_right": a.membership.voting_right,
                "status": a.status,
            }
            for a in attendance
        ],
        "agenda_items": [
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "public": item.public,
                "presenter_id": item.presenter_id,
                "presenter_note": item.presenter_note,
                "discussion": item.discussion,
                "file_ids": [f.pk for f in item.files.all()],
                "decisions": [
                    {
                        "id": d.pk,
                        "resolution": d.resolution,
                        "votes_for": d.votes_for,
                        "votes_against": d.votes_against,
                        "votes_abstain": d.votes_abstain,
                        "unanimous": d.unanimous,
                        "majority_rule": d.majority_rule,
                        "quorum_met": d.quorum_met,
                        "outcome": d.outcome,
                    }
                    for d in item.decisions.all()
                ],
                "action_items": [
                    {
                        "id": a.pk,
                        "title": a.title,
                        "description": a.description,
                        "owner_id": a.owner_id,
                        "owner": a.owner.display_name,
                        "organisation_id": a.organisation_id,
                        "due_date": a.due_date.isoformat(),
                    }
                    for a in item.action_items.all()
                ],
            }
            for item in items
        ],
    }


def _approve(version: MinutesVersion, *, by: User) -> None:
    meeting = version.meeting
    _validate_decisions_of(meeting)
    minutes_version_step_check(from_state=version.state, to_state=MinutesVersionState.APPROVED)
    version.content = _minutes_snapshot(meeting)
    version.state = MinutesVersionState.APPROVED
    version.approved_at = timezone.now()
    version.approved_by = by
    version.save(update_fields=["content", "state", "approved_at", "approved_by", "modified"])


@transaction.atomic
def minutes_approve(*, by: User, meeting: Meeting, request=None) -> MinutesVersion:
    """The chair approves the circulated minutes (→ minutes_approved). From now on they are
    frozen in the version's ``content`` and the records behind them cannot change."""
    if not is_chair_for(user=by, meeting=meeting):
        raise PermissionDenied
    _locked_meeting(meeting)
    meeting_step_check(from_state=meeting.state, to_state=MeetingState.MINUTES_APPROVED)
    version = _open_version(meeting)
    _approve(version, by=by)
    _set_state(meeting, MeetingState.MINUTES_APPROVED)
    _audit("minutes.approve", version, by=by, request=request, meeting_id=meeting.pk)
    return version


@transaction.atomic
def minutes_publish(*, by: User, meeting: Meeting, request=None) -> Meeting:
    """Publish approved minutes to every reader of the meeting (→ published)."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    meeting.published_at = timezone.now()
    _set_state(meeting, MeetingState.PUBLISHED, extra_fields=["published_at"])
    _audit("minutes.publish", meeting, by=by, request=request)
    return meeting


def _correction_changes_checked(
    meeting: Meeting,
    *,
    discussions: dict[int, str] | None,
    decisions: dict[int, dict] | None,
) -> dict:
    """Validate proposed corrections without saving; returns them in the JSON form stored
    on the version (keys as strings)."""
    discussions = discussions or {}
    decisions = decisions or {}
    if not discussions and not decisions:
        raise _error("changes", _("Die Berichtigung ändert nichts."), "no_changes")
    item_ids = set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    if not set(discussions) <= item_ids:
        raise _error("changes", _("Tagesordnungspunkt gehört nicht zur Sitzung."), "wrong_item")
    found = {
        d.pk: d
        for d in Decision.objects.filter(pk__in=list(decisions), agenda_item__meeting=meeting)
    }
    if set(found) != set(decisions):
        raise _error("changes", _("Beschluss gehört nicht zur Sitzung."), "wrong_decision")
    for pk, fields in decisions.items():
        decision = found[pk]
        _decision_apply(decision, fields)
        _decision_checked(decision, meeting)
    return {
        "discussions": {str(pk): text.strip() for pk, text in discussions.items()},
        "decisions": {str(pk): dict(fields) for pk, fields in decisions.items()},
    }


@transaction.atomic
def minutes_correction_propose(
    *,
    by: User,
    meeting: Meeting,
    reason: str,
    discussions: dict[int, str] | None = None,
    decisions: dict[int, dict] | None = None,
    request=None,
) -> MinutesVersion:
    """Propose a correction of approved minutes as a new version with a reason:
    ``discussions`` maps agenda-item ids to a new discussion text, ``decisions`` decision
    ids to changed fields (``resolution``, votes, ``unanimous``, ``outcome``,
    ``majority_rule``). Nothing changes until the chair approves it."""
    _require_coordinator(by)
    _locked_meeting(meeting)
    if meeting.state not in MINUTES_FINAL_STATES:
        raise _error(
            "meeting",
            _("Nur genehmigte Protokolle werden berichtigt; Entwürfe direkt ändern."),
            "minutes_not_final",
        )
    if not reason.strip():
        raise _error("reason", _("Bitte den Grund der Berichtigung angeben."), "required")
    if _open_version(meeting) is not None:
        raise _error(
            "meeting",
            _("Es liegt bereits eine Berichtigung zur Genehmigung vor."),
            "correction_pending",
        )
    changes = _correction_changes_checked(meeting, discussions=discussions, decisions=decisions)
    number = MinutesVersion.objects.filter(meeting=meeting).aggregate(n=Max("number"))["n"] + 1
    version = MinutesVersion(
        meeting=meeting, number=number, reason=reason.strip(), changes=changes, created_by=by
    )
    _save(version)
    _audit(
        "minutes.correction_propose",
        version,
        by=by,
        request=request,
        meeting_id=meeting.pk,
        number=number,
    )
    return version


@transaction.atomic
def minutes_correction_approve(
    *, by: User, version: MinutesVersion, request=None
) -> MinutesVersion:
    """The chair approves a correction: its changes are applied and the corrected minutes
    frozen as this version. Earlier versions stay as they were."""
    meeting = version.meeting
    if not is_chair_for(user=by, meeting=meeting):
        raise PermissionDenied
    _locked_meeting(meeting)
    version = MinutesVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_correction or version.state == MinutesVersionState.APPROVED:
        raise _error("version", _("Keine offene Berichtigung."), "not_open_correction")
    now = timezone.now()
    for pk, text in version.changes.get("discussions", {}).items():
        AgendaItem.objects.filter(pk=int(pk), meeting=meeting).update(discussion=text, modified=now)
    for pk, fields in version.changes.get("decisions", {}).items():
        decision = Decision.objects.get(pk=int(pk), agenda_item__meeting=meeting)
        _decision_apply(decision, fields)
        _decision_checked(decision, meeting)
        decision.save()
    _approve(version, by=by)
    _audit(
        "minutes.correction_approve",
        version,
        by=by,
        request=request,
        meeting_id=meeting.pk,
        number=version.number,
    )
    return version


@transaction.atomic
def minutes_correction_discard(*, by: User, version: MinutesVersion, request=None) -> None:
    """Withdraw a correction not yet approved (approved versions are never deleted)."""
    _require_coordinator(by)
    if not version.is_correction or version.state == MinutesVersionState.APPROVED:
        raise _error("version", _("Keine offene Berichtigung."), "not_open_correction")
    _audit(
        "minutes.correction_discard",
        version,
        by=by,
        request=request,
        meeting_id=version.meeting_id,
    )
    version.delete()


# --- Action items --------------------------------------------------------------------------------


def _require_owner_can_read(owner: User) -> None:
    if not can_read_steering(owner):
        raise _error(
            "owner",
            _("Verantwortlich kann nur sein, wer Zugang zur Lenkungsgruppe hat."),
            "no_steering_role",
        )


@transaction.atomic
def action_item_create(
    *,
    by: User,
    agenda_item: AgendaItem,
    title: str,
    owner: User,
    due_date: date,
    organisation: Organisation | None = None,
    description: str = "",
    request=None,
) -> ActionItem:
    """Record a task agreed under an agenda item, for ``owner`` acting for
    ``organisation`` (default: the owner's)."""
    _require_coordinator(by)
    _require_minutes_editable(_meeting_of(agenda_item))
    _require_owner_can_read(owner)
    organisation = organisation or owner.organisation
    if organisation is None:
        raise _error("organisation", _("Bitte die Organisation angeben."), "required")
    item = ActionItem(
        agenda_item=agenda_item,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        organisation=organisation,
        due_date=due_date,
    )
    _save(item)
    _audit(
        "action_item.create",
        item,
        by=by,
        request=request,
        meeting_id=agenda_item.meeting_id,
        owner_id=owner.pk,
        organisation_id=organisation.pk,
    )
    return item


ACTION_ITEM_ASSIGNMENT_FIELDS = frozenset({"title", "description", "owner", "organisation"})


@transaction.atomic
def action_item_update(*, by: User, action_item: ActionItem, request=None, **changes) -> ActionItem:
    """Change an action item: its assignment (title, description, owner, organisation)
    while the minutes are open; the due date at any time (reminders follow the new date)."""
    _require_coordinator(by)
    unknown = set(changes) - ACTION_ITEM_ASSIGNMENT_FIELDS - {"due_date"}
    if unknown:
        raise TypeError(f"action_item_update cannot change {sorted(unknown)}")
    if set(changes) & ACTION_ITEM_ASSIGNMENT_FIELDS:
        _require_minutes_editable(_meeting_of(action_item.agenda_item))
    if "owner" in changes:
        _require_owner_can_read(changes["owner"])
    for name, value in changes.items():
        setattr(action_item, name, value.strip() if isinstance(value, str) else value)
    _save(action_item, update_fields=changes)
    if "due_date" in changes or "owner" in changes:
        reminders_cancel(kind=ACTION_ITEM_DUE_SOON, target=action_item)
        reminders_cancel(kind=ACTION_ITEM_OVERDUE, target=action_item)
    _audit("action_item.update", action_item, by=by, request=request, fields=sorted(changes))
    return action_item


@transaction.atomic
def action_item_progress_add(
    *,
    by: User,
    action_item: ActionItem,
    text: str = "",
    status: str | None = None,
    request=None,
) -> ActionItemProgress:
    """Record progress on an action item — by its owner or a coordinator — with a note,
    a new status, or both. Only a coordinator drops an item (the body decides that). A
    closed item gets no more reminders."""
    owner = can_read_steering(by) and action_item.owner_id == by.pk
    if not (owner or is_coordinator(by)):
        raise PermissionDenied
    item = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    status = status or item.status
    if status not in ActionItemStatus.values:
        raise _error("status", _("Unbekannter Status."), "invalid_choice")
    if status == ActionItemStatus.DROPPED and status != item.status and not is_coordinator(by):
        raise PermissionDenied
    if status == item.status and not text.strip():
        raise _error("text", _("Bitte einen Sachstand oder einen neuen Status angeben."), "empty")
    note = ActionItemProgress(
        action_item=item,
        author=by,
        text=text.strip(),
        status_from=item.status if status != item.status else "",
        status_to=status if status != item.status else "",
    )
    _save(note)
    if status != item.status:
        item.status = status
        item.save(update_fields=["status", "modified"])
        action_item.status = status
        if not item.is_open:
            reminders_cancel(kind=ACTION_ITEM_DUE_SOON, target=item)
            reminders_cancel(kind=ACTION_ITEM_OVERDUE, target=item)
    _audit(
        "action_item.progress",
        item,
        by=by,
        request=request,
        status_from=note.status_from,
        status_to=note.status_to,
    )
    return note


# --- Papers --------------------------------------------------------------------------------------


def _file_delete(paper: File) -> None:
    storage, name = paper.file.storage, paper.file.name
    paper.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def file_attach(
    *,
    by: User,
    meeting: Meeting,
    upload,
    agenda_item: AgendaItem | None = None,
    name: str = "",
    request=None,
) -> File:
    """Attach a paper to a meeting or one of its agenda items. Checked by extension and
    content (``steering.files.validate_upload``); refused once the minutes are approved."""
    _require_coordinator(by)
    locked = _locked_meeting(meeting)
    if locked.state in MINUTES_FINAL_STATES or locked.state == MeetingState.CANCELLED:
        raise _error(
            "meeting", _("Dieser Sitzung werden keine Unterlagen mehr beigefügt."), "closed"
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise _error("agenda_item", _("Der Punkt gehört nicht zur Sitzung."), "wrong_meeting")
    file_type = validate_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    paper = File(
        meeting=meeting,
        agenda_item=agenda_item,
        name=(name or upload.name).strip()[:255],
        mime_type=file_type.mime_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    paper.full_clean(exclude=["file"])
    # Stored before the row: a transaction rolled back later leaves an orphan file (harmless,
    # no row points to it), never a row without its file.
    paper.file.save(upload.name, upload, save=False)
    paper.save()
    _audit(
        "file.attach",
        paper,
        by=by,
        request=request,
        meeting_id=meeting.pk,
        agenda_item_id=agenda_item.pk if agenda_item else None,
        mime_type=file_type.mime_type,
        size=paper.size,
    )
    return paper


@transaction.atomic
def file_remove(*, by: User, paper: File, request=None) -> None:
    """Remove a paper (and its stored file) before the minutes are approved."""
    _require_coordinator(by)
    locked = _locked_meeting(paper.meeting)
    if locked.state in MINUTES_FINAL_STATES:
        raise _error("meeting", _("Das Protokoll ist genehmigt."), "minutes_final")
    _audit("file.remove", paper, by=by, request=request, meeting_id=paper.meeting_id)
    _file_delete(paper)


# --- Hurdles -------------------------------------------------------------------------------------


def _hurdle_event(hurdle: Hurdle, *, kind: str, by: User, **fields) -> HurdleEvent:
    event = HurdleEvent(hurdle=hurdle, kind=kind, actor=by, **fields)
    _save(event)
    return event


@transaction.atomic
def hurdle_create(
    *,
    by: User,
    title: str,
    domain: str,
    description: str,
    municipalities: Iterable[Municipality] = (),
    source_reports: Iterable[BarrierReport] = (),
    request=None,
) -> Hurdle:
    """Enter an integration hurdle in the register (status identified), optionally with the
    towns affected and the anonymous barrier reports it was seen in."""
    _require_coordinator(by)
    hurdle = Hurdle(title=title.strip(), domain=domain, description=description.strip())
    _save(hurdle)
    hurdle.municipalities.set(list(municipalities))
    reports = list(source_reports)
    hurdle.source_reports.set(reports)
    _hurdle_event(hurdle, kind=HurdleEventKind.CREATED, by=by, to_status=HurdleStatus.IDENTIFIED)
    _audit(
        "hurdle.create",
        hurdle,
        by=by,
        request=request,
        domain=domain,
        report_count=len(reports),
    )
    return hurdle


HURDLE_EDITABLE_FIELDS = frozenset({"title", "domain", "description"})


@transaction.atomic
def hurdle_update(
    *,
    by: User,
    hurdle: Hurdle,
    municipalities: Iterable[Municipality] | None = None,
    request=None,
    **changes,
) -> Hurdle:
    """Change a hurdle's title, domain, description or towns; what changed becomes an entry
    "Angaben geändert" of its timeline."""
    _require_coordinator(by)
    unknown = set(changes) - HURDLE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"hurdle_update cannot change {sorted(unknown)}")
    changed = [name for name, value in changes.items() if value.strip() != getattr(hurdle, name)]
    for name, value in changes.items():
        setattr(hurdle, name, value.strip())
    _save(hurdle, update_fields=changes)
    if municipalities is not None:
        towns = list(municipalities)
        if {t.pk for t in towns} != set(hurdle.municipalities.values_list("pk", flat=True)):
            changed.append("municipalities")
        hurdle.municipalities.set(towns)
    if changed:
        # The timeline names the fields (codes; the page shows their labels), not the texts.
        _hurdle_event(hurdle, kind=HurdleEventKind.UPDATED, by=by, note=",".join(changed))
    _audit("hurdle.update", hurdle, by=by, request=request, fields=sorted(changed))
    return hurdle


@transaction.atomic
def hurdle_transition(
    *,
    by: User,
    hurdle: Hurdle,
    to_status: str,
    note: str = "",
    working_group: Body | None = None,
    decision: Decision | None = None,
    request=None,
) -> Hurdle:
    """Move a hurdle on (see ``steering.states``). Handing it to a working group needs an
    active ``working_group``; "measure decided" needs an adopted ``decision`` (given here
    or linked before); reopening needs a ``note``. Each step is a timeline entry."""
    _require_coordinator(by)
    locked = Hurdle.objects.select_for_update().get(pk=hurdle.pk)
    hurdle_step_check(from_status=locked.status, to_status=to_status, note=note)
    update = ["status"]
    if to_status == HurdleStatus.IN_WORKING_GROUP:
        if working_group is None or working_group.kind != BodyKind.WORKING_GROUP:
            raise _error(
                "working_group", _("Bitte die Arbeitsgruppe angeben."), "working_group_required"
            )
        if not working_group.is_active_on(timezone.localdate()):
            raise _error("working_group", _("Diese Arbeitsgruppe besteht nicht mehr."), "inactive")
        hurdle.working_group = working_group
        update.append("working_group")
    if decision is not None:
        _require_adopted(decision, field="decision", bodies=[decision.agenda_item.meeting.body_id])
        _hurdle_link_decision(hurdle, decision, by=by)
    if (
        to_status == HurdleStatus.MEASURE_DECIDED
        and not hurdle.decisions.filter(outcome=DecisionOutcome.ADOPTED).exists()
    ):
        raise _error(
            "decision",
            _("Eine Maßnahme gilt erst mit einem angenommenen Beschluss als beschlossen."),
            "decision_required",
        )
    from_status = locked.status
    hurdle.status = to_status
    _save(hurdle, update_fields=update)
    _hurdle_event(
        hurdle,
        kind=HurdleEventKind.STATUS_CHANGED,
        by=by,
        from_status=from_status,
        to_status=to_status,
        note=note.strip(),
        decision=decision,
    )
    _audit(
        "hurdle.transition",
        hurdle,
        by=by,
        request=request,
        from_status=from_status,
        to_status=to_status,
        working_group_id=hurdle.working_group_id,
        decision_id=decision.pk if decision else None,
    )
    return hurdle


def _hurdle_link_decision(hurdle: Hurdle, decision: Decision, *, by: User) -> bool:
    if hurdle.decisions.filter(pk=decision.pk).exists():
        return False
    hurdle.decisions.add(decision)
    _hurdle_event(hurdle, kind=HurdleEventKind.DECISION_LINKED, by=by, decision=decision)
    return True


@transaction.atomic
def hurdle_link_decision(*, by: User, hurdle: Hurdle, decision: Decision, request=None) -> Hurdle:
    """Link a decision taken on the hurdle (once; a timeline entry)."""
    _require_coordinator(by)
    if _hurdle_link_decision(hurdle, decision, by=by):
        _audit("hurdle.link_decision", hurdle, by=by, request=request, decision_id=decision.pk)
    return hurdle


@transaction.atomic
def hurdle_link_action_item(
    *, by: User, hurdle: Hurdle, action_item: ActionItem, request=None
) -> Hurdle:
    """Link an action item working on the hurdle (once; a timeline entry)."""
    _require_coordinator(by)
    if not hurdle.action_items.filter(pk=action_item.pk).exists():
        hurdle.action_items.add(action_item)
        _hurdle_event(
            hurdle, kind=HurdleEventKind.ACTION_ITEM_LINKED, by=by, action_item=action_item
        )
        _audit(
            "hurdle.link_action_item",
            hurdle,
            by=by,
            request=request,
            action_item_id=action_item.pk,
        )
    return hurdle


@transaction.atomic
def hurdle_link_reports(
    *, by: User, hurdle: Hurdle, reports: Iterable[BarrierReport], request=None
) -> Hurdle:
    """Add anonymous barrier reports as sources (the timeline notes how many)."""
    _require_coordinator(by)
    new = [r for r in reports if not hurdle.source_reports.filter(pk=r.pk).exists()]
    if new:
        hurdle.source_reports.add(*new)
        _hurdle_event(hurdle, kind=HurdleEventKind.REPORTS_LINKED, by=by, note=str(len(new)))
        _audit("hurdle.link_reports", hurdle, by=by, request=request, report_count=len(new))
    return hurdle


@transaction.atomic
def hurdle_note_add(*, by: User, hurdle: Hurdle, note: str, request=None) -> HurdleEvent:
    """Add a note to the hurdle's timeline."""
    _require_coordinator(by)
    if not note.strip():
        raise _error("note", _("Bitte einen Vermerk eingeben."), "required")
    event = _hurdle_event(hurdle, kind=HurdleEventKind.NOTE, by=by, note=note.strip())
    Hurdle.objects.filter(pk=hurdle.pk).update(modified=timezone.now())
    _audit("hurdle.note", hurdle, by=by, request=request, event_id=event.pk)
    return event


# --- Calendar token ------------------------------------------------------------------------------


@transaction.atomic
def calendar_token_issue(*, user: User, request=None) -> str:
    """Issue ``user`` a private calendar-feed token and return it (shown once; only its
    digest is stored). An earlier token stops working."""
    if not can_read_steering(user):
        raise PermissionDenied
    now = timezone.now()
    CalendarToken.objects.filter(user=user, revoked_at=None).update(revoked_at=now, modified=now)
    token, digest = CalendarToken.new_token()
    row = CalendarToken.objects.create(user=user, token_digest=digest)
    _audit("calendar_token.issue", row, by=user, request=request)
    return token


# A feed is polled every few minutes by calendar apps: one write an hour is enough to tell
# a member whether the address is still in use.
CALENDAR_TOKEN_USE_GRANULARITY = timedelta(hours=1)


def calendar_token_mark_used(*, token: str) -> bool:
    """Record that an active calendar token was just used (calendar feed or OParl API).
    Writes at most once per ``CALENDAR_TOKEN_USE_GRANULARITY`` per token: one conditional
    UPDATE that matches no row within the hour. Leaves ``modified`` alone (a use is no
    change of the token). True if the time was written."""
    if not token:
        return False
    now = timezone.now()
    return bool(
        CalendarToken.objects.filter(
            Q(last_used_at=None) | Q(last_used_at__lt=now - CALENDAR_TOKEN_USE_GRANULARITY),
            token_digest=calendar_token_digest(token),
            revoked_at=None,
        ).update(last_used_at=now)
    )


@transaction.atomic
def calendar_token_revoke(*, user: User, request=None) -> bool:
    """Revoke the user's calendar token; True if there was one."""
    now = timezone.now()
    rows = list(CalendarToken.objects.filter(user=user, revoked_at=None))
    CalendarToken.objects.filter(pk__in=[r.pk for r in rows]).update(revoked_at=now, modified=now)
    for row in rows:
        _audit("calendar_token.revoke", row, by=user, request=request)
    return bool(rows)
