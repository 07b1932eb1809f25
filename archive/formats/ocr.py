"""Scans: the text of images (PNG, JPEG, TIFF: every frame a page) and of PDF pages without a text layer,
read by Tesseract (archive/formats/tesseract.py). Pages are joined with form feeds, as the PDF reader does.

Pillow's limit on pixels (Image.MAX_IMAGE_PIXELS) stays in force, so a decompression bomb is reported as
such; a PDF page is rendered at 300 dpi, or less when that would pass the same limit.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import numpy as np
from PIL import Image

from ..errors import DocumentError
from ..models import RawDocument
from . import MAX_PAGES, TIMED_OUT, current_clock, in_time
from .tesseract import Engine, engine, page_text

DPI = 300  # what PDF pages are rendered at: Tesseract reads body text best from about 300 dpi
STRIP_ROWS = 512  # rows of a deep grey image scaled at once (_stretched)
PIXEL_LIMIT = 89_478_485  # Pillow's own default, for when MAX_IMAGE_PIXELS has been switched off


def read(kind: str, data: bytes, name: str, meta: dict[str, Any]) -> tuple[list[RawDocument], list[str]]:
    """Return an image's text as one document (its frames as pages; one frame's first line is its title) and the
    problems met in it."""
    problems: list[str] = []
    pages = image_pages_text(data, problems)
    if not any(page.strip() for page in pages):
        raise DocumentError("no text found in the image by OCR")
    kind = "pages" if len(pages) > 1 else "text"  # frames keep their page starts (archive/clean.py clean_pages)
    return [RawDocument(name, "", kind, "\f".join(pages), dict(meta))], problems


def image_pages_text(data: bytes, problems: list[str]) -> list[str]:
    """Return the OCR text of every frame of an image (up to MAX_PAGES, until the file's time is up; what is
    left out is added to problems)."""
    image = _opened(data)  # a damaged file is reported as such, Tesseract or not
    tesseract = engine()
    source = "image:" + hashlib.sha256(data).hexdigest()
    frames = _frame_count(image)
    if frames > MAX_PAGES:
        problems.append(f"only the first {MAX_PAGES} of its {frames} pages read")
    texts = pages_read(tesseract, source, range(min(frames, MAX_PAGES)), partial(_frame, image))
    if len(texts) < min(frames, MAX_PAGES):
        if not texts:
            raise DocumentError(f"{TIMED_OUT}: not read")
        problems.append(f"{TIMED_OUT}: read the first {len(texts)} of its {frames} pages only")
    return texts


def pages_read(tesseract: Engine, source: str, numbers: Iterable[int], render: Callable[[int], Any]) -> list[str]:
    """Return the OCR text of pages in order, as far as the file's time allows (fewer texts than pages: cut)."""
    clock, wanted = current_clock(), list(numbers)
    texts = in_time(wanted, lambda n: page_text(tesseract, source, n, partial(render, n), clock.deadline))
    if len(texts) < len(wanted):
        clock.cut = clock.resumable = True  # the pages read are in the OCR cache: the next reading goes on
    return texts


def pdf_pages_text(data: bytes, pages: list[int]) -> list[str]:
    """Return the OCR text of a PDF's pages (0-based numbers), each rendered at 300 dpi, as far as the file's
    time allows (fewer texts than pages: the rest were not read)."""
    import pypdfium2

    tesseract = engine()
    source = f"pdf:{DPI}:" + hashlib.sha256(data).hexdigest()
    opened: list[Any] = []  # the document, opened for the first page that is not in the cache

    def render(number: int) -> tuple[bytes, int | None]:
        try:
            if not opened:
                opened.append(pypdfium2.PdfDocument(data))
            return _rendered(opened[0], number)
        except (pypdfium2.PdfiumError, IndexError, ValueError) as exc:
            raise DocumentError(f"page {number + 1} cannot be rendered for OCR: {exc}") from exc

    try:
        return pages_read(tesseract, source, pages, render)
    finally:
        for document in opened:
            document.close()


