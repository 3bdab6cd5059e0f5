"""What the steering area asks the reminder engine to send.

* **Meeting invitation** (``steering.meeting_invitation``): to every member of the body
  (memberships active on the meeting day), with the agenda, ``Meeting.invitation_days``
  calendar days before the start (Berlin wall clock) — but not before the coordinator
  released it (``meeting_invite``). If the meeting is moved, the new start gives a new due
  time and therefore a new invitation with the new date; the old one, if not yet emailed,
  is dropped by ``meeting_update``.
* **Action item due soon** (``steering.action_item_due_soon``): to the owner,
  ``ACTION_ITEM_DUE_SOON_DAYS`` (default 7, setting ``STEERING_ACTION_DUE_SOON_DAYS``)
  calendar days before the due date, 08:00 Europe/Berlin.
* **Action item overdue** (``steering.action_item_overdue``): to the owner, 08:00
  Europe/Berlin on the day after the due date.

The producers run in ``steering_reminders_scan`` (beat task
``steering.tasks.scan_steering_reminders``, every 15 minutes), not in the engine's
every-minute dispatcher: they look at every open action item. Each reminder has a fixed due
time derived from stored dates, so the engine's unique key (kind, target, due time,
recipient) makes it exist once — however often the scan runs. A missed run is caught up
for ``CATCH_UP_DAYS``; older occasions are not reminded (no flood after an outage or at the
first deployment). Done or dropped items get no reminders; those not yet emailed are
cancelled when the item is closed.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from kim_portal.reminder_engine import (
    BERLIN,
    RenderedReminder,
    berlin_due_at,
    reminder_kind,
    reminder_schedule,
)

from .choices import ACTION_ITEM_OPEN_STATUSES, MeetingState
from .models import ActionItem, Meeting
from .selectors import memberships_active

MEETING_INVITATION = "steering.meeting_invitation"
ACTION_ITEM_DUE_SOON = "steering.action_item_due_soon"
ACTION_ITEM_OVERDUE = "steering.action_item_overdue"

REMINDER_AT = time(8, 0)
CATCH_UP_DAYS = 7
DEFAULT_DUE_SOON_DAYS = 7


def due_soon_days() -> int:
    return getattr(settings, "STEERING_ACTION_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS)


def _link(name: str, pk: int) -> str:
    """The page of the object, once the views exist; empty until then."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _at_reminder_time(day: date) -> datetime:
    return berlin_due_at(datetime.combine(day, REMINDER_AT, tzinfo=BERLIN), at=REMINDER_AT)


# --- Rendering -----------------------------------------------------------------------------------


@reminder_kind(MEETING_INVITATION)
def render_meeting_invitation(reminder) -> RenderedReminder:
    meeting = reminder.target
    if meeting is None:
        return RenderedReminder(_("Sitzung nicht mehr vorhanden"), "", "")
    start = meeting.start.astimezone(BERLIN)
    end = meeting.end.astimezone(BERLIN)
    values = {
        "body": meeting.body.name,
        "name": meeting.name,
        "date": date_format(start.date(), "DATE_FORMAT"),
        "start": time_format(start.time(), "TIME_FORMAT"),
        "end": time_format(end.time(), "TIME_FORMAT"),
    }
    lines = [
        _("Einladung zur Sitzung „%(name)s“ (%(body)s) am %(date)s, %(start)s–%(end)s Uhr.")
        % values
    ]
    if meeting.location:
        lines.append(_("Ort: %(location)s") % {"location": meeting.location})
    if meeting.video_url:
        lines.append(_("Video-Link: %(url)s") % {"url": meeting.video_url})
    lines.append("")
    lines.append(_("Tagesordnung:"))
    for item in meeting.agenda_items.order_by("order", "pk"):
        lines.append(f"TOP {item.number}: {item.title}")
    lines.append("")
    lines.append(_("Die Unterlagen finden Sie im Portal."))
    return RenderedReminder(
        subject=_("Einladung: %(name)s am %(date)s") % values,
        body="\n".join(lines),
        link=_link("steering:meeting_detail", meeting.pk),
    )


def _action_item_values(item: ActionItem) -> dict:
    return {
        "title": item.title,
        "date": date_format(item.due_date, "SHORT_DATE_FORMAT"),
        "meeting": item.agenda_item.meeting.name,
    }


