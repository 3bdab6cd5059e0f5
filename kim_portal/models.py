"""The shared core: people, organisations, towns, the audit trail and reminders."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """One of the district's towns, keyed by its official municipality key (AGS)."""

    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, unique=True)
    name = models.CharField(_("Name"), max_length=100, unique=True)
    latitude = models.DecimalField(_("Breitengrad"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("Längengrad"), max_digits=8, decimal_places=5)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A body taking part in KIM: district departments, towns, providers, authorities."""

    class Kind(models.TextChoices):
        DISTRICT_DEPARTMENT = "district_department", _("Fachbereich des Kreises")
        TOWN = "town", _("Stadt / Gemeinde")
        WELFARE_ORGANISATION = "welfare_organisation", _("Wohlfahrtsverband")
        EMPLOYMENT_AGENCY = "employment_agency", _("Agentur für Arbeit")
        JOBCENTER = "jobcenter", _("Jobcenter")
        FEDERAL_OFFICE = "federal_office", _("Bundesbehörde")
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrantenselbstorganisation")
        COURSE_PROVIDER = "course_provider", _("Kurs- und Bildungsträger")
        OTHER = "other", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    kind = models.CharField(_("Art"), max_length=32, choices=Kind)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Sitz"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("Website"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A staff member. Logs in with the email address; newcomers and clients have no account."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    display_name = models.CharField(_("Anzeigename"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    preferred_language = models.CharField(
        _("bevorzugte Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        ordering = ["display_name", "email"]
        verbose_name = _("Benutzer*in")
        verbose_name_plural = _("Benutzer*innen")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    def has_role(self, *roles):
        """True if the user belongs to any of the named role groups."""
        return any(name in self.role_names for name in roles)

    @property
    def role_names(self):
        # Cached per instance: the staff header and the MFA gate ask on every request.
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return self._role_names


class Role(models.TextChoices):
    """The portal's roles; each is a Django group created by a data migration."""

    CASE_MANAGER = "case_manager", _("Case Management")
    CASE_TEAM_LEAD = "case_team_lead", _("Teamleitung Case Management")
    COORDINATOR = "coordinator", _("KIM-Koordination")
    STEERING_MEMBER = "steering_member", _("Mitglied der Lenkungsgruppe")
    STEERING_CHAIR = "steering_chair", _("Vorsitz der Lenkungsgruppe")
    PROVIDER_EDITOR = "provider_editor", _("Angebotsredaktion (Träger)")


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A staff member invited by an admin; the link in the email sets the first password."""

    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=32, choices=Role)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Organisation"), on_delete=models.PROTECT
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    # Only a digest of the token is stored: a database leak yields no usable links.
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="invitation_open_idx",
                condition=models.Q(accepted_at=None, revoked_at=None),
            )
        ]

    def __str__(self):
        return self.email

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _token_digest(token)

    @staticmethod
    def digest(token: str) -> str:
        return _token_digest(token)

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class AuditEvent(models.Model):
    """Append-only record of who did what to which object. PostgreSQL refuses UPDATE and
    DELETE on this table (trigger in migration 0002); write it through ``audit_record``."""

    occurred_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handelnde Person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("Aktion"), max_length=64)
    object_type = models.CharField(_("Objekttyp"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    request_id = models.CharField(_("Request-ID"), max_length=64, blank=True)
    # Never personal data of clients here: ids and field names only.
    details = models.JSONField(_("Details"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        indexes = [models.Index(fields=["object_type", "object_id", "-occurred_at"])]

    def __str__(self):
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
        )


class Reminder(models.Model):
    """A message due to one person at one time about one object, sent by email and shown
    in the portal. Unique per (kind, target, due time, recipient): it can be created and
    sent only once. See ``kim_portal.reminder_engine``."""

    kind = models.CharField(_("Art"), max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    due_at = models.DateTimeField(_("fällig am"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger*in"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Rendered once, in the recipient's language, when first delivered.
    subject = models.CharField(_("Betreff"), max_length=200, blank=True)
    body = models.TextField(_("Text"), blank=True)
    link = models.CharField(_("Link"), max_length=500, blank=True)
    # Delivery bookkeeping: claimed by one dispatcher at a time, retried with backoff.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    notified_at = models.DateTimeField(_("im Portal angezeigt ab"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("per E-Mail gesendet"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "due_at", "recipient"],
                name="reminder_once_per_kind_target_due_recipient",
            )
        ]
        indexes = [
            # The dispatcher's scan: unsent reminders by due time.
            models.Index(
                fields=["due_at"],
                name="reminder_unsent_due_idx",
                condition=models.Q(emailed_at=None),
            ),
            # The bell: a person's unread notifications.
            models.Index(
                fields=["recipient", "-notified_at"],
                name="reminder_unread_idx",
                condition=models.Q(read_at=None, notified_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.subject or f"{self.kind} #{self.pk}"

    def get_absolute_url(self):
        return reverse("notification_open", args=[self.pk])
