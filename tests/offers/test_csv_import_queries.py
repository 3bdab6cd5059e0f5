"""What a CSV import costs in database queries: a fixed number per changed row, whatever
the file's size, and none for rows that change nothing. Offers, open revisions, places,
terms and towns are read once per import (``offers.csv_io._Lookups``).

Per changed row, all in the staff services an edit goes through
(``offers.services.offer_content_save``): a published offer 14 — savepoint and release,
locking offer and open revision (2), reading the offer afresh (7), the revision, its event
and the audit record; a draft, changed in place, 14 more for writing offer, terms, place
and contact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers.csv_io import offers_import
from tests.factories import OrganisationFactory, user_with_role
from tests.offers.csv_support import csv_text
from tests.offers.factories import ContactFactory, OfferFactory

pytestmark = pytest.mark.django_db

PUBLISHED_ROW_QUERIES = 14
DRAFT_ROW_QUERIES = 28


@pytest.fixture
def editor():
    return user_with_role("provider_editor", organisation=OrganisationFactory())


def _offers(editor, count: int, status: str) -> list:
    offers = []
    for _ in range(count):
        offer = OfferFactory(organisation=editor.organisation, status=status, towns=["Iserlohn"])
        ContactFactory(offer=offer)
        offers.append(offer)
    return offers


def _changed_rows(offers) -> list[dict]:
    """New title, terms, languages, place and contact for each offer."""
    return [
        {
            "id": offer.pk,
            "title": f"{offer.title} (neu)",
            "categories": "sprache",
            "languages": "de|ar",
            "location_name": f"Treffpunkt {offer.pk}",
            "street": "Neue Straße 1",
            "postal_code": "58675",
            "municipality": "Hemer",
            "contact_name": "Beratungsteam",
            "contact_phone": "02372 000",
        }
        for offer in offers
    ]


def _unchanged_rows(offers) -> list[dict]:
    return [{"id": offer.pk, "title": offer.title} for offer in offers]


def _import_queries(editor, rows: list[dict]) -> int:
    text = csv_text(rows, columns=list(rows[0]))
    with CaptureQueriesContext(connection) as queries:
        result = offers_import(user=editor, text=text)
    assert result.errors == []
    return len(queries)


def _extra_queries_for_four_more_rows(editor, status: str, rows) -> int:
    _import_queries(editor, rows(_offers(editor, 1, status)))  # warm caches (permissions)
    two = _import_queries(editor, rows(_offers(editor, 2, status)))
    six = _import_queries(editor, rows(_offers(editor, 6, status)))
    return six - two


def test_each_changed_published_offer_costs_the_same_few_queries(editor):
    extra = _extra_queries_for_four_more_rows(editor, "published", _changed_rows)

    assert extra == 4 * PUBLISHED_ROW_QUERIES


def test_each_changed_draft_costs_the_same_few_queries(editor):
    extra = _extra_queries_for_four_more_rows(editor, "draft", _changed_rows)

    assert extra == 4 * DRAFT_ROW_QUERIES


def test_rows_that_change_nothing_cost_no_queries(editor):
    extra = _extra_queries_for_four_more_rows(editor, "published", _unchanged_rows)

    assert extra == 0
