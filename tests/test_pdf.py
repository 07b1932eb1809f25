"""PDF files: text per page, metadata, pages without text, limits and damaged files, page numbers in hits, the
API and the document page. Every PDF is written at test time (tests/office.py, tests/hostile.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.clean import clean, clean_pages, clean_plain
from archive.config import load_settings
from archive.errors import DocumentError
from archive.formats import MAX_PAGES, MAX_PDF_STREAM_BYTES, read_binary
from archive.formats.pdf import read
from archive.index import ReindexReport, reindex
from archive.models import SearchRequest
from archive.search import Archive
from tests.hostile import handmade_pdf, write_hostile_pdfs
from tests.office import (
    PAGE_WORDS,
    REPORT_PAGES,
    assert_refused,
    fake_tesseract,
    folders,
    web_client,
    write_pdf,
    write_running_heads_pdf,
)

CREATED = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)


def read_pdf(path: Path, meta: dict[str, str] | None = None) -> tuple[object, list[str]]:
    records, problems = read("pdf", path.read_bytes(), path.name, meta or {})
    assert len(records) == 1
    return clean(records[0]), problems


def test_reader_keeps_where_each_page_starts_in_the_clean_text(tmp_path: Path) -> None:
    doc, problems = read_pdf(write_pdf(tmp_path / "r.pdf", list(REPORT_PAGES)))
    assert problems == []
    assert len(doc.pages) == 2
    for start, page in zip((0, *doc.pages), REPORT_PAGES, strict=True):
        assert doc.text[start:].startswith(page.split()[0] + " " + page.split()[1])
    assert "\f" not in doc.text


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_page_starts_point_at_each_clean_page(pages: list[str]) -> None:
    doc = clean_pages("\f".join(page.replace("\f", " ") for page in pages))
    assert len(doc.pages) == len(pages) - 1 and list(doc.pages) == sorted(doc.pages)
    for start, page in zip(doc.pages, pages[1:], strict=True):
        cleaned = clean_plain(page.replace("\f", " "), with_title=False).text
        assert doc.text[start : start + len(cleaned)] == cleaned


def test_running_heads_and_page_numbers_are_left_out(tmp_path: Path) -> None:
    doc, _ = read_pdf(write_running_heads_pdf(tmp_path / "heads.pdf"))
    assert "Minutes" not in doc.text and not re.search(r"Page \d", doc.text)
    for start, page in zip((0, *doc.pages), REPORT_PAGES, strict=True):
        assert doc.text[start:].startswith(" ".join(page.split()[:3]))
    doc, _ = read_pdf(write_pdf(tmp_path / "short.pdf", REPORT_PAGES[:2], header="Minutes", footer=True))
    assert doc.text.startswith("Minutes")  # two pages are too few to tell a running head from a first line


def test_reader_takes_title_authors_and_creation_date_from_the_metadata(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "m.pdf", [REPORT_PAGES[0]], title="Harbour repairs", author="Maren Holst; Per Dahl")
    doc, _ = read_pdf(path)
    assert (doc.title, doc.authors, doc.published) == ("Harbour repairs", ("Maren Holst", "Per Dahl"), "2024-03-05")
    doc, _ = read_pdf(path, {"title": "From the sidecar"})
    assert doc.title == "From the sidecar"


def test_a_pdf_without_any_text_needs_ocr_and_is_never_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [None, None])
    with pytest.raises(DocumentError, match="^no text, OCR found none$"):  # Tesseract read the drawing: no words
        read_pdf(path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    with pytest.raises(DocumentError, match="^needs OCR: install tesseract-ocr$"):
        read_pdf(path)


def test_pages_without_text_are_named_and_the_rest_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    doc, problems = read_pdf(write_pdf(tmp_path / "mixed.pdf", [REPORT_PAGES[0], None, REPORT_PAGES[2]]))
    assert problems == ["no text on page 2: needs OCR: install tesseract-ocr"]
    assert doc.text[doc.pages[1] :].startswith("The board voted")


@pytest.mark.slow
def test_a_scanned_page_of_a_pdf_is_read_by_ocr_and_found_on_its_page(tmp_path: Path) -> None:
    from fpdf import FPDF

    from tests.hostile import render_scan

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The council met on Monday about the harbour.")
    pdf.add_page()
    pdf.image(render_scan(["The dredger Walrus cleared the channel at dawn."]), x=0, y=0, w=210)
    docs, index = folders(tmp_path)
    pdf.output(str(docs / "minutes.pdf"))
    report = reindex(load_settings(documents=docs, index=index, workers=1))
    assert report.failed == [] and report.warnings == []
    assert hit_of(index, "dredger", "minutes.pdf").page == 2
    assert hit_of(index, "council", "minutes.pdf").page == 1


def test_pages_past_the_limit_are_reported_not_read(tmp_path: Path) -> None:
    pages = [f"Page {n} of the long register." for n in range(1, MAX_PAGES + 2)]
    doc, problems = read_pdf(write_pdf(tmp_path / "long.pdf", pages))
    assert problems == [f"{MAX_PAGES + 1} pages: indexed the first {MAX_PAGES} only"]
    assert len(doc.pages) == MAX_PAGES - 1
    assert f"Page {MAX_PAGES} of" in doc.text and f"Page {MAX_PAGES + 1} of" not in doc.text


def test_locked_damaged_and_bomb_pdfs_are_clear_errors(tmp_path: Path) -> None:
    assert_refused(tmp_path, write_hostile_pdfs(tmp_path, MAX_PDF_STREAM_BYTES), read_pdf)


def slow_page_pdf(operations: int = 100_000) -> bytes:
    """Return a small PDF whose one page pypdf takes seconds to read: a content stream of many text operations."""
    return handmade_pdf(b"BT /F1 12 Tf " + b"1 0 Td (word) Tj " * operations + b"ET")


# Hypothesis times the garbage collector with a callback once one of its tests has run; an alarm that rings inside
# that callback is swallowed there (pytest warns) and rings again half a second later, as the clock intends.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_reader_stuck_inside_one_page_is_stopped_at_the_files_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("archive.formats.FILE_SECONDS", 1)  # the limit, not the code: 120 s is too long to wait
    started = time.monotonic()
    with pytest.raises(DocumentError, match="reading took over"):
        read_binary("pdf", slow_page_pdf(), "slow.pdf", {})  # about 7 s of pypdf on this machine without the alarm
    assert time.monotonic() - started < 5  # 1 s, and the alarm rings again each half second if swallowed


@pytest.mark.slow
def test_a_file_cut_short_by_time_is_indexed_and_read_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_pdf(docs / "report.pdf", [REPORT_PAGES[0], None])  # page 2 is a drawing: it goes to OCR
    (docs / "note.txt").write_text("Harbour note\n\nThe pier reopened on Monday.\n")
    fake = tmp_path / "bin"
    fake.mkdir()
    fake_tesseract(fake, f"exec {shutil.which('sleep')} 60")  # an OCR that never ends
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.setattr("archive.formats.FILE_SECONDS", 2)
    settings = load_settings(documents=docs, index=tmp_path / "index", workers=1)
    report = reindex(settings)
    assert (report.indexed, report.failed) == (2, [])
    warned = [problem for name, problem in report.warnings if name == "report.pdf"]
    assert any("page 2" in p and "OCR stopped" in p for p in warned) and any("read further" in p for p in warned)
    assert hit_of(settings.index, PAGE_WORDS[0], "report.pdf").page == 1  # the text page is searchable
    again = reindex(settings)
    assert again.indexed == 1 and {n for n, _ in again.warnings} == {"report.pdf"}  # the note is current


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, ReindexReport]]:
    docs, index = folders(tmp_path_factory.mktemp("pdfs"))
    write_pdf(docs / "report.pdf", list(REPORT_PAGES), title="Harbour repairs", author="Maren Holst", created=CREATED)
    write_pdf(docs / "mixed.pdf", [REPORT_PAGES[0], None, "The lighthouse keeper retired in the spring."])
    write_pdf(docs / "scan.pdf", [None])
    write_pdf(docs / "sidecar.pdf", ["The ferry to Gdynia sails twice a day in summer."], title="Metadata title")
    (docs / "sidecar.meta.json").write_text(json.dumps({"title": "Ferry timetable"}))
    (docs / "note.txt").write_text("Harbour note\n\nThe breakwater was mentioned in a text file too.\n")
    write_hostile_pdfs(docs / "bad", MAX_PDF_STREAM_BYTES)
    report = reindex(load_settings(documents=docs, index=index, workers=1))
    yield docs, index, report


@pytest.fixture(scope="module")
def client(built):
    return web_client(*built[:2])


def hit_of(index: Path, query: str, path: str):
    hits = Archive(index).search(SearchRequest(query=query, limit=20, all_copies=True)).hits
    return next(h for h in hits if h.path == path)


@pytest.mark.slow
def test_reindex_indexes_good_pdfs_and_reports_each_bad_one(built) -> None:
    _, index, report = built
    failed = dict(report.failed)
    assert set(failed) == {"scan.pdf", "bad/locked.pdf", "bad/noise.pdf", "bad/halved.pdf", "bad/bomb.pdf"}
    assert failed["scan.pdf"] == "no text, OCR found none"  # a drawing, no words: Tesseract (setup.sh) read it
    assert "password" in failed["bad/locked.pdf"]
    assert ("mixed.pdf", "no text on page 2: no text, OCR found none") in report.warnings
    paths = {h.path for h in Archive(index).search(SearchRequest(limit=50, all_copies=True)).hits}
    assert paths == {"report.pdf", "mixed.pdf", "sidecar.pdf", "note.txt"}


@pytest.mark.slow
def test_a_hit_names_the_page_of_its_first_match(built) -> None:
    _, index, _ = built
    for number, word in enumerate(PAGE_WORDS, 1):
        assert hit_of(index, word, "report.pdf").page == number, word
    assert hit_of(index, "lighthouse", "mixed.pdf").page == 3  # after a page without text
    assert hit_of(index, "breakwater", "note.txt").page is None  # a text file has no pages


@pytest.mark.slow
def test_metadata_and_sidecar_reach_the_index(client) -> None:
    hits = client.get("/api/search?q=crowns&copies=all").get_json()["hits"]
    (hit,) = [h for h in hits if h["path"] == "report.pdf"]
    doc = client.get(f"/api/doc/{hit['id']}").get_json()
    assert (doc["title"], doc["published"], doc["meta"]["authors"]) == ("Harbour repairs", "2024-03-05", ["Maren Holst"])
    ferry = client.get("/api/search?q=gdynia&copies=all").get_json()["hits"]
    assert "Ferry timetable" in [h["title"] for h in ferry]


@pytest.mark.slow
def test_api_hits_carry_the_page_only_for_paged_documents(client) -> None:
    hits = {h["path"]: h for h in client.get("/api/search?q=breakwater&copies=all").get_json()["hits"]}
    assert hits["report.pdf"]["page"] == 1
    assert "page" not in hits["note.txt"]
    hits = {h["path"]: h for h in client.get("/api/search?q=centimetres&copies=all").get_json()["hits"]}
    assert hits["report.pdf"]["page"] == 2


@pytest.mark.slow
def test_search_page_links_the_hit_to_its_page_of_the_file(client) -> None:
    hits = client.get("/api/search?q=crowns&copies=all").get_json()["hits"]
    ident = next(h["id"] for h in hits if h["path"] == "report.pdf")
    html = client.get("/?q=crowns&copies=all").get_data(as_text=True)
    assert f'href="/file/{ident}#page=3"' in html and ">page 3</a>" in html


@pytest.mark.slow
def test_document_page_marks_where_each_page_starts(client) -> None:
    ident = client.get("/api/search?q=crowns&copies=all").get_json()["hits"][0]["id"]
    html = client.get(f"/doc/{ident}").get_data(as_text=True)
    for number, text in enumerate(REPORT_PAGES, 1):
        marker = f'id="page-{number}" href="/file/{ident}#page={number}"'
        assert marker in html
        after = re.sub(r"<[^>]+>", "", html.split(marker, 1)[1].split("</a>", 1)[1])
        assert after.startswith(" ".join(text.split()[:3])), (number, after[:60])


@pytest.mark.slow
def test_original_pdf_is_served_as_a_pdf(client, built) -> None:
    docs, _, _ = built
    ident = client.get("/api/search?q=crowns&copies=all").get_json()["hits"][0]["id"]
    response = client.get(f"/file/{ident}")
    data = response.get_data()
    response.close()
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert data == (docs / "report.pdf").read_bytes()
