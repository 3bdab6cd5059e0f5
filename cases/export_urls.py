"""URLs of the GDPR exports and erasure; included into the ``cases`` namespace by
``cases/urls.py`` (hence no ``app_name`` here)."""

from django.urls import path

from . import export_views

urlpatterns = [
    path(
        "clients/<int:pk>/export.json",
        export_views.client_export_json,
        name="client_export_json",
    ),
    path(
        "clients/<int:pk>/export.pdf",
        export_views.client_export_pdf,
        name="client_export_pdf",
    ),
    path("clients/<int:pk>/erase/", export_views.client_erase_view, name="client_erase"),
    path(
        "<int:pk>/consent-form.pdf",
        export_views.case_consent_form_pdf,
        name="case_consent_form_pdf",
    ),
]
