"""Demo offers for the catalogue, loaded by ``manage.py seed_demo``: about 200 offers of real
provider types in all 15 towns, with locations, schedules, contacts, translations and a
revision history. The data lives in ``offers.demo_data``.

Idempotent: organisations are keyed by name, locations by (organisation, name), offers by
(organisation, title); what exists is left alone, so a second run creates and changes
nothing. Deterministic: every random choice is seeded by the offer's natural key; only dates
move with today (courses start in the coming months).

Contact details are fictional: e-mail addresses and websites use ``.example`` domains, and
phone numbers put a 0 after the area code, which the German numbering plan never assigns to
a subscriber."""

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.rrule import rrulestr
from django.db.models import Count, F
from django.utils import timezone

from kim_portal.demo import demo_seeder
from kim_portal.models import Municipality, Organisation, Role, User

from .demo_data.placements import OFFER_TYPES, PLACEMENTS, VARIANTS
from .demo_data.providers import PROVIDERS
from .demo_data.schema import Course, Hours, Monthly, OfferType, Placement, Provider, Town
from .demo_data.towns import TOWNS
from .models import (
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
from .sanitize import sanitize_html

# Fictional contact persons; offers for women name a woman.
WOMEN = [
    "Anna Becker",
    "Leyla Aksoy",
    "Olena Shevchuk",
    "Miriam Osei",
    "Katrin Vogel",
    "Fatma Yıldız",
    "Daria Bondarenko",
    "Sabine Lange",
    "Elif Kaya",
    "Nadia Mansour",
    "Irina Koch",
    "Hanna Schulte",
    "Amina Diallo",
    "Svitlana Moroz",
    "Julia Winter",
    "Monika Kaiser",
    "Lina Hamdan",
]
MEN = [
    "Jonas Hoffmann",
    "Samir Haddad",
    "Reza Karimi",
    "Thomas Brandt",
    "Ahmad Nouri",
    "Marco Rossi",
    "Peter Wilms",
    "Markus Engel",
    "Karim Saleh",
    "Dawit Tesfaye",
    "Stefan Krüger",
]

BARRIER_FREE_ACCESS = [
    "Stufenloser Eingang, Aufzug, barrierefreies WC",
    "Ebenerdiger Zugang, Behindertenparkplatz vor dem Haus",
    "Aufzug vorhanden; Beratungsräume im 2. Obergeschoss",
]
STEP_ACCESS = [
    "Eingang mit drei Stufen, kein Aufzug",
    "Räume im 1. Obergeschoss, kein Aufzug",
    "Rampe am Seiteneingang; WC nicht barrierefrei",
]

# The change that makes the translations of an "outdated" offer outdated.
OUTDATED_ADDITION = "<p>Neu: zusätzliche Telefonsprechstunde freitags von 9 bis 11 Uhr.</p>"

# Share of offers with no translation at all, and with English only; Turkish, Russian and
# Farsi texts (where a type has them) go to about a third of the translated offers, and
# always to offers whose type has no Arabic (those for people from Ukraine).
NO_TRANSLATION, ENGLISH_ONLY, EXTRA_LANGUAGES = 0.2, 0.27, 0.35
MAIN_LANGUAGES = ("en", "ar", "uk")

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass
class _Plan:
    """Everything one new offer needs; the rows are created in bulk."""

    offer: Offer
    provider: Provider
    location_keys: list[tuple[str, str]]  # (provider key, town name), the first is main
    schedules: list[list[Schedule]]  # per location
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    contacts: list[Contact] = field(default_factory=list)
    translations: list[OfferTranslation] = field(default_factory=list)
    events: list[OfferEvent] = field(default_factory=list)


@demo_seeder(order=20)
def seed_offers(stdout):
    """Load the demo catalogue; print a one-line summary."""
    now = timezone.localtime()
    towns = {m.name: m for m in Municipality.objects.all()}
    organisations = _organisations(towns)
    existing = set(
        Offer.objects.filter(organisation__in=organisations.values()).values_list(
            "organisation_id", "title"
        )
    )
    coordinator = User.objects.filter(groups__name=Role.COORDINATOR).order_by("pk").first()
    editors = {}  # organisation id -> its first provider editor
    for user in User.objects.filter(
        groups__name=Role.PROVIDER_EDITOR, organisation__isnull=False
    ).order_by("pk"):
        editors.setdefault(user.organisation_id, user)

    plans = []
    for placement in PLACEMENTS:
        offer_type = OFFER_TYPES[placement.offer_type]
        provider = PROVIDERS[placement.provider]
        organisation = organisations[provider.key]
        title = _title(offer_type, placement, "de")
        if (organisation.pk, title) in existing:
            continue
        existing.add((organisation.pk, title))
        actors = (editors.get(organisation.pk), coordinator)
        plans.append(_plan(offer_type, placement, provider, organisation, title, now, actors))

    if plans:
        _create(plans, organisations, towns)
    stdout.write(_summary(new=len(plans)))


def _organisations(towns: dict[str, Municipality]) -> dict[str, Organisation]:
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=_provider_names())}
    missing = [
        Organisation(
            name=provider.name,
            short_name=provider.short_name,
            kind=provider.kind,
            municipality=towns.get(provider.seat),
            website=f"https://www.{provider.domain}/",
        )
        for provider in PROVIDERS.values()
        if provider.name not in by_name
    ]
    for organisation in Organisation.objects.bulk_create(missing):
        by_name[organisation.name] = organisation
    return {key: by_name[provider.name] for key, provider in PROVIDERS.items()}


