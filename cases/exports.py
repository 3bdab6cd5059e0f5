"""Rendering of the GDPR exports of case management: the subject-access export of one
client (JSON and PDF, GDPR Art. 15) and the printable consent form of a case (PDF).

Data comes from ``cases.selectors`` only (``client_subject_access_records``,
``case_for_consent_form``); this module turns it into documents and touches no database.

**Subject-access JSON, format ``kim-portal/subject-access`` version 1.** One object;
``SUBJECT_ACCESS_STRUCTURE`` below is the structure, key by key, and a test holds the
output to it. Conventions:

- Dates are ISO 8601 (``2026-03-01``); times are ISO 8601 in Europe/Berlin with their UTC
  offset (``2026-03-01T14:30:00+01:00``). Missing values are ``null``, never left out.
- Coded values (phase, life domain, status …) are objects ``{"code": …, "label": …}``:
  the code is stable, the label is the German text shown in the portal. Partners are
  lists of such objects. Staff appear by display name and organisation only.
- Lists are ordered oldest first. Keys are never removed within a version; a new key
  raises ``version``.
- ``scope.cases_not_included`` counts the client's cases in teams the exporting person
  cannot see (the export of those must be made there); nothing else about them appears.

The PDF is rendered from the same dictionary (template ``cases/exports/
subject_access.html``), so both always hold the same data.
"""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from .choices import (
    ClosureReason,
    ConsentForm,
    ContactMode,
    Gender,
    GoalStatus,
    HouseholdRelation,
    IntakeDecision,
    LifeDomain,
    NeedLevel,
    Partner,
    Phase,
    ReferralStatus,
    ResidenceStatus,
)
from .models import Case
from .selectors import SubjectAccessRecords

BERLIN = ZoneInfo("Europe/Berlin")
FORMAT_NAME = "kim-portal/subject-access"
FORMAT_VERSION = 1

# The documented structure of the JSON export. Leaves name the value's type: "str",
# "int", "bool", "date", "datetime", "choice" ({"code", "label"}), "list[str]",
# "list[choice]"; a trailing "?" means it may be null. A one-element list describes every
# element of a list.
_CHOICE = "choice"
SUBJECT_ACCESS_STRUCTURE = {
    "format": "str",
    "version": "int",
    "generated_at": "datetime",
    "time_zone": "str",
    "case_number": "str",
    "scope": {"cases_included": "int", "cases_not_included": "int"},
    "client": {
        "case_number": "str",
        "first_name": "str",
        "last_name": "str",
        "date_of_birth": "date?",
        "birth_year": "int?",
        "gender": "choice?",
        "languages": "list[str]",
        "interpreter_needed": "bool",
        "country_of_origin": "str",
        "nationality": "str",
        "residence_status": "choice?",
        "residence_status_detail": "str",
        "residence_permit_valid_from": "date?",
        "residence_permit_valid_until": "date?",
        "arrived_in_germany_on": "date?",
        "arrived_in_district_on": "date?",
        "municipality": "str",
        "phone": "str",
        "email": "str",
        "address": "str",
        "created_at": "datetime",
    },
    "household": [{"relation": "choice", "first_name": "str", "birth_year": "int?"}],
    "cases": [
        {
            "id": "int",
            "phase": "choice",
            "team": "str",
            "case_manager": "str",
            "opened_on": "date",
            "closed_on": "date?",
            "next_follow_up_at": "date?",
            "intake": {
                "in_district_up_to_3_years": "bool",
                "no_other_case_management": "bool",
                "complex_needs": "bool",
                "decision": "choice?",
                "decision_reason": "str",
                "decided_on": "date?",
            },
            "closure_reason": "choice?",
            "evaluation_summary": "str",
            "phase_history": [
                {
                    "from_phase": "choice?",
                    "to_phase": "choice",
                    "reason": "str",
                    "closure_reason": "choice?",
                    "changed_by": "str",
                    "changed_at": "datetime",
                }
            ],
            "consents": [
                {
                    "given_on": "date",
                    "form": "choice",
                    "covers_case_management": "bool",
                    "partners": "list[choice]",
                    "withdrawn_on": "date?",
                    "recorded_at": "datetime",
                }
            ],
            "assessments": [
                {
                    "assessed_on": "date",
                    "entries": [
                        {
                            "domain": "choice",
                            "situation": "str",
                            "resources": "str",
                            "need_level": "choice",
                            "client_priority": "int?",
                        }
                    ],
                }
            ],
            "goals": [
                {
                    "domain": "choice",
                    "text": "str",
                    "agreed_on": "date",
                    "target_date": "date?",
                    "responsible": "str",
                    "status": "choice",
                    "attainment_note": "str",
                }
            ],
            "referrals": [
                {
                    "offer": "str?",
                    "external_service": "str",
                    "partner": "choice?",
                    "domain": "choice?",
                    "status": "choice",
                    "note": "str",
                    "created_at": "datetime",
                    "status_changed_at": "datetime",
                }
            ],
            "contacts": [
                {
                    "occurred_at": "datetime",
                    "duration_minutes": "int",
                    "mode": "choice",
                    "interpreter_used": "bool",
                    "participants": "str",
                    "note": "str",
                }
            ],
            "appointments": [{"at": "datetime", "title": "str", "note": "str"}],
            "handovers": [
                {"from": "str", "to": "str", "note": "str", "handed_over_at": "datetime"}
            ],
            "shares": [{"shared_with": "str", "since": "datetime"}],
        }
    ],
}


