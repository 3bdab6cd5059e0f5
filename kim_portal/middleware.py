"""Request-wide concerns: a request id for logs and audit, and the MFA gate."""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

_request_id = contextvars.ContextVar("request_id", default="")
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _request_id.get() or "-"
        return True


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID when it looks sane, else makes one; echoes it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID_OK.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class PermissionsPolicyMiddleware:
    """Sends ``PERMISSIONS_POLICY`` with every answer (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# What a user who still has to set up a second factor may reach.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_logout",
        # allauth asks for the password again before TOTP can be activated; holding that
        # page too would bounce between it and the TOTP setup for ever.
        "account_reauthenticate",
        "set_language",
        "healthz",
        "readyz",
    }
)


def user_requires_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(*settings.MFA_REQUIRED_GROUPS)


class MfaRequiredMiddleware:
    """Holds members of MFA-required roles (and superusers) at the TOTP setup until they
    have activated a second factor. allauth has no such enforcement of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_hold(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_hold(self, request) -> bool:
        if not user_requires_mfa(request.user):
            return False
        path = request.path_info
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return False
        try:
            url_name = resolve(path).url_name
        except Resolver404:
            return False  # the 404 page reveals nothing
        if url_name in MFA_SETUP_URL_NAMES:
            return False
        from allauth.account.authentication import get_authentication_records
        from allauth.mfa.utils import is_mfa_enabled

        # A session signed in with the second factor has one: no query on every page. (The
        # roles held here cannot switch it off: MFAAdapter.can_delete_authenticator.)
        records = get_authentication_records(request, request.user)
        if any(record.get("method") == "mfa" for record in records):
            return False
        return not is_mfa_enabled(request.user)


class SessionIdleTimeoutMiddleware:
    """Slides a signed-in session's expiry (``SESSION_COOKIE_AGE`` after the last request)
    without writing the session on every request, as ``SESSION_SAVE_EVERY_REQUEST`` would
    (an UPDATE in PostgreSQL and a SET in Redis per page): the session is saved — with a
    new expiry and cookie — when its last refresh is ``SESSION_REFRESH_SECONDS`` old or
    more. The idle timeout is thereby between ``SESSION_COOKIE_AGE`` minus that interval
    and ``SESSION_COOKIE_AGE``. Only signed-in sessions slide; visitors get no session."""

    KEY = "_refreshed_at"

    @classmethod
    def logged_in(cls, sender, request, user, **kwargs):
        # The login saves the session with a fresh expiry: it counts as a refresh.
        if request is not None and hasattr(request, "session"):
            request.session[cls.KEY] = int(time.time())

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response
