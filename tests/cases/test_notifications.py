"""Notifications about cases name the case number, never the client."""

import pytest

from cases.services import case_reassign
from kim_portal.models import Reminder
from kim_portal.reminder_engine import reminders_dispatch
from tests.cases.factories import CaseFactory, ClientFactory, case_manager, team_lead

pytestmark = pytest.mark.django_db


def test_handover_notification_shows_the_case_number_not_the_name():
    manager = case_manager()
    colleague = case_manager(manager.organisation)
    case = CaseFactory(case_manager=manager, client=ClientFactory(first_name="Zerafina"))

    case_reassign(case=case, to_user=colleague, by=team_lead(manager.organisation))
    reminders_dispatch()

    subjects = list(Reminder.objects.values_list("subject", "body"))
    assert len(subjects) == 2
    assert all(case.client.case_number in subject for subject, _body in subjects)
    assert not any("Zerafina" in subject + body for subject, body in subjects)
