"""The steering group as read-only OParl 1.1 JSON for members' tools (``/api/v1/oparl/``).

**Access.** Every request carries the member's private calendar token as a bearer token
(``Authorization: Bearer <token>``), never a session or cookie; it is resolved with
``calendar_token_user`` and the answer is exactly what that person may see in the portal
(``steering.selectors``). No token, an unknown or revoked one → 401.

**Mapping.** An OParl ``Body`` is a steering group; its ``Organization`` objects are the
steering group itself and its working groups; ``Meeting`` objects are the meetings whose
minutes are **published**, with their ``AgendaItem`` objects (discussion and decisions)
and papers as ``File`` metadata — without ``accessUrl``/``downloadUrl``: papers are
downloaded in the portal, behind its access check. No ``Person`` objects: the API names
nobody.

**Conventions.** ``id`` is the object's URL, ``type`` its schema URL; ``created`` and
``modified`` on every object (a meeting's ``modified`` includes minutes corrections).
Lists are paged (``data``, ``pagination``, ``links``) and filter on ``modified_since``.
Our additions are prefixed ``kim:``; the vote of an agenda item is a ``kim:decision``
object with a ``type`` under our own namespace (``KIM_SCHEMA``), since OParl has no votes.
"""

from dataclasses import dataclass
from datetime import datetime
from math import ceil
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from kim_portal.reminder_engine import BERLIN

from .choices import BodyKind, MeetingState
from .models import AgendaItem, Body, Decision, File, Meeting

OPARL_VERSION = "https://schema.oparl.org/1.1/"
OPARL_SCHEMA = "https://schema.oparl.org/1.1/"
# Our extension types. Kept independent of the host name, so ids of types never move.
KIM_SCHEMA = "https://schema.kim-portal.de/oparl/1.0/"
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


