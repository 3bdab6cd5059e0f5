"""HSDS 3 objects for the open-data API: plain functions from prefetched model instances to
JSON-ready dicts. Field names are those of Open Referral HSDS 3; what HSDS lacks is added
as ``x_kim_*`` extension fields (documented in offers/api_openapi.py and on the docs page).

Ids are UUIDs, as HSDS asks. Whatever the API can look up or filter by (services,
organizations, locations, service_at_locations, schedules, contacts, taxonomies, taxonomy
terms) gets a version-8 UUID (RFC 9562) that carries its kind and primary key, so
``/services/{id}`` needs no id table. Parts without an endpoint of their own (addresses,
phones, languages, cost options, attributes, metadata) get a name-based version-5 UUID.
Both stay the same for as long as the row exists; clients should treat them as opaque.

Text fields come in the requested language (``?lang=``) where a translation has them, else
in German; ``x_kim_text_languages`` says per field which language was delivered.
"""

import html
import re
import uuid
from datetime import UTC, date, datetime, time
from enum import IntEnum
from math import ceil

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from kim_portal.models import Municipality, Organisation

from .models import Category, Location, Offer, OfferLocation, OfferTranslation, Schedule, Term
from .sanitize import sanitize_html

SOURCE_LANGUAGE = "de"
TIME_ZONE_NAME = "Europe/Berlin"
DISTRICT_NAME = "Märkischer Kreis"
STATE_NAME = "Nordrhein-Westfalen"


# --- ids -------------------------------------------------------------------------------


class Kind(IntEnum):
    """What a version-8 id stands for (its second group)."""

    SERVICE = 1
    ORGANIZATION = 2
    LOCATION = 3
    SERVICE_AT_LOCATION = 4
    SCHEDULE = 5
    CONTACT = 6
    TAXONOMY = 7
    CATEGORY = 8
    TARGET_GROUP = 9


# "KIM\0" – marks the ids as ours; version nibble 8 and variant bits 10 make them valid
# RFC 9562 UUIDs.
_ID_PREFIX = "4b494d00"
_ID_PATTERN = re.compile(r"^4b494d00-([0-9a-f]{4})-8000-8000-([0-9a-f]{12})$")
_UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Fixed for ever: changing it changes every derived id.
_DERIVED_NAMESPACE = uuid.UUID("7b1a2b8a-6b82-43dc-92f8-1921b9ccb12c")

# The two taxonomies; their version-8 "primary keys".
TAXONOMY_CATEGORIES = 1
TAXONOMY_TARGET_GROUPS = 2


def resource_id(kind: Kind, pk: int) -> str:
    if not 0 < pk < 16**12:
        raise ValueError(f"primary key {pk} does not fit an API id")
    return f"{_ID_PREFIX}-{kind:04x}-8000-8000-{pk:012x}"


def is_uuid(value: str) -> bool:
    """A UUID in its canonical textual form (either case)."""
    return bool(_UUID_PATTERN.match(value.lower()))


def parse_resource_id(value: str, *kinds: Kind) -> tuple[Kind, int] | None:
    """(kind, pk) for one of our ids of one of ``kinds``; None for anything else."""
    match = _ID_PATTERN.match(value.lower())
    if not match:
        return None
    try:
        kind = Kind(int(match.group(1), 16))
    except ValueError:
        return None
    pk = int(match.group(2), 16)
    if kind not in kinds or pk == 0:
        return None
    return kind, pk


def derived_id(*parts) -> str:
    return str(uuid.uuid5(_DERIVED_NAMESPACE, ":".join(str(part) for part in parts)))


def term_kind(term: Term) -> Kind:
    return Kind.CATEGORY if isinstance(term, Category) else Kind.TARGET_GROUP


# --- small helpers ---------------------------------------------------------------------


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _iso_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _hh_mm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _float(value) -> float | None:
    return float(value) if value is not None else None


_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|li|ul|ol)>")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> str:
    """Plain text of a sanitised description: paragraphs and list items on lines of their
    own, entities decoded."""
    text = _BLOCK_END.sub("\n", markup or "")
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def portal_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def api_url(path: str) -> str:
    return portal_url(f"/api/v1{path}")


