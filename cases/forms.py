"""Forms of the case manager's pages. They parse and check input only; the services in
``cases.services`` validate again and write. ``form_errors_from`` puts a service's
``ValidationError`` back onto the form, so the person sees it next to the field and
nothing they typed is lost."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kim_portal.models import Municipality, Role, User
from offers.staff_forms import StaffFormMixin

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
from .models import NOTE_MAX_LENGTH

# A contact logged a little ahead of the clock (a slow phone, a rounded time) is fine.
CONTACT_FUTURE_GRACE = timedelta(minutes=15)


def _date_input():
    # type=date sends ISO dates whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _textarea(rows: int = 4, max_length: int | None = None):
    attrs = {"rows": rows}
    if max_length:
        attrs["maxlength"] = max_length
    return forms.Textarea(attrs=attrs)


PLEASE_CHOOSE = _("Bitte wählen")


def _blank(choices, label=PLEASE_CHOOSE):
    return [("", label), *choices]


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to ``form``: field errors to the fields the
    form has, everything else to the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class CaseFormMixin(StaffFormMixin):
    """KERN classes (from the offers staff forms) for every form of this app. The case page
    holds a dozen forms, several with a field of the same name (``domain``, ``note``…):
    ``id_prefix`` gives each form's fields ids of their own, so every label names its
    field."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


# --- Caseload ----------------------------------------------------------------------------


class CaseloadFilterForm(CaseFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Fallnummer oder Name"),
        required=False,
        max_length=100,
        help_text=_("Auch mit Tippfehlern, z. B. „Mohamad“ oder „2026-00012“."),
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=_blank(Phase.choices, _("alle offenen")),
    )
    town = forms.ModelChoiceField(
        label=_("Wohnort"),
        required=False,
        queryset=Municipality.objects.all(),
        empty_label=_("alle"),
    )
    overdue = forms.BooleanField(label=_("nur überfällige Wiedervorlagen"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "phase": data["phase"],
            "municipality_id": data["town"].pk if data["town"] else None,
            "overdue": data["overdue"],
        }


# --- New client and intake ---------------------------------------------------------------


class ClientFieldsForm(CaseFormMixin, forms.Form):
    """The client's personal data, shared by the intake (``ClientIntakeForm``) and the edit
    page (``ClientEditForm``). Data minimisation: only what case finding and the first
    contact need; special categories (GDPR Art. 9, ``SPECIAL_FIELDS``) go in a fieldset of
    their own. The rules across fields (a birth date in the future, a permit ending before
    it starts…) live in ``Client.clean``: the services check them and ``form_errors_from``
    puts their errors next to these fields."""

    narrow_fields = ("birth_year",)
    SPECIAL_FIELDS = ("country_of_origin", "nationality")

    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    date_of_birth = forms.DateField(label=_("Geburtsdatum"), required=False, widget=_date_input())
    birth_year = forms.IntegerField(
        label=_("Geburtsjahr (geschätzt)"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Nur wenn das Geburtsdatum nicht bekannt ist."),
    )
    gender = forms.ChoiceField(
        label=_("Geschlecht"), required=False, choices=_blank(Gender.choices)
    )
    municipality = forms.ModelChoiceField(
        label=_("Wohnort"), queryset=Municipality.objects.all(), empty_label=_("Bitte wählen")
    )
    languages = forms.CharField(
        label=_("Sprachen"),
        required=False,
        max_length=100,
        help_text=_("ISO-639-Codes, durch Komma getrennt, z. B. ar, uk, prs"),
    )
    interpreter_needed = forms.BooleanField(label=_("Sprachmittlung nötig"), required=False)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40)
    arrived_in_district_on = forms.DateField(
        label=_("Ankunft im Kreis"), required=False, widget=_date_input()
    )
    residence_status = forms.ChoiceField(
        label=_("Aufenthaltsstatus"), required=False, choices=_blank(ResidenceStatus.choices)
    )
    residence_status_detail = forms.CharField(
        label=_("Rechtsgrundlage / Status im Einzelnen"),
        required=False,
        max_length=100,
        help_text=_("Bei Aufenthaltserlaubnis der Paragraf des AufenthG, z. B. § 25 Abs. 2"),
    )
    residence_permit_valid_from = forms.DateField(
        label=_("Aufenthaltstitel gültig ab"), required=False, widget=_date_input()
    )
    residence_permit_valid_until = forms.DateField(
        label=_("Aufenthaltstitel gültig bis"), required=False, widget=_date_input()
    )
    # Special categories (GDPR Art. 9): only when needed for the case.
    country_of_origin = forms.CharField(
        label=_("Herkunftsland"),
        required=False,
        max_length=2,
        help_text=_("Zweistelliger Ländercode nach ISO 3166, z. B. SY, UA"),
    )
    nationality = forms.CharField(
        label=_("Staatsangehörigkeit"),
        required=False,
        max_length=2,
        help_text=_("Zweistelliger Ländercode nach ISO 3166, z. B. SY, UA"),
    )

    CLIENT_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "birth_year",
        "gender",
        "municipality",
        "interpreter_needed",
        "phone",
        "arrived_in_district_on",
        "residence_status",
        "residence_status_detail",
        "residence_permit_valid_from",
        "residence_permit_valid_until",
        "country_of_origin",
        "nationality",
    )

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data["languages"]
        return [code.strip().lower() for code in raw.replace(";", ",").split(",") if code.strip()]

    def clean_country_of_origin(self) -> str:
        return self.cleaned_data["country_of_origin"].upper()

    def clean_nationality(self) -> str:
        return self.cleaned_data["nationality"].upper()

    def client_data(self) -> dict:
        """The keyword arguments of ``client_create`` / ``client_update``."""
        data = {name: self.cleaned_data[name] for name in self.CLIENT_FIELDS}
        data["languages"] = self.cleaned_data["languages"]
        if data["date_of_birth"] and data["birth_year"] is None:
            # The year of a known birth date (what ``Client.clean`` stores anyway).
            data["birth_year"] = data["date_of_birth"].year
        return data


