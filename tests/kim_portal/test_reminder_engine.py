"""The reminder engine delivers each due reminder exactly once: against concurrent
dispatchers, dead workers, SMTP failures and a real Celery worker."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from kim_portal.models import Reminder
from kim_portal.reminder_engine import (
    CLAIM_TIMEOUT,
    reminder_schedule,
    reminders_claim,
    reminders_dispatch,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.kim_portal.sample_reminders import BROKEN_KIND, SAMPLE_KIND, rendered_languages

FAILING_MAILER = {"default": {"BACKEND": "tests.kim_portal.failing_backend.FailingBackend"}}


def _due_reminder(*, recipient=None, due_at=None) -> Reminder:
    recipient = recipient or UserFactory()
    target = OrganisationFactory()
    reminder_schedule(
        kind=SAMPLE_KIND,
        target=target,
        due_at=due_at or timezone.now() - timedelta(minutes=1),
        recipient=recipient,
    )
    return Reminder.objects.get(target_id=str(target.pk), recipient=recipient)


# --- creating ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_scheduling_the_same_reminder_twice_creates_one_row():
    recipient, target = UserFactory(), OrganisationFactory()
    due_at = timezone.now() + timedelta(days=1)

    first = reminder_schedule(kind=SAMPLE_KIND, target=target, due_at=due_at, recipient=recipient)
    second = reminder_schedule(kind=SAMPLE_KIND, target=target, due_at=due_at, recipient=recipient)

    assert (first, second) == (True, False)
    assert Reminder.objects.filter(recipient=recipient).count() == 1


@pytest.mark.django_db
def test_scheduling_an_unregistered_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown reminder kind"):
        reminder_schedule(
            kind="tests.nobody_registered_this",
            target=OrganisationFactory(),
            due_at=timezone.now(),
            recipient=UserFactory(),
        )


@pytest.mark.django_db
def test_reminder_not_yet_due_is_not_delivered():
    reminder = _due_reminder(due_at=timezone.now() + timedelta(minutes=5))

    reminders_dispatch()

    reminder.refresh_from_db()
    assert (reminder.notified_at, reminder.emailed_at, len(mail.outbox)) == (None, None, 0)


# --- delivering -------------------------------------------------------------------------


@pytest.mark.django_db
def test_due_reminder_is_shown_in_the_portal_and_emailed_once():
    reminder = _due_reminder()

    sent = reminders_dispatch() + reminders_dispatch()

    reminder.refresh_from_db()
    assert sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reminder.recipient.email]
    assert reminder.notified_at is not None
    assert reminder.emailed_at is not None


@pytest.mark.django_db
def test_reminder_is_rendered_in_the_recipients_preferred_language():
    rendered_languages.clear()
    _due_reminder(recipient=UserFactory(preferred_language="en"))

    reminders_dispatch()

    assert rendered_languages == ["en"]


@pytest.mark.django_db
def test_reminder_for_an_inactive_recipient_is_only_shown_in_the_portal():
    reminder = _due_reminder(recipient=UserFactory(is_active=False))

    reminders_dispatch()

    reminder.refresh_from_db()
    assert len(mail.outbox) == 0
    assert reminder.notified_at is not None
    assert reminder.emailed_at is not None  # done: nobody to email


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_running_at_once_email_a_due_reminder_once():
    reminder = _due_reminder()
    barrier = threading.Barrier(2)
    sent, errors = [], []

    def dispatcher():
        try:
            barrier.wait(timeout=10)
            sent.append(reminders_dispatch())
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    reminder.refresh_from_db()
    assert errors == []
    assert sorted(sent) == [0, 1]
    assert len(mail.outbox) == 1
    assert reminder.emailed_at is not None


@pytest.mark.django_db
def test_reminder_that_cannot_be_rendered_does_not_hold_up_the_others():
    recipient = UserFactory()
    reminder_schedule(
        kind=BROKEN_KIND,
        target=OrganisationFactory(),
        due_at=timezone.now() - timedelta(hours=1),  # first in the batch
        recipient=recipient,
    )
    fine = _due_reminder(recipient=recipient)

    reminders_dispatch()

    fine.refresh_from_db()
    assert fine.emailed_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reminder_that_cannot_be_rendered_is_released_for_a_later_retry():
    reminder_schedule(
        kind=BROKEN_KIND,
        target=OrganisationFactory(),
        due_at=timezone.now() - timedelta(minutes=1),
        recipient=UserFactory(),
    )

    reminders_dispatch()

    broken = Reminder.objects.get(kind=BROKEN_KIND)
    assert broken.claimed_at is None
    assert broken.emailed_at is None
    assert broken.next_attempt_at > timezone.now()
    assert "RuntimeError" in broken.last_error


# --- a worker that died after claiming ----------------------------------------------------


@pytest.mark.django_db
def test_reminder_claimed_by_a_dead_worker_is_not_sent_while_the_claim_is_fresh(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    reminder = _due_reminder()
    reminders_claim(timezone.now())  # ... and the worker dies before delivering

    time_machine.move_to(start + CLAIM_TIMEOUT - timedelta(seconds=1), tick=False)
    reminders_dispatch()

    reminder.refresh_from_db()
    assert len(mail.outbox) == 0
    assert reminder.emailed_at is None


@pytest.mark.django_db
def test_reminder_claimed_by_a_dead_worker_is_sent_once_after_the_claim_timeout(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    reminder = _due_reminder()
    reminders_claim(timezone.now())

    time_machine.move_to(start + CLAIM_TIMEOUT + timedelta(seconds=1), tick=False)
    sent = reminders_dispatch() + reminders_dispatch()

    reminder.refresh_from_db()
    assert sent == 1
    assert len(mail.outbox) == 1
    assert reminder.emailed_at is not None


# --- SMTP failure ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_smtp_failure_keeps_the_reminder_for_a_retry_and_shows_it_in_the_portal(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    reminder = _due_reminder()

    with override_settings(MAILERS=FAILING_MAILER):
        sent = reminders_dispatch()

    reminder.refresh_from_db()
    assert sent == 0
    assert reminder.emailed_at is None
    assert reminder.claimed_at is None
    assert reminder.attempts == 1
    assert reminder.next_attempt_at > start
    assert "SMTPException" in reminder.last_error
    assert reminder.notified_at is not None


@pytest.mark.django_db
def test_smtp_failure_is_not_retried_before_the_backoff(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    reminder = _due_reminder()
    with override_settings(MAILERS=FAILING_MAILER):
        reminders_dispatch()
    reminder.refresh_from_db()

    time_machine.move_to(reminder.next_attempt_at - timedelta(seconds=1), tick=False)
    reminders_dispatch()

    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_reminder_that_failed_over_smtp_is_sent_once_after_the_backoff(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    reminder = _due_reminder()
    with override_settings(MAILERS=FAILING_MAILER):
        reminders_dispatch()
    reminder.refresh_from_db()

    time_machine.move_to(reminder.next_attempt_at, tick=False)
    sent = reminders_dispatch() + reminders_dispatch()

    reminder.refresh_from_db()
    assert sent == 1
    assert len(mail.outbox) == 1
    assert reminder.emailed_at is not None
    assert reminder.last_error == ""


@pytest.mark.django_db
def test_repeated_smtp_failures_back_off_further(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    reminder = _due_reminder()
    waits = []
    with override_settings(MAILERS=FAILING_MAILER):
        for _ in range(3):
            reminders_dispatch()
            reminder.refresh_from_db()
            waits.append(reminder.next_attempt_at - timezone.now())
            time_machine.move_to(reminder.next_attempt_at, tick=False)

    assert reminder.attempts == 3
    assert waits[0] < waits[1] < waits[2]


# --- through a real Celery worker on the real Redis broker -----------------------------------


def test_celery_uses_the_redis_broker_of_the_environment(celery_app):
    from django.conf import settings

    assert celery_app.conf.broker_url == settings.REDIS_URL
    assert celery_app.conf.task_always_eager is False


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_dispatch_task_enqueued_twice_on_a_real_worker_emails_once(celery_app):
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    from kim_portal.tasks import dispatch_due_reminders

    reminder = _due_reminder()
    finished = []

    def after_task(sender=None, **kwargs):
        if sender is not None and sender.name == dispatch_due_reminders.name:
            connections.close_all()  # runs in the worker thread: close its connections
            finished.append(kwargs.get("retval"))

    task_postrun.connect(after_task, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            dispatch_due_reminders.delay()
            dispatch_due_reminders.delay()
            deadline = time.monotonic() + 30
            while len(finished) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        task_postrun.disconnect(after_task)

    reminder.refresh_from_db()
    assert sorted(finished) == [0, 1]
    assert reminder.emailed_at is not None
    assert len(mail.outbox) == 1
