"""Forms of the public catalogue: the search with its filters, and "report as outdated"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim_portal.forms import KernFormMixin

from .search import (
    FLAG_FILTERS,
    SORT_DISTANCE,
    SORT_NEWEST,
    SORT_RELEVANCE,
    Facets,
    OfferCriteria,
)
from .templatetags.offers_public import language_label

QUERY_MAX_LENGTH = 200
REPORT_MAX_LENGTH = 1000


def _with_count(label, count) -> str:
    return f"{label} ({count})"


class OfferSearchForm(KernFormMixin, forms.Form):
    """The search box and the filters (GET). Invalid parts are reported on their field and
    left out of the search; the rest still applies."""

    q = forms.CharField(
        label=_("Suchbegriff"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        error_messages={"max_length": _("Bitte kürzer fassen: höchstens %(limit_value)d Zeichen.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Zum Beispiel: Deutschkurs, Beratung, Kita"),
    )
    town = forms.ChoiceField(label=_("Stadt oder Gemeinde"), required=False)
    category = forms.ChoiceField(label=_("Thema"), required=False)
    target_group = forms.ChoiceField(label=_("Für wen"), required=False)
    language = forms.RegexField(
        label=_("Sprache im Angebot"),
        regex=r"^[a-z]{2,3}$",
        required=False,
        error_messages={"invalid": _("Diese Sprache kennen wir nicht.")},
        widget=forms.Select,
    )
    free = forms.BooleanField(label=_("kostenlos"), required=False)
    childcare = forms.BooleanField(label=_("mit Kinderbetreuung"), required=False)
    barrier_free = forms.BooleanField(label=_("barrierefrei"), required=False)
    online = forms.BooleanField(label=_("auch online"), required=False)
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        help_text=_("Standard: beste Treffer zuerst, ohne Suchbegriff die neuesten"),
        choices=[
            ("", _("Standard")),
            (SORT_RELEVANCE, _("beste Treffer zuerst")),
            (SORT_NEWEST, _("neueste zuerst")),
            (SORT_DISTANCE, _("nächste zuerst")),
        ],
    )
    near = forms.ChoiceField(
        label=_("Entfernung ab"),
        required=False,
        help_text=_("Für die Sortierung nach Entfernung"),
    )

    def __init__(self, data=None, *, municipalities, categories, target_groups, **kwargs):
        self._towns = {m.ags: m for m in municipalities}
        self._categories = {c.slug: c for c in categories}
        self._target_groups = {t.slug: t for t in target_groups}
        super().__init__(data, **kwargs)
        invalid_choice = _("Diese Auswahl gibt es nicht (mehr). Sie wurde nicht berücksichtigt.")
        for name in ("town", "category", "target_group", "sort", "near"):
            self.fields[name].error_messages["invalid_choice"] = invalid_choice
        self.fields["town"].choices = self._choices(
            _("alle Orte"), ((m.ags, m.name) for m in municipalities)
        )
        self.fields["near"].choices = self._choices(
            _("keine"), ((m.ags, m.name) for m in municipalities)
        )
        self.fields["category"].choices = self._choices(
            _("alle Themen"), ((c.slug, c.localized_name()) for c in categories)
        )
        self.fields["target_group"].choices = self._choices(
            _("alle"), ((t.slug, t.localized_name()) for t in target_groups)
        )
        self.fields["language"].widget.choices = [("", _("alle Sprachen"))]

    @staticmethod
    def _choices(empty_label, options):
        return [("", empty_label), *options]

    def criteria(self) -> OfferCriteria:
        """The valid part of the input (an unbound form: no criteria at all)."""
        if not self.is_bound:
            return OfferCriteria()
        self.is_valid()
        data = self.cleaned_data
        near = self._towns.get(data.get("near") or "")
        municipality = self._towns.get(data.get("town") or "")
        sort = data.get("sort") or ""
        if near and not sort:
            sort = SORT_DISTANCE  # choosing a town to measure from means sorting by it
        if sort == SORT_DISTANCE and not (near or municipality) and "sort" not in self.errors:
            self.add_error(
                "near",
                _("Bitte wählen Sie einen Ort, von dem aus die Entfernung gemessen wird."),
            )
            self._apply_kern()
        return OfferCriteria(
            query=" ".join((data.get("q") or "").split()),
            municipality=municipality,
            category=self._categories.get(data.get("category") or ""),
            target_group=self._target_groups.get(data.get("target_group") or ""),
            language=data.get("language") or "",
            sort=sort,
            near=near,
            **{name: bool(data.get(name)) for name in FLAG_FILTERS},
        )

    def show_counts(self, facets: Facets) -> None:
        """Put the number of results next to every option."""
        self.fields["town"].choices = self._choices(
            _("alle Orte"),
            (
                (ags, _with_count(m.name, facets.municipality.get(m.pk, 0)))
                for ags, m in self._towns.items()
            ),
        )
        self.fields["category"].choices = self._choices(
            _("alle Themen"),
            (
                (slug, _with_count(c.localized_name(), facets.category.get(c.pk, 0)))
                for slug, c in self._categories.items()
            ),
        )
        self.fields["target_group"].choices = self._choices(
            _("alle"),
            (
                (slug, _with_count(t.localized_name(), facets.target_group.get(t.pk, 0)))
                for slug, t in self._target_groups.items()
            ),
        )
        languages = dict(facets.language)
        chosen = self.cleaned_data.get("language") if hasattr(self, "cleaned_data") else ""
        if chosen and chosen not in languages:
            languages[chosen] = 0
        ordered = sorted(languages.items(), key=lambda item: (-item[1], item[0]))
        self.fields["language"].widget.choices = self._choices(
            _("alle Sprachen"),
            ((code, _with_count(language_label(code).label, n)) for code, n in ordered),
        )
        for name in FLAG_FILTERS:
            field = self.fields[name]
            field.count = facets.flags.get(name, 0)

    @property
    def open_filters(self) -> int:
        """How many filters are set (shown on the collapsed filter panel)."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return 0
        names = ("town", "category", "target_group", "language", *FLAG_FILTERS)
        return sum(1 for name in names if self.cleaned_data.get(name))


class OfferReportForm(KernFormMixin, forms.Form):
    """'This offer is out of date.' ``website`` is a honeypot: people never see it."""

    message = forms.CharField(
        label=_("Was stimmt nicht mehr?"),
        max_length=REPORT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Zum Beispiel: neue Zeiten, anderer Ort, das Angebot gibt es nicht mehr. "
            "Höchstens 1000 Zeichen. Bitte keine persönlichen Daten."
        ),
        error_messages={
            "max_length": _(
                "Bitte kürzer fassen: höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."
            )
        },
    )
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
