"""Consent per partner gates referrals; a withdrawn consent stops them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.choices import Partner, ReferralStatus
from cases.selectors import consent_valid_for
from cases.services import (
    ConsentRequiredError,
    consent_record,
    consent_withdraw,
    referral_create,
    referral_set_status,
)
from offers.models import Offer
from tests.cases.factories import CaseFactory, ConsentFactory, case_manager
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return case_manager()


@pytest.fixture
def case(manager):
    return CaseFactory(case_manager=manager)


def test_consent_covers_only_the_named_partners(case):
    ConsentFactory(case=case, partners=[Partner.JOBCENTER])

    assert consent_valid_for(case=case, partner=Partner.JOBCENTER)
    assert not consent_valid_for(case=case, partner=Partner.FOREIGNERS_AUTHORITY)


def test_consent_is_not_valid_before_it_was_given(case):
    consent = ConsentFactory(case=case, partners=[Partner.JOBCENTER])

    assert not consent_valid_for(
        case=case, partner=Partner.JOBCENTER, on=consent.given_on - timedelta(days=1)
    )


def test_withdrawn_consent_is_valid_until_the_day_before_withdrawal(case, manager):
    consent = ConsentFactory(case=case, partners=[Partner.JOBCENTER])
    today = timezone.localdate()

    consent_withdraw(consent=consent, by=manager, withdrawn_on=today)

    assert consent_valid_for(case=case, partner="jobcenter", on=today - timedelta(days=1))
    assert not consent_valid_for(case=case, partner="jobcenter", on=today)


def test_consent_to_case_management_is_checked_with_partner_none(case):
    ConsentFactory(case=case, covers_case_management=False, partners=[Partner.MBE])

    assert not consent_valid_for(case=case, partner=None)


def test_a_consent_covering_nothing_is_refused(case, manager):
    with pytest.raises(ValidationError) as error:
        consent_record(
            case=case,
            by=manager,
            given_on=timezone.localdate(),
            form="oral",
            covers_case_management=False,
        )

    assert error.value.error_dict["partners"][0].code == "empty_scope"


def test_referral_to_a_partner_without_consent_is_refused_with_the_reason(case, manager):
    with pytest.raises(ConsentRequiredError) as error:
        referral_create(
            case=case, by=manager, external_service="Jobcenter Iserlohn", partner="jobcenter"
        )

    assert error.value.partner == "jobcenter"
    assert "Jobcenter" in error.value.messages[0]


def test_referral_to_a_partner_with_consent_is_proposed(case, manager):
    ConsentFactory(case=case, partners=[Partner.COURSE_PROVIDER])
    offer = OfferFactory(title="Integrationskurs VHS")

    referral = referral_create(case=case, by=manager, offer=offer, partner="course_provider")

    assert referral.status == ReferralStatus.PROPOSED


def test_referral_without_data_exchange_needs_no_consent(case, manager):
    referral = referral_create(case=case, by=manager, external_service="Sprachcafé Hemer")

    assert referral.partner == ""


def test_referral_to_an_archived_offer_is_refused(case, manager):
    offer = OfferFactory(status=Offer.Status.ARCHIVED)

    with pytest.raises(ValidationError) as error:
        referral_create(case=case, by=manager, offer=offer)

    assert error.value.error_dict["offer"][0].code == "offer_not_published"


def test_referral_needs_an_offer_or_an_external_service(case, manager):
    with pytest.raises(ValidationError):
        referral_create(case=case, by=manager)


def test_referral_moves_along_its_allowed_steps(case, manager):
    referral = referral_create(case=case, by=manager, external_service="Wohnberatung")

    for status in ("contacted", "waiting", "started", "completed"):
        referral_set_status(referral=referral, status=status, by=manager)

    assert referral.status == ReferralStatus.COMPLETED


def test_referral_cannot_skip_steps(case, manager):
    referral = referral_create(case=case, by=manager, external_service="Wohnberatung")

    with pytest.raises(ValidationError) as error:
        referral_set_status(referral=referral, status="started", by=manager)

    assert error.value.error_dict["status"][0].code == "transition_not_allowed"


def test_withdrawn_consent_stops_the_referral_but_it_can_be_dropped(case, manager):
    consent = ConsentFactory(case=case, partners=[Partner.JOBCENTER])
    referral = referral_create(
        case=case, by=manager, external_service="Jobcenter Iserlohn", partner="jobcenter"
    )
    consent_withdraw(consent=consent, by=manager)

    with pytest.raises(ConsentRequiredError):
        referral_set_status(referral=referral, status="contacted", by=manager)
    referral_set_status(referral=referral, status="dropped", by=manager)

    assert referral.status == ReferralStatus.DROPPED
