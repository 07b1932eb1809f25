"""Readers of binary document formats (PDF, Word, e-mail, scanned images): each turns a file's bytes into
records (RawDocument) and the problems met in them, as archive/sources.py does for text, pages and JSON.

A reader's module is imported on first use, so a reindex of text files never loads a PDF library. Every
reader bounds what one file may cost (MAX_PAGES, MAX_UNPACKED_BYTES, FILE_SECONDS): a 2,000-page PDF or a
decompression bomb costs that file, never the reindex.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol

from ..models import RawDocument

# extension -> kind; the kind names the reader (READERS) and is what RawDocument.kind says before cleaning
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".eml": "email",
    ".mbox": "mbox",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}
READERS = {"pdf": "pdf", "docx": "word", "email": "mail", "mbox": "mail", "image": "ocr"}  # kind -> module
MAX_FILE_BYTES = 256 * 1024 * 1024  # what is read of a binary file (a PDF cut short cannot be read at all)
MAX_PAGES = 500  # pages read of one PDF; the rest is reported
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # what a compressed container (.docx, a PDF stream) may unpack to
NEEDS_OCR = "needs OCR: install tesseract-ocr"  # why a scan is not read where Tesseract is absent
FILE_SECONDS = 120  # what one file's reading (OCR included) may take
# where OCR output is kept by content hash while files are read (None: not kept); the pipeline sets it per task
OCR_CACHE: ContextVar[Path | None] = ContextVar("OCR_CACHE", default=None)


class Reader(Protocol):
    def __call__(
        self, kind: str, data: bytes, name: str, meta: dict[str, Any]
    ) -> tuple[list[RawDocument], list[str]]: ...


def is_binary(kind: str) -> bool:
    """Return whether a kind of file is read by a reader here rather than decoded as text."""
    return kind in READERS


def read_binary(kind: str, data: bytes, name: str, meta: dict[str, Any]) -> tuple[list[RawDocument], list[str]]:
    """Return the records of a binary file and the problems met in it; `name` is its index name and `meta` its
    sidecar's metadata, which overrides the file's own."""
    module = importlib.import_module(f".{READERS[kind]}", __name__)
    reader: Reader = module.read
    return reader(kind, data, name, meta)


@contextmanager
def ocr_cache(folder: str | Path | None) -> Iterator[None]:
    """Keep the OCR output of the files read inside this block in `folder` (None: nowhere)."""
    token = OCR_CACHE.set(None if folder is None else Path(folder))
    try:
        yield
    finally:
        OCR_CACHE.reset(token)


def one_line(exc: BaseException) -> str:
    """Return a reader's exception as a problem's reason: one line, at most 200 characters, its class name when
    it has no message."""
    return " ".join(str(exc).split())[:200] or type(exc).__name__
