"""The invitation and minutes PDFs, read back with pypdf."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kim_portal.models import Role
from steering.choices import DecisionOutcome, MeetingState
from steering.services import (
    agenda_item_minutes_set,
    decision_record,
    minutes_approve,
    minutes_correction_approve,
    minutes_correction_propose,
    minutes_publish,
)
from tests.factories import UserFactory

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    coordinator,
    meeting_with_minutes,
)

pytestmark = pytest.mark.django_db


def published_meeting(*, publish: bool = True):
    """A meeting with approved (and, by default, published) minutes: one agenda item with
    a discussion, an adopted decision (4 for, 0 against, 1 abstention) and an action item.
    Returns (meeting, item, seats, decision)."""
    meeting, item, seats = meeting_with_minutes(state=MeetingState.MINUTES_CIRCULATED)
    office = coordinator()
    agenda_item_minutes_set(by=office, agenda_item=item, discussion="Breite Zustimmung.")
    decision = decision_record(
        by=office,
        agenda_item=item,
        resolution="Die AG Wohnen wird eingerichtet.",
        outcome=DecisionOutcome.ADOPTED,
        votes_for=4,
        votes_against=0,
        votes_abstain=1,
    )
    ActionItemFactory(agenda_item=item, title="Mandat der AG entwerfen", owner=seats[1].user)
    minutes_approve(by=seats[0].user, meeting=meeting)
    if publish:
        minutes_publish(by=office, meeting=meeting)
    return meeting, item, seats, decision


def _text(response) -> str:
    reader = PdfReader(BytesIO(response.content))
    # Whitespace normalised: lines break wherever the layout puts them.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _get(client, user, name, meeting):
    client.force_login(user)
    return client.get(reverse(f"steering:{name}", kwargs={"pk": meeting.pk}))


def test_the_minutes_pdf_has_resolutions_votes_and_outcome(client):
    meeting, _item, seats, _decision = published_meeting()

    response = _get(client, seats[1].user, "minutes_pdf", meeting)

    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "Die AG Wohnen wird eingerichtet." in text
    assert "4 Ja, 0 Nein, 1 Enthaltungen" in text
    assert "angenommen" in text


def test_the_minutes_pdf_has_attendance_quorum_discussion_and_action_items(client):
    meeting, _item, seats, _decision = published_meeting()

    text = _text(_get(client, seats[1].user, "minutes_pdf", meeting))

    assert seats[2].user.display_name in text
    assert "Die Sitzung war beschlussfähig." in text
    assert "Breite Zustimmung." in text
    assert "Mandat der AG entwerfen" in text
    assert "Fassung" in text


def test_the_minutes_pdf_lists_corrections(client):
    meeting, _item, seats, decision = published_meeting()
    version = minutes_correction_propose(
        by=coordinator(),
        meeting=meeting,
        reason="Tippfehler im Beschlusstext",
        decisions={decision.pk: {"resolution": "Die AG Wohnen wird eingesetzt."}},
    )
    minutes_correction_approve(by=seats[0].user, version=version)

    text = _text(_get(client, seats[1].user, "minutes_pdf", meeting))

    assert "Tippfehler im Beschlusstext" in text
    assert "Die AG Wohnen wird eingesetzt." in text


def test_members_get_no_minutes_pdf_before_publication(client):
    meeting, _item, seats, _decision = published_meeting(publish=False)

    assert _get(client, seats[1].user, "minutes_pdf", meeting).status_code == 404


def test_there_is_no_minutes_pdf_of_draft_minutes(client):
    meeting, _item, seats = meeting_with_minutes()

    assert _get(client, seats[1].user, "minutes_pdf", meeting).status_code == 404


def test_outsiders_get_no_minutes_pdf(client):
    meeting, _item, _seats, _decision = published_meeting()
    outsider = UserFactory(roles=[Role.STEERING_MEMBER])

    assert _get(client, outsider, "minutes_pdf", meeting).status_code == 404


def test_the_invitation_pdf_has_the_agenda(client):
    seat = MembershipFactory()
    meeting = MeetingFactory(body=seat.body, state=MeetingState.INVITED, name="7. Sitzung")
    AgendaItemFactory(meeting=meeting, number="3", title="Sprachkurse im Nordkreis")

    response = _get(client, seat.user, "meeting_invitation_pdf", meeting)

    text = _text(response)
    assert "7. Sitzung" in text
    assert "Sprachkurse im Nordkreis" in text
    assert "10.03.2026, 14:00" in text


def test_outsiders_get_no_invitation_pdf(client):
    meeting = MeetingFactory()

    response = _get(
        client, UserFactory(roles=[Role.CASE_MANAGER]), "meeting_invitation_pdf", meeting
    )

    assert response.status_code in (302, 404)


def test_the_approved_minutes_page_links_its_pdf(client):
    meeting, _item, seats, _decision = published_meeting()
    client.force_login(seats[1].user)

    page = client.get(reverse("steering:meeting_minutes", args=[meeting.pk])).content.decode()

    assert reverse("steering:minutes_pdf", kwargs={"pk": meeting.pk}) in page


def test_draft_minutes_link_no_pdf(client):
    meeting, _item, _seats = meeting_with_minutes()
    client.force_login(coordinator())

    page = client.get(reverse("steering:meeting_minutes", args=[meeting.pk])).content.decode()

    assert reverse("steering:minutes_pdf", kwargs={"pk": meeting.pk}) not in page


def test_the_meeting_page_links_the_invitation_pdf_once_there_is_an_agenda(client):
    meeting, _item, seats = meeting_with_minutes()
    empty = MeetingFactory(body=meeting.body)
    client.force_login(seats[1].user)

    with_agenda = client.get(reverse("steering:meeting_detail", args=[meeting.pk]))
    without = client.get(reverse("steering:meeting_detail", args=[empty.pk]))

    assert reverse("steering:meeting_invitation_pdf", kwargs={"pk": meeting.pk}) in (
        with_agenda.content.decode()
    )
    assert reverse("steering:meeting_invitation_pdf", kwargs={"pk": empty.pk}) not in (
        without.content.decode()
    )
