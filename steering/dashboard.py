"""The steering dashboard: filters, the aggregates behind it (cached), and its figures.

Nobody in steering ever sees a client: every case figure comes from the aggregate-only
selectors in ``cases.selectors`` (counts, grouped counts, a median) and passes small-cell
suppression (``steering.statistics``) before it reaches a page, a CSV or the PDF. Barrier
reports come from case work, so their counts are suppressed too; offer and hurdle-register
figures hold no personal data and are shown as they are.

**Cache.** The raw aggregates (numbers keyed by codes and ids, plus the names of towns,
categories and organisations) are cached in Redis for ``CACHE_SECONDS``, keyed by period
and town; the page shows when they were computed ("Stand"). Labels, suppression and charts
are applied per request (language, direction). A failing cache only costs the speed-up.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from cases import selectors as case_selectors
from cases.choices import (
    ClosureReason,
    GoalStatus,
    LifeDomain,
    Phase,
    ReferralStatus,
    ResidenceStatus,
)
from kim_portal.models import Municipality, Organisation
from kim_portal.reminder_engine import BERLIN
from offers import selectors as offer_selectors
from offers.api_serializers import language_name
from offers.models import Category
from steering import selectors as steering_selectors
from steering.choices import HurdleStatus

from . import charts
from .statistics import (
    Cell,
    difference,
    suppress_series,
    suppress_table,
    suppress_value,
    suppressed_median,
)

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300
CACHE_VERSION = 1
DEFAULT_MONTHS = 12
MAX_MONTHS = 60
EARLIEST = date(2020, 1, 1)  # KIM started in 2020
OUTDATED_DAYS = 180
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# --- Months and periods --------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of the months in [start, end)."""
    months, current = [], start
    while current < end:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass(frozen=True)
class DashboardFilter:
    """The chosen period ([start, end), whole months) and town; ``previous`` is the period
    of the same length right before it."""

    start: date
    end: date
    municipality: Municipality | None = None

    @property
    def municipality_id(self) -> int | None:
        return self.municipality.pk if self.municipality else None

    @property
    def months(self) -> int:
        return len(months_between(self.start, self.end))

    @property
    def previous(self) -> DashboardFilter:
        return DashboardFilter(add_months(self.start, -self.months), self.start, self.municipality)

    @property
    def last_month(self) -> date:
        return add_months(self.end, -1)

    def period(self) -> case_selectors.StatisticsPeriod:
        return case_selectors.StatisticsPeriod(self.start, self.end, self.municipality_id)

    def cache_key(self) -> str:
        return (
            f"steering:dashboard:v{CACHE_VERSION}:{self.start:%Y-%m}:{self.end:%Y-%m}:"
            f"{self.municipality_id or 'all'}"
        )


class MonthField(forms.CharField):
    """A month as ``YYYY-MM`` (the value of ``<input type="month">``)."""

    widget = forms.TextInput(attrs={"type": "month", "inputmode": "numeric"})
    default_error_messages = {
        "invalid": gettext_lazy("Bitte einen Monat im Format JJJJ-MM angeben, z. B. 2026-03.")
    }

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(match.group(1)), int(match.group(2)), 1)


class DashboardFilterForm(forms.Form):
    start = MonthField(label=gettext_lazy("von (Monat)"), required=False)
    end = MonthField(label=gettext_lazy("bis (Monat)"), required=False)
    town = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Ganzer Kreis"),
        error_messages={"invalid_choice": gettext_lazy("Bitte eine Kommune aus der Liste wählen.")},
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for name, bound in self.fields.items():
            css = "kern-form-input__select" if name == "town" else "kern-form-input__input"
            bound.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        this_month = self.today.replace(day=1)
        end = data.get("end") or this_month
        start = data.get("start") or add_months(end, -(DEFAULT_MONTHS - 1))
        if end > this_month:
            self.add_error("end", _("Der Zeitraum kann nicht in der Zukunft enden."))
        elif start < EARLIEST:
            self.add_error("start", _("Statistiken gibt es ab Januar 2020."))
        elif start > end:
            self.add_error("end", _("Der Endmonat darf nicht vor dem Anfangsmonat liegen."))
        elif len(months_between(start, add_months(end, 1))) > MAX_MONTHS:
            self.add_error("start", _("Bitte höchstens 60 Monate auf einmal wählen."))
        data["start_month"], data["end_month"] = start, end
        return data

    def dashboard_filter(self) -> DashboardFilter:
        data = self.cleaned_data
        return DashboardFilter(
            data["start_month"], add_months(data["end_month"], 1), data.get("town")
        )


