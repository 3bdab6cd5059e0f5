"""The language switcher links the current page in every portal language, query included."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_every_language_links_the_same_page_with_the_same_query(client):
    with translation.override("de"):
        german = reverse("offers:list")
    with translation.override("ar"):
        arabic = reverse("offers:list")

    body = client.get(f"{german}?q=Deutschkurs&town=3").content.decode()

    assert f'href="{arabic}?q=Deutschkurs&amp;town=3"' in body
    assert 'hreflang="ar"' in body


def test_the_links_follow_the_page_not_the_first_page_seen(client):
    # The translated paths are remembered per path: another page gets its own links.
    with translation.override("uk"):
        home, offers = reverse("home"), reverse("offers:list")
    with translation.override("de"):
        german_home, german_offers = reverse("home"), reverse("offers:list")

    first = client.get(german_home).content.decode()
    second = client.get(german_offers).content.decode()

    assert f'href="{home}"' in first
    assert f'href="{offers}"' in second
    assert f'href="{offers}"' not in first
