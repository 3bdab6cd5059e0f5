"""Models of the cases app that hold no client data: barrier reports and the case-number
counter."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import LifeDomain


class BarrierReport(models.Model):
    """An integration hurdle (Hürdenmeldung) seen in case work, fed anonymously into case
    conferences, working groups and the steering group.

    Deliberately **without** any link to a case, client or person: only life domain, town,
    month and a text without personal data (``barrier_report_create`` warns when the text
    names the client), plus the reporting organisation. Not client data, so the ordinary
    ``objects`` manager applies."""

    domain = models.CharField(_("Lebensbereich"), max_length=16, choices=LifeDomain)
    municipality = models.ForeignKey(
        "kim_portal.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("Monat"), help_text=_("Erster Tag des Monats"))
    text = models.TextField(_("Beschreibung der Hürde"), max_length=5000)
    organisation = models.ForeignKey(
        "kim_portal.Organisation",
        verbose_name=_("meldende Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-month", "domain", "pk"]
        verbose_name = _("Hürdenmeldung")
        verbose_name_plural = _("Hürdenmeldungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="barrier_report_month_first_day"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.domain}"

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError(
                {"month": ValidationError(_("Bitte den Monatsersten angeben."), code="not_month")}
            )


class CaseNumberCounter(models.Model):
    """The last case number handed out per year (``KIM-<year>-<number>``)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Fallnummernzähler")
        verbose_name_plural = _("Fallnummernzähler")

    def __str__(self):
        return f"{self.year}: {self.last_number}"
