"""Celery tasks of case management: thin wrappers around services."""

from celery import shared_task

from .services import cases_anonymise_closed


@shared_task(ignore_result=True)
def anonymise_closed_cases() -> dict:
    """Nightly: anonymise clients whose cases closed longer ago than the retention period
    (``CASES_RETENTION_DAYS``). Returns counts only."""
    report = cases_anonymise_closed()
    return {"clients": report.clients, "cases": report.cases}