class ClientIntakeForm(ClientFieldsForm):
    """Registers a client and opens the case: the client's data and the case-finding
    criteria (Fallauswahl)."""

    in_district_up_to_3_years = forms.BooleanField(
        label=_("lebt seit höchstens 3 Jahren im Kreis"), required=False
    )
    no_other_case_management = forms.BooleanField(
        label=_("kein anderes Case Management"), required=False
    )
    complex_needs = forms.BooleanField(label=_("komplexer Unterstützungsbedarf"), required=False)

    CASE_FIELDS = ("in_district_up_to_3_years", "no_other_case_management", "complex_needs")

    def case_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CASE_FIELDS}


class ClientEditForm(ClientFieldsForm):
    """Changes the client's data on its own page, filled from ``client``: the intake's
    fields plus the arrival in Germany and the contact details beyond the phone."""

    id_prefix = "client"

    arrived_in_germany_on = forms.DateField(
        label=_("Ankunft in Deutschland"), required=False, widget=_date_input()
    )
    email = forms.EmailField(label=_("E-Mail-Adresse"), required=False, max_length=254)
    address = forms.CharField(
        label=_("Anschrift"), required=False, max_length=500, widget=_textarea(3, 500)
    )

    CLIENT_FIELDS = (*ClientFieldsForm.CLIENT_FIELDS, "arrived_in_germany_on", "email", "address")

    def __init__(self, *args, client, **kwargs):
        initial = {name: getattr(client, name) for name in self.CLIENT_FIELDS}
        initial["municipality"] = client.municipality_id
        initial["languages"] = ", ".join(client.languages)
        if client.date_of_birth:
            # The stored year is derived from the date: an empty field, so that a corrected
            # date does not contradict the year it came from.
            initial["birth_year"] = None
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)


