"""GDPR pages of case management: the subject-access export of a client (JSON, PDF), the
printable consent form of a case, and erasure on request.

Every client and case is looked up through ``cases.selectors`` (Http404 for anything the
user may not see, so ids reveal nothing). Exports and erasure need a fresh
reauthentication (allauth's ``reauthentication_required``: password within the last
``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds; a login does not count). Downloads are never
cached."""

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kim_portal.forms import KernFormMixin

from .choices import Phase
from .exports import (
    consent_form_language,
    consent_form_pdf,
    subject_access_data,
    subject_access_json,
    subject_access_pdf,
)
from .selectors import (
    case_for_consent_form,
    cases_for_client,
    client_for_user,
    client_subject_access_records,
    user_leads_team_of,
)
from .services import client_erase


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _subject_access(request, pk: int, export_format: str) -> dict:
    client = client_for_user(user=request.user, pk=pk, request=request)
    records = client_subject_access_records(
        user=request.user, client=client, export_format=export_format, request=request
    )
    return subject_access_data(records)


@login_required
@reauthentication_required
@never_cache
@require_GET
def client_export_json(request, pk: int):
    """The subject-access export of one client as JSON (format in ``cases.exports``)."""
    data = _subject_access(request, pk, "json")
    return _download(
        subject_access_json(data),
        content_type="application/json; charset=utf-8",
        filename=f"{data['case_number']}-auskunft.json",
    )


@login_required
@reauthentication_required
@never_cache
@require_GET
def client_export_pdf(request, pk: int):
    """The subject-access export of one client as a PDF in German."""
    data = _subject_access(request, pk, "pdf")
    return _download(
        subject_access_pdf(data),
        content_type="application/pdf",
        filename=f"{data['case_number']}-auskunft.pdf",
    )


@login_required
@never_cache
@require_GET
def case_consent_form_pdf(request, pk: int):
    """The printable consent form of a case: German, and the client's language when the
    portal has it (see ``cases.exports.consent_form_language``)."""
    case = case_for_consent_form(user=request.user, pk=pk, request=request)
    language = consent_form_language(case.client.languages)
    return _download(
        consent_form_pdf(case, language=language),
        content_type="application/pdf",
        filename=f"{case.client.case_number}-einwilligung.pdf",
    )


class ErasureConfirmForm(KernFormMixin, forms.Form):
    case_number = forms.CharField(
        label=gettext_lazy("Fallnummer zur Bestätigung"),
        help_text=gettext_lazy("Geben Sie die Fallnummer genau so ein, wie sie oben steht."),
        max_length=20,
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["case_number"].widget.attrs["autocomplete"] = "off"

    def clean_case_number(self):
        value = self.cleaned_data["case_number"].strip()
        if value.upper() != self.expected.upper():
            raise ValidationError(
                _("Die Fallnummer stimmt nicht überein."), code="case_number_mismatch"
            )
        return value


@login_required
@reauthentication_required
@never_cache
@require_http_methods(["GET", "POST"])
def client_erase_view(request, pk: int):
    """Erase a client on request (GDPR Art. 17): a team lead of a team holding one of the
    client's cases (for a client without a case: whoever registered them) confirms by
    typing the case number; every case must be closed. Shows what was removed."""
    client = client_for_user(user=request.user, pk=pk, request=request)
    cases = list(cases_for_client(user=request.user, client=client, request=request))
    if cases:
        allowed = any(user_leads_team_of(user=request.user, case=case) for case in cases)
    else:
        allowed = client.created_by_id == request.user.pk
    if not allowed:
        raise PermissionDenied
    open_cases = [case for case in cases if case.phase != Phase.CLOSED]
    form = ErasureConfirmForm(
        request.POST if request.method == "POST" else None, expected=client.case_number
    )
    if request.method == "POST" and not open_cases and form.is_valid():
        try:
            report = client_erase(client=client, by=request.user, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request,
                "cases/exports/erase_done.html",
                {"case_number": client.case_number, "report": report},
            )
    return render(
        request,
        "cases/exports/erase_confirm.html",
        {"client": client, "cases": cases, "open_cases": open_cases, "form": form},
        status=400 if request.method == "POST" else 200,
    )
