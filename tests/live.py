"""A real `archive serve` process and a fresh CLI process over the same index, to compare their answers."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ARCHIVE = [sys.executable, "-m", "archive"]


def archive_command(docs: Path, index: Path) -> list[str]:
    return [*ARCHIVE, "--documents", str(docs), "--index", str(index)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(base: list[str]) -> Iterator[str]:
    """Run `archive serve` over the index of `base` in its own process; yield its URL."""
    port = free_port()
    server = subprocess.Popen([*base, "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/api/search", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def served(url: str, query: str = "*") -> list[tuple[str, str]]:
    """Return (id, title) of every hit the server gives for a query (up to 100)."""
    address = f"{url}/api/search?limit=100&sort=date&copies=all&q={urllib.parse.quote(query)}"
    with urllib.request.urlopen(address, timeout=30) as answer:
        return sorted((h["id"], h["title"]) for h in json.load(answer)["hits"])


def fresh(base: list[str], query: str = "*") -> list[tuple[str, str]]:
    """Return (id, title) of every hit a new CLI process gives for a query (up to 100)."""
    done = subprocess.run([*base, "search", query, "--limit", "100", "--all-copies", "--json"], check=True, capture_output=True, text=True)
    return sorted((h["id"], h["title"]) for h in json.loads(done.stdout)["hits"])
