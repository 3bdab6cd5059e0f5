"""Writes of case management. Every function here validates (``full_clean``) and raises
``ValidationError`` with German (translatable) messages on bad input, ``PermissionDenied``
when ``by`` may not act on the record, and writes one audit event (ids only — the audit
trail is append-only and must never hold personal data). See ``cases.selectors`` for the
access rule and who may see which case.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim_portal.models import Municipality, Reminder, Role, User
from kim_portal.reminder_engine import reminder_schedule
from kim_portal.services import audit_record
from offers.models import Offer

from .choices import (
    AnonymisationReason,
    ClosureReason,
    ContactMode,
    GoalStatus,
    IntakeDecision,
    LifeDomain,
    NeedLevel,
    Partner,
    Phase,
    ReferralStatus,
)
from .models import (
    Appointment,
    Assessment,
    AssessmentEntry,
    BarrierReport,
    Case,
    CaseHandover,
    CasePhaseChange,
    CaseShare,
    Client,
    Consent,
    ContactLogEntry,
    Goal,
    HouseholdMember,
    Referral,
)
from .reminders import CASE_REASSIGNED
from .selectors import (
    CASE_ROLES,
    case_is_visible_to,
    client_is_visible_to,
    consent_valid_for,
    user_leads_team_of,
)
from .states import StepKind, phase_step_check, referral_step_allowed


class ConsentRequiredError(ValidationError):
    """The step shares data with a partner (or continues case management) without a valid
    consent for it. A ``ValidationError``; ``partner`` names what is missing (None: case
    management itself)."""

    def __init__(
        self, message, *, partner: str | None, code: str = "consent_required", params=None
    ):
        super().__init__(message, code=code, params=params)
        self.partner = partner


# --- Helpers ---------------------------------------------------------------------------------


def _audit(action: str, obj, *, by, request, **details) -> None:
    audit_record(action=action, obj=obj, actor=by, request=request, details=details)


def _require_case_access(case: Case, by) -> None:
    if not case_is_visible_to(user=by, case=case):
        raise PermissionDenied


def _require_open(case: Case) -> None:
    if case.phase == Phase.CLOSED:
        raise ValidationError(
            _("Der Fall ist abgeschlossen. Eröffnen Sie ihn erneut, um weiterzuarbeiten."),
            code="case_closed",
        )


def _require_case_role(user, *, field: str = "by") -> None:
    if not (user and user.is_active and user.has_role(*CASE_ROLES)):
        if field == "by":
            raise PermissionDenied
        raise ValidationError(
            {
                field: ValidationError(
                    _("Diese Person arbeitet nicht im Case Management."), code="no_case_role"
                )
            }
        )


def _locked(case: Case) -> Case:
    """The case row, locked for this transaction: phase changes are decided on fresh data."""
    return Case._unscoped.select_for_update().get(pk=case.pk)


def _refresh(case: Case, fresh: Case) -> None:
    for name in (
        "phase",
        "closed_on",
        "closure_reason",
        "evaluation_summary",
        "case_manager_id",
        "organisation_id",
    ):
        setattr(case, name, getattr(fresh, name))


def _case_number_next(year: int) -> str:
    # One atomic UPSERT: concurrent openings get distinct numbers without a lock dance.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_casenumbercounter (year, last_number, modified_at) "
            "VALUES (%s, 1, now()) ON CONFLICT (year) DO UPDATE "
            "SET last_number = cases_casenumbercounter.last_number + 1, modified_at = now() "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"KIM-{year}-{number:05d}"


def _require_no_other_open_case(client_id: int, *, except_case_id: int | None = None) -> None:
    others = Case._unscoped.filter(client_id=client_id).exclude(phase=Phase.CLOSED)
    if except_case_id is not None:
        others = others.exclude(pk=except_case_id)
    if others.exists():
        raise ValidationError(
            _("Für diese Person ist bereits ein Fall offen."), code="open_case_exists"
        )


def _phase_change(
    case: Case, *, from_phase: str, to_phase: str, reason: str, by
) -> CasePhaseChange:
    change = CasePhaseChange(
        case=case, from_phase=from_phase, to_phase=to_phase, reason=reason.strip(), changed_by=by
    )
    change.full_clean()
    change.save()
    return change


# --- Clients -----------------------------------------------------------------------------------


# What client_update may change (everything a form shows; not the case number or metadata).
CLIENT_EDITABLE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "date_of_birth",
        "birth_year",
        "gender",
        "languages",
        "interpreter_needed",
        "country_of_origin",
        "nationality",
        "residence_status",
        "residence_status_detail",
        "residence_permit_valid_from",
        "residence_permit_valid_until",
        "arrived_in_germany_on",
        "arrived_in_district_on",
        "municipality",
        "phone",
        "email",
        "address",
    }
)


@transaction.atomic
def client_create(
    *,
    by: User,
    first_name: str,
    last_name: str,
    municipality: Municipality,
    date_of_birth: date | None = None,
    birth_year: int | None = None,
    gender: str = "",
    languages: Iterable[str] = (),
    interpreter_needed: bool = False,
    country_of_origin: str = "",
    nationality: str = "",
    residence_status: str = "",
    residence_status_detail: str = "",
    residence_permit_valid_from: date | None = None,
    residence_permit_valid_until: date | None = None,
    arrived_in_germany_on: date | None = None,
    arrived_in_district_on: date | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    request=None,
) -> Client:
    """Register a client and give them a new case number (``KIM-<year>-<nnnnn>``). Only
    case managers and team leads; the client is visible to ``by`` until a case is opened."""
    _require_case_role(by)
    client = Client(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        municipality=municipality,
        date_of_birth=date_of_birth,
        birth_year=birth_year,
        gender=gender,
        languages=[code.strip().lower() for code in languages],
        interpreter_needed=interpreter_needed,
        country_of_origin=country_of_origin.strip().upper(),
        nationality=nationality.strip().upper(),
        residence_status=residence_status,
        residence_status_detail=residence_status_detail.strip(),
        residence_permit_valid_from=residence_permit_valid_from,
        residence_permit_valid_until=residence_permit_valid_until,
        arrived_in_germany_on=arrived_in_germany_on,
        arrived_in_district_on=arrived_in_district_on,
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        created_by=by,
        case_number="-",
    )
    client.full_clean(exclude=["case_number"])
    client.case_number = _case_number_next(timezone.localdate().year)
    client.save()
    _audit("client.create", client, by=by, request=request, client_id=client.pk)
    return client


@transaction.atomic
def client_update(*, client: Client, by: User, request=None, **changes) -> Client:
    """Change the client's personal data; keyword names from ``CLIENT_EDITABLE_FIELDS``.
    The audit event lists the changed field names, not their values."""
    unknown = set(changes) - CLIENT_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"client_update() cannot change {', '.join(sorted(unknown))}")
    if not client_is_visible_to(user=by, client=client):
        raise PermissionDenied
    changed = sorted(name for name, value in changes.items() if getattr(client, name) != value)
    for name, value in changes.items():
        setattr(client, name, value)
    client.full_clean()
    client.save()
    _audit("client.update", client, by=by, request=request, client_id=client.pk, fields=changed)
    return client


@transaction.atomic
def household_member_add(
    *,
    client: Client,
    by: User,
    relation: str,
    first_name: str,
    birth_year: int | None = None,
    linked_client: Client | None = None,
    request=None,
) -> HouseholdMember:
    """Add a member to the client's household, optionally linked to another client whom
    ``by`` may see."""
    if not client_is_visible_to(user=by, client=client):
        raise PermissionDenied
    if linked_client is not None and not client_is_visible_to(user=by, client=linked_client):
        raise PermissionDenied
    member = HouseholdMember(
        client=client,
        relation=relation,
        first_name=first_name.strip(),
        birth_year=birth_year,
        linked_client=linked_client,
    )
    member.full_clean()
    member.save()
    _audit("household_member.add", member, by=by, request=request, client_id=client.pk)
    return member


@transaction.atomic
def household_member_remove(*, member: HouseholdMember, by: User, request=None) -> None:
    """Remove a member from the client's household. A linked client stays a client in
    their own right; only the entry goes."""
    if not client_is_visible_to(user=by, client=member.client):
        raise PermissionDenied
    # Audited before the delete, while the row still has its id.
    _audit(
        "household_member.remove",
        member,
        by=by,
        request=request,
        client_id=member.client_id,
    )
    member.delete()


# --- Opening, phases, closing ------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    client: Client,
    case_manager: User,
    by: User,
    opened_on: date | None = None,
    in_district_up_to_3_years: bool = False,
    no_other_case_management: bool = False,
    complex_needs: bool = False,
    request=None,
) -> Case:
    """Open a case in the intake phase (Klärung) with the case-finding criteria. The team
    is the case manager's organisation. ``by`` is the case manager themself or a team lead
    of that organisation. At most one open case per client."""
    _require_case_role(by)
    _require_case_role(case_manager, field="case_manager")
    if case_manager != by and not (
        by.has_role(Role.CASE_TEAM_LEAD) and by.organisation_id == case_manager.organisation_id
    ):
        raise PermissionDenied
    if not client_is_visible_to(user=by, client=client):
        raise PermissionDenied
    if case_manager.organisation_id is None:
        raise ValidationError(
            {
                "case_manager": ValidationError(
                    _("Die Person gehört zu keiner Organisation."), code="no_team"
                )
            }
        )
    _require_no_other_open_case(client.pk)
    case = Case(
        client=client,
        case_manager=case_manager,
        organisation_id=case_manager.organisation_id,
        opened_on=opened_on or timezone.localdate(),
        in_district_up_to_3_years=in_district_up_to_3_years,
        no_other_case_management=no_other_case_management,
        complex_needs=complex_needs,
    )
    case.full_clean()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # Two openings at once: the partial unique index decided.
        raise ValidationError(
            _("Für diese Person ist bereits ein Fall offen."), code="open_case_exists"
        ) from None
    _phase_change(case, from_phase="", to_phase=Phase.INTAKE, reason="", by=by)
    _audit("case.open", case, by=by, request=request, case_id=case.pk, client_id=client.pk)
    return case


@transaction.atomic
def case_intake_decide(
    *,
    case: Case,
    decision: str,
    reason: str,
    by: User,
    decided_on: date | None = None,
    request=None,
) -> Case:
    """Record the intake decision (taken on / not taken on) with its reason. A case not
    taken on is closed at once (closure reason ``not_taken_on``)."""
    _require_case_access(case, by)
    fresh = _locked(case)
    if fresh.phase != Phase.INTAKE:
        raise ValidationError(
            _("Über die Aufnahme wird in der Klärung entschieden."), code="not_in_intake"
        )
    case.intake_decision = decision
    case.intake_decision_reason = reason.strip()
    case.intake_decided_on = decided_on or timezone.localdate()
    case.full_clean()
    case.save(update_fields=["intake_decision", "intake_decision_reason", "intake_decided_on"])
    _audit("case.intake_decide", case, by=by, request=request, case_id=case.pk, decision=decision)
    if decision == IntakeDecision.NOT_TAKEN_ON:
        case_close(case=case, closure_reason=ClosureReason.NOT_TAKEN_ON, by=by, request=request)
    return case


@transaction.atomic
def case_transition(
    *, case: Case, to_phase: str, by: User, reason: str = "", request=None
) -> CasePhaseChange:
    """Move the case one phase forward, or back to an earlier phase with a reason (see
    ``cases.states``). Leaving intake needs the decision "taken on" and a valid consent to
    case management. Closing and reopening: ``case_close`` / ``case_reopen``."""
    _require_case_access(case, by)
    fresh = _locked(case)
    kind = phase_step_check(from_phase=fresh.phase, to_phase=to_phase, reason=reason)
    if kind == StepKind.FORWARD and fresh.phase == Phase.INTAKE:
        if fresh.intake_decision != IntakeDecision.TAKEN_ON:
            raise ValidationError(
                _("Der Fall wurde in der Klärung noch nicht aufgenommen."), code="not_taken_on"
            )
        if not consent_valid_for(case=fresh, partner=None):
            raise ConsentRequiredError(
                _("Es liegt keine gültige Einwilligung in das Case Management vor."), partner=None
            )
    change = _phase_change(fresh, from_phase=fresh.phase, to_phase=to_phase, reason=reason, by=by)
    fresh.phase = to_phase
    fresh.save(update_fields=["phase"])
    _refresh(case, fresh)
    _audit(
        "case.transition",
        case,
        by=by,
        request=request,
        case_id=case.pk,
        from_phase=change.from_phase,
        to_phase=change.to_phase,
        kind=str(kind),
    )
    return change


@transaction.atomic
def case_close(
    *,
    case: Case,
    closure_reason: str,
    by: User,
    evaluation_summary: str = "",
    closed_on: date | None = None,
    request=None,
) -> CasePhaseChange:
    """Close the case (Abschluss) from any phase with a closure reason and, usually, the
    evaluation summary. Clears the follow-up date."""
    _require_case_access(case, by)
    fresh = _locked(case)
    _require_open(fresh)
    if closure_reason not in ClosureReason.values:
        raise ValidationError(
            {
                "closure_reason": ValidationError(
                    _("Bitte einen Abschlussgrund angeben."), code="required"
                )
            }
        )
    from_phase = fresh.phase
    fresh.phase = Phase.CLOSED
    fresh.closure_reason = closure_reason
    fresh.closed_on = closed_on or timezone.localdate()
    fresh.evaluation_summary = evaluation_summary.strip() or fresh.evaluation_summary
    fresh.next_follow_up_at = None
    fresh.full_clean()
    fresh.save(
        update_fields=[
            "phase",
            "closure_reason",
            "closed_on",
            "evaluation_summary",
            "next_follow_up_at",
        ]
    )
    change = _phase_change(fresh, from_phase=from_phase, to_phase=Phase.CLOSED, reason="", by=by)
    change.closure_reason = closure_reason
    change.save(update_fields=["closure_reason"])
    _refresh(case, fresh)
    case.next_follow_up_at = None
    from .reminders import case_reminders_cancel

    case_reminders_cancel(case=fresh)
    _audit(
        "case.close",
        case,
        by=by,
        request=request,
        case_id=case.pk,
        from_phase=from_phase,
        closure_reason=closure_reason,
    )
    return change


@transaction.atomic
def case_reopen(
    *, case: Case, reason: str, by: User, to_phase: str | None = None, request=None
) -> CasePhaseChange:
    """Reopen a closed case with a reason, in ``to_phase`` (default: the phase it was
    closed from). Refused while the client has another open case."""
    _require_case_access(case, by)
    fresh = _locked(case)
    if fresh.phase != Phase.CLOSED:
        raise ValidationError(
            _("Nur ein abgeschlossener Fall kann wieder eröffnet werden."), code="not_closed"
        )
    if not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Bitte begründen, warum der Fall wieder eröffnet wird."),
                    code="reason_required",
                )
            }
        )
    if to_phase is None:
        last_close = (
            CasePhaseChange._unscoped.filter(case=fresh, to_phase=Phase.CLOSED)
            .order_by("-changed_at", "-pk")
            .first()
        )
        to_phase = (last_close.from_phase if last_close else "") or Phase.INTAKE
    if to_phase not in Phase.values or to_phase == Phase.CLOSED:
        raise ValidationError(
            {"to_phase": ValidationError(_("Ungültige Phase."), code="invalid_phase")}
        )
    _require_no_other_open_case(fresh.client_id, except_case_id=fresh.pk)
    fresh.phase = to_phase
    fresh.closed_on = None
    fresh.closure_reason = ""
    fresh.full_clean()
    try:
        with transaction.atomic():
            fresh.save(update_fields=["phase", "closed_on", "closure_reason"])
    except IntegrityError:
        raise ValidationError(
            _("Für diese Person ist bereits ein Fall offen."), code="open_case_exists"
        ) from None
    change = _phase_change(fresh, from_phase=Phase.CLOSED, to_phase=to_phase, reason=reason, by=by)
    _refresh(case, fresh)
    _audit("case.reopen", case, by=by, request=request, case_id=case.pk, to_phase=to_phase)
    return change


@transaction.atomic
def follow_up_set(*, case: Case, on: date | None, by: User, request=None) -> Case:
    """Set (or with ``on=None`` clear) the next follow-up date; the case manager is
    reminded on that day at 08:00."""
    _require_case_access(case, by)
    _require_open(case)
    if on is not None and on < timezone.localdate():
        raise ValidationError(
            {
                "next_follow_up_at": ValidationError(
                    _("Die Wiedervorlage darf nicht in der Vergangenheit liegen."), code="past_date"
                )
            }
        )
    case.next_follow_up_at = on
    case.save(update_fields=["next_follow_up_at"])
    _audit("case.follow_up_set", case, by=by, request=request, case_id=case.pk)
    return case


# --- Sharing and reassignment ------------------------------------------------------------------


@transaction.atomic
def case_share(*, case: Case, with_user: User, by: User, request=None) -> CaseShare:
    """Share the case with another case manager (they can then see and work on it). By the
    case manager or a team lead of the case's team."""
    if not (case.case_manager_id == by.pk or user_leads_team_of(user=by, case=case)):
        raise PermissionDenied
    _require_case_access(case, by)
    _require_case_role(with_user, field="with_user")
    if with_user.pk == case.case_manager_id:
        raise ValidationError(
            {
                "with_user": ValidationError(
                    _("Der Fall ist dieser Person bereits zugewiesen."), code="is_case_manager"
                )
            }
        )
    share, created = CaseShare._unscoped.get_or_create(
        case=case, shared_with=with_user, defaults={"shared_by": by}
    )
    if created:
        _audit(
            "case.share", case, by=by, request=request, case_id=case.pk, shared_with_id=with_user.pk
        )
    return share


