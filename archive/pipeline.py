"""Turn source files into index records: read, clean, extract. Runs inside worker processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clean import clean
from .errors import DocumentError
from .models import Document, Entities, RawDocument
from .schema import index_fields
from .sources import read_records


@dataclass
class FileResult:
    """What became of one source file: its index records, or why it failed."""

    name: str
    digest: str
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class FileTask:
    path: str  # absolute path
    name: str  # relative name in the index
    digest: str


_model: str | None = None


def start_worker(model: str) -> None:
    """Load the model and gazetteer once, when a worker process starts."""
    global _model
    from .extract import load_nlp
    from .extract.gazetteer import gazetteer
    from .extract.people import given_names

    _model = model
    load_nlp(model)
    gazetteer()
    given_names()


def process_batch(tasks: list[FileTask], model: str | None = None) -> list[FileResult]:
    """Read, clean and extract a batch of files, running the model over all their records at once."""
    from .extract import extract, extract_many

    model = model or _model or ""
    results: list[FileResult] = []
    pending: list[tuple[FileResult, RawDocument, Document]] = []
    for task in tasks:
        result = FileResult(task.name, task.digest)
        results.append(result)
        try:
            raws, result.problems = read_records(Path(task.path), task.name)
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
    try:
        found: list[Entities | None] = list(extract_many(((doc.text, doc.published) for _, _, doc in pending), model))
    except Exception:  # one bad text must not cost the batch: retry one by one below
        found = [None] * len(pending)
    for (result, raw, doc), entities in zip(pending, found, strict=True):
        try:
            entities = entities or extract(doc.text, doc.published, model)
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
