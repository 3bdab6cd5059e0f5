"""Who may reach the staff pages of the catalogue: provider editors their organisation's
offers only (404 for others', also by guessing ids), the coordinator everything (with MFA),
everybody else nothing."""

import pytest
from django.urls import reverse

from kim_portal.models import AuditEvent
from offers.models import Location, Offer, OfferEvent, OfferRevision
from tests.factories import OrganisationFactory, totp_activate, user_with_role
from tests.offers.factories import LocationFactory, OfferFactory, OfferLocationFactory
from tests.offers.test_staff_support import coordinator, editor_of, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_offer():
    return OfferFactory(title="Eigenes Angebot", towns=["Iserlohn"], categories=["sprache"])


@pytest.fixture
def foreign_offer():
    return OfferFactory(title="Fremdes Angebot", towns=["Altena"], categories=["beratung"])


def _offer_urls(offer):
    return [
        reverse("offers:staff_edit", args=[offer.pk]),
        reverse("offers:staff_edit", args=[offer.pk]) + "?section=translations",
        reverse("offers:staff_history", args=[offer.pk]),
    ]


def _all_urls(offer, revision):
    return [
        reverse("offers:staff_list"),
        reverse("offers:staff_create"),
        *_offer_urls(offer),
        reverse("offers:staff_review_queue"),
        reverse("offers:staff_review", args=[revision.pk]),
    ]


def _revision_in_review(offer):
    return OfferRevision.objects.create(
        offer=offer, data={"title": "Neu"}, status=OfferRevision.Status.IN_REVIEW
    )


def test_anonymous_visitor_is_sent_to_the_login_from_every_staff_page(client, own_offer):
    revision = _revision_in_review(own_offer)

    responses = [client.get(url) for url in _all_urls(own_offer, revision)]

    assert [r.status_code for r in responses] == [302] * len(responses)
    assert all(reverse("account_login") in r["Location"] for r in responses)


@pytest.mark.parametrize("role", ["steering_member", "case_manager", "steering_chair"])
def test_staff_without_an_offer_role_get_403_everywhere(client, own_offer, role):
    person = user_with_role(role)
    totp_activate(person)
    client.force_login(person)
    revision = _revision_in_review(own_offer)

    responses = [client.get(url) for url in _all_urls(own_offer, revision)]

    assert [r.status_code for r in responses] == [403] * len(responses)


def test_editor_lists_only_the_offers_of_their_own_organisation(client, own_offer, foreign_offer):
    client.force_login(editor_of(own_offer.organisation))

    response = client.get(reverse("offers:staff_list"))

    titles = [row.offer.title for row in response.context["rows"]]
    assert titles == ["Eigenes Angebot"]


def test_editor_gets_404_for_every_page_of_another_organisations_offer(
    client, own_offer, foreign_offer
):
    client.force_login(editor_of(own_offer.organisation))

    responses = [client.get(url) for url in _offer_urls(foreign_offer)]

    assert [r.status_code for r in responses] == [404] * len(responses)


def test_editor_cannot_change_another_organisations_offer_by_posting_to_its_url(
    client, own_offer, foreign_offer
):
    editor = editor_of(own_offer.organisation)
    client.force_login(editor)
    # A complete, valid form taken from the editor's own offer, sent to the other one.
    data = form_data(client.get(reverse("offers:staff_edit", args=[own_offer.pk])))
    data["title"] = "Übernommen"

    edit = client.post(reverse("offers:staff_edit", args=[foreign_offer.pk]), data)
    submit = client.post(reverse("offers:staff_submit", args=[foreign_offer.pk]))
    review = client.post(
        reverse("offers:staff_edit", args=[foreign_offer.pk]), {"action": "mark_reviewed"}
    )

    foreign_offer.refresh_from_db()
    assert (edit.status_code, submit.status_code, review.status_code) == (404, 404, 404)
    assert foreign_offer.title == "Fremdes Angebot"
    assert not OfferRevision.objects.filter(offer=foreign_offer).exists()
    assert not OfferEvent.objects.filter(offer=foreign_offer).exists()


def test_editor_cannot_see_another_organisations_revision_in_review(
    client, own_offer, foreign_offer
):
    revision = _revision_in_review(foreign_offer)
    client.force_login(editor_of(own_offer.organisation))

    queue = client.get(reverse("offers:staff_review_queue"))
    review = client.get(reverse("offers:staff_review", args=[revision.pk]))
    publish = client.post(reverse("offers:staff_review", args=[revision.pk]), {"action": "publish"})

    revision.refresh_from_db()
    assert (queue.status_code, review.status_code, publish.status_code) == (403, 403, 403)
    assert revision.status == OfferRevision.Status.IN_REVIEW


def test_editor_cannot_take_over_another_organisations_place_by_its_id(
    client, own_offer, foreign_offer
):
    foreign_place = foreign_offer.offer_locations.get().location
    client.force_login(editor_of(own_offer.organisation))
    own_offer.status = Offer.Status.DRAFT  # edited in place: the places change at once
    own_offer.save(update_fields=["status"])
    page = client.get(reverse("offers:staff_edit", args=[own_offer.pk]))
    data = form_data(page)
    data["locations-0-location_id"] = str(foreign_place.pk)
    data["locations-0-name"] = "Gekapert"

    response = client.post(reverse("offers:staff_edit", args=[own_offer.pk]), data)

    foreign_place.refresh_from_db()
    own_place = own_offer.offer_locations.get().location
    assert response.status_code == 302
    assert foreign_place.name != "Gekapert"
    assert foreign_place.organisation_id == foreign_offer.organisation_id
    assert own_place.name == "Gekapert"
    assert own_place.organisation_id == own_offer.organisation_id


