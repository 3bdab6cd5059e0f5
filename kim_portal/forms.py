from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Organisation, Role


class KernFormMixin:
    """Gives widgets the KERN classes and links hints and errors via aria-describedby,
    so templates render fields through ``includes/field.html`` without extra logic."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._apply_kern()

    def full_clean(self):
        super().full_clean()
        self._apply_kern()

    def _apply_kern(self):
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            widget = field.widget
            base = (
                "kern-form-input__select"
                if isinstance(widget, forms.Select)
                else "kern-form-input__input"
            )
            auto_id = self[name].auto_id
            described = [f"{auto_id}_hint"] if field.help_text else []
            if name in errors:
                widget.attrs["class"] = f"{base} {base}--error"
                widget.attrs["aria-invalid"] = "true"
                described.append(f"{auto_id}_error")
            else:
                widget.attrs["class"] = base
                widget.attrs.pop("aria-invalid", None)
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)


class InvitationAcceptForm(KernFormMixin, forms.Form):
    display_name = forms.CharField(label=_("Ihr Name, wie andere ihn sehen"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindestens 12 Zeichen, nicht nur Ziffern, kein gängiges Passwort."),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationCreateForm(forms.Form):
    """Used by the admin to invite a staff member."""

    email = forms.EmailField(label=_("E-Mail-Adresse"))
    display_name = forms.CharField(
        label=pgettext_lazy("person", "Name"), max_length=150, required=False
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    preferred_language = forms.ChoiceField(
        label=_("Sprache der E-Mails"), choices=settings.LANGUAGES, initial="de"
    )
