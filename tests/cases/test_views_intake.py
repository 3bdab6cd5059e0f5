"""A new client and the intake: one form registers the person and opens the case; bad
input is shown on the form and nothing is saved; decision and consent screens."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import IntakeDecision, Phase
from cases.models import Case, Client, Consent
from kim_portal.models import Municipality
from tests.cases.factories import CaseFactory
from tests.cases.test_views_support import owner, owner_client, team  # noqa: F401

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "first_name": "Amina",
        "last_name": "Haddad",
        "date_of_birth": "1991-04-12",
        "municipality": Municipality.objects.get(name="Iserlohn").pk,
        "languages": "ar, de",
        "residence_status": "temporary_protection",
        "country_of_origin": "sy",
        "in_district_up_to_3_years": "on",
        "complex_needs": "on",
    }
    data.update(changes)
    return data


def test_new_client_opens_a_case_in_intake_and_leads_to_the_intake_screen(owner_client, owner):
    response = owner_client.post(reverse("cases:client_new"), _data())

    client = Client._unscoped.get(last_name="Haddad")
    case = Case._unscoped.get(client=client)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_intake", args=[case.pk])
    assert case.case_manager == owner
    assert case.phase == Phase.INTAKE
    assert (
        case.in_district_up_to_3_years,
        case.no_other_case_management,
        case.complex_needs,
    ) == (True, False, True)
    assert client.languages == ["ar", "de"]
    assert client.country_of_origin == "SY"


def test_special_categories_sit_in_their_own_labelled_fieldset(owner_client):
    body = owner_client.get(reverse("cases:client_new")).content.decode()

    fieldset = body[body.index("Besondere Kategorien") :]
    assert "Herkunftsland" in fieldset
    assert "Staatsangehörigkeit" in fieldset
    assert "Herkunftsland" not in body[: body.index("Besondere Kategorien")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "Das Geburtsdatum darf nicht in der Zukunft liegen.",
        ),
        (
            {
                "residence_permit_valid_from": "2026-06-01",
                "residence_permit_valid_until": "2026-01-01",
            },
            "Das Ende der Gültigkeit darf nicht vor ihrem Beginn liegen.",
        ),
        ({"date_of_birth": "", "birth_year": ""}, "Geburtsdatum oder geschätztes Geburtsjahr"),
        ({"languages": "arabisch"}, "Ungültige Sprachcodes"),
        ({"municipality": "999999"}, "Bitte eine gültige Auswahl treffen."),
        ({"country_of_origin": "S1"}, "ISO 3166"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(owner_client, changes, message):
    response = owner_client.post(reverse("cases:client_new"), _data(**changes))

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'value="Haddad"' in body
    assert not Client._unscoped.filter(last_name="Haddad").exists()


def test_intake_decision_and_consent_are_recorded_on_the_intake_screen(owner_client, owner):
    case = CaseFactory(case_manager=owner)
    intake = reverse("cases:case_intake", args=[case.pk])

    consent = owner_client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {
            "given_on": timezone.localdate().isoformat(),
            "form": "written",
            "covers_case_management": "on",
            "partners": ["jobcenter"],
            "next": "intake",
        },
    )
    decision = owner_client.post(intake, {"decision": "taken_on", "reason": "Kriterien erfüllt"})

    assert consent["Location"] == intake
    assert decision["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert Consent._unscoped.get(case=case).partners == ["jobcenter"]
    assert Case._unscoped.get(pk=case.pk).intake_decision == IntakeDecision.TAKEN_ON


def test_intake_decision_without_reason_is_a_form_error(owner_client, owner):
    case = CaseFactory(case_manager=owner)

    response = owner_client.post(
        reverse("cases:case_intake", args=[case.pk]), {"decision": "taken_on", "reason": ""}
    )

    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert Case._unscoped.get(pk=case.pk).intake_decision == ""


def test_consent_without_scope_is_a_form_error_on_the_intake_screen(owner_client, owner):
    case = CaseFactory(case_manager=owner)

    response = owner_client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {"given_on": timezone.localdate().isoformat(), "form": "oral", "next": "intake"},
    )

    assert response.status_code == 400
    assert "mindestens eine Stelle" in response.content.decode()
    assert not Consent._unscoped.filter(case=case).exists()
