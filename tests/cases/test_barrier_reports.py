"""Barrier reports are anonymous: no link to the case, and names in the text are caught."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import BarrierReport
from cases.services import barrier_report_create, household_member_add
from tests.cases.factories import CaseFactory, ClientFactory, case_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return case_manager()


@pytest.fixture
def case(manager):
    return CaseFactory(
        case_manager=manager, client=ClientFactory(first_name="Zerafina", last_name="Quendolin")
    )


def test_report_keeps_domain_town_and_month_only(case, manager):
    report = barrier_report_create(
        case=case, by=manager, domain="residence", text="Termine bei der ABH dauern 4 Monate."
    )

    assert report.month.day == 1
    assert report.municipality == case.client.municipality
    assert report.organisation == manager.organisation
    field_names = {f.name for f in BarrierReport._meta.get_fields()}
    assert field_names == {"id", "domain", "municipality", "month", "text", "organisation"}


@pytest.mark.parametrize("text", ["Frau quendolin wartet", "Zerafina wartet seit Mai"])
def test_text_naming_the_client_is_refused_unless_confirmed(case, manager, text):
    with pytest.raises(ValidationError) as error:
        barrier_report_create(case=case, by=manager, domain="residence", text=text)

    assert error.value.error_dict["text"][0].code == "contains_client_name"
    assert barrier_report_create(
        case=case, by=manager, domain="residence", text=text, confirmed=True
    )


def test_text_naming_a_household_member_is_refused(case, manager):
    household_member_add(client=case.client, by=manager, relation="child", first_name="Oriwenka")

    with pytest.raises(ValidationError):
        barrier_report_create(case=case, by=manager, domain="education", text="Oriwenka ohne Kita")
