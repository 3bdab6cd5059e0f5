"""CSV import of offers (the service): validation, all-or-nothing, updates and revisions."""

from datetime import date

import pytest
from django.urls import reverse

from kim_portal.models import AuditEvent
from offers.csv_io import offers_import
from offers.models import Location, Offer, OfferEvent, OfferLocation, OfferRevision
from offers.services import offer_content_save, offer_revision_publish, offer_submit
from tests.factories import OrganisationFactory, user_with_role
from tests.offers.csv_support import coordinator, csv_text, read_csv
from tests.offers.factories import (
    ContactFactory,
    LocationFactory,
    OfferFactory,
    OfferLocationFactory,
    ScheduleFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return OrganisationFactory(name="Diakonie Mark-Ruhr", short_name="Diakonie")


@pytest.fixture
def editor(provider):
    return user_with_role("provider_editor", organisation=provider)


def _errors(result) -> list[tuple[int, str]]:
    return [(error.row, error.column) for error in result.errors]


def _offer_state_counts():
    return (
        Offer.objects.count(),
        OfferEvent.objects.count(),
        OfferRevision.objects.count(),
        Location.objects.count(),
    )


# --- Round trip -------------------------------------------------------------------------


def test_export_then_import_unchanged_changes_nothing(client, editor, provider):
    draft = OfferFactory(
        organisation=provider,
        status="draft",
        title="=Formel im Titel",
        summary='Zeile eins\nZeile zwei; mit Semikolon und "Anführungszeichen"',
        description='<p>Mit <a href="https://example.org">Link</a> &amp; Umlauten: äöüß</p>',
        cost_text="-",
        categories=["sprache", "familie"],
        target_groups=["frauen", "kinder"],
        towns=["Menden (Sauerland)", "Altena"],
        languages=["de", "ar", "prs"],
        min_age=3,
        max_age=99,
        childcare=True,
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        mode="hybrid",
    )
    ContactFactory(offer=draft, phone="+49 2371 000", website="https://example.org/kurs")
    OfferFactory(organisation=provider, towns=["Iserlohn"], categories=["beratung"])
    OfferFactory(organisation=provider, status="archived", summary="")
    client.force_login(editor)
    exported = client.get(reverse("offers:staff_export")).content
    before = _offer_state_counts()

    result = offers_import(user=editor, text=exported.decode("utf-8-sig"))

    assert result.errors == []
    assert (result.created, result.updated, result.revised, result.unchanged) == ([], [], [], 3)
    assert _offer_state_counts() == before


def test_round_trip_through_a_german_spreadsheet_changes_nothing(client, editor, provider):
    # What German Excel writes back: DD.MM.YYYY dates, WAHR/FALSCH, no BOM, AGS without 0.
    offer = OfferFactory(
        organisation=provider, status="draft", valid_from=date(2026, 3, 1), childcare=True
    )
    client.force_login(editor)
    row = read_csv(client.get(reverse("offers:staff_export")).content)[0]
    row.update(valid_from="01.03.2026", childcare="WAHR", is_free="WAHR", barrier_free="FALSCH")

    result = offers_import(user=editor, text=csv_text([row]))

    assert result.errors == []
    assert result.unchanged == 1
    assert not OfferEvent.objects.filter(offer=offer).exists()


# --- All or nothing ---------------------------------------------------------------------


def test_invalid_rows_change_nothing_and_each_problem_is_reported(editor, provider):
    existing = OfferFactory(organisation=provider, status="draft", title="Alt")
    rows = [
        {"id": existing.pk, "title": "Neu"},  # valid on its own
        {"title": "Sprachcafé", "municipality": "Dortmund"},
        {"title": "Beratung", "contact_name": "Team", "contact_email": "kein-at-zeichen"},
        {"title": "", "summary": "ohne Titel"},
        {"title": "Kurs", "categories": "sprache|kochen"},
        {"title": "Treff", "childcare": "vielleicht"},
        {"title": "Jugend", "min_age": "18", "max_age": "12"},
        {"title": "Neu und gültig"},  # valid
    ]
    before = _offer_state_counts()

    result = offers_import(user=editor, text=csv_text(rows))

    assert _errors(result) == [
        (3, "municipality"),
        (4, "contact_email"),
        (5, "title"),
        (6, "categories"),
        (7, "childcare"),
        (8, "max_age"),
    ]
    assert _offer_state_counts() == before
    existing.refresh_from_db()
    assert existing.title == "Alt"


def test_error_messages_name_the_problem_in_german(editor):
    rows = [
        {"title": "A", "municipality": "Dortmund"},
        {"title": "B", "categories": "kochen"},
        {"title": "C", "min_age": "18", "max_age": "12"},
        {"title": "D", "is_free": "vielleicht"},
        {"title": "E", "languages": "de|xx"},
        {"title": "F", "valid_from": "31.02.2026"},
        {"title": "G", "mode": "telepathisch"},
    ]

    messages = [error.message for error in offers_import(user=editor, text=csv_text(rows)).errors]

    assert "„Dortmund“ ist keine Stadt oder Gemeinde im Märkischen Kreis" in messages[0]
    assert messages[1] == "Unbekannte Kategorie: kochen."
    assert messages[2] == "Das Mindestalter (18) ist größer als das Höchstalter (12)."
    assert "kein Ja/Nein-Wert" in messages[3]
    assert "xx" in messages[4]
    assert "kein gültiges Datum" in messages[5]
    assert "keine Form" in messages[6]


def test_bad_email_message_comes_from_djangos_german_catalogue(editor):
    row = {"title": "A", "contact_name": "Team", "contact_email": "x@"}

    (error,) = offers_import(user=editor, text=csv_text([row])).errors

    assert error.message == "Bitte gültige E-Mail-Adresse eingeben."


def test_unknown_and_missing_columns_are_reported_for_the_header(editor):
    result = offers_import(user=editor, text="titel;kommune\nKurs;Iserlohn\n")

    assert _errors(result) == [(1, ""), (1, "title")]
    assert "titel, kommune" in result.errors[0].message


def test_row_with_more_cells_than_the_header_is_an_error(editor):
    result = offers_import(user=editor, text="title;summary\nKurs;kurz;übrig\n")

    assert _errors(result) == [(2, "")]


def test_file_without_offers_is_an_error(editor):
    assert _errors(offers_import(user=editor, text="title;summary\n;\n")) == [(2, "")]


def test_age_range_is_checked_against_the_offers_current_values(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft", min_age=16)

    result = offers_import(
        user=editor,
        text=csv_text(
            [{"id": offer.pk, "title": "T", "max_age": "12"}], columns=["id", "title", "max_age"]
        ),
    )

    assert _errors(result) == [(2, "max_age")]


def test_validity_end_before_start_is_an_error(editor):
    row = {"title": "A", "valid_from": "2026-05-01", "valid_until": "30.04.2026"}

    assert _errors(offers_import(user=editor, text=csv_text([row]))) == [(2, "valid_until")]


# --- Creating ---------------------------------------------------------------------------


def test_rows_without_id_become_draft_offers_of_the_editors_organisation(editor, provider):
    row = {
        "title": "Sprachcafé",
        "description": "<p>Montags</p><script>alert(1)</script>",
        "categories": "Sprache & Integrationskurse|beratung",
        "target_groups": "FRAUEN",
        "languages": "DE|uk",
        "is_free": "ja",
        "registration_required": "1",
        "mode": "vor Ort und online",
        "valid_from": "01.02.2026",
        "municipality": "05962024",
        "street": "Hauptstraße 5",
        "postal_code": "58636",
        "contact_name": "Team Sprachcafé",
        "contact_website": "www.example.org",
    }

    result = offers_import(user=editor, text=csv_text([row]))

    assert result.errors == []
    offer = Offer.objects.get(pk__in=result.created)
    assert offer.organisation == provider
    assert offer.status == Offer.Status.DRAFT
    assert offer.created_by == editor
    assert offer.description == "<p>Montags</p>"
    assert sorted(offer.categories.values_list("slug", flat=True)) == ["beratung", "sprache"]
    assert list(offer.target_groups.values_list("slug", flat=True)) == ["frauen"]
    assert offer.languages == ["de", "uk"]
    assert (offer.registration_required, offer.mode) == (True, "hybrid")
    assert offer.valid_from == date(2026, 2, 1)
    (place,) = [ol.location for ol in offer.offer_locations.all()]
    assert (place.name, place.municipality.name, place.organisation) == (
        "Iserlohn",
        "Iserlohn",
        provider,
    )
    assert offer.contacts.get().website == "https://www.example.org"
    assert OfferEvent.objects.get(offer=offer).action == OfferEvent.Action.CREATED


def test_new_offers_reuse_the_providers_existing_place(editor, provider):
    place = LocationFactory(
        organisation=provider, name="VHS", street="Hauptstraße 1", postal_code="58636"
    )
    row = {
        "title": "Kurs",
        "location_name": "VHS",
        "street": "Hauptstraße 1",
        "postal_code": "58636",
        "municipality": "Iserlohn",
    }

    result = offers_import(user=editor, text=csv_text([row, {**row, "title": "Kurs 2"}]))

    assert result.errors == []
    assert set(
        OfferLocation.objects.filter(offer_id__in=result.created).values_list(
            "location_id", flat=True
        )
    ) == {place.pk}


def test_comma_separated_file_is_read_too(editor):
    text = "title,municipality,is_free\nSprachcafé,Menden,nein\n"

    result = offers_import(user=editor, text=text)

    assert result.errors == []
    offer = Offer.objects.get(pk__in=result.created)
    assert offer.is_free is False
    assert offer.offer_locations.get().location.municipality.name == "Menden (Sauerland)"


def test_successful_import_is_recorded_in_the_audit_trail(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft")

    result = offers_import(
        user=editor, text=csv_text([{"title": "Neu"}, {"id": offer.pk, "title": "Geändert"}])
    )

    event = AuditEvent.objects.get(action="offers.import")
    assert event.actor == editor
    assert event.details == {
        "created": result.created,
        "updated": [offer.pk],
        "revised": [],
        "unchanged": 0,
    }


def test_rejected_import_records_no_audit_event(editor):
    offers_import(user=editor, text=csv_text([{"title": ""}]))

    assert not AuditEvent.objects.filter(action="offers.import").exists()


# --- Updating ---------------------------------------------------------------------------


def test_row_with_id_updates_a_draft_directly_and_records_the_change(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft", title="Alt", summary="bleibt")
    revision_before = offer.source_revision

    result = offers_import(
        user=editor,
        text=csv_text(
            [{"id": offer.pk, "title": "Neu", "summary": "bleibt"}],
            columns=["id", "title", "summary"],
        ),
    )

    assert result.updated == [offer.pk]
    offer.refresh_from_db()
    assert (offer.title, offer.modified_by) == ("Neu", editor)
    assert offer.source_revision == revision_before + 1
    event = OfferEvent.objects.get(offer=offer)
    assert event.action == OfferEvent.Action.EDITED
    assert event.changes == {"title": ["Alt", "Neu"]}


def test_columns_left_out_of_the_file_keep_their_values(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft", summary="bleibt", childcare=True)

    offers_import(
        user=editor,
        text=csv_text([{"id": offer.pk, "title": "Neu"}], columns=["id", "title"]),
    )

    offer.refresh_from_db()
    assert (offer.title, offer.summary, offer.childcare) == ("Neu", "bleibt", True)


def test_empty_flag_cell_keeps_the_value(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft", childcare=True)

    result = offers_import(
        user=editor,
        text=csv_text(
            [{"id": offer.pk, "title": offer.title, "childcare": ""}],
            columns=["id", "title", "childcare"],
        ),
    )

    offer.refresh_from_db()
    assert offer.childcare is True
    assert result.unchanged == 1


def test_changed_place_moves_the_first_location_and_keeps_its_schedules(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft")
    first = OfferLocationFactory(offer=offer, location=LocationFactory(organisation=provider))
    schedule = ScheduleFactory(offer_location=first, rrule="FREQ=WEEKLY;BYDAY=MO")
    row = {
        "id": offer.pk,
        "title": offer.title,
        "location_name": "Neues Zentrum",
        "municipality": "Hemer",
    }

    result = offers_import(user=editor, text=csv_text([row]))

    assert result.updated == [offer.pk]
    first.refresh_from_db()
    assert (first.location.name, first.location.municipality) == (
        "Neues Zentrum",
        municipality("Hemer"),
    )
    assert first.location.organisation == provider
    assert list(first.schedules.all()) == [schedule]


def test_changed_place_shared_with_another_offer_gets_a_place_of_its_own(editor, provider):
    shared = LocationFactory(organisation=provider, name="Gemeinsam")
    offer = OfferFactory(organisation=provider, status="draft")
    neighbour = OfferFactory(organisation=provider, status="draft")
    OfferLocationFactory(offer=offer, location=shared)
    OfferLocationFactory(offer=neighbour, location=shared)
    row = {
        "id": offer.pk,
        "title": offer.title,
        "location_name": "Eigen",
        "municipality": "Werdohl",
    }

    offers_import(user=editor, text=csv_text([row], columns=list(row)))

    shared.refresh_from_db()
    assert shared.name == "Gemeinsam"
    assert offer.offer_locations.get().location.name == "Eigen"
    assert neighbour.offer_locations.get().location == shared


def test_changed_contact_updates_the_first_contact(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft")
    contact = ContactFactory(offer=offer, name="Alt", role="Leitung")
    row = {
        "id": offer.pk,
        "title": offer.title,
        "contact_name": "Neu",
        "contact_email": "neu@example.org",
    }

    offers_import(user=editor, text=csv_text([row]))

    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone, contact.role) == (
        "Neu",
        "neu@example.org",
        "",
        "Leitung",
    )


def test_in_review_offer_with_changes_is_a_row_error(editor, provider):
    offer = OfferFactory(organisation=provider, status="in_review", title="Alt")
    OfferRevision.objects.create(offer=offer, status=OfferRevision.Status.IN_REVIEW, data={})

    result = offers_import(user=editor, text=csv_text([{"id": offer.pk, "title": "Neu"}]))

    assert _errors(result) == [(2, "")]
    offer.refresh_from_db()
    assert offer.title == "Alt"


def test_same_id_twice_is_an_error(editor, provider):
    offer = OfferFactory(organisation=provider, status="draft")

    result = offers_import(
        user=editor, text=csv_text([{"id": offer.pk, "title": "A"}, {"id": offer.pk, "title": "B"}])
    )

    assert _errors(result) == [(3, "id")]


# --- Published offers: changes go into a draft revision ---------------------------------


def test_changes_to_a_published_offer_go_into_a_draft_revision(editor, provider):
    offer = OfferFactory(organisation=provider, title="Öffentlich", categories=["sprache"])
    row = {
        "id": offer.pk,
        "title": "Überarbeitet",
        "categories": "sprache|beratung",
        "valid_until": "2026-12-31",
    }

    result = offers_import(
        user=editor, text=csv_text([row], columns=["id", "title", "categories", "valid_until"])
    )

    assert result.revised == [offer.pk]
    offer.refresh_from_db()
    assert (offer.title, offer.valid_until) == ("Öffentlich", None)
    revision = OfferRevision.objects.get(offer=offer)
    assert (revision.status, revision.author) == (OfferRevision.Status.DRAFT, editor)
    assert revision.data["title"] == "Überarbeitet"
    assert revision.data["categories"] == ["beratung", "sprache"]
    assert revision.data["valid_until"] == "2026-12-31"
    event = OfferEvent.objects.get(offer=offer)
    assert event.action == OfferEvent.Action.EDITED
    assert event.changes["title"] == ["Öffentlich", "Überarbeitet"]


def test_published_offer_changes_merge_into_its_open_revision(editor, provider):
    offer = OfferFactory(organisation=provider, title="Öffentlich", summary="alt")
    revision = OfferRevision.objects.create(
        offer=offer, author=editor, data={"summary": "im Entwurf"}, status="returned"
    )
    row = {"id": offer.pk, "title": "Neu", "summary": "alt"}

    result = offers_import(user=editor, text=csv_text([row], columns=["id", "title", "summary"]))

    assert result.revised == [offer.pk]
    revision.refresh_from_db()
    # The summary cell equals the published offer: the revision's own summary stays.
    assert (revision.data["title"], revision.data["summary"]) == ("Neu", "im Entwurf")
    assert revision.status == "returned"
    assert OfferRevision.objects.filter(offer=offer).count() == 1


def test_unchanged_row_of_a_published_offer_leaves_its_open_revision_alone(editor, provider):
    offer = OfferFactory(organisation=provider, title="Öffentlich")
    revision = OfferRevision.objects.create(offer=offer, author=editor, data={"title": "Entwurf"})

    result = offers_import(
        user=editor,
        text=csv_text([{"id": offer.pk, "title": "Öffentlich"}], columns=["id", "title"]),
    )

    assert result.unchanged == 1
    revision.refresh_from_db()
    assert revision.data == {"title": "Entwurf"}


def test_published_offer_whose_revision_is_in_review_cannot_be_changed(editor, provider):
    offer = OfferFactory(organisation=provider)
    OfferRevision.objects.create(offer=offer, author=editor, data={}, status="in_review")

    result = offers_import(user=editor, text=csv_text([{"id": offer.pk, "title": "Neu"}]))

    assert _errors(result) == [(2, "")]


def test_new_place_of_a_published_offer_goes_into_the_revision_with_its_schedules(editor, provider):
    offer = OfferFactory(organisation=provider)
    first = OfferLocationFactory(offer=offer, location=LocationFactory(organisation=provider))
    ScheduleFactory(offer_location=first, rrule="FREQ=WEEKLY;BYDAY=TU")
    row = {
        "id": offer.pk,
        "title": offer.title,
        "location_name": "Neu",
        "municipality": "Balve",
        "contact_name": "Team",
    }

    offers_import(user=editor, text=csv_text([row], columns=list(row)))

    first.refresh_from_db()
    assert first.location.name != "Neu"  # the public offer is untouched
    data = OfferRevision.objects.get(offer=offer).data
    (entry,) = data["locations"]
    assert (entry["name"], entry["municipality"]) == ("Neu", "05962008")
    assert entry["schedules"][0]["rrule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert data["contacts"] == [
        {"role": "", "name": "Team", "phone": "", "email": "", "website": ""}
    ]


def _published_after_editor_revision_and_import(editor, row: dict) -> Location:
    """The first place of a published offer once the editor has saved a revision giving
    it an address, coordinates and accessibility, ``row`` has been imported over that
    revision, and the coordinator has published it."""
    offer = OfferFactory(organisation=editor.organisation, categories=["sprache"])
    place = LocationFactory(organisation=editor.organisation, name="VHS", street="Altweg 1")
    OfferLocationFactory(offer=offer, location=place)
    edited = {
        "location_id": place.pk,
        "name": "VHS, Raum 3",
        "street": "Altweg 1a",
        "postal_code": "58636",
        "municipality": municipality("Iserlohn").ags,
        "latitude": "51.37500",
        "longitude": "7.70000",
        "accessibility": "Eingang mit Rampe",
        "schedules": [],
    }
    offer_content_save(offer=offer, content={"locations": [edited]}, actor=editor)
    row = {"id": offer.pk, **row}
    result = offers_import(user=editor, text=csv_text([row], columns=list(row)))
    assert result.revised == [offer.pk]
    revision = offer_submit(offer=offer, actor=editor)

    offer_revision_publish(revision=revision, actor=coordinator())

    return offer.offer_locations.get().location


def _address(place: Location) -> tuple:
    return (
        place.name,
        place.street,
        place.postal_code,
        place.municipality,
        place.latitude,
        place.longitude,
        place.accessibility,
    )


def test_imported_address_over_an_editors_revision_is_published_without_the_old_building(
    editor,
):
    row = {
        "title": "Sprachkurs",
        "location_name": "Stadtteilzentrum",
        "street": "Neustraße 5",
        "postal_code": "58675",
        "municipality": "Hemer",
    }

    place = _published_after_editor_revision_and_import(editor, row)

    assert _address(place) == (
        "Stadtteilzentrum",
        "Neustraße 5",
        "58675",
        municipality("Hemer"),
        None,
        None,
        "",
    )


def test_imported_other_place_over_an_editors_revision_is_published_as_that_place(editor):
    other = LocationFactory(
        organisation=editor.organisation,
        name="Familienzentrum",
        street="Am Markt 2",
        postal_code="58762",
        municipality=municipality("Altena"),
        accessibility="Aufzug vorhanden",
    )
    row = {
        "title": "Sprachkurs",
        "location_name": "Familienzentrum",
        "street": "Am Markt 2",
        "postal_code": "58762",
        "municipality": "Altena",
    }

    place = _published_after_editor_revision_and_import(editor, row)

    assert place == other
    assert _address(place) == (
        "Familienzentrum",
        "Am Markt 2",
        "58762",
        municipality("Altena"),
        None,
        None,
        "Aufzug vorhanden",
    )


# --- Permissions ------------------------------------------------------------------------


def test_editor_cannot_update_another_organisations_offer_by_id(editor):
    foreign = OfferFactory(organisation=OrganisationFactory(), status="draft", title="Fremd")

    result = offers_import(user=editor, text=csv_text([{"id": foreign.pk, "title": "Gekapert"}]))

    assert _errors(result) == [(2, "id")]
    foreign.refresh_from_db()
    assert foreign.title == "Fremd"
    assert not OfferEvent.objects.exists()


def test_unknown_id_reads_like_someone_elses(editor):
    foreign = OfferFactory(status="draft")

    unknown = offers_import(user=editor, text=csv_text([{"id": 999999, "title": "X"}]))
    others = offers_import(user=editor, text=csv_text([{"id": foreign.pk, "title": "X"}]))

    assert unknown.errors[0].message.replace("999999", "N") == others.errors[0].message.replace(
        str(foreign.pk), "N"
    )


def test_editor_cannot_create_offers_for_another_organisation(editor):
    other = OrganisationFactory(name="Fremder Träger")

    result = offers_import(user=editor, text=csv_text([{"organisation": other.name, "title": "X"}]))

    assert _errors(result) == [(2, "organisation")]


def test_import_cannot_move_an_offer_to_another_organisation():
    person = coordinator()
    offer = OfferFactory(status="draft")
    other = OrganisationFactory()

    result = offers_import(
        user=person, text=csv_text([{"id": offer.pk, "organisation": other.name, "title": "X"}])
    )

    assert _errors(result) == [(2, "organisation")]


def test_coordinator_new_rows_need_an_organisation():
    result = offers_import(user=coordinator(), text=csv_text([{"title": "X"}]))

    assert _errors(result) == [(2, "organisation")]


def test_coordinator_new_rows_take_the_organisation_column_or_the_chosen_one():
    person = coordinator()
    named = OrganisationFactory(name="AWO Unterbezirk Hagen-Märkischer Kreis", short_name="AWO")
    chosen = OrganisationFactory()

    result = offers_import(
        user=person,
        text=csv_text([{"organisation": "awo", "title": "A"}, {"title": "B"}]),
        organisation=chosen,
    )

    assert result.errors == []
    assert sorted(
        Offer.objects.filter(pk__in=result.created).values_list("title", "organisation")
    ) == [
        ("A", named.pk),
        ("B", chosen.pk),
    ]


def test_coordinator_updates_any_providers_offer(provider):
    offer = OfferFactory(organisation=provider, status="draft")

    result = offers_import(user=coordinator(), text=csv_text([{"id": offer.pk, "title": "Neu"}]))

    assert result.updated == [offer.pk]
