"""Search the index: parse the query, apply filters, count facets, highlight snippets."""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import numpy as np
from whoosh.query import Every, Or, Phrase, Query, Term

from .counting import ResultCounts
from .engine import reading
from .errors import IndexDamagedError, IndexNotFoundError, QueryError
from .facets import FacetTables, load_tables
from .language import language_code
from .models import (
    Copy,
    DocumentRecord,
    EntityCount,
    FacetPage,
    Hit,
    Mention,
    Organization,
    Person,
    Relaxation,
    SearchRequest,
    SearchResult,
    entities_from_dict,
)
from .names import fold_text
from .postings import Postings, cached
from .query import bounds, check_request, parse_query, query_parser, query_text, widen_facet_terms
from .registry import DATE_FILTERS, facet_named, facets
from .schema import RANKED_FIELDS
from .snippets import SNIPPET_TEXT_CHARS, highlight_terms, make_snippet, matched_words, term_spans
from .spelling import Vocabulary, load_vocabulary
from .stems import STEMS_FIELD, with_stems
from .store import open_index
from .timeline import CHARTS, ChartSpec, chart, filtered, unfiltered

FEW = 3  # documents: a query word finding at most this many may be respelled, if a far commoner word is close
DOMINANCE = 20  # ... and finds at least this many times its documents ("Volker" 1, "Volcker" 108)
PARSED_QUERIES = 1000  # parsed query strings kept per generation
MATCHED_QUERIES = 64  # queries whose matches are kept per generation, at most ...
MATCHED_BYTES = 16_000_000  # ... and at most this many bytes of them (a mark per document: 16 queries at a million)
MADE_HITS = 5_000  # hits kept per generation (Generation.made): a few megabytes of titles and snippets
MAX_NAME_CHARS = 200  # what of an unknown name Archive.closest compares
QUIET_NS = 2_000_000_000  # an index folder unchanged this long is trusted unchanged until its time stamp moves ...
TRUSTED_SECONDS = 1.0  # ... or this long has passed
TRIED = 8  # closest words whose documents are counted before giving up on a word
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Generation:
    """One committed index generation: its searcher, facet tables and posting arrays, used together."""

    searcher: Any
    tables: FacetTables
    postings: Postings
    folder: Path | None = None
    _vocabulary: list[Vocabulary] = field(default_factory=list)  # read on first use: most searches need none
    parsed: dict[str, Query] = field(default_factory=dict)  # query strings already parsed (paging, facet clicks)
    made: dict[tuple[int, frozenset[str]], Hit] = field(default_factory=dict)  # hits as listed, by document and terms
    copied: dict[int, Copy] = field(default_factory=dict)  # documents as listed under another copy of their story
    matched: dict[tuple[Query, Any], np.ndarray] = field(default_factory=dict)  # queries' matches (Archive.matching)
    choices: dict[str, tuple[list[str], list[str], dict[str, int]]] = field(default_factory=dict)  # Archive.closest
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, searcher: Any, path: Path) -> Generation:
        tables = load_tables(searcher.reader(), path)
        return cls(searcher, tables, Postings(searcher, tables.lengths), path)

    @property
    def matched_limit(self) -> int:
        """Return how many queries' matches this generation keeps (MATCHED_QUERIES, within MATCHED_BYTES)."""
        return max(4, min(MATCHED_QUERIES, MATCHED_BYTES // max(1, self.tables.size)))

    def forget(self) -> None:
        """Drop what searches kept (hits, copies, matches, parsed queries): a retired generation is not searched."""
        for kept in (self.parsed, self.made, self.copied, self.matched):
            kept.clear()

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """Return the codes of the languages this generation's documents are written in."""
        table = self.tables.fields.get("languages")
        if table is None or STEMS_FIELD not in self.searcher.schema:  # an index built before stems: none to search
            return ()
        return tuple(code for name in table.values if (code := language_code(name)))

    @property
    def vocabulary(self) -> Vocabulary:
        """Return the words of this generation as written, for spelling suggestions."""
        with self._lock:
            if not self._vocabulary:
                self._vocabulary.append(load_vocabulary(self.searcher.reader(), self.folder))
            return self._vocabulary[0]


P = ParamSpec("P")
R = TypeVar("R")


def reads_index(method: Callable[Concatenate[Archive, P], R]) -> Callable[Concatenate[Archive, P], R]:
    """Make an Archive method read the index one thread at a time (its files are read through shared
    handles, not mapped), Whoosh's failures as IndexDamagedError or IndexNotFoundError; after one of
    those the next call opens the index afresh, so a rebuilt index is served again."""

    @functools.wraps(method)
    def guarded(archive: Archive, *args: P.args, **kwargs: P.kwargs) -> R:
        with archive._lock:
            try:
                with reading(archive.path):
                    return method(archive, *args, **kwargs)
            except (IndexDamagedError, IndexNotFoundError):
                archive._discard()
                raise

    return guarded


class Archive:
    """An open index for searching: one generation at a time, refreshed when the index changes.

    A search takes one generation and uses only it, so a commit in the middle cannot mix arrays
    of different sizes. Every public method reads the index one thread at a time (`reads_index`).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._retired: Generation | None = None
        self._generation: Generation | None = None
        self._quiet: tuple[int, int, int, int] | None = None  # the folder's stamp when last found still
        self._trusted_until = 0.0  # time.monotonic() until which that stamp is trusted
        with reading(path):
            self._open()

    def _open(self) -> None:
        """Open the index and its newest generation afresh."""
        self.index = open_index(self.path)
        self._generation = self._newest()
        self.parser = query_parser(self.index.schema)

    def _newest(self) -> Generation:
        """Return the index's newest generation, its searcher closed again if its tables cannot be built."""
        searcher = self.index.searcher()
        try:
            return Generation.open(searcher, self.path)
        except BaseException:
            searcher.close()
            raise

    def _discard(self) -> None:
        """Forget the open generations (their files failed): the next call opens the index afresh."""
        with contextlib.suppress(Exception):
            self.close()
        self._retired = self._generation = None

    def generation(self) -> Generation:
        """Return the newest committed index generation."""
        with self._lock:
            if self._generation is None:
                self._open()
            assert self._generation is not None
            stamp = folder_stamp(self.path)
            if stamp is not None and stamp == self._quiet and time.monotonic() < self._trusted_until:
                return self._generation  # nothing was added, renamed or removed there since the last look
            if not self._generation.searcher.up_to_date():
                # A new searcher, not Whoosh's refresh(): refresh() matches segments by id alone and keeps
                # readers that carry the old deletions, so a server showed deleted and changed documents.
                fresh = self._newest()
                if self._retired is not None:  # two generations back: no request still reads it
                    self._retired.searcher.close()
                self._generation.forget()
                self._retired, self._generation = self._generation, fresh
            # Trusted only once the folder has been still for a while (a commit within the same tick of a coarse
            # file system clock would leave the stamp as it is), and for a second at most (a writer whose clock
            # lags, a copy that restores old times): Whoosh looks again at least once a second.
            quiet = stamp is not None and time.time_ns() - max(stamp[2], stamp[3]) > QUIET_NS
            self._quiet = stamp if quiet else None
            self._trusted_until = time.monotonic() + TRUSTED_SECONDS
            return self._generation

    def current(self) -> tuple[Any, FacetTables]:
        """Return the searcher and facet tables of the newest generation."""
        generation = self.generation()
        return generation.searcher, generation.tables

    def close(self) -> None:
        """Release the searchers' files."""
        for generation in (self._retired, self._generation):
            if generation is not None:
                generation.searcher.close()
        self._retired = self._generation = None

    def __del__(self) -> None:
        # the index files are open (read, not mapped) until the searchers close
        with contextlib.suppress(Exception):
            self.close()

    @reads_index
    def search(self, request: SearchRequest) -> SearchResult:
        """Return the hits, total and facet counts of a request."""
        started = time.perf_counter()
        check_request(request)
        generation = self.generation()
        tables = generation.tables
        query, filters, mask = self.selection(generation, request)
        total = int(mask.sum())
        stories = tables.stories(mask)
        hits = self.page(generation, query, mask, request)
        counted = ResultCounts(tables, mask)
        counts = {f.name: counted.facet(f.name, request.facet_limit, f.sort) for f in facets()}
        counts.update(counted.timeline())
        charts = tuple(chart(counted, self.charted(generation, query, mask, c, request), c, request) for c in CHARTS)
        suggestion = self.better_spelling(generation, query, request.query, total, filters)
        relaxed = self.relaxations(generation, query, request) if not total and filters is not None else ()
        seconds = time.perf_counter() - started
        return SearchResult(
            request, total, hits, counts, seconds, suggestion, stories=stories, relaxed=relaxed, charts=charts
        )

    def charted(
        self, generation: Generation, query: Query, mask: np.ndarray, spec: ChartSpec, request: SearchRequest
    ) -> np.ndarray:
        """Return the documents a timeline counts: the result set but for the chart's own date filter, so the
        chart shows the range chosen among the others (archive/timeline.py)."""
        if not filtered(spec, request):
            return mask
        others = filter_mask(generation.tables, unfiltered(spec, request))
        matched = self.matching(generation, query)
        return matched if others is None else matched & others

    @reads_index
    def hits(self, request: SearchRequest) -> tuple[Hit, ...]:
        """Return the hits of a request's page, in its order, without facets, timelines or suggestions (a
        neighbour of a document in its results costs one ranking, not a whole search)."""
        check_request(request)
        generation = self.generation()
        query, _, mask = self.selection(generation, request)
        return self.page(generation, query, mask, request)

    @reads_index
    def all_hits(self, request: SearchRequest, limit: int) -> tuple[Hit, ...]:
        """Return up to `limit` hits of a request in its order, all from one index generation, without facets
        (an export: one pass, where paging would rank the result set once per page and could straddle a commit)."""
        check_request(replace(request, limit=1, page=1))
        generation = self.generation()
        query, _, mask = self.selection(generation, request)
        return self.page(generation, query, mask, replace(request, limit=limit, page=1, all_copies=True))

    def selection(self, generation: Generation, request: SearchRequest) -> tuple[Query, np.ndarray | None, np.ndarray]:
        """Return a request's parsed query, its filter mask (None: no filters) and the mask of its result set."""
        query = self.parse(request.query, generation)
        filters = filter_mask(generation.tables, request)
        mask = self.matching(generation, query)
        return query, filters, mask if filters is None else mask & filters

    def relaxations(self, generation: Generation, query: Query, request: SearchRequest) -> tuple[Relaxation, ...]:
        """Return the filters of a request without which its query finds something, with what it then finds."""
        found = self.matching(generation, query)
        relaxed = []
        for relaxation, fewer in dropped_filters(request):
            mask = filter_mask(generation.tables, fewer)
            total = int((found if mask is None else found & mask).sum())
            if total:
                relaxed.append(replace(relaxation, total=total))
        return tuple(relaxed)

    def better_spelling(
        self, generation: Generation, query: Query, text: str, total: int, filters: np.ndarray | None
    ) -> str | None:
        """Return the query respelled with the archive's own words when that, under the same filters, finds more."""
        try:
            suggestion = self.suggest(generation, query, query_text(text), total)
            if suggestion is None:
                return None
            found = self.matching(generation, self.parse(suggestion, generation))
        except QueryError:
            return None
        except Exception:  # spelling is a courtesy; never let it fail a search
            log.warning("spelling suggestion failed for %r", text, exc_info=True)
            return None
        return suggestion if (found if filters is None else found & filters).sum() > total else None

    def suggest(self, generation: Generation, query: Query, text: str, total: int) -> str | None:
        """Return the query string with its absent words, and (when it finds at most FEW documents) its rare words
        that a far commoner word is written like, replaced by the archive's closest words."""
        if isinstance(query, Every):
            return None
        replaced = dict(self.respellings(generation, text, word_spans(query), total))
        for (start, end), word in sorted(replaced.items(), reverse=True):
            text = text[:start] + word + text[end:]
        return text if replaced else None

    def respellings(
        self, generation: Generation, text: str, spans: dict[tuple[int, int], list[Term]], total: int
    ) -> Iterator[tuple[tuple[int, int], str]]:
        """Yield the spans of a query's words to respell, each with the word to write there."""
        for span, terms in spans.items():
            if total > FEW and any(generation.postings.holds(t.fieldname, t.text) for t in terms):
                continue  # a query that finds enough: only its absent words are respelled (a lexicon look-up)
            found = int(self.matching(generation, Or(terms)).sum())
            if found > FEW:
                continue
            for candidate in generation.vocabulary.candidates(text[span[0] : span[1]])[:TRIED]:
                if found and (candidate.cost > 1 or candidate.documents < DOMINANCE * found):
                    continue  # a word of the archive gives way only to a far commoner one, one edit away
                if self.reach(generation, candidate.form) >= (DOMINANCE * found if found else 1):
                    yield span, candidate.form
                    break

    def reach(self, generation: Generation, word: str) -> int:
        """Return how many documents a word finds searched alone."""
        try:
            return int(self.matching(generation, self.parse(word, generation)).sum())
        except QueryError:
            return 0

    @reads_index
    def marked_words(self, text: str, query: str) -> list[tuple[int, int]]:
        """Return where the words a query string searches for stand in a text (a document page's marks); the
        query is parsed under the index lock, as every read of the index is."""
        return term_spans(text, highlight_terms(self.parse(query))) if query else []

    @reads_index
    def more_like(self, doc_id: str, top: int = 5) -> list[dict[str, Any]]:
        """Return the stored fields of documents whose text is like this one's."""
        searcher, _ = self.current()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        return [dict(hit) for hit in searcher.more_like(docnum, "body", top=top)]

    def parse(self, text: str, generation: Generation | None = None) -> Query:
        """Return the Whoosh query of a query string over one generation (by default the newest), facet values
        spelled alike included, or raise QuerySyntaxError with the reason."""
        generation = generation or self.generation()

        def parsed() -> Query:
            query = parse_query(self.parser, text, generation.searcher.reader())
            query = widen_facet_terms(query, generation.tables.spelled_alike)
            return with_stems(query, query_text(text), generation.languages)

        return cached(generation.parsed, text, parsed, PARSED_QUERIES)

    def matching(self, generation: Generation, query: Query) -> np.ndarray:
        """Return the mask of live documents that match the query (unscored), read-only: kept per generation, as a
        facet click, a date filter, paging and the "did you mean" counts ask for the same query's matches again."""

        def found() -> np.ndarray:
            tables = generation.tables
            if isinstance(query, Every):
                mask = tables.live.copy()
            else:
                mask = np.zeros(tables.size, dtype=bool)
                mask[generation.postings.docs(query)] = True
                mask &= tables.live
            mask.flags.writeable = False
            return mask

        return cached(generation.matched, query_key(query), found, generation.matched_limit)

    def page(self, generation: Generation, query: Query, mask: np.ndarray, request: SearchRequest) -> tuple[Hit, ...]:
        """Return the hits of the requested page, by relevance (BM25F over the result set) or by publication date
        (newest or oldest first).

        Unless the request asks for all copies, a story is listed once, by its first copy in the result set
        (the earliest published), with its other copies in the result set under it.
        """
        tables = generation.tables
        listed = mask if request.all_copies else first_copies(tables, mask)
        first = (request.page - 1) * request.limit
        if request.sort in ("date", "oldest") or isinstance(query, Every):
            docnums = np.flatnonzero(listed)
            days = tables.published[docnums]  # newest first, undated last; or oldest first, undated last
            order = np.lexsort((docnums, undated_last(days) if request.sort == "oldest" else -days))
            chosen = [(int(d), 0.0) for d in docnums[order][first : first + request.limit]]
        else:
            chosen = generation.postings.top(query, listed, first, request.limit)
        terms = highlight_terms(query)
        copies = {} if request.all_copies else self.copies(generation, [d for d, _ in chosen], mask)
        return tuple(
            replace(self.listed_hit(generation, d, terms), score=score, copies=copies.get(d, ())) for d, score in chosen
        )

    def listed_hit(self, generation: Generation, docnum: int, terms: frozenset[str]) -> Hit:
        """Return a document as a hit of a search for these terms, made once per generation: paging back, a
        facet click and a repeated search list the same documents for the same words (stored fields and snippet
        cost about a quarter of a millisecond a hit)."""
        fields = generation.searcher.stored_fields
        return cached(
            generation.made, (docnum, terms), lambda: make_hit(fields(docnum), 0.0, terms, generation.tables), MADE_HITS
        )

    def copies(
        self, generation: Generation, docnums: list[int], mask: np.ndarray, top: int = 20
    ) -> dict[int, tuple[Copy, ...]]:
        """Return the other copies of each document's story within a result set, earliest first (at most `top`
        each), for the documents that have any. One pass for a page: the result set's documents with copies
        anywhere are a few percent of it."""
        tables = generation.tables
        told = [d for d in docnums if tables.in_story[d]]
        if not told:
            return {}
        candidates = np.flatnonzero(mask & tables.in_story)
        candidates = candidates[np.isin(tables.story[candidates], tables.story[told])]
        stories = tables.story[candidates]
        found = {}
        for docnum in told:
            others = candidates[(stories == tables.story[docnum]) & (candidates != docnum)]
            others = others[np.lexsort((others, undated_last(tables.published[others])))][:top]
            found[docnum] = tuple(self.listed_copy(generation, int(d)) for d in others)
        return found

    def listed_copy(self, generation: Generation, docnum: int) -> Copy:
        """Return a document as a copy listed under a hit, made once per generation (its stored fields cost tens
        of microseconds, and a page's copies are read again by every search that lists the story)."""

        def made() -> Copy:
            stored = generation.searcher.stored_fields(docnum)
            return Copy(stored["id"], stored.get("title") or "", stored.get("published") or None)

        return cached(generation.copied, docnum, made, MADE_HITS)

    @reads_index
    def document(self, doc_id: str) -> DocumentRecord | None:
        """Return one document with its entities, or None."""
        searcher, tables = self.current()
        fields = searcher.document(id=doc_id)
        return None if fields is None else resolved(document_record(fields), tables)

    @reads_index
    def variants(self, field: str, value: str) -> list[str]:
        """Return the spellings of a facet value merged across documents (Dolgachyov, Dolgachev)."""
        _, tables = self.current()
        return tables.variants(field, value)

    @reads_index
    def holds(self, field: str, value: str) -> bool:
        """Return whether a facet has a value, or a spelling merged into one."""
        _, tables = self.current()
        return tables.holds(field, value)

    @reads_index
    def spellings(self, field: str, value: str) -> list[tuple[str, int | None]]:
        """Return the other spellings merged into a facet value, each with the documents that wrote it."""
        _, tables = self.current()
        return [(v, tables.written(field, v)) for v in tables.variants(field, value) if v != value]

    @reads_index
    def closest(self, field: str, value: str, top: int = 5) -> list[tuple[str, int]]:
        """Return the facet values written most like a value the archive lacks (a misspelt name in a URL), each
        with its documents, closest first."""
        from rapidfuzz import fuzz, process

        generation = self.generation()
        if field not in generation.choices:  # once per generation and facet: every value folded, with its count
            tables = generation.tables
            counts = {c.value: c.count for c in tables.counts(field, tables.live, 0)}
            generation.choices[field] = (list(counts), [fold_text(name) for name in counts], counts)
        names, folded, counts = generation.choices[field]
        wanted = fold_text(value[:MAX_NAME_CHARS])  # a name in a URL can be any length: its start is enough
        found = process.extract(wanted, folded, scorer=fuzz.WRatio, limit=top * 4, score_cutoff=70)
        ranked = sorted(found, key=lambda m: (-round(m[1]), -counts[names[m[2]]]))
        return [(names[m[2]], counts[names[m[2]]]) for m in ranked[:top]]

    @reads_index
    def namesakes(self, field: str, value: str, top: int = 5) -> list[tuple[str, int]]:
        """Return the longer values a one-word value may stand for ("Baker": James Baker, Howard Baker), commonest
        first: a lone surname that two full names share stays apart, and its page says whom it may be."""
        if " " in value.strip():
            return []
        _, tables = self.current()
        word = value.lower()
        counts = tables.counts(field, tables.live, 0)
        found = [c for c in counts if " " in c.value and c.value.lower().rsplit(" ", 1)[-1] == word]
        return [(c.value, c.count) for c in found[:top]]

    @reads_index
    def entities(self, names: list[str], top: int) -> dict[str, tuple[EntityCount, ...]]:
        """Return the top values of the named facets over the whole archive, with their merged spellings."""
        _, tables = self.current()
        return {
            name: tuple(
                EntityCount(c.value, c.count, tuple(tables.variants(name, c.value)[1:]))
                for c in tables.counts(name, tables.live, top)
            )
            for name in names
        }

    @reads_index
    def facet_values(
        self, request: SearchRequest, name: str, contains: str = "", offset: int = 0, size: int = 20
    ) -> FacetPage:
        """Return a page of a facet's values under a search, those matching `contains` (any part of any spelling,
        accents and case ignored) when given, values that start with it first, each group commonest first."""
        check_request(request)
        facet = facet_named(name)
        generation = self.generation()
        _, _, mask = self.selection(generation, request)
        values, matching = generation.tables.matching(name, mask, contains, offset, size, facet.sort)
        chosen = generation.tables.chosen(name, request.wanted(name))
        return FacetPage(name, contains, offset, values, matching, chosen)

    @reads_index
    def selected_values(self, request: SearchRequest) -> dict[str, dict[str, str]]:
        """Return, per facet, the values a search filters by, each with the filter value as the request writes it
        ("Zurich" selects "Zürich")."""
        _, tables = self.current()
        return {f.name: tables.chosen(f.name, request.wanted(f.name)) for f in facets()}

    @reads_index
    def total_documents(self) -> int:
        """Return how many documents the index holds."""
        searcher, _ = self.current()
        return int(searcher.doc_count())


def query_key(query: Query) -> tuple[Query, tuple[tuple[int, ...], ...]]:
    """Return what tells a query's matches apart: the query, and where its phrases place their words (Whoosh
    compares phrases by their words alone, but "chairman of the board" without its stop words places "board"
    three words after "chairman", not next to it: archive/query.py)."""
    places = tuple(tuple(getattr(leaf, "places", None) or ()) for leaf in query.leaves() if isinstance(leaf, Phrase))
    return query, places


def folder_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """Return a folder's device, inode, modification and change times: a commit adds and renames files in it,
    so both times move, and no copy can set the change time back (Whoosh would list the folder to find its
    newest table of contents, a tenth of a millisecond a search)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns


def undated_last(days: np.ndarray) -> np.ndarray:
    """Return publication day ordinals with undated documents (0) after every dated one."""
    return np.where(days > 0, days, np.iinfo(np.int64).max)


def first_copies(tables: FacetTables, mask: np.ndarray) -> np.ndarray:
    """Return the mask of the first copy of each story in a result set: the earliest published, then the
    first indexed (a story's copies outside the result set do not count)."""
    listed = mask & ~tables.in_story  # a document with no copies anywhere is its story's first copy
    docs = np.flatnonzero(mask & tables.in_story)  # the rest: a few percent of a newswire
    story = tables.story[docs]
    order = np.lexsort((docs, undated_last(tables.published[docs]), story))
    starts = np.r_[True, story[order][1:] != story[order][:-1]] if len(docs) else np.zeros(0, dtype=bool)
    listed[docs[order][starts]] = True
    return listed


def word_spans(query: Query) -> dict[tuple[int, int], list[Term]]:
    """Return the words of a query by where they are written, each with its terms in the searched fields
    (phrases, ranges and patterns are not respelled)."""
    spans: dict[tuple[int, int], list[Term]] = {}
    for term in query.leaves():
        if isinstance(term, Term) and term.fieldname in RANKED_FIELDS and term.startchar is not None:
            spans.setdefault((term.startchar, term.endchar), []).append(term)
    return spans


def dropped_filters(request: SearchRequest) -> Iterator[tuple[Relaxation, SearchRequest]]:
    """Yield each filter and exclusion of a request with the request without it."""

    def without(kept: Mapping[str, tuple[str, ...]], name: str, value: str) -> dict[str, tuple[str, ...]]:
        return {**kept, name: tuple(v for v in kept.get(name, ()) if v != value)}

    for facet in facets():
        for value in request.wanted(facet.name):
            yield (
                Relaxation(facet.name, value, False, 0),
                replace(request, filters=without(request.filters, facet.name, value)),
            )
        for value in request.unwanted(facet.name):
            yield (
                Relaxation(facet.name, value, True, 0),
                replace(request, excludes=without(request.excludes, facet.name, value)),
            )
    for date in DATE_FILTERS:
        if value := getattr(request, date.field):
            yield Relaxation(date.field, value, False, 0), replace(request, **{date.field: None})  # type: ignore[arg-type]


def filter_mask(tables: FacetTables, request: SearchRequest) -> np.ndarray | None:
    """Return the mask of documents that pass every facet and date filter of the request (None: no filters)."""
    dated = request.date_from or request.date_to or request.published_from or request.published_to
    if not (dated or any(request.filters.values()) or any(request.excludes.values())):
        return None
    mask = tables.live.copy()
    for facet in facets():
        for value in request.wanted(facet.name):
            mask &= tables.with_value(facet.name, value)
        for value in request.unwanted(facet.name):
            mask &= ~tables.with_value(facet.name, value)
    if request.date_from or request.date_to:
        mask &= tables.mentioning_dates(*bounds(request.date_from, request.date_to))
    if request.published_from or request.published_to:
        mask &= tables.published_between(*bounds(request.published_from, request.published_to))
    return mask


def make_hit(fields: dict[str, Any], score: float, terms: frozenset[str], tables: FacetTables) -> Hit:
    """Return a hit from the stored fields of a document, its facet values as the archive resolved them."""

    def split(name: str) -> tuple[str, ...]:
        return tuple(v for v in (fields.get(name) or "").split(",") if v)

    def resolved(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for c in (tables.canonical(name, v) for v in split(name)) if c))

    return Hit(
        id=fields["id"],
        title=fields.get("title") or "",
        published=fields.get("published") or None,
        score=score,
        snippet=make_snippet(fields.get("body") or "", terms),
        path=fields.get("path") or "",
        values={f.name: resolved(f.name) for f in facets()},
        dates=split("dates"),
        url=(fields.get("meta") or {}).get("url") or None,
        page=first_match_page(fields, terms),
    )


def first_match_page(fields: dict[str, Any], terms: frozenset[str]) -> int | None:
    """Return the page (from 1) of a paged document's first match of the terms; None when not paged or no match."""
    starts = (fields.get("meta") or {}).get("pages")
    if not starts:
        return None
    first = next(matched_words((fields.get("body") or "")[:SNIPPET_TEXT_CHARS], terms), None)
    return None if first is None else bisect.bisect_right(starts, first[0]) + 1


def resolved(record: DocumentRecord, tables: FacetTables) -> DocumentRecord:
    """Return a document with its entities named as the archive resolved them: a surname as the full name it
    joined, a person the archive calls an organization among the organizations, a value that is no one gone."""
    ents = record.entities
    people: dict[str, list[Mention]] = {}
    organizations: dict[str, list[Mention]] = {}
    for person in ents.people:
        if name := tables.canonical("people", person.name):
            people.setdefault(name, []).extend(person.mentions)
        elif name := tables.canonical("organizations", person.name):
            organizations.setdefault(name, []).extend(person.mentions)
    for organization in ents.organizations:
        if name := tables.canonical("organizations", organization.name):
            organizations.setdefault(name, []).extend(organization.mentions)
    places = [replace(p, name=n) for p in ents.places if (n := tables.canonical("regions", p.name))]
    return replace(
        record,
        entities=replace(
            ents,
            people=tuple(Person(n, tuple(m)) for n, m in people.items()),
            places=tuple(places),
            organizations=tuple(Organization(n, tuple(m)) for n, m in organizations.items()),
        ),
    )


def document_record(fields: dict[str, Any]) -> DocumentRecord:
    """Return the record of a document from its stored fields, entities parsed."""
    return DocumentRecord(
        id=fields["id"],
        path=fields.get("path") or "",
        title=fields.get("title") or "",
        published=fields.get("published") or None,
        body=fields.get("body") or "",
        meta=fields.get("meta") or {},
        entities=entities_from_dict(json.loads(fields.get("entities") or "{}")),
    )
