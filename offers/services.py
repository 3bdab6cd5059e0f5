"""Writes of the offer catalogue."""

import copy
from datetime import date, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kim_portal.models import Municipality, Role, User
from kim_portal.reminder_engine import reminder_schedule, reminders_cancel
from kim_portal.services import audit_record

from .models import (
    TRANSLATION_LANGUAGES,
    Category,
    Contact,
    Location,
    Offer,
    OfferEvent,
    OfferLocation,
    OfferRevision,
    OfferTranslation,
    Schedule,
    TargetGroup,
)
from .reminders import (
    OFFER_REPORTED_OUTDATED,
    OFFER_REVIEW_DUE,
    OFFER_REVIEW_OVERDUE,
    OFFER_REVISION_RETURNED,
    OFFER_SUBMITTED_FOR_REVIEW,
)
from .sanitize import sanitize_html
from .staff_selectors import (
    CONTACT_KEYS,
    EMPTY_DATA,
    OPEN_REVISION_STATUSES,
    german_fingerprint,
    offer_baseline_data,
    offer_is_locked,
    offer_revision_data,
    revision_data_completed,
    revision_data_problems,
    revision_diff,
)


def offer_editors(offer: Offer):
    """The active provider editors of the offer's organisation."""
    return User.objects.filter(
        is_active=True,
        organisation_id=offer.organisation_id,
        groups__name=Role.PROVIDER_EDITOR,
    ).distinct()


@transaction.atomic
def offer_report_outdated(*, offer: Offer, message: str, request=None) -> OfferEvent:
    """A visitor says the offer is out of date: record it and notify the provider's
    editors at once (in the portal and by email, through the reminder engine)."""
    event = OfferEvent.objects.create(
        offer=offer,
        action=OfferEvent.Action.REPORTED_OUTDATED,
        comment=message.strip()[:2000],
    )
    now = timezone.now()
    for editor in offer_editors(offer):
        reminder_schedule(kind=OFFER_REPORTED_OUTDATED, target=event, due_at=now, recipient=editor)
    audit_record(action="offer.report_outdated", obj=offer, request=request)
    return event


# --- Staff side: editing, review, publication, nightly jobs --------------------------------