class HouseholdMemberForm(CaseFormMixin, forms.Form):
    """Someone in the client's household: a simple entry, or a client in their own right
    (named by case number; only clients the user may see)."""

    id_prefix = "household"
    narrow_fields = ("birth_year",)

    relation = forms.ChoiceField(label=_("Beziehung"), choices=_blank(HouseholdRelation.choices))
    first_name = forms.CharField(
        label=_("Vorname"),
        required=False,
        max_length=100,
        help_text=_("Kann leer bleiben, wenn eine Fallnummer angegeben ist."),
    )
    birth_year = forms.IntegerField(
        label=_("Geburtsjahr"), required=False, min_value=1900, max_value=2100
    )
    linked_client = forms.CharField(
        label=_("Fallnummer, falls selbst Klient*in"),
        required=False,
        max_length=20,
        help_text=_("z. B. KIM-2026-00012"),
    )

    def clean_linked_client(self) -> str:
        return self.cleaned_data["linked_client"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("first_name") and not cleaned.get("linked_client"):
            self.add_error(
                "first_name",
                ValidationError(
                    _("Bitte einen Vornamen oder eine Fallnummer angeben."), code="required"
                ),
            )
        return cleaned


class IntakeDecisionForm(CaseFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung nach Klärung"),
        choices=IntakeDecision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Begründung der Entscheidung"), max_length=5000, widget=_textarea(3, 5000)
    )


class ConsentRecordForm(CaseFormMixin, forms.Form):
    id_prefix = "consent"

    given_on = forms.DateField(label=_("erteilt am"), widget=_date_input())
    form = forms.ChoiceField(label=pgettext_lazy("consent", "Form"), choices=ConsentForm.choices)
    covers_case_management = forms.BooleanField(
        label=_("Einwilligung in das Case Management"), required=False
    )
    partners = forms.MultipleChoiceField(
        label=_("Datenaustausch mit"),
        required=False,
        choices=Partner.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("given_on", timezone.localdate())
        super().__init__(*args, **kwargs)


# --- Phases --------------------------------------------------------------------------------


class TransitionForm(CaseFormMixin, forms.Form):
    id_prefix = "transition"

    to_phase = forms.ChoiceField(label=_("Neue Phase"), choices=Phase.choices)
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=5000,
        widget=_textarea(2, 5000),
        help_text=_("Nötig für einen Schritt zurück."),
    )


class CloseForm(CaseFormMixin, forms.Form):
    id_prefix = "close"

    closure_reason = forms.ChoiceField(
        label=_("Abschlussgrund"), choices=_blank(ClosureReason.choices)
    )
    evaluation_summary = forms.CharField(
        label=_("Zusammenfassung der Evaluation"),
        required=False,
        max_length=20000,
        widget=_textarea(4, 20000),
    )


class ReopenForm(CaseFormMixin, forms.Form):
    id_prefix = "reopen"

    reason = forms.CharField(
        label=_("Begründung der Wiedereröffnung"), max_length=5000, widget=_textarea(2, 5000)
    )


class FollowUpForm(CaseFormMixin, forms.Form):
    id_prefix = "follow_up"

    next_follow_up_at = forms.DateField(
        label=_("nächste Wiedervorlage"),
        required=False,
        widget=_date_input(),
        help_text=_("Leer lassen, um die Wiedervorlage zu löschen."),
    )


# --- Contacts and appointments -----------------------------------------------------------


class ContactLogForm(CaseFormMixin, forms.Form):
    narrow_fields = ("duration_minutes",)

    occurred_at = forms.DateTimeField(
        label=_("Zeitpunkt"), widget=_datetime_input(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    duration_minutes = forms.IntegerField(
        label=_("Dauer (Minuten)"), min_value=1, max_value=24 * 60, initial=30
    )
    mode = forms.ChoiceField(
        label=_("Art"), choices=ContactMode.choices, initial=ContactMode.IN_PERSON
    )
    interpreter_used = forms.BooleanField(label=_("mit Sprachmittlung"), required=False)
    participants = forms.CharField(label=_("Beteiligte"), required=False, max_length=500)
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=_textarea(6, NOTE_MAX_LENGTH),
    )
    next_follow_up_at = forms.DateField(
        label=_("nächste Wiedervorlage"),
        required=False,
        widget=_date_input(),
        help_text=_("Optional: gleich die nächste Wiedervorlage setzen."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        # The time of day in Europe/Berlin, to the minute.
        kwargs["initial"].setdefault(
            "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + CONTACT_FUTURE_GRACE:
            raise ValidationError(
                _("Der Kontakt darf nicht in der Zukunft liegen."), code="future_contact"
            )
        return value

    def clean_next_follow_up_at(self):
        value = self.cleaned_data["next_follow_up_at"]
        if value and value < timezone.localdate():
            raise ValidationError(
                _("Die Wiedervorlage darf nicht in der Vergangenheit liegen."), code="past_date"
            )
        return value


class AppointmentForm(CaseFormMixin, forms.Form):
    id_prefix = "appointment"

    at = forms.DateTimeField(
        label=_("Termin"), widget=_datetime_input(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    title = forms.CharField(label=_("Titel / Ort"), max_length=200)
    note = forms.CharField(
        label=_("Notiz"), required=False, max_length=5000, widget=_textarea(2, 5000)
    )


# --- Goals, assessment, referrals --------------------------------------------------------


class GoalAgreeForm(CaseFormMixin, forms.Form):
    id_prefix = "goal"

    domain = forms.ChoiceField(label=_("Lebensbereich"), choices=_blank(LifeDomain.choices))
    text = forms.CharField(label=_("Ziel"), max_length=5000, widget=_textarea(2, 5000))
    target_date = forms.DateField(label=_("Zieldatum"), required=False, widget=_date_input())
    responsible = forms.CharField(label=_("verantwortlich"), required=False, max_length=200)


class GoalStatusForm(CaseFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    attainment_note = forms.CharField(
        label=_("Zielerreichung"), required=False, max_length=5000, widget=_textarea(2, 5000)
    )


class AssessmentForm(CaseFormMixin, forms.Form):
    """One dated assessment: a need level (and optionally the client's priority) for each
    life domain looked at; domains left at "nicht eingeschätzt" are skipped."""

    id_prefix = "assessment"

    assessed_on = forms.DateField(label=_("Datum"), widget=_date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("assessed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        for domain in LifeDomain:
            self.fields[f"need_{domain.value}"] = forms.ChoiceField(
                label=domain.label,
                required=False,
                choices=_blank(NeedLevel.choices, _("nicht eingeschätzt")),
            )
        self._apply_kern()

    def domain_fields(self):
        return [self[f"need_{domain.value}"] for domain in LifeDomain]

    def entries(self):
        from .services import DomainAssessment

        return [
            DomainAssessment(domain=domain.value, need_level=level)
            for domain in LifeDomain
            if (level := self.cleaned_data.get(f"need_{domain.value}"))
        ]


class ReferralForm(CaseFormMixin, forms.Form):
    """A referral to a published offer (chosen from a search) or to an external service."""

    id_prefix = "referral"

    offer = forms.IntegerField(label=_("Angebot"), required=False, widget=forms.HiddenInput)
    external_service = forms.CharField(
        label=_("externe Stelle"),
        required=False,
        max_length=200,
        help_text=_("Nur wenn das Angebot nicht im Katalog steht."),
    )
    partner = forms.ChoiceField(
        label=_("Datenaustausch mit"),
        required=False,
        choices=_blank(Partner.choices, _("keine Daten an eine Stelle")),
        help_text=_("Braucht eine gültige Einwilligung für diese Stelle."),
    )
    domain = forms.ChoiceField(
        label=_("Lebensbereich"), required=False, choices=_blank(LifeDomain.choices)
    )
    note = forms.CharField(
        label=_("Notiz"), required=False, max_length=5000, widget=_textarea(2, 5000)
    )

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        if offers:
            self.fields["offer"].widget = forms.RadioSelect(
                choices=[(offer.pk, offer.title) for offer in offers]
            )
            self._apply_kern()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("offer") and not (cleaned.get("external_service") or "").strip():
            raise ValidationError(
                _("Bitte ein Angebot oder eine externe Stelle angeben."), code="target_required"
            )
        return cleaned


class ReferralStatusForm(CaseFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Neuer Status"), choices=ReferralStatus.choices)


class BarrierReportForm(CaseFormMixin, forms.Form):
    id_prefix = "barrier"

    domain = forms.ChoiceField(label=_("Lebensbereich"), choices=_blank(LifeDomain.choices))
    text = forms.CharField(
        label=_("Beschreibung der Hürde"),
        max_length=5000,
        widget=_textarea(3, 5000),
        help_text=_(
            "Anonym: keine Namen oder anderen Angaben, die auf die Person schließen lassen."
        ),
    )
    confirmed = forms.BooleanField(
        label=_("Ich habe den Text geprüft: er nennt keine Person (z. B. nur einen Ortsnamen)."),
        required=False,
    )


# --- Team lead -------------------------------------------------------------------------------


def case_staff_of(organisation_id):
    """Active case managers and team leads of one team (organisation)."""
    return User.objects.filter(
        is_active=True,
        organisation_id=organisation_id,
        groups__name__in=[Role.CASE_MANAGER, Role.CASE_TEAM_LEAD],
    ).distinct()


class ReassignForm(CaseFormMixin, forms.Form):
    id_prefix = "reassign"

    to_user = forms.ModelChoiceField(
        label=_("neue Case Managerin / neuer Case Manager"),
        queryset=User.objects.none(),
        empty_label=_("Bitte wählen"),
    )
    note = forms.CharField(
        label=_("Übergabenotiz"),
        required=False,
        max_length=20000,
        widget=_textarea(4, 20000),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = case_staff_of(case.organisation_id).exclude(
            pk=case.case_manager_id
        )


class ShareForm(CaseFormMixin, forms.Form):
    id_prefix = "share"

    with_user = forms.ModelChoiceField(
        label=_("Teilen mit"), queryset=User.objects.none(), empty_label=_("Bitte wählen")
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_user"].queryset = case_staff_of(case.organisation_id).exclude(
            pk=case.case_manager_id
        )
