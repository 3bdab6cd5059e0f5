"""What case management asks the reminder engine to send.

* handovers (at once, from ``case_reassign``) and follow-ups (per case, 08:00 on the day,
  produced by the engine's every-minute dispatcher);
* from the case reminder scan (``case_reminders_scan``, run by the Celery beat task
  ``cases.tasks.scan_case_reminders`` every 15 minutes, not by the dispatcher: it looks at
  every open case of the district): the case manager's daily digest, expiring residence
  permits, goals past their target date, open cases without contact, and appointments the
  day before.

Every reminder of the scan is due at 08:00 Europe/Berlin (stored in UTC) on its day and is
created once that time has come, so what the producer sees is the state at the due time:
closed cases, achieved goals and past appointments are simply skipped. A run missed (beat or
worker down) is caught up later, up to ``CATCH_UP_DAYS`` back; older occasions are not
reminded (no flood after an outage or at the first deployment). Running twice creates
nothing new: the engine's unique key, plus one look-up of existing rows per producer so
repeated scans do not even try to insert.

Texts name the case number only, never the client: notifications and emails leave the
protected case area (mail servers, lock screens)."""

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kim_portal.models import Reminder, User
from kim_portal.reminder_engine import (
    BERLIN,
    RenderedReminder,
    berlin_due_at,
    reminder_kind,
    reminder_schedule,
    reminders_cancel,
)

from .choices import GoalStatus, LifeDomain
from .models import Appointment, Case, Goal

logger = logging.getLogger(__name__)

CASE_REASSIGNED = "cases.case_reassigned"
# Follow-up dates are reminded in the daily digest (below), not one by one.


def case_link(case_id: int) -> str:
    """The case's page."""
    return reverse("cases:case_detail", args=[case_id])


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


# --- The case reminder scan ------------------------------------------------------------------

CASE_DAILY_DIGEST = "cases.daily_digest"
CASE_RESIDENCE_PERMIT_EXPIRING = "cases.residence_permit_expiring"
CASE_GOAL_TARGET_DATE_PASSED = "cases.goal_target_date_passed"
CASE_NO_CONTACT = "cases.no_contact"
CASE_APPOINTMENT_TOMORROW = "cases.appointment_tomorrow"

REMINDER_AT = time(8, 0)  # 08:00 Europe/Berlin: the start of the working day
CATCH_UP_DAYS = 7
PERMIT_EXPIRY_WEEKS = (12, 8, 4)
NO_CONTACT_DAYS = 60


def _berlin_day(now: datetime) -> date:
    return now.astimezone(BERLIN).date()


def _at_reminder_time(day: date) -> datetime:
    """``REMINDER_AT`` on ``day`` in Europe/Berlin, in UTC (07:00 UTC in winter, 06:00 in
    summer)."""
    return berlin_due_at(datetime.combine(day, REMINDER_AT, tzinfo=BERLIN), at=REMINDER_AT)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """Start of ``day`` and of the next day in Europe/Berlin (a DST day has 23 or 25 h)."""
    return (
        datetime.combine(day, time(0), tzinfo=BERLIN),
        datetime.combine(day + timedelta(days=1), time(0), tzinfo=BERLIN),
    )


def _cases_link() -> str:
    """The case manager's caseload."""
    return reverse("cases:caseload")


def _schedule_new(kind: str, model, wanted: list[tuple[int, datetime, int]]) -> int:
    """Create the reminders ``(target id, due at, recipient id)`` of ``kind`` that do not
    exist yet. One query finds the existing ones; each new reminder is one insert through
    the engine (whose unique key still decides between concurrent scans)."""
    if not wanted:
        return 0
    existing = set(
        Reminder.objects.filter(
            kind=kind,
            target_type=ContentType.objects.get_for_model(model),
            target_id__in={str(target_id) for target_id, _due, _to in wanted},
        ).values_list("target_id", "due_at", "recipient_id")
    )
    created = 0
    for target_id, due_at, recipient_id in wanted:
        if (str(target_id), due_at, recipient_id) in existing:
            continue
        # Bare instances: the engine needs only the model and the primary keys.
        created += reminder_schedule(
            kind=kind, target=model(pk=target_id), due_at=due_at, recipient=User(pk=recipient_id)
        )
    return created


# Daily digest ---------------------------------------------------------------------------


