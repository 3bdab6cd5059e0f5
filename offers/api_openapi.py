"""The OpenAPI 3.1 description of the open-data API, served at /api/v1/openapi.json.

Schemas follow Open Referral HSDS 3 (field names, nesting, the page envelope); ``x_kim_*``
fields are this portal's extensions. The parameter constraints here are the ones
offers/api_params.py enforces — the schemathesis test holds the two together.
"""

from django.conf import settings

from .api_ical import MAX_EVENTS
from .api_params import (
    API_LANGUAGES,
    DEFAULT_PER_PAGE,
    LANGUAGE_CODE_PATTERN,
    MAX_MUNICIPALITY_LENGTH,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
    MAX_SLUG_LENGTH,
    SLUG_PATTERN,
)

API_VERSION = "1.0.0"
HSDS_VERSION = "3.0"
LICENSE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENSE_URL = "https://www.govdata.de/dl-de/by-2-0"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _object(required: list[str], properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "required": required, "properties": properties}
    if description:
        schema["description"] = description
    return schema


UUID = {"type": "string", "format": "uuid"}
NULLABLE_UUID = _nullable("string", format="uuid")
TEXT = {"type": "string"}
NULLABLE_TEXT = _nullable("string")
DATE = _nullable("string", format="date")
EMPTY_LIST = _array({"type": "object"})


def _metadata() -> dict:
    return _object(
        [
            "id",
            "resource_id",
            "resource_type",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ],
        {
            "id": UUID,
            "resource_id": UUID,
            "resource_type": TEXT,
            "last_action_date": {"type": "string", "format": "date"},
            "last_action_type": TEXT,
            "field_name": TEXT,
            "previous_value": TEXT,
            "replacement_value": TEXT,
            "updated_by": TEXT,
        },
        "HSDS metadata: when the record was last changed.",
    )


def _taxonomy() -> dict:
    return _object(
        ["id", "name", "description"],
        {
            "id": UUID,
            "name": TEXT,
            "description": TEXT,
            "uri": _nullable("string", format="uri"),
            "version": NULLABLE_TEXT,
            "metadata": _array(_ref("Metadata")),
            "x_kim_code": {"type": "string", "enum": ["categories", "target_groups"]},
        },
        "HSDS taxonomy. The portal has two: categories and target groups.",
    )


def _taxonomy_term() -> dict:
    return _object(
        ["id", "code", "name", "description", "taxonomy_id", "language"],
        {
            "id": UUID,
            "code": {"type": "string", "description": "The term's slug, e.g. sprache."},
            "name": {"type": "string", "description": "In ?lang= where named, else German."},
            "description": TEXT,
            "parent_id": NULLABLE_UUID,
            "taxonomy": TEXT,
            "taxonomy_detail": {
                **_ref("Taxonomy"),
                "description": "On /taxonomy_terms; left out inside a service's attributes.",
            },
            "language": {
                "type": "string",
                "description": "Language of `name` (de when it fell back to German).",
            },
            "taxonomy_id": UUID,
            "term_uri": _nullable("string", format="uri"),
            "metadata": _array(_ref("Metadata")),
        },
        "HSDS taxonomy_term: a category or a target group.",
    )


def _attribute() -> dict:
    return _object(
        ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "taxonomy_term"],
        {
            "id": UUID,
            "link_id": UUID,
            "taxonomy_term_id": UUID,
            "link_type": {
                "type": "string",
                "enum": ["category", "audience"],
                "description": "category for categories, audience for target groups.",
            },
            "link_entity": {"type": "string", "enum": ["service"]},
            "value": NULLABLE_TEXT,
            "label": TEXT,
            "taxonomy_term": _ref("TaxonomyTerm"),
            "metadata": _array(_ref("Metadata")),
        },
        "HSDS attribute linking the service to a taxonomy term.",
    )


def _municipality() -> dict:
    return _object(
        ["name", "ags"],
        {
            "name": TEXT,
            "ags": {
                "type": "string",
                "pattern": "^[0-9]{8}$",
                "description": "Amtlicher Gemeindeschlüssel (official municipality key).",
            },
        },
        "Extension: one of the 15 towns of the Märkischer Kreis.",
    )


