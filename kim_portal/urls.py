from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import views

# The admin logs in through allauth: rate limits and MFA apply there as well.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "KIM Portal"
admin.site.site_title = "KIM Portal"

handler500 = "kim_portal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # The steering calendar feed and OParl API (token-protected); before the offers API,
    # whose catch-all would take /api/v1/oparl/.
    path("", include("steering.api_urls")),
    # The open-data API is language-neutral (?lang= selects translated text).
    path("api/v1/", include("offers.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(
        "accounts/invitation/<str:token>/",
        views.invitation_accept_view,
        name="invitation_accept",
    ),
    # Addresses come from invitations; staff do not manage them themselves.
    path("accounts/email/", views.not_available, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/notifications/", views.notification_list, name="notification_list"),
    path("staff/notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("staff/notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path(
        "staff/notifications/read-all/",
        views.notification_read_all,
        name="notification_read_all",
    ),
    path("offers/", include("offers.urls")),
    path("cases/", include("cases.urls")),
    path("steering/", include("steering.urls")),
    prefix_default_language=True,
)
