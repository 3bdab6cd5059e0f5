"""Reads of the steering area, scoped to what the user may see.

**Who sees what.**

* ``coordinator`` (KIM-Koordination): everything; manages bodies, meetings, agendas,
  attendance, minutes, working groups and hurdles.
* ``steering_member`` / ``steering_chair``: read the steering area. Meetings (with their
  agenda and papers) of the bodies they are members of, and — as members of the steering
  group — of its working groups; a member who left sees meetings up to their end date.
  Minutes, decisions and action items of a meeting once its minutes are **published**;
  the reviewers of the meeting's body (membership role chair, deputy or secretariat, and
  the ``steering_chair`` role) already from **circulation** (they approve). The owner of an
  action item always sees it. Hurdles and barrier-report counts: all of them (no personal
  data).
* Everyone else (case managers, team leads, provider editors, inactive or anonymous users,
  superusers without a steering role): nothing — empty querysets here, ``Http404`` from the
  one-record helpers, ``PermissionDenied`` from the services.

One-record helpers (``<entity>_for_user``) raise ``Http404`` for records the user may not
see, so ids reveal nothing. Selectors return querysets with the related rows the usual page
needs (``select_related``/``prefetch_related``), so lists cost a constant number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.http import Http404
from django.utils import timezone

from cases.models import BarrierReport
from kim_portal.models import Organisation, Role, User
from kim_portal.reminder_engine import BERLIN

from .choices import (
    ACTION_ITEM_OPEN_STATUSES,
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    MeetingState,
    MembershipRole,
    MinutesVersionState,
)
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
    default_rules,
)

STEERING_ROLES = (Role.STEERING_MEMBER, Role.STEERING_CHAIR)
# Membership roles that review circulated minutes before the chair approves them.
REVIEWER_ROLES = (MembershipRole.CHAIR, MembershipRole.DEPUTY, MembershipRole.SECRETARIAT)
MINUTES_REVIEW_STATES = (
    MeetingState.MINUTES_CIRCULATED,
    MeetingState.MINUTES_APPROVED,
    MeetingState.PUBLISHED,
)


# --- Roles ---------------------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_coordinator(user) -> bool:
    """True for an active KIM coordinator: manages the whole steering area."""
    return _active(user) and user.has_role(Role.COORDINATOR)


def can_read_steering(user) -> bool:
    """True for an active coordinator, steering-group member or chair."""
    return _active(user) and user.has_role(Role.COORDINATOR, *STEERING_ROLES)


# --- Scoping conditions --------------------------------------------------------------------------


def _seat_q(user, *, body_ref: str, day_ref: str | None) -> Q:
    """A membership of ``user`` in the body at ``body_ref`` that had not ended by the day at
    ``day_ref`` (or has not ended yet, without a day)."""
    not_ended = Q(end_date__isnull=True)
    if day_ref is None:
        not_ended |= Q(end_date__gte=timezone.localdate())
    else:
        not_ended |= Q(end_date__gte=OuterRef(day_ref))
    return Q(Exists(Membership.objects.filter(not_ended, user=user, body=OuterRef(body_ref))))


def _meeting_scope_q(user) -> Q | None:
    """The ``Meeting`` rows ``user`` may see (on a queryset annotated with ``local_day``),
    ``Q()`` for all, None for none."""
    if is_coordinator(user):
        return Q()
    if not can_read_steering(user):
        return None
    return _seat_q(user, body_ref="body", day_ref="local_day") | _seat_q(
        user, body_ref="body__parent", day_ref="local_day"
    )


def _minutes_scope_q(user, *, prefix: str = "") -> Q | None:
    """Meetings whose minutes ``user`` may see (fields under ``prefix``), on top of the
    meeting scope: published ones; circulated or approved ones for the body's reviewers."""
    if is_coordinator(user):
        return Q()
    if not can_read_steering(user):
        return None
    published = Q(**{f"{prefix}state": MeetingState.PUBLISHED})
    in_review = Q(**{f"{prefix}state__in": MINUTES_REVIEW_STATES})
    if user.has_role(Role.STEERING_CHAIR):
        return in_review
    reviewer = Exists(
        Membership.objects.filter(
            active_on_q(timezone.localdate()),
            user=user,
            role__in=REVIEWER_ROLES,
            body=OuterRef(f"{prefix}body"),
        )
    )
    return published | (in_review & Q(reviewer))


