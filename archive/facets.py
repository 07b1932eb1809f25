"""Facet counts and filters from per-field arrays indexed by Whoosh document number.

Whoosh's own `groupedby` walks every hit in Python; here each facet field becomes two
numpy arrays (document, value) built once per index generation, so counting a result
set is one bincount and filtering by a value or a date range is a boolean mask.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import curation, resolve
from .atomicfile import write_atomically
from .models import FacetCount
from .names import fold_name
from .postings import field_lengths
from .registry import facet_value, facets
from .resolve import MIN_VOTES, OWNER_SHARE, organization_keys, person_keys
from .schema import SEARCH_FIELDS, VOTES_FIELD, facet_fields


@dataclass
class FieldTable:
    values: list[str]  # value id -> value
    ids: dict[str, int]  # value -> value id
    docs: np.ndarray  # one entry per (document, value) pair: the document number
    terms: np.ndarray  # ... and the value id


ISO_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


def day_range(value: str) -> tuple[int, int] | None:
    """Return the first and last day ordinals of an ISO day, month or year."""
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value).toordinal()
            return day, day
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        if len(value) == 4:
            year = int(value)
            return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def merge_variants(table: FieldTable, kind: str = "person") -> tuple[FieldTable, dict[str, list[str]]]:
    """Merge the values that are one person or organization (archive/resolve.py) into one value, named after
    the commonest full spelling; drop the values that are no one."""
    postings = np.bincount(table.terms, minlength=len(table.values))
    groups: dict[str, list[int]] = {}
    resolver = organization_keys if kind == "organization" else person_keys
    for term, key in enumerate(resolver(table.values, postings.tolist())):
        if key is not None:
            groups.setdefault(key, []).append(term)
    group_of = np.full(max(1, len(table.values)), -1, dtype=np.int64)
    values, aliases = [], {}
    for number, members in enumerate(groups.values()):
        members.sort(key=lambda t: (" " not in table.values[t], -postings[t], table.values[t]))
        group_of[members] = number
        values.append(table.values[members[0]])
        if len(members) > 1:
            aliases[values[-1]] = [table.values[t] for t in members]
    kept = group_of[table.terms] >= 0 if len(table.docs) else np.zeros(0, dtype=bool)
    width = max(1, len(values))
    pairs = np.unique(table.docs[kept] * width + group_of[table.terms[kept]]) if kept.any() else table.docs[:0]
    ids = {table.values[t]: int(g) for t, g in enumerate(group_of[: len(table.values)]) if g >= 0}
    merged = FieldTable(
        values, ids | {v: i for i, v in enumerate(values)}, pairs // width, (pairs % width).astype(np.int32)
    )
    return merged, aliases


def organizations_named_as_people(people: FieldTable, organizations: FieldTable, votes: FieldTable) -> None:
    """Move to the organizations a person value the model calls an organization in at least MIN_VOTES documents
    and at least half as many as the value counts as a person ("Merrill Lynch": a person in some stories,
    a firm in more). A person counts by our rules' verdict (given names, titles) or the model's, whichever is more."""
    if not len(people.values):
        return
    per_vote = np.bincount(votes.terms, minlength=len(votes.values)) if len(votes.values) else np.zeros(0)
    as_people = np.bincount(people.terms, minlength=len(people.values))
    for term, value in enumerate(people.values):
        key = fold_name(value)
        as_person = max(int(as_people[term]), _votes(votes, per_vote, f"PERSON:{key}"))
        as_organization = _votes(votes, per_vote, f"ORG:{key}")
        if as_organization >= max(MIN_VOTES, OWNER_SHARE * as_person):
            docs = people.docs[people.terms == term]
            curation.drop_value(people, term)
            curation.add_value(organizations, value, docs)


def _votes(votes: FieldTable, per_vote: np.ndarray, key: str) -> int:
    term = votes.ids.get(key)
    return 0 if term is None else int(per_vote[term])


FORMAT_VERSION = "v4"  # the cache files' layout: a change makes old files unused (and removed)


def table_fields() -> tuple[str, ...]:
    """Return the fields kept as arrays: the facets, the dates mentioned and the publication date."""
    return (*facet_fields(), "published", VOTES_FIELD)


@lru_cache(maxsize=1)
def _resolution_source() -> bytes:
    """Return the source of the rules that shape the tables: this module, resolution and curation."""
    return b"".join(Path(module.__file__ or "").read_bytes() for module in (resolve, curation, sys.modules[__name__]))


def cache_format() -> str:
    """Return the name part of cache files: the layout version, the fields it holds and the rules that built
    them (a change to archive/resolve.py makes every cached generation stale)."""
    parts = ",".join(table_fields()).encode() + _resolution_source()
    return f"{FORMAT_VERSION}-{hashlib.blake2b(parts, digest_size=4).hexdigest()}"

# What reading a damaged or foreign cache file raises: the tables are then built from the index again.
CACHE_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


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
    except CACHE_ERRORS:
        pass
    tables = FacetTables.from_reader(reader, folder)
    if tables.save(path):  # a read-only index still searches, just without the cache
        keep = {path} | {segment_file(folder, leaf) for leaf, _ in reader.leaf_readers() if leaf.segment() is not None}
        for old in (*folder.glob("facets-*.npz"), *folder.glob("segment-*.npz")):
            if old not in keep:
                old.unlink(missing_ok=True)
    return tables


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
        except CACHE_ERRORS:
            pass
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


def unpack_fields(data: Any) -> dict[str, FieldTable]:
    return {
        name: make_table(data[f"{name}.values"].tolist(), data[f"{name}.docs"], data[f"{name}.terms"])
        for name in table_fields()
    }


def unpack_lengths(data: Any) -> dict[str, np.ndarray]:
    return {name: data[f"length.{name}"] for name in SEARCH_FIELDS}


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


class FacetTables:
    """Per-field arrays of one index generation: counts, value filters and date filters."""

    def __init__(
        self,
        live: np.ndarray,
        fields: dict[str, FieldTable],
        aliases: dict[str, dict[str, list[str]]],
        lengths: dict[str, np.ndarray],
        spellings: dict[str, int] | None = None,
    ) -> None:
        """Take live documents, field tables (spellings already merged), the merged spellings per field,
        the documents' searchable field lengths (for ranking), and how many documents wrote each merged spelling."""
        self.spellings = spellings or {}
        self._period_cache: dict[tuple[int, int], tuple[list[str], np.ndarray]] = {}
        self.lengths = lengths
        self.size = len(live)
        self.live = live
        self.fields = fields
        self.aliases = aliases
        self.published = self._day_column(self.fields["published"])
        self.date_first, self.date_last = self._ranges(self.fields["dates"])

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
            for name in SEARCH_FIELDS
        }
        aliases: dict[str, dict[str, list[str]]] = {}
        spellings: dict[str, int] = {}
        for facet in facets():
            if facet.resolve:
                raw = fields[facet.name]
                fields[facet.name], aliases[facet.name] = merge_variants(raw, facet.resolve)
                written = np.bincount(raw.terms, minlength=len(raw.values)).tolist()
                merged = {v for vs in aliases[facet.name].values() for v in vs}
                pairs = zip(raw.values, written, strict=True)
                spellings.update({f"{facet.name}\t{v}": int(n) for v, n in pairs if v in merged})
        if "people" in fields and "organizations" in fields:
            organizations_named_as_people(fields["people"], fields["organizations"], fields[VOTES_FIELD])
        if folder is not None:
            curation.apply(fields, aliases, corrections)
        return cls(live, fields, aliases, lengths, spellings)

    @classmethod
    def from_file(cls, path: Path) -> FacetTables:
        """Return the tables saved in a cache file."""
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
            fields = unpack_fields(data)
            aliases: dict[str, dict[str, list[str]]] = {f.name: {} for f in facets() if f.resolve}
            triples = zip(*(data[f"aliases.{part}"].tolist() for part in ("fields", "names", "variants")), strict=True)
            for field, name, variant in triples:
                aliases.setdefault(field, {}).setdefault(name, []).append(variant)
            for field, merged in aliases.items():
                fields[field].ids.update({v: fields[field].ids[k] for k, vs in merged.items() for v in vs})
            spellings = dict(zip(data["spellings.keys"].tolist(), data["spellings.counts"].tolist(), strict=True))
            return cls(data["live"], fields, aliases, unpack_lengths(data), spellings)

    def save(self, path: Path) -> bool:
        """Write the tables to a cache file atomically; return whether it was written."""
        triples = [(f, name, v) for f, merged in self.aliases.items() for name, vs in merged.items() for v in vs]
        arrays: dict[str, np.ndarray] = {"live": self.live}
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

    def counts(self, name: str, mask: np.ndarray, limit: int) -> tuple[FacetCount, ...]:
        """Return the commonest values of a field among the documents in mask, with their counts."""
        table = self.fields[name]
        if not len(table.values):
            return ()
        hits = np.bincount(table.terms[mask[table.docs]], minlength=len(table.values))
        order = np.lexsort((np.arange(len(hits)), -hits))[: limit if limit > 0 else None]
        return tuple(FacetCount(table.values[i], int(hits[i])) for i in order if hits[i] > 0)

    def with_value(self, name: str, value: str) -> np.ndarray:
        """Return the mask of documents that have the value in the field."""
        table = self.fields[name]
        mask = np.zeros(self.size, dtype=bool)
        term = table.ids.get(value, table.ids.get(facet_value(value)))  # "Anatoly  Dolgachev" as stored
        if term is not None:
            mask[table.docs[table.terms == term]] = True
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
        table = self.fields[field]
        picked = mask[table.docs]
        docs, terms = table.docs[picked], table.terms[picked]
        return {
            "years": self._per_period(table, docs, terms, 4),
            "months": self._per_period(table, docs, terms, 7),
        }

    def _periods(self, table: FieldTable, width: int) -> tuple[list[str], np.ndarray]:
        """Return the distinct periods of a date field and each value's period id (-1: too coarse)."""
        key = (id(table), width)
        if key not in self._period_cache:
            periods = sorted({v[:width] for v in table.values if len(v) >= width})
            index = {p: i for i, p in enumerate(periods)}
            of = np.array([index.get(v[:width], -1) for v in table.values] or [-1], dtype=np.int64)
            self._period_cache[key] = (periods, of)
        return self._period_cache[key]

    def _per_period(self, table: FieldTable, docs: np.ndarray, terms: np.ndarray, width: int) -> tuple[FacetCount, ...]:
        """Count distinct documents per value prefix (4: year, 7: month)."""
        periods, period_of = self._periods(table, width)
        if not periods or not len(docs):
            return ()
        of_entry = period_of[terms]
        keep = of_entry >= 0
        pairs = np.unique(docs[keep] * len(periods) + of_entry[keep])
        counts = np.bincount(pairs % len(periods), minlength=len(periods))
        return tuple(FacetCount(p, int(c)) for p, c in zip(periods, counts, strict=True) if c)
