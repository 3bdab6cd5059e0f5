"""``{% unbound_form %}``: an empty form's fields are rendered once per language, starting
values and database choices; bound forms always anew."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from kim_portal.models import Municipality
from kim_portal.templatetags import form_fragments

TEMPLATE = Template(
    "{% load form_fragments i18n %}{% unbound_form form %}"
    "{% translate 'Notiz' %}:{{ form.note }}{{ form.town }}{{ counter.next }}"
    "{% endunbound_form %}"
)


class Counter:
    """Counts how often the block is actually rendered."""

    def __init__(self):
        self.count = 0

    def next(self):
        self.count += 1
        return ""


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


class TownForm(forms.Form):
    note = forms.CharField(required=False)
    town = forms.ModelChoiceField(queryset=Municipality.objects.all(), required=False)


@pytest.fixture(autouse=True)
def _empty():
    form_fragments._fragments.clear()
    yield
    form_fragments._fragments.clear()


def _render(form, counter):
    return TEMPLATE.render(Context({"form": form, "counter": counter}))


def test_an_unbound_form_renders_once_and_is_reused():
    counter = Counter()

    first = _render(NoteForm(), counter)
    second = _render(NoteForm(), counter)

    assert first == second
    assert 'name="note"' in first
    assert counter.count == 1


def test_other_starting_values_render_anew():
    counter = Counter()

    _render(NoteForm(), counter)
    html = _render(NoteForm(initial={"note": "vorbelegt"}), counter)

    assert 'value="vorbelegt"' in html
    assert counter.count == 2


def test_each_language_has_its_own_fragment():
    counter = Counter()

    with translation.override("de"):
        german = _render(NoteForm(), counter)
    with translation.override("en"):
        english = _render(NoteForm(), counter)

    assert counter.count == 2
    assert german.startswith("Notiz")
    assert english.startswith("Note")


def test_a_bound_form_is_never_kept():
    counter = Counter()

    _render(NoteForm(), counter)
    html = _render(NoteForm({"note": "<b>getippt</b>"}), counter)
    again = _render(NoteForm(), counter)

    assert 'value="&lt;b&gt;getippt&lt;/b&gt;"' in html
    assert "getippt" not in again
    assert counter.count == 2


@pytest.mark.django_db
def test_a_form_with_database_choices_is_kept_per_set_of_choices():
    counter = Counter()
    Municipality.objects.create(ags="99999001", name="Altena (Test)", latitude=51.3, longitude=7.7)

    _render(TownForm(), counter)
    _render(TownForm(), counter)
    assert counter.count == 1

    Municipality.objects.create(ags="99999002", name="Balve (Test)", latitude=51.3, longitude=7.8)
    html = _render(TownForm(), counter)

    assert counter.count == 2
    assert "Balve (Test)" in html
