"""axe-core finds no WCAG 2.1 A/AA violation on the public catalogue — the list, a filtered
search (with the filter panel open), an empty result and a detail page — in German and in
Arabic at a phone viewport; and the search works without JavaScript."""

from datetime import date, time

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PHONE = {"width": 390, "height": 844}
# The live server's flush removes what data migrations made: the towns used here, with the
# centres from DOMAIN.md, and the terms.
TOWNS = {"05962024": ("Iserlohn", "51.375", "7.700"), "05962016": ("Hemer", "51.385", "7.766")}


def describe(violations) -> str:
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def catalogue(transactional_db):
    from kim_portal.models import Municipality
    from offers.models import Category, TargetGroup
    from tests.offers.factories import (
        ContactFactory,
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
    Category.objects.get_or_create(
        slug="sprache",
        defaults={
            "name": "Sprache & Integrationskurse",
            "name_translations": {"ar": "اللغة ودورات الاندماج"},
        },
    )
    TargetGroup.objects.get_or_create(
        slug="frauen", defaults={"name": "Frauen", "name_translations": {"ar": "النساء"}}
    )
    course = OfferFactory(
        title="Deutschkurs für Frauen mit Kinderbetreuung",
        summary="Integrationskurs am Vormittag.",
        description="<p>Ein <strong>Integrationskurs</strong>.</p><ul><li>600 Stunden</li></ul>",
        eligibility="Berechtigung vom BAMF",
        cost_text="kostenlos mit Berechtigung",
        childcare=True,
        languages=["de", "ar", "uk"],
        categories=["sprache"],
        target_groups=["frauen"],
        min_age=16,
    )
    OfferTranslationFactory(
        offer=course,
        language="ar",
        title="دورة لغة ألمانية للنساء",
        summary="دورة اندماج صباحية مع رعاية الأطفال.",
    )
    location = LocationFactory(
        organisation=course.organisation,
        name="VHS Iserlohn",
        street="Theodor-Heuss-Ring 24",
        postal_code="58636",
        municipality=Municipality.objects.get(ags="05962024"),
        accessibility="Aufzug vorhanden",
    )
    ScheduleFactory(
        offer_location=OfferLocationFactory(offer=course, location=location),
        rrule="FREQ=WEEKLY;BYDAY=MO,WE",
        dtstart=date(2026, 1, 5),
        opens_at=time(8, 30),
        closes_at=time(12, 0),
        valid_to=date(2099, 6, 30),
    )
    ContactFactory(offer=course, name="Frau Yilmaz", role="Kursberatung")
    for n in range(3):
        OfferFactory(
            title=f"Sprachcafé {n}",
            towns=["Hemer"],
            categories=["sprache"],
            mode="hybrid",
            is_free=bool(n % 2),
        )
    return {"course": course}


def _check(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    ("name", "query", "open_filters"),
    [
        ("list", "", False),
        ("filtered", "?q=Deutschkurs&town=05962024&free=1&childcare=1", True),
        ("no-result", "?q=Schwimmkurs&town=05962016&childcare=1", False),
        ("distance", "?near=05962016", False),
    ],
)
def test_offer_list_has_no_axe_violations(
    new_context, catalogue, language, name, query, open_filters
):
    page = new_context(viewport=PHONE).new_page()

    response = page.goto(f"/{language}/offers/{query}")
    assert response.status == 200
    if open_filters:
        page.click("summary.offers-filters__summary")

    _check(page)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("view", ["", "print/"])
def test_offer_detail_has_no_axe_violations(new_context, catalogue, language, view):
    page = new_context(viewport=PHONE).new_page()

    response = page.goto(f"/{language}/offers/{catalogue['course'].pk}/{view}")
    assert response.status == 200
    if not view:
        page.click("summary.offers-report__summary")

    _check(page)


def test_detail_in_arabic_is_right_to_left_with_german_fallback_left_to_right(
    new_context, catalogue
):
    from tests.offers.factories import OfferFactory

    untranslated = OfferFactory(title="Migrationsberatung")
    page = new_context(viewport=PHONE).new_page()

    page.goto(f"/ar/offers/{untranslated.pk}/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    heading = page.locator("h1")
    assert heading.get_attribute("lang") == "de"
    assert heading.evaluate("el => getComputedStyle(el).direction") == "ltr"
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_search_works_without_javascript(new_context, catalogue):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto("/de/offers/")

    page.fill("#id_q", "Deutschkurs")
    page.click("summary.offers-filters__summary")
    page.select_option("#id_town", "05962024")
    page.check("#id_childcare")
    page.click("button.offers-search__submit")

    assert "q=Deutschkurs" in page.url
    assert "childcare=1" in page.url
    assert page.locator(".offers-card").count() == 1
    assert "Deutschkurs für Frauen" in page.locator(".offers-card").inner_text()


def test_search_with_htmx_updates_results_in_place(new_context, catalogue):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/de/offers/")
    page.evaluate("window.__notReloaded = true")

    page.fill("#id_q", "Sprachcafé")
    page.click("button.offers-search__submit")
    page.wait_for_url("**q=Sprachcaf*")

    assert page.locator(".offers-card").count() == 3
    assert page.evaluate("window.__notReloaded") is True
