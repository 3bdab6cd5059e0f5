"""Object-level access (IDOR): for every URL that takes the id of an object, a user of the
same role who has no access to *that* object is refused (403/404) and never sees its data;
an id that does not exist (or cannot exist) is a 404, never a server error.

The routes come from the resolver and the ids from ``tests/security/conftest.py``, so a new
object URL is covered without a change here. Which persona "may" use a route is read from
the matrix (``test_authorisation_matrix.EXPECTED``): where a persona gets through, its
stranger — the same role, another team / steering body / provider (``World.strangers``) —
must not.
"""

import pytest

from offers.api_serializers import Kind, resource_id
from steering.services import calendar_token_issue
from tests.security.conftest import (
    MISSING_PK,
    MISSING_TOKEN,
    NOTIFICATION_SUBJECT,
    OBJECT_AFTER_SEGMENT,
    SECRETS,
    STRANGERS,
    fetch,
    url_routes,
)
from tests.security.test_authorisation_matrix import EXPECTED

pytestmark = pytest.mark.django_db

ROUTES = url_routes()
# Answers that mean the request got past the access checks.
THROUGH = {"200", "204", "301", "302", "400", "410", "429"}
REFUSED = {"403", "404"}
# Objects the access to which does not depend on the object: anyone in the role sees all
# hurdles (no personal data); public offers are public.
ROLE_WIDE = {"hurdle", "offer", "service_id", "organization_id"}
# Tokens in the URL are the credential itself: whoever holds the link gets in (guessed and
# revoked ones: the 404 tests below).
CREDENTIALS = {"calendar_token", "invitation_token"}
# The object kinds the issue names; the sweep must reach each of them.
OBJECT_KINDS = {
    "case",
    "client",
    "consent",
    "goal",
    "referral",
    "offer_draft",
    "revision",
    "meeting",
    "item",
    "decision",
    "paper",
    "version",
    "action",
    "body",
    "notification",
    "calendar_token",
    "invitation_token",
}
# An id that fits the URL but no database column (bigger than a PostgreSQL bigint).
HUGE_PK = 99_999_999_999_999_999_999


def _objects_of(route) -> dict[str, str]:
    """URL argument -> object name, for the arguments that are object ids (the admin's
    object URLs are the superuser's alone; the matrix covers them)."""
    if route.namespace == "admin":
        return {}
    named = {
        argument: OBJECT_AFTER_SEGMENT.get((route.segment_before(argument), argument))
        for argument in route.arguments
    }
    return {argument: name for argument, name in named.items() if name}


OBJECT_ROUTES = [key for key, route in ROUTES.items() if _objects_of(route)]


def _through(key: str, persona: str) -> list[str]:
    """The methods by which ``persona`` gets through on route ``key`` (per the matrix)."""
    return [
        method for method, answers in EXPECTED.get(key, {}).items() if answers[persona] in THROUGH
    ]


def test_the_sweep_reaches_every_kind_of_object(world):
    reached = {name for key in OBJECT_ROUTES for name in _objects_of(ROUTES[key]).values()}

    assert reached >= OBJECT_KINDS, f"never exercised: {sorted(OBJECT_KINDS - reached)}"


def _stranger_cells(key: str) -> list[tuple[str, str]]:
    """(persona, method) where the persona gets through on ``key`` and access depends on
    the object: there, the persona's stranger must not."""
    if set(_objects_of(ROUTES[key]).values()) <= ROLE_WIDE | CREDENTIALS:
        return []
    return [(persona, method) for persona in STRANGERS for method in _through(key, persona)]


# Routes only the coordinator (who sees everything) gets through on have no stranger.
STRANGER_ROUTES = [key for key in OBJECT_ROUTES if _stranger_cells(key)]


@pytest.mark.parametrize("key", STRANGER_ROUTES)
def test_a_stranger_in_the_same_role_is_refused_and_sees_nothing(world, key):
    route = ROUTES[key]
    answers = {
        # The owner's ids (and the owner's notification), asked for by the stranger.
        (method, f"stranger-{persona}"): fetch(
            world, f"stranger-{persona}", route, method, world.values(route, persona)
        )
        for persona, method in _stranger_cells(key)
    }
    wrong = {
        cell: (answer.outcome, world.leaks(cell[1], answer.body))
        for cell, answer in answers.items()
        if answer.outcome not in REFUSED or world.leaks(cell[1], answer.body)
    }

    assert wrong == {}


def _missing_values(world, route, persona, argument, name, pk):
    values = world.values(route, persona)
    if name in {"service_id", "organization_id"}:
        kind = Kind.SERVICE if name == "service_id" else Kind.ORGANIZATION
        values[argument] = resource_id(kind, MISSING_PK) if pk == MISSING_PK else f"{pk}"
    elif name in {"calendar_token", "invitation_token"}:
        values[argument] = MISSING_TOKEN
    else:
        values[argument] = pk
    return values


