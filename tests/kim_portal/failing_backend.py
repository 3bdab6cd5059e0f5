"""An email backend whose SMTP server is always down (for the retry tests)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPException("421 mail server unavailable (test backend)")
