"""What the steering area gives out of the portal: the private calendar feed, the PDFs of
invitations and approved minutes, and the read-only OParl API for members' tools.

* **Calendar feed** (``steering_api:calendar_feed``, not language-prefixed): the token in
  the URL is the only credential (calendar apps cannot log in); unknown or revoked → 404.
* **PDFs** (``steering:meeting_invitation_pdf``, ``steering:minutes_pdf``): logged-in
  session, looked up through the access helpers (404 for what the user may not see).
* **OParl API** (``steering_api:oparl_*``): ``Authorization: Bearer <calendar token>``,
  never a session; CORS for GET from anywhere (no cookies are involved); conditional
  requests (ETag, Last-Modified, 304) like the offers API, but ``Cache-Control: private``.

Views parse input, call a selector, serialise (``steering.ical``, ``steering.pdf``,
``steering.oparl``) and answer.
"""

import hashlib
import json
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from . import oparl, pdf, selectors, services
from .ical import calendar_feed_text

# --- Calendar feed ------------------------------------------------------------------------------


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The member's meetings as iCalendar. The token is the credential: 404 for an unknown
    or revoked one, or once its owner has left the steering area."""
    if selectors.calendar_token_user(token) is None:
        raise Http404
    services.calendar_token_mark_used(token=token)
    meetings = selectors.meetings_for_calendar_token(token)
    response = HttpResponse(
        calendar_feed_text(meetings), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="kim-lenkungsgruppe.ics"'
    # Personal: no shared cache may keep it, and the token URL is never passed on.
    response["Cache-Control"] = "private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- PDFs ---------------------------------------------------------------------------------------


def _pdf(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
@require_GET
def meeting_invitation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitation with the agenda, for everyone who may see the meeting."""
    meeting = selectors.meeting_for_user(user=request.user, pk=pk)
    return _pdf(
        pdf.invitation_pdf(meeting), filename=f"einladung-{meeting.local_date:%Y-%m-%d}.pdf"
    )


@login_required
@never_cache
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The newest approved version of the minutes, for those who may read them; 404 before
    approval (drafts are no document to hand on)."""
    meeting = selectors.meeting_for_user(user=request.user, pk=pk)
    version = selectors.minutes_current(user=request.user, meeting=meeting)
    if version is None:
        raise Http404
    versions = selectors.minutes_versions_of(user=request.user, meeting=meeting)
    return _pdf(
        pdf.minutes_pdf(meeting, version=version, versions=versions),
        filename=f"protokoll-{meeting.local_date:%Y-%m-%d}-fassung-{version.number}.pdf",
    )


# --- OParl API ----------------------------------------------------------------------------------

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
CACHE_CONTROL = "private, no-cache"
# Bump when the shape of the answers changes, so clients refetch.
VALIDATOR_VERSION = "oparl-1.1-kim-1"


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )


def _error(status: int, message: str, **extra) -> JsonResponse:
    return _json({"error": message, **extra}, status=status)


def _bearer_token(request: HttpRequest) -> str:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, X-Request-ID"
    return response


def oparl_endpoint(view: Callable) -> Callable:
    """OPTIONS is a CORS preflight; GET and HEAD need a valid bearer token (401 without)
    and reach the view with the token's owner; anything else is 405. Bad parameters → 400,
    records the owner may not see → 404, all as JSON.

    **Token scope.** The bearer token is the member's private calendar token (see
    ``CalendarToken``), not a session and not an API key with rights of its own. It
    authorises *reading only*, and only what its owner may read in the portal right now:
    meetings with published minutes of the bodies they sit or sat in (all bodies for a
    coordinator; see ``selectors.bodies_visible_to``), with their agenda items, decisions,
    organisations and paper metadata. It never
    reaches drafts, attendance, action items, hurdles, dashboards, persons or any client
    data, never writes, and never opens a portal session. It stops working when the member
    revokes it or issues a new one, or when they lose their steering role. Each use is
    recorded as ``last_used_at`` (at most once an hour)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "Authorization, Accept, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "Read-only API: use GET.")
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        user = selectors.calendar_token_user(_bearer_token(request))
        if user is None:
            response = _error(401, "Send your calendar token: Authorization: Bearer <token>.")
            response["WWW-Authenticate"] = 'Bearer realm="KIM Portal OParl"'
        else:
            services.calendar_token_mark_used(token=_bearer_token(request))
            try:
                response = view(request, user, *args, **kwargs)
            except oparl.OparlParamError as exc:
                response = _error(400, exc.message, parameter=exc.parameter)
            except Http404:
                response = _error(404, "No such object, or not visible with this token.")
        patch_vary_headers(response, ["Authorization"])
        return _cors(response)

    # Only safe methods do anything; a POST gets the JSON 405 rather than a CSRF page.
    return csrf_exempt(wrapper)