# --- Aggregates (SQL, cached) --------------------------------------------------------------------


def _compute(chosen: DashboardFilter, *, today: date) -> dict:
    period, previous = chosen.period(), chosen.previous.period()
    town = chosen.municipality_id
    barrier = steering_selectors.barrier_reports_by_domain_and_month(
        start=previous.start, end=period.end, municipality_id=town
    )
    data = {
        "as_of": timezone.now(),
        "open_by_town_phase": case_selectors.case_stats_open_by_town_and_phase(
            municipality_id=town
        ),
        "by_month": case_selectors.case_stats_intakes_and_closures_by_month(period=period),
        "closure_reasons": case_selectors.case_stats_closures_by_reason(period=period),
        "first_goal": case_selectors.case_stats_days_to_first_goal(period=period),
        "first_goal_previous": case_selectors.case_stats_days_to_first_goal(period=previous),
        "goals": case_selectors.case_stats_goals_by_domain_and_status(period=period),
        "referrals": case_selectors.case_stats_referrals_by_category_and_status(period=period),
        "residence": case_selectors.case_stats_residence_status(period=period),
        "organisations": case_selectors.case_stats_by_organisation(period=period),
        "consents": case_selectors.case_stats_consents_by_month(period=period),
        "client_languages": case_selectors.case_stats_client_languages(municipality_id=town),
        "totals": case_selectors.case_stats_period_totals(periods=[period, previous]),
        "barrier": barrier,
        "top_hurdles": steering_selectors.hurdles_top_by_reports(
            start=period.start, end=period.end, municipality_id=town
        ),
        "hurdle_status": steering_selectors.hurdles_by_status(municipality_id=town),
        "action_items": steering_selectors.action_items_open_by_organisation(today=today),
        "offers_town_category": offer_selectors.offers_public_by_town_and_category(
            municipality_id=town
        ),
        "offer_languages": offer_selectors.offers_public_languages(municipality_id=town),
        "offers_outdated": offer_selectors.offers_public_outdated_by_organisation(
            days=OUTDATED_DAYS, municipality_id=town
        ),
        "towns": list(Municipality.objects.order_by("name").values_list("pk", "name")),
        "categories": list(
            Category.objects.order_by("position", "name").values_list(
                "pk", "name", "name_translations"
            )
        ),
    }
    org_ids = set(data["organisations"])
    data["organisation_names"] = dict(
        Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name")
    )
    return data


def dashboard_default_filter(*, today: date | None = None) -> DashboardFilter:
    """What the page shows without parameters: the last ``DEFAULT_MONTHS`` whole months up
    to this one, the whole district."""
    form = DashboardFilterForm({}, today=today)
    form.is_valid()
    return form.dashboard_filter()


def dashboard_warm(*, today: date | None = None) -> None:
    """Compute the default view's aggregates into the cache, so the page most people open
    never waits for the aggregate queries (about 0.9 s at 100,000 cases). Run by beat more
    often than ``CACHE_SECONDS``."""
    today = today or timezone.localdate()
    chosen = dashboard_default_filter(today=today)
    data = _compute(chosen, today=today)
    try:
        cache.set(chosen.cache_key(), data, CACHE_SECONDS)
    except Exception:
        logger.warning("dashboard cache unavailable (warm)", exc_info=True)


