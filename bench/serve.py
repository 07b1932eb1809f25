"""Load test of `archive serve` on loopback: concurrent clients mixing faceted searches, document pages and
CSV exports, with an `archive reindex` in the middle.

Copies bench/out/reuters-index (bench/reuters.py builds it; never written here) to bench/out/serve-index and
serves the copy over the documents bench/out/reuters. Each client asks on a fresh connection, one request
after another: a faceted search (a query drawn from the titles, as bench/facets.py draws them, with facet
filters and date ranges drawn from the archive's own values), a document page, or a CSV export (one in four
of them the whole archive: 10,000 rows). Halfway through, one new JSON document is written to the documents
folder and the copy is reindexed (the file is deleted at the end, whatever happens); afterwards every
request must find it. Prints requests, errors (each one), throughput and p50 / p95 / p99 per kind and overall,
for each server setting asked (`default` is `archive serve` without options).

Usage: PYTHONPATH=$PWD .venv/bin/python bench/serve.py [--clients 32] [--seconds 60] [--settings default 1x4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.engine import index_exists  # noqa: E402
from archive.search import Archive  # noqa: E402
from bench.facets import queries  # noqa: E402
from tests.live import archive_command, server_process  # noqa: E402

OUT = ROOT / "bench" / "out"
NEW_WORD = "quokkaserve"  # in the added document only: a search for it finds the new generation or nothing
KINDS = {"search": 0.75, "document": 0.20, "export": 0.05}  # shares of the requests
FACETS = ("people", "regions", "countries", "organizations")


@dataclass
class Sample:
    kind: str
    started: float
    seconds: float
    error: str | None = None


@dataclass
class Workload:
    """What the clients ask for: queries, facet values and document ids drawn from the archive."""

    queries: list[str]
    values: dict[str, list[str]]
    ids: list[str]
    rng: random.Random = field(default_factory=lambda: random.Random(1987))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def path(self, kind: str) -> str:
        """Return the path of one request of a kind."""
        with self.lock:  # one Random shared by the client threads
            if kind == "document":
                return f"/doc/{self.rng.choice(self.ids)}?" + urllib.parse.urlencode(
                    {"q": self.rng.choice(self.queries)}
                )
            whole = kind == "export" and self.rng.random() < 0.25
            args = {} if whole else self.narrowing()
            return ("/api/export.csv?" if kind == "export" else "/api/search?") + urllib.parse.urlencode(args)

    def narrowing(self) -> dict[str, str]:
        """Return a query with, often, a facet filter, a publication date range or a mentioned-date range."""
        rng = self.rng
        args = {"q": rng.choice(self.queries)}
        if rng.random() < 0.5:
            facet = rng.choice([f for f in FACETS if self.values[f]])
            args[{"people": "person", "regions": "region", "countries": "country", "organizations": "org"}[facet]] = (
                rng.choice(self.values[facet])
            )
        if rng.random() < 0.3:
            start = rng.randrange(60, 280)  # days into 1987: the corpus runs from late February to October
            args["pfrom"], args["pto"] = day(start), day(start + rng.randrange(1, 31))
        if rng.random() < 0.2:
            month = rng.randrange(1, 11)
            args["from"], args["to"] = f"1987-{month:02}", f"1987-{month + 2:02}"
        return args


def day(number: int) -> str:
    """Return the date of a day of 1987 (0: January 1) as YYYY-MM-DD."""
    return time.strftime("%Y-%m-%d", time.gmtime(536457600 + number * 86400))


def workload(index: Path) -> Workload:
    """Return queries from the titles, each facet's 50 commonest values and document ids, read from the index."""
    from archive.models import SearchRequest

    archive = Archive(index)
    drawn = queries(archive, 300)
    result = archive.search(SearchRequest(facet_limit=50, limit=100))
    ids = [hit.id for q in drawn[:60] for hit in archive.search(SearchRequest(query=q, limit=20, facet_limit=1)).hits]
    values = {name: [c.value for c in result.facets.get(name, ())] for name in FACETS}
    archive.close()
    return Workload(drawn, values, sorted(set(ids)))


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """GET a path on a fresh connection; return its status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def client(port: int, load: Workload, deadline: float, samples: list[Sample], seed: int) -> None:
    """Ask one request after another until the deadline, recording each one's kind, time and error."""
    rng = random.Random(seed)
    kinds, weights = list(KINDS), list(KINDS.values())
    while time.perf_counter() < deadline:
        kind = rng.choices(kinds, weights)[0]
        path = load.path(kind)
        started = time.perf_counter()
        try:
            status, _ = fetch(port, path)
            error = None if status == 200 else f"{status} {path}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc} {path}"
        samples.append(Sample(kind, started, time.perf_counter() - started, error))


@dataclass
class Reindex:
    """The reindex run in the middle of the load: when, how long, what it printed."""

    started: float = 0.0
    seconds: float = 0.0
    output: str = ""