@transaction.atomic
def case_unshare(*, case: Case, with_user: User, by: User, request=None) -> bool:
    """End a share. Returns False if there was none."""
    if not (case.case_manager_id == by.pk or user_leads_team_of(user=by, case=case)):
        raise PermissionDenied
    deleted, _rows = CaseShare._unscoped.filter(case=case, shared_with=with_user).delete()
    if deleted:
        _audit(
            "case.unshare",
            case,
            by=by,
            request=request,
            case_id=case.pk,
            shared_with_id=with_user.pk,
        )
    return bool(deleted)


@transaction.atomic
def case_reassign(
    *, case: Case, to_user: User, by: User, note: str = "", request=None
) -> CaseHandover:
    """Hand the case over to another case manager of the same team; only a team lead of
    the team. Records the handover note and notifies the previous and the new case manager
    in the portal (and by email, through the reminder engine)."""
    if not user_leads_team_of(user=by, case=case):
        raise PermissionDenied
    _require_case_role(to_user, field="to_user")
    fresh = _locked(case)
    if to_user.organisation_id != fresh.organisation_id:
        raise ValidationError(
            {
                "to_user": ValidationError(
                    _(
                        "Übergaben an andere Teams: Fall abschließen (übergeben) und dort neu "
                        "eröffnen."
                    ),
                    code="other_team",
                )
            }
        )
    if to_user.pk == fresh.case_manager_id:
        raise ValidationError(
            {
                "to_user": ValidationError(
                    _("Der Fall ist dieser Person bereits zugewiesen."), code="is_case_manager"
                )
            }
        )
    previous = fresh.case_manager
    handover = CaseHandover(
        case=fresh, from_user=previous, to_user=to_user, note=note.strip(), handed_over_by=by
    )
    handover.full_clean()
    handover.save()
    fresh.case_manager = to_user
    fresh.save(update_fields=["case_manager"])
    CaseShare._unscoped.filter(case=fresh, shared_with=to_user).delete()
    _refresh(case, fresh)
    case.case_manager = to_user
    now = timezone.now()
    for recipient in (previous, to_user):
        reminder_schedule(kind=CASE_REASSIGNED, target=handover, due_at=now, recipient=recipient)
    _audit(
        "case.reassign",
        case,
        by=by,
        request=request,
        case_id=case.pk,
        from_user_id=previous.pk,
        to_user_id=to_user.pk,
    )
    return handover


