"""The steering pages read the database a constant number of times, however long the
agenda or the registers grow."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steering.choices import DecisionOutcome
from steering.models import ActionItem, Decision
from tests.steering.factories import AgendaItemFactory, meeting_with_minutes
from tests.steering.test_views_support import (  # noqa: F401
    _private_files,
    chair,
    group,
    member,
    office,
    pdf,
    published,
)

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # the session's expiry slides at most once a minute: not measured
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _items(meeting, owner, n, start):
    for order in range(start, start + n):
        item = AgendaItemFactory(meeting=meeting, order=order, number=str(order))
        Decision.objects.create(
            agenda_item=item,
            resolution=f"Beschluss {order}",
            votes_for=3,
            votes_against=0,
            votes_abstain=0,
            outcome=DecisionOutcome.ADOPTED,
        )
        ActionItem.objects.create(
            agenda_item=item,
            title=f"Aufgabe {order}",
            owner=owner,
            organisation=owner.organisation,
            due_date=date(2026, 4, 30),
        )


@pytest.mark.parametrize("persona", ["office", "member"])
def test_meeting_page_query_count_does_not_grow_with_the_agenda(
    client, group, office, member, persona
):
    body, seats = group
    meeting, _item, _ = meeting_with_minutes(body=body, seats=seats)
    client.force_login({"office": office, "member": member}[persona])
    url = reverse("steering:meeting_detail", args=[meeting.pk])
    _items(meeting, member, 1, start=2)  # two items
    with_two = _queries(client, url)

    _items(meeting, member, 10, start=3)  # twelve items
    with_twelve = _queries(client, url)

    assert with_twelve == with_two


def _decisions(meeting, n, start):
    for order in range(start, start + n):
        item = AgendaItemFactory(meeting=meeting, order=order, number=str(order))
        Decision.objects.create(
            agenda_item=item,
            resolution=f"Beschluss {order}",
            votes_for=3,
            votes_against=0,
            votes_abstain=0,
            outcome=DecisionOutcome.ADOPTED,
        )


def test_decision_register_query_count_does_not_grow_with_decisions(client, published, member):
    meeting = published["meeting"]
    client.force_login(member)
    url = reverse("steering:decisions")
    _decisions(meeting, 2, start=10)  # three with the fixture's
    with_three = _queries(client, url)

    _decisions(meeting, 27, start=20)  # thirty
    with_thirty = _queries(client, url)

    assert with_thirty == with_three


def test_action_tracker_query_count_does_not_grow_with_items(client, published, member):
    client.force_login(member)
    url = reverse("steering:action_items")
    _items(published["meeting"], member, 2, start=10)
    with_three = _queries(client, url)

    _items(published["meeting"], member, 27, start=20)
    with_thirty = _queries(client, url)

    assert with_thirty == with_three


def test_minutes_page_query_count_does_not_grow_with_the_agenda(client, group, office):
    body, seats = group
    meeting, _item, _ = meeting_with_minutes(body=body, seats=seats)
    client.force_login(office)
    url = reverse("steering:meeting_minutes", args=[meeting.pk])
    _items(meeting, office, 1, start=2)
    with_two = _queries(client, url)

    _items(meeting, office, 10, start=3)
    with_twelve = _queries(client, url)

    assert with_twelve == with_two
