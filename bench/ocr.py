"""OCR of scans: character accuracy on clean 300-dpi pages of our own text, seconds per page, and the cached
second run (a reindex reads no page twice).

Pages are drawn at run time with Pillow in Debian's DejaVu fonts (tests/hostile.py, `render_scan`), from the
sentences below (ours), as PNG images and as an image-only PDF; each is read through the archive's own reader
(archive/formats/ocr.py). The character error rate is the edit distance between the text drawn and the text
read (spaces folded), over the length of the text drawn; accuracy is one minus it.

Usage: .venv/bin/python bench/ocr.py [--pages 6] [--dpi 300] [--points 11]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.formats import ocr_cache  # noqa: E402
from archive.formats.ocr import pdf_pages_text, read  # noqa: E402
from archive.formats.tesseract import engine  # noqa: E402
from tests.hostile import render_scan  # noqa: E402

SENTENCES = [
    "The harbour council of Vladivostok met on Tuesday to discuss the ferry timetable.",
    "Captain Irina Volkova said the icebreaker would lead convoys from early January.",
    "Freight rates rose by 4.5 percent in 1996, the port office said in its report.",
    "Fishermen in Nakhodka asked the mayor for a second berth near the old pier.",
    "A court in Khabarovsk fined the shipping company 12,000 roubles on March 3.",
    "The regional governor, Oleg Petrov, promised new cranes for the container yard.",
    "Snow closed the road to Artyom for two days; buses ran again on Friday morning.",
    "Trawler crews in Korsakov struck over unpaid wages and a broken radio mast.",
    "The museum on Svetlanskaya Street will show maps of the coast from 1860 to 1905.",
    "Prices of salmon at the market fell by a third after a record autumn catch.",
    "Officials from Seoul, Tokyo and Beijing signed the fisheries accord (24 pages).",
    "Dock workers voted 312 to 97 to accept the offer, ending a week-long strike.",
]
LINE = 64  # characters a line, so a line fits an A4 page at 11 points


def page_lines(number: int, count: int = 30) -> list[str]:
    """Return a page's lines: the sentences from a different start on each page, wrapped at LINE characters."""
    words = " ".join(SENTENCES[(number + i) % len(SENTENCES)] for i in range(len(SENTENCES) * 2)).split()
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines[:count]


def error_rate(got: str, lines: list[str]) -> tuple[int, int]:
    """Return the edit distance between what was read and what was drawn (spaces folded), and the drawn length."""
    truth = " ".join(" ".join(lines).split())
    return Levenshtein.distance(" ".join(got.split()), truth), len(truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--dpi", type=int, default=300, help="resolution of the scans (PDF pages: of their images)")
    parser.add_argument("--points", type=int, default=11, help="type size")
    args = parser.parse_args()
    print(f"{engine().version}; {args.pages} pages of {LINE}-character lines, {args.points} pt, {args.dpi} dpi")
    pages = [page_lines(n) for n in range(args.pages)]
    images = [render_scan(lines, args.dpi, args.points) for lines in pages]
    pngs = []
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, "PNG", dpi=(args.dpi, args.dpi))
        pngs.append(buffer.getvalue())
    pdf = io.BytesIO()
    images[0].save(pdf, "PDF", save_all=True, append_images=images[1:], resolution=args.dpi)
    with tempfile.TemporaryDirectory() as folder, ocr_cache(Path(folder)):
        for label, run in [("PNG images", lambda: [read("image", d, "p.png", {})[0][0].body for d in pngs]),
                           ("image-only PDF", lambda: pdf_pages_text(pdf.getvalue(), list(range(args.pages))))]:  # fmt: skip
            for attempt in ("first run", "cached"):
                started = time.perf_counter()
                texts = run()
                seconds = (time.perf_counter() - started) / args.pages
                counts = [error_rate(text, lines) for text, lines in zip(texts, pages, strict=True)]
                errors, total = sum(e for e, _ in counts), sum(n for _, n in counts)
                print(f"{label:15} {attempt:10} accuracy {100 * (1 - errors / total):6.2f}% "
                      f"({errors} errors in {total} characters)  {seconds:6.3f} s/page")  # fmt: skip


if __name__ == "__main__":
    main()
