"""TOTP codes for tests: the one helper the whole suite uses to log in with a second factor."""

import time


def totp_code(secret: str, at: float | None = None, *, valid_for: float = 0) -> str:
    """The six-digit code for a base32 TOTP secret, at ``at`` (a Unix time) or now.

    Computed with allauth's own HOTP functions and period, so the code is exactly what the
    login checks. allauth accepts no neighbouring step (``MFA_TOTP_TOLERANCE`` 0): a client
    that needs time before the code arrives (a browser filling a form) passes ``valid_for``
    seconds, and near the end of a step this waits for the next one. Without ``at`` only,
    so a frozen clock (time-machine) is never waited on.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if at is None:
        at = time.time()
        left = period - at % period
        if left < valid_for:
            time.sleep(left + 0.1)
            at = time.time()
    return format_hotp_value(hotp_value(secret, int(at) // period))
