"""The contact log: one form, back to the case page; the follow-up in the same step; bad
input shown on the form with nothing saved; notes render as text."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import NOTE_MAX_LENGTH, Case, ContactLogEntry
from kim_portal.models import AuditEvent
from tests.cases.test_views_support import (  # noqa: F401
    case,
    owner,
    owner_client,
    team,
    tomorrow,
)

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "25",
        "mode": "phone",
        "participants": "Klientin, Sprachmittlerin",
        "note": "Termin beim Jobcenter vorbereitet.",
    }
    data.update(changes)
    return data


def _contacts(case):
    return list(ContactLogEntry._unscoped.filter(case=case))


def test_logging_a_contact_saves_it_audits_it_and_returns_to_the_case(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])

    response = owner_client.post(url, _data(interpreter_used="on"), follow=True)

    [contact] = _contacts(case)
    assert contact.mode == "phone"
    assert contact.duration_minutes == 25
    assert contact.interpreter_used is True
    assert response.redirect_chain[-1][0].startswith(reverse("cases:case_detail", args=[case.pk]))
    assert "Der Kontakt ist gespeichert." in response.content.decode()
    assert AuditEvent.objects.filter(action="contact.log", details__case_id=case.pk).exists()


def test_the_form_defaults_to_now_in_berlin(owner_client, case):
    response = owner_client.get(reverse("cases:contact_new", args=[case.pk]))

    now = timezone.localtime().strftime("%Y-%m-%dT%H:")
    assert f'value="{now}' in response.content.decode()


def test_the_next_follow_up_is_set_with_the_contact(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])

    owner_client.post(url, _data(next_follow_up_at=tomorrow().isoformat()))

    assert Case._unscoped.get(pk=case.pk).next_follow_up_at == tomorrow()
    assert len(_contacts(case)) == 1
    assert AuditEvent.objects.filter(action="case.follow_up_set").exists()


def test_a_follow_up_in_the_past_saves_nothing_and_keeps_the_input(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = owner_client.post(url, _data(next_follow_up_at=yesterday))

    assert response.status_code == 400
    assert _contacts(case) == []
    body = response.content.decode()
    assert "Vergangenheit" in body
    assert "Termin beim Jobcenter vorbereitet." in body


def test_a_note_over_20000_characters_is_refused_on_the_form(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])

    response = owner_client.post(url, _data(note="x" * (NOTE_MAX_LENGTH + 1)))

    assert response.status_code == 400
    assert _contacts(case) == []
    assert "höchstens 20000 Zeichen" in response.content.decode()


def test_a_contact_in_the_future_is_refused(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = owner_client.post(url, _data(occurred_at=later))

    assert response.status_code == 400
    assert _contacts(case) == []


def test_a_garbled_time_and_mode_are_form_errors_not_500(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])

    response = owner_client.post(url, _data(occurred_at="gestern", mode="telepathy"))

    assert response.status_code == 400
    assert _contacts(case) == []


def test_html_in_a_note_renders_as_text(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])
    owner_client.post(url, _data(note="<script>alert('x')</script> & <b>fett</b>"))

    body = owner_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;" in body


def test_contacts_show_newest_first(owner_client, case):
    url = reverse("cases:contact_new", args=[case.pk])
    earlier = (timezone.localtime() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    owner_client.post(url, _data(occurred_at=earlier, note="ALTER KONTAKT"))
    owner_client.post(url, _data(note="NEUER KONTAKT"))

    body = owner_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert body.index("NEUER KONTAKT") < body.index("ALTER KONTAKT")


def _logged(case, n):
    now = timezone.now()
    ContactLogEntry._unscoped.bulk_create(
        ContactLogEntry(
            case=case,
            occurred_at=now - timedelta(hours=i + 1),
            duration_minutes=15,
            mode="phone",
            note=f"Kontaktnotiz Nr. {i:03d}",
            created_by=case.case_manager,
        )
        for i in range(n)
    )


def test_the_case_page_shows_the_20_newest_and_links_the_whole_log(owner_client, case):
    _logged(case, 21)

    body = owner_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert "Kontaktnotiz Nr. 000" in body
    assert "Kontaktnotiz Nr. 019" in body
    assert "Kontaktnotiz Nr. 020" not in body
    assert f'href="{reverse("cases:contact_log", args=[case.pk])}"' in body


def test_the_case_page_does_not_link_the_log_when_it_shows_every_contact(owner_client, case):
    _logged(case, 20)

    body = owner_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert "Kontaktnotiz Nr. 019" in body
    assert f'href="{reverse("cases:contact_log", args=[case.pk])}"' not in body


def test_the_contact_log_pages_through_every_contact_newest_first(owner_client, case):
    _logged(case, 51)
    url = reverse("cases:contact_log", args=[case.pk])

    first = owner_client.get(url).content.decode()
    second = owner_client.get(url + "?page=2").content.decode()

    assert first.index("Kontaktnotiz Nr. 000") < first.index("Kontaktnotiz Nr. 049")
    assert "Kontaktnotiz Nr. 050" not in first
    assert "51 Kontakte" in first
    assert "Kontaktnotiz Nr. 050" in second
    assert AuditEvent.objects.filter(action="contact.list", details__case_id=case.pk).count() == 2


def test_a_garbled_page_number_of_the_contact_log_shows_a_page(owner_client, case):
    _logged(case, 3)
    url = reverse("cases:contact_log", args=[case.pk])

    statuses = [
        owner_client.get(url + f"?page={page}").status_code for page in ("x", "-1", "9" * 30)
    ]

    assert statuses == [200, 200, 200]
