"""What happens within a case: consent, assessments, goals, referrals, contacts,
appointments."""

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..choices import (
    ConsentForm,
    ContactMode,
    GoalStatus,
    LifeDomain,
    NeedLevel,
    Partner,
    ReferralStatus,
)
from .base import ClientDataModel
from .casework import Case

NOTE_MAX_LENGTH = 20000


def _recorded_by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        related_name="+",
    )


def _case_fk(related_name: str):
    return models.ForeignKey(
        Case, verbose_name=_("Fall"), on_delete=models.CASCADE, related_name=related_name
    )


class Consent(ClientDataModel):
    """A consent given by the client: to case management itself and/or to data exchange
    with named partners. Withdrawn as a whole (``withdrawn_on``); a narrower consent is
    recorded as a new one. Check it with ``cases.selectors.consent_valid_for``."""

    case = _case_fk("consents")
    given_on = models.DateField(_("erteilt am"))
    form = models.CharField(pgettext_lazy("consent", "Form"), max_length=20, choices=ConsentForm)
    covers_case_management = models.BooleanField(_("Einwilligung in das Case Management"))
    partners = ArrayField(
        models.CharField(max_length=32, choices=Partner),
        verbose_name=_("Datenaustausch mit"),
        default=list,
        blank=True,
    )
    withdrawn_on = models.DateField(_("widerrufen am"), null=True, blank=True)
    recorded_by = _recorded_by()
    recorded_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "-given_on", "-pk"]
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")

    def __str__(self):
        return f"{self.case_id}: {self.given_on}"

    def is_valid_on(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

    def clean(self):
        errors = {}
        if not self.covers_case_management and not self.partners:
            errors["partners"] = ValidationError(
                _(
                    "Die Einwilligung muss das Case Management oder mindestens eine Stelle "
                    "umfassen."
                ),
                code="empty_scope",
            )
        if len(set(self.partners)) != len(self.partners):
            errors["partners"] = ValidationError(
                _("Jede Stelle nur einmal angeben."), code="duplicate_partner"
            )
        if self.given_on and self.given_on > timezone.localdate():
            errors["given_on"] = ValidationError(
                _("Das Datum darf nicht in der Zukunft liegen."), code="future_date"
            )
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = ValidationError(
                _("Der Widerruf kann nicht vor der Einwilligung liegen."),
                code="withdrawn_before_given",
            )
        if errors:
            raise ValidationError(errors)


class Assessment(ClientDataModel):
    """One dated assessment of a case; one entry per life domain looked at."""

    case = _case_fk("assessments")
    assessed_on = models.DateField(_("Datum"))
    recorded_by = _recorded_by()
    recorded_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "assessed_on", "pk"]
        verbose_name = _("Assessment")
        verbose_name_plural = _("Assessments")

    def __str__(self):
        return f"{self.case_id}: {self.assessed_on}"


