"""Read a PDF's text layer page by page with pypdf, and its title, authors and creation date.

The pages are joined with form feeds ("\\f") into one record of kind "pages", which archive/clean.py cleans
page by page, so the document keeps where each page starts. Pages without text go to OCR (archive/formats/ocr.py)
where it is installed; otherwise they are reported, and a PDF with no text at all is an error, never an empty
document. pypdf was chosen over pdfminer.six after measuring both (README, "Dependencies").
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from typing import Any

from ..errors import DocumentError
from ..models import RawDocument
from . import (
    MAX_PAGES,
    MAX_PDF_STREAM_BYTES,
    NEEDS_OCR,
    TIMED_OUT,
    ReadingTimeout,
    current_clock,
    in_time,
    one_line,
    own_meta,
)

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on damaged structure: the reader reports what counts
PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")
NO_TITLE = re.compile(r"(?i)^(untitled|microsoft word - .*|.*\.(docx?|odt|rtf|pdf|txt|indd|qxd))$")
NO_TEXT_BY_OCR = "no text, OCR found none"  # a page without a text layer that Tesseract read as blank
UNPACK_LIMITS = (  # pypdf's limits on what one stream may unpack to (its pages' text needs no image decoded)
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
    "maximum_declared_stream_length",
)


def read(kind: str, data: bytes, name: str, meta: dict[str, Any]) -> tuple[list[RawDocument], list[str]]:
    """Return a PDF's text as one paged record, and the problems met (pages cut, pages without text)."""
    import pypdf

    problems: list[str] = []
    limits: dict[str, Any] = dict.fromkeys(UNPACK_LIMITS, MAX_PDF_STREAM_BYTES)
    with pypdf.apply_configuration(None, **limits):  # a decompression bomb, or a hostile content stream, costs its page
        reader = open_pdf(data)
        read_pages = without_running_lines(page_texts(reader, problems))
        found = pdf_meta(reader)
    texts = with_ocr(data, read_pages, problems)
    body = "\f".join(texts)
    return [RawDocument(path=name, key="", kind="pages", body=body, meta={**found, **meta})], problems


def open_pdf(data: bytes) -> Any:
    """Return a pypdf reader of the bytes; a damaged or password-locked PDF is a DocumentError."""
    import pypdf
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone leaves it readable
            raise DocumentError("encrypted PDF: it needs a password to be read")
        len(reader.pages)  # a damaged page tree fails here rather than halfway through
    except DocumentError:
        raise
    except (DependencyError, NotImplementedError) as exc:  # pypdf's "not implemented": certificate encryption
        raise DocumentError(f"encrypted PDF that cannot be opened here: {one_line(exc)}") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise DocumentError(f"not a readable PDF (damaged or cut short): {one_line(exc)}") from exc
    return reader


def page_texts(reader: Any, problems: list[str]) -> list[str | None]:
    """Return the text of each page read (at most MAX_PAGES, until the file's time is up; None for a page that
    failed); what was left out or failed is added to problems."""
    total = len(reader.pages)
    if total > MAX_PAGES:
        problems.append(f"{total} pages: indexed the first {MAX_PAGES} only")
    wanted = min(total, MAX_PAGES)
    texts = in_time(range(wanted), lambda number: page_text(reader, number, problems))
    if len(texts) < wanted:
        problems.append(f"{TIMED_OUT}: indexed the first {len(texts)} pages of {total} only")
    return texts


def page_text(reader: Any, number: int, problems: list[str]) -> str | None:
    """Return the text of one page (0-based); a page that cannot be read is a problem and None."""
    try:
        text = reader.pages[number].extract_text() or ""
    except ReadingTimeout:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged page: it costs that page only
        problems.append(f"page {number + 1} cannot be read: {one_line(exc)}")
        return None
    return text.replace("\f", "\n").replace("\x00", "")  # a form feed separates pages in the record


