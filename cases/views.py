"""The case manager's pages (mounted at /<lang>/cases/): the caseload, a new client with
intake, the case page with everything on it, the contact log, and the team lead's
reassignment, sharing and access log.

Views parse input, call a selector or service and render. Every case is looked up through
``case_for_user`` (404 for cases of others, so ids reveal nothing); every record of a case
through the case's list selectors. A service's ``ValidationError`` goes back onto the form
(``form_errors_from``), so nothing typed is lost. The client's own data (edit page,
household) is reached through the case as well: ``<case id>/client/``."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim_portal.models import Role
from offers.search import OfferCriteria, offers_search
from offers.selectors import offers_public

from . import services
from .choices import GoalStatus, LifeDomain, NeedLevel, Phase, ReferralStatus
from .forms import (
    AppointmentForm,
    AssessmentForm,
    BarrierReportForm,
    CaseloadFilterForm,
    ClientEditForm,
    ClientIntakeForm,
    CloseForm,
    ConsentRecordForm,
    ContactLogForm,
    FollowUpForm,
    GoalAgreeForm,
    GoalStatusForm,
    HouseholdMemberForm,
    IntakeDecisionForm,
    ReassignForm,
    ReferralForm,
    ReferralStatusForm,
    ReopenForm,
    ShareForm,
    TransitionForm,
    form_errors_from,
)
from .selectors import (
    case_access_log,
    case_for_user,
    case_page_for_user,
    case_records,
    caseload_counts,
    caseload_for_user,
    clients_visible_to,
    consents_for_case,
    contacts_for_case,
    goals_for_case,
    household_members_for_client,
    referrals_for_case,
    shares_for_case,
    user_leads_team_of,
)
from .services import ConsentRequiredError
from .states import PHASE_ORDER, REFERRAL_STEPS, phase_next

PAGE_SIZE = 25
CONTACTS_SHOWN = 20
CONTACT_LOG_PAGE_SIZE = 50
OFFER_HITS = 8
ACCESS_LOG_PAGE_SIZE = 50


def case_staff_required(view):
    """Case managers and team leads; others get 403, anonymous visitors the login."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(Role.CASE_MANAGER, Role.CASE_TEAM_LEAD):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _case(request, pk) -> object:
    return case_for_user(user=request.user, pk=pk, request=request)


def _may_share(user, case) -> bool:
    """The case manager of the case and the team lead share it and end its shares."""
    return case.case_manager_id == user.pk or user_leads_team_of(user=user, case=case)


