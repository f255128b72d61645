"""Full-text search of organisations and projects, with the same features on SQLite and
PostgreSQL.

Business rules:

- Accents, case and punctuation are ignored: the record's `search_text` and the query both go
  through `toolbox.text.normalize_text` ("Schœlcher", "SCHOELCHER" and "schoelcher" are one).
- Every word of the query must be found (a word of one or two letters is not a filter).
  A word is found at the start of a word of the record ("potabl" finds "potable"); on
  PostgreSQL French stemming also finds its inflections ("cooperations", "coopération").
- Typos are forgiven: a query word that no record holds is also looked for as the closest
  words that records do hold (the vocabulary, `SearchWord`), at most `MAX_CORRECTIONS` of
  them with a trigram similarity of `TYPO_SIMILARITY` or more ("asociation" finds
  "association", "guadelope" finds "guadeloupe"). On PostgreSQL pg_trgm finds them through
  its index; elsewhere the words of about the same length are compared here.
- Relevance, when no other order is asked (`by_relevance`): first the records whose name (the
  first line of `search_text`: an organisation's name and acronym, a project's title) holds
  every word, then the others, each group by name. The same on both databases, and cheap:
  ranking every match by a score (`ts_rank`) cost 7 µs a row, 250 ms for a broad word at
  50,000 organisations, where walking the name index stops after one page.
- Costs do not grow with the records: on PostgreSQL the matches come from the GIN index of
  `search_vector`, the name matches from that of `title_vector` (both kept by a trigger from
  `search_text`, members 0012), and a page of the others from the (status, name) index; the
  vocabulary lookups are one or two small queries per search.
"""

import re
from dataclasses import dataclass
from typing import ClassVar

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db import connection, models
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import StrIndex

from toolbox.search import search_words
from toolbox.text import normalize_text

from .models.search import SearchWord

# pg_trgm's similarity (shared trigrams over all trigrams) from which a known word is taken
# for a typo: "guadelope"/"guadeloupe" 0.62, "asociation"/"association" 0.69,
# "developement"/"developpement" 0.71; "sante"/"santa" 0.5 would be, but a word records hold
# is never corrected.
TYPO_SIMILARITY = 0.45
MAX_CORRECTIONS = 3
# Beyond this many words a query is a sentence pasted in: the rest is ignored.
MAX_WORDS = 8
_TOKEN = re.compile(r"[a-z0-9]+")
# On SQLite, the words compared for a typo differ in length by this much at most.
_LENGTH_SLACK = 2