def _opened(data: bytes) -> Image.Image:
    """Return the image in data; a damaged one or a decompression bomb is a DocumentError."""
    with _pillow_quiet():
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise DocumentError(f"too many pixels (a decompression bomb?): {exc}") from None
        except Exception:  # Pillow's decoders raise many kinds (OSError, SyntaxError, ValueError...)
            raise DocumentError("not an image that can be read (damaged, or not the kind its name says)") from None


@contextmanager
def _pillow_quiet() -> Iterator[None]:
    """Silence Pillow's warnings about odd files (the file is read or reported), a decompression bomb's excepted:
    that one is an error, already at Pillow's warning size."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _frame_count(image: Image.Image) -> int:
    """Return how many frames (pages) an image has: a TIFF's are counted by walking them, which may fail."""
    try:
        with _pillow_quiet():
            return int(getattr(image, "n_frames", 1))
    except Exception as exc:  # a damaged chain of frames, in any of Pillow's kinds of error
        raise DocumentError(f"the image is damaged (its pages cannot be counted): {exc}") from None


def _frame(image: Image.Image, number: int) -> tuple[bytes, int | None]:
    """Return one frame of an image as PNM bytes on a white ground, with its resolution if it states one."""
    try:
        with _pillow_quiet():
            image.seek(number)
            width, height = image.size
            if width * height > (Image.MAX_IMAGE_PIXELS or PIXEL_LIMIT):
                raise DocumentError(f"too many pixels (a decompression bomb?): page {number + 1} is {width}x{height}")
            frame = _flattened(image)
    except DocumentError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DocumentError(f"too many pixels (a decompression bomb?): page {number + 1}") from None
    except Exception as exc:  # a damaged image fails when its pixels are decoded, in any of Pillow's kinds
        raise DocumentError(f"the image is damaged (page {number + 1}): {exc}") from None
    dpi = image.info.get("dpi", (0, 0))[0]
    return _pnm(frame), round(dpi) if 70 <= dpi <= 2400 else None


def _flattened(image: Image.Image) -> Image.Image:
    """Return an image in a mode Tesseract reads, transparency laid on white (text on a transparent ground)."""
    if image.mode in ("1", "L", "RGB"):
        return image.copy()
    if "A" in image.mode or "transparency" in image.info:
        ground = Image.new("RGBA", image.size, "white")
        return Image.alpha_composite(ground, image.convert("RGBA")).convert("RGB")
    if image.mode.startswith("I") or image.mode == "F":
        return _stretched(image)
    return image.convert("RGB")


def _stretched(image: Image.Image) -> Image.Image:
    """Return a grey image of more than 8 bits (16-bit, integer, float) spread onto 8 bits from its darkest to its
    lightest value: Pillow's own conversion clips it (16-bit grey all above 255 comes out white). Scaled a strip of
    rows at a time, so a page at Pillow's pixel limit costs its own pixels and a strip, not gigabytes of floats."""
    values = np.asarray(image)
    low, high = float(values.min()), float(values.max())
    factor = 255 / (high - low) if high > low else 0.0
    grey = np.full(values.shape, 255, dtype=np.uint8)
    if factor:
        for start in range(0, len(values), STRIP_ROWS):
            strip = values[start : start + STRIP_ROWS].astype(np.float32)
            grey[start : start + STRIP_ROWS] = ((strip - low) * factor).astype(np.uint8)
    return Image.fromarray(grey, "L")


def _rendered(document: Any, number: int) -> tuple[bytes, int | None]:
    """Return a PDF page rendered in grey at 300 dpi (less for a page so big it would pass the pixel limit)."""
    page = document[number]
    try:
        width, height = page.get_size()  # in points, 72 to the inch
        limit = Image.MAX_IMAGE_PIXELS or PIXEL_LIMIT
        scale = min(DPI / 72, math.sqrt(limit / max(width * height, 1.0)))
        image = page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()
    return _pnm(image), round(scale * 72)


def _pnm(image: Image.Image) -> bytes:
    """Return an image as PNM bytes: uncompressed, quick to write, read by Tesseract as it is."""
    buffer = io.BytesIO()
    image.save(buffer, "PPM")
    return buffer.getvalue()