def _address() -> dict:
    return _object(
        ["id", "location_id", "address_1", "city", "postal_code", "country", "address_type"],
        {
            "id": UUID,
            "location_id": UUID,
            "attention": NULLABLE_TEXT,
            "address_1": TEXT,
            "address_2": NULLABLE_TEXT,
            "city": TEXT,
            "region": TEXT,
            "state_province": TEXT,
            "postal_code": TEXT,
            "country": {"type": "string", "description": "ISO 3166-1 alpha-2."},
            "address_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
            "attributes": EMPTY_LIST,
            "metadata": _array(_ref("Metadata")),
        },
    )


def _location() -> dict:
    return _object(
        [
            "id",
            "location_type",
            "organization_id",
            "name",
            "latitude",
            "longitude",
            "addresses",
            "x_kim_municipality",
            "x_kim_coordinates_approximate",
        ],
        {
            "id": UUID,
            "location_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
            "url": _nullable("string", format="uri"),
            "organization_id": UUID,
            "name": TEXT,
            "alternate_name": NULLABLE_TEXT,
            "description": NULLABLE_TEXT,
            "transportation": NULLABLE_TEXT,
            "latitude": _nullable("number"),
            "longitude": _nullable("number"),
            "external_identifier": NULLABLE_TEXT,
            "external_identifier_type": NULLABLE_TEXT,
            "languages": EMPTY_LIST,
            "addresses": _array(_ref("Address")),
            "contacts": EMPTY_LIST,
            "accessibility": _array(
                _object(
                    ["id", "location_id", "description"],
                    {
                        "id": UUID,
                        "location_id": UUID,
                        "description": TEXT,
                        "details": NULLABLE_TEXT,
                        "url": _nullable("string", format="uri"),
                    },
                )
            ),
            "phones": EMPTY_LIST,
            "schedules": EMPTY_LIST,
            "attributes": EMPTY_LIST,
            "metadata": _array(_ref("Metadata")),
            "x_kim_municipality": _ref("Municipality"),
            "x_kim_coordinates_approximate": {
                "type": "boolean",
                "description": "True when latitude/longitude are the town centre's.",
            },
        },
        "HSDS location: a place where offers are held.",
    )


