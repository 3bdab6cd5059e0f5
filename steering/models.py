"""The steering group (Lenkungsgruppe KIM), its working groups, meetings, minutes, decisions,
action items and the register of integration hurdles.

Names follow OParl 1.1 where the concepts overlap: ``Body`` (a committee: the steering group
or one of its working groups), ``Membership``, ``Meeting``, ``AgendaItem``, ``File``.
OParl's ``Organization`` is ``kim_portal.Organisation`` and its ``Person`` is the portal
``User``: every member logs in (papers, approvals, action items, reminders), so there is no
second person record to keep in step. OParl has no rules of procedure, votes, action items
or hurdles: those are ours. Every object carries ``created`` and ``modified``.

Write through ``steering.services``, read through ``steering.selectors``.
"""

import hashlib
import secrets
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kim_portal.reminder_engine import BERLIN, berlin_due_at

from .choices import (
    ACTION_ITEM_OPEN_STATUSES,
    ActionItemStatus,
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    HurdleEventKind,
    HurdleStatus,
    LifeDomain,
    MajorityRule,
    MeetingState,
    MembershipRole,
    MinutesVersionState,
    QuorumRule,
)
from .files import paper_upload_to, private_file_storage

DEFAULT_INVITATION_DAYS = 14


def default_invitation_days() -> int:
    """Days before a meeting its invitation goes out (``STEERING_INVITATION_DAYS``)."""
    return getattr(settings, "STEERING_INVITATION_DAYS", DEFAULT_INVITATION_DAYS)


class TimeStamped(models.Model):
    """OParl's ``created`` and ``modified``. Services saving with ``update_fields`` list
    ``modified`` too (``auto_now`` only applies to listed fields)."""

    created = models.DateTimeField(_("angelegt"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True


def active_on_q(day: date, *, prefix: str = "") -> Q:
    """Condition for rows with ``start_date``/``end_date`` (end inclusive) covering ``day``."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


# --- Bodies and memberships ---------------------------------------------------------------------


class Body(TimeStamped):
    """A committee: the steering group, or one of its working groups (``parent``). A working
    group records the steering-group decision that established it, its mandate and its end."""

    kind = models.CharField(_("Art"), max_length=16, choices=BodyKind)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Lenkungsgruppe"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
    )
    mandate = models.TextField(_("Auftrag"), blank=True)
    established_by = models.ForeignKey(
        "Decision",
        verbose_name=_("eingesetzt durch Beschluss"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="established_bodies",
    )
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    ended_by = models.ForeignKey(
        "Decision",
        verbose_name=_("aufgelöst durch Beschluss"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_bodies",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=BodyKind.STEERING_GROUP, parent__isnull=True)
                | Q(kind=BodyKind.WORKING_GROUP, parent__isnull=False),
                name="body_working_group_has_parent",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="body_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_working_group(self) -> bool:
        return self.kind == BodyKind.WORKING_GROUP

    def is_active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Membership(TimeStamped):
    """A portal user's seat in a body, for the organisation they represent."""

    body = models.ForeignKey(
        Body, verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.PROTECT,
        related_name="steering_memberships",
    )
    organisation = models.ForeignKey(
        "kim_portal.Organisation",
        verbose_name=_("vertretene Organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(
        _("Rolle"), max_length=16, choices=MembershipRole, default=MembershipRole.MEMBER
    )
    voting_right = models.BooleanField(_("stimmberechtigt"), default=True)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "start_date", "pk"]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "body"], name="membership_user_body_idx")]

    def __str__(self):
        return f"{self.user} ({self.body})"

    def is_active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


# --- Rules of procedure -------------------------------------------------------------------------


