"""The rules of procedure (Geschäftsordnung) on the body page (steering:body_detail) and a
new version recorded by the coordinator (steering:rules_adopt): the version in force with
its adopting decision, quorum and majority rule and full text; earlier versions in a
disclosure; the form that records a version adopted by an adopted decision of the body.
Members and the chair read; only the coordinator writes. Bad input comes back on the form
with what was typed. Decisions of meetings from the new version's first day on are checked
against its rules."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim_portal.models import AuditEvent
from steering.choices import DecisionOutcome, MajorityRule, QuorumRule
from steering.models import Decision, Meeting, RulesOfProcedure
from steering.selectors import rules_in_force
from steering.services import decision_record, rules_of_procedure_adopt
from tests.steering.factories import (
    AgendaItemFactory,
    WorkingGroupFactory,
    meeting_with_minutes,
    steering_member,
)
from tests.steering.test_views_support import (  # noqa: F401
    _private_files,
    chair,
    group,
    member,
    office,
    outsiders,
)

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
FIRST_TEXT = "§ 1 Die Lenkungsgruppe tagt mindestens viermal im Jahr.\n§ 2 Sie ist beschlussfähig."


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _text(response) -> str:
    return response.content.decode()


def _meeting_on(body, seats, day: date, *, present: int = 5):
    """A meeting of ``body`` on ``day`` (14:00 Berlin) with minutes in draft, one agenda
    item and the first ``present`` voting seats present."""
    meeting, item, _seats = meeting_with_minutes(body=body, seats=seats, present=present)
    start = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting, item


def _adopting_decision(
    office, body, seats, day: date, text="Die Geschäftsordnung wird beschlossen."
):
    _meeting, item = _meeting_on(body, seats, day)
    return decision_record(
        by=office,
        agenda_item=item,
        resolution=text,
        outcome=DecisionOutcome.ADOPTED,
        unanimous=True,
    )


@pytest.fixture
def first_rules(group, office):
    """Version 1, adopted unanimously at the meeting of 10 March 2026: simple majority."""
    body, seats = group
    decision = _adopting_decision(office, body, seats, date(2026, 3, 10))
    return rules_of_procedure_adopt(
        by=office,
        body=body,
        text=FIRST_TEXT,
        adopted_by=decision,
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
    )


@pytest.fixture
def second_decision(group, office, first_rules):
    """An adopted decision of 5 May 2026 (the one that adopts version 2)."""
    body, seats = group
    return _adopting_decision(
        office, body, seats, date(2026, 5, 5), "Die geänderte Geschäftsordnung wird beschlossen."
    )


def _adopt(client, body, **fields):
    data = {f"rules-{name}": value for name, value in fields.items()}
    return client.post(reverse("steering:rules_adopt", args=[body.pk]), data)


def _body_page(client, body):
    return client.get(reverse("steering:body_detail", args=[body.pk]))


def _valid(decision, **overrides):
    fields = {
        "text": "§ 1 Neu.\n§ 2 Zwei Drittel.",
        "quorum_rule": QuorumRule.MORE_THAN_HALF,
        "majority_rule": MajorityRule.TWO_THIRDS_OF_VOTES_CAST,
        "adopted_by": decision.pk,
        "valid_from": "2026-05-06",
    }
    fields.update(overrides)
    return fields


# --- Reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "chair", "office"])
def test_every_reader_of_the_body_sees_the_rules_in_force_with_their_text(
    client, group, first_rules, persona, request
):
    client.force_login(request.getfixturevalue(persona))

    page = _text(_body_page(client, group[0]))

    assert 'id="rules-heading"' in page
    assert "Mehr als die Hälfte der stimmberechtigten Mitglieder anwesend" in page
    assert "Einfache Mehrheit der abgegebenen Stimmen" in page
    assert "10.03.2026" in page
    # The text as written, line break included, in an element that keeps line breaks.
    assert f'steering-text steering-rules-text">{FIRST_TEXT}</div>' in page


def test_the_adopting_decision_links_to_its_agenda_item(client, group, member, first_rules):
    client.force_login(member)
    item = first_rules.adopted_by.agenda_item
    url = reverse("steering:meeting_detail", args=[item.meeting_id]) + f"#item-{item.pk}"

    page = _text(_body_page(client, group[0]))

    assert f'href="{url}"' in page
    assert f"{item.meeting.name}, 10.03.2026, TOP 1" in page


def test_earlier_versions_are_listed_with_the_days_they_applied(
    client, group, office, member, second_decision
):
    rules_of_procedure_adopt(
        by=office,
        body=group[0],
        text="Zweite Fassung",
        adopted_by=second_decision,
        quorum_rule=QuorumRule.FIXED_NUMBER,
        quorum_fixed_number=3,
        majority_rule=MajorityRule.TWO_THIRDS_OF_VOTES_CAST,
        valid_from=date(2026, 5, 6),
    )
    client.force_login(member)

    page = _text(_body_page(client, group[0]))

    in_force, earlier = page.split("Frühere Fassung (1)")
    assert "Zweite Fassung" in in_force
    assert "(mindestens 3)" in in_force
    assert "Zwei-Drittel-Mehrheit der abgegebenen Stimmen" in in_force
    assert "gültig vom 10.03.2026 bis 05.05.2026" in earlier
    assert FIRST_TEXT in earlier


def test_a_version_adopted_for_a_later_day_is_announced_but_not_yet_in_force(
    client, group, office, member, second_decision
):
    rules_of_procedure_adopt(
        by=office,
        body=group[0],
        text="Künftige Fassung",
        adopted_by=second_decision,
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.MAJORITY_OF_PRESENT,
        valid_from=date(2027, 1, 1),
    )
    client.force_login(member)

    page = _text(_body_page(client, group[0]))

    assert "Fassung 2 ist beschlossen und gilt ab 01.01.2027." in page
    assert f'steering-rules-text">{FIRST_TEXT}</div>' in page
    assert "Frühere Fassung" not in page


def test_a_body_without_rules_shows_the_default_rules(client, group, member):
    client.force_login(member)

    page = _text(_body_page(client, group[0]))

    assert "Das Gremium hat noch keine Geschäftsordnung beschlossen." in page
    assert "Mehr als die Hälfte der stimmberechtigten Mitglieder anwesend" in page


def test_a_working_group_without_rules_of_its_own_shows_the_steering_groups(
    client, group, office, first_rules
):
    working_group = WorkingGroupFactory(parent=group[0])
    client.force_login(office)

    page = _text(_body_page(client, working_group))

    assert "Es gilt die Geschäftsordnung der Lenkungsgruppe:" in page
    assert FIRST_TEXT in page


def test_the_text_is_shown_as_text_never_as_markup(client, group, office, member):
    body, seats = group
    rules_of_procedure_adopt(
        by=office,
        body=body,
        text='<script>alert("GO")</script>\n<b>fett</b>',
        adopted_by=_adopting_decision(office, body, seats, date(2026, 3, 10)),
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
    )
    client.force_login(member)

    page = _text(_body_page(client, body))

    assert "<script>alert" not in page
    assert "<b>fett</b>" not in page
    assert "&lt;script&gt;alert(&quot;GO&quot;)&lt;/script&gt;\n&lt;b&gt;fett&lt;/b&gt;" in page


def test_only_the_coordinator_gets_the_form(client, group, office, member, second_decision):
    client.force_login(member)
    assert 'name="rules-text"' not in _text(_body_page(client, group[0]))

    client.force_login(office)
    page = _text(_body_page(client, group[0]))
    assert f'action="{reverse("steering:rules_adopt", args=[group[0].pk])}"' in page
    # The body's adopted decisions, newest first; the current text is the starting point.
    assert page.index("05.05.2026 TOP 1") < page.index("10.03.2026 TOP 1")
    assert FIRST_TEXT in page.split('name="rules-text"')[1]


# --- Recording a version --------------------------------------------------------------------


def test_the_coordinator_records_a_new_version(client, group, office, second_decision):
    client.force_login(office)

    response = _adopt(client, group[0], **_valid(second_decision))

    assert response.status_code == 302
    assert response.url.endswith("#rules-heading")
    rules = RulesOfProcedure.objects.get(body=group[0], version=2)
    assert (rules.text, rules.adopted_by, rules.valid_from, rules.majority_rule) == (
        "§ 1 Neu.\n§ 2 Zwei Drittel.",
        second_decision,
        date(2026, 5, 6),
        MajorityRule.TWO_THIRDS_OF_VOTES_CAST,
    )
    event = AuditEvent.objects.get(action="rules_of_procedure.adopt", object_id=str(rules.pk))
    assert event.details["decision_id"] == second_decision.pk


def test_valid_from_left_empty_is_the_day_of_the_decision(client, group, office, second_decision):
    client.force_login(office)

    _adopt(client, group[0], **_valid(second_decision, valid_from=""))

    assert RulesOfProcedure.objects.get(body=group[0], version=2).valid_from == date(2026, 5, 5)


@pytest.mark.parametrize("persona", ["member", "chair"])
def test_members_and_the_chair_cannot_record_a_version(
    client, group, second_decision, persona, request
):
    client.force_login(request.getfixturevalue(persona))

    response = _adopt(client, group[0], **_valid(second_decision))

    assert response.status_code == 403
    assert not RulesOfProcedure.objects.filter(version=2).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, group, second_decision):
    response = _adopt(client, group[0], **_valid(second_decision))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not RulesOfProcedure.objects.filter(version=2).exists()


def test_a_steering_member_without_a_seat_neither_reads_nor_records_the_rules(
    client, group, second_decision
):
    client.force_login(steering_member())

    read = _body_page(client, group[0])
    recorded = _adopt(client, group[0], **_valid(second_decision))

    assert (read.status_code, recorded.status_code) == (404, 403)
    assert not RulesOfProcedure.objects.filter(version=2).exists()


def _refused(response, field: str, message: str, *typed: str) -> None:
    assert response.status_code == 400
    page = _text(response)
    assert message in page
    assert f'id="id_rules-{field}"' in page
    for value in typed:
        assert value in page
    # The disclosure is open so the coordinator sees the errors at once.
    assert 'steering-disclosure" open' in page
    assert not RulesOfProcedure.objects.filter(version=2).exists()


def test_a_version_without_a_decision_is_refused_with_everything_kept(
    client, group, office, second_decision
):
    client.force_login(office)

    response = _adopt(
        client, group[0], **_valid(second_decision, adopted_by="", text="Entwurf ohne Beschluss")
    )

    _refused(
        response,
        "adopted_by",
        "Bitte einen angenommenen Beschluss des Gremiums wählen.",
        "Entwurf ohne Beschluss",
        'value="2026-05-06"',
    )


def test_a_rejected_decision_cannot_adopt_a_version(client, group, office, first_rules):
    body, seats = group
    _meeting, item = _meeting_on(body, seats, date(2026, 5, 5))
    rejected = decision_record(
        by=office,
        agenda_item=item,
        resolution="Die Änderung wird abgelehnt.",
        outcome=DecisionOutcome.REJECTED,
        votes_for=1,
        votes_against=4,
        votes_abstain=0,
    )
    client.force_login(office)

    response = _adopt(client, body, **_valid(rejected, text="Abgelehnter Entwurf"))

    assert f'value="{rejected.pk}"' not in _text(response).split('name="rules-adopted_by"')[1]
    _refused(
        response,
        "adopted_by",
        "Bitte einen angenommenen Beschluss des Gremiums wählen.",
        "Abgelehnter Entwurf",
    )


def test_a_decision_of_another_body_cannot_adopt_a_version(client, group, office, first_rules):
    other = WorkingGroupFactory(parent=group[0])
    foreign = Decision.objects.create(
        agenda_item=AgendaItemFactory(meeting__body=other),
        resolution="Die AG gibt sich eine Geschäftsordnung.",
        outcome=DecisionOutcome.ADOPTED,
        unanimous=True,
        votes_for=3,
        votes_against=0,
        votes_abstain=0,
    )
    client.force_login(office)

    response = _adopt(client, group[0], **_valid(foreign))

    _refused(response, "adopted_by", "Bitte einen angenommenen Beschluss des Gremiums wählen.")


def test_a_version_cannot_apply_before_the_version_in_force(client, group, office, second_decision):
    body, seats = group
    rules_of_procedure_adopt(
        by=office,
        body=body,
        text="Fassung 2",
        adopted_by=second_decision,
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
        valid_from=date(2026, 6, 1),
    )
    third = _adopting_decision(office, body, seats, date(2026, 5, 20))
    client.force_login(office)

    response = _adopt(client, body, **_valid(third, valid_from="2026-05-25", text="Dazwischen"))

    assert response.status_code == 400
    page = _text(response)
    assert "Die neueste Fassung 2 gilt ab dem 01.06.2026" in page
    assert "Dazwischen" in page
    assert 'value="2026-05-25"' in page
    assert not RulesOfProcedure.objects.filter(version=3).exists()


def test_a_version_cannot_apply_before_the_day_of_its_decision(
    client, group, office, second_decision
):
    client.force_login(office)

    response = _adopt(
        client,
        group[0],
        **_valid(second_decision, valid_from="2026-03-01", text="Rückwirkend"),
    )

    _refused(
        response,
        "valid_from",
        "kann frühestens ab dem Tag des Beschlusses (05.05.2026) gelten.",
        "Rückwirkend",
        'value="2026-03-01"',
    )


def test_a_version_cannot_apply_before_the_newest_version(client, group, office, second_decision):
    rules_of_procedure_adopt(
        by=office,
        body=group[0],
        text="Fassung 2",
        adopted_by=second_decision,
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
        valid_from=date(2026, 7, 1),
    )
    client.force_login(office)

    response = _adopt(client, group[0], **_valid(second_decision, valid_from="2026-06-01"))

    assert response.status_code == 400
    assert "Die neueste Fassung 2 gilt ab dem 01.07.2026" in _text(response)
    assert not RulesOfProcedure.objects.filter(version=3).exists()


def test_an_empty_text_is_refused(client, group, office, second_decision):
    client.force_login(office)

    response = _adopt(client, group[0], **_valid(second_decision, text="   "))

    _refused(response, "text", "Dieses Feld ist zwingend erforderlich.", 'value="2026-05-06"')


def test_a_fixed_quorum_needs_its_number(client, group, office, second_decision):
    client.force_login(office)

    response = _adopt(
        client,
        group[0],
        **_valid(second_decision, quorum_rule=QuorumRule.FIXED_NUMBER, text="Feste Zahl"),
    )

    _refused(
        response,
        "quorum_fixed_number",
        "Bitte die Mindestzahl anwesender Stimmberechtigter angeben.",
        "Feste Zahl",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quorum_rule", "everyone"),
        ("majority_rule", "loudest"),
        ("valid_from", "gestern"),
        ("quorum_fixed_number", "-3"),
        ("adopted_by", "99999999999999999999999"),
    ],
)
def test_hostile_values_come_back_on_the_form(client, group, office, second_decision, field, value):
    client.force_login(office)

    response = _adopt(client, group[0], **_valid(second_decision, **{field: value}))

    assert response.status_code == 400
    assert not RulesOfProcedure.objects.filter(version=2).exists()


def test_the_service_refuses_a_version_without_a_decision(group, office):
    with pytest.raises(ValidationError) as refused:
        rules_of_procedure_adopt(
            by=office,
            body=group[0],
            text="Text",
            adopted_by=None,
            quorum_rule=QuorumRule.MORE_THAN_HALF,
            majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
        )
    assert refused.value.error_dict["adopted_by"][0].code == "required"


# --- The new rules apply to later decisions -------------------------------------------------


def test_a_decision_recorded_after_the_change_is_checked_against_the_new_majority_rule(
    client, group, office, second_decision
):
    body, seats = group
    client.force_login(office)
    assert _adopt(client, body, **_valid(second_decision)).status_code == 302
    meeting, item = _meeting_on(body, seats, date(2026, 6, 2))
    assert rules_in_force(body=body, on=meeting.local_date).version == 2

    # 3 of 5 votes: a simple majority, but not two thirds.
    three_to_two = {"votes_for": 3, "votes_against": 2, "votes_abstain": 0}
    url = reverse("steering:decision_add", args=[meeting.pk, item.pk])
    prefix = f"item{item.pk}-decision"
    adopted = client.post(
        url,
        {
            f"{prefix}-resolution": "Die AG Wohnen wird eingerichtet.",
            f"{prefix}-outcome": DecisionOutcome.ADOPTED,
            **{f"{prefix}-{name}": value for name, value in three_to_two.items()},
        },
    )
    assert adopted.status_code == 400
    assert "Nach der Mehrheitsregel ist der Antrag abgelehnt." in _text(adopted)

    rejected = decision_record(
        by=office,
        agenda_item=item,
        resolution="Die AG Wohnen wird eingerichtet.",
        outcome=DecisionOutcome.REJECTED,
        **three_to_two,
    )
    assert rejected.pk


def test_a_meeting_before_the_change_keeps_the_old_majority_rule(
    client, group, office, second_decision
):
    body, seats = group
    _meeting, item = _meeting_on(body, seats, date(2026, 5, 5))
    client.force_login(office)
    assert _adopt(client, body, **_valid(second_decision)).status_code == 302

    decision = decision_record(
        by=office,
        agenda_item=item,
        resolution="Die AG Wohnen wird eingerichtet.",
        outcome=DecisionOutcome.ADOPTED,
        votes_for=3,
        votes_against=2,
        votes_abstain=0,
    )

    assert decision.outcome == DecisionOutcome.ADOPTED


# --- Cost ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "office"])
def test_the_body_page_costs_the_same_queries_for_more_versions(
    client, group, office, first_rules, persona, request
):
    body, seats = group

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = _body_page(client, body)
        assert response.status_code == 200
        return len(captured)

    client.force_login(request.getfixturevalue(persona))
    few = queries()
    for month in (4, 5, 6):
        decision = _adopting_decision(office, body, seats, date(2026, month, 2))
        rules_of_procedure_adopt(
            by=office,
            body=body,
            text=f"Fassung vom {month}. Monat",
            adopted_by=decision,
            quorum_rule=QuorumRule.MORE_THAN_HALF,
            majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
        )
    rules_of_procedure_adopt(
        by=office,
        body=body,
        text="Künftige Fassung",
        adopted_by=decision,
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
        valid_from=date(2027, 1, 1),
    )

    assert RulesOfProcedure.objects.filter(body=body).count() == 5
    assert queries() == few
