"""allauth adapters: sign-up is closed (staff are invited), TOTP secrets are encrypted,
and roles that must hold a second factor cannot switch it off."""

import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _fernet() -> Fernet:
    key = getattr(settings, "MFA_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(f"kim-portal-mfa:{key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # Account emails (password reset…) go out in the recipient's preferred language.
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Für Ihre Rolle ist die Anmeldung mit zweitem Faktor Pflicht: Sie können sie nicht "
            "abschalten. Bei einem neuen Telefon richten Sie die App neu ein; wenn Sie keinen "
            "Zugang mehr haben, hilft die KIM-Koordination."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        # MfaRequiredMiddleware would hold such a user at the TOTP setup at once; refusing
        # here keeps an account of these roles from being without a second factor at all.
        from .middleware import user_requires_mfa

        return not user_requires_mfa(authenticator.user)

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()