def _provider_names() -> list[str]:
    return [provider.name for provider in PROVIDERS.values()]


def _title(offer_type: OfferType, placement: Placement, language: str) -> str:
    town = TOWNS[placement.town]
    if language == "de":
        template, in_town = offer_type.title, f"in {town.short}"
    else:
        template, in_town = offer_type.translations[language]["title"], town.in_town[language]
    title = template.format(in_town=in_town)
    if placement.variant:
        title += f" ({VARIANTS[placement.variant].suffix[language]})"
    return title


def _plan(offer_type, placement, provider, organisation, title, now, actors) -> _Plan:
    editor, coordinator = actors
    rng = _rng(f"offer:{provider.key}:{title}")
    town = TOWNS[placement.town]
    schedule_spec = offer_type.schedule
    if placement.variant and VARIANTS[placement.variant].schedule:
        schedule_spec = VARIANTS[placement.variant].schedule
    main_schedules, first_date, last_date = _schedules(schedule_spec, rng, now.date())
    outreach = [
        [
            Schedule(
                rrule="FREQ=WEEKLY;BYDAY=WE",
                opens_at=time(9),
                closes_at=time(12),
                description="Außensprechstunde",
            )
        ]
        for _town in placement.also_in
    ]

    description = offer_type.description
    if placement.outdated:
        description += OUTDATED_ADDITION
    offer = Offer(
        organisation=organisation,
        title=title,
        summary=offer_type.summary,
        description=sanitize_html(description),
        eligibility=offer_type.eligibility,
        application_process=offer_type.application_process,
        cost_text=offer_type.cost_text,
        languages=list(rng.choice(offer_type.languages)),
        min_age=offer_type.min_age,
        max_age=offer_type.max_age,
        is_free=offer_type.is_free,
        registration_required=offer_type.registration_required,
        childcare=offer_type.childcare,
        barrier_free=_location_facts(provider, town)["barrier_free"],
        mode=placement.mode or offer_type.mode,
        status=placement.status,
        source_revision=2 if placement.outdated else 1,
        created_by=editor,
        modified_by=editor or coordinator,
    )
    # Short courses end; so does the offer. Ongoing services and rolling courses don't.
    if placement.status == Offer.Status.ARCHIVED:
        offer.valid_from, offer.valid_until = first_date, last_date
    elif isinstance(schedule_spec, Course) and schedule_spec.count:
        offer.valid_until = last_date
    history = _history(
        offer, placement, rng, now, last_date, actors, sanitize_html(offer_type.description)
    )

    plan = _Plan(
        offer=offer,
        provider=provider,
        location_keys=[(provider.key, placement.town)]
        + [(provider.key, other) for other in placement.also_in],
        schedules=[main_schedules, *outreach],
        categories=offer_type.categories,
        target_groups=offer_type.target_groups,
        events=history,
    )
    plan.contacts = _contacts(offer_type, provider, town, rng)
    plan.translations = _translations(offer_type, placement, offer, rng)
    return plan


