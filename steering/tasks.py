"""Celery tasks of the steering area: thin wrappers around services."""

from celery import shared_task

from .dashboard import dashboard_warm
from .reminders import steering_reminders_scan


@shared_task(ignore_result=True)
def scan_steering_reminders() -> dict:
    """Every 15 minutes: create the steering reminders that have fallen due (meeting
    invitations, action items due soon and overdue); the reminder dispatcher delivers them.
    Idempotent. Returns counts only."""
    return steering_reminders_scan()


@shared_task(ignore_result=True)
def warm_dashboard() -> None:
    """Every 4 minutes: the default dashboard's aggregates into the cache."""
    dashboard_warm()
