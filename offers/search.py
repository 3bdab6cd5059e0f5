"""Searching the public catalogue: full text, typo tolerance, filters, facet counts, sorting
and suggestions when nothing is found. Built on ``offers_public()``, so only published,
valid offers are ever found.

Full text: German against ``Offer.search_de`` (umlauts folded like the column), and the
reader's language against ``OfferTranslation.search`` (same configuration as that column).
Typos: when full text finds fewer than ``FEW_HITS`` offers, titles similar by pg_trgm word
similarity are added, ranked below the full-text hits.
"""

import math
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    Lexeme,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    ASin,
    Cast,
    Coalesce,
    Cos,
    Greatest,
    Lower,
    Power,
    Radians,
    Sin,
    Sqrt,
)

from kim_portal.models import Municipality

from .models import (
    SEARCH_CONFIGS,
    Category,
    Offer,
    OfferLocation,
    OfferTranslation,
    TargetGroup,
    fold_german_text,
)
from .selectors import offers_public

PAGE_SIZE = 20
# Fewer full-text hits than this and similarly spelt titles are added.
FEW_HITS = 3
# pg_trgm word similarity from which a title counts as "spelt similarly".
FUZZY_THRESHOLD = 0.4
# Similarity from which a word of a title is offered as "did you mean".
SUGGEST_THRESHOLD = 0.3
MAX_QUERY_WORDS = 8
EARTH_RADIUS_KM = 6371.0

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_DISTANCE = "distance"

FLAG_FILTERS = ("free", "childcare", "barrier_free", "online")

_WORD = re.compile(r"\w+", re.UNICODE)
# German inflection endings tried off a query word, so that "Sprachkurse" also finds
# "Sprachkurs": PostgreSQL's Snowball stemmer gives them different stems ("sprachkurs",
# "sprachkur").
_GERMAN_ENDINGS = ("en", "es", "er", "e", "n", "s")


@dataclass(frozen=True)
class OfferCriteria:
    """What the reader asked for; every part optional."""

    query: str = ""
    municipality: Municipality | None = None
    category: Category | None = None
    target_group: TargetGroup | None = None
    language: str = ""
    free: bool = False
    childcare: bool = False
    barrier_free: bool = False
    online: bool = False
    sort: str = ""
    near: Municipality | None = None

    @property
    def has_filters(self) -> bool:
        return bool(
            self.municipality
            or self.category
            or self.target_group
            or self.language
            or any(getattr(self, name) for name in FLAG_FILTERS)
        )

    @property
    def effective_sort(self) -> str:
        """The order actually used: relevance needs a query, distance a town."""
        if self.sort == SORT_DISTANCE and self.distance_origin is not None:
            return SORT_DISTANCE
        if self.sort == SORT_NEWEST:
            return SORT_NEWEST
        if self.query and self.sort in ("", SORT_RELEVANCE):
            return SORT_RELEVANCE
        return SORT_NEWEST

    @property
    def distance_origin(self) -> Municipality | None:
        return self.near or self.municipality

    def as_params(self) -> dict[str, str]:
        """The criteria as URL parameters (the canonical form, for links)."""
        params = {
            "q": self.query,
            "town": self.municipality.ags if self.municipality else "",
            "category": self.category.slug if self.category else "",
            "target_group": self.target_group.slug if self.target_group else "",
            "language": self.language,
            "sort": self.sort,
            "near": self.near.ags if self.near else "",
        }
        params.update({name: "1" for name in FLAG_FILTERS if getattr(self, name)})
        return {key: value for key, value in params.items() if value}


@dataclass
class Facets:
    """Result counts per filter option, each computed with all *other* filters applied:
    the number of offers the reader gets on choosing that option."""

    municipality: dict[int, int] = field(default_factory=dict)
    category: dict[int, int] = field(default_factory=dict)
    target_group: dict[int, int] = field(default_factory=dict)
    language: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)


@dataclass
class OfferSearchResult:
    offers: QuerySet  # ordered, with what the result list shows prefetched
    facets: Facets
    sort: str
    distance_origin: Municipality | None
    # True when similarly spelt titles were added to too few full-text hits.
    fuzzy: bool = False
    # The public offers matching the query text, and the active filters' conditions.
    matching_text: QuerySet | None = None
    conditions: dict = field(default_factory=dict)


@dataclass
class Suggestions:
    """What to offer instead of an empty result."""

    terms: list[str] = field(default_factory=list)
    # (municipality, count, km) of the nearest other towns that have results.
    nearby_towns: list[tuple] = field(default_factory=list)
    without_town: int = 0
    without_filters: int = 0


def search_taxonomies() -> dict:
    """The choices of the search form: towns, categories, target groups."""
    return {
        "municipalities": list(Municipality.objects.order_by("name")),
        "categories": list(Category.objects.all()),
        "target_groups": list(TargetGroup.objects.all()),
    }


