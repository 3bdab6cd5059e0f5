"""The public list, detail and print pages: only public offers, all facts, German fallback
marked, markup sanitised on output, constant query counts, bad input never a 500."""

import re
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from offers.models import Category, Offer
from tests.offers.factories import (
    ContactFactory,
    LocationFactory,
    OfferFactory,
    OfferLocationFactory,
    OfferTranslationFactory,
    ScheduleFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def shown_as(language: str, german: str) -> str:
    """A UI text as the reader sees it: translated into the page's language."""
    with translation.override(language):
        return translation.gettext(german)


def url(name, *args, language="de"):
    with translation.override(language):
        return reverse(f"offers:{name}", args=args)


def element(body: str, text: str) -> str:
    """The opening tag of the element whose content starts with ``text``."""
    main = body[body.index("<main") :]
    match = re.search(r"<(\w+)([^>]*)>\s*" + re.escape(text), main)
    assert match, f"{text!r} not found"
    return match.group(0)


# --- Only public offers ------------------------------------------------------------------

NOT_PUBLIC = {
    "draft": {"status": Offer.Status.DRAFT},
    "in_review": {"status": Offer.Status.IN_REVIEW},
    "archived": {"status": Offer.Status.ARCHIVED},
    "expired": {"valid_until": timezone.localdate() - timedelta(days=1)},
}


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_offer_that_is_not_public_is_not_listed(client, state):
    OfferFactory(title="Verstecktes Angebot", **NOT_PUBLIC[state])
    OfferFactory(title="Sichtbares Angebot")

    response = client.get(url("list"), {"q": "Angebot"})

    body = response.content.decode()
    assert "Sichtbares Angebot" in body
    assert "Verstecktes Angebot" not in body


@pytest.mark.parametrize("state", NOT_PUBLIC)
@pytest.mark.parametrize("page", ["detail", "print", "ics"])
def test_offer_that_is_not_public_has_no_page(client, state, page):
    offer = OfferFactory(**NOT_PUBLIC[state])
    ScheduleFactory(
        offer_location=OfferLocationFactory(offer=offer),
        dtstart=date(2026, 3, 2),
        rrule="FREQ=WEEKLY;BYDAY=MO",
        opens_at=time(9),
    )

    assert client.get(url(page, offer.pk)).status_code == 404


def test_offer_valid_until_today_is_shown(client):
    offer = OfferFactory(valid_until=timezone.localdate())

    assert client.get(url("detail", offer.pk)).status_code == 200


def test_unknown_offer_is_404(client):
    assert client.get(url("detail", 999999)).status_code == 404


# --- Detail: all facts ---------------------------------------------------------------------


@pytest.fixture
def course():
    offer = OfferFactory(
        title="Integrationskurs mit Kinderbetreuung",
        summary="Deutsch lernen am Vormittag.",
        description="<p>Ein <strong>Integrationskurs</strong> mit 600 Stunden.</p>",
        eligibility="Berechtigung vom BAMF",
        application_process="Anmeldung im Büro",
        cost_text="Kostenbeitrag 2,29 € je Stunde",
        is_free=False,
        registration_required=True,
        childcare=True,
        barrier_free=True,
        mode=Offer.Mode.HYBRID,
        languages=["de", "ar", "ti"],
        min_age=16,
        valid_from=date(2026, 1, 1),
        valid_until=date(2099, 12, 31),
        categories=["sprache"],
        target_groups=["frauen"],
    )
    location = LocationFactory(
        organisation=offer.organisation,
        name="VHS Iserlohn",
        street="Theodor-Heuss-Ring 24",
        postal_code="58636",
        municipality=municipality("Iserlohn"),
        latitude="51.37650",
        longitude="7.69660",
        accessibility="Aufzug am Eingang",
    )
    ScheduleFactory(
        offer_location=OfferLocationFactory(offer=offer, location=location),
        rrule="FREQ=WEEKLY;BYDAY=MO,WE",
        dtstart=date(2026, 1, 5),
        opens_at=time(8, 30),
        closes_at=time(12, 0),
        valid_from=date(2026, 1, 5),
        valid_to=date(2099, 6, 30),
        description="Nicht in den Schulferien",
    )
    ContactFactory(
        offer=offer,
        name="Frau Yilmaz",
        role="Kursberatung",
        phone="+49 (2371) 217-1944",
        email="kurs@vhs.example",
        website="https://vhs.example/kurs",
    )
    return offer


def test_detail_shows_all_facts(client, course):
    response = client.get(url("detail", course.pk))

    body = response.content.decode()
    for text in [
        "Integrationskurs mit Kinderbetreuung",
        "Deutsch lernen am Vormittag.",
        "<strong>Integrationskurs</strong>",
        "Berechtigung vom BAMF",
        "Anmeldung im Büro",
        "Kostenbeitrag 2,29 € je Stunde",
        "kostenpflichtig",
        course.organisation.name,
        "Sprache &amp; Integrationskurse",
        "Frauen",
        "ab 16 Jahren",
        "vor Ort und online",
        "vom 1. Januar 2026 bis 31. Dezember 2099",
        "VHS Iserlohn",
        "Theodor-Heuss-Ring 24",
        "58636",
        "Aufzug am Eingang",
        "wöchentlich: Montag, Mittwoch",
        "08:30–12:00",
        "Nicht in den Schulferien",
        "Frau Yilmaz",
        "Kursberatung",
        "Zuletzt geprüft",
    ]:
        assert text in body, text


def test_detail_names_languages_natively_with_the_readers_name(client, course):
    body = client.get(url("detail", course.pk)).content.decode()

    assert '<span lang="ar" dir="rtl">العربيّة</span>' in body
    assert "(Arabisch)" in body
    assert '<span lang="ti" dir="ltr">ትግርኛ</span>' in body


def test_detail_links_place_to_openstreetmap(client, course):
    body = client.get(url("detail", course.pk)).content.decode()

    assert (
        'href="https://www.openstreetmap.org/?mlat=51.37650&amp;mlon=7.69660'
        '#map=17/51.37650/7.69660"' in body
    )


def test_place_without_coordinates_links_to_town_centre(client):
    offer = OfferFactory(towns=["Balve"])

    body = client.get(url("detail", offer.pk)).content.decode()

    assert "mlat=51.33300&amp;mlon=7.86700#map=14/" in body


def test_detail_links_phone_and_email(client, course):
    body = client.get(url("detail", course.pk)).content.decode()

    assert 'href="tel:+4923712171944"' in body
    assert 'href="mailto:kurs@vhs.example"' in body
    assert 'href="https://vhs.example/kurs"' in body


def test_contact_website_that_is_not_a_web_address_is_not_linked(client):
    offer = OfferFactory()
    ContactFactory(offer=offer, website="javascript:alert(1)")

    body = client.get(url("detail", offer.pk)).content.decode()

    assert "javascript:" not in body


def test_detail_lists_next_three_course_dates(client, course, time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 3, 10, 0)))

    body = client.get(url("detail", course.pk)).content.decode()

    assert "Mittwoch, 4. März 2026, 08:30" in body
    assert "Montag, 9. März 2026, 08:30" in body
    assert "Mittwoch, 11. März 2026, 08:30" in body
    assert "Montag, 16. März 2026" not in body


