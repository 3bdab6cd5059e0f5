"""Staff pages of the catalogue (mounted at /<lang>/offers/staff/): provider editors keep
their organisation's offers and submit them for review; the coordinator reviews, publishes
or returns them. Every offer is looked up through ``offer_for_editor`` (404 for offers of
other organisations), every revision through ``revision_for_reviewer``."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim_portal.models import Role

from .models import Offer, OfferRevision
from .selectors import offer_for_editor
from .services import (
    OfferStateError,
    offer_content_save,
    offer_create,
    offer_mark_reviewed,
    offer_revision_publish,
    offer_revision_return,
    offer_submit,
    offer_translations_save,
)
from .staff_forms import OfferEditor, ReturnForm, StaffOfferFilterForm, TranslationsEditor
from .staff_selectors import (
    REVIEW_DUE_AFTER_DAYS,
    ChangeFormatter,
    draft_translation_states,
    offer_history,
    offer_is_locked,
    offer_open_revision,
    offer_working_data,
    revision_for_reviewer,
    revision_review,
    revisions_in_review,
    staff_offer_organisations,
    staff_offer_rows,
    staff_offers,
)

PAGE_SIZE = 25


def offer_staff_required(view):
    """Provider editors and coordinators; others get 403, anonymous visitors the login."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(Role.PROVIDER_EDITOR, Role.COORDINATOR):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(Role.COORDINATOR):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _state_message(error: OfferStateError) -> str:
    if error.reason == OfferStateError.IN_REVIEW:
        return _(
            "Das Angebot ist in Prüfung bei der KIM-Koordination. Sie können es erst wieder "
            "bearbeiten, wenn die Koordination es veröffentlicht oder zurückgegeben hat."
        )
    if error.reason == OfferStateError.NOTHING_TO_SUBMIT:
        return _("Es gibt keine Änderungen, die eingereicht werden können.")
    if error.reason == OfferStateError.INCOMPLETE:
        return _("Das Angebot kann noch nicht eingereicht werden: %(problems)s") % {
            "problems": pgettext("sentence separator", " ").join(error.problems)
        }
    if error.reason == OfferStateError.DECIDED:
        return _("Über diese Überarbeitung wurde bereits entschieden.")
    if error.reason == OfferStateError.NOT_PUBLISHED:
        return _("Nur veröffentlichte Angebote können als aktuell bestätigt werden.")
    return _("Das ist in diesem Zustand nicht möglich.")


def _edit_url(offer, section: str = "content") -> str:
    url = reverse("offers:staff_edit", args=[offer.pk])
    return f"{url}?section=translations" if section == "translations" else url


# --- List ----------------------------------------------------------------------------------


