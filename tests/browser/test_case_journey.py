"""A case's way through the DGCC cycle, in a real browser, as a new case manager would go it:
log in with TOTP, take on a new client (case-finding criteria), record consent (case
management and data exchange with a course provider), decide the intake, record an
assessment, agree two goals, refer the client to a published offer found from the case page
(a partner without consent is refused), log a contact and set the next follow-up. The next
morning at 08:00 Europe/Berlin the case reminder scan and the reminder dispatcher (the
Celery tasks' bodies, run in-process with the clock moved) deliver the daily digest: the
case manager finds it behind the bell and in the email. A colleague of the same team then
finds the case neither in their caseload nor by search, and the case page, its forms and
the client's subject-access exports answer 404.

Every element is found by its ARIA role and accessible name (or its label). Each step
leaves a screenshot in test-artifacts/case-journey/ (gitignored, kept by CI as an artifact).
"""

import re
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SCREENSHOTS = ARTIFACTS / "case-journey"
TEAM = "Kommunales Integrationszentrum Märkischer Kreis"
FIRST_NAME = "Amal"
LAST_NAME = "Haddad"
OFFER_TITLE = "Integrationskurs mit Kinderbetreuung"
DRAFT_TITLE = "Integrationskurs am Abend"
CONTACT_NOTE = "Anmeldung zum Integrationskurs besprochen, Kinderbetreuung geklärt."
CASE_NUMBER = re.compile(r"KIM-\d{4}-\d{5}")


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


def log_in_with_totp(page, *, email: str, password: str, secret: str, totp_code) -> None:
    page.goto("/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse", exact=True).fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(re.compile(r"/de/accounts/2fa/authenticate/$"))
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(re.compile(r"/de/staff/$"))


