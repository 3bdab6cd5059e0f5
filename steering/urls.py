"""URLs of the steering group's staff pages, mounted at /<lang>/steering/ (namespace
``steering``). The output formats (PDF, iCal, OParl) and the dashboard live in their own
URL modules, included below under the same namespace."""

from django.urls import include, path

from . import views

app_name = "steering"
urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/state/", views.meeting_transition, name="meeting_transition"),
    path("meetings/<int:pk>/agenda/", views.agenda_item_add, name="agenda_item_add"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/",
        views.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/discussion/",
        views.discussion_set,
        name="discussion_set",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/decisions/",
        views.decision_add,
        name="decision_add",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/action-items/",
        views.action_item_add,
        name="action_item_add",
    ),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/edit/",
        views.decision_edit,
        name="decision_edit",
    ),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/working-group/",
        views.working_group_establish,
        name="working_group_establish",
    ),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/remove/",
        views.decision_remove,
        name="decision_remove",
    ),
    path("meetings/<int:pk>/attendance/", views.attendance_set, name="attendance_set"),
    path("meetings/<int:pk>/papers/", views.file_upload, name="file_upload"),
    path("papers/<int:pk>/", views.file_download, name="file_download"),
    path("papers/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<int:pk>/minutes/correction/",
        views.minutes_correction,
        name="minutes_correction",
    ),
    path(
        "meetings/<int:pk>/minutes/<int:version_pk>/approve/",
        views.correction_approve,
        name="correction_approve",
    ),
    path(
        "meetings/<int:pk>/minutes/<int:version_pk>/discard/",
        views.correction_discard,
        name="correction_discard",
    ),
    path("decisions/", views.decision_list, name="decisions"),
    path("action-items/", views.action_item_list, name="action_items"),
    path("action-items/<int:pk>/", views.action_item_detail, name="action_item_detail"),
    path("action-items/<int:pk>/edit/", views.action_item_edit, name="action_item_edit"),
    path("hurdles/", views.hurdle_list, name="hurdles"),
    path("hurdles/new/", views.hurdle_create, name="hurdle_create"),
    path("hurdles/<int:pk>/", views.hurdle_detail, name="hurdle_detail"),
    path("hurdles/<int:pk>/edit/", views.hurdle_edit, name="hurdle_edit"),
    path("hurdles/<int:pk>/status/", views.hurdle_transition, name="hurdle_transition"),
    path("hurdles/<int:pk>/links/", views.hurdle_link, name="hurdle_link"),
    path("hurdles/<int:pk>/notes/", views.hurdle_note, name="hurdle_note"),
    path("bodies/", views.body_list, name="bodies"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/rules/", views.rules_adopt, name="rules_adopt"),
    path("bodies/<int:pk>/memberships/", views.membership_add, name="membership_add"),
    path("bodies/<int:pk>/memberships/end/", views.membership_end, name="membership_end"),
    path("calendar/", views.calendar_token, name="calendar_token"),
    path("", include("steering.output_urls")),
    path("dashboard/", include("steering.dashboard_urls")),
]
