"""Query parameters of the open-data API: parsed and checked before anything is read, so a
bad request gets a 400 with a JSON error and never reaches the database.

Rules (documented in offers/api_openapi.py): unknown parameter names, a parameter given
twice, non-integer or out-of-range ``page``/``per_page``, an unsupported ``lang``, a
``modified_after`` that is no ISO 8601 date or date-time and an id that is no UUID are
errors. A well-formed value that matches nothing (an unknown town, category or id) is not
an error: it simply finds nothing. Empty ``q``, ``municipality``, ``category`` and
``language`` mean "no filter", as HTML forms send them.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone as django_timezone

from .api_serializers import Kind, is_uuid, parse_resource_id

API_LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_QUERY_LENGTH = 200
MAX_MUNICIPALITY_LENGTH = 100
MAX_SLUG_LENGTH = 60

SLUG_PATTERN = r"^[a-z0-9_-]*$"
LANGUAGE_CODE_PATTERN = r"^([A-Za-z]{2,3})?$"
_INTEGER = re.compile(r"^[0-9]{1,7}$")
# ISO 8601 / RFC 3339: a date, optionally with time, fraction and offset.
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$"
)

LIST_PARAMETERS = ("page", "per_page")
SERVICE_FILTERS = (
    "q",
    "search",
    "municipality",
    "category",
    "language",
    "modified_after",
    "organization_id",
    "taxonomy_term_id",
    "lang",
)


class ApiParamError(Exception):
    """A query parameter the API cannot use; becomes a 400 answer."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class ServiceQuery:
    """The filters of /services and /services.ics."""

    q: str = ""
    municipality: str = ""
    category: str = ""
    language: str = ""
    modified_after: datetime | None = None
    # Primary keys; ``matches_nothing`` when an id was well-formed but is not one of ours.
    organization_pk: int | None = None
    category_pk: int | None = None
    target_group_pk: int | None = None
    matches_nothing: bool = False
    lang: str = "de"
    paging: Paging = field(default_factory=Paging)


