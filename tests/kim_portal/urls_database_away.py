"""A URL configuration for tests/kim_portal/test_health_and_errors.py: the portal's error
handler, and views that fail as they do while PostgreSQL restarts or for any other error."""

from django.db import OperationalError
from django.urls import path

from kim_portal.urls import urlpatterns as portal_urlpatterns

handler500 = "kim_portal.views.server_error"


def database_away(request):
    raise OperationalError("FATAL:  the database system is shutting down")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("database-away/", database_away),
    path("broken/", broken),
    *portal_urlpatterns,  # the error pages link to the home page
]