def _with_local_day(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.annotate(local_day=TruncDate("start", tzinfo=BERLIN))


def meetings_scope(*, user) -> QuerySet[Meeting]:
    """The meetings ``user`` may see, without related rows: for composing other reads and
    the permission checks of services. Pages use ``meetings_visible_to``."""
    condition = _meeting_scope_q(user)
    if condition is None:
        return Meeting.objects.none()
    return _with_local_day(Meeting.objects.all()).filter(condition)


def meeting_is_visible_to(*, user, meeting: Meeting) -> bool:
    return meetings_scope(user=user).filter(pk=meeting.pk).exists()


def minutes_are_visible_to(*, user, meeting: Meeting) -> bool:
    """True if ``user`` may read the meeting's minutes, decisions and action items."""
    condition = _minutes_scope_q(user)
    if condition is None:
        return False
    return meetings_scope(user=user).filter(condition, pk=meeting.pk).exists()


# --- Bodies, memberships, rules ------------------------------------------------------------------


def bodies_visible_to(*, user, kind: str | None = None) -> QuerySet[Body]:
    """Bodies: all for coordinators; for members the bodies they sit (or sat) in and the
    working groups of a steering group they sit in."""
    if is_coordinator(user):
        bodies = Body.objects.all()
    elif can_read_steering(user):
        # Any seat, even an ended one (its past meetings stay readable), or a current seat
        # in the steering group above a working group.
        bodies = Body.objects.filter(
            Q(Exists(Membership.objects.filter(user=user, body=OuterRef("pk"))))
            | _seat_q(user, body_ref="parent", day_ref=None)
        )
    else:
        return Body.objects.none()
    if kind:
        bodies = bodies.filter(kind=kind)
    return bodies.select_related("parent", "established_by__agenda_item__meeting")


def body_for_user(*, user, pk: int) -> Body:
    body = bodies_visible_to(user=user).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def working_groups_visible_to(*, user, active_on: date | None = None) -> QuerySet[Body]:
    """Working groups, optionally only those active on ``active_on``."""
    groups = bodies_visible_to(user=user, kind=BodyKind.WORKING_GROUP)
    if active_on is not None:
        groups = groups.filter(active_on_q(active_on))
    return groups


def memberships_of(*, user, body: Body, on: date | None = None) -> QuerySet[Membership]:
    """The body's memberships (active on ``on`` if given), with person and organisation."""
    if not bodies_visible_to(user=user).filter(pk=body.pk).exists():
        return Membership.objects.none()
    memberships = Membership.objects.filter(body=body)
    if on is not None:
        memberships = memberships.filter(active_on_q(on))
    return memberships.select_related("user", "organisation")


def membership_candidates(*, user) -> QuerySet[User]:
    """For the coordinator: the people who can get a seat (active users with a steering
    role or the coordinator role), with their organisation; nobody for anyone else."""
    if not is_coordinator(user):
        return User.objects.none()
    return (
        User.objects.filter(
            Exists(
                User.groups.through.objects.filter(
                    user=OuterRef("pk"), group__name__in=[Role.COORDINATOR, *STEERING_ROLES]
                )
            ),
            is_active=True,
        )
        .select_related("organisation")
        .order_by("display_name", "pk")
    )


def seat_organisations(*, user) -> QuerySet[Organisation]:
    """For the coordinator: the organisations a member can represent."""
    if not is_coordinator(user):
        return Organisation.objects.none()
    return Organisation.objects.order_by("name")


def memberships_active(*, body: Body, on: date) -> QuerySet[Membership]:
    """System read (no user): the body's memberships active on ``on``."""
    return Membership.objects.filter(active_on_q(on), body=body).select_related(
        "user", "organisation"
    )


def rules_in_force(*, body: Body, on: date) -> RulesOfProcedure:
    """The rules of procedure for ``body`` on ``on``: its newest version valid by then, else
    its steering group's, else ``default_rules()``."""
    for candidate in (body, body.parent):
        if candidate is None:
            continue
        rules = (
            RulesOfProcedure.objects.filter(body=candidate, valid_from__lte=on)
            .select_related("adopted_by__agenda_item__meeting")
            .order_by("-version")
            .first()
        )
        if rules is not None:
            return rules
    return default_rules()


def rules_versions(*, user, body: Body) -> QuerySet[RulesOfProcedure]:
    """Every version of the body's own rules of procedure, newest first, with the adopting
    decision and its meeting; none for a user who may not see the body."""
    if not bodies_visible_to(user=user).filter(pk=body.pk).exists():
        return RulesOfProcedure.objects.none()
    return (
        RulesOfProcedure.objects.filter(body=body)
        .select_related("adopted_by__agenda_item__meeting__body")
        .order_by("-version")
    )


def rules_adopting_decisions(*, user, body: Body) -> QuerySet[Decision]:
    """For the coordinator: the adopted decisions that can adopt a new version of the body's
    rules of procedure — the body's own and, for a working group, its steering group's —
    newest meeting first; none for anyone else."""
    if not is_coordinator(user):
        return Decision.objects.none()
    bodies = [body.pk] if body.parent_id is None else [body.pk, body.parent_id]
    return decisions_register(user=user, outcome=DecisionOutcome.ADOPTED).filter(
        agenda_item__meeting__body__in=bodies
    )


# --- Meetings ------------------------------------------------------------------------------------


def meetings_visible_to(
    *,
    user,
    body: Body | None = None,
    state: str | None = None,
    since=None,
    until=None,
) -> QuerySet[Meeting]:
    """Meetings the user may see, newest first, filtered by body, state and start time."""
    meetings = meetings_scope(user=user)
    if body is not None:
        meetings = meetings.filter(body=body)
    if state:
        meetings = meetings.filter(state=state)
    if since is not None:
        meetings = meetings.filter(start__gte=since)
    if until is not None:
        meetings = meetings.filter(start__lt=until)
    return meetings.select_related("body", "body__parent").order_by("-start", "pk")


def meeting_for_user(*, user, pk: int) -> Meeting:
    """One meeting with its agenda (items, presenters, papers), or ``Http404``."""
    meeting = (
        meetings_scope(user=user)
        .filter(pk=pk)
        .select_related("body", "body__parent")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter").prefetch_related("files"),
            ),
            "files",
        )
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def agenda_items_of(*, user, meeting: Meeting) -> QuerySet[AgendaItem]:
    if not meeting_is_visible_to(user=user, meeting=meeting):
        return AgendaItem.objects.none()
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related("files")
    )


