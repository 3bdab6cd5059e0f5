"""Writes of the shared core: audit trail, invitations, notifications."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .middleware import current_request_id
from .models import AuditEvent, Invitation, Reminder, Role, User
from .reminder_engine import reminders_cancel
from .reminders import INVITATION_NOT_ACCEPTED


class InvitationError(Exception):
    """An invitation that cannot be used; ``reason`` is one of the class constants."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _client_ip(request) -> str | None:
    if request is None:
        return None
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    obj=None,
    object_type: str = "",
    object_id="",
    actor=None,
    request=None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one event to the audit trail. Pass ``obj`` (a model instance) or
    ``object_type``/``object_id``. ``details`` must hold no personal data of clients."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        ip_address=_client_ip(request),
        request_id=getattr(request, "request_id", "") or current_request_id(),
        details=details or {},
    )


@transaction.atomic
def invitation_create(
    *,
    email: str,
    role: str,
    organisation,
    invited_by=None,
    display_name: str = "",
    preferred_language: str = "de",
    request=None,
) -> Invitation:
    """Invite a staff member: creates the inactive account in its role and sends the
    set-password link (after commit). Re-inviting a pending address renews the link."""
    email = email.strip().lower()
    role = Role(role)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.has_usable_password():
        raise ValueError(f"{email} already has an account")
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=display_name or email.split("@")[0],
            organisation=organisation,
            preferred_language=preferred_language,
            is_active=False,
        )
    user.groups.add(Group.objects.get(name=role.value))
    if role == Role.COORDINATOR and not user.is_staff:
        # The coordinator curates the offer taxonomy in the admin.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    Invitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    token, digest = Invitation.new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email,
        role=role.value,
        organisation=organisation,
        user=user,
        invited_by=invited_by,
        token_digest=digest,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(
        action="invitation.create",
        obj=invitation,
        actor=invited_by,
        request=request,
        details={"role": role.value, "organisation_id": organisation.pk},
    )
    transaction.on_commit(lambda: _invitation_send(invitation, token))
    return invitation


def invitation_url(token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("invitation_accept", args=[token])


def _invitation_send(invitation: Invitation, token: str) -> None:
    language = invitation.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": invitation_url(token, language),
            "role_label": Role(invitation.role).label,
            "valid_days": settings.INVITATION_VALID_DAYS,
        }
        subject = render_to_string("kim_portal/email/invitation_subject.txt", context).strip()
        body = render_to_string("kim_portal/email/invitation_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[invitation.email]).send()


def invitation_for_token(token: str, *, now=None) -> Invitation:
    """The usable invitation behind a link, or InvitationError saying why not."""
    invitation = (
        Invitation.objects.select_related("user", "organisation")
        .filter(token_digest=Invitation.digest(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(InvitationError.UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationError(InvitationError.USED)
    if invitation.revoked_at is not None:
        raise InvitationError(InvitationError.REVOKED)
    if invitation.is_expired(now):
        raise InvitationError(InvitationError.EXPIRED)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, display_name: str, request=None) -> User:
    """Set the first password and activate the account. Raises InvitationError."""
    invitation = invitation_for_token(token)
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
        accepted_at=timezone.now()
    )
    if claimed != 1:  # the same link submitted twice at once
        raise InvitationError(InvitationError.USED)
    user = invitation.user
    user.set_password(password)
    user.display_name = display_name
    user.is_active = True
    user.save(update_fields=["password", "display_name", "is_active"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    reminders_cancel(kind=INVITATION_NOT_ACCEPTED, target=invitation)
    audit_record(action="invitation.accept", obj=invitation, actor=user, request=request)
    return user


def invitation_revoke(*, invitation: Invitation, actor, request=None) -> None:
    if Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    ):
        audit_record(action="invitation.revoke", obj=invitation, actor=actor, request=request)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications as read."""
    qs = Reminder.objects.filter(recipient=user, read_at=None, notified_at__isnull=False)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