@offer_staff_required
@require_GET
def staff_offer_list(request):
    user = request.user
    organisations = staff_offer_organisations(user)
    filter_form = StaffOfferFilterForm(request.GET or None, organisations=organisations)
    filters = filter_form.filters() if request.GET else {}
    page = Paginator(staff_offers(user=user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = staff_offer_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    is_coordinator = user.has_role(Role.COORDINATOR)
    return render(
        request,
        "offers/staff/list.html",
        {
            "page": page,
            "rows": rows,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "is_coordinator": is_coordinator,
            "can_create": is_coordinator or bool(user.organisation_id),
            "in_review_count": revisions_in_review(user).count() if is_coordinator else 0,
        },
    )


# --- Create and edit -----------------------------------------------------------------------


@offer_staff_required
@require_http_methods(["GET", "POST"])
def staff_offer_create(request):
    user = request.user
    is_coordinator = user.has_role(Role.COORDINATOR)
    if not is_coordinator and not user.organisation_id:
        raise PermissionDenied
    organisation = None if is_coordinator else user.organisation
    if request.method == "POST":
        editor = OfferEditor(
            request.POST, organisation=organisation, choose_organisation=is_coordinator
        )
        if editor.is_valid():
            offer = offer_create(
                organisation=organisation or editor.organisation,
                content=editor.content(),
                actor=user,
                request=request,
            )
            messages.success(request, _("Das Angebot wurde als Entwurf angelegt."))
            if request.POST.get("action") == "submit":
                _submit(request, offer)
            return redirect(_edit_url(offer))
    else:
        editor = OfferEditor(organisation=organisation, choose_organisation=is_coordinator)
    return render(
        request,
        "offers/staff/edit.html",
        {
            "offer": None,
            "section": "content",
            "editor": editor,
            "errors": editor.errors() if editor.form.is_bound else [],
            "locked": False,
        },
    )


def _submit(request, offer) -> bool:
    try:
        offer_submit(offer=offer, actor=request.user, request=request)
    except OfferStateError as error:
        messages.error(request, _state_message(error))
        return False
    messages.success(
        request,
        _("Das Angebot wurde zur Prüfung eingereicht. Die KIM-Koordination wird benachrichtigt."),
    )
    return True


@offer_staff_required
@require_http_methods(["GET", "POST"])
def staff_offer_edit(request, pk):
    offer = offer_for_editor(request.user, pk)
    section = request.POST.get("section") or request.GET.get("section")
    section = "translations" if section == "translations" else "content"
    revision = offer_open_revision(offer)
    locked = offer_is_locked(offer, revision)
    data = offer_working_data(offer, revision)

    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "mark_reviewed":
            try:
                offer_mark_reviewed(offer=offer, actor=request.user, request=request)
            except OfferStateError as error:
                messages.error(request, _state_message(error))
            else:
                messages.success(request, _("Das Angebot ist als aktuell bestätigt."))
            return redirect(_edit_url(offer, section))
        if locked:
            messages.error(request, _state_message(OfferStateError(OfferStateError.IN_REVIEW)))
            return redirect(_edit_url(offer, section))
        if section == "translations":
            editor = TranslationsEditor(request.POST, initial=data)
        else:
            editor = OfferEditor(request.POST, initial=data, organisation=offer.organisation)
        if editor.is_valid():
            try:
                if section == "translations":
                    changed = offer_translations_save(
                        offer=offer,
                        translations=editor.translations(),
                        confirmed=editor.confirmed(),
                        actor=request.user,
                        request=request,
                    )
                else:
                    changed = offer_content_save(
                        offer=offer, content=editor.content(), actor=request.user, request=request
                    )
            except OfferStateError as error:
                messages.error(request, _state_message(error))
                return redirect(_edit_url(offer, section))
            if changed:
                messages.success(request, _saved_message(offer))
            elif action != "submit":
                messages.info(request, _("Es gab keine Änderungen zu speichern."))
            if action == "submit":
                _submit(request, offer)
            return redirect(_edit_url(offer, section))
    elif section == "translations":
        editor = TranslationsEditor(initial=data)
    else:
        editor = OfferEditor(initial=data, organisation=offer.organisation)
    if locked:
        editor.disable()

    return render(
        request,
        "offers/staff/edit.html",
        {
            "offer": offer,
            "revision": revision,
            "section": section,
            "editor": editor,
            "errors": editor.errors() if request.method == "POST" else [],
            "locked": locked,
            "german": data,
            "translation_forms": (
                list(zip(editor.forms, draft_translation_states(data), strict=True))
                if section == "translations"
                else []
            ),
            "is_coordinator": request.user.has_role(Role.COORDINATOR),
            "has_changes": offer.status != Offer.Status.PUBLISHED or revision is not None,
            "review_due_days": REVIEW_DUE_AFTER_DAYS,
        },
    )


def _saved_message(offer) -> str:
    if offer.status == Offer.Status.PUBLISHED:
        return _(
            "Ihre Änderungen sind als Entwurf gespeichert. Online bleibt die bisherige Fassung, "
            "bis die KIM-Koordination die Änderungen geprüft und veröffentlicht hat."
        )
    return _("Ihre Änderungen sind gespeichert.")


@offer_staff_required
@require_POST
def staff_offer_submit(request, pk):
    offer = offer_for_editor(request.user, pk)
    _submit(request, offer)
    return redirect(_edit_url(offer))


@offer_staff_required
@require_GET
def staff_offer_history(request, pk):
    offer, events = offer_history(request.user, pk)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    formatter = ChangeFormatter()
    entries = [(event, formatter.rows(event.changes)) for event in page.object_list]
    return render(
        request,
        "offers/staff/history.html",
        {"offer": offer, "page": page, "entries": entries},
    )


# --- Review --------------------------------------------------------------------------------


@coordinator_required
@require_GET
def staff_review_queue(request):
    page = Paginator(revisions_in_review(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "offers/staff/review_queue.html", {"page": page})


@coordinator_required
@require_http_methods(["GET", "POST"])
def staff_review(request, pk):
    revision = revision_for_reviewer(request.user, pk)
    offer = revision.offer
    return_form = ReturnForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "publish":
            try:
                offer_revision_publish(revision=revision, actor=request.user, request=request)
            except OfferStateError as error:
                messages.error(request, _state_message(error))
                return redirect("offers:staff_review", pk=revision.pk)
            messages.success(
                request,
                _("„%(title)s“ ist veröffentlicht.") % {"title": revision.data.get("title", "")},
            )
            return redirect("offers:staff_review_queue")
        if action == "return":
            return_form = ReturnForm(request.POST)
            if return_form.is_valid():
                try:
                    offer_revision_return(
                        revision=revision,
                        actor=request.user,
                        comment=return_form.cleaned_data["comment"],
                        request=request,
                    )
                except OfferStateError as error:
                    messages.error(request, _state_message(error))
                    return redirect("offers:staff_review", pk=revision.pk)
                messages.success(
                    request,
                    _("Die Überarbeitung wurde mit Ihrem Hinweis an den Träger zurückgegeben."),
                )
                return redirect("offers:staff_review_queue")
        else:
            messages.error(request, _("Unbekannte Aktion."))
            return redirect("offers:staff_review", pk=revision.pk)

    in_review = revision.status == OfferRevision.Status.IN_REVIEW
    rows, problems = revision_review(revision) if in_review else ([], [])
    return render(
        request,
        "offers/staff/review.html",
        {
            "revision": revision,
            "offer": offer,
            "in_review": in_review,
            "rows": rows,
            "problems": problems,
            "return_form": return_form,
            "first_publication": offer.status != Offer.Status.PUBLISHED,
        },
    )
