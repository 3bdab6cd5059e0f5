"""The taxonomy in the admin: names per portal language instead of raw JSON; offers are only
shown there (they are edited and published in the staff area)."""

import pytest
from django.urls import reverse

from kim_portal.models import AuditEvent
from offers.models import Category, Offer, TargetGroup
from tests.factories import UserFactory, totp_activate
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    person = UserFactory(is_staff=True, is_superuser=True)
    totp_activate(person)
    client.force_login(person)
    return client


def _category_form(category, **names):
    data = {"name": category.name, "slug": category.slug, "position": category.position}
    return data | {f"name_{language}": value for language, value in names.items()}


def test_category_names_per_language_are_edited_as_fields(admin_client):
    category = Category.objects.get(slug="wohnen")
    url = reverse("admin:offers_category_change", args=[category.pk])

    page = admin_client.get(url)
    response = admin_client.post(
        url, _category_form(category, en="Housing and flats", ar="السكن", uk="", tr="Konut")
    )

    category.refresh_from_db()
    assert 'name="name_fa"' in page.content.decode()
    assert response.status_code == 302
    assert category.name_translations == {"en": "Housing and flats", "ar": "السكن", "tr": "Konut"}
    assert category.localized_name("uk") == "Wohnen"
    assert AuditEvent.objects.filter(
        action="offers.category.change", object_id=str(category.pk)
    ).exists()


def test_a_new_target_group_can_be_added_with_translations(admin_client):
    response = admin_client.post(
        reverse("admin:offers_targetgroup_add"),
        {"name": "Studierende", "slug": "studierende", "position": 20, "name_en": "Students"},
    )

    assert response.status_code == 302

    assert TargetGroup.objects.get(slug="studierende").name_translations == {"en": "Students"}


def test_offers_are_shown_but_not_changed_in_the_admin(admin_client):
    offer = OfferFactory(title="Nur ansehen")
    url = reverse("admin:offers_offer_change", args=[offer.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"title": "Geändert"})

    offer.refresh_from_db()
    assert page.status_code == 200
    assert "Nur ansehen" in page.content.decode()
    assert response.status_code == 403
    assert offer.title == "Nur ansehen"
    assert admin_client.get(reverse("admin:offers_offer_add")).status_code == 403
    assert Offer.objects.count() == 1
