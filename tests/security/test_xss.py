"""Stored and reflected XSS: a payload corpus (script tags, event handlers, javascript:
URLs, SVG onload, attribute breakouts, ``</textarea>``, template syntax) is stored through
the real forms — an offer by its provider (and published by the coordinator), a case's
contact note, goal, appointment and barrier report by the case manager, a meeting's agenda,
minutes, decision and action item and a hurdle with a note by the coordinator — then every
page showing it is fetched: the payload's text is there, escaped, and the page holds no
element or attribute the payload could have injected. Search and filter parameters echoed
back are checked the same way. The browser check (no dialog fires) is
tests/browser/test_xss_browser.py."""

from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from django.urls import reverse
from django.utils import timezone

from kim_portal.models import Municipality
from offers.models import Offer, OfferRevision
from tests.offers.test_staff_support import create_offer
from tests.steering.factories import meeting_with_minutes

pytestmark = pytest.mark.django_db

MARKER = "kimxss"
PAYLOADS = {
    "script": f"<script>alert('{MARKER}')</script>",
    "img onerror": f"<img src=x onerror=\"alert('{MARKER}')\">",
    "javascript url": f"<a href=\"javascript:alert('{MARKER}')\">{MARKER}</a>",
    "svg onload": f"<svg onload=\"alert('{MARKER}')\"><circle r=1 /></svg>",
    "attribute breakout": f"\"><script>alert('{MARKER}')</script><input value=\"",
    "single quote breakout": f"' autofocus onfocus='alert(\"{MARKER}\")' x='",
    "textarea breakout": f"</textarea><script>alert('{MARKER}')</script><textarea>",
    "template syntax": f"{{{{ 7|add:'{MARKER}' }}}}{{% debug %}}${{{MARKER}}}",
    "iframe srcdoc": f"<iframe srcdoc=\"<script>alert('{MARKER}')</script>\"></iframe>",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


class _Injected(HTMLParser):
    """Collects what only an injection would put into one of our pages: an inline script
    (other than JSON data), an event-handler attribute, a javascript: URL, an embedded
    frame or object."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and "src" not in values and values.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag in {"iframe", "object", "embed", "frame"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            normalised = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and normalised.startswith(("javascript:", "data:text")):
                self.found.append(f"{tag}[{name}={value}]")


def injected(html: str) -> list[str]:
    parser = _Injected()
    parser.feed(html)
    parser.close()
    return parser.found


def _raw_markup(payload: str, page: str) -> bool:
    """Whether a payload holding markup stands in ``page`` unescaped. (Quotes may stand
    unescaped in text; an attribute they broke out of shows up in ``injected``.)"""
    return "<" in payload and payload in page


def _template_not_evaluated(payload: str, page: str) -> bool:
    """Template syntax is shown as typed (escaped or not), never evaluated."""
    return "{% debug %}" not in payload or "{% debug %}" in page


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _posted(client, url: str, data: dict):
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code)
    return response


@pytest.fixture
def as_persona(world):
    """persona -> their logged-in client; cookies restored afterwards."""
    yield world.clients
    for persona, client in world.clients.items():
        client.cookies = SimpleCookie(world.cookies[persona])


def test_the_detector_finds_each_payload_when_it_is_not_escaped():
    contexts = ("<p>{}</p>", '<input value="{}">', "<input value='{}'>", "<textarea>{}</textarea>")
    missed = [
        name
        for name, payload in PAYLOADS.items()
        if not any(injected(context.format(payload)) for context in contexts)
    ]

    assert missed == ["template syntax"]


# --- Offers: written by the provider, published, seen by everyone ------------------------


def _store_offer(world, clients, payload: str) -> Offer:
    prov, coord = clients["prov"], clients["coord"]
    before = set(Offer.objects.values_list("pk", flat=True))
    create_offer(prov, title=f"Kurs {payload}"[:200], summary=payload, description=payload)
    [offer] = Offer.objects.exclude(pk__in=before)
    _posted(prov, reverse("offers:staff_submit", args=[offer.pk]), {})
    revision = OfferRevision.objects.get(offer=offer, status=OfferRevision.Status.IN_REVIEW)
    _posted(coord, reverse("offers:staff_review", args=[revision.pk]), {"action": "publish"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    return offer


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_an_offer_with_the_payload_is_shown_escaped(world, as_persona, name):
    payload = PAYLOADS[name]
    offer = _store_offer(world, as_persona, payload)
    anon, prov, coord = as_persona["anon"], as_persona["prov"], as_persona["coord"]
    pages = {
        "public detail": (anon, reverse("offers:detail", args=[offer.pk])),
        "public print": (anon, reverse("offers:print", args=[offer.pk])),
        "public search": (anon, reverse("offers:list") + "?q=Kurs"),
        "staff list": (prov, reverse("offers:staff_list")),
        "staff edit": (prov, reverse("offers:staff_edit", args=[offer.pk])),
        "staff history": (coord, reverse("offers:staff_history", args=[offer.pk])),
    }
    for label, (client, url) in pages.items():
        page = _page(client, url)
        assert injected(page) == [], label
        assert not _raw_markup(payload, page), label
        assert MARKER in page, label
        assert _template_not_evaluated(payload, page), label


# --- Cases: written and read by the case manager and the team lead -----------------------


def _store_case_texts(world, clients, payload: str) -> dict:
    cm = clients["cm"]
    case = world.objects["case"]
    now = timezone.localtime()
    _posted(
        cm,
        reverse("cases:contact_new", args=[case]),
        {
            "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "20",
            "mode": "phone",
            "participants": payload[:500],
            "note": payload,
        },
    )
    _posted(
        cm,
        reverse("cases:goal_agree", args=[case]),
        {"domain": "language", "text": payload, "responsible": payload[:200]},
    )
    _posted(
        cm,
        reverse("cases:appointment_create", args=[case]),
        {
            "at": (now + timezone.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "title": payload[:200],
            "note": payload,
        },
    )
    _posted(
        cm,
        reverse("cases:barrier_report", args=[case]),
        {"domain": "housing", "text": payload, "confirmed": "on"},
    )
    intake = _posted(
        cm,
        reverse("cases:client_new"),
        {
            "first_name": payload[:100],
            "last_name": f"{payload}"[:100],
            "date_of_birth": "1991-04-12",
            "municipality": Municipality.objects.get(name="Iserlohn").pk,
            "languages": "ar, de",
            "residence_status": "temporary_protection",
            "country_of_origin": "sy",
            "in_district_up_to_3_years": "on",
            "complex_needs": "on",
        },
    )
    new_case = int(intake["Location"].rstrip("/").split("/")[-2])
    return {"case": case, "new_case": new_case}


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_case_texts_with_the_payload_are_shown_escaped(world, as_persona, name):
    payload = PAYLOADS[name]
    stored = _store_case_texts(world, as_persona, payload)
    case, new_case = stored["case"], stored["new_case"]
    cm, lead = as_persona["cm"], as_persona["lead"]
    pages = {
        "case page (manager)": (cm, reverse("cases:case_detail", args=[case])),
        "case page (lead)": (lead, reverse("cases:case_detail", args=[case])),
        "contact form": (cm, reverse("cases:contact_new", args=[case])),
        "new client's case": (cm, reverse("cases:case_detail", args=[new_case])),
        "new client's intake": (cm, reverse("cases:case_intake", args=[new_case])),
        "caseload": (cm, reverse("cases:caseload")),
        "caseload search": (cm, reverse("cases:caseload") + f"?q={MARKER}"),
        "staff home": (cm, reverse("staff_home")),
    }
    for label, (client, url) in pages.items():
        page = _page(client, url)
        assert injected(page) == [], label
        assert not _raw_markup(payload, page), label
    assert MARKER in _page(cm, reverse("cases:case_detail", args=[case]))
    assert MARKER in _page(cm, reverse("cases:case_detail", args=[new_case]))


# --- Steering: written by the coordinator, read by members --------------------------------


def _store_steering_texts(world, clients, payload: str) -> dict:
    coord = clients["coord"]
    meeting, item, _seats = meeting_with_minutes(present=5)
    prefix = f"item{item.pk}"
    _posted(
        coord,
        reverse("steering:discussion_set", args=[meeting.pk, item.pk]),
        {f"{prefix}-discussion": payload},
    )
    _posted(
        coord,
        reverse("steering:decision_add", args=[meeting.pk, item.pk]),
        {
            f"{prefix}-decision-resolution": payload,
            f"{prefix}-decision-outcome": "adopted",
            f"{prefix}-decision-votes_for": "5",
            f"{prefix}-decision-votes_against": "0",
            f"{prefix}-decision-votes_abstain": "0",
        },
    )
    hurdle_page = _posted(
        coord,
        reverse("steering:hurdle_create"),
        {"title": payload[:300], "domain": "housing", "description": payload},
    )
    hurdle = int(hurdle_page["Location"].rstrip("/").split("/")[-1])
    _posted(coord, reverse("steering:hurdle_note", args=[hurdle]), {"note-note": payload})
    return {"meeting": meeting.pk, "hurdle": hurdle}


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_steering_texts_with_the_payload_are_shown_escaped(world, as_persona, name):
    payload = PAYLOADS[name]
    stored = _store_steering_texts(world, as_persona, payload)
    coord = as_persona["coord"]
    pages = {
        "meeting": reverse("steering:meeting_detail", args=[stored["meeting"]]),
        "minutes": reverse("steering:meeting_minutes", args=[stored["meeting"]]),
        "decisions": reverse("steering:decisions"),
        "hurdles": reverse("steering:hurdles"),
        "hurdle": reverse("steering:hurdle_detail", args=[stored["hurdle"]]),
        "hurdle edit": reverse("steering:hurdle_edit", args=[stored["hurdle"]]),
    }
    for label, url in pages.items():
        page = _page(coord, url)
        assert injected(page) == [], label
        assert not _raw_markup(payload, page), label
        assert MARKER in page, label
        assert _template_not_evaluated(payload, page), label


# --- Reflected ------------------------------------------------------------------------------

REFLECTED = [
    ("anon", "offers:list", "q"),
    ("anon", "home", "q"),
    ("anon", "offers:list", "language"),
    ("cm", "cases:caseload", "q"),
    ("coord", "steering:dashboard", "start"),
    ("coord", "steering:dashboard", "end"),
    ("coord", "steering:decisions", "since"),
    ("coord", "steering:hurdles", "status"),
    ("prov", "offers:staff_list", "q"),
]


@pytest.mark.parametrize("name", list(PAYLOADS))
@pytest.mark.parametrize(("persona", "key", "parameter"), REFLECTED)
def test_search_and_filter_values_are_echoed_escaped(
    world, as_persona, persona, key, parameter, name
):
    payload = PAYLOADS[name]

    response = as_persona[persona].get(reverse(key), {parameter: payload})

    page = response.content.decode()
    assert response.status_code in {200, 400}
    assert injected(page) == []
    assert not _raw_markup(payload, page)
