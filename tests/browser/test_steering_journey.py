"""The steering group's loop in a real browser, tried as new users would: case managers'
barrier reports raise a hurdle that the coordinator enters in the register; the
coordinator (TOTP) prepares a meeting with its agenda and releases the invitation; after
the meeting they record attendance, a decision establishing a working group (and set the
group up), an action item, and circulate the minutes; the chair (TOTP) approves them and
the coordinator publishes them; a member downloads the minutes PDF, subscribes to the
calendar (the feed parsed back with ``icalendar``, in Europe/Berlin time) and sees the
hurdle on the dashboard and, in the register, with its action item.

Elements are found by ARIA role, accessible name or label (German UI). Each step leaves
a numbered screenshot in test-artifacts/steering-journey/ (gitignored, kept by CI).

The meeting is planned to start a few minutes from now; the invitation needs it in the
future, recording it as held needs it begun, so the clock is moved (``time_machine``,
ticking) past the start — less than the 30-minute session age, so nobody is logged out.
"""

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SCREENSHOTS = ARTIFACTS / "steering-journey"
TOWNS = {"05962024": ("Iserlohn", "51.375", "7.700"), "05962016": ("Hemer", "51.385", "7.766")}
HURDLE = "Wohnungsmarkt verschließt sich Menschen mit Duldung"
MEETING = "5. Sitzung der Lenkungsgruppe"
RESOLUTION = "Die Lenkungsgruppe setzt die Arbeitsgruppe Wohnen ein."
ACTION = "Leerstand bei kommunalen Wohnungsgesellschaften erheben"
REPORTS = 4


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


def log_in(page, *, email: str, password: str) -> None:
    page.goto("/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse", exact=True).fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden", exact=True).click()


def log_in_with_code(page, *, email: str, password: str, code) -> None:
    log_in(page, email=email, password=password)
    expect(page).to_have_url(re.compile(r"/de/accounts/2fa/authenticate/$"))
    page.get_by_label("Code", exact=True).fill(code())
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(re.compile(r"/de/staff/$"))


def open_steering(page) -> None:
    page.get_by_role("navigation", name="Arbeitsbereich").get_by_role(
        "link", name="Lenkungsgruppe", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sitzungen")


def steering_nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Lenkungsgruppe").get_by_role(
        "link", name=name, exact=True
    ).click()


