"""The open-data API's services: envelope, paging, filters, ?lang fallback, only public
offers, fully nested detail, constant query counts."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from offers.api_serializers import Kind, resource_id
from offers.models import Offer
from tests.factories import OrganisationFactory
from tests.offers.factories import (
    ContactFactory,
    LocationFactory,
    OfferFactory,
    OfferLocationFactory,
    OfferTranslationFactory,
    ScheduleFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/services"


def get_services(client, **params):
    response = client.get(SERVICES, params)
    assert response.status_code == 200, response.content
    return response.json()


def names(page) -> list[str]:
    return [service["name"] for service in page["contents"]]


def service_url(offer) -> str:
    return f"{SERVICES}/{resource_id(Kind.SERVICE, offer.pk)}"


# --- envelope and paging ---------------------------------------------------------------


def test_list_answers_in_the_hsds_page_envelope(client):
    OfferFactory.create_batch(3)

    page = get_services(client)

    assert set(page) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    assert (page["total_items"], page["total_pages"], page["page_number"], page["size"]) == (
        3,
        1,
        1,
        3,
    )
    assert (page["first_page"], page["last_page"], page["empty"]) == (True, True, False)


def test_pages_split_the_results_in_a_stable_order(client):
    offers = OfferFactory.create_batch(5)

    first = get_services(client, per_page=2)
    third = get_services(client, per_page=2, page=3)

    assert names(first) == [offers[0].title, offers[1].title]
    assert (first["total_pages"], first["first_page"], first["last_page"]) == (3, True, False)
    assert names(third) == [offers[4].title]
    assert (third["size"], third["first_page"], third["last_page"]) == (1, False, True)


def test_a_page_past_the_end_is_empty_not_an_error(client):
    OfferFactory()

    page = get_services(client, page=7)

    assert (page["contents"], page["empty"], page["size"], page["page_number"]) == ([], True, 0, 7)
    assert page["total_items"] == 1


def test_no_offers_gives_an_empty_first_page(client):
    page = get_services(client)

    assert (page["total_items"], page["total_pages"], page["empty"]) == (0, 0, True)
    assert (page["first_page"], page["last_page"]) == (True, True)


# --- only public offers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [Offer.Status.DRAFT, Offer.Status.IN_REVIEW, Offer.Status.ARCHIVED]
)
def test_unpublished_offers_are_never_listed(client, status):
    OfferFactory(title="Öffentlich")
    OfferFactory(title="Nicht öffentlich", status=status)

    assert names(get_services(client)) == ["Öffentlich"]


def test_offers_past_their_validity_are_not_listed(client):
    OfferFactory(title="Vorbei", valid_until=timezone.localdate() - timedelta(days=1))
    OfferFactory(title="Heute noch", valid_until=timezone.localdate())

    assert names(get_services(client)) == ["Heute noch"]


@pytest.mark.parametrize(
    "status", [Offer.Status.DRAFT, Offer.Status.IN_REVIEW, Offer.Status.ARCHIVED]
)
def test_unpublished_offer_detail_is_404_json(client, status):
    draft = OfferFactory(status=status)

    response = client.get(service_url(draft))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


@pytest.mark.parametrize(
    "service_id",
    [
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000000",
        resource_id(Kind.ORGANIZATION, 1),
    ],
)
def test_unknown_service_ids_are_404(client, service_id):
    OfferFactory()

    assert client.get(f"{SERVICES}/{service_id}").status_code == 404


# --- the fully nested service ----------------------------------------------------------


@pytest.fixture
def full_offer():
    organisation = OrganisationFactory(
        name="Caritasverband Iserlohn",
        short_name="Caritas",
        website="https://caritas.example.org",
        municipality=municipality("Iserlohn"),
    )
    offer = OfferFactory(
        organisation=organisation,
        title="Integrationskurs mit Kinderbetreuung",
        summary="Deutsch lernen, während die Kinder betreut werden.",
        description="<p>Vormittags.</p><ul><li>Modul 1</li><li>Modul 2</li></ul>",
        eligibility="Mit Berechtigungsschein des BAMF.",
        application_process="Anmeldung im Büro.",
        cost_text="Kostenlos mit Berechtigungsschein",
        languages=["de", "ar"],
        min_age=16,
        max_age=99,
        is_free=True,
        childcare=True,
        categories=["sprache"],
        target_groups=["frauen"],
    )
    location = LocationFactory(
        organisation=organisation,
        name="Caritas-Haus",
        street="Hauptstraße 1",
        postal_code="58636",
        municipality=municipality("Iserlohn"),
        latitude=Decimal("51.37512"),
        longitude=Decimal("7.69987"),
        accessibility="Rampe am Seiteneingang",
    )
    offer_location = OfferLocationFactory(offer=offer, location=location)
    ScheduleFactory(
        offer_location=offer_location,
        rrule="FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=1",
        dtstart=date(2026, 1, 12),
        opens_at=time(9, 0),
        closes_at=time(12, 30),
        valid_from=date(2026, 1, 12),
        valid_to=date(2026, 6, 30),
    )
    ContactFactory(
        offer=offer,
        name="Kursbüro",
        role="Anmeldung",
        phone="02371 12345",
        email="kurs@caritas.example.org",
        website="https://caritas.example.org/kurs",
    )
    return offer


def test_detail_is_the_fully_nested_hsds_service(client, full_offer):
    service = client.get(service_url(full_offer)).json()

    assert service["id"] == resource_id(Kind.SERVICE, full_offer.pk)
    assert service["name"] == "Integrationskurs mit Kinderbetreuung"
    assert service["status"] == "active"
    assert service["description"] == "Vormittags.\nModul 1\nModul 2"
    assert service["x_kim_description_html"].startswith("<p>Vormittags.</p>")
    assert service["eligibility_description"] == "Mit Berechtigungsschein des BAMF."
    assert (service["minimum_age"], service["maximum_age"]) == (16, 99)
    assert service["email"] == "kurs@caritas.example.org"
    assert service["url"] == "https://caritas.example.org/kurs"
    assert service["organization"]["name"] == "Caritasverband Iserlohn"
    assert service["organization"]["alternate_name"] == "Caritas"
    assert service["organization_id"] == service["organization"]["id"]
    assert service["last_modified"].endswith("Z")
    assert service["metadata"][0]["resource_id"] == service["id"]
    assert service["x_kim_portal_url"].endswith(f"/de/offers/{full_offer.pk}/")


def test_detail_nests_location_with_address_municipality_and_coordinates(client, full_offer):
    service = client.get(service_url(full_offer)).json()

    [at_location] = service["service_at_locations"]
    location = at_location["location"]
    assert at_location["location_id"] == location["id"]
    assert location["name"] == "Caritas-Haus"
    assert (location["latitude"], location["longitude"]) == (51.37512, 7.69987)
    assert location["x_kim_coordinates_approximate"] is False
    assert location["x_kim_municipality"] == {"name": "Iserlohn", "ags": "05962024"}
    [address] = location["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Hauptstraße 1",
        "58636",
        "Iserlohn",
    )
    assert location["accessibility"][0]["description"] == "Rampe am Seiteneingang"


def test_detail_nests_schedules_as_hsds_fields_and_the_raw_rrule(client, full_offer):
    service = client.get(service_url(full_offer)).json()

    [schedule] = service["service_at_locations"][0]["schedules"]
    assert schedule["freq"] == "WEEKLY"
    assert schedule["byday"] == "MO,WE"
    assert schedule["interval"] == 1
    assert (schedule["opens_at"], schedule["closes_at"]) == ("09:00", "12:30")
    assert (schedule["dtstart"], schedule["valid_to"]) == ("2026-01-12", "2026-06-30")
    assert schedule["x_kim_rrule"] == "FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=1"
    assert schedule["x_kim_timezone"] == "Europe/Berlin"
    assert schedule["service_at_location_id"] == service["service_at_locations"][0]["id"]


def test_detail_nests_contacts_languages_costs_and_taxonomy_terms(client, full_offer):
    service = client.get(service_url(full_offer)).json()

    [contact] = service["contacts"]
    assert (contact["name"], contact["title"], contact["email"]) == (
        "Kursbüro",
        "Anmeldung",
        "kurs@caritas.example.org",
    )
    assert contact["phones"][0]["number"] == "02371 12345"
    assert [language["code"] for language in service["languages"]] == ["de", "ar"]
    assert service["x_kim_free"] is True
    assert service["cost_options"][0]["option"] == "free"
    assert service["cost_options"][0]["amount"] == 0
    assert service["x_kim_childcare"] is True
    terms = {a["link_type"]: a["taxonomy_term"] for a in service["attributes"]}
    assert terms["category"]["code"] == "sprache"
    assert terms["category"]["name"] == "Sprache & Integrationskurse"
    assert terms["audience"]["code"] == "frauen"
    assert terms["category"]["taxonomy_id"] != terms["audience"]["taxonomy_id"]


def test_location_without_coordinates_gets_the_town_centre_marked_approximate(client):
    offer = OfferFactory(towns=["Lüdenscheid"])

    service = client.get(service_url(offer)).json()

    location = service["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (51.216, 7.635)
    assert location["x_kim_coordinates_approximate"] is True


# --- ?lang -----------------------------------------------------------------------------


def test_lang_gives_translated_fields_and_marks_german_fallback(client):
    offer = OfferFactory(title="Sprachcafé", summary="Treffen und Deutsch sprechen.")
    OfferTranslationFactory(offer=offer, language="ar", title="مقهى اللغة", summary="")

    service = client.get(service_url(offer), {"lang": "ar"}).json()

    assert service["name"] == "مقهى اللغة"
    assert service["x_kim_summary"] == "Treffen und Deutsch sprechen."
    assert service["x_kim_text_languages"]["name"] == "ar"
    assert service["x_kim_text_languages"]["x_kim_summary"] == "de"
    assert service["x_kim_translation_state"] == "current"


def test_lang_without_translation_falls_back_to_german_everywhere(client):
    offer = OfferFactory(title="Sprachcafé", categories=["sprache"])

    service = client.get(service_url(offer), {"lang": "uk"}).json()

    assert service["name"] == "Sprachcafé"
    assert set(service["x_kim_text_languages"].values()) == {"de"}
    assert service["x_kim_translation_state"] == "missing"
    # Taxonomy terms have their own names in every portal language.
    term = service["attributes"][0]["taxonomy_term"]
    assert (term["name"], term["language"]) == ("Мова та інтеграційні курси", "uk")


def test_translation_made_from_an_older_german_text_is_marked_outdated(client):
    offer = OfferFactory()
    OfferTranslationFactory(offer=offer, language="en", source_revision=1)
    Offer.objects.filter(pk=offer.pk).update(source_revision=2)

    service = client.get(service_url(offer), {"lang": "en"}).json()

    assert service["x_kim_translation_state"] == "outdated"


def test_lang_applies_to_the_list_too(client):
    offer = OfferFactory(title="Sprachcafé")
    OfferTranslationFactory(offer=offer, language="en", title="Language café")
    OfferFactory(title="Frauentreff")

    page = get_services(client, lang="en")

    assert names(page) == ["Language café", "Frauentreff"]


# --- filters ---------------------------------------------------------------------------


def test_q_finds_german_word_forms_and_umlaut_spellings(client):
    OfferFactory(title="Beratung für Schülerinnen")
    OfferFactory(title="Fahrradwerkstatt")

    assert names(get_services(client, q="Beratungen")) == ["Beratung für Schülerinnen"]
    assert names(get_services(client, q="Schuelerinnen")) == ["Beratung für Schülerinnen"]
    assert names(get_services(client, q="Schülerinnen")) == ["Beratung für Schülerinnen"]


def test_q_finds_offers_by_their_translation_in_the_requested_language(client):
    offer = OfferFactory(title="Frauentreff")
    OfferTranslationFactory(offer=offer, language="en", title="Women's meeting point")
    OfferFactory(title="Sprachcafé")

    assert names(get_services(client, q="women", lang="en")) == ["Women's meeting point"]
    assert names(get_services(client, q="women")) == []


def test_search_is_the_hsds_name_of_q(client):
    OfferFactory(title="Sprachkurs")
    OfferFactory(title="Fahrradwerkstatt")

    assert names(get_services(client, search="Sprachkurs")) == ["Sprachkurs"]
    assert names(get_services(client, search="Sprachkurs", q="Fahrradwerkstatt")) == []


def test_municipality_filter_takes_name_or_ags(client):
    OfferFactory(title="In Iserlohn", towns=["Iserlohn"])
    OfferFactory(title="In Altena", towns=["Altena"])

    assert names(get_services(client, municipality="iserlohn")) == ["In Iserlohn"]
    assert names(get_services(client, municipality="05962004")) == ["In Altena"]
    assert len(get_services(client, municipality="05962")["contents"]) == 2


def test_offer_in_two_towns_appears_once(client):
    OfferFactory(title="Zweimal", towns=["Iserlohn", "Hemer"])

    assert get_services(client, municipality="05962")["total_items"] == 1


def test_unknown_town_or_category_finds_nothing(client):
    OfferFactory(towns=["Iserlohn"], categories=["sprache"])

    assert get_services(client, municipality="Dortmund")["total_items"] == 0
    assert get_services(client, category="gibt-es-nicht")["total_items"] == 0


def test_category_filter(client):
    OfferFactory(title="Kurs", categories=["sprache"])
    OfferFactory(title="Beratung", categories=["beratung"])

    assert names(get_services(client, category="sprache")) == ["Kurs"]


def test_language_filter_matches_delivery_languages(client):
    OfferFactory(title="Auf Arabisch", languages=["de", "ar"])
    OfferFactory(title="Nur Deutsch", languages=["de"])

    assert names(get_services(client, language="ar")) == ["Auf Arabisch"]
    assert names(get_services(client, language="AR")) == ["Auf Arabisch"]


def test_modified_after_filter(client):
    with time_machine.travel("2026-01-10 12:00 +01:00", tick=False):
        OfferFactory(title="Alt")
    with time_machine.travel("2026-03-01 12:00 +01:00", tick=False):
        OfferFactory(title="Neu")

    assert names(get_services(client, modified_after="2026-02-01")) == ["Neu"]
    assert names(get_services(client, modified_after="2026-03-01T11:00:01Z")) == []
    assert names(get_services(client, modified_after="2026-03-01T11:00:00Z")) == ["Neu"]
    # Without an offset: Berlin time (12:00 CET is 11:00 UTC).
    assert names(get_services(client, modified_after="2026-03-01T12:00:00")) == ["Neu"]
    assert names(get_services(client, modified_after="2026-03-01T12:00:01")) == []


def test_organization_and_taxonomy_term_id_filters(client):
    provider = OrganisationFactory()
    mine = OfferFactory(title="Vom Träger", organisation=provider, target_groups=["frauen"])
    OfferFactory(title="Anderer Träger", categories=["sprache"])
    term_id = client.get(service_url(mine)).json()["attributes"][0]["taxonomy_term_id"]

    assert names(
        get_services(client, organization_id=resource_id(Kind.ORGANIZATION, provider.pk))
    ) == ["Vom Träger"]
    assert names(get_services(client, taxonomy_term_id=term_id)) == ["Vom Träger"]
    # A well-formed id that is not one of ours matches nothing.
    assert (
        get_services(client, organization_id="00000000-0000-4000-8000-000000000000")["total_items"]
        == 0
    )


def test_filters_combine(client):
    OfferFactory(title="Treffer", towns=["Iserlohn"], categories=["sprache"], languages=["ar"])
    OfferFactory(title="Falsche Stadt", towns=["Hemer"], categories=["sprache"], languages=["ar"])
    OfferFactory(title="Falsche Kategorie", towns=["Iserlohn"], categories=["wohnen"])
    OfferFactory(title="Falsche Sprache", towns=["Iserlohn"], categories=["sprache"])
    OfferFactory(
        title="Entwurf",
        towns=["Iserlohn"],
        categories=["sprache"],
        languages=["ar"],
        status=Offer.Status.DRAFT,
    )

    page = get_services(client, municipality="Iserlohn", category="sprache", language="ar")

    assert names(page) == ["Treffer"]


def test_text_and_filters_combine(client):
    OfferFactory(title="Deutschkurs am Abend", towns=["Iserlohn"])
    OfferFactory(title="Deutschkurs am Morgen", towns=["Altena"])

    assert names(get_services(client, q="Deutschkurs", municipality="Altena")) == [
        "Deutschkurs am Morgen"
    ]


# --- query counts ----------------------------------------------------------------------


def _rich_offers(count: int):
    for number in range(count):
        offer = OfferFactory(
            categories=["sprache", "beratung"], target_groups=["frauen"], towns=["Iserlohn"]
        )
        ScheduleFactory(
            offer_location=offer.offer_locations.first(),
            rrule="FREQ=WEEKLY;BYDAY=TU",
            dtstart=date(2026, 2, 3),
            opens_at=time(10),
            closes_at=time(12),
        )
        ContactFactory(offer=offer)
        if number % 2:
            OfferTranslationFactory(offer=offer, language="ar")


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_list_query_count_does_not_grow_with_results(
    client, django_assert_max_num_queries, count, lang
):
    _rich_offers(count)

    with django_assert_max_num_queries(10):
        page = get_services(client, per_page=100, lang=lang, municipality="Iserlohn")

    assert page["size"] == count


@pytest.mark.parametrize("places", [1, 10])
def test_detail_query_count_does_not_grow_with_places(
    client, django_assert_max_num_queries, places
):
    offer = OfferFactory(categories=["sprache"], target_groups=["frauen"])
    for _ in range(places):
        ScheduleFactory.create_batch(
            2, offer_location=OfferLocationFactory(offer=offer), dtstart=date(2026, 2, 3)
        )
        ContactFactory(offer=offer)
    OfferTranslationFactory(offer=offer, language="ar")

    with django_assert_max_num_queries(10):
        service = client.get(service_url(offer), {"lang": "ar"}).json()

    assert len(service["service_at_locations"]) == places


@pytest.mark.parametrize("count", [3, 30])
def test_calendar_query_count_does_not_grow_with_results(
    client, django_assert_max_num_queries, count
):
    _rich_offers(count)

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/services.ics", {"lang": "ar"})

    assert response.content.count(b"BEGIN:VEVENT") == count