def open_caseload(page) -> None:
    page.get_by_role("navigation", name="Arbeitsbereich").get_by_role(
        "link", name="Fälle", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Fälle")


def caseload_count(page):
    """The live count of the caseload's cases (not the flash messages' status)."""
    return page.get_by_role("status").filter(has_text=re.compile(r"^\s*\d+ F(a|ä)lle?\s*$"))


def search_caseload(page, query: str) -> None:
    search = page.get_by_role("search", name="Fälle suchen und filtern")
    search.get_by_label("Fallnummer oder Name").fill(query)
    search.get_by_role("button", name="Suchen").click()


def success(page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def section(page, name: str):
    return page.get_by_role("region", name=name, exact=True)


def disclose(region, summary: str) -> None:
    """Open a <details> of the case page (a summary has no ARIA role to find it by)."""
    region.locator("summary", has_text=summary).click()


def go_to_next_phase(page, phase: str) -> None:
    page.get_by_role("button", name=f"Weiter zu: {phase}", exact=True).click()
    expect(success(page, "Die Phase ist geändert.")).to_be_visible()
    expect(section(page, "Phase").get_by_text(f"Aktuell: {phase}")).to_be_visible()


@pytest.fixture
def journey(transactional_db):
    """Two case managers of one team, both with TOTP set up; the colleague has a case of
    their own. A published offer and a draft with a similar title in the catalogue."""
    from offers.models import Offer
    from tests.cases.factories import CaseFactory, ClientFactory
    from tests.factories import PASSWORD, OrganisationFactory, totp_activate, user_with_role
    from tests.offers.factories import OfferFactory

    team = OrganisationFactory(name=TEAM)
    manager = user_with_role(
        "case_manager",
        organisation=team,
        email="fallmanagement@kim-test.example",
        display_name="Fiona Fallmanagement",
    )
    colleague = user_with_role(
        "case_manager",
        organisation=team,
        email="kollege@kim-test.example",
        display_name="Konrad Kollege",
    )
    own_case = CaseFactory(
        case_manager=colleague,
        client=ClientFactory(first_name="Olena", last_name="Kovalenko", created_by=colleague),
    )
    provider = OrganisationFactory(name="VHS Lüdenscheid (Test)")
    offer = OfferFactory(
        organisation=provider,
        title=OFFER_TITLE,
        summary="Integrationskurs am Vormittag mit Kinderbetreuung im Haus.",
        categories=["sprache"],
        towns=["Iserlohn"],
    )
    OfferFactory(organisation=provider, title=DRAFT_TITLE, status=Offer.Status.DRAFT)
    return {
        "manager": manager,
        "manager_secret": totp_activate(manager),
        "colleague": colleague,
        "colleague_secret": totp_activate(colleague),
        "colleague_case_number": own_case.client.case_number,
        "offer": offer,
        "password": PASSWORD,
    }


def test_case_manager_takes_a_client_through_the_cycle_and_a_colleague_cannot_see_the_case(
    new_context, live_server, journey, totp_code, mailoutbox
):
    import time_machine
    from django.utils import timezone, translation
    from django.utils.formats import date_format

    from cases.tasks import scan_case_reminders
    from kim_portal.models import AuditEvent, Reminder
    from kim_portal.reminder_engine import BERLIN
    from kim_portal.tasks import dispatch_due_reminders

    manager, colleague, offer = journey["manager"], journey["colleague"], journey["offer"]
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    steps = Steps()

    # --- The case manager logs in with TOTP; the caseload is empty. ----------------------
    page = new_context().new_page()
    log_in_with_totp(
        page,
        email=manager.email,
        password=journey["password"],
        secret=journey["manager_secret"],
        totp_code=totp_code,
    )
    steps.shot(page, "manager-logged-in")
    open_caseload(page)
    expect(caseload_count(page)).to_have_text(re.compile(r"^\s*0 Fälle\s*$"))
    steps.shot(page, "manager-empty-caseload")

    # --- A new client, with the case-finding criteria. -----------------------------------
    page.get_by_role("link", name="Neue Klientin / neuer Klient aufnehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Neue Klientin / neuer Klient aufnehmen"
    )
    page.get_by_label("Vorname", exact=True).fill(FIRST_NAME)
    page.get_by_label("Nachname", exact=True).fill(LAST_NAME)
    page.get_by_label("Geburtsjahr (geschätzt)").fill("1994")
    page.get_by_label("Geschlecht").select_option(label="weiblich")
    page.get_by_label("Wohnort", exact=True).select_option(label="Iserlohn")
    page.get_by_label("Ankunft im Kreis").fill((today - timedelta(days=200)).isoformat())
    page.get_by_label("Sprachen").fill("ar, en")
    page.get_by_label("Sprachmittlung nötig").check()
    page.get_by_label("Aufenthaltsstatus", exact=False).select_option(label="Aufenthaltsgestattung")
    criteria = page.get_by_role("group", name="Fallauswahl (Kriterien)")
    criteria.get_by_label("lebt seit höchstens 3 Jahren im Kreis").check()
    criteria.get_by_label("kein anderes Case Management").check()
    criteria.get_by_label("komplexer Unterstützungsbedarf").check()
    steps.shot(page, "manager-new-client-form")
    page.get_by_role("button", name="Aufnehmen und Fall eröffnen").click()

    expect(page).to_have_url(re.compile(r"/de/cases/\d+/intake/$"))
    case_pk = int(re.search(r"/cases/(\d+)/intake/", page.url).group(1))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Klärung: Fall KIM-\d{4}-\d{5}$"))
    case_number = CASE_NUMBER.search(heading.inner_text()).group(0)
    expect(success(page, f"Fall {case_number} ist eröffnet.")).to_be_visible()
    steps.shot(page, "manager-case-opened-in-intake")

    # --- Intake: consent (case management + a partner), then the decision. --------------
    consent = section(page, "Einwilligung")
    expect(consent.get_by_label("erteilt am")).to_have_value(today.isoformat())
    consent.get_by_label("Form", exact=True).select_option(label="schriftlich")
    consent.get_by_label("Einwilligung in das Case Management").check()
    consent.get_by_role("group", name=re.compile(r"^Datenaustausch mit")).get_by_label(
        "Kurs- und Bildungsträger"
    ).check()
    steps.shot(page, "manager-records-consent")
    consent.get_by_role("button", name="Einwilligung speichern").click()
    expect(success(page, "Die Einwilligung ist gespeichert.")).to_be_visible()
    expect(
        section(page, "Einwilligung").get_by_text("Case Management · Kurs- und Bildungsträger")
    ).to_be_visible()

    decision = section(page, "Entscheidung nach Klärung")
    decision.get_by_label("aufgenommen", exact=True).check()
    decision.get_by_label("Begründung der Entscheidung").fill(
        "Komplexer Bedarf in Sprache, Arbeit und Wohnen; kein anderes Case Management."
    )
    steps.shot(page, "manager-intake-decision")
    decision.get_by_role("button", name="Entscheidung speichern").click()
    expect(page).to_have_url(f"{live_server.url}/de/cases/{case_pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Fall {case_number}")
    expect(success(page, "Die Entscheidung ist gespeichert.")).to_be_visible()
    steps.shot(page, "manager-case-page-after-intake")

    # --- Assessment. --------------------------------------------------------------------
    go_to_next_phase(page, "Assessment")
    assessment = section(page, "Assessment")
    expect(assessment.get_by_text("Noch kein Assessment erfasst.")).to_be_visible()
    disclose(assessment, "Assessment erfassen")
    assessment.get_by_label("Sprache", exact=False).select_option(label="hoher Bedarf")
    assessment.get_by_label("Arbeit / Beschäftigung").select_option(label="mittlerer Bedarf")
    assessment.get_by_label("Wohnen").select_option(label="geringer Bedarf")
    steps.shot(page, "manager-records-assessment")
    assessment.get_by_role("button", name="Assessment speichern").click()
    expect(success(page, "Das Assessment ist gespeichert.")).to_be_visible()
    table = section(page, "Assessment").get_by_role("table")
    expect(table.get_by_role("row", name=re.compile(r"^Sprache hoher Bedarf"))).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(4)  # header and three domains
    steps.shot(page, "manager-assessment-saved")

    # --- Two goals (Hilfeplanung). ------------------------------------------------------
    go_to_next_phase(page, "Hilfeplanung")
    goals = [
        ("Sprache", "Integrationskurs bis B1 besuchen", 180, "Frau Haddad"),
        ("Wohnen", "Eigene Wohnung in Iserlohn finden", 120, "Case Management"),
    ]
    for domain, text, days, responsible in goals:
        region = section(page, "Ziele")
        disclose(region, "Ziel vereinbaren")
        region.get_by_label("Lebensbereich", exact=True).select_option(label=domain)
        region.get_by_label("Ziel", exact=True).fill(text)
        region.get_by_label("Zieldatum").fill((today + timedelta(days=days)).isoformat())
        region.get_by_label("verantwortlich").fill(responsible)
        steps.shot(page, f"manager-agrees-goal-{domain.lower()}")
        region.get_by_role("button", name="Ziel speichern").click()
        expect(success(page, "Das Ziel ist gespeichert.")).to_be_visible()
        expect(section(page, "Ziele").get_by_text(text)).to_be_visible()
    expect(section(page, "Ziele").get_by_role("listitem")).to_have_count(2)
    steps.shot(page, "manager-two-goals")

    # --- Referral to a published offer, searched from the case page. ---------------------
    go_to_next_phase(page, "Durchführung / Linking")
    referrals = section(page, "Vermittlungen")
    disclose(referrals, "Vermitteln")
    search = referrals.get_by_role("search", name="Angebote im Katalog suchen")
    search.get_by_role("searchbox", name="Angebot im Katalog suchen").fill("Integrationskurs")
    search.get_by_role("button", name="Suchen").click()
    referrals = section(page, "Vermittlungen")
    # Found by role and name inside the section, not through its group: the group's legend
    # reads "Offer" (see the report: ReferralForm sets its label too late).
    expect(referrals.get_by_role("radio", name=OFFER_TITLE)).to_be_visible()
    # Only published offers can be chosen: the draft with the same word is not offered.
    expect(referrals.get_by_role("radio", name=DRAFT_TITLE)).to_have_count(0)
    steps.shot(page, "manager-finds-offer")
    referrals.get_by_role("radio", name=OFFER_TITLE).check()
    # No consent for the Jobcenter: refused, nothing saved, the choice kept.
    referrals.get_by_label("Datenaustausch mit").select_option(label="Jobcenter")
    referrals.get_by_role("button", name="Vermittlung speichern").click()
    referrals = section(page, "Vermittlungen")
    expect(referrals.get_by_role("alert").first).to_contain_text(
        "Für den Datenaustausch mit „Jobcenter“ liegt keine gültige Einwilligung vor."
    )
    expect(referrals.get_by_text("Noch keine Vermittlungen.")).to_be_visible()
    steps.shot(page, "manager-referral-refused-without-consent")
    expect(referrals.get_by_role("radio", name=OFFER_TITLE)).to_be_checked()
    referrals.get_by_label("Datenaustausch mit").select_option(label="Kurs- und Bildungsträger")
    # The referral's "Lebensbereich" (optional) is left out: its select has no accessible
    # name (its id is also the goal form's, see the report).
    referrals.get_by_label("Notiz").fill("Anmeldung für den Kurs ab nächsten Monat.")
    referrals.get_by_role("button", name="Vermittlung speichern").click()
    expect(success(page, "Die Vermittlung ist gespeichert.")).to_be_visible()
    referral_item = section(page, "Vermittlungen").get_by_role("listitem")
    expect(referral_item).to_have_count(1)
    expect(referral_item).to_contain_text(OFFER_TITLE)
    expect(referral_item).to_contain_text("vorgeschlagen")
    expect(referral_item).to_contain_text("Daten an: Kurs- und Bildungsträger")
    steps.shot(page, "manager-referral-saved")

    # --- A contact, then the next follow-up: tomorrow. ----------------------------------
    page.get_by_role("link", name="Kontakt erfassen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Kontakt erfassen: Fall {case_number}"
    )
    page.get_by_label("Art", exact=True).select_option(label="persönlich")
    page.get_by_label("mit Sprachmittlung").check()
    page.get_by_label("Beteiligte").fill("Klientin, Sprachmittlerin (Arabisch)")
    page.get_by_label("Notiz").fill(CONTACT_NOTE)
    steps.shot(page, "manager-logs-contact")
    page.get_by_role("button", name="Kontakt speichern").click()
    expect(page).to_have_url(f"{live_server.url}/de/cases/{case_pk}/#case-contacts")
    expect(success(page, "Der Kontakt ist gespeichert.")).to_be_visible()
    expect(section(page, "Kontakte").get_by_text(CONTACT_NOTE)).to_be_visible()

    follow_up = section(page, "Wiedervorlage")
    follow_up.get_by_label("nächste Wiedervorlage").fill(tomorrow.isoformat())
    follow_up.get_by_role("button", name="Wiedervorlage speichern").click()
    expect(success(page, "Die Wiedervorlage ist gespeichert.")).to_be_visible()
    expect(section(page, "Wiedervorlage").get_by_label("nächste Wiedervorlage")).to_have_value(
        tomorrow.isoformat()
    )
    steps.shot(page, "manager-follow-up-set")

    open_caseload(page)
    expect(caseload_count(page)).to_have_text(re.compile(r"^\s*1 Fall\s*$"))
    row = page.get_by_role("row", name=re.compile(rf"^{case_number}\b"))
    expect(row).to_contain_text("Durchführung / Linking")
    expect(row).to_contain_text(date_format(tomorrow, "SHORT_DATE_FORMAT"))
    steps.shot(page, "manager-caseload-with-case")

    # --- Next morning: the scan and the dispatcher, as Celery beat would run them. -------
    before_eight = datetime.combine(tomorrow, time(7, 59), tzinfo=BERLIN)
    after_eight = datetime.combine(tomorrow, time(8, 0, 30), tzinfo=BERLIN)
    with time_machine.travel(before_eight, tick=False):
        scan_case_reminders()
        assert dispatch_due_reminders() == 0
    assert not Reminder.objects.filter(kind="cases.daily_digest").exists()
    with time_machine.travel(after_eight, tick=False):
        assert scan_case_reminders()["remind_case_managers_of_their_day"] == 1
        assert dispatch_due_reminders() == 1
        # Both run every few minutes: nothing is created or sent twice.
        assert scan_case_reminders()["remind_case_managers_of_their_day"] == 0
        assert dispatch_due_reminders() == 0

    digest = Reminder.objects.get(kind="cases.daily_digest")
    assert digest.recipient == manager
    assert digest.notified_at is not None
    assert digest.emailed_at is not None
    with translation.override("de"):
        day = date_format(tomorrow, "SHORT_DATE_FORMAT")
    subject = f"Ihre Fälle am {day}: Wiedervorlagen und Termine"

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [manager.email]
    assert email.subject == f"[KIM Portal] {subject}"
    assert "Wiedervorlagen heute:" in email.body
    assert f"– Fall {case_number}" in email.body
    assert "/de/cases/" in email.body
    # Email leaves the protected area: the case number only, never the client's name.
    assert LAST_NAME not in email.body
    assert FIRST_NAME not in email.body
    assert LAST_NAME not in email.subject

    # --- The case manager sees the digest behind the bell and opens it. -----------------
    page.reload()
    bell = page.get_by_role("navigation", name="Arbeitsbereich").get_by_role(
        "link", name=re.compile(r"^Benachrichtigungen")
    )
    expect(bell).to_have_accessible_name(re.compile(r"^Benachrichtigungen\s+1 ungelesen$"))
    steps.shot(page, "manager-bell-shows-one-unread")
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benachrichtigungen")
    notification = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=subject)
    )
    expect(notification).to_contain_text("Wiedervorlagen heute:")
    expect(notification).to_contain_text(f"– Fall {case_number}")
    expect(notification).to_contain_text("ungelesen")
    steps.shot(page, "manager-notification-digest")
    notification.get_by_role("link", name=subject).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Fälle")
    expect(page.get_by_role("row", name=re.compile(rf"^{case_number}\b"))).to_be_visible()
    steps.shot(page, "manager-digest-opens-caseload")
    digest.refresh_from_db()
    assert digest.read_at is not None

    # --- A colleague of the same team: the case is not theirs to see. --------------------
    other = new_context().new_page()
    log_in_with_totp(
        other,
        email=colleague.email,
        password=journey["password"],
        secret=journey["colleague_secret"],
        totp_code=totp_code,
    )
    open_caseload(other)
    expect(caseload_count(other)).to_have_text(re.compile(r"^\s*1 Fall\s*$"))
    expect(
        other.get_by_role("row", name=re.compile(rf"^{journey['colleague_case_number']}\b"))
    ).to_be_visible()
    expect(other.get_by_role("row", name=re.compile(rf"^{case_number}\b"))).to_have_count(0)
    steps.shot(other, "colleague-caseload-without-the-case")
    for query in (LAST_NAME, f"{FIRST_NAME} {LAST_NAME}", "Hadad", case_number):
        search_caseload(other, query)
        expect(caseload_count(other)).to_have_text(re.compile(r"^\s*0 Fälle\s*$"))
        expect(other.get_by_text("Keine Fälle gefunden.")).to_be_visible()
    steps.shot(other, "colleague-search-finds-nothing")

    for path in (
        f"/de/cases/{case_pk}/",
        f"/de/cases/{case_pk}/intake/",
        f"/de/cases/{case_pk}/contacts/new/",
        f"/de/cases/{case_pk}/access-log/",
    ):
        response = other.goto(path)
        assert response.status == 404, (path, response.status)
        expect(other.get_by_role("heading", level=1)).to_have_text("Diese Seite gibt es nicht")
        expect(other.get_by_text(LAST_NAME)).to_have_count(0)
    steps.shot(other, "colleague-case-page-not-found")

    # The export asks for the password first (a login does not count), then refuses.
    client_pk = _client_pk(manager, case_pk)
    export = f"/de/cases/clients/{client_pk}/export.json"
    other.goto(export)
    expect(other).to_have_url(re.compile(r"/de/accounts/reauthenticate/\?next="))
    steps.shot(other, "colleague-export-asks-for-password")
    other.get_by_label("Passwort", exact=True).fill(journey["password"])
    with other.expect_response(lambda r: r.url.endswith(export)) as refused:
        other.get_by_role("button", name="Bestätigen").click()
    assert refused.value.status == 404
    expect(other.get_by_role("heading", level=1)).to_have_text("Diese Seite gibt es nicht")
    steps.shot(other, "colleague-export-not-found")
    for path in (export, f"/de/cases/clients/{client_pk}/export.pdf"):
        response = other.request.get(path, max_redirects=0)
        assert response.status == 404, (path, response.status)
        assert LAST_NAME not in response.text()

    # --- What the database holds. -------------------------------------------------------
    # Audit first: the selector reads below are audited themselves.
    events = AuditEvent.objects.filter(actor=manager)
    actions = list(events.values_list("action", flat=True))
    for action, count in {
        "client.create": 1,
        "case.open": 1,
        "consent.record": 1,
        "case.intake_decide": 1,
        "case.transition": 3,
        "assessment.record": 1,
        "goal.agree": 2,
        "referral.create": 1,
        "contact.log": 1,
        "case.follow_up_set": 1,
    }.items():
        assert actions.count(action) == count, (action, actions)
    reads = events.filter(action="case.read", object_id=str(case_pk))
    assert reads.count() >= 10  # every case page, form and redirect target read the case
    assert events.filter(action="case.list").exists()
    assert not AuditEvent.objects.filter(
        actor=colleague, object_type="cases.case", object_id=str(case_pk)
    ).exists()
    assert not AuditEvent.objects.filter(
        actor=colleague, action="client.read", object_id=str(client_pk)
    ).exists()
    assert (
        AuditEvent.objects.filter(
            actor=colleague, action="case.list", details__searched=True
        ).count()
        == 4
    )

    _assert_case_records(manager=manager, case_pk=case_pk, offer=offer, follow_up=tomorrow)
    assert not Reminder.objects.filter(recipient=colleague).exists()


