"""Who sees which case: a case manager their own and shared cases, a team lead their
team's, everybody else nothing — scoped in the database, 404 for others' ids."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.choices import Phase
from cases.models import Case, UnscopedQueryError
from cases.selectors import (
    case_access_log,
    case_for_user,
    caseload_for_user,
    cases_visible_to,
    client_for_user,
    clients_visible_to,
    contacts_for_case,
)
from cases.services import case_reassign, case_share, client_create, contact_log
from kim_portal.models import Municipality, Reminder, Role
from tests.cases.factories import CaseFactory, case_manager, team_lead
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return OrganisationFactory(name="Caritas Case Management")


@pytest.fixture
def manager_a(team):
    return case_manager(team)


@pytest.fixture
def manager_b(team):
    return case_manager(team)


@pytest.fixture
def case_a(manager_a):
    return CaseFactory(case_manager=manager_a)


@pytest.fixture
def case_b(manager_b):
    return CaseFactory(case_manager=manager_b)


def test_case_manager_lists_only_own_cases(manager_a, case_a, case_b):
    assert list(cases_visible_to(user=manager_a)) == [case_a]


def test_case_manager_cannot_open_other_managers_case(manager_a, case_b):
    with pytest.raises(Http404):
        case_for_user(user=manager_a, pk=case_b.pk)


def test_case_manager_cannot_open_other_managers_client(manager_a, case_b):
    with pytest.raises(Http404):
        client_for_user(user=manager_a, pk=case_b.client_id)


def test_case_manager_sees_no_records_of_other_managers_case(manager_a, manager_b, case_b):
    contact_log(
        case=case_b,
        by=manager_b,
        occurred_at=case_b.created_at,
        duration_minutes=30,
        mode="phone",
    )

    assert list(contacts_for_case(user=manager_a, case=case_b)) == []


def test_shared_case_becomes_visible_to_the_colleague(manager_a, manager_b, case_b):
    case_share(case=case_b, with_user=manager_a, by=manager_b)

    assert case_for_user(user=manager_a, pk=case_b.pk) == case_b
    assert list(cases_visible_to(user=manager_a)) == [case_b]


def test_team_lead_sees_every_case_of_the_team_but_not_other_teams(team, case_a, case_b):
    other_team_case = CaseFactory()
    lead = team_lead(team)

    visible = set(cases_visible_to(user=lead))

    assert visible == {case_a, case_b}
    assert other_team_case not in visible


def test_the_overdue_and_phase_filters_keep_to_own_shared_and_team_cases(
    team, manager_a, manager_b
):
    # The filters narrow each part of the scope's id list: own, shared and the team's.
    today = timezone.localdate()
    own = CaseFactory(
        case_manager=manager_a,
        phase=Phase.ASSESSMENT,
        next_follow_up_at=today - timedelta(days=2),
    )
    CaseFactory(case_manager=manager_a, next_follow_up_at=today + timedelta(days=2))
    shared = CaseFactory(case_manager=manager_b, next_follow_up_at=today - timedelta(days=1))
    colleagues = CaseFactory(case_manager=manager_b, next_follow_up_at=today - timedelta(days=3))
    strangers = CaseFactory(next_follow_up_at=today - timedelta(days=5))
    case_share(case=shared, with_user=manager_a, by=manager_b)
    lead = team_lead(team)

    overdue_a = set(caseload_for_user(user=manager_a, overdue=True))
    overdue_lead = set(caseload_for_user(user=lead, overdue=True))
    assessment_a = set(caseload_for_user(user=manager_a, phase=Phase.ASSESSMENT))

    assert overdue_a == {own, shared}
    assert overdue_lead == {own, shared, colleagues}
    assert strangers not in overdue_lead
    assert assessment_a == {own}


@pytest.mark.parametrize(
    "role",
    [Role.COORDINATOR, Role.STEERING_MEMBER, Role.STEERING_CHAIR, Role.PROVIDER_EDITOR],
)
def test_other_roles_see_nothing(role, team, case_a):
    user = user_with_role(role, organisation=team)

    assert list(cases_visible_to(user=user)) == []
    assert list(clients_visible_to(user=user)) == []
    with pytest.raises(Http404):
        case_for_user(user=user, pk=case_a.pk)


def test_superuser_without_a_case_role_sees_nothing(case_a):
    admin = user_with_role(Role.COORDINATOR, is_superuser=True)

    assert list(cases_visible_to(user=admin)) == []


def test_a_new_client_is_visible_to_its_creator_only(manager_a, manager_b):
    client = client_create(
        by=manager_a,
        first_name="Zerafina",
        last_name="Quendolin",
        birth_year=1991,
        municipality=Municipality.objects.get(name="Altena"),
    )

    assert list(clients_visible_to(user=manager_a)) == [client]
    assert list(clients_visible_to(user=manager_b)) == []


def test_client_numbers_are_generated_per_year_and_unique(manager_a):
    town = Municipality.objects.get(name="Altena")
    first, second = (
        client_create(
            by=manager_a, first_name="A", last_name="B", birth_year=1990, municipality=town
        )
        for _ in range(2)
    )

    assert first.case_number != second.case_number
    assert first.case_number.startswith("KIM-2026-")
    assert len(first.case_number) == len("KIM-2026-00042")


def test_the_closed_objects_manager_refuses_queries():
    with pytest.raises(UnscopedQueryError):
        list(Case.objects.all())


def test_the_default_manager_is_the_private_one():
    assert Case._default_manager.name == "_unscoped"


def _list_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        for case in cases_visible_to(user=user):
            _ = (case.client.case_number, case.client.municipality.name, case.case_manager)
    return len(queries)


def test_list_query_count_stays_constant_as_cases_grow(manager_a):
    CaseFactory(case_manager=manager_a)
    _ = manager_a.role_names  # cached per user instance, as in a request
    with_one = _list_queries(manager_a)
    for _ in range(4):
        CaseFactory(case_manager=manager_a)

    assert _list_queries(manager_a) == with_one


# --- Reassignment and the access log -------------------------------------------------------


def test_team_lead_reassigns_and_both_managers_are_notified(team, manager_a, manager_b, case_a):
    lead = team_lead(team)

    handover = case_reassign(case=case_a, to_user=manager_b, by=lead, note="Urlaubsvertretung")

    case_a.refresh_from_db()
    assert case_a.case_manager == manager_b
    assert handover.note == "Urlaubsvertretung"
    assert set(Reminder.objects.values_list("recipient", flat=True)) == {
        manager_a.pk,
        manager_b.pk,
    }
    with pytest.raises(Http404):
        case_for_user(user=manager_a, pk=case_a.pk)


def test_case_manager_cannot_reassign(manager_a, manager_b, case_a):
    with pytest.raises(PermissionDenied):
        case_reassign(case=case_a, to_user=manager_b, by=manager_a)


def test_team_lead_reads_who_accessed_a_case(team, manager_a, case_a):
    lead = team_lead(team)
    case_for_user(user=manager_a, pk=case_a.pk)

    log = case_access_log(user=lead, case=case_a)

    assert [(e.action, e.actor) for e in log][-1] == ("case.read", manager_a)


def test_case_manager_cannot_read_the_access_log(manager_a, case_a):
    with pytest.raises(PermissionDenied):
        case_access_log(user=manager_a, case=case_a)
