"""Data built once per installation and kept in the user's cache folder, named by what it was built from.

The gazetteer takes about a second to build from its packages and a third of that to load
from a pickle; a one-file reindex starts a process that needs it, so the difference counts.
A file that cannot be read or written only costs the build.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from .atomicfile import write_atomically
from .config import cache_folder

T = TypeVar("T")
log = logging.getLogger(__name__)


def source_key(sources: tuple[Path, ...], packages: tuple[str, ...]) -> str:
    """Return a name for what a value is built from: our source files' bytes and the packages' versions."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sources:
        digest.update(path.read_bytes())
    for package in packages:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?".encode())
    return digest.hexdigest()


def built(name: str, build: Callable[[], T], sources: tuple[Path, ...], packages: tuple[str, ...]) -> T:
    """Return the value `build` makes, from the cache folder when a copy built from the same inputs is there."""
    folder = cache_folder()
    path = folder / f"{name}-{source_key(sources, packages)}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own file in the user's cache folder
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError) as exc:
        log.debug("%s not loaded from %s (%s): building it", name, path, exc)
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return value
    if write_atomically(path, lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)):
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    return value