def test_detail_offers_calendar_and_print(client, course):
    body = client.get(url("detail", course.pk)).content.decode()

    assert url("ics", course.pk) in body
    assert url("print", course.pk) in body


def test_detail_without_dates_offers_no_calendar(client):
    offer = OfferFactory(towns=["Hemer"])
    ScheduleFactory(
        offer_location=offer.offer_locations.get(), rrule="FREQ=WEEKLY;BYDAY=TU", opens_at=time(9)
    )

    body = client.get(url("detail", offer.pk)).content.decode()

    assert url("ics", offer.pk) not in body
    assert "wöchentlich: Dienstag" in body


def test_detail_has_exactly_one_h1(client, course):
    body = client.get(url("detail", course.pk)).content.decode()

    assert body.count("<h1") == 1


def test_print_view_has_no_navigation_and_the_facts(client, course):
    response = client.get(url("print", course.pk))

    body = response.content.decode()
    assert response.status_code == 200
    assert "portal-header" not in body
    assert "Integrationskurs mit Kinderbetreuung" in body
    assert "wöchentlich: Montag, Mittwoch" in body
    assert "http://testserver" + url("detail", course.pk) in body
    assert "<form" not in body


# --- Sanitising --------------------------------------------------------------------------


def test_script_in_description_never_reaches_the_page(client):
    # Written straight to the database, past the services that sanitise on input.
    offer = OfferFactory(
        description='<p>Gut</p><script>alert("x")</script><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(2)">Link</a>'
    )

    body = client.get(url("detail", offer.pk)).content.decode()

    assert "<p>Gut</p>" in body
    assert 'alert("x")' not in body
    assert "onerror" not in body
    assert "javascript:" not in body


