"""A facet field as arrays: its values, and one (document, value id) pair per document that has a value.

The building block of the facet tables (archive/facets.py): read from an index reader's postings,
combined across segments, and reshaped by resolution (archive/resolve.py) and curation
(archive/curation.py) with the operations below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class FieldTable:
    values: list[str]  # value id -> value
    ids: dict[str, int]  # value -> value id
    docs: np.ndarray  # one entry per (document, value) pair: the document number
    terms: np.ndarray  # ... and the value id


def read_table(reader: Any, name: str) -> FieldTable:
    """Return the (document, value) pairs of a field, read from its postings."""
    values: list[str] = []
    docs, terms = [], []
    if name not in reader.schema:  # an index built before the field was declared: reindex --full fills it
        return make_table(values, None, None)
    for term in reader.lexicon(name):
        ids = np.fromiter(reader.postings(name, term).all_ids(), dtype=np.int64)
        terms.append(np.full(len(ids), len(values), dtype=np.int32))
        docs.append(ids)
        values.append(term.decode("utf-8"))
    return make_table(values, np.concatenate(docs) if docs else None, np.concatenate(terms) if terms else None)


def make_table(values: list[str], docs: np.ndarray | None, terms: np.ndarray | None) -> FieldTable:
    """Return a field table from its values and (document, value id) arrays."""
    return FieldTable(
        values=values,
        ids={v: i for i, v in enumerate(values)},
        docs=docs if docs is not None else np.zeros(0, dtype=np.int64),
        terms=terms if terms is not None else np.zeros(0, dtype=np.int32),
    )


def combine(parts: list[tuple[int, FieldTable]]) -> FieldTable:
    """Return one field table from per-segment tables and their document number offsets (values sorted)."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    values = sorted({v for _, table in parts for v in table.values})
    ids = {v: i for i, v in enumerate(values)}
    docs, terms = [], []
    for offset, table in parts:
        remap = np.array([ids[v] for v in table.values] or [0], dtype=np.int32)
        docs.append(table.docs.astype(np.int64) + offset)
        terms.append(remap[table.terms])
    return make_table(values, np.concatenate(docs) if docs else None, np.concatenate(terms) if terms else None)


def drop_values(table: FieldTable, terms: list[int]) -> None:
    """Remove values' documents from a facet table; their spellings find nothing."""
    gone = set(terms)
    keep = ~np.isin(table.terms, np.array(sorted(gone), dtype=table.terms.dtype))
    table.docs, table.terms = table.docs[keep], table.terms[keep]
    for value in [v for v, number in table.ids.items() if number in gone]:
        del table.ids[value]


def drop_value(table: FieldTable, term: int) -> None:
    """Remove a value's documents from a facet table; its spellings find nothing."""
    drop_values(table, [term])


def add_values(table: FieldTable, found: list[tuple[str, np.ndarray]]) -> None:
    """Count documents under values of a facet table (new values, or ones it holds), in one pass."""
    docs, terms = [table.docs], [table.terms]
    for value, value_docs in found:
        term = table.ids.get(value)
        if term is None:
            term = table.ids[value] = len(table.values)
            table.values.append(value)
        docs.append(value_docs.astype(table.docs.dtype))
        terms.append(np.full(len(value_docs), term, dtype=table.terms.dtype))
    pairs = np.unique(np.concatenate(docs).astype(np.int64) * len(table.values) + np.concatenate(terms))
    table.docs, table.terms = pairs // len(table.values), (pairs % len(table.values)).astype(np.int32)


def add_value(table: FieldTable, value: str, docs: np.ndarray) -> None:
    """Count documents under a value of a facet table (a new value, or one it holds)."""
    add_values(table, [(value, docs)])


def move_values(table: FieldTable, moves: dict[int, int]) -> None:
    """Count values' documents under other values of the same table (term -> term), in one pass; the moved
    values' spellings find the values they moved to."""
    if not moves:
        return
    remap = np.arange(max(1, len(table.values)), dtype=np.int64)
    for term, into in moves.items():
        remap[term] = into
    pairs = np.unique(table.docs.astype(np.int64) * len(table.values) + remap[table.terms])
    table.docs, table.terms = pairs // len(table.values), (pairs % len(table.values)).astype(np.int32)
    for value, number in list(table.ids.items()):
        if number in moves:
            table.ids[value] = moves[number]


def move_value(table: FieldTable, term: int, into: int) -> None:
    """Count a value's documents under another value of the same table; its spellings find the other."""
    move_values(table, {term: into})


SPARSE_SHARE = 16  # a result set under 1/16 of the documents is read entry by entry, not by scanning every entry


class Entries:
    """The entries of a per-entry document array (a facet table's `docs`), found by document.

    A facet count over a few hundred documents of a large archive needs their entries only; scanning every
    entry (mask[docs]) costs the whole table each time. The index by document is built on the first small set."""

    def __init__(self, docs: np.ndarray, size: int, ordered: bool = False) -> None:
        """Take the per-entry documents and the number of documents; ordered: the documents are sorted already."""
        self.docs, self.size, self.ordered = docs, size, ordered
        self.order: np.ndarray | None = None
        self.starts: np.ndarray | None = None

    def of(self, mask: np.ndarray) -> np.ndarray:
        """Return which entries have their document in mask: a boolean per entry (a large set), or the entries'
        positions (a small one, under 1/SPARSE_SHARE of the documents); either selects from a per-entry array."""
        if np.count_nonzero(mask) * SPARSE_SHARE >= len(mask):  # counted, not listed: a tenth of the time
            return np.take(mask, self.docs)  # take, not mask[docs]: a quarter faster
        chosen = np.flatnonzero(mask)
        if self.starts is None:
            if not self.ordered:
                self.order = np.argsort(self.docs, kind="stable")
            by_document = self.docs if self.order is None else self.docs[self.order]
            self.starts = np.searchsorted(by_document, np.arange(self.size + 1))
        first, counts = self.starts[chosen], self.starts[chosen + 1] - self.starts[chosen]
        total = int(counts.sum())
        offsets = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(total)
        return offsets if self.order is None else self.order[offsets]


class Tally:
    """Several per-entry arrays counted in one pass: each part's (document, value id) entries, joined and sorted by
    document, the value ids offset so that the parts' bins follow one another.

    A search counts four facets and two date fields by year and month: eight passes over eight arrays cost 2.5
    times one pass over their entries ordered by document, which reads the set's marks in order and keeps the
    processor's branch guesses right (the entries of one document stand together, and are in or out together)."""

    def __init__(self, parts: dict[Any, tuple[np.ndarray, np.ndarray, int]], size: int) -> None:
        """Take each part's documents, value ids and number of values, by key; size: the number of documents."""
        self.slices: dict[Any, slice] = {}
        first = 0
        for key, (_, _, values) in parts.items():
            self.slices[key] = slice(first, first + values)
            first += values
        self.bins = first
        docs = [d.astype(np.int64) for d, _, _ in parts.values()]
        terms = [part[1].astype(np.int64) + self.slices[key].start for key, part in parts.items()]
        joined = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
        order = np.argsort(joined, kind="stable")
        self.terms = (np.concatenate(terms) if terms else joined)[order].astype(np.int32)  # half the bytes to read
        self.entries = Entries(joined[order], size, ordered=True)

    def count(self, mask: np.ndarray) -> np.ndarray:
        """Return the documents in mask under each bin of every part (read a part's with `slices`)."""
        return np.bincount(self.terms[self.entries.of(mask)], minlength=self.bins)