# --- Full text ---------------------------------------------------------------------------


def _query_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1][:MAX_QUERY_WORDS]


def _german_word(word: str) -> Lexeme:
    variants = {word}
    if word.endswith("innen") and len(word) > 7:
        variants.add(word[:-3])  # Schülerinnen → Schülerin
    for ending in _GERMAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            variants.add(word[: -len(ending)])
    if not word.endswith("e"):
        variants.add(word + "e")
    lexemes = [Lexeme(v) for v in sorted(variants)]
    if len(word) >= 6:
        # Also the start of compounds: "Deutsch" finds "Deutschkurs".
        lexemes.append(Lexeme(word, prefix=True))
    return reduce(or_, lexemes)


def german_query(text: str) -> SearchQuery | None:
    """The reader's words against the German vector: folded like the column, every word
    required, each with its common inflections."""
    words = _query_words(fold_german_text(text))
    if not words:
        return None
    return SearchQuery(reduce(and_, (_german_word(w) for w in words)), config="german")


def _translated_word(word: str, config: str) -> Lexeme:
    lexemes = [Lexeme(word)]
    if len(word) >= 4:
        lexemes.append(Lexeme(word, prefix=True))
    if config == "simple":
        # No stemmer for Ukrainian, Arabic, Persian: a word's start finds its inflections.
        if len(word) >= 5:
            lexemes.append(Lexeme(word[:-1], prefix=True))
        if word.startswith("ال") and len(word) >= 5:
            lexemes.append(Lexeme(word[2:], prefix=True))  # Arabic article
    return reduce(or_, lexemes)


def translation_query(text: str, language: str) -> SearchQuery | None:
    """The reader's words against translations into ``language`` (that column's
    configuration: stemming for English, Russian, Turkish, word starts for the others)."""
    words = _query_words(text)
    if not words or language == "de":
        return None
    config = SEARCH_CONFIGS.get(language, "simple")
    return SearchQuery(reduce(and_, (_translated_word(w, config) for w in words)), config=config)


@dataclass
class _TextMatch:
    condition: Q
    score: object  # an expression: higher is better
    fuzzy: bool
    aliases: dict = field(default_factory=dict)  # what condition and score refer to

    def apply(self, queryset: QuerySet) -> QuerySet:
        return queryset.alias(**self.aliases).filter(self.condition)


def _text_match(text: str, language: str) -> _TextMatch | None:
    de_query = german_query(text)
    tr_query = translation_query(text, language)
    if de_query is None and tr_query is None:
        return None
    conditions, ranks = [], []
    if de_query is not None:
        conditions.append(Q(search_de=de_query))
        ranks.append(SearchRank(F("search_de"), de_query))
    if tr_query is not None:
        translations = OfferTranslation.objects.filter(
            offer=OuterRef("pk"), language=language, search=tr_query
        )
        conditions.append(Q(Exists(translations)))
        ranks.append(
            Coalesce(
                Subquery(
                    translations.annotate(rank=SearchRank(F("search"), tr_query)).values("rank")[
                        :1
                    ],
                    output_field=FloatField(),
                ),
                0.0,
            )
        )
    full_text = reduce(or_, conditions)
    rank = ranks[0] if len(ranks) == 1 else Greatest(*ranks)

    hits = offers_public().filter(full_text).values_list("pk", flat=True)[:FEW_HITS]
    if len(hits) >= FEW_HITS:
        return _TextMatch(condition=full_text, score=rank, fuzzy=False)

    needle = text.lower()[:200]
    similarity = TrigramWordSimilarity(needle, Lower("title"))
    if language != "de":
        similarity = Greatest(
            similarity,
            Coalesce(
                Subquery(
                    OfferTranslation.objects.filter(offer=OuterRef("pk"), language=language)
                    .annotate(sim=TrigramWordSimilarity(needle, Lower("title")))
                    .values("sim")[:1],
                    output_field=FloatField(),
                ),
                0.0,
            ),
        )
    similar_only = (
        offers_public()
        .alias(title_similarity=similarity)
        .filter(title_similarity__gte=FUZZY_THRESHOLD)
        .exclude(full_text)
    )
    if not similar_only.exists():
        return _TextMatch(condition=full_text, score=rank, fuzzy=False)
    # Full-text hits first (score above 1), then the similar titles by similarity.
    return _TextMatch(
        condition=full_text | Q(title_similarity__gte=FUZZY_THRESHOLD),
        score=Case(
            When(full_text, then=rank + 1.0),
            default=F("title_similarity"),
            output_field=FloatField(),
        ),
        fuzzy=True,
        aliases={"title_similarity": similarity},
    )


# --- Filters and facets ------------------------------------------------------------------


