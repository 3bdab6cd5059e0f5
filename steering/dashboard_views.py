"""Views of the steering dashboard: the page, one figure as CSV, the whole report as PDF.
Coordinators, steering-group members and the chair only; aggregates only."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.exports import html_to_pdf
from offers.csv_io import neutralise_formula

from .dashboard import (
    DashboardFilterForm,
    as_of_local,
    build_figures,
    dashboard_aggregates,
    figure_by_slug,
)
from .selectors import can_read_steering
from .statistics import Cell


def _dashboard_context(request):
    """(status, context): the filter form and, when it is valid, the figures."""
    if not can_read_steering(request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return 400, {"form": form, "sections": None}
    if not request.GET:
        form = DashboardFilterForm({})
        form.is_valid()
    chosen = form.dashboard_filter()
    data = dashboard_aggregates(chosen)
    sections = build_figures(data, chosen)
    return 200, {
        "form": form,
        "chosen": chosen,
        "sections": sections,
        "as_of": as_of_local(data),
        "query": request.GET.urlencode(),
    }


@require_GET
@login_required
def dashboard(request):
    if request.GET.get("format") == "csv":
        return dashboard_csv(request)
    status, context = _dashboard_context(request)
    return render(request, "steering/dashboard/dashboard.html", context, status=status)


def _csv_value(value):
    if isinstance(value, Cell):
        return value.shown_value if value.shown_value is not None else value.display
    if value is None:
        return ""
    return neutralise_formula(str(value))


@require_GET
@login_required
def dashboard_csv(request):
    """One figure as CSV (``?figure=<slug>`` plus the page's filters): UTF-8 with BOM,
    ``;``-separated, formula injection neutralised as in the offers export."""
    status, context = _dashboard_context(request)
    figure = figure_by_slug(context["sections"] or {}, request.GET.get("figure", ""))
    if status != 200 or figure is None:
        return HttpResponse(
            _("Unbekannte Abbildung oder ungültiger Filter."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    chosen = context["chosen"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_value(figure.title)])
    writer.writerow(
        [
            _csv_value(_("Zeitraum")),
            f"{chosen.start:%Y-%m}",
            f"{chosen.last_month:%Y-%m}",
            _csv_value(chosen.municipality.name if chosen.municipality else _("Ganzer Kreis")),
        ]
    )
    writer.writerow([_csv_value(_("Stand")), f"{context['as_of']:%Y-%m-%d %H:%M}"])
    header = [figure.row_header, *figure.columns]
    if figure.has_row_totals:
        header.append(figure.total_label)
    writer.writerow([_csv_value(h) for h in header])
    for row in figure.rows:
        cells = [row.label, *row.cells]
        if figure.has_row_totals:
            cells.append(row.total)
        writer.writerow([_csv_value(c) for c in cells])
    if figure.column_totals:
        totals = [figure.total_label, *figure.column_totals]
        if figure.has_row_totals:
            totals.append(figure.grand_total)
        writer.writerow([_csv_value(c) for c in totals])
    if figure.suppressed:
        writer.writerow(
            [_csv_value(_("<3: weniger als 3 Fälle; X: zum Schutz kleiner Werte ausgeblendet."))]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="lenkungsgruppe-{figure.slug}-{chosen.start:%Y-%m}'
        f'-{chosen.last_month:%Y-%m}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def dashboard_pdf(request):
    """The whole dashboard as a PDF report (self-contained HTML, no fetches)."""
    status, context = _dashboard_context(request)
    if status != 200:
        return render(request, "steering/dashboard/dashboard.html", context, status=status)
    context["generated_at"] = timezone.localtime()
    html = render_to_string("steering/dashboard/report_pdf.html", context, request=request)
    chosen = context["chosen"]
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="lenkungsgruppe-bericht-{chosen.start:%Y-%m}'
        f'-{chosen.last_month:%Y-%m}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
