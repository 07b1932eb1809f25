"""A hostile documents folder, reindexed for real: is every file indexed or reported, does anything hang,
and does a running server answer what a fresh CLI answers after every kind of reindex?

Writes the folder with the generators in tests/hostile.py (into a temporary folder, deleted at the
end), runs `archive reindex` in its own process with a time limit, starts `archive serve`, then
changes, deletes, adds, locks and unlocks files and rebuilds in full, comparing the server's hits
with a new CLI process's after each step. Prints: files, indexed, reported, unaccounted, hangs, and
one row per step and query.

Usage: .venv/bin/python bench/hostile.py [--big] [--timeout 600]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.sources import find_files, relative_name  # noqa: E402
from tests.hostile import (  # noqa: E402
    encoded_texts,
    without_root_reads,
    write_accented,
    write_formula_titles,
    write_hostile,
    write_hostile_names,
)
from tests.live import archive_command, fresh, served, serving  # noqa: E402

QUERIES = ("*", "Lyon", "Nantes OR Porto", "story")
SUMMARY = re.compile(r"indexed (\d+) files \((\d+) documents\), unchanged (\d+), removed (\d+), failed (\d+)")


def run_reindex(base: list[str], timeout: float, *args: str) -> tuple[str, str, bool]:
    """Run one reindex; return its output, errors and whether it hung (ran past the time limit)."""
    try:
        done = subprocess.run(
            [*base, "reindex", "--workers", "1", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=without_root_reads,
        )
    except subprocess.TimeoutExpired:
        return "", "", True
    return done.stdout, done.stderr, False


def write_folder(docs: Path, big: bool) -> None:
    write_hostile(docs, big=big)
    write_hostile_names(docs / "names")
    (docs / "accents").mkdir()
    write_accented(docs / "accents")
    write_formula_titles(docs)
    (docs / "encodings").mkdir()
    for number, (label, text, encoding) in enumerate(encoded_texts()):
        (docs / "encodings" / f"{number:03d}.txt").write_bytes(f"{label}\n\n{text}".encode(encoding))
    os.mkfifo(docs / "pipe.txt")
    (docs / "desk").mkdir()
    (docs / "desk" / "inner.txt").write_text("Desk story\n\nThe harbour of Bergen froze on Friday.", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", action="store_true", help="also a 100 MB text file and a 50 MB page")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds a reindex may take before it counts as hung"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="archive-hostile-"))
    docs, index = work / "docs", work / "index"
    docs.mkdir()
    try:
        write_folder(docs, args.big)
        base = archive_command(docs, index)
        names = {relative_name(p, docs.resolve()) for p in find_files(docs)}
        out, err, hung = run_reindex(base, args.timeout)
        found = SUMMARY.search(out)
        indexed = int(found[1]) if found else 0
        reported = {line.split(": ", 2)[1] for line in err.splitlines() if line.startswith(("failed: ", "warning: "))}
        failed = {line.split(": ", 2)[1] for line in err.splitlines() if line.startswith("failed: ")}
        print(f"files {len(names)}  indexed {indexed}  reported {len(reported)} (failed {len(failed)})", end="  ")
        print(f"unaccounted {len(names) - indexed - len(failed & names)}  hangs {int(hung)}")
        steps: list[tuple[str, Callable[[], None], tuple[str, ...]]] = [
            ("first reindex", lambda: None, ()),
            (
                "change a file",
                lambda: (docs / "names" / "repeats.jsonl").write_text(
                    '{"id": "story", "title": "Rewritten", "body": "A report from Lyon."}\n', encoding="utf-8"
                ),
                (),
            ),
            ("delete a file", lambda: (docs / "latin1.txt").unlink(), ()),
            (
                "add a file",
                lambda: (docs / "added.txt").write_text("Added\n\nA story from Nantes.", encoding="utf-8"),
                (),
            ),
            ("lock a folder", lambda: (docs / "desk").chmod(0), ()),
            ("--full, folder locked", lambda: None, ("--full",)),
            (
                "unlock, delete in it",
                lambda: ((docs / "desk").chmod(0o755), (docs / "desk" / "inner.txt").unlink()),
                (),
            ),
            ("--full", lambda: None, ("--full",)),
        ]
        equal = total = hangs = 0
        with serving(base) as url:
            for label, change, extra in steps:
                change()
                if label != "first reindex":
                    _, _, hung = run_reindex(base, args.timeout, *extra)
                    hangs += hung
                for query in QUERIES:
                    server, cli = served(url, query), fresh(base, query)
                    same = server == cli
                    equal, total = equal + same, total + 1
                    print(
                        f"{label:24} {query:16} server {len(server):3}  cli {len(cli):3}  {'equal' if same else 'DIFFERENT'}"
                    )
        print(f"server answers equal to a fresh CLI: {equal}/{total}  hangs in later reindexes {hangs}")
    finally:
        if (docs / "desk").exists():
            (docs / "desk").chmod(0o755)
        for path in work.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(work.parent / f"{docs.name}-outside", ignore_errors=True)


if __name__ == "__main__":
    main()