def _filters(criteria: OfferCriteria) -> dict[str, Q]:
    """One condition per active filter, by facet name."""
    conditions = {}
    if criteria.municipality:
        conditions["municipality"] = Q(
            Exists(
                OfferLocation.objects.filter(
                    offer=OuterRef("pk"), location__municipality=criteria.municipality
                )
            )
        )
    if criteria.category:
        conditions["category"] = Q(
            Exists(
                Offer.categories.through.objects.filter(
                    offer=OuterRef("pk"), category=criteria.category
                )
            )
        )
    if criteria.target_group:
        conditions["target_group"] = Q(
            Exists(
                Offer.target_groups.through.objects.filter(
                    offer=OuterRef("pk"), targetgroup=criteria.target_group
                )
            )
        )
    if criteria.language:
        conditions["language"] = Q(languages__contains=[criteria.language])
    for name in FLAG_FILTERS:
        if getattr(criteria, name):
            conditions[name] = _FLAG_CONDITIONS[name]
    return conditions


_FLAG_CONDITIONS = {
    "free": Q(is_free=True),
    "childcare": Q(childcare=True),
    "barrier_free": Q(barrier_free=True),
    "online": Q(mode__in=[Offer.Mode.ONLINE, Offer.Mode.HYBRID]),
}


def _apply(queryset, conditions: dict[str, Q], *, without=()) -> QuerySet:
    rest = [q for name, q in conditions.items() if name not in without]
    return queryset.filter(*rest) if rest else queryset


