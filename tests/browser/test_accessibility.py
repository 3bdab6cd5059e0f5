"""axe-core (bundled with axe-playwright-python, runs offline) finds no WCAG 2.1 A/AA
violations on the public pages, the login and the staff start pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

# Plain strings and lists only: options are handed to axe.run() serialised.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PHONE = {"width": 390, "height": 844}


def axe_violations(page) -> list[dict]:
    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe(violations) -> str:
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("path", "viewport", "status"),
    [
        pytest.param("/de/", PHONE, 200, id="home-de-phone"),
        pytest.param("/ar/", PHONE, 200, id="home-ar-phone"),
        pytest.param("/de/accounts/login/", None, 200, id="login-de"),
        pytest.param("/ar/accounts/login/", None, 200, id="login-ar"),
        pytest.param("/de/diese-seite-gibt-es-nicht/", None, 404, id="not-found"),
    ],
)
def test_public_page_has_no_axe_violations(new_context, path, viewport, status):
    options = {"viewport": viewport} if viewport else {}
    page = new_context(**options).new_page()

    response = page.goto(path)
    assert response.status == status

    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("path", ["/de/staff/", "/de/staff/notifications/"])
def test_staff_page_of_steering_member_has_no_axe_violations(
    new_context, make_staff_user, deliver_notification, log_in_without_form, path
):
    user = make_staff_user(
        "steering_member", email="lenkung@kim-test.example", display_name="Peter Albers"
    )
    deliver_notification(user=user, subject="Sitzung der Lenkungsgruppe am 12. März")
    context = new_context()
    log_in_without_form(context, user)
    page = context.new_page()

    response = page.goto(path)
    assert response.status == 200
    assert page.url.endswith(path)

    violations = axe_violations(page)
    assert not violations, describe(violations)