def attendance_of(*, user, meeting: Meeting) -> QuerySet[Attendance]:
    """The recorded attendance (part of the minutes)."""
    if not minutes_are_visible_to(user=user, meeting=meeting):
        return Attendance.objects.none()
    return Attendance.objects.filter(meeting=meeting).select_related(
        "membership__user", "membership__organisation"
    )


@dataclass(frozen=True)
class QuorumStatus:
    """Whether a meeting can decide: voting members, those present, those required."""

    voting_members: int
    present_voting: int
    required: int
    met: bool
    rules: RulesOfProcedure


def meeting_quorum(*, meeting: Meeting) -> QuorumStatus:
    """System read: the meeting's quorum from its attendance and the rules in force on the
    meeting day (voting members = memberships with a voting right active that day)."""
    day = meeting.local_date
    rules = rules_in_force(body=meeting.body, on=day)
    voting = Membership.objects.filter(active_on_q(day), body=meeting.body, voting_right=True)
    voting_members = voting.count()
    present_voting = Attendance.objects.filter(
        meeting=meeting,
        status=AttendanceStatus.PRESENT,
        membership__in=voting,
    ).count()
    required = rules.quorum_required(voting_members=voting_members)
    return QuorumStatus(
        voting_members=voting_members,
        present_voting=present_voting,
        required=required,
        met=rules.quorum_met(voting_members=voting_members, present_voting=present_voting),
        rules=rules,
    )


def minutes_versions_of(*, user, meeting: Meeting) -> QuerySet[MinutesVersion]:
    """The minutes' versions; readers who are not reviewers see approved versions only."""
    condition = _minutes_scope_q(user)
    if condition is None or not (
        meetings_scope(user=user).filter(condition, pk=meeting.pk).exists()
    ):
        return MinutesVersion.objects.none()
    versions = MinutesVersion.objects.filter(meeting=meeting).select_related(
        "created_by", "approved_by"
    )
    if not is_coordinator(user) and meeting.state == MeetingState.PUBLISHED:
        versions = versions.filter(state=MinutesVersionState.APPROVED)
    return versions


