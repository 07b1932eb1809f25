"""Extraction on a Dask `distributed` cluster: batches go out with their files' bytes, results stream back.

The command keeps the index writer; workers only read records from the bytes they are sent, clean and
extract, so they need the archive package and the spaCy model installed, not the documents folder.
Dask reschedules the tasks of a worker that dies; a task that dies with its worker too often
(`distributed.scheduler.allowed-failures`) or raises fails its batch, reported per file as locally.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from .errors import ArchiveError, DocumentError
from .pipeline import FileResult, FileTask, process_sent, start_worker
from .sources import read_source

CONNECT_SECONDS = 10
CLUSTER_BATCH_FILES = 48  # files per cluster task: each task costs the scheduler, client and worker a round trip
BATCHES_PER_THREAD = 2  # batches in flight per worker thread: workers never wait, results never pile up
# Dask settings for the workers' environment: their event loop wakes every 20 ms (tick), 100 ms (memory) and 500 ms
# (system monitor) and samples the task's stack every 10 ms (profiler). Each wake takes the GIL from the extraction
# thread; on 2 cores these cost the workers about 10% more CPU per article (README, "More than one machine").
WORKER_ENVIRONMENT = {
    "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
    "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "5s",
    "DASK_DISTRIBUTED__WORKER__MEMORY__MONITOR_INTERVAL": "1s",
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    # the nanny starts each worker with glibc's MALLOC_TRIM_THRESHOLD_ at 64 KB, which hands freed memory back to the
    # system at once and fixes the mmap threshold: spaCy's many short-lived arrays then cost page faults and system
    # calls. None unsets it: glibc's own adaptive thresholds, as local processes have.
    "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON": "{'MALLOC_TRIM_THRESHOLD_': None}",
}


@contextmanager
def connected(address: str) -> Iterator[Any]:
    """Yield a client of the Dask scheduler at address; one that cannot be reached is an ArchiveError."""
    try:
        from distributed import Client
    except ImportError:
        raise ArchiveError("--cluster needs Dask's distributed package: pip install 'archive[cluster]'.") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:
        raise ArchiveError(
            f"Cannot reach the Dask scheduler at {address} ({exc}). Start it with 'dask scheduler' "
            "or give the right --cluster / ARCHIVE_CLUSTER address."
        ) from None
    try:
        yield client
    finally:
        client.close()


def check_workers(client: Any, model: str) -> None:
    """Load the model in every worker process now, so one that cannot is an error before anything is indexed."""
    if not client.scheduler_info().get("workers"):
        raise ArchiveError("The Dask scheduler has no workers. Start some with 'dask worker ADDRESS'.")
    answers = client.run(_load, model)
    broken = {worker: why for worker, why in answers.items() if why}
    if broken:
        worker, why = sorted(broken.items())[0]
        raise ArchiveError(f"Worker {worker} cannot extract ({why}): install the archive and its model there.")


def _load(model: str) -> str:
    """Load the model in a worker process; return why it could not ("" when it could)."""
    try:
        start_worker(model)
    except Exception as exc:  # reported by the command, which stops before writing
        return f"{type(exc).__name__}: {exc}"
    return ""


def extracted_on(client: Any, batches: Iterable[list[FileTask]], model: str) -> Iterator[FileResult]:
    """Yield the results of every batch as they complete, a bounded number of batches in flight."""
    from distributed import as_completed

    threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
    pending = iter(batches)
    sent: dict[str, list[FileTask]] = {}

    def send(batch: list[FileTask]) -> Any:
        batch = [shipped(task) for task in batch]
        future = client.submit(process_sent, batch, model, pure=False)
        sent[future.key] = batch
        return future

    first = [send(b) for b in islice(pending, max(2, BATCHES_PER_THREAD * threads))]
    running = as_completed(first, loop=client.loop)
    for future in running:
        yield from outcome(future, sent.pop(future.key))
        for batch in islice(pending, 1):
            running.add(send(batch))


def outcome(future: Any, batch: list[FileTask]) -> list[FileResult]:
    """Return a finished batch's results; a batch that failed fails each of its files, as locally."""
    if future.status == "cancelled":  # the scheduler went away: stop, writing nothing
        raise ArchiveError("Lost the Dask scheduler during the reindex: nothing was written. Run it again.")
    try:
        return list(future.result())
    except Exception as exc:  # the task raised, or its workers kept dying (KilledWorker)
        reason = f"extraction failed on the cluster ({type(exc).__name__}: {exc})"
        return [FileResult(t.name, t.digest, error=reason, part=t.part, parts=t.parts) for t in batch]
    finally:
        future.release()


def shipped(task: FileTask) -> FileTask:
    """Return the task with its file's bytes (and its sidecar's) for a worker that cannot see the folder."""
    if task.records is not None:  # a part of a split file already carries its records
        return task
    try:
        return replace(task, source=read_source(Path(task.path)))
    except DocumentError as exc:
        return replace(task, unread=str(exc))
    except Exception as exc:  # as a worker reports a reader bug: this file fails, not the batch
        return replace(task, unread=f"cannot read ({type(exc).__name__}: {exc})")
