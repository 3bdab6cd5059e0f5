"""Helpers for the staff-side tests (no tests here): personas and form data as a browser
would send it."""

from django import forms
from django.forms.widgets import ChoiceWidget
from django.urls import reverse

from tests.factories import OrganisationFactory, totp_activate, user_with_role


def editor_of(organisation=None, **kwargs):
    """A provider editor of ``organisation`` (a new one if not given)."""
    return user_with_role(
        "provider_editor", organisation=organisation or OrganisationFactory(), **kwargs
    )


def coordinator(**kwargs):
    """A coordinator with TOTP set up, so the MFA gate lets them through."""
    person = user_with_role("coordinator", **kwargs)
    totp_activate(person)
    return person


def _add_form(data: dict, form) -> None:
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif getattr(widget, "allow_multiple_selected", False):
            data[bound.html_name] = [str(v) for v in value or []]
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(widget, ChoiceWidget):
            data[bound.html_name] = str(value)
        else:
            formatted = widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else str(formatted)


def _add_formset(data: dict, formset) -> None:
    _add_form(data, formset.management_form)
    for form in formset.forms:
        _add_form(data, form)
        if hasattr(form, "schedules"):
            _add_formset(data, form.schedules)


def form_data(response) -> dict:
    """What the browser would post back unchanged from an editor page (content or
    translations section)."""
    editor = response.context["editor"]
    data = {"section": response.context["section"], "action": "save"}
    if hasattr(editor, "form"):
        _add_form(data, editor.form)
        _add_formset(data, editor.locations)
        _add_formset(data, editor.contacts)
    else:
        for form in editor.forms:
            _add_form(data, form)
    return data


NEW_OFFER = {
    "title": "Sprachcafé Iserlohn",
    "summary": "Deutsch sprechen üben in entspannter Runde.",
    "description": "<p>Jeden Montag.</p><script>alert(1)</script>",
    "categories": ["sprache"],
    "languages": ["de", "ar"],
    "mode": "in_person",
    "is_free": "on",
    "locations-0-name": "Stadtteilzentrum Südstadt",
    "locations-0-street": "Hauptstraße 1",
    "locations-0-postal_code": "58636",
    "locations-0-municipality": "05962024",
    "locations-0-schedules-0-weekdays": ["MO"],
    "locations-0-schedules-0-opens_at": "15:00",
    "locations-0-schedules-0-closes_at": "17:00",
    "contacts-0-name": "Beratungsteam",
    "contacts-0-email": "team@example.org",
}


def create_offer(client, **overrides):
    """Fill the "new offer" page like a person would and submit it; returns the response."""
    page = client.get(reverse("offers:staff_create"))
    data = form_data(page) | NEW_OFFER | overrides
    return client.post(reverse("offers:staff_create"), data)
