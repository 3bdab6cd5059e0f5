"""Nobody signs up: staff are invited (and their address comes from the invitation)."""

import pytest
from django.urls import reverse

from kim_portal.models import User
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_signup_page_says_signup_is_closed(client):
    response = client.get(reverse("account_signup"))

    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert 'name="password1"' not in response.content.decode()


def test_posting_the_signup_form_creates_no_account(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "jemand@example.org",
            "password1": "Ein-langes-Passwort-2026",
            "password2": "Ein-langes-Passwort-2026",
        },
    )

    assert not User.objects.filter(email="jemand@example.org").exists()


def test_staff_cannot_manage_their_email_addresses(client):
    client.force_login(user_with_role("steering_member"))

    response = client.get(reverse("account_email"))

    assert response.status_code == 404
