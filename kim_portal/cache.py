"""Redis as the portal's cache, degrading when Redis is away.

Nothing the portal keeps only in the cache must be lost when Redis stops: sessions live in
PostgreSQL too (``cached_db``), reminders are rows in PostgreSQL, and everything else in
the cache (catalogue pages, dashboard figures, rate-limit counters) can be computed again.
So an unreachable Redis must cost speed, never a page. Django's ``RedisCache`` raises
instead (a login then fails with a 500, because allauth's rate limit reads the cache).

``DegradingRedisCache`` catches Redis errors: a read misses, a write is dropped, ``incr``
of a key it cannot read raises ``ValueError`` as for a missing key, and ``add`` reports
success — its only users are the rate limits, whose lock (allauth's) would otherwise wait
a second and then refuse every login. After a failure it leaves Redis alone for
``RETRY_AFTER`` seconds (per process), so pages do not each wait for a connect timeout;
the first call after that tries again. The outage and the recovery are logged once each.

The rate limits fail open meanwhile (a login is not refused because Redis is away); the
accounts' own lockout does not depend on it. See docs/decisions.md.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure


class _Breaker:
    """When Redis last failed, per process."""

    def __init__(self):
        self.down_until = 0.0
        self.down = False

    def closed(self) -> bool:
        return time.monotonic() >= self.down_until

    def failed(self, error: Exception) -> None:
        self.down_until = time.monotonic() + RETRY_AFTER
        if not self.down:
            self.down = True
            logger.warning("Redis cache unavailable, serving without it: %s", error)

    def succeeded(self) -> None:
        if self.down:
            self.down = False
            logger.warning("Redis cache available again.")


breaker = _Breaker()


class DegradingRedisCache(RedisCache):
    def _call(self, method: str, fallback, *args):
        """``method`` of RedisCache with ``args``, or ``fallback()`` when Redis fails."""
        if not breaker.closed():
            return fallback()
        try:
            result = getattr(super(), method)(*args)
        except RedisError as error:
            breaker.failed(error)
            return fallback()
        breaker.succeeded()
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: True, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return self._call("incr", missing, key, delta, version)

    def clear(self):
        return self._call("clear", lambda: False)
