"""What the offer catalogue asks the reminder engine to send."""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kim_portal.models import Reminder, Role, User
from kim_portal.reminder_engine import (
    RenderedReminder,
    berlin_due_at,
    reminder_kind,
    reminder_producer,
    reminder_schedule,
)

from .models import Offer
from .staff_selectors import REVIEW_DUE_AFTER_DAYS, REVIEW_OVERDUE_AFTER_DAYS

OFFER_REPORTED_OUTDATED = "offers.reported_outdated"


@reminder_kind(OFFER_REPORTED_OUTDATED)
def render_reported_outdated(reminder) -> RenderedReminder:
    event = reminder.target
    if event is None:
        return RenderedReminder(_("Meldung nicht mehr vorhanden"), "", "")
    offer = event.offer
    return RenderedReminder(
        subject=_("Angebot als veraltet gemeldet: %(title)s") % {"title": offer.title},
        body=_(
            "Jemand hat Ihr Angebot „%(title)s“ als veraltet gemeldet. Nachricht: %(message)s\n"
            "Bitte prüfen und aktualisieren Sie das Angebot."
        )
        % {"title": offer.title, "message": event.comment or "–"},
        link=reverse("offers:staff_edit", args=[offer.pk]),
    )


# --- Staff side: review workflow and periodic review -----------------------------------------

OFFER_SUBMITTED_FOR_REVIEW = "offers.submitted_for_review"
OFFER_REVISION_RETURNED = "offers.revision_returned"
OFFER_REVIEW_DUE = "offers.review_due"
OFFER_REVIEW_OVERDUE = "offers.review_overdue"

# Offers handled per producer run; the rest follow a minute later.
REVIEW_REMINDER_BATCH = 500


@reminder_kind(OFFER_SUBMITTED_FOR_REVIEW)
def render_submitted_for_review(reminder) -> RenderedReminder:
    revision = reminder.target
    if revision is None:
        return RenderedReminder(_("Überarbeitung nicht mehr vorhanden"), "", "")
    offer = revision.offer
    title = (revision.data or {}).get("title") or offer.title
    return RenderedReminder(
        subject=_("Angebot zur Prüfung eingereicht: %(title)s") % {"title": title},
        body=_(
            "%(organisation)s hat das Angebot „%(title)s“ zur Prüfung eingereicht. "
            "Bitte prüfen Sie die Änderungen und veröffentlichen Sie das Angebot oder geben "
            "Sie es mit einem Hinweis zurück."
        )
        % {"organisation": offer.organisation, "title": title},
        link=reverse("offers:staff_review", args=[revision.pk]),
    )


@reminder_kind(OFFER_REVISION_RETURNED)
def render_revision_returned(reminder) -> RenderedReminder:
    revision = reminder.target
    if revision is None:
        return RenderedReminder(_("Überarbeitung nicht mehr vorhanden"), "", "")
    offer = revision.offer
    return RenderedReminder(
        subject=_("Angebot zurückgegeben: %(title)s") % {"title": offer.title},
        body=_(
            "Die KIM-Koordination hat Ihr Angebot „%(title)s“ zur Überarbeitung "
            "zurückgegeben. Hinweis: %(comment)s"
        )
        % {"title": offer.title, "comment": revision.review_comment or "–"},
        link=reverse("offers:staff_edit", args=[offer.pk]),
    )