def _single_values(query: QueryDict, allowed: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for name in query:
        if name not in allowed:
            hint = ", ".join(allowed) if allowed else "none"
            raise ApiParamError(name, f"Unknown parameter. Allowed here: {hint}.")
        given = query.getlist(name)
        if len(given) > 1:
            raise ApiParamError(name, "Give this parameter at most once.")
        # NUL cannot reach PostgreSQL; it never means anything in a filter.
        values[name] = given[0].replace("\x00", "").strip()
    return values


def _integer(values: dict, name: str, default: int, maximum: int) -> int:
    if name not in values:
        return default
    raw = values[name]
    if not _INTEGER.match(raw) or not 1 <= int(raw) <= maximum:
        raise ApiParamError(name, f"Must be a whole number from 1 to {maximum}.")
    return int(raw)


def _paging(values: dict) -> Paging:
    return Paging(
        page=_integer(values, "page", 1, MAX_PAGE),
        per_page=_integer(values, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


def _lang(values: dict) -> str:
    lang = values.get("lang", "de")
    if lang not in API_LANGUAGES:
        raise ApiParamError("lang", f"Unsupported language. One of: {', '.join(API_LANGUAGES)}.")
    return lang


def _limited(values: dict, name: str, maximum: int) -> str:
    value = values.get(name, "")
    if len(value) > maximum:
        raise ApiParamError(name, f"At most {maximum} characters.")
    return value


def parse_modified_after(raw: str) -> datetime:
    """An aware datetime from an ISO 8601 date or date-time. A date means its start, a
    date-time without offset is Berlin time."""
    match = _DATETIME.match(raw)
    if not match:
        raise ApiParamError(
            "modified_after", "Must be an ISO 8601 date or date-time, e.g. 2026-01-31T12:00:00Z."
        )
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime.combine(
            date(int(year), int(month), int(day)),
            time(
                int(hour or 0),
                int(minute or 0),
                # RFC 3339 allows a leap second.
                min(int(second or 0), 59),
                int((fraction or "0")[:6].ljust(6, "0")),
            ),
        )
    except ValueError:
        raise ApiParamError("modified_after", "Not a real date or time.") from None
    if offset is None:
        zone = django_timezone.get_default_timezone()
    elif offset in ("Z", "z"):
        zone = UTC
    else:
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 23 or minutes > 59:
            raise ApiParamError("modified_after", "Not a valid UTC offset.")
        delta = timedelta(hours=hours, minutes=minutes)
        zone = timezone(-delta if offset[0] == "-" else delta)
    try:
        return moment.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError:
        # Days at the very edge of the calendar: earlier or later than any offer anyway.
        return (
            datetime.min.replace(tzinfo=UTC) if int(year) < 2 else datetime.max.replace(tzinfo=UTC)
        )


def _uuid(values: dict, name: str) -> str | None:
    raw = values.get(name)
    if raw is None:
        return None
    if not is_uuid(raw):
        raise ApiParamError(name, "Must be a UUID.")
    return raw


def parse_service_query(query: QueryDict) -> ServiceQuery:
    """The filters of /services (and of /services.ics, which ignores the paging)."""
    values = _single_values(query, SERVICE_FILTERS + LIST_PARAMETERS)
    # search is the HSDS name of q; given both, both apply.
    q = " ".join(
        text
        for text in (
            _limited(values, "q", MAX_QUERY_LENGTH),
            _limited(values, "search", MAX_QUERY_LENGTH),
        )
        if text
    )

    category = _limited(values, "category", MAX_SLUG_LENGTH)
    if not re.match(SLUG_PATTERN, category):
        raise ApiParamError("category", "A category slug: lower-case letters, digits, - and _.")
    language = values.get("language", "")
    if not re.match(LANGUAGE_CODE_PATTERN, language):
        raise ApiParamError("language", "An ISO 639-1 or 639-3 language code, e.g. ar.")

    modified_after = None
    if "modified_after" in values:
        modified_after = parse_modified_after(values["modified_after"])

    matches_nothing = False
    organization_pk = category_pk = target_group_pk = None
    if (raw := _uuid(values, "organization_id")) is not None:
        found = parse_resource_id(raw, Kind.ORGANIZATION)
        organization_pk = found[1] if found else None
        matches_nothing |= found is None
    if (raw := _uuid(values, "taxonomy_term_id")) is not None:
        found = parse_resource_id(raw, Kind.CATEGORY, Kind.TARGET_GROUP)
        if found and found[0] == Kind.CATEGORY:
            category_pk = found[1]
        elif found:
            target_group_pk = found[1]
        matches_nothing |= found is None

    return ServiceQuery(
        q=q,
        municipality=_limited(values, "municipality", MAX_MUNICIPALITY_LENGTH),
        category=category,
        language=language.lower(),
        modified_after=modified_after,
        organization_pk=organization_pk,
        category_pk=category_pk,
        target_group_pk=target_group_pk,
        matches_nothing=matches_nothing,
        lang=_lang(values),
        paging=_paging(values),
    )


def parse_list_query(query: QueryDict, *extra: str) -> tuple[Paging, dict[str, str]]:
    """Paging for a plain list endpoint plus the raw values of its ``extra`` parameters."""
    values = _single_values(query, LIST_PARAMETERS + extra)
    return _paging(values), values


def parse_lang_only(query: QueryDict) -> str:
    return _lang(_single_values(query, ("lang",)))


def parse_no_parameters(query: QueryDict) -> None:
    _single_values(query, ())


def parse_municipality(values: dict) -> str:
    return _limited(values, "municipality", MAX_MUNICIPALITY_LENGTH)


def parse_lang(values: dict) -> str:
    return _lang(values)


def parse_organization_id(values: dict) -> tuple[int | None, bool]:
    """(organisation pk, matches_nothing) from ``organization_id``."""
    raw = _uuid(values, "organization_id")
    if raw is None:
        return None, False
    found = parse_resource_id(raw, Kind.ORGANIZATION)
    return (found[1], False) if found else (None, True)


def parse_taxonomy_id(values: dict) -> tuple[int | None, bool]:
    """(taxonomy number, matches_nothing) from ``taxonomy_id``."""
    raw = _uuid(values, "taxonomy_id")
    if raw is None:
        return None, False
    found = parse_resource_id(raw, Kind.TAXONOMY)
    return (found[1], False) if found else (None, True)
