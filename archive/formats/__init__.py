"""Readers of binary document formats (PDF, Word, e-mail, scanned images): each turns a file's bytes into
records (RawDocument) and the problems met in them, as archive/sources.py does for text, pages and JSON.

A reader's module is imported on first use, so a reindex of text files never loads a PDF library. Every
reader bounds what one file may cost (MAX_PAGES, MAX_UNPACKED_BYTES, FILE_SECONDS): a 2,000-page PDF or a
decompression bomb costs that file, never the reindex.

Time is counted per file, not per piece (`reading_clock`): a PDF's text and its OCR, an e-mail and its
attachments share one FILE_SECONDS. Readers stop between pages and messages once it has passed, keeping what
they read; in a process's main thread (the local workers) an alarm also stops a reader stuck inside one page.
A file cut short is indexed with what was read and read again by the next reindex.
"""

from __future__ import annotations

import importlib
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..errors import DocumentError
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
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # what a compressed container (.docx, an e-mail part) may unpack to
MAX_PDF_STREAM_BYTES = 8 * 1024 * 1024  # what one PDF stream may unpack to: pypdf holds ~40 MB of objects per MB
NEEDS_OCR = "needs OCR: install tesseract-ocr"  # why a scan is not read where Tesseract is absent
FILE_SECONDS = 120  # what one file's reading (OCR included) may take
# where OCR output is kept by content hash while files are read (None: not kept); the pipeline sets it per task
OCR_CACHE: ContextVar[Path | None] = ContextVar("OCR_CACHE", default=None)


class ReadingTimeout(DocumentError):
    """A file's reading passed FILE_SECONDS (raised by the clock's alarm inside a reader stuck on one page)."""


@dataclass
class Clock:
    """The time one file's reading may take, and whether it was cut short by it."""

    deadline: float  # a time.monotonic() value
    cut: bool = False  # reading stopped for time: what was read is indexed
    resumable: bool = False  # ... and the next reading gets further (OCR keeps the pages it read): read it again
    armed: bool = False  # an alarm rings in this (the main) thread when the time is up

    def left(self) -> float:
        """Return the seconds left (negative once past)."""
        return self.deadline - time.monotonic()

    def expired(self) -> bool:
        """Return whether the time is up, noting that the file is cut short; a reader that asks stops by itself,
        so the alarm stops ringing."""
        self.cut = self.cut or self.left() <= 0
        if self.cut:
            self.stop_alarm()
        return self.cut

    def stop_alarm(self) -> None:
        """Stop the alarm: the reader has stopped for time (it caught ReadingTimeout, or saw the time was up)."""
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)  # first: a ring between the two lines must find it armed
            self.armed = False


CLOCK: ContextVar[Clock | None] = ContextVar("CLOCK", default=None)
T = TypeVar("T")
R = TypeVar("R")
TIMED_OUT = f"reading took over {FILE_SECONDS} s"
RING_AGAIN_SECONDS = 0.5


@contextmanager
def reading_clock() -> Iterator[Clock]:
    """Give the file read inside this block FILE_SECONDS in all; a block inside another shares its clock."""
    current = CLOCK.get()
    if current is not None:
        yield current
        return
    clock = Clock(time.monotonic() + FILE_SECONDS)
    token = CLOCK.set(clock)
    try:
        with _alarm(clock):
            yield clock
    finally:
        CLOCK.reset(token)


def in_time(items: Iterable[T], read: Callable[[T], R]) -> list[R]:
    """Return `read` of each item in order, as far as the file's time allows: fewer results than items when the
    time ran out (between two items, or by the alarm inside one), the alarm then stopped."""
    clock, found = current_clock(), list[R]()
    for item in items:
        if clock.expired():
            break
        try:
            found.append(read(item))
        except ReadingTimeout:
            clock.stop_alarm()
            break
    return found


def current_clock() -> Clock:
    """Return the clock of the file being read (a fresh one for a reader called outside reading_clock)."""
    return CLOCK.get() or Clock(time.monotonic() + FILE_SECONDS)


@contextmanager
def _alarm(clock: Clock) -> Iterator[None]:
    """Raise ReadingTimeout where the reader stands once the clock's time is up: only in the main thread (where
    signals arrive) and when no other timer is set (a test runner's)."""
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        if not clock.armed:  # a signal already on its way when the alarm was stopped
            return
        clock.cut = True
        # the exception may land where Python swallows it (a garbage collector's callback, a __del__): the
        # alarm rings again until the reader stops
        signal.setitimer(signal.ITIMER_REAL, RING_AGAIN_SECONDS)
        raise ReadingTimeout(TIMED_OUT)

    previous = signal.signal(signal.SIGALRM, ring)
    clock.armed = True
    signal.setitimer(signal.ITIMER_REAL, max(clock.left(), 0.001))
    try:
        yield
    finally:
        clock.stop_alarm()
        signal.setitimer(signal.ITIMER_REAL, 0)  # whatever rang last: no alarm may outlive the block
        signal.signal(signal.SIGALRM, previous)


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
    with reading_clock():
        return reader(kind, data, name, meta)


@contextmanager
def ocr_cache(folder: str | Path | None) -> Iterator[None]:
    """Keep the OCR output of the files read inside this block in `folder` (None: nowhere)."""
    token = OCR_CACHE.set(None if folder is None else Path(folder))
    try:
        yield
    finally:
        OCR_CACHE.reset(token)


def own_meta(title: str, author: str, published: str | None) -> dict[str, Any]:
    """Return the metadata a file states of itself as a record's: its title on one line, its authors
    (";"-separated, as Word and PDF producers write several), its publication date; what is empty is left out."""
    authors = [a.strip() for a in author.split(";") if a.strip()]
    found = {"title": " ".join(title.split()), "authors": authors, "published": published}
    return {key: value for key, value in found.items() if value}


def cannot_read(exc: BaseException) -> str:
    """Return why a piece failed on an unexpected exception (a library's bug): "cannot read (KeyError: ...)"."""
    return f"cannot read ({type(exc).__name__}: {one_line(exc)})"


def one_line(exc: BaseException) -> str:
    """Return a reader's exception as a problem's reason: one line, at most 200 characters, its class name when
    it has no message."""
    return " ".join(str(exc).split())[:200] or type(exc).__name__
