"""The OpenAPI document describes the API, and the API keeps to it: schemathesis generates
requests from the document (valid ones and, separately, invalid ones) and checks each
answer in-process against the Django WSGI app — no 5xx, documented status codes and
content types, JSON bodies matching the response schemas, invalid input rejected."""

from datetime import date, time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from offers.api_serializers import Kind, resource_id
from tests.offers.factories import (
    ContactFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
OPERATIONS = [
    "/services",
    "/services/{id}",
    "/services.ics",
    "/organizations",
    "/organizations/{id}",
    "/locations",
    "/taxonomies",
    "/taxonomy_terms",
    "/openapi.json",
    "/",
]


def _walk_refs(node, found):
    if isinstance(node, dict):
        if "$ref" in node:
            found.add(node["$ref"])
        for value in node.values():
            _walk_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk_refs(value, found)
    return found


def test_openapi_document_describes_every_endpoint(client):
    document = client.get(OPENAPI).json()

    assert document["openapi"].startswith("3.1")
    assert document["info"]["license"]["name"].startswith("Datenlizenz Deutschland")
    assert set(document["paths"]) == set(OPERATIONS)
    services = document["paths"]["/services"]["get"]
    parameter_names = {p["$ref"].rsplit("/", 1)[1] for p in services["parameters"]}
    assert {"q", "municipality", "category", "language", "modified_after", "lang"} <= (
        parameter_names
    )
    page = document["components"]["schemas"]["ServicePage"]
    assert set(page["required"]) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }


def test_every_reference_in_the_document_resolves(client):
    document = client.get(OPENAPI).json()

    for ref in _walk_refs(document, set()):
        node = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert node, ref


@pytest.fixture
def catalogue():
    """A little of everything the schemas describe."""
    offer = OfferFactory(
        title="Integrationskurs",
        categories=["sprache"],
        target_groups=["frauen"],
        towns=["Iserlohn"],
        languages=["de", "ar"],
        min_age=16,
        cost_text="kostenlos",
    )
    ScheduleFactory(
        offer_location=offer.offer_locations.first(),
        rrule="FREQ=WEEKLY;BYDAY=MO",
        dtstart=date(2026, 12, 7),
        opens_at=time(9),
        closes_at=time(12),
    )
    ScheduleFactory(
        offer_location=offer.offer_locations.first(), rrule="FREQ=DAILY", opens_at=time(8)
    )
    ContactFactory(offer=offer, website="https://example.org/kurs")
    OfferTranslationFactory(offer=offer, language="ar", title="دورة الاندماج")
    OfferFactory(title="Sprachcafé", is_free=False, towns=["Altena"])
    return offer


@pytest.fixture
def schema():
    """The document as the running app serves it, bound to the app. Like Django's test
    client, keep the request signals from closing the test's database connection (its
    transaction holds the catalogue)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(OPENAPI, get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Schemathesis reads bodies as sent; gzip is tested on its own (tests/offers/test_speed.py).
IDENTITY = {"Accept-Encoding": "identity"}


def _run(operation, mode: GenerationMode, examples: int):
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(headers=IDENTITY)

    check()


@pytest.mark.parametrize("path", OPERATIONS)
def test_valid_requests_get_documented_answers(catalogue, schema, path):
    _run(schema[path]["GET"], GenerationMode.POSITIVE, examples=25)


@pytest.mark.parametrize("path", ["/services", "/services.ics", "/taxonomy_terms", "/locations"])
def test_invalid_requests_are_rejected_with_4xx(catalogue, schema, path):
    _run(schema[path]["GET"], GenerationMode.NEGATIVE, examples=25)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_real_records_match_the_response_schemas(catalogue, schema, lang):
    # Generated ids hardly ever exist: check the nested records with real ones.
    service_id = resource_id(Kind.SERVICE, catalogue.pk)
    organization_id = resource_id(Kind.ORGANIZATION, catalogue.organisation_id)
    cases = [
        schema["/services"]["GET"].Case(query={"lang": lang, "per_page": 100}),
        schema["/services/{id}"]["GET"].Case(
            path_parameters={"id": service_id}, query={"lang": lang}
        ),
        schema["/services.ics"]["GET"].Case(query={"lang": lang}),
        schema["/organizations"]["GET"].Case(query={"per_page": 100}),
        schema["/organizations/{id}"]["GET"].Case(path_parameters={"id": organization_id}),
        schema["/locations"]["GET"].Case(query={"organization_id": organization_id}),
        schema["/taxonomy_terms"]["GET"].Case(query={"lang": lang, "per_page": 100}),
        schema["/"]["GET"].Case(headers={"Accept": "application/json"}),
    ]

    for case in cases:
        assert case.call_and_validate(headers=IDENTITY).status_code == 200
