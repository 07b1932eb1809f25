"""Turn source files into index records: read, clean, extract. Runs inside worker processes (local ones or a
Dask cluster's); `batches` runs in the command and cuts the work into batches."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .clean import clean
from .errors import DocumentError
from .formats import ocr_cache, reading_clock
from .models import Document, Entities, RawDocument
from .schema import document_id, index_fields
from .sources import KINDS, SourceBytes, parse_records, read_records

BATCH_FILES = 16  # files per worker task: the model runs faster over batches
SPLIT_BYTES = 32 * 1024  # a JSON or JSON Lines file this large is read by the command, its records spread over workers
PART_RECORDS = 32  # records per part of a split file, each part a batch of its own
CUT_SHORT = ":cut"  # ends the digest of a file whose reading ran out of time (no real digest ends so)


@dataclass
class FileResult:
    """What became of one source file: its index records, or why it failed."""

    name: str
    digest: str
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    part: int = 0  # which part of a split file this is, of how many
    parts: int = 1


Pending = tuple[FileResult, RawDocument, Document]  # a cleaned record waiting for its entities


@dataclass(frozen=True)
class FileTask:
    """One file to read and extract, or one part of a big JSON file's records (then `records` holds them)."""

    path: str  # absolute path
    name: str  # relative name in the index
    digest: str
    source: SourceBytes | None = None  # the file's bytes, sent to a worker that may not see the documents folder
    unread: str | None = None  # why the command could not read the file it was to send
    records: tuple[RawDocument, ...] | None = None  # a part of a split file: the records the command read
    problems: tuple[str, ...] = ()  # what reading a split file met (bad lines, repeated ids): in its first part
    part: int = 0
    parts: int = 1
    ocr_cache: str | None = None  # the folder where OCR output is kept (None: not kept)


def batches(todo: Iterable[FileTask], size: int = BATCH_FILES) -> Iterator[list[FileTask]]:
    """Yield the tasks in batches for the workers: up to `size` whole files, or one part of a big JSON file."""
    batch: list[FileTask] = []
    for task in todo:
        for piece in split(task):
            if piece.parts > 1:
                yield [piece]
                continue
            batch.append(piece)
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def split(task: FileTask) -> list[FileTask]:
    """Return a big JSON or JSON Lines file as parts of PART_RECORDS records, else the task itself.

    The command parses the whole file, so repeated ids and line numbers are judged over all of it; a file
    it cannot read is left whole, for the worker to report as any other.
    """
    path = Path(task.path)
    if KINDS.get(path.suffix.lower()) not in ("json", "jsonl"):
        return [task]
    try:
        if path.stat().st_size < SPLIT_BYTES:
            return [task]
        raws, problems = read_records(path, task.name)
    except Exception:  # reported by the worker that reads it, as locally
        return [task]
    if len(raws) <= PART_RECORDS:
        return [task]
    chunks = [tuple(raws[i : i + PART_RECORDS]) for i in range(0, len(raws), PART_RECORDS)]
    return [
        replace(task, records=chunk, problems=tuple(problems) if number == 0 else (), part=number, parts=len(chunks))
        for number, chunk in enumerate(chunks)
    ]


_model: str | None = None


def loaded(model: str) -> bool:
    """Return whether this process has loaded the model (a test session, an earlier reindex in it)."""
    return _model == model


def start_worker(model: str) -> None:
    """Load the model, gazetteer and language detector once, when a worker process starts."""
    global _model
    from .extract import load_nlp
    from .extract.gazetteer import gazetteer
    from .extract.people import given_names
    from .language import identifier

    load_nlp(model)
    gazetteer()
    given_names()
    identifier()  # the language model, read once here rather than at the first document (0.8 s)
    _model = model


def preload(model: str) -> None:
    """A process pool's initializer: load the model, leaving a failure for the first batch to raise
    (process_sent), since a pool whose initializer raises starts new processes forever and never answers."""
    with contextlib.suppress(Exception):
        start_worker(model)


