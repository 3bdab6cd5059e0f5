"""The demo cases: about 60 fictional cases in every phase and town, loaded through the
services, and nothing new on a second run."""

import io

import pytest

from cases.choices import Phase
from cases.demo import DEMO_DOMAIN, EXTRA_USERS, seed_cases
from cases.models import Case
from kim_portal.models import AuditEvent, Municipality, Organisation, Role, User
from tests.cases.factories import case_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def foundation_manager():
    organisation = Organisation.objects.create(
        name="Kommunales Integrationszentrum Märkischer Kreis",
        short_name="KI MK",
        kind=Organisation.Kind.DISTRICT_DEPARTMENT,
    )
    return case_manager(organisation, email=f"fallmanagement@{DEMO_DOMAIN}")


def test_demo_cases_cover_every_phase_and_town_and_load_once(foundation_manager):
    seed_cases(io.StringIO())
    cases = list(Case._unscoped.select_related("client"))
    seed_cases(io.StringIO())

    assert len(cases) == 60
    assert Case._unscoped.count() == 60
    assert {case.phase for case in cases} == set(Phase.values)
    assert {case.client.municipality_id for case in cases} == set(
        Municipality.objects.values_list("pk", flat=True)
    )


def test_demo_adds_case_managers_with_the_foundation_password(foundation_manager):
    seed_cases(io.StringIO())

    for local, _name, role, _organisation in EXTRA_USERS:
        user = User.objects.get(email=f"{local}@{DEMO_DOMAIN}")
        assert user.password == foundation_manager.password
        assert user.has_role(role.value)
    managers = {case.case_manager_id for case in Case._unscoped.all()}
    assert len(managers) == 3
    assert all(User.objects.get(pk=pk).has_role(Role.CASE_MANAGER) for pk in managers)


def test_demo_cases_are_written_through_the_audited_services(foundation_manager):
    seed_cases(io.StringIO())

    assert AuditEvent.objects.filter(action="case.open").count() == 60


def test_demo_needs_the_foundation_logins():
    out = io.StringIO()

    seed_cases(out)

    assert "seed_demo" in out.getvalue()
    assert not Case._unscoped.exists()