class OparlParamError(ValueError):
    """A query parameter the API cannot read (answered with 400)."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


# --- Query parameters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    modified_since: datetime | None = None

    def params(self, **overrides) -> dict:
        """The query string of this list (for its ``links``), with ``overrides``."""
        values = {"modified_since": self.modified_since_text, "limit": self.per_page}
        values.update(overrides)
        if values["limit"] == DEFAULT_PER_PAGE:
            values.pop("limit")
        return {key: value for key, value in values.items() if value not in (None, "")}

    @property
    def modified_since_text(self) -> str:
        return iso(self.modified_since) if self.modified_since else ""


def _positive_int(values, name: str, default: int, maximum: int | None = None) -> int:
    raw = values.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise OparlParamError(name, f"{name} must be a positive whole number.")
    return min(int(raw), maximum) if maximum else int(raw)


def list_query(values) -> ListQuery:
    """``page``, ``limit`` (at most ``MAX_PER_PAGE``) and ``modified_since`` (ISO 8601 with
    a time zone, as OParl requires) from the query string."""
    since = None
    raw = values.get("modified_since", "")
    if raw:
        # "+" of an offset arrives as a space when a client does not encode it.
        try:
            since = parse_datetime(raw.replace(" ", "+"))
        except ValueError:  # well-formed but impossible: 30 February, offset +99:00
            since = None
        if since is None or since.tzinfo is None:
            raise OparlParamError(
                "modified_since", "modified_since must be an ISO 8601 date-time with offset."
            )
    return ListQuery(
        page=_positive_int(values, "page", 1),
        per_page=_positive_int(values, "limit", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        modified_since=since,
    )


# --- URLs and values ----------------------------------------------------------------------------


def url(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(f'steering_api:{name}', args=args)}"


def iso(moment: datetime | None) -> str | None:
    """A date-time as OParl writes it: ISO 8601 in Europe/Berlin with its offset."""
    return moment.astimezone(BERLIN).isoformat() if moment else None


def _timestamps(obj, modified: datetime | None = None) -> dict:
    return {"created": iso(obj.created), "modified": iso(modified or obj.modified)}


# --- Objects ------------------------------------------------------------------------------------


def system_dict(*, bodies: list[Body]) -> dict:
    """The entry point. Its ``created``/``modified`` are those of the bodies it lists."""
    created = min((body.created for body in bodies), default=None)
    modified = max((body.modified for body in bodies), default=None)
    return {
        "id": url("oparl_system"),
        "type": f"{OPARL_SCHEMA}System",
        "oparlVersion": OPARL_VERSION,
        "name": "KIM Portal – Lenkungsgruppe KIM Märkischer Kreis",
        "body": url("oparl_bodies"),
        "website": settings.SITE_URL,
        "vendor": "https://www.maerkischer-kreis.de",
        "product": "KIM Portal",
        "created": iso(created),
        "modified": iso(modified),
    }


def body_dict(body: Body) -> dict:
    return {
        "id": url("oparl_body", body.pk),
        "type": f"{OPARL_SCHEMA}Body",
        "system": url("oparl_system"),
        "name": body.name,
        "shortName": body.short_name or None,
        "classification": str(BodyKind(body.kind).label),
        "organization": url("oparl_body_organizations", body.pk),
        "meeting": url("oparl_body_meetings", body.pk),
        # OParl requires the list; the steering group has no electoral terms.
        "legislativeTerm": [],
        "kim:startDate": body.start_date.isoformat(),
        "kim:endDate": body.end_date.isoformat() if body.end_date else None,
        **_timestamps(body),
    }


def organization_dict(body: Body) -> dict:
    """A steering group or working group as an OParl organisation (a committee)."""
    steering_group = body.parent_id or body.pk
    return {
        "id": url("oparl_organization", body.pk),
        "type": f"{OPARL_SCHEMA}Organization",
        "body": url("oparl_body", steering_group),
        "name": body.name,
        "shortName": body.short_name or None,
        "organizationType": "Gremium",
        "classification": str(BodyKind(body.kind).label),
        "startDate": body.start_date.isoformat(),
        "endDate": body.end_date.isoformat() if body.end_date else None,
        "subOrganizationOf": url("oparl_organization", body.parent_id) if body.parent_id else None,
        "meeting": url("oparl_organization_meetings", body.pk),
        "kim:mandate": body.mandate or None,
        **_timestamps(body),
    }


def file_dict(paper: File) -> dict:
    """A paper's metadata. No ``accessUrl``/``downloadUrl`` (OParl requires an access URL):
    papers are downloaded in the portal, behind its access check."""
    return {
        "id": url("oparl_file", paper.pk),
        "type": f"{OPARL_SCHEMA}File",
        "name": paper.name,
        "mimeType": paper.mime_type,
        "size": paper.size,
        "meeting": [url("oparl_meeting", paper.meeting_id)],
        "agendaItem": [url("oparl_agenda_item", paper.agenda_item_id)]
        if paper.agenda_item_id
        else [],
        "kim:sha256Checksum": paper.sha256,
        **_timestamps(paper),
    }


def decision_dict(decision: Decision, *, meeting_id: int) -> dict:
    """Our extension object: a resolution with its vote (OParl has no votes)."""
    return {
        "id": url("oparl_decision", decision.pk),
        "type": f"{KIM_SCHEMA}Decision",
        "agendaItem": url("oparl_agenda_item", decision.agenda_item_id),
        "meeting": url("oparl_meeting", meeting_id),
        "resolution": decision.resolution,
        "outcome": decision.outcome,
        "outcomeLabel": str(decision.get_outcome_display()),
        "votesFor": decision.votes_for,
        "votesAgainst": decision.votes_against,
        "votesAbstain": decision.votes_abstain,
        "unanimous": decision.unanimous,
        "majorityRule": decision.majority_rule or None,
        "quorumMet": decision.quorum_met,
        **_timestamps(decision),
    }


def agenda_item_dict(item: AgendaItem) -> dict:
    decisions = list(item.decisions.all())
    return {
        "id": url("oparl_agenda_item", item.pk),
        "type": f"{OPARL_SCHEMA}AgendaItem",
        "meeting": url("oparl_meeting", item.meeting_id),
        "number": item.number,
        "order": item.order,
        "name": item.title,
        "public": item.public,
        "result": ", ".join(str(d.get_outcome_display()) for d in decisions) or None,
        "resolutionText": "\n\n".join(d.resolution for d in decisions) or None,
        "auxiliaryFile": [file_dict(paper) for paper in item.files.all()],
        "kim:discussion": item.discussion or None,
        "kim:decision": [decision_dict(d, meeting_id=item.meeting_id) for d in decisions],
        **_timestamps(item),
    }


def meeting_dict(meeting: Meeting) -> dict:
    """A meeting with published minutes (from ``oparl_meetings_visible_to``)."""
    versions = getattr(meeting, "approved_minutes_versions", [])
    current = versions[-1] if versions else None
    return {
        "id": url("oparl_meeting", meeting.pk),
        "type": f"{OPARL_SCHEMA}Meeting",
        "name": meeting.name,
        "meetingState": str(meeting.get_state_display()),
        "cancelled": meeting.state == MeetingState.CANCELLED,
        "start": iso(meeting.start),
        "end": iso(meeting.end),
        "organization": [url("oparl_organization", meeting.body_id)],
        "agendaItem": [agenda_item_dict(item) for item in meeting.agenda_items.all()],
        "auxiliaryFile": [
            file_dict(paper) for paper in meeting.files.all() if paper.agenda_item_id is None
        ],
        "kim:location": meeting.location or None,
        "kim:videoUrl": meeting.video_url or None,
        "kim:minutesVersion": current.number if current else None,
        "kim:minutesApproved": iso(current.approved_at) if current else None,
        "kim:minutesPublished": iso(meeting.published_at),
        **_timestamps(meeting, getattr(meeting, "oparl_modified", None)),
    }


# --- Lists --------------------------------------------------------------------------------------


def page_of(rows, *, query: ListQuery, list_url: str, serialize) -> dict:
    """An OParl list page: ``data``, ``pagination`` and ``links`` (which keep the list's
    filters). A page past the end is empty, not an error."""
    total = len(rows) if isinstance(rows, list) else rows.count()
    offset = (query.page - 1) * query.per_page
    chunk = list(rows[offset : offset + query.per_page]) if offset < total else []
    total_pages = max(ceil(total / query.per_page), 1)

    def link(page: int) -> str:
        return f"{list_url}?{urlencode(query.params(page=page))}"

    links = {"first": link(1), "last": link(total_pages)}
    if query.page > 1:
        links["prev"] = link(min(query.page - 1, total_pages))
    if query.page < total_pages:
        links["next"] = link(query.page + 1)
    return {
        "data": [serialize(row) for row in chunk],
        "pagination": {
            "totalElements": total,
            "elementsPerPage": query.per_page,
            "currentPage": query.page,
            "totalPages": total_pages,
        },
        "links": links,
    }
