"""The case page reads every kind of record its case has, and skips the kinds it has none
of in one statement — never another case's records, never a case the user may not see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.choices import ContactMode, LifeDomain, Phase
from cases.selectors import case_page_for_user, case_records
from cases.services import (
    DomainAssessment,
    appointment_create,
    assessment_record,
    case_reassign,
    case_share,
    case_transition,
    contact_log,
    goal_agree,
    household_member_add,
    referral_create,
)
from tests.cases.factories import CaseFactory, ConsentFactory, case_manager, team_lead
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

KINDS = (
    "consents",
    "domain_history",
    "goals",
    "referrals",
    "contacts",
    "appointments",
    "phase_changes",
    "shares",
    "handovers",
    "household",
)


@pytest.fixture
def team():
    return OrganisationFactory(name="Diakonie Case Management")


def _full_case(team):
    manager, colleague, successor = (case_manager(team) for _ in range(3))
    case = CaseFactory(case_manager=manager, taken_on=True)
    ConsentFactory(case=case)
    case_transition(case=case, to_phase=Phase.ASSESSMENT, by=manager)
    now = timezone.now()
    assessment_record(
        case=case,
        by=manager,
        assessed_on=timezone.localdate(),
        entries=[DomainAssessment(domain=LifeDomain.HOUSING, need_level="high")],
    )
    goal_agree(case=case, by=manager, domain=LifeDomain.HOUSING, text="Wohnung finden")
    referral_create(case=case, by=manager, external_service="Wohnungsamt")
    contact_log(case=case, by=manager, occurred_at=now, duration_minutes=20, mode=ContactMode.PHONE)
    appointment_create(case=case, by=manager, at=now + timedelta(days=2), title="Amt")
    household_member_add(client=case.client, by=manager, relation="child", first_name="Yara")
    case_share(case=case, with_user=colleague, by=manager)
    case_reassign(case=case, to_user=successor, by=team_lead(team), note="Urlaub")
    return case, successor


def test_a_case_with_every_kind_of_record_shows_all_of_them(team):
    case, successor = _full_case(team)

    _case, records = case_page_for_user(user=successor, pk=case.pk, contacts=20)

    empty = [kind for kind in KINDS if not getattr(records, kind)]
    assert empty == []


def test_a_case_without_records_reads_only_the_case_and_whether_it_has_any(team):
    manager = case_manager(team)
    case = CaseFactory(case_manager=manager)
    case_page_for_user(user=manager, pk=case.pk, contacts=20)  # the user's roles, once

    with CaptureQueriesContext(connection) as queries:
        _case, records = case_page_for_user(user=manager, pk=case.pk, contacts=20)

    assert [kind for kind in KINDS if getattr(records, kind)] == []
    # The case, the audit event and one statement for all kinds of record.
    assert len(queries) == 3, [q["sql"][:80] for q in queries]


def test_another_cases_records_do_not_count(team):
    full, _successor = _full_case(team)
    manager = case_manager(team)
    bare = CaseFactory(case_manager=manager)

    _case, records = case_page_for_user(user=manager, pk=bare.pk, contacts=20)

    assert [kind for kind in KINDS if getattr(records, kind)] == []
    assert full.pk != bare.pk


def test_records_of_a_case_the_user_may_not_see_stay_empty(team):
    full, _successor = _full_case(team)
    stranger = case_manager(OrganisationFactory())

    records = case_records(user=stranger, case=full, contacts=20)

    assert [kind for kind in KINDS if getattr(records, kind)] == []


@pytest.mark.parametrize("kind", ["contacts", "appointments", "household", "shares"])
def test_a_case_with_one_kind_of_record_shows_that_kind_only(team, kind):
    manager, colleague = case_manager(team), case_manager(team)
    case = CaseFactory(case_manager=manager)
    now = timezone.now()
    {
        "contacts": lambda: contact_log(
            case=case, by=manager, occurred_at=now, duration_minutes=5, mode=ContactMode.PHONE
        ),
        "appointments": lambda: appointment_create(
            case=case, by=manager, at=now + timedelta(days=1), title="Amt"
        ),
        "household": lambda: household_member_add(
            client=case.client, by=manager, relation="partner", first_name="Sami"
        ),
        "shares": lambda: case_share(case=case, with_user=colleague, by=manager),
    }[kind]()

    _case, records = case_page_for_user(user=manager, pk=case.pk, contacts=20)

    assert [name for name in KINDS if getattr(records, name)] == [kind]