def test_script_in_translated_description_never_reaches_the_page(client):
    offer = OfferFactory()
    OfferTranslationFactory(
        offer=offer, language="en", description="<p>Fine</p><script>alert(3)</script>"
    )

    body = client.get(url("detail", offer.pk, language="en")).content.decode()

    assert "<p>Fine</p>" in body
    assert "alert(3)" not in body


def test_markup_in_title_is_escaped(client):
    offer = OfferFactory(title="<b>Kurs</b>")

    body = (
        client.get(url("list")).content.decode()
        + client.get(url("detail", offer.pk)).content.decode()
    )

    assert "<b>Kurs</b>" not in body
    assert "&lt;b&gt;Kurs&lt;/b&gt;" in body


# --- Translations and German fallback ------------------------------------------------------


def test_translation_is_shown_in_the_readers_language(client):
    offer = OfferFactory(title="Deutschkurs", summary="Deutsch lernen")
    OfferTranslationFactory(
        offer=offer,
        language="ar",
        title="دورة لغة ألمانية",
        summary="تعلم الألمانية",
        description="<p>وصف الدورة</p>",
    )

    body = client.get(url("detail", offer.pk, language="ar")).content.decode()

    assert element(body, "دورة لغة ألمانية").startswith("<h1")
    assert 'lang="de"' not in element(body, "دورة لغة ألمانية")
    assert "تعلم الألمانية" in body
    assert "Deutsch lernen" not in body
    assert shown_as("ar", "nur auf Deutsch") not in body


def test_untranslated_offer_falls_back_to_german_marked(client):
    offer = OfferFactory(title="Migrationsberatung", summary="Beratung für Erwachsene")

    body = client.get(url("detail", offer.pk, language="ar")).content.decode()

    assert 'lang="de" dir="ltr"' in element(body, "Migrationsberatung")
    assert 'lang="de" dir="ltr"' in element(body, "Beratung für Erwachsene")
    assert shown_as("ar", "nur auf Deutsch") in body


def test_partly_translated_offer_marks_the_german_fields(client):
    offer = OfferFactory(
        title="Migrationsberatung", description="<p>Wir beraten zu allen Fragen.</p>"
    )
    OfferTranslationFactory(offer=offer, language="uk", title="Міграційна консультація")

    body = client.get(url("detail", offer.pk, language="uk")).content.decode()

    assert 'lang="de"' not in element(body, "Міграційна консультація")
    assert re.search(
        r'<div class="kern-body offers-prose"\s+lang="de" dir="ltr">\s*<p>Wir beraten', body
    )
    assert shown_as("uk", "nur auf Deutsch") in body


def test_outdated_translation_is_shown_and_noted(client):
    offer = OfferFactory(title="Sprachcafé")
    OfferTranslationFactory(offer=offer, language="en", title="Language café")
    Offer.objects.filter(pk=offer.pk).update(source_revision=2)

    body = client.get(url("detail", offer.pk, language="en")).content.decode()

    assert "Language café" in body
    assert shown_as("en", "Übersetzung evtl. veraltet – im Zweifel gilt der deutsche Text.") in body


def test_german_page_has_no_fallback_marks(client):
    offer = OfferFactory(title="Sprachcafé")

    body = client.get(url("detail", offer.pk)).content.decode()

    assert 'lang="de" dir="ltr"' not in element(body, "Sprachcafé")
    assert "nur auf Deutsch" not in body


