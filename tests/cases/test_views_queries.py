"""The caseload and the case page read the database a constant number of times, however
many cases, contacts and goals there are."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.choices import ContactMode, GoalStatus, LifeDomain
from cases.models import ContactLogEntry, Goal
from tests.cases.factories import CaseFactory
from tests.cases.test_views_support import case, owner, owner_client, team  # noqa: F401

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    # The first view renders the page's empty forms (and reads their choices once more);
    # later views reuse them (kim_portal/templatetags/form_fragments.py): measure those.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _cases(owner, n):
    for i in range(n):
        CaseFactory(
            case_manager=owner,
            next_follow_up_at=timezone.localdate() - timedelta(days=i % 3),
        )


def test_caseload_query_count_does_not_grow_with_cases(owner_client, owner):
    url = reverse("cases:caseload")
    _cases(owner, 3)
    with_three = _queries(owner_client, url)

    _cases(owner, 27)
    with_thirty = _queries(owner_client, url)

    assert with_thirty == with_three


def test_caseload_search_query_count_does_not_grow_with_cases(owner_client, owner):
    url = reverse("cases:caseload") + "?q=Vorname&overdue=on"
    _cases(owner, 3)
    with_three = _queries(owner_client, url)

    _cases(owner, 27)
    with_thirty = _queries(owner_client, url)

    assert with_thirty == with_three


def _records(case, n):
    now = timezone.now()
    for i in range(n):
        ContactLogEntry._unscoped.create(
            case=case,
            occurred_at=now - timedelta(hours=i + 1),
            duration_minutes=20,
            mode=ContactMode.PHONE,
            note=f"Notiz {i}",
            created_by=case.case_manager,
        )
        Goal._unscoped.create(
            case=case,
            domain=LifeDomain.LANGUAGE,
            text=f"Ziel {i}",
            agreed_on=timezone.localdate(),
            status=GoalStatus.OPEN,
            recorded_by=case.case_manager,
        )


def test_case_page_query_count_does_not_grow_with_contacts_and_goals(owner_client, case):
    url = reverse("cases:case_detail", args=[case.pk])
    _records(case, 1)
    with_one = _queries(owner_client, url)

    _records(case, 19)
    with_twenty = _queries(owner_client, url)

    assert with_twenty == with_one


def test_contact_log_query_count_does_not_grow_with_contacts(owner_client, case):
    url = reverse("cases:contact_log", args=[case.pk])
    _records(case, 1)
    with_one = _queries(owner_client, url)

    _records(case, 19)
    with_twenty = _queries(owner_client, url)

    assert with_twenty == with_one
