"""The vocabulary of the steering group (German labels are the source; see DOMAIN.md).

Life domains of integration hurdles are those of case management
(``cases.choices.LifeDomain``), re-exported here so the two never drift apart."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.choices import LifeDomain

__all__ = [
    "ActionItemStatus",
    "AttendanceStatus",
    "BodyKind",
    "DecisionOutcome",
    "HurdleEventKind",
    "HurdleStatus",
    "LifeDomain",
    "MajorityRule",
    "MeetingState",
    "MembershipRole",
    "MinutesVersionState",
    "QuorumRule",
]


class BodyKind(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Lenkungsgruppe")
    WORKING_GROUP = "working_group", _("Arbeitsgruppe")


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY = "deputy", _("Stellvertretender Vorsitz")
    MEMBER = "member", _("Mitglied")
    GUEST = "guest", _("Gast")
    SECRETARIAT = "secretariat", _("Geschäftsführung")


class QuorumRule(models.TextChoices):
    """When a meeting may decide (Beschlussfähigkeit)."""

    MORE_THAN_HALF = (
        "more_than_half",
        _("Mehr als die Hälfte der stimmberechtigten Mitglieder anwesend"),
    )
    FIXED_NUMBER = "fixed_number", _("Feste Mindestzahl anwesender stimmberechtigter Mitglieder")


class MajorityRule(models.TextChoices):
    """When a motion is adopted. Abstentions are not votes cast."""

    SIMPLE_OF_VOTES_CAST = "simple_of_votes_cast", _("Einfache Mehrheit der abgegebenen Stimmen")
    MAJORITY_OF_PRESENT = (
        "majority_of_present",
        _("Mehrheit der anwesenden stimmberechtigten Mitglieder"),
    )
    TWO_THIRDS_OF_VOTES_CAST = (
        "two_thirds_of_votes_cast",
        _("Zwei-Drittel-Mehrheit der abgegebenen Stimmen"),
    )


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("geplant")
    INVITED = "invited", _("eingeladen")
    HELD = "held", _("durchgeführt")
    MINUTES_DRAFT = "minutes_draft", _("Protokollentwurf")
    MINUTES_CIRCULATED = "minutes_circulated", _("Protokoll versandt")
    MINUTES_APPROVED = "minutes_approved", _("Protokoll genehmigt")
    PUBLISHED = "published", _("veröffentlicht")
    CANCELLED = "cancelled", _("abgesagt")


class MinutesVersionState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    CIRCULATED = "circulated", _("versandt")
    APPROVED = "approved", _("genehmigt")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("anwesend")
    EXCUSED = "excused", _("entschuldigt")
    ABSENT = "absent", _("abwesend")


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")
    DEFERRED = "deferred", _("vertagt")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("offen")
    IN_PROGRESS = "in_progress", _("in Arbeit")
    DONE = "done", _("erledigt")
    DROPPED = "dropped", _("verworfen")


# Statuses in which an action item still needs doing (reminders, "overdue").
ACTION_ITEM_OPEN_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)


class HurdleStatus(models.TextChoices):
    IDENTIFIED = "identified", _("erkannt")
    IN_WORKING_GROUP = "in_working_group", _("in Bearbeitung in einer Arbeitsgruppe")
    MEASURE_DECIDED = "measure_decided", _("Maßnahme beschlossen")
    RESOLVED = "resolved", _("behoben")
    NOT_RESOLVABLE = "not_resolvable", _("nicht lösbar")


class HurdleEventKind(models.TextChoices):
    CREATED = "created", _("erfasst")
    UPDATED = "updated", _("Angaben geändert")
    STATUS_CHANGED = "status_changed", pgettext_lazy("hurdle event", "Status geändert")
    DECISION_LINKED = "decision_linked", _("Beschluss verknüpft")
    ACTION_ITEM_LINKED = "action_item_linked", _("Aufgabe verknüpft")
    REPORTS_LINKED = "reports_linked", _("Hürdenmeldungen verknüpft")
    NOTE = "note", _("Vermerk")
