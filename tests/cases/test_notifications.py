"""Notifications about cases name the case number, never the client."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from cases.reminders import CASE_FOLLOW_UP_DUE
from cases.services import case_reassign, follow_up_set
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


def test_case_manager_is_reminded_on_the_follow_up_day_at_eight():
    manager = case_manager()
    case = CaseFactory(case_manager=manager)
    with time_machine.travel(datetime(2026, 12, 1, 6, 0, tzinfo=UTC)):
        follow_up_set(case=case, on=date(2026, 12, 3), by=manager)
    with time_machine.travel(datetime(2026, 12, 3, 6, 59, tzinfo=UTC)):
        reminders_dispatch()
        assert not Reminder.objects.exists()
    with time_machine.travel(datetime(2026, 12, 3, 7, 1, tzinfo=UTC)):  # 08:01 in Berlin
        reminders_dispatch()

    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.recipient) == (CASE_FOLLOW_UP_DUE, manager)
