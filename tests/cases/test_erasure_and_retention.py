"""Erasure on request and anonymisation after the retention period: no trace of the
person's name, birth date or contact details in any table; statistics remain."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from cases.choices import ClosureReason, GoalStatus, LifeDomain, Partner, Phase
from cases.models import Case, Client, Goal
from cases.selectors import case_for_user
from cases.services import (
    DomainAssessment,
    appointment_create,
    assessment_record,
    case_close,
    case_open,
    case_reassign,
    case_share,
    cases_anonymise_closed,
    client_create,
    client_erase,
    consent_record,
    contact_log,
    goal_agree,
    household_member_add,
    referral_create,
)
from kim_portal.models import Municipality, Reminder
from tests.cases.factories import case_manager, team_lead
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FIRST, LAST, CHILD = "Zerafina", "Quendolin", "Oriwenka"
BIRTH = date(1987, 6, 2)
PHONE = "0171 5550123"


def _tables_containing(needle: str) -> list[str]:
    """Every table.column whose value, as text, contains ``needle`` (all tables, all
    columns, cast to text — also dates, JSON and arrays)."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                [f"%{needle}%"],
            )
            if cursor.fetchone():
                hits.append(f"{table}.{column}")
    return hits


@pytest.fixture
def team():
    return OrganisationFactory(name="Diakonie Mark-Ruhr")


@pytest.fixture
def manager(team):
    return case_manager(team)


@pytest.fixture
def lead(team):
    return team_lead(team)


def _full_case(manager, lead):
    """A case with every kind of record, all mentioning the client where people would."""
    client = client_create(
        by=manager,
        first_name=FIRST,
        last_name=LAST,
        date_of_birth=BIRTH,
        languages=["ar", "ku"],
        country_of_origin="SY",
        nationality="SY",
        residence_status="residence_permit",
        residence_status_detail="§ 25 Abs. 2 AufenthG",
        arrived_in_germany_on=date(2024, 1, 10),
        arrived_in_district_on=date(2024, 3, 2),
        phone=PHONE,
        email="zerafina@example.org",
        address="Lindenweg 7, 58791 Werdohl",
        municipality=Municipality.objects.get(name="Werdohl"),
    )
    household_member_add(client=client, by=manager, relation="child", first_name=CHILD)
    case = case_open(client=client, case_manager=manager, by=manager, complex_needs=True)
    consent_record(
        case=case,
        by=manager,
        given_on=timezone.localdate(),
        form="oral_interpreter",
        covers_case_management=True,
        partners=[Partner.JOBCENTER],
    )
    assessment_record(
        case=case,
        by=manager,
        assessed_on=timezone.localdate(),
        entries=[
            DomainAssessment(
                domain=LifeDomain.HOUSING,
                need_level="high",
                situation=f"{FIRST} {LAST} wohnt beengt",
                resources=f"Tochter {CHILD} hilft",
            )
        ],
    )
    goal_agree(
        case=case, by=manager, domain="work", text=f"{FIRST} findet Arbeit", responsible=LAST
    )
    referral_create(
        case=case,
        by=manager,
        external_service=f"Praxis für {LAST}",
        partner="jobcenter",
        note=FIRST,
    )
    contact_log(
        case=case,
        by=manager,
        occurred_at=timezone.now(),
        duration_minutes=60,
        mode="home_visit",
        participants=f"{FIRST}, {CHILD}",
        note=f"Gespräch mit {FIRST} {LAST}, geb. {BIRTH:%d.%m.%Y}",
    )
    appointment_create(case=case, by=manager, at=timezone.now(), title=f"Termin {LAST}")
    colleague = case_manager(manager.organisation)
    case_share(case=case, with_user=colleague, by=manager)
    case_reassign(case=case, to_user=colleague, by=lead, note=f"{FIRST} braucht Hilfe")
    case_close(
        case=case,
        closure_reason=ClosureReason.CONSENT_WITHDRAWN,
        by=lead,
        evaluation_summary=f"{FIRST} hat widerrufen",
    )
    return client, case


