"""Language-neutral steering URLs (mounted at the site root by ``kim_portal.urls``, before
the offers API and its catch-all): the private calendar feed and the OParl API for
members' tools. See ``steering.output_views``."""

from django.urls import path, re_path

from . import output_views

app_name = "steering_api"
urlpatterns = [
    path("steering/calendar/<str:token>.ics", output_views.calendar_feed, name="calendar_feed"),
    path("api/v1/oparl/", output_views.oparl_system, name="oparl_system"),
    path("api/v1/oparl/bodies", output_views.oparl_bodies, name="oparl_bodies"),
    path("api/v1/oparl/bodies/<int:pk>", output_views.oparl_body, name="oparl_body"),
    path(
        "api/v1/oparl/bodies/<int:pk>/organizations",
        output_views.oparl_body_organizations,
        name="oparl_body_organizations",
    ),
    path(
        "api/v1/oparl/bodies/<int:pk>/meetings",
        output_views.oparl_body_meetings,
        name="oparl_body_meetings",
    ),
    path(
        "api/v1/oparl/organizations/<int:pk>",
        output_views.oparl_organization,
        name="oparl_organization",
    ),
    path(
        "api/v1/oparl/organizations/<int:pk>/meetings",
        output_views.oparl_organization_meetings,
        name="oparl_organization_meetings",
    ),
    path("api/v1/oparl/meetings/<int:pk>", output_views.oparl_meeting, name="oparl_meeting"),
    path(
        "api/v1/oparl/agenda-items/<int:pk>",
        output_views.oparl_agenda_item,
        name="oparl_agenda_item",
    ),
    path("api/v1/oparl/decisions/<int:pk>", output_views.oparl_decision, name="oparl_decision"),
    path("api/v1/oparl/files/<int:pk>", output_views.oparl_file, name="oparl_file"),
    re_path(r"^api/v1/oparl/(?P<path>.*)$", output_views.oparl_not_found),
]
