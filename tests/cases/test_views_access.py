"""Who reaches the case pages: the owner; another case manager gets 404 on every page and
every action of a case not theirs; coordination, steering group and provider editors get
403 everywhere; anonymous visitors the login."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

import pytest
from django.urls import reverse

from cases.models import Case
from kim_portal.models import Role
from tests.cases.test_views_support import (  # noqa: F401
    case,
    lead,
    other_manager,
    owner,
    owner_client,
    team,
    with_mfa,
)
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CASE_GET = ["case_detail", "case_intake", "contact_log", "contact_new"]
CASE_POST = [
    "case_transition",
    "case_follow_up",
    "case_close",
    "case_reopen",
    "consent_record",
    "assessment_record",
    "goal_agree",
    "referral_create",
    "appointment_create",
    "barrier_report",
    "contact_new",
    "case_reassign",
    "case_share",
    "case_intake",
]


def _case_urls(case, names):
    return [reverse(f"cases:{name}", args=[case.pk]) for name in names]


def test_another_case_manager_gets_404_on_every_page_of_the_case(client, case, other_manager):
    client.force_login(other_manager)

    statuses = {url: client.get(url).status_code for url in _case_urls(case, CASE_GET)}

    assert set(statuses.values()) == {404}, statuses


def test_another_case_manager_gets_404_on_every_action_and_changes_nothing(
    client, case, other_manager
):
    client.force_login(other_manager)

    statuses = {
        url: client.post(url, {"to_phase": "planning", "reason": "x"}).status_code
        for url in _case_urls(case, CASE_POST)
    }

    assert set(statuses.values()) == {404}, statuses
    assert Case._unscoped.get(pk=case.pk).phase == case.phase


def test_another_case_manager_gets_404_on_the_access_log(client, case, other_manager):
    client.force_login(other_manager)

    response = client.get(reverse("cases:case_access_log", args=[case.pk]))

    assert response.status_code == 404


def test_unknown_case_id_is_404(owner_client):
    response = owner_client.get(reverse("cases:case_detail", args=[999999]))

    assert response.status_code == 404


def test_unknown_consent_id_is_404(owner_client, case):
    response = owner_client.post(reverse("cases:consent_withdraw", args=[case.pk, 999999]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.STEERING_MEMBER, Role.STEERING_CHAIR, Role.PROVIDER_EDITOR]
)
def test_other_roles_get_403_on_every_cases_url(client, case, role):
    client.force_login(with_mfa(user_with_role(role)))
    urls = [reverse("cases:caseload"), reverse("cases:client_new")]
    urls += _case_urls(case, CASE_GET)
    urls.append(reverse("cases:case_access_log", args=[case.pk]))

    get_statuses = {url: client.get(url).status_code for url in urls}
    post_statuses = {url: client.post(url).status_code for url in _case_urls(case, CASE_POST)}

    assert set(get_statuses.values()) == {403}, get_statuses
    assert set(post_statuses.values()) == {403}, post_statuses


def test_anonymous_visitor_is_sent_to_the_login(client, case):
    urls = [reverse("cases:caseload"), reverse("cases:client_new")]
    urls += _case_urls(case, CASE_GET)

    responses = [client.get(url) for url in urls]

    assert all(r.status_code == 302 for r in responses)
    assert all(reverse("account_login") in r["Location"] for r in responses)


def test_case_manager_without_second_factor_is_held_at_the_totp_setup(client, case):
    from tests.cases.factories import case_manager

    client.force_login(case_manager())

    response = client.get(reverse("cases:caseload"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_access_log_is_for_the_team_lead_only(client, owner_client, case, lead):
    url = reverse("cases:case_access_log", args=[case.pk])
    owner_client.get(reverse("cases:case_detail", args=[case.pk]))

    owner_response = owner_client.get(url)
    client.force_login(lead)
    lead_response = client.get(url)

    assert owner_response.status_code == 403
    assert lead_response.status_code == 200
    assert "Fall angesehen" in lead_response.content.decode()
    assert "Anna Owner" in lead_response.content.decode()


def test_cases_link_in_the_navigation_for_case_roles_only(client, owner_client):
    caseload = reverse("cases:caseload")

    own = owner_client.get(reverse("staff_home")).content.decode()
    client.force_login(user_with_role(Role.PROVIDER_EDITOR))
    provider = client.get(reverse("staff_home")).content.decode()

    assert f'href="{caseload}"' in own
    assert f'href="{caseload}"' not in provider
