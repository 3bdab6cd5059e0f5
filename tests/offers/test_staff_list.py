"""The staff list: what it shows per offer (status, open revision, translation state,
last review) and that its queries do not grow with the number of offers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer, OfferRevision
from tests.factories import OrganisationFactory
from tests.offers.factories import OfferFactory, OfferTranslationFactory
from tests.offers.test_staff_support import coordinator, editor_of

pytestmark = pytest.mark.django_db


def _offers(organisation, count):
    """Offers with what the list shows: translations, an open revision, places."""
    for number in range(count):
        offer = OfferFactory(
            organisation=organisation, title=f"Angebot {number:03}", towns=["Iserlohn"]
        )
        OfferTranslationFactory(offer=offer, language="en")
        OfferTranslationFactory(offer=offer, language="ar")
        OfferRevision.objects.create(offer=offer, data={"title": "Neu"})


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["editor", "coordinator"])
def test_list_queries_do_not_grow_with_the_offers(client, persona, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    client.force_login(editor_of(organisation) if persona == "editor" else coordinator())
    url = reverse("offers:staff_list")
    _offers(organisation, 2)
    few = _queries(client, url)

    _offers(organisation, 20)
    with django_assert_max_num_queries(few):
        response = client.get(url)

    assert len(response.context["rows"]) == 22


def test_review_queue_and_history_queries_do_not_grow(client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    client.force_login(coordinator())
    offer = OfferFactory(organisation=organisation)
    offer.events.create(action="created", changes={"title": [None, "x"]})
    _offers(organisation, 2)
    OfferRevision.objects.update(status=OfferRevision.Status.IN_REVIEW, submitted_at=timezone.now())
    queue = reverse("offers:staff_review_queue")
    history = reverse("offers:staff_history", args=[offer.pk])
    few_queue, few_history = _queries(client, queue), _queries(client, history)

    _offers(organisation, 15)
    OfferRevision.objects.update(status=OfferRevision.Status.IN_REVIEW, submitted_at=timezone.now())
    for number in range(15):
        offer.events.create(action="edited", changes={"title": [str(number), "x"]})

    with django_assert_max_num_queries(few_queue):
        client.get(queue)
    with django_assert_max_num_queries(few_history):
        client.get(history)


def test_list_shows_the_translation_state_per_language(client):
    offer = OfferFactory(title="Beratung", source_revision=3)
    OfferTranslationFactory(offer=offer, language="en", source_revision=3)
    OfferTranslationFactory(offer=offer, language="ar", source_revision=2)
    client.force_login(editor_of(offer.organisation))

    response = client.get(reverse("offers:staff_list"))

    states = {t.language: t.state for t in response.context["rows"][0].translations}
    assert states == {
        "en": "current",
        "ar": "outdated",
        "uk": "missing",
        "tr": "missing",
        "ru": "missing",
        "fa": "missing",
    }


def test_list_shows_status_open_revision_and_due_review(client):
    organisation = OrganisationFactory()
    OfferFactory(
        organisation=organisation,
        title="A – lange nicht geprüft",
        last_reviewed_at=timezone.now() - timedelta(days=181),
    )
    fresh = OfferFactory(organisation=organisation, title="B – frisch geprüft")
    OfferRevision.objects.create(
        offer=fresh, data={}, status=OfferRevision.Status.IN_REVIEW, submitted_at=timezone.now()
    )
    OfferFactory(organisation=organisation, title="C – Entwurf", status=Offer.Status.DRAFT)
    client.force_login(editor_of(organisation))

    response = client.get(reverse("offers:staff_list"))

    rows = {
        row.offer.title: (row.offer.status, row.revision and row.revision.status, row.review_due)
        for row in response.context["rows"]
    }
    assert rows == {
        "A – lange nicht geprüft": ("published", None, True),
        "B – frisch geprüft": ("published", "in_review", False),
        "C – Entwurf": ("draft", None, False),
    }
    assert "Prüfung fällig" in response.content.decode()


def test_list_pages_keep_the_filter(client):
    organisation = OrganisationFactory()
    _offers(organisation, 30)
    client.force_login(coordinator())

    response = client.get(
        reverse("offers:staff_list"), {"organisation": organisation.pk, "status": "published"}
    )

    assert response.context["page"].paginator.count == 30
    assert (
        f'href="?organisation={organisation.pk}&amp;status=published&amp;page=2"'
        in response.content.decode()
    )
