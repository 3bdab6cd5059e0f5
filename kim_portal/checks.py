"""System checks for the portal's own configuration promises."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_sessions_outlive_redis(app_configs, **kwargs):
    # Sessions must survive a Redis outage or flush: they live in PostgreSQL too.
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return [
            Error(
                "SESSION_ENGINE must store sessions in the database.",
                id="kim_portal.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_staff_session_timeout(app_configs, **kwargs):
    # The expiry must slide with the requests (else a session ends 30 minutes after the
    # login, in the middle of work): saved on every request, or by our middleware.
    sliding = settings.SESSION_SAVE_EVERY_REQUEST or (
        "kim_portal.middleware.SessionIdleTimeoutMiddleware" in settings.MIDDLEWARE
        and 0 < settings.SESSION_REFRESH_SECONDS <= 5 * 60
    )
    if settings.SESSION_COOKIE_AGE > 30 * 60 or not sliding:
        return [
            Error(
                "Staff sessions must expire after at most 30 minutes of inactivity.",
                id="kim_portal.E002",
            )
        ]
    return []
