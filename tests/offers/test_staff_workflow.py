"""The editorial workflow: draft → in review → published; returned with a comment → edited
→ resubmitted; a published offer stays online unchanged while its next revision is drafted
and reviewed; every step leaves an event, an audit entry and the right notifications."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kim_portal.models import AuditEvent, Reminder
from kim_portal.reminder_engine import reminders_dispatch
from offers.models import Location, Offer, OfferEvent, OfferRevision, OfferTranslation
from offers.reminders import OFFER_REVISION_RETURNED, OFFER_SUBMITTED_FOR_REVIEW
from offers.selectors import offers_public
from offers.services import offer_submit
from offers.staff_selectors import offer_open_revision
from tests.factories import UserFactory
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    OfferLocationFactory,
    OfferTranslationFactory,
)
from tests.offers.test_staff_support import coordinator, create_offer, editor_of, form_data

pytestmark = pytest.mark.django_db


def _edit_url(offer, section=""):
    url = reverse("offers:staff_edit", args=[offer.pk])
    return f"{url}?section={section}" if section else url


def _edit(client, offer, **changes):
    """Open the edit page, change some fields, save; returns the response."""
    data = form_data(client.get(_edit_url(offer))) | changes
    return client.post(_edit_url(offer), data)


def _publish(client, offer):
    revision = OfferRevision.objects.get(offer=offer, status=OfferRevision.Status.IN_REVIEW)
    return client.post(reverse("offers:staff_review", args=[revision.pk]), {"action": "publish"})


@pytest.fixture
def published():
    """A published offer with one place in Iserlohn and a current English translation."""
    offer = OfferFactory(
        title="Sprachcafé",
        summary="Deutsch üben.",
        categories=["sprache"],
        towns=["Iserlohn"],
    )
    OfferTranslationFactory(offer=offer, language="en", title="Language café")
    return offer


# --- A new offer -----------------------------------------------------------------------------


def test_new_offer_is_a_draft_that_nobody_outside_sees(client):
    editor = editor_of()
    client.force_login(editor)

    response = create_offer(client)

    offer = Offer.objects.get()
    assert response.status_code == 302
    assert offer.status == Offer.Status.DRAFT
    assert offer.organisation_id == editor.organisation_id
    assert not offers_public().exists()
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404


def test_new_offer_stores_all_its_parts(client):
    client.force_login(editor_of())

    create_offer(client)

    offer = Offer.objects.get()
    link = offer.offer_locations.select_related("location__municipality").get()
    schedule = link.schedules.get()
    assert offer.title == "Sprachcafé Iserlohn"
    assert offer.languages == ["de", "ar"]
    assert [c.slug for c in offer.categories.all()] == ["sprache"]
    assert (link.location.name, link.location.municipality.name) == (
        "Stadtteilzentrum Südstadt",
        "Iserlohn",
    )
    assert (schedule.rrule, str(schedule.opens_at), str(schedule.closes_at)) == (
        "FREQ=WEEKLY;BYDAY=MO",
        "15:00:00",
        "17:00:00",
    )
    assert offer.contacts.get().email == "team@example.org"


def test_new_offer_description_loses_its_script(client):
    client.force_login(editor_of())

    create_offer(client)

    assert Offer.objects.get().description == "<p>Jeden Montag.</p>"


def test_creating_an_offer_records_who_did_it(client):
    editor = editor_of()
    client.force_login(editor)

    create_offer(client)

    offer = Offer.objects.get()
    event = OfferEvent.objects.get(offer=offer)
    assert (event.action, event.actor) == (OfferEvent.Action.CREATED, editor)
    assert event.changes["title"] == [None, "Sprachcafé Iserlohn"]
    assert AuditEvent.objects.filter(
        action="offer.create", object_id=str(offer.pk), actor=editor
    ).exists()


def test_coordinator_creates_an_offer_for_a_chosen_organisation(client):
    provider = editor_of().organisation
    client.force_login(coordinator())

    create_offer(client, organisation=str(provider.pk))

    assert Offer.objects.get().organisation == provider


# --- Submit, publish ---------------------------------------------------------------------------


def test_submitting_puts_the_offer_in_review_and_notifies_the_active_coordinators(client):
    first, second = coordinator(), coordinator()
    coordinator(is_active=False)
    editor = editor_of()
    client.force_login(editor)
    create_offer(client)
    offer = Offer.objects.get()

    response = client.post(reverse("offers:staff_submit", args=[offer.pk]))

    offer.refresh_from_db()
    revision = OfferRevision.objects.get(offer=offer)
    reminders = Reminder.objects.filter(kind=OFFER_SUBMITTED_FOR_REVIEW)
    assert response.status_code == 302
    assert offer.status == Offer.Status.IN_REVIEW
    assert revision.status == OfferRevision.Status.IN_REVIEW
    assert {r.recipient for r in reminders} == {first, second}
    assert {r.target_id for r in reminders} == {str(revision.pk)}
    assert all(r.due_at <= timezone.now() for r in reminders)
    assert OfferEvent.objects.filter(
        offer=offer, action=OfferEvent.Action.SUBMITTED, actor=editor
    ).exists()


def test_save_and_submit_in_one_step(client):
    client.force_login(editor_of())

    create_offer(client, action="submit")

    assert Offer.objects.get().status == Offer.Status.IN_REVIEW


def test_review_queue_lists_revisions_oldest_first_with_their_organisation(client):
    older, newer = OfferFactory(title="Älter"), OfferFactory(title="Neuer")
    for offer in (older, newer):
        OfferRevision.objects.create(
            offer=offer,
            data={"title": offer.title},
            status=OfferRevision.Status.IN_REVIEW,
            submitted_at=timezone.now() - timedelta(days=3 if offer is older else 1),
        )
    client.force_login(coordinator())

    response = client.get(reverse("offers:staff_review_queue"))

    revisions = list(response.context["page"].object_list)
    assert [r.offer.title for r in revisions] == ["Älter", "Neuer"]
    assert older.organisation.name in response.content.decode()


def test_coordinator_publishes_a_new_offer_and_it_goes_online(client):
    client.force_login(editor_of())
    create_offer(client, action="submit")
    offer = Offer.objects.get()
    boss = coordinator()
    client.force_login(boss)

    response = _publish(client, offer)

    offer.refresh_from_db()
    event = OfferEvent.objects.get(offer=offer, action=OfferEvent.Action.PUBLISHED)
    assert response.status_code == 302
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.published_at is not None
    assert offer.last_reviewed_at == offer.published_at
    assert list(offers_public()) == [offer]
    assert event.actor == boss
    assert event.changes["status"] == ["in_review", "published"]
    assert OfferRevision.objects.get(offer=offer).status == OfferRevision.Status.PUBLISHED
    detail = client.get(reverse("offers:detail", args=[offer.pk]))
    assert "Sprachcafé Iserlohn" in detail.content.decode()


def test_review_page_shows_the_changes_field_by_field(client, published):
    editor = editor_of(published.organisation)
    client.force_login(editor)
    _edit(client, published, title="Sprachcafé am Abend", summary="Neu: abends.")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())
    revision = OfferRevision.objects.get(offer=published)

    response = client.get(reverse("offers:staff_review", args=[revision.pk]))

    rows = {row.key: (row.old, row.new) for row in response.context["rows"]}
    assert rows["title"] == (["Sprachcafé"], ["Sprachcafé am Abend"])
    assert rows["summary"] == (["Deutsch üben."], ["Neu: abends."])
    assert "locations" not in rows
    assert "Sprachcafé am Abend" in response.content.decode()


def test_publishing_twice_is_refused_the_second_time(client, published):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, title="Neu")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())
    revision = OfferRevision.objects.get(offer=published)
    url = reverse("offers:staff_review", args=[revision.pk])

    client.post(url, {"action": "publish"})
    again = client.post(url, {"action": "publish"}, follow=True)

    assert OfferEvent.objects.filter(action=OfferEvent.Action.PUBLISHED).count() == 1
    assert "bereits entschieden" in again.content.decode()


# --- A published offer stays online while revised ---------------------------------------------


def test_editing_a_published_offer_leaves_the_public_offer_unchanged(client, published):
    client.force_login(editor_of(published.organisation))

    response = _edit(client, published, title="Sprachcafé NEU", summary="Geändert.")

    published.refresh_from_db()
    revision = offer_open_revision(published)
    assert response.status_code == 302
    assert (published.title, published.summary) == ("Sprachcafé", "Deutsch üben.")
    assert revision.status == OfferRevision.Status.DRAFT
    assert revision.data["title"] == "Sprachcafé NEU"
    assert list(offers_public()) == [published]


def test_published_offer_stays_online_unchanged_while_its_revision_is_in_review(client, published):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, title="Sprachcafé NEU")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.logout()

    detail = client.get(reverse("offers:detail", args=[published.pk]))

    published.refresh_from_db()
    assert published.status == Offer.Status.PUBLISHED
    assert list(offers_public().values_list("title", flat=True)) == ["Sprachcafé"]
    assert detail.status_code == 200
    assert "Sprachcafé NEU" not in detail.content.decode()


def test_publishing_the_revision_replaces_the_public_offer(client, published):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, title="Sprachcafé NEU", **{"locations-0-name": "Neuer Ort"})
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())

    _publish(client, published)

    published.refresh_from_db()
    assert published.title == "Sprachcafé NEU"
    assert published.offer_locations.get().location.name == "Neuer Ort"
    assert offer_open_revision(published) is None


def test_changing_a_shared_place_does_not_change_the_other_offer(client):
    published = OfferFactory(categories=["sprache"])
    place = LocationFactory(organisation=published.organisation, name="Gemeinsam")
    OfferLocationFactory(offer=published, location=place)
    other = OfferLocationFactory(
        offer=OfferFactory(organisation=published.organisation), location=place
    ).offer
    client.force_login(editor_of(published.organisation))
    _edit(client, published, **{"locations-0-street": "Neue Straße 5"})
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())

    _publish(client, published)

    place.refresh_from_db()
    assert place.street == "Hauptstraße 1"
    assert other.offer_locations.get().location == place
    assert published.offer_locations.get().location.street == "Neue Straße 5"
    assert Location.objects.count() == 2


def test_submitting_a_published_offer_without_changes_is_refused(client, published):
    client.force_login(editor_of(published.organisation))

    response = client.post(reverse("offers:staff_submit", args=[published.pk]), follow=True)

    assert not OfferRevision.objects.exists()
    assert "keine Änderungen" in response.content.decode()


def test_saving_unchanged_form_creates_no_revision_and_no_event(client, published):
    client.force_login(editor_of(published.organisation))

    _edit(client, published)

    assert not OfferRevision.objects.exists()
    assert not OfferEvent.objects.exists()


# --- Locked while in review -------------------------------------------------------------------


def test_revision_in_review_cannot_be_edited_and_the_editor_is_told_why(client, published):
    client.force_login(editor_of(published.organisation))
    data = form_data(client.get(_edit_url(published))) | {"title": "Erste Fassung"}
    client.post(_edit_url(published), data)
    client.post(reverse("offers:staff_submit", args=[published.pk]))

    page = client.get(_edit_url(published))
    response = client.post(_edit_url(published), data | {"title": "Heimlich"}, follow=True)

    assert page.context["locked"] is True
    assert page.context["editor"].form.fields["title"].disabled
    assert offer_open_revision(published).data["title"] == "Erste Fassung"
    assert "in Prüfung" in response.content.decode()


# --- Return with a comment --------------------------------------------------------------------


def test_returning_needs_a_comment(client, published):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, title="Neu")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())
    revision = OfferRevision.objects.get()

    response = client.post(
        reverse("offers:staff_review", args=[revision.pk]), {"action": "return", "comment": " "}
    )

    revision.refresh_from_db()
    assert response.status_code == 200
    assert response.context["return_form"].errors["comment"]
    assert revision.status == OfferRevision.Status.IN_REVIEW


def test_returned_revision_notifies_the_editors_with_the_comment(client, published):
    editor, colleague = editor_of(published.organisation), editor_of(published.organisation)
    editor_of()  # of another organisation
    client.force_login(editor)
    _edit(client, published, title="Neu")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    boss = coordinator()
    client.force_login(boss)
    revision = OfferRevision.objects.get()

    client.post(
        reverse("offers:staff_review", args=[revision.pk]),
        {"action": "return", "comment": "Bitte die Kosten angeben."},
    )

    revision.refresh_from_db()
    event = OfferEvent.objects.get(action=OfferEvent.Action.RETURNED)
    reminders = Reminder.objects.filter(kind=OFFER_REVISION_RETURNED)
    assert revision.status == OfferRevision.Status.RETURNED
    assert revision.review_comment == "Bitte die Kosten angeben."
    assert (event.actor, event.comment) == (boss, "Bitte die Kosten angeben.")
    assert {r.recipient for r in reminders} == {editor, colleague}


def test_returned_new_offer_goes_back_to_draft_and_the_editor_sees_the_comment(client):
    editor = editor_of()
    client.force_login(editor)
    create_offer(client, action="submit")
    offer = Offer.objects.get()
    client.force_login(coordinator())
    revision = OfferRevision.objects.get()
    client.post(
        reverse("offers:staff_review", args=[revision.pk]),
        {"action": "return", "comment": "Öffnungszeiten fehlen am Freitag."},
    )
    client.force_login(editor)

    page = client.get(_edit_url(offer))

    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    assert "Öffnungszeiten fehlen am Freitag." in page.content.decode()
    assert page.context["locked"] is False


def test_returned_revision_is_edited_and_resubmitted(client, published):
    editor = editor_of(published.organisation)
    client.force_login(editor)
    _edit(client, published, title="Erster Versuch")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())
    revision = OfferRevision.objects.get()
    client.post(
        reverse("offers:staff_review", args=[revision.pk]),
        {"action": "return", "comment": "Titel zu lang."},
    )
    client.force_login(editor)

    _edit(client, published, title="Zweiter Versuch")
    client.post(reverse("offers:staff_submit", args=[published.pk]))

    revision.refresh_from_db()
    assert revision.status == OfferRevision.Status.IN_REVIEW
    assert revision.data["title"] == "Zweiter Versuch"
    assert OfferEvent.objects.filter(action=OfferEvent.Action.SUBMITTED).count() == 2
    assert published.title == "Sprachcafé"


def test_offer_marked_in_review_without_a_revision_is_not_stuck(client):
    # E.g. left so by an import: nothing is waiting in the review queue for it.
    offer = OfferFactory(status=Offer.Status.IN_REVIEW, categories=["sprache"], towns=["Hemer"])
    client.force_login(editor_of(offer.organisation))

    page = client.get(_edit_url(offer))
    _edit(client, offer, title="Wieder bearbeitbar")

    offer.refresh_from_db()
    assert page.context["locked"] is False
    assert offer.title == "Wieder bearbeitbar"


def test_incomplete_offer_cannot_be_submitted(client):
    offer = OfferFactory(status=Offer.Status.DRAFT, published_at=None)  # no place, no category
    client.force_login(editor_of(offer.organisation))

    response = client.post(reverse("offers:staff_submit", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    assert not OfferRevision.objects.exists()
    assert "mindestens einen Ort" in response.content.decode()


# --- History ---------------------------------------------------------------------------------


def test_history_shows_who_did_what_when_with_changed_fields_and_comments(client):
    editor = editor_of(display_name="Erika Beispiel")
    client.force_login(editor)
    create_offer(client, action="submit")
    offer = Offer.objects.get()
    client.force_login(coordinator(display_name="Karl Koordinator"))
    client.post(
        reverse("offers:staff_review", args=[OfferRevision.objects.get().pk]),
        {"action": "return", "comment": "Bitte Foto-Hinweis entfernen."},
    )
    client.force_login(editor)
    _edit(client, offer, title="Sprachcafé Südstadt")

    response = client.get(reverse("offers:staff_history", args=[offer.pk]))

    entries = response.context["entries"]
    actions = [event.action for event, _rows in entries]
    assert actions == ["edited", "returned", "submitted", "created"]
    edited_rows = {row.key: (row.old, row.new) for row in entries[0][1]}
    assert edited_rows["title"] == (["Sprachcafé Iserlohn"], ["Sprachcafé Südstadt"])
    page = response.content.decode()
    assert "Karl Koordinator" in page
    assert "Erika Beispiel" in page
    assert "Bitte Foto-Hinweis entfernen." in page


# --- Translations ------------------------------------------------------------------------------


def _translation(offer, language="en"):
    return OfferTranslation.objects.get(offer=offer, language=language)


def test_changing_german_text_makes_untouched_translations_outdated_on_publication(
    client, published
):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, summary="Ganz neuer Text.")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())

    _publish(client, published)

    published.refresh_from_db()
    assert published.source_revision == 2
    assert _translation(published).state() == OfferTranslation.State.OUTDATED


def test_translation_saved_with_the_german_change_stays_current(client, published):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, summary="Ganz neuer Text.")
    translations = form_data(client.get(_edit_url(published, "translations")))
    client.post(
        _edit_url(published, "translations"),
        translations | {"tr-en-summary": "Brand new text.", "tr-ar-title": "مقهى اللغة"},
    )
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())

    _publish(client, published)

    assert _translation(published).summary == "Brand new text."
    assert _translation(published).state() == OfferTranslation.State.CURRENT
    assert _translation(published, "ar").state() == OfferTranslation.State.CURRENT


def test_translation_confirmed_as_still_fitting_stays_current(client, published):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, summary="Kleiner Tippfehler korrigiert.")
    translations = form_data(client.get(_edit_url(published, "translations")))
    client.post(
        _edit_url(published, "translations"), translations | {"tr-en-confirm_current": "on"}
    )
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())

    _publish(client, published)

    assert _translation(published).title == "Language café"
    assert _translation(published).state() == OfferTranslation.State.CURRENT


def test_translations_page_shows_the_draft_state_per_language(client, published):
    client.force_login(editor_of(published.organisation))
    _edit(client, published, title="Geänderter Titel")

    response = client.get(_edit_url(published, "translations"))

    states = {form.language: state.state for form, state in response.context["translation_forms"]}
    assert states["en"] == "outdated"
    assert states["ar"] == "missing"


def test_translation_of_a_draft_offer_is_saved_directly(client):
    offer = OfferFactory(status=Offer.Status.DRAFT, published_at=None, categories=["sprache"])
    client.force_login(editor_of(offer.organisation))
    data = form_data(client.get(_edit_url(offer, "translations")))

    client.post(_edit_url(offer, "translations"), data | {"tr-uk-title": "Мовне кафе"})

    assert _translation(offer, "uk").title == "Мовне кафе"
    assert _translation(offer, "uk").state() == OfferTranslation.State.CURRENT
    assert not OfferRevision.objects.exists()


def test_translation_without_a_title_is_refused(client, published):
    client.force_login(editor_of(published.organisation))
    data = form_data(client.get(_edit_url(published, "translations")))

    response = client.post(
        _edit_url(published, "translations"), data | {"tr-tr-summary": "Almanca pratik."}
    )

    assert response.status_code == 200
    assert response.context["editor"].forms[3].errors["title"]
    assert "Almanca pratik." in response.content.decode()
    assert not OfferRevision.objects.exists()


# --- Marking as reviewed --------------------------------------------------------------------


def test_marking_a_published_offer_as_reviewed(client, published):
    Offer.objects.filter(pk=published.pk).update(
        last_reviewed_at=timezone.now() - timedelta(days=200)
    )
    editor = editor_of(published.organisation)
    client.force_login(editor)

    client.post(_edit_url(published), {"action": "mark_reviewed"})

    published.refresh_from_db()
    event = OfferEvent.objects.get(action=OfferEvent.Action.REVIEWED)
    assert timezone.now() - published.last_reviewed_at < timedelta(minutes=1)
    assert event.actor == editor
    assert published.title == "Sprachcafé"


def test_a_draft_cannot_be_marked_as_reviewed(client):
    offer = OfferFactory(status=Offer.Status.DRAFT, last_reviewed_at=None)
    client.force_login(editor_of(offer.organisation))

    client.post(_edit_url(offer), {"action": "mark_reviewed"})

    offer.refresh_from_db()
    assert offer.last_reviewed_at is None
    assert not OfferEvent.objects.exists()


# --- Partial revision data (written by the CSV import) ------------------------------------------


def test_revision_naming_only_a_place_is_completed_from_it_for_review_and_publication(client):
    offer = OfferFactory(title="Alt", categories=["sprache"], towns=["Iserlohn"])
    place = LocationFactory(organisation=offer.organisation, name="Neuer Standort")
    editor = UserFactory(organisation=offer.organisation, roles=["provider_editor"])
    OfferRevision.objects.create(
        offer=offer,
        author=editor,
        data={"title": "Neu", "locations": [{"location_id": place.pk, "schedules": []}]},
    )
    offer_submit(offer=offer, actor=editor)
    client.force_login(coordinator())

    page = client.get(reverse("offers:staff_review", args=[OfferRevision.objects.get().pk]))
    _publish(client, offer)

    offer.refresh_from_db()
    rows = {row.key: row.new for row in page.context["rows"]}
    assert rows["locations"][0].startswith("Neuer Standort")
    assert offer.title == "Neu"
    assert offer.summary == "Ein Angebot für neu Zugewanderte."
    assert offer.offer_locations.get().location == place


# --- What the notifications say -----------------------------------------------------------------


def test_coordinator_notification_links_to_the_review(client, published):
    boss = coordinator()
    client.force_login(editor_of(published.organisation))
    _edit(client, published, title="Sprachcafé am Abend")
    client.post(reverse("offers:staff_submit", args=[published.pk]))

    reminders_dispatch()

    reminder = Reminder.objects.get(kind=OFFER_SUBMITTED_FOR_REVIEW, recipient=boss)
    revision = OfferRevision.objects.get()
    assert "Sprachcafé am Abend" in reminder.subject
    assert published.organisation.name in reminder.body
    assert reminder.link == reverse("offers:staff_review", args=[revision.pk])
    assert [message.to for message in mail.outbox] == [[boss.email]]


def test_returned_notification_carries_the_comment_and_links_to_the_editor(client, published):
    editor = editor_of(published.organisation)
    client.force_login(editor)
    _edit(client, published, title="Neu")
    client.post(reverse("offers:staff_submit", args=[published.pk]))
    client.force_login(coordinator())
    client.post(
        reverse("offers:staff_review", args=[OfferRevision.objects.get().pk]),
        {"action": "return", "comment": "Bitte Telefonnummer ergänzen."},
    )

    reminders_dispatch()

    reminder = Reminder.objects.get(kind=OFFER_REVISION_RETURNED)
    assert reminder.recipient == editor
    assert "Bitte Telefonnummer ergänzen." in reminder.body
    assert reminder.link == reverse("offers:staff_edit", args=[published.pk])
