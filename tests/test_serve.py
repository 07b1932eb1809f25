"""`archive serve`: gunicorn with worker processes, each reading its own index files and the newest generation.

Every server here is a real `archive serve` process over a real index, asked over loopback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import pytest

from archive.cli import main
from tests.live import archive_command, fresh, served, server_process

STORIES = {
    "harbour.txt": ("Harbour strike", "Dock workers in Rotterdam ended a strike on Monday."),
    "flood.txt": ("Flood warning", "Heavy rain flooded Porto Alegre in Brazil on Tuesday."),
    "bridge.txt": ("Bridge opens", "Mayor Ana Kowal opened a bridge in Gdansk, Poland."),
    "grain.txt": ("Grain prices", "Wheat prices rose in Chicago after dry weather in Kansas."),
}


def write_story(folder: Path, name: str, title: str, body: str) -> None:
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding docs/ with four stories and index/ built from them (copied by each test that changes it)."""
    root = tmp_path_factory.mktemp("served")
    (root / "docs").mkdir()
    for name, (title, body) in STORIES.items():
        write_story(root / "docs", name, title, body)
    subprocess.run(
        [*archive_command(root / "docs", root / "index"), "reindex", "--workers", "1"], check=True, capture_output=True
    )
    return root


@pytest.fixture()
def base(built: Path, tmp_path: Path) -> list[str]:
    """The `archive` command over a fresh copy of the built documents and index."""
    shutil.copytree(built, tmp_path / "copy")
    return archive_command(tmp_path / "copy" / "docs", tmp_path / "copy" / "index")


def index_folder(base: list[str]) -> Path:
    return Path(base[base.index("--index") + 1]).resolve()


def index_files_open(process: psutil.Process, index: Path) -> bool:
    """Return whether a process holds any file of the index open."""
    return any(Path(f.path).is_relative_to(index) for f in process.open_files())


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET a URL on a fresh connection; return status, headers and body."""
    with urllib.request.urlopen(url, timeout=60) as answer:
        return answer.status, dict(answer.headers), answer.read()


def hammer(calls: list[Callable[[], Any]], threads: int = 16) -> list[Any]:
    """Run the calls from many client threads at once; return their results in order."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda call: call(), calls))


# Options: checked by click or before anything listens, so no index is needed.


@pytest.mark.parametrize("option", ["--workers", "--threads"])
def test_zero_workers_or_threads_is_a_usage_error(runner, option: str) -> None:
    result = runner.invoke(main, ["serve", option, "0"])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}': 0 is not in the range x>=1." in result.output


