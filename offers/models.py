"""The catalogue of integration offers, aligned with Open Referral HSDS 3.

HSDS names: an ``Offer`` is a *service*, ``Location`` a *location*, ``OfferLocation`` a
*service_at_location* with its ``Schedule``s, ``Contact`` a *contact*, ``Category`` and
``TargetGroup`` are *taxonomy terms*. HSDS has no translations: German text lives on the
offer (the source), other languages in ``OfferTranslation`` rows.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchConfig, SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Lower, Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kim_portal.models import Municipality, Organisation

# Languages the portal is written in, besides German (the source).
TRANSLATION_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "de"]

# Languages an offer can be held in (``Offer.languages``): ISO 639-1, ISO 639-3 where there
# is none. German names for the staff, native names beside them. Staff forms and the CSV
# import offer and accept these.
OFFER_LANGUAGES = (
    ("de", _("Deutsch"), "Deutsch"),
    ("en", _("Englisch"), "English"),
    ("ar", _("Arabisch"), "العربية"),
    ("uk", _("Ukrainisch"), "Українська"),
    ("ru", _("Russisch"), "Русский"),
    ("tr", _("Türkisch"), "Türkçe"),
    ("fa", _("Persisch (Farsi)"), "فارسی"),
    ("prs", _("Dari"), "دری"),
    ("ps", _("Paschtu"), "پښتو"),
    ("ku", _("Kurdisch"), "Kurdî"),
    ("ti", _("Tigrinya"), "ትግርኛ"),
    ("so", _("Somali"), "Soomaali"),
    ("am", _("Amharisch"), "አማርኛ"),
    ("ur", _("Urdu"), "اردو"),
    ("fr", _("Französisch"), "Français"),
    ("es", _("Spanisch"), "Español"),
    ("it", _("Italienisch"), "Italiano"),
    ("pl", _("Polnisch"), "Polski"),
    ("ro", _("Rumänisch"), "Română"),
    ("bg", _("Bulgarisch"), "Български"),
    ("el", _("Griechisch"), "Ελληνικά"),
    ("sq", _("Albanisch"), "Shqip"),
    ("sr", _("Serbisch"), "Српски"),
    ("hr", _("Kroatisch"), "Hrvatski"),
    ("bs", _("Bosnisch"), "Bosanski"),
    ("vi", _("Vietnamesisch"), "Tiếng Việt"),
    ("zh", _("Chinesisch"), "中文"),
    ("gsg", _("Deutsche Gebärdensprache"), "DGS"),
)
_OFFER_LANGUAGE_ORDER = {
    code: index for index, (code, _name, _native) in enumerate(OFFER_LANGUAGES)
}


def offer_language_label(code: str) -> str:
    """The German name with the native one, e.g. "Arabisch (العربية)"; the bare code for a
    language not in ``OFFER_LANGUAGES``."""
    for known, name, native in OFFER_LANGUAGES:
        if known == code:
            return str(name) if str(name) == native else f"{name} ({native})"
    return code


def languages_in_order(codes) -> list[str]:
    """Language codes without duplicates in the order of ``OFFER_LANGUAGES`` (others after,
    alphabetically), so equal choices compare equal."""
    return sorted(set(codes or []), key=lambda code: (_OFFER_LANGUAGE_ORDER.get(code, 999), code))


def fold_german(expression):
    """SQL: lower-case and write umlauts and ß as ae/oe/ue/ss, so "Schülerin" and
    "Schuelerin" index and match alike. Immutable, so usable in generated columns; apply
    the same folding (``fold_german_text``) to the user's query."""
    folded = Lower(expression, output_field=models.TextField())
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = Replace(folded, Value(umlaut), Value(plain), output_field=models.TextField())
    return folded


def fold_german_text(text: str) -> str:
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return text


