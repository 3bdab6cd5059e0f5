"""The API's validators (ETag, Last-Modified) follow changes of what the answers are made
of besides the offers: places and taxonomy terms."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers import api_selectors
from offers.api_serializers import Kind, resource_id
from offers.models import Location
from offers.selectors import offers_public
from offers.services import offer_content_save
from offers.staff_selectors import offer_revision_data
from tests.factories import user_with_role
from tests.offers.factories import OfferFactory, category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data_long_unchanged")]

SERVICES = "/api/v1/services"
BEFORE = "2026-03-01 12:00 +01:00"
AFTER = "2026-03-02 12:00 +01:00"


@pytest.fixture
def offer():
    with time_machine.travel(BEFORE, tick=False):
        return OfferFactory(towns=["Iserlohn"], categories=["sprache"])


def _move_place(offer) -> None:
    with time_machine.travel(AFTER, tick=False):
        place = offer.offer_locations.get().location
        place.street = "Theodor-Heuss-Ring 24"
        place.latitude, place.longitude = 51.37, 7.69
        place.save()


def _translate_category(name: str = "Language courses") -> None:
    with time_machine.travel(AFTER, tick=False):
        term = category("sprache")
        term.name_translations = {**term.name_translations, "en": name}
        term.save()


def _service_url(offer) -> str:
    return f"{SERVICES}/{resource_id(Kind.SERVICE, offer.pk)}"


def test_moving_a_place_ends_the_304_of_the_services_list(client, offer):
    with time_machine.travel(BEFORE, tick=False):
        first = client.get(SERVICES)

    _move_place(offer)
    again = client.get(SERVICES, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again["Last-Modified"] == "Mon, 02 Mar 2026 11:00:00 GMT"


def test_moving_a_place_ends_the_304_of_the_service(client, offer):
    first = client.get(_service_url(offer))

    _move_place(offer)
    again = client.get(_service_url(offer), headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again.json()["service_at_locations"][0]["location"]["latitude"] == 51.37


def test_moving_a_place_ends_the_304_by_date_of_the_locations(client, offer):
    last_modified = client.get("/api/v1/locations")["Last-Modified"]

    _move_place(offer)
    again = client.get("/api/v1/locations", headers={"If-Modified-Since": last_modified})

    assert again.status_code == 200


def test_moving_a_place_ends_the_304_of_the_calendar_feed(client, offer):
    first = client.get("/api/v1/services.ics")

    _move_place(offer)

    assert (
        client.get("/api/v1/services.ics", headers={"If-None-Match": first["ETag"]}).status_code
        == 200
    )


def test_translating_a_category_ends_the_304_of_the_services_list(client, offer):
    first = client.get(SERVICES, {"lang": "en"})

    _translate_category()
    again = client.get(SERVICES, {"lang": "en"}, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_translating_a_category_ends_the_304_of_the_service(client, offer):
    first = client.get(_service_url(offer), {"lang": "en"})

    _translate_category()
    again = client.get(
        _service_url(offer), {"lang": "en"}, headers={"If-None-Match": first["ETag"]}
    )

    assert again.status_code == 200
    labels = [attribute["label"] for attribute in again.json()["attributes"]]
    assert "Language courses" in labels


def test_translating_a_category_ends_the_304_by_date_of_the_terms(client, offer):
    last_modified = client.get("/api/v1/taxonomy_terms", {"lang": "en"})["Last-Modified"]

    _translate_category()
    again = client.get(
        "/api/v1/taxonomy_terms", {"lang": "en"}, headers={"If-Modified-Since": last_modified}
    )

    assert again.status_code == 200


def test_unchanged_places_and_terms_keep_the_304(client, offer):
    etag = client.get(SERVICES)["ETag"]

    assert client.get(SERVICES, headers={"If-None-Match": etag}).status_code == 304


def test_freshness_is_one_query_however_many_offers(offer):
    for _ in range(5):
        OfferFactory(towns=["Hemer", "Altena"], categories=["beratung"])

    with CaptureQueriesContext(connection) as queries:
        freshness = api_selectors.services_freshness(offers_public(), "de")

    assert freshness.count == 6
    assert len(queries) == 1


def test_an_address_changed_by_the_staff_services_renews_the_place(offer):
    offer.status = "draft"
    offer.save(update_fields=["status"])
    editor = user_with_role("provider_editor", organisation=offer.organisation)
    data = offer_revision_data(offer)
    data["locations"][0]["street"] = "Neue Straße 5"

    with time_machine.travel(AFTER, tick=False):
        offer_content_save(offer=offer, content={"locations": data["locations"]}, actor=editor)

    place = Location.objects.get(offer_locations__offer=offer)
    assert place.street == "Neue Straße 5"
    assert place.modified_at.isoformat() == "2026-03-02T11:00:00+00:00"
