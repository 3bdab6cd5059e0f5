"""The iCalendar feed of an API search: ``/api/v1/services.ics?…`` gives one VEVENT per
dated schedule (course dates, single dates) of the matching offers, in the language asked
for, at most ``MAX_EVENTS``. Calendar apps can subscribe to it.

Which schedules: ``api_selectors.calendar_schedules`` reads them, ``offers.ics`` leaves out
those that have ended or whose rule it cannot read, exactly as for the detail page's file.
The iCalendar encoding (escaping,
folding, Europe/Berlin, RRULE) is ``offers.ics``, shared with the detail page's file.
"""

from django.utils import timezone

from .api_serializers import html_to_text, offer_page_url, offer_texts
from .ics import CalendarEvent, calendar_text, schedule_event
from .models import Schedule

MAX_EVENTS = 500
# Subscribers reload twice a day (RFC 7986 REFRESH-INTERVAL).
REFRESH_INTERVAL = "PT12H"


def feed_event(schedule: Schedule, lang: str) -> CalendarEvent | None:
    """The schedule's event with the offer's texts in ``lang`` (German where missing); None
    for a schedule that has ended or whose rule the portal cannot read — as in the detail
    page's file (``offers.ics``)."""
    offer = schedule.offer_location.offer
    texts, _languages, _state = offer_texts(offer, lang)
    return schedule_event(
        schedule,
        offer=offer,
        location=schedule.offer_location.location,
        title=texts["title"],
        summary=texts["summary"] or html_to_text(texts["description"]),
        url=offer_page_url(offer, lang),
    )


def feed_text(schedules: list[Schedule], *, lang: str, name: str) -> str:
    """The feed as a whole VCALENDAR."""
    events = []
    for schedule in schedules:
        event = feed_event(schedule, lang)
        if event is not None:
            events.append(event)
    return calendar_text(events, name=name, now=timezone.now(), refresh_interval=REFRESH_INTERVAL)