def _review_reminder_text(reminder, *, overdue: bool) -> RenderedReminder:
    offer = reminder.target
    if offer is None:
        return RenderedReminder(_("Angebot nicht mehr vorhanden"), "", "")
    reviewed = offer.last_reviewed_at or offer.published_at or offer.created_at
    values = {
        "title": offer.title,
        "organisation": offer.organisation,
        "date": date_format(localtime(reviewed), "SHORT_DATE_FORMAT"),
        "days": REVIEW_OVERDUE_AFTER_DAYS,
        "reminded_days": REVIEW_OVERDUE_AFTER_DAYS - REVIEW_DUE_AFTER_DAYS,
    }
    if overdue:
        return RenderedReminder(
            subject=ngettext(
                "Angebot seit %(days)s Tag nicht geprüft: %(title)s",
                "Angebot seit %(days)s Tagen nicht geprüft: %(title)s",
                values["days"],
            )
            % values,
            body=ngettext(
                "Das Angebot „%(title)s“ von %(organisation)s wurde zuletzt am %(date)s "
                "geprüft. Der Träger wurde vor %(reminded_days)s Tag erinnert. Bitte klären "
                "Sie mit dem Träger, ob das Angebot noch stimmt.",
                "Das Angebot „%(title)s“ von %(organisation)s wurde zuletzt am %(date)s "
                "geprüft. Der Träger wurde vor %(reminded_days)s Tagen erinnert. Bitte klären "
                "Sie mit dem Träger, ob das Angebot noch stimmt.",
                values["reminded_days"],
            )
            % values,
            link=reverse("offers:staff_edit", args=[offer.pk]),
        )
    return RenderedReminder(
        subject=_("Bitte Angebot prüfen: %(title)s") % values,
        body=_(
            "Ihr Angebot „%(title)s“ wurde zuletzt am %(date)s geprüft. Bitte prüfen Sie, ob "
            "alle Angaben noch stimmen: bestätigen Sie es als aktuell oder reichen Sie "
            "Änderungen ein."
        )
        % values,
        link=reverse("offers:staff_edit", args=[offer.pk]),
    )


@reminder_kind(OFFER_REVIEW_DUE)
def render_review_due(reminder) -> RenderedReminder:
    return _review_reminder_text(reminder, overdue=False)


@reminder_kind(OFFER_REVIEW_OVERDUE)
def render_review_overdue(reminder) -> RenderedReminder:
    return _review_reminder_text(reminder, overdue=True)


def _offers_due_for_review(now: datetime, *, kind: str, days: int):
    """Published offers whose review is ``days`` old (give or take a day: the exact Berlin
    wall-clock due time is checked by the caller) and that have no reminder of ``kind`` for
    their current review yet."""
    reviewed = Coalesce("last_reviewed_at", "published_at", "created_at")
    reminded = Reminder.objects.filter(
        kind=kind,
        target_type=ContentType.objects.get_for_model(Offer),
        target_id=Cast(OuterRef("pk"), output_field=CharField()),
        due_at__gt=OuterRef("reviewed"),
    )
    return (
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .annotate(reviewed=reviewed)
        .filter(reviewed__lte=now - timedelta(days=days) + timedelta(days=1))
        .exclude(Exists(reminded))
        .select_related("organisation")
        .order_by("reviewed", "pk")[:REVIEW_REMINDER_BATCH]
    )


@reminder_producer
def remind_editors_of_offers_due_for_review(now: datetime) -> int:
    """A published offer not reviewed for 180 days reminds its provider's editors (due at
    the review time of day, Europe/Berlin, 180 calendar days on)."""
    offers = [
        (offer, due_at)
        for offer in _offers_due_for_review(now, kind=OFFER_REVIEW_DUE, days=REVIEW_DUE_AFTER_DAYS)
        if (due_at := berlin_due_at(offer.reviewed, days=REVIEW_DUE_AFTER_DAYS)) <= now
    ]
    editors = {}
    for editor in User.objects.filter(
        is_active=True,
        groups__name=Role.PROVIDER_EDITOR,
        organisation_id__in={offer.organisation_id for offer, _due in offers},
    ).distinct():
        editors.setdefault(editor.organisation_id, []).append(editor)
    created = 0
    for offer, due_at in offers:
        for editor in editors.get(offer.organisation_id, []):
            created += reminder_schedule(
                kind=OFFER_REVIEW_DUE, target=offer, due_at=due_at, recipient=editor
            )
    return created


@reminder_producer
def remind_coordinators_of_overdue_reviews(now: datetime) -> int:
    """30 days after the editors' reminder, an offer still not reviewed is reported to the
    coordinators."""
    offers = [
        (offer, due_at)
        for offer in _offers_due_for_review(
            now, kind=OFFER_REVIEW_OVERDUE, days=REVIEW_OVERDUE_AFTER_DAYS
        )
        if (due_at := berlin_due_at(offer.reviewed, days=REVIEW_OVERDUE_AFTER_DAYS)) <= now
    ]
    if not offers:
        return 0
    recipients = list(User.objects.filter(is_active=True, groups__name=Role.COORDINATOR).distinct())
    created = 0
    for offer, due_at in offers:
        for coordinator in recipients:
            created += reminder_schedule(
                kind=OFFER_REVIEW_OVERDUE, target=offer, due_at=due_at, recipient=coordinator
            )
    return created
