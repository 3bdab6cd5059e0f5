"""Reads of the offer catalogue. Every view, export, API and task gets offers through one
of these: the public see published, valid offers only; editors their organisation's."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kim_portal.models import Role

from .models import Offer


def offers_public() -> QuerySet[Offer]:
    """Published offers whose validity has not ended (Europe/Berlin date)."""
    today = timezone.localdate()
    return Offer.objects.filter(status=Offer.Status.PUBLISHED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def offer_public_or_404(pk: int) -> Offer:
    try:
        return offers_public().select_related("organisation").get(pk=pk)
    except Offer.DoesNotExist:
        raise Http404 from None


def offers_for_editor(user) -> QuerySet[Offer]:
    """The offers a staff member may see and edit: all for the coordinator, their own
    organisation's for a provider editor, none for anyone else."""
    if not user.is_authenticated:
        return Offer.objects.none()
    if user.has_role(Role.COORDINATOR):
        return Offer.objects.all()
    if user.has_role(Role.PROVIDER_EDITOR) and user.organisation_id:
        return Offer.objects.filter(organisation_id=user.organisation_id)
    return Offer.objects.none()


def offer_for_editor(user, pk: int) -> Offer:
    """One offer the user may edit, or 404 — also for other organisations' offers, so ids
    reveal nothing."""
    try:
        return offers_for_editor(user).select_related("organisation").get(pk=pk)
    except Offer.DoesNotExist:
        raise Http404 from None


def offer_public_detail_or_404(pk: int, *, language: str) -> Offer:
    """One public offer with everything its detail page shows, in a constant number of
    queries: terms, the translation into ``language`` only (as ``current_translations``),
    locations with their town and schedules, contacts."""
    from django.db.models import Prefetch

    from .models import OfferLocation, OfferTranslation

    lookups = [
        "categories",
        "target_groups",
        "contacts",
        Prefetch(
            "offer_locations",
            queryset=OfferLocation.objects.select_related("location__municipality")
            .prefetch_related("schedules")
            .order_by("location__municipality__name", "location__name", "pk"),
        ),
    ]
    if language != "de":
        lookups.append(
            Prefetch(
                "translations",
                queryset=OfferTranslation.objects.filter(language=language),
                to_attr="current_translations",
            )
        )
    try:
        return offers_public().select_related("organisation").prefetch_related(*lookups).get(pk=pk)
    except Offer.DoesNotExist:
        raise Http404 from None


# --- Dashboard aggregates (counts only) ----------------------------------------------------------


def offers_public_by_town_and_category(*, municipality_id: int | None = None) -> dict:
    """Public offers counted by the town of their locations and their categories:
    ``{(municipality_id, category_id): offers}`` (an offer counts once per town and
    category it has)."""
    from django.db.models import Count

    offers = offers_public()
    if municipality_id:
        offers = offers.filter(offer_locations__location__municipality_id=municipality_id)
    rows = (
        offers.filter(
            offer_locations__location__municipality__isnull=False, categories__isnull=False
        )
        .order_by()
        .values_list("offer_locations__location__municipality_id", "categories__id")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(town, category): n for town, category, n in rows}


def offers_public_languages(*, municipality_id: int | None = None) -> dict[str, int]:
    """Public offers counted by the languages they are delivered in: ``{code: offers}``."""
    from django.db import connection
    from django.db.models import F, Func

    offers = offers_public()
    if municipality_id:
        offers = offers.filter(offer_locations__location__municipality_id=municipality_id)
    spoken = (
        offers.order_by()
        .annotate(offer_ref=F("pk"), language=Func(F("languages"), function="unnest"))
        .values("offer_ref", "language")
    )
    sql, params = spoken.query.sql_with_params()
    with connection.cursor() as cursor:
        # The inner SQL is Django's own (values passed as params): no user text in it.
        cursor.execute(
            "SELECT language, count(DISTINCT offer_ref) FROM (" + sql + ") AS spoken "  # noqa: S608
            "GROUP BY language",
            params,
        )
        return dict(cursor.fetchall())


def offers_public_outdated_by_organisation(
    *, days: int = 180, municipality_id: int | None = None
) -> list[tuple[str, int]]:
    """Public offers not reviewed for ``days`` days (or never), per organisation:
    ``[(organisation name, offers)]``, most first."""
    from datetime import timedelta

    from django.db.models import Count

    cutoff = timezone.now() - timedelta(days=days)
    offers = offers_public().filter(
        Q(last_reviewed_at__isnull=True) | Q(last_reviewed_at__lt=cutoff)
    )
    if municipality_id:
        offers = offers.filter(offer_locations__location__municipality_id=municipality_id)
    rows = (
        offers.order_by()
        .values_list("organisation__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "organisation__name")
    )
    return list(rows)
