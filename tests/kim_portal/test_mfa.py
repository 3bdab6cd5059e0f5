"""The MFA gate: members of MFA-required roles (and superusers) are held at the TOTP setup
until they have a second factor; TOTP secrets are stored encrypted."""

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim_portal.adapters import MFAAdapter
from tests.factories import PASSWORD, UserFactory, totp_activate, user_with_role
from tests.kim_portal.helpers import login_with_password, totp_code

pytestmark = pytest.mark.django_db

MFA_REQUIRED = ["case_manager", "case_team_lead", "coordinator", "steering_chair", "superuser"]


@pytest.fixture
def frozen_clock(time_machine):
    # allauth accepts only the current 30-second TOTP window (no tolerance): keep the clock
    # still so a code computed by the test is still current when the portal checks it.
    time_machine.move_to(timezone.now(), tick=False)


def _person(role: str):
    if role == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return user_with_role(role)


@pytest.mark.parametrize("role", MFA_REQUIRED)
@pytest.mark.parametrize("url_name", ["staff_home", "notification_list", "admin:index"])
def test_member_of_mfa_role_without_mfa_is_held_at_totp_setup(client, role, url_name):
    client.force_login(_person(role))

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", MFA_REQUIRED)
def test_member_of_mfa_role_without_mfa_can_log_out(client, role):
    client.force_login(_person(role))

    confirm = client.get(reverse("account_logout"))
    logout = client.post(reverse("account_logout"))

    assert confirm.status_code == 200
    assert logout.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["steering_member", "provider_editor"])
def test_member_of_role_without_mfa_requirement_reaches_staff_home(client, role):
    client.force_login(user_with_role(role))

    response = client.get(reverse("staff_home"))

    assert response.status_code == 200


def test_case_manager_with_totp_reaches_staff_home(client):
    person = user_with_role("case_manager")
    totp_activate(person)
    client.force_login(person)

    response = client.get(reverse("staff_home"))

    assert response.status_code == 200


def test_case_manager_sets_up_totp_after_first_login_and_then_reaches_staff_home(
    client, frozen_clock
):
    person = user_with_role("case_manager")

    login = login_with_password(client, person.email)
    held = client.get(reverse("staff_home"))
    # allauth asks for the password again before a second factor can be added.
    reauth = client.get(reverse("mfa_activate_totp"))
    reauth_page = client.get(reauth["Location"])
    reauthenticated = client.post(reauth["Location"], {"password": PASSWORD})
    setup_page = client.get(reverse("mfa_activate_totp"))
    secret = setup_page.context["form"].secret
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    home = client.get(reverse("staff_home"))

    assert login.status_code == 302
    assert held["Location"] == reverse("mfa_activate_totp")
    assert reauth["Location"].startswith(reverse("account_reauthenticate"))
    assert reauth_page.status_code == 200
    assert reauthenticated["Location"] == reverse("mfa_activate_totp")
    assert setup_page.status_code == 200
    assert activated.status_code == 302
    assert home.status_code == 200


def test_totp_secret_is_stored_encrypted_and_decrypts_to_the_plain_secret():
    person = user_with_role("case_manager")

    secret = totp_activate(person)

    stored = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP).data["secret"]
    assert stored != secret
    assert secret not in stored
    assert MFAAdapter().decrypt(stored) == secret


def test_person_with_totp_logs_in_through_the_code_step_to_staff_home(client, frozen_clock):
    person = user_with_role("case_manager")
    secret = totp_activate(person)

    login = login_with_password(client, person.email)
    code_page = client.get(reverse("mfa_authenticate"))
    before_code = "_auth_user_id" in client.session
    authenticated = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    home = client.get(reverse("staff_home"))

    assert login["Location"] == reverse("mfa_authenticate")
    assert code_page.status_code == 200
    assert before_code is False
    assert authenticated["Location"] == reverse("staff_home")
    assert home.status_code == 200


def test_a_session_signed_in_with_totp_is_not_checked_for_a_second_factor_again(
    client, frozen_clock
):
    # Signed in with the code, the session has a second factor: the middleware does not ask
    # the database on every page. A session signed in otherwise (force_login) is asked.
    person = user_with_role("case_manager")
    secret = totp_activate(person)
    login_with_password(client, person.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    other = Client()
    other.force_login(person)

    with CaptureQueriesContext(connection) as with_code:
        client.get(reverse("staff_home"))
    with CaptureQueriesContext(connection) as without_code:
        other.get(reverse("staff_home"))

    def asks(queries):
        return [q["sql"] for q in queries if "mfa_authenticator" in q["sql"]]

    assert asks(with_code) == []
    assert len(asks(without_code)) == 1


def test_person_with_totp_and_a_wrong_code_stays_logged_out(client, frozen_clock):
    person = user_with_role("case_manager")
    secret = totp_activate(person)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    login_with_password(client, person.email)
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def _reauthenticated(client, person):
    client.force_login(person)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


@pytest.mark.parametrize("role", MFA_REQUIRED)
def test_roles_that_must_hold_a_second_factor_cannot_switch_it_off(client, role):
    person = _person(role)
    totp_activate(person)
    _reauthenticated(client, person)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    assert "Pflicht" in response.content.decode()
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_a_role_without_the_requirement_may_switch_it_off(client):
    person = user_with_role("steering_member")
    totp_activate(person)
    _reauthenticated(client, person)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
