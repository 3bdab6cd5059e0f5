"""Forms of the staff side: the offer editor (German texts and facts, places with their
times, contacts), translations, the coordinator's return comment, the list filter.

The editor produces *revision data* (see ``offers.staff_selectors``) and is filled from it;
it never writes anything itself. Everything works without JavaScript: each list (places,
times, contacts) shows one blank row more, and each saved row can be removed.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from dateutil.rrule import rrulestr
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from kim_portal.forms import KernFormMixin
from kim_portal.models import Municipality, Organisation

from .models import (
    OFFER_LANGUAGES,
    TRANSLATION_LANGUAGES,
    Category,
    Location,
    Offer,
    TargetGroup,
    languages_in_order,
    offer_language_label,
)
from .sanitize import sanitize_html
from .staff_selectors import CONTACT_KEYS, rrule_weekdays

WEEKDAYS = (
    ("MO", gettext_lazy("Montag")),
    ("TU", gettext_lazy("Dienstag")),
    ("WE", gettext_lazy("Mittwoch")),
    ("TH", gettext_lazy("Donnerstag")),
    ("FR", gettext_lazy("Freitag")),
    ("SA", gettext_lazy("Samstag")),
    ("SU", gettext_lazy("Sonntag")),
)

MAX_LOCATIONS = 20
MAX_SCHEDULES = 20
MAX_CONTACTS = 10


def _date_input():
    # type=date needs ISO dates whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class StaffFormMixin(KernFormMixin):
    """KERN classes for check boxes and radio buttons too (``KernFormMixin`` styles text
    inputs and selects), and narrow inputs for short values."""

    narrow_fields: tuple[str, ...] = ()

    def _apply_kern(self):
        super()._apply_kern()
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                base = "kern-form-check__checkbox"
                # Hint and error belong to the group (its fieldset), not to every box.
                widget.attrs.pop("aria-describedby", None)
            elif isinstance(widget, forms.RadioSelect):
                base = "kern-form-check__radio"
                widget.attrs.pop("aria-describedby", None)
            elif isinstance(widget, forms.CheckboxInput):
                base = "kern-form-check__checkbox"
            else:
                if name in self.narrow_fields:
                    widget.attrs["class"] += " kern-form-input__input--width-4"
                continue
            widget.attrs["class"] = f"{base} {base}--error" if name in errors else base

    def disable(self):
        for field in self.fields.values():
            field.disabled = True


# --- German texts and facts ----------------------------------------------------------------


class OfferContentForm(StaffFormMixin, forms.Form):
    narrow_fields = ("min_age", "max_age", "valid_from", "valid_until")

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Träger"),
        queryset=Organisation.objects.all(),
        empty_label=gettext_lazy("Bitte wählen"),
    )
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=200,
        help_text=gettext_lazy(
            "Kurz und verständlich, z. B. „Integrationskurs mit Kinderbetreuung“."
        ),
    )
    summary = forms.CharField(
        label=gettext_lazy("Kurzbeschreibung"),
        max_length=400,
        required=False,
        widget=_textarea(2),
        help_text=gettext_lazy("Ein oder zwei Sätze für die Trefferliste (höchstens 400 Zeichen)."),
    )
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"),
        required=False,
        widget=_textarea(8),
        help_text=gettext_lazy(
            "Erlaubt sind Absätze (<p>), Listen (<ul>, <ol>, <li>), <strong>, <em> und Links "
            "(<a href>). Alles andere wird beim Speichern entfernt."
        ),
    )
    eligibility = forms.CharField(
        label=gettext_lazy("Voraussetzungen"),
        required=False,
        widget=_textarea(3),
        help_text=gettext_lazy("Wer kann teilnehmen? Z. B. Aufenthaltsstatus, Sprachniveau."),
    )
    application_process = forms.CharField(
        label=gettext_lazy("Anmeldung / Zugang"), required=False, widget=_textarea(3)
    )
    cost_text = forms.CharField(
        label=gettext_lazy("Kosten"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Z. B. „kostenlos“ oder „2 € pro Termin, ermäßigt 1 €“."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Kategorien"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Bitte wählen Sie mindestens eine Kategorie.")},
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Zielgruppen"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Angebotssprachen"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("In welchen Sprachen findet das Angebot statt?"),
        error_messages={"required": gettext_lazy("Bitte wählen Sie mindestens eine Sprache.")},
    )
    min_age = forms.IntegerField(
        label=gettext_lazy("Mindestalter"), required=False, min_value=0, max_value=120
    )
    max_age = forms.IntegerField(
        label=gettext_lazy("Höchstalter"), required=False, min_value=0, max_value=120
    )
    is_free = forms.BooleanField(label=gettext_lazy("kostenlos"), required=False)
    registration_required = forms.BooleanField(
        label=gettext_lazy("Anmeldung nötig"), required=False
    )
    childcare = forms.BooleanField(label=gettext_lazy("Kinderbetreuung"), required=False)
    barrier_free = forms.BooleanField(label=gettext_lazy("barrierefrei"), required=False)
    mode = forms.ChoiceField(
        label=gettext_lazy("Form"), choices=Offer.Mode.choices, widget=forms.RadioSelect
    )
    valid_from = forms.DateField(
        label=gettext_lazy("gültig ab"), required=False, widget=_date_input()
    )
    valid_until = forms.DateField(
        label=gettext_lazy("gültig bis"),
        required=False,
        widget=_date_input(),
        help_text=gettext_lazy("Nach diesem Tag wird das Angebot automatisch archiviert."),
    )

    def __init__(self, *args, choose_organisation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not choose_organisation:
            del self.fields["organisation"]
        # Codes stored by an import that the list does not know stay choosable.
        known = {code for code, _name, _native in OFFER_LANGUAGES}
        extra = [code for code in self.initial.get("languages") or [] if code not in known]
        self.fields["languages"].choices = [
            (code, offer_language_label(code)) for code, _name, _native in OFFER_LANGUAGES
        ] + [(code, code) for code in extra]

    def clean_description(self):
        return sanitize_html(self.cleaned_data["description"]).strip()

    def clean(self):
        cleaned = super().clean()
        min_age, max_age = cleaned.get("min_age"), cleaned.get("max_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            self.add_error(
                "max_age", _("Das Höchstalter darf nicht unter dem Mindestalter liegen.")
            )
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_from > valid_until:
            self.add_error("valid_until", _("Das Ende darf nicht vor dem Beginn liegen."))
        return cleaned

    def content(self) -> dict:
        cleaned = self.cleaned_data
        return {
            **{field: cleaned[field] for field in Offer.TRANSLATED_FIELDS},
            "categories": sorted(term.slug for term in cleaned["categories"]),
            "target_groups": sorted(term.slug for term in cleaned["target_groups"]),
            "languages": languages_in_order(cleaned["languages"]),
            "min_age": cleaned["min_age"],
            "max_age": cleaned["max_age"],
            "is_free": cleaned["is_free"],
            "registration_required": cleaned["registration_required"],
            "childcare": cleaned["childcare"],
            "barrier_free": cleaned["barrier_free"],
            "mode": cleaned["mode"],
            "valid_from": _iso(cleaned["valid_from"]),
            "valid_until": _iso(cleaned["valid_until"]),
        }


def _iso(value):
    return value.isoformat() if value else None


def _from_iso_date(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _from_iso_time(value):
    try:
        return time.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def content_initial(data: dict) -> dict:
    initial = {field: data.get(field) or "" for field in Offer.TRANSLATED_FIELDS}
    initial |= {
        "categories": data.get("categories") or [],
        "target_groups": data.get("target_groups") or [],
        "languages": data.get("languages") or ["de"],
        "min_age": data.get("min_age"),
        "max_age": data.get("max_age"),
        "is_free": data.get("is_free", True),
        "registration_required": bool(data.get("registration_required")),
        "childcare": bool(data.get("childcare")),
        "barrier_free": bool(data.get("barrier_free")),
        "mode": data.get("mode") or Offer.Mode.IN_PERSON,
        "valid_from": _from_iso_date(data.get("valid_from")),
        "valid_until": _from_iso_date(data.get("valid_until")),
    }
    return initial


# --- Places and their times ----------------------------------------------------------------


class CoordinateField(forms.CharField):
    """A latitude or longitude typed with a comma or a point, kept to five decimals."""

    def __init__(self, *, low, high, range_message, **kwargs):
        super().__init__(max_length=20, required=False, **kwargs)
        self.low, self.high, self.range_message = Decimal(low), Decimal(high), range_message
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value).replace(",", ".").strip()
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise forms.ValidationError(
                _("Bitte eine Zahl angeben, z. B. 51,37500."), code="invalid"
            ) from None
        if not number.is_finite() or not self.low <= number <= self.high:
            raise forms.ValidationError(self.range_message, code="range")
        return str(number.quantize(Decimal("0.00001")))


class LocationForm(StaffFormMixin, forms.Form):
    narrow_fields = ("postal_code", "latitude", "longitude")

    location_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=gettext_lazy("Bezeichnung des Ortes"),
        max_length=200,
        help_text=gettext_lazy("Z. B. „VHS Iserlohn, Raum 12“ oder „Beratungsstelle Altena“."),
    )
    street = forms.CharField(
        label=gettext_lazy("Straße und Hausnummer"), max_length=200, required=False
    )
    postal_code = forms.CharField(
        label=gettext_lazy("PLZ"),
        required=False,
        max_length=5,
        validators=[
            RegexValidator(
                r"^\d{5}$", gettext_lazy("Bitte eine fünfstellige Postleitzahl angeben.")
            )
        ],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"),
        queryset=Municipality.objects.all(),
        to_field_name="ags",
        empty_label=gettext_lazy("Bitte wählen"),
        error_messages={"required": gettext_lazy("Bitte wählen Sie die Kommune.")},
    )
    latitude = CoordinateField(
        label=gettext_lazy("Breitengrad"),
        low="47",
        high="55.1",
        range_message=gettext_lazy("Der Breitengrad muss in Deutschland liegen (47 bis 55)."),
        help_text=gettext_lazy("Leer lassen: Die Karte zeigt dann die Ortsmitte."),
    )
    longitude = CoordinateField(
        label=gettext_lazy("Längengrad"),
        low="5.8",
        high="15.1",
        range_message=gettext_lazy("Der Längengrad muss in Deutschland liegen (5,8 bis 15,1)."),
    )
    accessibility = forms.CharField(
        label=gettext_lazy("Zugänglichkeit"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Z. B. „Eingang mit Rampe, Aufzug vorhanden“."),
    )

    def __init__(self, *args, allowed_location_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_location_ids = allowed_location_ids

    def clean_location_id(self):
        # Only places of the offer's own provider can be kept; any other id means a new one.
        value = self.cleaned_data.get("location_id")
        return value if value in self.allowed_location_ids else None

    def clean(self):
        cleaned = super().clean()
        one_missing = (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None)
        if one_missing and "latitude" not in self.errors and "longitude" not in self.errors:
            self.add_error(
                "longitude", _("Bitte beide Koordinaten angeben oder beide leer lassen.")
            )
        return cleaned

    def has_changed(self):
        # A blank place with times filled in is not "empty": it must be validated.
        schedules = getattr(self, "schedules", None)
        return super().has_changed() or (schedules is not None and schedules.has_changed())

    def entry(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "location_id": cleaned.get("location_id"),
            "name": cleaned["name"],
            "street": cleaned["street"],
            "postal_code": cleaned["postal_code"],
            "municipality": cleaned["municipality"].ags,
            "latitude": cleaned["latitude"],
            "longitude": cleaned["longitude"],
            "accessibility": cleaned["accessibility"],
            "schedules": [
                form.entry() for form in _filled_forms(self.schedules) if form.cleaned_data
            ],
        }


class ScheduleForm(StaffFormMixin, forms.Form):
    narrow_fields = ("opens_at", "closes_at", "dtstart", "valid_from", "valid_to")

    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Wochentage"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Für regelmäßige Zeiten, z. B. jeden Montag und Mittwoch."),
    )
    dtstart = forms.DateField(
        label=gettext_lazy("Datum"),
        required=False,
        widget=_date_input(),
        help_text=gettext_lazy(
            "Für einen einzelnen Termin – oder bei Wochentagen der erste Termin (Kursbeginn)."
        ),
    )
    opens_at = forms.TimeField(
        label=pgettext_lazy("time of day", "von"), required=False, widget=_time_input()
    )
    closes_at = forms.TimeField(
        label=pgettext_lazy("time of day", "bis"), required=False, widget=_time_input()
    )
    valid_from = forms.DateField(
        label=gettext_lazy("gilt ab"), required=False, widget=_date_input()
    )
    valid_to = forms.DateField(label=gettext_lazy("gilt bis"), required=False, widget=_date_input())
    description = forms.CharField(
        label=gettext_lazy("Hinweis"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Z. B. „nicht in den Schulferien“."),
    )
    rrule = forms.CharField(
        label=gettext_lazy("Eigene Wiederholungsregel (RRULE)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "Nur wenn Wochentage nicht passen, im iCalendar-Format, z. B. "
            "FREQ=MONTHLY;BYDAY=1TU für jeden ersten Dienstag im Monat."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_rrule(self):
        value = self.cleaned_data["rrule"].strip().upper()
        return value.removeprefix("RRULE:")

    def clean(self):
        cleaned = super().clean()
        weekdays = cleaned.get("weekdays") or []
        rule = cleaned.get("rrule") or ""
        dtstart = cleaned.get("dtstart")
        if weekdays and rule:
            self.add_error(
                "rrule",
                _("Bitte entweder Wochentage ankreuzen oder eine eigene Regel angeben."),
            )
        elif weekdays:
            rule = "FREQ=WEEKLY;BYDAY=" + ",".join(
                code for code, _label in WEEKDAYS if code in weekdays
            )
        elif rule:
            if not _rrule_is_valid(rule, dtstart):
                self.add_error(
                    "rrule",
                    _(
                        "Diese Regel ist ungültig. Beispiel: FREQ=WEEKLY;BYDAY=MO,WE "
                        "(jeden Montag und Mittwoch)."
                    ),
                )
        elif not dtstart and "dtstart" not in self.errors:
            self.add_error(
                "weekdays",
                _("Bitte Wochentage ankreuzen oder ein Datum angeben."),
            )
        cleaned["rrule_value"] = rule
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if closes_at and not opens_at and "opens_at" not in self.errors:
            self.add_error("opens_at", _("Bitte auch die Anfangszeit angeben."))
        elif opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("Die Endzeit muss nach der Anfangszeit liegen."))
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_from > valid_to:
            self.add_error("valid_to", _("Das Ende darf nicht vor dem Beginn liegen."))
        return cleaned

    def entry(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "rrule": cleaned.get("rrule_value") or "",
            "dtstart": _iso(cleaned["dtstart"]),
            "opens_at": cleaned["opens_at"].strftime("%H:%M") if cleaned["opens_at"] else None,
            "closes_at": cleaned["closes_at"].strftime("%H:%M") if cleaned["closes_at"] else None,
            "valid_from": _iso(cleaned["valid_from"]),
            "valid_to": _iso(cleaned["valid_to"]),
            "description": cleaned["description"],
        }


def _rrule_is_valid(rule: str, dtstart) -> bool:
    """A single RRULE value that dateutil can read (without DTSTART or other lines)."""
    if not rule.startswith("FREQ=") or any(c in rule for c in "\r\n:") or "DTSTART" in rule:
        return False
    start = datetime.combine(dtstart or timezone.localdate(), time())
    # A UNTIL in UTC ("…Z") needs an aware start, a floating one a naive start.
    for candidate in (start, start.replace(tzinfo=UTC)):
        try:
            rrulestr(rule, dtstart=candidate)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError):
            continue
        return True
    return False


def schedule_initial(entry: dict) -> dict:
    weekdays = rrule_weekdays(entry.get("rrule") or "")
    return {
        "weekdays": weekdays or [],
        "rrule": "" if weekdays else entry.get("rrule") or "",
        "dtstart": _from_iso_date(entry.get("dtstart")),
        "opens_at": _from_iso_time(entry.get("opens_at")),
        "closes_at": _from_iso_time(entry.get("closes_at")),
        "valid_from": _from_iso_date(entry.get("valid_from")),
        "valid_to": _from_iso_date(entry.get("valid_to")),
        "description": entry.get("description") or "",
    }


def location_initial(entry: dict) -> dict:
    return {
        "location_id": entry.get("location_id"),
        "name": entry.get("name") or "",
        "street": entry.get("street") or "",
        "postal_code": entry.get("postal_code") or "",
        "municipality": entry.get("municipality"),
        "latitude": entry.get("latitude"),
        "longitude": entry.get("longitude"),
        "accessibility": entry.get("accessibility") or "",
        "schedules": [schedule_initial(s) for s in entry.get("schedules") or []],
    }


class BaseScheduleFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Diese Zeit entfernen")


ScheduleFormSet = forms.formset_factory(
    ScheduleForm,
    formset=BaseScheduleFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_SCHEDULES,
    absolute_max=MAX_SCHEDULES,
    validate_max=True,
)


class BaseLocationFormSet(forms.BaseFormSet):
    """Places, each with its own formset of times (``form.schedules``)."""

    default_error_messages = {
        "too_few_forms": gettext_lazy("Bitte geben Sie mindestens einen Ort an."),
        "too_many_forms": gettext_lazy("Bitte geben Sie höchstens %(num)d Orte an."),
    }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_location_ids = (
            frozenset(
                Location.objects.filter(organisation=organisation).values_list("pk", flat=True)
            )
            if organisation is not None
            else frozenset()
        )
        # A new offer starts with one (required) place; saved ones get one blank place more.
        self.extra = 1 if self.initial else 0

    def get_form_kwargs(self, index):
        return {"allowed_location_ids": self.allowed_location_ids}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Diesen Ort entfernen")

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        schedules = (form.initial or {}).get("schedules") or []
        form.schedules = ScheduleFormSet(
            self.data if self.is_bound else None,
            prefix=f"{form.prefix}-schedules",
            initial=schedules,
        )
        return form

    def is_valid(self):
        valid = super().is_valid()
        for form in _filled_forms(self):
            valid = form.schedules.is_valid() and valid
        return valid

    def clean(self):
        seen = set()
        for form in _filled_forms(self):
            location_id = (form.cleaned_data or {}).get("location_id")
            if location_id and location_id in seen:
                raise forms.ValidationError(_("Derselbe Ort ist zweimal angegeben."))
            seen.add(location_id)


LocationFormSet = forms.formset_factory(
    LocationForm,
    formset=BaseLocationFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_LOCATIONS,
    absolute_max=MAX_LOCATIONS,
    validate_max=True,
)


def _filled_forms(formset):
    """The forms of ``formset`` that count: not marked for removal, not blank extras."""
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.empty_permitted and not form.has_changed():
            continue
        yield form


# --- Contacts ------------------------------------------------------------------------------


class ContactForm(StaffFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name oder Funktion"),
        max_length=150,
        help_text=gettext_lazy("Z. B. „Beratungsteam“ oder „Frau Yilmaz“."),
    )
    role = forms.CharField(label=gettext_lazy("Aufgabe"), max_length=150, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Telefon"),
        max_length=40,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()/.\-]{2,38}$",
                gettext_lazy("Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden."),
            )
        ],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=gettext_lazy("E-Mail"), required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(key) for key in ("phone", "email", "website")):
            self.add_error(None, _("Bitte geben Sie Telefon, E-Mail oder Website an."))
        return cleaned

    def entry(self) -> dict:
        return {key: self.cleaned_data[key] for key in CONTACT_KEYS}


class BaseContactFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Diesen Kontakt entfernen")


ContactFormSet = forms.formset_factory(
    ContactForm,
    formset=BaseContactFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_CONTACTS,
    absolute_max=MAX_CONTACTS,
    validate_max=True,
)


# --- The editor as a whole -----------------------------------------------------------------


@dataclass(frozen=True)
class FormError:
    """One line of the error summary, linking to the field (or group) concerned."""

    label: str
    message: str
    anchor: str


def _form_errors(form, prefix_label: str, anchor_fallback: str) -> list[FormError]:
    items = []
    for name, messages in form.errors.items():
        if name == "__all__":
            label, anchor = prefix_label, anchor_fallback
        else:
            bound = form[name]
            label = f"{prefix_label} – {bound.label}" if prefix_label else str(bound.label)
            anchor = bound.auto_id
            if bound.widget_type in ("checkboxselectmultiple", "radioselect"):
                anchor = f"{bound.auto_id}_group"
        items += [FormError(label, message, anchor) for message in messages]
    return items


class OfferEditor:
    """The German texts and facts, places with times, and contacts of one offer."""

    def __init__(
        self,
        data=None,
        *,
        initial: dict | None = None,
        organisation=None,
        choose_organisation=False,
    ):
        initial = initial or {}
        self.form = OfferContentForm(
            data, initial=content_initial(initial), choose_organisation=choose_organisation
        )
        self.locations = LocationFormSet(
            data,
            prefix="locations",
            initial=[location_initial(entry) for entry in initial.get("locations") or []],
            organisation=organisation,
        )
        self.contacts = ContactFormSet(
            data,
            prefix="contacts",
            initial=[
                {key: entry.get(key) or "" for key in CONTACT_KEYS}
                for entry in initial.get("contacts") or []
            ],
        )

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.locations.is_valid(), self.contacts.is_valid()]
        return all(results)

    def content(self) -> dict:
        """Revision data without translations (after ``is_valid``)."""
        return {
            **self.form.content(),
            "locations": [form.entry() for form in _filled_forms(self.locations)],
            "contacts": [form.entry() for form in _filled_forms(self.contacts)],
        }

    @property
    def organisation(self):
        return self.form.cleaned_data.get("organisation")

    def errors(self) -> list[FormError]:
        items = _form_errors(self.form, "", "offer-texts")
        for message in self.locations.non_form_errors():
            items.append(FormError(_("Orte"), message, "offer-locations"))
        for number, form in enumerate(self.locations.forms, start=1):
            if self.locations.can_delete and self.locations._should_delete_form(form):
                continue
            label = _("Ort %(number)s") % {"number": number}
            items += _form_errors(form, label, f"{form.prefix}-fieldset")
            if form.empty_permitted and not form.has_changed():
                continue
            for message in form.schedules.non_form_errors():
                items.append(FormError(label, message, f"{form.prefix}-fieldset"))
            for index, schedule in enumerate(form.schedules.forms, start=1):
                if form.schedules._should_delete_form(schedule):
                    continue
                schedule_label = _("Ort %(number)s, Zeit %(index)s") % {
                    "number": number,
                    "index": index,
                }
                items += _form_errors(schedule, schedule_label, f"{schedule.prefix}-fieldset")
        for message in self.contacts.non_form_errors():
            items.append(FormError(_("Kontakte"), message, "offer-contacts"))
        for number, form in enumerate(self.contacts.forms, start=1):
            if self.contacts._should_delete_form(form):
                continue
            label = _("Kontakt %(number)s") % {"number": number}
            items += _form_errors(form, label, f"{form.prefix}-fieldset")
        return items

    def disable(self):
        self.form.disable()
        for form in self.locations.forms:
            form.disable()
            for schedule in form.schedules.forms:
                schedule.disable()
        for form in self.contacts.forms:
            form.disable()


# --- Translations --------------------------------------------------------------------------


class TranslationForm(StaffFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200, required=False)
    summary = forms.CharField(
        label=gettext_lazy("Kurzbeschreibung"), max_length=400, required=False, widget=_textarea(2)
    )
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"), required=False, widget=_textarea(6)
    )
    eligibility = forms.CharField(
        label=gettext_lazy("Voraussetzungen"), required=False, widget=_textarea(3)
    )
    application_process = forms.CharField(
        label=gettext_lazy("Anmeldung / Zugang"), required=False, widget=_textarea(3)
    )
    cost_text = forms.CharField(label=gettext_lazy("Kosten"), max_length=300, required=False)
    confirm_current = forms.BooleanField(
        label=pgettext_lazy("translation", "Übersetzung passt weiterhin zum deutschen Text"),
        required=False,
        help_text=gettext_lazy(
            "Ankreuzen, wenn die deutsche Änderung diese Übersetzung nicht berührt."
        ),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        info = get_language_info(language)
        self.language_name = info["name_translated"]
        self.native_name = info["name_local"]
        for name in Offer.TRANSLATED_FIELDS:
            self.fields[name].widget.attrs.update(
                {"lang": language, "dir": "rtl" if info["bidi"] else "ltr"}
            )

    def clean_description(self):
        return sanitize_html(self.cleaned_data["description"]).strip()

    def clean(self):
        cleaned = super().clean()
        texts = [cleaned.get(name) for name in Offer.TRANSLATED_FIELDS if name != "title"]
        if any(texts) and not cleaned.get("title") and "title" not in self.errors:
            self.add_error("title", _("Bitte übersetzen Sie auch den Titel."))
        return cleaned

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in Offer.TRANSLATED_FIELDS}


class TranslationsEditor:
    """One form per portal language other than German."""

    def __init__(self, data=None, *, initial: dict | None = None):
        translations = (initial or {}).get("translations") or {}
        self.forms = [
            TranslationForm(
                data,
                prefix=f"tr-{language}",
                language=language,
                initial={
                    name: (translations.get(language) or {}).get(name) or ""
                    for name in Offer.TRANSLATED_FIELDS
                },
            )
            for language in TRANSLATION_LANGUAGES
        ]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]  # every form, for its errors
        return all(results)

    def translations(self) -> dict[str, dict]:
        return {form.language: form.texts() for form in self.forms}

    def confirmed(self) -> set[str]:
        return {form.language for form in self.forms if form.cleaned_data.get("confirm_current")}

    def errors(self) -> list[FormError]:
        items = []
        for form in self.forms:
            items += _form_errors(form, form.language_name, f"{form.prefix}-fieldset")
        return items

    def disable(self):
        for form in self.forms:
            form.disable()


# --- Review and list -----------------------------------------------------------------------


class ReturnForm(StaffFormMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Was soll der Träger ändern?"),
        max_length=2000,
        widget=_textarea(4),
        help_text=gettext_lazy("Der Träger erhält diesen Hinweis als Benachrichtigung."),
        error_messages={"required": gettext_lazy("Bitte schreiben Sie, was geändert werden soll.")},
    )


class StaffOfferFilterForm(StaffFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Träger"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("alle Träger"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("alle")), *Offer.Status.choices],
        required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        organisation = self.cleaned_data.get("organisation")
        return {
            "organisation_id": organisation.pk if organisation else None,
            "status": self.cleaned_data.get("status") or None,
        }
