"""Facet counts and filters from per-field arrays indexed by Whoosh document number.

Whoosh's own `groupedby` walks every hit in Python; here each facet field becomes two
numpy arrays (document, value) built once per index generation, so counting a result
set is one bincount and filtering by a value or a date range is a boolean mask.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import curation, fieldtable, resolve, similar
from .atomicfile import write_atomically
from .fieldtable import Entries, FieldTable, Tally, combine, make_table, read_table
from .isodates import day_range, period
from .lookup import NO_MATCH, ValueLookup
from .models import FacetCount
from .names import fold_text
from .postings import field_lengths
from .registry import facet_value, facets
from .resolve import merge_close_spellings, merge_variants, organizations_named_as_people
from .schema import RANKED_FIELDS, VOTES_FIELD, facet_fields
from .timeline import WIDTHS

TALLIED_DATES = ("dates", "published")  # the date fields a search counts by year and month in one pass (tally)
TALLIED_WIDTHS = (WIDTHS["year"], WIDTHS["month"])
FORMAT_VERSION = "v5"  # the cache files' layout: a change makes old files unused (and removed)


log = logging.getLogger(__name__)


def table_fields() -> tuple[str, ...]:
    """Return the fields kept as arrays: the facets, the dates mentioned and the publication date."""
    return (*facet_fields(), "published", VOTES_FIELD)


@lru_cache(maxsize=1)
def _resolution_source() -> bytes:
    """Return the source of the rules that shape the tables: this module, resolution and curation."""
    modules = (resolve, curation, fieldtable, similar, sys.modules[__name__])
    return b"".join(Path(module.__file__ or "").read_bytes() for module in modules)


def cache_format() -> str:
    """Return the name part of cache files: the layout version, the fields it holds and the rules that built
    them (a change to archive/resolve.py makes every cached generation stale)."""
    parts = ",".join(table_fields()).encode() + _resolution_source()
    return f"{FORMAT_VERSION}-{hashlib.blake2b(parts, digest_size=4).hexdigest()}"


# What reading a damaged or foreign cache file raises: the tables are then built from the index again.
CACHE_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


def generation_key(reader: Any) -> str:
    """Return a name for the index generation a reader sees: its segments and their deletions."""
    segments = [r.segment() for r, _ in reader.leaf_readers()]
    parts = [f"{seg.segment_id()}:{seg.deleted_count()}" for seg in segments if seg is not None]
    return hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()


def load_tables(reader: Any, folder: Path | None) -> FacetTables:
    """Return the facet tables of a reader's generation: from the cache file beside the index, or built and cached.

    A generation is built from per-segment tables, each cached under its segment's id: a segment
    never changes once written (deletions live in `live`), so after a commit only the new segments
    are read. Reading all 13,000 posting lists of Reuters costs about two seconds; one new segment, milliseconds.
    """
    if folder is None:
        return FacetTables.from_reader(reader)
    path = folder / f"facets-{cache_format()}-{generation_key(reader)}-{curation.fingerprint(folder)}.npz"
    try:
        return FacetTables.from_file(path)
    except CACHE_ERRORS as exc:  # missing (the usual case after a commit) or damaged: built again
        log.debug("facet cache %s not used: %s", path.name, exc)
    tables = FacetTables.from_reader(reader, folder)
    if tables.save(path):  # a read-only index still searches, just without the cache
        keep = {path} | {segment_file(folder, leaf) for leaf, _ in reader.leaf_readers() if leaf.segment() is not None}
        for old in (*folder.glob("facets-*.npz"), *folder.glob("segment-*.npz")):
            if old not in keep:
                old.unlink(missing_ok=True)
    return tables


def value_key(value: str) -> str:
    """Return the key a facet value is looked up by: as stored (spacing, commas), then folded by fold_text."""
    return fold_text(facet_value(value))


def segment_file(folder: Path, leaf: Any) -> Path:
    """Return the cache file of one segment's raw tables: named by the layout and fields only, since no
    resolution rule touches them (a rule change rebuilds the generation's tables from these, not from postings)."""
    fields = hashlib.blake2b(",".join(table_fields()).encode(), digest_size=4).hexdigest()
    return folder / f"segment-{FORMAT_VERSION}-{fields}-{leaf.segment().segment_id()}.npz"


def segment_tables(leaf: Any, folder: Path | None) -> tuple[dict[str, FieldTable], dict[str, np.ndarray]]:
    """Return one segment's field tables and field lengths (its own document numbers), cached by segment id."""
    path = segment_file(folder, leaf) if folder is not None and leaf.segment() is not None else None
    if path is not None:
        try:
            # opened here: numpy leaves a file open when it fails to read it
            with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
                return unpack_fields(data), unpack_lengths(data)
        except CACHE_ERRORS as exc:
            log.debug("segment cache %s not used: %s", path.name, exc)
    fields = {name: read_table(leaf, name) for name in table_fields()}
    lengths = field_lengths(leaf)
    if path is not None:
        arrays = pack_fields(fields) | {f"length.{name}": values for name, values in lengths.items()}
        write_atomically(path, lambda handle: save_arrays(handle, arrays))
    return fields, lengths


def save_arrays(handle: Any, arrays: dict[str, np.ndarray]) -> None:
    """Write named arrays to an open file as .npz (numpy's stubs type **kwargs as its options)."""
    np.savez(handle, **arrays)  # type: ignore[arg-type]


def pack_fields(fields: dict[str, FieldTable]) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for name, table in fields.items():
        arrays[f"{name}.values"] = np.array(table.values, dtype=str)
        arrays[f"{name}.docs"], arrays[f"{name}.terms"] = table.docs, table.terms
    return arrays


def unpack_fields(data: Any, names: tuple[str, ...] | None = None) -> dict[str, FieldTable]:
    return {
        name: make_table(data[f"{name}.values"].tolist(), data[f"{name}.docs"], data[f"{name}.terms"])
        for name in (names or table_fields())
    }


def unpack_lengths(data: Any) -> dict[str, np.ndarray]:
    return {name: data[f"length.{name}"] for name in RANKED_FIELDS}


class FacetTables:
    """Per-field arrays of one index generation: counts, value filters and date filters."""

    def __init__(
        self,
        live: np.ndarray,
        fields: dict[str, FieldTable],
        aliases: dict[str, dict[str, list[str]]],
        lengths: dict[str, np.ndarray],
        spellings: dict[str, int] | None = None,
        story: np.ndarray | None = None,
    ) -> None:
        """Take live documents, field tables (spellings already merged), the merged spellings per field,
        the documents' searchable field lengths (for ranking), how many documents wrote each merged spelling,
        and each document's story (the first document number of the copies it is one of: archive/similar.py)."""
        self.spellings = spellings or {}
        self.size = len(live)
        self.story = np.arange(len(live)) if story is None else story
        self._folded: dict[str, dict[str, list[str]]] = {}
        self._lookups: dict[str, ValueLookup] = {}
        self._period_cache: dict[tuple[int, int], tuple[list[str], np.ndarray]] = {}
        self._period_pairs: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        self._dated: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # by date field: FacetTables._extremes
        self._entries: dict[int, Entries] = {}  # by id of a per-entry document array
        self._tally: Tally | None = None  # what a search counts, in one pass (tally)
        self.lengths = lengths
        self.live = live
        self.fields = fields
        self.aliases = aliases
        self.published = self._day_column(self.fields["published"])
        self.date_first, self.date_last = self._ranges(self.fields["dates"])

    @property
    def story(self) -> np.ndarray:
        """Each document's story (archive/similar.py); setting it marks the documents that have copies."""
        return self._story

    @story.setter
    def story(self, story: np.ndarray) -> None:
        self._story = story
        self.in_story = np.bincount(story, minlength=self.size)[story] > 1  # a document with copies

    @classmethod
    def from_reader(cls, reader: Any, folder: Path | None = None) -> FacetTables:
        """Return the tables built from an index reader's segments (each cached in folder, when given)."""
        corrections = curation.load(folder) if folder is not None else []  # a bad file fails before any work
        size = reader.doc_count_all()
        live = np.zeros(size, dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        leaves = [(offset, *segment_tables(leaf, folder)) for leaf, offset in reader.leaf_readers()]
        fields = {name: combine([(offset, tables[name]) for offset, tables, _ in leaves]) for name in table_fields()}
        lengths = {
            name: np.concatenate([part[name] for _, _, part in leaves]) if leaves else np.zeros(size, dtype=np.float32)
            for name in RANKED_FIELDS
        }
        aliases: dict[str, dict[str, list[str]]] = {}
        spellings: dict[str, int] = {}
        # an index without title votes (built before they were recorded) keeps lone names as it did
        titled = {v.split(":", 1)[1] for v in fields[VOTES_FIELD].values if v.startswith("TITLED:")} or None
        for facet in facets():
            if facet.resolve:
                raw = fields[facet.name]
                fields[facet.name], aliases[facet.name] = merge_variants(raw, facet.resolve, titled)
                written = np.bincount(raw.terms, minlength=len(raw.values)).tolist()
                merged = {v for vs in aliases[facet.name].values() for v in vs}
                pairs = zip(raw.values, written, strict=True)
                spellings.update({f"{facet.name}\t{v}": int(n) for v, n in pairs if v in merged})
        if "people" in aliases:
            company = [fields[name] for name in ("regions", "organizations") if name in fields]
            merge_close_spellings(fields["people"], aliases["people"], company)
        if "people" in fields and "organizations" in fields:
            organizations_named_as_people(fields["people"], fields["organizations"], fields[VOTES_FIELD])
        if folder is not None:
            curation.apply(fields, aliases, corrections)
        del fields[VOTES_FIELD]  # the votes served resolution; searching never reads them
        tables = cls(live, fields, aliases, lengths, spellings)
        tables.story = similar.stories(similar.read_signatures(reader, "signature", size), live, tables.published)
        return tables

    @classmethod
    def from_file(cls, path: Path) -> FacetTables:
        """Return the tables saved in a cache file."""
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
            fields = unpack_fields(data, tuple(n for n in table_fields() if n != VOTES_FIELD))
            aliases: dict[str, dict[str, list[str]]] = {f.name: {} for f in facets() if f.resolve}
            triples = zip(*(data[f"aliases.{part}"].tolist() for part in ("fields", "names", "variants")), strict=True)
            for field, name, variant in triples:
                aliases.setdefault(field, {}).setdefault(name, []).append(variant)
            for field, merged in aliases.items():
                fields[field].ids.update({v: fields[field].ids[k] for k, vs in merged.items() for v in vs})
            spellings = dict(zip(data["spellings.keys"].tolist(), data["spellings.counts"].tolist(), strict=True))
            return cls(data["live"], fields, aliases, unpack_lengths(data), spellings, data["story"])

    def save(self, path: Path) -> bool:
        """Write the tables to a cache file atomically; return whether it was written."""
        triples = [(f, name, v) for f, merged in self.aliases.items() for name, vs in merged.items() for v in vs]
        arrays: dict[str, np.ndarray] = {"live": self.live, "story": self.story}
        for number, part in enumerate(("fields", "names", "variants")):
            arrays[f"aliases.{part}"] = np.array([t[number] for t in triples] or [""], dtype=str)[: len(triples)]
        arrays["spellings.keys"] = np.array(list(self.spellings) or [""], dtype=str)[: len(self.spellings)]
        arrays["spellings.counts"] = np.array(list(self.spellings.values()), dtype=np.int64)
        arrays.update({f"length.{name}": values for name, values in self.lengths.items()})
        arrays.update(pack_fields(self.fields))
        return write_atomically(path, lambda handle: save_arrays(handle, arrays))

    def variants(self, field: str, value: str) -> list[str]:
        """Return the spellings merged into a facet value (the value first)."""
        return self.aliases.get(field, {}).get(value, [value])

    def written(self, field: str, spelling: str) -> int | None:
        """Return how many documents wrote a merged spelling, where known."""
        return self.spellings.get(f"{field}\t{spelling}")

    def canonical(self, field: str, value: str) -> str | None:
        """Return the facet value a stored value counts under (None: resolved as no one)."""
        table = self.fields[field]
        term = table.ids.get(value)
        return None if term is None else table.values[term]

    def _day_column(self, table: FieldTable) -> np.ndarray:
        """Return each document's publication day ordinal (0 where it has none)."""
        days = np.array([(day_range(v) or (0, 0))[0] for v in table.values] or [0], dtype=np.int64)
        column = np.zeros(self.size, dtype=np.int64)
        column[table.docs] = days[table.terms]
        return column

    def _ranges(self, table: FieldTable) -> tuple[np.ndarray, np.ndarray]:
        spans = [day_range(v) or (0, -1) for v in table.values]
        first = np.array([s[0] for s in spans] or [0], dtype=np.int64)
        last = np.array([s[1] for s in spans] or [-1], dtype=np.int64)
        return first, last

    def counts(self, name: str, mask: np.ndarray, limit: int, sort: str = "count") -> tuple[FacetCount, ...]:
        """Return the values of a field among the documents in mask with their counts: the commonest `limit`,
        listed commonest first, or (sort "value") in alphabetical order."""
        if not len(self.fields[name].values):
            return ()
        return self.ranked_counts(name, self._hits(name, mask), limit, sort)

    def ranked_counts(self, name: str, hits: np.ndarray, limit: int, sort: str = "count") -> tuple[FacetCount, ...]:
        """Return a field's values with their counts (hits: by value id), as `counts` lists them."""
        table = self.fields[name]
        top = commonest(hits, limit)
        found = list(map(FacetCount, [table.values[i] for i in top.tolist()], hits[top].tolist()))
        return tuple(sorted(found, key=lambda c: c.value.casefold()) if sort == "value" else found)

    def _hits(self, name: str, mask: np.ndarray) -> np.ndarray:
        """Return how many documents in mask have each value of a field."""
        table = self.fields[name]
        return np.bincount(table.terms[self._in(table.docs, mask)], minlength=len(table.values))

    def _in(self, docs: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Return which entries of a per-entry document array have their document in mask (fieldtable.Entries)."""
        entries = self._entries.get(id(docs))
        if entries is None or entries.docs is not docs:
            entries = self._entries[id(docs)] = Entries(docs, self.size)
        return entries.of(mask)

    def matching(
        self, name: str, mask: np.ndarray, text: str = "", offset: int = 0, size: int = 20, sort: str = "count"
    ) -> tuple[tuple[FacetCount, ...], int]:
        """Return a page of the field's values among the documents in mask that match what a person typed (any
        part of any spelling, accents and case ignored), with how many match in all: values that start with it
        first, then those with a word that does, then the rest; each group commonest first (or alphabetical)."""
        if name not in self._lookups:  # built once per generation and field, on first use
            self._lookups[name] = ValueLookup(self.fields[name])
        values = self.fields[name].values
        hits = self._hits(name, mask)
        rank = self._lookups[name].ranks(text)
        found = np.flatnonzero((hits > 0) & (rank < NO_MATCH))
        if sort == "value":
            found = np.array(sorted(found, key=lambda i: (rank[i], values[i].casefold())), dtype=np.int64)
        else:
            found = found[np.lexsort((found, -hits[found], rank[found]))]
        page = found[offset : offset + size]
        return tuple(FacetCount(values[i], int(hits[i])) for i in page), len(found)

    def chosen(self, name: str, requested: tuple[str, ...]) -> dict[str, str]:
        """Return the field's values that requested filter values select, each with the filter value as written
        ("Zurich" in a URL selects the stored "Zürich"; a merged spelling selects its value)."""
        return {
            value: wanted
            for wanted in requested
            for value in filter(None, (self.canonical(name, s) for s in self.spelled_alike(name, wanted)))
        }

    def holds(self, name: str, value: str) -> bool:
        """Return whether the field has the value, or a spelling merged into one, as written."""
        ids = self.fields[name].ids
        return value in ids or facet_value(value) in ids  # "Anatoly  Dolgachev" as stored

    def spelled_alike(self, name: str, value: str) -> list[str]:
        """Return the field's values and merged spellings that are the value but for case, accents, Unicode form
        and spacing: "Zurich" gives "Zürich" (the index keeps each as written, the facet shows it so)."""
        if name not in self._folded:  # built once per generation and field, on first use
            keys: dict[str, list[str]] = {}
            for stored in self.fields[name].ids:
                keys.setdefault(value_key(stored), []).append(stored)
            self._folded[name] = keys
        return self._folded[name].get(value_key(value), [])

    def with_value(self, name: str, value: str) -> np.ndarray:
        """Return the mask of documents that have the value in the field, in any spelling alike."""
        table = self.fields[name]
        mask = np.zeros(self.size, dtype=bool)
        terms = list({table.ids[v] for v in self.spelled_alike(name, value)})
        if terms:
            mask[table.docs[np.isin(table.terms, terms)]] = True
        return mask

    def mentioning_dates(self, first: int, last: int) -> np.ndarray:
        """Return the mask of documents that mention a date within [first, last] (day ordinals).

        A mention counts when its whole period lies inside: "2022" matches a 2022 range, not one day of it.
        """
        table = self.fields["dates"]
        overlap = (self.date_first >= first) & (self.date_last <= last)
        mask = np.zeros(self.size, dtype=bool)
        mask[table.docs[overlap[table.terms]]] = True
        return mask

    def published_between(self, first: int, last: int) -> np.ndarray:
        """Return the mask of documents published within [first, last] (day ordinals)."""
        return (self.published >= first) & (self.published <= last)

    def timeline(self, mask: np.ndarray, field: str = "dates") -> dict[str, tuple[FacetCount, ...]]:
        """Return how many documents in mask mention (or were published in) each year and month."""
        return {"years": self.per_period(mask, field, 4), "months": self.per_period(mask, field, 7)}

    def per_period(self, mask: np.ndarray, field: str, width: int, within: str = "") -> tuple[FacetCount, ...]:
        """Return how many documents in mask have a value of the field in each period of a width (4: year,
        7: month, 10: day), only the periods inside `within` ("1987", "1987-03") when given."""
        periods, _ = self._periods(self.fields[field], width)
        if not periods:
            return ()
        docs, of = self._pairs(self.fields[field], width)
        return self.period_counts(field, width, np.bincount(of[self._in(docs, mask)], minlength=len(periods)), within)

    def period_counts(self, field: str, width: int, counts: np.ndarray, within: str = "") -> tuple[FacetCount, ...]:
        """Return the periods of a width with documents and their counts (by period id), as `per_period` lists them."""
        periods, _ = self._periods(self.fields[field], width)
        found = np.flatnonzero(counts)  # only the periods with documents are visited
        if within:
            found = np.array([i for i in found.tolist() if periods[i].startswith(within)], dtype=np.int64)
        return tuple(map(FacetCount, [periods[i] for i in found.tolist()], counts[found].tolist()))  # map: 2x a loop

    def tally(self) -> Tally:
        """Return what a search counts, for one pass over a result set: every facet, and the dates mentioned and
        published by year and by month (built once per generation)."""
        if self._tally is None:
            parts: dict[Any, tuple[np.ndarray, np.ndarray, int]] = {}
            for facet in facets():
                table = self.fields[facet.name]
                parts[facet.name] = (table.docs, table.terms, len(table.values))
            for field in TALLIED_DATES:
                for width in TALLIED_WIDTHS:
                    docs, of = self._pairs(self.fields[field], width)
                    parts[(field, width)] = (docs, of, len(self._periods(self.fields[field], width)[0]))
            self._tally = Tally(parts, self.size)
        return self._tally

    def _pairs(self, table: FieldTable, width: int) -> tuple[np.ndarray, np.ndarray]:
        """Return each (document, period) pair of a date field once, as two arrays: a document that mentions
        March 3 and March 5 counts once in March. Built once per generation, so a count is one bincount."""
        key = (id(table), width)
        if key not in self._period_pairs:
            periods, period_of = self._periods(table, width)
            span = max(1, len(periods))
            of_entry = period_of[table.terms]
            keep = of_entry >= 0
            pairs = np.unique(table.docs[keep].astype(np.int64) * span + of_entry[keep])
            self._period_pairs[key] = (pairs // span, pairs % span)
        return self._period_pairs[key]

    def outside(self, mask: np.ndarray, field: str, first: int, last: int) -> tuple[int, int]:
        """Return how many documents in mask have a value of the field wholly before day `first`, and how many
        wholly after day `last` (ordinals): the timeline folds them into its "earlier" and "later" bins."""
        earliest_end, latest_start = self._extremes(field)
        return int(np.count_nonzero(mask & (earliest_end < first))), int(np.count_nonzero(mask & (latest_start > last)))

    def _extremes(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """Return per document the last day of its earliest-ending date value and the first day of its
        latest-starting one (a document with no date: never before, never after). A document has a value wholly
        before a day exactly when its earliest end is, so the bins of a chart are two comparisons per document,
        however many dates the documents mention. Built once per generation and field."""
        if field not in self._dated:
            table = self.fields[field]
            starts, ends = (self.date_first, self.date_last) if field == "dates" else self._ranges(table)
            dated = starts[table.terms] <= ends[table.terms]
            docs, terms = table.docs[dated], table.terms[dated]
            earliest_end = np.full(self.size, np.iinfo(np.int64).max, dtype=np.int64)
            latest_start = np.full(self.size, np.iinfo(np.int64).min, dtype=np.int64)
            np.minimum.at(earliest_end, docs, ends[terms])
            np.maximum.at(latest_start, docs, starts[terms])
            self._dated[field] = (earliest_end, latest_start)
        return self._dated[field]

    def _distinct(self, docs: np.ndarray) -> int:
        """Return how many distinct documents an array names (a mark per document: no sort)."""
        seen = np.zeros(self.size, dtype=bool)
        seen[docs] = True
        return int(np.count_nonzero(seen))

    def stories(self, mask: np.ndarray) -> int:
        """Return how many distinct stories the documents in mask tell (archive/similar.py)."""
        return self._distinct(self.story[mask])

    def _periods(self, table: FieldTable, width: int) -> tuple[list[str], np.ndarray]:
        """Return the distinct periods of a date field and each value's period id (-1: too coarse, or not a
        calendar period: a week "2022-W21" cut to seven characters is no month)."""
        key = (id(table), width)
        if key not in self._period_cache:
            periods = sorted({v[:width] for v in table.values if len(v) >= width and period(v[:width])})
            index = {p: i for i, p in enumerate(periods)}
            of = np.array([index.get(v[:width], -1) for v in table.values] or [-1], dtype=np.int64)
            self._period_cache[key] = (periods, of)
        return self._period_cache[key]


def commonest(hits: np.ndarray, limit: int) -> np.ndarray:
    """Return the indexes of the `limit` largest counts above zero (all when limit is 0), largest first, equal
    counts in index order; only the counts that can be among them are sorted."""
    present = np.flatnonzero(hits)
    if 0 < limit < len(present):
        cut = len(present) - limit
        least = np.partition(hits[present], cut)[cut]  # the limit-th largest count
        present = present[hits[present] >= least]
    order = np.lexsort((present, -hits[present]))
    return present[order][: limit if limit > 0 else None]
