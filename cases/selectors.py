"""Reads of case management: the only way to client data (GDPR Art. 9).

**The rule.** Client-data models (``cases.models.CLIENT_DATA_MODELS``: clients, household
members, cases and everything recorded in a case) are read through the selectors in this
module and written through the services in ``cases.services`` — by every view, export, API,
task and management command. Their ``objects`` manager is closed (it raises
``UnscopedQueryError``); these two modules use the private ``_unscoped`` manager and scope
every query in the database to what the user may see. ``tests/cases/test_query_guard.py``
scans the source tree and fails on any other use (``Model.objects``, ``_unscoped``,
``_default_manager``, raw SQL on ``cases_*`` tables, ``apps.get_model("cases", …)``).

**Who sees what.** A ``case_manager`` sees the cases assigned to them and those shared with
them (``CaseShare``); a ``case_team_lead`` additionally every case of their team, i.e. their
organisation (see ``Case``). Everyone else — coordination, steering group, provider
editors, superusers without a case role — sees nothing. Anonymised clients and their cases
are visible to nobody (they only feed statistics).

**Audit.** A selector returning one record writes a ``<entity>.read`` audit event; one
returning a list writes one ``<entity>.list`` event per call (not per row). Events hold ids
only, never personal data. Helpers that return no client data (``consent_valid_for``,
``case_is_visible_to``) are not audited.

One-record selectors raise ``Http404`` for records the user may not see, so ids reveal
nothing. List selectors for a case return an empty queryset for a case the user may not see.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kim_portal.models import AuditEvent, Role
from kim_portal.services import audit_record

from .choices import LifeDomain, Partner, Phase
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

CASE_ROLES = (Role.CASE_MANAGER, Role.CASE_TEAM_LEAD)


# --- Scoping (no audit; the building blocks of every read and write) ---------------------


def _case_scope_q(user) -> Q | None:
    """The condition on ``Case`` rows the user may see, or None for none at all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not user.has_role(*CASE_ROLES):
        return None
    shared = Exists(CaseShare._unscoped.filter(case=OuterRef("pk"), shared_with=user))
    condition = Q(case_manager=user) | Q(shared)
    if user.has_role(Role.CASE_TEAM_LEAD) and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return condition & Q(client__anonymised_at__isnull=True)


def cases_scope(*, user) -> QuerySet[Case]:
    """The cases ``user`` may see, unaudited: for composing other selectors and for the
    permission checks of services. Views use ``cases_visible_to``."""
    condition = _case_scope_q(user)
    if condition is None:
        return Case._unscoped.none()
    return Case._unscoped.filter(condition)


def case_is_visible_to(*, user, case: Case) -> bool:
    """True if ``user`` may see (and work on) ``case``."""
    return cases_scope(user=user).filter(pk=case.pk).exists()


