"""The steering dashboard in the browser: axe-core finds no WCAG 2.1 A/AA violation in
German and Arabic (right to left) at a phone viewport, and nothing scrolls sideways."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_cases_a11y import AXE_OPTIONS, PHONE, describe

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard_data(transactional_db):
    from django.utils import timezone

    from cases.choices import LifeDomain, Phase
    from kim_portal.models import Role
    from tests.cases.factories import CaseFactory
    from tests.factories import UserFactory
    from tests.steering.factories import BarrierReportFactory

    for phase in (Phase.INTAKE, Phase.ASSESSMENT, Phase.ASSESSMENT, Phase.PLANNING):
        CaseFactory(phase=phase)
    for _ in range(3):
        BarrierReportFactory(domain=LifeDomain.HOUSING, month=timezone.localdate().replace(day=1))
    return UserFactory(roles=[Role.STEERING_MEMBER], email="lg@kim-test.example")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_dashboard_has_no_axe_violations(
    new_context, log_in_without_form, dashboard_data, language
):
    context = new_context(viewport=PHONE)
    log_in_without_form(context, dashboard_data)
    page = context.new_page()

    response = page.goto(f"/{language}/steering/dashboard/")
    assert response.status == 200

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
