"""Reads of the shared core."""

from django.shortcuts import get_object_or_404

from .models import Reminder


def notifications_for_user(*, user):
    """The user's in-app notifications (delivered reminders), newest first."""
    return Reminder.objects.filter(recipient=user, notified_at__isnull=False).order_by(
        "-notified_at", "-id"
    )


def notification_unread_count(*, user) -> int:
    return Reminder.objects.filter(recipient=user, notified_at__isnull=False, read_at=None).count()


def notification_for_user(user, pk: int) -> Reminder:
    """One of the user's own notifications, or 404 (also for other people's)."""
    return get_object_or_404(notifications_for_user(user=user), pk=pk)
