"""The steering dashboard: who may see it, its numbers (suppressed), filters, CSV, PDF and
a constant number of queries."""

import csv
import io
from datetime import date, timedelta

import factory
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.choices import ClosureReason, GoalStatus, LifeDomain, Phase
from cases.models import Goal
from kim_portal.models import Municipality, Role
from steering.dashboard import DashboardFilter, build_figures, dashboard_aggregates, figure_by_slug
from tests.cases.factories import CaseFactory, ClientDataFactory, ClientFactory, case_manager
from tests.factories import OrganisationFactory, UserFactory, totp_activate
from tests.steering.factories import BarrierReportFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel("2026-06-15 10:00 +02:00", tick=False):
        yield


class GoalFactory(ClientDataFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory)
    domain = LifeDomain.LANGUAGE
    text = "B1-Kurs"
    agreed_on = date(2026, 3, 10)
    recorded_by = factory.LazyAttribute(lambda o: o.case.case_manager)


def _reader(role):
    user = UserFactory(roles=[role])
    if role in (Role.COORDINATOR, Role.STEERING_CHAIR, Role.CASE_MANAGER):
        totp_activate(user)
    return user


@pytest.fixture
def member_client(client):
    client.force_login(_reader(Role.STEERING_MEMBER))
    return client


URL = "/de/steering/dashboard/"


@pytest.mark.parametrize("role", [Role.STEERING_MEMBER, Role.STEERING_CHAIR, Role.COORDINATOR])
def test_steering_roles_see_the_dashboard(client, role):
    client.force_login(_reader(role))

    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROVIDER_EDITOR])
def test_other_roles_are_refused(client, role):
    client.force_login(_reader(role))

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(URL).status_code == 302


def test_url_names_resolve():
    assert reverse("steering:dashboard").endswith("/steering/dashboard/")


def _figures(start=date(2025, 7, 1), end=date(2026, 7, 1), town=None):
    chosen = DashboardFilter(start, end, town)
    return build_figures(dashboard_aggregates(chosen, today=TODAY), chosen, language="de")


def _row(figure, label):
    return next(row for row in figure.rows if row.label == label)


def test_open_cases_are_counted_by_town_and_phase():
    iserlohn = Municipality.objects.get(name="Iserlohn")
    for _ in range(4):
        CaseFactory(phase=Phase.ASSESSMENT, client=ClientFactory(municipality=iserlohn))

    figure = figure_by_slug(_figures(), "open-cases")

    assert _row(figure, "Iserlohn").cells[1].display == "4"


def test_a_single_case_in_a_town_is_shown_as_less_than_three():
    hemer = Municipality.objects.get(name="Hemer")
    CaseFactory(phase=Phase.INTAKE, client=ClientFactory(municipality=hemer))
    for _ in range(5):
        CaseFactory(phase=Phase.INTAKE)

    figure = figure_by_slug(_figures(), "open-cases")

    assert _row(figure, "Hemer").cells[0].display == "<3"


def test_the_town_with_a_small_cell_does_not_reveal_it_through_its_total():
    hemer = Municipality.objects.get(name="Hemer")
    CaseFactory(phase=Phase.INTAKE, client=ClientFactory(municipality=hemer))
    for _ in range(5):
        CaseFactory(phase=Phase.INTAKE)

    figure = figure_by_slug(_figures(), "open-cases")

    assert _row(figure, "Hemer").total.suppressed


def test_closures_are_counted_by_reason():
    for _ in range(3):
        CaseFactory(
            phase=Phase.CLOSED,
            opened_on=date(2026, 1, 5),
            closed_on=date(2026, 5, 2),
            closure_reason=ClosureReason.GOALS_ACHIEVED,
        )

    figure = figure_by_slug(_figures(), "closures")

    assert _row(figure, "Ziele erreicht").cells[0].display == "3"


def test_goal_attainment_is_counted_by_domain_and_status():
    for _ in range(3):
        GoalFactory(status=GoalStatus.ACHIEVED)

    figure = figure_by_slug(_figures(), "goals")

    assert _row(figure, "Sprache").total.display == "3"


def test_median_days_to_first_goal():
    for days in (10, 20, 30):
        case = CaseFactory(opened_on=date(2026, 2, 1))
        GoalFactory(case=case, agreed_on=date(2026, 2, 1) + timedelta(days=days))

    figure = figure_by_slug(_figures(), "first-goal")

    assert figure.rows[0].cells[1] == "20"


def test_median_of_two_cases_is_withheld():
    for days in (10, 20):
        case = CaseFactory(opened_on=date(2026, 2, 1))
        GoalFactory(case=case, agreed_on=date(2026, 2, 1) + timedelta(days=days))

    figure = figure_by_slug(_figures(), "first-goal")

    assert figure.rows[0].cells[1] == "–"