def _rng(seed: str) -> random.Random:
    # Reproducible demo data, not secrets: a string seed gives the same choices on every
    # run and platform.
    return random.Random(seed)  # noqa: S311


def _schedules(spec, rng: random.Random, today: date):
    """The schedule rows for one location, and the first and last dated occurrence."""
    note = " ".join(spec.note.split())
    if isinstance(spec, Hours):
        slots = rng.choice(spec.options)
        rows = [
            Schedule(
                rrule=f"FREQ=WEEKLY;BYDAY={byday}",
                opens_at=time.fromisoformat(opens),
                closes_at=time.fromisoformat(closes),
                description=note,
            )
            for byday, opens, closes in slots
        ]
        return rows, None, None
    start = today + timedelta(days=rng.randint(*spec.starts_in_days))
    if isinstance(spec, Course) and spec.held_last:
        month, day = spec.held_last
        start = date(today.year, month, day)
        if start > today - timedelta(weeks=8):
            start = start.replace(year=today.year - 1)
    if isinstance(spec, Course):
        first_weekday = WEEKDAYS.index(spec.byday.split(",")[0])
        start += timedelta(days=(first_weekday - start.weekday()) % 7)
        if spec.count:
            rule = f"FREQ=WEEKLY;BYDAY={spec.byday};COUNT={spec.count}"
        else:
            until = start + timedelta(weeks=spec.weeks, days=-1)
            rule = f"FREQ=WEEKLY;BYDAY={spec.byday};UNTIL={until:%Y%m%d}"
    else:
        assert isinstance(spec, Monthly)
        rule = f"FREQ=MONTHLY;BYDAY={spec.byday};COUNT={spec.count}"
    dates = [d.date() for d in rrulestr(rule, dtstart=datetime.combine(start, time.min))]
    row = Schedule(
        rrule=rule,
        dtstart=dates[0],
        opens_at=time.fromisoformat(spec.opens),
        closes_at=time.fromisoformat(spec.closes),
        valid_from=dates[0],
        valid_to=dates[-1],
        description=note,
    )
    return [row], dates[0], dates[-1]


def _at(moment: datetime, days_ago: int, rng: random.Random) -> datetime:
    """A moment in office hours ``days_ago`` days before ``moment``."""
    day = moment - timedelta(days=days_ago)
    minute = rng.choice(range(0, 60, 5))
    return day.replace(hour=rng.randint(8, 16), minute=minute, second=0, microsecond=0)


def _history(offer, placement, rng, now, last_date, actors, previous_description):
    """Set the offer's dates and return its events: created, submitted, published,
    reviewed or edited, archived. About one in six published offers is overdue for its
    180-day review."""
    editor, coordinator = actors
    events = []
    # Without an editor of its own, an offer came from the old offer directory and the
    # coordination published it.
    author = editor
    origin = "" if editor else "Übernommen aus dem bisherigen Angebotsverzeichnis"
    if placement.status == Offer.Status.DRAFT:
        offer.created_at = _at(now, rng.randint(3, 40), rng)
        offer.modified_at = offer.created_at
        created = OfferEvent(
            action=OfferEvent.Action.CREATED,
            actor=author,
            occurred_at=offer.created_at,
            comment=origin,
        )
        return [created]

    if placement.status == Offer.Status.ARCHIVED:
        days_until_end = (now.date() - last_date).days
        published_days = days_until_end + rng.randint(60, 120)
        reviewed_days = published_days
    else:
        published_days = rng.randint(30, 540)
        if placement.outdated:
            reviewed_days = rng.randint(5, 25)
        elif rng.random() < 0.17:
            reviewed_days = rng.randint(181, 330)
            published_days = max(published_days, reviewed_days)
        else:
            reviewed_days = rng.randint(2, min(170, published_days))
    offer.published_at = _at(now, published_days, rng)
    offer.created_at = offer.published_at - timedelta(days=rng.randint(1, 14), hours=2)
    offer.last_reviewed_at = (
        offer.published_at if reviewed_days == published_days else _at(now, reviewed_days, rng)
    )
    offer.modified_at = offer.last_reviewed_at
    events.append(
        OfferEvent(
            action=OfferEvent.Action.CREATED,
            actor=author,
            occurred_at=offer.created_at,
            comment=origin,
        )
    )
    if editor:
        events.append(
            OfferEvent(
                action=OfferEvent.Action.SUBMITTED,
                actor=editor,
                occurred_at=offer.created_at + timedelta(hours=1),
            )
        )
    events.append(
        OfferEvent(
            action=OfferEvent.Action.PUBLISHED, actor=coordinator, occurred_at=offer.published_at
        )
    )
    if placement.outdated:
        events.append(
            OfferEvent(
                action=OfferEvent.Action.EDITED,
                actor=editor or coordinator,
                occurred_at=offer.last_reviewed_at,
                comment="Telefonsprechstunde ergänzt",
                changes={"description": [previous_description, offer.description]},
            )
        )
    elif offer.last_reviewed_at != offer.published_at:
        events.append(
            OfferEvent(
                action=OfferEvent.Action.REVIEWED,
                actor=editor or coordinator,
                occurred_at=offer.last_reviewed_at,
            )
        )
    if placement.status == Offer.Status.ARCHIVED:
        archived_at = datetime.combine(
            last_date + timedelta(days=1), time(2, 15), tzinfo=now.tzinfo
        )
        offer.modified_at = archived_at
        events.append(
            OfferEvent(
                action=OfferEvent.Action.ARCHIVED,
                occurred_at=archived_at,
                comment="Automatisch archiviert: Gültigkeit abgelaufen",
            )
        )
    return events


