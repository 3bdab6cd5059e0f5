"""The steering group's staff pages (mounted at /<lang>/steering/): meetings with agenda,
attendance, papers and minutes; the decision register and the action tracker; the hurdle
register; bodies and working groups; the private calendar token.

Views parse input, call a selector or service and render. Every record is looked up
through the access helpers of ``steering.selectors`` (404 for what the user may not see);
who may write is decided by the services (``PermissionDenied`` → 403). A service's
``ValidationError`` goes back onto the form (``form_errors_from``) and the page is shown
again with status 400, so nothing typed is lost."""

from datetime import date, timedelta
from functools import wraps
from itertools import pairwise
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .choices import (
    ActionItemStatus,
    AttendanceStatus,
    DecisionOutcome,
    HurdleEventKind,
    HurdleStatus,
    MeetingState,
    MinutesVersionState,
)
from .forms import (
    MEETING_ACTIONS,
    ActionItemEditForm,
    ActionItemFilterForm,
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    CorrectionForm,
    DecisionFilterForm,
    DecisionForm,
    DiscussionForm,
    HurdleFilterForm,
    HurdleForm,
    HurdleLinkForm,
    HurdleNoteForm,
    HurdleTransitionForm,
    MeetingFilterForm,
    MeetingForm,
    MembershipEndForm,
    MembershipForm,
    PaperForm,
    ProgressForm,
    RulesOfProcedureForm,
    WorkingGroupForm,
    decision_initial,
    form_errors_from,
)
from .models import Decision
from .selectors import (
    action_item_for_user,
    action_items_tracker,
    agenda_items_of,
    agenda_with_minutes,
    attendance_of,
    barrier_report_aggregates,
    barrier_reports_in_cell,
    bodies_visible_to,
    body_for_user,
    calendar_token_active_for,
    can_read_steering,
    decisions_register,
    file_for_user,
    hurdle_for_user,
    hurdle_source_counts,
    hurdle_timeline,
    hurdles_visible_to,
    is_coordinator,
    meeting_for_user,
    meeting_quorum,
    meetings_visible_to,
    membership_candidates,
    memberships_of,
    minutes_are_visible_to,
    minutes_correction_open,
    minutes_current,
    minutes_versions_of,
    rules_adopting_decisions,
    rules_in_force,
    rules_versions,
    seat_organisations,
)
from .states import (
    AGENDA_EDITABLE_STATES,
    HURDLE_STEPS,
    MEETING_STEPS,
    MINUTES_EDITABLE_STATES,
    MINUTES_FINAL_STATES,
)

PAGE_SIZE = 25
# The newest adopted decisions offered as the one adopting new rules of procedure.
RULES_DECISION_CHOICES = 200
MINUTES_RECORDED_STATES = MINUTES_EDITABLE_STATES | MINUTES_FINAL_STATES
REGISTER_PAGE_SIZE = 50