def _schedule() -> dict:
    weekday = {"type": "string", "enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}
    return _object(
        ["id", "service_id", "location_id", "service_at_location_id", "x_kim_timezone"],
        {
            "id": UUID,
            "service_id": UUID,
            "location_id": UUID,
            "service_at_location_id": UUID,
            "valid_from": DATE,
            "valid_to": DATE,
            "dtstart": DATE,
            "timezone": {"type": "null", "description": "Not used: see x_kim_timezone."},
            "until": DATE,
            "count": _nullable("integer"),
            "wkst": {"oneOf": [weekday, {"type": "null"}]},
            "freq": {
                "type": ["string", "null"],
                "enum": ["WEEKLY", "MONTHLY", None],
                "description": "HSDS allows WEEKLY and MONTHLY; other rules only in x_kim_rrule.",
            },
            "interval": _nullable("integer"),
            "byday": NULLABLE_TEXT,
            "byweekno": NULLABLE_TEXT,
            "bymonthday": NULLABLE_TEXT,
            "byyearday": NULLABLE_TEXT,
            "description": NULLABLE_TEXT,
            "opens_at": _nullable("string", pattern="^[0-2][0-9]:[0-5][0-9]$"),
            "closes_at": _nullable("string", pattern="^[0-2][0-9]:[0-5][0-9]$"),
            "schedule_link": _nullable("string", format="uri"),
            "attending_type": NULLABLE_TEXT,
            "notes": NULLABLE_TEXT,
            "attributes": EMPTY_LIST,
            "metadata": _array(_ref("Metadata")),
            "x_kim_rrule": _nullable(
                "string", description="The raw iCalendar RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE."
            ),
            "x_kim_timezone": {
                "type": "string",
                "enum": ["Europe/Berlin"],
                "description": "opens_at/closes_at/dtstart are local times in this zone.",
            },
        },
        "HSDS schedule: opening hours or course dates as an iCalendar recurrence.",
    )


def _service_at_location() -> dict:
    return _object(
        ["id", "service_id", "location_id", "schedules", "location"],
        {
            "id": UUID,
            "service_id": UUID,
            "location_id": UUID,
            "description": NULLABLE_TEXT,
            "service_areas": EMPTY_LIST,
            "contacts": EMPTY_LIST,
            "phones": EMPTY_LIST,
            "schedules": _array(_ref("Schedule")),
            "location": _ref("Location"),
            "attributes": EMPTY_LIST,
            "metadata": _array(_ref("Metadata")),
        },
        "HSDS service_at_location: the offer at one place, with its schedules.",
    )


def _phone() -> dict:
    return _object(
        ["id", "number"],
        {
            "id": UUID,
            "contact_id": NULLABLE_UUID,
            "service_id": NULLABLE_UUID,
            "number": TEXT,
            "extension": NULLABLE_TEXT,
            "type": {"type": "string", "enum": ["voice"]},
            "description": NULLABLE_TEXT,
            "languages": EMPTY_LIST,
        },
    )


def _contact() -> dict:
    return _object(
        ["id", "service_id", "name", "phones"],
        {
            "id": UUID,
            "organization_id": NULLABLE_UUID,
            "service_id": UUID,
            "service_at_location_id": NULLABLE_UUID,
            "location_id": NULLABLE_UUID,
            "name": TEXT,
            "title": NULLABLE_TEXT,
            "department": NULLABLE_TEXT,
            "email": _nullable("string", format="email"),
            "phones": _array(_ref("Phone")),
            "attributes": EMPTY_LIST,
            "metadata": EMPTY_LIST,
            "x_kim_website": _nullable("string", format="uri"),
        },
    )


def _language() -> dict:
    return _object(
        ["id", "service_id", "name", "code"],
        {
            "id": UUID,
            "service_id": UUID,
            "location_id": {"type": "null"},
            "phone_id": {"type": "null"},
            "name": {
                "type": "string",
                "description": "The language's name, in ?lang= where known.",
            },
            "code": {"type": "string", "description": "ISO 639-1 (or 639-3) code."},
            "note": NULLABLE_TEXT,
        },
        "HSDS language: a language the offer is delivered in.",
    )


def _cost_option() -> dict:
    return _object(
        ["id", "service_id", "option", "currency"],
        {
            "id": UUID,
            "service_id": UUID,
            "valid_from": DATE,
            "valid_to": DATE,
            "option": {"type": "string", "enum": ["free", "fee"]},
            "amount": _nullable("number", description="0 for free offers; else not known."),
            "currency": {"type": "string", "enum": ["EUR"]},
            "amount_description": NULLABLE_TEXT,
        },
    )


def _organization() -> dict:
    return _object(
        ["id", "name", "description", "x_kim_kind"],
        {
            "id": UUID,
            "name": TEXT,
            "alternate_name": NULLABLE_TEXT,
            "description": TEXT,
            "email": _nullable("string", format="email"),
            "website": _nullable("string", format="uri"),
            "additional_websites": EMPTY_LIST,
            "tax_status": NULLABLE_TEXT,
            "tax_id": NULLABLE_TEXT,
            "year_incorporated": _nullable("integer"),
            "legal_status": NULLABLE_TEXT,
            "logo": NULLABLE_TEXT,
            "uri": NULLABLE_TEXT,
            "parent_organization_id": NULLABLE_UUID,
            "funding": EMPTY_LIST,
            "contacts": EMPTY_LIST,
            "phones": EMPTY_LIST,
            "locations": _array(_ref("Location")),
            "programs": EMPTY_LIST,
            "organization_identifiers": EMPTY_LIST,
            "attributes": EMPTY_LIST,
            "metadata": _array(_ref("Metadata")),
            "x_kim_kind": {
                "type": "string",
                "description": "Kind of body, e.g. welfare_organisation, course_provider.",
            },
            "x_kim_municipality": {"oneOf": [_ref("Municipality"), {"type": "null"}]},
            "x_kim_services_url": {"type": "string", "format": "uri"},
        },
        "HSDS organization: a provider. `locations` is filled on /organizations/{id} only.",
    )


TEXT_FIELD_LANGUAGES = [
    "name",
    "x_kim_summary",
    "description",
    "x_kim_description_html",
    "eligibility_description",
    "application_process",
    "fees_description",
]


def _service() -> dict:
    language_code = {"type": "string", "enum": API_LANGUAGES}
    return _object(
        [
            "id",
            "organization_id",
            "name",
            "description",
            "status",
            "last_modified",
            "service_at_locations",
            "languages",
            "organization",
            "cost_options",
            "contacts",
            "attributes",
            "metadata",
            "x_kim_text_languages",
            "x_kim_translation_state",
            "x_kim_free",
            "x_kim_portal_url",
        ],
        {
            "id": UUID,
            "organization_id": UUID,
            "program_id": {"type": "null"},
            "name": TEXT,
            "alternate_name": NULLABLE_TEXT,
            "description": {"type": "string", "description": "Plain text."},
            "url": _nullable("string", format="uri"),
            "email": _nullable("string", format="email"),
            "status": {"type": "string", "enum": ["active"]},
            "interpretation_services": NULLABLE_TEXT,
            "application_process": NULLABLE_TEXT,
            "fees_description": NULLABLE_TEXT,
            "accreditations": NULLABLE_TEXT,
            "eligibility_description": NULLABLE_TEXT,
            "minimum_age": _nullable("integer", minimum=0),
            "maximum_age": _nullable("integer", minimum=0),
            "assured_date": DATE,
            "assurer_email": NULLABLE_TEXT,
            "alert": NULLABLE_TEXT,
            "last_modified": {"type": "string", "format": "date-time"},
            "phones": EMPTY_LIST,
            "schedules": EMPTY_LIST,
            "service_areas": EMPTY_LIST,
            "service_at_locations": _array(_ref("ServiceAtLocation")),
            "languages": _array(_ref("Language")),
            "organization": _ref("Organization"),
            "funding": EMPTY_LIST,
            "cost_options": _array(_ref("CostOption")),
            "program": {"type": "null"},
            "required_documents": EMPTY_LIST,
            "contacts": _array(_ref("Contact")),
            "capacities": EMPTY_LIST,
            "attributes": _array(_ref("Attribute")),
            "metadata": _array(_ref("Metadata")),
            "x_kim_summary": NULLABLE_TEXT,
            "x_kim_description_html": _nullable(
                "string",
                description="The description as sanitised HTML (p, br, strong, em, lists, links).",
            ),
            "x_kim_text_languages": _object(
                TEXT_FIELD_LANGUAGES,
                dict.fromkeys(TEXT_FIELD_LANGUAGES, language_code),
                "Per text field, the language it is delivered in: the requested ?lang= "
                "where translated, else de (German fallback).",
            ),
            "x_kim_translation_state": {
                "type": "string",
                "enum": ["source", "current", "outdated", "missing"],
                "description": "source for lang=de; else whether a translation exists and "
                "was made from the current German text.",
            },
            "x_kim_free": {"type": "boolean"},
            "x_kim_registration_required": {"type": "boolean"},
            "x_kim_childcare": {"type": "boolean"},
            "x_kim_barrier_free": {"type": "boolean"},
            "x_kim_mode": {"type": "string", "enum": ["in_person", "online", "hybrid"]},
            "x_kim_valid_from": DATE,
            "x_kim_valid_until": DATE,
            "x_kim_portal_url": {"type": "string", "format": "uri"},
        },
        "HSDS service: one integration offer, fully nested.",
    )


def _page(item: str) -> dict:
    return _object(
        [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        {
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 0},
            "page_number": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 0, "description": "Items on this page."},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean", "description": "No items on this page."},
            "contents": _array(_ref(item)),
        },
        "The HSDS page envelope.",
    )


