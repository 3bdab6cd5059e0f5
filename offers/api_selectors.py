"""Reads for the open-data API. Everything starts from ``offers_public()`` (published and
still valid): organizations and locations appear only while they have such an offer. The
querysets prefetch what the serializers touch, so the number of queries per request does
not grow with the number of results.

The full-text filter is the API's own and deliberately simple: the German vector with the
German configuration on the umlaut-folded query, or — for ``?lang=`` other than German —
the translation's vector in that language's configuration.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from kim_portal.models import Municipality, Organisation

from .api_params import ServiceQuery
from .api_serializers import TAXONOMY_CATEGORIES, TAXONOMY_TARGET_GROUPS
from .models import (
    SEARCH_CONFIGS,
    Category,
    Location,
    Offer,
    OfferLocation,
    OfferTranslation,
    Schedule,
    TargetGroup,
    Term,
    fold_german_text,
)
from .selectors import offers_public


@dataclass(frozen=True)
class Freshness:
    """What the validators (ETag, Last-Modified) of a response are made from."""

    count: int
    last_modified: datetime | None


def _municipalities(value: str) -> QuerySet[Municipality]:
    # An AGS (or the district's 05962, meaning all its towns) or a town's name.
    if value.isascii() and value.isdigit() and 5 <= len(value) <= 8:
        return Municipality.objects.filter(ags__startswith=value)
    return Municipality.objects.filter(name__iexact=value)


def _text_condition(q: str, lang: str) -> Q:
    german = SearchQuery(fold_german_text(q), config="german", search_type="websearch")
    condition = Q(search_de=german)
    if lang != "de":
        translated = SearchQuery(
            q, config=SEARCH_CONFIGS.get(lang, "simple"), search_type="websearch"
        )
        condition |= Q(
            Exists(
                OfferTranslation.objects.filter(
                    offer=OuterRef("pk"), language=lang, search=translated
                )
            )
        )
    return condition


def services_matching(query: ServiceQuery) -> QuerySet[Offer]:
    """Public offers matching the API filters, oldest first (stable paging). Multi-valued
    filters use EXISTS, so no offer appears twice."""
    offers = offers_public()
    if query.matches_nothing:
        return offers.none()
    if query.q:
        offers = offers.filter(_text_condition(query.q, query.lang))
    if query.municipality:
        offers = offers.filter(
            Exists(
                OfferLocation.objects.filter(
                    offer=OuterRef("pk"),
                    location__municipality__in=_municipalities(query.municipality),
                )
            )
        )
    if query.category:
        offers = offers.filter(
            Exists(
                Offer.categories.through.objects.filter(
                    offer_id=OuterRef("pk"), category__slug=query.category
                )
            )
        )
    if query.category_pk is not None:
        offers = offers.filter(
            Exists(
                Offer.categories.through.objects.filter(
                    offer_id=OuterRef("pk"), category_id=query.category_pk
                )
            )
        )
    if query.target_group_pk is not None:
        offers = offers.filter(
            Exists(
                Offer.target_groups.through.objects.filter(
                    offer_id=OuterRef("pk"), targetgroup_id=query.target_group_pk
                )
            )
        )
    if query.language:
        offers = offers.filter(languages__contains=[query.language])
    if query.organization_pk is not None:
        offers = offers.filter(organisation_id=query.organization_pk)
    if query.modified_after is not None:
        offers = offers.filter(modified_at__gte=query.modified_after)
    return offers.order_by("pk")


def _newest_change(model) -> Subquery:
    """``SELECT modified_at … ORDER BY modified_at DESC LIMIT 1``: uncorrelated, so
    PostgreSQL runs it once per query (an InitPlan), not per row."""
    return Subquery(model.objects.order_by("-modified_at").values("modified_at")[:1])


def services_freshness(offers: QuerySet[Offer], lang: str) -> Freshness:
    """Count and newest change of the matching offers, their providers, the places and
    taxonomy terms (whose texts every service carries) and (for ``lang``) the offers'
    translations: one query, two for a language other than German.

    Places and terms count with the newest change of the whole table, not only of those the
    matching offers use: a join over the offers' places would make this query grow with the
    catalogue, while the newest row of a table is one step down an index
    (``location_modified_idx``; the two term tables hold a few dozen rows). A place edited
    anywhere therefore renews every list's validators: a refetch too many, never a stale
    answer. Schedules and contacts change only through their offer, which bumps
    ``Offer.modified_at``."""
    stats = offers.aggregate(
        count=Count("pk"),
        offers=Max("modified_at"),
        organisations=Max("organisation__modified_at"),
        places=Max(_newest_change(Location)),
        categories=Max(_newest_change(Category)),
        target_groups=Max(_newest_change(TargetGroup)),
    )
    stamps = [
        stats[name] for name in ("offers", "organisations", "places", "categories", "target_groups")
    ]
    if lang != "de" and stats["count"]:
        stamps.append(
            OfferTranslation.objects.filter(
                language=lang, offer__in=offers.order_by().values("pk")
            ).aggregate(newest=Max("modified_at"))["newest"]
        )
    return Freshness(stats["count"], max((s for s in stamps if s), default=None))


def service_freshness(pk: int, lang: str) -> Freshness:
    return services_freshness(offers_public().filter(pk=pk), lang)


def catalogue_freshness() -> Freshness:
    """The newest change anywhere in the public catalogue: for organizations, locations and
    taxonomy answers (which also carry an ETag of their content)."""
    return services_freshness(offers_public(), "de")


def with_service_details(offers: QuerySet[Offer], lang: str) -> QuerySet[Offer]:
    """Everything ``service_dict`` touches, in a fixed number of queries."""
    prefetches = [
        "categories",
        "target_groups",
        "contacts",
        Prefetch(
            "offer_locations",
            queryset=OfferLocation.objects.select_related("location__municipality").order_by("pk"),
        ),
        Prefetch(
            "offer_locations__schedules",
            queryset=Schedule.objects.order_by("dtstart", "opens_at", "pk"),
        ),
    ]
    if lang != "de":
        prefetches.append(
            Prefetch(
                "translations",
                queryset=OfferTranslation.objects.filter(language=lang),
                to_attr="api_translations",
            )
        )
    return offers.select_related("organisation__municipality").prefetch_related(*prefetches)


def service_for_api(pk: int, lang: str) -> Offer | None:
    return with_service_details(offers_public().filter(pk=pk), lang).first()


def organizations_public() -> QuerySet[Organisation]:
    """Providers with at least one public offer."""
    return (
        Organisation.objects.filter(Exists(offers_public().filter(organisation=OuterRef("pk"))))
        .select_related("municipality")
        .order_by("pk")
    )


def organization_for_api(pk: int) -> Organisation | None:
    return organizations_public().filter(pk=pk).first()


def locations_public(*, municipality: str = "", organization_pk: int | None = None):
    """Places where at least one public offer is held."""
    locations = Location.objects.filter(
        Exists(offers_public().filter(offer_locations__location=OuterRef("pk")))
    )
    if municipality:
        locations = locations.filter(municipality__in=_municipalities(municipality))
    if organization_pk is not None:
        locations = locations.filter(organisation_id=organization_pk)
    return locations.select_related("municipality").order_by("pk")


def taxonomy_terms(taxonomy: int | None) -> list[Term]:
    """Categories, then target groups, in the coordinator's order; one taxonomy or both."""
    terms: list[Term] = []
    if taxonomy in (None, TAXONOMY_CATEGORIES):
        terms += Category.objects.order_by("position", "name", "pk")
    if taxonomy in (None, TAXONOMY_TARGET_GROUPS):
        terms += TargetGroup.objects.order_by("position", "name", "pk")
    return terms


def calendar_schedules(offers: QuerySet[Offer], lang: str, *, limit: int) -> list[Schedule]:
    """Dated schedules (course dates, single dates) of the offers, with offer and place, at
    most ``limit``. What the database can tell has ended (past single dates, validity over)
    is left out here; rules that have run out are left out by ``offers.ics``."""
    today = timezone.localdate()
    schedules = list(
        Schedule.objects.filter(
            dtstart__isnull=False, offer_location__offer__in=offers.order_by().values("pk")
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(rrule="", dtstart__lt=today)
        .select_related("offer_location__offer", "offer_location__location__municipality")
        .order_by("offer_location__offer_id", "dtstart", "pk")[:limit]
    )
    if lang != "de" and schedules:
        by_offer: dict[int, list[OfferTranslation]] = {}
        for row in OfferTranslation.objects.filter(
            language=lang, offer_id__in={s.offer_location.offer_id for s in schedules}
        ):
            by_offer.setdefault(row.offer_id, []).append(row)
        for schedule in schedules:
            offer = schedule.offer_location.offer
            offer.api_translations = by_offer.get(offer.pk, [])
    return schedules