def status_message(page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def open_details(scope, summary: str):
    """A collapsed <details> section, opened by its summary (as a person would)."""
    page = getattr(scope, "page", scope)  # a locator's page, or the page itself
    section = scope.locator("details", has=page.locator("summary", has_text=summary))
    section.locator("summary").click()
    return section


def state_badge(page):
    return page.get_by_role("region", name="Status")


@pytest.fixture
def steering_world(transactional_db, settings, tmp_path):
    """Barrier reports of two case managers (one town, domain and month), a steering group
    with a chair and a coordinator (both with TOTP), four members, and the secretariat."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from cases.services import barrier_report_create
    from kim_portal.models import Municipality, Role
    from steering.choices import MembershipRole
    from tests.cases.factories import CaseFactory, case_manager
    from tests.factories import PASSWORD, OrganisationFactory, totp_activate, user_with_role
    from tests.steering.factories import MembershipFactory, SteeringGroupFactory

    settings.STEERING_FILES_ROOT = tmp_path / "private"
    for role in Role.values:  # the live server's flush removes the role groups
        Group.objects.get_or_create(name=role)
    for ags, (name, lat, lon) in TOWNS.items():
        Municipality.objects.get_or_create(
            ags=ags, defaults={"name": name, "latitude": lat, "longitude": lon}
        )
    iserlohn = Municipality.objects.get(ags="05962024")

    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    for index in range(REPORTS):
        manager = case_manager(display_name=f"Fallmanagerin {index}")
        case = CaseFactory(case_manager=manager, client__municipality=iserlohn)
        barrier_report_create(
            case=case,
            by=manager,
            domain="housing",
            text="Vermieter lehnen Wohnungssuchende mit Duldung ab.",
            month=last_month,
            municipality=iserlohn,
        )

    office = user_with_role(
        Role.COORDINATOR,
        email="koordination@kim-test.example",
        display_name="Clara Koordination",
        organisation=OrganisationFactory(name="Kreis Märkisch (KI)"),
    )
    chair = user_with_role(
        Role.STEERING_CHAIR,
        email="vorsitz@kim-test.example",
        display_name="Vera Vorsitz",
        organisation=OrganisationFactory(name="Kreis Märkisch (Dezernat)"),
    )
    member = user_with_role(
        Role.STEERING_MEMBER,
        email="mitglied@kim-test.example",
        display_name="Mia Mitglied",
        organisation=OrganisationFactory(name="Wohnungsgesellschaft Iserlohn (Test)"),
    )
    body = SteeringGroupFactory(name="Lenkungsgruppe KIM")
    MembershipFactory(body=body, user=chair, role=MembershipRole.CHAIR)
    MembershipFactory(body=body, user=member)
    for _seat in range(3):
        MembershipFactory(body=body)
    MembershipFactory(body=body, user=office, role=MembershipRole.SECRETARIAT, voting_right=False)
    return {
        "body": body,
        "office": office,
        "office_secret": totp_activate(office),
        "chair": chair,
        "chair_secret": totp_activate(chair),
        "member": member,
        "password": PASSWORD,
        "report_month": last_month,
    }


def test_a_meeting_from_barrier_reports_to_the_members_dashboard(
    new_context, live_server, steering_world, totp_code
):
    import icalendar
    import time_machine
    from django.core.cache import cache
    from django.utils import timezone
    from pypdf import PdfReader

    from kim_portal.models import Reminder
    from steering.dashboard import dashboard_default_filter
    from steering.models import Body, Hurdle, Meeting

    world = steering_world
    steps = Steps()
    berlin_now = timezone.localtime()
    # A whole minute at least 8 minutes ahead (the form takes minutes).
    start = (berlin_now + timedelta(minutes=9)).replace(second=0, microsecond=0)
    end = start + timedelta(hours=2)
    due = (start + timedelta(days=28)).date()

    # --- 1. The coordinator logs in with TOTP and enters the hurdle the reports show. ----
    office = new_context().new_page()
    log_in_with_code(
        office,
        email=world["office"].email,
        password=world["password"],
        code=lambda: totp_code(world["office_secret"]),
    )
    steps.shot(office, "coordinator-logged-in")
    open_steering(office)
    steering_nav(office, "Hürden")
    expect(office.get_by_role("heading", level=1)).to_have_text("Integrationshürden")
    office.get_by_role("link", name="Hürde erfassen").click()
    office.get_by_label("Titel", exact=True).fill(HURDLE)
    office.get_by_label("Lebensbereich", exact=True).select_option(label="Wohnen")
    office.get_by_label("Beschreibung", exact=True).fill(
        "Fallmanagerinnen melden: Vermieter lehnen Wohnungssuchende mit Duldung ab."
    )
    office.get_by_role("group", name="betroffene Kommunen").get_by_label("Iserlohn").check()
    steps.shot(office, "coordinator-enters-hurdle")
    office.get_by_role("button", name="Hürde speichern").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(HURDLE)

    link = open_details(office, "Verknüpfen")
    month = world["report_month"]
    link.get_by_label("Hürdenmeldungen (Lebensbereich, Kommune, Monat)").select_option(
        label=f"Wohnen, Iserlohn, {month:%m/%Y}: {REPORTS}"
    )
    link.get_by_role("button", name="Verknüpfen").click()
    expect(status_message(office, "Die Verknüpfung ist gespeichert.")).to_be_visible()
    sources = office.get_by_role("region", name="Hürdenmeldungen aus der Fallarbeit")
    expect(sources.get_by_role("row", name=f"{month:%m/%Y} Iserlohn {REPORTS}")).to_be_visible()
    steps.shot(office, "coordinator-links-barrier-reports")

    # --- 2. The coordinator prepares the meeting and releases the invitation. -------------
    steering_nav(office, "Sitzungen")
    office.get_by_role("link", name="Sitzung anlegen").click()
    office.get_by_label("Gremium", exact=True).select_option(label="Lenkungsgruppe KIM")
    office.get_by_label("Titel", exact=True).fill(MEETING)
    office.get_by_label("Beginn", exact=True).fill(f"{start:%Y-%m-%dT%H:%M}")
    office.get_by_label("Ende", exact=True).fill(f"{end:%Y-%m-%dT%H:%M}")
    office.get_by_label("Ort – optional", exact=True).fill("Kreishaus Iserlohn, Raum 101")
    office.get_by_label("Video-Link – optional", exact=True).fill(
        "https://video.kim-test.example/lg-5"
    )
    steps.shot(office, "coordinator-plans-meeting")
    office.get_by_role("button", name="Sitzung speichern").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(MEETING)
    meeting = Meeting.objects.get(name=MEETING)

    for title in ("Einrichtung einer Arbeitsgruppe Wohnen", "Bericht aus dem Case Management"):
        agenda = open_details(office, "Tagesordnungspunkt hinzufügen")
        agenda.get_by_label("Titel", exact=True).fill(title)
        agenda.get_by_role("button", name="Tagesordnungspunkt hinzufügen").click()
        expect(status_message(office, "Der Tagesordnungspunkt ist hinzugefügt.")).to_be_visible()
    expect(
        office.get_by_role("heading", name="TOP 1: Einrichtung einer Arbeitsgruppe Wohnen")
    ).to_be_visible()
    expect(
        office.get_by_role("heading", name="TOP 2: Bericht aus dem Case Management")
    ).to_be_visible()
    steps.shot(office, "coordinator-agenda-ready")

    office.get_by_role("button", name="Einladung freigeben").click()
    expect(status_message(office, "Die Einladung ist freigegeben.")).to_be_visible()
    expect(state_badge(office).get_by_text("eingeladen", exact=True)).to_be_visible()
    steps.shot(office, "coordinator-invitation-released")
    invited = set(
        Reminder.objects.filter(target_id=str(meeting.pk)).values_list(
            "recipient__email", flat=True
        )
    )
    assert {world["member"].email, world["chair"].email} <= invited

    # The meeting begins: the clock moves past its start (and keeps ticking).
    traveller = time_machine.travel(start + timedelta(minutes=1), tick=True)
    traveller.start()
    try:
        # --- 3. After the meeting: attendance, the decision, the working group, a task. ---
        office.reload()
        office.get_by_role("button", name="Sitzung als durchgeführt erfassen").click()
        expect(status_message(office, "Die Sitzung ist als durchgeführt erfasst.")).to_be_visible()
        office.get_by_role("button", name="Protokoll beginnen").click()
        expect(status_message(office, "Das Protokoll ist begonnen.")).to_be_visible()

        attendance = open_details(office, "Anwesenheit erfassen")
        selects = attendance.get_by_role("combobox")
        expect(selects).to_have_count(6)
        for index in range(6):
            selects.nth(index).select_option(label="anwesend")
        steps.shot(office, "coordinator-records-attendance")
        attendance.get_by_role("button", name="Anwesenheit speichern").click()
        expect(status_message(office, "Die Anwesenheit ist gespeichert.")).to_be_visible()
        expect(office.get_by_text("Beschlussfähig: 5 von 5")).to_be_visible()

        top1 = office.get_by_role("article", name="TOP 1: Einrichtung einer Arbeitsgruppe Wohnen")
        decision = open_details(top1, "Beschluss zu TOP 1 erfassen")
        decision.get_by_label("Beschlusstext").fill(RESOLUTION)
        decision.get_by_label("Ergebnis").select_option(label="angenommen")
        decision.get_by_label("einstimmig").check()
        steps.shot(office, "coordinator-records-decision")
        decision.get_by_role("button", name="Beschluss speichern").click()
        expect(status_message(office, "Der Beschluss ist erfasst.")).to_be_visible()
        expect(top1.get_by_text("Ja 5, Nein 0, Enthaltungen 0")).to_be_visible()

        top1.get_by_role("link", name="Arbeitsgruppe nach diesem Beschluss einsetzen").click()
        office.get_by_label("Name der Arbeitsgruppe").fill("AG Wohnen")
        office.get_by_label("Auftrag").fill("Wohnraum für Menschen mit Duldung erschließen.")
        steps.shot(office, "coordinator-sets-up-working-group")
        office.get_by_role("button", name="Arbeitsgruppe einsetzen").click()
        expect(office.get_by_role("heading", level=1)).to_have_text("AG Wohnen")
        # The body's facts name the establishing decision (the rules form lists it too).
        expect(office.get_by_role("definition").filter(has_text=RESOLUTION)).to_be_visible()
        working_group = Body.objects.get(name="AG Wohnen")
        assert working_group.established_by.resolution == RESOLUTION
        steps.shot(office, "working-group-established")

        office.goto(f"/de/steering/meetings/{meeting.pk}/")
        top1 = office.get_by_role("article", name="TOP 1: Einrichtung einer Arbeitsgruppe Wohnen")
        task = open_details(top1, "Aufgabe zu TOP 1 erfassen")
        task.get_by_label("Aufgabe", exact=True).fill(ACTION)
        task.get_by_label("verantwortlich").select_option(
            label="Mia Mitglied (Wohnungsgesellschaft Iserlohn (Test))"
        )
        task.get_by_label("fällig am").fill(f"{due:%Y-%m-%d}")
        task.get_by_role("button", name="Aufgabe speichern").click()
        expect(status_message(office, "Die Aufgabe ist erfasst.")).to_be_visible()
        expect(top1.get_by_role("link", name=ACTION)).to_be_visible()
        office.get_by_role("button", name="Protokoll versenden").click()
        expect(status_message(office, "Das Protokoll ist versandt.")).to_be_visible()
        steps.shot(office, "coordinator-circulates-minutes")

        # The hurdle goes to the new working group, with the task linked.
        steering_nav(office, "Hürden")
        office.get_by_role("link", name=HURDLE).click()
        link = open_details(office, "Verknüpfen")
        link.get_by_label("Aufgabe").select_option(label=f"{ACTION} ({due:%d.%m.%Y})")
        link.get_by_role("button", name="Verknüpfen").click()
        expect(status_message(office, "Die Verknüpfung ist gespeichert.")).to_be_visible()
        move = open_details(office, "Status ändern")
        move.get_by_label("neuer Status").select_option(
            label="in Bearbeitung in einer Arbeitsgruppe"
        )
        move.get_by_label("Arbeitsgruppe").select_option(label="AG Wohnen")
        move.get_by_role("button", name="Status ändern").click()
        expect(status_message(office, "Der Status ist geändert.")).to_be_visible()
        steps.shot(office, "coordinator-hurdle-to-working-group")

        # --- 4. The chair logs in with TOTP and approves the minutes. ----------------------
        chair = new_context().new_page()
        log_in_with_code(
            chair,
            email=world["chair"].email,
            password=world["password"],
            code=lambda: totp_code(world["chair_secret"]),
        )
        open_steering(chair)
        chair.get_by_role("link", name=MEETING).click()
        expect(chair.get_by_role("heading", level=1)).to_have_text(MEETING)
        steps.shot(chair, "chair-reads-circulated-minutes")
        chair.get_by_role("button", name="Protokoll genehmigen").click()
        expect(status_message(chair, "Das Protokoll ist genehmigt.")).to_be_visible()
        steps.shot(chair, "chair-approved")

        office.goto(f"/de/steering/meetings/{meeting.pk}/")
        office.get_by_role("button", name="Protokoll veröffentlichen").click()
        expect(status_message(office, "Das Protokoll ist veröffentlicht.")).to_be_visible()
        steps.shot(office, "coordinator-published")

        # --- 5. A member downloads the minutes PDF. ----------------------------------------
        member = new_context().new_page()
        log_in(member, email=world["member"].email, password=world["password"])
        expect(member).to_have_url(re.compile(r"/de/staff/$"))
        open_steering(member)
        member.get_by_role("link", name=MEETING).click()
        member.get_by_role("link", name="Protokoll ansehen").click()
        expect(member.get_by_role("heading", level=1)).to_have_text(f"Protokoll: {MEETING}")
        steps.shot(member, "member-reads-minutes")
        with member.expect_download() as download:
            member.get_by_role("link", name="Protokoll (Fassung 1) als PDF herunterladen").click()
        pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
        assert RESOLUTION in " ".join(text.split()), text[:2000]
        assert ACTION in " ".join(text.split())

        # --- 6. The member subscribes to the calendar. -------------------------------------
        steering_nav(member, "Kalender-Abo")
        member.get_by_role("button", name="Adresse erzeugen").click()
        feed_url = member.locator("code").inner_text().strip()
        assert re.fullmatch(
            rf"{re.escape(live_server.url)}/steering/calendar/[\w-]+\.ics", feed_url
        )
        steps.shot(member, "member-calendar-address")
        response = member.request.get(feed_url)
        assert response.ok, response.status
        assert response.headers["content-type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.body())
        events = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith(MEETING)]
        assert len(events) == 1, [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        event = events[0]
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["DTSTART"].dt.replace(tzinfo=None) == start.replace(tzinfo=None)
        assert event["DTEND"].dt.replace(tzinfo=None) == end.replace(tzinfo=None)
        assert event["DTSTART"].dt.utcoffset() == start.utcoffset()
        assert "https://video.kim-test.example/lg-5" in str(event["DESCRIPTION"])
        steering_nav(member, "Kalender-Abo")  # a new visit (a reload would post again)
        expect(
            member.get_by_text("Zuletzt von einem Kalender oder Programm abgerufen")
        ).to_be_visible()
        steps.shot(member, "member-calendar-used")

        # --- 7. The member sees the hurdle and its action item. -----------------------------
        # A figure cached by an earlier run of this test must not stand in for this one.
        cache.delete(dashboard_default_filter().cache_key())
        member.get_by_role("navigation", name="Arbeitsbereich").get_by_role(
            "link", name="Kennzahlen", exact=True
        ).click()
        expect(member.get_by_role("heading", level=1)).to_have_text("Dashboard der Lenkungsgruppe")
        top = member.get_by_role("article", name="Häufigste Integrationshürden")
        expect(top.get_by_role("row").filter(has_text=HURDLE).get_by_role("cell")).to_have_text(
            [str(REPORTS)]
        )
        tasks = member.get_by_role(
            "article", name="Offene und überfällige Aufgaben je Organisation"
        )
        expect(
            tasks.get_by_role("row")
            .filter(has_text="Wohnungsgesellschaft Iserlohn (Test)")
            .get_by_role("cell")
        ).to_have_text(["1", "0"])
        top.scroll_into_view_if_needed()
        steps.shot(member, "member-dashboard")

        open_steering(member)
        steering_nav(member, "Hürden")
        member.get_by_role("link", name=HURDLE).click()
        expect(member.get_by_role("heading", level=1)).to_have_text(HURDLE)
        links = member.get_by_role("region", name="Beschlüsse und Aufgaben")
        expect(links.get_by_role("link", name=ACTION)).to_be_visible()
        expect(member.get_by_text("in Bearbeitung in einer Arbeitsgruppe").first).to_be_visible()
        steps.shot(member, "member-hurdle-with-action-item")
        links.get_by_role("link", name=ACTION).click()
        expect(member.get_by_role("heading", level=1)).to_have_text(ACTION)
        steps.shot(member, "member-action-item")
    finally:
        traveller.stop()

    hurdle = Hurdle.objects.get(title=HURDLE)
    assert hurdle.source_reports.count() == REPORTS
    assert hurdle.working_group == working_group
