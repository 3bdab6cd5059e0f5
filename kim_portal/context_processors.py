from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .middleware import user_requires_mfa
from .selectors import notification_unread_count


def portal(request):
    """Portal-wide template context. The unread count is queried only when a template
    shows it (the staff header), never on public pages."""
    user = getattr(request, "user", None)
    context = {"PORTAL_NAME": settings.PORTAL_NAME, "LANGUAGES_LIST": settings.LANGUAGES}
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = SimpleLazyObject(
            lambda: notification_unread_count(user=user)
        )
        context["user_roles"] = user.role_names
        # The TOTP setup says "required for your role" only where it is.
        context["mfa_required"] = user_requires_mfa(user)
    return context
