"""Every read and write of client data leaves an audit event — ids only, never names."""

import pytest
from django.http import Http404

from cases.selectors import (
    case_for_user,
    case_page_for_user,
    case_records,
    cases_visible_to,
    contacts_for_case,
)
from cases.services import client_create, contact_log
from kim_portal.models import AuditEvent, Municipality
from tests.cases.factories import CaseFactory, case_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return case_manager()


def _events():
    return list(AuditEvent.objects.order_by("id").values_list("action", "object_type", "object_id"))


def test_reading_one_case_writes_a_read_event(manager):
    case = CaseFactory(case_manager=manager)

    case_for_user(user=manager, pk=case.pk)

    assert _events() == [("case.read", "cases.case", str(case.pk))]


def test_listing_cases_writes_one_list_event_not_one_per_row(manager):
    for _ in range(3):
        CaseFactory(case_manager=manager)

    list(cases_visible_to(user=manager))

    assert _events() == [("case.list", "cases.case", "")]


def test_listing_a_case_record_type_writes_a_list_event_with_the_case_id(manager):
    case = CaseFactory(case_manager=manager)

    list(contacts_for_case(user=manager, case=case))

    event = AuditEvent.objects.get()
    assert (event.action, event.details["case_id"]) == ("contact.list", case.pk)


def test_the_case_page_records_are_one_read_event_naming_what_was_read(manager):
    case = case_for_user(user=manager, pk=CaseFactory(case_manager=manager).pk)
    contact_log(
        case=case, by=manager, occurred_at=case.created_at, duration_minutes=5, mode="phone"
    )
    before = AuditEvent.objects.count()

    records = case_records(user=manager, case=case, contacts=50)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.details["case_id"]) == (
        "case.records",
        str(case.pk),
        case.pk,
    )
    assert "cases.contactlogentry" in event.details["read"]
    assert len(records.contacts) == 1


def test_the_case_page_reads_case_and_records_as_one_event(manager):
    case = CaseFactory(case_manager=manager)
    contact_log(
        case=case, by=manager, occurred_at=case.created_at, duration_minutes=5, mode="phone"
    )
    before = AuditEvent.objects.count()

    read, records = case_page_for_user(user=manager, pk=case.pk, contacts=50)

    assert read == case
    assert len(records.contacts) == 1
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.details["client_id"]) == (
        "case.read",
        str(case.pk),
        case.client_id,
    )
    assert "cases.contactlogentry" in event.details["read"]


def test_the_case_page_of_a_case_not_visible_is_404_and_reads_nothing(manager):
    other = CaseFactory()

    with pytest.raises(Http404):
        case_page_for_user(user=manager, pk=other.pk, contacts=50)

    assert _events() == []


def test_case_records_of_a_case_not_read_through_the_scope_are_checked_again(manager):
    from cases.models import Case

    other = case_manager()
    foreign = CaseFactory(case_manager=other)
    contact_log(
        case=foreign, by=other, occurred_at=foreign.created_at, duration_minutes=5, mode="phone"
    )
    # A case object that did not come from case_for_user for this user: its records are
    # scoped in the query again, so none of another manager's records come back.
    unscoped = Case._unscoped.get(pk=foreign.pk)

    records = case_records(user=manager, case=unscoped, contacts=50)

    assert records.contacts == []
    assert records.consents == []
    assert records.goals == []
    # The same object read through the scope by its own manager shows them.
    own = case_for_user(user=other, pk=foreign.pk)
    assert len(case_records(user=other, case=own, contacts=50).contacts) == 1
    # And a case read for one user is no pass for another.
    assert case_records(user=manager, case=own, contacts=50).contacts == []


def test_a_write_is_audited_with_actor_and_case(manager):
    case = CaseFactory(case_manager=manager)

    entry = contact_log(
        case=case, by=manager, occurred_at=case.created_at, duration_minutes=15, mode="phone"
    )

    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.actor, event.details["case_id"]) == (
        "contact.log",
        str(entry.pk),
        manager,
        case.pk,
    )


def test_audit_events_hold_no_personal_data(manager):
    client_create(
        by=manager,
        first_name="Zerafina",
        last_name="Quendolin",
        date_of_birth=None,
        birth_year=1988,
        phone="0171 5550123",
        municipality=Municipality.objects.get(name="Hemer"),
    )

    text = str(list(AuditEvent.objects.values()))
    assert "Zerafina" not in text
    assert "Quendolin" not in text
    assert "5550123" not in text