def test_editor_cannot_link_another_organisations_place_by_its_id(client, own_offer, foreign_offer):
    foreign_place = foreign_offer.offer_locations.get().location
    client.force_login(editor_of(own_offer.organisation))
    Offer.objects.filter(pk=own_offer.pk).update(status=Offer.Status.DRAFT)
    data = form_data(client.get(reverse("offers:staff_edit", args=[own_offer.pk])))
    # The other provider's place, with its address exactly as it is.
    data |= {
        "locations-0-location_id": str(foreign_place.pk),
        "locations-0-name": foreign_place.name,
        "locations-0-street": foreign_place.street,
        "locations-0-postal_code": foreign_place.postal_code,
        "locations-0-municipality": foreign_place.municipality.ags,
    }

    client.post(reverse("offers:staff_edit", args=[own_offer.pk]), data)

    own_place = own_offer.offer_locations.get().location
    assert own_place != foreign_place
    assert own_place.organisation_id == own_offer.organisation_id
    assert foreign_place.offer_locations.count() == 1


def test_editor_without_an_organisation_can_neither_create_nor_list_offers(client, own_offer):
    person = user_with_role("provider_editor", organisation=None)
    client.force_login(person)

    listing = client.get(reverse("offers:staff_list"))
    create = client.get(reverse("offers:staff_create"))

    assert listing.status_code == 200
    assert listing.context["rows"] == []
    assert create.status_code == 403


def test_coordinator_without_mfa_is_held_before_the_review_and_cannot_publish(client, own_offer):
    revision = _revision_in_review(own_offer)
    client.force_login(user_with_role("coordinator"))

    page = client.get(reverse("offers:staff_review", args=[revision.pk]))
    publish = client.post(reverse("offers:staff_review", args=[revision.pk]), {"action": "publish"})

    revision.refresh_from_db()
    assert page.status_code == publish.status_code == 302
    assert publish["Location"] == reverse("mfa_activate_totp")
    assert revision.status == OfferRevision.Status.IN_REVIEW


def test_coordinator_sees_offers_of_all_organisations_and_filters_by_one(
    client, own_offer, foreign_offer
):
    client.force_login(coordinator())

    everything = client.get(reverse("offers:staff_list"))
    filtered = client.get(
        reverse("offers:staff_list"), {"organisation": foreign_offer.organisation_id}
    )

    assert {row.offer.title for row in everything.context["rows"]} == {
        "Eigenes Angebot",
        "Fremdes Angebot",
    }
    assert [row.offer.title for row in filtered.context["rows"]] == ["Fremdes Angebot"]


def test_coordinator_filters_the_list_by_status(client, own_offer, foreign_offer):
    Offer.objects.filter(pk=foreign_offer.pk).update(status=Offer.Status.DRAFT)
    client.force_login(coordinator())

    response = client.get(reverse("offers:staff_list"), {"status": "draft"})

    assert [row.offer.title for row in response.context["rows"]] == ["Fremdes Angebot"]


def test_editor_cannot_filter_their_way_to_another_organisation(client, own_offer, foreign_offer):
    client.force_login(editor_of(own_offer.organisation))

    response = client.get(
        reverse("offers:staff_list"), {"organisation": foreign_offer.organisation_id}
    )

    assert [row.offer.title for row in response.context["rows"]] == ["Eigenes Angebot"]


def test_garbage_in_the_list_filter_is_ignored_not_a_500(client, own_offer):
    client.force_login(coordinator())

    response = client.get(
        reverse("offers:staff_list"), {"organisation": "x'; DROP", "status": "??", "page": "-1"}
    )

    assert response.status_code == 200
    assert [row.offer.title for row in response.context["rows"]] == ["Eigenes Angebot"]


def test_reading_pages_writes_nothing(client, own_offer):
    client.force_login(editor_of(own_offer.organisation))
    before = AuditEvent.objects.count()

    for url in _offer_urls(own_offer):
        client.get(url)

    assert AuditEvent.objects.count() == before
    assert not OfferRevision.objects.exists()


def test_a_shared_place_of_the_own_organisation_may_be_kept(client):
    organisation = OrganisationFactory()
    place = LocationFactory(organisation=organisation, name="Gemeinsamer Ort")
    first = OfferLocationFactory(
        offer=OfferFactory(organisation=organisation, status=Offer.Status.DRAFT), location=place
    ).offer
    OfferLocationFactory(offer=OfferFactory(organisation=organisation), location=place)
    client.force_login(editor_of(organisation))
    data = form_data(client.get(reverse("offers:staff_edit", args=[first.pk])))
    data["categories"] = ["beratung"]

    response = client.post(reverse("offers:staff_edit", args=[first.pk]), data)

    assert response.status_code == 302
    assert first.offer_locations.get().location_id == place.pk
    assert Location.objects.count() == 1
