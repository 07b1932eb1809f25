"""One-document extraction for `archive extract`: clean, extract, answer in JSON."""

from __future__ import annotations

from typing import Any

from .clean import clean, normalize_published
from .errors import ArchiveError
from .extract import extract
from .models import RawDocument
from .schema import entities_json
from .scoring import TASKS
from .sources import decode, parse_json


def extract_document(data: bytes | str, kind: str, published: str | None, model: str) -> dict[str, Any]:
    """Return the clean text and entities of one document, offsets into its text."""
    text = data if isinstance(data, str) else decode(data)
    meta = {"published": published} if published else {}
    doc = clean(RawDocument(path="-", key="", kind=kind, body=text, meta=meta))
    found = extract(doc.text, doc.published, model)
    return {"title": doc.title, "text": doc.text, "published": doc.published, **entities_json(found)}


def extract_request(line: str, model: str) -> dict[str, Any]:
    """Answer one JSON-lines request {id, text|html, published|dct}; errors come back as {"id", "error"}.

    A request that names a scorer's task ("ner", "dates", "facets", as ../shared/eval's
    scorers send) is answered in that scorer's shape instead (see archive.scoring).
    """
    try:
        request = parse_json(line)
        if not isinstance(request, dict):
            raise ValueError("a request is a JSON object")
        kind = "html" if request.get("html") else "text"
        body = request.get("html") or request.get("text") or ""
        published = normalize_published(request.get("published") or request.get("dct"))
        task = request.get("task")
        if task in TASKS and kind == "text":
            answer = TASKS[task](extract(body, published, model))
        elif kind == "text":
            answer = extract_text(body, published, model)
        else:
            answer = extract_document(body, kind, published, model)
    except (ValueError, ArchiveError) as exc:
        return {"id": None, "error": str(exc)}
    return {"id": request.get("id"), **answer}


def extract_text(text: str, published: str | None, model: str) -> dict[str, Any]:
    """Return the entities of a text taken as it is (no title split, offsets into the given text)."""
    found = extract(text, published, model)
    return {"title": "", "text": text, "published": published, **entities_json(found)}
