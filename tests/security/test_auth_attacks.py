"""Attacks on logging in and on uploads: brute force across many accounts from one address
is stopped by the per-address limit (the per-account lock is in
tests/kim_portal/test_login_rate_limit.py), also when the e-mail's case is varied; a
``next=`` (or Referer) pointing elsewhere never sends anyone off the site; the session key
changes at login (no fixation); steering papers that are too big, of a type not allowed, or
whose content does not match their name are refused with a clear error and not stored."""

from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from steering.models import File
from tests.factories import PASSWORD, UserFactory
from tests.kim_portal.helpers import login_with_password
from tests.steering.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _error_codes(response) -> set[str]:
    return {
        error.code
        for errors in response.context["form"].errors.as_data().values()
        for error in errors
    }


def _member(**kwargs):
    return UserFactory(roles=["steering_member"], **kwargs)


# --- Brute force ----------------------------------------------------------------------------


def test_ten_failed_logins_for_different_accounts_block_the_address(client):
    victims = [_member() for _ in range(10)]
    for victim in victims:
        login_with_password(client, victim.email, "falsches-passwort")
    person = _member()

    response = login_with_password(client, person.email)

    assert response.status_code == 200
    assert "too_many_login_attempts" in _error_codes(response)
    assert "_auth_user_id" not in client.session


def test_the_address_limit_does_not_lock_out_other_addresses(client):
    for victim in [_member() for _ in range(10)]:
        login_with_password(client, victim.email, "falsches-passwort")
    person = _member()

    response = client.post(
        reverse("account_login"),
        {"login": person.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_varying_the_case_of_the_email_does_not_reset_the_account_lock(client):
    person = _member(email="lena.beispiel@example.org")
    variants = [
        "LENA.BEISPIEL@EXAMPLE.ORG",
        "Lena.Beispiel@example.org",
        "lena.beispiel@EXAMPLE.org",
        "lEnA.bEiSpIeL@example.org",
        "lena.beispiel@example.ORG",
    ]
    for variant in variants:
        client.post(
            reverse("account_login"),
            {"login": variant, "password": "falsches-passwort"},
            REMOTE_ADDR=f"198.51.100.{len(variant) + variants.index(variant)}",
        )

    response = client.post(
        reverse("account_login"),
        {"login": person.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )

    assert "too_many_login_attempts" in _error_codes(response)
    assert "_auth_user_id" not in client.session


# --- Open redirects -------------------------------------------------------------------------

HOSTILE_NEXT = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "\\/evil.example",
    "https:evil.example",
    "https://testserver@evil.example/",
    "https://evil.example\\@testserver/",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%2F%2Fevil.example",
    "/\tevil.example",
    "https://evil.example%00.testserver/",
]


def _stays_on_site(location: str) -> bool:
    """Whether a browser following ``location`` stays on the site."""
    # Browsers drop tabs and newlines and read backslashes as slashes in URLs.
    normalised = location.strip().replace("\\", "/").replace("\t", "").replace("\n", "")
    parts = urlsplit(normalised)
    if parts.scheme:
        # "https:evil.example" leaves an http page for the host evil.example.
        return parts.scheme in {"http", "https"} and parts.netloc == "testserver"
    if normalised.startswith("//"):
        return False
    return parts.netloc in {"", "testserver"}


def test_the_site_check_recognises_the_hostile_targets():
    assert not any(_stays_on_site(target) for target in HOSTILE_NEXT[:14])
    assert _stays_on_site("/de/staff/")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(client, target):
    person = _member()

    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_page_of_a_logged_in_person_never_redirects_off_site(client, target):
    client.force_login(_member())

    response = client.get(reverse("account_login"), {"next": target})

    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_logout_never_redirects_off_site(client, target):
    client.force_login(_member())

    response = client.post(reverse("account_logout"), {"next": target})

    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_switching_language_never_redirects_off_site(client, target, method):
    response = getattr(client, method)(reverse("set_language"), {"language": "en", "next": target})

    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]


def test_switching_language_ignores_a_foreign_referer(client):
    response = client.post(
        reverse("set_language"), {"language": "en"}, HTTP_REFERER="https://evil.example/x"
    )

    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]


