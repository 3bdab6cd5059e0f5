"""Fixed-window rate limits in the cache (Redis), for anonymous forms such as "report as
outdated". Client addresses are kept only as a keyed hash."""

import hashlib
import hmac

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_key(request) -> str:
    """A stable, non-reversible key for the client's IP address (honours the trusted proxy
    count, like the login rate limits)."""
    try:
        ip = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No usable address (or a proxy header that does not match the configuration):
        # such requests share one bucket rather than escape the limit.
        ip = "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()[:32]


def rate_limit_hit(key: str, *, limit: int, period: int) -> bool:
    """Count one use of ``key``; True if that use is over ``limit`` within ``period``
    seconds (the window starts with the first use)."""
    cache.add(key, 0, timeout=period)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        used = 1
    return used > limit


def rate_limits_hit(limits: list[tuple[str, int, int]]) -> bool:
    """Count one use against every (key, limit, period); True if any is exceeded."""
    exceeded = False
    for key, limit, period in limits:
        exceeded = rate_limit_hit(key, limit=limit, period=period) or exceeded
    return exceeded