def dashboard_aggregates(chosen: DashboardFilter, *, today: date | None = None) -> dict:
    """The dashboard's raw aggregates, from the cache when fresh. A cache failure is logged
    and the numbers computed directly."""
    key = chosen.cache_key()
    try:
        data = cache.get(key)
    except Exception:
        logger.warning("dashboard cache unavailable (get)", exc_info=True)
        data = None
    if data is not None:
        return data
    data = _compute(chosen, today=today or timezone.localdate())
    try:
        cache.set(key, data, CACHE_SECONDS)
    except Exception:
        logger.warning("dashboard cache unavailable (set)", exc_info=True)
    return data


# --- Figures -------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    cells: list[Cell | str]
    total: Cell | None = None
    css: str = ""


@dataclass
class Figure:
    """One figure: a table (always) and an optional chart of the same numbers."""

    slug: str
    section: str
    title: str
    description: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    column_totals: list[Cell] | None = None
    grand_total: Cell | None = None
    chart: SafeString | None = None
    suppressed: bool = True
    note: str = ""
    highlight_zero: bool = False
    extra_classes: str = ""
    has_row_totals: bool = field(default=False)

    @property
    def total_label(self) -> str:
        return _("Summe")


def _number(value: float) -> str:
    return formats.number_format(value, decimal_pos=0 if value.is_integer() else 1)


def _month_label(month: date) -> str:
    return formats.date_format(month, "m/Y")


def _figure_2d(
    *,
    slug,
    section,
    title,
    description,
    row_header,
    row_keys,
    row_labels,
    col_keys,
    col_labels,
    data,
    chart="stacked",
    rtl=False,
    suppressed=True,
    drop_empty_rows=True,
    note="",
) -> Figure:
    values = [[data.get((r, c), 0) for c in col_keys] for r in row_keys]
    keep = [i for i, row in enumerate(values) if any(row) or not drop_empty_rows]
    values = [values[i] for i in keep]
    labels = [row_labels[i] for i in keep]
    if suppressed:
        table = suppress_table(values) if values else suppress_table([[0] * len(col_keys)])
        if not values:
            labels, table.cells, table.row_totals = [], [], []
    else:
        table = suppress_table([[0] * len(col_keys)])  # shape only
        table.cells = [[Cell(v) for v in row] for row in values]
        table.row_totals = [Cell(sum(row)) for row in values]
        table.col_totals = [Cell(sum(row[c] for row in values)) for c in range(len(col_keys))]
        table.grand_total = Cell(sum(map(sum, values)))
    figure = Figure(
        slug=slug,
        section=section,
        title=title,
        description=description,
        row_header=row_header,
        columns=col_labels,
        rows=[
            Row(label, cells, total)
            for label, cells, total in zip(labels, table.cells, table.row_totals, strict=True)
        ],
        column_totals=table.col_totals,
        grand_total=table.grand_total,
        suppressed=suppressed,
        has_row_totals=True,
        note=note,
    )
    if labels and chart == "stacked":
        figure.chart = charts.stacked_bar_chart(
            slug=slug,
            title=title,
            desc=description,
            labels=labels,
            series=col_labels,
            rows=table.cells,
            totals=table.row_totals,
            rtl=rtl,
        )
    elif labels and chart == "line":
        figure.chart = charts.line_chart(
            slug=slug,
            title=title,
            desc=description,
            labels=labels,
            series=col_labels,
            rows=[list(column) for column in zip(*table.cells, strict=True)],
            rtl=rtl,
        )
    return figure


def _figure_series(
    *,
    slug,
    section,
    title,
    description,
    row_header,
    column,
    labels,
    values,
    rtl=False,
    suppressed=True,
    total=True,
    note="",
) -> Figure:
    if suppressed:
        table = suppress_series(values, total=total)
        cells = table.cells[0] if values else []
        grand = table.row_totals[0] if (total and values) else None
    else:
        cells = [Cell(v) for v in values]
        grand = Cell(sum(values)) if total else None
    figure = Figure(
        slug=slug,
        section=section,
        title=title,
        description=description,
        row_header=row_header,
        columns=[column],
        rows=[Row(label, [cell]) for label, cell in zip(labels, cells, strict=True)],
        column_totals=[grand] if grand else None,
        suppressed=suppressed,
        note=note,
    )
    if labels:
        figure.chart = charts.bar_chart(
            slug=slug, title=title, desc=description, labels=labels, cells=cells, rtl=rtl
        )
    return figure


