"""The vocabulary of case management (German labels are the source; see DOMAIN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The phases of the DGCC case-management cycle, in order."""

    INTAKE = "intake", _("Klärung / Intake")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Hilfeplanung")
    LINKING = "linking", _("Durchführung / Linking")
    MONITORING = "monitoring", _("Monitoring")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Abschluss")


class LifeDomain(models.TextChoices):
    """The twelve life domains (Lebensbereiche) of assessments, goals and barrier reports."""

    RESIDENCE = "residence", _("Aufenthalt / Rechtsstatus / Einbürgerung")
    LANGUAGE = "language", _("Sprache")
    EDUCATION = "education", _("Bildung (Kita, Schule)")
    TRAINING = "training", _("Ausbildung / Anerkennung von Abschlüssen")
    WORK = "work", _("Arbeit / Beschäftigung")
    LIVELIHOOD = "livelihood", _("Existenzsicherung / Leistungen (SGB II/XII, AsylbLG)")
    HOUSING = "housing", _("Wohnen")
    HEALTH = "health", _("Gesundheit")
    FAMILY = "family", _("Familie / Kinder / soziales Netz")
    MOBILITY = "mobility", _("Mobilität (Führerschein)")
    PARTICIPATION = "participation", _("Gesellschaftliche Teilhabe / Erstorientierung")
    FINANCES = "finances", _("Finanzen / Schulden")


class Gender(models.TextChoices):
    FEMALE = "female", _("weiblich")
    MALE = "male", _("männlich")
    DIVERSE = "diverse", _("divers")
    NOT_STATED = "not_stated", _("keine Angabe")


class ResidenceStatus(models.TextChoices):
    ASYLUM_PROCEDURE = "asylum_procedure", _("Aufenthaltsgestattung")
    TOLERATION = "toleration", _("Duldung")
    RESIDENCE_PERMIT = "residence_permit", _("Aufenthaltserlaubnis")
    TEMPORARY_PROTECTION = "temporary_protection", _("Vorübergehender Schutz (§ 24 AufenthG)")
    SETTLEMENT_PERMIT = "settlement_permit", _("Niederlassungserlaubnis")
    EU_FREE_MOVEMENT = "eu_free_movement", _("EU-Freizügigkeit")
    NATURALISED = "naturalised", _("Eingebürgert")
    OTHER = "other", _("Sonstiger Status")


class HouseholdRelation(models.TextChoices):
    PARTNER = "partner", _("Partner*in")
    CHILD = "child", _("Kind")
    PARENT = "parent", _("Elternteil")
    SIBLING = "sibling", _("Geschwister")
    OTHER = "other", _("Sonstige Person")


class Partner(models.TextChoices):
    """Bodies the client's data may be shared with, each only with consent for it."""

    FOREIGNERS_AUTHORITY = "foreigners_authority", _("Ausländerbehörde")
    JOBCENTER = "jobcenter", _("Jobcenter")
    EMPLOYMENT_AGENCY = "employment_agency", _("Agentur für Arbeit")
    YOUTH_WELFARE_OFFICE = "youth_welfare_office", _("Jugendamt")
    SOCIAL_WELFARE_OFFICE = "social_welfare_office", _("Sozialamt")
    SCHOOL_AUTHORITY = "school_authority", _("Schulamt")
    WELFARE_ORGANISATION = "welfare_organisation", _("Wohlfahrtsverband")
    MBE = "mbe", _("Migrationsberatung für Erwachsene (MBE)")
    JMD = "jmd", _("Jugendmigrationsdienst (JMD)")
    COURSE_PROVIDER = "course_provider", _("Kurs- und Bildungsträger")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("schriftlich")
    ORAL = "oral", _("mündlich")
    ORAL_WITH_INTERPRETER = "oral_interpreter", _("mündlich mit Sprachmittlung")


class IntakeDecision(models.TextChoices):
    TAKEN_ON = "taken_on", _("aufgenommen")
    NOT_TAKEN_ON = "not_taken_on", _("nicht aufgenommen")


class ClosureReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Ziele erreicht")
    MOVED_AWAY = "moved_away", _("Weggezogen")
    NO_CONTACT = "no_contact", _("Kein Kontakt mehr")
    HANDED_OVER = "handed_over", _("An andere Stelle übergeben")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Einwilligung widerrufen")
    NOT_TAKEN_ON = "not_taken_on", _("Nach Klärung nicht aufgenommen")
    OTHER = "other", _("Sonstiger Grund")


class NeedLevel(models.TextChoices):
    NONE = "none", _("kein Bedarf")
    LOW = "low", _("geringer Bedarf")
    MEDIUM = "medium", _("mittlerer Bedarf")
    HIGH = "high", _("hoher Bedarf")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("offen")
    IN_PROGRESS = "in_progress", _("in Arbeit")
    ACHIEVED = "achieved", _("erreicht")
    PARTLY_ACHIEVED = "partly_achieved", _("teilweise erreicht")
    NOT_ACHIEVED = "not_achieved", _("nicht erreicht")
    DROPPED = "dropped", _("verworfen")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("vorgeschlagen")
    CONTACTED = "contacted", _("Kontakt aufgenommen")
    ACCEPTED = "accepted", _("zugesagt")
    WAITING = "waiting", _("auf der Warteliste")
    STARTED = "started", _("begonnen")
    COMPLETED = "completed", _("abgeschlossen")
    DROPPED = "dropped", _("abgebrochen")


class ContactMode(models.TextChoices):
    IN_PERSON = "in_person", _("persönlich")
    PHONE = "phone", _("telefonisch")
    VIDEO = "video", _("Video")
    HOME_VISIT = "home_visit", _("Hausbesuch")
    ACCOMPANIED = "accompanied", _("Begleitung zu einer Behörde")


class AnonymisationReason(models.TextChoices):
    ERASURE = "erasure", _("Löschung auf Antrag")
    RETENTION = "retention", _("Aufbewahrungsfrist abgelaufen")
