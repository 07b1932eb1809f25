"""The only writer of the Whoosh index: create, incremental and full reindex, statistics."""

from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any

from whoosh.writing import CLEAR

from .atomicfile import write_atomically
from .config import Settings
from .engine import index_exists, reading, storage, translated
from .errors import ArchiveError, IndexDamagedError
from .facets import generation_key, load_tables
from .pipeline import FileResult, FileTask, batches, loaded, process_batch, start_worker
from .schema import build_schema, facet_fields, same_schema
from .sources import DigestCache, find_files, relative_name
from .spelling import load_vocabulary
from .store import open_index
from .workers import new_pool, pooled, stop, warm

FILES = "files.json"  # the file digests the newest generation holds, named by generation
DIGESTS = "digests.json"  # file digests by size and time, beside the index


@dataclass
class ReindexReport:
    """What a reindex did; `failed` and `warnings` hold (file, reason) pairs."""

    indexed: int = 0  # files (re)indexed
    documents: int = 0  # records written
    unchanged: int = 0
    removed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


Progress = Callable[[int, int], None]


def open_or_create(path: Path, full: bool = False) -> tuple[Any, str | None]:
    """Return the index at path, creating an empty one if there is none, and why it was created over the one
    there (None if it was not): built by an earlier version with other fields or analyzers (a word would be
    looked up in a form the old index does not hold), or damaged and `full` asks for
    a rebuild (without `full` a damaged index raises IndexDamagedError)."""
    path.mkdir(parents=True, exist_ok=True)
    schema = build_schema()
    store = storage(path)
    if not index_exists(path):
        return store.create_index(schema), None
    try:
        with reading(path):
            ix = store.open_index()
            with ix.searcher() as searcher:  # opens every segment and reads the list of files
                sum(1 for _ in searcher.reader().lexicon("filekey"))
    except IndexDamagedError:
        if not full:
            raise
        return store.create_index(schema), "damaged: rebuilt in full"
    if same_schema(ix.schema, schema):
        return ix, None
    ix.close()
    return store.create_index(schema), "built by an earlier version with other fields or analyzers: rebuilt in full"


def indexed_files(ix: Any, path: Path) -> tuple[dict[str, str], bool]:
    """Return path -> content digest of every file with live documents in the index, and whether
    that came from the list saved for the current generation.

    The list written after the last commit is used when it names the current index generation;
    otherwise it is read from the term list, where a deleted document's terms stay until segments
    merge, so only terms with a live document count.
    """
    with reading(path), ix.searcher() as searcher:
        reader = searcher.reader()
        saved = _read_files(path / FILES, generation_key(reader))
        if saved is not None:
            return saved, True
        found: dict[str, str] = {}
        for term in reader.lexicon("filekey"):
            key = term.decode("utf-8")
            if "\t" in key and any(not reader.is_deleted(d) for d in reader.postings("filekey", term).all_ids()):
                name, digest = key.split("\t", 1)
                found[name] = digest
        return found, False


def _read_files(path: Path, generation: str) -> dict[str, str] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generation") != generation or not isinstance(data.get("files"), dict):
        return None
    return {str(k): str(v) for k, v in data["files"].items()}


def _write_files(path: Path, generation: str, files: dict[str, str]) -> None:
    """Record which file digests a generation holds (atomically; a failure only costs speed)."""
    data = json.dumps({"generation": generation, "files": files}).encode("utf-8")
    write_atomically(path, lambda handle: handle.write(data))


def scan(
    root: Path, digests: DigestCache | None = None, unreadable: list[tuple[str, str]] | None = None
) -> Iterator[FileTask]:
    """Yield a task for every source file under root, with its content digest; folders that cannot be
    listed are added to `unreadable`."""
    digests = digests or DigestCache()
    root = root.resolve()
    for path in find_files(root, unreadable):
        try:
            digest = digests.digest(path)
        except OSError as exc:
            digest = f"unreadable:{exc.errno}"
        yield FileTask(str(path), relative_name(path, root), digest)


def _under(name: str, folders: list[tuple[str, str]]) -> bool:
    """Return whether an indexed file name lies in one of the folders ("." is the whole documents folder)."""
    return any(folder == "." or name.startswith(folder + "/") for folder, _ in folders)


