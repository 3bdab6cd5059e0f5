"""Template helpers of the case pages."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What the access log shows for each audited action (the raw name for anything else).
AUDIT_ACTION_LABELS = {
    "case.read": _("Fall angesehen"),
    "case.records": _("Einträge des Falls angesehen"),
    "case.list": _("Fallliste angesehen"),
    "case.open": _("Fall eröffnet"),
    "case.intake_decide": _("Entscheidung nach Klärung"),
    "case.transition": _("Phase gewechselt"),
    "case.close": _("Fall abgeschlossen"),
    "case.reopen": _("Fall wieder eröffnet"),
    "case.follow_up_set": _("Wiedervorlage gesetzt"),
    "case.share": _("Fall geteilt"),
    "case.unshare": _("Freigabe beendet"),
    "case.reassign": _("Fall übergeben"),
    "case.access_log": _("Zugriffsprotokoll angesehen"),
    "client.create": _("Klient*in angelegt"),
    "client.read": _("Klient*in angesehen"),
    "client.update": _("Klient*in geändert"),
    "consent.record": _("Einwilligung erfasst"),
    "consent.withdraw": _("Einwilligung widerrufen"),
    "consent.list": _("Einwilligungen angesehen"),
    "assessment.record": _("Assessment erfasst"),
    "assessment.list": _("Assessments angesehen"),
    "assessment.history": _("Verlauf der Assessments angesehen"),
    "goal.agree": _("Ziel vereinbart"),
    "goal.update": _("Ziel geändert"),
    "goal.list": _("Ziele angesehen"),
    "referral.create": _("Vermittlung angelegt"),
    "referral.set_status": _("Status der Vermittlung geändert"),
    "referral.list": _("Vermittlungen angesehen"),
    "contact.log": _("Kontakt erfasst"),
    "contact.list": _("Kontakte angesehen"),
    "appointment.create": _("Termin angelegt"),
    "appointment.list": _("Termine angesehen"),
    "case_phase_change.list": _("Phasenverlauf angesehen"),
    "case_share.list": _("Freigaben angesehen"),
    "case_handover.list": _("Übergaben angesehen"),
}


@register.filter
def audit_action_label(action: str) -> str:
    return AUDIT_ACTION_LABELS.get(action, action)


@register.filter
def partner_labels(values) -> str:
    """The German (translated) names of ``Partner`` values, comma-separated."""
    from cases.choices import Partner

    labels = []
    for value in values or ():
        try:
            labels.append(str(Partner(value).label))
        except ValueError:
            labels.append(value)
    return ", ".join(labels)
