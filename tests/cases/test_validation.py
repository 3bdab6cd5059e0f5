"""Bad input is refused by the services with a localised ValidationError."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases.choices import LifeDomain, NeedLevel
from cases.models import NOTE_MAX_LENGTH
from cases.selectors import assessment_domain_history
from cases.services import (
    DomainAssessment,
    assessment_record,
    client_create,
    contact_log,
    goal_agree,
)
from kim_portal.models import Municipality
from tests.cases.factories import CaseFactory, case_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return case_manager()


def _client(manager, **overrides):
    data = {
        "by": manager,
        "first_name": "Zerafina",
        "last_name": "Quendolin",
        "birth_year": 1990,
        "municipality": Municipality.objects.get(name="Werdohl"),
    }
    return client_create(**(data | overrides))


def _error_codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


def test_birth_date_in_the_future_is_refused(manager):
    with pytest.raises(ValidationError) as error:
        _client(manager, birth_year=None, date_of_birth=timezone.localdate() + timedelta(days=1))

    assert _error_codes(error.value, "date_of_birth") == ["future_birth"]


def test_message_is_german_by_default_and_translatable(manager):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        _client(manager, birth_year=None, date_of_birth=timezone.localdate() + timedelta(days=1))

    assert error.value.message_dict["date_of_birth"] == [
        "Das Geburtsdatum darf nicht in der Zukunft liegen."
    ]


def test_permit_ending_before_it_starts_is_refused(manager):
    with pytest.raises(ValidationError) as error:
        _client(
            manager,
            residence_status="temporary_protection",
            residence_permit_valid_from=date(2025, 3, 1),
            residence_permit_valid_until=date(2025, 2, 28),
        )

    assert _error_codes(error.value, "residence_permit_valid_until") == ["permit_end_before_start"]


def test_arrival_in_the_district_before_arrival_in_germany_is_refused(manager):
    with pytest.raises(ValidationError) as error:
        _client(
            manager,
            arrived_in_germany_on=date(2024, 5, 1),
            arrived_in_district_on=date(2024, 4, 1),
        )

    assert _error_codes(error.value, "arrived_in_district_on") == ["district_before_germany"]


def test_residence_permit_needs_its_section(manager):
    with pytest.raises(ValidationError) as error:
        _client(manager, residence_status="residence_permit")

    assert "residence_status_detail" in error.value.error_dict


def test_a_birth_date_or_an_estimated_year_is_required(manager):
    with pytest.raises(ValidationError) as error:
        _client(manager, birth_year=None)

    assert _error_codes(error.value, "date_of_birth") == ["birth_required"]


def test_invalid_language_codes_are_refused(manager):
    with pytest.raises(ValidationError) as error:
        _client(manager, languages=["arabic"])

    assert "languages" in error.value.error_dict


def test_a_valid_client_gets_the_birth_year_from_the_date(manager):
    client = _client(manager, birth_year=None, date_of_birth=date(1987, 6, 2), languages=["AR"])

    assert (client.birth_year, client.birth_year_group, client.languages) == (1987, 1985, ["ar"])


def _log(case, manager, note):
    return contact_log(
        case=case,
        by=manager,
        occurred_at=timezone.now(),
        duration_minutes=45,
        mode="home_visit",
        note=note,
    )


def test_contact_note_of_20000_characters_is_accepted(manager):
    case = CaseFactory(case_manager=manager)

    entry = _log(case, manager, "x" * NOTE_MAX_LENGTH)

    assert len(entry.note) == 20000


def test_contact_note_of_20001_characters_is_refused(manager):
    case = CaseFactory(case_manager=manager)

    with pytest.raises(ValidationError) as error:
        _log(case, manager, "x" * (NOTE_MAX_LENGTH + 1))

    assert _error_codes(error.value, "note") == ["max_length"]


def test_goal_target_before_agreement_is_refused(manager):
    case = CaseFactory(case_manager=manager)

    with pytest.raises(ValidationError) as error:
        goal_agree(
            case=case,
            by=manager,
            domain=LifeDomain.LANGUAGE,
            text="B1-Zertifikat",
            agreed_on=date(2026, 3, 1),
            target_date=date(2026, 2, 1),
        )

    assert "target_date" in error.value.error_dict


def test_client_priority_outside_1_to_5_is_refused(manager):
    case = CaseFactory(case_manager=manager)

    with pytest.raises(ValidationError):
        assessment_record(
            case=case,
            by=manager,
            assessed_on=timezone.localdate(),
            entries=[DomainAssessment(domain="housing", need_level="high", client_priority=6)],
        )


def test_repeated_assessments_show_the_change_per_domain(manager):
    case = CaseFactory(case_manager=manager)
    for day, level in ((date(2026, 2, 1), NeedLevel.HIGH), (date(2026, 8, 1), NeedLevel.LOW)):
        assessment_record(
            case=case,
            by=manager,
            assessed_on=day,
            entries=[
                DomainAssessment(domain=LifeDomain.HOUSING, need_level=level, client_priority=1)
            ],
        )

    history = assessment_domain_history(user=manager, case=case)

    assert list(history) == ["housing"]
    assert [(p.assessed_on, p.need_level) for p in history["housing"]] == [
        (date(2026, 2, 1), "high"),
        (date(2026, 8, 1), "low"),
    ]
