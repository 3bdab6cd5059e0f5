"""Searching the public catalogue: full text, typo tolerance, filters, facet counts, sorting
and suggestions when nothing is found. Built on ``offers_public()``, so only published,
valid offers are ever found.

Full text: German against ``Offer.search_de`` (umlauts folded like the column), and the
reader's language against ``OfferTranslation.search`` (same configuration as that column).
Typos: when full text finds fewer than ``FEW_HITS`` offers, titles similar by pg_trgm word
similarity are added, ranked below the full-text hits.

The text is matched once per request (one statement, two for typos); filters, facet
counts, order and paging then work on the in-memory index of the public catalogue
(``offers.catalogue``), and only the offers of the page shown are read.
"""

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
from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Lower

from kim_portal.models import Municipality

from .catalogue import (
    FLAG_FILTERS,
    CatalogueIndex,
    bit_positions,
    catalogue_index,
    km_between_points,
)
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

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_DISTANCE = "distance"

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
class Suggestions:
    """What to offer instead of an empty result."""

    terms: list[str] = field(default_factory=list)
    # (municipality, count, km) of the nearest other towns that have results.
    nearby_towns: list[tuple] = field(default_factory=list)
    without_town: int = 0
    without_filters: int = 0


def search_taxonomies(index: CatalogueIndex | None = None) -> dict:
    """The choices of the search form: towns, categories, target groups."""
    index = index or catalogue_index()
    return {
        "municipalities": index.municipalities,
        "categories": index.categories,
        "target_groups": index.target_groups,
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
    scores: dict[int, float]  # offer id → score, higher is better; public offers only
    fuzzy: bool


def _full_text_scores(text: str, language: str) -> dict[int, float] | None:
    """Offer ids whose German text or translation into ``language`` matches, with their
    rank (the better of the two). One statement; both parts use their GIN index."""
    de_query = german_query(text)
    tr_query = translation_query(text, language)
    if de_query is None and tr_query is None:
        return None
    parts = []
    if de_query is not None:
        parts.append(
            Offer.objects.filter(search_de=de_query)
            .annotate(score=SearchRank(F("search_de"), de_query))
            .values_list("pk", "score")
        )
    if tr_query is not None:
        parts.append(
            OfferTranslation.objects.filter(language=language, search=tr_query)
            .annotate(score=SearchRank(F("search"), tr_query))
            .values_list("offer_id", "score")
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    scores: dict[int, float] = {}
    for pk, score in rows.order_by():
        scores[pk] = max(score, scores.get(pk, 0.0))
    return scores


def _similar_title_scores(text: str, language: str) -> dict[int, float]:
    """Offer ids with a title (German or in ``language``) containing a word spelt like
    ``text``, with the pg_trgm word similarity. The ``%>`` operator uses the trigram
    indexes; its threshold is the session setting set here."""
    needle = text.lower()[:200]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(FUZZY_THRESHOLD)],
        )
    parts = [
        Offer.objects.alias(lower_title=Lower("title"))
        .filter(lower_title__trigram_word_similar=needle)
        .annotate(similarity=TrigramWordSimilarity(needle, Lower("title")))
        .values_list("pk", "similarity")
    ]
    if language != "de":
        parts.append(
            OfferTranslation.objects.filter(language=language)
            .alias(lower_title=Lower("title"))
            .filter(lower_title__trigram_word_similar=needle)
            .annotate(similarity=TrigramWordSimilarity(needle, Lower("title")))
            .values_list("offer_id", "similarity")
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    scores: dict[int, float] = {}
    for pk, similarity in rows.order_by():
        if similarity >= FUZZY_THRESHOLD:
            scores[pk] = max(similarity, scores.get(pk, 0.0))
    return scores


def _text_match(text: str, language: str, index: CatalogueIndex) -> _TextMatch | None:
    scores = _full_text_scores(text, language)
    if scores is None:
        return None
    public = {pk: score for pk, score in scores.items() if pk in index.position}
    if len(public) >= FEW_HITS:
        return _TextMatch(scores=public, fuzzy=False)
    similar = {
        pk: similarity
        for pk, similarity in _similar_title_scores(text, language).items()
        if pk in index.position and pk not in public
    }
    if not similar:
        return _TextMatch(scores=public, fuzzy=False)
    # Full-text hits first (score above 1), then the similar titles by similarity.
    return _TextMatch(
        scores={**similar, **{pk: score + 1.0 for pk, score in public.items()}}, fuzzy=True
    )


# --- Filters and facets ------------------------------------------------------------------


def _filters(criteria: OfferCriteria, index: CatalogueIndex) -> dict[str, int]:
    """The offers each active filter lets through, as a bitset per facet name."""
    masks = {}
    if criteria.municipality:
        masks["municipality"] = index.municipality.get(criteria.municipality.pk, 0)
    if criteria.category:
        masks["category"] = index.category.get(criteria.category.pk, 0)
    if criteria.target_group:
        masks["target_group"] = index.target_group.get(criteria.target_group.pk, 0)
    if criteria.language:
        masks["language"] = index.language.get(criteria.language, 0)
    for name in FLAG_FILTERS:
        if getattr(criteria, name):
            masks[name] = index.flags[name]
    return masks


def _apply(match: int, filters: dict[str, int], *, without=()) -> int:
    for name, mask in filters.items():
        if name not in without:
            match &= mask
    return match


def _counts(base: int, options: dict) -> dict:
    counts = {}
    for key, mask in options.items():
        if n := (base & mask).bit_count():
            counts[key] = n
    return counts


def _facets(index: CatalogueIndex, match: int, filters: dict[str, int]) -> Facets:
    """For every option, the offers with all *other* filters applied: bit operations on
    the index, no query."""
    flag_base = _apply(match, filters, without=FLAG_FILTERS)
    flag_filters = {name: mask for name, mask in filters.items() if name in FLAG_FILTERS}
    flags = {
        name: (_apply(flag_base, flag_filters, without={name}) & index.flags[name]).bit_count()
        for name in FLAG_FILTERS
    }
    return Facets(
        municipality=_counts(_apply(match, filters, without={"municipality"}), index.municipality),
        category=_counts(_apply(match, filters, without={"category"}), index.category),
        target_group=_counts(_apply(match, filters, without={"target_group"}), index.target_group),
        language=_counts(_apply(match, filters, without={"language"}), index.language),
        flags=flags,
    )


def km_between(a: Municipality, b: Municipality) -> float:
    return km_between_points(
        float(a.latitude), float(a.longitude), float(b.latitude), float(b.longitude)
    )


# --- The result list ---------------------------------------------------------------------


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


class SearchHits:
    """The matching offers in display order, read from the database only for the slice
    asked for (a page): what ``Paginator`` needs. ``order`` lists index positions in
    display order; without it, newest first (the index's own order)."""

    def __init__(
        self,
        index: CatalogueIndex,
        mask: int,
        *,
        language: str,
        order: list[int] | None = None,
        distances: list | None = None,
    ):
        self.index, self.mask, self.language = index, mask, language
        self.order, self.distances = order, distances

    def count(self) -> int:
        return self.mask.bit_count()

    def __len__(self) -> int:
        return self.count()

    def exists(self) -> bool:
        return bool(self.mask)

    def _positions(self, stop: int | None) -> list[int]:
        if self.order is None:
            return bit_positions(self.mask, limit=stop)
        members = bin(self.mask)[:1:-1]  # bit i is character i
        size = len(members)
        positions = []
        for position in self.order:
            if position < size and members[position] == "1":
                positions.append(position)
                if stop is not None and len(positions) >= stop:
                    break
        return positions

    def _offers(self, positions: list[int]) -> list[Offer]:
        ids = [self.index.ids[p] for p in positions]
        if not ids:
            return []
        # Read through offers_public(): an offer unpublished a moment ago is left out.
        found = {
            offer.pk: offer
            for offer in offers_listing(offers_public().filter(pk__in=ids), language=self.language)
        }
        offers = []
        for position, pk in zip(positions, ids, strict=True):
            offer = found.get(pk)
            if offer is not None:
                if self.distances is not None:
                    offer.distance_km = self.distances[position]
                offers.append(offer)
        return offers

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop or 0) < 0:
            raise ValueError("SearchHits takes plain forward slices only.")
        start = key.start or 0
        return self._offers(self._positions(key.stop)[start:])

    def __iter__(self):
        return iter(self._offers(self._positions(None)))


