"""A case along the DGCC cycle, its phase history, sharing and handovers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..choices import ClosureReason, IntakeDecision, Phase
from .base import ClientDataModel
from .clients import Client


class Case(ClientDataModel):
    """One period of case management for one client; at most one open case per client.

    **Team**: a case's team is its ``organisation`` — the organisation of its case manager,
    set on opening and on reassignment. Team leads (role ``case_team_lead``) see the cases
    of their own organisation. In the district each employing body (district, town,
    welfare organisation) runs one case-management team, so a separate team model would
    only duplicate the organisation; add one when an organisation has several teams."""

    client = models.ForeignKey(
        Client, verbose_name=_("Klient*in"), on_delete=models.PROTECT, related_name="cases"
    )
    phase = models.CharField(
        _("Phase"), max_length=16, choices=Phase, default=Phase.INTAKE, db_index=True
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Case Manager*in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "kim_portal.Organisation",
        verbose_name=_("Team (Organisation)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("eröffnet am"), default=timezone.localdate)
    closed_on = models.DateField(_("abgeschlossen am"), null=True, blank=True)
    next_follow_up_at = models.DateField(_("nächste Wiedervorlage"), null=True, blank=True)
    # Intake (Klärung): the case-finding criteria and the decision.
    in_district_up_to_3_years = models.BooleanField(
        _("lebt seit höchstens 3 Jahren im Kreis"), default=False
    )
    no_other_case_management = models.BooleanField(_("kein anderes Case Management"), default=False)
    complex_needs = models.BooleanField(_("komplexer Unterstützungsbedarf"), default=False)
    intake_decision = models.CharField(
        _("Entscheidung nach Klärung"), max_length=16, choices=IntakeDecision, blank=True
    )
    intake_decision_reason = models.TextField(
        _("Begründung der Entscheidung"), max_length=5000, blank=True
    )
    intake_decided_on = models.DateField(_("entschieden am"), null=True, blank=True)
    # Closure (Abschluss).
    closure_reason = models.CharField(
        _("Abschlussgrund"), max_length=32, choices=ClosureReason, blank=True
    )
    evaluation_summary = models.TextField(
        _("Zusammenfassung der Evaluation"), max_length=20000, blank=True
    )
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("Fall")
        verbose_name_plural = _("Fälle")
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=~models.Q(phase=Phase.CLOSED),
                name="case_one_open_case_per_client",
                violation_error_message=_("Für diese Person ist bereits ein Fall offen."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(phase=Phase.CLOSED, closed_on__isnull=False)
                    | (~models.Q(phase=Phase.CLOSED) & models.Q(closed_on__isnull=True))
                ),
                name="case_closed_on_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["case_manager", "phase"], name="case_manager_phase_idx"),
            models.Index(fields=["organisation", "phase"], name="case_team_phase_idx"),
            # The follow-up reminders scan open cases by date.
            models.Index(
                fields=["next_follow_up_at"],
                name="case_follow_up_open_idx",
                condition=~models.Q(phase=Phase.CLOSED),
            ),
        ]

    def __str__(self):
        return self.client.case_number

    @property
    def team(self):
        """The case's team: its organisation (see the class docstring)."""
        return self.organisation

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    def clean(self):
        errors = {}
        if self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = ValidationError(
                _("Der Abschluss kann nicht vor der Eröffnung liegen."), code="closed_before_open"
            )
        if self.phase == Phase.CLOSED and not self.closure_reason:
            errors["closure_reason"] = ValidationError(
                _("Bitte einen Abschlussgrund angeben."), code="required"
            )
        if self.intake_decision and not self.intake_decision_reason.strip():
            errors["intake_decision_reason"] = ValidationError(
                _("Bitte die Entscheidung begründen."), code="required"
            )
        if errors:
            raise ValidationError(errors)


class CasePhaseChange(ClientDataModel):
    """One step of a case through the phases (opening included: ``from_phase`` empty)."""

    case = models.ForeignKey(
        Case, verbose_name=_("Fall"), on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField(
        pgettext_lazy("phase change", "von"), max_length=16, choices=Phase, blank=True
    )
    to_phase = models.CharField(pgettext_lazy("phase change", "nach"), max_length=16, choices=Phase)
    reason = models.TextField(_("Begründung"), max_length=5000, blank=True)
    closure_reason = models.CharField(
        _("Abschlussgrund"), max_length=32, choices=ClosureReason, blank=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("phase change", "durch"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(pgettext_lazy("phase change", "am"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "changed_at", "pk"]
        verbose_name = _("Phasenwechsel")
        verbose_name_plural = _("Phasenwechsel")

    def __str__(self):
        return f"{self.from_phase or '–'} → {self.to_phase}"


class CaseShare(ClientDataModel):
    """A case shared explicitly with another case manager (read and write access)."""

    case = models.ForeignKey(
        Case, verbose_name=_("Fall"), on_delete=models.CASCADE, related_name="shares"
    )
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geteilt mit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geteilt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geteilt am"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        verbose_name = _("Freigabe")
        verbose_name_plural = _("Freigaben")
        constraints = [
            models.UniqueConstraint(fields=["case", "shared_with"], name="case_share_once"),
        ]
        indexes = [models.Index(fields=["shared_with", "case"], name="case_share_user_idx")]

    def __str__(self):
        return f"{self.case_id} → {self.shared_with_id}"


class CaseHandover(ClientDataModel):
    """A reassignment of a case to another case manager, with the handover note."""

    case = models.ForeignKey(
        Case, verbose_name=_("Fall"), on_delete=models.CASCADE, related_name="handovers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("handover", "bisher"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("handover", "neu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("Übergabenotiz"), max_length=20000, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("übergeben durch"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_over_at = models.DateTimeField(_("übergeben am"), default=timezone.now)

    class Meta(ClientDataModel.Meta):
        ordering = ["case", "handed_over_at", "pk"]
        verbose_name = _("Übergabe")
        verbose_name_plural = _("Übergaben")

    def __str__(self):
        return f"{self.case_id}: {self.from_user_id} → {self.to_user_id}"