# --- Consent -------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    case: Case,
    by: User,
    given_on: date,
    form: str,
    covers_case_management: bool,
    partners: Iterable[str] = (),
    request=None,
) -> Consent:
    """Record a consent: to case management itself and/or to data exchange with the named
    partners (``Partner`` values)."""
    _require_case_access(case, by)
    _require_open(case)
    consent = Consent(
        case=case,
        given_on=given_on,
        form=form,
        covers_case_management=covers_case_management,
        partners=list(partners),
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    _audit(
        "consent.record",
        consent,
        by=by,
        request=request,
        case_id=case.pk,
        covers_case_management=covers_case_management,
        partners=sorted(consent.partners),
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, consent: Consent, by: User, withdrawn_on: date | None = None, request=None
) -> Consent:
    """Record the withdrawal of a consent (whole; from ``withdrawn_on``, default today).
    From that day on, referrals to its partners cannot move on (``referral_set_status``)."""
    _require_case_access(consent.case, by)
    if consent.withdrawn_on is not None:
        raise ValidationError(
            _("Diese Einwilligung ist bereits widerrufen."), code="already_withdrawn"
        )
    consent.withdrawn_on = withdrawn_on or timezone.localdate()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    _audit("consent.withdraw", consent, by=by, request=request, case_id=consent.case_id)
    return consent


# --- Assessment and goals ------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainAssessment:
    """Input of ``assessment_record``: the situation in one life domain."""

    domain: LifeDomain | str
    need_level: NeedLevel | str
    situation: str = ""
    resources: str = ""
    client_priority: int | None = None


@transaction.atomic
def assessment_record(
    *, case: Case, by: User, assessed_on: date, entries: Iterable[DomainAssessment], request=None
) -> Assessment:
    """Record a dated assessment with one entry per life domain looked at (each domain at
    most once). Repeated assessments show change over time
    (``cases.selectors.assessment_domain_history``)."""
    _require_case_access(case, by)
    _require_open(case)
    entries = list(entries)
    if not entries:
        raise ValidationError(
            _("Bitte mindestens einen Lebensbereich einschätzen."), code="no_entries"
        )
    domains = [str(entry.domain) for entry in entries]
    if len(set(domains)) != len(domains):
        raise ValidationError(
            _("Jeden Lebensbereich nur einmal einschätzen."), code="duplicate_domain"
        )
    if assessed_on > timezone.localdate():
        raise ValidationError(
            {
                "assessed_on": ValidationError(
                    _("Das Datum darf nicht in der Zukunft liegen."), code="future_date"
                )
            }
        )
    assessment = Assessment(case=case, assessed_on=assessed_on, recorded_by=by)
    assessment.full_clean()
    assessment.save()
    rows = []
    for entry in entries:
        row = AssessmentEntry(
            assessment=assessment,
            domain=entry.domain,
            need_level=entry.need_level,
            situation=entry.situation.strip(),
            resources=entry.resources.strip(),
            client_priority=entry.client_priority,
        )
        row.full_clean(exclude=["assessment"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    AssessmentEntry._unscoped.bulk_create(rows)
    _audit(
        "assessment.record",
        assessment,
        by=by,
        request=request,
        case_id=case.pk,
        domains=sorted(domains),
    )
    return assessment


@transaction.atomic
def goal_agree(
    *,
    case: Case,
    by: User,
    domain: str,
    text: str,
    agreed_on: date | None = None,
    target_date: date | None = None,
    responsible: str = "",
    request=None,
) -> Goal:
    """Record a goal agreed with the client (Zielvereinbarung)."""
    _require_case_access(case, by)
    _require_open(case)
    goal = Goal(
        case=case,
        domain=domain,
        text=text.strip(),
        agreed_on=agreed_on or timezone.localdate(),
        target_date=target_date,
        responsible=responsible.strip(),
        recorded_by=by,
    )
    goal.full_clean()
    goal.save()
    _audit("goal.agree", goal, by=by, request=request, case_id=case.pk, domain=domain)
    return goal


_UNCHANGED = object()


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    by: User,
    status: str | None = None,
    text: str | None = None,
    target_date=_UNCHANGED,
    responsible: str | None = None,
    attainment_note: str | None = None,
    request=None,
) -> Goal:
    """Change a goal: its status (e.g. at evaluation), text, target date, responsible or
    the note on its attainment. Arguments left out stay as they are."""
    _require_case_access(goal.case, by)
    _require_open(goal.case)
    changed = []
    for name, value in (
        ("status", status),
        ("text", text),
        ("responsible", responsible),
        ("attainment_note", attainment_note),
    ):
        if value is not None:
            setattr(goal, name, value.strip() if name != "status" else value)
            changed.append(name)
    if target_date is not _UNCHANGED:
        goal.target_date = target_date
        changed.append("target_date")
    if status is not None and status not in GoalStatus.values:
        raise ValidationError(
            {"status": ValidationError(_("Ungültiger Status."), code="invalid_choice")}
        )
    goal.modified_at = timezone.now()
    goal.full_clean()
    goal.save(update_fields=[*changed, "modified_at"])
    _audit(
        "goal.update",
        goal,
        by=by,
        request=request,
        case_id=goal.case_id,
        fields=changed,
        status=goal.status,
    )
    return goal


# --- Referrals -----------------------------------------------------------------------------------


def _require_partner_consent(case: Case, partner: str, on: date) -> None:
    if partner and not consent_valid_for(case=case, partner=partner, on=on):
        raise ConsentRequiredError(
            _("Für den Datenaustausch mit „%(partner)s“ liegt keine gültige Einwilligung vor."),
            partner=partner,
            params={"partner": Partner(partner).label},
        )


@transaction.atomic
def referral_create(
    *,
    case: Case,
    by: User,
    offer: Offer | None = None,
    external_service: str = "",
    partner: str = "",
    domain: str = "",
    note: str = "",
    request=None,
) -> Referral:
    """Propose a referral to a published offer or an external service. ``partner`` is the
    body the client's data goes to, if any: then a valid consent for it is required
    (``ConsentRequiredError``, a ``ValidationError``, says which)."""
    _require_case_access(case, by)
    _require_open(case)
    if offer is not None and offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(
            {
                "offer": ValidationError(
                    _("Vermittelt werden kann nur an veröffentlichte Angebote."),
                    code="offer_not_published",
                )
            }
        )
    if partner and partner not in Partner.values:
        raise ValidationError(
            {"partner": ValidationError(_("Ungültige Stelle."), code="invalid_choice")}
        )
    _require_partner_consent(case, partner, timezone.localdate())
    referral = Referral(
        case=case,
        offer=offer,
        external_service=external_service.strip(),
        partner=partner,
        domain=domain,
        note=note.strip(),
        created_by=by,
    )
    referral.full_clean()
    referral.save()
    _audit(
        "referral.create",
        referral,
        by=by,
        request=request,
        case_id=case.pk,
        offer_id=offer.pk if offer else None,
        partner=partner,
    )
    return referral


@transaction.atomic
def referral_set_status(*, referral: Referral, status: str, by: User, request=None) -> Referral:
    """Move a referral on (proposed → contacted → accepted | waiting → started → completed,
    or dropped from any open status). Every step but dropping needs valid consent for the
    referral's partner on that day: a withdrawn consent stops the referral."""
    _require_case_access(referral.case, by)
    fresh = Referral._unscoped.select_for_update().get(pk=referral.pk)
    if not referral_step_allowed(from_status=fresh.status, to_status=status):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Von „%(from)s“ kann die Vermittlung nicht zu „%(to)s“ wechseln."),
                    code="transition_not_allowed",
                    params={
                        "from": ReferralStatus(fresh.status).label,
                        "to": ReferralStatus(status).label
                        if status in ReferralStatus.values
                        else status,
                    },
                )
            }
        )
    if status != ReferralStatus.DROPPED:
        _require_partner_consent(referral.case, fresh.partner, timezone.localdate())
    previous = fresh.status
    referral.status = status
    referral.status_changed_at = timezone.now()
    referral.save(update_fields=["status", "status_changed_at"])
    _audit(
        "referral.set_status",
        referral,
        by=by,
        request=request,
        case_id=referral.case_id,
        from_status=previous,
        to_status=status,
    )
    return referral