def _contacts(offer_type, provider, town, rng) -> list[Contact]:
    website = f"https://www.{provider.domain}/"
    if offer_type.personal_contact:
        for_women = offer_type.target_groups[0] == "frauen"
        name = rng.choice(WOMEN if for_women else WOMEN + MEN)
        first, last = (_slug(part) for part in name.split(" ", 1))
        contact = Contact(
            name=name, role=offer_type.contact_role, email=f"{first}.{last}@{provider.domain}"
        )
    else:
        contact = Contact(
            name=offer_type.contact_role,
            role="Auskunft und Anmeldung" if offer_type.registration_required else "Auskunft",
            email=f"{_slug(offer_type.key)}-{_slug(town.short)}@{provider.domain}",
        )
    contact.phone = _phone(town, rng)
    contact.website = website
    contacts = [contact]
    if offer_type.registration_required and rng.random() < 0.35:
        contacts.append(
            Contact(
                name="Servicebüro",
                role="Anmeldung",
                phone=_phone(town, rng),
                email=f"service@{provider.domain}",
            )
        )
    return contacts


def _phone(town: Town, rng: random.Random) -> str:
    return f"{town.area_code} 0{rng.randint(100, 999)}-{rng.randint(10, 99)}"


def _slug(value: str) -> str:
    value = value.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        value = value.replace(umlaut, plain)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")


def _translations(offer_type, placement, offer, rng) -> list[OfferTranslation]:
    """Most offers are translated into the languages their type has texts for; some are not
    translated, some only into English. Translations of "outdated" offers were made from
    the previous German revision."""
    languages = list(offer_type.translations)
    chance, extra_chance = rng.random(), rng.random()
    if not placement.outdated:
        if chance < NO_TRANSLATION:
            languages = []
        elif chance < ENGLISH_ONLY:
            languages = [code for code in languages if code == "en"]
        elif extra_chance >= EXTRA_LANGUAGES and "ar" in languages:
            languages = [code for code in languages if code in MAIN_LANGUAGES]
    town = TOWNS[placement.town]
    translated_at = offer.published_at or offer.created_at
    rows = []
    for language in languages:
        texts = {
            name: value.format(in_town=town.in_town[language])
            for name, value in offer_type.translations[language].items()
        }
        texts["title"] = _title(offer_type, placement, language)
        if "description" in texts:
            texts["description"] = sanitize_html(texts["description"])
        rows.append(
            OfferTranslation(
                offer=offer,
                language=language,
                source_revision=1,
                modified_at=translated_at + timedelta(days=rng.randint(0, 6), hours=3),
                **texts,
            )
        )
    return rows


