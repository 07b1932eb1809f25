"""Warm search latency of this checkout against another revision, served side by side and asked in turns.

This machine's speed moves by a third within minutes, so two runs of bench/facets.py an hour apart
compare the machine as much as the code. Here both servers run at once (`archive serve --workers 1`,
the other revision from a `git worktree` in bench/out, each on its own copy of the Reuters index so
that neither rewrites the other's facet cache), are warmed with the 210 queries of bench/facets.py,
then asked the same queries in alternating passes on fresh kept-alive connections; the script
prints median / p95 ms of each over all passes.

Usage: .venv/bin/python bench/compare.py REVISION [--passes 4]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.search import Archive  # noqa: E402
from bench.facets import OUT, http_runner, queries, reuters_index, server, spread  # noqa: E402


def checkout(revision: str) -> Path:
    """Return a worktree of the revision under bench/out (made once, kept for the next run)."""
    found = subprocess.run(
        ["git", "rev-parse", "--short", f"{revision}^{{commit}}"], cwd=ROOT, capture_output=True, text=True
    )
    if found.returncode != 0:
        raise SystemExit(f"No commit {revision!r} in this repository: give a commit, tag or branch.")
    commit = found.stdout.strip()
    folder = OUT / f"worktree-{commit}"
    if not folder.is_dir():
        subprocess.run(["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, check=True)
    return folder


def index_copy(source: Path, name: str) -> Path:
    """Return a copy of the index under bench/out for one server (the facet cache files differ by code)."""
    target = OUT / f"compare-index-{name}"
    if not target.is_dir():
        shutil.copytree(source, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revision", help="the other revision: a commit, tag or branch")
    parser.add_argument("--passes", type=int, default=4, help="passes of the 210 queries per server")
    args = parser.parse_args()
    index = reuters_index()
    archive = Archive(index)
    items = queries(archive)
    archive.close()
    other = checkout(args.revision)
    codes = {"this checkout": ROOT, args.revision: other}
    with ExitStack() as stack:
        ports = {
            name: stack.enter_context(server(index_copy(index, "this" if code == ROOT else other.name), code))[0]
            for name, code in codes.items()
        }
        for port in ports.values():
            run = http_runner(port)
            run("*")
            spread(run, items)  # cold
            spread(run, items)  # warm
        times: dict[str, list[float]] = {name: [] for name in ports}
        for _ in range(args.passes):
            for name, port in ports.items():
                run = http_runner(port)  # a fresh connection: the other server's pass outlasts the keep-alive
                run("*")
                for q in items:
                    started = time.perf_counter()
                    run(q)
                    times[name].append((time.perf_counter() - started) * 1000)
    print(f"{len(items)} queries x {args.passes} passes each, the servers asked in turns")
    print("| code | median ms | p95 ms |\n|---|---|---|")
    for name, values in times.items():
        values.sort()
        print(f"| {name} | {statistics.median(values):.2f} | {values[int(len(values) * 0.95) - 1]:.2f} |")


if __name__ == "__main__":
    main()
