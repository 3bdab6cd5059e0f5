"""The shared set-up of the security tests: every URL pattern from the resolver, one persona
per role (plus a stranger of the same role without access to the objects), one real object
behind every id a URL takes, and a request helper that rolls back whatever the request
changed, so the objects are built once per module and every request sees the same state.

How an id is chosen: by the path segment before it (``cases/<int:pk>/`` is the case,
``goals/<int:goal_pk>/`` the goal), see ``OBJECT_AFTER_SEGMENT``; admin URLs take an
object of the model they are about. A new URL under a known segment needs nothing here."""

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import timezone

from cases.choices import ContactMode, LifeDomain, Phase
from cases.services import (
    case_share,
    contact_log,
    goal_agree,
    household_member_add,
    referral_create,
)
from kim_portal.models import Invitation, Role
from kim_portal.services import invitation_create
from offers.api_serializers import Kind, resource_id
from offers.models import Offer, OfferRevision
from steering.choices import DecisionOutcome, MeetingState
from steering.services import (
    action_item_create,
    calendar_token_issue,
    decision_record,
    file_attach,
    minutes_approve,
    minutes_correction_propose,
    minutes_publish,
)
from tests.cases.factories import CaseFactory, ConsentFactory, case_manager, team_lead
from tests.factories import (
    PASSWORD,
    NotificationFactory,
    OrganisationFactory,
    UserFactory,
    reference_data_restore,
    totp_activate,
)
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    OfferLocationFactory,
    ScheduleFactory,
)
from tests.offers.test_staff_support import editor_of
from tests.steering.factories import (
    HurdleFactory,
    coordinator,
    meeting_with_minutes,
    seated_body,
    steering_chair,
)

# The columns of the matrix: anonymous, every role group, a case manager who has not set up
# the second factor their role requires, and a superuser (with TOTP).
PERSONAS = {
    "anon": None,
    "cm": Role.CASE_MANAGER,
    "lead": Role.CASE_TEAM_LEAD,
    "coord": Role.COORDINATOR,
    "memb": Role.STEERING_MEMBER,
    "chair": Role.STEERING_CHAIR,
    "prov": Role.PROVIDER_EDITOR,
    "nomfa": "case_manager without TOTP",
    "super": "superuser",
}

# Which object an id in a URL stands for: (path segment before it, URL argument) -> object.
OBJECT_AFTER_SEGMENT = {
    # case management
    ("cases", "pk"): "case",
    ("household", "member_pk"): "household_member",
    ("share", "user_pk"): "shared_user",
    ("clients", "pk"): "client",
    ("consents", "consent_pk"): "consent",
    ("goals", "goal_pk"): "goal",
    ("referrals", "referral_pk"): "referral",
    # the catalogue: the public pages show a published offer, the staff pages edit a draft
    ("offers", "pk"): "offer",
    ("staff", "pk"): "offer_draft",
    ("review", "pk"): "revision",
    ("services", "id"): "service_id",
    ("organizations", "id"): "organization_id",
    # the steering group (pages and OParl)
    ("meetings", "pk"): "meeting",
    ("agenda", "item_pk"): "item",
    ("agenda-items", "pk"): "item",
    ("decisions", "pk"): "decision",
    ("decisions", "decision_pk"): "decision",
    ("minutes", "version_pk"): "version",
    ("papers", "pk"): "paper",
    ("files", "pk"): "paper",
    ("action-items", "pk"): "action",
    ("hurdles", "pk"): "hurdle",
    ("bodies", "pk"): "body",
    ("organizations", "pk"): "body",
    # personal: each persona's own notification and calendar token
    ("notifications", "pk"): "notification",
    ("calendar", "token"): "calendar_token",
    ("invitation", "token"): "invitation_token",
}
# URL arguments that are no object id: what to put there.
PLAIN_ARGUMENTS = {
    "path": "gibt-es-nicht",
    "url": "gibt-es-nicht/",
    "app_label": "offers",
    "key": "kein-gueltiger-schluessel",
    "uidb36": "0",
}
PERSONAL_OBJECTS = {"notification", "calendar_token"}
# The roles whose access depends on the object; each has a stranger in ``World.strangers``.
STRANGERS = ("cm", "lead", "memb", "chair", "prov")
# An id no row has (and a token nobody holds).
MISSING_PK = 2_147_480_000
MISSING_TOKEN = "kein-gueltiges-token-0000000000000000000000"

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
# Texts of the objects, and the personas who may see them; nobody else may ever get them in
# an answer (the admin is the superuser's; each persona also sees their own notification).
SECRETS = {
    "client": "Geheimnachname",
    "contact": "Vertrauliche Gesprächsnotiz",
    "goal": "Zielvereinbarung Geheim",
    "offer_draft": "Unveröffentlichter Entwurf",
    "meeting": "Geheime Sitzung",
}
SEEN_BY = {
    "client": {"cm", "lead"},
    "contact": {"cm", "lead"},
    "goal": {"cm", "lead"},
    "offer_draft": {"prov", "coord", "super"},
    "meeting": {"coord", "memb", "chair"},
}
NOTIFICATION_SUBJECT = "Persönlicher Hinweis für {}"


