"""Local extraction processes: a pool where a worker may die (killed, out of memory) without losing a file or
hanging the reindex.

multiprocessing's Pool starts a new process for a dead worker but never answers for the batch it held, so a
reindex whose worker was killed waited forever. concurrent.futures' process pool reports the death
(BrokenProcessPool) on every batch in flight: those batches are read again one file at a time in a fresh
process, and a file whose reading kills its worker again is reported as failed, never indexed half.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .pipeline import FileResult, FileTask, preload, process_sent

BATCHES_PER_WORKER = 4  # batches in flight per worker process
WORKER_DIED = "the worker process reading it died (killed, or out of memory): not indexed"
Running = deque[tuple[list[FileTask], "Future[list[FileResult]]"]]


def new_pool(workers: int, model: str) -> ProcessPoolExecutor:
    """Return a pool of spawned extraction processes, each loading the model when it starts."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=preload, initargs=(model,))


def warm(pool: ProcessPoolExecutor) -> None:
    """Start a pool's processes now (the executor starts them at its first task), so they load the model."""
    pool.submit(int)


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now, its processes ended rather than waited for (one may still be loading the model)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # the executor's own: no public handle
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


def pooled(
    work: Iterable[list[FileTask]], workers: int, model: str, started: ProcessPoolExecutor | None = None
) -> Iterator[FileResult]:
    """Yield the results of the batches from a pool of processes (`started`, or a new one), a bounded number in
    flight; the batches a dead worker took down are read again (`_after_death`)."""
    pool = started or new_pool(workers, model)
    running: Running = deque()
    try:
        for batch in work:
            running.append((batch, _submitted(pool, batch, model)))
            while len(running) >= BATCHES_PER_WORKER * workers:
                found, pool = _next(running, pool, workers, model)
                yield from found
        while running:
            found, pool = _next(running, pool, workers, model)
            yield from found
    finally:
        stop(pool)


def _submitted(pool: ProcessPoolExecutor, batch: list[FileTask], model: str) -> Future[list[FileResult]]:
    """Return the future of a batch sent to the pool; a pool a dead worker broke already refuses it, and the batch
    is then one of those read again."""
    try:
        return pool.submit(process_sent, batch, model)
    except BrokenProcessPool as exc:
        refused: Future[list[FileResult]] = Future()
        refused.set_exception(exc)
        return refused


def _next(
    running: Running, pool: ProcessPoolExecutor, workers: int, model: str
) -> tuple[list[FileResult], ProcessPoolExecutor]:
    """Return the results of the oldest batch in flight, and the pool to go on with."""
    batch, future = running.popleft()
    try:
        return future.result(), pool
    except BrokenProcessPool:
        running.appendleft((batch, future))
    return _after_death(running, model), _replaced(pool, workers, model)


def _after_death(running: Running, model: str) -> list[FileResult]:
    """Return the results of the batches in flight when a worker died: those done, and the others read again
    one file at a time."""
    found: list[FileResult] = []
    lost: list[FileTask] = []
    for batch, future in running:
        error = future.exception()  # the executor fails every batch it had not finished
        if error is None:
            found += future.result()
        elif isinstance(error, BrokenProcessPool):
            lost += batch
        else:
            raise error
    running.clear()
    return found + list(one_by_one(lost, model))


def _replaced(pool: ProcessPoolExecutor, workers: int, model: str) -> ProcessPoolExecutor:
    stop(pool)
    return new_pool(workers, model)


def one_by_one(tasks: list[FileTask], model: str) -> Iterator[FileResult]:
    """Yield the result of each task read alone in a process of its own pool; a task whose reading kills that
    process is a failure, and the next one gets a fresh process."""
    pool = new_pool(1, model)
    try:
        for task in tasks:
            try:
                yield from pool.submit(process_sent, [task], model).result()
            except BrokenProcessPool:
                pool = _replaced(pool, 1, model)
                yield FileResult(task.name, task.digest, error=WORKER_DIED, part=task.part, parts=task.parts)
    finally:
        stop(pool)
