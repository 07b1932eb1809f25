"""Search the index: parse the query, apply filters, count facets, highlight snippets."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.lang.porter import stem
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query import Every, FuzzyTerm, MultiTerm, Query

from .errors import QueryError, QuerySyntaxError
from .facets import FacetTables, day_range, load_tables
from .models import Hit, SearchRequest, SearchResult
from .names import name_key
from .postings import Postings
from .schema import SEARCH_FIELDS
from .store import open_index

MAX_LIMIT = 100
RARE = 2  # results at or below which a respelled query is offered
MAX_TERMS = 200  # words and patterns in one query
MAX_EXPANSION = 500  # index words one wildcard or fuzzy term may stand for
MAX_WINDOW = 10_000  # page * limit: deeper pages are refused
MAX_QUERY_CHARS = 2_000
SNIPPET_CHARS = 240
FACETS = ("people", "regions", "countries")


@dataclass(frozen=True)
class Generation:
    """One committed index generation: its searcher, facet tables and posting arrays, used together."""

    searcher: Any
    tables: FacetTables
    postings: Postings

    @classmethod
    def open(cls, searcher: Any, path: Path) -> Generation:
        tables = load_tables(searcher.reader(), path)
        return cls(searcher, tables, Postings(searcher, tables.lengths))


class Archive:
    """An open index for searching: one generation at a time, refreshed when the index changes.

    A search takes one generation and uses only it, so a commit in the middle cannot mix arrays
    of different sizes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.index = open_index(path)
        self._lock = threading.Lock()
        self._generation = Generation.open(self.index.searcher(), path)
        self.parser = MultifieldParser(list(SEARCH_FIELDS), self.index.schema)
        self.parser.add_plugin(FuzzyTermPlugin())

    def generation(self) -> Generation:
        """Return the newest committed index generation."""
        with self._lock:
            if not self._generation.searcher.up_to_date():
                self._generation = Generation.open(self._generation.searcher.refresh(), self.path)
            return self._generation

    def current(self) -> tuple[Any, FacetTables]:
        """Return the searcher and facet tables of the newest generation."""
        generation = self.generation()
        return generation.searcher, generation.tables

    def close(self) -> None:
        """Release the searcher's files."""
        self._generation.searcher.close()

    def search(self, request: SearchRequest) -> SearchResult:
        """Return the hits, total and facet counts of a request."""
        started = time.perf_counter()
        check_request(request)
        generation = self.generation()
        tables = generation.tables
        query, filters, mask = self.selection(generation, request)
        total = int(mask.sum())
        hits = self.page(generation, query, mask, request)
        facets = {name: tables.counts(name, mask, request.facet_limit) for name in FACETS}
        facets.update(tables.timeline(mask))
        suggestion = self.better_spelling(generation, query, request.query, total, filters)
        return SearchResult(request, total, hits, facets, time.perf_counter() - started, suggestion)

    def all_hits(self, request: SearchRequest, limit: int) -> tuple[Hit, ...]:
        """Return up to `limit` hits of a request in its order, all from one index generation, without facets
        (an export: one pass, where paging would rank the result set once per page and could straddle a commit)."""
        check_request(replace(request, limit=1, page=1))
        generation = self.generation()
        query, _, mask = self.selection(generation, request)
        return self.page(generation, query, mask, replace(request, limit=limit, page=1))

    def selection(self, generation: Generation, request: SearchRequest) -> tuple[Query, np.ndarray | None, np.ndarray]:
        """Return a request's parsed query, its filter mask (None: no filters) and the mask of its result set."""
        query = self.parse(request.query, generation.searcher.reader())
        filters = filter_mask(generation.tables, request)
        mask = self.matching(generation, query)
        return query, filters, mask if filters is None else mask & filters

    def better_spelling(
        self, generation: Generation, query: Query, text: str, total: int, filters: np.ndarray | None
    ) -> str | None:
        """Return a respelled query when this one finds little (at most RARE documents) and the respelling,
        under the same filters, finds more."""
        if total > RARE:
            return None
        suggestion = self.suggest(generation.searcher, query, text)
        if suggestion is None:
            return None
        try:
            found = self.matching(generation, self.parse(suggestion, generation.searcher.reader()))
        except QueryError:
            return None
        return suggestion if (found if filters is None else found & filters).sum() > total else None

    def suggest(self, searcher: Any, query: Query, text: str) -> str | None:
        """Return a corrected query string when words of the query are absent from the index."""
        if isinstance(query, Every):
            return None
        reader = searcher.reader()
        words: dict[tuple[int, int], list[Any]] = {}
        for token in query.all_tokens():
            if token.fieldname in SEARCH_FIELDS:
                words.setdefault((token.startchar, token.endchar), []).append(token)
        # Only a word found in no field is misspelt, and the body's vocabulary corrects it: Whoosh by default
        # corrects every field's absent words, scanning the lexicon for each (a word missing only from titles, too).
        terms = [
            ("body", t.text)
            for tokens in words.values()
            if not any((t.fieldname, t.text) in reader for t in tokens)
            for t in tokens
            if t.fieldname == "body"
        ]
        if not terms:
            return None
        try:
            corrected = searcher.correct_query(query, text, terms=terms, prefix=1)
        except Exception:  # spelling is a courtesy; never let it fail a search
            return None
        return corrected.string if corrected.query != query and corrected.string != text else None

    def more_like(self, doc_id: str, top: int = 5) -> list[dict[str, Any]]:
        """Return the stored fields of documents whose text is like this one's."""
        searcher, _ = self.current()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        return [dict(hit) for hit in searcher.more_like(docnum, "body", top=top)]

    def parse(self, text: str, reader: Any = None) -> Query:
        """Return the Whoosh query of a query string, or raise QuerySyntaxError with the reason."""
        text = text.strip()
        if not text or text == "*":
            return Every()
        check_syntax(text)
        try:
            query = self.parser.parse(text)
        except Exception as exc:  # Whoosh raises assorted errors on odd input
            raise QuerySyntaxError(f"Cannot read the query {text!r}: {exc}") from exc
        check_cost(query, reader if reader is not None else self.generation().searcher.reader())
        return query

    def matching(self, generation: Generation, query: Query) -> np.ndarray:
        """Return the mask of live documents that match the query (unscored)."""
        tables = generation.tables
        if isinstance(query, Every):
            return tables.live.copy()
        mask = np.zeros(tables.size, dtype=bool)
        mask[generation.postings.docs(query)] = True
        return mask & tables.live

    def page(self, generation: Generation, query: Query, mask: np.ndarray, request: SearchRequest) -> tuple[Hit, ...]:
        """Return the hits of the requested page, by relevance (BM25F over the result set) or by publication date."""
        first = (request.page - 1) * request.limit
        if request.sort == "date" or isinstance(query, Every):
            docnums = np.flatnonzero(mask)
            order = np.lexsort((docnums, -generation.tables.published[docnums]))
            chosen = [(int(d), 0.0) for d in docnums[order][first : first + request.limit]]
        else:
            chosen = generation.postings.top(query, mask, first, request.limit)
        terms = highlight_terms(query)
        return tuple(make_hit(generation.searcher.stored_fields(d), score, terms) for d, score in chosen)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """Return the stored fields of one document, or None."""
        searcher, _ = self.current()
        return searcher.document(id=doc_id)

    def variants(self, field: str, value: str) -> list[str]:
        """Return the spellings of a facet value merged across documents (people: Dolgachyov, Dolgachev)."""
        _, tables = self.current()
        return tables.variants(field, value)

    def total_documents(self) -> int:
        """Return how many documents the index holds."""
        searcher, _ = self.current()
        return int(searcher.doc_count())


