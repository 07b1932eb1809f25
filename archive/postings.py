"""Query evaluation and BM25F ranking over posting arrays of one index generation (numpy).

Whoosh scores every candidate in Python; here each query term's documents and frequencies
are read once per index generation into arrays, boolean structure becomes set operations
on them, and relevance is BM25F summed over the query's terms, restricted to the result set.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from functools import reduce
from typing import Any, TypeVar

import numpy as np
from whoosh.query import And, AndNot, Or, Phrase, Query, Term
from whoosh.reading import TermNotFound

from .engine import posting_arrays, posting_places
from .schema import RANKED_FIELDS
from .stems import STEMS_FIELD

K1, B = 1.2, 0.75
BOOSTS = {"title": 2.0, "body": 1.0, "names": 1.0, STEMS_FIELD: 1.0}
CACHE_TERMS = 50_000  # terms whose arrays are kept per generation
MAX_SCORED_TERMS = 256  # a wildcard expanding further is scored on its first terms (it still matches in full)
EMPTY = np.zeros(0, dtype=np.int64)
UNION_BY_MARKS = 32  # documents found, as a share of the index, above which a union marks rather than sorts
POSITION_BITS = 32  # a word's place in the index is document << 32 | position
log = logging.getLogger(__name__)
V = TypeVar("V")
Span = tuple[int, int] | None  # where a query writes a word: its stems stand in for it there
WRITTEN = ("title", "body")  # the fields a document's words are read in as written (their stems: STEMS_FIELD)


def field_lengths(reader: Any) -> dict[str, np.ndarray]:
    """Return each document's length in every ranked field (the searched ones and the stems).

    Whoosh answers None, not the default, for a document with an empty field: that is length 0.
    """
    size = reader.doc_count_all()
    return {
        name: np.array([reader.doc_field_length(d, name, 0) or 0 for d in range(size)], dtype=np.float32)
        for name in RANKED_FIELDS
    }


def intersect(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Return the sorted values in both of two arrays, each without repeats (posting lists, word places)."""
    return np.intersect1d(first, second, assume_unique=True)


def cached(cache: dict[Any, V], key: Any, read: Callable[[], V], limit: int = CACHE_TERMS) -> V:
    """Return cache[key], read first if missing; a cache grown to `limit` entries starts afresh."""
    if key not in cache:
        if len(cache) >= limit:
            cache.clear()
        cache[key] = read()
    return cache[key]


