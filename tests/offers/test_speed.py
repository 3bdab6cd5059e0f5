"""What keeps the public catalogue fast: the catalogue version, the in-memory search index,
the shared page cache, compression and conditional requests — and that none of them ever
shows something stale or unpublished."""

import gzip

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from offers.catalogue import catalogue_index, catalogue_version
from offers.models import Offer
from offers.search import OfferCriteria, offers_search
from tests.factories import UserFactory
from tests.offers.factories import OfferFactory, category, municipality

pytestmark = pytest.mark.django_db


def list_url(language="de") -> str:
    with translation.override(language):
        return reverse("offers:list")


# --- Catalogue version -------------------------------------------------------------------


def test_version_advances_when_an_offer_is_published():
    offer = OfferFactory(status=Offer.Status.DRAFT)
    before = catalogue_version()

    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)

    assert catalogue_version() > before


def test_version_advances_when_a_category_is_renamed():
    before = catalogue_version()

    category("sprache").save()

    assert catalogue_version() > before


def test_version_is_never_reused_after_a_rollback():
    before = catalogue_version()
    with transaction.atomic():
        OfferFactory()
        inside = catalogue_version()
        transaction.set_rollback(True)
    OfferFactory()

    assert catalogue_version() > inside > before


# --- Index -------------------------------------------------------------------------------


def test_index_holds_public_offers_newest_first():
    old = OfferFactory(published_at="2026-01-01T10:00:00Z")
    new = OfferFactory(published_at="2026-06-01T10:00:00Z")
    OfferFactory(status=Offer.Status.DRAFT)
    OfferFactory(status=Offer.Status.PUBLISHED, valid_until="2020-12-31")

    assert catalogue_index().ids == [new.pk, old.pk]


def test_index_is_rebuilt_after_a_change():
    OfferFactory(title="Erstes")
    first = catalogue_index()

    OfferFactory(title="Zweites")

    assert catalogue_index() is not first
    assert len(catalogue_index().ids) == 2


def test_index_is_reused_while_nothing_changes(django_assert_num_queries):
    OfferFactory()
    catalogue_index()

    with django_assert_num_queries(1):  # the version
        catalogue_index()


def test_offer_unpublished_behind_the_index_is_not_shown():
    OfferFactory(title="Bleibt")
    gone = OfferFactory(title="Geht")
    index = catalogue_index()
    # As if another process unpublished it after this one built its index.
    Offer.objects.filter(pk=gone.pk).update(status=Offer.Status.DRAFT)

    result = offers_search(OfferCriteria(), language="de", index=index)

    assert [offer.title for offer in result.offers] == ["Bleibt"]


def test_facets_cost_no_query(django_assert_num_queries):
    OfferFactory(towns=["Iserlohn"], categories=["sprache"], is_free=True)
    index = catalogue_index()
    criteria = OfferCriteria(municipality=municipality("Iserlohn"), free=True)

    with django_assert_num_queries(0):
        result = offers_search(criteria, language="de", index=index)

    assert result.facets.category == {category("sprache").pk: 1}
    assert result.offers.count() == 1


# --- Page cache --------------------------------------------------------------------------


def test_repeat_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    OfferFactory(title="Sprachcafé")
    first = client.get(list_url())

    with django_assert_num_queries(1):  # the catalogue version in the cache key
        again = client.get(list_url())

    assert again.content == first.content
    assert "Sprachcafé" in again.content.decode()


def test_cached_page_is_served_compressed_from_the_cache(client, django_assert_num_queries):
    OfferFactory(title="Sprachcafé")
    first = client.get(list_url())

    with django_assert_num_queries(1):
        again = client.get(list_url(), headers={"Accept-Encoding": "gzip, br"})

    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert gzip.decompress(again.content) == first.content


def test_cached_page_follows_a_publication_at_once(client):
    OfferFactory(title="Sprachcafé")
    client.get(list_url())
    OfferFactory(title="Nähcafé")

    assert "Nähcafé" in client.get(list_url()).content.decode()


def test_cache_keys_differ_by_language_and_query(client):
    OfferFactory(title="Sprachcafé")
    client.get(list_url("de"))

    assert client.get(list_url("ar")).headers["Content-Language"] == "ar"
    assert "Sprachcafé" not in client.get(list_url(), {"q": "Kita"}).content.decode()


def test_htmx_fragment_and_full_page_are_cached_apart(client):
    OfferFactory(title="Sprachcafé")
    client.get(list_url())

    fragment = client.get(list_url(), headers={"HX-Request": "true"}).content.decode()
    page = client.get(list_url()).content.decode()

    assert "<html" not in fragment
    assert "<html" in page


def test_signed_in_staff_are_never_served_from_the_cache(client):
    OfferFactory(title="Sprachcafé")
    client.get(list_url())
    client.force_login(UserFactory())

    with CaptureQueriesContext(connection) as queries:
        client.get(list_url())

    assert len(queries) > 1


def test_pages_render_when_the_cache_is_down(client, settings):
    OfferFactory(title="Sprachcafé")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    response = client.get(list_url())

    assert response.status_code == 200
    assert "Sprachcafé" in response.content.decode()


# --- Compression and conditional requests ------------------------------------------------


def test_list_is_sent_compressed(client):
    OfferFactory(title="Sprachcafé")

    response = client.get(list_url(), headers={"Accept-Encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.content).decode()
    assert "Sprachcafé" in body
    assert len(response.content) < len(body.encode()) / 3


def test_repeat_view_with_its_etag_gets_304_without_body(client):
    OfferFactory(title="Sprachcafé")
    etag = client.get(list_url(), headers={"Accept-Encoding": "gzip"})["ETag"]

    response = client.get(list_url(), headers={"Accept-Encoding": "gzip", "If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_api_json_is_sent_compressed(client):
    OfferFactory(title="Sprachcafé")

    response = client.get("/api/v1/services", headers={"Accept-Encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert b"Sprachcaf" in gzip.decompress(response.content)