@dataclass(frozen=True)
class Term:
    """One word of the query and the known words it may also stand for."""

    word: str
    alternatives: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.word, *self.alternatives)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity` of two words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def query_terms(text: str) -> list[Term]:
    """The query's words (normalised, deduplicated, in order) with their typo corrections."""
    words = list(dict.fromkeys(_TOKEN.findall(normalize_text(text))))
    words = [w for w in words if len(w) >= 3][:MAX_WORDS] or words[:1]
    if not words:
        return []
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    return [Term(w) if w in known or len(w) < 4 else Term(w, tuple(corrections(w))) for w in words]


def corrections(word: str) -> list[str]:
    """The known words closest to a word no record holds, best first."""
    if connection.vendor == "postgresql":
        # `%` (pg_trgm.similarity_threshold, 0.3) reads the trigram index; the finer
        # threshold is applied on the few words it returns.
        rows = (
            SearchWord.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=TYPO_SIMILARITY)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:MAX_CORRECTIONS]
        )
        return list(rows)
    candidates = SearchWord.objects.filter(
        length__gte=len(word) - _LENGTH_SLACK, length__lte=len(word) + _LENGTH_SLACK
    ).values_list("word", flat=True)
    scored = sorted(
        ((similarity(word, c), c) for c in candidates.iterator(chunk_size=5000)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [c for score, c in scored[:MAX_CORRECTIONS] if score >= TYPO_SIMILARITY]


def _tsquery(terms: list[Term]) -> str:
    # Words are [a-z0-9]+ only: nothing a visitor types reaches to_tsquery's syntax.
    return " & ".join("(" + " | ".join(f"{f}:*" for f in t.forms) + ")" for t in terms)


def _found(terms: list[Term], *, title_only: bool = False) -> Q:
    """Every term found (in one of its forms), in the whole text or, on PostgreSQL only, in
    its first line (`_sqlite_tiers` for SQLite)."""
    if connection.vendor == "postgresql":
        field = "title_vector" if title_only else "search_vector"
        return Q(**{field: SearchQuery(_tsquery(terms), config="french", search_type="raw")})
    found = Q()
    for term in terms:
        alternatives = Q()
        for form in term.forms:
            alternatives |= Q(search_text__contains=form)
        found &= alternatives
    return found


def _terms(query: "str | list[Term]") -> list[Term]:
    # The terms once looked up (the filter's), or the text to look them up for.
    return query_terms(query) if isinstance(query, str) else query


def search(queryset: QuerySet, query: "str | list[Term]") -> QuerySet:
    """The records of `queryset` that match the query (a text, or its `query_terms`; see the
    module's rules), in the queryset's order. Works on any model with `search_text` and, on
    PostgreSQL, `search_vector` and `title_vector`."""
    terms = _terms(query)
    return queryset.filter(_found(terms)) if terms else queryset


class ByRelevance:
    """The matches of a search as a paginator reads them (`count()`, slices): those whose
    name holds every word first, then the others, each group in the order `then`."""

    def __init__(
        self, matches: QuerySet, query: "str | list[Term]", *, then: str, count: int | None = None
    ):
        terms = _terms(query)
        if connection.vendor == "postgresql":
            in_title = _found(terms, title_only=True)
            self.first = matches.filter(in_title)
            self.rest = matches.exclude(in_title)
        else:
            self.first, self.rest = _sqlite_tiers(matches, terms)
        self.first, self.rest = self.first.order_by(then, "pk"), self.rest.order_by(then, "pk")
        self._count = count

    def count(self) -> int:
        if self._count is None:
            self._count = self.first.count() + self.rest.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        start, stop = index.start or 0, index.stop
        head = list(self.first[start:stop])
        if stop is not None and len(head) >= stop - start:
            return head
        # How many name matches lie before this page: all of them when the page starts
        # beyond them (one count, on the small title index).
        before = start + len(head) if head else self.first.count()
        offset = max(0, start - before)
        wanted = None if stop is None else stop - start - len(head)
        tail = self.rest[offset : None if wanted is None else offset + wanted]
        return head + list(tail)


def _sqlite_tiers(matches: QuerySet, terms: list[Term]) -> tuple[QuerySet, QuerySet]:
    # Elsewhere: a word is in the name when found before the first line break.
    annotated = matches.alias(_title_end=StrIndex("search_text", Value("\n")))
    in_title = Q()
    for term in terms:
        alternatives = Q()
        for i, form in enumerate(term.forms):
            position = StrIndex("search_text", Value(form))
            annotated = annotated.alias(**{f"_at_{term.word}_{i}": position})
            alternatives |= Q(**{f"_at_{term.word}_{i}__gt": 0}) & Q(
                **{f"_at_{term.word}_{i}__lt": F("_title_end")}
            )
        in_title &= alternatives
    return annotated.filter(in_title), annotated.exclude(in_title)


class SearchTextMixin(models.Model):
    """A model searched through its `search_text` (`toolbox.search.search_words` of its
    `SEARCHED_FIELDS`), recomputed at every save, whose words join the vocabulary that typos
    are corrected towards, as an organisation's or a project's do."""

    SEARCHED_FIELDS: ClassVar[list[str]] = []

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        SearchWord.learn(self.search_text)

    def build_search_text(self) -> str:
        return search_words(getattr(self, field) for field in self.SEARCHED_FIELDS)


def search_stored(queryset: QuerySet, query: "str | list[Term]") -> QuerySet:
    """The records of `queryset` (a `SearchTextMixin` model) holding every word of the query
    at the start of one of theirs, in one of its forms (typos corrected as in `search`):
    accents and case ignored; on PostgreSQL through the text's trigram index."""
    terms = _terms(query)
    for term in terms:
        alternatives = Q()
        for form in term.forms:
            alternatives |= Q(search_text__contains=f" {form}")
        queryset = queryset.filter(alternatives)
    return queryset