@reminder_kind(ACTION_ITEM_DUE_SOON)
def render_action_item_due_soon(reminder) -> RenderedReminder:
    item = reminder.target
    if item is None:
        return RenderedReminder(_("Aufgabe nicht mehr vorhanden"), "", "")
    values = _action_item_values(item)
    return RenderedReminder(
        subject=_("Aufgabe bald fällig: %(title)s") % values,
        body=_(
            "Ihre Aufgabe „%(title)s“ aus der Sitzung „%(meeting)s“ ist am %(date)s fällig. "
            "Bitte tragen Sie den Sachstand im Portal ein."
        )
        % values,
        link=_link("steering:action_item_detail", item.pk),
    )


@reminder_kind(ACTION_ITEM_OVERDUE)
def render_action_item_overdue(reminder) -> RenderedReminder:
    item = reminder.target
    if item is None:
        return RenderedReminder(_("Aufgabe nicht mehr vorhanden"), "", "")
    values = _action_item_values(item)
    return RenderedReminder(
        subject=_("Aufgabe überfällig: %(title)s") % values,
        body=_(
            "Ihre Aufgabe „%(title)s“ aus der Sitzung „%(meeting)s“ war am %(date)s fällig "
            "und ist noch nicht erledigt. Bitte tragen Sie den Sachstand ein oder klären Sie "
            "mit der KIM-Koordination einen neuen Termin."
        )
        % values,
        link=_link("steering:action_item_detail", item.pk),
    )


# --- Producers -----------------------------------------------------------------------------------


def meeting_invitations_schedule(meeting: Meeting, *, now: datetime) -> int:
    """Create the invitations of one released meeting if their time has come."""
    due_at = meeting.invitation_due_at()
    if meeting.state != MeetingState.INVITED or due_at is None or due_at > now:
        return 0
    created = 0
    for membership in memberships_active(body=meeting.body, on=meeting.local_date):
        if membership.user.is_active:
            created += reminder_schedule(
                kind=MEETING_INVITATION, target=meeting, due_at=due_at, recipient=membership.user
            )
    return created


def remind_members_of_meetings(now: datetime) -> int:
    """Invitations whose time has come, for released (``invited``) meetings still ahead."""
    meetings = Meeting.objects.filter(state=MeetingState.INVITED, start__gt=now).select_related(
        "body"
    )
    return sum(meeting_invitations_schedule(meeting, now=now) for meeting in meetings)


def _open_items_due_between(first: date, last: date):
    return ActionItem.objects.filter(
        status__in=ACTION_ITEM_OPEN_STATUSES, due_date__range=(first, last)
    ).select_related("owner")


def remind_owners_of_action_items_due_soon(now: datetime) -> int:
    """``due_soon_days()`` before the due date, 08:00 Berlin."""
    today = now.astimezone(BERLIN).date()
    days = due_soon_days()
    created = 0
    # Reminder days from CATCH_UP_DAYS ago up to today, i.e. these due dates:
    first = today - timedelta(days=CATCH_UP_DAYS) + timedelta(days=days)
    last = today + timedelta(days=days)
    for item in _open_items_due_between(first, last):
        due_at = _at_reminder_time(item.due_date - timedelta(days=days))
        if due_at <= now and item.due_date >= today:
            created += reminder_schedule(
                kind=ACTION_ITEM_DUE_SOON, target=item, due_at=due_at, recipient=item.owner
            )
    return created


def remind_owners_of_overdue_action_items(now: datetime) -> int:
    """08:00 Berlin on the day after the due date."""
    today = now.astimezone(BERLIN).date()
    created = 0
    first, last = today - timedelta(days=CATCH_UP_DAYS + 1), today - timedelta(days=1)
    for item in _open_items_due_between(first, last):
        due_at = _at_reminder_time(item.due_date + timedelta(days=1))
        if due_at <= now:
            created += reminder_schedule(
                kind=ACTION_ITEM_OVERDUE, target=item, due_at=due_at, recipient=item.owner
            )
    return created


def steering_reminders_scan(now: datetime | None = None) -> dict:
    """Create the steering reminders that have fallen due (idempotent); the engine's
    dispatcher delivers them. Returns counts of newly created reminders."""
    now = now or timezone.now()
    return {
        "invitations": remind_members_of_meetings(now),
        "due_soon": remind_owners_of_action_items_due_soon(now),
        "overdue": remind_owners_of_overdue_action_items(now),
    }
