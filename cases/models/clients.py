"""Clients of case management and the members of their households."""

import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import AnonymisationReason, Gender, HouseholdRelation, ResidenceStatus
from .base import ClientDataModel

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
COUNTRY_CODE = RegexValidator(
    r"^[A-Z]{2}$",
    _("Bitte den zweistelligen Ländercode nach ISO 3166 angeben (z. B. SY, UA)."),
)
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def validate_language_codes(value: list[str]) -> None:
    bad = [code for code in value or [] if not LANGUAGE_CODE.match(code)]
    if bad:
        raise ValidationError(
            _("Ungültige Sprachcodes (ISO 639, z. B. ar, uk, prs): %(codes)s"),
            code="invalid_language",
            params={"codes": ", ".join(bad)},
        )


def birth_year_group(year: int | None) -> int | None:
    """First year of the five-year group ``year`` falls in (1987 → 1985): what
    anonymised statistics keep of a birth date."""
    return None if year is None else year - year % 5


class Client(ClientDataModel):
    """A person in case management. Shown by ``case_number`` (a pseudonym) wherever the
    name is not needed. After erasure or retention (``anonymised_at``) only statistical
    fields remain."""

    # Fields cleared by anonymisation (``cases.services``); the rest is statistics.
    PERSONAL_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "birth_year",
        "languages",
        "country_of_origin",
        "nationality",
        "residence_status_detail",
        "residence_permit_valid_from",
        "residence_permit_valid_until",
        "phone",
        "email",
        "address",
    )

    case_number = models.CharField(_("Fallnummer"), max_length=20, unique=True, editable=False)
    first_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("Geburtsjahr (geschätzt)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    birth_year_group = models.PositiveSmallIntegerField(
        _("Geburtsjahrgang (5-Jahres-Gruppe)"), null=True, blank=True, editable=False
    )
    gender = models.CharField(_("Geschlecht"), max_length=16, choices=Gender, blank=True)
    languages = ArrayField(
        models.CharField(max_length=3),
        verbose_name=_("Sprachen"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("ISO-639-Codes, z. B. ar, uk, prs"),
    )
    interpreter_needed = models.BooleanField(_("Sprachmittlung nötig"), default=False)
    country_of_origin = models.CharField(
        _("Herkunftsland"), max_length=2, blank=True, validators=[COUNTRY_CODE]
    )
    nationality = models.CharField(
        _("Staatsangehörigkeit"), max_length=2, blank=True, validators=[COUNTRY_CODE]
    )
    residence_status = models.CharField(
        _("Aufenthaltsstatus"), max_length=32, choices=ResidenceStatus, blank=True
    )
    residence_status_detail = models.CharField(
        _("Rechtsgrundlage / Erläuterung"),
        max_length=200,
        blank=True,
        help_text=_("Bei Aufenthaltserlaubnis der Paragraf des AufenthG, z. B. § 25 Abs. 2"),
    )
    residence_permit_valid_from = models.DateField(
        _("Aufenthaltstitel gültig ab"), null=True, blank=True
    )
    residence_permit_valid_until = models.DateField(
        _("Aufenthaltstitel gültig bis"), null=True, blank=True
    )
    arrived_in_germany_on = models.DateField(_("Ankunft in Deutschland"), null=True, blank=True)
    arrived_in_district_on = models.DateField(_("Ankunft im Kreis"), null=True, blank=True)
    municipality = models.ForeignKey(
        "kim_portal.Municipality",
        verbose_name=_("Wohnort"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    address = models.TextField(_("Anschrift"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    anonymisation_reason = models.CharField(
        _("Grund der Anonymisierung"), max_length=16, choices=AnonymisationReason, blank=True
    )

    class Meta(ClientDataModel.Meta):
        ordering = ["case_number"]
        verbose_name = _("Klient*in")
        verbose_name_plural = _("Klient*innen")
        indexes = [
            models.Index(
                fields=["created_by"],
                name="client_active_creator_idx",
                condition=models.Q(anonymised_at=None),
            ),
            # The reminder scan: permits ending in 12, 8 and 4 weeks.
            models.Index(
                fields=["residence_permit_valid_until"],
                name="client_permit_until_idx",
                condition=models.Q(anonymised_at=None, residence_permit_valid_until__isnull=False),
            ),
        ]

    def __str__(self):
        return self.case_number

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.anonymised_at is None:
            for field in ("first_name", "last_name"):
                if not getattr(self, field).strip():
                    errors[field] = ValidationError(
                        _("Dieses Feld ist erforderlich."), code="required"
                    )
            if self.date_of_birth is None and self.birth_year is None:
                errors["date_of_birth"] = ValidationError(
                    _("Bitte Geburtsdatum oder geschätztes Geburtsjahr angeben."),
                    code="birth_required",
                )
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = ValidationError(
                _("Das Geburtsdatum darf nicht in der Zukunft liegen."), code="future_birth"
            )
        if self.birth_year and self.birth_year > today.year:
            errors["birth_year"] = ValidationError(
                _("Das Geburtsjahr darf nicht in der Zukunft liegen."), code="future_birth"
            )
        if (
            self.date_of_birth
            and self.birth_year
            and self.birth_year != self.date_of_birth.year
            and "date_of_birth" not in errors
        ):
            errors["birth_year"] = ValidationError(
                _("Geburtsjahr und Geburtsdatum widersprechen sich."), code="birth_mismatch"
            )
        if (
            self.residence_permit_valid_from
            and self.residence_permit_valid_until
            and self.residence_permit_valid_until < self.residence_permit_valid_from
        ):
            errors["residence_permit_valid_until"] = ValidationError(
                _("Das Ende der Gültigkeit darf nicht vor ihrem Beginn liegen."),
                code="permit_end_before_start",
            )
        if (
            self.anonymised_at is None
            and self.residence_status in (ResidenceStatus.RESIDENCE_PERMIT, ResidenceStatus.OTHER)
            and not self.residence_status_detail.strip()
        ):
            errors["residence_status_detail"] = ValidationError(
                _("Bitte die Rechtsgrundlage bzw. den Status angeben."), code="required"
            )
        if (
            self.arrived_in_germany_on
            and self.arrived_in_district_on
            and self.arrived_in_district_on < self.arrived_in_germany_on
        ):
            errors["arrived_in_district_on"] = ValidationError(
                _("Die Ankunft im Kreis kann nicht vor der Ankunft in Deutschland liegen."),
                code="district_before_germany",
            )
        for field in ("arrived_in_germany_on", "arrived_in_district_on"):
            value = getattr(self, field)
            if value and value > today and field not in errors:
                errors[field] = ValidationError(
                    _("Das Datum darf nicht in der Zukunft liegen."), code="future_date"
                )
        if errors:
            raise ValidationError(errors)
        if self.date_of_birth:
            self.birth_year = self.date_of_birth.year
        if self.birth_year:
            self.birth_year_group = birth_year_group(self.birth_year)


class HouseholdMember(ClientDataModel):
    """Someone living in the client's household; optionally a client in their own right."""

    client = models.ForeignKey(
        Client,
        verbose_name=_("Klient*in"),
        on_delete=models.CASCADE,
        related_name="household_members",
    )
    relation = models.CharField(_("Beziehung"), max_length=16, choices=HouseholdRelation)
    first_name = models.CharField(_("Vorname"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(
        _("Geburtsjahr"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    linked_client = models.ForeignKey(
        Client,
        verbose_name=_("selbst Klient*in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(ClientDataModel.Meta):
        ordering = ["client", "birth_year", "pk"]
        verbose_name = _("Haushaltsmitglied")
        verbose_name_plural = _("Haushaltsmitglieder")

    def __str__(self):
        return f"{self.client.case_number}: {self.get_relation_display()}"

    def clean(self):
        if self.birth_year and self.birth_year > timezone.localdate().year:
            raise ValidationError(
                {
                    "birth_year": ValidationError(
                        _("Das Geburtsjahr darf nicht in der Zukunft liegen."),
                        code="future_birth",
                    )
                }
            )
        if self.linked_client_id and self.linked_client_id == self.client_id:
            raise ValidationError(
                {
                    "linked_client": ValidationError(
                        _("Eine Person kann nicht ihr eigenes Haushaltsmitglied sein."),
                        code="self_link",
                    )
                }
            )
