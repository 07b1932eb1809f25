"""Tesseract, the OCR engine, run as a program: a page image in, its text out, and the text kept in the OCR
cache (formats.OCR_CACHE) by a hash of what was read, so no image is read twice.

The binary is called directly rather than through pytesseract: the image goes in on stdin and the text comes
back on stdout (no temporary files), and the timeout, the missing binary and the missing language data are
each turned into a clear message here.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..atomicfile import write_atomically
from ..config import environment_with
from ..errors import DocumentError
from . import NEEDS_OCR, OCR_CACHE, TIMED_OUT, ReadingTimeout

LANGUAGE = "eng"
Render = Callable[[], tuple[bytes, int | None]]  # a page's image (PNM bytes) and its resolution, if known


@dataclass(frozen=True)
class Engine:
    """The Tesseract found on PATH and its version (part of every cache key)."""

    binary: str
    version: str


def engine() -> Engine:
    """Return the Tesseract on PATH; its absence is a DocumentError that says what to install."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise DocumentError(NEEDS_OCR)
    return Engine(binary, _version(binary))


@functools.cache
def _version(binary: str) -> str:
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DocumentError(f"{NEEDS_OCR} (the tesseract found does not run: {exc})") from exc
    lines = (done.stdout or done.stderr).decode("utf-8", "replace").splitlines()
    if done.returncode != 0 or not lines:
        raise DocumentError(f"{NEEDS_OCR} (the tesseract found does not run)")
    return lines[0].strip()


def page_text(engine: Engine, source: str, page: int, render: Render, deadline: float) -> str:
    """Return the text of one page: from the cache, else rendered, read by Tesseract and cached.

    `source` is a hash of what the page comes from (the file's bytes); `deadline` a time.monotonic() value.
    """
    key = hashlib.sha256(f"{engine.version}\0{LANGUAGE}\0{source}\0{page}".encode()).hexdigest()
    text = _cached(key)
    if text is None:
        image, dpi = render()
        text = recognise(engine, image, dpi, deadline - time.monotonic())
        _remember(key, text)
    return text


def recognise(engine: Engine, image: bytes, dpi: int | None, seconds: float) -> str:
    """Return the text Tesseract reads in an image, given at most `seconds`."""
    if seconds <= 0:
        raise ReadingTimeout(TIMED_OUT)
    command = [engine.binary, "stdin", "stdout", "-l", LANGUAGE] + (["--dpi", str(dpi)] if dpi else [])
    # one thread a page: files are read one per core already, and Tesseract's OpenMP threads fighting them and
    # each other made a page take 8.0 s instead of 1.7 s on two busy cores
    single = environment_with(OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=seconds, check=False, env=single)
    except subprocess.TimeoutExpired:  # run() has killed it
        raise ReadingTimeout(TIMED_OUT) from None
    except OSError as exc:
        raise DocumentError(f"{NEEDS_OCR} ({exc.strerror or exc})") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in said:
            raise DocumentError(f"needs OCR: install tesseract-ocr-{LANGUAGE} (Tesseract's language data)")
        last = [line for line in said.splitlines() if line.strip()][-1:] or [f"exit status {done.returncode}"]
        raise DocumentError(f"OCR failed: {last[0].strip()}")
    return done.stdout.decode("utf-8", "replace").replace("\f", "").strip()


def _cached(key: str) -> str | None:
    folder = OCR_CACHE.get()
    if folder is None:
        return None
    try:
        return (folder / key[:2] / f"{key}.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _remember(key: str, text: str) -> None:
    """Keep a page's text in the cache; a cache that cannot be written only costs time."""
    folder = OCR_CACHE.get()
    if folder is None:
        return
    try:
        (folder / key[:2]).mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    data = text.encode("utf-8")
    write_atomically(folder / key[:2] / f"{key}.txt", lambda handle: handle.write(data))
