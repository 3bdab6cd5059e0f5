"""The actions on the case page: phases, consents, referrals (blocked without consent),
goals, barrier reports (name warning and confirmation), closure and reopening, the team
lead's reassignment and sharing; the caseload search and filters."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import Phase, ReferralStatus
from cases.models import BarrierReport, Case, CaseHandover, CaseShare, Goal, Referral
from kim_portal.models import Municipality
from tests.cases.factories import CaseFactory, ClientFactory
from tests.cases.test_views_support import (  # noqa: F401
    case,
    lead,
    manager_with_mfa,
    other_manager,
    owner,
    owner_client,
    team,
)
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def _detail(case):
    return reverse("cases:case_detail", args=[case.pk])


def _fresh(case):
    return Case._unscoped.get(pk=case.pk)


def test_case_moves_forward_one_phase(owner_client, case):
    response = owner_client.post(
        reverse("cases:case_transition", args=[case.pk]), {"to_phase": "planning"}
    )

    assert response.status_code == 302
    assert _fresh(case).phase == Phase.PLANNING


def test_stepping_back_without_reason_is_a_form_error(owner_client, owner):
    case = CaseFactory(case_manager=owner, phase=Phase.MONITORING, taken_on=True)

    response = owner_client.post(
        reverse("cases:case_transition", args=[case.pk]), {"to_phase": "assessment", "reason": ""}
    )

    assert response.status_code == 400
    assert "Ein Schritt zurück braucht eine Begründung." in response.content.decode()
    assert _fresh(case).phase == Phase.MONITORING


def test_stepping_back_with_reason_works(owner_client, owner):
    case = CaseFactory(case_manager=owner, phase=Phase.MONITORING, taken_on=True)

    owner_client.post(
        reverse("cases:case_transition", args=[case.pk]),
        {"to_phase": "assessment", "reason": "Neue Lage nach Umzug"},
    )

    assert _fresh(case).phase == Phase.ASSESSMENT


def test_leaving_intake_without_consent_says_why(owner_client, owner):
    case = CaseFactory(case_manager=owner, taken_on=True)

    response = owner_client.post(
        reverse("cases:case_transition", args=[case.pk]), {"to_phase": "assessment"}
    )

    assert response.status_code == 400
    assert "keine gültige Einwilligung in das Case Management" in response.content.decode()


def test_a_skipped_phase_is_refused_with_a_message(owner_client, case):
    response = owner_client.post(
        reverse("cases:case_transition", args=[case.pk]), {"to_phase": "evaluation"}
    )

    assert response.status_code == 400
    assert _fresh(case).phase == Phase.ASSESSMENT


def test_referral_to_a_partner_without_consent_names_the_missing_consent(owner_client, case):
    response = owner_client.post(
        reverse("cases:referral_create", args=[case.pk]),
        {"external_service": "Jobcenter Iserlohn", "partner": "jobcenter"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Für den Datenaustausch mit „Jobcenter“ liegt keine gültige Einwilligung vor." in body
    assert 'value="Jobcenter Iserlohn"' in body
    assert not Referral._unscoped.filter(case=case).exists()


def test_referral_to_a_catalogue_offer_found_by_search(owner_client, case):
    offer = OfferFactory(title="Sprachcafé Quokka am Markt")

    page = owner_client.get(_detail(case) + "?offer_q=Quokka").content.decode()
    response = owner_client.post(
        reverse("cases:referral_create", args=[case.pk]), {"offer": offer.pk, "domain": "language"}
    )

    assert "Sprachcafé Quokka am Markt" in page
    assert response.status_code == 302
    referral = Referral._unscoped.get(case=case)
    assert referral.offer == offer


def test_referral_to_an_unpublished_offer_is_refused(owner_client, case):
    offer = OfferFactory(title="Entwurf", status="draft")

    response = owner_client.post(
        reverse("cases:referral_create", args=[case.pk]), {"offer": offer.pk}
    )

    assert response.status_code == 400
    assert not Referral._unscoped.filter(case=case).exists()


def test_referral_status_moves_on(owner_client, case):
    referral = Referral._unscoped.create(
        case=case, external_service="Sprachcafé", created_by=case.case_manager
    )

    owner_client.post(
        reverse("cases:referral_status", args=[case.pk, referral.pk]), {"status": "contacted"}
    )

    assert Referral._unscoped.get(pk=referral.pk).status == ReferralStatus.CONTACTED


def test_goal_is_agreed_and_its_status_updated(owner_client, case):
    owner_client.post(
        reverse("cases:goal_agree", args=[case.pk]),
        {"domain": "language", "text": "B1-Prüfung bestehen"},
    )
    goal = Goal._unscoped.get(case=case)

    owner_client.post(
        reverse("cases:goal_update", args=[case.pk, goal.pk]), {"status": "in_progress"}
    )

    assert Goal._unscoped.get(pk=goal.pk).status == "in_progress"


def test_assessment_is_recorded_and_shown_per_domain(owner_client, case):
    owner_client.post(
        reverse("cases:assessment_record", args=[case.pk]),
        {"assessed_on": timezone.localdate().isoformat(), "need_language": "high"},
    )

    body = owner_client.get(_detail(case)).content.decode()

    assert "hoher Bedarf" in body


def test_follow_up_in_the_past_is_a_form_error(owner_client, case):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = owner_client.post(
        reverse("cases:case_follow_up", args=[case.pk]), {"next_follow_up_at": yesterday}
    )

    assert response.status_code == 400
    assert "Vergangenheit" in response.content.decode()


def test_barrier_report_naming_the_client_warns_then_goes_through_when_confirmed(
    owner_client, case
):
    url = reverse("cases:barrier_report", args=[case.pk])
    text = f"{case.client.last_name} wartet seit Monaten auf einen Termin."

    warned = owner_client.post(url, {"domain": "residence", "text": text})
    confirmed = owner_client.post(url, {"domain": "residence", "text": text, "confirmed": "on"})

    assert warned.status_code == 400
    assert "Hürdenmeldungen sind anonym" in warned.content.decode()
    assert 'name="confirmed"' in warned.content.decode()
    assert confirmed.status_code == 302
    assert BarrierReport.objects.count() == 1


def test_case_is_closed_and_reopened(owner_client, case):
    owner_client.post(
        reverse("cases:case_close", args=[case.pk]),
        {"closure_reason": "goals_achieved", "evaluation_summary": "Arbeit gefunden."},
    )
    closed = _fresh(case)
    refused = owner_client.post(reverse("cases:case_reopen", args=[case.pk]), {"reason": ""})
    owner_client.post(reverse("cases:case_reopen", args=[case.pk]), {"reason": "Neue Lage"})

    assert closed.phase == Phase.CLOSED
    assert closed.evaluation_summary == "Arbeit gefunden."
    assert refused.status_code == 400
    assert _fresh(case).phase == Phase.ASSESSMENT


def test_team_lead_reassigns_with_handover_note(client, case, lead, team):
    colleague = manager_with_mfa(team, display_name="Carla Colleague")
    client.force_login(lead)

    response = client.post(
        reverse("cases:case_reassign", args=[case.pk]),
        {"to_user": colleague.pk, "note": "Termin am Montag beim Jobcenter."},
    )

    assert response.status_code == 302
    assert _fresh(case).case_manager == colleague
    assert CaseHandover._unscoped.get(case=case).note == "Termin am Montag beim Jobcenter."


def test_case_manager_cannot_reassign(owner_client, case, team):
    colleague = manager_with_mfa(team)

    response = owner_client.post(
        reverse("cases:case_reassign", args=[case.pk]), {"to_user": colleague.pk}
    )

    assert response.status_code == 403


def test_case_manager_shares_the_case_with_a_colleague(owner_client, case, team):
    colleague = manager_with_mfa(team)

    owner_client.post(reverse("cases:case_share", args=[case.pk]), {"with_user": colleague.pk})

    assert CaseShare._unscoped.filter(case=case, shared_with=colleague).exists()


def test_caseload_shows_case_numbers_not_names(owner_client, case):
    body = owner_client.get(reverse("cases:caseload")).content.decode()

    assert case.client.case_number in body
    assert case.client.last_name not in body


def test_caseload_search_finds_a_name_with_a_typo(owner_client, owner):
    CaseFactory(case_manager=owner, client=ClientFactory(first_name="Mohammed", last_name="Karimi"))
    CaseFactory(
        case_manager=owner, client=ClientFactory(first_name="Olena", last_name="Shevchenko")
    )

    body = owner_client.get(reverse("cases:caseload") + "?q=Mohamad").content.decode()

    assert "Mohammed Karimi" in body
    assert "Shevchenko" not in body


def test_caseload_search_by_case_number(owner_client, case):
    number = case.client.case_number

    body = owner_client.get(reverse("cases:caseload") + f"?q={number[-4:]}").content.decode()

    assert number in body


def test_caseload_filters_overdue_and_town(owner_client, owner):
    overdue = CaseFactory(
        case_manager=owner, next_follow_up_at=timezone.localdate() - timedelta(days=2)
    )
    hemer = CaseFactory(
        case_manager=owner,
        client=ClientFactory(municipality=Municipality.objects.get(name="Hemer")),
    )
    url = reverse("cases:caseload")

    overdue_page = owner_client.get(url + "?overdue=on").content.decode()
    hemer_page = owner_client.get(url + f"?town={hemer.client.municipality_id}").content.decode()

    assert overdue.client.case_number in overdue_page
    assert hemer.client.case_number not in overdue_page
    assert "überfällig" in overdue_page
    assert hemer.client.case_number in hemer_page
    assert overdue.client.case_number not in hemer_page


def test_caseload_ignores_garbled_filters(owner_client, case):
    response = owner_client.get(reverse("cases:caseload") + "?phase=nonsense&town=abc&page=x")

    assert response.status_code == 200
