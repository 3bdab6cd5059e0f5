"""A shared cache of whole public catalogue pages for visitors without a session.

Most requests are the same few pages (the list, a topic, a town), identical for every
anonymous visitor. The cache key holds the catalogue version (``offers.catalogue``), so a
published, edited or archived offer is visible at once and entries never need deleting;
``OFFERS_PAGE_CACHE_SECONDS`` (0: off) only bounds memory and the rare race described
there.

Not cached: anyone with a session or flash messages (staff, a visitor who just reported an
offer), answers other than 200, and answers that set a cookie. A failing cache (Redis
down) costs the speed-up, never the page.
"""

import gzip
import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .catalogue import catalogue_version

logger = logging.getLogger(__name__)


# Part of the key: a new release that stores entries differently never reads old ones.
ENTRY_FORMAT = 2


def _cacheable_request(request) -> bool:
    return (
        settings.OFFERS_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    partial = "hx" if request.headers.get("HX-Request") else "page"
    if request.headers.get("HX-History-Restore-Request"):
        partial = "page"
    return ":".join(
        [
            f"offers:page:v{ENTRY_FORMAT}",
            str(request.catalogue_version),
            timezone.localdate().isoformat(),
            get_language() or "",
            partial,
            path,
        ]
    )


def _from_cache(request, content: bytes, compressed: bytes, headers: dict) -> HttpResponse:
    gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(compressed if gzip_ok else content)
    for name, value in headers.items():
        response[name] = value
    if gzip_ok:
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(compressed))
        # The validator GZipMiddleware gives the page when it compresses it itself (weak,
        # of the uncompressed body), so a browser's If-None-Match matches either way.
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'W/"{digest}"'
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def catalogue_page_cache(view):
    """Serve ``view``'s answer from the shared cache for visitors without a session."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        # Kept on the request: the view's search index keys on the same version.
        request.catalogue_version = catalogue_version()
        key = _key(request)
        try:
            hit = cache.get(key)
        except Exception:
            logger.warning("Page cache unavailable; rendering without it.", exc_info=True)
            return view(request, *args, **kwargs)
        if hit is not None:
            return _from_cache(request, *hit)
        response = view(request, *args, **kwargs)
        if _cacheable_response(response):
            # Stored compressed too, so a hit costs no compression (these pages hold no
            # secret, so fixed gzip bytes give BREACH nothing to work with).
            entry = (
                response.content,
                gzip.compress(response.content, compresslevel=6, mtime=0),
                dict(response.headers),
            )
            try:
                cache.set(key, entry, settings.OFFERS_PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Page cache unavailable; answer not stored.", exc_info=True)
        return response

    return wrapper