def test_erasure_leaves_no_trace_of_name_birth_date_or_phone_in_any_table(manager, lead):
    client, _case = _full_case(manager, lead)
    assert _tables_containing(LAST)  # the scan finds the data before erasure

    client_erase(client=client, by=lead)

    for needle in (FIRST, LAST, CHILD, BIRTH.isoformat(), "5550123", "Lindenweg"):
        assert _tables_containing(needle) == [], needle


def test_erasure_keeps_anonymous_statistics(manager, lead):
    client, case = _full_case(manager, lead)

    client_erase(client=client, by=lead)

    client = Client._unscoped.get(pk=client.pk)
    case = Case._unscoped.get(pk=case.pk)
    assert (client.municipality.name, client.birth_year_group, client.residence_status) == (
        "Werdohl",
        1985,
        "residence_permit",
    )
    assert (case.phase, case.closure_reason, case.opened_on.day) == (
        Phase.CLOSED,
        "consent_withdrawn",
        1,
    )
    assert list(Goal._unscoped.filter(case=case).values_list("domain", "status")) == [
        ("work", GoalStatus.OPEN)
    ]


def test_erasure_removes_notifications_about_the_case(manager, lead):
    client, _case = _full_case(manager, lead)
    assert Reminder.objects.exists()

    client_erase(client=client, by=lead)

    assert not Reminder.objects.exists()


def test_erased_case_is_visible_to_nobody(manager, lead):
    client, case = _full_case(manager, lead)

    client_erase(client=client, by=lead)

    with pytest.raises(Http404):
        case_for_user(user=lead, pk=case.pk)


def test_erasure_needs_the_case_closed(manager, lead):
    client = client_create(
        by=manager,
        first_name=FIRST,
        last_name=LAST,
        birth_year=1990,
        municipality=Municipality.objects.get(name="Balve"),
    )
    case_open(client=client, case_manager=manager, by=manager)

    with pytest.raises(ValidationError) as error:
        client_erase(client=client, by=lead)

    assert error.value.code == "case_open"


def test_case_manager_cannot_erase(manager, lead):
    client, _case = _full_case(manager, lead)

    with pytest.raises(PermissionDenied):
        client_erase(client=client, by=manager)


# --- Retention ------------------------------------------------------------------------------


def _closed_case_on(day: date, manager):
    with time_machine.travel(day):
        client = client_create(
            by=manager,
            first_name=FIRST,
            last_name=LAST,
            birth_year=1979,
            municipality=Municipality.objects.get(name="Hemer"),
        )
        case = case_open(client=client, case_manager=manager, by=manager)
        case_close(case=case, closure_reason=ClosureReason.GOALS_ACHIEVED, by=manager)
    return client


def test_retention_anonymises_clients_closed_longer_than_three_years(manager):
    old = _closed_case_on(date(2023, 6, 1), manager)
    recent = _closed_case_on(date(2025, 6, 1), manager)

    with time_machine.travel(date(2026, 11, 25)):
        report = cases_anonymise_closed()

    assert report.client_ids == [old.pk]
    assert report.cutoff == date(2026, 11, 25) - timedelta(days=1095)
    assert Client._unscoped.get(pk=old.pk).first_name == ""
    assert Client._unscoped.get(pk=recent.pk).first_name == FIRST


def test_retention_period_comes_from_the_setting(manager, settings):
    _closed_case_on(date(2025, 6, 1), manager)
    settings.CASES_RETENTION_DAYS = 365

    with time_machine.travel(date(2026, 11, 25)):
        report = cases_anonymise_closed()

    assert report.clients == 1


def test_retention_leaves_clients_with_an_open_case_alone(manager):
    client = _closed_case_on(date(2020, 6, 1), manager)
    case_open(client=client, case_manager=manager, by=manager)

    report = cases_anonymise_closed()

    assert report.clients == 0


def test_retention_run_twice_does_nothing_the_second_time(manager):
    _closed_case_on(date(2020, 6, 1), manager)

    first, second = cases_anonymise_closed(), cases_anonymise_closed()

    assert (first.clients, second.clients) == (1, 0)