# --- Contacts and appointments -------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *,
    case: Case,
    by: User,
    occurred_at: datetime,
    duration_minutes: int,
    mode: str,
    interpreter_used: bool = False,
    participants: str = "",
    note: str = "",
    request=None,
) -> ContactLogEntry:
    """Log a contact (note up to 20,000 characters). ``occurred_at`` must be aware."""
    _require_case_access(case, by)
    _require_open(case)
    if timezone.is_naive(occurred_at):
        raise ValueError("occurred_at must be an aware datetime")
    if mode not in ContactMode.values:
        raise ValidationError(
            {"mode": ValidationError(_("Ungültige Kontaktart."), code="invalid_choice")}
        )
    entry = ContactLogEntry(
        case=case,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        mode=mode,
        interpreter_used=interpreter_used,
        participants=participants.strip(),
        note=note,
        created_by=by,
    )
    entry.full_clean()
    entry.save()
    _audit("contact.log", entry, by=by, request=request, case_id=case.pk, mode=mode)
    return entry


@transaction.atomic
def appointment_create(
    *, case: Case, by: User, at: datetime, title: str, note: str = "", request=None
) -> Appointment:
    """Add an appointment (``at`` aware) with its title or place."""
    _require_case_access(case, by)
    _require_open(case)
    if timezone.is_naive(at):
        raise ValueError("at must be an aware datetime")
    appointment = Appointment(
        case=case, at=at, title=title.strip(), note=note.strip(), created_by=by
    )
    appointment.full_clean()
    appointment.save()
    _audit("appointment.create", appointment, by=by, request=request, case_id=case.pk)
    return appointment