class Postings:
    """Posting arrays of one index generation: matching and ranking without per-document Python."""

    def __init__(self, searcher: Any, lengths: dict[str, np.ndarray]) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.lengths = lengths
        self.count = max(1, self.reader.doc_count())
        # the stems field holds only non-English documents: its word rarity and mean length are theirs
        self.population = {f: self.count for f in lengths}
        if STEMS_FIELD in lengths:
            self.population[STEMS_FIELD] = max(1, int(np.count_nonzero(lengths[STEMS_FIELD])))
        self.average = {f: float(v.sum()) / self.population[f] or 1.0 for f, v in lengths.items()}
        self.cache: dict[tuple[str, Any], tuple[np.ndarray, np.ndarray]] = {}
        self.placed: dict[tuple[str, bytes], np.ndarray] = {}  # word places, read for phrases
        self.gained: dict[tuple[str, Any], tuple[np.ndarray, np.ndarray]] = {}  # a term's BM25F part per document

    def term(self, field: str, text: Any) -> tuple[np.ndarray, np.ndarray]:
        """Return the documents of a term and the term's frequency in each."""
        return cached(self.cache, (field, text), lambda: self._read(field, text))

    def holds(self, field: str, text: Any) -> bool:
        """Return whether a field holds a word: from the term cache (a look-up in Whoosh's lexicon reads its
        files each time, the cache only once per word)."""
        return len(self.term(field, text)[0]) > 0

    def _read(self, field: str, text: Any) -> tuple[np.ndarray, np.ndarray]:
        ids, weights = [], []
        for leaf, offset in self.reader.leaf_readers():
            try:
                matcher = leaf.postings(field, text)
            except TermNotFound:
                continue
            leaf_ids, leaf_weights = posting_arrays(matcher)
            ids.append(leaf_ids + offset)
            weights.append(leaf_weights)
        if not ids:
            return EMPTY, np.zeros(0, dtype=np.float32)
        return np.concatenate(ids), np.concatenate(weights)

    def places(self, field: str, word: bytes) -> np.ndarray:
        """Return the sorted places of a word: document << 32 | position, one per occurrence."""
        return cached(self.placed, (field, word), lambda: self._read_places(field, word))

    def _read_places(self, field: str, word: bytes) -> np.ndarray:
        found = []
        for leaf, offset in self.reader.leaf_readers():
            try:
                matcher = leaf.postings(field, word)
            except TermNotFound:
                continue
            found.append(posting_places(matcher, POSITION_BITS) + (offset << POSITION_BITS))
        return np.sort(np.concatenate(found)) if found else EMPTY

    def phrase(self, query: Phrase) -> np.ndarray | None:
        """Return the documents where a phrase's words stand one after another, from cached word places;
        None for what Whoosh must judge (words allowed apart, a field without positions)."""
        field = self.reader.schema[query.fieldname] if query.fieldname in self.reader.schema else None
        if query.slop != 1 or field is None or not field.format or not field.format.supports("positions"):
            return None
        starts = []
        places_of_words = getattr(query, "places", None) or range(len(query.words))  # archive.query
        for index, word in zip(places_of_words, query.words, strict=True):
            try:
                places = self.places(query.fieldname, field.to_bytes(word))
            except ValueError:
                return EMPTY
            places = places[(places & ((1 << POSITION_BITS) - 1)) >= index]  # the phrase cannot start before 0
            starts.append(places - index)  # where the phrase would start for this word to stand here
        common = reduce(intersect, sorted(starts, key=len)) if starts else EMPTY
        return np.unique(common >> POSITION_BITS)

    def docs(self, query: Query) -> np.ndarray:
        """Return the sorted documents matching a query: AND / OR / NOT as set operations, phrases from
        word places, anything else (wildcards, ranges, phrases with slop) through Whoosh."""
        if isinstance(query, Phrase):
            found = self.phrase(query)
            if found is not None:
                return found
        if isinstance(query, Term):
            return self.term(query.fieldname, query.text)[0]
        if isinstance(query, And):
            parts = sorted((self.docs(q) for q in query.subqueries), key=len)
            return reduce(intersect, parts) if parts else EMPTY
        if isinstance(query, Or):
            return self.union([self.docs(q) for q in query.subqueries])
        if isinstance(query, AndNot):
            return np.setdiff1d(self.docs(query.a), self.docs(query.b))
        return np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64)

    def union(self, parts: list[np.ndarray]) -> np.ndarray:
        """Return the sorted documents of any of the parts: by a sort when they are few, else by marking
        them in an array the size of the index (no sort of a long list: a common word in three fields)."""
        joined = np.concatenate(parts) if parts else EMPTY
        size = self.reader.doc_count_all()
        if len(joined) * UNION_BY_MARKS < size:
            return np.unique(joined)
        marks = np.zeros(size, dtype=bool)
        marks[joined] = True
        return np.flatnonzero(marks)

    def scores(self, query: Query, mask: np.ndarray) -> np.ndarray:
        """Return BM25F scores of the documents in mask for the query's terms (0 elsewhere).

        The stems field is another reading of a document's title and body (archive/stems.py): a query word's
        stems count only for the documents its written form (title, body) does not match, so a French story is
        not ranked above an English one for saying "Paris" in two fields, and "Москва" still ranks a story that
        says "Москве"."""
        scores = np.zeros(len(mask), dtype=np.float32)
        written: dict[Span, list[np.ndarray]] = {}  # the documents each query word matched as written
        for field, text, span in self.terms(query):
            ids, gains = self.term_gains(field, text)
            keep = np.take(mask, ids)
            if not keep.any():
                continue
            ids, gains = ids[keep], gains[keep]
            if field == STEMS_FIELD:
                other = written.get(span)
                fresh = ~np.isin(ids, np.concatenate(other)) if other else np.ones(len(ids), dtype=bool)
                ids, gains = ids[fresh], gains[fresh]
            elif field in WRITTEN:
                written.setdefault(span, []).append(ids)
            scores[ids] += gains
        return scores

    def term_gains(self, field: str, text: Any) -> tuple[np.ndarray, np.ndarray]:
        """Return the documents of a term and what it adds to each one's BM25F score: the same in every result
        set (the word's rarity is judged over the index), so worked out once per generation."""
        return cached(self.gained, (field, text), lambda: self._term_gains(field, text))

    def _term_gains(self, field: str, text: Any) -> tuple[np.ndarray, np.ndarray]:
        ids, tf = self.term(field, text)
        population = self.population.get(field, self.count)
        idf = math.log(1 + (population - len(ids) + 0.5) / (len(ids) + 0.5))
        norm = K1 * (1 - B + B * self.lengths[field][ids] / self.average[field])
        return ids, BOOSTS.get(field, 1.0) * idf * tf * (K1 + 1) / (tf + norm)

    def terms(self, query: Query) -> list[tuple[str, Any, Span]]:
        """Return the (field, word, where the query writes it) triples a query scores on, wildcards expanded
        against the index; stems terms last.

        Whoosh's own `existing_terms` reuses its field argument as a loop variable, so after the
        first leaf it skips every leaf of another field: a query scored on titles alone.
        """
        found: set[tuple[str, Any, Span]] = set()
        try:
            for leaf in query.leaves():
                span = (leaf.startchar, leaf.endchar) if getattr(leaf, "startchar", None) is not None else None
                for field, text in leaf.expanded_terms(self.reader, phrases=True):
                    if field not in BOOSTS or field not in self.reader.schema:  # an index built before the field
                        continue
                    try:
                        word = self.reader.schema[field].to_bytes(text)
                    except ValueError:
                        continue
                    if self.holds(field, word):
                        found.add((field, word, span))
        except Exception:  # odd queries score as unranked matches
            log.debug("no scored terms for %r", query, exc_info=True)
            return []
        # stems after the written forms they stand in for; past the cap they are left out first
        ordered = sorted(found, key=lambda term: (term[0] == STEMS_FIELD, term[0], term[1], term[2] or (-1, -1)))
        return ordered[:MAX_SCORED_TERMS]

    def top(self, query: Query, mask: np.ndarray, first: int, count: int) -> list[tuple[int, float]]:
        """Return (document, score) for ranks first .. first + count of the documents in mask."""
        candidates = np.flatnonzero(mask)
        if not len(candidates):
            return []
        scores = self.scores(query, mask)[candidates]
        wanted = min(len(candidates), first + count)
        if wanted < len(candidates):
            part = np.argpartition(-scores, wanted - 1)[:wanted]
        else:
            part = np.arange(len(candidates))
        order = part[np.lexsort((candidates[part], -scores[part]))][first : first + count]
        return [(int(candidates[i]), float(scores[i])) for i in order]
