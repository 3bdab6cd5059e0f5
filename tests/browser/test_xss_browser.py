"""Stored XSS in a real browser: the payload corpus of tests/security/test_xss.py is stored
through the real forms (an offer by its provider, published by the coordinator; a case's
contact note, goal, appointment and barrier report; a hurdle with a note; a meeting's
minutes and decision), then Chromium opens every page that shows them — and the search
pages with the payloads in the query string. No dialog may open, and the DOM may hold no
inline script, event-handler attribute or javascript: URL."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from cases.choices import Phase
from tests.cases.factories import CaseFactory, case_manager
from tests.factories import OrganisationFactory, totp_activate
from tests.offers.test_staff_support import editor_of
from tests.security.test_xss import (
    MARKER,
    PAYLOADS,
    _store_case_texts,
    _store_offer,
    _store_steering_texts,
)
from tests.steering.factories import coordinator

pytestmark = pytest.mark.browser

# Everything a payload could have injected, as the browser built the DOM.
INJECTED_IN_DOM = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith("on")) {
        found.push(element.tagName + "[" + attribute.name + "]");
      }
      const value = attribute.value.replace(/\\s/g, "").toLowerCase();
      if (["href", "src", "action", "formaction", "srcdoc"].includes(attribute.name)
          && value.startsWith("javascript:")) {
        found.push(element.tagName + "[" + attribute.name + "]");
      }
    }
    if (element.tagName === "SCRIPT" && !element.src
        && element.type !== "application/json") {
      found.push("inline script: " + element.textContent.slice(0, 60));
    }
    if (["IFRAME", "OBJECT", "EMBED"].includes(element.tagName)) {
      found.push(element.tagName);
    }
  }
  return found;
}"""


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stored(transactional_db):
    """The payloads, one per text field of each kind, stored through the forms; returns
    the people and the pages that show them."""
    provider = OrganisationFactory(name="VHS XSS")
    prov = editor_of(provider, display_name="Paul Redaktion")
    coord = coordinator(display_name="Clara Koordination", is_staff=True)
    cm = case_manager(OrganisationFactory(), display_name="Anna Fallmanagerin")
    for person in (coord, cm):
        totp_activate(person)
    clients = {"prov": _client(prov), "coord": _client(coord), "cm": _client(cm)}
    case = CaseFactory(case_manager=cm, phase=Phase.ASSESSMENT, taken_on=True)
    world = SimpleNamespace(objects={"case": case.pk})
    pages = {"coord": [], "cm": [], "anon": []}
    for payload in PAYLOADS.values():
        offer = _store_offer(world, clients, payload)
        steering = _store_steering_texts(world, clients, payload)
        pages["anon"].append(reverse("offers:detail", args=[offer.pk]))
        pages["coord"] += [
            reverse("steering:meeting_detail", args=[steering["meeting"]]),
            reverse("steering:meeting_minutes", args=[steering["meeting"]]),
            reverse("steering:hurdle_detail", args=[steering["hurdle"]]),
            reverse("steering:hurdle_edit", args=[steering["hurdle"]]),
        ]
        new_case = _store_case_texts(world, clients, payload)["new_case"]
        pages["cm"].append(reverse("cases:case_detail", args=[new_case]))
    pages["anon"] += [reverse("offers:list"), reverse("offers:list") + "?q=Kurs"]
    pages["coord"] += [reverse("steering:hurdles"), reverse("steering:decisions")]
    pages["cm"] += [reverse("cases:case_detail", args=[case.pk]), reverse("cases:caseload")]
    pages["coord"].append(reverse("offers:staff_list"))
    return SimpleNamespace(users={"coord": coord, "cm": cm}, pages=pages)


def _visit(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    # Let onload/onerror/onfocus handlers of injected elements run if there were any.
    page.wait_for_timeout(150)
    return page.evaluate(INJECTED_IN_DOM)


def test_stored_and_reflected_payloads_never_run_in_the_browser(
    stored, new_context, log_in_without_form
):
    dialogs = []
    problems = {}
    shown = 0
    for persona, urls in stored.pages.items():
        context = new_context()
        if persona != "anon":
            log_in_without_form(context, stored.users[persona])
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        reflected = [f"{reverse('offers:list')}?q={p}" for p in PAYLOADS.values()]
        for url in urls + (reflected if persona == "anon" else []):
            found = _visit(page, url)
            if found:
                problems[url] = found
            shown += MARKER in page.content()
        context.close()

    assert dialogs == []
    assert problems == {}
    assert shown >= len(PAYLOADS) * 5
