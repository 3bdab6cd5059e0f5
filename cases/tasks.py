"""Celery tasks of case management: thin wrappers around services."""

from celery import shared_task

from .reminders import case_reminders_scan
from .services import cases_anonymise_closed


@shared_task(ignore_result=True)
def anonymise_closed_cases() -> dict:
    """Nightly: anonymise clients whose cases closed longer ago than the retention period
    (``CASES_RETENTION_DAYS``). Returns counts only."""
    report = cases_anonymise_closed()
    return {"clients": report.clients, "cases": report.cases}


@shared_task(ignore_result=True)
def scan_case_reminders() -> dict:
    """Every 15 minutes: create the case reminders that have fallen due (daily digest,
    expiring residence permits, goals past their target date, cases without contact,
    appointments tomorrow) and drop those of closed cases; the reminder dispatcher delivers
    them. Idempotent. Returns counts only."""
    return case_reminders_scan()