def test_debug_refuses_the_production_servers_options(runner) -> None:
    result = runner.invoke(main, ["serve", "--debug", "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers, --threads and --access-log are for gunicorn, not the development server." in result.output


@pytest.mark.slow
def test_a_port_in_use_is_a_one_line_message(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run(
            [*archive_command(tmp_path, tmp_path / "index"), "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == f"Error: Port {port} on 127.0.0.1 is in use: stop what holds it or choose another --port.\n"
    assert done.stdout == ""


# A running server.


@pytest.mark.slow
def test_serve_prints_its_address_and_size_and_stops_cleanly_on_sigterm(base: list[str], tmp_path: Path) -> None:
    with (
        (tmp_path / "err").open("w+") as err,
        server_process(base, "--workers", "2", "--threads", "3", stdout=subprocess.PIPE, stderr=err, text=True) as (
            url,
            server,
        ),
    ):
        status, headers, _ = get(url + "/api/search?q=strike")
        assert status == 200 and headers["Server"] == "gunicorn"
        assert server.stdout is not None
        assert server.stdout.readline() == f"Serving on {url} with 2 workers x 3 threads (Ctrl-C to stop)\n"
        server.send_signal(signal.SIGTERM)  # the master alone, as a service manager sends it
        assert server.wait(timeout=20) == 0
        err.seek(0)
        assert err.read() == ""


@pytest.mark.slow
def test_ctrl_c_stops_the_master_and_every_worker_without_a_traceback(base: list[str], tmp_path: Path) -> None:
    with (
        (tmp_path / "err").open("w+") as err,
        server_process(base, "--workers", "2", stderr=err, text=True) as (url, server),
    ):
        workers = psutil.Process(server.pid).children()
        assert len(workers) == 2
        assert get(url + "/api/search?q=rain")[0] == 200
        os.killpg(server.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
        assert server.wait(timeout=20) == 0
        gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive
        err.seek(0)
        assert "Traceback" not in err.read()


@pytest.mark.slow
def test_the_server_is_gunicorn_and_debug_is_flasks_development_server(base: list[str]) -> None:
    for options, server in (((), "gunicorn"), (("--debug",), "Werkzeug/")):
        with server_process(base, *options) as (url, _):
            status, headers, body = get(url + "/api/search?q=strike")
        assert status == 200 and headers["Server"].startswith(server), options
        assert [hit["title"] for hit in json.loads(body)["hits"]] == ["Harbour strike"]


def pages(base: list[str]) -> dict[str, str]:
    """Return a path of each kind the server renders from the index besides a search: a document
    page, its JSON, an export and a facet lookup."""
    doc_id = fresh(base, "Gdansk")[0][0]
    return {
        "document page": f"/doc/{doc_id}?q=bridge",
        "document JSON": f"/api/doc/{doc_id}",
        "export": "/api/export.csv?q=*&sort=date",
        "facet lookup": "/api/facet/regions?contains=r",
    }


@pytest.mark.slow
def test_two_workers_answer_concurrent_requests_each_from_its_own_index_files(base: list[str]) -> None:
    """No preload: the master never opens the index; each worker opens its own files after the fork
    (handles inherited across a fork share offsets, and interleaved reads would garble each other)."""
    expected = {word: fresh(base, word) for word in ("strike", "rain", "bridge", "wheat", "*")}
    paths = pages(base)
    with server_process(base, "--workers", "2", "--threads", "4") as (url, server):
        reference = {kind: get(url + path)[2] for kind, path in paths.items()}
        calls = [lambda w=word: ("search", w, served(url, w)) for word in expected] * 30
        calls += [lambda k=kind, p=path: ("page", k, get(url + p)[2]) for kind, path in paths.items()] * 25
        answers = hammer(calls)
        master, index = psutil.Process(server.pid), index_folder(base)
        workers = master.children()
        assert not index_files_open(master, index)
        assert len(workers) == 2 and all(index_files_open(w, index) for w in workers), "both workers should have served"
    for kind, key, answer in answers:
        assert answer == (expected[key] if kind == "search" else reference[key]), key


@pytest.mark.slow
def test_every_worker_serves_the_new_generation_after_a_reindex(base: list[str]) -> None:
    docs = Path(base[base.index("--documents") + 1])
    with server_process(base, "--workers", "2", "--threads", "2") as (url, server):
        before = fresh(base)
        assert sorted(t for _, t in before) == sorted(title for title, _ in STORIES.values())
        index = index_folder(base)
        for _ in range(10):  # until both workers hold the old generation open
            assert all(answer == before for answer in hammer([lambda: served(url)] * 40))
            if all(index_files_open(w, index) for w in psutil.Process(server.pid).children()):
                break
        else:
            pytest.fail("a worker never answered")
        (docs / "flood.txt").unlink()
        write_story(docs, "fire.txt", "Forest fire", "A fire burned near Athens in Greece.")
        write_story(docs, "harbour.txt", "Harbour strike over", "Dock workers in Rotterdam went back to work.")
        subprocess.run([*base, "reindex", "--workers", "1"], check=True, capture_output=True)
        after = fresh(base)
        assert {t for _, t in after} == {"Harbour strike over", "Bridge opens", "Grain prices", "Forest fire"}
        answers = hammer(
            [lambda: served(url)] * 60 + [lambda: served(url, "Athens")] * 20 + [lambda: served(url, "flooded")] * 20
        )
    assert answers[:60] == [after] * 60
    assert [t for answer in answers[60:80] for _, t in answer] == ["Forest fire"] * 20
    assert answers[80:] == [[]] * 20
