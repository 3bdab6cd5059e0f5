"""Views of the shared core: home pages, notifications, invitations, health, errors."""

import sys
import time

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import InvitationAcceptForm
from .models import Municipality, Role
from .selectors import notification_for_user, notifications_for_user
from .services import (
    InvitationError,
    invitation_accept,
    invitation_for_token,
    notification_mark_read,
)


def home(request):
    return render(
        request, "kim_portal/home.html", {"municipalities": Municipality.objects.only("name")}
    )


@login_required
def staff_home(request):
    recent = notifications_for_user(user=request.user)[:5]
    roles = [Role(name).label for name in sorted(request.user.role_names) if name in Role.values]
    return render(
        request,
        "kim_portal/staff_home.html",
        {"recent_notifications": recent, "roles": roles},
    )


@login_required
def notification_list(request):
    page = Paginator(notifications_for_user(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "kim_portal/notification_list.html", {"page": page})


@login_required
@require_GET
def notification_open(request, pk):
    notification = notification_for_user(request.user, pk)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    target = notification.link
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read(request, pk):
    notification = notification_for_user(request.user, pk)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    if request.headers.get("HX-Request"):
        # The updated item, plus the bell's count swapped out of band.
        item = render_to_string(
            "kim_portal/notification_list.html#notification",
            {"notification": notification_for_user(request.user, pk)},
            request,
        )
        bell = render_to_string("layouts/staff.html#bell_count", {"oob": True}, request)
        return HttpResponse(item + bell)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = notification_mark_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s Benachrichtigung als gelesen markiert.",
            "%(count)s Benachrichtigungen als gelesen markiert.",
            count,
        )
        % {"count": count},
    )
    return redirect("notification_list")


_INVITATION_PROBLEMS = {
    InvitationError.UNKNOWN: gettext_lazy(
        "Dieser Einladungslink ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig "
        "kopiert haben, oder bitten Sie um eine neue Einladung."
    ),
    InvitationError.USED: gettext_lazy(
        "Diese Einladung wurde bereits angenommen. Melden Sie sich mit Ihrer E-Mail-Adresse "
        "an; wenn Sie Ihr Passwort nicht mehr kennen, setzen Sie es zurück."
    ),
    InvitationError.EXPIRED: gettext_lazy(
        "Diese Einladung ist abgelaufen. Bitten Sie die Person, die Sie eingeladen hat, "
        "um eine neue Einladung."
    ),
    InvitationError.REVOKED: gettext_lazy(
        "Diese Einladung wurde zurückgezogen oder durch eine neuere ersetzt. Verwenden Sie "
        "den Link aus der neuesten Einladungs-E-Mail."
    ),
}


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    try:
        invitation = invitation_for_token(token)
    except InvitationError as error:
        return render(
            request,
            "kim_portal/invitation_problem.html",
            {"problem": _INVITATION_PROBLEMS[error.reason], "reason": error.reason},
            status=410 if error.reason != InvitationError.UNKNOWN else 404,
        )
    form = InvitationAcceptForm(
        request.POST or None,
        user=invitation.user,
        initial={"display_name": invitation.user.display_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
                request=request,
            )
        except InvitationError as error:
            return render(
                request,
                "kim_portal/invitation_problem.html",
                {"problem": _INVITATION_PROBLEMS[error.reason], "reason": error.reason},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Willkommen! Ihr Zugang ist eingerichtet."))
        return redirect("staff_home")
    return render(
        request, "kim_portal/invitation_accept.html", {"form": form, "invitation": invitation}
    )


# --- Health -----------------------------------------------------------------------------


@never_cache
def healthz(request):
    """The process is up. No database or cache access."""
    return JsonResponse({"status": "ok"})


def _timed(check):
    started = time.perf_counter()
    try:
        check()
    except Exception as error:
        return {"ok": False, "error": type(error).__name__, "ms": _ms(started)}
    return {"ok": True, "ms": _ms(started)}


def _ms(started):
    return round((time.perf_counter() - started) * 1000, 1)


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        # Drop the broken connection so the next request reconnects.
        connection.close()
        raise


def _check_redis():
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


@never_cache
def readyz(request):
    """Ready to serve: PostgreSQL and Redis answer. 503 with the failing check otherwise."""
    checks = {"database": _timed(_check_database), "redis": _timed(_check_redis)}
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


# --- Errors -----------------------------------------------------------------------------


def not_available(request, *args, **kwargs):
    raise Http404


def server_error(request):
    """The 500 handler, except when the database could not be reached (PostgreSQL
    restarting or failing over): then 503 with Retry-After and a page that says to try
    again shortly. Django drops the broken connection after the request, so the next one
    reconnects. Rendered without a request context, like Django's own 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
