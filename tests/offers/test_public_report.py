""" "Report as outdated": records an event, notifies the provider's editors, is rate-limited
per client address, ignores bots (honeypot) and keeps the visitor's text on errors."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from kim_portal.models import Reminder
from offers.models import Offer, OfferEvent
from offers.ratelimit import rate_limit_hit
from offers.reminders import OFFER_REPORTED_OUTDATED
from tests.factories import user_with_role
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def report_url(offer):
    return reverse("offers:report", args=[offer.pk])


def detail_url(offer):
    return reverse("offers:detail", args=[offer.pk])


def reports(offer):
    return OfferEvent.objects.filter(offer=offer, action=OfferEvent.Action.REPORTED_OUTDATED)


@pytest.fixture
def offer():
    return OfferFactory(title="Sprachcafé")


def test_report_records_event_and_notifies_the_providers_editors(client, offer):
    editor = user_with_role("provider_editor", organisation=offer.organisation)
    user_with_role("provider_editor")  # another organisation's editor

    response = client.post(report_url(offer), {"message": "Das Café ist jetzt donnerstags."})

    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(offer)}#report"
    event = reports(offer).get()
    assert event.comment == "Das Café ist jetzt donnerstags."
    reminder = Reminder.objects.get(kind=OFFER_REPORTED_OUTDATED)
    assert reminder.recipient == editor
    assert reminder.target_type == ContentType.objects.get_for_model(OfferEvent)
    assert reminder.target_id == str(event.pk)


def test_report_thanks_the_visitor_after_redirect(client, offer):
    response = client.post(report_url(offer), {"message": "Neue Zeiten"}, follow=True)

    assert "Danke! Wir haben den Träger des Angebots benachrichtigt." in response.content.decode()


def test_report_without_message_is_accepted(client, offer):
    client.post(report_url(offer), {"message": ""})

    assert reports(offer).count() == 1


def test_honeypot_filled_in_records_nothing_but_answers_alike(client, offer):
    user_with_role("provider_editor", organisation=offer.organisation)

    response = client.post(
        report_url(offer), {"message": "Buy now", "website": "https://spam.example"}
    )

    assert response.status_code == 302
    assert not reports(offer).exists()
    assert not Reminder.objects.exists()


def test_too_long_message_is_refused_and_kept_in_the_form(client, offer):
    message = "Die Zeiten stimmen nicht. " + "x" * 1000

    response = client.post(report_url(offer), {"message": message})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Bitte kürzer fassen: höchstens 1000 Zeichen" in body
    assert message in body  # nothing lost: still in the textarea
    assert '<details class="offers-report__details" open>' in body
    assert not reports(offer).exists()


def test_message_of_exactly_1000_characters_is_accepted(client, offer):
    client.post(report_url(offer), {"message": "x" * 1000})

    assert reports(offer).count() == 1


def test_fourth_report_within_an_hour_is_refused_with_429(client, offer):
    for n in range(3):
        assert client.post(report_url(offer), {"message": f"Meldung {n}"}).status_code == 302

    response = client.post(report_url(offer), {"message": "Meldung 4"})

    body = response.content.decode()
    assert response.status_code == 429
    assert "Bitte später noch einmal" in body
    assert "Meldung 4" in body
    assert reports(offer).count() == 3


def test_hourly_limit_is_per_offer(client, offer):
    other = OfferFactory()
    for _ in range(3):
        client.post(report_url(offer), {"message": "a"})

    assert client.post(report_url(other), {"message": "b"}).status_code == 302


def test_hourly_limit_is_per_client_address(client, offer):
    for _ in range(3):
        client.post(report_url(offer), {"message": "a"}, REMOTE_ADDR="198.51.100.1")

    response = client.post(report_url(offer), {"message": "b"}, REMOTE_ADDR="198.51.100.2")

    assert response.status_code == 302


def test_twenty_first_report_of_a_day_is_refused(client):
    offers = [OfferFactory() for _ in range(7)]
    for n in range(20):
        response = client.post(report_url(offers[n // 3]), {"message": str(n)})
        assert response.status_code == 302, n

    response = client.post(report_url(offers[6]), {"message": "21"})

    assert response.status_code == 429
    assert OfferEvent.objects.filter(action=OfferEvent.Action.REPORTED_OUTDATED).count() == 20


def test_limit_window_ends_after_its_period():
    # The real Redis expiry, with a one-second window.
    assert not rate_limit_hit("tests:report-window", limit=1, period=1)
    assert rate_limit_hit("tests:report-window", limit=1, period=1)
    time.sleep(1.2)

    assert not rate_limit_hit("tests:report-window", limit=1, period=1)


def test_report_for_offer_that_is_not_public_is_404(client):
    draft = OfferFactory(status=Offer.Status.DRAFT)

    assert client.post(report_url(draft), {"message": "x"}).status_code == 404
    assert not reports(draft).exists()


def test_report_page_by_get_leads_to_the_form(client, offer):
    response = client.get(report_url(offer))

    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(offer)}#report"


def test_report_needs_csrf_token(offer):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(report_url(offer), {"message": "x"})

    assert response.status_code == 403
    assert not reports(offer).exists()


def test_report_form_has_honeypot_hidden_from_people(client, offer):
    body = client.get(detail_url(offer)).content.decode()

    assert '<div class="offers-hp" aria-hidden="true">' in body
    assert 'name="website"' in body
    assert 'tabindex="-1"' in body
