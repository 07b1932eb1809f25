"""Faceted search latency: archive's /api/search against Whoosh groupedby and an SQLite FTS5 reference.

Needs the Reuters index that bench/reuters.py builds (bench/out/reuters-index). Runs 210 queries
drawn from the corpus's titles (single words, two-word AND, two-word phrases), warm, each with
facet counts for people, regions and countries plus the timeline, and prints one table
(median / p95 in ms) for: archive through the Flask API, Whoosh groupedby on the same index,
SQLite FTS5 built from the same documents and extracted fields. Then the same at 4x the
corpus (copies with new ids, written straight into a new index: extraction is not re-run).

Usage: .venv/bin/python bench/facets.py [--scale 4] [--groupedby-queries 60]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import sorting

from archive.schema import build_schema
from archive.search import Archive
from webui import create_app

OUT = Path(__file__).resolve().parent / "out"
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


def queries(archive: Archive, count: int = 210) -> list[str]:
    """Return realistic queries: words, word pairs and phrases from titles."""
    searcher, _ = archive.current()
    titles = [f.get("title", "") for f in searcher.all_stored_fields()]
    rng = random.Random(1987)
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


def scaled_index(source: Path, target: Path, copies: int) -> tuple[float, float]:
    """Write `copies` copies of every stored document into a new index; return seconds and MB."""
    started = time.perf_counter()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ix = whoosh_index.create_in(str(target), build_schema())
    searcher = whoosh_index.open_dir(str(source)).searcher()
    writer = ix.writer(limitmb=128)
    for copy in range(copies):
        for fields in searcher.all_stored_fields():
            record = dict(fields)
            record["id"] = f"{fields['id']}-{copy}"
            record["path"] = f"copy{copy}/{fields['path']}"
            record["filekey"] = f"{record['path']}\t-"
            record["names"] = " ".join(
                (fields.get("people") or "").split(",") + (fields.get("regions") or "").split(",")
            )
            writer.add_document(**record)
    writer.commit()
    seconds = time.perf_counter() - started
    Archive(target)  # builds the facet cache, as a reindex does
    return seconds, sum(f.stat().st_size for f in target.iterdir()) / 1e6


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--groupedby-queries", type=int, default=60)
    args = parser.parse_args()
    index = OUT / "reuters-index"
    if not index.is_dir():
        raise SystemExit("No Reuters index: run bench/reuters.py first.")
    archive = Archive(index)
    items = queries(archive)
    print(f"{len(items)} queries, {archive.total_documents()} documents")
    print("| corpus | engine | median ms | p95 ms |\n|---|---|---|---|")
    for row in measure(index, items, args.groupedby_queries, "1x"):
        print(row, flush=True)
    if args.scale > 1:
        big = OUT / f"reuters-index-{args.scale}x"
        seconds, size = scaled_index(index, big, args.scale)
        db = OUT / f"fts5-{args.scale}x.sqlite"
        db_seconds = build_sqlite(index, db, args.scale)
        print(
            f"| {args.scale}x | index written in {seconds:.0f} s ({Archive(big).total_documents()} documents, {size:.0f} MB) | | |"
        )
        for row in measure(big, items, args.groupedby_queries // 3, f"{args.scale}x", db_seconds):
            print(row, flush=True)


if __name__ == "__main__":
    main()
