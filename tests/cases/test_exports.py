"""Subject-access export (JSON and PDF) and the printable consent form: who may download
them, what they contain, the fresh reauthentication they need and their audit events."""

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases.choices import LifeDomain, Partner
from cases.exports import (
    SUBJECT_ACCESS_STRUCTURE,
    consent_form_html,
    consent_form_language,
    consent_form_pdf,
)
from cases.services import (
    DomainAssessment,
    appointment_create,
    assessment_record,
    case_intake_decide,
    case_open,
    client_create,
    consent_record,
    contact_log,
    goal_agree,
    household_member_add,
    referral_create,
)
from kim_portal.models import AuditEvent, Municipality, Role
from tests.cases.factories import CaseFactory, case_manager, team_lead
from tests.factories import PASSWORD, OrganisationFactory, totp_activate, user_with_role

pytestmark = pytest.mark.django_db

FIRST, LAST, CHILD = "Zerafina", "Quendolin", "Oriwenka"
DECISION = "Komplexer Bedarf in Wohnen und Arbeit, mehrere Stellen beteiligt"
PDF_TYPES = {"application/pdf"}


@pytest.fixture
def team():
    return OrganisationFactory(name="Caritasverband Iserlohn")


@pytest.fixture
def manager(team):
    return case_manager(team)


@pytest.fixture
def case(manager):
    client = client_create(
        by=manager,
        first_name=FIRST,
        last_name=LAST,
        date_of_birth=date(1987, 6, 2),
        languages=["ar", "en"],
        country_of_origin="SY",
        phone="0171 5550123",
        municipality=Municipality.objects.get(name="Iserlohn"),
    )
    household_member_add(client=client, by=manager, relation="child", first_name=CHILD)
    case = case_open(client=client, case_manager=manager, by=manager, complex_needs=True)
    consent_record(
        case=case,
        by=manager,
        given_on=timezone.localdate(),
        form="written",
        covers_case_management=True,
        partners=[Partner.JOBCENTER],
    )
    case_intake_decide(case=case, decision="taken_on", reason=DECISION, by=manager)
    assessment_record(
        case=case,
        by=manager,
        assessed_on=timezone.localdate(),
        entries=[
            DomainAssessment(domain=LifeDomain.HOUSING, need_level="high", situation="beengt")
        ],
    )
    goal_agree(case=case, by=manager, domain="work", text="Arbeit finden")
    referral_create(case=case, by=manager, external_service="Praxis Dr. Berg", note="dringend")
    contact_log(
        case=case,
        by=manager,
        occurred_at=timezone.now() - timedelta(hours=1),
        duration_minutes=45,
        mode="in_person",
        note="Erstgespräch",
    )
    appointment_create(
        case=case, by=manager, at=timezone.now() + timedelta(days=3), title="Jobcenter"
    )
    return case


