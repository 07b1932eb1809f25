"""Writers of PDF and Word files from our own text, at test time: for tests/test_pdf.py and test_word.py, the
bench (bench/formats.py) and the sample files in documents/ (scripts/make_documents.py).

Every text here is our own writing. A PDF is written with fpdf2 and a .docx with python-docx, both test-only
packages (the `test` extra): the archive itself only reads these files.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Short reports of our own, one per page of the multi-page files; each page has a word no other page has,
# so a search for it must land on that page.
REPORT_PAGES = [
    "The harbour board of Karlskrona met on Monday to weigh the cost of a new breakwater. Engineers said "
    "the winter storms had cracked the old wall in three places, and the board asked for a survey.",
    "The survey found that the northern pier leans by four centimetres. Inspector Maren Holst wrote that "
    "the cracks widen each spring when the ice breaks, and advised closing the pier to lorries.",
    "The board voted to borrow twelve million crowns for the repairs. Work on the breakwater starts in "
    "April, and the ferry to Gdynia will use the southern quay until the autumn.",
]
PAGE_WORDS = ("breakwater", "centimetres", "crowns")  # the first word only on each page (1, 2, 3)
TWO_COLUMN_TEXT = (
    "Farmers in the river valley say the late frost took half of the apple blossom this year. The "
    "cooperative expects a small harvest and higher prices in the markets of the coast. "
) * 6
TABLE_ROWS = [
    ("Town", "Rainfall mm", "Days of frost"),
    ("Bergen", "2250", "41"),
    ("Tromso", "1030", "120"),
    ("Malmo", "600", "52"),
]


def pdf_writer(header: str = "", footer: bool = False) -> Any:
    """Return an fpdf2 document, with a running header and a page-number footer when asked."""
    from fpdf import FPDF

    class Paged(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("Helvetica", size=8)
                self.cell(0, 6, header, align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.set_font("Helvetica", size=8)
                self.cell(0, 10, f"Page {self.page_no()}", align="C")

    pdf = Paged()
    pdf.set_font("Helvetica", size=11)
    return pdf


def write_pdf(
    path: Path,
    pages: list[str | None],
    title: str = "",
    author: str = "",
    created: dt.datetime | None = None,
    header: str = "",
    footer: bool = False,
) -> Path:
    """Write a one-column PDF, one text per page (None: a page with a drawing and no text), with metadata."""
    pdf = pdf_writer(header, footer)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creation_date(created or dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC))
    for text in pages:
        pdf.add_page()
        if text is None:
            pdf.rect(30, 40, 120, 80, style="F")  # a scan would be an image: no text
        else:
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def write_two_column_pdf(path: Path) -> Path:
    """Write a page set in two columns, as a newspaper page is."""
    pdf = pdf_writer()
    pdf.add_page()
    with pdf.text_columns(ncols=2, gutter=8) as columns:
        columns.write(TWO_COLUMN_TEXT)
    pdf.output(str(path))
    return path


def write_table_pdf(path: Path) -> Path:
    """Write a page with a short paragraph and a table of figures under it."""
    pdf = pdf_writer()
    pdf.add_page()
    pdf.multi_cell(0, 6, "Rainfall and frost in four northern towns last winter, as the weather office counted.")
    with pdf.table() as table:
        for values in TABLE_ROWS:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.output(str(path))
    return path


def write_running_heads_pdf(path: Path) -> Path:
    """Write the report's pages under a running header and over page-number footers."""
    return write_pdf(path, list(REPORT_PAGES), header="Harbour Board Minutes", footer=True)


def pdf_layouts(folder: Path) -> dict[str, tuple[Path, str]]:
    """Write one PDF per layout (one column, two columns, a table, running heads) and return for each its file
    and the text a reader should give back, in reading order."""
    table_text = "Rainfall and frost in four northern towns last winter, as the weather office counted. " + " ".join(
        " ".join(row) for row in TABLE_ROWS
    )
    heads = " ".join(f"Harbour Board Minutes {text} Page {n}" for n, text in enumerate(REPORT_PAGES, 1))
    return {
        "one column": (write_pdf(folder / "one-column.pdf", list(REPORT_PAGES)), " ".join(REPORT_PAGES)),
        "two columns": (write_two_column_pdf(folder / "two-columns.pdf"), TWO_COLUMN_TEXT),
        "table": (write_table_pdf(folder / "table.pdf"), table_text),
        "running heads": (write_running_heads_pdf(folder / "running-heads.pdf"), heads),
    }


def assert_refused(folder: Path, reasons: dict[str, str], read_one: Callable[[Path], object]) -> None:
    """Assert that reading each named file of a folder is a DocumentError whose one-line reason holds its word."""
    import pytest

    from archive.errors import DocumentError

    for name, word in reasons.items():
        with pytest.raises(DocumentError, match=word) as raised:
            read_one(folder / name)
        assert "\n" not in str(raised.value), name


def folders(root: Path) -> tuple[Path, Path]:
    """Return a new documents folder under root and where its index goes."""
    (root / "docs").mkdir()
    return root / "docs", root / "index"


def web_client(docs: Path, index: Path) -> Any:
    """Return a Flask test client of the web app over an index of a documents folder."""
    from webui import create_app

    return create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(docs)}).test_client()


WORD_PARAGRAPHS = [
    "The council of Lillehammer will close the old ski jump to visitors from May, its spokesman said.",
    "Inspectors found rust in the steel frame of the tower, which was built for the games of 1994.",
]
WORD_TABLE = [("Year", "Visitors"), ("2022", "41000"), ("2023", "38500")]


def write_docx(
    path: Path,
    paragraphs: list[str] | None = None,
    table: list[tuple[str, ...]] | None = None,
    title: str = "",
    author: str = "",
    created: dt.datetime | None = None,
    closing: str = "The jump reopens after the repairs, in two years at the earliest.",
) -> Path:
    """Write a .docx: its paragraphs, then a table and a closing paragraph; title, author and creation date
    in its core properties."""
    import docx

    document = docx.Document()
    for text in WORD_PARAGRAPHS if paragraphs is None else paragraphs:
        document.add_paragraph(text)
    rows = WORD_TABLE if table is None else table
    if rows:
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        for cells, values in zip(grid.rows, rows, strict=True):
            for cell, value in zip(cells.cells, values, strict=True):
                cell.text = value
        document.add_paragraph(closing)
    props = document.core_properties
    props.title, props.author = title, author
    props.created = created or dt.datetime(2023, 11, 20, 14, 0)
    document.save(str(path))
    return path


def fake_tesseract(folder: Path, body: str) -> None:
    """Put a `tesseract` in a folder that answers --version as the real one and does `body` for a page."""
    real = shutil.which("tesseract")
    assert real, "tesseract-ocr is not installed: run scripts/setup.sh"
    script = folder / "tesseract"
    script.write_text(f'#!/bin/sh\ncase "$*" in *--version*) exec "{real}" "$@";; esac\n{body}\n')
    script.chmod(0o755)
