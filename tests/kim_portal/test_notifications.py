"""In-app notifications: each person sees only their own; the bell shows the unread count;
the list and the staff home cost the same number of queries however many there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim_portal.models import Reminder
from tests.factories import NotificationFactory, user_with_role

pytestmark = pytest.mark.django_db

BELL_COUNT = re.compile(r'portal-bell__count">\s*(\d+)')


@pytest.fixture
def owner():
    return user_with_role("steering_member")


@pytest.fixture
def other(client):
    other = user_with_role("steering_member")
    client.force_login(other)
    return other


def test_person_cannot_open_someone_elses_notification(client, owner, other):
    notification = NotificationFactory(recipient=owner)

    response = client.get(reverse("notification_open", args=[notification.pk]))

    assert response.status_code == 404


def test_person_cannot_mark_someone_elses_notification_read(client, owner, other):
    notification = NotificationFactory(recipient=owner)

    response = client.post(reverse("notification_read", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == 404
    assert notification.read_at is None


def test_someone_elses_notification_is_not_listed(client, owner, other):
    NotificationFactory(recipient=owner, subject="Nur für die Empfängerin")

    response = client.get(reverse("notification_list"))

    assert "Nur für die Empfängerin" not in response.content.decode()


def test_recipient_marks_a_notification_read(client, owner):
    notification = NotificationFactory(recipient=owner)
    client.force_login(owner)

    response = client.post(reverse("notification_read", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == 302
    assert notification.read_at is not None


def test_recipient_marks_a_notification_read_with_htmx_and_gets_the_fragment(client, owner):
    notification = NotificationFactory(recipient=owner, subject="Fragment")
    client.force_login(owner)

    response = client.post(
        reverse("notification_read", args=[notification.pk]), headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in html
    assert "<html" not in html


def test_marking_read_with_htmx_also_updates_the_bell_count(client, owner):
    first, _second = NotificationFactory.create_batch(2, recipient=owner)
    client.force_login(owner)

    response = client.post(
        reverse("notification_read", args=[first.pk]), headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    oob = html[html.index('id="bell-count"') - 6 :]
    assert 'hx-swap-oob="true"' in oob
    assert BELL_COUNT.search(oob).group(1) == "1"


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, owner):
    notification = NotificationFactory(recipient=owner, link="/de/staff/")
    client.force_login(owner)

    response = client.get(reverse("notification_open", args=[notification.pk]))

    notification.refresh_from_db()
    assert response["Location"] == "/de/staff/"
    assert notification.read_at is not None


def test_mark_all_read_marks_only_the_persons_own(client, owner, other):
    NotificationFactory.create_batch(2, recipient=other)
    theirs = NotificationFactory(recipient=owner)

    client.post(reverse("notification_read_all"))

    theirs.refresh_from_db()
    assert Reminder.objects.filter(recipient=other, read_at=None).count() == 0
    assert theirs.read_at is None


def _bell_count(html: str) -> int | None:
    bell = html[html.index('data-testid="notification-bell"') :]
    bell = bell[: bell.index("</a>")]
    match = BELL_COUNT.search(bell)
    return int(match.group(1)) if match else None


def test_bell_in_the_staff_header_shows_the_unread_count(client, owner):
    NotificationFactory.create_batch(3, recipient=owner)
    NotificationFactory(recipient=owner, read_at=timezone.now())
    client.force_login(owner)

    response = client.get(reverse("staff_home"))

    assert _bell_count(response.content.decode()) == 3


def test_bell_shows_no_count_without_unread_notifications(client, owner):
    client.force_login(owner)

    response = client.get(reverse("staff_home"))

    assert _bell_count(response.content.decode()) is None


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["notification_list", "staff_home"])
def test_page_queries_do_not_grow_with_the_number_of_notifications(
    client, owner, url_name, django_assert_num_queries
):
    client.force_login(owner)
    url = reverse(url_name)
    NotificationFactory.create_batch(3, recipient=owner)
    client.get(url)  # warm up: session and ContentType caches
    with_three = _queries_for(client, url)
    NotificationFactory.create_batch(27, recipient=owner)

    with django_assert_num_queries(with_three):
        client.get(url)
