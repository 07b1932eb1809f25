"""Faceted search latency: archive's /api/search against Whoosh groupedby and an SQLite FTS5 reference.

Needs the Reuters index that bench/reuters.py builds (bench/out/reuters-index). Runs 210 queries
drawn from the corpus's titles (single words, two-word AND, two-word phrases), warm, each with
facet counts for people, regions and countries plus the timeline, and prints one table
(median / p95 in ms) for: archive through the Flask API, Whoosh groupedby on the same index,
SQLite FTS5 built from the same documents and extracted fields (references at 4x and below only).

Then through HTTP at every scale asked (1x is the Reuters index; Nx are N copies of every document with
new ids and the same extracted fields, written straight into a new index and kept under bench/out for
the next run): `archive serve --workers 1` is started on the index, and the script prints the index's
size and write time, the first request (the server opens the index), the 210 queries' median / p95
cold (each query's first run in a fresh server) and warm (the same queries again), then queries of a second
draw that the server has not been asked (what a person typing new searches meets), and the server's
resident memory (its worker and in all).

Usage: .venv/bin/python bench/facets.py [--scale 1 4 10 50] [--groupedby-queries 60] [--no-reference]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

import numpy as np
import psutil
from whoosh import index as whoosh_index
from whoosh import sorting

from archive.schema import build_schema
from archive.search import Archive
from archive.similar import NO_SIGNATURE, PERMUTATIONS
from archive.spelling import load_vocabulary
from webui import create_app

OUT = Path(__file__).resolve().parent / "out"
ARCHIVE = [str(Path(sys.executable).parent / "archive")]  # the command of this environment
REFERENCE_SCALE = 4  # SQLite and groupedby are measured up to this scale (groupedby takes seconds a query past it)
STOP = {
    "the",
    "and",
    "for",
    "from",
    "with",
    "says",
    "said",
    "sees",
    "set",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "up",
    "its",
    "new",
    "pct",
    "mln",
    "dlrs",
    "not",
    "has",
}


def queries(archive: Archive, count: int = 210, seed: int = 1987) -> list[str]:
    """Return realistic queries: words, word pairs and phrases from titles."""
    searcher, _ = archive.current()
    titles = [f.get("title", "") for f in searcher.all_stored_fields()]
    rng = random.Random(seed)
    words = [w.lower() for t in titles for w in re.findall(r"[A-Za-z]{4,}", t) if w.lower() not in STOP]
    pairs = [re.findall(r"[A-Za-z]{3,}", t) for t in titles]
    pairs = [(p[i].lower(), p[i + 1].lower()) for p in pairs for i in range(len(p) - 1)]
    pairs = [p for p in pairs if not set(p) & STOP]
    out = [rng.choice(words) for _ in range(count // 3)]
    out += [f"{a} AND {b}" for a, b in (rng.choice(pairs) for _ in range(count // 3))]
    out += [f'"{a} {b}"' for a, b in (rng.choice(pairs) for _ in range(count - 2 * (count // 3)))]
    return out


def timed(run: Callable[[str], object], items: list[str]) -> tuple[float, float]:
    """Return median and p95 milliseconds of run over items, after one warm-up pass."""
    for q in items[:20]:
        run(q)
    return spread(run, items)


def spread(run: Callable[[str], object], items: list[str]) -> tuple[float, float]:
    """Return median and p95 milliseconds of one run over each item."""
    times = []
    for q in items:
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def api_runner(index: Path) -> Callable[[str], object]:
    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(OUT)}).test_client()

    def run(q: str) -> object:
        response = client.get("/api/search", query_string={"q": q})
        assert response.status_code == 200, response.data
        return response.get_json()

    return run


def groupedby_runner(index: Path) -> Callable[[str], object]:
    archive = Archive(index)
    searcher, _ = archive.current()
    facets = {name: sorting.FieldFacet(name, allow_overlap=True) for name in ("people", "regions", "countries")}

    def run(q: str) -> object:
        results = searcher.search(archive.parse(q), limit=10, groupedby=facets)
        return {name: results.groups(name) for name in facets}

    return run


def build_sqlite(index: Path, path: Path, copies: int = 1) -> float:
    """Build the FTS5 reference from the index's stored documents; return seconds."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter');
        CREATE TABLE meta(doc INTEGER PRIMARY KEY, published TEXT);
        CREATE TABLE facet(doc INTEGER, field TEXT, value TEXT);
        CREATE TABLE dates(doc INTEGER, value TEXT);
        """
    )
    searcher = whoosh_index.open_dir(str(index)).searcher()
    rowid = 0
    for _copy in range(copies):
        for fields in searcher.all_stored_fields():
            rowid += 1
            db.execute(
                "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                (rowid, fields.get("title"), fields.get("body")),
            )
            db.execute("INSERT INTO meta VALUES (?, ?)", (rowid, fields.get("published")))
            for name in ("people", "regions", "countries"):
                db.executemany(
                    "INSERT INTO facet VALUES (?, ?, ?)",
                    [(rowid, name, v) for v in (fields.get(name) or "").split(",") if v],
                )
            db.executemany(
                "INSERT INTO dates VALUES (?, ?)", [(rowid, v) for v in (fields.get("dates") or "").split(",") if v]
            )
    db.executescript("CREATE INDEX facet_doc ON facet(doc); CREATE INDEX dates_doc ON dates(doc);")
    db.commit()
    db.close()
    return time.perf_counter() - started


def sqlite_runner(path: Path) -> Callable[[str], object]:
    db = sqlite3.connect(path)

    def run(q: str) -> object:
        match = q.replace(" AND ", " ")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS hits(doc INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM hits")
        db.execute("INSERT INTO hits SELECT rowid FROM docs WHERE docs MATCH ?", (match,))
        top = db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", (match,)).fetchall()
        total = db.execute("SELECT count(*) FROM hits").fetchone()
        facets = db.execute(
            "SELECT field, value, count(*) FROM facet JOIN hits USING(doc) GROUP BY field, value ORDER BY 3 DESC"
        ).fetchall()
        years = db.execute(
            "SELECT substr(value, 1, 4) y, count(DISTINCT doc) FROM dates JOIN hits USING(doc) GROUP BY y"
        ).fetchall()
        months = db.execute(
            "SELECT substr(value, 1, 7) m, count(DISTINCT doc) FROM dates JOIN hits USING(doc) WHERE length(value) >= 7 GROUP BY m"
        ).fetchall()
        return top, total, facets, years, months

    return run


def scaled_index(source: Path, copies: int) -> tuple[Path, float | None, float]:
    """Return an index of `copies` copies of every stored document, with the seconds it took to write (None:
    kept from an earlier run) and its size in MB."""
    target = OUT / f"reuters-index-{copies}x"
    expected = copies * whoosh_index.open_dir(str(source)).doc_count()
    seconds = None
    if not (whoosh_index.exists_in(str(target)) and whoosh_index.open_dir(str(target)).doc_count() == expected):
        seconds = write_copies(source, target, copies)
    else:
        prepare(target)  # cached beside the index: built once
    return target, seconds, sum(f.stat().st_size for f in target.iterdir()) / 1e6


def write_copies(source: Path, target: Path, copies: int) -> float:
    """Write the copies (extraction is not re-run; the model's label votes, which are not stored, are left out)
    and open them once, which builds the facet cache as a reindex does; return seconds."""
    started = time.perf_counter()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ix = whoosh_index.create_in(str(target), build_schema())
    reader = whoosh_index.open_dir(str(source)).reader()
    signatures = reader.column_reader("signature")  # a column, not a stored field
    writer = ix.writer(limitmb=256, procs=2, multisegment=True)  # a segment per process, none merged
    for copy in range(copies):
        # each copy's signatures are changed alike: copies within a copy group as in Reuters, none across copies
        salt = np.random.default_rng(copy).integers(0, 2**32, size=PERMUTATIONS, dtype=np.uint32).astype("<u4")
        for docnum, fields in reader.iter_docs():
            record = dict(fields)
            signature = signatures[docnum]
            if copy and signature != NO_SIGNATURE:
                signature = (np.frombuffer(signature, dtype="<u4") ^ salt).tobytes()
            record["signature"] = signature
            record["id"] = f"{fields['id']}-{copy}"
            record["path"] = f"copy{copy}/{fields['path']}"
            record["filekey"] = f"{record['path']}\t-"
            record["names"] = " ".join(
                (fields.get("people") or "").split(",") + (fields.get("regions") or "").split(",")
            )
            writer.add_document(**record)
        print(f"  copy {copy + 1} of {copies} written ({time.perf_counter() - started:.0f} s)", flush=True)
    writer.commit()
    prepare(target)
    return time.perf_counter() - started


def prepare(index: Path) -> None:
    """Build what a reindex builds after its commit: the facet tables and the spelling vocabulary (else the
    first search wanting a suggestion would read every stored text)."""
    archive = Archive(index)
    searcher, _ = archive.current()
    load_vocabulary(searcher.reader(), index)
    archive.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(index: Path, code: Path | None = None) -> Iterator[tuple[int, psutil.Process]]:
    """Run `archive serve --workers 1` on the index, from this environment's command or (code) from the
    source in a folder, another revision's; yield its port and process."""
    port = free_port()
    command = ARCHIVE if code is None else [sys.executable, "-m", "archive"]
    command = [*command, "--index", str(index), "--documents", str(OUT), "serve", "--port", str(port)]
    command += ["--workers", "1"]  # one process: its memory is the archive's
    environment = None if code is None else dict(os.environ, PYTHONPATH=str(code))
    process = subprocess.Popen(command, cwd=code, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"archive serve stopped: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("archive serve did not start within 60 s") from None
                time.sleep(0.1)
        yield port, psutil.Process(process.pid)
    finally:
        process.terminate()
        process.wait(30)


def http_runner(port: int) -> Callable[[str], object]:
    """Return a function asking the server's /api/search for a query over one kept-alive connection."""
    connection = HTTPConnection("127.0.0.1", port, timeout=120)

    def run(q: str) -> object:
        connection.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q}))
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, body[:300]
        return body

    return run


