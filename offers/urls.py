"""Public pages of the catalogue; the staff pages come from offers.staff_urls."""

from django.urls import include, path

from . import views

app_name = "offers"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("<int:pk>/", views.offer_detail, name="detail"),
    path("<int:pk>/print/", views.offer_print, name="print"),
    path("<int:pk>/calendar.ics", views.offer_ics, name="ics"),
    path("<int:pk>/report/", views.offer_report_outdated, name="report"),
    path("staff/", include("offers.staff_urls")),
]
