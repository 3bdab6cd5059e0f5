"""URLs of the case manager's pages, mounted at /<lang>/cases/."""

from django.urls import include, path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new/", views.client_new, name="client_new"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/intake/", views.case_intake, name="case_intake"),
    path("<int:pk>/client/", views.client_edit, name="client_edit"),
    path("<int:pk>/household/", views.household_member_add, name="household_member_add"),
    path(
        "<int:pk>/household/<int:member_pk>/remove/",
        views.household_member_remove,
        name="household_member_remove",
    ),
    path("<int:pk>/phase/", views.case_transition, name="case_transition"),
    path("<int:pk>/follow-up/", views.case_follow_up, name="case_follow_up"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("<int:pk>/consents/", views.consent_record, name="consent_record"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/assessments/", views.assessment_record, name="assessment_record"),
    path("<int:pk>/goals/", views.goal_agree, name="goal_agree"),
    path("<int:pk>/goals/<int:goal_pk>/", views.goal_update, name="goal_update"),
    path("<int:pk>/referrals/", views.referral_create, name="referral_create"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/status/",
        views.referral_status,
        name="referral_status",
    ),
    path("<int:pk>/appointments/", views.appointment_create, name="appointment_create"),
    path("<int:pk>/barrier-report/", views.barrier_report, name="barrier_report"),
    path("<int:pk>/contacts/", views.contact_log, name="contact_log"),
    path("<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("<int:pk>/reassign/", views.case_reassign, name="case_reassign"),
    path("<int:pk>/share/", views.case_share, name="case_share"),
    path("<int:pk>/share/<int:user_pk>/remove/", views.case_unshare, name="case_unshare"),
    path("<int:pk>/access-log/", views.case_access_log_view, name="case_access_log"),
    path("", include("cases.export_urls")),
]
