"""Health endpoints for the load balancer, and bad input answered with 4xx pages."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_database_and_redis_ok(client):
    response = client.get("/readyz")

    checks = response.json()["checks"]
    assert response.status_code == 200
    assert (checks["database"]["ok"], checks["redis"]["ok"]) == (True, True)


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_readyz_answers_503_when_redis_is_unreachable(client):
    response = client.get("/readyz")

    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["redis"]["ok"] is False
    assert checks["database"]["ok"] is True


def test_unknown_language_prefix_is_404(client):
    response = client.get("/xx/")

    assert response.status_code == 404


@pytest.mark.parametrize("enforce_csrf_checks", [False, True])
def test_oversized_post_to_the_login_page_is_refused_with_400(enforce_csrf_checks):
    # With CSRF checks on, the CSRF middleware is the first to read the body.
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    token = client.get("/de/accounts/login/").context["csrf_token"]

    response = client.post(
        "/de/accounts/login/",
        {
            "csrfmiddlewaretoken": str(token),
            "login": "a@example.org",
            "password": "x" * (3 * 1024 * 1024),
        },
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("prefix", "html_tag"),
    [
        ("ar", '<html lang="ar" dir="rtl">'),
        ("fa", '<html lang="fa" dir="rtl">'),
        ("de", '<html lang="de" dir="ltr">'),
    ],
)
def test_404_page_has_the_languages_direction(client, prefix, html_tag):
    response = client.get(f"/{prefix}/gibt-es-nicht/")

    assert response.status_code == 404
    assert html_tag in response.content.decode()


def test_404_page_is_the_portals_own(client):
    response = client.get("/de/gibt-es-nicht/")

    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_response_carries_a_request_id(client):
    response = client.get("/healthz")

    assert len(response["X-Request-ID"]) == 32


def test_sane_request_id_from_the_proxy_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-req-12345678"})

    assert response["X-Request-ID"] == "proxy-req-12345678"


def test_request_id_that_could_forge_log_lines_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc\\ndef; evil=1 payload"})

    assert response["X-Request-ID"] != "abc\\ndef; evil=1 payload"


@pytest.mark.urls("tests.kim_portal.urls_database_away")
def test_a_request_that_meets_the_database_away_gets_503_with_retry_after(client):
    client.raise_request_exception = False

    response = client.get("/database-away/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "gleich wieder da" in response.content.decode()


@pytest.mark.urls("tests.kim_portal.urls_database_away")
def test_any_other_error_is_still_a_500(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Serverfehler" in response.content.decode()