def reindex(
    settings: Settings, full: bool = False, progress: Progress | None = None, early: bool = False
) -> ReindexReport:
    """Bring the index in step with the documents folder: new and changed files in, deleted files out.

    Files in a folder that cannot be listed are reported and kept as they were indexed, even by --full:
    a folder that is unreadable for a moment must not empty the archive of its documents. With
    `settings.cluster` extraction runs on that Dask cluster, reached before the index is touched. With `early`
    (the command) a process starts loading the model before the folder is scanned (`_early_worker`).
    """
    started = time.perf_counter()
    root = settings.documents
    if not root.is_dir():
        raise ArchiveError(f"No documents folder at {root}. Create it or pass --documents.")
    with _cluster(settings) as client, _early_worker(settings, early and client is None) as loading:
        report = _reindex(settings, full, progress, client, loading)
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _cluster(settings: Settings) -> Iterator[Any]:
    """Yield a client of the settings' Dask cluster with the model loaded on its workers, or None to run here."""
    if not settings.cluster:
        yield None
        return
    from .cluster import check_workers, connected

    with connected(settings.cluster) as client:
        check_workers(client, settings.model)
        yield client


@contextmanager
def _early_worker(settings: Settings, wanted: bool) -> Iterator[Any]:
    """Yield a pool of one extraction process that starts loading the model now, while the folder is scanned
    and compared, so a reindex of a file or a few waits for neither (the model takes seconds to load, the scan
    of a large folder too); None unless `wanted` (the command, not on a cluster) and the model is not loaded
    here already. The process is stopped at the end, used or not (nothing changed: a second of the other
    core's time, no wall time)."""
    if not wanted or loaded(settings.model) or not _installed(settings.model):
        yield None  # a model that is not installed fails in this process, with its message
        return
    pool = new_pool(1, settings.model)
    warm(pool)
    try:
        yield pool
    finally:
        stop(pool)


def _installed(model: str) -> bool:
    """Return whether a model is an importable package (a path or an odd name is left to spaCy to judge)."""
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def _reindex(settings: Settings, full: bool, progress: Progress | None, client: Any, early: Any) -> ReindexReport:
    root = settings.documents
    ix, rebuilt = open_or_create(settings.index, full)
    full = full or rebuilt is not None
    known, saved = ({}, False) if rebuilt else indexed_files(ix, settings.index)
    digests = DigestCache.load(settings.index / DIGESTS)
    unreadable: list[tuple[str, str]] = []
    tasks = list(scan(root, digests, unreadable))
    current = {t.name for t in tasks}
    todo = [t for t in tasks if full or known.get(t.name) != t.digest]
    report = ReindexReport(unchanged=len(tasks) - len(todo))
    if rebuilt:
        report.warnings.append((str(settings.index), rebuilt))
    kept = {name: digest for name, digest in known.items() if name not in current and _under(name, unreadable)}
    for folder, reason in unreadable:
        count = sum(1 for name in kept if _under(name, [(folder, reason)]))
        report.failed.append((folder, f"cannot read this folder ({reason}): its {count} indexed files are kept"))
    gone = [name for name in known if name not in current and name not in kept]
    report.removed = len(gone)
    if todo or gone or full:
        stale = [name for name in known if name not in kept] if full else gone
        files = {k: v for k, v in known.items() if k not in stale}
        _write(ix, settings, todo, stale, full, report, progress, files, client, early)
    elif not saved:  # read from the term list: save it, so the next run reads the list
        with ix.searcher() as searcher:
            _write_files(settings.index / FILES, generation_key(searcher.reader()), known)
    digests.save(settings.index / DIGESTS)
    return report


def _write(
    ix: Any,
    settings: Settings,
    todo: list[FileTask],
    stale: list[str],
    full: bool,
    report: ReindexReport,
    progress: Progress | None,
    files: dict[str, str],
    client: Any = None,
    early: Any = None,
) -> None:
    clear = full and not files  # a full rebuild that carries nothing over drops the old segments whole
    with translated(str(settings.index)):
        writer = ix.writer(limitmb=128)
    try:
        for name in stale:
            writer.delete_by_term("path", name)
        done = 0
        arriving: dict[str, list[FileResult | None]] = {}  # the parts of split files come in one by one
        for result in extracted(todo, settings, client, early):
            parts = _gathered(writer, result, full, report, arriving)
            if parts is None:
                continue
            if _store(parts, report):
                files[result.name] = result.digest
            done += 1
            if progress:
                progress(done, len(todo))
        writer.commit(mergetype=CLEAR) if clear else writer.commit()
    except BaseException:
        writer.cancel()
        raise
    with ix.searcher() as searcher:  # facet arrays and words for the new generation, so the next search starts fast
        load_tables(searcher.reader(), settings.index)
        load_vocabulary(searcher.reader(), settings.index)
        _write_files(settings.index / FILES, generation_key(searcher.reader()), files)