def resident_mb(process: psutil.Process) -> tuple[float, float]:
    """Return the resident memory in MB of the server's largest process and of all its processes."""
    sizes = [p.memory_info().rss for p in (process, *process.children(recursive=True))]
    return max(sizes) / 1e6, sum(sizes) / 1e6


def measure_http(index: Path, items: list[str], others: list[str], label: str) -> list[str]:
    """Return table rows: first request, cold and warm latency through HTTP, new queries in the warm server, and
    resident memory."""
    with server(index) as (port, process):
        run = http_runner(port)
        started = time.perf_counter()
        run("*")
        first = time.perf_counter() - started
        cold = spread(run, items)
        warm = spread(run, items)
        new = spread(run, others)
        worker, total = resident_mb(process)
    return [
        f"| {label} | HTTP, first request (the server opens the index) | {first * 1000:.0f} | |",
        f"| {label} | HTTP /api/search, cold (each query's first run) | {cold[0]:.1f} | {cold[1]:.1f} |",
        f"| {label} | HTTP /api/search, warm (the same queries again) | {warm[0]:.1f} | {warm[1]:.1f} |",
        f"| {label} | HTTP /api/search, {len(others)} new queries in the warm server (a second draw) | {new[0]:.1f} | {new[1]:.1f} |",
        f"| {label} | server resident memory: largest process {worker:.0f} MB, all {total:.0f} MB | | |",
    ]