def check_request(request: SearchRequest) -> None:
    """Raise QueryError when a request parameter is out of bounds."""
    if request.sort not in ("relevance", "date"):
        raise QueryError(f"sort must be 'relevance' or 'date', not {request.sort!r}.")
    if not 1 <= request.limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}.")
    if request.page < 1 or request.page * request.limit > MAX_WINDOW:
        raise QueryError(f"page must be at least 1 and page x limit at most {MAX_WINDOW}; narrow the search instead.")
    if len(request.query) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is longer than {MAX_QUERY_CHARS} characters.")
    for name in ("date_from", "date_to", "published_from", "published_to"):
        value = getattr(request, name)
        if value and day_range(value) is None:
            raise QueryError(f"{name.replace('_', '-')} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}.")


def check_cost(query: Query, reader: Any) -> None:
    """Raise QueryError for queries whose cost has no bound: wide fuzzy terms, wildcards of too many words."""
    leaves = [query] if query.is_leaf() else list(query.leaves())
    if len(leaves) > MAX_TERMS:
        raise QueryError(f"The query has {len(leaves)} terms; at most {MAX_TERMS} are allowed.")
    for leaf in leaves:
        if isinstance(leaf, FuzzyTerm):
            if leaf.maxdist > 2 or len(leaf.text) < 3:
                raise QueryError(f"A fuzzy term ({leaf.text}~) needs at least 3 letters and at most 2 edits.")
            leaf.prefixlength = max(leaf.prefixlength, 1)  # same first letter: bounds the lexicon walk
        if isinstance(leaf, MultiTerm):
            words = sum(1 for _ in islice(leaf._btexts(reader), MAX_EXPANSION + 1))
            if words > MAX_EXPANSION:
                raise QueryError(f"{leaf} matches more than {MAX_EXPANSION:,} words; make it more specific.")


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError for unbalanced quotes or parentheses."""
    if text.count('"') % 2:
        raise QuerySyntaxError('The query has an unclosed quotation mark (").')
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QuerySyntaxError("The query closes a parenthesis it never opened.")
    if depth:
        raise QuerySyntaxError("The query opens a parenthesis it never closes.")


def filter_mask(tables: FacetTables, request: SearchRequest) -> np.ndarray | None:
    """Return the mask of documents that pass every facet and date filter of the request (None: no filters)."""
    active = (request.people, request.regions, request.countries, request.exclude_people, request.exclude_regions,
              request.exclude_countries, request.date_from, request.date_to, request.published_from, request.published_to)  # fmt: skip
    if not any(active):
        return None
    mask = tables.live.copy()
    for field, wanted, unwanted in (
        ("people", request.people, request.exclude_people),
        ("regions", request.regions, request.exclude_regions),
        ("countries", request.countries, request.exclude_countries),
    ):
        for value in wanted:
            mask &= tables.with_value(field, value)
        for value in unwanted:
            mask &= ~tables.with_value(field, value)
    if request.date_from or request.date_to:
        mask &= tables.mentioning_dates(*bounds(request.date_from, request.date_to))
    if request.published_from or request.published_to:
        mask &= tables.published_between(*bounds(request.published_from, request.published_to))
    return mask


def bounds(start: str | None, end: str | None) -> tuple[int, int]:
    """Return the day ordinals that a from/to pair spans (open ends unbounded)."""
    first = (day_range(start) or (1, 1))[0] if start else 1
    last = (day_range(end) or (0, dt.date.max.toordinal()))[1] if end else dt.date.max.toordinal()
    return first, last


def highlight_terms(query: Query) -> frozenset[str]:
    """Return the analyzed words of the query that snippets mark."""
    try:
        terms = query.all_terms()
    except Exception:
        return frozenset()
    words = {t.decode() if isinstance(t, bytes) else str(t) for f, t in terms if f in SEARCH_FIELDS}
    return frozenset(words)


WORD = re.compile(r"\w+")
CONTEXT = 80
MAX_WINDOW_CHARS = 320


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """Return the forms of a word the index may hold: as is, stemmed, with name variants folded."""
    lower = word.lower()
    return (lower, stem(lower), name_key(lower))


def snippet(text: str, terms: frozenset[str], top: int = 2) -> str:
    """Return an HTML snippet of the text: escaped, with <mark> around the query terms, from the first matches."""
    text = text[:200_000]
    starts = {t[:3] for t in terms}
    found = [
        m.span()
        for m in WORD.finditer(text)
        if m.group()[:3].lower() in starts and terms.intersection(word_forms(m.group()))
    ]
    if not found:
        head = text[:SNIPPET_CHARS]
        return html.escape(head.rsplit(" ", 1)[0] + " …" if len(text) > SNIPPET_CHARS else head)
    windows: list[list[int]] = []
    for start, end in found:
        if windows and start - CONTEXT <= windows[-1][1]:
            if end + CONTEXT - windows[-1][0] <= MAX_WINDOW_CHARS:
                windows[-1][1] = min(len(text), end + CONTEXT)
        elif len(windows) < top:
            windows.append([max(0, start - CONTEXT), min(len(text), end + CONTEXT)])
    return " … ".join(_marked(text, a, b, found) for a, b in windows)


def _marked(text: str, start: int, end: int, found: list[tuple[int, int]]) -> str:
    """Return text[start:end] escaped, whole words only, with the found spans marked."""
    while start > 0 and text[start - 1].isalnum():
        start += 1
    while end < len(text) and text[end].isalnum() and end > start:
        end -= 1
    out, position = [], start
    for a, b in found:
        if a >= start and b <= end:
            out += [html.escape(text[position:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
            position = b
    out.append(html.escape(text[position:end]))
    return "".join(out).strip()


def make_hit(fields: dict[str, Any], score: float, terms: frozenset[str]) -> Hit:
    """Return a hit from the stored fields of a document."""

    def split(name: str) -> tuple[str, ...]:
        return tuple(v for v in (fields.get(name) or "").split(",") if v)

    return Hit(
        id=fields["id"],
        title=fields.get("title") or "",
        published=fields.get("published") or None,
        score=score,
        snippet=snippet(fields.get("body") or "", terms),
        path=fields.get("path") or "",
        people=split("people"),
        regions=split("regions"),
        countries=split("countries"),
        dates=split("dates"),
    )