# --- Subject access ---------------------------------------------------------------------------


def _choice(choices, value):
    if not value:
        return None
    try:
        label = choices(value).label
    except ValueError:
        label = value
    return {"code": str(value), "label": str(label)}


def _person(user) -> str:
    if user is None:
        return ""
    organisation = getattr(user, "organisation", None)
    name = user.display_name or user.email
    return f"{name} ({organisation.name})" if organisation else name


def _case_data(case: Case) -> dict:
    return {
        "id": case.pk,
        "phase": _choice(Phase, case.phase),
        "team": case.organisation.name,
        "case_manager": _person(case.case_manager),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "next_follow_up_at": case.next_follow_up_at,
        "intake": {
            "in_district_up_to_3_years": case.in_district_up_to_3_years,
            "no_other_case_management": case.no_other_case_management,
            "complex_needs": case.complex_needs,
            "decision": _choice(IntakeDecision, case.intake_decision),
            "decision_reason": case.intake_decision_reason,
            "decided_on": case.intake_decided_on,
        },
        "closure_reason": _choice(ClosureReason, case.closure_reason),
        "evaluation_summary": case.evaluation_summary,
        "phase_history": [
            {
                "from_phase": _choice(Phase, change.from_phase),
                "to_phase": _choice(Phase, change.to_phase),
                "reason": change.reason,
                "closure_reason": _choice(ClosureReason, change.closure_reason),
                "changed_by": _person(change.changed_by),
                "changed_at": change.changed_at,
            }
            for change in case.phase_changes.all()
        ],
        "consents": [
            {
                "given_on": consent.given_on,
                "form": _choice(ConsentForm, consent.form),
                "covers_case_management": consent.covers_case_management,
                "partners": [_choice(Partner, partner) for partner in consent.partners],
                "withdrawn_on": consent.withdrawn_on,
                "recorded_at": consent.recorded_at,
            }
            for consent in case.consents.all()
        ],
        "assessments": [
            {
                "assessed_on": assessment.assessed_on,
                "entries": [
                    {
                        "domain": _choice(LifeDomain, entry.domain),
                        "situation": entry.situation,
                        "resources": entry.resources,
                        "need_level": _choice(NeedLevel, entry.need_level),
                        "client_priority": entry.client_priority,
                    }
                    for entry in assessment.entries.all()
                ],
            }
            for assessment in case.assessments.all()
        ],
        "goals": [
            {
                "domain": _choice(LifeDomain, goal.domain),
                "text": goal.text,
                "agreed_on": goal.agreed_on,
                "target_date": goal.target_date,
                "responsible": goal.responsible,
                "status": _choice(GoalStatus, goal.status),
                "attainment_note": goal.attainment_note,
            }
            for goal in case.goals.all()
        ],
        "referrals": [
            {
                "offer": referral.offer.title if referral.offer else None,
                "external_service": referral.external_service,
                "partner": _choice(Partner, referral.partner),
                "domain": _choice(LifeDomain, referral.domain),
                "status": _choice(ReferralStatus, referral.status),
                "note": referral.note,
                "created_at": referral.created_at,
                "status_changed_at": referral.status_changed_at,
            }
            for referral in case.referrals.all()
        ],
        "contacts": [
            {
                "occurred_at": contact.occurred_at,
                "duration_minutes": contact.duration_minutes,
                "mode": _choice(ContactMode, contact.mode),
                "interpreter_used": contact.interpreter_used,
                "participants": contact.participants,
                "note": contact.note,
            }
            for contact in case.contacts.all()
        ],
        "appointments": [
            {"at": appointment.at, "title": appointment.title, "note": appointment.note}
            for appointment in case.appointments.all()
        ],
        "handovers": [
            {
                "from": _person(handover.from_user),
                "to": _person(handover.to_user),
                "note": handover.note,
                "handed_over_at": handover.handed_over_at,
            }
            for handover in case.handovers.all()
        ],
        "shares": [
            {"shared_with": _person(share.shared_with), "since": share.created_at}
            for share in case.shares.all()
        ],
    }


