"""Security headers on a public page, a staff page and the API: a Content Security Policy
without inline scripts that forbids framing, nosniff, a referrer policy, X-Frame-Options;
in production settings (a fresh process with DEBUG off) HSTS, and session, CSRF and
language cookies that are Secure, HttpOnly where scripts have no business with them, and
SameSite."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.cases.factories import case_manager
from tests.security.conftest import with_mfa

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def _csp(response) -> dict[str, list[str]]:
    """The policy as {directive: [sources]}."""
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


@pytest.fixture
def answers(client):
    """One answer of each kind: public page, staff page (a case manager with TOTP), API."""
    staff = Client()
    staff.force_login(with_mfa(case_manager()))
    return {
        "public": client.get(reverse("offers:list")),
        "staff": staff.get(reverse("cases:caseload")),
        "api": client.get(reverse("offers_api:services")),
    }


KINDS = ("public", "staff", "api")


@pytest.mark.parametrize("kind", KINDS)
def test_the_answer_is_a_normal_page(answers, kind):
    assert answers[kind].status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_scripts_come_only_from_the_site_itself(answers, kind):
    policy = _csp(answers[kind])
    scripts = policy.get("script-src", policy["default-src"])

    assert scripts == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("script-src-attr", [])
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_may_be_framed(answers, kind):
    assert _csp(answers[kind])["frame-ancestors"] == ["'none'"]
    assert answers[kind]["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("kind", KINDS)
def test_content_types_are_not_sniffed_and_referrers_stay_on_the_site(answers, kind):
    assert answers[kind]["X-Content-Type-Options"] == "nosniff"
    assert answers[kind]["Referrer-Policy"] == "same-origin"
    assert answers[kind]["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("kind", KINDS)
def test_browser_features_the_portal_never_uses_are_switched_off(answers, kind):
    policy = answers[kind]["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


# --- Production settings --------------------------------------------------------------------

# Runs in a fresh process with production settings: a GET of the login page over HTTPS
# (sets the CSRF cookie), a language switch (sets the language cookie), and a session
# written through the session store's cookie settings; prints what the browser would get.
PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.conf import settings
# Hashed static names need collectstatic's manifest; the probe is about headers and cookies.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="kim.example.org")
answer = {}
plain = client.get("/de/accounts/login/")
answer["plain_http"] = [plain.status_code, plain.get("Location", "")]
secure = client.get("/healthz", secure=True)
answer["hsts"] = secure.get("Strict-Transport-Security", "")
login = client.get("/de/accounts/login/", secure=True)
answer["login_status"] = login.status_code
language = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True,
                       HTTP_REFERER="https://kim.example.org/")
answer["cookies"] = {
    name: {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
           "samesite": morsel["samesite"]}
    for name, morsel in client.cookies.items()
}
answer["session"] = {"secure": settings.SESSION_COOKIE_SECURE,
                     "httponly": settings.SESSION_COOKIE_HTTPONLY,
                     "samesite": settings.SESSION_COOKIE_SAMESITE}
print(json.dumps(answer))
"""


@pytest.fixture(scope="module")
def production():
    environment = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "kim_portal.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "production-probe-" + "x" * 50,
        "ALLOWED_HOSTS": "kim.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres:///kim_portal"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "PYTHONPATH": str(BASE_DIR),
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production):
    status, location = production["plain_http"]

    assert status == 301
    assert location.startswith("https://kim.example.org/")


def test_production_sends_hsts_for_a_year_with_subdomains(production):
    directives = [part.strip() for part in production["hsts"].split(";")]

    assert "max-age=31536000" in directives
    assert "includeSubDomains" in directives


def test_production_csrf_cookie_is_secure_and_samesite(production):
    csrf = production["cookies"]["csrftoken"]

    assert production["login_status"] == 200
    assert csrf["secure"]
    assert csrf["samesite"] in {"Lax", "Strict"}


def test_production_language_cookie_is_secure(production):
    assert production["cookies"]["django_language"]["secure"]
    assert production["cookies"]["django_language"]["samesite"] == "Lax"


def test_production_session_cookie_is_secure_httponly_and_samesite(production):
    assert production["session"] == {"secure": True, "httponly": True, "samesite": "Lax"}