# --- Barrier reports -----------------------------------------------------------------------------


def _names_in(text: str, client: Client) -> list[str]:
    names = {client.first_name, client.last_name}
    names |= set(
        HouseholdMember._unscoped.filter(client=client).values_list("first_name", flat=True)
    )
    words = {part for name in names for part in re.split(r"[\s\-]+", name or "") if len(part) >= 2}
    return sorted(w for w in words if re.search(rf"\b{re.escape(w)}\b", text, flags=re.IGNORECASE))


@transaction.atomic
def barrier_report_create(
    *,
    case: Case,
    by: User,
    domain: str,
    text: str,
    month: date | None = None,
    municipality: Municipality | None = None,
    confirmed: bool = False,
    request=None,
) -> BarrierReport:
    """Report an integration hurdle seen in ``case`` — anonymously: the report keeps only
    domain, town (default: the client's), month (default: this one) and text, and no link
    to the case. A text naming the client or a household member is refused
    (``ValidationError`` code ``contains_client_name``) unless ``confirmed``."""
    _require_case_access(case, by)
    client = Client._unscoped.get(pk=case.client_id)
    found = _names_in(text, client)
    if found and not confirmed:
        raise ValidationError(
            {
                "text": ValidationError(
                    _(
                        "Der Text enthält einen Namen aus dem Fall (%(names)s). Hürdenmeldungen "
                        "sind anonym: bitte den Namen entfernen."
                    ),
                    code="contains_client_name",
                    params={"names": ", ".join(found)},
                )
            }
        )
    month = (month or timezone.localdate()).replace(day=1)
    report = BarrierReport(
        domain=domain,
        municipality=municipality or client.municipality,
        month=month,
        text=text.strip(),
        organisation_id=by.organisation_id,
    )
    report.full_clean()
    report.save()
    # No case id here: the report must not be linkable to the case, not even via the log.
    _audit("barrier_report.create", report, by=by, request=request, domain=domain)
    return report