def subject_access_data(records: SubjectAccessRecords, *, now: datetime | None = None) -> dict:
    """The export as a dictionary of plain values and ``date``/``datetime`` objects, in
    the documented structure (``SUBJECT_ACCESS_STRUCTURE``). Labels in German."""
    client = records.client
    with translation.override("de"):
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "generated_at": now or timezone.now(),
            "time_zone": str(BERLIN),
            "case_number": client.case_number,
            "scope": {
                "cases_included": len(records.cases),
                "cases_not_included": records.cases_not_included,
            },
            "client": {
                "case_number": client.case_number,
                "first_name": client.first_name,
                "last_name": client.last_name,
                "date_of_birth": client.date_of_birth,
                "birth_year": client.birth_year,
                "gender": _choice(Gender, client.gender),
                "languages": list(client.languages),
                "interpreter_needed": client.interpreter_needed,
                "country_of_origin": client.country_of_origin,
                "nationality": client.nationality,
                "residence_status": _choice(ResidenceStatus, client.residence_status),
                "residence_status_detail": client.residence_status_detail,
                "residence_permit_valid_from": client.residence_permit_valid_from,
                "residence_permit_valid_until": client.residence_permit_valid_until,
                "arrived_in_germany_on": client.arrived_in_germany_on,
                "arrived_in_district_on": client.arrived_in_district_on,
                "municipality": client.municipality.name,
                "phone": client.phone,
                "email": client.email,
                "address": client.address,
                "created_at": client.created_at,
            },
            "household": [
                {
                    "relation": _choice(HouseholdRelation, member.relation),
                    "first_name": member.first_name,
                    "birth_year": member.birth_year,
                }
                for member in records.household
            ],
            "cases": [_case_data(case) for case in records.cases],
        }


def _json_default(value):
    # datetime before date: a datetime is a date too.
    if isinstance(value, datetime):
        return timezone.localtime(value, BERLIN).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def subject_access_json(data: dict) -> bytes:
    """The export as UTF-8 JSON (non-ASCII kept readable, indented for people)."""
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2).encode()


def subject_access_pdf(data: dict) -> bytes:
    """The export as a PDF in German (same data as the JSON)."""
    with translation.override("de"), timezone.override(BERLIN):
        html = render_to_string("cases/exports/subject_access.html", {"export": data})
    return html_to_pdf(html)


# --- Consent form -----------------------------------------------------------------------------

# Languages the consent form can be printed in, besides German (the portal's languages).
CONSENT_FORM_LANGUAGES = ("de", "en", "ar", "uk", "tr", "ru", "fa")
RTL_LANGUAGES = frozenset({"ar", "fa"})
# Its title: when a language's catalogue lacks it, the form is not translated (yet).
CONSENT_FORM_TITLE = gettext_noop("Einwilligung in das Case Management und in den Datenaustausch")


def consent_form_language(client_languages) -> str:
    """The second language of the consent form: the first of the client's languages the
    portal has (``CONSENT_FORM_LANGUAGES``), else German (German only)."""
    for code in client_languages or ():
        if code in CONSENT_FORM_LANGUAGES:
            return code
    return "de"


def consent_form_translated(language: str) -> bool:
    """True if the form's texts exist in ``language`` (German always does). Until the
    translators deliver, other languages fall back to German and the form is German only."""
    if language == "de":
        return True
    with translation.override(language):
        return gettext(CONSENT_FORM_TITLE) != CONSENT_FORM_TITLE


def consent_form_context(case: Case, *, language: str) -> dict:
    """What the consent form template needs: the case, the partners, and the sections to
    print — German, then the client's language if it differs and is translated."""
    sections = [{"language": "de", "dir": "ltr"}]
    fallback = language != "de" and not consent_form_translated(language)
    if language != "de" and not fallback:
        sections.append(
            {"language": language, "dir": "rtl" if language in RTL_LANGUAGES else "ltr"}
        )
    return {
        "case": case,
        "client": case.client,
        "partners": list(Partner),
        "sections": sections,
        "requested_language": language,
        "translation_missing": fallback,
        "today": timezone.localdate(),
    }


def consent_form_html(case: Case, *, language: str) -> str:
    with translation.override("de"), timezone.override(BERLIN):
        return render_to_string(
            "cases/exports/consent_form.html", consent_form_context(case, language=language)
        )


def consent_form_pdf(case: Case, *, language: str) -> bytes:
    """The printable consent form of ``case`` (German, plus ``language`` if translated)."""
    return html_to_pdf(consent_form_html(case, language=language))


# --- PDF ----------------------------------------------------------------------------------------


def html_to_pdf(html: str) -> bytes:
    """Render self-contained HTML (inline styles, no images) to PDF with WeasyPrint. The
    URL fetcher allows no protocol at all: a document can make no network or file request,
    whatever text a record holds."""
    # Imported here: WeasyPrint loads Pango through cffi, which pages without PDFs need not.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=(), fail_on_errors=False)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