def offer_page_url(offer: Offer, lang: str) -> str:
    with translation.override(lang):
        return portal_url(reverse("offers:detail", args=[offer.pk]))


def offer_calendar_url(offer: Offer) -> str:
    with translation.override(SOURCE_LANGUAGE):
        return portal_url(reverse("offers:ics", args=[offer.pk]))


def language_name(code: str, lang: str) -> str:
    """The language's name in ``lang`` (Django's own catalogue of language names), or its
    English name, or the bare code for languages Django does not know."""
    info = LANG_INFO.get(code)
    if not info or "name" not in info:
        return code
    with translation.override(lang):
        return gettext(info["name"])


# --- texts -----------------------------------------------------------------------------


def _translation_for(offer: Offer, lang: str) -> OfferTranslation | None:
    if lang == SOURCE_LANGUAGE:
        return None
    # Set by offers.api_selectors (a Prefetch filtered to the requested language).
    for row in getattr(offer, "api_translations", ()):
        if row.language == lang:
            return row
    return None


def offer_texts(offer: Offer, lang: str) -> tuple[dict[str, str], dict[str, str], str]:
    """The offer's translatable texts in ``lang`` with German fallback per field, the
    language of each, and the translation state (source, current, outdated, missing)."""
    row = _translation_for(offer, lang)
    texts, languages = {}, {}
    for field in Offer.TRANSLATED_FIELDS:
        translated = getattr(row, field, "") if row is not None else ""
        if translated:
            texts[field], languages[field] = translated, lang
        else:
            texts[field], languages[field] = getattr(offer, field), SOURCE_LANGUAGE
    if lang == SOURCE_LANGUAGE:
        state = "source"
    elif row is None or not row.title:
        state = OfferTranslation.State.MISSING.value
    elif row.source_revision < offer.source_revision:
        state = OfferTranslation.State.OUTDATED.value
    else:
        state = OfferTranslation.State.CURRENT.value
    return texts, languages, state


# --- taxonomy --------------------------------------------------------------------------

TAXONOMIES = {
    TAXONOMY_CATEGORIES: {
        "code": "categories",
        "name": "KIM Märkischer Kreis: Kategorien",
        "description": "Themenbereiche der Integrationsangebote im Märkischen Kreis.",
    },
    TAXONOMY_TARGET_GROUPS: {
        "code": "target_groups",
        "name": "KIM Märkischer Kreis: Zielgruppen",
        "description": "Zielgruppen der Integrationsangebote im Märkischen Kreis.",
    },
}


def taxonomy_dict(number: int) -> dict:
    taxonomy = TAXONOMIES[number]
    return {
        "id": resource_id(Kind.TAXONOMY, number),
        "name": taxonomy["name"],
        "description": taxonomy["description"],
        "uri": api_url(f"/taxonomy_terms?taxonomy_id={resource_id(Kind.TAXONOMY, number)}"),
        "version": "1",
        "metadata": [],
        "x_kim_code": taxonomy["code"],
    }


def taxonomy_term_dict(term: Term, lang: str, *, with_taxonomy: bool = True) -> dict:
    """``with_taxonomy=False`` leaves out ``taxonomy_detail`` (the same two objects again
    and again inside every service's attributes)."""
    number = TAXONOMY_CATEGORIES if isinstance(term, Category) else TAXONOMY_TARGET_GROUPS
    translated = term.name_translations.get(lang) if lang != SOURCE_LANGUAGE else None
    term_dict = {
        "id": resource_id(term_kind(term), term.pk),
        "code": term.slug,
        "name": translated or term.name,
        "description": "",
        "parent_id": None,
        "taxonomy": TAXONOMIES[number]["name"],
        "taxonomy_detail": taxonomy_dict(number),
        # The language of ``name``: German where the term has no name in ``lang``.
        "language": lang if translated else SOURCE_LANGUAGE,
        "taxonomy_id": resource_id(Kind.TAXONOMY, number),
        "term_uri": None,
        "metadata": [],
    }
    if not with_taxonomy:
        del term_dict["taxonomy_detail"]
    return term_dict


