"""Decisions are checked against attendance and the rules of procedure: no more votes than
voting members present, quorum for adopted or rejected, the outcome the majority rule
gives, and what "unanimous" means."""

import pytest
from django.core.exceptions import ValidationError

from steering.choices import AttendanceStatus, DecisionOutcome, MajorityRule, QuorumRule
from steering.models import Decision, RulesOfProcedure
from steering.selectors import meeting_quorum, rules_in_force
from steering.services import attendance_set, decision_record, decision_update

from .factories import (
    CONSTITUTED,
    DecisionFactory,
    WorkingGroupFactory,
    coordinator,
    meeting_with_minutes,
)

pytestmark = pytest.mark.django_db


def record(item, **kwargs):
    kwargs.setdefault("resolution", "Die AG Wohnen wird eingerichtet.")
    return decision_record(by=coordinator(), agenda_item=item, **kwargs)


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def adopt_rules(body, **kwargs):
    return RulesOfProcedure.objects.create(
        body=body,
        version=1,
        text="Geschäftsordnung",
        valid_from=CONSTITUTED,
        adopted_by=DecisionFactory(),
        **kwargs,
    )


def test_votes_within_present_voting_members_are_recorded():
    _meeting, item, _seats = meeting_with_minutes(present=4, voting=5)

    decision = record(
        item, outcome=DecisionOutcome.ADOPTED, votes_for=3, votes_against=0, votes_abstain=1
    )

    assert decision.quorum_met is True


def test_more_votes_than_present_voting_members_are_refused():
    _meeting, item, _seats = meeting_with_minutes(present=4, voting=5)

    with pytest.raises(ValidationError) as error:
        record(item, outcome=DecisionOutcome.ADOPTED, votes_for=4, votes_against=1, votes_abstain=0)

    assert codes(error.value) == {"more_votes_than_present"}


def test_the_non_voting_secretariat_does_not_count_as_present_voter():
    meeting, _item, _seats = meeting_with_minutes(present=3, voting=5)

    quorum = meeting_quorum(meeting=meeting)

    assert (quorum.voting_members, quorum.present_voting, quorum.required) == (5, 3, 3)


def test_without_quorum_an_item_cannot_be_adopted():
    _meeting, item, _seats = meeting_with_minutes(present=2, voting=5)

    with pytest.raises(ValidationError) as error:
        record(item, outcome=DecisionOutcome.ADOPTED, votes_for=2, votes_against=0, votes_abstain=0)

    assert codes(error.value) == {"quorum_not_met"}


def test_without_quorum_an_item_cannot_be_rejected_either():
    _meeting, item, _seats = meeting_with_minutes(present=2, voting=5)

    with pytest.raises(ValidationError) as error:
        record(
            item, outcome=DecisionOutcome.REJECTED, votes_for=0, votes_against=2, votes_abstain=0
        )

    assert codes(error.value) == {"quorum_not_met"}


def test_without_quorum_an_item_can_be_deferred():
    _meeting, item, _seats = meeting_with_minutes(present=2, voting=5)

    decision = record(item, outcome=DecisionOutcome.DEFERRED)

    assert (decision.outcome, decision.quorum_met) == (DecisionOutcome.DEFERRED, False)


def test_a_deferred_item_has_no_vote():
    _meeting, item, _seats = meeting_with_minutes()

    with pytest.raises(ValidationError) as error:
        record(
            item, outcome=DecisionOutcome.DEFERRED, votes_for=3, votes_against=0, votes_abstain=0
        )

    assert codes(error.value) == {"deferred_with_vote"}


def test_simple_majority_of_votes_cast_ignores_abstentions():
    _meeting, item, _seats = meeting_with_minutes(present=5)

    decision = record(
        item, outcome=DecisionOutcome.ADOPTED, votes_for=2, votes_against=1, votes_abstain=2
    )

    assert decision.outcome == DecisionOutcome.ADOPTED


def test_a_tie_rejects_the_motion():
    _meeting, item, _seats = meeting_with_minutes(present=5)

    with pytest.raises(ValidationError) as error:
        record(item, outcome=DecisionOutcome.ADOPTED, votes_for=2, votes_against=2, votes_abstain=1)

    assert codes(error.value) == {"outcome_contradicts_majority"}


def test_rejected_outcome_must_agree_with_the_majority_rule():
    _meeting, item, _seats = meeting_with_minutes(present=5)

    with pytest.raises(ValidationError) as error:
        record(
            item, outcome=DecisionOutcome.REJECTED, votes_for=3, votes_against=1, votes_abstain=1
        )

    assert codes(error.value) == {"outcome_contradicts_majority"}