def steering_required(view):
    """Coordinators and steering members or chairs; others get 403, anonymous visitors
    the login."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read_steering(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    @steering_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _page(request, queryset, size=PAGE_SIZE):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(queryset, size).get_page(request.GET.get("page")), query.urlencode()


def _meeting(request, pk):
    return meeting_for_user(user=request.user, pk=pk)


def _meeting_url(meeting, anchor: str = "") -> str:
    url = reverse("steering:meeting_detail", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _agenda_item(request, meeting, item_pk):
    item = agenda_items_of(user=request.user, meeting=meeting).filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


# --- Meetings ------------------------------------------------------------------------------


@steering_required
@require_GET
def meeting_list(request):
    bodies = bodies_visible_to(user=request.user)
    filter_form = MeetingFilterForm(request.GET or None, bodies=bodies)
    filters = filter_form.filters() if request.GET else {"body": None, "when": "upcoming"}
    now = timezone.now()
    meetings = meetings_visible_to(user=request.user, body=filters["body"])
    if filters["when"] == "upcoming":
        meetings = meetings.filter(end__gte=now).order_by("start", "pk")
    elif filters["when"] == "past":
        meetings = meetings.filter(end__lt=now)
    page, query = _page(request, meetings)
    return render(
        request,
        "steering/meeting_list.html",
        {
            "page": page,
            "query": query,
            "filter_form": filter_form,
            "when": filters["when"],
            "is_coordinator": is_coordinator(request.user),
        },
    )


def _meeting_actions(user, meeting) -> list[dict]:
    """The state buttons this user may press now."""
    allowed = MEETING_STEPS.get(meeting.state, frozenset())
    actions = []
    coordinator = is_coordinator(user)
    for action, (target, label) in MEETING_ACTIONS.items():
        if target not in allowed:
            continue
        if action == "return_to_draft" and meeting.state != MeetingState.MINUTES_CIRCULATED:
            continue
        if action == "approve":
            if not services.is_chair_for(user=user, meeting=meeting):
                continue
        elif not coordinator:
            continue
        actions.append(
            {
                "action": action,
                "label": label,
                "danger": action == "cancel",
                "primary": action in ("approve", "publish", "invite", "circulate"),
            }
        )
    return actions


def _render_meeting(request, meeting, *, status: int = 200, **bound):
    user = request.user
    coordinator = is_coordinator(user)
    minutes_visible = minutes_are_visible_to(user=user, meeting=meeting)
    items = list(agenda_with_minutes(user=user, meeting=meeting))
    memberships = list(memberships_of(user=user, body=meeting.body, on=meeting.local_date))
    attendance = list(attendance_of(user=user, meeting=meeting))
    recorded = {a.membership_id: a.status for a in attendance}
    minutes_open = coordinator and meeting.state in MINUTES_EDITABLE_STATES
    agenda_open = coordinator and meeting.state in AGENDA_EDITABLE_STATES
    rows = []
    for item in items:
        key = str(item.pk)
        rows.append(
            {
                "item": item,
                "papers": list(item.files.all()),
                "discussion_form": bound.get("discussion_forms", {}).get(key)
                or DiscussionForm(prefix=f"item{item.pk}", initial={"discussion": item.discussion}),
                "decision_form": bound.get("decision_forms", {}).get(key)
                or DecisionForm(prefix=f"item{item.pk}-decision"),
                "action_form": bound.get("action_forms", {}).get(key)
                or ActionItemForm(prefix=f"item{item.pk}-action", memberships=memberships),
            }
        )
    context = {
        "meeting": meeting,
        "rows": rows,
        "is_coordinator": coordinator,
        "minutes_visible": minutes_visible,
        "minutes_open": minutes_open,
        "agenda_open": agenda_open,
        "minutes_final": meeting.state in MINUTES_FINAL_STATES,
        "meeting_papers": [f for f in meeting.files.all() if f.agenda_item_id is None],
        "actions": _meeting_actions(user, meeting),
        "action_errors": bound.get("action_errors", []),
        "attendance": attendance,
        # Quorum and attendance from the meeting on (before it they would say nothing).
        "quorum": meeting_quorum(meeting=meeting)
        if (minutes_visible or coordinator) and meeting.state in MINUTES_RECORDED_STATES
        else None,
    }
    if minutes_open:
        context["attendance_form"] = bound.get("attendance_form") or AttendanceForm(
            memberships=memberships, recorded=recorded
        )
    if agenda_open:
        context["agenda_form"] = bound.get("agenda_form") or AgendaItemForm(
            prefix="agenda", memberships=memberships
        )
    if coordinator and meeting.state not in MINUTES_FINAL_STATES | {MeetingState.CANCELLED}:
        context["paper_form"] = bound.get("paper_form") or PaperForm(
            prefix="paper", agenda_items=items
        )
    return render(request, "steering/meeting_detail.html", context, status=status)


@steering_required
@require_GET
def meeting_detail(request, pk):
    return _render_meeting(request, _meeting(request, pk))


@coordinator_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    bodies = bodies_visible_to(user=request.user)
    form = MeetingForm(request.POST or None, bodies=bodies, initial={"invitation_days": 14})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Sitzung ist angelegt."))
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "steering/meeting_form.html",
        {"form": form, "meeting": None},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    initial = {
        "name": meeting.name,
        "start": timezone.localtime(meeting.start),
        "end": timezone.localtime(meeting.end),
        "location": meeting.location,
        "video_url": meeting.video_url,
        "invitation_days": meeting.invitation_days,
    }
    form = MeetingForm(request.POST or None, bodies=[], editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        try:
            if changes:
                services.meeting_update(
                    by=request.user, meeting=meeting, request=request, **changes
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Sitzung ist gespeichert."))
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "steering/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


MEETING_ACTION_SERVICES = {
    "invite": services.meeting_invite,
    "cancel": services.meeting_cancel,
    "hold": services.meeting_hold,
    "minutes_start": services.minutes_start,
    "circulate": services.minutes_circulate,
    "return_to_draft": services.minutes_return_to_draft,
    "approve": services.minutes_approve,
    "publish": services.minutes_publish,
}
MEETING_ACTION_DONE = {
    "invite": gettext_lazy("Die Einladung ist freigegeben."),
    "cancel": gettext_lazy("Die Sitzung ist abgesagt."),
    "hold": gettext_lazy("Die Sitzung ist als durchgeführt erfasst."),
    "minutes_start": gettext_lazy("Das Protokoll ist begonnen."),
    "circulate": gettext_lazy("Das Protokoll ist versandt."),
    "return_to_draft": gettext_lazy("Das Protokoll ist wieder in Bearbeitung."),
    "approve": gettext_lazy("Das Protokoll ist genehmigt."),
    "publish": gettext_lazy("Das Protokoll ist veröffentlicht."),
}


@steering_required
@require_POST
def meeting_transition(request, pk):
    meeting = _meeting(request, pk)
    action = request.POST.get("action", "")
    service = MEETING_ACTION_SERVICES.get(action)
    if service is None:
        return _render_meeting(
            request, meeting, status=400, action_errors=[_("Unbekannter Schritt.")]
        )
    try:
        service(by=request.user, meeting=meeting, request=request)
    except ValidationError as error:
        meeting = _meeting(request, pk)
        return _render_meeting(request, meeting, status=400, action_errors=error.messages)
    messages.success(request, str(MEETING_ACTION_DONE[action]))
    return redirect(_meeting_url(meeting, "meeting-state"))


# --- Agenda --------------------------------------------------------------------------------


@coordinator_required
@require_POST
def agenda_item_add(request, pk):
    meeting = _meeting(request, pk)
    memberships = memberships_of(user=request.user, body=meeting.body, on=meeting.local_date)
    form = AgendaItemForm(request.POST, prefix="agenda", memberships=memberships)
    if form.is_valid():
        try:
            services.agenda_item_add(
                by=request.user, meeting=meeting, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Der Tagesordnungspunkt ist hinzugefügt."))
            return redirect(_meeting_url(meeting, "meeting-agenda"))
    return _render_meeting(request, meeting, status=400, agenda_form=form)


@coordinator_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    memberships = memberships_of(user=request.user, body=meeting.body, on=meeting.local_date)
    initial = {
        "number": item.number,
        "title": item.title,
        "presenter": str(item.presenter_id or ""),
        "presenter_note": item.presenter_note,
        "public": item.public,
    }
    form = AgendaItemForm(request.POST or None, memberships=memberships, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["number"] = data["number"] or item.number
        try:
            services.agenda_item_update(by=request.user, agenda_item=item, request=request, **data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Der Tagesordnungspunkt ist gespeichert."))
            return redirect(_meeting_url(meeting, "meeting-agenda"))
    return render(
        request,
        "steering/agenda_item_form.html",
        {"form": form, "meeting": meeting, "item": item},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_POST
def agenda_item_remove(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    try:
        services.agenda_item_remove(by=request.user, agenda_item=item, request=request)
    except ValidationError as error:
        return _render_meeting(request, meeting, status=400, action_errors=error.messages)
    messages.success(request, _("Der Tagesordnungspunkt ist entfernt."))
    return redirect(_meeting_url(meeting, "meeting-agenda"))


# --- Attendance and papers -----------------------------------------------------------------


@coordinator_required
@require_POST
def attendance_set(request, pk):
    meeting = _meeting(request, pk)
    memberships = list(memberships_of(user=request.user, body=meeting.body, on=meeting.local_date))
    attendance = attendance_of(user=request.user, meeting=meeting)
    recorded = {a.membership_id: a.status for a in attendance}
    form = AttendanceForm(request.POST, memberships=memberships, recorded=recorded)
    if form.is_valid():
        try:
            # All or nothing: one refused change (a vote no longer fits) keeps every row.
            with transaction.atomic():
                for membership, status in form.changes(recorded):
                    services.attendance_set(
                        by=request.user,
                        meeting=meeting,
                        membership=membership,
                        status=status,
                        request=request,
                    )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Anwesenheit ist gespeichert."))
            return redirect(_meeting_url(meeting, "meeting-attendance"))
    return _render_meeting(request, meeting, status=400, attendance_form=form)


@coordinator_required
@require_POST
def file_upload(request, pk):
    meeting = _meeting(request, pk)
    items = agenda_items_of(user=request.user, meeting=meeting)
    form = PaperForm(request.POST, request.FILES, prefix="paper", agenda_items=items)
    if form.is_valid():
        try:
            services.file_attach(
                by=request.user,
                meeting=meeting,
                upload=form.cleaned_data["file"],
                agenda_item=form.cleaned_data["agenda_item"],
                name=form.cleaned_data["name"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Unterlage ist hochgeladen."))
            return redirect(_meeting_url(meeting, "meeting-papers"))
    return _render_meeting(request, meeting, status=400, paper_form=form)


@steering_required
@require_GET
def file_download(request, pk):
    paper = file_for_user(user=request.user, pk=pk)
    filename = paper.name
    suffix = Path(paper.file.name).suffix
    if suffix and not filename.lower().endswith(suffix.lower()):
        filename += suffix
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=paper.mime_type)


@coordinator_required
@require_POST
def file_remove(request, pk):
    paper = file_for_user(user=request.user, pk=pk)
    meeting = paper.meeting
    try:
        services.file_remove(by=request.user, paper=paper, request=request)
    except ValidationError as error:
        return _render_meeting(
            request, _meeting(request, meeting.pk), status=400, action_errors=error.messages
        )
    messages.success(request, _("Die Unterlage ist entfernt."))
    return redirect(_meeting_url(meeting, "meeting-papers"))


# --- Minutes -------------------------------------------------------------------------------


@coordinator_required
@require_POST
def discussion_set(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    form = DiscussionForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.agenda_item_minutes_set(
                by=request.user,
                agenda_item=item,
                discussion=form.cleaned_data["discussion"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Beratung ist gespeichert."))
            return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return _render_meeting(request, meeting, status=400, discussion_forms={str(item.pk): form})


@coordinator_required
@require_POST
def decision_add(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    form = DecisionForm(request.POST, prefix=f"item{item.pk}-decision")
    if form.is_valid():
        try:
            services.decision_record(
                by=request.user, agenda_item=item, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Der Beschluss ist erfasst."))
            return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return _render_meeting(request, meeting, status=400, decision_forms={str(item.pk): form})


def _decision(request, meeting, decision_pk) -> Decision:
    decision = (
        decisions_register(user=request.user)
        .filter(pk=decision_pk, agenda_item__meeting=meeting)
        .first()
    )
    if decision is None:
        raise Http404
    return decision


@coordinator_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk, decision_pk):
    """Correct a recorded decision while the minutes are open (re-checked against the
    attendance and the rules). Once the chair has approved them, the page points to the
    correction procedure instead (a new version with a reason)."""
    meeting = _meeting(request, pk)
    decision = _decision(request, meeting, decision_pk)
    item = decision.agenda_item
    form = DecisionForm(request.POST or None, initial=decision_initial(decision))
    if request.method == "POST" and form.is_valid():
        changes = {
            name: value
            for name, value in form.cleaned_data.items()
            if value != getattr(decision, name)
        }
        try:
            if changes:
                services.decision_update(
                    by=request.user, decision=decision, request=request, **changes
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Der Beschluss ist gespeichert."))
            return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return render(
        request,
        "steering/decision_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "decision": decision,
            "editable": meeting.state in MINUTES_EDITABLE_STATES,
            "minutes_final": meeting.state in MINUTES_FINAL_STATES,
        },
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def working_group_establish(request, pk, decision_pk):
    """Set up the working group that an adopted decision of the steering group establishes
    (the group records the decision, its mandate and its start)."""
    meeting = _meeting(request, pk)
    decision = _decision(request, meeting, decision_pk)
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.working_group_establish(
                by=request.user,
                parent=meeting.body,
                established_by=decision,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Arbeitsgruppe ist eingesetzt."))
            return redirect("steering:body_detail", pk=group.pk)
    return render(
        request,
        "steering/working_group_form.html",
        {"form": form, "meeting": meeting, "decision": decision},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_POST
def decision_remove(request, pk, decision_pk):
    meeting = _meeting(request, pk)
    decision = _decision(request, meeting, decision_pk)
    try:
        services.decision_remove(by=request.user, decision=decision, request=request)
    except ValidationError as error:
        return _render_meeting(request, meeting, status=400, action_errors=error.messages)
    messages.success(request, _("Der Beschluss ist gelöscht."))
    return redirect(_meeting_url(meeting, f"item-{decision.agenda_item_id}"))


@coordinator_required
@require_POST
def action_item_add(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    memberships = memberships_of(user=request.user, body=meeting.body, on=meeting.local_date)
    form = ActionItemForm(request.POST, prefix=f"item{item.pk}-action", memberships=memberships)
    if form.is_valid():
        try:
            services.action_item_create(
                by=request.user, agenda_item=item, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Aufgabe ist erfasst."))
            return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return _render_meeting(request, meeting, status=400, action_forms={str(item.pk): form})


def _frozen_minutes(content: dict) -> dict:
    """An approved version's JSON with the labels of its codes, for the template."""
    attendance = [
        {**row, "status_label": AttendanceStatus(row["status"]).label}
        for row in content.get("attendance", [])
    ]
    items = []
    for item in content.get("agenda_items", []):
        decisions = [
            {**d, "outcome_label": DecisionOutcome(d["outcome"]).label}
            for d in item.get("decisions", [])
        ]
        actions = [
            {**a, "due_date": date.fromisoformat(a["due_date"])}
            for a in item.get("action_items", [])
        ]
        items.append({**item, "decisions": decisions, "action_items": actions})
    return {
        "meeting": content.get("meeting", {}),
        "quorum": content.get("quorum", {}),
        "attendance": attendance,
        "agenda_items": items,
    }


