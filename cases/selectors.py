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
from functools import cache

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from kim_portal.models import AuditEvent, Role
from kim_portal.services import audit_record

from .choices import GoalStatus, LifeDomain, Partner, Phase
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


def _case_scope_q(user, within: Q | None = None) -> Q | None:
    """The condition on ``Case`` rows the user may see, or None for none at all.
    ``within``, a condition on ``Case``, narrows each part of the id list as well: the
    caseload's filters (one phase, overdue follow-ups) then pick from the user's few
    hundred cases instead of PostgreSQL scanning the district's matches and joining."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not user.has_role(*CASE_ROLES):
        return None
    # One id list from a UNION of index lookups (own, shared, the team's): written as
    # "own OR EXISTS(shared)" PostgreSQL cannot use the case-manager index and checks every
    # case (bench/cases_load.py: 228 ms against 4 ms at 100,000 cases).
    within = within or Q()
    shared = CaseShare._unscoped.filter(shared_with=user)
    if within:
        shared = shared.filter(case__in=Case._unscoped.filter(within))
    parts = [shared.values("case_id")]
    if user.has_role(Role.CASE_TEAM_LEAD) and user.organisation_id:
        parts.append(
            Case._unscoped.filter(within, organisation_id=user.organisation_id).values("pk")
        )
    visible = Case._unscoped.filter(within, case_manager=user).values("pk").union(*parts)
    return Q(pk__in=visible) & Q(client__anonymised_at__isnull=True)


def cases_scope(*, user, within: Q | None = None) -> QuerySet[Case]:
    """The cases ``user`` may see, unaudited: for composing other selectors and for the
    permission checks of services. Views use ``cases_visible_to``. ``within`` (a condition
    on ``Case``) narrows them in the id list already (see ``_case_scope_q``)."""
    condition = _case_scope_q(user, within)
    if condition is None:
        return Case._unscoped.none()
    return Case._unscoped.filter(condition, within or Q())


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


def _audit_case(action: str, *, user, request, case: Case, read: tuple = ()) -> None:
    """An event on one case, with its case and client ids; ``read`` names the kinds of
    record read with it."""
    details = {"read": list(read)} if read else {}
    _audit(
        action,
        user=user,
        request=request,
        object_type="cases.case",
        object_id=case.pk,
        case_id=case.pk,
        client_id=case.client_id,
        **details,
    )


# Set by ``case_for_user`` on the case it returns: the id of the user it was scoped for.
_SCOPED_FOR = "_kim_scoped_for_user_id"


def _scoped_for(user, case: Case) -> bool:
    """True if ``case`` came from ``case_for_user`` for this very user."""
    return user is not None and getattr(case, _SCOPED_FOR, None) == user.pk


def _for_case(model, *, user, case: Case, key: str = "case_id") -> QuerySet:
    """The model's rows of ``case`` (``key`` names the model's case column) if the user
    may see the case. A case that ``case_for_user`` read for this user was scoped in the
    database already, so its records are looked up by the case id alone; any other case
    object is checked again in the same query (the case id must be in the scope)."""
    rows = model._unscoped.filter(**{key: case.pk})
    if _scoped_for(user, case):
        return rows
    return rows.filter(**{f"{key}__in": cases_scope(user=user).values("pk")})


# --- Cases and clients --------------------------------------------------------------------


def cases_visible_to(*, user, request=None) -> QuerySet[Case]:
    """The cases the user may see (client, case manager and team joined), newest first.
    Audited as one ``case.list`` event."""
    _audit("case.list", user=user, request=request, object_type="cases.case")
    return cases_scope(user=user).select_related("client__municipality", "case_manager")


def _case_scoped_get(user, pk) -> Case:
    """The case ``pk`` through the user's scope (marked as scoped for them), or Http404."""
    try:
        case = (
            cases_scope(user=user)
            .select_related("client__municipality", "case_manager", "organisation")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    setattr(case, _SCOPED_FOR, user.pk)
    return case


def case_for_user(*, user, pk: int, request=None) -> Case:
    """One case the user may see, or Http404 (also for cases of others). Audited as
    ``case.read``."""
    case = _case_scoped_get(user, pk)
    _audit_case("case.read", user=user, request=request, case=case)
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
    return _domain_history(user=user, case=case)


def _domain_history(*, user, case: Case) -> dict[str, list[DomainPoint]]:
    rows = (
        AssessmentEntry._unscoped.filter(
            assessment__case_id=case.pk,
            assessment__case__in=_for_case(Case, user=user, case=case, key="pk"),
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


# --- The case page ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRecords:
    """Everything recorded in one case, as the case page shows it."""

    consents: list[Consent]
    domain_history: dict[str, list[DomainPoint]]
    goals: list[Goal]
    referrals: list[Referral]
    contacts: list[ContactLogEntry]
    appointments: list[Appointment]
    phase_changes: list[CasePhaseChange]
    shares: list[CaseShare]
    handovers: list[CaseHandover]
    household: list[HouseholdMember]


def case_records(*, user, case: Case, contacts: int, request=None) -> CaseRecords:
    """The case's records for its page — the newest ``contacts`` contacts, everything else
    in full — audited as ONE ``case.records`` event naming what was read (the page is one
    read, not nine). For a case the user may not see, every list is empty. One query per
    kind of record."""
    _audit_case("case.records", user=user, request=request, case=case, read=_CASE_RECORD_KINDS)
    return _case_records(user=user, case=case, contacts=contacts)


def case_page_for_user(*, user, pk: int, contacts: int, request=None) -> tuple[Case, CaseRecords]:
    """The case page's reads: one case the user may see (or Http404) and its records as
    ``case_records`` gives them, audited as ONE ``case.read`` event that names the records
    read with it."""
    case = _case_scoped_get(user, pk)
    _audit_case("case.read", user=user, request=request, case=case, read=_CASE_RECORD_KINDS)
    return case, _case_records(user=user, case=case, contacts=contacts)


# The kinds of record the case page shows, each with its table and the column naming the
# case (or, for the household, the client).
_RECORD_TABLES = {
    "consents": (Consent, "case_id"),
    "assessments": (Assessment, "case_id"),
    "goals": (Goal, "case_id"),
    "referrals": (Referral, "case_id"),
    "contacts": (ContactLogEntry, "case_id"),
    "appointments": (Appointment, "case_id"),
    "phase_changes": (CasePhaseChange, "case_id"),
    "shares": (CaseShare, "case_id"),
    "handovers": (CaseHandover, "case_id"),
    "household": (HouseholdMember, "client_id"),
}


@cache
def _records_present_sql() -> str:
    def exists(model, column):
        table, column = (connection.ops.quote_name(n) for n in (model._meta.db_table, column))
        key = "client" if column == connection.ops.quote_name("client_id") else "case"
        # Names from the models, quoted; the ids are parameters.
        return f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %({key})s)"  # noqa: S608

    return "SELECT " + ", ".join(exists(*spec) for spec in _RECORD_TABLES.values())


def _records_present(case: Case) -> dict[str, bool]:
    """Which kinds of record the case has at all, in one statement: the page then reads
    only those (a case often has no appointments, shares, handovers or household). Says
    nothing of what the user may see; the reads that follow apply the scope."""
    with connection.cursor() as cursor:
        cursor.execute(_records_present_sql(), {"case": case.pk, "client": case.client_id})
        return dict(zip(_RECORD_TABLES, cursor.fetchone(), strict=True))


# What each kind of record shows of its related rows on the case page.
_RECORD_RELATED = {
    "referrals": ("offer",),
    "contacts": ("created_by",),
    "phase_changes": ("changed_by",),
    "shares": ("shared_with", "shared_by"),
    "handovers": ("from_user", "to_user", "handed_over_by"),
    "household": ("linked_client",),
}


def _case_records(*, user, case: Case, contacts: int) -> CaseRecords:
    present = _records_present(case)

    def read(kind: str) -> list:
        # A kind the case has none of is neither read nor its query built.
        if not present[kind]:
            return []
        if kind == "household":
            rows = _household_of_case(user=user, case=case)
        else:
            rows = _for_case(_RECORD_TABLES[kind][0], user=user, case=case)
        if related := _RECORD_RELATED.get(kind):
            rows = rows.select_related(*related)
        return list(rows[:contacts] if kind == "contacts" else rows)

    return CaseRecords(
        consents=read("consents"),
        domain_history=_domain_history(user=user, case=case) if present["assessments"] else {},
        goals=read("goals"),
        referrals=read("referrals"),
        contacts=read("contacts"),
        appointments=read("appointments"),
        phase_changes=read("phase_changes"),
        shares=read("shares"),
        handovers=read("handovers"),
        household=read("household"),
    )


def _household_of_case(*, user, case: Case) -> QuerySet[HouseholdMember]:
    members = HouseholdMember._unscoped.filter(client_id=case.client_id)
    if _scoped_for(user, case):
        return members
    return members.filter(client__in=_clients_scope(user))


_CASE_RECORD_KINDS = (
    "cases.householdmember",
    "cases.consent",
    "cases.assessment",
    "cases.goal",
    "cases.referral",
    "cases.contactlogentry",
    "cases.appointment",
    "cases.casephasechange",
    "cases.caseshare",
    "cases.casehandover",
)


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


# --- Exports (subject access, consent form) ------------------------------------------------


@dataclass(frozen=True)
class SubjectAccessRecords:
    """Everything recorded about one client in the cases ``user`` may see, for a subject
    access export (GDPR Art. 15). ``cases`` carry their records prefetched (see
    ``client_subject_access_records``); ``cases_not_included`` counts the client's cases
    the user may not see (other teams): the export says so, and names nothing of them."""

    client: Client
    household: list[HouseholdMember]
    cases: list[Case]
    cases_not_included: int


def cases_for_client(*, user, client: Client, request=None) -> QuerySet[Case]:
    """The client's cases the user may see, newest first (empty if none). Audited as one
    ``case.list`` event."""
    _audit("case.list", user=user, request=request, object_type="cases.case", client_id=client.pk)
    return (
        cases_scope(user=user)
        .filter(client_id=client.pk)
        .select_related("client", "case_manager", "organisation")
    )


def client_subject_access_records(
    *, user, client: Client, export_format: str, request=None
) -> SubjectAccessRecords:
    """All records of ``client`` in the cases the user may see — client, household, and per
    case its phase history, consents, assessments with entries, goals, referrals, contacts,
    appointments, handovers and shares — in a constant number of queries. Raises Http404 if
    the user may not see the client. Audited as one ``client.export`` event naming the
    format and the case ids (no personal data)."""
    if not client_is_visible_to(user=user, client=client):
        raise Http404
    cases = list(
        cases_scope(user=user)
        .filter(client_id=client.pk)
        .select_related("case_manager", "organisation")
        .order_by("opened_on", "pk")
        .prefetch_related(
            Prefetch(
                "phase_changes",
                queryset=CasePhaseChange._unscoped.select_related("changed_by").order_by(
                    "changed_at", "pk"
                ),
            ),
            Prefetch("consents", queryset=Consent._unscoped.order_by("given_on", "pk")),
            Prefetch(
                "assessments",
                queryset=Assessment._unscoped.order_by("assessed_on", "pk").prefetch_related(
                    Prefetch("entries", queryset=AssessmentEntry._unscoped.order_by("domain"))
                ),
            ),
            Prefetch("goals", queryset=Goal._unscoped.order_by("agreed_on", "pk")),
            Prefetch(
                "referrals",
                queryset=Referral._unscoped.select_related("offer").order_by("created_at", "pk"),
            ),
            Prefetch(
                "contacts",
                queryset=ContactLogEntry._unscoped.order_by("occurred_at", "pk"),
            ),
            Prefetch("appointments", queryset=Appointment._unscoped.order_by("at", "pk")),
            Prefetch(
                "handovers",
                queryset=CaseHandover._unscoped.select_related("from_user", "to_user").order_by(
                    "handed_over_at", "pk"
                ),
            ),
            Prefetch(
                "shares",
                queryset=CaseShare._unscoped.select_related("shared_with").order_by(
                    "created_at", "pk"
                ),
            ),
        )
    )
    household = list(
        HouseholdMember._unscoped.filter(client_id=client.pk).order_by("birth_year", "pk")
    )
    all_cases = Case._unscoped.filter(client_id=client.pk).count()
    _audit(
        "client.export",
        user=user,
        request=request,
        object_type="cases.client",
        object_id=client.pk,
        client_id=client.pk,
        case_ids=[case.pk for case in cases],
        format=export_format,
    )
    return SubjectAccessRecords(
        client=client,
        household=household,
        cases=cases,
        cases_not_included=all_cases - len(cases),
    )


def case_for_consent_form(*, user, pk: int, request=None) -> Case:
    """One case the user may see, with its client, for printing the consent form; Http404
    otherwise. Audited as ``case.consent_form``."""
    case = _case_scoped_get(user, pk)
    _audit_case("case.consent_form", user=user, request=request, case=case)
    return case


# --- Caseload (staff UI) -------------------------------------------------------------------

# How alike a query must be to a word of the client's name to count as a typo of it
# (pg_trgm word similarity, 0–1): "Mohamad" finds "Mohammed", "Schmit" finds "Schmidt".
NAME_SIMILARITY_THRESHOLD = 0.45


def caseload_for_user(
    *,
    user,
    query: str = "",
    phase: str = "",
    municipality_id: int | None = None,
    overdue: bool = False,
    request=None,
) -> QuerySet[Case]:
    """The cases the user may see, filtered for the caseload page: ``query`` matches the
    case number (part of it) or the client's name, typo-tolerant (pg_trgm word
    similarity); ``phase`` one phase (without it: open cases only); ``overdue`` open cases
    whose follow-up date has passed. Ordered by next follow-up (none last), then case
    number; with a query, best name matches first. Audited as one ``case.list`` event
    (``searched`` says whether a query was given, never the query itself)."""
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    _audit(
        "case.list",
        user=user,
        request=request,
        object_type="cases.case",
        searched=bool(query.strip()),
    )
    within = Q(phase=phase) if phase else ~Q(phase=Phase.CLOSED)
    if overdue:
        within &= Q(next_follow_up_at__lt=timezone.localdate()) & ~Q(phase=Phase.CLOSED)
    cases = cases_scope(user=user, within=within).select_related(
        "client__municipality", "case_manager"
    )
    if municipality_id:
        cases = cases.filter(client__municipality_id=municipality_id)
    order = [F("next_follow_up_at").asc(nulls_last=True), "client__case_number"]
    query = query.strip()
    if query:
        name = Concat("client__first_name", Value(" "), "client__last_name")
        cases = cases.annotate(name_similarity=TrigramWordSimilarity(query, name)).filter(
            Q(client__case_number__icontains=query)
            | Q(name_similarity__gte=NAME_SIMILARITY_THRESHOLD)
            | Q(client__last_name__icontains=query)
            | Q(client__first_name__icontains=query)
        )
        order = [F("name_similarity").desc(), *order]
    return cases.order_by(*order)


@dataclass(frozen=True)
class CaseloadCounts:
    """How many of the user's visible cases are in each phase, and how many are overdue."""

    per_phase: dict[str, int]
    overdue: int

    @property
    def open(self) -> int:
        return sum(n for phase, n in self.per_phase.items() if phase != Phase.CLOSED)


def caseload_counts(*, user) -> CaseloadCounts:
    """Counts at a glance for the caseload page, in one query. Counts only (no client
    data), so not audited."""
    from django.db.models import Count

    today = timezone.localdate()
    aggregates = {phase.value: Count("pk", filter=Q(phase=phase.value)) for phase in Phase} | {
        "_overdue": Count("pk", filter=Q(next_follow_up_at__lt=today) & ~Q(phase=Phase.CLOSED))
    }
    totals = cases_scope(user=user).order_by().aggregate(**aggregates)
    overdue = totals.pop("_overdue")
    return CaseloadCounts(per_phase=totals, overdue=overdue)


# --- System reads for the case reminders ---------------------------------------------------
# No user and not audited: they return ids, dates and case
# numbers for notifications that name the case number only. Each is one set-based query
# (the scan runs over every open case of the district).


def _open_cases_of_active_managers() -> QuerySet[Case]:
    return Case._unscoped.filter(
        client__anonymised_at__isnull=True, case_manager__is_active=True
    ).exclude(phase=Phase.CLOSED)


def case_managers_with_digest_items(*, day: date, day_start, day_end) -> set[int]:
    """Ids of active case managers who on ``day`` have an open case with a follow-up due
    that day or earlier, or an appointment between ``day_start`` and ``day_end`` (the
    day's bounds in Europe/Berlin, aware). Two queries."""
    open_cases = _open_cases_of_active_managers()
    follow_ups = open_cases.filter(next_follow_up_at__lte=day).values_list(
        "case_manager_id", flat=True
    )
    appointments = Appointment._unscoped.filter(
        at__gte=day_start, at__lt=day_end, case__in=open_cases
    ).values_list("case__case_manager_id", flat=True)
    return set(follow_ups.distinct()) | set(appointments.distinct())


@dataclass(frozen=True)
class CaseDigest:
    """What a case manager's daily digest lists: case numbers with dates, never names."""

    overdue_follow_ups: list[tuple[str, date]]
    follow_ups_today: list[str]
    appointments_today: list[tuple[object, str]]  # (aware datetime, case number)

    def __bool__(self) -> bool:
        return bool(self.overdue_follow_ups or self.follow_ups_today or self.appointments_today)


def case_digest_items(*, manager_id: int, day: date, day_start, day_end) -> CaseDigest:
    """The daily digest of one case manager for ``day``: follow-ups overdue (before
    ``day``) and due on ``day``, and the day's appointments, of the open cases assigned to
    them. Two queries."""
    open_cases = _open_cases_of_active_managers().filter(case_manager_id=manager_id)
    follow_ups = list(
        open_cases.filter(next_follow_up_at__lte=day)
        .order_by("next_follow_up_at", "client__case_number")
        .values_list("client__case_number", "next_follow_up_at")
    )
    appointments = list(
        Appointment._unscoped.filter(at__gte=day_start, at__lt=day_end, case__in=open_cases)
        .order_by("at", "pk")
        .values_list("at", "case__client__case_number")
    )
    return CaseDigest(
        overdue_follow_ups=[(number, on) for number, on in follow_ups if on < day],
        follow_ups_today=[number for number, on in follow_ups if on == day],
        appointments_today=appointments,
    )


def cases_residence_permit_expiring(
    *, valid_until_ranges: list[tuple[date, date]]
) -> list[tuple[int, int, date]]:
    """``(case id, case manager id, permit valid until)`` of open cases whose client's
    residence permit ends within one of the (inclusive) date ranges. One query."""
    if not valid_until_ranges:
        return []
    condition = Q()
    for since, until in valid_until_ranges:
        condition |= Q(client__residence_permit_valid_until__range=(since, until))
    return list(
        _open_cases_of_active_managers()
        .filter(condition)
        .values_list("pk", "case_manager_id", "client__residence_permit_valid_until")
    )


def goals_target_date_passed(*, since: date, until: date) -> list[tuple[int, int, date]]:
    """``(goal id, case manager id, target date)`` of goals still open or in progress whose
    target date lies between ``since`` and ``until`` (inclusive), in open cases. One
    query."""
    return list(
        Goal._unscoped.filter(
            target_date__range=(since, until),
            status__in=[GoalStatus.OPEN, GoalStatus.IN_PROGRESS],
            case__in=_open_cases_of_active_managers(),
        ).values_list("pk", "case__case_manager_id", "target_date")
    )


def cases_last_contact_between(
    *, start, end, opened_since: date, opened_until: date
) -> list[tuple[int, int, object, date]]:
    """``(case id, case manager id, last contact (aware datetime or None), opened on)`` of
    open cases whose last logged contact lies between ``start`` (inclusive) and ``end``
    (exclusive, both aware), or that have no contact at all and were opened between
    ``opened_since`` and ``opened_until`` (inclusive). One query; the last contact is
    looked up only for the cases found."""
    contacts = ContactLogEntry._unscoped.filter(case=OuterRef("pk"))
    last = contacts.order_by("-occurred_at").values("occurred_at")[:1]
    silent_since_window = Q(
        Exists(contacts.filter(occurred_at__gte=start, occurred_at__lt=end))
    ) & ~Q(Exists(contacts.filter(occurred_at__gte=end)))
    never_contacted = ~Q(Exists(contacts)) & Q(opened_on__range=(opened_since, opened_until))
    return list(
        _open_cases_of_active_managers()
        .filter(opened_on__lt=end.date())
        .filter(silent_since_window | never_contacted)
        .annotate(last_contact_at=Subquery(last))
        .values_list("pk", "case_manager_id", "last_contact_at", "opened_on")
    )


def appointments_between(*, start, end) -> list[tuple[int, int, object, object]]:
    """``(appointment id, case manager id, at, created at)`` of appointments of open cases
    from ``start`` (inclusive) to ``end`` (exclusive). One query."""
    return list(
        Appointment._unscoped.filter(
            at__gte=start, at__lt=end, case__in=_open_cases_of_active_managers()
        ).values_list("pk", "case__case_manager_id", "at", "created_at")
    )


def case_reminder_targets_closed(
    *, case_ids: set[int], goal_ids: set[int], appointment_ids: set[int]
) -> tuple[set[int], set[int], set[int]]:
    """Which of the given cases, goals and appointments belong to a closed (or anonymised)
    case: their pending reminders have become pointless. Up to three queries."""

    def closed(model, ids, case_path):
        if not ids:
            return set()
        gone = Q(**{f"{case_path}phase": Phase.CLOSED}) | Q(
            **{f"{case_path}client__anonymised_at__isnull": False}
        )
        return set(model._unscoped.filter(gone, pk__in=ids).values_list("pk", flat=True))

    return (
        closed(Case, case_ids, ""),
        closed(Goal, goal_ids, "case__"),
        closed(Appointment, appointment_ids, "case__"),
    )


# --- Statistics for the steering dashboard (aggregate only) --------------------------------------
#
# Everything below is **aggregate only**: counts, grouped counts and medians computed in SQL
# (GROUP BY / FILTER), never rows, names or free text. No user scope applies because no
# client can be seen in the result; small-cell suppression is applied by the caller
# (``steering.statistics``) before anything is shown. Periods are ``start`` (inclusive) to
# ``end`` (exclusive), both dates; ``municipality_id`` filters on the client's town.
# Anonymised clients are counted: anonymisation keeps exactly the fields used here.


@dataclass(frozen=True)
class StatisticsPeriod:
    """A half-open date range [start, end) and an optional town, the dashboard's filter."""

    start: date
    end: date
    municipality_id: int | None = None


def _town_q(period: StatisticsPeriod, case_path: str = "") -> Q:
    if not period.municipality_id:
        return Q()
    return Q(**{f"{case_path}client__municipality_id": period.municipality_id})


def _active_in_q(period: StatisticsPeriod, case_path: str = "") -> Q:
    """Cases open at some time in the period."""
    return Q(**{f"{case_path}opened_on__lt": period.end}) & (
        Q(**{f"{case_path}closed_on__isnull": True})
        | Q(**{f"{case_path}closed_on__gte": period.start})
    )


def case_stats_open_by_town_and_phase(*, municipality_id: int | None = None) -> dict:
    """Aggregate only. Open cases now, counted by the client's town and phase:
    ``{(municipality_id, phase): count}``."""
    from django.db.models import Count

    rows = (
        Case._unscoped.exclude(phase=Phase.CLOSED)
        .filter(_town_q(StatisticsPeriod(date.min, date.max, municipality_id)))
        .order_by()
        .values_list("client__municipality_id", "phase")
        .annotate(n=Count("pk"))
    )
    return {(town, phase): n for town, phase, n in rows}


def case_stats_intakes_and_closures_by_month(*, period: StatisticsPeriod) -> dict:
    """Aggregate only. New cases (opened) and closures per month of the period:
    ``{"intakes": {month: n}, "closures": {month: n}}`` (months as first days)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    town = _town_q(period)
    opened = (
        Case._unscoped.filter(town, opened_on__gte=period.start, opened_on__lt=period.end)
        .order_by()
        .annotate(month=TruncMonth("opened_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    closed = (
        Case._unscoped.filter(town, closed_on__gte=period.start, closed_on__lt=period.end)
        .order_by()
        .annotate(month=TruncMonth("closed_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {
        "intakes": dict(opened),
        "closures": dict(closed),
    }


def case_stats_closures_by_reason(*, period: StatisticsPeriod) -> dict[str, int]:
    """Aggregate only. Cases closed in the period by closure reason."""
    from django.db.models import Count

    rows = (
        Case._unscoped.filter(
            _town_q(period), closed_on__gte=period.start, closed_on__lt=period.end
        )
        .order_by()
        .values_list("closure_reason")
        .annotate(n=Count("pk"))
    )
    return {reason or "": n for reason, n in rows}


def case_stats_days_to_first_goal(*, period: StatisticsPeriod) -> dict:
    """Aggregate only. For cases opened in the period that have a goal agreement: how many,
    and the median number of days from opening to the first one. ``{"count", "median"}``."""
    from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, Min

    class _Median(Aggregate):
        function = "percentile_cont"
        template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        output_field = FloatField()

    first_goal = (
        Goal._unscoped.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(first=Min("agreed_on"))
        .values("first")
    )
    result = (
        Case._unscoped.filter(
            _town_q(period), opened_on__gte=period.start, opened_on__lt=period.end
        )
        .annotate(first_goal=Subquery(first_goal))
        .filter(first_goal__isnull=False)
        .annotate(
            days=Func(
                F("first_goal"),
                F("opened_on"),
                arg_joiner=" - ",
                template="(%(expressions)s)",
                output_field=IntegerField(),
            )
        )
        .aggregate(count=Count("pk"), median=_Median("days"))
    )
    return {"count": result["count"], "median": result["median"]}


def case_stats_goals_by_domain_and_status(*, period: StatisticsPeriod) -> dict:
    """Aggregate only. Goals agreed in the period by life domain and status:
    ``{(domain, status): count}``."""
    from django.db.models import Count

    rows = (
        Goal._unscoped.filter(
            _town_q(period, "case__"),
            agreed_on__gte=period.start,
            agreed_on__lt=period.end,
        )
        .order_by()
        .values_list("domain", "status")
        .annotate(n=Count("pk"))
    )
    return {(domain, status): n for domain, status, n in rows}


def case_stats_referrals_by_category_and_status(*, period: StatisticsPeriod) -> dict:
    """Aggregate only. Referrals made in the period by the offer's first category (by the
    taxonomy's order; ``None`` for external services or offers without a category) and
    status: ``{(category_id, status): count}``. One category per referral, so the counts
    add up to the number of referrals."""
    from django.db.models import Count

    from offers.models import Offer

    through = Offer.categories.through
    first_category = (
        through.objects.filter(offer_id=OuterRef("offer_id"))
        .order_by("category__position", "category__name", "category_id")
        .values("category_id")[:1]
    )
    rows = (
        Referral._unscoped.filter(
            _town_q(period, "case__"),
            created_at__date__gte=period.start,
            created_at__date__lt=period.end,
        )
        .order_by()
        .annotate(category=Subquery(first_category))
        .values_list("category", "status")
        .annotate(n=Count("pk"))
    )
    return {(category, status): n for category, status, n in rows}


def case_stats_residence_status(*, period: StatisticsPeriod) -> dict[str, int]:
    """Aggregate only. Clients with a case open at some time in the period, by residence
    status (each client once)."""
    from django.db.models import Count

    rows = (
        Case._unscoped.filter(_town_q(period), _active_in_q(period))
        .order_by()
        .values_list("client__residence_status")
        .annotate(n=Count("client", distinct=True))
    )
    return {status or "": n for status, n in rows}


def case_stats_by_organisation(*, period: StatisticsPeriod) -> dict[int, int]:
    """Aggregate only. Cases open at some time in the period per case-management team
    (the case's organisation): ``{organisation_id: count}``. Never per person."""
    from django.db.models import Count

    rows = (
        Case._unscoped.filter(_town_q(period), _active_in_q(period))
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def case_stats_consents_by_month(*, period: StatisticsPeriod) -> dict:
    """Aggregate only. Consents given and consents withdrawn per month of the period:
    ``{"given": {month: n}, "withdrawn": {month: n}}``."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    town = _town_q(period, "case__")
    given = (
        Consent._unscoped.filter(town, given_on__gte=period.start, given_on__lt=period.end)
        .order_by()
        .annotate(month=TruncMonth("given_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    withdrawn = (
        Consent._unscoped.filter(town, withdrawn_on__gte=period.start, withdrawn_on__lt=period.end)
        .order_by()
        .annotate(month=TruncMonth("withdrawn_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {"given": dict(given), "withdrawn": dict(withdrawn)}


def case_stats_client_languages(*, municipality_id: int | None = None) -> dict[str, int]:
    """Aggregate only. Languages spoken by clients with an open case: ``{code: clients}``
    (a client speaking two languages counts in both)."""
    from django.db import connection
    from django.db.models import F, Func

    spoken = (
        Case._unscoped.exclude(phase=Phase.CLOSED)
        .filter(_town_q(StatisticsPeriod(date.min, date.max, municipality_id)))
        .order_by()
        .annotate(
            client_ref=F("client_id"), language=Func(F("client__languages"), function="unnest")
        )
        .values("client_ref", "language")
    )
    sql, params = spoken.query.sql_with_params()
    with connection.cursor() as cursor:
        # The inner SQL is Django's own (values passed as params): no user text in it.
        cursor.execute(
            "SELECT language, count(DISTINCT client_ref) FROM (" + sql + ") AS spoken "  # noqa: S608
            "GROUP BY language",
            params,
        )
        return dict(cursor.fetchall())


def case_stats_period_totals(*, periods: list[StatisticsPeriod]) -> list[dict[str, int]]:
    """Aggregate only. Key figures per period (intakes, closures, goals agreed, referrals,
    consents given and withdrawn), each period in the same query through ``FILTER``: four
    queries for any number of periods."""
    from django.db.models import Count

    result = [{} for _ in periods]
    case_aggs = {}
    for i, p in enumerate(periods):
        town = _town_q(p)
        case_aggs[f"intakes_{i}"] = Count(
            "pk", filter=town & Q(opened_on__gte=p.start, opened_on__lt=p.end)
        )
        case_aggs[f"closures_{i}"] = Count(
            "pk", filter=town & Q(closed_on__gte=p.start, closed_on__lt=p.end)
        )
    goal_aggs, referral_aggs, consent_aggs = {}, {}, {}
    for i, p in enumerate(periods):
        town = _town_q(p, "case__")
        goal_aggs[f"goals_{i}"] = Count(
            "pk", filter=town & Q(agreed_on__gte=p.start, agreed_on__lt=p.end)
        )
        referral_aggs[f"referrals_{i}"] = Count(
            "pk",
            filter=town & Q(created_at__date__gte=p.start, created_at__date__lt=p.end),
        )
        consent_aggs[f"consents_given_{i}"] = Count(
            "pk", filter=town & Q(given_on__gte=p.start, given_on__lt=p.end)
        )
        consent_aggs[f"consents_withdrawn_{i}"] = Count(
            "pk", filter=town & Q(withdrawn_on__gte=p.start, withdrawn_on__lt=p.end)
        )
    merged = {}
    for model, aggs in (
        (Case, case_aggs),
        (Goal, goal_aggs),
        (Referral, referral_aggs),
        (Consent, consent_aggs),
    ):
        merged.update(model._unscoped.order_by().aggregate(**aggs))
    for key, value in merged.items():
        name, index = key.rsplit("_", 1)
        result[int(index)][name] = value
    return result
