"""Benchmark extraction on a Dask cluster against local processes, and a big JSON Lines file before/after its split.

  1. The first N Reuters articles (bench/out/reuters, one JSON file each, written by bench/reuters.py) copied to a
     temporary folder: `archive reindex --full --workers W` against `archive reindex --full --cluster ADDRESS`
     with a scheduler and W single-thread workers on this machine (started with the `dask` command, as the tests
     do). Documents per second of each, and the cluster's overhead (goal: at most 10%).
  2. The first R articles as one JSON Lines file, `reindex --full --workers W` with the file extracted whole
     (as before the split) and split into parts: wall time and cores used (CPU seconds of the command and its
     worker processes over wall seconds).

Usage: .venv/bin/python bench/cluster.py [--source bench/out/reuters] [--limit 3000] [--records 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

import archive.pipeline
from archive.config import load_settings
from archive.index import reindex
from tests.test_cluster import dask_cluster

ROOT = Path(__file__).resolve().parent.parent


def articles(source: Path, limit: int) -> list[Path]:
    """Return the first `limit` article files of the converted corpus, in name order."""
    found = sorted(source.rglob("*.json"))[:limit]
    if not found:
        sys.exit(f"No articles under {source}: run bench/reuters.py first, or pass --source.")
    return found


def timed_reindex(docs: Path, index: Path, *options: str) -> tuple[float, str]:
    """Run `archive reindex --full` in a process of its own; return its wall seconds and its summary line."""
    command = [sys.executable, "-m", "archive", "--documents", str(docs), "--index", str(index), "reindex", "--full"]
    started = time.perf_counter()
    done = subprocess.run([*command, *options], cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def cluster_against_local(work: Path, files: list[Path], workers: int) -> None:
    docs = work / "articles"
    docs.mkdir()
    for path in files:
        shutil.copy(path, docs / path.name)
    cpu = cpu_seconds()
    local, line = timed_reindex(docs, work / "local", "--workers", str(workers))
    print(f"local, {workers} processes:   {local:7.1f} s  {len(files) / local:6.1f} docs/s   ({line})")
    print(f"  CPU seconds: {cpu_seconds() - cpu:.1f} (the command and its processes)")
    logs = work / "dask-logs"
    logs.mkdir()
    with dask_cluster(logs, workers) as address:
        dask = {p: p.cpu_times() for p in psutil.Process().children(recursive=True)}
        cpu = cpu_seconds()
        remote, line = timed_reindex(docs, work / "remote", "--cluster", address)
        command = cpu_seconds() - cpu
        spent = sorted((role(p), sum(p.cpu_times()[:2]) - sum(before[:2])) for p, before in dask.items())
    print(f"cluster, {workers} workers:    {remote:7.1f} s  {len(files) / remote:6.1f} docs/s   ({line})")
    roles = ", ".join(f"{name} {seconds:.1f}" for name, seconds in spent)
    print(f"  CPU seconds: {command + sum(seconds for _, seconds in spent):.1f}: command {command:.1f}, {roles}")
    print(f"cluster overhead: {100 * (remote / local - 1):+.1f}% (goal: at most +10%)")


def role(process: psutil.Process) -> str:
    """Return what a process of the test cluster is: the scheduler, a nanny, a worker or another helper."""
    line = " ".join(process.cmdline())
    for name, mark in (("scheduler", " scheduler "), ("nanny", " worker "), ("worker", "spawn_main")):
        if mark in line:
            return name
    return "other"


def cpu_seconds() -> float:
    """Return the CPU seconds of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def big_file(work: Path, files: list[Path], workers: int) -> None:
    docs = work / "feed"
    docs.mkdir()
    with open(docs / "feed.jsonl", "w", encoding="utf-8") as feed:
        for path in files:
            record = json.loads(path.read_text(encoding="utf-8"))
            feed.write(json.dumps({"id": path.stem, **record}) + "\n")
    size = (docs / "feed.jsonl").stat().st_size / 1e6
    for label, split_bytes in (("whole (before)", 1 << 62), ("split (after)", archive.pipeline.SPLIT_BYTES)):
        archive.pipeline.SPLIT_BYTES = split_bytes  # the command decides the split; spawned workers never do
        settings = load_settings(documents=docs, index=work / f"feed-{split_bytes}", workers=workers)
        started, cpu = time.perf_counter(), cpu_seconds()
        report = reindex(settings, full=True)
        wall = time.perf_counter() - started
        cores = (cpu_seconds() - cpu) / wall
        print(f"{len(files)} records in one {size:.1f} MB JSON Lines file, {label}: {wall:6.1f} s, "
              f"{report.documents / wall:5.1f} docs/s, {cores:.2f} cores used")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT / "bench" / "out" / "reuters")
    parser.add_argument("--limit", type=int, default=3000, help="articles for the cluster against local processes")
    parser.add_argument("--records", type=int, default=2000, help="records in the big JSON Lines file (0: skip)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    files = articles(args.source, max(args.limit, args.records))
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            cluster_against_local(Path(tmp), files[: args.limit], args.workers)
        if args.records:
            big_file(Path(tmp), files[: args.records], args.workers)


if __name__ == "__main__":
    main()