def _error() -> dict:
    return _object(
        ["error"],
        {
            "error": {"type": "string", "description": "What is wrong, in English."},
            "parameter": {"type": "string", "description": "The offending parameter."},
        },
    )


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PARAMETERS = {
    "page": _query(
        "page",
        "Page number, from 1. A page past the end is empty.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    ),
    "per_page": _query(
        "per_page",
        f"Items per page (at most {MAX_PER_PAGE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    ),
    "lang": _query(
        "lang",
        "Language of the texts. Untranslated fields fall back to German; "
        "x_kim_text_languages says which language each field is in.",
        {"type": "string", "enum": API_LANGUAGES, "default": "de"},
    ),
    "q": _query(
        "q",
        "Full-text search (German, and the ?lang= language). Web-search syntax: "
        '"phrase", -word, or.',
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
    ),
    "search": _query(
        "search",
        "The HSDS name of q. Given both, both apply.",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
    ),
    "municipality": _query(
        "municipality",
        "Town: its AGS (e.g. 05962024) or name (e.g. Iserlohn). 05962 means the whole district.",
        {"type": "string", "maxLength": MAX_MUNICIPALITY_LENGTH},
    ),
    "category": _query(
        "category",
        "Category slug, e.g. sprache (see /taxonomy_terms).",
        {"type": "string", "maxLength": MAX_SLUG_LENGTH, "pattern": SLUG_PATTERN},
    ),
    "language": _query(
        "language",
        "A language the offer is delivered in (ISO 639-1 code, e.g. ar).",
        {"type": "string", "pattern": LANGUAGE_CODE_PATTERN},
    ),
    "modified_after": _query(
        "modified_after",
        "Only offers changed at or after this ISO 8601 date-time (or date). Without offset: "
        "Europe/Berlin.",
        {"type": "string", "format": "date-time"},
    ),
    "organization_id": _query(
        "organization_id", "Only offers of this organization.", {"type": "string", "format": "uuid"}
    ),
    "taxonomy_term_id": _query(
        "taxonomy_term_id",
        "Only offers with this category or target group.",
        {"type": "string", "format": "uuid"},
    ),
    "taxonomy_id": _query(
        "taxonomy_id", "Only terms of this taxonomy.", {"type": "string", "format": "uuid"}
    ),
}
SERVICE_FILTER_NAMES = [
    "q",
    "search",
    "municipality",
    "category",
    "language",
    "modified_after",
    "organization_id",
    "taxonomy_term_id",
    "lang",
]


def _params(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


CACHE_HEADERS = {
    "ETag": {"description": "Weak validator; send it back in If-None-Match.", "schema": TEXT},
    "Cache-Control": {"schema": {"type": "string", "enum": ["public, max-age=300"]}},
}


def _ok(schema: dict, description: str) -> dict:
    response = _json(schema, description)
    response["headers"] = CACHE_HEADERS
    return response


ERRORS = {
    "304": {"description": "Not modified (If-None-Match or If-Modified-Since matched)."},
    "400": _json(_ref("Error"), "A parameter is unknown, repeated or malformed."),
}
NOT_FOUND = {"404": _json(_ref("Error"), "No public record with this id.")}


def _get(operation_id: str, summary: str, parameters: list, responses: dict, tags) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": list(tags),
            "parameters": parameters,
            "responses": responses,
        }
    }


def _id_parameter(what: str) -> list[dict]:
    return [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "description": f"The {what}'s id.",
            "schema": {"type": "string", "format": "uuid"},
        }
    ]


