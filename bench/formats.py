"""Binary formats read for real: per format, the files, pages, seconds per page and failures of reading and
cleaning them (archive/sources.py -> archive/formats -> archive/clean.py), on files written at run time with
the generators of tests/office.py and tests/hostile.py, plus the files of that format in documents/.

A format is one entry of FORMATS: a function that writes its files into a folder and returns how many of them
should fail. PDF and Word are here; e-mail and scans add their own writer and one entry each.

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
from archive.formats import ALL_EXTENSIONS, EXTENSIONS, MAX_UNPACKED_BYTES  # noqa: E402
from archive.sources import read_records  # noqa: E402
from tests.hostile import write_hostile_docx, write_hostile_pdfs  # noqa: E402
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


# format -> (its file kinds, the writer of its files). HOOK: e-mail ("email", "mbox") and scans ("image")
# add their entry here, with a writer in tests/ that returns how many of its files should fail.
FORMATS: dict[str, tuple[tuple[str, ...], Writer]] = {
    "PDF": (("pdf",), write_pdfs),
    "Word": (("docx",), write_word),
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
                if ALL_EXTENSIONS.get(source.suffix.lower()) in kinds:
                    shutil.copy(source, folder / source.name)
            files = sorted(p for p in folder.rglob("*") if ALL_EXTENSIONS.get(p.suffix.lower()) in kinds)
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
