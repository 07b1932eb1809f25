"""Opening the index for reading: all the search side needs, without the indexing pipeline's imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .engine import index_exists, missing_index, reading, storage


def open_index(path: Path) -> Any:
    """Return the Whoosh index at path (its files read, not mapped), or raise IndexNotFoundError or
    IndexDamagedError with the next step."""
    with reading(path):
        if not index_exists(path):
            raise missing_index(path)
        return storage(path).open_index()
