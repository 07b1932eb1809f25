"""Scans: images and image-only PDF pages read by Tesseract, cached by content, refused with a reason."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

from archive.clean import clean
from archive.config import load_settings
from archive.errors import DocumentError
from archive.formats import ocr_cache
from archive.formats.ocr import pdf_pages_text, read
from archive.index import reindex
from archive.models import SearchRequest
from archive.search import Archive
from tests.hostile import SCAN_FONT, SCAN_LINES, render_scan, scan_bytes, scan_pages, write_scan_traps
from tests.office import fake_tesseract, web_client

TESSERACT = shutil.which("tesseract")


def near(got: str, lines: list[str]) -> bool:
    """Return whether OCR output is the lines, but for a character in fifty (clean 300-dpi text reads better)."""
    return Levenshtein.normalized_distance(" ".join(got.split()), " ".join(lines)) < 0.02


def png(image: Image.Image) -> bytes:
    """Return an image drawn in the test as PNG bytes."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def wrapped_tesseract(folder: Path) -> Path:
    """Put a `tesseract` on a folder that logs each call's arguments and runs the real one; return the log."""
    assert TESSERACT, "tesseract-ocr is not installed: run scripts/setup.sh"
    log = folder / "calls.log"
    script = folder / "tesseract"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{TESSERACT}" "$@"\n')
    script.chmod(0o755)
    log.touch()
    return log


def ocr_calls(log: Path) -> int:
    return sum(1 for line in log.read_text().splitlines() if "--version" not in line)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_scanned_page_is_read_as_its_text(fmt: str) -> None:
    (doc,), problems = read("image", scan_bytes(SCAN_LINES, fmt), "scan.png", {"title": "Harbour council"})
    assert near(doc.body, SCAN_LINES), doc.body
    assert (doc.kind, doc.meta, problems) == ("text", {"title": "Harbour council"}, [])


@pytest.mark.slow
def test_every_tiff_frame_is_a_page_joined_by_form_feeds() -> None:
    pages = [SCAN_LINES[:2], SCAN_LINES[2:4], SCAN_LINES[4:]]
    (doc,), _ = read("image", scan_pages(pages, "TIFF"), "clippings.tiff", {})
    got = doc.body.split("\f")
    assert len(got) == 3 and all(near(text, lines) for text, lines in zip(got, pages, strict=True)), got
    clean_doc = clean(doc)  # cleaned, the frames stay pages: no word runs into the next page's first
    assert len(clean_doc.pages) == 2 and clean_doc.text[clean_doc.pages[0] :].startswith(pages[1][0].split()[0])
    assert SCAN_LINES[2].split()[0] in clean_doc.text.split()


@pytest.mark.slow
def test_image_only_pdf_pages_are_read_by_their_numbers() -> None:
    data = scan_pages([SCAN_LINES[:2], SCAN_LINES[2:]], "PDF")
    second, first = pdf_pages_text(data, [1, 0])
    assert near(first, SCAN_LINES[:2]) and near(second, SCAN_LINES[2:]), (first, second)


@pytest.mark.slow
def test_text_on_a_transparent_ground_is_read_as_on_white() -> None:
    image = Image.new("RGBA", (2480, 500), (0, 0, 0, 0))  # transparent black: flattened naively, all black
    ImageDraw.Draw(image).text((300, 150), SCAN_LINES[0], font=ImageFont.truetype(SCAN_FONT, 46), fill="black")
    (doc,), _ = read("image", png(image), "logo.png", {})
    assert near(doc.body, SCAN_LINES[:1]), doc.body


@pytest.mark.slow
def test_a_dim_sixteen_bit_scan_is_read_not_clipped_to_white() -> None:
    grey = np.asarray(render_scan(SCAN_LINES[:2]), dtype=np.uint16)
    dim = Image.fromarray((2000 + grey * 70).astype(np.uint16))  # 16-bit grey from 2,000 (ink) to 19,850 (paper)
    (doc,), _ = read("image", png(dim), "dim.png", {})
    assert near(doc.body, SCAN_LINES[:2]), doc.body


@pytest.mark.slow
def test_an_image_without_text_is_refused_not_indexed_empty() -> None:
    with pytest.raises(DocumentError, match="no text found"):
        read("image", png(Image.new("L", (1200, 900), "white")), "blank.png", {})


def test_hostile_images_are_refused_with_their_reason(tmp_path: Path) -> None:
    for name, reason in write_scan_traps(tmp_path).items():
        with pytest.raises(DocumentError, match=reason):
            read("image", (tmp_path / name).read_bytes(), name, {})


