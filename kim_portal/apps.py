from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KimPortalConfig(AppConfig):
    name = "kim_portal"
    verbose_name = _("KIM Portal (Grundfunktionen)")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.utils.module_loading import autodiscover_modules

        from . import checks  # noqa: F401  (registers system checks)
        from .middleware import SessionIdleTimeoutMiddleware

        user_logged_in.connect(
            SessionIdleTimeoutMiddleware.logged_in, dispatch_uid="kim_portal.session_refreshed"
        )

        # Each app's reminders.py registers its reminder kinds and producers.
        autodiscover_modules("reminders")
