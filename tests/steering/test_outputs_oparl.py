"""The read-only OParl API for members' tools (bearer calendar token)."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim_portal.models import Role
from steering.choices import MeetingState
from steering.models import File
from steering.oparl import KIM_SCHEMA
from steering.services import (
    calendar_token_issue,
    calendar_token_revoke,
    minutes_approve,
    minutes_publish,
)
from tests.factories import UserFactory

from .factories import MeetingFactory, WorkingGroupFactory, coordinator, meeting_with_minutes
from .test_outputs_pdf import published_meeting

pytestmark = pytest.mark.django_db

REQUIRED = {"id", "type", "created", "modified"}


@pytest.fixture
def published():
    """(meeting, item, seats, decision, token of a plain member)."""
    meeting, item, seats, decision = published_meeting()
    return meeting, item, seats, decision, calendar_token_issue(user=seats[1].user)


def _get(client, path, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(path.removeprefix(settings.SITE_URL), **headers)


def _url(name, *args):
    return reverse(f"steering_api:{name}", args=args)


def test_the_system_object_leads_to_the_bodies(client, published):
    meeting, _item, _seats, _decision, token = published

    system = _get(client, _url("oparl_system"), token).json()
    bodies = _get(client, system["body"], token).json()

    assert system.keys() >= REQUIRED
    assert system["type"] == "https://schema.oparl.org/1.1/System"
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert [body["id"] for body in bodies["data"]] == [
        f"{settings.SITE_URL}{_url('oparl_body', meeting.body_id)}"
    ]


def test_every_object_has_id_type_created_modified(client, published):
    meeting, _item, _seats, _decision, token = published
    body = _get(client, _url("oparl_body", meeting.body_id), token).json()
    organizations = _get(client, body["organization"], token).json()["data"]
    meetings = _get(client, body["meeting"], token).json()["data"]
    item = meetings[0]["agendaItem"][0]

    for obj in [body, *organizations, meetings[0], item, item["kim:decision"][0]]:
        assert obj.keys() >= REQUIRED, obj["type"]
        # The id is the object's URL: it answers with the same object.
        assert _get(client, obj["id"], token).json()["id"] == obj["id"]


def test_lists_are_paged_with_links(client, published):
    meeting, _item, _seats, _decision, token = published
    WorkingGroupFactory(parent=meeting.body, name="AG Sprache")
    WorkingGroupFactory(parent=meeting.body, name="AG Wohnen")
    path = _url("oparl_body_organizations", meeting.body_id)

    first = _get(client, f"{path}?limit=2", token).json()
    second = _get(client, first["links"]["next"], token).json()

    assert first["pagination"] == {
        "totalElements": 3,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 2,
    }
    assert len(first["data"]) == 2
    assert len(second["data"]) == 1
    assert "next" not in second["links"]
    assert second["links"]["prev"] == first["links"]["first"]


def test_only_meetings_with_published_minutes_are_listed(client, published):
    meeting, _item, _seats, _decision, token = published
    held = MeetingFactory(body=meeting.body, state=MeetingState.MINUTES_DRAFT)

    data = _get(client, _url("oparl_body_meetings", meeting.body_id), token).json()["data"]

    assert [row["name"] for row in data] == [meeting.name]
    assert _get(client, _url("oparl_meeting", held.pk), token).status_code == 404


def test_decisions_carry_votes_under_our_namespace(client, published):
    meeting, _item, _seats, decision, token = published

    data = _get(client, _url("oparl_meeting", meeting.pk), token).json()

    assert data["type"] == "https://schema.oparl.org/1.1/Meeting"
    vote = data["agendaItem"][0]["kim:decision"][0]
    assert vote["type"] == f"{KIM_SCHEMA}Decision"
    assert (vote["resolution"], vote["votesFor"], vote["votesAgainst"], vote["votesAbstain"]) == (
        decision.resolution,
        4,
        0,
        1,
    )
    assert vote["outcome"] == "adopted"


def test_papers_have_metadata_but_no_download_url(client, published):
    meeting, item, seats, _decision, token = published
    File.objects.create(
        meeting=meeting,
        agenda_item=item,
        name="Bericht Wohnraum",
        file="steering/x.pdf",
        mime_type="application/pdf",
        size=1234,
        sha256="0" * 64,
        uploaded_by=seats[0].user,
    )

    data = _get(client, _url("oparl_meeting", meeting.pk), token).json()

    paper = data["agendaItem"][0]["auxiliaryFile"][0]
    assert (paper["name"], paper["mimeType"], paper["size"]) == (
        "Bericht Wohnraum",
        "application/pdf",
        1234,
    )
    assert not {"accessUrl", "downloadUrl", "fileName"} & paper.keys()


def test_no_personal_data_beyond_names(client, published):
    meeting, _item, seats, _decision, token = published

    text = _get(client, _url("oparl_meeting", meeting.pk), token).content.decode()

    assert all(seat.user.email not in text for seat in seats)
    assert '"user_id"' not in text


def test_a_token_is_required(client, published):
    meeting, _item, _seats, _decision, _token = published

    response = _get(client, _url("oparl_meeting", meeting.pk))

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_is_no_substitute_for_the_token(client, published):
    meeting, _item, seats, _decision, _token = published
    client.force_login(seats[1].user)

    assert _get(client, _url("oparl_meeting", meeting.pk)).status_code == 401


def test_a_revoked_token_is_refused(client, published):
    meeting, _item, seats, _decision, token = published
    calendar_token_revoke(user=seats[1].user)

    assert _get(client, _url("oparl_meeting", meeting.pk), token).status_code == 401


def test_other_members_do_not_see_the_meeting(client, published):
    meeting, _item, _seats, _decision, _token = published
    stranger = calendar_token_issue(user=UserFactory(roles=[Role.STEERING_MEMBER]))

    assert _get(client, _url("oparl_meeting", meeting.pk), stranger).status_code == 404
    assert _get(client, _url("oparl_bodies"), stranger).json()["data"] == []


def test_an_unchanged_answer_is_304(client, published):
    meeting, _item, _seats, _decision, token = published
    path = _url("oparl_meeting", meeting.pk)
    first = _get(client, path, token)

    again = _get(client, path, token, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert "Last-Modified" in first
    assert "private" in first["Cache-Control"]


def test_cors_allows_get_with_the_bearer_token(client, published):
    meeting, _item, _seats, _decision, token = published
    path = _url("oparl_meeting", meeting.pk)

    preflight = client.options(path)
    response = _get(client, path, token)

    assert preflight.status_code == 204
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_modified_since_filters_meetings(client, published):
    meeting, _item, _seats, _decision, token = published
    path = _url("oparl_body_meetings", meeting.body_id)
    listed = _get(client, path, token).json()["data"][0]

    same = _get(client, f"{path}?modified_since={listed['modified']}".replace("+", "%2B"), token)
    later = _get(client, f"{path}?modified_since=2099-01-01T00:00:00%2B01:00", token)

    assert [row["id"] for row in same.json()["data"]] == [listed["id"]]
    assert later.json()["data"] == []


def test_a_bad_modified_since_is_400(client, published):
    meeting, _item, _seats, _decision, token = published
    path = _url("oparl_body_meetings", meeting.body_id)

    response = _get(client, f"{path}?modified_since=gestern", token)

    assert response.status_code == 400
    assert json.loads(response.content)["parameter"] == "modified_since"


def _queries_for_meeting_list(client, path, token) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _get(client, path, token).status_code == 200
    return len(queries)


def test_the_meeting_list_costs_the_same_queries_for_more_meetings(client, published):
    meeting, _item, seats, _decision, token = published
    path = _url("oparl_body_meetings", meeting.body_id)
    one = _queries_for_meeting_list(client, path, token)
    for _ in range(2):
        published_meeting_in(meeting.body, seats)

    assert _queries_for_meeting_list(client, path, token) == one


def published_meeting_in(body, seats):
    other, _item, _seats = meeting_with_minutes(
        state=MeetingState.MINUTES_CIRCULATED, body=body, seats=seats
    )
    minutes_approve(by=seats[0].user, meeting=other)
    minutes_publish(by=coordinator(), meeting=other)
    return other