# --- Erasure and retention -----------------------------------------------------------------------


@dataclass
class AnonymisationReport:
    """What an erasure or a retention run did (counts and ids only)."""

    cutoff: date | None = None
    client_ids: list[int] = field(default_factory=list)
    cases: int = 0
    household_members_deleted: int = 0
    appointments_deleted: int = 0
    shares_deleted: int = 0
    notifications_deleted: int = 0

    @property
    def clients(self) -> int:
        return len(self.client_ids)


def _month(field_name: str):
    return TruncMonth(field_name)


def _client_anonymise(client: Client, *, reason: str, report: AnonymisationReport) -> None:
    """Remove the client's personal data everywhere; keep anonymous statistics (phase, town,
    domains, need levels, goal statuses, referral outcomes, closure reason, residence
    status, gender, five-year birth group, dates at month precision)."""
    case_ids = list(Case._unscoped.filter(client=client).values_list("pk", flat=True))
    # Notifications first: their targets are about to lose their data (texts hold case
    # numbers only, but the bell must not lead to an emptied case).
    targets = [(Client, [client.pk]), (Case, case_ids)]
    targets.append(
        (
            CaseHandover,
            list(CaseHandover._unscoped.filter(case_id__in=case_ids).values_list("pk", flat=True)),
        )
    )
    reminder_filter = Q(pk__in=[])
    for model, ids in targets:
        if ids:
            reminder_filter |= Q(
                target_type=ContentType.objects.get_for_model(model),
                target_id__in=[str(i) for i in ids],
            )
    report.notifications_deleted += Reminder.objects.filter(reminder_filter).delete()[0]
    report.household_members_deleted += HouseholdMember._unscoped.filter(client=client).delete()[0]
    HouseholdMember._unscoped.filter(linked_client=client).update(linked_client=None)
    report.appointments_deleted += Appointment._unscoped.filter(case_id__in=case_ids).delete()[0]
    report.shares_deleted += CaseShare._unscoped.filter(case_id__in=case_ids).delete()[0]
    CasePhaseChange._unscoped.filter(case_id__in=case_ids).update(
        reason="", changed_at=_month("changed_at")
    )
    CaseHandover._unscoped.filter(case_id__in=case_ids).update(
        note="", handed_over_at=_month("handed_over_at")
    )
    Consent._unscoped.filter(case_id__in=case_ids).update(
        given_on=_month("given_on"),
        withdrawn_on=_month("withdrawn_on"),
        recorded_at=_month("recorded_at"),
    )
    Assessment._unscoped.filter(case_id__in=case_ids).update(
        assessed_on=_month("assessed_on"), recorded_at=_month("recorded_at")
    )
    AssessmentEntry._unscoped.filter(assessment__case_id__in=case_ids).update(
        situation="", resources=""
    )
    Goal._unscoped.filter(case_id__in=case_ids).update(
        text="",
        responsible="",
        attainment_note="",
        agreed_on=_month("agreed_on"),
        target_date=_month("target_date"),
        modified_at=_month("modified_at"),
    )
    Referral._unscoped.filter(case_id__in=case_ids, offer__isnull=True).update(external_service="–")
    Referral._unscoped.filter(case_id__in=case_ids).exclude(offer__isnull=True).update(
        external_service=""
    )
    Referral._unscoped.filter(case_id__in=case_ids).update(
        note="", created_at=_month("created_at"), status_changed_at=_month("status_changed_at")
    )
    ContactLogEntry._unscoped.filter(case_id__in=case_ids).update(
        note="", participants="", occurred_at=_month("occurred_at"), created_at=_month("created_at")
    )
    report.cases += Case._unscoped.filter(pk__in=case_ids).update(
        intake_decision_reason="",
        evaluation_summary="",
        next_follow_up_at=None,
        opened_on=_month("opened_on"),
        closed_on=_month("closed_on"),
        intake_decided_on=_month("intake_decided_on"),
        created_at=_month("created_at"),
    )
    group = client.birth_year_group
    if group is None and (client.birth_year or client.date_of_birth):
        year = client.birth_year or client.date_of_birth.year
        group = year - year % 5
    Client._unscoped.filter(pk=client.pk).update(
        first_name="",
        last_name="",
        date_of_birth=None,
        birth_year=None,
        birth_year_group=group,
        languages=[],
        country_of_origin="",
        nationality="",
        residence_status_detail="",
        residence_permit_valid_from=None,
        residence_permit_valid_until=None,
        arrived_in_germany_on=_month("arrived_in_germany_on"),
        arrived_in_district_on=_month("arrived_in_district_on"),
        phone="",
        email="",
        address="",
        created_at=_month("created_at"),
        anonymised_at=timezone.now(),
        anonymisation_reason=reason,
    )
    report.client_ids.append(client.pk)


