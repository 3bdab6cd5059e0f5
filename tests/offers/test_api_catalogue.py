"""The open-data API's organizations, locations and taxonomies: only what public offers
use, HSDS shapes, ?lang for term names."""

from decimal import Decimal

import pytest

from offers.api_serializers import Kind, resource_id
from offers.models import Category, Offer, TargetGroup
from tests.factories import OrganisationFactory
from tests.offers.factories import LocationFactory, OfferFactory, OfferLocationFactory, municipality

pytestmark = pytest.mark.django_db


def get_json(client, path, **params):
    response = client.get(f"/api/v1{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


# --- organizations ---------------------------------------------------------------------


def test_organizations_lists_only_providers_with_public_offers(client):
    public = OrganisationFactory(name="VHS Iserlohn")
    drafting = OrganisationFactory(name="Nur Entwürfe")
    OrganisationFactory(name="Ohne Angebote")
    OfferFactory(organisation=public)
    OfferFactory(organisation=drafting, status=Offer.Status.DRAFT)

    page = get_json(client, "/organizations")

    assert [org["name"] for org in page["contents"]] == ["VHS Iserlohn"]
    assert page["total_items"] == 1


def test_organization_detail_lists_its_places_with_public_offers(client):
    provider = OrganisationFactory(name="AWO", municipality=municipality("Hemer"))
    used = LocationFactory(organisation=provider, name="Treffpunkt")
    unused = LocationFactory(organisation=provider, name="Lager")
    OfferLocationFactory(offer=OfferFactory(organisation=provider), location=used)
    OfferLocationFactory(
        offer=OfferFactory(organisation=provider, status=Offer.Status.DRAFT), location=unused
    )

    org = get_json(client, f"/organizations/{resource_id(Kind.ORGANIZATION, provider.pk)}")

    assert org["name"] == "AWO"
    assert org["x_kim_municipality"] == {"name": "Hemer", "ags": "05962016"}
    assert [location["name"] for location in org["locations"]] == ["Treffpunkt"]
    assert org["x_kim_services_url"].endswith(f"/api/v1/services?organization_id={org['id']}")


def test_organization_without_public_offers_is_404(client):
    hidden = OrganisationFactory()
    OfferFactory(organisation=hidden, status=Offer.Status.IN_REVIEW)

    response = client.get(f"/api/v1/organizations/{resource_id(Kind.ORGANIZATION, hidden.pk)}")

    assert response.status_code == 404


# --- locations -------------------------------------------------------------------------


def test_locations_lists_places_of_public_offers_with_town_and_coordinates(client):
    place = LocationFactory(
        name="Bürgerhaus",
        municipality=municipality("Altena"),
        latitude=Decimal("51.29912"),
        longitude=Decimal("7.67401"),
    )
    OfferLocationFactory(offer=OfferFactory(), location=place)
    draft_place = LocationFactory(name="Geheim")
    OfferLocationFactory(offer=OfferFactory(status=Offer.Status.DRAFT), location=draft_place)

    page = get_json(client, "/locations")

    [location] = page["contents"]
    assert location["name"] == "Bürgerhaus"
    assert location["x_kim_municipality"] == {"name": "Altena", "ags": "05962004"}
    assert (location["latitude"], location["longitude"]) == (51.29912, 7.67401)


def test_locations_filter_by_municipality(client):
    OfferFactory(towns=["Iserlohn"])
    OfferFactory(towns=["Werdohl"])

    page = get_json(client, "/locations", municipality="05962060")

    assert [loc["x_kim_municipality"]["name"] for loc in page["contents"]] == ["Werdohl"]


def test_location_used_by_two_offers_is_listed_once(client):
    place = LocationFactory()
    OfferLocationFactory(offer=OfferFactory(), location=place)
    OfferLocationFactory(offer=OfferFactory(), location=place)

    assert get_json(client, "/locations")["total_items"] == 1


# --- taxonomies ------------------------------------------------------------------------


def test_taxonomies_are_categories_and_target_groups(client):
    page = get_json(client, "/taxonomies")

    assert [taxonomy["x_kim_code"] for taxonomy in page["contents"]] == [
        "categories",
        "target_groups",
    ]
    assert page["total_items"] == 2


def test_taxonomy_terms_list_all_terms_with_their_taxonomy(client):
    page = get_json(client, "/taxonomy_terms", per_page=100)

    assert page["total_items"] == Category.objects.count() + TargetGroup.objects.count()
    codes = [term["code"] for term in page["contents"]]
    assert "sprache" in codes
    assert "frauen" in codes


def test_taxonomy_terms_filter_by_taxonomy(client):
    taxonomies = get_json(client, "/taxonomies")["contents"]
    target_groups = next(t for t in taxonomies if t["x_kim_code"] == "target_groups")

    page = get_json(client, "/taxonomy_terms", taxonomy_id=target_groups["id"], per_page=100)

    assert page["total_items"] == TargetGroup.objects.count()
    assert {term["taxonomy_id"] for term in page["contents"]} == {target_groups["id"]}


def test_taxonomy_term_names_in_lang_with_german_fallback(client):
    Category.objects.create(slug="neu", name="Neue Kategorie", name_translations={}, position=99)

    terms = {
        term["code"]: term
        for term in get_json(client, "/taxonomy_terms", lang="ar", per_page=100)["contents"]
    }

    assert (terms["sprache"]["name"], terms["sprache"]["language"]) == (
        "اللغة ودورات الاندماج",
        "ar",
    )
    assert (terms["neu"]["name"], terms["neu"]["language"]) == ("Neue Kategorie", "de")


@pytest.mark.parametrize("count", [3, 30])
def test_organizations_and_locations_query_count_does_not_grow(
    client, django_assert_max_num_queries, count
):
    for _ in range(count):
        OfferFactory(
            organisation=OrganisationFactory(municipality=municipality()), towns=["Iserlohn"]
        )

    with django_assert_max_num_queries(3):
        assert get_json(client, "/organizations", per_page=100)["size"] == count
    with django_assert_max_num_queries(3):
        assert get_json(client, "/locations", per_page=100)["size"] == count