def _client_pk(manager, case_pk: int) -> int:
    from cases.selectors import case_for_user

    return case_for_user(user=manager, pk=case_pk).client_id


def _assert_case_records(*, manager, case_pk: int, offer, follow_up) -> None:
    """The case as the UI left it, read through the case selectors (the only way in)."""
    from cases.choices import IntakeDecision, LifeDomain, Phase, ReferralStatus
    from cases.selectors import (
        case_for_user,
        consents_for_case,
        contacts_for_case,
        goals_for_case,
        phase_changes_for_case,
        referrals_for_case,
    )

    case = case_for_user(user=manager, pk=case_pk)
    assert case.phase == Phase.LINKING
    assert case.intake_decision == IntakeDecision.TAKEN_ON
    assert (case.in_district_up_to_3_years, case.no_other_case_management, case.complex_needs) == (
        True,
        True,
        True,
    )
    assert case.next_follow_up_at == follow_up
    assert (case.client.first_name, case.client.last_name) == (FIRST_NAME, LAST_NAME)
    assert [
        (change.from_phase, change.to_phase)
        for change in sorted(phase_changes_for_case(user=manager, case=case), key=lambda c: c.pk)
    ] == [
        ("", Phase.INTAKE),
        (Phase.INTAKE, Phase.ASSESSMENT),
        (Phase.ASSESSMENT, Phase.PLANNING),
        (Phase.PLANNING, Phase.LINKING),
    ]
    (consent,) = consents_for_case(user=manager, case=case)
    assert consent.covers_case_management
    assert consent.partners == ["course_provider"]
    goals = list(goals_for_case(user=manager, case=case))
    assert sorted(goal.domain for goal in goals) == [LifeDomain.HOUSING, LifeDomain.LANGUAGE]
    (referral,) = referrals_for_case(user=manager, case=case)
    assert (referral.offer_id, referral.partner, referral.status) == (
        offer.pk,
        "course_provider",
        ReferralStatus.PROPOSED,
    )
    (contact,) = contacts_for_case(user=manager, case=case)
    assert contact.note == CONTACT_NOTE
    assert contact.interpreter_used