def minutes_current(*, user, meeting: Meeting) -> MinutesVersion | None:
    """The newest approved minutes version the user may read (its ``content`` is the
    authoritative record), or None."""
    return (
        minutes_versions_of(user=user, meeting=meeting)
        .filter(state=MinutesVersionState.APPROVED)
        .order_by("-number")
        .first()
    )


# --- Decision register and action tracker --------------------------------------------------------


def _meetings_with_minutes_for(user) -> QuerySet[Meeting] | None:
    condition = _minutes_scope_q(user)
    if condition is None:
        return None
    return meetings_scope(user=user).filter(condition)


def decisions_register(
    *,
    user,
    outcome: str | None = None,
    body: Body | None = None,
    working_group: Body | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Decision]:
    """Decisions across meetings whose minutes the user may read, newest meeting first.
    ``working_group`` filters on the body the decision was taken in; ``since``/``until``
    (inclusive) on the meeting day."""
    meetings = _meetings_with_minutes_for(user)
    if meetings is None:
        return Decision.objects.none()
    decisions = Decision.objects.filter(agenda_item__meeting__in=meetings.values("pk"))
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    for group in (body, working_group):
        if group is not None:
            decisions = decisions.filter(agenda_item__meeting__body=group)
    if since is not None:
        decisions = decisions.filter(agenda_item__meeting__start__date__gte=since)
    if until is not None:
        decisions = decisions.filter(agenda_item__meeting__start__date__lte=until)
    return decisions.select_related("agenda_item__meeting__body").order_by(
        "-agenda_item__meeting__start", "agenda_item__order", "pk"
    )


def decision_for_user(*, user, pk: int) -> Decision:
    decision = decisions_register(user=user).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def _action_items_scope(user) -> QuerySet[ActionItem]:
    meetings = _meetings_with_minutes_for(user)
    if meetings is None:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(
        Q(agenda_item__meeting__in=meetings.values("pk")) | Q(owner=user)
    )


def action_items_tracker(
    *,
    user,
    status: str | list[str] | None = None,
    owner: User | None = None,
    organisation=None,
    working_group: Body | None = None,
    overdue: bool | None = None,
    today: date | None = None,
) -> QuerySet[ActionItem]:
    """Action items across meetings, soonest due first. ``status`` one or several;
    ``working_group`` the body whose meeting assigned them; ``overdue=True`` open items
    past their due date (``today`` in Europe/Berlin by default), ``False`` the others."""
    items = _action_items_scope(user)
    if isinstance(status, str):
        items = items.filter(status=status)
    elif status:
        items = items.filter(status__in=status)
    if owner is not None:
        items = items.filter(owner=owner)
    if organisation is not None:
        items = items.filter(organisation=organisation)
    if working_group is not None:
        items = items.filter(agenda_item__meeting__body=working_group)
    if overdue is not None:
        today = today or timezone.localdate()
        overdue_q = Q(status__in=ACTION_ITEM_OPEN_STATUSES, due_date__lt=today)
        items = items.filter(overdue_q) if overdue else items.exclude(overdue_q)
    return items.select_related("owner", "organisation", "agenda_item__meeting__body").order_by(
        "due_date", "pk"
    )


def action_item_for_user(*, user, pk: int) -> ActionItem:
    """One action item with its progress notes, or ``Http404``."""
    item = (
        _action_items_scope(user)
        .filter(pk=pk)
        .select_related("owner", "organisation", "agenda_item__meeting__body")
        .prefetch_related(
            Prefetch("progress_notes", queryset=ActionItemProgress.objects.select_related("author"))
        )
        .first()
    )
    if item is None:
        raise Http404
    return item


# --- Papers --------------------------------------------------------------------------------------


def files_of(*, user, meeting: Meeting) -> QuerySet[File]:
    """The meeting's papers (with their agenda items); members only."""
    if not meeting_is_visible_to(user=user, meeting=meeting):
        return File.objects.none()
    return File.objects.filter(meeting=meeting).select_related("agenda_item")


def file_for_user(*, user, pk: int) -> File:
    """The access helper for downloads: the paper if its meeting is visible, else 404."""
    paper = (
        File.objects.filter(pk=pk, meeting__in=meetings_scope(user=user).values("pk"))
        .select_related("meeting", "agenda_item")
        .first()
    )
    if paper is None:
        raise Http404
    return paper