def without_running_lines(texts: list[str | None]) -> list[str | None]:
    """Return the page texts without their running heads and feet: a first or last line that recurs, numbers
    aside, on at least half the pages (and three at least), such as "Annual report 2024" or "Page 7 of 90"."""
    edges = [edge_lines(text) for text in texts if text]
    counts = Counter(key for lines in edges for key in {running_key(line) for line in lines})
    running = {key for key, count in counts.items() if key and count >= max(3, (len(edges) + 1) // 2)}
    if not running:
        return texts
    return [text and strip_edges(text, running) for text in texts]


def edge_lines(text: str) -> list[str]:
    """Return the first and the last non-empty line of a page's text."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[:1] + lines[-1:] if lines else []


def running_key(line: str) -> str:
    """Return a line as running heads are compared: lower case, spaces squeezed, every number as #."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def strip_edges(text: str, running: set[str]) -> str:
    """Return a page's text less its first and last lines where they are running heads or feet (a page of one
    line keeps it: a register of one line a page is all running lines)."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > 1 and running_key(lines[0]) in running:  # a page never loses its only line
        lines.pop(0)
    if len(lines) > 1 and running_key(lines[-1]) in running:
        lines.pop()
    return "\n".join(lines)


def with_ocr(data: bytes, read: list[str | None], problems: list[str]) -> list[str]:
    """Return the page texts with those of pages without a text layer read by OCR where it is installed (as far
    as the file's time allows); pages left without text are reported, and a PDF with no text at all is a
    DocumentError."""
    if not any(text is not None for text in read):  # every page failed: the last failure says why
        raise DocumentError(problems[-1] if problems else "a PDF with no pages")
    texts = [text or "" for text in read]
    empty = [n for n, text in enumerate(read) if text is not None and not text.strip()]
    if not empty:
        return texts
    reason, unread = NEEDS_OCR, list[int]()
    try:
        from .ocr import pdf_pages_text  # type: ignore[import-not-found,unused-ignore]

        found = pdf_pages_text(data, empty)
        for number, text in zip(empty, found, strict=False):
            texts[number] = text
        reason, unread = NO_TEXT_BY_OCR, empty[len(found) :]
    except ImportError:
        pass
    except ReadingTimeout:  # the alarm rang outside the page loop (hashing the file): no page was read
        current_clock().stop_alarm()
        unread = empty
    except DocumentError as exc:
        reason = str(exc)
    if not any(text.strip() for text in texts):
        raise DocumentError(TIMED_OUT if unread else reason)
    if still := [n + 1 for n in empty if n not in unread and not texts[n].strip()]:
        problems.append(f"no text on {page_list(still)}: {reason}")
    if unread:
        problems.append(f"no text on {page_list([n + 1 for n in unread])}: OCR stopped, {TIMED_OUT}")
    return texts


def page_list(numbers: list[int]) -> str:
    """Return page numbers as words: "page 2", "pages 2, 5, 7", at most ten named."""
    named = ", ".join(map(str, numbers[:10])) + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
    return f"page {named}" if len(numbers) == 1 else f"pages {named}"


def pdf_meta(reader: Any) -> dict[str, Any]:
    """Return the title, authors and publication date the PDF's document information states."""
    try:
        info = reader.metadata or {}
        fields = {k: info.get(k) for k in ("/Title", "/Author", "/CreationDate")}
    except Exception as exc:  # a damaged information dictionary costs the metadata only
        log.debug("unreadable PDF metadata: %s", exc)
        return {}
    title = text_of(fields["/Title"])
    created = pdf_date(text_of(fields["/CreationDate"]))
    return own_meta("" if NO_TITLE.match(title) else title, text_of(fields["/Author"]), created)


def text_of(value: Any) -> str:
    """Return a metadata value as one line of text ("" for none)."""
    return " ".join(value.split()) if isinstance(value, str) else ""  # bytes: no text encoding to trust


def pdf_date(value: str) -> str | None:
    """Return a PDF date ("D:20240305093000Z") as an ISO date at the precision it gives."""
    match = PDF_DATE.match(value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)