def user_leads_team_of(*, user, case: Case) -> bool:
    """True if ``user`` is a team lead of the case's team (its organisation)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_role(Role.CASE_TEAM_LEAD)
        and user.organisation_id
        and user.organisation_id == case.organisation_id
    )


def _clients_scope(user) -> QuerySet[Client]:
    condition = _case_scope_q(user)
    if condition is None:
        return Client._unscoped.none()
    visible_case = Case._unscoped.filter(condition, client=OuterRef("pk"))
    any_case = Case._unscoped.filter(client=OuterRef("pk"))
    # A client without any case yet is visible to whoever created them (until case_open).
    return Client._unscoped.filter(
        Q(Exists(visible_case)) | (Q(created_by=user) & ~Q(Exists(any_case))),
        anonymised_at__isnull=True,
    )


def client_is_visible_to(*, user, client: Client) -> bool:
    return _clients_scope(user).filter(pk=client.pk).exists()


def _audit(action: str, *, user, request, object_type: str, object_id="", **details) -> None:
    audit_record(
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor=user,
        request=request,
        details=details,
    )


def _for_case(model, *, user, case: Case) -> QuerySet:
    return model._unscoped.filter(case_id=case.pk, case__in=cases_scope(user=user))


# --- Cases and clients --------------------------------------------------------------------


def cases_visible_to(*, user, request=None) -> QuerySet[Case]:
    """The cases the user may see (client, case manager and team joined), newest first.
    Audited as one ``case.list`` event."""
    _audit("case.list", user=user, request=request, object_type="cases.case")
    return cases_scope(user=user).select_related("client__municipality", "case_manager")


def case_for_user(*, user, pk: int, request=None) -> Case:
    """One case the user may see, or Http404 (also for cases of others). Audited as
    ``case.read``."""
    try:
        case = (
            cases_scope(user=user)
            .select_related("client__municipality", "case_manager", "organisation")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _audit(
        "case.read",
        user=user,
        request=request,
        object_type="cases.case",
        object_id=case.pk,
        case_id=case.pk,
        client_id=case.client_id,
    )
    return case


def clients_visible_to(*, user, request=None) -> QuerySet[Client]:
    """The clients the user may see: those with a case the user may see, and clients the
    user created who have no case yet. Audited as one ``client.list`` event."""
    _audit("client.list", user=user, request=request, object_type="cases.client")
    return _clients_scope(user).select_related("municipality")


def client_for_user(*, user, pk: int, request=None) -> Client:
    """One client the user may see, or Http404. Audited as ``client.read``."""
    try:
        client = _clients_scope(user).select_related("municipality").get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _audit(
        "client.read",
        user=user,
        request=request,
        object_type="cases.client",
        object_id=client.pk,
        client_id=client.pk,
    )
    return client


def household_members_for_client(*, user, client: Client, request=None):
    """The members of the client's household (empty if the client is not visible)."""
    _audit(
        "household_member.list",
        user=user,
        request=request,
        object_type="cases.householdmember",
        client_id=client.pk,
    )
    return HouseholdMember._unscoped.filter(
        client_id=client.pk, client__in=_clients_scope(user)
    ).select_related("linked_client")


def _case_list(model, action: str, *, user, case: Case, request) -> QuerySet:
    _audit(
        action,
        user=user,
        request=request,
        object_type=model._meta.label_lower,
        case_id=case.pk,
        client_id=case.client_id,
    )
    return _for_case(model, user=user, case=case)


def phase_changes_for_case(*, user, case: Case, request=None) -> QuerySet[CasePhaseChange]:
    """The case's phase history, oldest first."""
    return _case_list(
        CasePhaseChange, "case_phase_change.list", user=user, case=case, request=request
    ).select_related("changed_by")


def shares_for_case(*, user, case: Case, request=None) -> QuerySet[CaseShare]:
    """Who else the case is shared with."""
    return _case_list(
        CaseShare, "case_share.list", user=user, case=case, request=request
    ).select_related("shared_with", "shared_by")


def handovers_for_case(*, user, case: Case, request=None) -> QuerySet[CaseHandover]:
    """The case's reassignments with their handover notes, oldest first."""
    return _case_list(
        CaseHandover, "case_handover.list", user=user, case=case, request=request
    ).select_related("from_user", "to_user", "handed_over_by")


def consents_for_case(*, user, case: Case, request=None) -> QuerySet[Consent]:
    """The case's consents, newest first."""
    return _case_list(Consent, "consent.list", user=user, case=case, request=request)


def assessments_for_case(*, user, case: Case, request=None) -> QuerySet[Assessment]:
    """The case's assessments, oldest first, with their entries prefetched."""
    return _case_list(
        Assessment, "assessment.list", user=user, case=case, request=request
    ).prefetch_related(Prefetch("entries", queryset=AssessmentEntry._unscoped.order_by("domain")))


def goals_for_case(*, user, case: Case, request=None) -> QuerySet[Goal]:
    return _case_list(Goal, "goal.list", user=user, case=case, request=request)


def referrals_for_case(*, user, case: Case, request=None) -> QuerySet[Referral]:
    return _case_list(
        Referral, "referral.list", user=user, case=case, request=request
    ).select_related("offer")


def contacts_for_case(*, user, case: Case, request=None) -> QuerySet[ContactLogEntry]:
    """The case's contact log, newest first."""
    return _case_list(
        ContactLogEntry, "contact.list", user=user, case=case, request=request
    ).select_related("created_by")


def appointments_for_case(*, user, case: Case, request=None) -> QuerySet[Appointment]:
    return _case_list(Appointment, "appointment.list", user=user, case=case, request=request)


