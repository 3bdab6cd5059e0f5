"""Searching the public catalogue: German full text (stemming, umlauts), typo tolerance,
the reader's language, filters with text, facet counts, sorting and suggestions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kim_portal.models import Municipality
from offers.models import Offer
from offers.search import (
    OfferCriteria,
    german_query,
    offers_search,
    offers_search_suggestions,
    search_close_terms,
    search_taxonomies,
    translation_query,
)
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    OfferLocationFactory,
    OfferTranslationFactory,
    category,
    municipality,
    target_group,
)

pytestmark = pytest.mark.django_db


def titles(result) -> list[str]:
    return [offer.title for offer in result.offers]


def search(language="de", **criteria):
    return offers_search(OfferCriteria(**criteria), language=language)


def full_text_hits(text: str) -> set[str]:
    return set(Offer.objects.filter(search_de=german_query(text)).values_list("title", flat=True))


# --- German full text -------------------------------------------------------------------


def test_plural_finds_singular_by_german_stemming():
    OfferFactory(title="Sprachkurs am Abend")
    OfferFactory(title="Schuldnerberatung")

    assert full_text_hits("Sprachkurse") == {"Sprachkurs am Abend"}


def test_singular_finds_plural_by_german_stemming():
    OfferFactory(title="Sprachkurse für Eltern")

    assert full_text_hits("Sprachkurs") == {"Sprachkurse für Eltern"}


def test_umlaut_written_as_ue_finds_the_umlaut():
    OfferFactory(title="Hausaufgabenhilfe", summary="Für jede Schülerin und jeden Schüler.")

    assert full_text_hits("Schuelerin") == {"Hausaufgabenhilfe"}


def test_umlaut_in_query_finds_text_written_with_ue():
    OfferFactory(title="Treff fuer Muetter")

    assert full_text_hits("Mütter") == {"Treff fuer Muetter"}


def test_word_start_finds_compound():
    OfferFactory(title="Deutschkurs für Frauen")

    assert full_text_hits("Deutsch") == {"Deutschkurs für Frauen"}


def test_every_word_of_the_query_must_match():
    OfferFactory(title="Sprachcafé Iserlohn")
    OfferFactory(title="Sprachcafé Hemer")

    assert full_text_hits("Sprachcafé Hemer") == {"Sprachcafé Hemer"}


def test_title_match_ranks_above_description_match():
    OfferFactory(
        title="Beratung für Familien",
        description="<p>Wir helfen auch bei der Suche nach einem Integrationskurs.</p>",
        published_at=timezone.now(),
    )
    OfferFactory(
        title="Integrationskurs", published_at=timezone.now() - timezone.timedelta(days=30)
    )
    OfferFactory(title="Integrationskurs mit Kinderbetreuung")

    result = search(query="Integrationskurs")

    assert titles(result)[-1] == "Beratung für Familien"
    assert result.sort == "relevance"


def test_typo_falls_back_to_similar_titles():
    OfferFactory(title="Deutschkurs am Vormittag")
    OfferFactory(title="Schwimmen für Frauen")

    assert full_text_hits("Deutschkrus") == set()
    result = search(query="Deutschkrus")

    assert titles(result) == ["Deutschkurs am Vormittag"]
    assert result.fuzzy


def test_few_full_text_hits_without_similar_titles_are_not_called_fuzzy():
    OfferFactory(title="Deutschkurs am Abend")
    OfferFactory(title="Schwimmen im Hallenbad")

    result = search(query="Deutschkurs")

    assert titles(result) == ["Deutschkurs am Abend"]
    assert not result.fuzzy


def test_page_says_when_similar_titles_were_added(client):
    OfferFactory(title="Deutschkurs am Vormittag")

    exact = client.get(list_url(), {"q": "Deutschkurs"}).content.decode()
    typo = client.get(list_url(), {"q": "Deutschkrus"}).content.decode()

    assert "ähnlich geschriebenem Titel" not in exact
    assert "ähnlich geschriebenem Titel" in typo
    assert "Deutschkurs am Vormittag" in typo


def test_similar_titles_rank_below_full_text_hits():
    OfferFactory(title="Deutschkurs kompakt")
    OfferFactory(title="Sprachcafé", summary="Hier üben Sie, was Sie im Deutschkurs lernen.")

    result = search(query="Deutschkurs")

    assert titles(result)[0] in {"Deutschkurs kompakt", "Sprachcafé"}
    assert set(titles(result)) == {"Deutschkurs kompakt", "Sprachcafé"}


def test_enough_full_text_hits_add_no_similar_titles():
    for n in range(3):
        OfferFactory(title=f"Deutschkurs {n}")
    OfferFactory(title="Deutschtest")

    result = search(query="Deutschkurs")

    assert not result.fuzzy
    assert "Deutschtest" not in titles(result)


def test_query_of_only_punctuation_finds_everything_and_does_not_fail():
    OfferFactory(title="Sprachcafé")

    result = search(query="!!! ? a")

    assert titles(result) == ["Sprachcafé"]
    assert result.sort == "newest"


# --- The reader's language ---------------------------------------------------------------


def test_english_reader_finds_offer_by_its_english_translation():
    offer = OfferFactory(title="Deutschkurs für Frauen")
    OfferTranslationFactory(offer=offer, language="en", title="German course for women")
    OfferFactory(title="Schwimmkurs")

    assert titles(search(language="en", query="courses")) == ["Deutschkurs für Frauen"]


def test_english_translation_is_not_searched_for_a_ukrainian_reader():
    offer = OfferFactory(title="Deutschkurs für Frauen")
    OfferTranslationFactory(offer=offer, language="en", title="German lessons")

    assert titles(search(language="uk", query="lessons")) == []


def test_ukrainian_reader_finds_offer_by_inflected_word():
    offer = OfferFactory(title="Deutschkurs")
    OfferTranslationFactory(offer=offer, language="uk", title="Курс німецької мови")
    OfferFactory(title="Schwimmen")

    assert titles(search(language="uk", query="курси")) == ["Deutschkurs"]


def test_translated_reader_still_finds_german_text():
    OfferFactory(title="Migrationsberatung")

    assert titles(search(language="ar", query="Migrationsberatung")) == ["Migrationsberatung"]


def test_translation_query_uses_the_languages_configuration():
    query = translation_query("courses", "en")

    assert query.config.config.value == "english"


# --- Filters and facets ------------------------------------------------------------------


@pytest.fixture
def catalogue():
    """Four offers in three towns, two categories, with different flags."""
    return {
        "a": OfferFactory(
            title="Deutschkurs A",
            towns=["Iserlohn"],
            categories=["sprache"],
            target_groups=["frauen"],
            languages=["de", "ar"],
            childcare=True,
        ),
        "b": OfferFactory(
            title="Beratung B",
            towns=["Iserlohn"],
            categories=["beratung"],
            languages=["de", "uk"],
            is_free=False,
        ),
        "c": OfferFactory(
            title="Deutschkurs C",
            towns=["Hemer"],
            categories=["sprache"],
            languages=["de"],
            mode=Offer.Mode.HYBRID,
        ),
        "d": OfferFactory(
            title="Deutschkurs D",
            towns=["Altena", "Iserlohn"],
            categories=["sprache"],
            target_groups=["frauen"],
            languages=["de", "ar"],
            barrier_free=True,
        ),
    }


def test_filters_combine_with_text(catalogue):
    result = search(query="Deutschkurs", municipality=municipality("Iserlohn"))

    assert set(titles(result)) == {"Deutschkurs A", "Deutschkurs D"}


def test_all_filters_narrow_the_result(catalogue):
    result = search(
        municipality=municipality("Iserlohn"),
        category=category("sprache"),
        target_group=target_group("frauen"),
        language="ar",
        free=True,
        childcare=True,
    )

    assert titles(result) == ["Deutschkurs A"]


def test_online_filter_includes_hybrid_offers(catalogue):
    assert titles(search(online=True)) == ["Deutschkurs C"]


def test_offer_in_two_towns_counts_once_per_town(catalogue):
    facets = search().facets

    assert facets.municipality[municipality("Iserlohn").pk] == 3
    assert facets.municipality[municipality("Altena").pk] == 1
    assert facets.municipality[municipality("Hemer").pk] == 1


def test_facet_counts_apply_the_other_filters_but_not_their_own(catalogue):
    facets = search(category=category("sprache"), municipality=municipality("Iserlohn")).facets

    # Towns: counted within "sprache" (all towns); categories: within Iserlohn.
    assert facets.municipality == {
        municipality("Iserlohn").pk: 2,
        municipality("Hemer").pk: 1,
        municipality("Altena").pk: 1,
    }
    assert facets.category == {category("sprache").pk: 2, category("beratung").pk: 1}
    assert facets.language == {"de": 2, "ar": 2}
    assert facets.target_group == {target_group("frauen").pk: 2}


def test_flag_counts_respect_the_other_flags(catalogue):
    facets = search(free=True, childcare=True).facets

    assert facets.flags == {"free": 1, "childcare": 1, "barrier_free": 0, "online": 0}


def test_flag_counts_without_flags(catalogue):
    facets = search().facets

    assert facets.flags == {"free": 3, "childcare": 1, "barrier_free": 1, "online": 1}


def test_facet_counts_follow_the_text_query(catalogue):
    facets = search(query="Beratung").facets

    assert facets.category == {category("beratung").pk: 1}
    assert facets.language == {"de": 1, "uk": 1}


def test_facets_take_the_same_queries_however_many_options(django_assert_max_num_queries):
    for _ in range(3):
        OfferFactory(towns=["Iserlohn"], categories=["sprache"], languages=["de"])
    with CaptureQueriesContext(connection) as few:
        search(query="Angebot")
    for n in range(6):
        OfferFactory(
            towns=["Hemer", "Altena", "Balve"][: n % 3 + 1],
            categories=["sprache", "beratung", "arbeit"][: n % 3 + 1],
            target_groups=["frauen", "kinder"][: n % 2 + 1],
            languages=["de", "ar", "uk", "fa", "tr", "ru"][: n + 1],
        )
    with CaptureQueriesContext(connection) as many:
        search(query="Angebot")

    assert len(many) == len(few)


# --- Sorting -----------------------------------------------------------------------------


def test_sort_by_distance_puts_nearest_first_and_offers_without_place_last():
    OfferFactory(title="In Menden", towns=["Menden (Sauerland)"])
    OfferFactory(title="Nur online", mode=Offer.Mode.ONLINE)
    OfferFactory(title="In Altena", towns=["Altena"])
    OfferFactory(title="In Lüdenscheid", towns=["Lüdenscheid"])

    result = search(sort="distance", near=municipality("Altena"))

    assert titles(result) == ["In Altena", "In Lüdenscheid", "In Menden", "Nur online"]
    distances = [offer.distance_km for offer in result.offers]
    assert distances[0] == pytest.approx(0, abs=0.5)
    assert distances[1] == pytest.approx(10.2, abs=1)
    assert distances[3] is None


def test_distance_uses_the_locations_own_coordinates():
    far_corner = LocationFactory(
        municipality=municipality("Iserlohn"), latitude="51.30000", longitude="7.67400"
    )
    near = OfferFactory(title="Iserlohner Stadtrand")
    OfferLocationFactory(offer=near, location=far_corner)
    OfferFactory(title="Iserlohn Mitte", towns=["Iserlohn"])

    result = search(sort="distance", near=municipality("Altena"))

    assert titles(result) == ["Iserlohner Stadtrand", "Iserlohn Mitte"]


def test_distance_sort_measures_from_the_chosen_town_filter():
    OfferFactory(title="Hemer", towns=["Hemer", "Plettenberg"])
    OfferFactory(title="Plettenberg", towns=["Plettenberg"])

    result = search(sort="distance", municipality=municipality("Plettenberg"))

    assert result.distance_origin == municipality("Plettenberg")
    assert [o.distance_km < 1 for o in result.offers] == [True, True]


def test_newest_first_without_query():
    OfferFactory(title="Alt", published_at=timezone.now() - timezone.timedelta(days=9))
    OfferFactory(title="Neu", published_at=timezone.now())

    result = search()

    assert titles(result) == ["Neu", "Alt"]
    assert result.sort == "newest"


def test_newest_first_on_request_even_with_query():
    OfferFactory(title="Deutschkurs", published_at=timezone.now() - timezone.timedelta(days=9))
    OfferFactory(title="Deutschkurs Deutschkurs", published_at=timezone.now())

    assert titles(search(query="Deutschkurs", sort="newest"))[0] == "Deutschkurs Deutschkurs"


# --- Suggestions -------------------------------------------------------------------------


def test_close_terms_come_from_titles():
    OfferFactory(title="Integrationskurs")

    assert search_close_terms("integrationskuss", language="de") == ["integrationskurs"]


def test_close_terms_replace_each_misspelt_word():
    OfferFactory(title="Schwimmkurs für Frauen")

    assert "schwimmkurs frauen" in search_close_terms("schwimkurs fraun", language="de")


def test_close_terms_ignore_drafts():
    OfferFactory(title="Geheimprojekt", status=Offer.Status.DRAFT)

    assert search_close_terms("geheimprojekd", language="de") == []


def test_suggestions_name_nearby_towns_with_results():
    OfferFactory(title="Deutschkurs", towns=["Hemer"], is_free=True)
    OfferFactory(title="Deutschkurs", towns=["Plettenberg"], is_free=True)
    criteria = OfferCriteria(query="Deutschkurs", municipality=municipality("Iserlohn"), free=True)
    result = offers_search(criteria, language="de")

    suggestions = offers_search_suggestions(
        criteria, result, language="de", towns=list(Municipality.objects.all())
    )

    assert not result.offers.exists()
    assert [town.name for town, _count, _km in suggestions.nearby_towns] == [
        "Hemer",
        "Plettenberg",
    ]
    assert suggestions.without_town == 2
    assert suggestions.without_filters == 2


def test_search_taxonomies_lists_all_towns_and_terms():
    taxonomies = search_taxonomies()

    assert len(taxonomies["municipalities"]) == 15
    assert len(taxonomies["categories"]) == 11
    assert len(taxonomies["target_groups"]) == 10


# --- Through the page --------------------------------------------------------------------


def list_url(language="de"):
    with translation.override(language):
        return reverse("offers:list")


def test_page_shows_results_with_counts_in_the_filters(client, catalogue):
    response = client.get(list_url(), {"q": "Deutschkurs", "town": "05962024"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "2 Angebote gefunden" in body
    assert "Deutschkurs A" in body
    assert "Deutschkurs C" not in body
    assert "Hemer (1)" in body
    assert "Iserlohn (2)" in body


def test_page_without_results_offers_suggestions(client):
    OfferFactory(title="Integrationskurs", towns=["Hemer"])

    response = client.get(list_url(), {"q": "Integrationskurs", "town": "05962004"})

    body = response.content.decode()
    assert "0 Angebote gefunden" in body
    assert "1 Angebot in Hemer" in body
    assert "town=05962016" in body
    assert "Alle Filter entfernen" in body


def test_page_without_results_offers_close_terms(client):
    OfferFactory(title="Anerkennungsberatung", is_free=False)

    response = client.get(list_url(), {"q": "Anerkenungsberatnug", "free": "1"})

    body = response.content.decode()
    assert "0 Angebote gefunden" in body
    assert "Meinten Sie" in body
    assert "q=anerkennungsberatung&amp;free=1" in body


def test_page_sorted_by_distance_shows_the_distance(client):
    OfferFactory(title="In Lüdenscheid", towns=["Lüdenscheid"])

    response = client.get(list_url(), {"near": "05962004"})

    body = response.content.decode()
    assert "die nächsten zu Altena zuerst" in body
    assert "Entfernung: 10 km" in body


def test_pagination_has_twenty_per_page_and_keeps_the_filters(client):
    for n in range(45):
        OfferFactory(title=f"Kurs {n:02d}", towns=["Balve"], categories=["sprache"])

    first = client.get(list_url(), {"category": "sprache"})
    third = client.get(list_url(), {"category": "sprache", "page": 3})

    assert len(first.context["page"].object_list) == 20
    assert len(third.context["page"].object_list) == 5
    assert "category=sprache&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "1e3", ""])
def test_garbage_page_numbers_show_a_page(client, page):
    for n in range(25):
        OfferFactory(title=f"Kurs {n}")

    response = client.get(list_url(), {"page": page})

    assert response.status_code == 200
    assert response.context["page"].object_list


def test_list_query_count_does_not_grow_with_offers(client):
    def make(n):
        for _ in range(n):
            offer = OfferFactory(
                towns=["Iserlohn", "Hemer"], categories=["sprache"], target_groups=["frauen"]
            )
            OfferTranslationFactory(offer=offer, language="ar")

    make(3)
    with CaptureQueriesContext(connection) as three:
        client.get(list_url("ar"), {"q": "Angebot", "town": "05962024", "free": "1"})
    make(27)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(list_url("ar"), {"q": "Angebot", "town": "05962024", "free": "1"})

    assert len(response.context["page"].object_list) == 20
    assert len(thirty) == len(three)
    # Taxonomies 3, text 1-2, facets 5, count 1, page 1, prefetches 3.
    assert len(thirty) <= 15


def test_list_query_count_with_distance_sort_does_not_grow(client):
    for _ in range(3):
        OfferFactory(towns=["Iserlohn"], categories=["sprache"])
    with CaptureQueriesContext(connection) as three:
        client.get(list_url(), {"near": "05962004"})
    for _ in range(27):
        OfferFactory(towns=["Hemer"], categories=["beratung"])
    with CaptureQueriesContext(connection) as thirty:
        client.get(list_url(), {"near": "05962004"})

    assert len(thirty) == len(three)
