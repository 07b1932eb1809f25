"""Word files (.docx): paragraphs and table cells in order, core properties as metadata, locked, damaged and
bomb files refused with a clear reason. Every file is written at test time (tests/office.py, tests/hostile.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.clean import clean
from archive.config import load_settings
from archive.errors import DocumentError
from archive.formats import MAX_UNPACKED_BYTES
from archive.formats.word import read
from archive.index import ReindexReport, reindex
from archive.models import Document
from tests.hostile import write_hostile_docx
from tests.office import WORD_PARAGRAPHS, assert_refused, folders, web_client, write_docx


def read_docx(path: Path, meta: dict[str, str] | None = None) -> Document:
    records, problems = read("docx", path.read_bytes(), path.name, meta or {})
    assert len(records) == 1 and problems == []
    return clean(records[0])


def test_paragraphs_and_table_cells_are_read_in_document_order(tmp_path: Path) -> None:
    doc = read_docx(write_docx(tmp_path / "d.docx", title="Ski jump closes"))
    assert doc.text.split("\n\n") == [
        *WORD_PARAGRAPHS,
        "Year Visitors",
        "2022 41000",
        "2023 38500",
        "The jump reopens after the repairs, in two years at the earliest.",
    ]


def test_core_properties_give_title_authors_and_date_under_the_sidecar(tmp_path: Path) -> None:
    created = dt.datetime(2023, 11, 20, 14, 0)
    path = write_docx(tmp_path / "d.docx", title="Ski jump closes", author="Kari Lund; Ola Berg", created=created)
    doc = read_docx(path)
    assert (doc.title, doc.authors, doc.published) == ("Ski jump closes", ("Kari Lund", "Ola Berg"), "2023-11-20")
    assert read_docx(path, {"title": "From the sidecar"}).title == "From the sidecar"


def test_a_docx_without_title_takes_its_first_line(tmp_path: Path) -> None:
    doc = read_docx(write_docx(tmp_path / "d.docx", paragraphs=["Rust in the tower", "The frame must be mended."]))
    assert doc.title == "Rust in the tower" and doc.text.startswith("The frame must be mended.")


def test_an_empty_docx_is_an_error_not_an_empty_document(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no text"):
        read_docx(write_docx(tmp_path / "empty.docx", paragraphs=[], table=[]))


def test_locked_damaged_and_bomb_files_are_clear_errors(tmp_path: Path) -> None:
    assert_refused(tmp_path, write_hostile_docx(tmp_path, MAX_UNPACKED_BYTES), read_docx)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, ReindexReport]]:
    docs, index = folders(tmp_path_factory.mktemp("word"))
    write_docx(docs / "jump.docx", title="Ski jump closes", author="Kari Lund")
    write_docx(docs / "memo.docx", paragraphs=["The ferry to Gdynia sails twice a day in summer."], table=[])
    (docs / "memo.meta.json").write_text(json.dumps({"title": "Ferry memo", "published": "2021-06-01"}))
    write_hostile_docx(docs / "bad", MAX_UNPACKED_BYTES)
    yield docs, index, reindex(load_settings(documents=docs, index=index, workers=1))


@pytest.fixture(scope="module")
def client(built):
    return web_client(*built[:2])


@pytest.mark.slow
def test_reindex_indexes_word_files_and_reports_each_bad_one(built) -> None:
    _, _, report = built
    failed = dict(report.failed)
    assert set(failed) == {"bad/locked.docx", "bad/bomb.docx", "bad/garbled.docx", "bad/noise.docx"}
    assert "password" in failed["bad/locked.docx"] and "limit" in failed["bad/bomb.docx"]
    assert report.documents == 2


@pytest.mark.slow
def test_word_documents_are_found_with_their_metadata(client) -> None:
    (hit,) = client.get("/api/search?q=rust").get_json()["hits"]
    assert (hit["title"], hit["path"], hit["published"]) == ("Ski jump closes", "jump.docx", "2023-11-20")
    assert "page" not in hit
    doc = client.get(f"/api/doc/{hit['id']}").get_json()
    assert doc["meta"]["authors"] == ["Kari Lund"] and "38500" in doc["body"]
    (memo,) = client.get("/api/search?q=gdynia").get_json()["hits"]
    assert (memo["title"], memo["published"]) == ("Ferry memo", "2021-06-01")


@pytest.mark.slow
def test_original_docx_is_served_as_a_download(client, built) -> None:
    docs, _, _ = built
    (hit,) = client.get("/api/search?q=rust").get_json()["hits"]
    response = client.get(f"/file/{hit['id']}")
    data = response.get_data()
    response.close()
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert data == (docs / "jump.docx").read_bytes()


def test_a_cell_spanning_billions_of_columns_is_a_damaged_file_not_a_memory_blowup() -> None:
    import io

    import docx

    from archive.formats.word import read

    document = docx.Document()
    document.add_paragraph("The harbour report, with one table.")
    cell = document.add_table(1, 1).rows[0].cells[0]
    cell.text = "crowns"
    cell._tc.grid_span = 2_000_000_000  # a 1 KB file: python-docx would list the cell once per column
    data = io.BytesIO()
    document.save(data)
    with pytest.raises(DocumentError, match="wider than Word's 63 columns"):
        read("docx", data.getvalue(), "wide.docx", {})
