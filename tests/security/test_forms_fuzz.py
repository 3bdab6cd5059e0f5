"""Generated input for every form of the apps (hypothesis): whatever a client posts, a
form's ``is_valid()`` answers True or False and never raises; and a handful of POST views
given generated form data answer with a 2xx, 3xx or 4xx, never a server error.

The form classes are found by walking the modules of kim_portal, offers, cases and steering,
so a new form is fuzzed without a change here — unless it needs constructor arguments, in
which case ``test_every_form_can_be_built`` names it and it gets a line in ``ARGUMENTS``.
Example counts are kept small (the whole module runs in well under a minute); the
generators mix valid choices with arbitrary text, so both paths through each form run."""

import importlib
import inspect
import pkgutil
from datetime import date
from http.cookies import SimpleCookie

import pytest
from django import forms
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from kim_portal.models import Organisation
from offers import search
from offers.catalogue import catalogue_index
from steering.models import ActionItem, Body, Meeting
from steering.selectors import (
    action_items_tracker,
    agenda_items_of,
    agenda_with_minutes,
    barrier_report_aggregates,
    bodies_visible_to,
    memberships_of,
)
from steering.states import HURDLE_STEPS

pytestmark = pytest.mark.django_db

APPS = ("kim_portal", "offers", "cases", "steering")
SKIPPED_MODULES = ("migrations", "management", "settings", "wsgi", "asgi")


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if any(part in module.name.split(".") for part in SKIPPED_MODULES):
                continue
            for obj in vars(importlib.import_module(module.name)).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module.name
                    # (a model form base without a model is no form of its own)
                    and not (issubclass(obj, forms.ModelForm) and obj._meta.model is None)
                ):
                    found.append(obj)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__name__}")


FORMS = form_classes()


def _world_arguments(world) -> dict[str, dict]:
    """Constructor arguments per form class name, as the views pass them."""
    coord, cm, prov = world.users["coord"], world.users["cm"], world.users["prov"]
    meeting = Meeting.objects.get(pk=world.objects["meeting"])
    case = Case._unscoped.get(pk=world.objects["case"])
    memberships = list(memberships_of(user=coord, body=meeting.body, on=meeting.local_date))
    bodies = bodies_visible_to(user=coord)
    adopted = []
    return {
        "InvitationAcceptForm": {"user": cm},
        "OfferImportForm": {"user": prov},
        "OfferSearchForm": search.search_taxonomies(catalogue_index(None)),
        "OfferContentForm": {"choose_organisation": True},
        "TranslationForm": {"language": "en"},
        "StaffOfferFilterForm": {"organisations": Organisation.objects.all()},
        "ErasureConfirmForm": {"expected": "Samira Geheimnachname"},
        "ReferralForm": {"offers": ()},
        "ReassignForm": {"case": case},
        "ClientEditForm": {"client": case.client},
        "ShareForm": {"case": case},
        "MeetingFilterForm": {"bodies": bodies},
        "MeetingForm": {"bodies": bodies},
        "AgendaItemForm": {"memberships": memberships},
        "AttendanceForm": {"memberships": memberships, "recorded": {}},
        "PaperForm": {"agenda_items": agenda_items_of(user=coord, meeting=meeting)},
        "ActionItemForm": {"memberships": memberships},
        "ActionItemEditForm": {
            "memberships": memberships,
            "action_item": ActionItem.objects.get(pk=world.objects["action"]),
            "assignment_open": True,
        },
        "CorrectionForm": {"items": list(agenda_with_minutes(user=coord, meeting=meeting))},
        "ActionItemFilterForm": {"user": coord, "bodies": bodies},
        "ProgressForm": {"may_drop": True},
        "DecisionFilterForm": {"bodies": bodies},
        "HurdleTransitionForm": {
            "steps": HURDLE_STEPS.get("reported", frozenset()),
            "working_groups": bodies_visible_to(user=coord, kind="working_group"),
            "decisions": adopted,
        },
        "HurdleLinkForm": {
            "decisions": adopted,
            "action_items": action_items_tracker(user=coord)[:200],
            "report_cells": barrier_report_aggregates(user=coord, domain="housing"),
        },
        "BodyForm": {"body": Body.objects.get(pk=world.objects["body"])},
        "MembershipForm": {"candidates": [], "organisations": []},
        "MembershipEndForm": {"membership": memberships[0]},
        "RulesOfProcedureForm": {"decisions": adopted},
    }


@pytest.fixture(scope="module")
def arguments(world, django_db_blocker):
    with django_db_blocker.unblock():
        return _world_arguments(world)