def _location_facts(provider: Provider, town: Town) -> dict:
    """Address, coordinates and access of the provider's place in a town: fictional but
    stable (seeded by provider and town), near the town centre."""
    rng = _rng(f"location:{provider.key}:{town.name}")
    barrier_free = provider.always_barrier_free or rng.random() < 0.6
    return {
        "name": provider.venues.get(town.name) or provider.venue.format(town=town.short),
        "street": f"{rng.choice(town.streets)} {rng.randint(1, 80)}",
        "postal_code": rng.choice(town.postal_codes),
        "lat_offset": Decimal(rng.randint(-600, 600)) / 100000,
        "lon_offset": Decimal(rng.randint(-900, 900)) / 100000,
        "barrier_free": barrier_free,
        "accessibility": rng.choice(BARRIER_FREE_ACCESS if barrier_free else STEP_ACCESS),
    }


def _create(plans: list[_Plan], organisations, towns) -> None:
    locations = _locations(plans, organisations, towns)
    offers = Offer.objects.bulk_create([plan.offer for plan in plans])
    categories = {c.slug: c.pk for c in Category.objects.all()}
    target_groups = {t.slug: t.pk for t in TargetGroup.objects.all()}
    Offer.categories.through.objects.bulk_create(
        Offer.categories.through(offer_id=offer.pk, category_id=categories[slug])
        for offer, plan in zip(offers, plans, strict=True)
        for slug in plan.categories
    )
    Offer.target_groups.through.objects.bulk_create(
        Offer.target_groups.through(offer_id=offer.pk, targetgroup_id=target_groups[slug])
        for offer, plan in zip(offers, plans, strict=True)
        for slug in plan.target_groups
    )
    offer_locations, schedules = [], []
    for offer, plan in zip(offers, plans, strict=True):
        for key, rows in zip(plan.location_keys, plan.schedules, strict=True):
            offer_location = OfferLocation(offer=offer, location=locations[key])
            offer_locations.append(offer_location)
            for row in rows:
                row.offer_location = offer_location
                schedules.append(row)
    OfferLocation.objects.bulk_create(offer_locations)
    for row in schedules:
        row.offer_location_id = row.offer_location.pk
    Schedule.objects.bulk_create(schedules)
    contacts, translations, events = [], [], []
    for offer, plan in zip(offers, plans, strict=True):
        for row in plan.contacts + plan.translations + plan.events:
            row.offer = offer
        contacts += plan.contacts
        translations += plan.translations
        events += plan.events
    Contact.objects.bulk_create(contacts)
    OfferTranslation.objects.bulk_create(translations)
    OfferEvent.objects.bulk_create(events)


def _locations(plans, organisations, towns) -> dict[tuple[str, str], Location]:
    """The locations the plans need, by (provider key, town name); creates missing ones."""
    wanted = {key for plan in plans for key in plan.location_keys}
    existing = {
        (location.organisation_id, location.name): location
        for location in Location.objects.filter(
            organisation__in={organisations[provider_key] for provider_key, _t in wanted}
        )
    }
    result, missing = {}, []
    for provider_key, town_name in sorted(wanted):
        town = TOWNS[town_name]
        municipality = towns[town_name]
        facts = _location_facts(PROVIDERS[provider_key], town)
        organisation = organisations[provider_key]
        location = existing.get((organisation.pk, facts["name"]))
        if location is None:
            location = Location(
                organisation=organisation,
                name=facts["name"],
                street=facts["street"],
                postal_code=facts["postal_code"],
                municipality=municipality,
                latitude=municipality.latitude + facts["lat_offset"],
                longitude=municipality.longitude + facts["lon_offset"],
                accessibility=facts["accessibility"],
            )
            missing.append(location)
        result[(provider_key, town_name)] = location
    Location.objects.bulk_create(missing)
    return result


def _summary(*, new: int) -> str:
    by_status = dict(Offer.objects.values_list("status").annotate(n=Count("id")).order_by())
    by_language = dict(
        OfferTranslation.objects.values_list("language").annotate(n=Count("id")).order_by()
    )
    outdated = OfferTranslation.objects.filter(
        source_revision__lt=F("offer__source_revision")
    ).count()
    languages = ", ".join(
        f"{code} {by_language[code]}"
        for code in ("en", "ar", "uk", "tr", "ru", "fa")
        if code in by_language
    )
    return (
        f"Offers: {by_status.get('published', 0)} published, {by_status.get('draft', 0)} drafts,"
        f" {by_status.get('archived', 0)} archived ({new} new); translations: {languages}"
        f" ({outdated} outdated)"
    )