def test_majority_of_present_members_counts_abstentions_against():
    meeting, item, _seats = meeting_with_minutes(present=5)
    adopt_rules(meeting.body, majority_rule=MajorityRule.MAJORITY_OF_PRESENT)

    decision = record(
        item, outcome=DecisionOutcome.REJECTED, votes_for=2, votes_against=1, votes_abstain=2
    )

    assert decision.outcome == DecisionOutcome.REJECTED


def test_two_thirds_rule_of_the_rules_of_procedure_applies():
    meeting, item, _seats = meeting_with_minutes(present=5)
    adopt_rules(meeting.body, majority_rule=MajorityRule.TWO_THIRDS_OF_VOTES_CAST)

    with pytest.raises(ValidationError) as error:
        record(item, outcome=DecisionOutcome.ADOPTED, votes_for=3, votes_against=2, votes_abstain=0)

    assert codes(error.value) == {"outcome_contradicts_majority"}


def test_a_decision_may_require_two_thirds_of_its_own():
    _meeting, item, _seats = meeting_with_minutes(present=5)

    decision = record(
        item,
        outcome=DecisionOutcome.ADOPTED,
        votes_for=4,
        votes_against=1,
        votes_abstain=0,
        majority_rule=MajorityRule.TWO_THIRDS_OF_VOTES_CAST,
    )

    assert decision.majority_rule == MajorityRule.TWO_THIRDS_OF_VOTES_CAST


def test_fixed_quorum_counts_present_voting_members():
    meeting, item, _seats = meeting_with_minutes(present=3, voting=7)
    adopt_rules(meeting.body, quorum_rule=QuorumRule.FIXED_NUMBER, quorum_fixed_number=3)

    decision = record(
        item, outcome=DecisionOutcome.ADOPTED, votes_for=3, votes_against=0, votes_abstain=0
    )

    assert decision.quorum_met is True


def test_unanimous_without_counts_counts_every_present_voting_member_for():
    _meeting, item, _seats = meeting_with_minutes(present=4, voting=5)

    decision = record(item, outcome=DecisionOutcome.ADOPTED, unanimous=True)

    assert (decision.votes_for, decision.votes_against, decision.votes_abstain) == (4, 0, 0)


def test_unanimous_allows_abstentions():
    _meeting, item, _seats = meeting_with_minutes(present=5)

    decision = record(
        item,
        outcome=DecisionOutcome.ADOPTED,
        unanimous=True,
        votes_for=3,
        votes_against=0,
        votes_abstain=2,
    )

    assert decision.unanimous is True


def test_unanimous_with_a_vote_against_is_refused():
    _meeting, item, _seats = meeting_with_minutes(present=5)

    with pytest.raises(ValidationError) as error:
        record(
            item,
            outcome=DecisionOutcome.ADOPTED,
            unanimous=True,
            votes_for=4,
            votes_against=1,
            votes_abstain=0,
        )

    assert codes(error.value) == {"unanimous_with_against"}


def test_attendance_change_that_breaks_a_recorded_vote_is_refused():
    meeting, item, seats = meeting_with_minutes(present=5)
    record(item, outcome=DecisionOutcome.ADOPTED, votes_for=5, votes_against=0, votes_abstain=0)

    with pytest.raises(ValidationError) as error:
        attendance_set(
            by=coordinator(), meeting=meeting, membership=seats[0], status=AttendanceStatus.EXCUSED
        )

    assert error.value.messages[0].startswith("TOP 1:")


def test_decision_update_is_validated_as_a_whole():
    _meeting, item, _seats = meeting_with_minutes(present=5)
    decision = record(
        item, outcome=DecisionOutcome.ADOPTED, votes_for=3, votes_against=1, votes_abstain=1
    )

    with pytest.raises(ValidationError):
        decision_update(by=coordinator(), decision=decision, votes_against=3)

    assert Decision.objects.get(pk=decision.pk).votes_against == 1


def test_working_group_without_rules_follows_the_steering_group():
    group = WorkingGroupFactory()
    rules = adopt_rules(group.parent, majority_rule=MajorityRule.TWO_THIRDS_OF_VOTES_CAST)

    assert rules_in_force(body=group, on=CONSTITUTED) == rules


def test_without_any_rules_the_defaults_apply():
    group = WorkingGroupFactory()

    rules = rules_in_force(body=group, on=CONSTITUTED)

    assert (rules.pk, rules.quorum_rule, rules.majority_rule) == (
        None,
        QuorumRule.MORE_THAN_HALF,
        MajorityRule.SIMPLE_OF_VOTES_CAST,
    )
