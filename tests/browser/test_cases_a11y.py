"""The case manager's pages in the browser: axe-core finds no WCAG 2.1 A/AA violation on
the caseload, the case page, the contact form, the new-client form and the client edit page,
in German and Arabic (right to left) at a phone viewport; and a contact with the next
follow-up is logged through the UI."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PHONE = {"width": 390, "height": 844}


def describe(violations) -> str:
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def casework(transactional_db):
    """A case manager (TOTP set up) with a case full of records (a household member and a
    share among them), and one more case."""
    from django.utils import timezone

    from cases.choices import ContactMode, LifeDomain, Phase
    from cases.services import (
        DomainAssessment,
        assessment_record,
        case_share,
        contact_log,
        goal_agree,
        household_member_add,
    )
    from tests.cases.factories import CaseFactory, ClientFactory, ConsentFactory, case_manager
    from tests.factories import OrganisationFactory, totp_activate

    manager = case_manager(
        OrganisationFactory(name="Diakonie Mark-Ruhr (Test)"),
        email="cm@kim-test.example",
        display_name="Clara Case",
    )
    totp_activate(manager)
    case = CaseFactory(
        case_manager=manager,
        phase=Phase.PLANNING,
        taken_on=True,
        client=ClientFactory(first_name="Amina", last_name="Haddad", country_of_origin="SY"),
        next_follow_up_at=timezone.localdate() - timedelta(days=1),
    )
    ConsentFactory(case=case, partners=["jobcenter"])
    assessment_record(
        case=case,
        by=manager,
        assessed_on=timezone.localdate(),
        entries=[DomainAssessment(domain=LifeDomain.LANGUAGE, need_level="high")],
    )
    contact_log(
        case=case,
        by=manager,
        occurred_at=timezone.now() - timedelta(days=2),
        duration_minutes=30,
        mode=ContactMode.IN_PERSON,
        note="Erstgespräch <b>mit</b> Sprachmittlung.",
    )
    goal_agree(case=case, by=manager, domain=LifeDomain.LANGUAGE, text="B1-Kurs beginnen")
    household_member_add(
        client=case.client, by=manager, relation="child", first_name="Yusuf", birth_year=2015
    )
    colleague = case_manager(manager.organisation, display_name="Carla Kollegin")
    case_share(case=case, with_user=colleague, by=manager)
    CaseFactory(case_manager=manager)
    return {"manager": manager, "case": case}


def _check(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    "which", ["caseload", "case", "contact", "contact-log", "new-client", "client-edit"]
)
def test_case_pages_have_no_axe_violations(
    new_context, log_in_without_form, casework, language, which
):
    case = casework["case"]
    path = {
        "caseload": "cases/",
        "case": f"cases/{case.pk}/",
        "contact": f"cases/{case.pk}/contacts/new/",
        "contact-log": f"cases/{case.pk}/contacts/",
        "new-client": "cases/new/",
        "client-edit": f"cases/{case.pk}/client/",
    }[which]
    context = new_context(viewport=PHONE)
    log_in_without_form(context, casework["manager"])
    page = context.new_page()

    response = page.goto(f"/{language}/{path}")
    assert response.status == 200
    if which == "case":
        # Open every disclosure, so the forms inside are checked too.
        for summary in page.locator("summary").all():
            summary.click()

    _check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_arabic_case_page_is_right_to_left(new_context, log_in_without_form, casework):
    context = new_context(viewport=PHONE)
    log_in_without_form(context, casework["manager"])
    page = context.new_page()

    page.goto(f"/ar/cases/{casework['case'].pk}/")

    assert page.locator("html").get_attribute("dir") == "rtl"


def test_case_manager_logs_a_contact_and_sets_the_next_follow_up(
    new_context, log_in_without_form, casework, live_server
):
    from django.utils import timezone

    from cases.selectors import case_for_user, contacts_for_case

    case = casework["case"]
    context = new_context(viewport=PHONE)
    log_in_without_form(context, casework["manager"])
    page = context.new_page()
    follow_up = timezone.localdate() + timedelta(days=7)

    page.goto("/de/staff/")
    page.get_by_role("navigation", name="Arbeitsbereich").get_by_role(
        "link", name="Fälle", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Fälle")
    page.get_by_role("link", name=case.client.case_number).click()
    page.get_by_role("link", name="Kontakt erfassen").first.click()
    expect(page.get_by_label("Zeitpunkt")).not_to_have_value("")
    page.get_by_label("Dauer (Minuten)").fill("20")
    page.get_by_label("Art", exact=True).select_option("phone")
    page.get_by_label("mit Sprachmittlung").check()
    page.get_by_label("Notiz").fill("Anmeldung zum B1-Kurs besprochen.")
    page.get_by_label("nächste Wiedervorlage").fill(follow_up.isoformat())
    page.get_by_role("button", name="Kontakt speichern").click()

    expect(
        page.get_by_role("status").filter(has_text="Der Kontakt ist gespeichert")
    ).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/de/cases/{case.pk}/#case-contacts")
    expect(page.get_by_text("Anmeldung zum B1-Kurs besprochen.")).to_be_visible()
    manager = casework["manager"]
    assert case_for_user(user=manager, pk=case.pk).next_follow_up_at == follow_up
    newest = contacts_for_case(user=manager, case=case).order_by("-created_at").first()
    assert (newest.mode, newest.interpreter_used, newest.duration_minutes) == ("phone", True, 20)