@reminder_kind(CASE_DAILY_DIGEST)
def render_daily_digest(reminder) -> RenderedReminder:
    from .selectors import case_digest_items

    day = _berlin_day(reminder.due_at)
    start, end = _day_bounds(day)
    digest = case_digest_items(
        manager_id=reminder.recipient_id, day=day, day_start=start, day_end=end
    )
    values = {"date": date_format(day, "SHORT_DATE_FORMAT")}
    subject = _("Ihre Fälle am %(date)s: Wiedervorlagen und Termine") % values
    if not digest:
        return RenderedReminder(
            subject=subject,
            body=_("Für den %(date)s stehen keine Wiedervorlagen oder Termine mehr an.") % values,
            link=_cases_link(),
        )
    sections = []
    if digest.overdue_follow_ups:
        lines = [
            _("– Fall %(case_number)s (Wiedervorlage seit %(date)s)")
            % {"case_number": number, "date": date_format(on, "SHORT_DATE_FORMAT")}
            for number, on in digest.overdue_follow_ups
        ]
        sections.append("\n".join([_("Überfällige Wiedervorlagen:"), *lines]))
    if digest.follow_ups_today:
        lines = [
            _("– Fall %(case_number)s") % {"case_number": number}
            for number in digest.follow_ups_today
        ]
        sections.append("\n".join([_("Wiedervorlagen heute:"), *lines]))
    if digest.appointments_today:
        lines = [
            _("– %(time)s Uhr: Fall %(case_number)s")
            % {
                "time": time_format(at.astimezone(BERLIN), "H:i"),
                "case_number": number,
            }
            for at, number in digest.appointments_today
        ]
        sections.append("\n".join([_("Termine heute:"), *lines]))
    intro = _("Guten Morgen, hier ist Ihre Übersicht für den %(date)s.") % values
    return RenderedReminder(
        subject=subject, body="\n\n".join([intro, *sections]), link=_cases_link()
    )


def remind_case_managers_of_their_day(now: datetime) -> int:
    """One digest per case manager per day, due 08:00 Europe/Berlin, if they have
    follow-ups due or overdue or appointments that day (none otherwise). Only for today:
    yesterday's digest is of no use any more."""
    from .selectors import case_managers_with_digest_items

    today = _berlin_day(now)
    due_at = _at_reminder_time(today)
    if now < due_at:
        return 0
    start, end = _day_bounds(today)
    managers = case_managers_with_digest_items(day=today, day_start=start, day_end=end)
    return _schedule_new(
        CASE_DAILY_DIGEST, User, [(manager, due_at, manager) for manager in sorted(managers)]
    )


# Residence permit expiring --------------------------------------------------------------


@reminder_kind(CASE_RESIDENCE_PERMIT_EXPIRING)
def render_residence_permit_expiring(reminder) -> RenderedReminder:
    case = reminder.target
    if case is None:
        return RenderedReminder(_("Fall nicht mehr vorhanden"), "", "")
    client = case.client
    valid_until = client.residence_permit_valid_until
    number = client.case_number
    if valid_until is None:
        return RenderedReminder(
            subject=_("Aufenthaltstitel prüfen: Fall %(case_number)s") % {"case_number": number},
            body=_(
                "Im Fall %(case_number)s ist kein Ablaufdatum des Aufenthaltstitels mehr "
                "eingetragen."
            )
            % {"case_number": number},
            link=case_link(case.pk),
        )
    weeks = max(round((valid_until - _berlin_day(reminder.due_at)).days / 7), 0)
    values = {
        "case_number": number,
        "date": date_format(valid_until, "SHORT_DATE_FORMAT"),
        "weeks": weeks,
    }
    return RenderedReminder(
        subject=ngettext(
            "Aufenthaltstitel läuft in %(weeks)s Woche ab: Fall %(case_number)s",
            "Aufenthaltstitel läuft in %(weeks)s Wochen ab: Fall %(case_number)s",
            weeks,
        )
        % values,
        body=_(
            "Der Aufenthaltstitel im Fall %(case_number)s ist bis zum %(date)s gültig. Bitte "
            "klären Sie rechtzeitig die Verlängerung mit der Ausländerbehörde (Einwilligung "
            "zum Datenaustausch beachten)."
        )
        % values,
        link=case_link(case.pk),
    )


def remind_case_managers_of_expiring_permits(now: datetime) -> int:
    """12, 8 and 4 weeks before a client's residence permit ends (08:00 Europe/Berlin), the
    manager of the client's open case is reminded."""
    from .selectors import cases_residence_permit_expiring

    today = _berlin_day(now)
    first = today - timedelta(days=CATCH_UP_DAYS)
    ranges = [
        (first + timedelta(weeks=weeks), today + timedelta(weeks=weeks))
        for weeks in PERMIT_EXPIRY_WEEKS
    ]
    wanted = []
    for case_id, manager_id, valid_until in cases_residence_permit_expiring(
        valid_until_ranges=ranges
    ):
        for weeks in PERMIT_EXPIRY_WEEKS:
            day = valid_until - timedelta(weeks=weeks)
            if first <= day <= today and (due_at := _at_reminder_time(day)) <= now:
                wanted.append((case_id, due_at, manager_id))
    return _schedule_new(CASE_RESIDENCE_PERMIT_EXPIRING, Case, wanted)


