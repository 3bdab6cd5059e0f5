"""Who reaches each steering page: a table of every URL pattern of ``steering.urls`` ×
role. Anonymous visitors get the login; case managers and provider editors 403; steering
members and the chair read; only the chair approves; the coordinator manages. The table
is checked against the resolver, so a new page without a row fails here."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

import pytest
from django.conf import settings
from django.urls import URLPattern, get_resolver, reverse

from tests.steering.test_views_support import (  # noqa: F401
    _private_files,
    chair,
    group,
    member,
    office,
    outsiders,
    published,
)

pytestmark = pytest.mark.django_db

READERS = {"coordinator", "chair", "member"}
COORDINATOR = {"coordinator"}
CHAIR = {"chair"}

# name: (method, url arguments from the ``published`` fixture, POST data, roles allowed)
TABLE = {
    "meetings": ("get", lambda p: [], {}, READERS),
    "meeting_create": ("get", lambda p: [], {}, COORDINATOR),
    "meeting_detail": ("get", lambda p: [p["meeting"].pk], {}, READERS),
    "meeting_edit": ("get", lambda p: [p["meeting"].pk], {}, COORDINATOR),
    "meeting_transition": ("post", lambda p: [p["meeting"].pk], {"action": "publish"}, COORDINATOR),
    "agenda_item_add": ("post", lambda p: [p["meeting"].pk], {}, COORDINATOR),
    "agenda_item_edit": ("get", lambda p: [p["meeting"].pk, p["item"].pk], {}, COORDINATOR),
    "agenda_item_remove": ("post", lambda p: [p["meeting"].pk, p["item"].pk], {}, COORDINATOR),
    "discussion_set": ("post", lambda p: [p["meeting"].pk, p["item"].pk], {}, COORDINATOR),
    "decision_add": ("post", lambda p: [p["meeting"].pk, p["item"].pk], {}, COORDINATOR),
    "action_item_add": ("post", lambda p: [p["meeting"].pk, p["item"].pk], {}, COORDINATOR),
    "decision_edit": ("get", lambda p: [p["meeting"].pk, p["decision"].pk], {}, COORDINATOR),
    "working_group_establish": (
        "get",
        lambda p: [p["meeting"].pk, p["decision"].pk],
        {},
        COORDINATOR,
    ),
    "decision_remove": ("post", lambda p: [p["meeting"].pk, p["decision"].pk], {}, COORDINATOR),
    "attendance_set": ("post", lambda p: [p["meeting"].pk], {}, COORDINATOR),
    "file_upload": ("post", lambda p: [p["meeting"].pk], {}, COORDINATOR),
    "file_download": ("get", lambda p: [p["paper"].pk], {}, READERS),
    "file_remove": ("post", lambda p: [p["paper"].pk], {}, COORDINATOR),
    "meeting_minutes": ("get", lambda p: [p["meeting"].pk], {}, READERS),
    "minutes_correction": ("get", lambda p: [p["meeting"].pk], {}, COORDINATOR),
    "correction_approve": ("post", lambda p: [p["meeting"].pk, p["version"].pk], {}, CHAIR),
    "correction_discard": ("post", lambda p: [p["meeting"].pk, p["version"].pk], {}, COORDINATOR),
    "decisions": ("get", lambda p: [], {}, READERS),
    "action_items": ("get", lambda p: [], {}, READERS),
    "action_item_detail": ("get", lambda p: [p["action"].pk], {}, READERS),
    "action_item_edit": ("get", lambda p: [p["action"].pk], {}, COORDINATOR),
    "hurdles": ("get", lambda p: [], {}, READERS),
    "hurdle_create": ("get", lambda p: [], {}, COORDINATOR),
    "hurdle_detail": ("get", lambda p: [p["hurdle"].pk], {}, READERS),
    "hurdle_edit": ("get", lambda p: [p["hurdle"].pk], {}, COORDINATOR),
    "hurdle_transition": ("post", lambda p: [p["hurdle"].pk], {}, COORDINATOR),
    "hurdle_link": ("post", lambda p: [p["hurdle"].pk], {}, COORDINATOR),
    "hurdle_note": ("post", lambda p: [p["hurdle"].pk], {}, COORDINATOR),
    "bodies": ("get", lambda p: [], {}, READERS),
    "body_detail": ("get", lambda p: [p["body"].pk], {}, READERS),
    "body_edit": ("post", lambda p: [p["body"].pk], {}, COORDINATOR),
    "membership_add": ("post", lambda p: [p["body"].pk], {}, COORDINATOR),
    "membership_end": ("post", lambda p: [p["body"].pk], {}, COORDINATOR),
    "rules_adopt": ("post", lambda p: [p["body"].pk], {}, COORDINATOR),
    "calendar_token": ("get", lambda p: [], {}, READERS),
}
ROLES = ["anonymous", "case_manager", "provider_editor", "member", "chair", "coordinator"]


def _own_pattern_names() -> set[str]:
    """The names in ``steering.urls`` itself; the included output and dashboard modules
    belong to other pages and have tests of their own."""
    steering = get_resolver().namespace_dict["steering"][1]
    return {p.name for p in steering.url_patterns if isinstance(p, URLPattern)}


def test_every_steering_url_has_a_row_in_the_permission_table():
    assert _own_pattern_names() == set(TABLE)


@pytest.fixture
def personas(outsiders, member, chair, office):
    return {**outsiders, "member": member, "chair": chair, "coordinator": office}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_pages(client, published, personas, role):
    if role != "anonymous":
        client.force_login(personas[role])
    outcomes = {}
    for name, (method, args, data, allowed) in TABLE.items():
        url = reverse(f"steering:{name}", args=args(published))
        response = getattr(client, method)(url, data)
        status = response.status_code
        if role == "anonymous":
            ok = status == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
        elif role in allowed:
            ok = status in (200, 302, 400)
        else:
            ok = status in (403, 404)
        if not ok:
            outcomes[name] = status
    assert outcomes == {}, f"{role}: unexpected status per page {outcomes}"


def test_steering_link_in_the_staff_navigation_only_for_steering_roles(
    client, member, chair, office, outsiders
):
    seen = {}
    for role, user in [
        ("member", member),
        ("chair", chair),
        ("coordinator", office),
        *outsiders.items(),
    ]:
        client.force_login(user)
        page = client.get(reverse("staff_home")).content.decode()
        seen[role] = reverse("steering:meetings") in page
    assert seen == {
        "member": True,
        "chair": True,
        "coordinator": True,
        "case_manager": False,
        "provider_editor": False,
    }