def _decision_field_label(name: str) -> str:
    try:
        return str(Decision._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _correction_changes(version, items) -> list[tuple[str, str]]:
    """A pending correction's proposed texts, labelled with their agenda item."""
    numbers = {str(item["id"]): item["number"] for item in items}
    rows = [
        (_("Beratung zu TOP %(number)s") % {"number": numbers.get(pk, "?")}, text)
        for pk, text in version.changes.get("discussions", {}).items()
    ]
    for pk, fields in version.changes.get("decisions", {}).items():
        for field, value in fields.items():
            label = _decision_field_label(field)
            rows.append((_("Beschluss %(id)s: %(field)s") % {"id": pk, "field": label}, value))
    return rows


def _render_minutes(request, meeting, *, status=200, version_errors=()):
    user = request.user
    versions = list(minutes_versions_of(user=user, meeting=meeting).order_by("number"))
    current = minutes_current(user=user, meeting=meeting)
    pending = minutes_correction_open(user=user, meeting=meeting)
    if pending is not None and pending not in versions:
        versions.append(pending)
    frozen = _frozen_minutes(current.content) if current else None
    open_draft = any(v.state != MinutesVersionState.APPROVED for v in versions)
    context = {
        "meeting": meeting,
        "versions": versions,
        "current": current,
        "frozen": frozen,
        "pending_correction": pending,
        "pending_changes": _correction_changes(pending, frozen["agenda_items"])
        if pending and frozen
        else [],
        "is_coordinator": is_coordinator(user),
        "is_chair": services.is_chair_for(user=user, meeting=meeting),
        "may_correct": is_coordinator(user)
        and meeting.state in MINUTES_FINAL_STATES
        and not open_draft,
        "version_errors": version_errors,
    }
    if current is None:
        context["items"] = list(agenda_with_minutes(user=user, meeting=meeting))
        context["attendance"] = list(attendance_of(user=user, meeting=meeting))
        context["quorum"] = meeting_quorum(meeting=meeting)
    return render(request, "steering/meeting_minutes.html", context, status=status)


@steering_required
@require_GET
def meeting_minutes(request, pk):
    meeting = _meeting(request, pk)
    if not minutes_are_visible_to(user=request.user, meeting=meeting):
        raise Http404
    return _render_minutes(request, meeting)


@coordinator_required
@require_http_methods(["GET", "POST"])
def minutes_correction(request, pk):
    meeting = _meeting(request, pk)
    items = list(agenda_with_minutes(user=request.user, meeting=meeting))
    form = CorrectionForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        discussions, decisions = form.changes()
        try:
            services.minutes_correction_propose(
                by=request.user,
                meeting=meeting,
                reason=form.cleaned_data["reason"],
                discussions=discussions,
                decisions=decisions,
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Berichtigung liegt dem Vorsitz zur Genehmigung vor."))
            return redirect("steering:meeting_minutes", pk=meeting.pk)
    return render(
        request,
        "steering/minutes_correction.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


def _version(request, meeting, version_pk):
    pending = minutes_correction_open(user=request.user, meeting=meeting)
    if pending is not None and pending.pk == version_pk:
        return pending
    version = minutes_versions_of(user=request.user, meeting=meeting).filter(pk=version_pk).first()
    if version is None:
        raise Http404
    return version


@steering_required
@require_POST
def correction_approve(request, pk, version_pk):
    meeting = _meeting(request, pk)
    version = _version(request, meeting, version_pk)
    try:
        services.minutes_correction_approve(by=request.user, version=version, request=request)
    except ValidationError as error:
        return _render_minutes(request, meeting, status=400, version_errors=error.messages)
    messages.success(request, _("Die Berichtigung ist genehmigt."))
    return redirect("steering:meeting_minutes", pk=meeting.pk)


@coordinator_required
@require_POST
def correction_discard(request, pk, version_pk):
    meeting = _meeting(request, pk)
    version = _version(request, meeting, version_pk)
    try:
        services.minutes_correction_discard(by=request.user, version=version, request=request)
    except ValidationError as error:
        return _render_minutes(request, meeting, status=400, version_errors=error.messages)
    messages.success(request, _("Die Berichtigung ist zurückgezogen."))
    return redirect("steering:meeting_minutes", pk=meeting.pk)


# --- Decision register and action tracker --------------------------------------------------


@steering_required
@require_GET
def decision_list(request):
    bodies = bodies_visible_to(user=request.user)
    filter_form = DecisionFilterForm(request.GET or None, bodies=bodies)
    filters = filter_form.filters() if request.GET else {}
    page, query = _page(
        request, decisions_register(user=request.user, **filters), REGISTER_PAGE_SIZE
    )
    return render(
        request,
        "steering/decision_list.html",
        {"page": page, "query": query, "filter_form": filter_form},
    )


@steering_required
@require_GET
def action_item_list(request):
    bodies = bodies_visible_to(user=request.user)
    filter_form = ActionItemFilterForm(request.GET or None, user=request.user, bodies=bodies)
    filters = filter_form.filters() if request.GET else {}
    page, query = _page(
        request, action_items_tracker(user=request.user, **filters), REGISTER_PAGE_SIZE
    )
    return render(
        request,
        "steering/action_item_list.html",
        {
            "page": page,
            "query": query,
            "filter_form": filter_form,
            "today": timezone.localdate(),
        },
    )


@steering_required
@require_http_methods(["GET", "POST"])
def action_item_detail(request, pk):
    item = action_item_for_user(user=request.user, pk=pk)
    coordinator = is_coordinator(request.user)
    may_update = coordinator or item.owner_id == request.user.pk
    form = None
    if may_update:
        form = ProgressForm(
            request.POST or None, may_drop=coordinator, initial={"status": item.status}
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_progress_add(
                by=request.user,
                action_item=item,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Der Sachstand ist gespeichert."))
            return redirect("steering:action_item_detail", pk=item.pk)
    return render(
        request,
        "steering/action_item_detail.html",
        {
            "item": item,
            "form": form,
            "today": timezone.localdate(),
            "is_coordinator": coordinator,
        },
        status=400 if form is not None and form.errors else 200,
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def action_item_edit(request, pk):
    """Correct an action item: title, owner and description while the meeting's minutes are
    open, the due date at any time (its reminders follow). Progress stays on the detail
    page, where the owner records it too."""
    item = action_item_for_user(user=request.user, pk=pk)
    meeting = item.agenda_item.meeting
    assignment_open = meeting.state in MINUTES_EDITABLE_STATES
    memberships = memberships_of(user=request.user, body=meeting.body, on=meeting.local_date)
    form = ActionItemEditForm(
        request.POST or None,
        memberships=memberships,
        action_item=item,
        assignment_open=assignment_open,
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            if changes:
                services.action_item_update(
                    by=request.user, action_item=item, request=request, **changes
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Aufgabe ist gespeichert."))
            return redirect("steering:action_item_detail", pk=item.pk)
    return render(
        request,
        "steering/action_item_form.html",
        {"form": form, "item": item, "assignment_open": assignment_open},
        status=400 if form.errors else 200,
    )


# --- Hurdles -------------------------------------------------------------------------------


@steering_required
@require_GET
def hurdle_list(request):
    filter_form = HurdleFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {}
    page, query = _page(request, hurdles_visible_to(user=request.user, **filters))
    return render(
        request,
        "steering/hurdle_list.html",
        {
            "page": page,
            "query": query,
            "filter_form": filter_form,
            "is_coordinator": is_coordinator(request.user),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def hurdle_create(request):
    form = HurdleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hurdle = services.hurdle_create(by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Hürde ist erfasst."))
            return redirect("steering:hurdle_detail", pk=hurdle.pk)
    return render(
        request, "steering/hurdle_form.html", {"form": form}, status=400 if form.errors else 200
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def hurdle_edit(request, pk):
    """Correct a hurdle's title, life domain, description and towns."""
    hurdle = hurdle_for_user(user=request.user, pk=pk)
    form = HurdleForm(request.POST or None, initial=HurdleForm.initial_from(hurdle))
    if request.method == "POST" and form.is_valid():
        changes = form.changes(hurdle)
        towns = form.cleaned_data["municipalities"]
        towns_changed = {t.pk for t in towns} != {t.pk for t in form.initial["municipalities"]}
        try:
            if changes or towns_changed:
                services.hurdle_update(
                    by=request.user,
                    hurdle=hurdle,
                    municipalities=towns if towns_changed else None,
                    request=request,
                    **changes,
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Hürde ist gespeichert."))
            return redirect("steering:hurdle_detail", pk=hurdle.pk)
    return render(
        request,
        "steering/hurdle_form.html",
        {"form": form, "hurdle": hurdle},
        status=400 if form.errors else 200,
    )


def _hurdle_fields_changed(event) -> str:
    """For an "Angaben geändert" entry: the labels of the fields it changed."""
    if event.kind != HurdleEventKind.UPDATED:
        return ""
    fields = HurdleForm.base_fields
    return ", ".join(str(fields[name].label) for name in event.note.split(",") if name in fields)


def _render_hurdle(request, hurdle, *, status=200, **bound):
    user = request.user
    coordinator = is_coordinator(user)
    context = {
        "hurdle": hurdle,
        "timeline": [
            (
                event,
                HurdleStatus(event.to_status).label if event.to_status else "",
                _hurdle_fields_changed(event),
            )
            for event in hurdle_timeline(user=user, hurdle=hurdle)
        ],
        "source_counts": hurdle_source_counts(user=user, hurdle=hurdle),
        "decisions": decisions_register(user=user).filter(hurdles=hurdle),
        "action_items": action_items_tracker(user=user).filter(hurdles=hurdle),
        "is_coordinator": coordinator,
    }
    if coordinator:
        adopted = list(decisions_register(user=user, outcome=DecisionOutcome.ADOPTED)[:200])
        context["transition_form"] = bound.get("transition_form") or HurdleTransitionForm(
            prefix="status",
            steps=HURDLE_STEPS.get(hurdle.status, frozenset()),
            working_groups=bodies_visible_to(user=user, kind="working_group"),
            decisions=adopted,
        )
        context["link_form"] = bound.get("link_form") or HurdleLinkForm(
            prefix="link",
            decisions=adopted,
            action_items=action_items_tracker(user=user, status=list(ActionItemStatus))[:200],
            report_cells=barrier_report_aggregates(user=user, domain=hurdle.domain),
        )
        context["note_form"] = bound.get("note_form") or HurdleNoteForm(prefix="note")
    return render(request, "steering/hurdle_detail.html", context, status=status)


@steering_required
@require_GET
def hurdle_detail(request, pk):
    return _render_hurdle(request, hurdle_for_user(user=request.user, pk=pk))


@coordinator_required
@require_POST
def hurdle_transition(request, pk):
    user = request.user
    hurdle = hurdle_for_user(user=user, pk=pk)
    form = HurdleTransitionForm(
        request.POST,
        prefix="status",
        steps=HURDLE_STEPS.get(hurdle.status, frozenset()),
        working_groups=bodies_visible_to(user=user, kind="working_group"),
        decisions=decisions_register(user=user, outcome=DecisionOutcome.ADOPTED)[:200],
    )
    if form.is_valid():
        try:
            services.hurdle_transition(by=user, hurdle=hurdle, request=request, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Der Status ist geändert."))
            return redirect("steering:hurdle_detail", pk=hurdle.pk)
    return _render_hurdle(
        request, hurdle_for_user(user=user, pk=pk), status=400, transition_form=form
    )


@coordinator_required
@require_POST
def hurdle_link(request, pk):
    user = request.user
    hurdle = hurdle_for_user(user=user, pk=pk)
    form = HurdleLinkForm(
        request.POST,
        prefix="link",
        decisions=decisions_register(user=user, outcome=DecisionOutcome.ADOPTED)[:200],
        action_items=action_items_tracker(user=user)[:200],
        report_cells=barrier_report_aggregates(user=user, domain=hurdle.domain),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["decision"]:
                    services.hurdle_link_decision(
                        by=user, hurdle=hurdle, decision=data["decision"], request=request
                    )
                if data["action_item"]:
                    services.hurdle_link_action_item(
                        by=user, hurdle=hurdle, action_item=data["action_item"], request=request
                    )
                if data["reports"]:
                    domain, municipality_id, month = data["reports"]
                    reports = barrier_reports_in_cell(
                        user=user, domain=domain, municipality_id=municipality_id, month=month
                    )
                    services.hurdle_link_reports(
                        by=user, hurdle=hurdle, reports=list(reports), request=request
                    )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Verknüpfung ist gespeichert."))
            return redirect("steering:hurdle_detail", pk=hurdle.pk)
    return _render_hurdle(request, hurdle, status=400, link_form=form)


@coordinator_required
@require_POST
def hurdle_note(request, pk):
    hurdle = hurdle_for_user(user=request.user, pk=pk)
    form = HurdleNoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.hurdle_note_add(
                by=request.user, hurdle=hurdle, note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Der Vermerk ist gespeichert."))
            return redirect("steering:hurdle_detail", pk=hurdle.pk)
    return _render_hurdle(request, hurdle, status=400, note_form=form)


# --- Bodies --------------------------------------------------------------------------------


@steering_required
@require_GET
def body_list(request):
    return render(
        request, "steering/body_list.html", {"bodies": bodies_visible_to(user=request.user)}
    )


def _membership_forms(request, memberships, bound):
    """An end form for each seat still running (or starting later); ``bound`` replaces
    the one that was just submitted."""
    today = timezone.localdate()
    forms = {}
    for membership in memberships:
        if membership.end_date is None or membership.end_date >= today:
            form = bound if bound is not None and bound.membership.pk == membership.pk else None
            forms[membership.pk] = form or MembershipEndForm(
                membership=membership, initial={"end_date": membership.end_date or today}
            )
    return forms


def _rules_context(user, body, today) -> dict:
    """The rules of procedure on the body page: the version in force today (the body's own,
    else its steering group's, else the default rules), versions adopted to apply later,
    and the earlier ones, each with the day up to which it applied."""
    versions = list(rules_versions(user=user, body=body))  # newest first
    in_force = next((v for v in versions if v.valid_from <= today), None)
    # A version applies until the day before the next one (by number) starts.
    for newer, older in pairwise(versions):
        until = newer.valid_from - timedelta(days=1)
        older.valid_until = until if until >= older.valid_from else None
    if versions:
        versions[0].valid_until = None
    return {
        "rules": in_force or rules_in_force(body=body, on=today),
        "rules_upcoming": [v for v in versions if v.valid_from > today],
        "rules_earlier": [v for v in versions if v.valid_from <= today and v is not in_force],
    }


def _render_body(request, body, *, status=200, action_errors=(), **bound):
    user = request.user
    today = timezone.localdate()
    memberships = list(memberships_of(user=user, body=body).order_by("start_date", "pk"))
    current = [m for m in memberships if m.end_date is None or m.end_date >= today]
    context = {
        "body": body,
        "memberships": current,
        "former_memberships": [m for m in memberships if m not in current],
        "today": today,
        **_rules_context(user, body, today),
        "working_groups": bodies_visible_to(user=user).filter(parent=body),
        "meetings": meetings_visible_to(user=user, body=body)[:10],
        "is_coordinator": is_coordinator(user),
        "action_errors": action_errors,
    }
    if context["is_coordinator"]:
        context["membership_form"] = bound.get("membership_form") or MembershipForm(
            prefix="member",
            candidates=membership_candidates(user=user),
            organisations=seat_organisations(user=user),
            initial={"start_date": today},
        )
        end_forms = _membership_forms(request, current, bound.get("end_form"))
        context["memberships"] = [(m, end_forms.get(m.pk)) for m in current]
        context["body_form"] = bound.get("body_form") or BodyForm(prefix="body", body=body)
        context["rules_form"] = bound.get("rules_form") or RulesOfProcedureForm(
            prefix="rules",
            decisions=rules_adopting_decisions(user=user, body=body)[:RULES_DECISION_CHOICES],
            initial={"text": context["rules"].text} if context["rules"].body_id == body.pk else {},
        )
    else:
        context["memberships"] = [(m, None) for m in current]
    return render(request, "steering/body_detail.html", context, status=status)


def _body_url(body, anchor: str = "") -> str:
    url = reverse("steering:body_detail", args=[body.pk])
    return f"{url}#{anchor}" if anchor else url


@steering_required
@require_GET
def body_detail(request, pk):
    return _render_body(request, body_for_user(user=request.user, pk=pk))


@coordinator_required
@require_POST
def membership_add(request, pk):
    """Give a person a seat in the body (the coordinator)."""
    user = request.user
    body = body_for_user(user=user, pk=pk)
    form = MembershipForm(
        request.POST,
        prefix="member",
        candidates=membership_candidates(user=user),
        organisations=seat_organisations(user=user),
    )
    if form.is_valid():
        try:
            services.membership_add(by=user, body=body, request=request, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Mitgliedschaft ist eingetragen."))
            return redirect(_body_url(body, "members-heading"))
    return _render_body(request, body, status=400, membership_form=form)


@coordinator_required
@require_POST
def membership_end(request, pk):
    """End a seat on a given day (the seat stays on record). The seat is named by the
    ``membership`` field; its end date comes in that seat's own form."""
    user = request.user
    body = body_for_user(user=user, pk=pk)
    chosen = request.POST.get("membership", "")
    membership = (
        memberships_of(user=user, body=body).filter(pk=int(chosen)).first()
        if chosen.isdigit() and len(chosen) < 19
        else None
    )
    if membership is None:
        return _render_body(
            request,
            body,
            status=400,
            action_errors=[_("Bitte eine Mitgliedschaft dieses Gremiums wählen.")],
        )
    form = MembershipEndForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            services.membership_end(
                by=user,
                membership=membership,
                end_date=form.cleaned_data["end_date"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Mitgliedschaft ist beendet."))
            return redirect(_body_url(body, "members-heading"))
    return _render_body(request, body, status=400, end_form=form)


@coordinator_required
@require_POST
def rules_adopt(request, pk):
    """Record a new version of the body's rules of procedure (the coordinator): its text,
    quorum and majority rules, the adopted decision that adopted it and the day it applies
    from. Decisions of meetings from that day on are checked against it."""
    user = request.user
    body = body_for_user(user=user, pk=pk)
    form = RulesOfProcedureForm(
        request.POST,
        prefix="rules",
        decisions=rules_adopting_decisions(user=user, body=body)[:RULES_DECISION_CHOICES],
    )
    if form.is_valid():
        try:
            rules = services.rules_of_procedure_adopt(
                by=user, body=body, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("Fassung %(version)s der Geschäftsordnung ist gespeichert.")
                % {"version": rules.version},
            )
            return redirect(_body_url(body, "rules-heading"))
    return _render_body(request, body, status=400, rules_form=form)


@coordinator_required
@require_POST
def body_edit(request, pk):
    """Change a body's mandate and, for a working group, its end (running memberships end
    with it)."""
    user = request.user
    body = body_for_user(user=user, pk=pk)
    form = BodyForm(request.POST, prefix="body", body=body)
    if form.is_valid():
        mandate_change, end_date = form.changes()
        try:
            with transaction.atomic():
                if mandate_change:
                    services.body_update(by=user, body=body, request=request, **mandate_change)
                if end_date is not None:
                    services.working_group_end(
                        by=user,
                        body=body,
                        end_date=end_date,
                        ended_by=body.ended_by,
                        request=request,
                    )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Angaben zum Gremium sind gespeichert."))
            return redirect(_body_url(body))
    # A failed save may have changed the instance before the rollback: show the stored one.
    return _render_body(request, body_for_user(user=user, pk=pk), status=400, body_form=form)


# --- Calendar token ------------------------------------------------------------------------


def _calendar_url(request, token: str) -> str:
    return request.build_absolute_uri(
        reverse("steering_api:calendar_feed", kwargs={"token": token})
    )


@steering_required
@require_http_methods(["GET", "POST"])
def calendar_token(request):
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            token = services.calendar_token_issue(user=request.user, request=request)
        elif action == "revoke":
            if services.calendar_token_revoke(user=request.user, request=request):
                messages.success(request, _("Das Kalender-Abo ist widerrufen."))
            return redirect("steering:calendar_token")
        else:
            return render(
                request,
                "steering/calendar_token.html",
                {"active": calendar_token_active_for(user=request.user), "bad_action": True},
                status=400,
            )
    return render(
        request,
        "steering/calendar_token.html",
        {
            "active": calendar_token_active_for(user=request.user),
            "token": token,
            "feed_url": _calendar_url(request, token) if token else None,
        },
    )