@pytest.mark.parametrize("key", OBJECT_ROUTES)
def test_an_id_that_does_not_exist_is_404(world, key):
    route = ROUTES[key]
    objects = _objects_of(route)
    answers = {}
    for persona in world.users:
        for method in _through(key, persona):
            for argument, name in objects.items():
                for pk in (MISSING_PK, HUGE_PK):
                    values = _missing_values(world, route, persona, argument, name, pk)
                    answer = fetch(world, persona, route, method, values)
                    answers[f"{method} {persona} {argument}={pk}"] = answer.outcome
    wrong = {cell: outcome for cell, outcome in answers.items() if outcome != "404"}

    assert answers
    assert wrong == {}


# --- Things the generic sweep cannot express ---------------------------------------------------


@pytest.mark.parametrize(
    "key", ["offers:detail", "offers:print", "offers:ics", "offers:report", "offers_api:service"]
)
def test_a_draft_offer_is_not_public(world, key):
    route = ROUTES[key]
    draft = world.objects["offer_draft"]
    argument = route.arguments[0]
    value = resource_id(Kind.SERVICE, draft) if key == "offers_api:service" else draft

    outcomes = {
        persona: fetch(world, persona, route, "GET", {argument: value})
        for persona in ("anon", "cm", "prov", "coord")
    }

    assert {p: a.outcome for p, a in outcomes.items()} == dict.fromkeys(outcomes, "404")
    assert not any(world.leaks(p, a.body) for p, a in outcomes.items())


def test_another_providers_draft_is_404_on_every_staff_page(world):
    keys = [key for key in OBJECT_ROUTES if "offer_draft" in _objects_of(ROUTES[key]).values()]

    outcomes = {
        f"{method} {key}": fetch(
            world, "stranger-prov", ROUTES[key], method, world.values(ROUTES[key], "prov")
        ).outcome
        for key in keys
        for method in _through(key, "prov")
    }

    assert keys
    assert set(outcomes.values()) == {"404"}, outcomes


def test_the_calendar_feed_refuses_guessed_and_revoked_tokens(world):
    route = ROUTES["steering_api:calendar_feed"]
    own = world.personal["memb"]["calendar_token"]
    guessed = own[:-4] + ("aaaa" if not own.endswith("aaaa") else "bbbb")

    answers = {"guessed": fetch(world, "anon", route, "GET", {"token": guessed}).outcome}
    answers["nobody's"] = fetch(world, "anon", route, "GET", {"token": MISSING_TOKEN}).outcome
    # A new token revokes the old one (rolled back with the test).
    calendar_token_issue(user=world.users["memb"])
    answers["revoked"] = fetch(world, "anon", route, "GET", {"token": own}).outcome

    assert answers == {"guessed": "404", "nobody's": "404", "revoked": "404"}


def test_the_oparl_api_ignores_the_session_and_refuses_a_strangers_token(world):
    meeting = ROUTES["steering_api:oparl_meeting"]
    values = {"pk": world.objects["meeting"]}

    # Logged in as a member of the meeting's body, but no token: the session does not count.
    with_session_only = (
        world.clients["memb"].get(meeting.url(values), headers={"Authorization": ""}).status_code
    )
    # A member of another body with their own valid token.
    stranger = fetch(world, "stranger-memb", meeting, "GET", values)

    assert with_session_only == 401
    assert stranger.outcome == "404"
    assert world.leaks("stranger-memb", stranger.body) == []


def test_a_notification_of_someone_else_is_404_for_every_persona(world):
    route = ROUTES["notification_open"]
    owner_notification = world.personal["cm"]["notification"]

    outcomes = {
        persona: fetch(world, persona, route, "GET", {"pk": owner_notification}).outcome
        for persona in world.clients
        if persona not in {"anon", "cm", "nomfa"}
    }

    assert set(outcomes.values()) == {"404"}, outcomes


@pytest.mark.parametrize(
    ("key", "persona", "secret"),
    [
        ("cases:case_detail", "cm", "client"),
        ("cases:case_detail", "cm", "contact"),
        ("cases:contact_log", "cm", "contact"),
        ("cases:case_detail", "lead", "goal"),
        ("offers:staff_edit", "prov", "offer_draft"),
        ("steering:meeting_detail", "memb", "meeting"),
    ],
)
def test_the_owners_see_the_texts_the_leak_check_looks_for(world, key, persona, secret):
    # Otherwise "no leak" above would prove nothing.
    answer = fetch(world, persona, ROUTES[key], "GET")

    assert answer.outcome == "200"
    assert SECRETS[secret] in answer.body.decode()
    assert world.leaks(persona, answer.body) == []
    assert secret in world.leaks("stranger-" + persona, answer.body)


def test_a_persona_sees_their_own_notification_and_no_one_elses(world):
    answer = fetch(world, "cm", ROUTES["notification_list"], "GET")
    subject = NOTIFICATION_SUBJECT.format(world.users["cm"].display_name)

    assert subject in answer.body.decode()
    assert world.leaks("cm", answer.body) == []
    assert world.leaks("lead", answer.body) == ["notification of cm"]
