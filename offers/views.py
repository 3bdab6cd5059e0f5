"""Public pages of the catalogue: search list, detail, print view, calendar file and the
"report as outdated" form. The staff pages live in offers.staff_views."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import search
from .catalogue import catalogue_index
from .forms import OfferReportForm, OfferSearchForm
from .ics import calendar_text, schedule_calendar_dates, schedule_event
from .page_cache import catalogue_page_cache
from .ratelimit import client_key, rate_limits_hit
from .selectors import offer_public_detail_or_404
from .services import offer_report_outdated as report_outdated
from .templatetags.offers_public import localized_text

# "Report as outdated": per client address, per offer and hour, and per day over all offers.
REPORTS_PER_OFFER_PER_HOUR = 3
REPORTS_PER_DAY = 20


def _language() -> str:
    return get_language() or "de"


@require_GET
@catalogue_page_cache
def offer_list(request):
    language = _language()
    index = catalogue_index(getattr(request, "catalogue_version", None))
    taxonomies = search.search_taxonomies(index)
    form = OfferSearchForm(request.GET or None, **taxonomies)
    criteria = form.criteria()
    result = search.offers_search(criteria, language=language, index=index)
    page = Paginator(result.offers, search.PAGE_SIZE).get_page(request.GET.get("page"))
    form.show_counts(result.facets)
    suggestions = None
    if not page.paginator.count and (criteria.query or criteria.has_filters):
        suggestions = search.offers_search_suggestions(
            criteria, result, language=language, towns=taxonomies["municipalities"]
        )
    context = {
        "form": form,
        "criteria": criteria,
        "params": criteria.as_params(),
        "result": result,
        "page": page,
        "suggestions": suggestions,
        # Topic links for a first look, before anything is searched or filtered.
        "topics": [
            (category, result.facets.category.get(category.pk, 0))
            for category in taxonomies["categories"]
        ]
        if not (criteria.query or criteria.has_filters)
        else [],
    }
    template = "offers/public/list.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        template += "#search"  # htmx swaps just the search region
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _has_calendar_dates(offer) -> bool:
    return any(
        schedule_calendar_dates(schedule) is not None
        for offer_location in offer.offer_locations.all()
        for schedule in offer_location.schedules.all()
    )


def _detail(request, offer, *, report_form=None, rate_limited=False, status=200):
    return render(
        request,
        "offers/public/detail.html",
        {
            "offer": offer,
            "report_form": report_form or OfferReportForm(),
            "rate_limited": rate_limited,
            "has_dates": _has_calendar_dates(offer),
        },
        status=status,
    )


@require_GET
def offer_detail(request, pk):
    offer = offer_public_detail_or_404(pk, language=_language())
    return _detail(request, offer)


@require_GET
def offer_print(request, pk):
    offer = offer_public_detail_or_404(pk, language=_language())
    return render(
        request,
        "offers/public/print.html",
        {"offer": offer, "page_url": request.build_absolute_uri(offer.get_absolute_url())},
    )


@require_GET
def offer_ics(request, pk):
    offer = offer_public_detail_or_404(pk, language=_language())
    title = localized_text(offer, "title").value
    summary = localized_text(offer, "summary").value
    url = request.build_absolute_uri(offer.get_absolute_url())
    events = []
    for offer_location in offer.offer_locations.all():
        for schedule in offer_location.schedules.all():
            event = schedule_event(
                schedule,
                offer=offer,
                location=offer_location.location,
                title=title,
                summary=summary,
                url=url,
            )
            if event is not None:
                events.append(event)
    if not events:
        raise Http404
    response = HttpResponse(
        calendar_text(events, name=title, now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="angebot-{offer.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def offer_report_outdated(request, pk):
    offer = offer_public_detail_or_404(pk, language=_language())
    back = f"{reverse('offers:detail', args=[offer.pk])}#report"
    if request.method == "GET":
        return redirect(back)
    form = OfferReportForm(request.POST)
    if not form.is_valid():
        return _detail(request, offer, report_form=form)
    thanks = _("Danke! Wir haben den Träger des Angebots benachrichtigt.")
    if form.is_spam():
        # Bots learn nothing: the same answer, but nothing is recorded or sent.
        messages.success(request, thanks)
        return redirect(back)
    client = client_key(request)
    limited = rate_limits_hit(
        [
            (f"offers:report:{client}:{offer.pk}", REPORTS_PER_OFFER_PER_HOUR, 3600),
            (f"offers:report:{client}", REPORTS_PER_DAY, 86400),
        ]
    )
    if limited:
        return _detail(request, offer, report_form=form, rate_limited=True, status=429)
    report_outdated(offer=offer, message=form.cleaned_data["message"], request=request)
    messages.success(request, thanks)
    return redirect(back)
