"""The audit trail is append-only: PostgreSQL refuses UPDATE and DELETE on it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.utils import ProgrammingError

from kim_portal.models import AuditEvent
from kim_portal.services import audit_record
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return audit_record(
        action="organisation.update", obj=OrganisationFactory(), actor=UserFactory()
    )


def test_audit_record_appends_an_event_for_the_object(event):
    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored.action == "organisation.update"
    assert stored.object_type == "kim_portal.organisation"
    assert stored.object_id == event.object_id


def test_updating_an_audit_event_through_the_orm_is_refused(event):
    # insufficient_privilege (SQLSTATE 42501) arrives as ProgrammingError.
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="x")

    assert AuditEvent.objects.get(pk=event.pk).action == "organisation.update"


def test_deleting_an_audit_event_through_the_orm_is_refused(event):
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_saving_a_changed_audit_event_is_refused(event):
    event.action = "x"

    with pytest.raises(ProgrammingError), transaction.atomic():
        event.save()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE kim_portal_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM kim_portal_auditevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_the_audit_trail(event, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "organisation.update"