class RulesOfProcedure(TimeStamped):
    """One version of a body's rules of procedure (Geschäftsordnung): its text and the
    quorum and majority rules decisions are checked against. A working group without rules
    of its own follows the steering group's; a body without any follows ``default_rules()``
    (which is how the constituent meeting adopts the first version)."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("Gremium"),
        on_delete=models.PROTECT,
        related_name="rules_versions",
    )
    version = models.PositiveSmallIntegerField(_("Fassung"))
    text = models.TextField(_("Text"))
    adopted_by = models.ForeignKey(
        "Decision",
        verbose_name=_("beschlossen durch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    valid_from = models.DateField(_("gültig ab"))
    quorum_rule = models.CharField(
        _("Beschlussfähigkeit"),
        max_length=24,
        choices=QuorumRule,
        default=QuorumRule.MORE_THAN_HALF,
    )
    quorum_fixed_number = models.PositiveSmallIntegerField(
        _("Mindestzahl anwesender Stimmberechtigter"), null=True, blank=True
    )
    majority_rule = models.CharField(
        _("Mehrheitsregel"),
        max_length=32,
        choices=MajorityRule,
        default=MajorityRule.SIMPLE_OF_VOTES_CAST,
    )

    class Meta:
        ordering = ["body", "-version"]
        verbose_name = _("Geschäftsordnung")
        verbose_name_plural = _("Geschäftsordnungen")
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="rules_version_unique"),
            models.CheckConstraint(
                condition=~Q(quorum_rule=QuorumRule.FIXED_NUMBER) | Q(quorum_fixed_number__gte=1),
                name="rules_fixed_quorum_has_number",
            ),
        ]

    def __str__(self):
        return f"{self.body} – {_('Fassung')} {self.version}"

    def quorum_required(self, *, voting_members: int) -> int:
        """How many voting members must be present for the body to decide."""
        if self.quorum_rule == QuorumRule.FIXED_NUMBER:
            return self.quorum_fixed_number or 1
        return voting_members // 2 + 1

    def quorum_met(self, *, voting_members: int, present_voting: int) -> bool:
        return present_voting >= max(self.quorum_required(voting_members=voting_members), 1)

    def motion_carried(
        self,
        *,
        votes_for: int,
        votes_against: int,
        present_voting: int,
        majority_rule: str = "",
    ) -> bool:
        """True if the votes carry the motion under ``majority_rule`` (default: these
        rules'). Abstentions are not votes cast; a tie rejects."""
        rule = majority_rule or self.majority_rule
        if rule == MajorityRule.MAJORITY_OF_PRESENT:
            return 2 * votes_for > present_voting
        if rule == MajorityRule.TWO_THIRDS_OF_VOTES_CAST:
            cast = votes_for + votes_against
            return cast > 0 and 3 * votes_for >= 2 * cast
        return votes_for > votes_against


def default_rules() -> RulesOfProcedure:
    """The rules that apply until a body adopts its own (unsaved): more than half of the
    voting members present, simple majority of the votes cast. The constituent meeting
    adopts the first rules of procedure under these."""
    return RulesOfProcedure(
        version=0,
        text="",
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
    )


# --- Meetings -----------------------------------------------------------------------------------


class Meeting(TimeStamped):
    """A meeting of a body (OParl ``Meeting``). Times are aware, stored in UTC and shown in
    Europe/Berlin. The invitation (with the agenda) goes to the members ``invitation_days``
    before the start — once the coordinator has released it (``meeting_invite``)."""

    body = models.ForeignKey(
        Body, verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="meetings"
    )
    name = models.CharField(_("Titel"), max_length=200)
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    location = models.CharField(_("Ort"), max_length=300, blank=True)
    video_url = models.URLField(_("Video-Link"), max_length=500, blank=True)
    state = models.CharField(
        _("Status"), max_length=24, choices=MeetingState, default=MeetingState.PLANNED
    )
    invitation_days = models.PositiveSmallIntegerField(
        _("Einladung Tage vorher"), default=default_invitation_days
    )
    invited_at = models.DateTimeField(_("Einladung freigegeben am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meeting_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["body", "-start"], name="meeting_body_start_idx"),
            # The invitation producer's scan.
            models.Index(
                fields=["start"],
                name="meeting_invited_start_idx",
                condition=Q(state=MeetingState.INVITED),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.start.astimezone(BERLIN):%d.%m.%Y})"

    @property
    def local_date(self) -> date:
        """The meeting's calendar day in Europe/Berlin."""
        return self.start.astimezone(BERLIN).date()

    def invitation_due_at(self) -> datetime | None:
        """When the invitation goes out: ``invitation_days`` calendar days before the start
        (Berlin wall clock), but not before the coordinator released it. None until then."""
        if self.invited_at is None:
            return None
        due = berlin_due_at(self.start, days=-self.invitation_days)
        return max(due, self.invited_at)


class Attendance(TimeStamped):
    """Whether a member was present at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Sitzung"), on_delete=models.CASCADE, related_name="attendances"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("Mitgliedschaft"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(_("Anwesenheit"), max_length=8, choices=AttendanceStatus)

    class Meta:
        ordering = ["meeting", "membership"]
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="attendance_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.membership} – {self.get_status_display()}"


class AgendaItem(TimeStamped):
    """One item of a meeting's agenda (Tagesordnungspunkt) and, once held, its minutes
    (``discussion``). Internal items are not for a future public export."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Sitzung"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"))
    number = models.CharField(_("TOP"), max_length=20)
    title = models.CharField(_("Titel"), max_length=300)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("berichtet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    presenter_note = models.CharField(
        _("berichtet (Gast)"),
        max_length=200,
        blank=True,
        help_text=_("Für Vortragende ohne Zugang zum Portal, z. B. „Bezirksregierung Arnsberg“."),
    )
    public = models.BooleanField(_("öffentlich"), default=False)
    discussion = models.TextField(_("Beratung (Protokoll)"), blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique")
        ]

    def __str__(self):
        return f"TOP {self.number}: {self.title}"


class Decision(TimeStamped):
    """A resolution on an agenda item (Beschluss) with its vote.

    Validation (``check_votes``): votes for + against + abstentions ≤ voting members present;
    adopted or rejected only with quorum; the outcome must follow the majority rule; a
    deferred item has no vote. **Unanimous** ("einstimmig") means no vote against and at
    least one for; abstentions may be recorded ("einstimmig bei 2 Enthaltungen", as in
    German council minutes). Given only as unanimous, every voting member present counts
    as a vote for."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("Tagesordnungspunkt"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    resolution = models.TextField(_("Beschlusstext"))
    votes_for = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    unanimous = models.BooleanField(_("einstimmig"), default=False)
    majority_rule = models.CharField(
        _("abweichende Mehrheitsregel"),
        max_length=32,
        choices=MajorityRule,
        blank=True,
        help_text=_("Leer: Regel der Geschäftsordnung."),
    )
    quorum_met = models.BooleanField(_("beschlussfähig"), default=False, editable=False)
    outcome = models.CharField(_("Ergebnis"), max_length=16, choices=DecisionOutcome)

    class Meta:
        ordering = ["agenda_item", "pk"]
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome=DecisionOutcome.DEFERRED)
                | Q(
                    votes_for__isnull=True,
                    votes_against__isnull=True,
                    votes_abstain__isnull=True,
                    unanimous=False,
                ),
                name="decision_deferred_has_no_vote",
            ),
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.DEFERRED)
                | Q(
                    votes_for__isnull=False,
                    votes_against__isnull=False,
                    votes_abstain__isnull=False,
                ),
                name="decision_vote_counted",
            ),
            models.CheckConstraint(
                condition=Q(unanimous=False) | Q(votes_against=0, votes_for__gte=1),
                name="decision_unanimous_has_no_against",
            ),
        ]

    def __str__(self):
        return f"{self.agenda_item} – {self.get_outcome_display()}"

    def check_votes(self, *, rules: RulesOfProcedure, voting_members: int, present_voting: int):
        """Set ``quorum_met`` and raise ``ValidationError`` (by field) if the vote breaks
        the rules. Fills in the counts of a vote given only as unanimous."""
        self.quorum_met = rules.quorum_met(
            voting_members=voting_members, present_voting=present_voting
        )
        if self.outcome == DecisionOutcome.DEFERRED:
            if self.unanimous or any(
                v is not None for v in (self.votes_for, self.votes_against, self.votes_abstain)
            ):
                raise ValidationError(
                    {
                        "outcome": ValidationError(
                            _("Ein vertagter Punkt hat keine Abstimmung."),
                            code="deferred_with_vote",
                        )
                    }
                )
            return
        if self.unanimous and self.votes_for is None:
            self.votes_for, self.votes_against = present_voting, 0
            self.votes_abstain = self.votes_abstain or 0
        counts = (self.votes_for, self.votes_against, self.votes_abstain)
        if any(v is None for v in counts):
            raise ValidationError(
                {
                    "votes_for": ValidationError(
                        _("Bitte Ja- und Nein-Stimmen sowie Enthaltungen angeben."),
                        code="votes_missing",
                    )
                }
            )
        if sum(counts) > present_voting:
            raise ValidationError(
                {
                    "votes_for": ValidationError(
                        _(
                            "Es wurden %(votes)s Stimmen gezählt, aber nur %(present)s "
                            "stimmberechtigte Mitglieder waren anwesend."
                        ),
                        code="more_votes_than_present",
                        params={"votes": sum(counts), "present": present_voting},
                    )
                }
            )
        if self.unanimous and (self.votes_against or not self.votes_for):
            raise ValidationError(
                {
                    "unanimous": ValidationError(
                        _("Einstimmig heißt: keine Nein-Stimme und mindestens eine Ja-Stimme."),
                        code="unanimous_with_against",
                    )
                }
            )
        if not self.quorum_met:
            raise ValidationError(
                {
                    "outcome": ValidationError(
                        _(
                            "Die Sitzung war nicht beschlussfähig: %(present)s von "
                            "%(required)s nötigen Stimmberechtigten anwesend. Der Punkt kann "
                            "nur vertagt werden."
                        ),
                        code="quorum_not_met",
                        params={
                            "present": present_voting,
                            "required": rules.quorum_required(voting_members=voting_members),
                        },
                    )
                }
            )
        carried = rules.motion_carried(
            votes_for=self.votes_for,
            votes_against=self.votes_against,
            present_voting=present_voting,
            majority_rule=self.majority_rule,
        )
        expected = DecisionOutcome.ADOPTED if carried else DecisionOutcome.REJECTED
        if self.outcome != expected:
            raise ValidationError(
                {
                    "outcome": ValidationError(
                        _("Nach der Mehrheitsregel ist der Antrag %(expected)s."),
                        code="outcome_contradicts_majority",
                        params={"expected": expected.label},
                    )
                }
            )


class ActionItem(TimeStamped):
    """A task agreed in a meeting (Aufgabe): owner, the organisation they act for, due date.
    Its assignment is part of the minutes; status, progress notes and the due date stay
    changeable after approval (the tracker)."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("Tagesordnungspunkt"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    title = models.CharField(pgettext_lazy("action item", "Aufgabe"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verantwortlich"),
        on_delete=models.PROTECT,
        related_name="steering_action_items",
    )
    organisation = models.ForeignKey(
        "kim_portal.Organisation",
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("fällig am"))
    status = models.CharField(
        _("Status"), max_length=16, choices=ActionItemStatus, default=ActionItemStatus.OPEN
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = pgettext_lazy("action item", "Aufgabe")
        verbose_name_plural = _("Aufgaben")
        indexes = [
            # The reminder scan and the "overdue" filter.
            models.Index(
                fields=["due_date"],
                name="action_item_open_due_idx",
                condition=Q(status__in=ACTION_ITEM_OPEN_STATUSES),
            ),
            models.Index(fields=["owner", "status"], name="action_item_owner_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in ACTION_ITEM_OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date < today


class ActionItemProgress(TimeStamped):
    """A progress note on an action item, with its author and time (``created``)."""

    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=pgettext_lazy("action item", "Aufgabe"),
        on_delete=models.CASCADE,
        related_name="progress_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("Sachstand"), blank=True)
    status_from = models.CharField(
        _("Status vorher"), max_length=16, choices=ActionItemStatus, blank=True
    )
    status_to = models.CharField(
        _("Status nachher"), max_length=16, choices=ActionItemStatus, blank=True
    )

    class Meta:
        ordering = ["action_item", "created", "pk"]
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")

    def __str__(self):
        return f"{self.action_item} – {self.created:%Y-%m-%d}"


class MinutesVersion(TimeStamped):
    """One version of a meeting's minutes. Version 1 follows the meeting (draft → circulated
    → approved by the chair). On approval ``content`` freezes the whole minutes (attendance,
    discussion, decisions, action items) as JSON; approved versions never change. A
    correction is a new version with a ``reason`` and the proposed ``changes``; the chair's
    approval applies them to the live records and freezes the result."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("Sitzung"),
        on_delete=models.PROTECT,
        related_name="minutes_versions",
    )
    number = models.PositiveSmallIntegerField(_("Fassung"))
    state = models.CharField(
        _("Status"),
        max_length=16,
        choices=MinutesVersionState,
        default=MinutesVersionState.DRAFT,
    )
    reason = models.TextField(_("Grund der Berichtigung"), blank=True)
    changes = models.JSONField(_("beantragte Änderungen"), default=dict, blank=True)
    content = models.JSONField(_("Inhalt"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    circulated_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    approved_at = models.DateTimeField(_("genehmigt am"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genehmigt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("Protokollfassung")
        verbose_name_plural = _("Protokollfassungen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=~Q(state=MinutesVersionState.APPROVED),
                name="minutes_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""), name="minutes_correction_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state=MinutesVersionState.APPROVED)
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="minutes_approved_has_approver",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} – {_('Fassung')} {self.number}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class File(TimeStamped):
    """A paper (OParl ``File``) of a meeting or one of its agenda items; members only. See
    ``steering.files`` for storage and the accepted types."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Sitzung"), on_delete=models.PROTECT, related_name="files"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("Tagesordnungspunkt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )
    name = models.CharField(_("Titel"), max_length=255)
    file = models.FileField(
        _("Datei"), upload_to=paper_upload_to, storage=private_file_storage, max_length=255
    )
    mime_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "agenda_item", "name", "pk"]
        verbose_name = _("Unterlage")
        verbose_name_plural = _("Unterlagen")

    def __str__(self):
        return self.name


# --- Hurdle register ----------------------------------------------------------------------------


class Hurdle(TimeStamped):
    """An integration hurdle (Integrationshürde) the steering group works on. Its sources
    are anonymous barrier reports from case work (``cases.BarrierReport``: domain, town,
    month, text — no person); the register shows them as counts only."""

    title = models.CharField(_("Titel"), max_length=200)
    domain = models.CharField(_("Lebensbereich"), max_length=16, choices=LifeDomain)
    description = models.TextField(_("Beschreibung"))
    municipalities = models.ManyToManyField(
        "kim_portal.Municipality",
        verbose_name=_("betroffene Kommunen"),
        blank=True,
        related_name="+",
    )
    source_reports = models.ManyToManyField(
        "cases.BarrierReport",
        verbose_name=_("Hürdenmeldungen"),
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=HurdleStatus, default=HurdleStatus.IDENTIFIED
    )
    working_group = models.ForeignKey(
        Body,
        verbose_name=_("Arbeitsgruppe"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hurdles",
        limit_choices_to={"kind": BodyKind.WORKING_GROUP},
    )
    decisions = models.ManyToManyField(
        Decision, verbose_name=_("Beschlüsse"), blank=True, related_name="hurdles"
    )
    action_items = models.ManyToManyField(
        ActionItem, verbose_name=_("Aufgaben"), blank=True, related_name="hurdles"
    )

    class Meta:
        ordering = ["status", "-modified", "pk"]
        verbose_name = _("Integrationshürde")
        verbose_name_plural = _("Integrationshürden")
        indexes = [models.Index(fields=["status", "domain"], name="hurdle_status_domain_idx")]

    def __str__(self):
        return self.title


class HurdleEvent(TimeStamped):
    """One entry of a hurdle's timeline: created, status changes, links, notes."""

    hurdle = models.ForeignKey(
        Hurdle, verbose_name=_("Integrationshürde"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("Art"), max_length=24, choices=HurdleEventKind)
    from_status = models.CharField(_("Status vorher"), max_length=20, blank=True)
    to_status = models.CharField(_("Status nachher"), max_length=20, blank=True)
    note = models.TextField(_("Vermerk"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handelnde Person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_item = models.ForeignKey(
        ActionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["hurdle", "created", "pk"]
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf")

    def __str__(self):
        return f"{self.hurdle} – {self.get_kind_display()}"


# --- Private calendar feed ----------------------------------------------------------------------


def calendar_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarToken(TimeStamped):
    """A member's private calendar-feed token. Only its SHA-256 digest is stored; issuing a
    new one revokes the old. The token is a read-only credential for two things: the
    calendar feed of the member's meetings (title, time, place, link) and, as a bearer
    token, the OParl API's published minutes the member may read (scope in
    ``steering.output_views.oparl_endpoint``). ``last_used_at`` is the last use by either,
    written at most once an hour (``services.calendar_token_mark_used``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="steering_calendar_tokens",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt genutzt"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_active_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.created:%Y-%m-%d})"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """A fresh token (22 URL-safe characters, 128 bits) and its digest."""
        token = secrets.token_urlsafe(16)
        return token, calendar_token_digest(token)