class Term(models.Model):
    """A taxonomy term with its German name and names in the other portal languages."""

    slug = models.SlugField(_("Kürzel"), max_length=60, unique=True)
    name = models.CharField(_("Name (Deutsch)"), max_length=120)
    # {"en": "Language & integration courses", "ar": "…"}; edited by the coordinator.
    name_translations = models.JSONField(_("Übersetzungen des Namens"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    # Names appear in every service of the API: its validators include the newest change.
    modified_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        language = language or get_language() or "de"
        return self.name_translations.get(language) or self.name

    def is_fallback(self, language: str | None = None) -> bool:
        language = language or get_language() or "de"
        return language != "de" and not self.name_translations.get(language)


class Category(Term):
    class Meta(Term.Meta):
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")


class TargetGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")


class Offer(models.Model):
    """One integration offer of a provider (HSDS service)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        IN_REVIEW = "in_review", _("In Prüfung")
        PUBLISHED = "published", _("Veröffentlicht")
        ARCHIVED = "archived", _("Archiviert")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("vor Ort")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("vor Ort und online")

    # The texts that are translated; German is the source.
    TRANSLATED_FIELDS = (
        "title",
        "summary",
        "description",
        "eligibility",
        "application_process",
        "cost_text",
    )

    # Everything an editor changes, in form/CSV/revision order (places and contacts aside).
    CONTENT_FIELDS = (
        *TRANSLATED_FIELDS,
        "categories",
        "target_groups",
        "languages",
        "min_age",
        "max_age",
        "is_free",
        "registration_required",
        "childcare",
        "barrier_free",
        "mode",
        "valid_from",
        "valid_until",
    )

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Träger"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=400, blank=True)
    # Sanitised HTML (a few tags), see offers.sanitize.
    description = models.TextField(_("Beschreibung"), blank=True)
    eligibility = models.TextField(_("Voraussetzungen"), blank=True)
    application_process = models.TextField(_("Anmeldung / Zugang"), blank=True)
    cost_text = models.CharField(_("Kosten"), max_length=300, blank=True)

    categories = models.ManyToManyField(
        Category, verbose_name=_("Kategorien"), related_name="offers", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), related_name="offers", blank=True
    )
    # ISO 639-1 codes (ISO 639-3 where there is none) of the languages the offer is held in.
    languages = ArrayField(
        models.CharField(max_length=3), verbose_name=_("Angebotssprachen"), default=list
    )
    min_age = models.PositiveSmallIntegerField(_("Mindestalter"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("Höchstalter"), null=True, blank=True)
    is_free = models.BooleanField(_("kostenlos"), default=True)
    registration_required = models.BooleanField(_("Anmeldung nötig"), default=False)
    childcare = models.BooleanField(_("Kinderbetreuung"), default=False)
    barrier_free = models.BooleanField(_("barrierefrei"), default=False)
    mode = models.CharField(_("Form"), max_length=16, choices=Mode, default=Mode.IN_PERSON)

    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("zuletzt geprüft"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    # Bumped whenever a German text changes: translations made from an older revision are
    # outdated.
    source_revision = models.PositiveIntegerField(default=1, editable=False)

    created_at = models.DateTimeField(_("angelegt"), default=timezone.now, editable=False)
    modified_at = models.DateTimeField(_("geändert"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    # German full text: title (A), summary (B), the rest (C); umlauts folded.
    search_de = models.GeneratedField(
        expression=SearchVector(fold_german("title"), config="german", weight="A")
        + SearchVector(fold_german("summary"), config="german", weight="B")
        + SearchVector(fold_german("description"), config="german", weight="C")
        + SearchVector(fold_german("eligibility"), config="german", weight="D"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="offer_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="offer_validity_ordered",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_de"], name="offer_search_de_gin"),
            GinIndex(OpClass(Lower("title"), name="gin_trgm_ops"), name="offer_title_trgm_gin"),
            GinIndex(fields=["languages"], name="offer_languages_gin"),
            # The nightly jobs: published offers by end of validity and by last review.
            models.Index(
                fields=["valid_until"],
                name="offer_published_until_idx",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["last_reviewed_at"],
                name="offer_published_review_idx",
                condition=models.Q(status="published"),
            ),
            models.Index(fields=["organisation", "status"], name="offer_org_status_idx"),
            # The public list's default order: newest first.
            models.Index(
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                name="offer_published_newest_idx",
                condition=models.Q(status="published"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


# text-search configuration per portal language: stemming where PostgreSQL has it.
SEARCH_CONFIGS = {"de": "german", "en": "english", "ru": "russian", "tr": "turkish"}


def _search_config_for_language():
    # Constant regconfig values in a CASE keep the generated column immutable.
    return Case(
        *[
            When(language=code, then=SearchConfig(config))
            for code, config in SEARCH_CONFIGS.items()
            if code != "de"
        ],
        default=SearchConfig("simple"),
    )


class OfferTranslation(models.Model):
    """The offer's texts in one portal language other than German."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=400, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    eligibility = models.TextField(_("Voraussetzungen"), blank=True)
    application_process = models.TextField(_("Anmeldung / Zugang"), blank=True)
    cost_text = models.CharField(_("Kosten"), max_length=300, blank=True)
    # The offer's source_revision this translation was made from.
    source_revision = models.PositiveIntegerField(default=1)
    modified_at = models.DateTimeField(default=timezone.now)

    search = models.GeneratedField(
        expression=SearchVector("title", config=_search_config_for_language(), weight="A")
        + SearchVector("summary", config=_search_config_for_language(), weight="B")
        + SearchVector("description", config=_search_config_for_language(), weight="C"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["language"]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="offer_translation_once"),
            models.CheckConstraint(
                condition=~models.Q(language="de"), name="offer_translation_not_german"
            ),
        ]
        indexes = [
            GinIndex(fields=["search"], name="offer_translation_search_gin"),
            GinIndex(OpClass(Lower("title"), name="gin_trgm_ops"), name="offer_tr_title_trgm_gin"),
        ]

    def __str__(self):
        return f"{self.offer_id} [{self.language}]"

    class State(models.TextChoices):
        MISSING = "missing", _("fehlt")
        OUTDATED = "outdated", _("veraltet")
        CURRENT = "current", _("aktuell")

    def state(self) -> "OfferTranslation.State":
        if not self.title:
            return self.State.MISSING
        if self.source_revision < self.offer.source_revision:
            return self.State.OUTDATED
        return self.State.CURRENT


class Location(models.Model):
    """A place where offers happen (HSDS location)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Träger"), on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("PLZ"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("Kommune"), on_delete=models.PROTECT, related_name="locations"
    )
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    accessibility = models.CharField(_("Zugänglichkeit"), max_length=300, blank=True)
    # The API's validators (ETag, Last-Modified) include the newest change of any place.
    # auto_now: a save() with update_fields must name it.
    modified_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        indexes = [
            # MAX(modified_at) for the API's freshness: one index step, not a table scan.
            models.Index(fields=["modified_at"], name="location_modified_idx"),
        ]

    def __str__(self):
        return f"{self.name}, {self.municipality}"

    @property
    def coordinates(self):
        """The place's coordinates, or its town's centre when it has none."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return self.municipality.latitude, self.municipality.longitude


class OfferLocation(models.Model):
    """An offer held at a location (HSDS service_at_location), with its schedules."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="offer_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="offer_locations")

    class Meta:
        verbose_name = _("Angebotsort")
        verbose_name_plural = _("Angebotsorte")
        constraints = [
            models.UniqueConstraint(fields=["offer", "location"], name="offer_location_once")
        ]

    def __str__(self):
        return f"{self.offer} @ {self.location}"


class Schedule(models.Model):
    """Opening hours or course dates (HSDS schedule): a recurrence rule (iCal RRULE) with
    times and a validity period, or a single date."""

    offer_location = models.ForeignKey(
        OfferLocation, on_delete=models.CASCADE, related_name="schedules"
    )
    # e.g. "FREQ=WEEKLY;BYDAY=MO,WE"; empty for a single date (dtstart).
    rrule = models.CharField(_("Wiederholung (RRULE)"), max_length=300, blank=True)
    dtstart = models.DateField(_("erster Termin"), null=True, blank=True)
    opens_at = models.TimeField(pgettext_lazy("time of day", "von"), null=True, blank=True)
    closes_at = models.TimeField(pgettext_lazy("time of day", "bis"), null=True, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)
    description = models.CharField(_("Hinweis"), max_length=300, blank=True)

    class Meta:
        ordering = ["dtstart", "opens_at"]
        verbose_name = _("Zeitplan")
        verbose_name_plural = _("Zeitpläne")

    def __str__(self):
        return self.rrule or str(self.dtstart or "")

    @property
    def is_dated(self) -> bool:
        """Course dates (a start date), as opposed to plain opening hours."""
        return self.dtstart is not None


class Contact(models.Model):
    """Whom to ask about an offer (HSDS contact with phone)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("Name oder Funktion"), max_length=150)
    role = models.CharField(_("Aufgabe"), max_length=150, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")

    def __str__(self):
        return self.name


class OfferEvent(models.Model):
    """Who did what to an offer when: created, edited, submitted, published, returned,
    archived, reported as outdated. The revision history."""

    class Action(models.TextChoices):
        CREATED = "created", _("angelegt")
        EDITED = "edited", _("bearbeitet")
        SUBMITTED = "submitted", _("zur Prüfung eingereicht")
        PUBLISHED = "published", _("veröffentlicht")
        RETURNED = "returned", _("zurückgegeben")
        ARCHIVED = "archived", _("archiviert")
        REVIEWED = "reviewed", _("als aktuell bestätigt")
        REPORTED_OUTDATED = "reported_outdated", _("als veraltet gemeldet")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("Aktion"), max_length=32, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    comment = models.TextField(_("Kommentar"), blank=True)
    # Changed fields: {"title": ["old", "new"], …}
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("Angebotsereignis")
        verbose_name_plural = _("Angebotsereignisse")
        indexes = [models.Index(fields=["offer", "-occurred_at"])]

    def __str__(self):
        return f"{self.offer_id} {self.action}"


class OfferRevision(models.Model):
    """Proposed changes to an offer, kept apart so a published offer stays online unchanged
    while its next revision is drafted and reviewed. ``data`` holds the offer's editable
    fields, term slugs, translations, locations with schedules and contacts as JSON; publishing
    applies it to the offer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        IN_REVIEW = "in_review", _("In Prüfung")
        RETURNED = "returned", _("Zurückgegeben")
        PUBLISHED = "published", _("Veröffentlicht")
        DISCARDED = "discarded", _("Verworfen")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="revisions")
    data = models.JSONField(default=dict)
    status = models.CharField(_("Status"), max_length=16, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("Kommentar der Prüfung"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Überarbeitung")
        verbose_name_plural = _("Überarbeitungen")
        constraints = [
            # At most one open (draft, in review or returned) revision per offer.
            models.UniqueConstraint(
                fields=["offer"],
                condition=models.Q(status__in=["draft", "in_review", "returned"]),
                name="offer_one_open_revision",
            )
        ]
        indexes = [
            models.Index(
                fields=["submitted_at"],
                name="revision_review_queue_idx",
                condition=models.Q(status="in_review"),
            )
        ]

    def __str__(self):
        return f"{self.offer_id} rev {self.pk} ({self.status})"