def openapi_document() -> dict:
    description = (
        "Open data on the integration offers (Integrationsangebote) of the Märkischer Kreis "
        "(NRW), published by the Kommunales Integrationsmanagement (KIM). Read-only, no key "
        "needed, CORS open. Aligned with Open Referral HSDS 3: services, organizations, "
        "locations, taxonomies, the HSDS page envelope. Additions are named x_kim_*. "
        "Texts come in ?lang= where translated, else in German. Responses carry ETag and "
        "Last-Modified; send If-None-Match / If-Modified-Since for 304 answers. "
        f"License of the data: {LICENSE_NAME}."
    )
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "KIM Portal Märkischer Kreis – open-data API",
            "version": API_VERSION,
            "summary": "Integration offers in the Märkischer Kreis, HSDS 3 aligned.",
            "description": description,
            "license": {"name": LICENSE_NAME, "url": LICENSE_URL},
            "contact": {
                "name": "Kommunales Integrationszentrum Märkischer Kreis",
                "url": settings.SITE_URL,
            },
        },
        "servers": [{"url": "/api/v1", "description": "This portal"}],
        "externalDocs": {
            "description": "Open Referral Human Services Data Specification (HSDS) 3",
            "url": "https://docs.openreferral.org/en/latest/",
        },
        "tags": [
            {"name": "services", "description": "Offers (HSDS services)"},
            {"name": "organizations", "description": "Providers"},
            {"name": "locations", "description": "Places"},
            {"name": "taxonomies", "description": "Categories and target groups"},
            {"name": "meta", "description": "About this API"},
        ],
        "paths": {
            "/": _get(
                "getApiInformation",
                "About this API: human-readable documentation (HTML) or, with "
                "Accept: application/json, the HSDS API information.",
                [],
                {
                    "200": {
                        "description": "Documentation page or API information.",
                        "content": {
                            "text/html": {"schema": {"type": "string"}},
                            "application/json": {"schema": _ref("ApiInformation")},
                        },
                    }
                },
                ["meta"],
            ),
            "/openapi.json": _get(
                "getOpenApiDocument",
                "This document.",
                [],
                {"200": _ok({"type": "object"}, "The OpenAPI document."), "304": ERRORS["304"]},
                ["meta"],
            ),
            "/services": _get(
                "getServices",
                "Published offers, paginated, filtered.",
                _params(*SERVICE_FILTER_NAMES, "page", "per_page"),
                {"200": _ok(_ref("ServicePage"), "A page of services."), **ERRORS},
                ["services"],
            ),
            "/services.ics": _get(
                "getServicesCalendar",
                f"iCalendar feed of the dated schedules of the matching offers (one VEVENT "
                f"with RRULE per schedule, Europe/Berlin, at most {MAX_EVENTS}). Takes the "
                "filters of /services; page and per_page are ignored.",
                _params(*SERVICE_FILTER_NAMES, "page", "per_page"),
                {
                    "200": {
                        "description": "An iCalendar (RFC 5545) feed.",
                        "headers": CACHE_HEADERS,
                        "content": {"text/calendar": {"schema": {"type": "string"}}},
                    },
                    **ERRORS,
                },
                ["services"],
            ),
            "/services/{id}": _get(
                "getServiceById",
                "One published offer, fully nested.",
                _id_parameter("service") + _params("lang"),
                {"200": _ok(_ref("Service"), "The service."), **ERRORS, **NOT_FOUND},
                ["services"],
            ),
            "/organizations": _get(
                "getOrganizations",
                "Providers that have published offers.",
                _params("page", "per_page"),
                {"200": _ok(_ref("OrganizationPage"), "A page of organizations."), **ERRORS},
                ["organizations"],
            ),
            "/organizations/{id}": _get(
                "getOrganizationById",
                "One provider with its places that hold published offers.",
                _id_parameter("organization"),
                {"200": _ok(_ref("Organization"), "The organization."), **ERRORS, **NOT_FOUND},
                ["organizations"],
            ),
            "/locations": _get(
                "getLocations",
                "Places where published offers are held.",
                _params("municipality", "organization_id", "page", "per_page"),
                {"200": _ok(_ref("LocationPage"), "A page of locations."), **ERRORS},
                ["locations"],
            ),
            "/taxonomies": _get(
                "getTaxonomies",
                "The two taxonomies: categories and target groups.",
                _params("page", "per_page"),
                {"200": _ok(_ref("TaxonomyPage"), "A page of taxonomies."), **ERRORS},
                ["taxonomies"],
            ),
            "/taxonomy_terms": _get(
                "getTaxonomyTerms",
                "Categories and target groups, names in ?lang= (German fallback).",
                _params("taxonomy_id", "lang", "page", "per_page"),
                {"200": _ok(_ref("TaxonomyTermPage"), "A page of taxonomy terms."), **ERRORS},
                ["taxonomies"],
            ),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {
                "Error": _error(),
                "ApiInformation": _object(
                    ["version", "openapi_url"],
                    {
                        "version": TEXT,
                        "profile": _nullable("string", format="uri"),
                        "openapi_url": {"type": "string", "format": "uri"},
                        "description": TEXT,
                        "publisher": {"type": "object"},
                        "x_kim_license": {"type": "object"},
                    },
                    "HSDS API information.",
                ),
                "Metadata": _metadata(),
                "Taxonomy": _taxonomy(),
                "TaxonomyTerm": _taxonomy_term(),
                "Attribute": _attribute(),
                "Municipality": _municipality(),
                "Address": _address(),
                "Location": _location(),
                "Schedule": _schedule(),
                "ServiceAtLocation": _service_at_location(),
                "Phone": _phone(),
                "Contact": _contact(),
                "Language": _language(),
                "CostOption": _cost_option(),
                "Organization": _organization(),
                "Service": _service(),
                "ServicePage": _page("Service"),
                "OrganizationPage": _page("Organization"),
                "LocationPage": _page("Location"),
                "TaxonomyPage": _page("Taxonomy"),
                "TaxonomyTermPage": _page("TaxonomyTerm"),
            },
        },
    }
