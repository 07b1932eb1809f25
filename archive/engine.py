"""The Whoosh internals the archive relies on, in one place, and Whoosh's errors translated to ours.

whoosh-reloaded is pinned (pyproject.toml) because two fast paths read its private members:
a multi-term query's word expansion (`_btexts`) and a posting list's block arrays. Both are
here and nowhere else; `check_internals` (run by the tests) fails loudly when a new version
moves them. Anything Whoosh raises on the search path passes through `translated`, and anything it
raises while reading the index's files through `reading`.

Index files are read, never memory-mapped (`storage`): a mapped segment file that is truncated
under a running server killed it with SIGBUS, where a read one fails only that read.
"""

from __future__ import annotations

import contextlib
import logging
import struct
import traceback
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from pickle import loads
from typing import Any

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError
from whoosh.query import MultiTerm

from .errors import ArchiveError, IndexDamagedError, IndexLockedError, IndexNotFoundError

PINNED = "2.7.5"
BLOCK_MEMBERS = ("_read_data", "_read_values", "_next_block", "_i", "_data", "_values", "_byteids", "_blocklength")
EMPTY_IDS = np.zeros(0, dtype=np.int64)
COUNT_BYTES = struct.calcsize("!I")  # a Positions value starts with its count of positions, then their pickled gaps
log = logging.getLogger(__name__)


def check_internals() -> list[str]:
    """Return what is missing of the Whoosh internals this module reads (empty: all present)."""
    from importlib import metadata

    from whoosh.codec.whoosh3 import W3LeafMatcher

    problems = []
    if metadata.version("whoosh-reloaded") != PINNED:
        problems.append(f"whoosh-reloaded {metadata.version('whoosh-reloaded')} is installed, {PINNED} is pinned")
    if not hasattr(MultiTerm, "_btexts"):
        problems.append("MultiTerm._btexts is gone")
    problems += [f"W3LeafMatcher.{name} is gone" for name in BLOCK_MEMBERS[:3] if not hasattr(W3LeafMatcher, name)]
    return problems + _check_block_reading()


def _check_block_reading() -> list[str]:
    """Return what is wrong with reading a real posting list a block at a time (a small index in memory)."""
    from whoosh.fields import TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(Schema(body=TEXT))
    with ix.writer() as writer:
        for number in range(300):  # "common" 1 to 3 times a document (weights vary), "twice" twice in each (one weight)
            writer.add_document(body=f"word{number % 7} twice " + "other common " * (1 + number % 3) + "twice")
    with ix.searcher() as searcher:
        leaf = next(iter(searcher.reader().leaf_readers()))[0]
        inner = leaf.postings("body", "common")
        missing = [name for name in BLOCK_MEMBERS if not hasattr(inner, name)]
        if missing:
            return [f"a posting matcher ({type(inner).__name__}) lacks {', '.join(missing)}"]
        problems = []
        for word in ("common", "word3", "twice"):
            ids, weights = posting_arrays(leaf.postings("body", word))
            whoosh = [(doc, weight) for doc, weight in leaf.postings("body", word).items_as("weight")]
            if list(zip(ids.tolist(), weights.tolist(), strict=True)) != whoosh:
                problems.append(f"the postings of {word!r} read a block at a time differ from Whoosh's")
            places = posting_places(leaf.postings("body", word), 32).tolist()
            positions = leaf.postings("body", word).items_as("positions")
            if places != [(doc << 32) + at for doc, ats in positions for at in ats]:
                problems.append(f"the places of {word!r} read a block at a time differ from Whoosh's")
    return problems


def expansion_size(leaf: MultiTerm, reader: Any, limit: int) -> int:
    """Return how many index words a wildcard or fuzzy term stands for, counting no further than limit + 1."""
    return sum(1 for _ in islice(leaf._btexts(reader), limit + 1))


