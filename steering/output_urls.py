"""The steering PDFs, under the language prefix in the ``steering`` namespace (included
by ``steering.urls``). The calendar feed and the OParl API are language-neutral:
``steering.api_urls``."""

from django.urls import path

from . import output_views

urlpatterns = [
    path(
        "meetings/<int:pk>/invitation.pdf",
        output_views.meeting_invitation_pdf,
        name="meeting_invitation_pdf",
    ),
    path("meetings/<int:pk>/minutes.pdf", output_views.minutes_pdf, name="minutes_pdf"),
]