# --- Session fixation -----------------------------------------------------------------------


def test_a_session_key_planted_before_login_is_not_the_one_after(client):
    person = _member()
    client.get(reverse("account_login"))
    session = client.session
    session["planted"] = "vom Angreifer"
    session.save()
    planted = session.session_key

    response = login_with_password(client, person.email)

    assert response.status_code == 302
    assert client.session.session_key != planted
    assert client.session["_auth_user_id"] == str(person.pk)


def _session_has_user(key: str) -> bool:
    return "_auth_user_id" in SessionStore(session_key=key).load()


def test_the_old_session_key_does_not_log_anyone_in(client):
    person = _member()
    client.get(reverse("account_login"))
    session = client.session
    session.save()
    planted = session.session_key
    login_with_password(client, person.email)

    assert not _session_has_user(planted)


def test_logout_ends_the_session_on_the_server(client):
    person = _member()
    login_with_password(client, person.email)
    key = client.session.session_key

    client.post(reverse("account_logout"))

    assert not _session_has_user(key)


# --- Uploads of steering papers -------------------------------------------------------------

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64

REFUSED_UPLOADS = {
    "html named .pdf": ("Bericht.pdf", HTML, "application/pdf", "Inhalt"),
    "exe named .pdf": ("Bericht.pdf", EXE, "application/pdf", "Inhalt"),
    "png named .pdf": ("Bericht.pdf", PNG_BYTES, "application/pdf", "Inhalt"),
    "svg named .png": ("Grafik.png", SVG, "image/png", "Inhalt"),
    "pdf named .html": ("Bericht.html", PDF_BYTES, "application/pdf", "Erlaubt"),
    "svg": ("Grafik.svg", SVG, "image/svg+xml", "Erlaubt"),
    "html": ("Seite.html", HTML, "text/html", "Erlaubt"),
    "exe": ("setup.exe", EXE, "application/octet-stream", "Erlaubt"),
    "double extension": ("Bericht.pdf.html", HTML, "application/pdf", "Erlaubt"),
    "no extension": ("Bericht", PDF_BYTES, "application/pdf", "Erlaubt"),
    "empty": ("Leer.pdf", b"", "application/pdf", "leer"),
}


def _upload(world, name: str, content: bytes, content_type: str):
    client = world.clients["coord"]
    # A planned meeting of the world's steering group: papers can still be added.
    meeting = MeetingFactory(body_id=world.objects["body"]).pk
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(
        reverse("steering:file_upload", args=[meeting]),
        {"paper-file": upload, "paper-name": "Unterlage Angriff"},
    )


def test_a_real_pdf_is_accepted(world):
    response = _upload(world, "Bericht.pdf", PDF_BYTES, "application/pdf")

    assert response.status_code == 302
    assert File.objects.filter(name="Unterlage Angriff").exists()


@pytest.mark.parametrize("case", list(REFUSED_UPLOADS))
def test_a_mislabelled_or_forbidden_file_is_refused_with_a_clear_error(world, case):
    name, content, content_type, message = REFUSED_UPLOADS[case]

    response = _upload(world, name, content, content_type)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not File.objects.filter(name="Unterlage Angriff").exists()


def test_a_file_over_the_limit_is_refused_with_a_clear_error(world, settings):
    settings.STEERING_FILE_MAX_BYTES = 4096
    content = PDF_BYTES + b"0" * 5000

    response = _upload(world, "Gross.pdf", content, "application/pdf")

    assert response.status_code == 400
    assert "Die Datei ist zu groß" in response.content.decode()
    assert not File.objects.filter(name="Unterlage Angriff").exists()


def test_a_request_over_the_upload_limit_is_refused_not_a_server_error(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = world.clients["coord"]

    response = client.post(
        reverse("steering:file_upload", args=[MeetingFactory(body_id=world.objects["body"]).pk]),
        {"paper-name": "x" * 5000},
    )

    assert response.status_code == 400