# --- Hurdles and barrier reports -----------------------------------------------------------------


def hurdles_visible_to(
    *,
    user,
    status: str | None = None,
    domain: str | None = None,
    municipality=None,
    working_group: Body | None = None,
) -> QuerySet[Hurdle]:
    """The hurdle register (no personal data: every reader of the steering area)."""
    if not can_read_steering(user):
        return Hurdle.objects.none()
    hurdles = Hurdle.objects.all()
    if status:
        hurdles = hurdles.filter(status=status)
    if domain:
        hurdles = hurdles.filter(domain=domain)
    if municipality is not None:
        hurdles = hurdles.filter(municipalities=municipality)
    if working_group is not None:
        hurdles = hurdles.filter(working_group=working_group)
    return (
        hurdles.select_related("working_group")
        .prefetch_related("municipalities")
        .annotate(source_report_count=Count("source_reports", distinct=True))
        .order_by("status", "-modified", "pk")
    )


def hurdle_for_user(*, user, pk: int) -> Hurdle:
    hurdle = hurdles_visible_to(user=user).filter(pk=pk).first()
    if hurdle is None:
        raise Http404
    return hurdle


def hurdle_timeline(*, user, hurdle: Hurdle) -> QuerySet[HurdleEvent]:
    """The hurdle's events, oldest first."""
    if not can_read_steering(user):
        return HurdleEvent.objects.none()
    return (
        HurdleEvent.objects.filter(hurdle=hurdle)
        .select_related("actor", "decision", "action_item")
        .order_by("created", "pk")
    )


@dataclass(frozen=True)
class BarrierReportCount:
    """How many barrier reports name one life domain, town and month. Counts only: never
    the reports' texts or reporting organisations."""

    domain: str
    municipality_id: int
    municipality_name: str
    month: date
    count: int


def _barrier_report_counts(reports: QuerySet[BarrierReport]) -> list[BarrierReportCount]:
    rows = (
        reports.order_by()
        .values("domain", "municipality_id", "municipality__name", "month")
        .annotate(count=Count("pk"))
        .order_by("-month", "domain", "municipality__name")
    )
    return [
        BarrierReportCount(
            domain=row["domain"],
            municipality_id=row["municipality_id"],
            municipality_name=row["municipality__name"],
            month=row["month"],
            count=row["count"],
        )
        for row in rows
    ]


def barrier_report_aggregates(
    *, user, domain: str | None = None, since: date | None = None
) -> list[BarrierReportCount]:
    """Barrier reports from case work counted by life domain, town and month (newest month
    first), optionally for one domain and from the month of ``since`` on. Empty for anyone
    outside the steering area."""
    if not can_read_steering(user):
        return []
    reports = BarrierReport.objects.all()
    if domain:
        reports = reports.filter(domain=domain)
    if since is not None:
        reports = reports.filter(month__gte=since.replace(day=1))
    return _barrier_report_counts(reports)


def hurdle_source_counts(*, user, hurdle: Hurdle) -> list[BarrierReportCount]:
    """The hurdle's linked barrier reports, as counts by domain, town and month."""
    if not can_read_steering(user):
        return []
    return _barrier_report_counts(
        BarrierReport.objects.filter(pk__in=hurdle.source_reports.values("pk"))
    )


# --- Private calendar feed -----------------------------------------------------------------------


def calendar_token_user(token: str) -> User | None:
    """The active steering user behind a calendar token, or None (unknown, revoked, or the
    person has left the steering area)."""
    if not token:
        return None
    row = (
        CalendarToken.objects.filter(token_digest=calendar_token_digest(token), revoked_at=None)
        .select_related("user")
        .first()
    )
    if row is None or not can_read_steering(row.user):
        return None
    return row.user


def meetings_for_calendar_token(token: str) -> QuerySet[Meeting]:
    """The meetings for a private calendar feed: what the token's owner may see (cancelled
    ones included, so calendars can show them as cancelled); none for a bad token."""
    user = calendar_token_user(token)
    if user is None:
        return Meeting.objects.none()
    return meetings_scope(user=user).select_related("body").order_by("start", "pk")


