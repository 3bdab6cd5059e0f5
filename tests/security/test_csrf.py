"""CSRF: every state-changing route (every POST row of the authorisation matrix, so a new
route is covered automatically) refuses a request without a CSRF token with a 403 — sent
by a logged-in persona who *may* use the route, through a client that enforces the checks
as a browser-driven attack would meet them. A few routes with complete, valid form data
show that nothing was written."""

from http.cookies import SimpleCookie

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import ContactLogEntry
from kim_portal.models import Reminder
from offers.models import Offer
from steering.models import Hurdle
from tests.offers.test_staff_support import NEW_OFFER
from tests.security.conftest import REQUEST_DATA, fetch, url_routes
from tests.security.test_authorisation_matrix import EXPECTED

pytestmark = pytest.mark.django_db

ROUTES = url_routes()
POST_ROUTES = sorted(key for key in ROUTES if "POST" in EXPECTED.get(key, {}))
# Answers meaning the persona may not use the route at all.
KEPT_OUT = {"log", "mfa", "adm", "rea", "403", "404", "405"}
# Whom to send, in this order: the first persona the matrix lets through.
PREFERENCE = ("cm", "lead", "coord", "chair", "memb", "prov", "super", "anon")
CSRF_PAGE = "Das Formular ist abgelaufen"


def persona_for(key: str) -> str | None:
    allowed = EXPECTED[key]["POST"]
    return next((p for p in PREFERENCE if allowed[p] not in KEPT_OUT), None)


def _guarded(client: Client) -> Client:
    """A client with the same session that enforces CSRF checks like a browser meets them."""
    guarded = Client(enforce_csrf_checks=True, raise_request_exception=False)
    guarded.cookies = SimpleCookie(client.cookies)
    return guarded


@pytest.fixture(scope="module")
def forged(world):
    """The world, its personas' clients swapped for ones that enforce CSRF checks."""
    world.clients = {persona: _guarded(client) for persona, client in world.clients.items()}
    return world


def test_there_are_state_changing_routes_and_each_has_a_persona_who_may_use_it():
    nobody = [key for key in POST_ROUTES if persona_for(key) is None]

    assert len(POST_ROUTES) > 100
    assert nobody == []


@pytest.mark.parametrize("key", POST_ROUTES)
def test_a_post_without_csrf_token_is_refused(forged, key):
    persona = persona_for(key)

    answer = fetch(forged, persona, ROUTES[key], "POST")

    assert answer.status == 403, f"{persona}: {answer.outcome}"
    assert CSRF_PAGE in answer.body.decode(), "refused, but not by the CSRF check"


def test_the_request_data_table_names_post_routes_only():
    assert {key for key, method in REQUEST_DATA if method == "POST"} <= set(POST_ROUTES)


# --- Nothing written ------------------------------------------------------------------------


def _post(forged, persona: str, url: str, data: dict):
    client = forged.clients[persona]
    response = client.post(url, data)
    client.cookies = SimpleCookie(forged.cookies[persona])
    return response


def test_a_forged_contact_log_entry_is_not_saved(forged):
    case = forged.objects["case"]
    before = ContactLogEntry._unscoped.filter(case_id=case).count()
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "25",
        "mode": "phone",
        "note": "Untergeschobene Notiz",
    }

    response = _post(forged, "cm", reverse("cases:contact_new", args=[case]), data)

    assert response.status_code == 403
    assert ContactLogEntry._unscoped.filter(case_id=case).count() == before


def test_a_forged_offer_is_not_created(forged):
    before = Offer.objects.count()

    response = _post(forged, "prov", reverse("offers:staff_create"), NEW_OFFER)

    assert response.status_code == 403
    assert Offer.objects.count() == before


def test_a_forged_hurdle_is_not_created(forged):
    data = {"title": "Untergeschobene Hürde", "domain": "housing", "description": "x"}

    response = _post(forged, "coord", reverse("steering:hurdle_create"), data)

    assert response.status_code == 403
    assert not Hurdle.objects.filter(title="Untergeschobene Hürde").exists()


def test_forged_mark_all_read_leaves_notifications_unread(forged):
    user = forged.users["cm"]
    unread = Reminder.objects.filter(recipient=user, read_at=None).count()

    response = _post(forged, "cm", reverse("notification_read_all"), {})

    assert unread > 0
    assert response.status_code == 403
    assert Reminder.objects.filter(recipient=user, read_at=None).count() == unread


def test_a_forged_logout_keeps_the_session(forged):
    client = forged.clients["cm"]

    refused = client.post(reverse("account_logout"))
    after = client.get(reverse("staff_home"))

    assert refused.status_code == 403
    assert after.status_code == 200
    assert after.wsgi_request.user == forged.users["cm"]
