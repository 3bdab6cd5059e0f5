"""URLs of the steering dashboard, included by ``steering.urls`` under ``dashboard/``."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("export.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path("report.pdf", dashboard_views.dashboard_pdf, name="dashboard_pdf"),
]
