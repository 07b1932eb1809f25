"""Opening the index for reading: all the search side needs, without the indexing pipeline's imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from .engine import translated
from .errors import IndexNotFoundError


def open_index(path: Path) -> Any:
    """Return the Whoosh index at path, or raise IndexNotFoundError with the next step."""
    with translated(f"the index in {path} (damaged? 'archive reindex --full' rebuilds it)"):
        if not path.is_dir() or not whoosh_index.exists_in(str(path)):
            raise IndexNotFoundError(f"No index in {path}. Run 'archive reindex' first.")
        return whoosh_index.open_dir(str(path))