def _choices(choice_class, data_keys) -> tuple[list, list]:
    """Keys and labels of a choices class, plus any unknown keys in the data at the end."""
    keys = [c.value for c in choice_class]
    labels = [str(c.label) for c in choice_class]
    for key in sorted({k for k in data_keys if k not in keys}, key=str):
        keys.append(key)
        labels.append(_("ohne Angabe") if not key else str(key))
    return keys, labels


def build_figures(data: dict, chosen: DashboardFilter, *, language: str | None = None) -> dict:
    """All figures of the dashboard, grouped by section, with labels in the active
    language. Pure Python over the cached aggregates."""
    language = language or get_language() or "de"
    rtl = get_language_bidi()
    months = months_between(chosen.start, chosen.end)
    month_labels = [_month_label(m) for m in months]
    towns = data["towns"]
    if chosen.municipality_id:
        towns = [(pk, name) for pk, name in towns if pk == chosen.municipality_id]
    town_ids, town_names = [pk for pk, _n in towns], [name for _p, name in towns]
    cat_ids = [pk for pk, _n, _t in data["categories"]]
    cat_names = [(t or {}).get(language) or name for _p, name, t in data["categories"]]
    cases_section, offers_section, hurdles_section = (
        _("Case Management"),
        _("Angebote"),
        _("Integrationshürden"),
    )
    figures = []

    # Comparison with the previous period.
    current, previous = data["totals"]
    prev_filter = chosen.previous
    barrier_now = sum(n for (_d, m), n in data["barrier"].items() if m >= chosen.start)
    barrier_before = sum(n for (_d, m), n in data["barrier"].items() if m < chosen.start)
    key_rows = [
        (_("Neue Fälle (Intake)"), current["intakes"], previous["intakes"]),
        (_("Abgeschlossene Fälle"), current["closures"], previous["closures"]),
        (_("Vereinbarte Ziele"), current["goals"], previous["goals"]),
        (_("Vermittlungen"), current["referrals"], previous["referrals"]),
        (_("Erteilte Einwilligungen"), current["consents_given"], previous["consents_given"]),
        (
            _("Widerrufene Einwilligungen"),
            current["consents_withdrawn"],
            previous["consents_withdrawn"],
        ),
        (_("Hürdenmeldungen"), barrier_now, barrier_before),
    ]
    rows = []
    for label, now_value, before_value in key_rows:
        now_cell, before_cell = suppress_value(now_value), suppress_value(before_value)
        change = difference(now_cell, before_cell)
        rows.append(
            Row(
                label,
                [now_cell, before_cell, "–" if change is None else f"{change:+d}"],
            )
        )
    period_label = f"{_month_label(chosen.start)}–{_month_label(chosen.last_month)}"
    previous_label = f"{_month_label(prev_filter.start)}–{_month_label(prev_filter.last_month)}"
    figures.append(
        Figure(
            slug="comparison",
            section=cases_section,
            title=_("Kennzahlen im Vergleich zum Vorzeitraum"),
            description=_(
                "Kennzahlen des gewählten Zeitraums, des gleich langen Zeitraums davor und "
                "die Veränderung."
            ),
            row_header=_("Kennzahl"),
            columns=[period_label, previous_label, _("Veränderung")],
            rows=rows,
            note=_("Eine Veränderung wird nur gezeigt, wenn beide Werte gezeigt werden."),
        )
    )

    phase_keys = [p.value for p in Phase if p != Phase.CLOSED]
    phase_labels = [str(p.label) for p in Phase if p != Phase.CLOSED]
    figures.append(
        _figure_2d(
            slug="open-cases",
            section=cases_section,
            title=_("Laufende Fälle nach Kommune und Phase"),
            description=_("Alle derzeit offenen Fälle nach Wohnort und Phase (Stichtag heute)."),
            row_header=_("Kommune"),
            row_keys=town_ids,
            row_labels=town_names,
            col_keys=phase_keys,
            col_labels=phase_labels,
            data=data["open_by_town_phase"],
            rtl=rtl,
        )
    )

    by_month = data["by_month"]
    month_data = {}
    for month in months:
        month_data[(month, "intakes")] = by_month["intakes"].get(month, 0)
        month_data[(month, "closures")] = by_month["closures"].get(month, 0)
    figures.append(
        _figure_2d(
            slug="intakes",
            section=cases_section,
            title=_("Neue Fälle und Abschlüsse pro Monat"),
            description=_("Eröffnete und abgeschlossene Fälle je Monat des Zeitraums."),
            row_header=_("Monat"),
            row_keys=months,
            row_labels=month_labels,
            col_keys=["intakes", "closures"],
            col_labels=[_("Neue Fälle"), _("Abschlüsse")],
            data=month_data,
            chart="line",
            rtl=rtl,
            drop_empty_rows=False,
        )
    )

    keys, labels = _choices(ClosureReason, data["closure_reasons"])
    figures.append(
        _figure_series(
            slug="closures",
            section=cases_section,
            title=_("Abschlüsse nach Grund"),
            description=_("Im Zeitraum abgeschlossene Fälle nach Abschlussgrund."),
            row_header=_("Abschlussgrund"),
            column=_("Fälle"),
            labels=labels,
            values=[data["closure_reasons"].get(k, 0) for k in keys],
            rtl=rtl,
        )
    )

    goal_rows = []
    for label, result in (
        (period_label, data["first_goal"]),
        (previous_label, data["first_goal_previous"]),
    ):
        median = suppressed_median(result["median"], result["count"])
        goal_rows.append(
            Row(
                label,
                [
                    suppress_value(result["count"]),
                    "–" if median is None else _number(float(median)),
                ],
            )
        )
    figures.append(
        Figure(
            slug="first-goal",
            section=cases_section,
            title=_("Tage von der Aufnahme bis zur ersten Zielvereinbarung (Median)"),
            description=_(
                "Für im Zeitraum eröffnete Fälle mit Zielvereinbarung: Median der Tage "
                "zwischen Eröffnung und erster Zielvereinbarung."
            ),
            row_header=_("Zeitraum"),
            columns=[_("Fälle mit Zielvereinbarung"), _("Median (Tage)")],
            rows=goal_rows,
            note=_("Der Median wird erst ab 3 Fällen gezeigt."),
        )
    )

    domain_keys, domain_labels = _choices(LifeDomain, [])
    status_keys, status_labels = _choices(GoalStatus, [])
    figures.append(
        _figure_2d(
            slug="goals",
            section=cases_section,
            title=_("Zielerreichung nach Lebensbereich"),
            description=_("Im Zeitraum vereinbarte Ziele nach Lebensbereich und Stand."),
            row_header=_("Lebensbereich"),
            row_keys=domain_keys,
            row_labels=domain_labels,
            col_keys=status_keys,
            col_labels=status_labels,
            data=data["goals"],
            rtl=rtl,
        )
    )

    ref_status_keys, ref_status_labels = _choices(ReferralStatus, [])
    figures.append(
        _figure_2d(
            slug="referrals",
            section=cases_section,
            title=_("Vermittlungen nach Angebotskategorie und Ergebnis"),
            description=_(
                "Im Zeitraum angelegte Vermittlungen nach der ersten Kategorie des Angebots "
                "und ihrem Stand."
            ),
            row_header=_("Kategorie"),
            row_keys=[*cat_ids, None],
            row_labels=[*cat_names, _("externe Stelle / ohne Kategorie")],
            col_keys=ref_status_keys,
            col_labels=ref_status_labels,
            data=data["referrals"],
            rtl=rtl,
        )
    )

    keys, labels = _choices(ResidenceStatus, data["residence"])
    figures.append(
        _figure_series(
            slug="residence",
            section=cases_section,
            title=_("Aufenthaltsstatus"),
            description=_(
                "Klient*innen mit einem im Zeitraum offenen Fall nach Aufenthaltsstatus."
            ),
            row_header=_("Aufenthaltsstatus"),
            column=_("Klient*innen"),
            labels=labels,
            values=[data["residence"].get(k, 0) for k in keys],
            rtl=rtl,
        )
    )

    orgs = sorted(
        data["organisations"].items(),
        key=lambda item: data["organisation_names"].get(item[0], ""),
    )
    figures.append(
        _figure_series(
            slug="caseload",
            section=cases_section,
            title=_("Fälle je Case-Management-Team"),
            description=_(
                "Im Zeitraum offene Fälle je Organisation des Case Managements (nicht je Person)."
            ),
            row_header=_("Organisation"),
            column=_("Fälle"),
            labels=[data["organisation_names"].get(pk, "–") for pk, _n in orgs],
            values=[n for _pk, n in orgs],
            rtl=rtl,
        )
    )

    consent_data = {}
    for month in months:
        consent_data[(month, "given")] = data["consents"]["given"].get(month, 0)
        consent_data[(month, "withdrawn")] = data["consents"]["withdrawn"].get(month, 0)
    figures.append(
        _figure_2d(
            slug="consents",
            section=cases_section,
            title=_("Einwilligungen und Widerrufe"),
            description=_("Erteilte und widerrufene Einwilligungen je Monat des Zeitraums."),
            row_header=_("Monat"),
            row_keys=months,
            row_labels=month_labels,
            col_keys=["given", "withdrawn"],
            col_labels=[_("erteilt"), _("widerrufen")],
            data=consent_data,
            chart="line",
            rtl=rtl,
            drop_empty_rows=False,
        )
    )

    # Offers (no personal data, except the clients' languages).
    offers_figure = _figure_2d(
        slug="offers",
        section=offers_section,
        title=_("Veröffentlichte Angebote nach Kommune und Kategorie"),
        description=_(
            "Öffentliche Angebote je Kommune ihrer Orte und Kategorie; 0 markiert eine Lücke."
        ),
        row_header=_("Kommune"),
        row_keys=town_ids,
        row_labels=town_names,
        col_keys=cat_ids,
        col_labels=cat_names,
        data=data["offers_town_category"],
        chart="none",
        suppressed=False,
        drop_empty_rows=False,
        note=_(
            "Ein Angebot an mehreren Orten oder in mehreren Kategorien zählt in jeder Zeile "
            "und Spalte."
        ),
    )
    offers_figure.highlight_zero = True
    figures.append(offers_figure)

    codes = sorted(
        set(data["offer_languages"]) | set(data["client_languages"]),
        key=lambda code: (-data["client_languages"].get(code, 0), code),
    )
    client_cells = suppress_series(
        [data["client_languages"].get(code, 0) for code in codes], total=False
    ).cells
    figures.append(
        Figure(
            slug="languages",
            section=offers_section,
            title=_("Angebotssprachen und Sprachen der Klient*innen"),
            description=_(
                "Öffentliche Angebote je Sprache und Klient*innen mit offenem Fall, die diese "
                "Sprache sprechen."
            ),
            row_header=_("Sprache"),
            columns=[_("Angebote"), _("Klient*innen")],
            rows=[
                Row(
                    language_name(code, language),
                    [Cell(data["offer_languages"].get(code, 0)), client_cells[0][i]],
                    css="dash-row--gap" if not data["offer_languages"].get(code) else "",
                )
                for i, code in enumerate(codes)
            ]
            if codes
            else [],
            note=_(
                "Zeilen ohne Angebot in einer Sprache, die Klient*innen sprechen, sind markiert."
            ),
        )
    )

    outdated = data["offers_outdated"]
    figures.append(
        _figure_series(
            slug="outdated-offers",
            section=offers_section,
            title=_("Angebote ohne Prüfung seit 180 Tagen"),
            description=_(
                "Öffentliche Angebote, die seit mehr als 180 Tagen nicht oder noch nie geprüft "
                "wurden, je Organisation."
            ),
            row_header=_("Organisation"),
            column=_("Angebote"),
            labels=[name for name, _n in outdated],
            values=[n for _name, n in outdated],
            suppressed=False,
            rtl=rtl,
        )
    )

    # Hurdles.
    barrier_in_period = {k: v for k, v in data["barrier"].items() if k[1] >= chosen.start}
    figures.append(
        _figure_2d(
            slug="barrier-reports",
            section=hurdles_section,
            title=_("Hürdenmeldungen nach Lebensbereich im Zeitverlauf"),
            description=_("Hürdenmeldungen aus dem Case Management je Lebensbereich und Monat."),
            row_header=_("Lebensbereich"),
            row_keys=domain_keys,
            row_labels=domain_labels,
            col_keys=months,
            col_labels=month_labels,
            data=barrier_in_period,
            chart="none",
            rtl=rtl,
        )
    )
    # The chart shows the domains' totals; the months are in the table.
    barrier_figure = figures[-1]
    if barrier_figure.rows:
        barrier_figure.chart = charts.bar_chart(
            slug=barrier_figure.slug,
            title=barrier_figure.title,
            desc=_("Summe der Hürdenmeldungen je Lebensbereich im Zeitraum."),
            labels=[row.label for row in barrier_figure.rows],
            cells=[row.total for row in barrier_figure.rows],
            rtl=rtl,
        )

    top = data["top_hurdles"]
    figures.append(
        _figure_series(
            slug="top-hurdles",
            section=hurdles_section,
            title=_("Häufigste Integrationshürden"),
            description=_("Integrationshürden mit den meisten Hürdenmeldungen im Zeitraum."),
            row_header=_("Integrationshürde"),
            column=_("Hürdenmeldungen"),
            labels=[title for title, _n in top],
            values=[n for _title, n in top],
            total=False,
            rtl=rtl,
        )
    )

    keys, labels = _choices(HurdleStatus, data["hurdle_status"])
    figures.append(
        _figure_series(
            slug="hurdle-status",
            section=hurdles_section,
            title=_("Stand der Maßnahmen"),
            description=_("Integrationshürden im Register nach Status."),
            row_header=_("Status"),
            column=_("Integrationshürden"),
            labels=labels,
            values=[data["hurdle_status"].get(k, 0) for k in keys],
            suppressed=False,
            rtl=rtl,
        )
    )

    items = data["action_items"]
    item_rows = [Row(name, [Cell(n_open), Cell(n_overdue)]) for name, n_open, n_overdue in items]
    item_figure = Figure(
        slug="action-items",
        section=hurdles_section,
        title=_("Offene und überfällige Aufgaben je Organisation"),
        description=_("Offene Aufgaben aus veröffentlichten Protokollen, davon überfällig."),
        row_header=_("Organisation"),
        columns=[_("offen"), _("davon überfällig")],
        rows=item_rows,
        suppressed=False,
    )
    if items:
        item_figure.chart = charts.stacked_bar_chart(
            slug="action-items",
            title=item_figure.title,
            desc=item_figure.description,
            labels=[name for name, _o, _d in items],
            series=[_("überfällig"), _("offen, nicht überfällig")],
            rows=[[Cell(d), Cell(o - d)] for _n, o, d in items],
            totals=[Cell(o) for _n, o, _d in items],
            rtl=rtl,
        )
    figures.append(item_figure)

    sections: dict[str, list[Figure]] = {}
    for figure in figures:
        sections.setdefault(figure.section, []).append(figure)
    return sections


def as_of_local(data: dict) -> datetime:
    return timezone.localtime(data["as_of"], BERLIN)


def figure_by_slug(sections: dict, slug: str) -> Figure | None:
    for figures in sections.values():
        for figure in figures:
            if figure.slug == slug:
                return figure
    return None
