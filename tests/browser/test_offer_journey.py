"""An offer's whole way online, in a real browser at a phone viewport: a provider editor
changes a published offer and submits it; while it is in review the public catalogue (page,
search and API) still shows the version online; the coordinator logs in with TOTP and
publishes it from the review queue; then the public search and /api/v1/services find it by
its new word.

Every element is found by its ARIA role and accessible name (or its label), so the test
also shows that those names exist. Each step leaves a screenshot in
test-artifacts/offer-journey/ (gitignored, kept by CI as an artifact).
"""

import random
import re
import string
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ARTIFACTS / "offer-journey"
OLD_TITLE = "Sprachcafé am Nachmittag"
OLD_SUMMARY = "Deutsch üben bei Kaffee und Kuchen."


class Steps:
    """Numbered full-page screenshots of the journey, one file per step."""

    def __init__(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
        self.number = 0

    def shot(self, page, name: str) -> None:
        self.number += 1
        page.screenshot(path=SCREENSHOTS / f"{self.number:02d}-{name}.png", full_page=True)


def unique_word() -> str:
    # Letters only: one German lexeme, no stemming surprises, found by no other offer.
    return "Quokka" + "".join(random.choices(string.ascii_lowercase, k=8))


def log_in(page, *, email: str, password: str) -> None:
    page.goto("/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse", exact=True).fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden", exact=True).click()


def results_status(page):
    """The live count of the public search's results."""
    return page.get_by_role("region", name="Ergebnisse").get_by_role("status")


def services_named(page, word: str) -> list[str]:
    """Names of the services /api/v1/services?q=<word> returns, fetched through the live
    server (the page's own request context: no browser cache, no cookies needed)."""
    response = page.request.get(f"/api/v1/services?q={quote(word)}")
    assert response.ok, response.status
    body = response.json()
    assert body["total_items"] == len(body["contents"]), body
    return [service["name"] for service in body["contents"]]


@pytest.fixture
def journey(transactional_db):
    """A provider editor of an organisation with a published offer, and a coordinator with
    TOTP set up."""
    from tests.factories import PASSWORD, OrganisationFactory, totp_activate, user_with_role
    from tests.offers.factories import OfferFactory

    organisation = OrganisationFactory(name="Caritasverband Iserlohn (Test)")
    offer = OfferFactory(
        organisation=organisation,
        title=OLD_TITLE,
        summary=OLD_SUMMARY,
        categories=["sprache"],
        towns=["Iserlohn"],
    )
    editor = user_with_role(
        "provider_editor",
        organisation=organisation,
        email="redaktion@caritas-test.example",
        display_name="Rita Redaktion",
    )
    coordinator = user_with_role(
        "coordinator",
        email="koordination@kim-test.example",
        display_name="Kai Koordination",
    )
    secret = totp_activate(coordinator)
    return {
        "offer": offer,
        "editor": editor,
        "coordinator": coordinator,
        "secret": secret,
        "password": PASSWORD,
    }


def test_editor_changes_a_published_offer_and_the_coordinator_publishes_it(
    new_context, live_server, journey, totp_code
):
    from offers.models import Offer, OfferRevision

    offer = journey["offer"]
    word = unique_word()
    new_title = f"{word}: Sprachcafé am Nachmittag"
    new_summary = f"Deutsch üben im {word} bei Kaffee und Kuchen."
    steps = Steps()

    # --- The provider editor (no second factor for this role) changes and submits. ------
    editor = new_context(viewport=PHONE).new_page()
    log_in(editor, email=journey["editor"].email, password=journey["password"])
    expect(editor).to_have_url(f"{live_server.url}/de/staff/")
    steps.shot(editor, "editor-logged-in")

    editor.get_by_role("navigation", name="Arbeitsbereich").get_by_role(
        "link", name="Angebote", exact=True
    ).click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Angebote verwalten")
    editor.get_by_role("table").get_by_role("link", name=OLD_TITLE).click()
    expect(editor).to_have_url(f"{live_server.url}/de/offers/staff/{offer.pk}/")
    expect(editor.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)
    steps.shot(editor, "editor-opens-offer")

    title = editor.get_by_label("Titel", exact=True)
    expect(title).to_have_value(OLD_TITLE)
    title.fill(new_title)
    editor.get_by_label("Kurzbeschreibung").fill(new_summary)
    steps.shot(editor, "editor-edits-title-and-summary")
    editor.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()

    expect(editor.get_by_role("status").filter(has_text="zur Prüfung eingereicht")).to_be_visible()
    steps.shot(editor, "editor-submitted")
    revision = OfferRevision.objects.get(offer=offer, status=OfferRevision.Status.IN_REVIEW)
    assert revision.data["title"] == new_title
    # The editor's own form is locked while the coordination reviews.
    expect(editor.get_by_role("button", name="Speichern und zur Prüfung einreichen")).to_have_count(
        0
    )

    # --- Meanwhile the public sees the version online, unchanged. ------------------------
    public = new_context(viewport=PHONE).new_page()
    public.goto(f"/de/offers/{offer.pk}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)
    expect(public.get_by_text(OLD_SUMMARY)).to_be_visible()
    expect(public.get_by_text(word)).to_have_count(0)
    steps.shot(public, "public-still-shows-old-title")
    public.goto(f"/de/offers/?q={quote(word)}")
    expect(public.get_by_label("Suchbegriff")).to_have_value(word)
    expect(results_status(public)).to_have_text(re.compile(r"^\s*0 Angebote gefunden\b"))
    expect(public.get_by_role("link", name=new_title)).to_have_count(0)
    steps.shot(public, "public-search-before-publication")
    assert services_named(public, word) == []
    offer.refresh_from_db()
    assert (offer.status, offer.title) == (Offer.Status.PUBLISHED, OLD_TITLE)

    # --- The coordinator logs in with TOTP and publishes from the review queue. ----------
    coordinator = new_context(viewport=PHONE).new_page()
    log_in(coordinator, email=journey["coordinator"].email, password=journey["password"])
    expect(coordinator).to_have_url(re.compile(r"/de/accounts/2fa/authenticate/$"))
    steps.shot(coordinator, "coordinator-asked-for-code")
    coordinator.get_by_label("Code", exact=True).fill(totp_code(journey["secret"]))
    coordinator.get_by_role("button", name="Anmelden", exact=True).click()
    expect(coordinator).to_have_url(f"{live_server.url}/de/staff/")

    coordinator.get_by_role("navigation", name="Arbeitsbereich").get_by_role(
        "link", name="Prüfung", exact=True
    ).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Prüfliste")
    steps.shot(coordinator, "coordinator-review-queue")
    coordinator.get_by_role("table").get_by_role("link", name=new_title).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Prüfung: {new_title}")
    steps.shot(coordinator, "coordinator-reviews-changes")
    coordinator.get_by_role("button", name="Veröffentlichen").click()

    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Prüfliste")
    expect(
        coordinator.get_by_role("status").filter(has_text=f"„{new_title}“ ist veröffentlicht.")
    ).to_be_visible()
    expect(coordinator.get_by_text("Zurzeit wartet nichts auf Prüfung.")).to_be_visible()
    steps.shot(coordinator, "coordinator-published")

    # --- The public finds the new version by its new word, on the page and in the API. ---
    public.goto(f"/de/offers/?q={quote(word)}")
    expect(results_status(public)).to_have_text(re.compile(r"^\s*1 Angebot gefunden\b"))
    result = public.get_by_role("link", name=new_title)
    expect(result).to_be_visible()
    steps.shot(public, "public-search-finds-new-title")
    result.click()
    expect(public).to_have_url(f"{live_server.url}/de/offers/{offer.pk}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(new_title)
    expect(public.get_by_text(new_summary)).to_be_visible()
    steps.shot(public, "public-detail-shows-new-version")

    assert services_named(public, word) == [new_title]
    offer.refresh_from_db()
    assert (offer.status, offer.title, offer.summary) == (
        Offer.Status.PUBLISHED,
        new_title,
        new_summary,
    )
