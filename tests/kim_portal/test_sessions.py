"""Staff sessions end after 30 minutes without a request.

Sessions are cached_db: PostgreSQL holds the session with its ``expire_date``; Redis holds a
copy with a TTL of the same length. time_machine moves Python's clock, not Redis's, so after
moving time the tests empty the cache (what the TTL would have done by then) and the
database's expiry decides — the guard that also holds after a Redis flush or restart."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import user_with_role
from tests.kim_portal.helpers import login_with_password

pytestmark = pytest.mark.django_db


def test_staff_sessions_last_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # slid by our middleware instead
    assert settings.SESSION_REFRESH_SECONDS == 60
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def logged_in(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    person = user_with_role("steering_member")
    assert login_with_password(client, person.email).status_code == 302
    return client


def _later(time_machine, minutes):
    time_machine.shift(timedelta(minutes=minutes))
    cache.clear()  # Redis's own clock has not moved: drop what its TTL would have dropped


def test_session_ends_after_thirty_one_idle_minutes(logged_in, time_machine):
    _later(time_machine, 31)

    response = logged_in.get(reverse("staff_home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_request_keeps_the_session_alive_for_another_thirty_minutes(logged_in, time_machine):
    _later(time_machine, 20)
    logged_in.get(reverse("staff_home"))

    _later(time_machine, 29)
    response = logged_in.get(reverse("staff_home"))

    assert response.status_code == 200


def test_session_in_the_database_expires_thirty_minutes_after_the_last_request(
    logged_in, time_machine
):
    _later(time_machine, 10)
    logged_in.get(reverse("staff_home"))

    session = Session.objects.get(session_key=logged_in.session.session_key)
    assert session.expire_date == timezone.now() + timedelta(minutes=30)


def test_requests_within_a_minute_do_not_write_the_session(logged_in, time_machine):
    _later(time_machine, 2)
    logged_in.get(reverse("staff_home"))  # refreshes: the last save is two minutes old

    time_machine.shift(timedelta(seconds=30))
    with CaptureQueriesContext(connection) as queries:
        assert logged_in.get(reverse("staff_home")).status_code == 200

    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    session = Session.objects.get(session_key=logged_in.session.session_key)
    assert session.expire_date == timezone.now() - timedelta(seconds=30) + timedelta(minutes=30)


def test_a_request_a_minute_later_slides_the_expiry(logged_in, time_machine):
    _later(time_machine, 2)
    logged_in.get(reverse("staff_home"))

    time_machine.shift(timedelta(seconds=61))
    logged_in.get(reverse("staff_home"))

    session = Session.objects.get(session_key=logged_in.session.session_key)
    assert session.expire_date == timezone.now() + timedelta(minutes=30)


def test_anonymous_visitors_get_no_session(client):
    client.get(reverse("offers:list"))

    assert not Session.objects.exists()


def test_session_copy_in_redis_expires_with_the_session(logged_in):
    redis_client = cache._cache.get_client(write=False)
    key = cache.make_and_validate_key(KEY_PREFIX + logged_in.session.session_key)

    ttl = redis_client.ttl(key)

    assert 30 * 60 - 5 <= ttl <= 30 * 60


def test_nightly_housekeeping_deletes_expired_sessions(logged_in, time_machine):
    from kim_portal.tasks import nightly_housekeeping

    _later(time_machine, 31)
    nightly_housekeeping()

    assert not Session.objects.exists()


def test_deploy_check_refuses_sessions_that_do_not_slide(settings):
    from kim_portal.checks import check_staff_session_timeout

    assert check_staff_session_timeout(None) == []
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "kim_portal.middleware.SessionIdleTimeoutMiddleware"
    ]

    assert [e.id for e in check_staff_session_timeout(None)] == ["kim_portal.E002"]