def _latest(values) -> object:
    return max((value for value in values if value is not None), default=None)


def _answer(request: HttpRequest, data: dict, *, last_modified=None) -> HttpResponse:
    """The JSON answer with validators; 304 when the client's copy is current. The ETag is
    a hash of the content: exact, and different for people who see different things."""
    digest = hashlib.sha256(
        json.dumps([VALIDATOR_VERSION, data], sort_keys=True, default=str).encode()
    ).hexdigest()
    etag = f'W/"{digest[:32]}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = _json(data)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _list(request, rows, *, list_url: str, serialize, modified_field: str = "modified"):
    query = oparl.list_query(request.GET)
    if query.modified_since is not None:
        rows = rows.filter(**{f"{modified_field}__gte": query.modified_since})
    data = oparl.page_of(rows, query=query, list_url=list_url, serialize=serialize)
    latest = _latest(item["modified"] for item in data["data"])
    return _answer(request, data, last_modified=_parse(latest))


def _parse(value: str | None):
    return parse_datetime(value) if value else None


def _detail(request, data: dict) -> HttpResponse:
    return _answer(request, data, last_modified=_parse(data.get("modified")))


@oparl_endpoint
def oparl_system(request, user):
    bodies = list(selectors.oparl_bodies_visible_to(user=user))
    return _detail(request, oparl.system_dict(bodies=bodies))


@oparl_endpoint
def oparl_bodies(request, user):
    return _list(
        request,
        selectors.oparl_bodies_visible_to(user=user),
        list_url=oparl.url("oparl_bodies"),
        serialize=oparl.body_dict,
    )


def _body(user, pk: int):
    body = selectors.oparl_bodies_visible_to(user=user).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


@oparl_endpoint
def oparl_body(request, user, pk: int):
    return _detail(request, oparl.body_dict(_body(user, pk)))


@oparl_endpoint
def oparl_body_organizations(request, user, pk: int):
    body = _body(user, pk)
    return _list(
        request,
        selectors.oparl_organizations_of(user=user, body=body),
        list_url=oparl.url("oparl_body_organizations", pk),
        serialize=oparl.organization_dict,
    )


@oparl_endpoint
def oparl_body_meetings(request, user, pk: int):
    body = _body(user, pk)
    return _list(
        request,
        selectors.oparl_meetings_visible_to(user=user, body=body),
        list_url=oparl.url("oparl_body_meetings", pk),
        serialize=oparl.meeting_dict,
        modified_field="oparl_modified",
    )


@oparl_endpoint
def oparl_organization(request, user, pk: int):
    organization = selectors.body_for_user(user=user, pk=pk)
    return _detail(request, oparl.organization_dict(organization))


@oparl_endpoint
def oparl_organization_meetings(request, user, pk: int):
    organization = selectors.body_for_user(user=user, pk=pk)
    return _list(
        request,
        selectors.oparl_meetings_visible_to(user=user, organization=organization),
        list_url=oparl.url("oparl_organization_meetings", pk),
        serialize=oparl.meeting_dict,
        modified_field="oparl_modified",
    )


@oparl_endpoint
def oparl_meeting(request, user, pk: int):
    return _detail(request, oparl.meeting_dict(selectors.oparl_meeting_for_user(user=user, pk=pk)))


@oparl_endpoint
def oparl_agenda_item(request, user, pk: int):
    item = selectors.oparl_agenda_item_for_user(user=user, pk=pk)
    return _detail(request, oparl.agenda_item_dict(item))


@oparl_endpoint
def oparl_decision(request, user, pk: int):
    decision = selectors.oparl_decision_for_user(user=user, pk=pk)
    return _detail(
        request, oparl.decision_dict(decision, meeting_id=decision.agenda_item.meeting_id)
    )


@oparl_endpoint
def oparl_file(request, user, pk: int):
    return _detail(request, oparl.file_dict(selectors.oparl_file_for_user(user=user, pk=pk)))


@oparl_endpoint
def oparl_not_found(request, user, path: str = ""):
    return _error(404, "No such endpoint. Start at the system object: /api/v1/oparl/.")
