"""The open-data API over HTTP: conditional requests, caching, CORS, JSON errors, the docs
page."""

import re

import pytest
import time_machine
from django.utils.http import http_date

from offers.api_serializers import Kind, resource_id
from offers.models import Offer
from tests.offers.factories import OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data_long_unchanged")]

SERVICES = "/api/v1/services"


# --- ETag, Last-Modified, Cache-Control ------------------------------------------------


def test_list_carries_weak_etag_last_modified_and_public_cache(client):
    with time_machine.travel("2026-03-01 12:00 +01:00", tick=False):
        OfferFactory()

    response = client.get(SERVICES)

    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"] == "Sun, 01 Mar 2026 11:00:00 GMT"
    assert response["Cache-Control"] == "public, max-age=300"


def test_if_none_match_with_the_current_etag_gives_304(client):
    OfferFactory()
    etag = client.get(SERVICES)["ETag"]

    response = client.get(SERVICES, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Access-Control-Allow-Origin"] == "*"


def test_etag_changes_when_an_offer_changes(client):
    offer = OfferFactory()
    etag = client.get(SERVICES)["ETag"]

    Offer.objects.filter(pk=offer.pk).update(
        title="Neu", modified_at=offer.modified_at.replace(year=2030)
    )
    response = client.get(SERVICES, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_etag_changes_when_an_offer_is_withdrawn(client):
    OfferFactory()
    withdrawn = OfferFactory()
    etag = client.get(SERVICES)["ETag"]

    Offer.objects.filter(pk=withdrawn.pk).update(status=Offer.Status.ARCHIVED)

    assert client.get(SERVICES, headers={"If-None-Match": etag}).status_code == 200


def test_etag_depends_on_the_query(client):
    OfferFactory()

    assert client.get(SERVICES)["ETag"] != client.get(SERVICES, {"lang": "en"})["ETag"]


def test_if_modified_since_gives_304_until_something_changes(client):
    with time_machine.travel("2026-03-01 12:00 +01:00", tick=False):
        offer = OfferFactory()
    last_modified = client.get(SERVICES)["Last-Modified"]

    assert client.get(SERVICES, headers={"If-Modified-Since": last_modified}).status_code == 304

    with time_machine.travel("2026-03-02 12:00 +01:00", tick=False):
        Offer.objects.filter(pk=offer.pk).update(modified_at=offer.modified_at.replace(day=2))
    response = client.get(SERVICES, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 200


def test_detail_answers_304_to_its_etag(client):
    offer = OfferFactory()
    url = f"{SERVICES}/{resource_id(Kind.SERVICE, offer.pk)}"
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert (again.status_code, by_date.status_code) == (304, 304)


@pytest.mark.parametrize(
    "path", ["/organizations", "/locations", "/taxonomies", "/taxonomy_terms", "/openapi.json"]
)
def test_other_endpoints_answer_304_to_their_etag(client, path):
    OfferFactory(towns=["Iserlohn"])
    etag = client.get(f"/api/v1{path}")["ETag"]

    response = client.get(f"/api/v1{path}", headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_old_if_modified_since_gets_the_full_answer(client):
    OfferFactory()

    response = client.get(SERVICES, headers={"If-Modified-Since": http_date(0)})

    assert response.status_code == 200


# --- CORS ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/services", 200),
        ("/services?page=0", 400),
        ("/services/nope", 404),
        ("/services.ics", 200),
        ("/openapi.json", 200),
    ],
)
def test_every_answer_allows_any_origin(client, path, status):
    response = client.get(f"/api/v1{path}", headers={"Origin": "https://app.example.org"})

    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_options_preflight_allows_get_and_conditional_headers(client):
    response = client.options(
        SERVICES,
        headers={
            "Origin": "https://app.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writing_methods_get_405_json(client, method):
    response = getattr(client, method)(SERVICES)

    assert response.status_code == 405
    assert response.json()["error"]
    assert "GET" in response["Allow"]


# --- bad parameters --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=", "page"),
        ("page=-1", "page"),
        ("page=99999999999999999999", "page"),
        ("per_page=101", "per_page"),
        ("per_page=1.5", "per_page"),
        ("lang=xx", "lang"),
        ("lang=", "lang"),
        ("modified_after=yesterday", "modified_after"),
        ("modified_after=2026-02-30", "modified_after"),
        ("modified_after=2026-01-01T25:00:00Z", "modified_after"),
        ("modified_after=", "modified_after"),
        ("organization_id=12", "organization_id"),
        ("taxonomy_term_id=sprache", "taxonomy_term_id"),
        ("category=Not%20a%20slug", "category"),
        ("language=german", "language"),
        ("q=" + "x" * 201, "q"),
        ("colour=blue", "colour"),
        ("category=sprache&category=beratung", "category"),
    ],
)
def test_bad_parameters_get_400_json_naming_the_parameter(client, query, parameter):
    response = client.get(f"{SERVICES}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["parameter"] == parameter
    assert body["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/services.ics?page=abc",
        "/services/x?lang=xx",
        "/organizations?per_page=0",
        "/organizations/x?foo=1",
        "/locations?organization_id=nope",
        "/taxonomies?page=x",
        "/taxonomy_terms?taxonomy_id=nope",
        "/openapi.json?x=1",
    ],
)
def test_bad_parameters_get_400_on_every_endpoint(client, path):
    response = client.get(f"/api/v1{path}")

    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2026-06-30T23:59:60Z"]
)
def test_modified_after_at_the_edges_of_the_calendar_is_no_error(client, moment):
    OfferFactory()

    assert client.get(SERVICES, {"modified_after": moment}).status_code == 200


def test_nul_characters_never_reach_the_database(client):
    OfferFactory(title="Sprachkurs")

    response = client.get(SERVICES, {"q": "Sprach\x00kurs", "municipality": "Iser\x00lohn"})

    assert response.status_code == 200


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/services/")

    assert response.status_code == 404
    assert response.json()["error"]


# --- the documentation page ------------------------------------------------------------


def test_docs_page_explains_the_api_and_its_license(client):
    response = client.get("/api/v1/", headers={"Accept": "text/html"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Datenlizenz Deutschland – Namensnennung" in html
    assert "/api/v1/openapi.json" in html
    for path in ("/services", "/services.ics", "/organizations", "/locations", "/taxonomies"):
        assert f"<code>{path}" in html


def test_docs_page_has_no_inline_script_or_style(client):
    html = client.get("/api/v1/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_docs_page_ignores_query_parameters(client):
    assert client.get("/api/v1/", {"utm_source": "newsletter"}).status_code == 200


def test_json_clients_get_the_hsds_api_information_at_the_root(client):
    response = client.get("/api/v1/", headers={"Accept": "application/json"})

    info = response.json()
    assert info["version"].startswith("3")
    assert info["openapi_url"].endswith("/api/v1/openapi.json")
    assert "Accept" in response["Vary"]


def test_head_answers_like_get(client):
    OfferFactory()

    response = client.head(SERVICES)

    assert response.status_code == 200
    assert response["ETag"] == client.get(SERVICES)["ETag"]


def test_content_language_is_the_requested_text_language_not_the_browsers(client):
    OfferFactory()

    response = client.get(SERVICES, {"lang": "uk"}, headers={"Accept-Language": "fr"})

    assert response["Content-Language"] == "uk"


def test_docs_page_switches_language_through_set_language(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/api/v1/"})
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/"

    html = client.get("/api/v1/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