@dataclass
class OfferSearchResult:
    offers: SearchHits
    facets: Facets
    sort: str
    distance_origin: Municipality | None
    # True when similarly spelt titles were added to too few full-text hits.
    fuzzy: bool = False
    # The public offers matching the query text, and each active filter, as bitsets.
    match: int = 0
    filters: dict = field(default_factory=dict)


def offers_search(
    criteria: OfferCriteria, *, language: str, index: CatalogueIndex | None = None
) -> OfferSearchResult:
    """The public offers matching ``criteria``, ordered as asked, with facet counts."""
    index = index or catalogue_index()
    text = _text_match(criteria.query, language, index) if criteria.query else None
    match = index.everything if text is None else index.mask_of(text.scores)
    filters = _filters(criteria, index)
    mask = _apply(match, filters)

    sort = criteria.effective_sort
    if sort == SORT_RELEVANCE and text is None:
        sort = SORT_NEWEST  # a query of single letters or punctuation ranks nothing
    origin = criteria.distance_origin if sort == SORT_DISTANCE else None
    order = distances = None
    if origin is not None:
        distances = index.distances_from(origin)
        order = sorted(
            range(len(index.ids)),
            key=lambda p: (distances[p] is None, distances[p] or 0.0, p),
        )
    elif sort == SORT_RELEVANCE and text is not None:
        position = index.position
        order = [
            position[pk]
            for pk, _score in sorted(
                text.scores.items(), key=lambda item: (-item[1], position[item[0]])
            )
        ]
    return OfferSearchResult(
        offers=SearchHits(index, mask, language=language, order=order, distances=distances),
        facets=_facets(index, match, filters),
        sort=sort,
        distance_origin=origin,
        fuzzy=bool(text and text.fuzzy),
        match=match,
        filters=filters,
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
    if criteria.municipality:
        others = [
            (town, result.facets.municipality[town.pk], km_between(criteria.municipality, town))
            for town in towns
            if town.pk != criteria.municipality.pk and result.facets.municipality.get(town.pk)
        ]
        suggestions.nearby_towns = sorted(others, key=lambda row: row[2])[:3]
        suggestions.without_town = _apply(
            result.match, result.filters, without={"municipality"}
        ).bit_count()
    if criteria.has_filters:
        suggestions.without_filters = result.match.bit_count()
    return suggestions
