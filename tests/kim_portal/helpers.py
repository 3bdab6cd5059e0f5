"""Small helpers shared by the core's tests."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import PASSWORD


def totp_code(secret: str, at: float | None = None) -> str:
    """The six-digit code for a base32 TOTP secret now (allauth's own HOTP helpers)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def login_with_password(client, email: str, password: str = PASSWORD):
    """Log in through allauth's login form, like a person would."""
    return client.post(reverse("account_login"), {"login": email, "password": password})
