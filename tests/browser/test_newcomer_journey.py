"""The newcomer's journey, as a person on a phone would take it: find a free German course
with childcare in Iserlohn and add it to the calendar — in Arabic by touch, and in Ukrainian
with the keyboard only."""

from datetime import date, time

import icalendar
import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
IDENTITY = {"Accept-Encoding": "identity"}
TOWNS = {"05962024": ("Iserlohn", "51.375", "7.700"), "05962016": ("Hemer", "51.385", "7.766")}


@pytest.fixture
def courses(transactional_db):
    from kim_portal.models import Municipality
    from offers.models import Category
    from tests.offers.factories import (
        LocationFactory,
        OfferFactory,
        OfferLocationFactory,
        OfferTranslationFactory,
        ScheduleFactory,
    )

    for ags, (name, lat, lon) in TOWNS.items():
        Municipality.objects.get_or_create(
            ags=ags, defaults={"name": name, "latitude": lat, "longitude": lon}
        )
    Category.objects.get_or_create(slug="sprache", defaults={"name": "Sprache"})
    iserlohn = Municipality.objects.get(ags="05962024")

    def course(title, *, is_free, childcare, town=iserlohn, translations=None):
        offer = OfferFactory(
            title=title,
            summary="Integrationskurs am Vormittag.",
            is_free=is_free,
            childcare=childcare,
            categories=["sprache"],
            languages=["de"],
        )
        for language, translated in (translations or {}).items():
            OfferTranslationFactory(offer=offer, language=language, title=translated)
        location = LocationFactory(organisation=offer.organisation, municipality=town)
        ScheduleFactory(
            offer_location=OfferLocationFactory(offer=offer, location=location),
            rrule="FREQ=WEEKLY;BYDAY=TU,TH",
            dtstart=date(2026, 1, 6),
            opens_at=time(9, 0),
            closes_at=time(12, 15),
            valid_to=date(2099, 6, 30),
        )
        return offer

    wanted = course(
        "Deutschkurs mit Kinderbetreuung",
        is_free=True,
        childcare=True,
        translations={
            "ar": "دورة لغة ألمانية مع رعاية الأطفال",
            "uk": "Курс німецької з доглядом за дітьми",
        },
    )
    course("Deutschkurs am Abend", is_free=True, childcare=False)
    course("Deutschkurs kompakt", is_free=False, childcare=True)
    course(
        "Deutschkurs in Hemer",
        is_free=True,
        childcare=True,
        town=Municipality.objects.get(ags="05962016"),
    )
    return wanted


def _calendar_of(download) -> icalendar.Calendar:
    with open(download.path(), "rb") as handle:
        return icalendar.Calendar.from_ical(handle.read())


def _first_event(calendar):
    return next(iter(calendar.walk("VEVENT")))


def test_arabic_newcomer_finds_a_free_course_with_childcare_and_adds_it_to_the_calendar(
    new_context, courses
):
    page = new_context(viewport=PHONE, locale="ar").new_page()
    page.goto("/ar/offers/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.locator("summary.offers-filters__summary").click()
    page.select_option("#id_town", "05962024")
    page.check("#id_free")
    page.check("#id_childcare")
    page.locator(".offers-filters__actions button[type=submit]").click()
    page.wait_for_url("**childcare=1**")

    cards = page.locator(".offers-card")
    assert cards.count() == 1
    assert "دورة لغة ألمانية مع رعاية الأطفال" in cards.inner_text()
    cards.get_by_role("link").first.click()
    page.wait_for_url(f"**/ar/offers/{courses.pk}/**")

    with page.expect_download() as download:
        page.locator(f'a[href$="/offers/{courses.pk}/calendar.ics"]').click()
    event = _first_event(_calendar_of(download.value))
    assert str(event["SUMMARY"]) == "دورة لغة ألمانية مع رعاية الأطفال"
    start = event["DTSTART"].dt
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, "Europe/Berlin")
    assert "BYDAY=TU,TH" in event["RRULE"].to_ical().decode()
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _tab_to(page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus: proves it is
    reachable with the keyboard, in document order."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_ukrainian_newcomer_does_the_same_with_the_keyboard_only(new_context, courses):
    page = new_context(viewport=PHONE, locale="uk").new_page()
    page.goto("/uk/offers/")

    _tab_to(page, "#id_q")
    page.keyboard.type("Deutschkurs")
    _tab_to(page, "summary.offers-filters__summary")
    page.keyboard.press("Enter")  # opens the filters
    _tab_to(page, "#id_town")
    page.keyboard.type("Iserlohn")  # a focused select jumps to the typed option
    assert page.eval_on_selector("#id_town", "el => el.value") == "05962024"
    _tab_to(page, "#id_free")
    page.keyboard.press("Space")
    _tab_to(page, "#id_childcare")
    page.keyboard.press("Space")
    _tab_to(page, ".offers-filters__actions button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**childcare=1**")

    assert page.locator(".offers-card").count() == 1
    _tab_to(page, ".offers-card a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/uk/offers/{courses.pk}/**")
    assert "Курс німецької з доглядом за дітьми" in page.locator("h1").inner_text()

    _tab_to(page, f'a[href$="/offers/{courses.pk}/calendar.ics"]')
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert str(_first_event(_calendar_of(download.value))["SUMMARY"]) == (
        "Курс німецької з доглядом за дітьми"
    )
