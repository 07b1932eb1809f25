"""Binary formats read for real: per format, the files, pages, seconds per page and failures of reading and
cleaning them (archive/sources.py -> archive/formats -> archive/clean.py), on files written at run time with
the generators of tests/office.py and tests/hostile.py, plus the files of that format in documents/.

A format is one entry of FORMATS: a function that writes its files into a folder and returns how many of them
should fail. PDF, Word, e-mail and scanned images.

With --compare, pypdf and pdfminer.six read the same PDFs of four layouts (one column, two columns, a table,
running heads): words found, word order against the text written (difflib ratio over the words) and
milliseconds per page. pdfminer.six is not a dependency: `pip install pdfminer.six` first.

Usage: PYTHONPATH=$PWD .venv/bin/python bench/formats.py [--pages 200] [--compare]
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.clean import clean  # noqa: E402
from archive.errors import DocumentError  # noqa: E402
from archive.formats import EXTENSIONS, MAX_UNPACKED_BYTES  # noqa: E402
from archive.sources import read_records  # noqa: E402
from tests.hostile import (  # noqa: E402
    SCAN_LINES,
    scan_bytes,
    write_hostile_docx,
    write_hostile_mail,
    write_hostile_pdfs,
    write_scan_traps,
)
from tests.office import REPORT_PAGES, pdf_layouts, write_docx, write_pdf  # noqa: E402

Writer = Callable[[Path, int], int]  # (folder, pages of the long file) -> files that should fail


def write_pdfs(folder: Path, pages: int) -> int:
    """Write the four layouts, a long report, a PDF with a page without text, and the hostile PDFs."""
    pdf_layouts(folder)
    write_pdf(folder / "long.pdf", [REPORT_PAGES[n % 3] for n in range(pages)], title="Long report")
    write_pdf(folder / "mixed.pdf", [REPORT_PAGES[0], None, REPORT_PAGES[2]])
    return len(write_hostile_pdfs(folder / "bad", MAX_UNPACKED_BYTES))


def write_word(folder: Path, pages: int) -> int:
    """Write Word files short and long (a paragraph per would-be page) and the hostile ones."""
    write_docx(folder / "short.docx", title="Ski jump closes")
    write_docx(folder / "long.docx", paragraphs=[REPORT_PAGES[n % 3] for n in range(pages)], title="Long memo")
    return len(write_hostile_docx(folder / "bad", MAX_UNPACKED_BYTES))


def write_mail(folder: Path, pages: int) -> int:
    """Write the test messages (plain, HTML-only, attachments, a forward, a mailbox of three), a mailbox of
    `pages` messages, and the hostile ones."""
    from tests.test_mail import write_messages

    folder.mkdir(parents=True, exist_ok=True)
    write_messages(folder)
    box = "".join(
        f"From desk@example.org Mon Mar  3 09:00:00 2025\nFrom: Desk <desk@example.org>\nSubject: Note {n}\n"
        f"Date: Mon, 03 Mar 2025 09:00:00 +0000\n\n{REPORT_PAGES[n % 3]}\n\n"
        for n in range(pages)
    )
    (folder / "long.mbox").write_text(box)
    return sum(1 for outcome in write_hostile_mail(folder / "bad").values() if outcome == "failed")


def write_scans(folder: Path, pages: int) -> int:
    """Write two scanned pages (PNG, JPEG) and the images OCR must refuse; few pages, whatever `pages` says: OCR
    takes seconds a page (scanned PDF pages: bench/ocr.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.png").write_bytes(scan_bytes(SCAN_LINES[:3]))
    (folder / "page.jpg").write_bytes(scan_bytes(SCAN_LINES[2:], "JPEG"))
    return len(write_scan_traps(folder / "bad"))


# format -> (its file kinds, the writer of its files, which returns how many of them should fail)
FORMATS: dict[str, tuple[tuple[str, ...], Writer]] = {
    "PDF": (("pdf",), write_pdfs),
    "Word": (("docx",), write_word),
    "E-mail": (("email", "mbox"), write_mail),
    "Scans": (("image",), write_scans),
}


def measure(files: list[Path], root: Path) -> tuple[int, int, float, list[str]]:
    """Return files, pages (a document without pages counts one), seconds and failures of reading them."""
    pages, failures, started = 0, [], time.perf_counter()
    for path in files:
        try:
            records, _ = read_records(path, path.relative_to(root).as_posix())
            pages += sum(len(clean(raw).pages) + 1 for raw in records)
        except DocumentError as exc:
            failures.append(f"{path.relative_to(root)}: {exc}")
    return len(files), pages, time.perf_counter() - started, failures


def run(pages: int, verbose: bool) -> None:
    """Print one row per format: files, pages, seconds per page, failures (expected ones in brackets)."""
    print(f"{'format':8} {'files':>5} {'pages':>6} {'ms/page':>8} {'failures':>8}")
    for name, (kinds, writer) in FORMATS.items():
        if not all(kind in EXTENSIONS.values() for kind in kinds):
            print(f"{name:8} (no reader yet)")
            continue
        folder = Path(tempfile.mkdtemp(prefix="bench-formats-"))
        try:
            expected = writer(folder, pages)
            for source in (ROOT / "documents").rglob("*"):
                if EXTENSIONS.get(source.suffix.lower()) in kinds:
                    shutil.copy(source, folder / source.name)
            files = sorted(p for p in folder.rglob("*") if EXTENSIONS.get(p.suffix.lower()) in kinds)
            count, read, seconds, failures = measure(files, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        per_page = 1000 * seconds / max(read, 1)
        print(f"{name:8} {count:5d} {read:6d} {per_page:8.2f} {len(failures):4d} ({expected} expected)")
        for failure in failures if verbose else ():
            print(f"    {failure}")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def compare(rounds: int = 5) -> None:
    """Print, for each layout and library: words found of those written, word order, milliseconds per page."""
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.pdfpage import PDFPage
    except ImportError:
        sys.exit("--compare needs pdfminer.six: pip install pdfminer.six")
    import pypdf

    def with_pypdf(data: bytes) -> list[str]:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]

    def with_pdfminer(data: bytes) -> list[str]:
        count = sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))
        return [extract_text(io.BytesIO(data), page_numbers=[n]) for n in range(count)]

    folder = Path(tempfile.mkdtemp(prefix="bench-layouts-"))
    try:
        layouts = pdf_layouts(folder)
        print(f"{'layout':14} {'library':12} {'words':>9} {'order':>6} {'ms/page':>8}")
        for layout, (path, written) in layouts.items():
            data, truth = path.read_bytes(), words(written)
            for library, extract in (("pypdf", with_pypdf), ("pdfminer.six", with_pdfminer)):
                started = time.perf_counter()
                for _ in range(rounds):
                    pages = extract(data)
                per_page = 1000 * (time.perf_counter() - started) / rounds / len(pages)
                found = words(" ".join(pages))
                order = difflib.SequenceMatcher(None, found, truth, autojunk=False).ratio()
                print(f"{layout:14} {library:12} {len(found):4d}/{len(truth):<4d} {order:6.3f} {per_page:8.1f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="pages of the long PDF (paragraphs of the long .docx)")
    parser.add_argument("--compare", action="store_true", help="pypdf against pdfminer.six on four layouts")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each failure's reason")
    args = parser.parse_args()
    if args.compare:
        compare()
    else:
        run(args.pages, args.verbose)


if __name__ == "__main__":
    main()
