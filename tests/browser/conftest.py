"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's
live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium with flags that
work offline. On a failing test each open page is saved as a screenshot in
``test-artifacts/`` (gitignored, kept by CI as an artifact).
"""

import functools
import os
import re
import warnings
from pathlib import Path

import pytest

from tests.totp import totp_code as _totp_code

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Kim-Portal-browser-test-1"
# Seconds a TOTP code must stay valid for a browser to type and send it.
TOTP_VALID_FOR = 4
# Set while the browser tests run (see _async_unsafe_orm_allowed).
_BROWSER_ENVIRONMENT = {
    "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Lets the page fixture see in its teardown whether the test itself failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package", autouse=True)
def _async_unsafe_orm_allowed():
    """Playwright's sync API keeps an event loop running in the main thread while it is
    started; Django then refuses ORM calls from the test (and the live server's flush) as
    "async unsafe" unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Set only while this package's
    tests run: package scope, torn down after ``browser`` (which depends on it), so the
    tests after tests/browser/ run with neither the variable nor the event loop."""
    saved = {name: os.environ.get(name) for name in _BROWSER_ENVIRONMENT}
    os.environ.update(_BROWSER_ENVIRONMENT)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="package")
def browser(_async_unsafe_orm_allowed):
    # Package scope: Playwright (and its event loop in the main thread) stops after the
    # last browser test, not at the end of the whole session.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server, request):
    """Factory for browser contexts (own cookies) against the live server; every page
    opened in them is screenshotted into test-artifacts/ if the test fails."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "de-DE")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make

    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                try:
                    page.screenshot(path=ARTIFACTS / f"{name}-{c}-{p}.png", full_page=True)
                except Exception as error:  # a crashed page must not hide the real failure
                    warnings.warn(f"screenshot of {page.url} failed: {error}", stacklevel=1)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


# --- Test data ---------------------------------------------------------------------------


@pytest.fixture
def staff_password():
    return PASSWORD


@pytest.fixture
def make_staff_user(transactional_db):
    """A staff login in one role, with a verified email address. The role groups come from
    a data migration, which the live server's flush between tests removes: get_or_create."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from kim_portal.models import User

    def make(role: str, *, email: str, display_name: str = "Testperson"):
        user = User.objects.create_user(email=email, password=PASSWORD, display_name=display_name)
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def deliver_notification(transactional_db):
    """A reminder already delivered in the portal (what the dispatcher leaves behind)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from kim_portal.models import Reminder

    def deliver(*, user, subject: str):
        now = timezone.now()
        return Reminder.objects.create(
            kind="invitation_not_accepted",
            target_type=ContentType.objects.get_for_model(user),
            target_id=str(user.pk),
            due_at=now,
            recipient=user,
            subject=subject,
            notified_at=now,
            emailed_at=now,
        )

    return deliver


@pytest.fixture
def log_in_without_form(live_server):
    """Logs a user in for a browser context without the login form (for tests about the
    pages behind it, so they do not fail for the login's sake)."""
    from django.conf import settings
    from django.test import Client

    def log_in(context, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return log_in


@pytest.fixture
def totp_code():
    """The current code for a TOTP secret, valid long enough to be typed into the form."""
    return functools.partial(_totp_code, valid_for=TOTP_VALID_FOR)
