"""Bad input on the steering pages: a German message next to the field or above the form,
status 400, nothing saved, nothing typed lost — never a 500."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

import pytest
import time_machine
from django.urls import reverse

from steering.choices import AttendanceStatus, MeetingState
from steering.models import AgendaItem, Attendance, Decision, File, Meeting
from tests.steering.factories import AgendaItemFactory, meeting_with_minutes
from tests.steering.test_views_support import (  # noqa: F401
    BEFORE,
    _private_files,
    chair,
    group,
    member,
    office,
    pdf,
    planned_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def held(group):
    """A meeting in minutes draft with 3 of 5 voting members present."""
    body, seats = group
    meeting, item, _ = meeting_with_minutes(present=3, body=body, seats=seats)
    return meeting, item


def _decision(client, meeting, item, **votes):
    prefix = f"item{item.pk}-decision"
    data = {
        f"{prefix}-resolution": "Die AG Wohnen wird eingerichtet.",
        f"{prefix}-outcome": "adopted",
    }
    data.update({f"{prefix}-{k}": v for k, v in votes.items()})
    return client.post(reverse("steering:decision_add", args=[meeting.pk, item.pk]), data)


def test_more_votes_than_voting_members_present_is_refused_with_the_counts(office_client, held):
    meeting, item = held

    response = _decision(
        office_client, meeting, item, votes_for="5", votes_against="1", votes_abstain="0"
    )

    assert response.status_code == 400
    assert "Es wurden 6 Stimmen gezählt, aber nur 3 stimmberechtigte Mitglieder" in _text(response)
    assert "Die AG Wohnen wird eingerichtet." in _text(response)  # nothing typed is lost
    assert not Decision.objects.exists()


def test_a_decision_without_quorum_is_refused(office_client, group):
    body, seats = group
    meeting, item, _ = meeting_with_minutes(present=2, body=body, seats=seats)

    response = _decision(
        office_client, meeting, item, votes_for="2", votes_against="0", votes_abstain="0"
    )

    assert response.status_code == 400
    assert "Die Sitzung war nicht beschlussfähig" in _text(response)
    assert "Nicht beschlussfähig: 2 von 5" in _text(response)
    assert not Decision.objects.exists()


def test_outcome_contradicting_the_votes_is_refused(office_client, held):
    meeting, item = held

    response = _decision(
        office_client, meeting, item, votes_for="1", votes_against="2", votes_abstain="0"
    )

    assert response.status_code == 400
    assert "Nach der Mehrheitsregel ist der Antrag abgelehnt." in _text(response)


def test_non_numeric_votes_are_a_form_error(office_client, held):
    meeting, item = held

    response = _decision(office_client, meeting, item, votes_for="viele")

    assert response.status_code == 400
    assert "Ganze Zahl" in _text(response) or "ganze Zahl" in _text(response)


def test_attendance_that_breaks_a_recorded_vote_is_refused_and_nothing_changes(office_client, held):
    meeting, item = held
    assert (
        _decision(
            office_client, meeting, item, votes_for="3", votes_against="0", votes_abstain="0"
        ).status_code
        == 302
    )
    present = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT)
    first = present.first().membership

    response = office_client.post(
        reverse("steering:attendance_set", args=[meeting.pk]),
        {f"m{first.pk}": AttendanceStatus.ABSENT},
    )

    assert response.status_code == 400
    assert "TOP 1:" in _text(response)
    assert present.count() == 3


def test_meeting_ending_before_it_starts_is_refused(office_client, group):
    body, _seats = group
    with time_machine.travel(BEFORE, tick=False):
        response = office_client.post(
            reverse("steering:meeting_create"),
            {
                "body": body.pk,
                "name": "Sitzung",
                "start": "2026-03-10T14:00",
                "end": "2026-03-10T12:00",
                "invitation_days": "14",
            },
        )

    assert response.status_code == 400
    assert "Das Ende muss nach dem Beginn liegen." in _text(response)
    assert 'value="Sitzung"' in _text(response)
    assert not Meeting.objects.exists()


def test_garbage_dates_and_unknown_body_are_form_errors(office_client):
    response = office_client.post(
        reverse("steering:meeting_create"),
        {"body": "999999", "name": "Sitzung", "start": "morgen", "end": "", "invitation_days": "x"},
    )

    assert response.status_code == 400
    assert "Gültigen Datum" in _text(response) or "gültige" in _text(response).lower()
    assert not Meeting.objects.exists()


def test_invitation_without_agenda_shows_why(office_client, group):
    body, _seats = group
    meeting = planned_meeting(body)

    with time_machine.travel(BEFORE, tick=False):
        response = office_client.post(
            reverse("steering:meeting_transition", args=[meeting.pk]), {"action": "invite"}
        )

    assert response.status_code == 400
    assert "Eine Einladung braucht eine Tagesordnung." in _text(response)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PLANNED


def test_unknown_state_step_is_400(office_client, group):
    meeting = planned_meeting(group[0])

    response = office_client.post(
        reverse("steering:meeting_transition", args=[meeting.pk]), {"action": "explode"}
    )

    assert response.status_code == 400


def test_renamed_executable_is_refused_as_a_paper(office_client, group):
    meeting = planned_meeting(group[0])

    response = office_client.post(
        reverse("steering:file_upload", args=[meeting.pk]),
        {"paper-file": pdf("bericht.pdf", b"MZ\x90\x00not a pdf")},
    )

    assert response.status_code == 400
    assert "Der Inhalt der Datei passt nicht zur Endung" in _text(response)
    assert not File.objects.exists()


def test_agenda_item_without_title_is_refused(office_client, group):
    meeting = planned_meeting(group[0])

    response = office_client.post(
        reverse("steering:agenda_item_add", args=[meeting.pk]), {"agenda-number": "3a"}
    )

    assert response.status_code == 400
    assert 'value="3a"' in _text(response)
    assert not AgendaItem.objects.exists()


def test_agenda_of_a_held_meeting_cannot_change(office_client, held):
    meeting, item = held

    response = office_client.post(
        reverse("steering:agenda_item_edit", args=[meeting.pk, item.pk]),
        {"title": "Neu", "number": "1"},
    )

    assert response.status_code == 400
    assert "Die Tagesordnung kann nur vor der Sitzung geändert werden." in _text(response)


def test_agenda_item_of_another_meeting_is_404(office_client, group):
    meeting = planned_meeting(group[0])
    other = AgendaItemFactory()

    response = office_client.get(reverse("steering:agenda_item_edit", args=[meeting.pk, other.pk]))

    assert response.status_code == 404


def test_unknown_ids_are_404(office_client):
    for name in ("meeting_detail", "file_download", "action_item_detail", "hurdle_detail"):
        assert office_client.get(reverse(f"steering:{name}", args=[999999])).status_code == 404


def test_member_does_not_see_a_meeting_of_another_body(client, member):
    other = meeting_with_minutes()[0]
    client.force_login(member)

    assert client.get(reverse("steering:meeting_detail", args=[other.pk])).status_code == 404


def test_empty_progress_note_is_refused(client, group, member, office):
    from datetime import date

    from steering.services import action_item_create

    body, seats = group
    _meeting, item, _ = meeting_with_minutes(body=body, seats=seats)
    action = action_item_create(
        by=office, agenda_item=item, title="Zahlen", owner=member, due_date=date(2026, 4, 1)
    )
    client.force_login(office)

    response = client.post(
        reverse("steering:action_item_detail", args=[action.pk]),
        {"text": "", "status": action.status},
    )

    assert response.status_code == 400
    assert "Bitte einen Sachstand oder einen neuen Status angeben." in _text(response)


def test_hurdle_link_without_choice_and_reopen_without_note_are_refused(office_client):
    from tests.steering.factories import HurdleFactory

    hurdle = HurdleFactory(status="resolved")

    link = office_client.post(reverse("steering:hurdle_link", args=[hurdle.pk]), {})
    reopen = office_client.post(
        reverse("steering:hurdle_transition", args=[hurdle.pk]),
        {"status-to_status": "identified"},
    )

    assert link.status_code == 400
    assert "Bitte einen Beschluss, eine Aufgabe oder Meldungen wählen." in _text(link)
    assert reopen.status_code == 400
    assert "nur mit Begründung wieder aufgenommen" in _text(reopen)
