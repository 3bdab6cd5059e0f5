"""Nightly and periodic work: expired offers are archived once; offers not reviewed for
180 days (Berlin wall clock) remind their provider's editors, 30 days later the
coordinators — once each, however often the dispatcher runs."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from kim_portal.models import AuditEvent, Reminder
from kim_portal.reminder_engine import berlin_due_at, reminders_dispatch
from offers.models import Offer, OfferEvent
from offers.reminders import (
    OFFER_REVIEW_DUE,
    OFFER_REVIEW_OVERDUE,
    remind_editors_of_offers_due_for_review,
)
from offers.selectors import offers_public
from offers.services import offer_mark_reviewed, offers_archive_expired
from offers.tasks import archive_expired_offers
from tests.offers.factories import OfferFactory
from tests.offers.test_staff_support import coordinator, editor_of

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


# --- Archiving -------------------------------------------------------------------------------


def test_offer_past_its_validity_is_archived_once(time_machine):
    time_machine.move_to(datetime(2027, 3, 10, 2, 0, tzinfo=BERLIN), tick=False)
    expired = OfferFactory(valid_until=date(2027, 3, 9))

    first = offers_archive_expired()
    second = offers_archive_expired()

    expired.refresh_from_db()
    assert (first, second) == (1, 0)
    assert expired.status == Offer.Status.ARCHIVED
    events = OfferEvent.objects.filter(offer=expired, action=OfferEvent.Action.ARCHIVED)
    assert events.count() == 1
    assert events.get().changes == {"status": ["published", "archived"]}
    assert AuditEvent.objects.filter(action="offer.archive", object_id=str(expired.pk)).count() == 1


def test_offer_valid_until_today_and_drafts_stay_as_they_are(time_machine):
    time_machine.move_to(datetime(2027, 3, 10, 2, 0, tzinfo=BERLIN), tick=False)
    today = OfferFactory(valid_until=date(2027, 3, 10))
    open_ended = OfferFactory(valid_until=None)
    draft = OfferFactory(status=Offer.Status.DRAFT, valid_until=date(2027, 1, 1))

    archived = offers_archive_expired()

    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert archived == 0
    assert statuses == {today.pk: "published", open_ended.pk: "published", draft.pk: "draft"}


def test_the_end_of_validity_is_a_berlin_date(time_machine):
    # 23:30 UTC on the 9th is already the 10th in Berlin: an offer valid until the 9th ends.
    time_machine.move_to(datetime(2027, 3, 9, 23, 30, tzinfo=UTC), tick=False)
    offer = OfferFactory(valid_until=date(2027, 3, 9))

    offers_archive_expired()

    offer.refresh_from_db()
    assert offer.status == Offer.Status.ARCHIVED


def test_the_nightly_task_archives_through_the_service(time_machine):
    time_machine.move_to(datetime(2027, 3, 10, 2, 0, tzinfo=BERLIN), tick=False)
    OfferFactory(valid_until=date(2027, 3, 1))

    archived = archive_expired_offers.run()

    assert archived == 1
    assert not offers_public().exists()


# --- Review reminders ------------------------------------------------------------------------

# Reviewed before the change to summer time: the due time keeps the Berlin hour.
REVIEWED = datetime(2026, 3, 2, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def reviewed_offer(time_machine):
    time_machine.move_to(REVIEWED, tick=False)
    return OfferFactory(title="Sprachcafé", last_reviewed_at=REVIEWED)


def _reminders(kind):
    return Reminder.objects.filter(kind=kind)


def test_editors_are_reminded_180_days_after_the_last_review_at_the_same_berlin_hour(
    reviewed_offer, time_machine
):
    editor = editor_of(reviewed_offer.organisation)
    colleague = editor_of(reviewed_offer.organisation)
    editor_of()  # another organisation's editor
    editor_of(reviewed_offer.organisation, is_active=False)
    due = datetime(2026, 8, 29, 10, 0, tzinfo=BERLIN)  # CEST: 08:00 UTC

    time_machine.move_to(due - timedelta(minutes=1), tick=False)
    reminders_dispatch()
    before = _reminders(OFFER_REVIEW_DUE).count()
    time_machine.move_to(due, tick=False)
    reminders_dispatch()

    reminders = _reminders(OFFER_REVIEW_DUE)
    assert before == 0
    assert {r.recipient for r in reminders} == {editor, colleague}
    assert {r.due_at for r in reminders} == {due}
    assert due == berlin_due_at(REVIEWED, days=180)
    assert {r.target_id for r in reminders} == {str(reviewed_offer.pk)}


def test_review_reminder_is_delivered_with_the_offer_and_a_link(reviewed_offer, time_machine):
    editor = editor_of(reviewed_offer.organisation)
    time_machine.move_to(datetime(2026, 8, 29, 10, 0, tzinfo=BERLIN), tick=False)

    reminders_dispatch()

    reminder = _reminders(OFFER_REVIEW_DUE).get()
    assert reminder.recipient == editor
    assert "Sprachcafé" in reminder.subject
    assert "02.03.2026" in reminder.body
    assert reminder.link == reverse("offers:staff_edit", args=[reviewed_offer.pk])
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_repeated_dispatch_creates_no_duplicate_review_reminders(reviewed_offer, time_machine):
    editor_of(reviewed_offer.organisation)
    time_machine.move_to(datetime(2026, 8, 29, 10, 0, tzinfo=BERLIN), tick=False)

    for minutes in range(5):
        time_machine.move_to(datetime(2026, 8, 29, 10, minutes, tzinfo=BERLIN), tick=False)
        reminders_dispatch()
    time_machine.move_to(datetime(2026, 9, 15, 10, 0, tzinfo=BERLIN), tick=False)
    reminders_dispatch()

    assert _reminders(OFFER_REVIEW_DUE).count() == 1
    assert len(mail.outbox) == 1


def test_coordinators_are_told_30_days_later_once(reviewed_offer, time_machine):
    editor = editor_of(reviewed_offer.organisation)
    boss = coordinator()
    overdue = datetime(2026, 9, 28, 10, 0, tzinfo=BERLIN)

    time_machine.move_to(overdue - timedelta(minutes=1), tick=False)
    reminders_dispatch()
    early = _reminders(OFFER_REVIEW_OVERDUE).count()
    time_machine.move_to(overdue, tick=False)
    reminders_dispatch()
    time_machine.move_to(overdue + timedelta(days=3), tick=False)
    reminders_dispatch()

    overdue_reminders = _reminders(OFFER_REVIEW_OVERDUE)
    assert early == 0
    assert [(r.recipient, r.due_at) for r in overdue_reminders] == [(boss, overdue)]
    assert "Sprachcafé" in overdue_reminders.get().subject
    assert reviewed_offer.organisation.name in overdue_reminders.get().body
    assert [r.recipient for r in _reminders(OFFER_REVIEW_DUE)] == [editor]


def test_confirming_the_offer_cancels_pending_reminders_and_starts_a_new_period(
    reviewed_offer, time_machine
):
    editor = editor_of(reviewed_offer.organisation)
    time_machine.move_to(datetime(2026, 8, 29, 10, 0, tzinfo=BERLIN), tick=False)
    # Produced, but not delivered yet (the dispatcher has not claimed it).
    remind_editors_of_offers_due_for_review(datetime(2026, 8, 29, 10, 0, tzinfo=BERLIN))
    pending = _reminders(OFFER_REVIEW_DUE).count()
    time_machine.move_to(datetime(2026, 9, 1, 9, 0, tzinfo=BERLIN), tick=False)

    offer_mark_reviewed(offer=reviewed_offer, actor=editor)
    time_machine.move_to(datetime(2026, 10, 30, 10, 0, tzinfo=BERLIN), tick=False)
    reminders_dispatch()

    assert pending == 1
    assert not _reminders(OFFER_REVIEW_DUE).exists()
    assert not _reminders(OFFER_REVIEW_OVERDUE).exists()


def test_after_confirmation_the_next_reminder_follows_180_days_later(reviewed_offer, time_machine):
    editor = editor_of(reviewed_offer.organisation)
    confirmed = datetime(2026, 9, 1, 9, 0, tzinfo=BERLIN)
    time_machine.move_to(confirmed, tick=False)
    offer_mark_reviewed(offer=reviewed_offer, actor=editor)
    next_due = datetime(2027, 2, 28, 9, 0, tzinfo=BERLIN)

    time_machine.move_to(next_due, tick=False)
    reminders_dispatch()

    assert [(r.recipient, r.due_at) for r in _reminders(OFFER_REVIEW_DUE)] == [(editor, next_due)]


def test_archived_and_draft_offers_remind_nobody(time_machine):
    time_machine.move_to(REVIEWED, tick=False)
    archived = OfferFactory(status=Offer.Status.ARCHIVED, last_reviewed_at=REVIEWED)
    draft = OfferFactory(status=Offer.Status.DRAFT, last_reviewed_at=REVIEWED)
    editor_of(archived.organisation)
    editor_of(draft.organisation)
    coordinator()
    time_machine.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN), tick=False)

    reminders_dispatch()

    assert not Reminder.objects.filter(kind__in=[OFFER_REVIEW_DUE, OFFER_REVIEW_OVERDUE]).exists()


def test_published_offer_never_reviewed_counts_from_its_publication(time_machine):
    published = datetime(2026, 1, 5, 12, 0, tzinfo=BERLIN)
    time_machine.move_to(published, tick=False)
    offer = OfferFactory(published_at=published, last_reviewed_at=None)
    editor = editor_of(offer.organisation)
    time_machine.move_to(datetime(2026, 7, 4, 12, 0, tzinfo=BERLIN), tick=False)

    reminders_dispatch()

    assert [(r.recipient, r.due_at) for r in _reminders(OFFER_REVIEW_DUE)] == [
        (editor, datetime(2026, 7, 4, 12, 0, tzinfo=BERLIN))
    ]