def posting_arrays(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return a leaf matcher's documents and term frequencies as arrays.

    Whoosh's own codec is read a block at a time (its block arrays); any other matcher one
    posting at a time. Deleted documents come along: callers mask them out.
    """
    inner = block_matcher(matcher)
    if inner is not None:
        blocks = list(_blocks(inner))
        if not blocks:
            return EMPTY_IDS, np.zeros(0, dtype=np.float32)
        return np.concatenate([ids for ids, _, _ in blocks]), np.concatenate([w for _, w, _ in blocks])
    found, frequencies = [], []
    while matcher.is_active():
        found.append(matcher.id())
        frequencies.append(matcher.weight())
        matcher.next()
    return np.array(found, dtype=np.int64), np.array(frequencies, dtype=np.float32)


def posting_places(matcher: Any, position_bits: int) -> np.ndarray:
    """Return where a leaf matcher's word stands, as document << position_bits | position, in order.

    Whoosh's Positions format keeps each posting's positions as a pickled list of gaps: its blocks are read
    whole and each list unpickled at C speed, where Whoosh's matcher decodes them through four Python calls a
    posting (a common word's 4,000 postings: 21 ms). Other formats and matchers go through Whoosh. Deleted
    documents come along, as in posting_arrays."""
    inner = block_matcher(matcher)
    if inner is None or type(inner.format).__name__ != "Positions":
        places = [(doc << position_bits) + np.asarray(at, dtype=np.int64) for doc, at in matcher.items_as("positions")]
        return np.concatenate(places) if places else EMPTY_IDS
    docs, gaps = [], []
    for ids, _, values in _blocks(inner, with_values=True):
        docs.append(ids)
        gaps += [loads(v[COUNT_BYTES:] if v.endswith(b".") else v[COUNT_BYTES:] + b".") for v in values]
    if not gaps:
        return EMPTY_IDS
    counts = np.fromiter(map(len, gaps), dtype=np.int64, count=len(gaps))
    running = np.cumsum(np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=int(counts.sum())))
    before = np.repeat(np.concatenate(([0], running))[np.cumsum(counts) - counts], counts)  # each list's start
    return (np.repeat(np.concatenate(docs), counts) << position_bits) + running - before


def block_matcher(matcher: Any) -> Any:
    """Return Whoosh's own block matcher behind a leaf matcher, or None for any other kind."""
    inner = matcher.child if type(matcher).__name__ == "FilterMatcher" else matcher
    if not all(hasattr(inner, a) for a in BLOCK_MEMBERS) or inner._byteids:  # byte ids: not a field's postings
        return None
    return inner


def _blocks(inner: Any, with_values: bool = False) -> Iterator[tuple[np.ndarray, np.ndarray, tuple[bytes, ...]]]:
    """Yield each block's documents, weights and (when asked) values from where the matcher stands, as stored:
    the documents' gaps summed by numpy, not one Python step each."""
    while inner.is_active():
        if inner._data is None:
            inner._read_data()
        stored_ids, stored_weights = inner._data[:2]  # the values: through _read_values, which unpacks them
        start, size = inner._i, inner._blocklength
        ids = np.cumsum(np.asarray(stored_ids, dtype=np.int64))  # each block starts from 0
        if stored_weights is None or isinstance(stored_weights, float):
            weights = np.full(size, 1.0 if stored_weights is None else stored_weights, dtype=np.float32)
        else:
            weights = np.asarray(stored_weights, dtype=np.float32)
        if with_values:
            if inner._values is None:
                inner._read_values()
            values = tuple(inner._values[start:])
        else:
            values = ()
        yield ids[start:], weights[start:], values
        inner._next_block()


@contextlib.contextmanager
def translated(what: str, error: type[ArchiveError] = ArchiveError) -> Iterator[None]:
    """Turn whatever Whoosh raises while reading or writing `what` into an ArchiveError for a person:
    a held lock into IndexLockedError, anything else into `error` with Whoosh's reason."""
    try:
        yield
    except ArchiveError:
        raise
    except LockError as exc:
        raise IndexLockedError(f"Another reindex is writing {what}; wait for it to finish.") from exc
    except Exception as exc:  # Whoosh raises assorted errors on odd input
        log.debug("Whoosh failed while %s", what, exc_info=True)
        raise error(f"Cannot read {what}: {exc}") from exc


def storage(path: Path) -> FileStorage:
    """Return the storage of an index folder, its files read with read() rather than memory-mapped."""
    return FileStorage(str(path), supports_mmap=False)


def index_exists(path: Path) -> bool:
    """Return whether the folder holds an index: a table of contents file, readable or not."""
    return path.is_dir() and TOC._latest_generation(storage(path), "MAIN") > -1


def missing_index(path: Path) -> IndexNotFoundError:
    """Return the error for a folder without an index, with the next step."""
    return IndexNotFoundError(f"No index in {path}. Run 'archive reindex' first.")


def damaged_index(path: Path) -> IndexDamagedError:
    """Return the error for an index whose files cannot be read, with the next step."""
    return IndexDamagedError(f"The index in {path} is damaged: run 'archive reindex --full' to rebuild it.")


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn whatever Whoosh raises while reading the index at path into IndexNotFoundError (the index is
    gone) or IndexDamagedError (its files are truncated, missing or garbled), the cause in the log."""
    try:
        yield
    except ArchiveError:
        raise
    except Exception as exc:  # a damaged file fails anywhere in Whoosh, with any exception
        # the traceback as text, and Whoosh's frames cleared: they hold the files it failed on, which close now
        log.debug("Reading the index in %s failed:\n%s", path, "".join(traceback.format_exception(exc)))
        traceback.clear_frames(exc.__traceback__)
        raise (missing_index(path) if _gone(path) else damaged_index(path)) from exc


def _gone(path: Path) -> bool:
    try:
        return not index_exists(path)
    except Exception:  # an unreadable folder is not a missing index
        return False
