"""Shared set-up of the case page tests (tests/cases/test_views_*.py): case managers and
team leads with TOTP set up (their roles require a second factor), logged in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.choices import Phase
from tests.cases.factories import CaseFactory, ConsentFactory, case_manager, team_lead
from tests.factories import OrganisationFactory, totp_activate


def with_mfa(user):
    totp_activate(user)
    return user


def manager_with_mfa(organisation=None, **kwargs):
    return with_mfa(case_manager(organisation, **kwargs))


def lead_with_mfa(organisation, **kwargs):
    return with_mfa(team_lead(organisation, **kwargs))


@pytest.fixture
def team(db):
    return OrganisationFactory(name="Caritas Case Management (Test)")


@pytest.fixture
def owner(team):
    return manager_with_mfa(team, display_name="Anna Owner")


@pytest.fixture
def other_manager(db):
    return manager_with_mfa(display_name="Bernd Other")


@pytest.fixture
def lead(team):
    return lead_with_mfa(team, display_name="Lena Lead")


@pytest.fixture
def case(owner):
    """An open case in assessment, taken on, with consent to case management."""
    case = CaseFactory(case_manager=owner, phase=Phase.ASSESSMENT, taken_on=True)
    ConsentFactory(case=case)
    return case


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def tomorrow():
    return timezone.localdate() + timedelta(days=1)
