"""A meeting from planning to published minutes, through the pages only: the coordinator
plans it (Berlin local times), sets the agenda, invites, records it as held, takes
attendance, records a decision and an action item, writes and circulates the minutes; the
chair approves; the coordinator publishes; a correction is proposed and approved by the
chair. Plus papers, the action tracker, hurdles and the calendar token."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from steering.choices import (
    ActionItemStatus,
    AttendanceStatus,
    HurdleStatus,
    MeetingState,
    MinutesVersionState,
)
from steering.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Hurdle,
    Meeting,
    MinutesVersion,
)
from tests.steering.factories import BarrierReportFactory, HurdleFactory
from tests.steering.test_views_support import (  # noqa: F401
    AFTER,
    BEFORE,
    _private_files,
    chair,
    group,
    member,
    office,
    pdf,
    published,
)

pytestmark = pytest.mark.django_db


def _post(client, name, args, data=None, expect=302):
    response = client.post(reverse(f"steering:{name}", args=args), data or {})
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def test_a_meeting_runs_from_planning_to_published_minutes_through_the_pages(
    client, group, office, chair, member
):
    body, seats = group
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(office)
        response = _post(
            client,
            "meeting_create",
            [],
            {
                "body": body.pk,
                "name": "4. Sitzung der Lenkungsgruppe",
                "start": "2026-03-10T14:00",
                "end": "2026-03-10T16:00",
                "location": "Kreishaus Lüdenscheid",
                "invitation_days": "14",
            },
        )
        meeting = Meeting.objects.get(name="4. Sitzung der Lenkungsgruppe")
        assert response["Location"] == reverse("steering:meeting_detail", args=[meeting.pk])
        # 14:00 in Berlin (CET) is 13:00 UTC.
        assert meeting.start == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)

        _post(client, "agenda_item_add", [meeting.pk], {"agenda-title": "Einrichtung AG Wohnen"})
        item = AgendaItem.objects.get(meeting=meeting)
        _post(
            client, "file_upload", [meeting.pk], {"paper-file": pdf(), "paper-agenda_item": item.pk}
        )
        _post(client, "meeting_transition", [meeting.pk], {"action": "invite"})

    with time_machine.travel(AFTER, tick=False):
        client.force_login(office)
        _post(client, "meeting_transition", [meeting.pk], {"action": "hold"})
        _post(client, "meeting_transition", [meeting.pk], {"action": "minutes_start"})
        attendance = {f"m{seat.pk}": AttendanceStatus.PRESENT for seat in seats[:4]}
        attendance[f"m{seats[4].pk}"] = AttendanceStatus.EXCUSED
        _post(client, "attendance_set", [meeting.pk], attendance)
        page = client.get(reverse("steering:meeting_detail", args=[meeting.pk])).content.decode()
        assert "Beschlussfähig: 4 von 5 Stimmberechtigten anwesend (nötig: 3)." in page

        prefix = f"item{item.pk}"
        _post(
            client,
            "discussion_set",
            [meeting.pk, item.pk],
            {f"{prefix}-discussion": "Breite Zustimmung."},
        )
        _post(
            client,
            "decision_add",
            [meeting.pk, item.pk],
            {
                f"{prefix}-decision-resolution": "Die AG Wohnen wird eingerichtet.",
                f"{prefix}-decision-outcome": "adopted",
                f"{prefix}-decision-votes_for": "3",
                f"{prefix}-decision-votes_against": "1",
                f"{prefix}-decision-votes_abstain": "0",
            },
        )
        _post(
            client,
            "action_item_add",
            [meeting.pk, item.pk],
            {
                f"{prefix}-action-title": "Wohnraumbedarf erheben",
                f"{prefix}-action-owner": member.pk,
                f"{prefix}-action-due_date": "2026-04-30",
            },
        )
        _post(client, "meeting_transition", [meeting.pk], {"action": "circulate"})

        client.force_login(chair)
        _post(client, "meeting_transition", [meeting.pk], {"action": "approve"})

        client.force_login(office)
        _post(client, "meeting_transition", [meeting.pk], {"action": "publish"})

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PUBLISHED
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    decision = Decision.objects.get(agenda_item=item)
    assert (decision.votes_for, decision.votes_against, decision.quorum_met) == (3, 1, True)
    assert ActionItem.objects.get(agenda_item=item).owner == member
    version = MinutesVersion.objects.get(meeting=meeting)
    assert version.state == MinutesVersionState.APPROVED
    assert version.approved_by == chair

    client.force_login(member)
    minutes = client.get(reverse("steering:meeting_minutes", args=[meeting.pk])).content.decode()
    assert "Breite Zustimmung." in minutes
    assert "Genehmigte Fassung 1" in minutes


def test_a_correction_is_a_new_version_applied_when_the_chair_approves(
    client, published, office, chair
):
    meeting, item = published["meeting"], published["item"]
    client.force_login(office)
    _post(
        client,
        "minutes_correction",
        [meeting.pk],
        {
            "reason": "Tippfehler in der Beratung.",
            f"discussion_{item.pk}": "Breite Zustimmung aller Mitglieder.",
            f"d{published['decision'].pk}_resolution": "Die AG Wohnen wird eingerichtet.",
            f"d{published['decision'].pk}_outcome": "adopted",
            f"d{published['decision'].pk}_votes_for": "5",
            f"d{published['decision'].pk}_votes_against": "0",
            f"d{published['decision'].pk}_votes_abstain": "0",
        },
    )
    correction = MinutesVersion.objects.get(meeting=meeting, number=2)
    assert correction.changes == {
        "discussions": {str(item.pk): "Breite Zustimmung aller Mitglieder."},
        "decisions": {},
    }
    item.refresh_from_db()
    assert item.discussion == ""  # nothing changes before the chair approves

    client.force_login(chair)
    page = client.get(reverse("steering:meeting_minutes", args=[meeting.pk])).content.decode()
    assert "Berichtigung genehmigen" in page
    _post(client, "correction_approve", [meeting.pk, correction.pk])

    correction.refresh_from_db()
    assert correction.state == MinutesVersionState.APPROVED
    page = client.get(reverse("steering:meeting_minutes", args=[meeting.pk])).content.decode()
    assert "Genehmigte Fassung 2" in page
    assert "Breite Zustimmung aller Mitglieder." in page


def test_paper_download_streams_the_file_with_its_title_and_type(client, published, member):
    client.force_login(member)

    response = client.get(reverse("steering:file_download", args=[published["paper"].pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Bericht.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_owner_records_progress_and_a_new_status(client, published, member):
    action = published["action"]
    client.force_login(member)

    _post(
        client,
        "action_item_detail",
        [action.pk],
        {"text": "Erste Zahlen liegen vor.", "status": ActionItemStatus.IN_PROGRESS},
    )

    action.refresh_from_db()
    assert action.status == ActionItemStatus.IN_PROGRESS
    page = client.get(reverse("steering:action_item_detail", args=[action.pk])).content.decode()
    assert "Erste Zahlen liegen vor." in page


def test_another_member_may_read_but_not_update_an_action_item(client, published, chair):
    action = published["action"]
    client.force_login(chair)

    assert client.get(reverse("steering:action_item_detail", args=[action.pk])).status_code == 200
    response = client.post(
        reverse("steering:action_item_detail", args=[action.pk]),
        {"text": "x", "status": ActionItemStatus.DONE},
    )

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionItemStatus.OPEN


def test_action_tracker_filters_overdue_items_of_the_owner(client, published, member):
    client.force_login(member)

    with time_machine.travel(datetime(2026, 5, 5, 9, 0, tzinfo=UTC), tick=False):
        client.force_login(member)
        page = client.get(reverse("steering:action_items") + "?owner=me&overdue=on")

    assert page.status_code == 200
    assert "Wohnraumbedarf erheben" in page.content.decode()
    assert "überfällig" in page.content.decode()


def test_coordinator_creates_a_hurdle_links_reports_and_moves_it_on(client, published, office):
    report = BarrierReportFactory()
    BarrierReportFactory()
    client.force_login(office)
    _post(
        client,
        "hurdle_create",
        [],
        {
            "title": "Keine Wohnungen für Geduldete",
            "domain": report.domain,
            "description": "Vermieter lehnen ab.",
        },
    )
    hurdle = Hurdle.objects.get(title="Keine Wohnungen für Geduldete")
    cell = f"{report.domain}|{report.municipality_id}|{report.month:%Y-%m}"
    _post(client, "hurdle_link", [hurdle.pk], {"link-reports": cell})
    _post(client, "hurdle_link", [hurdle.pk], {"link-decision": published["decision"].pk})
    _post(
        client,
        "hurdle_transition",
        [hurdle.pk],
        {"status-to_status": HurdleStatus.MEASURE_DECIDED},
    )
    _post(client, "hurdle_note", [hurdle.pk], {"note-note": "AG berichtet im Mai."})

    hurdle.refresh_from_db()
    assert hurdle.status == HurdleStatus.MEASURE_DECIDED
    assert hurdle.source_reports.count() == 2
    page = client.get(reverse("steering:hurdle_detail", args=[hurdle.pk])).content.decode()
    assert "AG berichtet im Mai." in page
    assert report.text not in page  # sources only as counts


def test_hurdle_list_shows_the_register_to_members(client, published, member):
    HurdleFactory(title="Lange Wartezeit Ausländerbehörde")
    client.force_login(member)

    page = client.get(reverse("steering:hurdles")).content.decode()

    assert "Lange Wartezeit Ausländerbehörde" in page


def test_member_issues_and_revokes_a_calendar_token(client, member):
    client.force_login(member)

    response = client.post(reverse("steering:calendar_token"), {"action": "issue"})

    assert response.status_code == 200
    token = CalendarToken.objects.get(user=member, revoked_at=None)
    assert token.token_digest not in response.content.decode()
    assert "Sie wird nur jetzt angezeigt" in response.content.decode()

    _post(client, "calendar_token", [], {"action": "revoke"})
    assert not CalendarToken.objects.filter(user=member, revoked_at=None).exists()
