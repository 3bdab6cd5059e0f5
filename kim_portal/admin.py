from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import InvitationCreateForm
from .models import AuditEvent, Invitation, Municipality, Organisation, Reminder, User
from .services import invitation_create, invitation_revoke


def _invitations_sent(count: int) -> str:
    return ngettext("%(n)s Einladung gesendet.", "%(n)s Einladungen gesendet.", count) % {
        "n": count
    }


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "organisation", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "organisation"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["display_name", "organisation", "preferred_language"]}),
        (_("Rechte"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Zeitstempel"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "display_name", "organisation", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
    actions = ["reinvite"]

    @admin.action(description=_("Einladung erneut senden (nur ohne Passwort)"))
    def reinvite(self, request, queryset):
        sent = 0
        for user in queryset.filter(is_active=False).prefetch_related("groups"):
            if user.has_usable_password() or user.organisation is None:
                continue
            role = next(iter(user.role_names), None)
            if role is None:
                continue
            invitation_create(
                email=user.email,
                role=role,
                organisation=user.organisation,
                invited_by=request.user,
                request=request,
                preferred_language=user.preferred_language,
            )
            sent += 1
        self.message_user(request, _invitations_sent(sent), messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "role",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "organisation"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Invitation._meta.fields]
    actions = ["resend", "revoke"]

    def has_change_permission(self, request, obj=None):
        return False

    def invite_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InvitationCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                invitation_create(invited_by=request.user, request=request, **form.cleaned_data)
            except ValueError:
                form.add_error(
                    "email", _("Für diese Adresse gibt es bereits einen aktiven Zugang.")
                )
            else:
                self.message_user(
                    request, _("Einladung an %(email)s gesendet.") % form.cleaned_data
                )
                return redirect("admin:kim_portal_invitation_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Person einladen"),
            "opts": self.model._meta,
        }
        return render(request, "admin/kim_portal/invitation/invite.html", context)

    def add_view(self, request, form_url="", extra_context=None):
        # "Add invitation" is inviting someone. (A separate URL with the add view's name
        # made the admin's own add URL redirect to itself.)
        return self.invite_view(request)

    @admin.action(description=_("Einladung erneut senden"))
    def resend(self, request, queryset):
        sent = 0
        for invitation in queryset.filter(accepted_at=None).select_related("user", "organisation"):
            invitation_create(
                email=invitation.email,
                role=invitation.role,
                organisation=invitation.organisation,
                invited_by=request.user,
                request=request,
                preferred_language=invitation.user.preferred_language,
            )
            sent += 1
        self.message_user(request, _invitations_sent(sent))

    @admin.action(description=_("Einladung zurückziehen"))
    def revoke(self, request, queryset):
        for invitation in queryset:
            invitation_revoke(invitation=invitation, actor=request.user, request=request)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "latitude", "longitude"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "request_id"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "recipient",
        "due_at",
        "notified_at",
        "emailed_at",
        "attempts",
        "read_at",
    ]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False
