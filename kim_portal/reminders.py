"""What the core asks the reminder engine to send: unaccepted invitations."""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Invitation
from .reminder_engine import (
    RenderedReminder,
    berlin_due_at,
    reminder_kind,
    reminder_producer,
    reminder_schedule,
)

INVITATION_NOT_ACCEPTED = "invitation_not_accepted"


@reminder_kind(INVITATION_NOT_ACCEPTED)
def render_invitation_not_accepted(reminder) -> RenderedReminder:
    invitation = reminder.target
    if invitation is None:
        return RenderedReminder(_("Einladung nicht mehr vorhanden"), "", "")
    return RenderedReminder(
        subject=_("Einladung noch nicht angenommen: %(email)s") % {"email": invitation.email},
        body=ngettext(
            "Ihre Einladung an %(email)s vom %(date)s wurde nach %(days)s Tag noch nicht "
            "angenommen. Sie können sie erneut senden oder zurückziehen.",
            "Ihre Einladung an %(email)s vom %(date)s wurde nach %(days)s Tagen noch nicht "
            "angenommen. Sie können sie erneut senden oder zurückziehen.",
            settings.INVITATION_REMINDER_AFTER_DAYS,
        )
        % {
            "email": invitation.email,
            "date": date_format(localtime(invitation.created_at), "SHORT_DATE_FORMAT"),
            "days": settings.INVITATION_REMINDER_AFTER_DAYS,
        },
        link=reverse("admin:kim_portal_invitation_change", args=[invitation.pk]),
    )


@reminder_producer
def remind_inviters_of_unaccepted_invitations(now: datetime) -> int:
    """An invitation still open after the reminder period reminds the person who sent it."""
    days = settings.INVITATION_REMINDER_AFTER_DAYS
    # One day of slack covers DST; the exact due time is computed in Europe/Berlin below.
    candidates = Invitation.objects.filter(
        accepted_at=None,
        revoked_at=None,
        invited_by__isnull=False,
        created_at__lte=now - timedelta(days=days) + timedelta(days=1),
        expires_at__gt=now - timedelta(days=1),
    ).select_related("invited_by")
    created = 0
    for invitation in candidates:
        due_at = berlin_due_at(invitation.created_at, days=days)
        if due_at <= now:
            created += reminder_schedule(
                kind=INVITATION_NOT_ACCEPTED,
                target=invitation,
                due_at=due_at,
                recipient=invitation.invited_by,
            )
    return created
