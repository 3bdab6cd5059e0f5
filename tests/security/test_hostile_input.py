"""Hostile input into every search and filter parameter of the pages and into the API's
parameters (the open-data API under /api/v1/ and the OParl API): SQL fragments, 100 kB
values, NUL bytes, percent-encoding that is no UTF-8, page numbers far beyond the end,
negative and oversized ids, a parameter sent several times (or as ``name[]``) where one
value is expected. The answer is a clean 200 or a 4xx, never a server error.

Parameter names come from the filter forms themselves (a new filter is covered without a
change here) and from the API's own lists of allowed parameters."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import transaction

from cases.forms import CaseloadFilterForm
from offers.api_params import LIST_PARAMETERS, SERVICE_FILTERS
from offers.forms import OfferSearchForm
from offers.staff_forms import StaffOfferFilterForm
from steering.dashboard import DashboardFilterForm
from steering.forms import (
    ActionItemFilterForm,
    DecisionFilterForm,
    HurdleFilterForm,
    MeetingFilterForm,
)
from tests.security.conftest import url_routes

pytestmark = pytest.mark.django_db

ROUTES = url_routes()


def _fields(form_class, *more: str) -> tuple[str, ...]:
    return (*form_class.base_fields, *more)


OPARL_LIST = ("page", "limit", "modified_since")
# (route, persona asking, parameters it reads)
TARGETS = [
    ("offers:list", "anon", _fields(OfferSearchForm, "page")),
    ("home", "anon", _fields(OfferSearchForm, "page")),
    ("offers:staff_list", "prov", _fields(StaffOfferFilterForm, "page")),
    ("offers:staff_review_queue", "coord", ("page",)),
    ("cases:caseload", "cm", _fields(CaseloadFilterForm, "page")),
    ("cases:case_detail", "cm", ("offer_q",)),
    ("cases:case_access_log", "lead", ("page",)),
    ("notification_list", "cm", ("page",)),
    ("steering:meetings", "coord", _fields(MeetingFilterForm, "page")),
    ("steering:decisions", "coord", _fields(DecisionFilterForm, "page")),
    ("steering:action_items", "memb", _fields(ActionItemFilterForm, "page")),
    ("steering:hurdles", "coord", _fields(HurdleFilterForm, "page")),
    ("steering:dashboard", "coord", _fields(DashboardFilterForm, "format")),
    ("steering:dashboard_csv", "coord", _fields(DashboardFilterForm)),
    ("offers_api:services", "anon", SERVICE_FILTERS + LIST_PARAMETERS),
    ("offers_api:services_ics", "anon", SERVICE_FILTERS + LIST_PARAMETERS),
    ("offers_api:service", "anon", ("lang",)),
    ("offers_api:organizations", "anon", LIST_PARAMETERS),
    ("offers_api:locations", "anon", (*LIST_PARAMETERS, "municipality", "organization_id")),
    ("offers_api:taxonomies", "anon", LIST_PARAMETERS),
    ("offers_api:taxonomy_terms", "anon", (*LIST_PARAMETERS, "taxonomy_id", "lang")),
    ("steering_api:oparl_bodies", "coord", OPARL_LIST),
    ("steering_api:oparl_body_meetings", "coord", OPARL_LIST),
    ("steering_api:oparl_body_organizations", "coord", OPARL_LIST),
    ("steering_api:oparl_organization_meetings", "coord", OPARL_LIST),
]

SQL_QUOTE = "' OR 1=1 --"
SQL_UNION = "' UNION SELECT password FROM kim_portal_user --"
SQL_LIKE = "%_%\\' AND pg_sleep(0) --"
TSQUERY = "!(a & | b) <-> :* \\ '"
# name -> a function of the parameter giving the raw query string (already encoded).
HOSTILE = {
    "sql quote": lambda p: f"{p}={quote(SQL_QUOTE)}",
    "sql union": lambda p: f"{p}={quote(SQL_UNION)}",
    "sql like": lambda p: f"{p}={quote(SQL_LIKE)}",
    "tsquery syntax": lambda p: f"{p}={quote(TSQUERY)}",
    "100 kB": lambda p: f"{p}={'A' * 100_000}",
    "nul byte": lambda p: f"{p}=abc%00def",
    "invalid utf-8": lambda p: f"{p}=%C3%28%FF%FE",
    "utf-16 surrogate": lambda p: f"{p}=%ED%A0%80",
    "huge number": lambda p: f"{p}={'9' * 40}",
    "negative": lambda p: f"{p}=-1",
    "float": lambda p: f"{p}=1e308",
    "repeated": lambda p: f"{p}=1&{p}=2&{p}=x",
    "php array": lambda p: f"{quote(p)}%5B%5D=1&{quote(p)}%5B%5D=2",
    "control characters": lambda p: f"{p}=%01%02%1B%7F%0D%0A",
    "bad date": lambda p: f"{p}=2026-13-45T99:99:99%2B99:99",
}


# What a page needs to answer at all.
BASE_QUERY = {"steering:dashboard_csv": "figure=open-cases&"}


def _get(world, persona: str, key: str, query: str):
    """``persona`` GETs ``key`` with the raw ``query``; rolled back like conftest.fetch."""
    route = ROUTES[key]
    client = world.clients[persona]
    headers = {}
    token = world.personal.get(persona, {}).get("calendar_token")
    if route.namespace == "steering_api" and token:
        headers["Authorization"] = f"Bearer {token}"
    url = route.url(world.values(route, persona))
    cache.clear()  # rate limits: every request on its own
    with transaction.atomic():
        response = client.get(f"{url}?{BASE_QUERY.get(key, '')}{query}", headers=headers)
        transaction.set_rollback(True)
    return response


def _queries(key: str, names: tuple[str, ...], attack: str) -> list[str]:
    """The requests of one attack: a form validates every field at once, so a page gets all
    its parameters in one request; the API stops at the first bad parameter, so it gets one
    request per parameter."""
    make = HOSTILE[attack]
    if ROUTES[key].namespace in {"offers_api", "steering_api"}:
        return [make(name) for name in names]
    return ["&".join(make(name) for name in names)]


ATTACKS = [(key, persona, names, attack) for key, persona, names in TARGETS for attack in HOSTILE]


def test_every_target_is_a_url_pattern():
    assert [key for key, _persona, _names in TARGETS if key not in ROUTES] == []


@pytest.mark.parametrize(("key", "persona", "names"), TARGETS, ids=[t[0] for t in TARGETS])
def test_the_target_answers_normally_without_hostile_input(world, key, persona, names):
    assert _get(world, persona, key, "").status_code == 200


@pytest.mark.parametrize(
    ("key", "persona", "names", "attack"), ATTACKS, ids=[f"{a[0]}-{a[3]}" for a in ATTACKS]
)
def test_hostile_parameters_never_cause_a_server_error(world, key, persona, names, attack):
    statuses = [
        _get(world, persona, key, query).status_code for query in _queries(key, names, attack)
    ]

    assert [status for status in statuses if status >= 500] == []


def test_unknown_parameters_in_the_api_are_refused_not_ignored(world):
    response = _get(world, "anon", "offers_api:services", "id=1%27%20OR%201%3D1")

    assert response.status_code == 400


# Hostile values where the API takes an id in the path.
HOSTILE_IDS = [
    "-1",
    "0",
    "9" * 40,
    "' OR '1'='1",
    "1 UNION SELECT 1",
    "%00",
    "A" * 5000,
    "..%2F..%2Fetc%2Fpasswd",
]
ID_ROUTES = ["offers_api:service", "offers_api:organization", "offers:detail"]


@pytest.mark.parametrize("value", HOSTILE_IDS)
@pytest.mark.parametrize("key", ID_ROUTES)
def test_hostile_ids_in_the_path_are_not_found_not_a_server_error(world, key, value):
    route = ROUTES[key]
    argument = route.arguments[-1]
    values = world.values(route, "anon") | {argument: quote(value, safe="%")}
    url = route.url(values)

    cache.clear()
    with transaction.atomic():
        response = world.clients["anon"].get(url)
        transaction.set_rollback(True)

    assert response.status_code in {400, 404}