# --- URL patterns ---------------------------------------------------------------------------


_ROUTE_ARGUMENT = re.compile(r"<(?:[^>:]+:)?([^>]+)>")


@dataclass(frozen=True)
class Route:
    """One URL pattern: ``key`` is its namespaced name (or, for an unnamed pattern, its
    route text), ``pieces`` the patterns from the root down to it."""

    key: str
    namespace: str
    text: str
    pieces: tuple

    @property
    def arguments(self) -> list[str]:
        names = []
        for piece in self.pieces:
            if isinstance(piece, RoutePattern):
                names += _ROUTE_ARGUMENT.findall(str(piece))
            elif isinstance(piece, RegexPattern):
                names += list(piece.regex.groupindex)
        return names

    def segment_before(self, argument: str) -> str:
        """The literal path segment just before ``argument`` ("" at the start)."""
        segments = self.text.strip("^$").split("/")
        for index, segment in enumerate(segments):
            if (
                f"<{argument}>" in segment
                or f":{argument}>" in segment
                or (f"(?P<{argument}>" in segment)
            ):
                return segments[index - 1] if index else ""
        raise AssertionError(f"{argument} not in {self.text}")

    def url(self, values: dict[str, str]) -> str:
        parts = []
        for piece in self.pieces:
            if isinstance(piece, LocalePrefixPattern):
                parts.append(piece.language_prefix)
            elif isinstance(piece, RoutePattern):
                parts.append(_ROUTE_ARGUMENT.sub(lambda m: str(values[m.group(1)]), str(piece)))
            else:
                parts.append(_fill_regex(str(piece), values))
        return "/" + "".join(parts)


def _fill_regex(regex: str, values: dict[str, str]) -> str:
    """The regex with each named group replaced by its value, without anchors."""
    out, index = [], 0
    while index < len(regex):
        match = re.compile(r"\(\?P<(\w+)>").match(regex, index)
        if match is None:
            out.append(regex[index])
            index += 1
            continue
        depth, index = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(regex[index], 0)
            index += 1
        out.append(str(values[match.group(1)]))
    return "".join(out).removeprefix("^").removesuffix("$").replace("\\", "")


def _join(route: str, more: str) -> str:
    # As django.urls.resolvers.URLResolver._join_route, which ResolverMatch.route uses.
    return more if not route else route + more.removeprefix("^")


def _unnamed_key(route_text: str) -> str:
    """How the matrix names an unnamed pattern: its route with ``<*>`` for each argument
    (``admin/offers/offer/<*>/``, ``api/v1/oparl/<*>``)."""
    text = _fill_regex(route_text, _AnyArgument())
    return _ROUTE_ARGUMENT.sub("<*>", text)


class _AnyArgument(dict):
    def __missing__(self, key):
        return "<*>"


