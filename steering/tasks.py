"""Celery tasks of the steering area: thin wrappers around services."""

from celery import shared_task

from .reminders import steering_reminders_scan


@shared_task(ignore_result=True)
def scan_steering_reminders() -> dict:
    """Every 15 minutes: create the steering reminders that have fallen due (meeting
    invitations, action items due soon and overdue); the reminder dispatcher delivers them.
    Idempotent. Returns counts only."""
    return steering_reminders_scan()