class OfferStateError(Exception):
    """The offer or its revision is not in a state that allows this; ``reason`` is one of
    the class constants, ``problems`` lists what is missing for ``INCOMPLETE``."""

    IN_REVIEW = "in_review"
    NOTHING_TO_SUBMIT = "nothing_to_submit"
    INCOMPLETE = "incomplete"
    DECIDED = "decided"
    NOT_PUBLISHED = "not_published"

    def __init__(self, reason: str, problems: list[str] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.problems = problems or []


def coordinators():
    """The active members of the coordination."""
    return User.objects.filter(is_active=True, groups__name=Role.COORDINATOR).distinct()


def _parse_date(value):
    return date.fromisoformat(value) if value else None


def _parse_time(value):
    return time.fromisoformat(value) if value else None


def _parse_decimal(value):
    return Decimal(str(value)) if value not in (None, "") else None


def _apply_locations(offer: Offer, entries: list[dict]) -> None:
    """Make the offer's places and schedules those of ``entries``. A place shared with
    other offers is not changed under them: a changed address gets a place of its own."""
    towns = dict(Municipality.objects.values_list("ags", "pk"))
    kept = []
    for entry in entries:
        place = None
        if entry.get("location_id"):
            place = Location.objects.filter(
                pk=entry["location_id"], organisation_id=offer.organisation_id
            ).first()
        if "name" in entry:
            address = {
                "name": entry.get("name") or "",
                "street": entry.get("street") or "",
                "postal_code": entry.get("postal_code") or "",
                "municipality_id": towns.get(entry.get("municipality")),
                "latitude": _parse_decimal(entry.get("latitude")),
                "longitude": _parse_decimal(entry.get("longitude")),
                "accessibility": entry.get("accessibility") or "",
            }
            if address["municipality_id"] is None:
                continue  # not one of the district's towns: the form never sends that
            if place is None:
                place = Location.objects.create(organisation=offer.organisation, **address)
            elif any(getattr(place, key) != value for key, value in address.items()):
                shared = OfferLocation.objects.filter(location=place).exclude(offer=offer).exists()
                if shared:
                    place = Location.objects.create(organisation=offer.organisation, **address)
                else:
                    for key, value in address.items():
                        setattr(place, key, value)
                    # modified_at (auto_now) is written only when named.
                    place.save(update_fields=[*address, "modified_at"])
        if place is None:
            continue
        link, _created = OfferLocation.objects.get_or_create(offer=offer, location=place)
        if link.pk in kept:
            continue  # the same place twice: the first entry counts
        kept.append(link.pk)
        _apply_schedules(link, entry.get("schedules") or [])
    offer.offer_locations.exclude(pk__in=kept).delete()


def _apply_schedules(link: OfferLocation, entries: list[dict]) -> None:
    existing = list(link.schedules.order_by("pk"))
    for index, entry in enumerate(entries):
        values = {
            "rrule": entry.get("rrule") or "",
            "dtstart": _parse_date(entry.get("dtstart")),
            "opens_at": _parse_time(entry.get("opens_at")),
            "closes_at": _parse_time(entry.get("closes_at")),
            "valid_from": _parse_date(entry.get("valid_from")),
            "valid_to": _parse_date(entry.get("valid_to")),
            "description": entry.get("description") or "",
        }
        if index < len(existing):
            schedule = existing[index]
            if any(getattr(schedule, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(schedule, key, value)
                schedule.save(update_fields=list(values))
        else:
            Schedule.objects.create(offer_location=link, **values)
    Schedule.objects.filter(pk__in=[s.pk for s in existing[len(entries) :]]).delete()


def _apply_contacts(offer: Offer, entries: list[dict]) -> None:
    existing = list(offer.contacts.order_by("pk"))
    for index, entry in enumerate(entries):
        values = {key: entry.get(key) or "" for key in CONTACT_KEYS}
        if index < len(existing):
            contact = existing[index]
            if any(getattr(contact, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(contact, key, value)
                contact.save(update_fields=list(values))
        else:
            Contact.objects.create(offer=offer, **values)
    Contact.objects.filter(pk__in=[c.pk for c in existing[len(entries) :]]).delete()


def _apply_translations(offer: Offer, entries: dict, *, fingerprint: str, now) -> None:
    """Translations written for the German texts now stored are current; the others keep
    (or get) an older source revision, so they show as outdated."""
    existing = {t.language: t for t in offer.translations.all()}
    for language in TRANSLATION_LANGUAGES:
        entry = entries.get(language) or {}
        translation = existing.get(language)
        texts = {field: entry.get(field) or "" for field in Offer.TRANSLATED_FIELDS}
        texts["description"] = sanitize_html(texts["description"])
        if not any(texts.values()):
            if translation is not None:
                translation.delete()
            continue
        if entry.get("based_on") == fingerprint:
            source_revision = offer.source_revision
        else:
            older = offer.source_revision - 1
            if translation is not None:
                older = min(translation.source_revision, older)
            source_revision = max(older, 0)
        if translation is None:
            OfferTranslation.objects.create(
                offer=offer,
                language=language,
                source_revision=source_revision,
                modified_at=now,
                **texts,
            )
            continue
        changed = [field for field, value in texts.items() if getattr(translation, field) != value]
        if changed or translation.source_revision != source_revision:
            for field, value in texts.items():
                setattr(translation, field, value)
            translation.source_revision = source_revision
            if changed:
                translation.modified_at = now
            translation.save(
                update_fields=[*Offer.TRANSLATED_FIELDS, "source_revision", "modified_at"]
            )


def _offer_apply(offer: Offer, data: dict, *, actor, now) -> None:
    """Write revision data into the offer and its places, schedules, contacts and
    translations. A change of German text bumps ``source_revision``."""
    texts = {field: data.get(field) or "" for field in Offer.TRANSLATED_FIELDS}
    texts["description"] = sanitize_html(texts["description"])
    if any(getattr(offer, field) != value for field, value in texts.items()):
        offer.source_revision += 1
    for field, value in texts.items():
        setattr(offer, field, value)
    offer.languages = list(data.get("languages") or [])
    offer.min_age = data.get("min_age")
    offer.max_age = data.get("max_age")
    for flag in ("is_free", "registration_required", "childcare", "barrier_free"):
        if data.get(flag) is not None:
            setattr(offer, flag, bool(data[flag]))
    offer.mode = data.get("mode") or Offer.Mode.IN_PERSON
    offer.valid_from = _parse_date(data.get("valid_from"))
    offer.valid_until = _parse_date(data.get("valid_until"))
    offer.modified_at = now
    offer.modified_by = actor
    offer.save(
        update_fields=[
            *Offer.TRANSLATED_FIELDS,
            "source_revision",
            "languages",
            "min_age",
            "max_age",
            "is_free",
            "registration_required",
            "childcare",
            "barrier_free",
            "mode",
            "valid_from",
            "valid_until",
            "modified_at",
            "modified_by",
        ]
    )
    offer.categories.set(Category.objects.filter(slug__in=data.get("categories") or []))
    offer.target_groups.set(TargetGroup.objects.filter(slug__in=data.get("target_groups") or []))
    _apply_locations(offer, data.get("locations") or [])
    _apply_contacts(offer, data.get("contacts") or [])
    _apply_translations(
        offer, data.get("translations") or {}, fingerprint=german_fingerprint(data), now=now
    )


def _lock(offer: Offer) -> tuple[Offer, OfferRevision | None]:
    """The offer and its open revision, locked for this transaction."""
    offer = Offer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
    revision = (
        OfferRevision.objects.select_for_update()
        .filter(offer=offer, status__in=OPEN_REVISION_STATUSES)
        .first()
    )
    return offer, revision


@transaction.atomic
def offer_create(*, organisation, content: dict, actor, request=None) -> Offer:
    """A new offer of ``organisation`` from the editor's form (``content``: revision data
    without translations). It stays a draft, not online, until it has been reviewed."""
    now = timezone.now()
    data = {**content, "translations": {}}
    texts = {field: data.get(field) or "" for field in Offer.TRANSLATED_FIELDS}
    texts["description"] = sanitize_html(texts["description"])
    offer = Offer.objects.create(
        organisation=organisation,
        status=Offer.Status.DRAFT,
        created_at=now,
        modified_at=now,
        created_by=actor,
        modified_by=actor,
        **texts,
    )
    _offer_apply(offer, data, actor=actor, now=now)
    OfferEvent.objects.create(
        offer=offer,
        action=OfferEvent.Action.CREATED,
        actor=actor,
        occurred_at=now,
        changes=revision_diff(EMPTY_DATA, data),
    )
    audit_record(action="offer.create", obj=offer, actor=actor, request=request)
    return offer


def _offer_edit(*, offer: Offer, actor, request, update) -> bool:
    """Apply ``update(data) -> data`` to what the editor works on: the open revision of a
    published offer (created if needed), else the offer itself. Returns False if nothing
    changed. Raises OfferStateError while in review."""
    with transaction.atomic():
        offer, revision = _lock(offer)
        if offer_is_locked(offer, revision):
            raise OfferStateError(OfferStateError.IN_REVIEW)
        current = offer_revision_data(offer)
        via_revision = offer.status == Offer.Status.PUBLISHED
        if via_revision and revision is not None:
            before = revision_data_completed(offer, revision.data, current)
        else:
            before = current
        after = update(copy.deepcopy(before))
        if after == before:
            return False
        now = timezone.now()
        if via_revision:
            if revision is None:
                revision = OfferRevision.objects.create(
                    offer=offer, data=after, author=actor, created_at=now, modified_at=now
                )
            else:
                revision.data = after
                revision.modified_at = now
                revision.save(update_fields=["data", "modified_at"])
        else:
            _offer_apply(offer, after, actor=actor, now=now)
        changes = revision_diff(before, after)
        OfferEvent.objects.create(
            offer=offer,
            action=OfferEvent.Action.EDITED,
            actor=actor,
            occurred_at=now,
            changes=changes,
        )
        audit_record(
            action="offer.edit",
            obj=offer,
            actor=actor,
            request=request,
            details={
                "fields": sorted(changes),
                "revision_id": revision.pk if via_revision else None,
            },
        )
    return True


def offer_content_save(*, offer: Offer, content: dict, actor, request=None) -> bool:
    """Save the editor's German texts, facts, places and contacts (``content``: revision
    data without translations). Translations not touched become outdated once a changed
    German text is published. Returns False if nothing changed."""

    def update(data):
        data.update(copy.deepcopy(content))
        return data

    return _offer_edit(offer=offer, actor=actor, request=request, update=update)


def offer_translations_save(
    *, offer: Offer, translations: dict[str, dict], confirmed=(), actor, request=None
) -> bool:
    """Save the translations (``{language: {field: text}}``). A translation whose text
    changes, or whose language is in ``confirmed``, is marked as written for the German
    texts as they now stand. Returns False if nothing changed."""

    def update(data):
        fingerprint = german_fingerprint(data)
        previous = data.get("translations") or {}
        result = {}
        for language in TRANSLATION_LANGUAGES:
            entry = translations.get(language) or {}
            texts = {field: entry.get(field) or "" for field in Offer.TRANSLATED_FIELDS}
            if not any(texts.values()):
                continue
            before = previous.get(language) or {}
            changed = any(texts[field] != (before.get(field) or "") for field in texts)
            based_on = fingerprint if changed or language in confirmed else before.get("based_on")
            result[language] = {**texts, "based_on": based_on}
        data["translations"] = result
        return data

    return _offer_edit(offer=offer, actor=actor, request=request, update=update)


@transaction.atomic
def offer_submit(*, offer: Offer, actor, request=None) -> OfferRevision:
    """Hand the offer's changes to the coordination for review and notify the
    coordinators. A published offer stays online as it is meanwhile."""
    offer, revision = _lock(offer)
    if offer_is_locked(offer, revision):
        raise OfferStateError(OfferStateError.IN_REVIEW)
    now = timezone.now()
    if offer.status == Offer.Status.PUBLISHED:
        if revision is None:
            raise OfferStateError(OfferStateError.NOTHING_TO_SUBMIT)
        data = revision_data_completed(offer, revision.data)
    else:
        data = offer_revision_data(offer)
        if revision is None:
            revision = OfferRevision(offer=offer, author=actor, created_at=now)
    problems = revision_data_problems(data)
    if problems:
        raise OfferStateError(OfferStateError.INCOMPLETE, problems)
    revision.data = data
    revision.status = OfferRevision.Status.IN_REVIEW
    revision.submitted_at = now
    revision.modified_at = now
    revision.save()
    if offer.status != Offer.Status.PUBLISHED:
        Offer.objects.filter(pk=offer.pk).update(
            status=Offer.Status.IN_REVIEW, modified_at=now, modified_by=actor
        )
    OfferEvent.objects.create(
        offer=offer, action=OfferEvent.Action.SUBMITTED, actor=actor, occurred_at=now
    )
    for coordinator in coordinators().exclude(pk=actor.pk):
        reminder_schedule(
            kind=OFFER_SUBMITTED_FOR_REVIEW, target=revision, due_at=now, recipient=coordinator
        )
    audit_record(
        action="offer.submit",
        obj=offer,
        actor=actor,
        request=request,
        details={"revision_id": revision.pk},
    )
    return revision


@transaction.atomic
def offer_revision_publish(*, revision: OfferRevision, actor, request=None) -> Offer:
    """Put the revision online: its content replaces the offer's in one transaction; the
    offer is published and counts as reviewed now."""
    offer, _open = _lock(revision.offer)
    now = timezone.now()
    claimed = OfferRevision.objects.filter(
        pk=revision.pk, status=OfferRevision.Status.IN_REVIEW
    ).update(
        status=OfferRevision.Status.PUBLISHED, decided_by=actor, decided_at=now, modified_at=now
    )
    if claimed != 1:
        raise OfferStateError(OfferStateError.DECIDED)
    revision.refresh_from_db()
    data = revision_data_completed(offer, revision.data)
    changes = revision_diff(offer_baseline_data(offer), data)
    was_status = offer.status
    _offer_apply(offer, data, actor=actor, now=now)
    offer.status = Offer.Status.PUBLISHED
    offer.published_at = now
    offer.last_reviewed_at = now
    offer.save(update_fields=["status", "published_at", "last_reviewed_at"])
    if was_status != Offer.Status.PUBLISHED:
        changes["status"] = [was_status, Offer.Status.PUBLISHED.value]
    OfferEvent.objects.create(
        offer=offer,
        action=OfferEvent.Action.PUBLISHED,
        actor=actor,
        occurred_at=now,
        changes=changes,
    )
    reminders_cancel(kind=OFFER_SUBMITTED_FOR_REVIEW, target=revision)
    reminders_cancel(kind=OFFER_REVIEW_DUE, target=offer)
    reminders_cancel(kind=OFFER_REVIEW_OVERDUE, target=offer)
    audit_record(
        action="offer.publish",
        obj=offer,
        actor=actor,
        request=request,
        details={"revision_id": revision.pk, "fields": sorted(changes)},
    )
    return offer


@transaction.atomic
def offer_revision_return(
    *, revision: OfferRevision, actor, comment: str, request=None
) -> OfferRevision:
    """Send the revision back to the provider with the coordinator's comment; the
    provider's editors (and the revision's author) are notified."""
    comment = (comment or "").strip()
    if not comment:
        raise ValueError("A returned revision needs a comment.")
    offer, _open = _lock(revision.offer)
    now = timezone.now()
    claimed = OfferRevision.objects.filter(
        pk=revision.pk, status=OfferRevision.Status.IN_REVIEW
    ).update(
        status=OfferRevision.Status.RETURNED,
        decided_by=actor,
        decided_at=now,
        modified_at=now,
        review_comment=comment,
    )
    if claimed != 1:
        raise OfferStateError(OfferStateError.DECIDED)
    revision.refresh_from_db()
    Offer.objects.filter(pk=offer.pk, status=Offer.Status.IN_REVIEW).update(
        status=Offer.Status.DRAFT, modified_at=now
    )
    OfferEvent.objects.create(
        offer=offer,
        action=OfferEvent.Action.RETURNED,
        actor=actor,
        occurred_at=now,
        comment=comment,
    )
    recipients = {editor.pk: editor for editor in offer_editors(offer)}
    if revision.author is not None and revision.author.is_active:
        recipients.setdefault(revision.author.pk, revision.author)
    recipients.pop(actor.pk, None)
    for recipient in recipients.values():
        reminder_schedule(
            kind=OFFER_REVISION_RETURNED, target=revision, due_at=now, recipient=recipient
        )
    reminders_cancel(kind=OFFER_SUBMITTED_FOR_REVIEW, target=revision)
    audit_record(
        action="offer.return",
        obj=offer,
        actor=actor,
        request=request,
        details={"revision_id": revision.pk},
    )
    return revision


@transaction.atomic
def offer_mark_reviewed(*, offer: Offer, actor, request=None) -> None:
    """The editor confirms the published offer is still right: it counts as reviewed now,
    and pending review reminders are dropped."""
    now = timezone.now()
    before = offer.last_reviewed_at
    if (
        Offer.objects.filter(pk=offer.pk, status=Offer.Status.PUBLISHED).update(
            last_reviewed_at=now
        )
        != 1
    ):
        raise OfferStateError(OfferStateError.NOT_PUBLISHED)
    offer.last_reviewed_at = now
    OfferEvent.objects.create(
        offer=offer,
        action=OfferEvent.Action.REVIEWED,
        actor=actor,
        occurred_at=now,
        changes={"last_reviewed_at": [before.isoformat() if before else None, now.isoformat()]},
    )
    reminders_cancel(kind=OFFER_REVIEW_DUE, target=offer)
    reminders_cancel(kind=OFFER_REVIEW_OVERDUE, target=offer)
    audit_record(action="offer.mark_reviewed", obj=offer, actor=actor, request=request)


def offers_archive_expired(*, now=None) -> int:
    """Archive published offers whose validity ended before today (Europe/Berlin). Each
    offer is claimed with a conditional UPDATE, so concurrent or repeated runs archive it
    (and record it) once. Returns how many were archived."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    expired = Offer.objects.filter(status=Offer.Status.PUBLISHED, valid_until__lt=today)
    archived = 0
    for pk, valid_until in expired.values_list("pk", "valid_until"):
        with transaction.atomic():
            claimed = Offer.objects.filter(
                pk=pk, status=Offer.Status.PUBLISHED, valid_until__lt=today
            ).update(status=Offer.Status.ARCHIVED, modified_at=now)
            if claimed != 1:
                continue
            offer = Offer(pk=pk)
            OfferEvent.objects.create(
                offer=offer,
                action=OfferEvent.Action.ARCHIVED,
                occurred_at=now,
                changes={"status": [Offer.Status.PUBLISHED.value, Offer.Status.ARCHIVED.value]},
            )
            reminders_cancel(kind=OFFER_REVIEW_DUE, target=offer)
            reminders_cancel(kind=OFFER_REVIEW_OVERDUE, target=offer)
            audit_record(
                action="offer.archive",
                obj=offer,
                details={"valid_until": valid_until.isoformat()},
            )
            archived += 1
    return archived
