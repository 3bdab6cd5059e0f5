"""Forms of the steering group's staff pages. They parse and check input only; the
services in ``steering.services`` validate again and write. ``form_errors_from`` (shared
with the case pages) puts a service's ``ValidationError`` back onto the form, so the
message appears next to the field and nothing typed is lost.

Times are entered and shown in Europe/Berlin (the project's ``TIME_ZONE``; Django's form
fields make them aware in it) and stored in UTC."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.forms import form_errors_from  # noqa: F401 (re-exported for the views)
from kim_portal.models import Municipality
from offers.staff_forms import StaffFormMixin

from .choices import (
    ActionItemStatus,
    AttendanceStatus,
    DecisionOutcome,
    HurdleStatus,
    LifeDomain,
    MajorityRule,
    MeetingState,
    MembershipRole,
    QuorumRule,
)

PLEASE_CHOOSE = _("Bitte wählen")


def _blank(choices, label=PLEASE_CHOOSE):
    return [("", label), *choices]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class SteeringFormMixin(StaffFormMixin):
    """KERN classes for every form of this app."""


def _person_choices(memberships) -> list[tuple[str, str]]:
    seen, choices = set(), []
    for membership in memberships:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        choices.append(
            (str(membership.user_id), f"{membership.user.display_name} ({membership.organisation})")
        )
    return choices


def _person(memberships, value: str):
    for membership in memberships:
        if str(membership.user_id) == value:
            return membership.user
    return None


# --- Meetings ------------------------------------------------------------------------------


class MeetingFilterForm(SteeringFormMixin, forms.Form):
    body = forms.ChoiceField(label=_("Gremium"), required=False)
    when = forms.ChoiceField(
        label=_("Zeitraum"),
        required=False,
        choices=[("upcoming", _("kommende")), ("past", _("vergangene")), ("all", _("alle"))],
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = list(bodies)
        self.fields["body"].choices = _blank(
            [(str(b.pk), b.name) for b in self.bodies], _("alle Gremien")
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {"body": None, "when": "upcoming"}
        chosen = self.cleaned_data["body"]
        body = next((b for b in self.bodies if str(b.pk) == chosen), None)
        return {"body": body, "when": self.cleaned_data["when"] or "upcoming"}


class MeetingForm(SteeringFormMixin, forms.Form):
    narrow_fields = ("invitation_days",)

    body = forms.ChoiceField(label=_("Gremium"))
    name = forms.CharField(label=_("Titel"), max_length=200)
    start = forms.DateTimeField(
        label=_("Beginn"), widget=_datetime_input(), help_text=_("Ortszeit (Berlin)")
    )
    end = forms.DateTimeField(
        label=_("Ende"), widget=_datetime_input(), help_text=_("Ortszeit (Berlin)")
    )
    location = forms.CharField(label=_("Ort"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video-Link"), max_length=500, required=False)
    invitation_days = forms.IntegerField(
        label=_("Einladung Tage vorher"), min_value=0, max_value=90
    )

    def __init__(self, *args, bodies, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = list(bodies)
        self.fields["body"].choices = _blank([(str(b.pk), b.name) for b in self.bodies])
        if editing:
            del self.fields["body"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("Das Ende muss nach dem Beginn liegen."))
        if "body" in self.fields and data.get("body"):
            data["body"] = next(b for b in self.bodies if str(b.pk) == data["body"])
        return data


class AgendaItemForm(SteeringFormMixin, forms.Form):
    narrow_fields = ("number",)

    number = forms.CharField(
        label=_("TOP"), max_length=20, required=False, help_text=_("Leer: fortlaufend")
    )
    title = forms.CharField(label=_("Titel"), max_length=300)
    presenter = forms.ChoiceField(label=_("berichtet"), required=False)
    presenter_note = forms.CharField(
        label=_("berichtet (Gast)"),
        max_length=200,
        required=False,
        help_text=_("Für Vortragende ohne Zugang zum Portal, z. B. „Bezirksregierung Arnsberg“."),
    )
    public = forms.BooleanField(label=_("öffentlich"), required=False)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        self.fields["presenter"].choices = _blank(
            _person_choices(self.memberships), _("niemand aus dem Gremium")
        )

    def clean_presenter(self):
        value = self.cleaned_data["presenter"]
        return _person(self.memberships, value) if value else None


class AttendanceForm(SteeringFormMixin, forms.Form):
    """One select per member active on the meeting day (field ``m<membership id>``)."""

    def __init__(self, *args, memberships, recorded: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for membership in self.memberships:
            self.fields[f"m{membership.pk}"] = forms.ChoiceField(
                label=f"{membership.user.display_name} ({membership.organisation})",
                required=False,
                choices=_blank(AttendanceStatus.choices, _("nicht erfasst")),
                initial=recorded.get(membership.pk, ""),
            )

    def rows(self):
        return [(m, self[f"m{m.pk}"]) for m in self.memberships]

    def changes(self, recorded: dict) -> list[tuple[object, str]]:
        return [
            (m, self.cleaned_data[f"m{m.pk}"])
            for m in self.memberships
            if self.cleaned_data[f"m{m.pk}"] and self.cleaned_data[f"m{m.pk}"] != recorded.get(m.pk)
        ]


class PaperForm(SteeringFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Datei"), help_text=_("PDF, ODT, DOCX, XLSX, PNG oder JPEG, höchstens 20 MB")
    )
    name = forms.CharField(
        label=_("Titel"), max_length=255, required=False, help_text=_("Leer: Dateiname")
    )
    agenda_item = forms.ChoiceField(label=_("Tagesordnungspunkt"), required=False)

    def __init__(self, *args, agenda_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda_items = list(agenda_items)
        self.fields["agenda_item"].choices = _blank(
            [
                (str(i.pk), _("TOP %(number)s: %(title)s") % {"number": i.number, "title": i.title})
                for i in self.agenda_items
            ],
            _("zur ganzen Sitzung"),
        )

    def clean_agenda_item(self):
        value = self.cleaned_data["agenda_item"]
        return next((i for i in self.agenda_items if str(i.pk) == value), None)


# --- Minutes -------------------------------------------------------------------------------


class DiscussionForm(SteeringFormMixin, forms.Form):
    discussion = forms.CharField(
        label=_("Beratung (Protokoll)"), required=False, widget=_textarea(5)
    )


class DecisionForm(SteeringFormMixin, forms.Form):
    narrow_fields = ("votes_for", "votes_against", "votes_abstain")

    resolution = forms.CharField(label=_("Beschlusstext"), widget=_textarea(3))
    outcome = forms.ChoiceField(label=_("Ergebnis"), choices=_blank(DecisionOutcome.choices))
    votes_for = forms.IntegerField(label=_("Ja-Stimmen"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Nein-Stimmen"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Enthaltungen"), min_value=0, required=False)
    unanimous = forms.BooleanField(label=_("einstimmig"), required=False)
    majority_rule = forms.ChoiceField(
        label=_("abweichende Mehrheitsregel"),
        required=False,
        choices=_blank(MajorityRule.choices, _("Regel der Geschäftsordnung")),
    )


class ActionItemForm(SteeringFormMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("action item", "Aufgabe"), max_length=300)
    owner = forms.ChoiceField(label=_("verantwortlich"))
    due_date = forms.DateField(label=_("fällig am"), widget=_date_input())
    description = forms.CharField(label=_("Beschreibung"), required=False, widget=_textarea(3))

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        self.fields["owner"].choices = _blank(_person_choices(self.memberships))

    def clean_owner(self):
        owner = _person(self.memberships, self.cleaned_data["owner"])
        if owner is None:
            raise ValidationError(_("Bitte eine Person aus dem Gremium wählen."))
        return owner


def decision_initial(decision) -> dict:
    """A recorded decision as the initial data of a ``DecisionForm`` (for correcting it)."""
    return {
        "resolution": decision.resolution,
        "outcome": decision.outcome,
        "votes_for": decision.votes_for,
        "votes_against": decision.votes_against,
        "votes_abstain": decision.votes_abstain,
        "unanimous": decision.unanimous,
        "majority_rule": decision.majority_rule,
    }


class ActionItemEditForm(ActionItemForm):
    """Correct a recorded action item. Its assignment (title, owner, description) can change
    only while the minutes are open (``assignment_open``); afterwards those fields are shown
    disabled and only the due date can move. The current owner stays choosable even if no
    longer a member of the body."""

    def __init__(self, *args, action_item, assignment_open: bool, **kwargs):
        self.action_item = action_item
        kwargs.setdefault(
            "initial",
            {
                "title": action_item.title,
                "owner": str(action_item.owner_id),
                "due_date": action_item.due_date,
                "description": action_item.description,
            },
        )
        super().__init__(*args, **kwargs)
        owner_choices = self.fields["owner"].choices
        if all(value != str(action_item.owner_id) for value, _label in owner_choices):
            self.fields["owner"].choices = [
                *owner_choices,
                (
                    str(action_item.owner_id),
                    f"{action_item.owner.display_name} ({action_item.organisation})",
                ),
            ]
        if not assignment_open:
            for name in ("title", "owner", "description"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Nach der Genehmigung des Protokolls nicht mehr änderbar."
                )

    def clean_owner(self):
        if self.cleaned_data["owner"] == str(self.action_item.owner_id):
            return self.action_item.owner
        return super().clean_owner()

    def changes(self) -> dict:
        """The fields that differ from the recorded item, for ``action_item_update``; a new
        owner brings their organisation along."""
        item, data = self.action_item, self.cleaned_data
        changes = {}
        for name in ("title", "description"):
            if data[name].strip() != getattr(item, name):
                changes[name] = data[name]
        if data["due_date"] != item.due_date:
            changes["due_date"] = data["due_date"]
        if data["owner"].pk != item.owner_id:
            changes["owner"] = data["owner"]
            if data["owner"].organisation_id is not None:
                changes["organisation"] = data["owner"].organisation
        return changes


CORRECTABLE_DECISION_FIELDS = (
    "resolution",
    "outcome",
    "votes_for",
    "votes_against",
    "votes_abstain",
)


class CorrectionForm(SteeringFormMixin, forms.Form):
    """A correction of approved minutes: a reason, and changed texts and votes. Only what
    differs from the approved version is proposed."""

    reason = forms.CharField(label=_("Grund der Berichtigung"), widget=_textarea(3))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.groups = []
        for item in self.items:
            names = [f"discussion_{item.pk}"]
            self.fields[names[0]] = forms.CharField(
                label=_("Beratung zu TOP %(number)s") % {"number": item.number},
                required=False,
                initial=item.discussion,
                widget=_textarea(4),
            )
            for decision in item.decisions.all():
                prefix = f"d{decision.pk}_"
                self.fields[prefix + "resolution"] = forms.CharField(
                    label=_("Beschlusstext"), initial=decision.resolution, widget=_textarea(3)
                )
                self.fields[prefix + "outcome"] = forms.ChoiceField(
                    label=_("Ergebnis"), choices=DecisionOutcome.choices, initial=decision.outcome
                )
                for vote, label in (
                    ("votes_for", _("Ja-Stimmen")),
                    ("votes_against", _("Nein-Stimmen")),
                    ("votes_abstain", _("Enthaltungen")),
                ):
                    self.fields[prefix + vote] = forms.IntegerField(
                        label=label,
                        min_value=0,
                        required=False,
                        initial=getattr(decision, vote),
                    )
                    self.narrow_fields = (*self.narrow_fields, prefix + vote)
                names += [prefix + n for n in CORRECTABLE_DECISION_FIELDS]
            self.groups.append((item, [self[n] for n in names]))
        self._apply_kern()

    def changes(self) -> tuple[dict[int, str], dict[int, dict]]:
        discussions, decisions = {}, {}
        for item in self.items:
            text = self.cleaned_data.get(f"discussion_{item.pk}", "").strip()
            if text != item.discussion:
                discussions[item.pk] = text
            for decision in item.decisions.all():
                prefix = f"d{decision.pk}_"
                changed = {}
                for field in CORRECTABLE_DECISION_FIELDS:
                    value = self.cleaned_data.get(prefix + field)
                    if isinstance(value, str):
                        value = value.strip()
                    if value != getattr(decision, field):
                        changed[field] = value
                if changed:
                    decisions[decision.pk] = changed
        return discussions, decisions


class WorkingGroupForm(SteeringFormMixin, forms.Form):
    """Set up the working group an adopted decision of the steering group establishes."""

    narrow_fields = ("short_name",)

    name = forms.CharField(label=_("Name der Arbeitsgruppe"), max_length=200)
    short_name = forms.CharField(label=_("Kurzname"), max_length=30, required=False)
    mandate = forms.CharField(label=_("Auftrag"), widget=_textarea(4))
    start_date = forms.DateField(
        label=_("Beginn"),
        required=False,
        widget=_date_input(),
        help_text=_("Leer: der Sitzungstag des Beschlusses"),
    )
    end_date = forms.DateField(label=_("befristet bis"), required=False, widget=_date_input())

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data


# --- Bodies and memberships ----------------------------------------------------------------


VOTING_RIGHT_CHOICES = [
    ("", _("nach Rolle (Gäste und Geschäftsführung ohne Stimmrecht)")),
    ("yes", _("stimmberechtigt")),
    ("no", _("ohne Stimmrecht")),
]


class MembershipForm(SteeringFormMixin, forms.Form):
    """Give a person a seat in a body: who, for which organisation, in which role, with or
    without a vote, from when (and, if already known, until when)."""

    user = forms.ChoiceField(label=_("Person"))
    organisation = forms.ChoiceField(label=_("vertretene Organisation"), required=False)
    role = forms.ChoiceField(
        label=_("Rolle"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )
    voting_right = forms.ChoiceField(
        label=_("Stimmrecht"), choices=VOTING_RIGHT_CHOICES, required=False
    )
    start_date = forms.DateField(label=_("Beginn"), widget=_date_input())
    end_date = forms.DateField(
        label=_("befristet bis"),
        required=False,
        widget=_date_input(),
        help_text=_("letzter Tag; leer: unbefristet"),
    )

    def __init__(self, *args, candidates, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.organisations = list(organisations)
        self.fields["user"].choices = _blank(
            [
                (
                    str(u.pk),
                    f"{u.display_name} ({u.organisation})" if u.organisation else u.display_name,
                )
                for u in self.candidates
            ]
        )
        self.fields["user"].help_text = _(
            "Wählbar ist, wer im Portal eine Rolle in der Lenkungsgruppe oder der Koordination hat."
        )
        self.fields["organisation"].choices = _blank(
            [(str(o.pk), o.name) for o in self.organisations],
            _("die eigene Organisation der Person"),
        )

    def clean_user(self):
        user = next((u for u in self.candidates if str(u.pk) == self.cleaned_data["user"]), None)
        if user is None:
            raise ValidationError(_("Bitte eine Person wählen."))
        return user

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        return next((o for o in self.organisations if str(o.pk) == value), None)

    def clean_voting_right(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["voting_right"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data


class MembershipEndForm(SteeringFormMixin, forms.Form):
    """End one seat (its prefix names the membership, so each row's field has its own id)."""

    end_date = forms.DateField(widget=_date_input())

    def __init__(self, *args, membership, **kwargs):
        kwargs.setdefault("prefix", f"end-{membership.pk}")
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["end_date"].label = _("Letzter Tag von %(name)s") % {
            "name": membership.user.display_name
        }


class BodyForm(SteeringFormMixin, forms.Form):
    """A body's mandate and, for a working group, its end. An end once set can be moved but
    not removed (the memberships ended with it)."""

    mandate = forms.CharField(label=_("Auftrag"), widget=_textarea(4), required=False)
    end_date = forms.DateField(
        label=_("Ende"),
        required=False,
        widget=_date_input(),
        help_text=_("letzter Tag; laufende Mitgliedschaften enden spätestens dann"),
    )

    def __init__(self, *args, body, **kwargs):
        kwargs.setdefault("initial", {"mandate": body.mandate, "end_date": body.end_date})
        super().__init__(*args, **kwargs)
        self.body = body
        if body.is_working_group:
            self.fields["mandate"].required = True
        else:
            del self.fields["end_date"]

    def clean(self):
        data = super().clean()
        if "end_date" in self.fields and "end_date" in data:
            end = data["end_date"]
            if end is None and self.body.end_date is not None:
                self.add_error(
                    "end_date",
                    _("Ein festgelegtes Ende kann verschoben, aber nicht entfernt werden."),
                )
            elif end is not None and end < self.body.start_date:
                self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data

    def changes(self) -> tuple[dict, date | None]:
        """({"mandate": …} if it changed, the new end date if it changed)."""
        data = self.cleaned_data
        mandate = data["mandate"].strip()
        mandate_change = {"mandate": mandate} if mandate != self.body.mandate else {}
        end = data.get("end_date")
        return mandate_change, end if end != self.body.end_date else None


ADOPTING_DECISION_MISSING = _("Bitte einen angenommenen Beschluss des Gremiums wählen.")


class RulesOfProcedureForm(SteeringFormMixin, forms.Form):
    """A new version of a body's rules of procedure: its text, the quorum and majority
    rules decisions will be checked against, the adopted decision that adopted it, and the
    day it applies from (the service checks it against the decision and the newest
    version)."""

    narrow_fields = ("quorum_fixed_number",)

    text = forms.CharField(label=_("Text der Geschäftsordnung"), widget=_textarea(12))
    quorum_rule = forms.ChoiceField(
        label=_("Beschlussfähigkeit"), choices=QuorumRule.choices, initial=QuorumRule.MORE_THAN_HALF
    )
    quorum_fixed_number = forms.IntegerField(
        label=_("Mindestzahl anwesender Stimmberechtigter"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("nur bei fester Mindestzahl"),
    )
    majority_rule = forms.ChoiceField(
        label=_("Mehrheitsregel"),
        choices=MajorityRule.choices,
        initial=MajorityRule.SIMPLE_OF_VOTES_CAST,
    )
    adopted_by = forms.ChoiceField(
        label=_("beschlossen durch"),
        help_text=_("angenommene Beschlüsse des Gremiums, der neueste zuerst"),
        error_messages={
            "required": ADOPTING_DECISION_MISSING,
            "invalid_choice": ADOPTING_DECISION_MISSING,
        },
    )
    valid_from = forms.DateField(
        label=_("gültig ab"),
        required=False,
        widget=_date_input(),
        help_text=_("Leer: der Sitzungstag des Beschlusses"),
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = list(decisions)
        self.fields["adopted_by"].choices = _blank(_decision_choices(self.decisions))

    def clean_adopted_by(self):
        value = self.cleaned_data["adopted_by"]
        decision = next((d for d in self.decisions if str(d.pk) == value), None)
        if decision is None:
            raise ValidationError(ADOPTING_DECISION_MISSING)
        return decision

    def clean(self):
        data = super().clean()
        if data.get("quorum_rule") == QuorumRule.FIXED_NUMBER and not data.get(
            "quorum_fixed_number"
        ):
            self.add_error(
                "quorum_fixed_number",
                _("Bitte die Mindestzahl anwesender Stimmberechtigter angeben."),
            )
        return data


# --- Action items --------------------------------------------------------------------------


class ActionItemFilterForm(SteeringFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_blank(ActionItemStatus.choices, _("alle")),
    )
    owner = forms.ChoiceField(label=_("verantwortlich"), required=False)
    working_group = forms.ChoiceField(label=_("Gremium"), required=False)
    overdue = forms.BooleanField(label=_("nur überfällige"), required=False)

    def __init__(self, *args, user, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.bodies = list(bodies)
        self.fields["owner"].choices = [("", _("alle")), ("me", _("ich"))]
        self.fields["working_group"].choices = _blank(
            [(str(b.pk), b.name) for b in self.bodies], _("alle")
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "owner": self.user if data["owner"] == "me" else None,
            "working_group": next(
                (b for b in self.bodies if str(b.pk) == data["working_group"]), None
            ),
            "overdue": True if data["overdue"] else None,
        }


class ProgressForm(SteeringFormMixin, forms.Form):
    text = forms.CharField(label=_("Sachstand"), required=False, widget=_textarea(3))
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)

    def __init__(self, *args, may_drop: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_drop:
            self.fields["status"].choices = [
                c for c in ActionItemStatus.choices if c[0] != ActionItemStatus.DROPPED
            ]


# --- Decisions register --------------------------------------------------------------------


class DecisionFilterForm(SteeringFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Ergebnis"), required=False, choices=_blank(DecisionOutcome.choices, _("alle"))
    )
    body = forms.ChoiceField(label=_("Gremium"), required=False)
    since = forms.DateField(label=_("von"), required=False, widget=_date_input())
    until = forms.DateField(label=_("bis"), required=False, widget=_date_input())

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = list(bodies)
        self.fields["body"].choices = _blank([(str(b.pk), b.name) for b in self.bodies], _("alle"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "outcome": data["outcome"] or None,
            "body": next((b for b in self.bodies if str(b.pk) == data["body"]), None),
            "since": data["since"],
            "until": data["until"],
        }


# --- Hurdles -------------------------------------------------------------------------------


class HurdleFilterForm(SteeringFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(HurdleStatus.choices, _("alle"))
    )
    domain = forms.ChoiceField(
        label=_("Lebensbereich"), required=False, choices=_blank(LifeDomain.choices, _("alle"))
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "status": self.cleaned_data["status"] or None,
            "domain": self.cleaned_data["domain"] or None,
        }


class HurdleForm(SteeringFormMixin, forms.Form):
    """Enter or correct a hurdle: title, life domain, description and the towns affected."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    domain = forms.ChoiceField(label=_("Lebensbereich"), choices=_blank(LifeDomain.choices))
    description = forms.CharField(label=_("Beschreibung"), widget=_textarea(5))
    municipalities = forms.ModelMultipleChoiceField(
        label=_("betroffene Kommunen"),
        queryset=Municipality.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @staticmethod
    def initial_from(hurdle) -> dict:
        return {
            "title": hurdle.title,
            "domain": hurdle.domain,
            "description": hurdle.description,
            "municipalities": list(hurdle.municipalities.all()),
        }

    def changes(self, hurdle) -> dict:
        """The text fields that differ from ``hurdle``, for ``hurdle_update``."""
        return {
            name: self.cleaned_data[name]
            for name in ("title", "domain", "description")
            if self.cleaned_data[name].strip() != getattr(hurdle, name)
        }


class HurdleTransitionForm(SteeringFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("neuer Status"))
    working_group = forms.ChoiceField(
        label=_("Arbeitsgruppe"),
        required=False,
        help_text=_("Nur für „in Bearbeitung in einer Arbeitsgruppe“."),
    )
    decision = forms.ChoiceField(
        label=_("Beschluss"),
        required=False,
        help_text=_("Für „Maßnahme beschlossen“: der angenommene Beschluss."),
    )
    note = forms.CharField(label=_("Vermerk"), required=False, widget=_textarea(3))

    def __init__(self, *args, steps, working_groups, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.working_groups = list(working_groups)
        self.decisions = list(decisions)
        self.fields["to_status"].choices = _blank(
            [(s, HurdleStatus(s).label) for s in HurdleStatus.values if s in steps]
        )
        self.fields["working_group"].choices = _blank(
            [(str(b.pk), b.name) for b in self.working_groups], _("keine")
        )
        self.fields["decision"].choices = _blank(_decision_choices(self.decisions), _("keiner"))

    def clean_working_group(self):
        value = self.cleaned_data["working_group"]
        return next((b for b in self.working_groups if str(b.pk) == value), None)

    def clean_decision(self):
        value = self.cleaned_data["decision"]
        return next((d for d in self.decisions if str(d.pk) == value), None)


def _decision_choices(decisions) -> list[tuple[str, str]]:
    return [
        (
            str(d.pk),
            f"{d.agenda_item.meeting.local_date:%d.%m.%Y} TOP {d.agenda_item.number}: "
            f"{d.resolution[:80]}",
        )
        for d in decisions
    ]


class HurdleLinkForm(SteeringFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Beschluss"), required=False)
    action_item = forms.ChoiceField(label=pgettext_lazy("action item", "Aufgabe"), required=False)
    reports = forms.ChoiceField(
        label=_("Hürdenmeldungen (Lebensbereich, Kommune, Monat)"), required=False
    )

    def __init__(self, *args, decisions, action_items, report_cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = list(decisions)
        self.action_items = list(action_items)
        self.fields["decision"].choices = _blank(_decision_choices(self.decisions), _("keiner"))
        self.fields["action_item"].choices = _blank(
            [(str(a.pk), f"{a.title} ({a.due_date:%d.%m.%Y})") for a in self.action_items],
            _("keine"),
        )
        self.fields["reports"].choices = _blank(
            [
                (
                    f"{c.domain}|{c.municipality_id}|{c.month:%Y-%m}",
                    f"{LifeDomain(c.domain).label}, {c.municipality_name}, "
                    f"{c.month:%m/%Y}: {c.count}",
                )
                for c in report_cells
            ],
            _("keine"),
        )

    def clean(self):
        data = super().clean()
        data["decision"] = next(
            (d for d in self.decisions if str(d.pk) == data.get("decision")), None
        )
        data["action_item"] = next(
            (a for a in self.action_items if str(a.pk) == data.get("action_item")), None
        )
        cell = data.get("reports")
        if cell:
            domain, municipality_id, month = cell.split("|")
            year, number = month.split("-")
            data["reports"] = (domain, int(municipality_id), date(int(year), int(number), 1))
        else:
            data["reports"] = None
        if not (data["decision"] or data["action_item"] or data["reports"]):
            raise ValidationError(_("Bitte einen Beschluss, eine Aufgabe oder Meldungen wählen."))
        return data


class HurdleNoteForm(SteeringFormMixin, forms.Form):
    note = forms.CharField(label=_("Vermerk"), widget=_textarea(3))


MEETING_ACTIONS = {
    # action: (target state shown, label)
    "invite": (MeetingState.INVITED, _("Einladung freigeben")),
    "cancel": (MeetingState.CANCELLED, _("Sitzung absagen")),
    "hold": (MeetingState.HELD, _("Sitzung als durchgeführt erfassen")),
    "minutes_start": (MeetingState.MINUTES_DRAFT, _("Protokoll beginnen")),
    "circulate": (MeetingState.MINUTES_CIRCULATED, _("Protokoll versenden")),
    "return_to_draft": (MeetingState.MINUTES_DRAFT, _("Protokoll zur Überarbeitung zurücknehmen")),
    "approve": (MeetingState.MINUTES_APPROVED, _("Protokoll genehmigen")),
    "publish": (MeetingState.PUBLISHED, _("Protokoll veröffentlichen")),
}