def _facets(base: QuerySet, conditions: dict[str, Q]) -> Facets:
    """Five grouped queries, whatever the number of options."""

    def ids(name):
        return _apply(base, conditions, without={name}).values("pk")

    municipality = (
        OfferLocation.objects.filter(offer__in=ids("municipality"))
        .values("location__municipality_id")
        .annotate(n=Count("offer_id", distinct=True))
        .order_by()
    )
    category = (
        Offer.categories.through.objects.filter(offer__in=ids("category"))
        .values("category_id")
        .annotate(n=Count("offer_id"))
        .order_by()
    )
    target_group = (
        Offer.target_groups.through.objects.filter(offer__in=ids("target_group"))
        .values("targetgroup_id")
        .annotate(n=Count("offer_id"))
        .order_by()
    )
    language = (
        Offer.objects.filter(pk__in=ids("language"))
        .annotate(code=Func(F("languages"), function="unnest"))
        .values("code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    flag_base = _apply(base, conditions, without=set(FLAG_FILTERS))
    counts = flag_base.order_by().aggregate(
        **{
            f"{name}_count": Count(
                "pk",
                filter=reduce(
                    and_,
                    [
                        q
                        for other, q in conditions.items()
                        if other in FLAG_FILTERS and other != name
                    ],
                    _FLAG_CONDITIONS[name],
                ),
            )
            for name in FLAG_FILTERS
        }
    )
    return Facets(
        municipality={r["location__municipality_id"]: r["n"] for r in municipality},
        category={r["category_id"]: r["n"] for r in category},
        target_group={r["targetgroup_id"]: r["n"] for r in target_group},
        language={r["code"]: r["n"] for r in language},
        flags={name: counts[f"{name}_count"] for name in FLAG_FILTERS},
    )


# --- Distance ----------------------------------------------------------------------------


def _distance_km(origin: Municipality):
    """Great-circle distance (haversine) from the town centre of ``origin`` to the nearest
    location of the offer; the location's own coordinates, else its town's centre. NULL for
    offers without a location."""
    lat0, lon0 = math.radians(float(origin.latitude)), math.radians(float(origin.longitude))
    lat = Radians(
        Cast(Coalesce("location__latitude", "location__municipality__latitude"), FloatField())
    )
    lon = Radians(
        Cast(Coalesce("location__longitude", "location__municipality__longitude"), FloatField())
    )
    haversine = Power(Sin((lat - Value(lat0)) / 2), 2) + Value(math.cos(lat0)) * Cos(lat) * Power(
        Sin((lon - Value(lon0)) / 2), 2
    )
    # LEAST guards asin against rounding just above 1.
    distance = ASin(Sqrt(Func(haversine, Value(1.0), function="LEAST", output_field=FloatField())))
    nearest = (
        OfferLocation.objects.filter(offer=OuterRef("pk"))
        .annotate(km=Value(2 * EARTH_RADIUS_KM) * distance)
        .order_by("km")
        .values("km")[:1]
    )
    return Subquery(nearest, output_field=FloatField())


def km_between(a: Municipality, b: Municipality) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --- Putting it together -----------------------------------------------------------------


def offers_listing(queryset: QuerySet, *, language: str) -> QuerySet:
    """What a result list shows of each offer, fetched in a constant number of queries:
    organisation, categories, towns and the translation into ``language``."""
    queryset = queryset.select_related("organisation").prefetch_related(
        "categories",
        Prefetch(
            "offer_locations",
            queryset=OfferLocation.objects.select_related("location__municipality").order_by(
                "location__municipality__name", "pk"
            ),
        ),
    )
    if language != "de":
        queryset = queryset.prefetch_related(
            Prefetch(
                "translations",
                queryset=OfferTranslation.objects.filter(language=language),
                to_attr="current_translations",
            )
        )
    return queryset


def offers_search(criteria: OfferCriteria, *, language: str) -> OfferSearchResult:
    """The public offers matching ``criteria``, ordered as asked, with facet counts."""
    base = offers_public()
    text = _text_match(criteria.query, language) if criteria.query else None
    if text is not None:
        base = text.apply(base)
    conditions = _filters(criteria)
    facets = _facets(base, conditions)

    offers = _apply(base, conditions)
    sort = criteria.effective_sort
    if sort == SORT_RELEVANCE and text is None:
        sort = SORT_NEWEST  # a query of single letters or punctuation ranks nothing
    origin = criteria.distance_origin if sort == SORT_DISTANCE else None
    if origin is not None:
        offers = offers.annotate(distance_km=_distance_km(origin)).order_by(
            F("distance_km").asc(nulls_last=True), F("published_at").desc(nulls_last=True), "pk"
        )
    elif sort == SORT_RELEVANCE and text is not None:
        offers = offers.annotate(score=text.score).order_by(
            "-score", F("published_at").desc(nulls_last=True), "pk"
        )
    else:
        offers = offers.order_by(F("published_at").desc(nulls_last=True), "-pk")
    return OfferSearchResult(
        offers=offers_listing(offers, language=language),
        facets=facets,
        sort=sort,
        distance_origin=origin,
        fuzzy=bool(text and text.fuzzy),
        matching_text=base,
        conditions=conditions,
    )


def search_close_terms(text: str, *, language: str, limit: int = 5) -> list[str]:
    """Queries spelt like ``text`` that would find something: each query word replaced by a
    similar word from the titles of public offers (German, and the reader's language)."""
    words = _query_words(text)[:4]
    if not words:
        return []
    # Table names come from the models, values are parameters.
    public_sql, public_params = offers_public().values("pk").query.sql_with_params()
    offer_table, translation_table = Offer._meta.db_table, OfferTranslation._meta.db_table
    titles = f"SELECT lower(title) AS title FROM {offer_table} WHERE id IN ({public_sql})"  # noqa: S608
    params = list(public_params)
    if language != "de":
        titles += (
            f" UNION ALL SELECT lower(title) FROM {translation_table}"  # noqa: S608
            f" WHERE language = %s AND offer_id IN ({public_sql})"
        )
        params += [language, *public_params]
    sql = f"""
        SELECT q.word, w.word, similarity(w.word, q.word) AS sim
        FROM unnest(%s::text[]) AS q(word)
        CROSS JOIN (
            SELECT DISTINCT regexp_split_to_table(t.title, '[^[:alnum:]]+') AS word
            FROM ({titles}) AS t
        ) AS w
        WHERE length(w.word) > 2 AND w.word <> q.word AND similarity(w.word, q.word) >= %s
        ORDER BY q.word, sim DESC, w.word
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [words, *params, SUGGEST_THRESHOLD])
        rows = cursor.fetchall()
    alternatives: dict[str, list[str]] = {}
    for query_word, word, _sim in rows:
        alternatives.setdefault(query_word, []).append(word)
    if not alternatives:
        return []
    suggestions = []
    # First: every word replaced by its best match; then each word's other matches.
    best = " ".join(alternatives.get(w, [w])[0] for w in words)
    suggestions.append(best)
    for index, word in enumerate(words):
        for alternative in alternatives.get(word, [])[1:]:
            candidate = " ".join([*words[:index], alternative, *words[index + 1 :]])
            if candidate not in suggestions:
                suggestions.append(candidate)
    return suggestions[:limit]


def offers_search_suggestions(
    criteria: OfferCriteria, result: OfferSearchResult, *, language: str, towns: list
) -> Suggestions:
    """For an empty result: close terms, the nearest towns that do have results (same
    query and filters), and how many offers there are without the town or any filter."""
    suggestions = Suggestions()
    if criteria.query:
        suggestions.terms = search_close_terms(criteria.query, language=language)
    base, conditions = result.matching_text, result.conditions
    if criteria.municipality:
        others = [
            (town, result.facets.municipality[town.pk], km_between(criteria.municipality, town))
            for town in towns
            if town.pk != criteria.municipality.pk and result.facets.municipality.get(town.pk)
        ]
        suggestions.nearby_towns = sorted(others, key=lambda row: row[2])[:3]
        suggestions.without_town = _apply(base, conditions, without={"municipality"}).count()
    if criteria.has_filters:
        suggestions.without_filters = base.count()
    return suggestions