def test_list_marks_untranslated_offers(client):
    translated = OfferFactory(title="Deutschkurs")
    OfferTranslationFactory(offer=translated, language="en", title="German course", summary="x")
    OfferFactory(title="Sprachcafé")

    body = client.get(url("list", language="en")).content.decode()

    assert 'lang="de"' not in element(body, "German course")
    assert 'lang="de" dir="ltr"' in element(body, "Sprachcafé")
    assert body.count(shown_as("en", "nur auf Deutsch")) == 1


def test_category_without_translation_falls_back_to_german_marked(client):
    Category.objects.filter(slug="wohnen").update(name_translations={})
    offer = OfferFactory(categories=["wohnen", "beratung"])

    body = client.get(url("detail", offer.pk, language="ar")).content.decode()

    assert 'lang="de" dir="ltr"' in element(body, "Wohnen")
    assert 'lang="de"' not in element(body, "الاستشارة")


# --- Query counts --------------------------------------------------------------------------


def test_detail_query_count_does_not_grow_with_related_rows(client):
    def make(n):
        offer = OfferFactory(categories=["sprache", "beratung"][: min(n, 2)])
        OfferTranslationFactory(offer=offer, language="ar")
        for _ in range(n):
            offer_location = OfferLocationFactory(offer=offer)
            ScheduleFactory(
                offer_location=offer_location,
                rrule="FREQ=WEEKLY;BYDAY=MO",
                dtstart=date(2026, 1, 5),
                opens_at=time(9),
            )
            ContactFactory(offer=offer)
        return offer

    small, large = make(1), make(10)
    with CaptureQueriesContext(connection) as one:
        client.get(url("detail", small.pk, language="ar"))
    with CaptureQueriesContext(connection) as ten:
        client.get(url("detail", large.pk, language="ar"))

    assert len(ten) == len(one)
    # The offer, then categories, target groups, contacts, places, schedules, translation.
    assert len(ten) <= 7


def test_list_query_count_for_first_visit_does_not_grow(client):
    for _ in range(3):
        OfferFactory(towns=["Iserlohn"], categories=["sprache"])
    with CaptureQueriesContext(connection) as three:
        client.get(url("list"))
    for _ in range(27):
        OfferFactory(towns=["Hemer", "Altena"], categories=["beratung", "arbeit"])
    with CaptureQueriesContext(connection) as thirty:
        client.get(url("list"))

    assert len(thirty) == len(three)


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"town": "bogus"}, "Diese Auswahl gibt es nicht (mehr)."),
        ({"category": "gibt-es-nicht"}, "Diese Auswahl gibt es nicht (mehr)."),
        ({"target_group": "<script>"}, "Diese Auswahl gibt es nicht (mehr)."),
        ({"language": "Deutsch!"}, "Diese Sprache kennen wir nicht."),
        ({"sort": "DROP TABLE"}, "Diese Auswahl gibt es nicht (mehr)."),
        ({"near": "00000000"}, "Diese Auswahl gibt es nicht (mehr)."),
        ({"sort": "distance"}, "Bitte wählen Sie einen Ort"),
        ({"q": "x" * 10_000}, "Bitte kürzer fassen"),
    ],
)
def test_bad_search_input_is_explained_not_a_server_error(client, params, message):
    OfferFactory(title="Sprachcafé")

    response = client.get(url("list"), params)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Sprachcafé" in body  # the rest of the search still works


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "a\x00b"},
        {"q": "'\"\\:*&|!()<>"},
        {"q": "ä" * 199 + "ß"},
        {"free": "maybe", "online": ["1", "2"]},
        {"language": "x" * 3000},
        {"town": ["05962024", "05962016"]},
    ],
)
def test_odd_search_input_never_fails(client, params):
    OfferFactory(title="Sprachcafé", towns=["Iserlohn"])

    assert client.get(url("list"), params).status_code == 200


def test_htmx_request_gets_only_the_search_region(client):
    OfferFactory(title="Sprachcafé")

    response = client.get(url("list"), {"q": "Sprachcafé"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert body.lstrip().startswith('<div id="offer-search"')
    assert "<html" not in body
    assert "Sprachcafé" in body


def test_list_works_as_plain_get_form_without_javascript(client):
    body = client.get(url("list")).content.decode()

    assert re.search(
        r'<form class="offers-search__form"\s+method="get"\s+action="/de/offers/"', body
    )
    assert 'name="q"' in body