@transaction.atomic
def client_erase(*, client: Client, by: User, request=None) -> AnonymisationReport:
    """Erase one person on request (GDPR Art. 17): their personal data is removed from the
    client, household, every case record and the notifications about them; anonymous
    statistics remain. Only a team lead of a team that holds a case of the client (or,
    for a client without a case, the person who registered them); all cases must be
    closed first (``case_close`` with reason ``consent_withdrawn``)."""
    client = Client._unscoped.select_for_update().get(pk=client.pk)
    if client.anonymised_at is not None:
        raise ValidationError(
            _("Die Daten dieser Person sind bereits gelöscht."), code="already_anonymised"
        )
    cases = list(Case._unscoped.filter(client=client))
    allowed = (
        any(user_leads_team_of(user=by, case=case) for case in cases)
        if cases
        else client.created_by_id == by.pk
    )
    if not allowed:
        raise PermissionDenied
    if any(case.phase != Phase.CLOSED for case in cases):
        raise ValidationError(
            _("Bitte zuerst den offenen Fall abschließen (z. B. „Einwilligung widerrufen“)."),
            code="case_open",
        )
    report = AnonymisationReport()
    _client_anonymise(client, reason=AnonymisationReason.ERASURE, report=report)
    _audit(
        "client.erase",
        client,
        by=by,
        request=request,
        client_id=client.pk,
        case_ids=[c.pk for c in cases],
    )
    return report


