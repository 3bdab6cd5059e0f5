"""The demo catalogue that ``seed_demo`` loads: enough plausible offers everywhere, safe
contact data, clean markup, and a second run that changes nothing."""

import io
import re
from datetime import datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from kim_portal.models import Municipality, Organisation
from offers.demo import seed_offers
from offers.models import (
    Category,
    Contact,
    Location,
    Offer,
    OfferEvent,
    OfferLocation,
    OfferTranslation,
    Schedule,
    TargetGroup,
)
from offers.sanitize import sanitize_html
from tests.factories import reference_data_restore

# The postal codes of each town (Deutsche Post), written out independently of the data.
POSTAL_CODES = {
    "Lüdenscheid": {"58507", "58509", "58511", "58513", "58515"},
    "Iserlohn": {"58636", "58638", "58640", "58642", "58644"},
    "Menden (Sauerland)": {"58706", "58708", "58710"},
    "Hemer": {"58675"},
    "Altena": {"58762"},
    "Plettenberg": {"58840"},
    "Werdohl": {"58791"},
    "Meinerzhagen": {"58540"},
    "Kierspe": {"58566"},
    "Halver": {"58553"},
    "Schalksmühle": {"58579"},
    "Neuenrade": {"58809"},
    "Balve": {"58802"},
    "Herscheid": {"58849"},
    "Nachrodt-Wiblingwerde": {"58769"},
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for all tests here (about 200 offers), inside a transaction that is rolled
    back after the module; each test runs in a savepoint within it. Returns the output."""
    with django_db_blocker.unblock():
        reference_data_restore()  # a transactional test before may have flushed the towns
    with django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        seed_offers(output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def published(seeded, db):
    return Offer.objects.filter(status=Offer.Status.PUBLISHED)


def _snapshot():
    models = [
        Organisation,
        Offer,
        Offer.categories.through,
        Offer.target_groups.through,
        OfferTranslation,
        Location,
        OfferLocation,
        Schedule,
        Contact,
        OfferEvent,
    ]
    return {model: list(model.objects.order_by("pk").values()) for model in models}


def test_seeding_again_creates_and_changes_nothing(seeded, db):
    before = _snapshot()

    seed_offers(io.StringIO())

    assert _snapshot() == before


def test_prints_a_one_line_summary(seeded):
    assert re.fullmatch(
        r"Offers: \d+ published, \d+ drafts, \d+ archived \(\d+ new\); translations: .+\n?",
        seeded,
    )


def test_at_least_150_offers_are_published(published):
    assert published.count() >= 150


def test_drafts_and_archived_offers_exist_too(seeded, db):
    counts = dict(Offer.objects.values_list("status").annotate(n=Count("id")).order_by())

    assert counts.get("draft", 0) >= 2
    assert counts.get("archived", 0) >= 1


def test_every_town_has_published_offers(published):
    towns = Municipality.objects.filter(locations__offer_locations__offer__in=published)

    assert towns.distinct().count() == 15


def test_every_category_and_target_group_has_published_offers(published):
    assert set(Category.objects.filter(offers__in=published).values_list("slug", flat=True)) == (
        set(Category.objects.values_list("slug", flat=True))
    )
    assert set(
        TargetGroup.objects.filter(offers__in=published).values_list("slug", flat=True)
    ) == set(TargetGroup.objects.values_list("slug", flat=True))


def test_at_least_40_percent_have_english_arabic_and_ukrainian(seeded, db):
    offers = Offer.objects.annotate(
        main=Count("translations", filter=Q(translations__language__in=["en", "ar", "uk"]))
    )

    assert offers.filter(main=3).count() >= 0.4 * offers.count()


def test_some_offers_are_in_turkish_russian_and_farsi(seeded, db):
    languages = set(OfferTranslation.objects.values_list("language", flat=True))

    assert {"tr", "ru", "fa"} <= languages


def test_some_translations_are_outdated_and_the_rest_current(seeded, db):
    states = {t.state() for t in OfferTranslation.objects.select_related("offer")}

    assert states == {OfferTranslation.State.OUTDATED, OfferTranslation.State.CURRENT}


def test_contact_emails_and_websites_use_example_domains(seeded, db):
    example = re.compile(r".+@([a-z0-9-]+\.)*(example|example\.(org|com|net))")
    emails = list(Contact.objects.values_list("email", flat=True))
    websites = [w for w in Contact.objects.values_list("website", flat=True) if w]

    assert emails
    assert [e for e in emails if not example.fullmatch(e)] == []
    assert [w for w in websites if not re.fullmatch(r"https://[^/]+\.example/", w)] == []


def test_phone_numbers_cannot_reach_anyone(seeded, db):
    # German subscriber numbers never start with 0: a 0 after the area code dials nobody.
    phones = list(Contact.objects.values_list("phone", flat=True))

    assert [p for p in phones if not re.fullmatch(r"0\d{3,4} 0[\d-]+", p)] == []


def test_descriptions_are_sanitised(seeded, db):
    descriptions = list(Offer.objects.values_list("description", flat=True)) + list(
        OfferTranslation.objects.exclude(description="").values_list("description", flat=True)
    )

    assert [d for d in descriptions if sanitize_html(d) != d] == []


def test_locations_lie_in_their_town(seeded, db):
    for location in Location.objects.select_related("municipality"):
        town = location.municipality
        assert location.postal_code in POSTAL_CODES[town.name], location
        assert abs(location.latitude - town.latitude) < 0.02, location
        assert abs(location.longitude - town.longitude) < 0.02, location


def test_dated_schedules_start_on_their_first_date_and_end_on_their_last(seeded, db):
    for schedule in Schedule.objects.exclude(dtstart=None):
        dates = [
            d.date()
            for d in rrulestr(schedule.rrule, dtstart=datetime.combine(schedule.dtstart, time()))
        ]
        assert (dates[0], dates[-1]) == (schedule.dtstart, schedule.valid_to), schedule.rrule


def test_courses_of_published_offers_start_in_the_coming_months(published):
    today = timezone.localdate()
    starts = Schedule.objects.filter(offer_location__offer__in=published).exclude(dtstart=None)

    assert starts.count() >= 30
    assert not starts.filter(dtstart__lt=today).exists()
    assert not starts.filter(dtstart__gt=today + timedelta(days=200)).exists()


def test_only_archived_offers_are_past_their_validity(seeded, db):
    expired = Offer.objects.filter(valid_until__lt=timezone.localdate())

    assert expired.exists()
    assert not expired.exclude(status=Offer.Status.ARCHIVED).exists()


def test_some_published_offers_are_due_for_review(published):
    overdue = published.filter(last_reviewed_at__lt=timezone.now() - timedelta(days=180))

    assert 5 <= overdue.count() <= published.count() // 3
