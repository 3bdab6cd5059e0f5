"""Celery tasks of the core: thin wrappers around services."""

from celery import shared_task
from django.core.management import call_command

from .reminder_engine import reminders_dispatch


@shared_task(ignore_result=True)
def dispatch_due_reminders() -> int:
    return reminders_dispatch()


@shared_task(ignore_result=True)
def nightly_housekeeping() -> None:
    """Deletes expired sessions (staff sessions end after 30 idle minutes)."""
    call_command("clearsessions")
