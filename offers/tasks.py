"""Celery tasks of the offer catalogue: thin wrappers around services.

The review reminders need no task of their own: their producers in ``offers.reminders``
run with every reminder dispatch.
"""

from celery import shared_task
from django.utils import timezone

from .services import offers_archive_expired


@shared_task(ignore_result=True)
def archive_expired_offers() -> int:
    """Nightly: archive published offers whose validity has ended."""
    return offers_archive_expired(now=timezone.now())