def url_routes() -> dict[str, Route]:
    """Every URL pattern of the site by key, in resolution order, walking includes and the
    language prefix. A pattern shadowed by an earlier one of the same name (allauth's
    ``account_email`` under ours) is the same URL and keeps the first entry."""
    found: dict[str, Route] = {}

    def walk(resolver, pieces, text, namespace):
        for pattern in resolver.url_patterns:
            full = _join(text, str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, (*pieces, pattern.pattern), full, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    key = f"{namespace}:{pattern.name}" if namespace else pattern.name
                else:
                    key = _unnamed_key(full)
                found.setdefault(key, Route(key, namespace, full, (*pieces, pattern.pattern)))

    walk(get_resolver(), (), "", "")
    return found


# --- Personas and objects -------------------------------------------------------------------


def with_mfa(user):
    totp_activate(user)
    return user


@dataclass
class World:
    """The personas (``users``; ``strangers`` hold the same role without access to the
    objects), the objects behind URL ids, and a logged-in test client per persona."""

    users: dict
    strangers: dict
    objects: dict
    personal: dict = field(default_factory=dict)  # persona -> {"notification": pk, ...}
    clients: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)

    def value(self, route: Route, argument: str, persona: str) -> str:
        """What to put into ``argument`` of ``route`` when ``persona`` asks."""
        if route.namespace == "admin" and argument in {"object_id", "id", "content_type_id"}:
            return self._admin_value(route, argument)
        name = OBJECT_AFTER_SEGMENT.get((route.segment_before(argument), argument))
        if name is None:
            if argument in PLAIN_ARGUMENTS:
                return PLAIN_ARGUMENTS[argument]
            raise AssertionError(
                f"{route.key}: which object is <{argument}>? Add its path segment to "
                "OBJECT_AFTER_SEGMENT in tests/security/conftest.py."
            )
        if name in PERSONAL_OBJECTS:
            # Anonymous visitors (and roles without a calendar) try a case manager's
            # notification and a token nobody holds.
            mine = self.personal.get(persona) or self.personal["cm"]
            return mine.get(name, MISSING_TOKEN)
        return self.objects[name]

    def leaks(self, persona: str, body: bytes) -> list[str]:
        """The texts in ``body`` that ``persona`` may not see."""
        text = body.decode("utf-8", errors="replace")
        found = [
            name
            for name, secret in SECRETS.items()
            if persona not in SEEN_BY[name] and secret in text
        ]
        if persona != "super":
            everybody = {**self.users, **{f"stranger-{k}": v for k, v in self.strangers.items()}}
            found += [
                f"notification of {other}"
                for other, user in everybody.items()
                if user is not None
                and other != persona
                and NOTIFICATION_SUBJECT.format(user.display_name) in text
            ]
        return found

    def values(self, route: Route, persona: str) -> dict[str, str]:
        return {argument: self.value(route, argument, persona) for argument in route.arguments}

    def _admin_value(self, route: Route, argument: str):
        segments = route.text.split("/")
        if segments[1] == "r":  # view_on_site: the public page of an offer
            offer = Offer.objects.get(pk=self.objects["offer"])
            if argument == "content_type_id":
                return ContentType.objects.get_for_model(offer).pk
            return offer.pk
        model = apps.get_model(segments[1], segments[2])
        assert model in admin.site._registry, route.text
        return model._default_manager.order_by("pk").values_list("pk", flat=True).first()


def _personas():
    team = OrganisationFactory(name="Caritas Fallmanagement (Matrix)")
    chair = with_mfa(steering_chair(display_name="Vera Vorsitz"))
    body, seats, _secretariat = seated_body(voting=5, chair=chair, name="Lenkungsgruppe Matrix")
    provider = OrganisationFactory(name="VHS Matrix")
    users = {
        "anon": None,
        "cm": with_mfa(case_manager(team, display_name="Anna Fallmanagerin")),
        "lead": with_mfa(team_lead(team, display_name="Lena Teamleitung")),
        "coord": with_mfa(coordinator(display_name="Clara Koordination", is_staff=True)),
        "memb": seats[1].user,
        "chair": chair,
        "prov": editor_of(provider, display_name="Paul Redaktion"),
        "nomfa": case_manager(team, display_name="Nils Ohne-Zweitfaktor"),
        "super": with_mfa(UserFactory(is_superuser=True, is_staff=True, display_name="Admin")),
    }
    other_chair = with_mfa(steering_chair(display_name="Otto Anderer Vorsitz"))
    _other_body, other_seats, _ = seated_body(voting=2, chair=other_chair, name="AG Anderswo")
    strangers = {
        "cm": with_mfa(case_manager(display_name="Bernd Anderes Team")),
        "lead": with_mfa(team_lead(OrganisationFactory(), display_name="Bea Andere Leitung")),
        "memb": other_seats[1].user,
        "chair": other_chair,
        "prov": editor_of(display_name="Petra Anderer Träger"),
    }
    return users, strangers, body, seats, provider


