"""The steering PDFs: a meeting's invitation with its agenda, and its approved minutes.

The minutes PDF prints an approved ``MinutesVersion``'s frozen ``content`` (the
authoritative record: attendance, quorum, each agenda item's discussion, decisions with
their votes, action items), never the live rows, with the version number, the approval
date and the list of corrections. Rendering uses ``cases.exports.html_to_pdf`` (WeasyPrint
whose URL fetcher allows nothing). German, times in Europe/Berlin.

Data is passed in by the views, read through ``steering.selectors``; the only reads here
are the names behind ids in the frozen content (presenters, organisations of action
items), which the reader already sees in the portal.
"""

from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from cases.exports import html_to_pdf
from kim_portal.models import Organisation, User
from kim_portal.reminder_engine import BERLIN

from .choices import AttendanceStatus, DecisionOutcome, MajorityRule, MembershipRole
from .models import Meeting, MinutesVersion


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _render(template: str, context: dict) -> bytes:
    with translation.override("de"), timezone.override(BERLIN):
        return html_to_pdf(render_to_string(template, context))


# --- Invitation ---------------------------------------------------------------------------------


def invitation_pdf(meeting: Meeting) -> bytes:
    """The invitation with the agenda of ``meeting`` (from ``meeting_for_user``: agenda
    items with presenters and papers prefetched)."""
    return _render(
        "steering/pdf/invitation.html",
        {
            "meeting": meeting,
            "agenda_items": list(meeting.agenda_items.all()),
            "meeting_papers": [f for f in meeting.files.all() if f.agenda_item_id is None],
            "generated_at": timezone.now(),
        },
    )


# --- Minutes ------------------------------------------------------------------------------------


def _decision(data: dict) -> dict:
    return {
        **data,
        "outcome_label": _label(DecisionOutcome, data["outcome"]),
        "majority_rule_label": _label(MajorityRule, data["majority_rule"])
        if data.get("majority_rule")
        else "",
        "voted": data["outcome"] != DecisionOutcome.DEFERRED,
    }


def minutes_context(meeting: Meeting, *, version: MinutesVersion, versions) -> dict:
    """What the minutes template needs, from the frozen ``version.content``. ``versions``:
    the approved versions the reader may see (for the list of corrections)."""
    content = version.content
    items = content.get("agenda_items", [])
    presenter_ids = {item["presenter_id"] for item in items if item.get("presenter_id")}
    organisation_ids = {
        action["organisation_id"] for item in items for action in item.get("action_items", [])
    }
    presenters = dict(User.objects.filter(pk__in=presenter_ids).values_list("pk", "display_name"))
    organisations = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
    )
    attendance = [
        {
            **row,
            "status_label": _label(AttendanceStatus, row["status"]),
            "role_label": _label(MembershipRole, row["role"]),
        }
        for row in content.get("attendance", [])
    ]
    agenda = [
        {
            **item,
            "presenter": presenters.get(item.get("presenter_id"), ""),
            "decisions": [_decision(d) for d in item.get("decisions", [])],
            "action_items": [
                {
                    **action,
                    "organisation": organisations.get(action["organisation_id"], ""),
                    "due": date.fromisoformat(action["due_date"]),
                }
                for action in item.get("action_items", [])
            ],
        }
        for item in items
    ]
    frozen = content.get("meeting", {})
    corrections = [
        v for v in versions if v.is_correction and v.number <= version.number and v.approved_at
    ]
    return {
        "meeting": meeting,
        "version": version,
        "title": frozen.get("name", meeting.name),
        "start": _moment(frozen.get("start")) or meeting.start,
        "end": _moment(frozen.get("end")) or meeting.end,
        "location": frozen.get("location", meeting.location),
        "quorum": content.get("quorum", {}),
        "present": [row for row in attendance if row["status"] == AttendanceStatus.PRESENT],
        "not_present": [row for row in attendance if row["status"] != AttendanceStatus.PRESENT],
        "agenda": agenda,
        "corrections": sorted(corrections, key=lambda v: v.number),
        "generated_at": timezone.now(),
    }


def _moment(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def minutes_pdf(meeting: Meeting, *, version: MinutesVersion, versions) -> bytes:
    """The approved minutes ``version`` of ``meeting`` as a PDF (German)."""
    return _render(
        "steering/pdf/minutes.html", minutes_context(meeting, version=version, versions=versions)
    )