def reindex_later(base: list[str], documents: Path, delay: float, done: Reindex) -> None:
    """After a delay, add one document to the folder and reindex the copy (the file removed by the caller)."""
    time.sleep(delay)
    record = {
        "title": f"Serve benchmark: a {NEW_WORD} was seen in the harbour",
        "body": f"A {NEW_WORD} was seen near the harbour of Rotterdam on Monday, officials said.",
        "published": "1987-10-20",
    }
    (documents / f"{NEW_WORD}.json").write_text(json.dumps(record), encoding="utf-8")
    done.started = time.perf_counter()
    ran = subprocess.run([*base, "reindex", "--workers", "1"], capture_output=True, text=True)
    done.seconds = time.perf_counter() - done.started
    done.output = (ran.stdout + ran.stderr).strip().splitlines()[-1] if ran.stdout or ran.stderr else ""
    if ran.returncode:
        done.output = f"FAILED ({ran.returncode}): {ran.stderr.strip()}"


def percentiles(seconds: list[float]) -> str:
    """Return p50 / p95 / p99 in milliseconds, as table cells."""
    if not seconds:
        return " |  | "
    cuts = statistics.quantiles(seconds * 2, n=100, method="inclusive")  # doubled: one sample is enough
    return " | ".join(f"{cuts[p - 1] * 1000:.0f}" for p in (50, 95, 99))


def report(samples: list[Sample], elapsed: float, during: Callable[[Sample], bool]) -> None:
    """Print one table row per kind of request, overall, and while the reindex ran."""
    print("| requests | count | errors | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    groups = {kind: [s for s in samples if s.kind == kind] for kind in KINDS}
    groups["all"] = samples
    groups["all, while reindexing"] = [s for s in samples if during(s)]
    for name, group in groups.items():
        errors = sum(s.error is not None for s in group)
        rate = f"{len(group) / elapsed:.1f}" if name != "all, while reindexing" else ""
        print(f"| {name} | {len(group)} | {errors} | {rate} | {percentiles([s.seconds for s in group])} |")


def served_memory(pid: int) -> float:
    """Return the resident memory of the server's master and workers in MB (shared pages counted in each)."""
    master = psutil.Process(pid)
    return sum(p.memory_info().rss for p in (master, *master.children())) / 1e6


def fresh_copy(index: Path) -> Path:
    """Return a new copy of the index to serve and reindex (opening an archive writes caches beside it)."""
    copy = OUT / "serve-index"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index, copy)
    return copy


def run(setting: str, args: argparse.Namespace, load: Workload) -> int:
    """Serve a fresh copy of the index with one setting, load it, print the tables; return the errors."""
    base = archive_command(args.documents, fresh_copy(args.index))
    options = [] if setting == "default" else ["--workers", setting.split("x")[0], "--threads", setting.split("x")[1]]
    with server_process(base, *options, stdout=subprocess.PIPE, text=True) as (url, server):
        assert server.stdout is not None
        print(f"\n## {setting}: {server.stdout.readline().strip()}")
        port = int(url.rsplit(":", 1)[1])
        warm = time.perf_counter()
        threads = [threading.Thread(target=fetch, args=(port, load.path("search"))) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(f"warm-up (16 searches at once, every worker's first): {time.perf_counter() - warm:.1f} s")
        samples: list[Sample] = []
        done = Reindex()
        started = time.perf_counter()
        deadline = started + args.seconds
        clients = [
            threading.Thread(target=client, args=(port, load, deadline, samples, n)) for n in range(args.clients)
        ]
        reindexer = threading.Thread(target=reindex_later, args=(base, args.documents, args.seconds / 2, done))
        new_file = args.documents / f"{NEW_WORD}.json"
        try:
            for thread in (*clients, reindexer):
                thread.start()
            for thread in (*clients, reindexer):
                thread.join()
            elapsed = time.perf_counter() - started
            memory = served_memory(server.pid)
            found = [json.loads(fetch(port, f"/api/search?q={NEW_WORD}")[1])["total"] for _ in range(40)]
        finally:
            new_file.unlink(missing_ok=True)
        print(
            f"{args.clients} clients for {args.seconds:.0f} s ({elapsed:.1f} s with the last answers), fresh connection each"
        )
        print(f"reindex in the middle: {done.seconds:.1f} s from {done.started - started:.1f} s: {done.output}")
        print(f"after it, the new document found by {sum(n == 1 for n in found)} of {len(found)} searches")
        print(f"server resident memory (master + workers, shared pages counted in each): {memory:.0f} MB")
        report(samples, elapsed, lambda s: done.started <= s.started <= done.started + done.seconds)
        errors = [s for s in samples if s.error]
        for sample in errors[:30]:
            print(f"error: {sample.kind}: {sample.error}")
        return len(errors) + sum(n != 1 for n in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--settings", nargs="+", default=["default"], help="default, or WORKERSxTHREADS (2x4)")
    parser.add_argument("--index", type=Path, default=OUT / "reuters-index")
    parser.add_argument("--documents", type=Path, default=OUT / "reuters")
    args = parser.parse_args()
    if not index_exists(args.index):
        sys.exit(f"No index in {args.index}: run bench/reuters.py first.")
    print(f"{os.cpu_count()} cores, shared by the server, the {args.clients} client threads and the reindex.")
    load = workload(fresh_copy(args.index))
    print(f"{len(load.queries)} queries, {len(load.ids)} document ids, facet values: "
          + ", ".join(f"{name} {len(values)}" for name, values in load.values.items()))  # fmt: skip
    failures = sum(run(setting, args, load) for setting in args.settings)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
