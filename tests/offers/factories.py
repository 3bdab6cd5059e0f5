"""factory_boy factories for the offer catalogue."""

import factory
from django.utils import timezone

from kim_portal.models import Municipality
from offers.models import (
    Category,
    Contact,
    Location,
    Offer,
    OfferLocation,
    OfferTranslation,
    Schedule,
    TargetGroup,
)
from tests.factories import OrganisationFactory


def municipality(name: str = "Iserlohn") -> Municipality:
    return Municipality.objects.get(name=name)


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


def target_group(slug: str) -> TargetGroup:
    return TargetGroup.objects.get(slug=slug)


class OfferFactory(factory.django.DjangoModelFactory):
    """A published offer of a test organisation. ``categories=["sprache"]``,
    ``target_groups=["frauen"]`` and ``towns=["Iserlohn"]`` (one location per town) may be
    given."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Angebot {n}")
    summary = "Ein Angebot für neu Zugewanderte."
    description = "<p>Beschreibung des Angebots.</p>"
    languages = factory.LazyFunction(lambda: ["de"])
    status = Offer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    last_reviewed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.add(*(category(slug) for slug in extracted))

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.add(*(target_group(slug) for slug in extracted))

    @factory.post_generation
    def towns(self, create, extracted, **kwargs):
        if create and extracted:
            for town in extracted:
                location = LocationFactory(
                    organisation=self.organisation, municipality=municipality(town)
                )
                OfferLocation.objects.create(offer=self, location=location)


class OfferTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferTranslation

    offer = factory.SubFactory(OfferFactory)
    language = "en"
    title = factory.LazyAttribute(lambda o: f"{o.offer.title} (translated)")
    summary = "An offer for newcomers."
    source_revision = factory.LazyAttribute(lambda o: o.offer.source_revision)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")
    street = "Hauptstraße 1"
    postal_code = "58636"
    municipality = factory.LazyFunction(municipality)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    offer_location = factory.SubFactory("tests.offers.factories.OfferLocationFactory")


class OfferLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferLocation

    offer = factory.SubFactory(OfferFactory)
    location = factory.SubFactory(LocationFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    offer = factory.SubFactory(OfferFactory)
    name = "Beratungsteam"
    phone = "02351 000000"
    email = "beratung@example.org"