def _case_url(case, anchor: str = "") -> str:
    url = reverse("cases:case_detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


# --- Caseload ----------------------------------------------------------------------------


@case_staff_required
@require_GET
def caseload(request):
    user = request.user
    # Bound only when filtering: another page of the unfiltered list keeps the empty form.
    filtering = any(name in request.GET for name in CaseloadFilterForm.base_fields)
    filter_form = CaseloadFilterForm(request.GET if filtering else None)
    filters = filter_form.filters() if filtering else {}
    cases = caseload_for_user(user=user, request=request, **filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = caseload_counts(user=user)
    query = request.GET.copy()
    query.pop("page", None)
    today = timezone.localdate()
    return render(
        request,
        "cases/caseload.html",
        {
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "searched": bool(filters.get("query")),
            "counts": counts,
            "phase_counts": [(phase, counts.per_phase.get(phase.value, 0)) for phase in Phase],
            "today": today,
        },
    )


# --- New client and intake ---------------------------------------------------------------


@case_staff_required
@require_http_methods(["GET", "POST"])
def client_new(request):
    form = ClientIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Client and case together, or neither.
            with transaction.atomic():
                client = services.client_create(
                    by=request.user, request=request, **form.client_data()
                )
                case = services.case_open(
                    client=client,
                    case_manager=request.user,
                    by=request.user,
                    request=request,
                    **form.case_data(),
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _(
                    "Fall %(number)s ist eröffnet. Halten Sie nun Einwilligung und "
                    "Entscheidung fest."
                )
                % {"number": client.case_number},
            )
            return redirect("cases:case_intake", pk=case.pk)
    return render(request, "cases/client_new.html", {"form": form})


@case_staff_required
@require_http_methods(["GET", "POST"])
def case_intake(request, pk):
    case = _case(request, pk)
    decision_form = IntakeDecisionForm(request.POST or None)
    if request.method == "POST" and decision_form.is_valid():
        try:
            services.case_intake_decide(
                case=case,
                decision=decision_form.cleaned_data["decision"],
                reason=decision_form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form_errors_from(decision_form, error)
        else:
            messages.success(request, _("Die Entscheidung ist gespeichert."))
            return redirect(_case_url(case))
    return render(
        request,
        "cases/intake.html",
        {
            "case": case,
            "decision_form": decision_form,
            "consent_form": ConsentRecordForm(initial={"next": "intake"}),
            "consents": list(consents_for_case(user=request.user, case=case, request=request)),
        },
    )


# --- The client: personal data and household ---------------------------------------------


@case_staff_required
@require_http_methods(["GET", "POST"])
def client_edit(request, pk):
    case = _case(request, pk)
    form = ClientEditForm(request.POST or None, client=case.client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                client=case.client, by=request.user, request=request, **form.client_data()
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Angaben zur Person sind gespeichert."))
            return redirect(_case_url(case, "case-client"))
    return render(
        request,
        "cases/client_edit.html",
        {"case": case, "client": case.client, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _household_member_add(request, case, data: dict) -> None:
    linked = None
    if data["linked_client"]:
        linked = (
            clients_visible_to(user=request.user, request=request)
            .filter(case_number=data["linked_client"])
            .first()
        )
        if linked is None:
            # The same answer for an unknown number and a client of others: ids reveal nothing.
            raise ValidationError(
                {
                    "linked_client": ValidationError(
                        _(
                            "Unter dieser Fallnummer gibt es keine Klient*in, auf die Sie "
                            "zugreifen können."
                        ),
                        code="not_found",
                    )
                }
            )
    services.household_member_add(
        client=case.client,
        by=request.user,
        relation=data["relation"],
        first_name=data["first_name"] or (linked.first_name if linked else ""),
        birth_year=data["birth_year"] or (linked.birth_year if linked else None),
        linked_client=linked,
        request=request,
    )


@case_staff_required
@require_POST
def household_member_add(request, pk):
    case = _case(request, pk)
    form = HouseholdMemberForm(request.POST)
    return _run(
        request,
        case,
        form,
        "household_form",
        lambda d: _household_member_add(request, case, d),
        _("Das Haushaltsmitglied ist gespeichert."),
        "case-household",
    )


@case_staff_required
@require_POST
def household_member_remove(request, pk, member_pk):
    case = _case(request, pk)
    member = get_object_or_404(
        household_members_for_client(user=request.user, client=case.client, request=request),
        pk=member_pk,
    )
    services.household_member_remove(member=member, by=request.user, request=request)
    messages.success(request, _("Das Haushaltsmitglied ist entfernt."))
    return redirect(_case_url(case, "case-household"))


# --- Case page ---------------------------------------------------------------------------


def _offer_hits(request) -> tuple[str, list]:
    offer_query = request.GET.get("offer_q", "").replace("\x00", "").strip()[:100]
    if not offer_query:
        return "", []
    result = offers_search(OfferCriteria(query=offer_query), language=get_language())
    return offer_query, list(result.offers[:OFFER_HITS])


def _domain_rows(history) -> list[dict]:
    """Latest need level per life domain and its change since the assessment before."""
    order = list(NeedLevel.values)
    rows = []
    for domain, points in history.items():
        latest = points[-1]
        previous = points[-2] if len(points) > 1 else None
        change = ""
        if previous is not None:
            delta = order.index(latest.need_level) - order.index(previous.need_level)
            change = "less" if delta < 0 else "more" if delta > 0 else "same"
        rows.append(
            {
                "domain": LifeDomain(domain).label,
                "latest": latest,
                "latest_label": NeedLevel(latest.need_level).label,
                "previous": previous,
                "previous_label": NeedLevel(previous.need_level).label if previous else "",
                "change": change,
                "points": [(p, NeedLevel(p.need_level).label) for p in points],
            }
        )
    return rows


def _render_case(request, case, *, records=None, status: int = 200, **bound):
    """The case page; ``records`` are the case's records if read already, ``bound``
    replaces a section's empty form by the submitted one (with its errors)."""
    user = request.user
    offer_query, offer_hits = _offer_hits(request)
    if records is None:
        records = case_records(user=user, case=case, contacts=CONTACTS_SHOWN + 1, request=request)
    is_team_lead = user_leads_team_of(user=user, case=case)
    can_share = case.case_manager_id == user.pk or is_team_lead
    today = timezone.localdate()
    back_phases = (
        [PHASE_ORDER[i] for i in range(PHASE_ORDER.index(case.phase))]
        if case.phase in PHASE_ORDER
        else []
    )
    forms = {
        "transition_form": TransitionForm(),
        "follow_up_form": FollowUpForm(initial={"next_follow_up_at": case.next_follow_up_at}),
        "consent_form": ConsentRecordForm(),
        "goal_form": GoalAgreeForm(),
        "assessment_form": AssessmentForm(),
        "referral_form": ReferralForm(offers=offer_hits),
        "appointment_form": AppointmentForm(),
        "barrier_form": BarrierReportForm(),
        "close_form": CloseForm(),
        "reopen_form": ReopenForm(),
        "household_form": HouseholdMemberForm(),
        "reassign_form": ReassignForm(case=case) if is_team_lead else None,
        "share_form": ShareForm(case=case) if can_share else None,
    }
    forms.update(bound)
    context = {
        "case": case,
        "client": case.client,
        "household": records.household,
        "today": today,
        "overdue": bool(
            case.next_follow_up_at and case.next_follow_up_at < today and not case.is_closed
        ),
        "next_phase": phase_next(case.phase),
        "back_phases": [(phase.value, phase.label) for phase in back_phases],
        "consents": records.consents,
        "domain_rows": _domain_rows(records.domain_history),
        "goals": records.goals,
        "goal_statuses": GoalStatus.choices,
        "referral_rows": [
            (
                referral,
                [
                    (s, label)
                    for s, label in ReferralStatus.choices
                    if s in REFERRAL_STEPS[referral.status]
                ],
            )
            for referral in records.referrals
        ],
        "offer_query": offer_query,
        "offer_hits": offer_hits,
        "contacts": records.contacts[:CONTACTS_SHOWN],
        "contacts_more": len(records.contacts) > CONTACTS_SHOWN,
        "contacts_shown": CONTACTS_SHOWN,
        "appointments": records.appointments,
        "phase_changes": records.phase_changes,
        "shares": records.shares,
        "handovers": records.handovers,
        "is_team_lead": is_team_lead,
        "can_share": can_share,
        "now": timezone.now(),
        **forms,
    }
    return render(request, "cases/case_detail.html", context, status=status)


def _referral_next_statuses(referral) -> list[tuple[str, str]]:
    allowed = REFERRAL_STEPS.get(referral.status, frozenset())
    return [(value, label) for value, label in ReferralStatus.choices if value in allowed]


@case_staff_required
@require_GET
def case_detail(request, pk):
    # One more contact than shown: whether the page links the whole log, without a count.
    case, records = case_page_for_user(
        user=request.user, pk=pk, contacts=CONTACTS_SHOWN + 1, request=request
    )
    return _render_case(request, case, records=records)


def _run(request, case, form, key: str, action, success: str, anchor: str):
    """Validate ``form``, call ``action(data)``; on success a message and back to the case
    page at ``anchor``, otherwise the case page with the form and its errors."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ConsentRequiredError as error:
            form.add_error(None, error.messages)
            form.consent_missing = True
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, success)
            return redirect(_case_url(case, anchor))
    return _render_case(request, case, status=400, **{key: form})


@case_staff_required
@require_POST
def case_transition(request, pk):
    case = _case(request, pk)
    form = TransitionForm(request.POST)
    return _run(
        request,
        case,
        form,
        "transition_form",
        lambda d: services.case_transition(
            case=case, to_phase=d["to_phase"], reason=d["reason"], by=request.user, request=request
        ),
        _("Die Phase ist geändert."),
        "case-phase",
    )


@case_staff_required
@require_POST
def case_follow_up(request, pk):
    case = _case(request, pk)
    form = FollowUpForm(request.POST)
    return _run(
        request,
        case,
        form,
        "follow_up_form",
        lambda d: services.follow_up_set(
            case=case, on=d["next_follow_up_at"], by=request.user, request=request
        ),
        _("Die Wiedervorlage ist gespeichert."),
        "case-follow-up",
    )


@case_staff_required
@require_POST
def case_close(request, pk):
    case = _case(request, pk)
    form = CloseForm(request.POST)
    return _run(
        request,
        case,
        form,
        "close_form",
        lambda d: services.case_close(
            case=case,
            closure_reason=d["closure_reason"],
            evaluation_summary=d["evaluation_summary"],
            by=request.user,
            request=request,
        ),
        _("Der Fall ist abgeschlossen."),
        "case-closure",
    )


@case_staff_required
@require_POST
def case_reopen(request, pk):
    case = _case(request, pk)
    form = ReopenForm(request.POST)
    return _run(
        request,
        case,
        form,
        "reopen_form",
        lambda d: services.case_reopen(
            case=case, reason=d["reason"], by=request.user, request=request
        ),
        _("Der Fall ist wieder eröffnet."),
        "case-closure",
    )


@case_staff_required
@require_POST
def consent_record(request, pk):
    case = _case(request, pk)
    form = ConsentRecordForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(
                case=case,
                by=request.user,
                given_on=form.cleaned_data["given_on"],
                form=form.cleaned_data["form"],
                covers_case_management=form.cleaned_data["covers_case_management"],
                partners=form.cleaned_data["partners"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Einwilligung ist gespeichert."))
            if form.cleaned_data["next"] == "intake":
                return redirect("cases:case_intake", pk=case.pk)
            return redirect(_case_url(case, "case-consents"))
    if request.POST.get("next") == "intake":
        return render(
            request,
            "cases/intake.html",
            {
                "case": case,
                "decision_form": IntakeDecisionForm(),
                "consent_form": form,
                "consents": list(consents_for_case(user=request.user, case=case, request=request)),
            },
            status=400,
        )
    return _render_case(request, case, status=400, consent_form=form)


@case_staff_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    case = _case(request, pk)
    consent = get_object_or_404(
        consents_for_case(user=request.user, case=case, request=request), pk=consent_pk
    )
    try:
        services.consent_withdraw(consent=consent, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Widerruf der Einwilligung ist gespeichert."))
    return redirect(_case_url(case, "case-consents"))


@case_staff_required
@require_POST
def assessment_record(request, pk):
    case = _case(request, pk)
    form = AssessmentForm(request.POST)
    return _run(
        request,
        case,
        form,
        "assessment_form",
        lambda d: services.assessment_record(
            case=case,
            by=request.user,
            assessed_on=d["assessed_on"],
            entries=form.entries(),
            request=request,
        ),
        _("Das Assessment ist gespeichert."),
        "case-assessment",
    )


@case_staff_required
@require_POST
def goal_agree(request, pk):
    case = _case(request, pk)
    form = GoalAgreeForm(request.POST)
    return _run(
        request,
        case,
        form,
        "goal_form",
        lambda d: services.goal_agree(
            case=case,
            by=request.user,
            domain=d["domain"],
            text=d["text"],
            target_date=d["target_date"],
            responsible=d["responsible"],
            request=request,
        ),
        _("Das Ziel ist gespeichert."),
        "case-goals",
    )


@case_staff_required
@require_POST
def goal_update(request, pk, goal_pk):
    case = _case(request, pk)
    goal = get_object_or_404(
        goals_for_case(user=request.user, case=case, request=request), pk=goal_pk
    )
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        try:
            services.goal_update(
                goal=goal,
                by=request.user,
                status=form.cleaned_data["status"],
                attainment_note=form.cleaned_data["attainment_note"] or None,
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Das Ziel ist aktualisiert."))
    else:
        messages.error(request, _("Bitte einen gültigen Status wählen."))
    return redirect(_case_url(case, "case-goals"))


@case_staff_required
@require_POST
def referral_create(request, pk):
    case = _case(request, pk)
    offer_id = request.POST.get("offer") or ""
    offers = list(offers_public().filter(pk=offer_id)) if offer_id.isdigit() else []
    form = ReferralForm(request.POST, offers=offers)
    if form.is_valid():
        offer = offers[0] if offers and form.cleaned_data["offer"] == offers[0].pk else None
        if form.cleaned_data["offer"] and offer is None:
            form.add_error(None, _("Dieses Angebot ist nicht (mehr) veröffentlicht."))
        else:
            try:
                services.referral_create(
                    case=case,
                    by=request.user,
                    offer=offer,
                    external_service=form.cleaned_data["external_service"],
                    partner=form.cleaned_data["partner"],
                    domain=form.cleaned_data["domain"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except ConsentRequiredError as error:
                form.add_error("partner", error.messages)
                form.consent_missing = True
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Die Vermittlung ist gespeichert."))
                return redirect(_case_url(case, "case-referrals"))
    return _render_case(request, case, status=400, referral_form=form)


@case_staff_required
@require_POST
def referral_status(request, pk, referral_pk):
    case = _case(request, pk)
    referral = get_object_or_404(
        referrals_for_case(user=request.user, case=case, request=request), pk=referral_pk
    )
    form = ReferralStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte einen gültigen Status wählen."))
        return redirect(_case_url(case, "case-referrals"))
    try:
        services.referral_set_status(
            referral=referral, status=form.cleaned_data["status"], by=request.user, request=request
        )
    except ConsentRequiredError as error:
        messages.error(
            request,
            _("%(reason)s Bitte zuerst die Einwilligung erfassen (Abschnitt „Einwilligungen“).")
            % {"reason": " ".join(error.messages)},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Status der Vermittlung ist geändert."))
    return redirect(_case_url(case, "case-referrals"))


@case_staff_required
@require_POST
def appointment_create(request, pk):
    case = _case(request, pk)
    form = AppointmentForm(request.POST)
    return _run(
        request,
        case,
        form,
        "appointment_form",
        lambda d: services.appointment_create(
            case=case,
            by=request.user,
            at=d["at"],
            title=d["title"],
            note=d["note"],
            request=request,
        ),
        _("Der Termin ist gespeichert."),
        "case-appointments",
    )


@case_staff_required
@require_POST
def barrier_report(request, pk):
    case = _case(request, pk)
    form = BarrierReportForm(request.POST)
    if form.is_valid():
        try:
            services.barrier_report_create(
                case=case,
                by=request.user,
                domain=form.cleaned_data["domain"],
                text=form.cleaned_data["text"],
                confirmed=form.cleaned_data["confirmed"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
            codes = (
                [e.code for e in error.error_dict.get("text", [])]
                if hasattr(error, "error_dict")
                else []
            )
            form.names_found = "contains_client_name" in codes
        else:
            messages.success(
                request,
                _("Die Hürde ist anonym gemeldet. Sie ist nicht mit dem Fall verknüpft."),
            )
            return redirect(_case_url(case, "case-barrier"))
    return _render_case(request, case, status=400, barrier_form=form)


# --- Contact log -------------------------------------------------------------------------


@case_staff_required
@require_GET
def contact_log(request, pk):
    """The case's whole contact log, newest first; the case page shows the newest few."""
    case = _case(request, pk)
    contacts = contacts_for_case(user=request.user, case=case, request=request)
    page = Paginator(contacts, CONTACT_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/contact_log.html",
        {"case": case, "page": page, "contacts": page.object_list},
    )


@case_staff_required
@require_http_methods(["GET", "POST"])
def contact_new(request, pk):
    case = _case(request, pk)
    form = ContactLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The contact and the follow-up together, or neither.
            with transaction.atomic():
                services.contact_log(
                    case=case,
                    by=request.user,
                    occurred_at=data["occurred_at"],
                    duration_minutes=data["duration_minutes"],
                    mode=data["mode"],
                    interpreter_used=data["interpreter_used"],
                    participants=data["participants"],
                    note=data["note"],
                    request=request,
                )
                if data["next_follow_up_at"]:
                    services.follow_up_set(
                        case=case, on=data["next_follow_up_at"], by=request.user, request=request
                    )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            if data["next_follow_up_at"]:
                messages.success(
                    request, _("Der Kontakt ist gespeichert, die Wiedervorlage gesetzt.")
                )
            else:
                messages.success(request, _("Der Kontakt ist gespeichert."))
            return redirect(_case_url(case, "case-contacts"))
    return render(
        request,
        "cases/contact_form.html",
        {"case": case, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Team lead ---------------------------------------------------------------------------


@case_staff_required
@require_POST
def case_reassign(request, pk):
    case = _case(request, pk)
    if not user_leads_team_of(user=request.user, case=case):
        raise PermissionDenied
    form = ReassignForm(request.POST, case=case)
    return _run(
        request,
        case,
        form,
        "reassign_form",
        lambda d: services.case_reassign(
            case=case, to_user=d["to_user"], note=d["note"], by=request.user, request=request
        ),
        _("Der Fall ist übergeben. Beide Case Manager*innen werden benachrichtigt."),
        "case-team",
    )


@case_staff_required
@require_POST
def case_share(request, pk):
    case = _case(request, pk)
    if not _may_share(request.user, case):
        raise PermissionDenied
    form = ShareForm(request.POST, case=case)
    return _run(
        request,
        case,
        form,
        "share_form",
        lambda d: services.case_share(
            case=case, with_user=d["with_user"], by=request.user, request=request
        ),
        _("Der Fall ist geteilt."),
        "case-team",
    )


@case_staff_required
@require_POST
def case_unshare(request, pk, user_pk):
    case = _case(request, pk)
    if not _may_share(request.user, case):
        raise PermissionDenied
    share = get_object_or_404(
        shares_for_case(user=request.user, case=case, request=request), shared_with_id=user_pk
    )
    services.case_unshare(case=case, with_user=share.shared_with, by=request.user, request=request)
    messages.success(
        request,
        _("Die Freigabe für %(name)s ist entfernt.") % {"name": share.shared_with.display_name},
    )
    return redirect(_case_url(case, "case-team"))


@case_staff_required
@require_GET
def case_access_log_view(request, pk):
    case = _case(request, pk)
    events = case_access_log(user=request.user, case=case, request=request)
    page = Paginator(events, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/access_log.html", {"case": case, "page": page})
