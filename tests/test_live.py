"""A running server answers exactly what a fresh process answers, after every kind of reindex."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # spaCy, an index and a server

ARCHIVE = [sys.executable, "-m", "archive"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def story(folder: Path, name: str, title: str, body: str) -> None:
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


@pytest.fixture()
def archive(tmp_path: Path) -> Iterator[tuple[list[str], str]]:
    """A documents folder with three stories, its index, and `archive serve` running over it in its own process."""
    docs = tmp_path / "docs"
    docs.mkdir()
    story(docs, "a.txt", "Harbour strike", "Dock workers in Rotterdam ended a strike on Monday.")
    story(docs, "b.txt", "Flood warning", "Heavy rain flooded Porto Alegre in Brazil.")
    story(docs, "c.txt", "Bridge opens", "Mayor Ana Kowal opened a bridge in Gdansk, Poland.")
    base = [*ARCHIVE, "--documents", str(docs), "--index", str(tmp_path / "index")]
    subprocess.run([*base, "reindex", "--workers", "1"], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([*base, "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/api/search", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, url
    server.terminate()
    server.wait(timeout=10)


def served(url: str) -> list[tuple[str, str]]:
    with urllib.request.urlopen(url + "/api/search?limit=100&sort=date", timeout=10) as answer:
        return sorted((h["id"], h["title"]) for h in json.load(answer)["hits"])


def fresh(base: list[str]) -> list[tuple[str, str]]:
    done = subprocess.run([*base, "search", "--limit", "100", "--json"], check=True, capture_output=True, text=True)
    return sorted((h["id"], h["title"]) for h in json.loads(done.stdout)["hits"])


def test_the_server_follows_changes_deletions_and_full_rebuilds(archive: tuple[list[str], str]) -> None:
    base, url = archive
    docs = Path(base[base.index("--documents") + 1])
    assert served(url) == fresh(base) and len(fresh(base)) == 3
    steps = [
        lambda: story(docs, "a.txt", "Harbour strike over", "Dock workers in Rotterdam went back to work."),
        lambda: (docs / "b.txt").unlink(),
        lambda: story(docs, "d.txt", "Fire", "A fire broke out near Athens in Greece."),
        None,  # reindex --full with nothing changed
    ]
    for step in steps:
        if step is None:
            subprocess.run([*base, "reindex", "--full", "--workers", "1"], check=True, capture_output=True)
        else:
            step()
            subprocess.run([*base, "reindex", "--workers", "1"], check=True, capture_output=True)
        assert served(url) == fresh(base)
    titles = {title for _, title in served(url)}
    assert titles == {"Harbour strike over", "Bridge opens", "Fire"}
    assert os.path.exists(docs / "c.txt")