def test_cases_are_counted_per_team_not_per_person():
    team = OrganisationFactory(name="Caritas Testteam")
    for _ in range(3):
        CaseFactory(case_manager=case_manager(team))

    figure = figure_by_slug(_figures(), "caseload")

    assert _row(figure, "Caritas Testteam").cells[0].display == "3"


def test_barrier_reports_are_counted_by_domain_and_month():
    for _ in range(3):
        BarrierReportFactory(domain=LifeDomain.HOUSING, month=date(2026, 2, 1))

    figure = figure_by_slug(_figures(), "barrier-reports")

    assert _row(figure, "Wohnen").total.display == "3"


def test_comparison_shows_the_change_against_the_previous_period():
    for opened in (date(2026, 1, 5),) * 5 + (date(2025, 1, 5),) * 3:
        CaseFactory(opened_on=opened)

    figure = figure_by_slug(_figures(), "comparison")

    assert [str(c.display if hasattr(c, "display") else c) for c in figure.rows[0].cells] == [
        "5",
        "3",
        "+2",
    ]


def test_query_count_does_not_grow_with_cases(member_client):
    for _ in range(3):
        CaseFactory(phase=Phase.ASSESSMENT)
    cache.clear()
    with CaptureQueriesContext(connection) as three:
        assert member_client.get(URL).status_code == 200
    for _ in range(27):
        CaseFactory(phase=Phase.ASSESSMENT)
    cache.clear()
    with CaptureQueriesContext(connection) as thirty:
        member_client.get(URL)

    assert len(thirty) == len(three)


def test_the_second_request_is_served_from_the_cache(member_client):
    member_client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        member_client.get(URL)

    assert len(queries) < 12


def test_warming_fills_the_cache_for_the_default_view(member_client):
    from steering.tasks import warm_dashboard

    CaseFactory(phase=Phase.ASSESSMENT)
    warm_dashboard()
    with CaptureQueriesContext(connection) as first:
        assert member_client.get(URL).status_code == 200
    with CaptureQueriesContext(connection) as cached:
        member_client.get(URL)

    assert len(first) == len(cached)


def test_a_failing_cache_does_not_break_the_page(member_client, monkeypatch):
    class BrokenCache:
        def get(self, *args, **kwargs):
            raise ConnectionError("redis down")

        set = get

    # Only the dashboard's cache: sessions use the same Redis.
    monkeypatch.setattr("steering.dashboard.cache", BrokenCache())

    assert member_client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "query", ["start=2026-13", "start=banana", "end=2030-01", "start=2026-05&end=2026-01", "town=x"]
)
def test_bad_filters_give_a_localised_error_not_a_crash(member_client, query):
    response = member_client.get(f"{URL}?{query}")

    assert response.status_code == 400
    assert "Bitte die Angaben prüfen." in response.content.decode()


def test_the_as_of_time_is_shown_in_berlin_time(member_client):
    response = member_client.get(URL)

    assert "15.06.2026 10:00" in response.content.decode()


def test_charts_are_labelled_images(member_client):
    CaseFactory(phase=Phase.ASSESSMENT)
    body = member_client.get(URL).content.decode()

    assert 'role="img" aria-labelledby="open-cases-chart-title open-cases-chart-desc"' in body


def test_csv_export_of_one_figure(member_client):
    for _ in range(4):
        CaseFactory(phase=Phase.ASSESSMENT)

    response = member_client.get(reverse("steering:dashboard_csv") + "?figure=open-cases")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert ["Iserlohn", "0", "4", "0", "0", "0", "0", "4"] in rows


def test_csv_via_format_parameter(member_client):
    response = member_client.get(f"{URL}?format=csv&figure=closures")

    assert response["Content-Type"].startswith("text/csv")


def test_csv_neutralises_formulas_in_names(member_client):
    team = OrganisationFactory(name="=HYPERLINK(1)")
    for _ in range(3):
        CaseFactory(case_manager=case_manager(team))

    body = member_client.get(f"{URL}?format=csv&figure=caseload").content.decode("utf-8-sig")

    assert "'=HYPERLINK(1)" in body


def test_csv_of_an_unknown_figure_is_refused(member_client):
    response = member_client.get(reverse("steering:dashboard_csv") + "?figure=nope")

    assert response.status_code == 400


def test_pdf_report_contains_the_figure_titles(member_client):
    from pypdf import PdfReader

    CaseFactory(phase=Phase.ASSESSMENT)
    response = member_client.get(reverse("steering:dashboard_pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)

    assert "Laufende Fälle nach Kommune und Phase" in text