# Goal target date passed ----------------------------------------------------------------


@reminder_kind(CASE_GOAL_TARGET_DATE_PASSED)
def render_goal_target_date_passed(reminder) -> RenderedReminder:
    goal = reminder.target
    if goal is None:
        return RenderedReminder(_("Ziel nicht mehr vorhanden"), "", "")
    number = goal.case.client.case_number
    # The goal's text may name people: the notification names the life domain only.
    values = {
        "case_number": number,
        "domain": LifeDomain(goal.domain).label,
        "date": date_format(goal.target_date, "SHORT_DATE_FORMAT") if goal.target_date else "–",
        "status": GoalStatus(goal.status).label,
    }
    return RenderedReminder(
        subject=_("Zieldatum überschritten: Fall %(case_number)s") % values,
        body=_(
            "Im Fall %(case_number)s ist das Zieldatum (%(date)s) eines Ziels im "
            "Lebensbereich „%(domain)s“ überschritten; das Ziel ist noch „%(status)s“. Bitte "
            "besprechen Sie das Ziel und passen Sie Status oder Zieldatum an."
        )
        % values,
        link=case_link(goal.case_id),
    )


def remind_case_managers_of_goals_past_target(now: datetime) -> int:
    """The day after a goal's target date (08:00 Europe/Berlin), if the goal is still open
    or in progress, the case manager is reminded. A new target date gives a new reminder."""
    from .selectors import goals_target_date_passed

    today = _berlin_day(now)
    wanted = []
    for goal_id, manager_id, target_date in goals_target_date_passed(
        since=today - timedelta(days=CATCH_UP_DAYS + 1), until=today - timedelta(days=1)
    ):
        if (due_at := _at_reminder_time(target_date + timedelta(days=1))) <= now:
            wanted.append((goal_id, due_at, manager_id))
    return _schedule_new(CASE_GOAL_TARGET_DATE_PASSED, Goal, wanted)


# No contact for 60 days -----------------------------------------------------------------


@reminder_kind(CASE_NO_CONTACT)
def render_no_contact(reminder) -> RenderedReminder:
    case = reminder.target
    if case is None:
        return RenderedReminder(_("Fall nicht mehr vorhanden"), "", "")
    since = _berlin_day(reminder.due_at) - timedelta(days=NO_CONTACT_DAYS)
    values = {
        "case_number": case.client.case_number,
        "days": NO_CONTACT_DAYS,
        "date": date_format(since, "SHORT_DATE_FORMAT"),
    }
    return RenderedReminder(
        subject=ngettext(
            "Seit %(days)s Tag kein Kontakt: Fall %(case_number)s",
            "Seit %(days)s Tagen kein Kontakt: Fall %(case_number)s",
            NO_CONTACT_DAYS,
        )
        % values,
        body=_(
            "Im Fall %(case_number)s ist seit dem %(date)s kein Kontakt dokumentiert. Bitte "
            "nehmen Sie Kontakt auf oder prüfen Sie, ob der Fall abgeschlossen werden kann."
        )
        % values,
        link=case_link(case.pk),
    )


def remind_case_managers_of_cases_without_contact(now: datetime) -> int:
    """60 days after the last logged contact (or the opening, if there is none) of an open
    case, at 08:00 Europe/Berlin, its case manager is reminded — once per silence: a new
    contact starts a new one."""
    from .selectors import cases_last_contact_between

    today = _berlin_day(now)
    latest = today - timedelta(days=NO_CONTACT_DAYS)
    earliest = latest - timedelta(days=CATCH_UP_DAYS)
    start, _end = _day_bounds(earliest)
    _start, end = _day_bounds(latest)
    wanted = []
    for case_id, manager_id, last_contact_at, opened_on in cases_last_contact_between(
        start=start, end=end, opened_since=earliest, opened_until=latest
    ):
        silent_since = _berlin_day(last_contact_at) if last_contact_at else opened_on
        due_at = _at_reminder_time(silent_since + timedelta(days=NO_CONTACT_DAYS))
        if due_at <= now:
            wanted.append((case_id, due_at, manager_id))
    return _schedule_new(CASE_NO_CONTACT, Case, wanted)


# Appointment the day before -------------------------------------------------------------


