"""factory_boy factories for case management. Client-data models have a closed ``objects``
manager, so these factories write through the private ``_unscoped`` manager (allowed in
tests/cases only). Names are fictional."""

from datetime import timedelta

import factory
from django.utils import timezone

from cases.choices import ConsentForm, IntakeDecision, Phase
from cases.models import Case, Client, Consent
from kim_portal.models import Municipality, Role
from tests.factories import OrganisationFactory, UserFactory


class ClientDataFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        return model_class._unscoped


def case_manager(organisation=None, **kwargs):
    organisation = organisation or OrganisationFactory()
    return UserFactory(roles=[Role.CASE_MANAGER], organisation=organisation, **kwargs)


def team_lead(organisation, **kwargs):
    return UserFactory(roles=[Role.CASE_TEAM_LEAD], organisation=organisation, **kwargs)


class ClientFactory(ClientDataFactory):
    class Meta:
        model = Client

    case_number = factory.Sequence(lambda n: f"KIM-2026-T{n:04d}")
    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    birth_year = 1990
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(name="Iserlohn"))
    created_by = factory.LazyFunction(case_manager)


class CaseFactory(ClientDataFactory):
    """An open case in intake; ``phase=`` gives any other open phase (no history rows)."""

    class Meta:
        model = Case

    client = factory.SubFactory(ClientFactory)
    case_manager = factory.LazyFunction(case_manager)
    organisation = factory.LazyAttribute(lambda o: o.case_manager.organisation)
    phase = Phase.INTAKE
    opened_on = factory.LazyFunction(timezone.localdate)
    in_district_up_to_3_years = True
    no_other_case_management = True
    complex_needs = True

    class Params:
        taken_on = factory.Trait(
            intake_decision=IntakeDecision.TAKEN_ON,
            intake_decision_reason="Kriterien erfüllt",
            intake_decided_on=factory.LazyFunction(timezone.localdate),
        )


class ConsentFactory(ClientDataFactory):
    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    form = ConsentForm.WRITTEN
    covers_case_management = True
    partners = factory.LazyFunction(list)
    recorded_by = factory.LazyAttribute(lambda o: o.case.case_manager)
