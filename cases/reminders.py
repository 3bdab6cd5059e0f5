"""What case management asks the reminder engine to send: handovers and follow-ups.

Texts name the case number only, never the client: notifications and emails leave the
protected case area (mail servers, lock screens)."""

from datetime import datetime, time, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kim_portal.reminder_engine import (
    BERLIN,
    RenderedReminder,
    berlin_due_at,
    reminder_kind,
    reminder_producer,
    reminder_schedule,
)

CASE_REASSIGNED = "cases.case_reassigned"
CASE_FOLLOW_UP_DUE = "cases.follow_up_due"
FOLLOW_UP_AT = time(8, 0)


def case_link(case_id: int) -> str:
    """The case's page, once the views exist (``cases:case_detail``); empty until then."""
    try:
        return reverse("cases:case_detail", args=[case_id])
    except NoReverseMatch:
        return ""


@reminder_kind(CASE_REASSIGNED)
def render_case_reassigned(reminder) -> RenderedReminder:
    handover = reminder.target
    if handover is None:
        return RenderedReminder(_("Fall nicht mehr vorhanden"), "", "")
    case = handover.case
    return RenderedReminder(
        subject=_("Fall %(case_number)s übergeben") % {"case_number": case.client.case_number},
        body=_(
            "Der Fall %(case_number)s wurde von %(from)s an %(to)s übergeben. Die "
            "Übergabenotiz finden Sie im Fall."
        )
        % {
            "case_number": case.client.case_number,
            "from": handover.from_user,
            "to": handover.to_user,
        },
        link=case_link(case.pk),
    )


@reminder_kind(CASE_FOLLOW_UP_DUE)
def render_follow_up_due(reminder) -> RenderedReminder:
    case = reminder.target
    if case is None:
        return RenderedReminder(_("Fall nicht mehr vorhanden"), "", "")
    return RenderedReminder(
        subject=_("Wiedervorlage: Fall %(case_number)s") % {"case_number": case.client.case_number},
        body=_("Der Fall %(case_number)s ist zum %(date)s zur Wiedervorlage vorgemerkt.")
        % {
            "case_number": case.client.case_number,
            "date": date_format(reminder.due_at.date(), "SHORT_DATE_FORMAT"),
        },
        link=case_link(case.pk),
    )


@reminder_producer
def remind_case_managers_of_follow_ups(now: datetime) -> int:
    """On a case's follow-up date (08:00 Europe/Berlin) its case manager is reminded."""
    from .selectors import cases_follow_up_due

    today = timezone.localdate(now)
    created = 0
    # Yesterday too: a dispatcher that was down at 08:00 catches up; older dates are left
    # alone so overdue cases are not rescanned every minute.
    for case in cases_follow_up_due(since=today - timedelta(days=1), until=today):
        due_at = berlin_due_at(
            datetime.combine(case.next_follow_up_at, FOLLOW_UP_AT, tzinfo=BERLIN),
            at=FOLLOW_UP_AT,
        )
        if due_at <= now:
            created += reminder_schedule(
                kind=CASE_FOLLOW_UP_DUE, target=case, due_at=due_at, recipient=case.case_manager
            )
    return created
