"""Redis away: the portal keeps serving. The cache is pointed at a real address where no
Redis listens (connection refused, as when Redis is stopped); nothing is mocked.

What must hold (proof issue, faults): public and staff pages answer, a login works,
sessions survive (they live in PostgreSQL), and when Redis is back the cache is used again.
"""

import logging
import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from kim_portal import cache as degrading
from tests.factories import totp_activate, user_with_role
from tests.kim_portal.helpers import login_with_password, totp_code

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A local port nothing listens on (taken from the OS, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _breaker_reset():
    degrading.breaker.down_until = 0.0
    degrading.breaker.down = False
    yield
    degrading.breaker.down_until = 0.0
    degrading.breaker.down = False


@pytest.fixture
def redis_away(settings):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    yield
    cache.close()


def test_reads_miss_writes_are_dropped_and_nothing_raises(redis_away):
    assert cache.get("key", "default") == "default"
    assert cache.set("key", 1) is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    assert cache.get_or_set("key", 7) == 7
    with pytest.raises(ValueError, match="not found"):
        cache.incr("key")


def test_after_a_failure_redis_is_left_alone_for_a_while(redis_away, monkeypatch):
    cache.get("key")  # fails: the breaker opens
    tried = []
    monkeypatch.setattr(
        degrading.RedisCache, "get", lambda *args: tried.append(args) or "from redis"
    )

    assert cache.get("key", "default") == "default"
    assert tried == []

    monkeypatch.setattr(degrading.breaker, "down_until", 0.0)  # the pause has passed
    assert cache.get("key", "default") == "from redis"


def test_the_outage_and_the_recovery_are_logged_once_each(redis_away, caplog, monkeypatch):
    caplog.set_level(logging.WARNING, logger="kim_portal.cache")
    for _ in range(3):
        cache.get("key")
        monkeypatch.setattr(degrading.breaker, "down_until", 0.0)
    monkeypatch.setattr(degrading.RedisCache, "get", lambda *args: None)
    cache.get("key")
    cache.get("key")

    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("Redis cache unavailable")
    assert messages[1] == "Redis cache available again."


def test_public_pages_and_the_api_answer(client, redis_away):
    assert client.get(reverse("offers:list")).status_code == 200
    assert client.get(reverse("offers:list"), {"q": "Deutsch"}).status_code == 200
    assert client.get("/api/v1/services").status_code == 200


def test_a_login_with_the_second_factor_works(client, redis_away, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    person = user_with_role("case_manager")
    secret = totp_activate(person)

    assert login_with_password(client, person.email)["Location"] == reverse("mfa_authenticate")
    answer = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert answer["Location"] == reverse("staff_home")
    assert client.get(reverse("cases:caseload")).status_code == 200


def test_a_session_from_before_the_outage_survives_it(client, settings):
    person = user_with_role("steering_member")
    assert login_with_password(client, person.email).status_code == 302
    assert client.get(reverse("staff_home")).status_code == 200

    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    during = client.get(reverse("steering:dashboard"))
    cache.close()

    assert during.status_code == 200
    assert during.context["user"] == person


def test_the_cache_is_used_again_when_redis_is_back(redis_away, settings):
    cache.get("key")
    assert degrading.breaker.down

    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": _real_redis()}}
    degrading.breaker.down_until = 0.0
    cache.set("key", "kept")

    assert cache.get("key") == "kept"
    assert not degrading.breaker.down


def _real_redis() -> str:
    from django.conf import settings

    return settings.REDIS_URL
