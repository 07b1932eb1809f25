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
import traceback
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError
from whoosh.query import MultiTerm

from .errors import ArchiveError, IndexDamagedError, IndexLockedError, IndexNotFoundError

PINNED = "2.7.5"
BLOCK_MEMBERS = ("_read_ids", "_read_weights", "_next_block", "_i", "_ids", "_weights")
EMPTY_IDS = np.zeros(0, dtype=np.int64)
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
        for number in range(300):
            writer.add_document(body=f"word{number % 7} common")
    with ix.searcher() as searcher:
        leaf = next(iter(searcher.reader().leaf_readers()))[0]
        inner = leaf.postings("body", "common")
        missing = [name for name in BLOCK_MEMBERS if not hasattr(inner, name)]
        if missing:
            return [f"a posting matcher ({type(inner).__name__}) lacks {', '.join(missing)}"]
        ids, weights = posting_arrays(leaf.postings("body", "common"))
        if ids.tolist() != list(range(300)) or set(weights.tolist()) != {1.0}:
            return ["posting lists read a block at a time differ from the index"]
    return []


def expansion_size(leaf: MultiTerm, reader: Any, limit: int) -> int:
    """Return how many index words a wildcard or fuzzy term stands for, counting no further than limit + 1."""
    return sum(1 for _ in islice(leaf._btexts(reader), limit + 1))


def posting_arrays(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return a leaf matcher's documents and term frequencies as arrays.

    Whoosh's own codec is read a block at a time (its block arrays); any other matcher one
    posting at a time. Deleted documents come along: callers mask them out.
    """
    inner = matcher.child if type(matcher).__name__ == "FilterMatcher" else matcher
    if all(hasattr(inner, a) for a in BLOCK_MEMBERS):
        return _block_arrays(inner)
    found, frequencies = [], []
    while matcher.is_active():
        found.append(matcher.id())
        frequencies.append(matcher.weight())
        matcher.next()
    return np.array(found, dtype=np.int64), np.array(frequencies, dtype=np.float32)


def _block_arrays(inner: Any) -> tuple[np.ndarray, np.ndarray]:
    ids, weights = [], []
    while inner.is_active():
        if inner._ids is None:
            inner._read_ids()
        if inner._weights is None:
            inner._read_weights()
        ids.append(np.asarray(inner._ids[inner._i :], dtype=np.int64))
        weights.append(np.asarray(inner._weights[inner._i :], dtype=np.float32))
        inner._next_block()
    if ids:
        return np.concatenate(ids), np.concatenate(weights)
    return EMPTY_IDS, np.zeros(0, dtype=np.float32)


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
