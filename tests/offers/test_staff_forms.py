"""Bad input in the offer editor: clear, localised errors at the field, everything typed is
shown again, nothing is saved, never a 500."""

import pytest
from django.urls import reverse

from offers.models import Offer, OfferEvent, OfferRevision, Schedule
from tests.offers.factories import OfferFactory
from tests.offers.test_staff_support import NEW_OFFER, create_offer, editor_of, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(editor_of())
    return client


def _error_labels(response) -> list[str]:
    return [error.label for error in response.context["errors"]]


def _nothing_saved():
    return not Offer.objects.exists() and not OfferEvent.objects.exists()


def test_several_mistakes_are_all_reported_and_every_input_is_kept(editor_client):
    response = create_offer(
        editor_client,
        **{
            "title": "Beratung für Familien",
            "eligibility": "Familien mit Kindern unter 6 Jahren",
            "locations-0-postal_code": "586",
            "contacts-0-email": "keine-adresse",
            "locations-0-schedules-0-opens_at": "18:00",
            "locations-0-schedules-0-closes_at": "09:00",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert _error_labels(response) == [
        "Ort 1 – PLZ",
        "Ort 1, Zeit 1 – bis",
        "Kontakt 1 – E-Mail",
    ]
    for typed in ("Beratung für Familien", "Familien mit Kindern unter 6 Jahren", "586"):
        assert typed in page
    assert 'value="keine-adresse"' in page
    assert "Bitte eine fünfstellige Postleitzahl angeben." in page
    assert "Die Endzeit muss nach der Anfangszeit liegen." in page
    assert _nothing_saved()


def test_error_summary_links_to_the_fields(editor_client):
    response = create_offer(editor_client, title="")

    page = response.content.decode()
    assert 'href="#id_title"' in page
    assert 'id="id_title"' in page
    assert 'aria-invalid="true"' in page
    assert "Es wurde nichts gespeichert." in page


def test_errors_in_an_existing_offer_keep_the_input_and_change_nothing(client):
    offer = OfferFactory(title="Alt", categories=["sprache"], towns=["Iserlohn"])
    client.force_login(editor_of(offer.organisation))
    url = reverse("offers:staff_edit", args=[offer.pk])
    data = form_data(client.get(url)) | {
        "title": "Neuer Titel",
        "min_age": "18",
        "max_age": "6",
    }

    response = client.post(url, data)

    offer.refresh_from_db()
    assert response.status_code == 200
    assert _error_labels(response) == ["Höchstalter"]
    assert "Neuer Titel" in response.content.decode()
    assert offer.title == "Alt"
    assert not OfferRevision.objects.exists()


def test_an_offer_needs_a_place(editor_client):
    response = create_offer(
        editor_client,
        **{
            "locations-0-name": "",
            "locations-0-street": "",
            "locations-0-postal_code": "",
            "locations-0-municipality": "",
            "locations-0-schedules-0-weekdays": [],
            "locations-0-schedules-0-opens_at": "",
            "locations-0-schedules-0-closes_at": "",
        },
    )

    assert response.status_code == 200
    assert "Bitte wählen Sie die Kommune." in response.content.decode()
    assert _nothing_saved()


def test_removing_the_only_place_of_an_offer_is_refused(client):
    offer = OfferFactory(categories=["sprache"], towns=["Iserlohn"], status=Offer.Status.DRAFT)
    client.force_login(editor_of(offer.organisation))
    url = reverse("offers:staff_edit", args=[offer.pk])
    data = form_data(client.get(url)) | {"locations-0-DELETE": "on"}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Bitte geben Sie mindestens einen Ort an." in response.content.decode()
    assert offer.offer_locations.count() == 1


def test_an_offer_needs_a_category(editor_client):
    response = create_offer(editor_client, categories=[])

    assert _error_labels(response) == ["Kategorien"]
    assert "Bitte wählen Sie mindestens eine Kategorie." in response.content.decode()


def test_unknown_town_is_refused(editor_client):
    response = create_offer(editor_client, **{"locations-0-municipality": "05911000"})

    assert _error_labels(response) == ["Ort 1 – Kommune"]
    assert _nothing_saved()


# --- Times: weekdays, single dates, own rules ----------------------------------------------------


def _schedule(**fields):
    defaults = {
        "locations-0-schedules-0-weekdays": [],
        "locations-0-schedules-0-opens_at": "",
        "locations-0-schedules-0-closes_at": "",
    }
    return defaults | {f"locations-0-schedules-0-{key}": value for key, value in fields.items()}


def test_weekdays_become_a_weekly_rule_in_calendar_order(editor_client):
    create_offer(editor_client, **_schedule(weekdays=["FR", "MO", "WE"], opens_at="09:00"))

    assert Schedule.objects.get().rrule == "FREQ=WEEKLY;BYDAY=MO,WE,FR"


def test_a_single_date_needs_no_rule(editor_client):
    create_offer(editor_client, **_schedule(dtstart="2027-03-15", opens_at="10:00"))

    schedule = Schedule.objects.get()
    assert (schedule.rrule, schedule.dtstart.isoformat()) == ("", "2027-03-15")


def test_an_own_rule_is_checked_and_kept(editor_client):
    create_offer(editor_client, **_schedule(rrule="freq=monthly;byday=1tu"))

    assert Schedule.objects.get().rrule == "FREQ=MONTHLY;BYDAY=1TU"


def test_an_own_rule_with_until_in_utc_is_accepted(editor_client):
    create_offer(editor_client, **_schedule(rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T230000Z"))

    assert Schedule.objects.get().rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T230000Z"


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SOMETIMES",
        "BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY\nDTSTART:20270101",
        "FREQ=WEEKLY;DTSTART=20270101",
        "FREQ=DAILY;COUNT=abc",
    ],
)
def test_an_invalid_own_rule_is_refused(editor_client, rule):
    response = create_offer(editor_client, **_schedule(rrule=rule))

    assert response.status_code == 200
    assert _error_labels(response) == ["Ort 1, Zeit 1 – Eigene Wiederholungsregel (RRULE)"]
    assert _nothing_saved()


def test_weekdays_and_an_own_rule_together_are_refused(editor_client):
    response = create_offer(editor_client, **_schedule(weekdays=["MO"], rrule="FREQ=DAILY"))

    assert _error_labels(response) == ["Ort 1, Zeit 1 – Eigene Wiederholungsregel (RRULE)"]


def test_a_time_without_day_or_date_is_refused(editor_client):
    response = create_offer(editor_client, **_schedule(opens_at="09:00"))

    assert _error_labels(response) == ["Ort 1, Zeit 1 – Wochentage"]
    assert "Bitte Wochentage ankreuzen oder ein Datum angeben." in response.content.decode()


def test_a_closing_time_without_opening_time_is_refused(editor_client):
    response = create_offer(editor_client, **_schedule(weekdays=["MO"], closes_at="12:00"))

    assert _error_labels(response) == ["Ort 1, Zeit 1 – von"]


def test_times_filled_in_for_a_blank_extra_place_are_not_silently_dropped(client):
    offer = OfferFactory(categories=["sprache"], towns=["Iserlohn"], status=Offer.Status.DRAFT)
    client.force_login(editor_of(offer.organisation))
    url = reverse("offers:staff_edit", args=[offer.pk])
    page = client.get(url)
    data = form_data(page) | {
        "locations-1-schedules-0-weekdays": ["TU"],
        "locations-1-schedules-0-opens_at": "10:00",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Ort 2 – Bezeichnung des Ortes" in _error_labels(response)


# --- Coordinates, contacts, dates ---------------------------------------------------------------


def test_coordinates_with_a_decimal_comma_are_stored_with_five_decimals(editor_client):
    create_offer(
        editor_client, **{"locations-0-latitude": "51,375", "locations-0-longitude": "7.7"}
    )

    location = Offer.objects.get().offer_locations.get().location
    assert (str(location.latitude), str(location.longitude)) == ("51.37500", "7.70000")


@pytest.mark.parametrize(
    ("latitude", "longitude", "label"),
    [
        ("91", "7.7", "Ort 1 – Breitengrad"),
        ("51.3", "abc", "Ort 1 – Längengrad"),
        ("51.3", "", "Ort 1 – Längengrad"),
        ("NaN", "7.7", "Ort 1 – Breitengrad"),
    ],
)
def test_bad_coordinates_are_refused(editor_client, latitude, longitude, label):
    response = create_offer(
        editor_client,
        **{"locations-0-latitude": latitude, "locations-0-longitude": longitude},
    )

    assert _error_labels(response) == [label]
    assert _nothing_saved()


def test_a_contact_needs_a_way_to_reach_it(editor_client):
    response = create_offer(editor_client, **{"contacts-0-email": ""})

    assert _error_labels(response) == ["Kontakt 1"]
    assert "Bitte geben Sie Telefon, E-Mail oder Website an." in response.content.decode()


def test_a_website_without_scheme_gets_https(editor_client):
    create_offer(editor_client, **{"contacts-0-website": "caritas-iserlohn.de"})

    assert Offer.objects.get().contacts.get().website == "https://caritas-iserlohn.de"


def test_validity_that_ends_before_it_starts_is_refused(editor_client):
    response = create_offer(editor_client, valid_from="2027-05-01", valid_until="2027-04-01")

    assert _error_labels(response) == ["gültig bis"]


def test_a_missing_management_form_is_an_error_not_a_500(editor_client):
    response = editor_client.post(reverse("offers:staff_create"), NEW_OFFER)

    assert response.status_code == 200
    assert response.context["errors"]
    assert _nothing_saved()


def test_too_many_places_are_refused(editor_client):
    many = {"locations-TOTAL_FORMS": "500"}

    response = create_offer(editor_client, **many)

    assert response.status_code == 200
    assert _nothing_saved()