def process_sent(tasks: list[FileTask], model: str) -> list[FileResult]:
    """Process a batch sent to a worker (of a cluster or a local pool), loading the model at the worker process's
    first batch only; a model that cannot load fails the batch with its reason."""
    if _model != model:
        start_worker(model)
    return process_batch(tasks, model)


def process_batch(tasks: list[FileTask], model: str | None = None) -> list[FileResult]:
    """Read, clean and extract a batch of files, running the model over all their records at once."""
    from .extract import extract_in, extract_languages
    from .extract.people import add_named_people

    model = model or _model or ""
    results: list[FileResult] = []
    pending: list[Pending] = []
    for task in tasks:
        result = FileResult(task.name, task.digest, part=task.part, parts=task.parts)
        results.append(result)
        try:
            with ocr_cache(task.ocr_cache), reading_clock() as clock:
                raws, result.problems = _records(task)
            if clock.cut and clock.resumable:  # indexed under a digest the next reindex will not find current
                result.digest = f"{task.digest}{CUT_SHORT}"
                result.problems.append("cut short by the time limit: read further by the next reindex")
        except DocumentError as exc:
            result.error = str(exc)
            continue
        except Exception as exc:  # a reader bug must cost this file, not the batch
            result.error = f"cannot read ({type(exc).__name__}: {exc})"
            continue
        for raw in raws:
            notes: list[str] = []  # what is wrong in a record that is still indexed (a publication date)
            try:
                pending.append((result, raw, clean(raw, notes)))
                result.problems += [f"record {raw.key or 1}: {note}" for note in notes]
            except DocumentError as exc:
                result.problems.append(f"record {raw.key or 1}: {exc}")
            except Exception as exc:  # a cleaner bug must cost one record, not the batch
                result.problems.append(f"record {raw.key or 1}: cannot clean ({type(exc).__name__}: {exc})")
    pending = unlinked_failures(pending)
    try:
        triples = ((doc.text, doc.published, doc.language) for _, _, doc in pending)
        found: list[Entities | None] = list(extract_languages(triples, model))
    except Exception:  # one bad text must not cost the batch: retry one by one below
        found = [None] * len(pending)
    for (result, raw, doc), entities in zip(pending, found, strict=True):
        try:
            entities = entities or extract_in(doc.text, doc.published, doc.language, model)
            if doc.correspondents:  # an e-mail's sender and recipients: people of the message, as the text's are
                entities = replace(entities, people=add_named_people(entities.people, doc.correspondents, doc.text))
        except Exception as exc:  # an extractor bug costs this record's entities, never the document
            result.problems.append(f"record {raw.key or 1}: entities not extracted ({type(exc).__name__}: {exc})")
            entities = Entities()
        try:
            result.records.append(index_fields(raw.path, raw.key, result.digest, doc, entities))
        except Exception as exc:  # a record the index cannot take costs that record, never the reindex
            result.problems.append(f"record {raw.key or 1}: not indexed ({type(exc).__name__}: {exc})")
    for result in results:
        if result.error is None and not result.records:
            result.error = "; ".join(result.problems) or "no documents"
    return results


def unlinked_failures(pending: list[Pending]) -> list[Pending]:
    """Return the cleaned records with the ids of attachments that failed cleaning taken from their messages, so a
    message page lists such an attachment by name rather than linking to a document that does not exist."""
    if not any(doc.attachments for _, _, doc in pending):
        return pending
    cleaned = {document_id(raw.path, raw.key) for _, raw, _ in pending}
    return [
        (result, raw, replace(doc, attachments=tuple((n, i if i in cleaned else "") for n, i in doc.attachments)))
        for result, raw, doc in pending
    ]


def _records(task: FileTask) -> tuple[list[RawDocument], list[str]]:
    """Return a task's records and the problems met reading them, from wherever the task carries them."""
    if task.unread is not None:
        raise DocumentError(task.unread)
    if task.records is not None:
        return list(task.records), list(task.problems)
    if task.source is not None:
        return parse_records(task.source, task.name)
    return read_records(Path(task.path), task.name)
