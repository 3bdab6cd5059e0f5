"""Small helpers shared by the core's tests."""

from django.urls import reverse

from tests.factories import PASSWORD
from tests.totp import totp_code

__all__ = ["login_with_password", "totp_code"]


def login_with_password(client, email: str, password: str = PASSWORD):
    """Log in through allauth's login form, like a person would."""
    return client.post(reverse("account_login"), {"login": email, "password": password})