def _case_objects(users, offer) -> dict:
    cm = users["cm"]
    case = CaseFactory(
        case_manager=cm,
        phase=Phase.ASSESSMENT,
        taken_on=True,
        client__first_name="Samira",
        client__last_name=SECRETS["client"],
    )
    consent = ConsentFactory(case=case, partners=["jobcenter"])
    goal = goal_agree(case=case, by=cm, domain=LifeDomain.LANGUAGE, text=SECRETS["goal"])
    referral = referral_create(case=case, by=cm, offer=offer, domain=LifeDomain.LANGUAGE)
    contact_log(
        case=case,
        by=cm,
        occurred_at=timezone.now() - timedelta(days=1),
        duration_minutes=30,
        mode=ContactMode.PHONE,
        note=SECRETS["contact"],
    )
    colleague = with_mfa(case_manager(cm.organisation, display_name="Carla Kollegin"))
    case_share(case=case, with_user=colleague, by=cm)
    member = household_member_add(client=case.client, by=cm, relation="child", first_name="Yusuf")
    return {
        "case": case.pk,
        "client": case.client_id,
        "consent": consent.pk,
        "goal": goal.pk,
        "referral": referral.pk,
        "shared_user": colleague.pk,
        "household_member": member.pk,
    }


def _steering_objects(users, body, seats) -> dict:
    coord, chair = users["coord"], users["chair"]
    meeting, item, _seats = meeting_with_minutes(
        state=MeetingState.MINUTES_CIRCULATED, body=body, seats=seats
    )
    meeting.name = SECRETS["meeting"]
    meeting.save(update_fields=["name"])
    upload = SimpleUploadedFile("Bericht.pdf", PDF_BYTES, content_type="application/pdf")
    paper = file_attach(by=coord, meeting=meeting, upload=upload, agenda_item=item)
    decision = decision_record(
        by=coord,
        agenda_item=item,
        resolution="Die AG Wohnen wird eingerichtet.",
        outcome=DecisionOutcome.ADOPTED,
        votes_for=5,
        votes_against=0,
        votes_abstain=0,
    )
    action = action_item_create(
        by=coord,
        agenda_item=item,
        title="Wohnraumbedarf erheben",
        owner=users["memb"],
        due_date=date(2026, 4, 30),
    )
    minutes_approve(by=chair, meeting=meeting)
    minutes_publish(by=coord, meeting=meeting)
    correction = minutes_correction_propose(
        by=coord, meeting=meeting, reason="Tippfehler", discussions={item.pk: "Berichtigt."}
    )
    return {
        "meeting": meeting.pk,
        "item": item.pk,
        "paper": paper.pk,
        "decision": decision.pk,
        "action": action.pk,
        "version": correction.pk,
        "hurdle": HurdleFactory().pk,
        "body": body.pk,
    }


def _offer_objects(provider):
    offer = OfferFactory(organisation=provider, title="Sprachcafé Matrix", categories=["sprache"])
    ScheduleFactory(  # so that the offer has a calendar file
        offer_location=OfferLocationFactory(
            offer=offer, location=LocationFactory(organisation=provider)
        ),
        rrule="FREQ=WEEKLY;BYDAY=MO",
        dtstart=date(2026, 3, 2),
        opens_at=time(18, 0),
        closes_at=time(19, 30),
        valid_to=date(2027, 6, 30),
    )
    draft = OfferFactory(
        organisation=provider,
        title=SECRETS["offer_draft"],
        status=Offer.Status.DRAFT,
        published_at=None,
    )
    in_review = OfferFactory(organisation=provider, title="Angebot in Prüfung Matrix")
    revision = OfferRevision.objects.create(
        offer=in_review, data={"title": "Neu"}, status=OfferRevision.Status.IN_REVIEW
    )
    objects = {
        "offer": offer.pk,
        "offer_draft": draft.pk,
        "revision": revision.pk,
        "service_id": resource_id(Kind.SERVICE, offer.pk),
        "organization_id": resource_id(Kind.ORGANIZATION, provider.pk),
    }
    return offer, objects