def test_without_tesseract_a_scan_needs_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tesseract anywhere on it
    with pytest.raises(DocumentError, match="^needs OCR: install tesseract-ocr$"):
        read("image", scan_bytes(SCAN_LINES[:1]), "scan.png", {})
    with pytest.raises(DocumentError, match="^needs OCR: install tesseract-ocr$"):
        pdf_pages_text(scan_pages([SCAN_LINES[:1]], "PDF"), [0])


def test_the_ocr_cache_lies_in_the_index_unless_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(index=tmp_path / "ix").ocr_cache_folder() == tmp_path / "ix" / "ocr"
    monkeypatch.setenv("ARCHIVE_OCR_CACHE", str(tmp_path / "scans"))
    assert load_settings(index=tmp_path / "ix").ocr_cache_folder() == tmp_path / "scans"


@pytest.mark.slow
def test_a_page_in_the_cache_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = wrapped_tesseract(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    data = scan_pages([SCAN_LINES[:2], SCAN_LINES[2:]], "PDF")
    with ocr_cache(tmp_path / "cache"):
        first = pdf_pages_text(data, [0, 1])
        again = pdf_pages_text(data, [1, 0])
    assert again == first[::-1] and ocr_calls(log) == 2
    pdf_pages_text(data, [0])  # outside the block: nothing kept, so read again
    assert ocr_calls(log) == 3


@pytest.mark.slow
def test_a_reindexed_scan_is_found_by_search_and_never_read_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, bin_ = tmp_path / "docs", tmp_path / "bin"
    docs.mkdir(), bin_.mkdir()
    log = wrapped_tesseract(bin_)
    monkeypatch.setenv("PATH", str(bin_))
    (docs / "harbour.png").write_bytes(scan_bytes(SCAN_LINES))
    (docs / "clippings.tiff").write_bytes(scan_pages([["Trawler crews in Korsakov struck on Monday."], SCAN_LINES[:1]], "TIFF"))
    (docs / "note.txt").write_text("Port note\n\nThe pier in Nakhodka reopened.\n")
    settings = load_settings(documents=docs, index=tmp_path / "index", workers=1)
    report = reindex(settings)
    assert (report.indexed, report.failed) == (3, []), report
    assert ocr_calls(log) == 3  # one image, two frames
    for word, path in [("icebreaker", "harbour.png"), ("Korsakov", "clippings.tiff")]:
        hits = Archive(settings.index).search(SearchRequest(query=word)).hits
        assert [h.path for h in hits] == [path], word
    report = reindex(settings, full=True)
    assert (report.indexed, report.failed, ocr_calls(log)) == (3, [], 3)
    assert [h.path for h in Archive(settings.index).search(SearchRequest(query="convoys")).hits] == ["harbour.png"]
    client = web_client(docs, settings.index)
    for word, kind, saved in [("convoys", "image/png", False), ("Korsakov", "image/tiff", True)]:
        (hit,) = Archive(settings.index).search(SearchRequest(query=word)).hits
        answer = client.get(f"/file/{hit.id}")  # the original scan, as an image: shown, or saved when browsers can't
        answer.close()  # the file it was sent from
        assert answer.mimetype == kind and answer.headers["Content-Disposition"].startswith("attachment") == saved


@pytest.mark.slow
def test_without_tesseract_a_reindex_reports_the_scan_and_keeps_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.png").write_bytes(scan_bytes(SCAN_LINES[:2]))
    (docs / "note.txt").write_text("Port note\n\nThe pier in Nakhodka reopened.\n")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    settings = load_settings(documents=docs, index=tmp_path / "index", workers=1)
    report = reindex(settings)
    assert (report.indexed, report.failed) == (1, [("harbour.png", "needs OCR: install tesseract-ocr")])
    assert [h.path for h in Archive(settings.index).search(SearchRequest()).hits] == ["note.txt"]


def test_a_hanging_tesseract_costs_the_file_its_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tesseract(tmp_path, f"exec {shutil.which('sleep')} 60")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("archive.formats.FILE_SECONDS", 1)  # the limit, not the code: 120 s is too long to wait
    with pytest.raises(DocumentError, match="reading took over"):
        read("image", scan_bytes(SCAN_LINES[:1]), "scan.png", {})


def test_tesseract_without_its_english_data_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tesseract(tmp_path, f'TESSDATA_PREFIX="{tmp_path}" exec "{TESSERACT}" "$@"')  # the real one, no language data
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError, match="^needs OCR: install tesseract-ocr-eng"):
        read("image", scan_bytes(SCAN_LINES[:1]), "scan.png", {})
