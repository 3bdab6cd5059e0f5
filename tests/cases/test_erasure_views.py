"""Erasure on request through the UI: a team lead confirms by typing the case number after
a fresh reauthentication; afterwards the name is nowhere in the database."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import Phase
from cases.models import Client
from kim_portal.models import AuditEvent, Role
from tests.cases.factories import CaseFactory, case_manager, team_lead
from tests.cases.test_erasure_and_retention import (
    BIRTH,
    CHILD,
    FIRST,
    LAST,
    _full_case,
    _tables_containing,
)
from tests.factories import PASSWORD, OrganisationFactory, totp_activate, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return OrganisationFactory(name="Diakonie Mark-Ruhr")


@pytest.fixture
def manager(team):
    return case_manager(team)


@pytest.fixture
def lead(team):
    return team_lead(team)


def _login(client, user, *, reauthenticated=True):
    totp_activate(user)
    client.force_login(user)
    if reauthenticated:
        response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302


def _url(client_record):
    return reverse("cases:client_erase", args=[client_record.pk])


def test_team_lead_sees_what_is_removed_and_what_remains(client, manager, lead):
    record, _case = _full_case(manager, lead)
    _login(client, lead)

    response = client.get(_url(record))

    assert response.status_code == 200
    assert "Was gelöscht wird" in response.text
    assert "Was für die Statistik bleibt" in response.text
    assert 'name="case_number"' in response.text


def test_erasure_through_the_ui_removes_the_name_everywhere(client, manager, lead):
    record, _case = _full_case(manager, lead)
    _login(client, lead)

    response = client.post(_url(record), {"case_number": record.case_number})

    assert response.status_code == 200
    assert 'data-testid="anonymisation-report"' in response.text
    for needle in (FIRST, LAST, CHILD, BIRTH.isoformat(), "5550123", "Lindenweg"):
        assert _tables_containing(needle) == [], needle


def test_result_page_shows_the_anonymisation_report(client, manager, lead):
    record, _case = _full_case(manager, lead)
    _login(client, lead)

    response = client.post(_url(record), {"case_number": record.case_number})

    report = response.context["report"]
    assert (report.client_ids, report.cases, report.household_members_deleted) == (
        [record.pk],
        1,
        1,
    )
    assert record.case_number in response.text


def test_erasure_writes_an_audit_event(client, manager, lead):
    record, case = _full_case(manager, lead)
    _login(client, lead)

    client.post(_url(record), {"case_number": record.case_number})

    event = AuditEvent.objects.get(action="client.erase")
    assert (event.actor, event.details) == (lead, {"client_id": record.pk, "case_ids": [case.pk]})


def test_wrong_case_number_erases_nothing(client, manager, lead):
    record, _case = _full_case(manager, lead)
    _login(client, lead)

    response = client.post(_url(record), {"case_number": "KIM-0000-00000"})

    assert response.status_code == 400
    assert Client._unscoped.get(pk=record.pk).anonymised_at is None


def test_open_case_must_be_closed_first(client, team, lead):
    case = CaseFactory(case_manager=case_manager(team))
    _login(client, lead)

    page = client.get(_url(case.client))
    post = client.post(_url(case.client), {"case_number": case.client.case_number})

    assert "zuerst den offenen Fall" in page.text
    assert 'name="case_number"' not in page.text
    assert post.status_code == 400
    assert Client._unscoped.get(pk=case.client_id).anonymised_at is None


def test_case_manager_of_the_case_gets_403(client, team, lead):
    manager = case_manager(team)
    case = CaseFactory(
        case_manager=manager,
        phase=Phase.CLOSED,
        closure_reason="moved_away",
        closed_on=timezone.localdate(),
    )
    _login(client, manager)

    response = client.get(_url(case.client))

    assert response.status_code == 403


def test_team_lead_of_another_team_gets_404(client, manager, lead):
    record, _case = _full_case(manager, lead)
    _login(client, team_lead(OrganisationFactory()))

    response = client.post(_url(record), {"case_number": record.case_number})

    assert response.status_code == 404
    assert Client._unscoped.get(pk=record.pk).anonymised_at is None


@pytest.mark.parametrize(
    "role", [Role.STEERING_MEMBER, Role.STEERING_CHAIR, Role.PROVIDER_EDITOR, Role.COORDINATOR]
)
def test_roles_without_case_work_cannot_erase(client, team, manager, lead, role):
    record, _case = _full_case(manager, lead)
    _login(client, user_with_role(role, organisation=team))

    response = client.post(_url(record), {"case_number": record.case_number})

    assert response.status_code in (403, 404)
    assert Client._unscoped.get(pk=record.pk).anonymised_at is None


def test_erasure_without_recent_reauthentication_redirects_to_reauthenticate(client, manager, lead):
    record, _case = _full_case(manager, lead)
    _login(client, lead, reauthenticated=False)

    response = client.post(_url(record), {"case_number": record.case_number})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Client._unscoped.get(pk=record.pk).anonymised_at is None