def build(form_class, arguments, data=None, files=None):
    extra = arguments.get(form_class.__name__, {})
    if files:
        return form_class(data, files, **extra)
    return form_class(data, **extra)


# --- Generated values -----------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "9" * 40,
        "-1",
        "2026-02-30",
        "2026-13-01T25:61",
        "1e308",
        "NaN",
        "A" * 6000,
    ]
)
# (No lone surrogates: decoding a request never yields them.)
TEXT = st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80), HOSTILE_TEXT)


def _choice_values(field) -> list[str]:
    values = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, (list, tuple)):
            values += [str(v) for v, _ in label]
        else:
            values.append(str(getattr(value, "value", value)))
    return values or ["1"]


def value_for(field) -> st.SearchStrategy:
    """A value for ``field`` as a browser would post it, or something hostile."""
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.just("on"), st.just(""), TEXT)
    if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        return st.lists(st.one_of(st.sampled_from(_choice_values(field)), TEXT), max_size=4)
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return st.one_of(st.sampled_from(_choice_values(field)), TEXT)
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return st.one_of(st.integers(-(2**70), 2**70).map(str), TEXT)
    if isinstance(field, forms.DateTimeField):
        return st.one_of(st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")), TEXT)
    if isinstance(field, forms.DateField):
        return st.one_of(st.dates().map(date.isoformat), TEXT)
    return TEXT


def data_for(form) -> st.SearchStrategy:
    """A dict of generated values for some of ``form``'s fields (names with its prefix)."""
    fields = {
        form.add_prefix(name): value_for(field)
        for name, field in form.fields.items()
        if not isinstance(field, forms.FileField)
    }
    return st.fixed_dictionaries({}, optional=fields)


def files_for(form) -> st.SearchStrategy:
    uploads = {
        form.add_prefix(name): st.builds(
            lambda name, content: SimpleUploadedFile(name, content),
            st.sampled_from(["a.pdf", "a.csv", "a.png", "a.exe", "a" * 300 + ".pdf"]),
            st.binary(max_size=200),
        )
        for name, field in form.fields.items()
        if isinstance(field, forms.FileField)
    }
    return st.fixed_dictionaries({}, optional=uploads)


def _multi(data: dict) -> MultiValueDict:
    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()})


FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the repository
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- Tests ----------------------------------------------------------------------------------


def test_the_forms_of_every_app_are_found():
    modules = {form.__module__.split(".")[0] for form in FORMS}

    assert modules == set(APPS)
    assert len(FORMS) > 40


def test_every_form_can_be_built(arguments):
    failures = {}
    for form_class in FORMS:
        try:
            build(form_class, arguments)
        except TypeError as error:
            failures[form_class.__name__] = f"{error} — add it to _world_arguments"

    assert failures == {}


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_generated_input_never_makes_is_valid_raise(arguments, form_class):
    blank = build(form_class, arguments)

    @FUZZ
    @given(data=data_for(blank), files=files_for(blank))
    def check(data, files):
        form = build(form_class, arguments, _multi(data), _multi(files))
        with transaction.atomic():
            assert form.is_valid() in (True, False)
            transaction.set_rollback(True)

    check()


# POST views: (route name, persona, URL arguments from the world, form whose fields to fill)
POST_VIEWS = [
    ("cases:client_new", "cm", (), "ClientIntakeForm"),
    ("cases:contact_new", "cm", ("case",), "ContactLogForm"),
    ("cases:goal_agree", "cm", ("case",), "GoalAgreeForm"),
    ("cases:barrier_report", "cm", ("case",), "BarrierReportForm"),
    ("steering:hurdle_create", "coord", (), "HurdleForm"),
    ("steering:meeting_create", "coord", (), "MeetingForm"),
    ("offers:report", "anon", ("offer",), "OfferReportForm"),
]


@pytest.mark.parametrize(
    ("key", "persona", "objects", "form_name"), POST_VIEWS, ids=[v[0] for v in POST_VIEWS]
)
def test_generated_post_data_never_causes_a_server_error(
    world, arguments, key, persona, objects, form_name
):
    [form_class] = [form for form in FORMS if form.__name__ == form_name]
    url = reverse(key, args=[world.objects[name] for name in objects])
    client = world.clients[persona]

    @settings(FUZZ, max_examples=30)
    @given(data=data_for(build(form_class, arguments)))
    def check(data):
        cache.clear()  # rate limits
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
        client.cookies = SimpleCookie(world.cookies[persona])
        assert response.status_code < 500, data

    check()