def _login(client, user, *, reauthenticated=True):
    totp_activate(user)
    client.force_login(user)
    if reauthenticated:
        # allauth counts only an explicit reauthentication, never the login itself.
        response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def _matches(value, spec, path="$") -> list[str]:
    """Where ``value`` departs from the documented structure (see cases.exports)."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        problems = [] if set(value) == set(spec) else [f"{path}: keys {sorted(value)}"]
        for key in set(value) & set(spec):
            problems += _matches(value[key], spec[key], f"{path}.{key}")
        return problems
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [p for i, item in enumerate(value) for p in _matches(item, spec[0], f"{path}[{i}]")]
    nullable = spec.endswith("?")
    kind = spec.rstrip("?")
    if value is None:
        return [] if nullable else [f"{path}: null"]
    checks = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v),
        "datetime": lambda v: (
            isinstance(v, str)
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+0[12]:00", v)
        ),
        "choice": lambda v: isinstance(v, dict) and set(v) == {"code", "label"},
        "list[str]": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "list[choice]": lambda v: (
            isinstance(v, list)
            and all(isinstance(i, dict) and set(i) == {"code", "label"} for i in v)
        ),
    }
    return [] if checks[kind](value) else [f"{path}: not {spec}: {value!r}"]


# --- JSON -------------------------------------------------------------------------------------


def test_json_export_matches_its_documented_structure(client, manager, case):
    _login(client, manager)

    response = client.get(reverse("cases:client_export_json", args=[case.client_id]))

    assert response.status_code == 200
    assert _matches(json.loads(response.content), SUBJECT_ACCESS_STRUCTURE) == []


def test_json_export_contains_the_clients_data_across_records(client, manager, case):
    _login(client, manager)

    data = json.loads(
        client.get(reverse("cases:client_export_json", args=[case.client_id])).content
    )

    exported = data["cases"][0]
    assert (data["client"]["first_name"], data["client"]["date_of_birth"]) == (FIRST, "1987-06-02")
    assert [m["first_name"] for m in data["household"]] == [CHILD]
    assert exported["intake"]["decision_reason"] == DECISION
    assert exported["consents"][0]["partners"] == [{"code": "jobcenter", "label": "Jobcenter"}]
    assert exported["assessments"][0]["entries"][0]["situation"] == "beengt"
    assert exported["goals"][0]["text"] == "Arbeit finden"
    assert exported["referrals"][0]["external_service"] == "Praxis Dr. Berg"
    assert exported["contacts"][0]["note"] == "Erstgespräch"
    assert exported["appointments"][0]["title"] == "Jobcenter"
    assert [c["to_phase"]["code"] for c in exported["phase_history"]] == ["intake"]


def test_json_export_gives_times_in_berlin_time(client, manager, case, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _login(client, manager)

    data = json.loads(
        client.get(reverse("cases:client_export_json", args=[case.client_id])).content
    )

    berlin = timezone.localtime(timezone.now()).strftime("%Y-%m-%dT%H:%M:%S")
    assert data["generated_at"].startswith(berlin)


def test_json_export_is_a_download_that_is_never_cached(client, manager, case):
    _login(client, manager)

    response = client.get(reverse("cases:client_export_json", args=[case.client_id]))

    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_export_contains_case_number_name_and_decision(client, manager, case):
    _login(client, manager)

    response = client.get(reverse("cases:client_export_pdf", args=[case.client_id]))

    assert response["Content-Type"] in PDF_TYPES
    text = _pdf_text(response.content)
    for expected in (case.client.case_number, f"{FIRST} {LAST}", DECISION, "Auskunft"):
        assert expected in text, expected


# --- Who may export ------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["cases:client_export_json", "cases:client_export_pdf"])
def test_other_case_manager_gets_404(client, case, url_name):
    _login(client, case_manager())

    response = client.get(reverse(url_name, args=[case.client_id]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "role", [Role.STEERING_MEMBER, Role.STEERING_CHAIR, Role.PROVIDER_EDITOR, Role.COORDINATOR]
)
def test_roles_without_case_work_cannot_export(client, case, role):
    _login(client, user_with_role(role, organisation=case.organisation))

    response = client.get(reverse("cases:client_export_json", args=[case.client_id]))

    assert response.status_code in (403, 404)


def test_team_lead_of_the_team_can_export(client, team, case):
    _login(client, team_lead(team))

    response = client.get(reverse("cases:client_export_json", args=[case.client_id]))

    assert response.status_code == 200


@pytest.mark.parametrize("url_name", ["cases:client_export_json", "cases:client_export_pdf"])
def test_export_without_recent_reauthentication_redirects_to_reauthenticate(
    client, manager, case, url_name
):
    _login(client, manager, reauthenticated=False)

    response = client.get(reverse(url_name, args=[case.client_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_export_after_reauthentication_timeout_redirects_again(client, manager, case, time_machine):
    _login(client, manager)
    time_machine.move_to(timezone.now() + timedelta(minutes=6))

    response = client.get(reverse("cases:client_export_json", args=[case.client_id]))

    assert response.status_code == 302


def test_anonymous_visitor_is_sent_to_login(client, case):
    response = client.get(reverse("cases:client_export_json", args=[case.client_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Audit --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "export_format"),
    [("cases:client_export_json", "json"), ("cases:client_export_pdf", "pdf")],
)
def test_each_export_writes_an_audit_event_without_personal_data(
    client, manager, case, url_name, export_format
):
    _login(client, manager)

    client.get(reverse(url_name, args=[case.client_id]))

    event = AuditEvent.objects.get(action="client.export")
    assert (event.actor, event.object_id) == (manager, str(case.client_id))
    assert event.details == {
        "client_id": case.client_id,
        "case_ids": [case.pk],
        "format": export_format,
    }


def test_export_counts_cases_of_other_teams_without_showing_them(client, manager, case):
    CaseFactory(client=case.client, phase="closed", closed_on=timezone.localdate())
    _login(client, manager)

    data = json.loads(
        client.get(reverse("cases:client_export_json", args=[case.client_id])).content
    )

    assert data["scope"] == {"cases_included": 1, "cases_not_included": 1}
    assert [c["id"] for c in data["cases"]] == [case.pk]


# --- Consent form -------------------------------------------------------------------------------


def test_consent_form_pdf_lists_partners_and_signature_lines(client, manager, case):
    _login(client, manager, reauthenticated=False)

    response = client.get(reverse("cases:case_consent_form_pdf", args=[case.pk]))

    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert case.client.case_number in text
    for expected in ("Einwilligung", "Jugendmigrationsdienst (JMD)", "Ausländerbehörde"):
        assert expected in text, expected
    assert "Unterschrift der Klientin / des Klienten" in text
    assert AuditEvent.objects.filter(action="case.consent_form", object_id=str(case.pk)).exists()


def test_consent_form_of_other_managers_case_is_404(client, case):
    _login(client, case_manager())

    response = client.get(reverse("cases:case_consent_form_pdf", args=[case.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        (["ku", "ar", "en"], "ar"),
        (["prs", "fa"], "fa"),
        (["ku"], "de"),
        ([], "de"),
        (["de", "ar"], "de"),
    ],
)
def test_consent_form_language_is_the_first_portal_language_of_the_client(languages, expected):
    assert consent_form_language(languages) == expected


def test_untranslated_language_falls_back_to_german_only(case, monkeypatch):
    # As for a language whose catalogue does not have the form yet.
    monkeypatch.setattr("cases.exports.consent_form_translated", lambda language: False)

    html = consent_form_html(case, language="ar")

    assert 'dir="rtl"' not in html
    assert html.count('class="section"') == 1
    assert "noch nicht vor" in html
    assert consent_form_pdf(case, language="ar").startswith(b"%PDF")


def test_translated_arabic_form_is_printed_right_to_left(case):
    html = consent_form_html(case, language="ar")

    assert 'lang="ar" dir="rtl"' in html
    assert html.count('class="section"') == 2
    text = _pdf_text(consent_form_pdf(case, language="ar"))
    assert case.client.case_number in text
