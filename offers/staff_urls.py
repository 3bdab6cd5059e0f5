"""Staff pages of the catalogue, mounted at /<lang>/offers/staff/ in the offers namespace."""

from django.urls import path

from . import csv_views, staff_views

urlpatterns = [
    path("", staff_views.staff_offer_list, name="staff_list"),
    path("new/", staff_views.staff_offer_create, name="staff_create"),
    path("<int:pk>/", staff_views.staff_offer_edit, name="staff_edit"),
    path("<int:pk>/submit/", staff_views.staff_offer_submit, name="staff_submit"),
    path("<int:pk>/history/", staff_views.staff_offer_history, name="staff_history"),
    path("review/", staff_views.staff_review_queue, name="staff_review_queue"),
    path("review/<int:pk>/", staff_views.staff_review, name="staff_review"),
    path("export.csv", csv_views.staff_offer_export, name="staff_export"),
    path("import/", csv_views.staff_offer_import, name="staff_import"),
]
