"""The reminder engine: due reminders are rows, delivered exactly once.

Apps describe what they send in their ``reminders.py``:

* ``@reminder_kind("offers.review_due")`` registers how one kind is rendered (subject,
  body, link) in the recipient's language;
* ``@reminder_producer`` registers a function ``producer(now)`` that creates the reminders
  that have fallen due, through ``reminder_schedule``.

A beat task runs ``reminders_dispatch`` every minute: it runs the producers, claims due
rows with ``SELECT … FOR UPDATE SKIP LOCKED`` and delivers each (in-app notification, then
email). The unique key (kind, target, due time, recipient) makes creating twice impossible;
the claim makes two dispatchers deliver disjoint rows; a claim left by a dead worker is taken
over after ``CLAIM_TIMEOUT``; an SMTP failure releases the row with a growing back-off, so it
is retried and never lost; ``emailed_at`` is set with a conditional UPDATE, so a redelivered
task does not send again.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from .models import Reminder

logger = logging.getLogger(__name__)

BERLIN = ZoneInfo("Europe/Berlin")
CLAIM_TIMEOUT = timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)  # default 10 min
MAX_BACKOFF = timedelta(hours=1)
BATCH_SIZE = 100


@dataclass(frozen=True)
class RenderedReminder:
    subject: str
    body: str
    link: str


@dataclass(frozen=True)
class ReminderKind:
    name: str
    render: Callable[[Reminder], RenderedReminder]


_kinds: dict[str, ReminderKind] = {}
_producers: list[Callable[[datetime], int | None]] = []


def reminder_kind(name: str):
    """Register ``render(reminder) -> RenderedReminder`` for reminders of this kind."""

    def decorator(render):
        _kinds[name] = ReminderKind(name=name, render=render)
        return render

    return decorator


def reminder_producer(func):
    """Register ``func(now)``: creates the reminders due at ``now`` (idempotently)."""
    if func not in _producers:
        _producers.append(func)
    return func


def berlin_due_at(start: datetime, *, days: int = 0, at: time | None = None) -> datetime:
    """``start`` plus whole calendar days in Europe/Berlin (wall-clock, so a DST change in
    between does not shift the hour), optionally at a fixed local time; returned in UTC."""
    local = start.astimezone(BERLIN)
    day = local.date() + timedelta(days=days)
    wall = at if at is not None else local.timetz().replace(tzinfo=None)
    return datetime.combine(day, wall, tzinfo=BERLIN).astimezone(ZoneInfo("UTC"))


def reminder_schedule(*, kind: str, target, due_at: datetime, recipient) -> bool:
    """Create the reminder unless it exists already. Returns True if it was created."""
    if kind not in _kinds:
        raise ValueError(f"Unknown reminder kind {kind!r}")
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be an aware datetime")
    key = {
        "kind": kind,
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": str(target.pk),
        "due_at": due_at,
        "recipient": recipient,
    }
    # The unique constraint decides (also between concurrent producers). bulk_create with
    # ignore_conflicts cannot tell: Django sets no pk on any row it inserts that way.
    try:
        with transaction.atomic():
            Reminder.objects.create(**key)
    except IntegrityError:
        if Reminder.objects.filter(**key).exists():
            return False
        raise
    return True


def reminders_cancel(*, kind: str, target) -> int:
    """Drop reminders of this kind for ``target`` whose email has not gone out yet (also
    from the in-app list): what they remind of has been done."""
    return Reminder.objects.filter(
        kind=kind,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        emailed_at=None,
    ).delete()[0]


def reminders_produce(now: datetime) -> None:
    for producer in _producers:
        try:
            producer(now)
        except Exception:
            # One broken producer must not stop the others or delivery.
            logger.exception("Reminder producer %s failed", producer.__qualname__)


def _claimable(now: datetime):
    return Reminder.objects.filter(
        Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        Q(next_attempt_at=None) | Q(next_attempt_at__lte=now),
        emailed_at=None,
        due_at__lte=now,
    )


def reminders_claim(now: datetime, *, limit: int = BATCH_SIZE) -> list[int]:
    """Claim up to ``limit`` due reminders for this dispatcher; others skip them."""
    with transaction.atomic():
        ids = list(
            _claimable(now)
            .order_by("due_at", "id")
            .select_for_update(skip_locked=True, no_key=True)
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Reminder.objects.filter(id__in=ids).update(claimed_at=now)
    return ids


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def reminder_deliver(reminder_id: int, *, claimed_at: datetime) -> bool:
    """Deliver one claimed reminder: show it in the portal, then email it. Returns True if
    the email went out in this call."""
    reminder = (
        Reminder.objects.select_related("recipient")
        .filter(pk=reminder_id, claimed_at=claimed_at, emailed_at=None)
        .first()
    )
    if reminder is None:
        return False  # delivered or taken over by another dispatcher meanwhile
    recipient = reminder.recipient
    if not reminder.notified_at:
        kind = _kinds.get(reminder.kind)
        if kind is None:
            logger.error(
                "Reminder %s has unknown kind %s; left for later", reminder.pk, reminder.kind
            )
            Reminder.objects.filter(pk=reminder.pk).update(
                claimed_at=None,
                last_error="unknown kind",
                next_attempt_at=timezone.now() + MAX_BACKOFF,
            )
            return False
        with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
            rendered = kind.render(reminder)
        reminder.subject, reminder.body, reminder.link = (
            str(rendered.subject)[:200],
            str(rendered.body),
            rendered.link[:500],
        )
        reminder.notified_at = timezone.now()
        Reminder.objects.filter(pk=reminder.pk, notified_at=None).update(
            subject=reminder.subject,
            body=reminder.body,
            link=reminder.link,
            notified_at=reminder.notified_at,
        )
    if not recipient.is_active or not recipient.email:
        # Nobody to email: the in-app notification is the delivery.
        Reminder.objects.filter(pk=reminder.pk, emailed_at=None).update(
            emailed_at=timezone.now(), claimed_at=None, last_error="no active recipient email"
        )
        return False
    connection = mailers.default
    try:
        # Recorded as soon as the mail server has accepted the message — before the
        # connection's goodbye — so a worker that dies now leaves the smallest window in
        # which a message went out but is not recorded (it would go out again, with the
        # same Message-ID, after the claim timeout).
        connection.open()
        connection.send_messages([_email_message(reminder)])
    except Exception as exc:  # SMTP and network errors: keep the row, retry later
        _close_quietly(connection)
        attempts = reminder.attempts + 1
        Reminder.objects.filter(pk=reminder.pk, emailed_at=None).update(
            claimed_at=None,
            attempts=attempts,
            next_attempt_at=timezone.now() + _backoff(attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        logger.warning("Reminder %s: email failed (attempt %s): %s", reminder.pk, attempts, exc)
        return False
    Reminder.objects.filter(pk=reminder.pk, emailed_at=None).update(
        emailed_at=timezone.now(), claimed_at=None, last_error=""
    )
    _close_quietly(connection)
    return True


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # the message is recorded (or will be retried); the goodbye may fail
        logger.warning("Closing the mail connection failed", exc_info=True)


def _email_message(reminder: Reminder) -> EmailMessage:
    recipient = reminder.recipient
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        body = reminder.body
        if reminder.link:
            body = f"{body}\n\n{settings.SITE_URL}{reminder.link}"
        return EmailMessage(
            subject=f"[KIM Portal] {reminder.subject}",
            body=body,
            to=[recipient.email],
            # A stable Message-ID lets mail systems drop a duplicate should a worker die
            # between the SMTP hand-off and recording it.
            headers={"Message-ID": f"<reminder-{reminder.pk}@kim-portal>"},
        )


def reminders_dispatch(now: datetime | None = None, *, limit: int = BATCH_SIZE) -> int:
    """Run the producers, then claim and deliver due reminders. Returns emails sent."""
    now = now or timezone.now()
    reminders_produce(now)
    sent = 0
    ids = reminders_claim(now, limit=limit)
    for reminder_id in ids:
        try:
            sent += reminder_deliver(reminder_id, claimed_at=now)
        except Exception as exc:
            # One reminder that cannot be rendered must not hold up the rest of the batch
            # (it would come first again in every later batch): release it for later.
            logger.exception("Reminder %s could not be delivered", reminder_id)
            Reminder.objects.filter(pk=reminder_id, claimed_at=now, emailed_at=None).update(
                claimed_at=None,
                next_attempt_at=timezone.now() + MAX_BACKOFF,
                last_error=f"{type(exc).__name__}: {exc}"[:500],
            )
    return sent
