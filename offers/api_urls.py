"""The open-data API, mounted at /api/v1/ (not language-prefixed: ?lang= picks the text
language). Anything else under /api/v1/ answers with a JSON 404."""

from django.urls import path, re_path

from . import api

app_name = "offers_api"
urlpatterns = [
    path("", api.docs, name="docs"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.services, name="services"),
    path("services.ics", api.services_calendar, name="services_ics"),
    path("services/<str:id>", api.service_detail, name="service"),
    path("organizations", api.organizations, name="organizations"),
    path("organizations/<str:id>", api.organization_detail, name="organization"),
    path("locations", api.locations, name="locations"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    re_path(r"^(?P<path>.*)$", api.not_found),
]