def _attribute_dict(offer_id: str, offer: Offer, term: Term, lang: str) -> dict:
    term_dict = taxonomy_term_dict(term, lang, with_taxonomy=False)
    return {
        "id": derived_id("attribute", "service", offer.pk, term_kind(term).name, term.pk),
        "link_id": offer_id,
        "taxonomy_term_id": term_dict["id"],
        "link_type": "category" if isinstance(term, Category) else "audience",
        "link_entity": "service",
        "value": None,
        "label": term_dict["name"],
        "taxonomy_term": term_dict,
        "metadata": [],
    }


# --- organizations and locations -------------------------------------------------------


def municipality_dict(municipality: Municipality) -> dict:
    return {"name": municipality.name, "ags": municipality.ags}


def _metadata(resource_type: str, resource_id_: str, modified_at, updated_by: str) -> list:
    if modified_at is None:
        return []
    return [
        {
            "id": derived_id("metadata", resource_type, resource_id_),
            "resource_id": resource_id_,
            "resource_type": resource_type,
            "last_action_date": modified_at.astimezone(UTC).date().isoformat(),
            "last_action_type": "update",
            "field_name": "",
            "previous_value": "",
            "replacement_value": "",
            "updated_by": updated_by,
        }
    ]


def organization_dict(organisation: Organisation, *, locations=None, lang: str) -> dict:
    org_id = resource_id(Kind.ORGANIZATION, organisation.pk)
    return {
        "id": org_id,
        "name": organisation.name,
        "alternate_name": organisation.short_name or None,
        "description": "",
        "email": None,
        "website": organisation.website or None,
        "additional_websites": [],
        "tax_status": None,
        "tax_id": None,
        "year_incorporated": None,
        "legal_status": None,
        "logo": None,
        "uri": None,
        "parent_organization_id": None,
        "funding": [],
        "contacts": [],
        "phones": [],
        "locations": [location_dict(location, lang=lang) for location in locations or ()],
        "programs": [],
        "organization_identifiers": [],
        "attributes": [],
        "metadata": _metadata("organization", org_id, organisation.modified_at, ""),
        "x_kim_kind": organisation.kind,
        "x_kim_municipality": (
            municipality_dict(organisation.municipality) if organisation.municipality else None
        ),
        "x_kim_services_url": api_url(f"/services?organization_id={org_id}"),
    }


def location_dict(location: Location, *, lang: str) -> dict:
    location_id = resource_id(Kind.LOCATION, location.pk)
    latitude, longitude = location.coordinates
    approximate = location.latitude is None or location.longitude is None
    accessibility = []
    if location.accessibility:
        accessibility.append(
            {
                "id": derived_id("accessibility", location.pk),
                "location_id": location_id,
                "description": location.accessibility,
                "details": None,
                "url": None,
                "attributes": [],
                "metadata": [],
            }
        )
    return {
        "id": location_id,
        "location_type": "physical",
        "url": None,
        "organization_id": resource_id(Kind.ORGANIZATION, location.organisation_id),
        "name": location.name,
        "alternate_name": None,
        "description": None,
        "transportation": None,
        "latitude": _float(latitude),
        "longitude": _float(longitude),
        "external_identifier": None,
        "external_identifier_type": None,
        "languages": [],
        "addresses": [
            {
                "id": derived_id("address", location.pk),
                "location_id": location_id,
                "attention": None,
                "address_1": location.street,
                "address_2": None,
                "city": location.municipality.name,
                "region": DISTRICT_NAME,
                "state_province": STATE_NAME,
                "postal_code": location.postal_code,
                "country": "DE",
                "address_type": "physical",
                "attributes": [],
                "metadata": [],
            }
        ],
        "contacts": [],
        "accessibility": accessibility,
        "phones": [],
        "schedules": [],
        "attributes": [],
        "metadata": [],
        "x_kim_municipality": municipality_dict(location.municipality),
        # True when the place has no coordinates of its own: latitude/longitude are then
        # the town centre's.
        "x_kim_coordinates_approximate": approximate,
    }


# --- schedules -------------------------------------------------------------------------

