"""msgids of django-allauth that we re-translate formally (Sie) in locale/de; listed here so
makemessages keeps them.

allauth's own German catalogue addresses people with "du"; the portal addresses staff with
"Sie". Our catalogue in locale/ (settings.LOCALE_PATHS) takes precedence over allauth's, so
each msgid below gets a formal msgstr in locale/de/LC_MESSAGES/django.po. makemessages
--no-obsolete drops entries that no source file uses; these gettext_noop calls keep them.
The other languages carry allauth's own translation of these msgids where it reads well, else
ours. The portal never imports this module; tests/i18n checks the formal German.

ALLAUTH_SHADOWED lists allauth msgids for which an app listed before allauth in INSTALLED_APPS
(django.contrib.auth) wins with a worse translation; our catalogue overrides both.

Each msgid must match allauth's exactly (including double spaces and line breaks). Checked
against django-allauth 65.21.1; after an upgrade compare with allauth's de catalogue.
"""

from django.utils.translation import gettext_noop

ALLAUTH_FORMAL_DE = [
    # account/adapter.py (error_messages)
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Username can not be used. Please use other username."),
    gettext_noop("Please select only one."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Too many failed login attempts. Try again later."),
    # account/forms.py
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    # Sign-out page and message
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    # Password reset: pages and e-mails
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account.\nIt can be safely ignored if you did not request a "
        "password reset. Click the link below to reset your password."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop("Your password has been changed."),
    # Footer of every allauth e-mail
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    # MFA: recovery codes, authenticator app
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
]

# django.contrib.auth's uk catalogue leaves "Email" (the sign-in field's label) untranslated.
ALLAUTH_SHADOWED = [
    gettext_noop("Email"),
]
