"""A real `archive serve` process and a fresh CLI process over the same index, to compare their answers."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ARCHIVE = [sys.executable, "-m", "archive"]


def archive_command(docs: Path, index: Path) -> list[str]:
    return [*ARCHIVE, "--documents", str(docs), "--index", str(index)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(base: list[str], *options: str) -> Iterator[str]:
    """Run `archive serve` over the index of `base` in its own process; yield its URL."""
    with server_process(base, *options) as (url, _):
        yield url


@contextmanager
def server_process(base: list[str], *options: str, **popen: Any) -> Iterator[tuple[str, subprocess.Popen[Any]]]:
    """Run `archive serve [options]` in its own process and session; yield its URL once it answers, and the process.

    The whole session is ended afterwards, so no worker process outlives the test."""
    port = free_port()
    popen = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, **popen}
    server = subprocess.Popen([*base, "serve", "--port", str(port), *options], start_new_session=True, **popen)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/api/search", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url, server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()


def served(url: str, query: str = "*") -> list[tuple[str, str]]:
    """Return (id, title) of every hit the server gives for a query (up to 100)."""
    address = f"{url}/api/search?limit=100&sort=date&copies=all&q={urllib.parse.quote(query)}"
    with urllib.request.urlopen(address, timeout=30) as answer:
        return sorted((h["id"], h["title"]) for h in json.load(answer)["hits"])


def fresh(base: list[str], query: str = "*") -> list[tuple[str, str]]:
    """Return (id, title) of every hit a new CLI process gives for a query (up to 100)."""
    done = subprocess.run(
        [*base, "search", query, "--limit", "100", "--all-copies", "--json"], check=True, capture_output=True, text=True
    )
    return sorted((h["id"], h["title"]) for h in json.loads(done.stdout)["hits"])