class AssessmentEntry(ClientDataModel):
    """The situation in one life domain at one assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("Assessment"), on_delete=models.CASCADE, related_name="entries"
    )
    domain = models.CharField(_("Lebensbereich"), max_length=16, choices=LifeDomain)
    situation = models.TextField(_("Situation"), max_length=NOTE_MAX_LENGTH, blank=True)
    resources = models.TextField(_("Ressourcen"), max_length=NOTE_MAX_LENGTH, blank=True)
    need_level = models.CharField(_("Unterstützungsbedarf"), max_length=8, choices=NeedLevel)
    client_priority = models.PositiveSmallIntegerField(
        _("Priorität der Klient*in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (wichtigste) bis 5"),
    )

    class Meta(ClientDataModel.Meta):
        ordering = ["assessment", "domain"]
        verbose_name = _("Lebensbereich im Assessment")
        verbose_name_plural = _("Lebensbereiche im Assessment")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="assessment_entry_domain_once"
            ),
            models.CheckConstraint(
                condition=models.Q(client_priority__isnull=True)
                | models.Q(client_priority__gte=1, client_priority__lte=5),
                name="assessment_entry_priority_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.assessment_id}: {self.domain}"


class Goal(ClientDataModel):
    """A goal agreed with the client (Zielvereinbarung) in one life domain."""

    case = _case_fk("goals")
    domain = models.CharField(_("Lebensbereich"), max_length=16, choices=LifeDomain)
    text = models.TextField(_("Ziel"), max_length=5000)
    agreed_on = models.DateField(_("vereinbart am"))
    target_date = models.DateField(_("Zieldatum"), null=True, blank=True)
    responsible = models.CharField(_("verantwortlich"), max_length=200, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=GoalStatus, default=GoalStatus.OPEN
    )
    attainment_note = models.TextField(
        _("Zielerreichung bei der Evaluation"), max_length=5000, blank=True
    )
    recorded_by = _recorded_by()
    modified_at = models.DateTimeField(_("geändert"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "agreed_on", "pk"]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        # The reminder scan: unfinished goals past their target date.
        indexes = [
            models.Index(
                fields=["target_date"],
                name="goal_unfinished_target_idx",
                condition=models.Q(status__in=["open", "in_progress"]),
            )
        ]

    def __str__(self):
        return f"{self.case_id}: {self.domain}"

    def clean(self):
        if self.target_date and self.agreed_on and self.target_date < self.agreed_on:
            raise ValidationError(
                {
                    "target_date": ValidationError(
                        _("Das Zieldatum kann nicht vor der Vereinbarung liegen."),
                        code="target_before_agreed",
                    )
                }
            )


class Referral(ClientDataModel):
    """A referral (Linking) to an offer of the catalogue or to an external service.

    ``offer`` is PROTECT: offers are archived, never deleted once published, so a referral
    keeps pointing to the offer it was made to (also after archiving). New referrals are
    made to published offers only (``referral_create``). ``partner``, when set, is the
    body the client's data goes to: every step but dropping needs valid consent for it."""

    case = _case_fk("referrals")
    offer = models.ForeignKey(
        "offers.Offer",
        verbose_name=_("Angebot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    external_service = models.CharField(_("externe Stelle"), max_length=200, blank=True)
    partner = models.CharField(_("Datenaustausch mit"), max_length=32, choices=Partner, blank=True)
    domain = models.CharField(_("Lebensbereich"), max_length=16, choices=LifeDomain, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=ReferralStatus, default=ReferralStatus.PROPOSED
    )
    note = models.TextField(_("Notiz"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("Status geändert"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "created_at", "pk"]
        verbose_name = _("Vermittlung")
        verbose_name_plural = _("Vermittlungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer__isnull=False) | ~models.Q(external_service=""),
                name="referral_offer_or_external",
            )
        ]

    def __str__(self):
        return f"{self.case_id}: {self.status}"

    def clean(self):
        if self.offer_id is None and not self.external_service.strip():
            raise ValidationError(
                _("Bitte ein Angebot oder eine externe Stelle angeben."),
                code="target_required",
            )


class ContactLogEntry(ClientDataModel):
    """One contact with or about the client."""

    case = _case_fk("contacts")
    occurred_at = models.DateTimeField(_("Zeitpunkt"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer (Minuten)"), validators=[MaxValueValidator(24 * 60)]
    )
    mode = models.CharField(_("Art"), max_length=16, choices=ContactMode)
    interpreter_used = models.BooleanField(_("mit Sprachmittlung"), default=False)
    participants = models.CharField(_("Beteiligte"), max_length=500, blank=True)
    # max_length on a TextField only shapes forms; the validator enforces it in full_clean.
    note = models.TextField(
        _("Notiz"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "-occurred_at", "-pk"]
        verbose_name = pgettext_lazy("client contact", "Kontakt")
        verbose_name_plural = pgettext_lazy("client contact", "Kontakte")

    def __str__(self):
        return f"{self.case_id}: {self.occurred_at:%Y-%m-%d}"


class Appointment(ClientDataModel):
    """A planned appointment of the case."""

    case = _case_fk("appointments")
    at = models.DateTimeField(_("Termin"))
    title = models.CharField(_("Titel / Ort"), max_length=200)
    note = models.TextField(_("Notiz"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "at", "pk"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        indexes = [
            models.Index(fields=["case", "at"], name="appointment_case_at_idx"),
            # The reminder scan: tomorrow's appointments across all cases.
            models.Index(fields=["at"], name="appointment_at_idx"),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.at:%Y-%m-%d %H:%M}"
