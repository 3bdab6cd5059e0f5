"""Views of the open-data API (/api/v1/). Thin: parse the query (offers.api_params), read
(offers.api_selectors), serialise (offers.api_serializers), answer. ``api_endpoint`` adds
what every answer shares: GET/HEAD only, CORS for everyone, JSON errors, and conditional
requests (ETag, Last-Modified, 304) with a five-minute public cache.
"""

import hashlib
import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from . import api_params, api_selectors
from .api_ical import MAX_EVENTS, feed_text
from .api_openapi import API_VERSION, HSDS_VERSION, LICENSE_NAME, LICENSE_URL, openapi_document
from .api_params import ApiParamError
from .api_serializers import (
    TAXONOMIES,
    Kind,
    location_dict,
    organization_dict,
    page_dict,
    parse_resource_id,
    service_dict,
    taxonomy_dict,
    taxonomy_term_dict,
)

CACHE_CONTROL = "public, max-age=300"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# A validator version: bump when the shape of the answers changes, so caches refetch.
VALIDATOR_VERSION = "api-v1.0"


def json_response(data, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )


def error_response(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body = {"error": message}
    if parameter is not None:
        body["parameter"] = parameter
    return json_response(body, status=status)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, X-Request-ID"
    return response


def api_endpoint(view: Callable) -> Callable:
    """GET and HEAD reach the view; OPTIONS is a CORS preflight; anything else is 405.
    Bad parameters become 400 with a JSON body."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED_METHODS
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, "Read-only API: use GET.")
            response["Allow"] = ALLOWED_METHODS
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiParamError as exc:
                response = error_response(400, exc.message, exc.parameter)
        return _cors(response)

    # Only safe methods do anything; a POST gets the JSON 405 rather than a CSRF page.
    return csrf_exempt(wrapper)


def _weak_etag(*parts) -> str:
    digest = hashlib.sha256(
        json.dumps([VALIDATOR_VERSION, *parts], default=str, sort_keys=True).encode()
    ).hexdigest()
    return f'W/"{digest[:32]}"'


def _query_fingerprint(request: HttpRequest) -> list:
    return sorted(request.GET.lists())


def _conditional(
    request: HttpRequest,
    *,
    etag: str,
    last_modified,
    build: Callable[[], HttpResponse],
    language: str = "de",
) -> HttpResponse:
    """304 when the client's copy is current, else ``build()``; validators and cache
    headers on both. ``language``: of the texts (?lang=), not of the browser."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = build()
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Language"] = language
    return response


def _by_content(request: HttpRequest, data: dict, freshness, language: str = "de") -> HttpResponse:
    """Small answers: the ETag is a hash of the content itself, so it is exact."""
    etag = _weak_etag("content", data)
    return _conditional(
        request,
        etag=etag,
        last_modified=freshness.last_modified,
        build=lambda: json_response(data),
        language=language,
    )


# --- services --------------------------------------------------------------------------


@api_endpoint
def services(request: HttpRequest) -> HttpResponse:
    query = api_params.parse_service_query(request.GET)
    offers = api_selectors.services_matching(query)
    freshness = api_selectors.services_freshness(offers, query.lang)
    paging = query.paging

    def build() -> HttpResponse:
        page = []
        if paging.offset < freshness.count:
            details = api_selectors.with_service_details(offers, query.lang)
            page = [
                service_dict(offer, lang=query.lang)
                for offer in details[paging.offset : paging.offset + paging.per_page]
            ]
        return json_response(
            page_dict(page, total_items=freshness.count, page=paging.page, per_page=paging.per_page)
        )

    return _conditional(
        request,
        etag=_weak_etag(
            "services",
            freshness.count,
            freshness.last_modified,
            timezone.localdate(),
            _query_fingerprint(request),
        ),
        last_modified=freshness.last_modified,
        build=build,
        language=query.lang,
    )


def _not_found() -> HttpResponse:
    return error_response(404, "No published record with this id.")


@api_endpoint
def service_detail(request: HttpRequest, id: str) -> HttpResponse:
    lang = api_params.parse_lang_only(request.GET)
    found = parse_resource_id(id, Kind.SERVICE)
    offer = api_selectors.service_for_api(found[1], lang) if found else None
    if offer is None:
        return _not_found()
    freshness = api_selectors.service_freshness(offer.pk, lang)
    return _conditional(
        request,
        etag=_weak_etag("service", offer.pk, freshness.last_modified, timezone.localdate(), lang),
        last_modified=freshness.last_modified,
        build=lambda: json_response(service_dict(offer, lang=lang)),
        language=lang,
    )


@api_endpoint
def services_calendar(request: HttpRequest) -> HttpResponse:
    query = api_params.parse_service_query(request.GET)
    offers = api_selectors.services_matching(query)
    freshness = api_selectors.services_freshness(offers, query.lang)

    def build() -> HttpResponse:
        schedules = api_selectors.calendar_schedules(offers, query.lang, limit=MAX_EVENTS + 1)
        truncated = len(schedules) > MAX_EVENTS
        text = feed_text(
            schedules[:MAX_EVENTS],
            lang=query.lang,
            name="Integrationsangebote im Märkischen Kreis",
        )
        response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="kim-angebote.ics"'
        if truncated:
            response["X-KIM-Truncated"] = f"only the first {MAX_EVENTS} events"
        return response

    return _conditional(
        request,
        etag=_weak_etag(
            "ics",
            freshness.count,
            freshness.last_modified,
            timezone.localdate(),
            _query_fingerprint(request),
        ),
        last_modified=freshness.last_modified,
        build=build,
        language=query.lang,
    )


# --- organizations and locations -------------------------------------------------------


def _page_of(queryset, paging: api_params.Paging, serialize) -> dict:
    total = queryset.count()
    rows = (
        queryset[paging.offset : paging.offset + paging.per_page] if paging.offset < total else []
    )
    return page_dict(
        [serialize(row) for row in rows],
        total_items=total,
        page=paging.page,
        per_page=paging.per_page,
    )


@api_endpoint
def organizations(request: HttpRequest) -> HttpResponse:
    paging, _values = api_params.parse_list_query(request.GET)
    data = _page_of(
        api_selectors.organizations_public(),
        paging,
        lambda organisation: organization_dict(organisation, lang="de"),
    )
    return _by_content(request, data, api_selectors.catalogue_freshness())


@api_endpoint
def organization_detail(request: HttpRequest, id: str) -> HttpResponse:
    api_params.parse_no_parameters(request.GET)
    found = parse_resource_id(id, Kind.ORGANIZATION)
    organisation = api_selectors.organization_for_api(found[1]) if found else None
    if organisation is None:
        return _not_found()
    locations = api_selectors.locations_public(organization_pk=organisation.pk)
    data = organization_dict(organisation, locations=locations, lang="de")
    return _by_content(request, data, api_selectors.catalogue_freshness())


@api_endpoint
def locations(request: HttpRequest) -> HttpResponse:
    paging, values = api_params.parse_list_query(request.GET, "municipality", "organization_id")
    municipality = api_params.parse_municipality(values)
    organization_pk, matches_nothing = api_params.parse_organization_id(values)
    queryset = api_selectors.locations_public(
        municipality=municipality, organization_pk=organization_pk
    )
    if matches_nothing:
        queryset = queryset.none()
    data = _page_of(queryset, paging, lambda location: location_dict(location, lang="de"))
    return _by_content(request, data, api_selectors.catalogue_freshness())


# --- taxonomies ------------------------------------------------------------------------


def _page_of_list(items: list, paging: api_params.Paging) -> dict:
    return page_dict(
        items[paging.offset : paging.offset + paging.per_page],
        total_items=len(items),
        page=paging.page,
        per_page=paging.per_page,
    )


@api_endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    paging, _values = api_params.parse_list_query(request.GET)
    data = _page_of_list([taxonomy_dict(number) for number in TAXONOMIES], paging)
    return _by_content(request, data, api_selectors.catalogue_freshness())


@api_endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    paging, values = api_params.parse_list_query(request.GET, "taxonomy_id", "lang")
    lang = api_params.parse_lang(values)
    taxonomy, matches_nothing = api_params.parse_taxonomy_id(values)
    terms = [] if matches_nothing else api_selectors.taxonomy_terms(taxonomy)
    data = _page_of_list([taxonomy_term_dict(term, lang) for term in terms], paging)
    return _by_content(request, data, api_selectors.catalogue_freshness(), language=lang)


# --- documents -------------------------------------------------------------------------


@api_endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    api_params.parse_no_parameters(request.GET)
    document = openapi_document()
    return _conditional(
        request,
        etag=_weak_etag("openapi", document),
        last_modified=None,
        build=lambda: json_response(document),
        language="en",
    )


def _api_information() -> dict:
    return {
        "version": HSDS_VERSION,
        "profile": None,
        "openapi_url": f"{settings.SITE_URL}{reverse('offers_api:openapi')}",
        "description": "Integration offers of the Märkischer Kreis (KIM Portal).",
        "publisher": {
            "name": "Märkischer Kreis – Kommunales Integrationszentrum",
            "website": settings.SITE_URL,
        },
        "x_kim_api_version": API_VERSION,
        "x_kim_license": {"name": LICENSE_NAME, "url": LICENSE_URL},
    }


@api_endpoint
def docs(request: HttpRequest) -> HttpResponse:
    """The human-readable documentation; the HSDS API information for JSON clients.
    Query parameters are ignored here (links with tracking parameters still work)."""
    preferred = request.get_preferred_type(["text/html", "application/json"])
    if preferred == "application/json":
        response = json_response(_api_information())
    else:
        base = f"{settings.SITE_URL}/api/v1"
        response = render(
            request,
            "offers/api/docs.html",
            {
                "api_base": base,
                "license_name": LICENSE_NAME,
                "license_url": LICENSE_URL,
                "max_per_page": api_params.MAX_PER_PAGE,
                "default_per_page": api_params.DEFAULT_PER_PAGE,
                "max_events": MAX_EVENTS,
                "languages": api_params.API_LANGUAGES,
            },
        )
    patch_vary_headers(response, ["Accept"])
    return response


@api_endpoint
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    return error_response(404, "No such endpoint. See /api/v1/openapi.json.")
