from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@lru_cache(maxsize=4096)
def _translated_path(path: str, code: str) -> str:
    # A pure function of the URL patterns: resolving and reversing the path for seven
    # languages was a millisecond of every page. Keyed by the path alone — never the query
    # string, which may hold a searched name.
    return translate_url(path, code)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every portal language: code, native name, url, current?"""
    request = context.get("request")
    path, mark, query = (request.get_full_path() if request is not None else "/").partition("?")
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": _translated_path(path, code) + mark + query,
            "current": code == current,
            "bidi": get_language_info(code)["bidi"],
        }
        for code, name in settings.LANGUAGES
    ]
