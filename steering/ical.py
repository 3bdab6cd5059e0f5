"""A member's private calendar feed of steering meetings (``steering_api:calendar_feed``).

One VEVENT per meeting the token's owner may see (``meetings_for_calendar_token``), past
and future, cancelled ones included with ``STATUS:CANCELLED`` so subscribed calendars drop
or strike them. The encoding (Europe/Berlin VTIMEZONE, escaping, folding, CRLF) is
``offers.ics``; only what a meeting adds is here. The UID is the meeting's id, so an event
keeps its identity when the meeting moves, is renamed or cancelled.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext

from kim_portal.reminder_engine import BERLIN
from offers.ics import CalendarEvent, calendar_text_with_properties

from .choices import MeetingState
from .models import Meeting

PRODID = "-//KIM Portal Maerkischer Kreis//Lenkungsgruppe//DE"
# Subscribers reload every two hours: a moved or cancelled meeting shows soon enough.
REFRESH_INTERVAL = "PT2H"


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's stable iCalendar UID (never changes with its data)."""
    return f"steering-meeting-{meeting.pk}@kim-portal"


def _status(meeting: Meeting) -> str:
    # A planned meeting's invitation is not out yet: its time may still change.
    if meeting.state == MeetingState.CANCELLED:
        return "CANCELLED"
    if meeting.state == MeetingState.PLANNED:
        return "TENTATIVE"
    return "CONFIRMED"


def meeting_event(meeting: Meeting) -> tuple[CalendarEvent, list[str]]:
    """The meeting as a calendar event with its extra property (STATUS)."""
    cancelled = meeting.state == MeetingState.CANCELLED
    summary = meeting.name
    if cancelled:
        summary = gettext("Abgesagt: %(name)s") % {"name": meeting.name}
    description = [meeting.body.name]
    if meeting.video_url:
        description.append(gettext("Video-Link: %(url)s") % {"url": meeting.video_url})
    event = CalendarEvent(
        uid=meeting_uid(meeting),
        summary=summary,
        # Berlin wall times: offers.ics writes them with TZID=Europe/Berlin.
        start=meeting.start.astimezone(BERLIN).replace(tzinfo=None),
        end=meeting.end.astimezone(BERLIN).replace(tzinfo=None),
        location=meeting.location,
        description="\n\n".join(description),
        url=meeting.video_url,
        last_modified=meeting.modified,
    )
    return event, [f"STATUS:{_status(meeting)}"]


def calendar_feed_text(meetings) -> str:
    """The whole VCALENDAR for ``meetings`` (German texts: the feed has no language)."""
    with translation.override("de"):
        events = [meeting_event(meeting) for meeting in meetings]
        return calendar_text_with_properties(
            events,
            name=gettext("Sitzungen der Lenkungsgruppe KIM"),
            now=timezone.now(),
            prodid=PRODID,
            refresh_interval=REFRESH_INTERVAL,
        )