# --- Consent -------------------------------------------------------------------------------


def consent_valid_for(*, case: Case, partner: Partner | str | None, on: date | None = None) -> bool:
    """True if on ``on`` (default: today, Europe/Berlin) a consent of the case covers
    ``partner`` — or, with ``partner=None``, case management itself. A consent counts from
    its date until the day before its withdrawal."""
    on = on or timezone.localdate()
    consents = Consent._unscoped.filter(case_id=case.pk, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )
    if partner is None:
        consents = consents.filter(covers_case_management=True)
    else:
        consents = consents.filter(partners__contains=[Partner(partner).value])
    return consents.exists()


# --- Assessment over time -----------------------------------------------------------------


@dataclass(frozen=True)
class DomainPoint:
    """One life domain at one assessment."""

    assessment_id: int
    assessed_on: date
    need_level: str
    client_priority: int | None


def assessment_domain_history(*, user, case: Case, request=None) -> dict[str, list[DomainPoint]]:
    """Per life domain (in the order of ``LifeDomain``), the need level and the client's
    priority at each assessment, oldest first: how the situation changed. Domains never
    assessed are left out. One query."""
    _audit(
        "assessment.history",
        user=user,
        request=request,
        object_type="cases.assessment",
        case_id=case.pk,
        client_id=case.client_id,
    )
    rows = (
        AssessmentEntry._unscoped.filter(
            assessment__case_id=case.pk, assessment__case__in=cases_scope(user=user)
        )
        .order_by("assessment__assessed_on", "assessment_id")
        .values_list(
            "domain", "assessment_id", "assessment__assessed_on", "need_level", "client_priority"
        )
    )
    history: dict[str, list[DomainPoint]] = defaultdict(list)
    for domain, assessment_id, assessed_on, need_level, priority in rows:
        history[domain].append(DomainPoint(assessment_id, assessed_on, need_level, priority))
    return {domain.value: history[domain.value] for domain in LifeDomain if domain in history}


# --- Access log ----------------------------------------------------------------------------


def case_access_log(*, user, case: Case, request=None) -> QuerySet[AuditEvent]:
    """Every audit event about the case, its records and its client, newest first — for
    the team lead of the case's team (PermissionDenied for anyone else). List reads show
    up as events of the case's lists; the general case list (``case.list``) is not tied to
    one case. Reading the log is itself audited."""
    if not user_leads_team_of(user=user, case=case) or not case_is_visible_to(user=user, case=case):
        raise PermissionDenied
    _audit(
        "case.access_log",
        user=user,
        request=request,
        object_type="cases.case",
        object_id=case.pk,
        case_id=case.pk,
    )
    return AuditEvent.objects.filter(
        Q(object_type="cases.case", object_id=str(case.pk))
        | Q(details__case_id=case.pk)
        | Q(object_type="cases.client", object_id=str(case.client_id))
    ).select_related("actor")


# --- Barrier reports (no client data) and system reads -------------------------------------


def barrier_reports_visible_to(*, user) -> QuerySet[BarrierReport]:
    """Barrier reports: coordination and steering group see all (they hold no personal
    data); case managers and team leads their organisation's; others none."""
    if not user.is_authenticated:
        return BarrierReport.objects.none()
    if user.has_role(Role.COORDINATOR, Role.STEERING_MEMBER, Role.STEERING_CHAIR):
        return BarrierReport.objects.select_related("municipality")
    if user.has_role(*CASE_ROLES) and user.organisation_id:
        return BarrierReport.objects.filter(organisation_id=user.organisation_id).select_related(
            "municipality"
        )
    return BarrierReport.objects.none()


def cases_follow_up_due(*, since: date, until: date) -> QuerySet[Case]:
    """System read for the follow-up reminders (no user, not audited: it yields case ids
    and managers, the reminder names the case number only): open cases whose next
    follow-up falls between ``since`` and ``until``."""
    return (
        Case._unscoped.filter(
            next_follow_up_at__range=(since, until), client__anonymised_at__isnull=True
        )
        .exclude(phase=Phase.CLOSED)
        .select_related("case_manager")
    )