def measure(index: Path, items: list[str], grouped: int, label: str, db_seconds: float | None = None) -> list[str]:
    rows = []
    ours = timed(api_runner(index), items)
    db = OUT / f"fts5-{label}.sqlite"
    seconds = build_sqlite(index, db) if db_seconds is None else db_seconds
    reference = timed(sqlite_runner(db), items)
    rows.append(f"| {label} | archive /api/search (facets + timeline) | {ours[0]:.1f} | {ours[1]:.1f} |")
    rows.append(
        f"| {label} | SQLite FTS5 reference (built in {seconds:.1f} s, {db.stat().st_size / 1e6:.0f} MB) | {reference[0]:.1f} | {reference[1]:.1f} |"
    )
    if grouped:
        whoosh = timed(groupedby_runner(index), items[:grouped])
        rows.append(
            f"| {label} | Whoosh groupedby, same index ({grouped} queries) | {whoosh[0]:.1f} | {whoosh[1]:.1f} |"
        )
        rows.append(
            f"| {label} | archive speed-up over groupedby (median / p95) | {whoosh[0] / ours[0]:.0f}x | {whoosh[1] / ours[1]:.0f}x |"
        )
    rows.append(
        f"| {label} | archive / SQLite (median / p95) | {ours[0] / reference[0]:.1f}x | {ours[1] / reference[1]:.1f}x |"
    )
    return rows


def reuters_index() -> Path:
    """Return the Reuters index bench/reuters.py builds; stop with the next step when there is none."""
    index = OUT / "reuters-index"
    if not index.is_dir():
        raise SystemExit("No Reuters index: run bench/reuters.py first.")
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 4], help="corpus sizes, in copies of Reuters")
    parser.add_argument("--groupedby-queries", type=int, default=60)
    parser.add_argument("--no-reference", action="store_true", help="skip SQLite FTS5 and groupedby")
    args = parser.parse_args()
    index = reuters_index()
    archive = Archive(index)
    items = queries(archive)
    others = [q for q in dict.fromkeys(queries(archive, seed=2026)) if q not in set(items)]  # not asked before
    print(f"{len(items)} queries, {archive.total_documents()} documents; 2 cores, client and server share them")
    archive.close()
    print("| corpus | engine | median ms | p95 ms |\n|---|---|---|---|")
    for scale in args.scale:
        label = f"{scale}x"
        big, seconds, size = (index, None, 0.0) if scale == 1 else scaled_index(index, scale)
        if scale > 1:
            made = f"written in {seconds:.0f} s" if seconds is not None else "kept from an earlier run"
            count = whoosh_index.open_dir(str(big)).doc_count()
            print(f"| {label} | index {made} ({count} documents, {size:.0f} MB) | | |", flush=True)
        for row in measure_http(big, items, others, label):
            print(row, flush=True)
        if not args.no_reference and scale <= REFERENCE_SCALE:
            db = OUT / f"fts5-{label}.sqlite"
            db_seconds = build_sqlite(index, db, scale)
            grouped = args.groupedby_queries // scale
            for row in measure(big, items, grouped, label, db_seconds):
                print(row, flush=True)


if __name__ == "__main__":
    main()
