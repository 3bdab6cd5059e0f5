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
