"""The page frame in a real browser: stylesheets, reading direction, keyboard, CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STYLESHEETS = ("/static/vendor/kern/kern.min.css", "/static/css/portal.css")


def test_kern_and_portal_stylesheets_are_served_and_applied(page):
    responses = {}
    page.on("response", lambda response: responses.setdefault(response.url, response.status))

    page.goto("/de/")

    statuses = {
        path: s for url, s in responses.items() for path in STYLESHEETS if url.endswith(path)
    }
    assert statuses == dict.fromkeys(STYLESHEETS, 200)
    # KERN lays a button out as a flex box (the browser default is inline-block).
    kern_display = page.evaluate(
        """() => {
            const button = document.createElement("button");
            button.className = "kern-btn";
            document.body.append(button);
            return getComputedStyle(button).display;
        }"""
    )
    assert kern_display in ("flex", "inline-flex")
    # portal.css: the skip link waits off-screen until focused.
    expect(page.locator(".skip-link")).to_have_css("position", "absolute")


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("de", "ltr")])
def test_home_page_reads_in_the_direction_of_its_language(page, language, direction):
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"/{language}/")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", direction)
    # The brand starts the header: on the right in Arabic, on the left in German.
    brand = page.locator(".portal-brand").bounding_box()
    brand_centre = brand["x"] + brand["width"] / 2
    if direction == "rtl":
        assert brand_centre > 640, brand
    else:
        assert brand_centre < 640, brand


def test_first_tab_reaches_the_visible_skip_link_and_enter_moves_focus_to_main(page):
    page.goto("/de/")

    page.keyboard.press("Tab")

    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_text("Zum Inhalt springen")
    expect(skip_link).to_be_in_viewport()
    assert skip_link.evaluate("e => getComputedStyle(e).outlineStyle") != "none"

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.parametrize("path", ["/de/", "/de/accounts/login/"])
def test_page_sends_a_content_security_policy_without_unsafe_inline(page, path):
    response = page.goto(path)

    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, policy
    assert "unsafe-inline" not in policy, policy


@pytest.mark.parametrize("path", ["/de/", "/ar/", "/de/accounts/login/"])
def test_page_loads_without_content_security_policy_violations(page, path):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(path, wait_until="networkidle")

    assert violations == []