@reminder_kind(CASE_APPOINTMENT_TOMORROW)
def render_appointment_tomorrow(reminder) -> RenderedReminder:
    appointment = reminder.target
    if appointment is None:
        return RenderedReminder(_("Termin nicht mehr vorhanden"), "", "")
    at = appointment.at.astimezone(BERLIN)
    # The title may name the client or a place with a name: not repeated here.
    values = {
        "case_number": appointment.case.client.case_number,
        "date": date_format(at.date(), "SHORT_DATE_FORMAT"),
        "time": time_format(at, "H:i"),
    }
    return RenderedReminder(
        subject=_("Termin am %(date)s: Fall %(case_number)s") % values,
        body=_("Am %(date)s um %(time)s Uhr ist ein Termin im Fall %(case_number)s geplant.")
        % values,
        link=case_link(appointment.case_id),
    )


def remind_case_managers_of_appointments(now: datetime) -> int:
    """The day before an appointment, at 08:00 Europe/Berlin, the case manager is reminded
    (an early appointment is then still a working day ahead). An appointment made after
    that time gets none: whoever made it knows about it."""
    from .selectors import appointments_between

    today = _berlin_day(now)
    _start, end_of_tomorrow = _day_bounds(today + timedelta(days=1))
    wanted = []
    for appointment_id, manager_id, at, created_at in appointments_between(
        start=now, end=end_of_tomorrow
    ):
        due_at = _at_reminder_time(_berlin_day(at) - timedelta(days=1))
        if created_at <= due_at <= now:
            wanted.append((appointment_id, due_at, manager_id))
    return _schedule_new(CASE_APPOINTMENT_TOMORROW, Appointment, wanted)


# Closed cases ---------------------------------------------------------------------------

# Kinds whose pending reminders lose their point when the case is closed, by target model.
_CASE_KINDS = (CASE_RESIDENCE_PERMIT_EXPIRING, CASE_NO_CONTACT)


def case_reminders_cancel(*, case: Case) -> int:
    """Drop the pending reminders about ``case`` itself (follow-up, permit, silence) when
    it is closed; those about its goals and appointments go with the next scan."""
    return sum(reminders_cancel(kind=kind, target=case) for kind in _CASE_KINDS)


def reminders_of_closed_cases_cancel() -> int:
    """Drop reminders not emailed yet (also from the in-app list) whose case has been
    closed or anonymised meanwhile — what ``reminders_cancel`` does per object, for all of
    them at once. The producers skip closed cases; this covers the few minutes between
    creation and delivery and reminders whose email is being retried. Digests are not
    touched: they are rendered from the open cases at delivery."""
    from .selectors import case_reminder_targets_closed

    kinds = {
        kind: model
        for model, model_kinds in (
            (Case, _CASE_KINDS),
            (Goal, (CASE_GOAL_TARGET_DATE_PASSED,)),
            (Appointment, (CASE_APPOINTMENT_TOMORROW,)),
        )
        for kind in model_kinds
    }
    pending = Reminder.objects.filter(kind__in=kinds, emailed_at=None).values_list(
        "kind", "target_id"
    )
    ids: dict[type, set[int]] = {Case: set(), Goal: set(), Appointment: set()}
    for kind, target_id in pending:
        if target_id.isdigit():
            ids[kinds[kind]].add(int(target_id))
    if not any(ids.values()):
        return 0
    closed_cases, closed_goals, closed_appointments = case_reminder_targets_closed(
        case_ids=ids[Case], goal_ids=ids[Goal], appointment_ids=ids[Appointment]
    )
    deleted = 0
    for model, model_kinds, target_ids in (
        (Case, _CASE_KINDS, closed_cases),
        (Goal, (CASE_GOAL_TARGET_DATE_PASSED,), closed_goals),
        (Appointment, (CASE_APPOINTMENT_TOMORROW,), closed_appointments),
    ):
        if target_ids:
            deleted += Reminder.objects.filter(
                kind__in=model_kinds,
                target_type=ContentType.objects.get_for_model(model),
                target_id__in=[str(pk) for pk in target_ids],
                emailed_at=None,
            ).delete()[0]
    return deleted


SCAN_PRODUCERS: tuple[Callable[[datetime], int], ...] = (
    remind_case_managers_of_their_day,
    remind_case_managers_of_expiring_permits,
    remind_case_managers_of_goals_past_target,
    remind_case_managers_of_cases_without_contact,
    remind_case_managers_of_appointments,
)


def case_reminders_scan(now: datetime | None = None) -> dict[str, int]:
    """The periodic scan (``cases.tasks.scan_case_reminders``): drop reminders of closed
    cases, then run each producer. Returns counts per step; a failing producer is logged
    and does not stop the others."""
    now = now or timezone.now()
    report = {"cancelled": reminders_of_closed_cases_cancel()}
    for producer in SCAN_PRODUCERS:
        try:
            report[producer.__name__] = producer(now)
        except Exception:
            logger.exception("Case reminder producer %s failed", producer.__name__)
            report[producer.__name__] = -1
    return report