def cases_anonymise_closed(
    *, older_than: timedelta | None = None, now: datetime | None = None
) -> AnonymisationReport:
    """Retention job: anonymise every client whose cases are all closed and whose last case
    closed at least ``older_than`` ago (default ``settings.CASES_RETENTION_DAYS``, 1095
    days = 3 years), and clients registered that long ago who never got a case. One
    transaction per client, so a failure leaves the others done. Returns what it did."""
    if older_than is None:
        older_than = timedelta(days=getattr(settings, "CASES_RETENTION_DAYS", 1095))
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - older_than
    report = AnonymisationReport(cutoff=cutoff)
    open_case = Case._unscoped.filter(client=OuterRef("pk")).exclude(phase=Phase.CLOSED)
    recent_case = Case._unscoped.filter(client=OuterRef("pk"), closed_on__gt=cutoff)
    any_case = Case._unscoped.filter(client=OuterRef("pk"))
    candidates = (
        Client._unscoped.filter(anonymised_at__isnull=True)
        .exclude(Exists(open_case))
        .exclude(Exists(recent_case))
        .filter(Q(Exists(any_case)) | Q(created_at__date__lte=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for client_id in list(candidates):
        with transaction.atomic():
            client = (
                Client._unscoped.select_for_update()
                .filter(pk=client_id, anonymised_at__isnull=True)
                .first()
            )
            if (
                client is None
                or Case._unscoped.filter(client=client).exclude(phase=Phase.CLOSED).exists()
            ):
                continue  # anonymised or reopened meanwhile
            _client_anonymise(client, reason=AnonymisationReason.RETENTION, report=report)
            audit_record(
                action="client.anonymise",
                obj=client,
                details={"client_id": client.pk, "reason": AnonymisationReason.RETENTION.value},
            )
    return report