def calendar_token_active_for(*, user) -> CalendarToken | None:
    """The user's current token row (never the token itself: only its digest is stored)."""
    return CalendarToken.objects.filter(user=user, revoked_at=None).first()


# --- Staff pages (added for the steering UI) -----------------------------------------------------


def agenda_with_minutes(*, user, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda items in order, with presenters and papers; with their decisions
    and action items (owner, organisation) too if the user may read the minutes. One query
    per related table, however long the agenda."""
    if not meeting_is_visible_to(user=user, meeting=meeting):
        return AgendaItem.objects.none()
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related("files")
        .order_by("order", "pk")
    )
    if minutes_are_visible_to(user=user, meeting=meeting):
        items = items.prefetch_related(
            "decisions",
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner", "organisation"),
            ),
        )
    return items


def barrier_reports_in_cell(*, user, domain: str, municipality_id: int, month: date):
    """The barrier reports behind one count (domain, town, month), for linking them to a
    hurdle as sources; coordinators only (the rows are never shown, only counted)."""
    if not is_coordinator(user):
        return BarrierReport.objects.none()
    return BarrierReport.objects.filter(
        domain=domain, municipality_id=municipality_id, month=month.replace(day=1)
    )


# --- Outputs: OParl API for members' tools -------------------------------------------------------


def oparl_bodies_visible_to(*, user) -> QuerySet[Body]:
    """The steering groups of the OParl API (its ``Body``): those ``user`` may see, and the
    steering group above a working group they may see (a working-group-only member needs
    its container). Working groups themselves are OParl organisations."""
    visible = bodies_visible_to(user=user)
    return Body.objects.filter(
        Q(pk__in=visible.values("pk")) | Q(pk__in=visible.values("parent")),
        kind=BodyKind.STEERING_GROUP,
    ).order_by("name", "pk")


def oparl_organizations_of(*, user, body: Body) -> QuerySet[Body]:
    """The OParl organisations of a steering group that ``user`` may see: the group itself
    and its working groups."""
    return (
        bodies_visible_to(user=user)
        .filter(Q(pk=body.pk) | Q(parent=body))
        .order_by("kind", "name", "pk")
    )


def oparl_meetings_visible_to(
    *,
    user,
    body: Body | None = None,
    organization: Body | None = None,
    modified_since=None,
) -> QuerySet[Meeting]:
    """Meetings with published minutes that ``user`` may see, oldest first, with agenda
    items, decisions, papers and approved minutes versions. ``oparl_modified`` is the later
    of the meeting's and its newest minutes version's change: a correction changes the
    published record without touching the meeting row. ``body``: a steering group and its
    working groups; ``organization``: one body."""
    latest_version_change = Subquery(
        MinutesVersion.objects.filter(meeting=OuterRef("pk"))
        .order_by("-modified")
        .values("modified")[:1]
    )
    meetings = (
        meetings_scope(user=user)
        .filter(state=MeetingState.PUBLISHED)
        .annotate(oparl_modified=Greatest("modified", Coalesce(latest_version_change, "modified")))
    )
    if body is not None:
        meetings = meetings.filter(Q(body=body) | Q(body__parent=body))
    if organization is not None:
        meetings = meetings.filter(body=organization)
    if modified_since is not None:
        meetings = meetings.filter(oparl_modified__gte=modified_since)
    return (
        meetings.select_related("body")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.prefetch_related("decisions", "files"),
            ),
            "files",
            Prefetch(
                "minutes_versions",
                queryset=MinutesVersion.objects.filter(state=MinutesVersionState.APPROVED)
                .defer("content", "changes")
                .order_by("number"),
                to_attr="approved_minutes_versions",
            ),
        )
        .order_by("start", "pk")
    )


def oparl_meeting_for_user(*, user, pk: int) -> Meeting:
    """One meeting of the OParl API (published minutes, visible to ``user``), or 404."""
    meeting = oparl_meetings_visible_to(user=user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def oparl_agenda_item_for_user(*, user, pk: int) -> AgendaItem:
    """One agenda item of a meeting in the OParl API, with decisions and papers, or 404."""
    meetings = oparl_meetings_visible_to(user=user).values("pk")
    item = (
        AgendaItem.objects.filter(pk=pk, meeting__in=meetings)
        .prefetch_related("decisions", "files")
        .first()
    )
    if item is None:
        raise Http404
    return item


def oparl_decision_for_user(*, user, pk: int) -> Decision:
    """One decision of a meeting in the OParl API, or 404."""
    meetings = oparl_meetings_visible_to(user=user).values("pk")
    decision = (
        Decision.objects.filter(pk=pk, agenda_item__meeting__in=meetings)
        .select_related("agenda_item")
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def oparl_file_for_user(*, user, pk: int) -> File:
    """One paper's metadata for the OParl API (of a meeting there), or 404."""
    meetings = oparl_meetings_visible_to(user=user).values("pk")
    paper = File.objects.filter(pk=pk, meeting__in=meetings).first()
    if paper is None:
        raise Http404
    return paper


# --- Dashboard aggregates (counts only) ----------------------------------------------------------
#
# System reads for the steering dashboard: no user argument, because the dashboard view
# checks ``can_read_steering`` and these return nothing a steering reader may not see —
# counts of barrier reports (no text, no organisation), of hurdles, and of action items of
# meetings whose minutes are published (the part of the tracker every reader sees).


def barrier_reports_by_domain_and_month(
    *, start: date, end: date, municipality_id: int | None = None
) -> dict[tuple[str, date], int]:
    """Barrier reports of months in [start, end) by life domain and month."""
    reports = BarrierReport.objects.filter(month__gte=start, month__lt=end)
    if municipality_id:
        reports = reports.filter(municipality_id=municipality_id)
    rows = reports.order_by().values_list("domain", "month").annotate(n=Count("pk"))
    return {(domain, month): n for domain, month, n in rows}


def hurdles_top_by_reports(
    *, start: date, end: date, municipality_id: int | None = None, limit: int = 10
) -> list[tuple[str, int]]:
    """The hurdles with the most linked barrier reports of months in [start, end):
    ``[(title, count)]``, most first (hurdles without such reports left out)."""
    window = Q(source_reports__month__gte=start, source_reports__month__lt=end)
    if municipality_id:
        window &= Q(source_reports__municipality_id=municipality_id)
    rows = (
        Hurdle.objects.annotate(n=Count("source_reports", filter=window, distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "title", "pk")
        .values_list("title", "n")[:limit]
    )
    return list(rows)


def hurdles_by_status(*, municipality_id: int | None = None) -> dict[str, int]:
    """The hurdle register counted by status (the state of the measures), optionally only
    hurdles affecting one town."""
    hurdles = Hurdle.objects.all()
    if municipality_id:
        hurdles = hurdles.filter(
            Exists(
                Hurdle.municipalities.through.objects.filter(
                    hurdle_id=OuterRef("pk"), municipality_id=municipality_id
                )
            )
        )
    return dict(hurdles.order_by().values_list("status").annotate(n=Count("pk")))


def action_items_open_by_organisation(*, today: date) -> list[tuple[str, int, int]]:
    """Open action items of meetings with published minutes per organisation:
    ``[(organisation name, open, of which overdue)]``, most open first."""
    open_q = Q(status__in=ACTION_ITEM_OPEN_STATUSES)
    rows = (
        ActionItem.objects.filter(open_q, agenda_item__meeting__state=MeetingState.PUBLISHED)
        .order_by()
        .values_list("organisation__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        .order_by("-open", "organisation__name")
    )
    return list(rows)


def minutes_correction_open(*, user, meeting: Meeting) -> MinutesVersion | None:
    """The correction of approved minutes awaiting the chair's approval (a version above 1,
    not yet approved), for coordinators and the meeting's reviewers (``steering_chair``
    role; chair, deputy or secretariat seat). None for anyone else or if there is none.
    ``minutes_versions_of`` shows readers of published minutes approved versions only."""
    if not minutes_are_visible_to(user=user, meeting=meeting):
        return None
    reviewer = (
        is_coordinator(user)
        or user.has_role(Role.STEERING_CHAIR)
        or Membership.objects.filter(
            active_on_q(timezone.localdate()),
            user=user,
            body_id=meeting.body_id,
            role__in=REVIEWER_ROLES,
        ).exists()
    )
    if not reviewer:
        return None
    return (
        MinutesVersion.objects.filter(meeting=meeting, number__gt=1)
        .exclude(state=MinutesVersionState.APPROVED)
        .select_related("created_by")
        .first()
    )
