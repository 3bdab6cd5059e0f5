"""CSV export and import of offers (staff area): parse the request, call csv_io, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kim_portal.models import Organisation, Role

from .csv_forms import OfferImportForm
from .csv_io import COLUMNS, ImportResult, export_filename, offers_export, offers_import
from .models import Category, TargetGroup

# Rows shown in the report of a rejected import; the count of the rest is given.
REPORT_LIMIT = 200


def _require_offer_editor(user) -> None:
    """Only those who may edit offers: the coordinator, provider editors of a provider."""
    if user.has_role(Role.COORDINATOR):
        return
    if user.has_role(Role.PROVIDER_EDITOR) and user.organisation_id:
        return
    raise PermissionDenied


@login_required
@require_GET
@never_cache
def staff_offer_export(request):
    """The offers the user may edit as CSV; the coordinator may pass ?organisation=<id>."""
    _require_offer_editor(request.user)
    organisation = None
    if request.user.has_role(Role.COORDINATOR):
        wanted = request.GET.get("organisation", "")
        if wanted:
            if not wanted.isdigit():
                raise Http404
            organisation = get_object_or_404(Organisation, pk=wanted)
    else:
        organisation = request.user.organisation
    content, _count = offers_export(
        user=request.user,
        organisation_id=organisation.pk if organisation else None,
        request=request,
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = export_filename(organisation=organisation)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _summary(result: ImportResult) -> str:
    parts = [
        ngettext(
            "%(count)d Angebot neu angelegt (als Entwurf)",
            "%(count)d Angebote neu angelegt (als Entwurf)",
            len(result.created),
        )
        % {"count": len(result.created)},
        ngettext("%(count)d Angebot geändert", "%(count)d Angebote geändert", len(result.updated))
        % {"count": len(result.updated)},
        ngettext("%(count)d unverändert", "%(count)d unverändert", result.unchanged)
        % {"count": result.unchanged},
    ]
    separator = pgettext("list separator", ", ")
    summary = _("Import abgeschlossen: %(parts)s.") % {"parts": separator.join(parts)}
    if result.revised:
        summary += pgettext("sentence separator", " ") + ngettext(
            "Bei %(count)d veröffentlichten Angebot bleibt die öffentliche Fassung unverändert: "
            "die Änderungen stehen in einer Überarbeitung (Entwurf), die Sie zur Prüfung "
            "einreichen können.",
            "Bei %(count)d veröffentlichten Angeboten bleibt die öffentliche Fassung unverändert: "
            "die Änderungen stehen in Überarbeitungen (Entwurf), die Sie zur Prüfung einreichen "
            "können.",
            len(result.revised),
        ) % {"count": len(result.revised)}
    return summary


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_import(request):
    """Upload form; a rejected file shows its row-by-row report, an imported one a summary."""
    _require_offer_editor(request.user)
    result = None
    if request.method == "POST":
        form = OfferImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            result = offers_import(
                user=request.user,
                text=form.cleaned_data["text"],
                organisation=form.cleaned_data.get("organisation"),
                request=request,
            )
            if result.ok:
                messages.success(request, _summary(result))
                return redirect("offers:staff_import")
    else:
        form = OfferImportForm(user=request.user)
    is_coordinator = request.user.has_role(Role.COORDINATOR)
    return render(
        request,
        "offers/staff/csv_import.html",
        {
            "form": form,
            "result": result,
            "errors_shown": result.errors[:REPORT_LIMIT] if result else [],
            "errors_hidden": max(len(result.errors) - REPORT_LIMIT, 0) if result else 0,
            "columns": COLUMNS,
            "is_coordinator": is_coordinator,
            "organisations": Organisation.objects.only("name") if is_coordinator else None,
            "categories": Category.objects.only("slug", "name"),
            "target_groups": TargetGroup.objects.only("slug", "name"),
        },
    )