def _invitation_token(organisation) -> str:
    invitation = invitation_create(
        email="neu-matrix@example.org", role=Role.CASE_MANAGER, organisation=organisation
    )
    # The link goes out by email after commit; set a token we know instead.
    token, digest = Invitation.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_digest=digest)
    return token


def world_build() -> World:
    users, strangers, body, seats, provider = _personas()
    offer, objects = _offer_objects(provider)
    objects |= _case_objects(users, offer)
    objects |= _steering_objects(users, body, seats)
    objects["invitation_token"] = _invitation_token(users["cm"].organisation)
    world = World(users=users, strangers=strangers, objects=objects)
    everybody = {**users, **{f"stranger-{k}": v for k, v in strangers.items()}}
    for persona, user in everybody.items():
        if user is None:
            continue
        mine = world.personal.setdefault(persona, {})
        mine["notification"] = NotificationFactory(
            recipient=user, subject=NOTIFICATION_SUBJECT.format(user.display_name)
        ).pk
        if user.has_role(Role.COORDINATOR, Role.STEERING_MEMBER, Role.STEERING_CHAIR):
            mine["calendar_token"] = calendar_token_issue(user=user)
    for persona, user in everybody.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
            # Exports and erasure want a password entered within the last minutes; allauth
            # counts only an explicit reauthentication, never the login itself.
            response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
            assert response.status_code == 302, persona
        world.clients[persona] = client
        world.cookies[persona] = SimpleCookie(client.cookies)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The personas and objects, built once per module inside a transaction that is rolled
    back at the end of the module; each test (``django_db``) runs in a savepoint of it."""
    files = tmp_path_factory.mktemp("steering-files")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(STEERING_FILES_ROOT=files, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        reference_data_restore()
        yield world_build()
        transaction.set_rollback(True)


# --- Requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    body: bytes

    @property
    def outcome(self) -> str:
        """The status as the matrix writes it: a redirect to the login, to the TOTP setup
        or to the admin login is named (log, mfa, adm); any other redirect is its code."""
        if self.status in (301, 302, 303, 307, 308):
            path = urlsplit(self.location).path
            named = {
                reverse("account_login"): "log",
                reverse("mfa_activate_totp"): "mfa",
                reverse("admin:login"): "adm",
                reverse("account_reauthenticate"): "rea",
                reverse("mfa_reauthenticate"): "rea",
            }
            return named.get(path, str(self.status))
        return str(self.status)


# Request data where an empty request would stop at validation before what matters: a real
# action (the service checks who may take it), a real figure to export.
REQUEST_DATA = {
    ("steering:meeting_transition", "POST"): {"action": "invite"},
    ("steering:dashboard_csv", "GET"): {"figure": "open-cases"},
}


def fetch(world: World, persona: str, route: Route, method: str, values=None) -> Answer:
    """``persona`` requests ``route`` (with ``values`` for its arguments, else the objects
    of the world) by ``method``; whatever the request writes is rolled back, and the
    persona's session cookie is put back (a logout or a new session key stays local)."""
    client = world.clients[persona]
    url = route.url(values if values is not None else world.values(route, persona))
    headers = {}
    token = world.personal.get(persona, {}).get("calendar_token")
    if route.namespace == "steering_api" and token:
        headers["Authorization"] = f"Bearer {token}"
    cache.clear()  # rate-limit counters: each cell on its own
    with transaction.atomic():
        data = REQUEST_DATA.get((route.key, method), {})
        response = getattr(client, method.lower())(url, data, headers=headers)
        # (The test client has already closed the response: closing it again would fire
        # request_finished, whose handler closes the connection inside the transaction.)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    client.cookies = SimpleCookie(world.cookies[persona])
    return Answer(response.status_code, response.get("Location", ""), body)
