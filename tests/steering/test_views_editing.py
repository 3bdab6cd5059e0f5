"""Correcting what was recorded: a hurdle (title, domain, description, towns), a decision
(while the minutes are open; afterwards only through a correction version) and an action
item (assignment while the minutes are open, due date at any time); and setting up the
working group an adopted decision establishes. Only the coordinator edits; the owner of an
action item still records progress on it."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import date

import pytest
from django.urls import reverse

from kim_portal.models import AuditEvent, Municipality
from steering.choices import BodyKind, DecisionOutcome, HurdleEventKind
from steering.models import ActionItem, Body, Decision, Hurdle
from steering.services import action_item_create, decision_record, hurdle_update
from tests.steering.factories import HurdleFactory, meeting_with_minutes, steering_member
from tests.steering.test_views_support import (  # noqa: F401
    _private_files,
    chair,
    group,
    member,
    office,
    published,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _audited(action: str, obj) -> list[dict]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).values_list("details", flat=True)
    )


@pytest.fixture
def draft(group, office, member):
    """Minutes in draft with 3 of 5 voting members present, a decision and an action item
    owned by ``member``."""
    body, seats = group
    meeting, item, _ = meeting_with_minutes(present=3, body=body, seats=seats)
    decision = decision_record(
        by=office,
        agenda_item=item,
        resolution="Die AG Wohnen wird eingerichtet.",
        outcome=DecisionOutcome.ADOPTED,
        votes_for=3,
        votes_against=0,
        votes_abstain=0,
    )
    action = action_item_create(
        by=office,
        agenda_item=item,
        title="Wohnraumbedarf erheben",
        owner=member,
        due_date=date(2026, 4, 30),
    )
    return {"meeting": meeting, "item": item, "decision": decision, "action": action}


# --- Hurdles -------------------------------------------------------------------------------


def _hurdle_data(**overrides):
    data = {
        "title": "Wohnungsmarkt verschlossen",
        "domain": "housing",
        "description": "Vermieter lehnen Menschen mit Duldung ab.",
        "municipalities": [Municipality.objects.get(name="Iserlohn").pk],
    }
    data.update(overrides)
    return data


def test_coordinator_corrects_a_hurdles_title_domain_and_towns(client, office):
    hurdle = HurdleFactory()
    client.force_login(office)

    response = client.post(reverse("steering:hurdle_edit", args=[hurdle.pk]), _hurdle_data())

    assert response.status_code == 302
    hurdle.refresh_from_db()
    assert (hurdle.title, hurdle.domain) == ("Wohnungsmarkt verschlossen", "housing")
    assert [m.name for m in hurdle.municipalities.all()] == ["Iserlohn"]
    assert _audited("hurdle.update", hurdle) == [
        {"fields": ["description", "domain", "municipalities", "title"]}
    ]


def test_editing_a_hurdle_adds_angaben_geaendert_to_its_timeline(client, office):
    hurdle = HurdleFactory()
    client.force_login(office)

    client.post(
        reverse("steering:hurdle_edit", args=[hurdle.pk]),
        _hurdle_data(title=hurdle.title, domain=hurdle.domain, description="Neu gefasst."),
    )

    event = hurdle.events.get()
    assert (event.kind, event.actor, event.note) == (
        HurdleEventKind.UPDATED,
        office,
        "description,municipalities",
    )
    page = _text(client.get(reverse("steering:hurdle_detail", args=[hurdle.pk])))
    timeline = page.split('id="timeline-heading"')[1]
    assert "Angaben geändert" in timeline
    assert "Beschreibung, betroffene Kommunen" in timeline


def test_saving_a_hurdle_unchanged_adds_no_timeline_entry(office):
    hurdle = HurdleFactory()

    hurdle_update(
        by=office,
        hurdle=hurdle,
        municipalities=[],
        title=hurdle.title,
        description=hurdle.description,
    )

    assert not hurdle.events.exists()


def test_the_hurdle_edit_form_shows_the_recorded_values(client, office):
    hurdle = HurdleFactory(title="Lange Wartezeit")
    hurdle.municipalities.set([Municipality.objects.get(name="Iserlohn")])
    client.force_login(office)

    page = _text(client.get(reverse("steering:hurdle_edit", args=[hurdle.pk])))

    iserlohn = Municipality.objects.get(name="Iserlohn").pk
    assert 'value="Lange Wartezeit"' in page
    assert f'value="{iserlohn}" class="kern-form-check__checkbox" id=' in page
    assert "checked" in page.split(f'value="{iserlohn}"')[1].split(">")[0]


def test_an_empty_hurdle_title_is_refused_and_the_typed_text_kept(client, office):
    hurdle = HurdleFactory(title="Lange Wartezeit")
    client.force_login(office)

    response = client.post(
        reverse("steering:hurdle_edit", args=[hurdle.pk]),
        _hurdle_data(title="", description="Neue Beschreibung, die nicht verloren geht."),
    )

    assert response.status_code == 400
    assert "Es wurde nichts gespeichert." in _text(response)
    assert "Neue Beschreibung, die nicht verloren geht." in _text(response)
    hurdle.refresh_from_db()
    assert hurdle.title == "Lange Wartezeit"
    assert not hurdle.municipalities.exists()


def test_a_member_cannot_edit_a_hurdle(client, member):
    hurdle = HurdleFactory(title="Lange Wartezeit")
    client.force_login(member)

    response = client.post(reverse("steering:hurdle_edit", args=[hurdle.pk]), _hurdle_data())

    assert response.status_code == 403
    assert Hurdle.objects.get(pk=hurdle.pk).title == "Lange Wartezeit"


def test_the_hurdle_page_links_the_edit_form_for_the_coordinator_only(client, office, member):
    hurdle = HurdleFactory()
    edit = reverse("steering:hurdle_edit", args=[hurdle.pk])
    seen = {}
    for role, user in [("coordinator", office), ("member", member)]:
        client.force_login(user)
        seen[role] = edit in _text(client.get(reverse("steering:hurdle_detail", args=[hurdle.pk])))
    assert seen == {"coordinator": True, "member": False}


# --- Decisions -----------------------------------------------------------------------------


def _decision_data(**overrides):
    data = {
        "resolution": "Die AG Wohnen wird für zwei Jahre eingerichtet.",
        "outcome": "adopted",
        "votes_for": "2",
        "votes_against": "1",
        "votes_abstain": "0",
    }
    data.update(overrides)
    return data


def _decision_url(decision):
    return reverse("steering:decision_edit", args=[decision.agenda_item.meeting_id, decision.pk])


def test_coordinator_corrects_a_decision_in_the_draft_minutes(client, office, draft):
    decision = draft["decision"]
    client.force_login(office)

    response = client.post(_decision_url(decision), _decision_data())

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.resolution == "Die AG Wohnen wird für zwei Jahre eingerichtet."
    assert (decision.votes_for, decision.votes_against) == (2, 1)
    assert _audited("decision.update", decision) == [
        {"fields": ["resolution", "votes_against", "votes_for"]}
    ]


def test_a_corrected_vote_is_checked_against_the_attendance(client, office, draft):
    decision = draft["decision"]
    client.force_login(office)

    response = client.post(_decision_url(decision), _decision_data(votes_for="4"))

    assert response.status_code == 400
    assert "Es wurden 5 Stimmen gezählt, aber nur 3 stimmberechtigte Mitglieder" in _text(response)
    assert "Die AG Wohnen wird für zwei Jahre eingerichtet." in _text(response)
    decision.refresh_from_db()
    assert (decision.resolution, decision.votes_for) == ("Die AG Wohnen wird eingerichtet.", 3)


def test_after_approval_a_decision_is_changed_only_by_a_correction(client, office, published):
    decision = published["decision"]
    client.force_login(office)

    page = client.get(_decision_url(decision))
    response = client.post(_decision_url(decision), _decision_data(votes_for="5"))

    assert page.status_code == 200
    assert reverse("steering:minutes_correction", args=[published["meeting"].pk]) in _text(page)
    assert 'name="resolution"' not in _text(page)
    assert response.status_code == 400
    assert "nur als Berichtigung" in _text(response)
    assert Decision.objects.get(pk=decision.pk).resolution == "Die AG Wohnen wird eingerichtet."


def test_the_chair_cannot_edit_a_decision(client, chair, draft):
    client.force_login(chair)

    response = client.post(_decision_url(draft["decision"]), _decision_data())

    assert response.status_code == 403
    assert Decision.objects.get(pk=draft["decision"].pk).votes_for == 3


def test_a_decision_of_another_meeting_is_not_found(client, office, draft, published):
    client.force_login(office)

    url = reverse("steering:decision_edit", args=[draft["meeting"].pk, published["decision"].pk])

    assert client.get(url).status_code == 404


def test_the_meeting_page_links_the_decision_edit_form_while_the_minutes_are_open(
    client, office, draft
):
    client.force_login(office)

    page = _text(client.get(reverse("steering:meeting_detail", args=[draft["meeting"].pk])))

    assert _decision_url(draft["decision"]) in page


# --- Action items --------------------------------------------------------------------------


def _action_data(action, **overrides):
    data = {
        "title": action.title,
        "owner": str(action.owner_id),
        "due_date": action.due_date.isoformat(),
        "description": action.description,
    }
    data.update(overrides)
    return data


def test_coordinator_reassigns_an_action_item_and_moves_its_due_date(client, office, chair, draft):
    action = draft["action"]
    client.force_login(office)

    response = client.post(
        reverse("steering:action_item_edit", args=[action.pk]),
        _action_data(action, owner=str(chair.pk), due_date="2026-05-15"),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.organisation, action.due_date) == (
        chair,
        chair.organisation,
        date(2026, 5, 15),
    )
    assert _audited("action_item.update", action) == [
        {"fields": ["due_date", "organisation", "owner"]}
    ]


def test_after_approval_only_the_due_date_of_an_action_item_changes(
    client, office, chair, published
):
    action = published["action"]
    client.force_login(office)

    response = client.post(
        reverse("steering:action_item_edit", args=[action.pk]),
        _action_data(action, title="Anders", owner=str(chair.pk), due_date="2026-06-30"),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner_id, action.due_date) == (
        "Wohnraumbedarf erheben",
        published["action"].owner_id,
        date(2026, 6, 30),
    )


def test_a_bad_due_date_is_refused_and_the_typed_title_kept(client, office, draft):
    action = draft["action"]
    client.force_login(office)

    response = client.post(
        reverse("steering:action_item_edit", args=[action.pk]),
        _action_data(action, title="Bedarf an Wohnraum erheben", due_date="31.02.2026"),
    )

    assert response.status_code == 400
    assert "Es wurde nichts gespeichert." in _text(response)
    assert 'value="Bedarf an Wohnraum erheben"' in _text(response)
    assert ActionItem.objects.get(pk=action.pk).title == "Wohnraumbedarf erheben"


def test_an_owner_outside_the_body_is_refused(client, office, draft):
    action = draft["action"]
    client.force_login(office)

    response = client.post(
        reverse("steering:action_item_edit", args=[action.pk]),
        _action_data(action, owner=str(steering_member().pk)),
    )

    assert response.status_code == 400
    assert ActionItem.objects.get(pk=action.pk).owner_id == action.owner_id


def test_the_owner_cannot_edit_but_still_records_progress(client, member, draft):
    action = draft["action"]
    client.force_login(member)

    edit = client.post(
        reverse("steering:action_item_edit", args=[action.pk]),
        _action_data(action, due_date="2027-01-01"),
    )
    detail = client.get(reverse("steering:action_item_detail", args=[action.pk]))
    progress = client.post(
        reverse("steering:action_item_detail", args=[action.pk]),
        {"text": "Erste Zahlen liegen vor.", "status": "in_progress"},
    )

    assert edit.status_code == 403
    assert reverse("steering:action_item_edit", args=[action.pk]) not in _text(detail)
    assert progress.status_code == 302
    action.refresh_from_db()
    assert (action.due_date, action.status) == (date(2026, 4, 30), "in_progress")


# --- Working group established by a decision -----------------------------------------------


def test_coordinator_sets_up_the_working_group_a_decision_establishes(client, office, draft):
    decision = draft["decision"]
    client.force_login(office)
    url = reverse("steering:working_group_establish", args=[draft["meeting"].pk, decision.pk])
    meeting_page = _text(client.get(reverse("steering:meeting_detail", args=[draft["meeting"].pk])))

    response = client.post(
        url, {"name": "AG Wohnen", "short_name": "AG W", "mandate": "Wohnraum erschließen."}
    )

    assert url in meeting_page
    assert response.status_code == 302
    group = Body.objects.get(name="AG Wohnen")
    assert (group.kind, group.parent, group.established_by) == (
        BodyKind.WORKING_GROUP,
        draft["meeting"].body,
        decision,
    )
    assert group.start_date == draft["meeting"].local_date
    assert response["Location"] == reverse("steering:body_detail", args=[group.pk])


def test_a_working_group_needs_a_mandate_and_keeps_the_typed_name(client, office, draft):
    client.force_login(office)
    url = reverse(
        "steering:working_group_establish", args=[draft["meeting"].pk, draft["decision"].pk]
    )

    response = client.post(url, {"name": "AG Wohnen", "mandate": ""})

    assert response.status_code == 400
    assert 'value="AG Wohnen"' in _text(response)
    assert not Body.objects.filter(name="AG Wohnen").exists()


def test_a_rejected_decision_establishes_no_working_group(client, office, draft):
    decision = draft["decision"]
    Decision.objects.filter(pk=decision.pk).update(outcome=DecisionOutcome.REJECTED)
    client.force_login(office)
    url = reverse("steering:working_group_establish", args=[draft["meeting"].pk, decision.pk])

    response = client.post(url, {"name": "AG Wohnen", "mandate": "Wohnraum erschließen."})

    assert response.status_code == 400
    assert "Der Beschluss wurde nicht angenommen." in _text(response)
    assert not Body.objects.filter(name="AG Wohnen").exists()


def test_a_member_cannot_set_up_a_working_group(client, member, draft):
    client.force_login(member)
    url = reverse(
        "steering:working_group_establish", args=[draft["meeting"].pk, draft["decision"].pk]
    )

    response = client.post(url, {"name": "AG Wohnen", "mandate": "Wohnraum erschließen."})

    assert response.status_code == 403
    assert not Body.objects.filter(name="AG Wohnen").exists()
