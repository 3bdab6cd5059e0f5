"""An in-memory index of the public catalogue for the search page: which public offers
have which town, category, target group, language and flag, as bitsets, so that filters
and facet counts for any request are a few integer operations instead of SQL.

Python integers are the bitsets: bit *i* stands for the offer at position *i* of the
newest-first order. ``mask & other`` intersects, ``int.bit_count()`` counts.

Freshness: a PostgreSQL sequence (``offers_catalogue_version``) is advanced by statement
triggers on every table the public catalogue is made of (migration 0006). The index is
built once per process for each (version, Berlin date) and rebuilt when either changes;
the date matters because offers drop out when their validity ends. A sequence is used
rather than a counter row because it never goes back on rollback, so two different states
never share a version. The index also expires after ``MAX_AGE`` seconds: a reader that
ran between a writer's trigger and its commit can have built it from the old state.

The index decides *which* offers match and in what order; the offers shown are always
read again through ``offers_public()``, so nothing unpublished is ever shown even from an
index that is a moment old.
"""

import math
import threading
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from kim_portal.models import Municipality

from .models import Category, Offer, OfferLocation, TargetGroup
from .selectors import offers_public

EARTH_RADIUS_KM = 6371.0
MAX_AGE = 300  # seconds
VERSION_SEQUENCE = "offers_catalogue_version"

FLAG_FILTERS = ("free", "childcare", "barrier_free", "online")


def catalogue_version() -> int:
    """The catalogue's current version: changes whenever a public-facing table changes."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {VERSION_SEQUENCE}"  # noqa: S608
        )
        return cursor.fetchone()[0]


def km_between_points(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres between two points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bit_positions(mask: int, *, limit: int | None = None) -> list[int]:
    """The set bits of ``mask``, lowest first, at most ``limit`` of them."""
    positions = []
    while mask and (limit is None or len(positions) < limit):
        lowest = mask & -mask
        positions.append(lowest.bit_length() - 1)
        mask ^= lowest
    return positions


@dataclass
class CatalogueIndex:
    """The public offers of one catalogue version, newest first, with a bitset per
    filter option."""

    ids: list[int]  # position → offer id, newest first
    position: dict[int, int]  # offer id → position
    everything: int
    municipality: dict[int, int]
    category: dict[int, int]
    target_group: dict[int, int]
    language: dict[str, int]
    flags: dict[str, int]
    # Per position: (latitude, longitude) of each place the offer is held at.
    places: list[list[tuple[float, float]]]
    # The search form's choices, read with the same version.
    municipalities: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    _distances: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def mask_of(self, ids) -> int:
        """The bitset of those of ``ids`` that are public."""
        mask = 0
        position = self.position
        for pk in ids:
            index = position.get(pk)
            if index is not None:
                mask |= 1 << index
        return mask

    def distances_from(self, origin: Municipality) -> list[float | None]:
        """Per position, the distance in km from the centre of ``origin`` to the offer's
        nearest place; None for offers held nowhere (online only)."""
        with self._lock:
            distances = self._distances.get(origin.pk)
            if distances is None:
                lat0, lon0 = float(origin.latitude), float(origin.longitude)
                distances = [
                    min(km_between_points(lat0, lon0, lat, lon) for lat, lon in points)
                    if points
                    else None
                    for points in self.places
                ]
                self._distances[origin.pk] = distances
            return distances


def _bits(pairs) -> dict:
    masks: dict = {}
    for key, position in pairs:
        masks[key] = masks.get(key, 0) | (1 << position)
    return masks


def catalogue_index_build() -> CatalogueIndex:
    """Read the public catalogue (five queries, whatever its size) into an index."""
    rows = list(
        offers_public()
        .order_by(F("published_at").desc(nulls_last=True), "-pk")
        .values_list("pk", "is_free", "childcare", "barrier_free", "mode", "languages")
    )
    ids = [row[0] for row in rows]
    position = {pk: index for index, pk in enumerate(ids)}
    online = {Offer.Mode.ONLINE, Offer.Mode.HYBRID}
    flags = dict.fromkeys(FLAG_FILTERS, 0)
    language_pairs = []
    for index, (_pk, is_free, childcare, barrier_free, mode, languages) in enumerate(rows):
        bit = 1 << index
        if is_free:
            flags["free"] |= bit
        if childcare:
            flags["childcare"] |= bit
        if barrier_free:
            flags["barrier_free"] |= bit
        if mode in online:
            flags["online"] |= bit
        language_pairs.extend((code, index) for code in set(languages or ()))

    places: list[list[tuple[float, float]]] = [[] for _ in ids]
    town_pairs = []
    locations = OfferLocation.objects.filter(offer__in=offers_public()).values_list(
        "offer_id",
        "location__municipality_id",
        Coalesce("location__latitude", "location__municipality__latitude"),
        Coalesce("location__longitude", "location__municipality__longitude"),
    )
    for offer_id, municipality_id, latitude, longitude in locations:
        index = position.get(offer_id)
        if index is None:
            continue
        town_pairs.append((municipality_id, index))
        if latitude is not None and longitude is not None:
            places[index].append((float(latitude), float(longitude)))

    def term_pairs(through, column):
        for offer_id, term_id in through.objects.filter(offer__in=offers_public()).values_list(
            "offer_id", column
        ):
            index = position.get(offer_id)
            if index is not None:
                yield term_id, index

    return CatalogueIndex(
        ids=ids,
        position=position,
        everything=(1 << len(ids)) - 1,
        municipality=_bits(town_pairs),
        category=_bits(term_pairs(Offer.categories.through, "category_id")),
        target_group=_bits(term_pairs(Offer.target_groups.through, "targetgroup_id")),
        language=_bits(language_pairs),
        flags=flags,
        places=places,
        municipalities=list(Municipality.objects.order_by("name")),
        categories=list(Category.objects.all()),
        target_groups=list(TargetGroup.objects.all()),
    )


_built: dict = {}  # key → (index, built at)
_build_lock = threading.Lock()


def catalogue_index(version: int | None = None) -> CatalogueIndex:
    """The index of the current catalogue, built at most once per version, day and
    ``MAX_AGE`` in this process."""
    if version is None:
        version = catalogue_version()
    key = (version, timezone.localdate())
    entry = _built.get(key)
    if entry is not None and time.monotonic() - entry[1] < MAX_AGE:
        return entry[0]
    with _build_lock:
        entry = _built.get(key)
        if entry is None or time.monotonic() - entry[1] >= MAX_AGE:
            entry = (catalogue_index_build(), time.monotonic())
            _built.clear()  # older versions are never asked for again
            _built[key] = entry
    return entry[0]
