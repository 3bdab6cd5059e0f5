"""Inviting staff: the command and the admin send a one-time link that sets the first
password; used, expired and unknown links explain themselves."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kim_portal.models import AuditEvent, Invitation, User
from tests.factories import OrganisationFactory, UserFactory, totp_activate

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Sonnenblumen-am-Lennesteig-7"
LINK = re.compile(r"https?://[^/\s]+(/\S*/accounts/invitation/[^/\s]+/)")


@pytest.fixture
def org():
    return OrganisationFactory(name="Stadt Iserlohn", short_name="Iserlohn")


@pytest.fixture
def invitation_path(org, django_capture_on_commit_callbacks):
    """Invites new@example.org as case manager through the command; the link's path."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_user", "new@example.org", "--role", "case_manager", "--organisation", org.name
        )
    return LINK.search(mail.outbox[-1].body).group(1)


def _accept(client, path, *, password=NEW_PASSWORD, password2=None):
    return client.post(
        path,
        {
            "display_name": "Neue Kollegin",
            "password1": password,
            "password2": password2 or password,
        },
    )


# --- the command ------------------------------------------------------------------------


def test_invite_user_command_emails_a_set_password_link(invitation_path):
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert invitation_path.startswith("/de/accounts/invitation/")


def test_invite_user_command_creates_an_inactive_account_in_the_role(invitation_path):
    user = User.objects.get(email="new@example.org")

    assert user.is_active is False
    assert user.has_usable_password() is False
    assert user.role_names == {"case_manager"}


def test_invite_user_command_records_the_invitation_in_the_audit_trail(invitation_path):
    invitation = Invitation.objects.get(email="new@example.org")

    assert AuditEvent.objects.filter(
        action="invitation.create", object_id=str(invitation.pk)
    ).exists()


def test_invite_user_command_accepts_the_organisations_short_name(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_user", "b@example.org", "--role", "coordinator", "--organisation", "iserlohn"
        )

    assert Invitation.objects.get(email="b@example.org").organisation == org


def test_invite_user_command_refuses_an_unknown_organisation(org):
    with pytest.raises(CommandError, match="not found"):
        call_command(
            "invite_user", "x@example.org", "--role", "case_manager", "--organisation", "Nirgendwo"
        )


def test_invite_user_command_refuses_an_unknown_role(org):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("invite_user", "x@example.org", "--role", "chef", "--organisation", org.name)


def test_invite_user_command_refuses_an_address_that_already_has_an_account(org):
    UserFactory(email="taken@example.org")

    with pytest.raises(CommandError, match="already has an account"):
        call_command(
            "invite_user", "taken@example.org", "--role", "coordinator", "--organisation", org.name
        )


# --- accepting ----------------------------------------------------------------------------


def test_invitation_link_shows_the_set_password_form(client, invitation_path):
    response = client.get(invitation_path)

    assert response.status_code == 200
    assert "password1" in response.context["form"].fields


def test_mismatched_passwords_are_refused_and_change_nothing(client, invitation_path):
    response = _accept(client, invitation_path, password2="Etwas-ganz-anderes-99")

    user = User.objects.get(email="new@example.org")
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert (user.is_active, user.has_usable_password()) == (False, False)
    assert Invitation.objects.get(email="new@example.org").accepted_at is None


def test_accepting_activates_the_account_and_logs_in(client, invitation_path):
    response = _accept(client, invitation_path)

    user = User.objects.get(email="new@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_home")
    assert user.is_active is True
    assert check_password(NEW_PASSWORD, user.password)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_case_manager_who_accepted_is_held_at_mfa_setup(client, invitation_path):
    _accept(client, invitation_path)

    response = client.get(reverse("staff_home"))

    assert response["Location"] == reverse("mfa_activate_totp")


def test_accepting_is_recorded_in_the_audit_trail(client, invitation_path):
    _accept(client, invitation_path)

    event = AuditEvent.objects.get(action="invitation.accept")
    assert event.actor == User.objects.get(email="new@example.org")


def test_audit_event_of_a_request_records_ip_address_and_request_id(client, invitation_path):
    client.post(
        invitation_path,
        {"display_name": "Neue Kollegin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        headers={"X-Request-ID": "req-from-proxy-0001"},
    )

    event = AuditEvent.objects.get(action="invitation.accept")
    assert (event.ip_address, event.request_id) == ("127.0.0.1", "req-from-proxy-0001")


def test_used_link_explains_that_it_was_used(client, invitation_path):
    _accept(client, invitation_path)
    client.logout()

    response = client.get(invitation_path)

    assert response.status_code == 410
    assert response.context["reason"] == "used"
    assert "bereits angenommen" in response.content.decode()


def test_expired_link_explains_the_expiry(client, invitation_path, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, seconds=1))

    response = client.get(invitation_path)

    assert response.status_code == 410
    assert response.context["reason"] == "expired"
    assert "abgelaufen" in response.content.decode()


def test_expired_link_cannot_set_a_password(client, invitation_path, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, seconds=1))

    _accept(client, invitation_path)

    assert User.objects.get(email="new@example.org").is_active is False


def test_unknown_link_explains_that_it_is_invalid(client, db):
    response = client.get(reverse("invitation_accept", args=["kein-gueltiges-token"]))

    assert response.status_code == 404
    assert response.context["reason"] == "unknown"
    assert "ungültig" in response.content.decode()


def test_reinviting_replaces_the_earlier_link(
    client, org, invitation_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_user", "new@example.org", "--role", "case_manager", "--organisation", org.name
        )

    response = client.get(invitation_path)

    assert response.status_code == 410
    assert response.context["reason"] == "revoked"


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_client_with_mfa(client):
    admin = UserFactory(is_staff=True, is_superuser=True, email="admin@example.org")
    totp_activate(admin)
    client.force_login(admin)
    client.admin = admin
    return client


def test_admin_invite_form_is_shown_to_a_superuser_with_mfa(admin_client_with_mfa):
    response = admin_client_with_mfa.get(reverse("admin:kim_portal_invitation_add"))

    assert response.status_code == 200
    assert "email" in response.context["form"].fields


def test_admin_invites_a_person_and_the_email_goes_out(
    admin_client_with_mfa, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_with_mfa.post(
            reverse("admin:kim_portal_invitation_add"),
            {
                "email": "kollegin@example.org",
                "display_name": "Kollegin",
                "role": "coordinator",
                "organisation": org.pk,
                "preferred_language": "de",
            },
        )

    invitation = Invitation.objects.get(email="kollegin@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:kim_portal_invitation_changelist")
    assert invitation.invited_by == admin_client_with_mfa.admin
    assert mail.outbox[0].to == ["kollegin@example.org"]


def test_admin_shows_the_invitation_the_inviter_reminder_links_to(admin_client_with_mfa, org):
    from kim_portal.services import invitation_create

    invitation = invitation_create(email="offen@example.org", role="coordinator", organisation=org)

    response = admin_client_with_mfa.get(
        reverse("admin:kim_portal_invitation_change", args=[invitation.pk])
    )

    assert response.status_code == 200