def _gathered(
    writer: Any, result: FileResult, full: bool, report: ReindexReport, arriving: dict[str, list[FileResult | None]]
) -> list[FileResult] | None:
    """Write a result's records (the file's old version out first); return all its file's parts once every
    one has come in, else None. Deleting per part is harmless: a writer's delete never touches what it added."""
    if result.records:
        if not full:
            writer.delete_by_term("path", result.name)
        for record in result.records:
            writer.add_document(**record)
        report.documents += len(result.records)
        result.records = []  # written: a part waiting for the others holds no records (its error is still None)
    if result.parts == 1:
        return [result]
    parts = arriving.setdefault(result.name, [None] * result.parts)
    parts[result.part] = result
    if any(part is None for part in parts):
        return None
    del arriving[result.name]
    return [part for part in parts if part is not None]


def _store(parts: list[FileResult], report: ReindexReport) -> bool:
    """Report a file whose records are written; return whether it was indexed in full (a failed file keeps its
    old version). A split file is indexed when one of its parts is, a failed part's reason then a warning; a part
    that failed as a whole (its batch on a cluster) leaves the file to be redone by the next reindex."""
    name = parts[0].name
    if all(part.error is not None for part in parts):
        report.failed.append((name, "; ".join(part.error or "" for part in parts)))
        return False
    report.indexed += 1
    for part in parts:
        problems = part.problems or ([part.error] if part.error else [])
        report.warnings.extend((name, p) for p in problems)
    lost = [part for part in parts if part.error is not None and not part.problems]  # the part itself failed
    for part in lost:
        report.failed.append((name, f"part {part.part + 1} of {part.parts} not extracted: tried again next reindex"))
    return not lost  # its digest unrecorded, the next reindex redoes the whole file: no record is lost for good


def extracted(
    todo: list[FileTask], settings: Settings, client: Any = None, early: Any = None
) -> Iterator[FileResult]:
    """Yield the result of every task, extraction spread over worker processes or the client's Dask cluster
    (a single batch goes to the `early` pool of one process when there is one: its model is loading already)."""
    cache = settings.ocr_cache if client is not None else settings.ocr_cache_folder()  # a cluster: a shared folder
    tasks = (replace(task, ocr_cache=str(cache.absolute()) if cache else None) for task in todo)
    if client is not None:
        from .cluster import CLUSTER_BATCH_FILES, extracted_on

        yield from extracted_on(client, batches(tasks, CLUSTER_BATCH_FILES), settings.model)
        return
    work = batches(tasks)
    first = list(islice(work, settings.worker_count()))
    workers = min(settings.worker_count(), len(first))
    if workers <= 1 and early is not None:
        yield from pooled(chain(first, work), 1, settings.model, early)
        return
    if early is not None:
        stop(early)  # more than one batch: a pool of as many processes as asked instead
    if workers <= 1:
        start_worker(settings.model)
        for batch in chain(first, work):
            yield from process_batch(batch, settings.model)
        return
    yield from pooled(chain(first, work), workers, settings.model)


@dataclass(frozen=True)
class IndexStats:
    documents: int
    size_bytes: int
    distinct: dict[str, int]
    last_reindex: float | None


def index_stats(path: Path) -> IndexStats:
    """Return the index's document count, size on disk, distinct facet values and last write time.

    Distinct values count only values of live documents: deleted ones keep their terms until a merge.
    """
    ix = open_index(path)
    files = [f for f in path.iterdir() if f.is_file()]
    tocs = [f.stat().st_mtime for f in files if f.suffix == ".toc"]
    with reading(path), ix.searcher() as searcher:
        tables = load_tables(searcher.reader(), path)
        distinct = {name: len(tables.counts(name, tables.live, 0)) for name in facet_fields()}
        count = searcher.doc_count()
    return IndexStats(count, sum(f.stat().st_size for f in files), distinct, max(tocs) if tocs else None)
