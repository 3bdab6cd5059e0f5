"""The case reminder scan: daily digest, expiring permits, overdue goals, cases without
contact and appointments — each at 08:00 Europe/Berlin, created once, none for closed
cases, texts without client names."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.choices import ClosureReason, ContactMode, GoalStatus, LifeDomain, Phase
from cases.models import Appointment, ContactLogEntry, Goal
from cases.reminders import (
    CASE_APPOINTMENT_TOMORROW,
    CASE_DAILY_DIGEST,
    CASE_GOAL_TARGET_DATE_PASSED,
    CASE_NO_CONTACT,
    CASE_RESIDENCE_PERMIT_EXPIRING,
    case_reminders_scan,
)
from cases.services import case_close
from cases.tasks import scan_case_reminders
from kim_portal.models import Reminder
from kim_portal.reminder_engine import reminder_schedule, reminders_dispatch
from tests.cases.factories import CaseFactory, ClientFactory, case_manager

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def scan_at(moment: datetime) -> dict:
    with time_machine.travel(moment, tick=False):
        return case_reminders_scan()


def due_times(kind: str) -> list[datetime]:
    return sorted(Reminder.objects.filter(kind=kind).values_list("due_at", flat=True))


def open_case(**kwargs):
    with time_machine.travel(utc(2026, 1, 5, 9, 0), tick=False):
        return CaseFactory(phase=Phase.MONITORING, **kwargs)


def appointment(case, at, created_at=None):
    return Appointment._unscoped.create(
        case=case,
        at=at,
        title="Beratung im Kreishaus",
        created_by=case.case_manager,
        created_at=created_at or at - timedelta(days=10),
    )


def goal(case, *, target_date, status=GoalStatus.OPEN):
    return Goal._unscoped.create(
        case=case,
        domain=LifeDomain.LANGUAGE,
        text="B1-Prüfung ablegen",
        agreed_on=date(2026, 1, 10),
        target_date=target_date,
        status=status,
        recorded_by=case.case_manager,
    )


def contact(case, occurred_at):
    return ContactLogEntry._unscoped.create(
        case=case,
        occurred_at=occurred_at,
        duration_minutes=30,
        mode=ContactMode.PHONE,
        created_by=case.case_manager,
    )


# --- Daily digest ------------------------------------------------------------------------


def test_digest_is_due_at_eight_berlin_the_day_after_the_october_dst_change():
    case = open_case(next_follow_up_at=date(2026, 10, 26))  # Monday after 25 Oct 2026

    scan_at(utc(2026, 10, 26, 6, 59))  # 07:59 CET
    assert due_times(CASE_DAILY_DIGEST) == []
    scan_at(utc(2026, 10, 26, 7, 0))  # 08:00 CET

    reminder = Reminder.objects.get(kind=CASE_DAILY_DIGEST)
    assert (reminder.due_at, reminder.recipient) == (utc(2026, 10, 26, 7, 0), case.case_manager)


def test_digest_is_due_at_eight_berlin_the_day_after_the_march_dst_change():
    open_case(next_follow_up_at=date(2026, 3, 30))  # Monday after 29 Mar 2026

    scan_at(utc(2026, 3, 30, 5, 59))  # 07:59 CEST
    assert due_times(CASE_DAILY_DIGEST) == []
    scan_at(utc(2026, 3, 30, 6, 0))  # 08:00 CEST

    assert due_times(CASE_DAILY_DIGEST) == [utc(2026, 3, 30, 6, 0)]


def test_digest_lists_overdue_and_todays_follow_ups_and_todays_appointments():
    manager = case_manager()
    overdue = open_case(case_manager=manager, next_follow_up_at=date(2026, 11, 20))
    today = open_case(case_manager=manager, next_follow_up_at=date(2026, 12, 2))
    later = open_case(case_manager=manager, next_follow_up_at=date(2026, 12, 9))
    meeting = open_case(case_manager=manager)
    appointment(meeting, berlin(2026, 12, 2, 14, 30))

    scan_at(utc(2026, 12, 2, 7, 5))
    with time_machine.travel(utc(2026, 12, 2, 7, 6), tick=False):
        reminders_dispatch()

    body = Reminder.objects.get(kind=CASE_DAILY_DIGEST).body
    assert overdue.client.case_number in body
    assert today.client.case_number in body
    assert f"14:30 Uhr: Fall {meeting.client.case_number}" in body
    assert later.client.case_number not in body


def test_no_digest_for_a_manager_with_nothing_due_today():
    open_case(next_follow_up_at=date(2026, 12, 9))

    scan_at(utc(2026, 12, 2, 9, 0))

    assert not Reminder.objects.filter(kind=CASE_DAILY_DIGEST).exists()


def test_digest_names_case_numbers_not_clients():
    case = open_case(
        client=ClientFactory(first_name="Zerafina", last_name="Haddad"),
        next_follow_up_at=date(2026, 12, 2),
    )

    scan_at(utc(2026, 12, 2, 7, 0))
    with time_machine.travel(utc(2026, 12, 2, 7, 1), tick=False):
        reminders_dispatch()

    reminder = Reminder.objects.get(kind=CASE_DAILY_DIGEST)
    assert case.client.case_number in reminder.body
    assert "Zerafina" not in reminder.subject + reminder.body
    assert "Haddad" not in reminder.subject + reminder.body


# --- Residence permit --------------------------------------------------------------------


def test_permit_reminders_12_8_and_4_weeks_before_expiry_at_eight_berlin_across_dst():
    client = ClientFactory(residence_permit_valid_until=date(2027, 1, 15))
    open_case(client=client)

    for day in (date(2026, 10, 23), date(2026, 11, 20), date(2026, 12, 18)):
        scan_at(berlin(day.year, day.month, day.day, 12, 0))

    assert due_times(CASE_RESIDENCE_PERMIT_EXPIRING) == [
        utc(2026, 10, 23, 6, 0),  # 12 weeks: still summer time
        utc(2026, 11, 20, 7, 0),  # 8 weeks: winter time
        utc(2026, 12, 18, 7, 0),  # 4 weeks
    ]


def test_no_permit_reminder_before_eight_or_for_a_closed_case():
    open_case(client=ClientFactory(residence_permit_valid_until=date(2027, 1, 15)))
    closed = open_case(client=ClientFactory(residence_permit_valid_until=date(2027, 1, 15)))
    close(closed, on=date(2026, 10, 1))

    scan_at(berlin(2026, 12, 18, 7, 59))
    assert due_times(CASE_RESIDENCE_PERMIT_EXPIRING) == []
    scan_at(berlin(2026, 12, 18, 8, 0))

    assert Reminder.objects.filter(kind=CASE_RESIDENCE_PERMIT_EXPIRING).count() == 1


def test_permit_reminder_text_names_the_case_number_and_the_weeks():
    case = open_case(
        client=ClientFactory(first_name="Zerafina", residence_permit_valid_until=date(2027, 1, 15))
    )

    scan_at(berlin(2026, 12, 18, 8, 0))
    with time_machine.travel(berlin(2026, 12, 18, 8, 1), tick=False):
        reminders_dispatch()

    reminder = Reminder.objects.get(kind=CASE_RESIDENCE_PERMIT_EXPIRING)
    assert case.client.case_number in reminder.subject
    assert "4 Wochen" in reminder.subject
    assert "Zerafina" not in reminder.subject + reminder.body


# --- Goals -------------------------------------------------------------------------------


def test_open_goal_past_its_target_date_reminds_the_next_morning():
    case = open_case()
    goal(case, target_date=date(2026, 12, 1))
    goal(case, target_date=date(2026, 12, 1), status=GoalStatus.ACHIEVED)
    goal(case, target_date=date(2026, 12, 2))

    scan_at(berlin(2026, 12, 2, 9, 0))

    assert due_times(CASE_GOAL_TARGET_DATE_PASSED) == [utc(2026, 12, 2, 7, 0)]


# --- No contact --------------------------------------------------------------------------


def test_case_without_contact_for_60_days_reminds_its_manager():
    silent = open_case()
    contact(silent, berlin(2026, 10, 1, 10, 0))
    busy = open_case()
    contact(busy, berlin(2026, 10, 1, 10, 0))
    contact(busy, berlin(2026, 11, 15, 10, 0))

    scan_at(berlin(2026, 11, 30, 7, 59))
    assert due_times(CASE_NO_CONTACT) == []
    scan_at(berlin(2026, 11, 30, 8, 0))  # 1 Oct + 60 days

    reminder = Reminder.objects.get(kind=CASE_NO_CONTACT)
    assert (reminder.target_id, reminder.due_at) == (str(silent.pk), utc(2026, 11, 30, 7, 0))


def test_case_never_contacted_counts_from_its_opening():
    with time_machine.travel(berlin(2026, 10, 1, 9, 0), tick=False):
        case = CaseFactory(phase=Phase.ASSESSMENT)

    scan_at(berlin(2026, 11, 30, 8, 0))

    assert Reminder.objects.get(kind=CASE_NO_CONTACT).target_id == str(case.pk)


# --- Appointments ------------------------------------------------------------------------


def test_appointment_is_reminded_the_day_before_at_eight():
    case = open_case()
    appointment(case, berlin(2026, 12, 3, 9, 0))

    scan_at(berlin(2026, 12, 2, 7, 59))
    assert due_times(CASE_APPOINTMENT_TOMORROW) == []
    scan_at(berlin(2026, 12, 2, 8, 0))

    assert due_times(CASE_APPOINTMENT_TOMORROW) == [utc(2026, 12, 2, 7, 0)]


def test_appointment_made_after_its_reminder_time_gets_none():
    case = open_case()
    appointment(case, berlin(2026, 12, 3, 9, 0), created_at=berlin(2026, 12, 2, 10, 0))

    scan_at(berlin(2026, 12, 2, 11, 0))

    assert due_times(CASE_APPOINTMENT_TOMORROW) == []


def test_appointment_reminder_text_leaves_out_the_title():
    case = open_case(client=ClientFactory(first_name="Zerafina"))
    Appointment._unscoped.create(
        case=case,
        at=berlin(2026, 12, 3, 9, 0),
        title="Zerafina beim Jobcenter",
        created_by=case.case_manager,
        created_at=berlin(2026, 11, 1, 9, 0),
    )

    scan_at(berlin(2026, 12, 2, 8, 0))
    with time_machine.travel(berlin(2026, 12, 2, 8, 1), tick=False):
        reminders_dispatch()

    reminder = Reminder.objects.get(kind=CASE_APPOINTMENT_TOMORROW)
    assert case.client.case_number in reminder.body
    assert "09:00" in reminder.body
    assert "Zerafina" not in reminder.subject + reminder.body


# --- Exactly once, closure, efficiency ---------------------------------------------------


def everything_due_on_2_december():
    """One case with something of every kind due at 08:00 on 2 Dec 2026."""
    case = open_case(
        client=ClientFactory(residence_permit_valid_until=date(2026, 12, 30)),
        next_follow_up_at=date(2026, 12, 2),
    )
    contact(case, berlin(2026, 10, 3, 10, 0))
    goal(case, target_date=date(2026, 12, 1))
    appointment(case, berlin(2026, 12, 3, 9, 0))
    return case


def test_running_the_scan_twice_creates_nothing_new():
    everything_due_on_2_december()

    first = scan_at(berlin(2026, 12, 2, 8, 0))
    second = scan_at(berlin(2026, 12, 2, 8, 15))

    assert Reminder.objects.count() == 5
    assert set(first.values()) - {0} == {1}
    assert set(second.values()) == {0}


def test_catching_up_later_the_same_day_keeps_the_due_time():
    everything_due_on_2_december()

    scan_at(berlin(2026, 12, 2, 15, 0))  # beat was down all morning

    assert set(Reminder.objects.values_list("due_at", flat=True)) == {utc(2026, 12, 2, 7, 0)}


def close(case, *, on=None):
    with time_machine.travel(berlin(2026, 12, 2, 8, 5), tick=False):
        case_close(
            case=case,
            closure_reason=ClosureReason.GOALS_ACHIEVED,
            by=case.case_manager,
            closed_on=on,
        )


def test_a_closed_case_gets_no_reminders():
    case = everything_due_on_2_december()
    close(case, on=date(2026, 11, 30))

    scan_at(berlin(2026, 12, 2, 8, 15))

    assert not Reminder.objects.exists()


def test_closing_a_case_drops_its_pending_reminders_at_the_next_scan():
    case = everything_due_on_2_december()
    scan_at(berlin(2026, 12, 2, 8, 0))
    assert Reminder.objects.exclude(kind=CASE_DAILY_DIGEST).count() == 4

    close(case)
    scan_at(berlin(2026, 12, 2, 8, 15))

    # The digest is rendered from open cases at delivery; the others are gone.
    assert list(Reminder.objects.values_list("kind", flat=True)) == [CASE_DAILY_DIGEST]


def test_a_sent_reminder_survives_the_closure():
    case = everything_due_on_2_december()
    scan_at(berlin(2026, 12, 2, 8, 0))
    with time_machine.travel(berlin(2026, 12, 2, 8, 1), tick=False):
        reminders_dispatch()  # also adds the per-case follow-up reminder
    sent = set(Reminder.objects.values_list("pk", flat=True))

    close(case)
    scan_at(berlin(2026, 12, 2, 8, 15))

    assert set(Reminder.objects.values_list("pk", flat=True)) == sent


def test_scan_query_count_does_not_grow_with_the_number_of_cases():
    def queries_of_a_repeated_scan(cases: int) -> int:
        Reminder.objects.all().delete()
        for _i in range(cases):
            everything_due_on_2_december()
        scan_at(berlin(2026, 12, 2, 8, 0))
        with CaptureQueriesContext(connection) as queries:
            scan_at(berlin(2026, 12, 2, 8, 15))
        return len(queries)

    assert queries_of_a_repeated_scan(2) == queries_of_a_repeated_scan(6)


def test_the_scan_task_runs_the_scan():
    everything_due_on_2_december()

    with time_machine.travel(berlin(2026, 12, 2, 8, 0), tick=False):
        report = scan_case_reminders.run()

    assert report["remind_case_managers_of_their_day"] == 1
    assert Reminder.objects.filter(kind=CASE_DAILY_DIGEST).count() == 1


def test_reminder_schedule_refuses_a_second_row_for_the_same_occasion():
    case = everything_due_on_2_december()
    scan_at(berlin(2026, 12, 2, 8, 0))

    again = reminder_schedule(
        kind=CASE_NO_CONTACT,
        target=case,
        due_at=utc(2026, 12, 2, 7, 0),
        recipient=case.case_manager,
    )

    assert again is False


# --- Beat schedule and settings ----------------------------------------------------------


def test_one_beat_entry_runs_the_scan_and_one_the_nightly_anonymisation():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]

    assert tasks.count("cases.tasks.scan_case_reminders") == 1
    assert tasks.count("cases.tasks.anonymise_closed_cases") == 1


def test_retention_defaults_to_three_years():
    assert settings.CASES_RETENTION_DAYS == 1095
