"""Every case page renders for the case's owner, in German and Arabic."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

import pytest
from django.urls import reverse

from tests.cases.test_views_support import case, owner, owner_client, team  # noqa: F401

pytestmark = pytest.mark.django_db

PAGES = [
    ("cases:caseload", False),
    ("cases:client_new", False),
    ("cases:case_detail", True),
    ("cases:case_intake", True),
    ("cases:contact_log", True),
    ("cases:contact_new", True),
]


@pytest.mark.parametrize(("name", "with_case"), PAGES)
def test_every_page_renders_for_the_owner(owner_client, case, name, with_case):
    url = reverse(name, args=[case.pk] if with_case else [])

    response = owner_client.get(url)

    assert response.status_code == 200
