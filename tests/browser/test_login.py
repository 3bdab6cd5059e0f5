"""Staff log in through the real allauth forms: password, then TOTP where the role needs it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def submit_login_form(page, *, email, password):
    page.goto("/de/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.locator('form[action$="/accounts/login/"] button[type="submit"]').click()


def test_case_manager_logs_in_with_totp_and_sees_the_notification_bell(
    page, live_server, make_staff_user, deliver_notification, staff_password, totp_code
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_staff_user(
        "case_manager", email="fallmanagement@kim-test.example", display_name="Tobias Wendt"
    )
    secret = generate_totp_secret()
    TOTP.activate(user, secret)  # stores the secret through our encrypting MFA adapter
    deliver_notification(user=user, subject="Einladung noch nicht angenommen: neu@kim.example")

    submit_login_form(page, email=user.email, password=staff_password)
    expect(page).to_have_url(re.compile(r"/de/accounts/2fa/authenticate/$"))
    page.locator('input[name="code"]').fill(totp_code(secret))
    page.locator('form[action$="/2fa/authenticate/"] button[type="submit"]:not([form])').click()

    expect(page).to_have_url(f"{live_server.url}/de/staff/")
    bell = page.get_by_test_id("notification-bell")
    expect(bell).to_be_visible()
    # The badge reads "1" followed by a screen-reader-only "ungelesen".
    expect(bell.locator(".portal-bell__count")).to_have_text(re.compile(r"^\s*1\D"))

    bell.click()
    expect(page).to_have_url(f"{live_server.url}/de/staff/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Benachrichtigungen")
    expect(
        page.get_by_role("link", name="Einladung noch nicht angenommen: neu@kim.example")
    ).to_be_visible()


def read_totp_secret(page) -> str:
    marked = page.get_by_test_id("totp-secret")
    if marked.count():
        element = marked.first
        if element.evaluate("e => e.tagName") == "INPUT":
            return element.input_value().strip()
        return element.inner_text().strip()
    # allauth's default template: a disabled text input next to the QR code.
    return page.locator("#authenticator_secret").input_value().strip()


def test_case_manager_without_mfa_is_held_at_totp_setup_and_can_activate_it(
    page, live_server, make_staff_user, staff_password, totp_code
):
    from allauth.mfa.models import Authenticator

    user = make_staff_user("case_manager", email="neu@kim-test.example")

    submit_login_form(page, email=user.email, password=staff_password)
    # allauth guards TOTP activation with a fresh reauthentication (a login alone does not
    # count): the password is asked once more before the activation form.
    expect(page).to_have_url(
        re.compile(r"/de/accounts/(reauthenticate/\?next=.*|2fa/totp/activate/)$")
    )
    if "/reauthenticate/" in page.url:
        page.locator('input[name="password"]').fill(staff_password)
        page.locator('form[action*="/accounts/reauthenticate/"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/de/accounts/2fa/totp/activate/$"))
    page.goto("/de/staff/")  # everything else stays closed until TOTP is set up
    expect(page).to_have_url(re.compile(r"/de/accounts/2fa/totp/activate/$"))

    secret = read_totp_secret(page)
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    page.locator('input[name="code"]').fill(totp_code(secret))
    page.locator('form[action$="/2fa/totp/activate/"] button[type="submit"]').click()
    # allauth shows the freshly generated recovery codes next.
    expect(page).to_have_url(re.compile(r"/de/accounts/2fa/recovery-codes/$"))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    page.goto("/de/staff/")
    expect(page).to_have_url(f"{live_server.url}/de/staff/")
    expect(page.get_by_test_id("notification-bell")).to_be_visible()


def test_steering_member_logs_in_with_the_password_form_without_javascript(
    new_context, live_server, make_staff_user, staff_password
):
    user = make_staff_user("steering_member", email="lenkung@kim-test.example")
    page = new_context(java_script_enabled=False).new_page()

    submit_login_form(page, email=user.email, password=staff_password)

    expect(page).to_have_url(f"{live_server.url}/de/staff/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guten Tag")
