"""The steering group's pages in the browser: axe-core finds no WCAG 2.1 A/AA violation on
a meeting page (the coordinator's, with every form open) and on the approved minutes, in
German and Arabic (right to left) at a phone viewport, and nothing is wider than the
screen. The same holds for the body pages (members, the forms to add and end memberships,
a working group's mandate and end, the rules of procedure with the form for a new version;
also showing errors) and the coordinator's edit pages
(decision, action item, hurdle, establishing a working group)."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

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
def steering(transactional_db, settings, tmp_path):
    """A steering group with a meeting whose minutes are being written (with a decision,
    an action item and a paper) and one with approved minutes; two versions of its rules of
    procedure (the first one earlier); a coordinator (TOTP set up) and the chair."""
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kim_portal.models import Role
    from steering.choices import DecisionOutcome, MajorityRule, MeetingState, QuorumRule
    from steering.services import (
        action_item_create,
        agenda_item_minutes_set,
        decision_record,
        file_attach,
        minutes_approve,
        rules_of_procedure_adopt,
    )
    from tests.factories import totp_activate
    from tests.steering.factories import (
        AgendaItemFactory,
        HurdleFactory,
        MembershipFactory,
        WorkingGroupFactory,
        coordinator,
        meeting_with_minutes,
        seated_body,
        steering_chair,
    )

    settings.STEERING_FILES_ROOT = tmp_path / "private"
    for role in Role.values:  # the live server's flush removes the role groups
        Group.objects.get_or_create(name=role)
    office = coordinator(display_name="Clara Koordination")
    totp_activate(office)
    chair = steering_chair(display_name="Vera Vorsitz")
    totp_activate(chair)
    body, seats, _secretariat = seated_body(voting=5, chair=chair)

    def fill(meeting, item):
        agenda_item_minutes_set(
            by=office, agenda_item=item, discussion="Breite Zustimmung.\nZweite Zeile."
        )
        decision = decision_record(
            by=office,
            agenda_item=item,
            resolution="Die AG Wohnen wird eingerichtet.",
            outcome=DecisionOutcome.ADOPTED,
            votes_for=4,
            votes_against=0,
            votes_abstain=1,
        )
        action_item_create(
            by=office,
            agenda_item=item,
            title="Wohnraumbedarf erheben",
            owner=seats[1].user,
            due_date=date(2026, 4, 30),
        )
        return decision

    draft, item, _ = meeting_with_minutes(body=body, seats=seats)
    AgendaItemFactory(meeting=draft, order=2, number="2", title="Verschiedenes")
    decision = fill(draft, item)
    file_attach(
        by=office,
        meeting=draft,
        agenda_item=item,
        upload=SimpleUploadedFile("Bericht.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    approved, item2, _ = meeting_with_minutes(
        body=body, seats=seats, state=MeetingState.MINUTES_CIRCULATED
    )
    fill(approved, item2)
    minutes_approve(by=chair, meeting=approved)
    for text, valid_from, majority in (
        ("§ 1 Sitzungen\n§ 2 Beschlüsse", date(2026, 3, 10), MajorityRule.SIMPLE_OF_VOTES_CAST),
        (
            "§ 1 Sitzungen\n§ 2 Zwei Drittel",
            date(2026, 4, 1),
            MajorityRule.TWO_THIRDS_OF_VOTES_CAST,
        ),
    ):
        rules_of_procedure_adopt(
            by=office,
            body=body,
            text=text,
            adopted_by=decision,
            quorum_rule=QuorumRule.MORE_THAN_HALF,
            majority_rule=majority,
            valid_from=valid_from,
        )
    group = WorkingGroupFactory(parent=body, name="AG Wohnen", mandate="Wohnraum erschließen")
    MembershipFactory(body=group, user=seats[1].user, role="chair")
    MembershipFactory(body=group, user=seats[2].user, end_date=date(2025, 12, 31))
    return {
        "office": office,
        "chair": chair,
        "draft": draft,
        "approved": approved,
        "body": body,
        "group": group,
        "decision": decision,
        "action_item": decision.agenda_item.action_items.get(),
        "hurdle": HurdleFactory(),
    }


def _check(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("which", ["meeting", "minutes"])
def test_steering_pages_have_no_axe_violations(
    new_context, log_in_without_form, steering, language, which
):
    path = {
        "meeting": f"steering/meetings/{steering['draft'].pk}/",
        "minutes": f"steering/meetings/{steering['approved'].pk}/minutes/",
    }[which]
    context = new_context(viewport=PHONE)
    log_in_without_form(context, steering["office"])
    page = context.new_page()

    response = page.goto(f"/{language}/{path}")

    assert response.status == 200
    for summary in page.locator("summary").all():
        summary.click()
    _check(page)


def test_arabic_meeting_page_is_right_to_left(new_context, log_in_without_form, steering):
    context = new_context(viewport=PHONE)
    log_in_without_form(context, steering["office"])
    page = context.new_page()

    page.goto(f"/ar/steering/meetings/{steering['draft'].pk}/")

    assert page.locator("html").get_attribute("dir") == "rtl"


@pytest.mark.parametrize(
    "which",
    [
        "body",
        "working_group",
        "decision_edit",
        "action_item_edit",
        "hurdle_edit",
        "working_group_establish",
    ],
)
def test_body_and_edit_pages_have_no_axe_violations(
    new_context, log_in_without_form, steering, which
):
    draft, decision = steering["draft"], steering["decision"]
    path = {
        "body": f"steering/bodies/{steering['body'].pk}/",
        "working_group": f"steering/bodies/{steering['group'].pk}/",
        "decision_edit": f"steering/meetings/{draft.pk}/decisions/{decision.pk}/edit/",
        "action_item_edit": f"steering/action-items/{steering['action_item'].pk}/edit/",
        "hurdle_edit": f"steering/hurdles/{steering['hurdle'].pk}/edit/",
        "working_group_establish": (
            f"steering/meetings/{draft.pk}/decisions/{decision.pk}/working-group/"
        ),
    }[which]
    context = new_context(viewport=PHONE)
    log_in_without_form(context, steering["office"])
    page = context.new_page()

    response = page.goto(f"/de/{path}")

    assert response.status == 200
    for summary in page.locator("summary").all():
        summary.click()
    _check(page)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_body_page_showing_errors_has_no_axe_violations(
    new_context, log_in_without_form, steering, language
):
    context = new_context(viewport=PHONE)
    log_in_without_form(context, steering["office"])
    page = context.new_page()
    page.goto(f"/{language}/steering/bodies/{steering['group'].pk}/")
    page.locator("summary").last.click()  # add a member
    page.fill("#id_member-start_date", "2026-03-01")
    page.fill("#id_member-end_date", "2026-02-01")

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form[action$='/memberships/'] button[type=submit]").click()

    assert posted.value.status == 400
    assert page.locator("#id_member-start_date").input_value() == "2026-03-01"
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _check(page)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_rules_form_showing_errors_has_no_axe_violations(
    new_context, log_in_without_form, steering, language
):
    context = new_context(viewport=PHONE)
    log_in_without_form(context, steering["office"])
    page = context.new_page()
    page.goto(f"/{language}/steering/bodies/{steering['body'].pk}/")
    page.locator("#rules-heading ~ details").last.locator("summary").click()
    page.fill("#id_rules-valid_from", "2026-01-01")
    page.fill("#id_rules-text", "§ 1 Entwurf")

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form[action$='/rules/'] button[type=submit]").click()

    assert posted.value.status == 400
    assert page.locator("#id_rules-text").input_value() == "§ 1 Entwurf"
    assert page.locator("#id_rules-adopted_by_error").is_visible()
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _check(page)