HSDS_FREQUENCIES = {"WEEKLY", "MONTHLY"}
WEEKDAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def rrule_parts(rrule: str) -> dict[str, str]:
    """``FREQ=WEEKLY;BYDAY=MO`` → {"FREQ": "WEEKLY", "BYDAY": "MO"}; {} when malformed."""
    text = (rrule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    parts = {}
    for chunk in text.split(";"):
        if not chunk.strip():
            continue
        key, sep, value = chunk.partition("=")
        if not sep or not key.strip() or not value.strip():
            return {}
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


def _rrule_until(value: str | None) -> str | None:
    if not value or len(value) < 8 or not value[:8].isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    except ValueError:
        return None


def schedule_dict(
    schedule: Schedule, *, service_id: str, location_id: str, offer: Offer, mode_label: str
) -> dict:
    parts = rrule_parts(schedule.rrule)
    freq = parts.get("FREQ")
    wkst = parts.get("WKST")
    return {
        "id": resource_id(Kind.SCHEDULE, schedule.pk),
        "service_id": service_id,
        "location_id": location_id,
        "service_at_location_id": resource_id(Kind.SERVICE_AT_LOCATION, schedule.offer_location_id),
        "valid_from": _iso_date(schedule.valid_from),
        "valid_to": _iso_date(schedule.valid_to),
        "dtstart": _iso_date(schedule.dtstart),
        # HSDS wants a UTC offset here, which changes with summer time; the zone is in
        # x_kim_timezone instead and times are local.
        "timezone": None,
        "until": _rrule_until(parts.get("UNTIL")),
        "count": _int_or_none(parts.get("COUNT")),
        "wkst": wkst if wkst in WEEKDAYS else None,
        "freq": freq if freq in HSDS_FREQUENCIES else None,
        "interval": _int_or_none(parts.get("INTERVAL")),
        "byday": parts.get("BYDAY"),
        "byweekno": parts.get("BYWEEKNO"),
        "bymonthday": parts.get("BYMONTHDAY"),
        "byyearday": parts.get("BYYEARDAY"),
        "description": schedule.description or None,
        "opens_at": _hh_mm(schedule.opens_at),
        "closes_at": _hh_mm(schedule.closes_at),
        "schedule_link": offer_calendar_url(offer) if schedule.is_dated else None,
        "attending_type": mode_label,
        "notes": None,
        "attributes": [],
        "metadata": [],
        "x_kim_rrule": schedule.rrule or None,
        "x_kim_timezone": TIME_ZONE_NAME,
    }


def service_at_location_dict(
    offer_location: OfferLocation, *, service_id: str, offer: Offer, lang: str, mode_label: str
) -> dict:
    location = location_dict(offer_location.location, lang=lang)
    return {
        "id": resource_id(Kind.SERVICE_AT_LOCATION, offer_location.pk),
        "service_id": service_id,
        "location_id": location["id"],
        "description": None,
        "service_areas": [],
        "contacts": [],
        "phones": [],
        "schedules": [
            schedule_dict(
                schedule,
                service_id=service_id,
                location_id=location["id"],
                offer=offer,
                mode_label=mode_label,
            )
            for schedule in offer_location.schedules.all()
        ],
        "location": location,
        "attributes": [],
        "metadata": [],
    }


# --- services --------------------------------------------------------------------------


def _contact_dict(contact, service_id: str) -> dict:
    contact_id = resource_id(Kind.CONTACT, contact.pk)
    phones = []
    if contact.phone:
        phones.append(
            {
                "id": derived_id("phone", "contact", contact.pk),
                "location_id": None,
                "service_id": service_id,
                "organization_id": None,
                "contact_id": contact_id,
                "service_at_location_id": None,
                "number": contact.phone,
                "extension": None,
                "type": "voice",
                "description": None,
                "languages": [],
                "attributes": [],
                "metadata": [],
            }
        )
    return {
        "id": contact_id,
        "organization_id": None,
        "service_id": service_id,
        "service_at_location_id": None,
        "location_id": None,
        "name": contact.name,
        "title": contact.role or None,
        "department": None,
        "email": contact.email or None,
        "phones": phones,
        "attributes": [],
        "metadata": [],
        "x_kim_website": contact.website or None,
    }


def _cost_options(offer: Offer, service_id: str, cost_text: str) -> list[dict]:
    if not offer.is_free and not cost_text:
        return []
    return [
        {
            "id": derived_id("cost_option", offer.pk),
            "service_id": service_id,
            "valid_from": _iso_date(offer.valid_from),
            "valid_to": _iso_date(offer.valid_until),
            "option": "free" if offer.is_free else "fee",
            "amount": 0 if offer.is_free else None,
            "currency": "EUR",
            "amount_description": cost_text or None,
            "attributes": [],
            "metadata": [],
        }
    ]


def service_dict(offer: Offer, *, lang: str) -> dict:
    """One offer as a fully nested HSDS service. Expects the prefetching of
    ``offers.api_selectors.with_service_details``."""
    service_id = resource_id(Kind.SERVICE, offer.pk)
    texts, text_languages, translation_state = offer_texts(offer, lang)
    with translation.override(lang):
        mode_label = str(offer.get_mode_display())
    contacts = list(offer.contacts.all())
    terms = [*offer.categories.all(), *offer.target_groups.all()]
    description_html = sanitize_html(texts["description"])
    return {
        "id": service_id,
        "organization_id": resource_id(Kind.ORGANIZATION, offer.organisation_id),
        "program_id": None,
        "name": texts["title"],
        "alternate_name": None,
        "description": html_to_text(description_html),
        "url": next((c.website for c in contacts if c.website), None),
        "email": next((c.email for c in contacts if c.email), None),
        "status": "active",
        "interpretation_services": None,
        "application_process": texts["application_process"] or None,
        "fees_description": texts["cost_text"] or None,
        "accreditations": None,
        "eligibility_description": texts["eligibility"] or None,
        "minimum_age": offer.min_age,
        "maximum_age": offer.max_age,
        "assured_date": _iso_date(
            timezone.localdate(offer.last_reviewed_at) if offer.last_reviewed_at else None
        ),
        "assurer_email": None,
        "alert": None,
        "last_modified": _iso_datetime(offer.modified_at),
        "phones": [],
        "schedules": [],
        "service_areas": [],
        "service_at_locations": [
            service_at_location_dict(
                offer_location, service_id=service_id, offer=offer, lang=lang, mode_label=mode_label
            )
            for offer_location in offer.offer_locations.all()
        ],
        "languages": [
            {
                "id": derived_id("language", "service", offer.pk, code),
                "service_id": service_id,
                "location_id": None,
                "phone_id": None,
                "name": language_name(code, lang),
                "code": code,
                "note": None,
                "attributes": [],
                "metadata": [],
            }
            for code in offer.languages
        ],
        "organization": organization_dict(offer.organisation, lang=lang),
        "funding": [],
        "cost_options": _cost_options(offer, service_id, texts["cost_text"]),
        "program": None,
        "required_documents": [],
        "contacts": [_contact_dict(contact, service_id) for contact in contacts],
        "capacities": [],
        "attributes": [_attribute_dict(service_id, offer, term, lang) for term in terms],
        "metadata": _metadata("service", service_id, offer.modified_at, offer.organisation.name),
        # Extensions (not in HSDS).
        "x_kim_summary": texts["summary"] or None,
        "x_kim_description_html": description_html or None,
        "x_kim_text_languages": {
            "name": text_languages["title"],
            "x_kim_summary": text_languages["summary"],
            "description": text_languages["description"],
            "x_kim_description_html": text_languages["description"],
            "eligibility_description": text_languages["eligibility"],
            "application_process": text_languages["application_process"],
            "fees_description": text_languages["cost_text"],
        },
        "x_kim_translation_state": translation_state,
        "x_kim_free": offer.is_free,
        "x_kim_registration_required": offer.registration_required,
        "x_kim_childcare": offer.childcare,
        "x_kim_barrier_free": offer.barrier_free,
        "x_kim_mode": offer.mode,
        "x_kim_valid_from": _iso_date(offer.valid_from),
        "x_kim_valid_until": _iso_date(offer.valid_until),
        "x_kim_portal_url": offer_page_url(offer, lang),
    }


# --- the paginated envelope ------------------------------------------------------------


def page_dict(contents: list, *, total_items: int, page: int, per_page: int) -> dict:
    """The HSDS page envelope. A page past the end is empty, not an error."""
    total_pages = ceil(total_items / per_page) if total_items else 0
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
