"""Corrections a person makes to facet values, kept beside the index and applied each time facet tables are built.

The file is `curation.json` in the index folder: a list of operations, applied in order, plain
JSON so it can be reviewed and versioned. Each names a facet by its noun ("person", "place",
"country", "organization"):

    {"op": "merge",  "type": "person", "value": "Baker", "into": "James Baker"}
    {"op": "rename", "type": "person", "value": "Halaby", "to": "Omar Halabi"}
    {"op": "reject", "type": "place", "value": "Split"}
    {"op": "retype", "type": "person", "value": "Harbour Lynde", "to": "organization"}

A reindex never touches the file, so a correction survives it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fieldtable as tables
from .atomicfile import write_atomically
from .errors import ArchiveError
from .registry import Facet, facet_value, facets

FILE = "curation.json"
OPERATIONS = {"merge": "into", "rename": "to", "reject": None, "retype": "to"}


@dataclass(frozen=True)
class Correction:
    op: str
    facet: str  # the facet's name (index field)
    value: str
    target: str | None = None  # merge: the value to merge into; rename: the new name; retype: the facet's name

    def to_dict(self) -> dict[str, str]:
        """Return the correction as the file stores it."""
        data = {"op": self.op, "type": facet_by_noun(self.facet).noun, "value": self.value}
        key = OPERATIONS[self.op]
        if key is not None and self.target is not None:
            data[key] = facet_by_noun(self.target).noun if self.op == "retype" else self.target
        return data


def facet_by_noun(noun: str) -> Facet:
    """Return the facet a type word names ("person", "place"; a facet's own name works too)."""
    for facet in facets():
        if noun in (facet.noun, facet.name, facet.param):
            return facet
    known = ", ".join(f.noun for f in facets())
    raise ArchiveError(f"There is no entity type {noun!r}; use one of: {known}.")


def parse(item: Any) -> Correction:
    """Return a correction from its JSON form, or raise ArchiveError saying what is wrong with it."""
    if not isinstance(item, dict) or item.get("op") not in OPERATIONS:
        raise ArchiveError(f"A correction needs an op ({', '.join(OPERATIONS)}): {item!r}")
    key = OPERATIONS[item["op"]]
    if not isinstance(item.get("value"), str) or (key is not None and not isinstance(item.get(key), str)):
        raise ArchiveError(f"A {item['op']} needs a value{' and ' + key if key else ''}: {item!r}")
    facet = facet_by_noun(str(item.get("type", "")))
    target = facet_value(item[key]) if key else None
    if item["op"] == "retype":
        target = facet_by_noun(str(target)).name
    return Correction(item["op"], facet.name, facet_value(item["value"]), target)


def load(folder: Path) -> list[Correction]:
    """Return the corrections kept in an index folder (none when there is no file)."""
    path = folder / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"Cannot read {path}: {exc}. Fix or remove it.") from exc
    if not isinstance(data, list):
        raise ArchiveError(f"{path} must hold a JSON list of corrections.")
    return [parse(item) for item in data]


def save(folder: Path, corrections: list[Correction]) -> None:
    """Write the corrections to the index folder, atomically."""
    text = json.dumps([c.to_dict() for c in corrections], ensure_ascii=False, indent=2) + "\n"
    if not write_atomically(folder / FILE, lambda handle: handle.write(text.encode("utf-8"))):
        raise ArchiveError(f"Cannot write {folder / FILE}.")


def fingerprint(folder: Path | None) -> str:
    """Return a short hash of the corrections file, so cached facet tables follow its changes."""
    if folder is None:
        return "none"
    try:
        return hashlib.blake2b((folder / FILE).read_bytes(), digest_size=4).hexdigest()
    except FileNotFoundError:
        return "none"
    except OSError:  # unreadable: load() says so, with the next step, when the tables are built
        return "unreadable"


def apply(fields: dict[str, Any], aliases: dict[str, dict[str, list[str]]], corrections: list[Correction]) -> None:
    """Apply corrections, in order, to merged facet tables (archive/facets.py FieldTable) and their aliases."""
    for fix in corrections:
        table = fields.get(fix.facet)
        term = None if table is None else table.ids.get(fix.value)
        if table is None or term is None:
            continue  # a value this generation does not hold: nothing to correct
        if fix.op == "rename" and fix.target and fix.target not in table.ids:
            _rename(table, term, fix.target, aliases.setdefault(fix.facet, {}))
        elif fix.op in ("merge", "rename") and fix.target in table.ids:  # renamed onto a value it holds: one value
            into = table.ids[fix.target]
            tables.move_value(table, term, into)
            merged = aliases.setdefault(fix.facet, {})
            merged[table.values[into]] = [*merged.get(table.values[into], [table.values[into]]), fix.value]
        elif fix.op in ("reject", "retype"):
            docs = table.docs[table.terms == term]
            tables.drop_value(table, term)
            if fix.op == "retype" and fix.target in fields:
                tables.add_value(fields[fix.target], fix.value, docs)


def _rename(table: Any, term: int, name: str, merged: dict[str, list[str]]) -> None:
    old = table.values[term]
    table.values[term] = name
    table.ids[name] = term
    merged[name] = [name, *merged.pop(old, [old])]


