"""One-document extraction for `archive extract`: clean, extract, answer in JSON."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .clean import clean, normalize_published
from .errors import ArchiveError
from .extract import extract, extract_in
from .models import RawDocument
from .schema import entities_json
from .scoring import TASKS
from .sources import decode, parse_json

log = logging.getLogger(__name__)


def extract_document(data: bytes | str, kind: str, published: str | None, model: str) -> dict[str, Any]:
    """Return the clean text and entities of one document, offsets into its text."""
    text = data if isinstance(data, str) else decode(data)
    meta = {"published": published} if published else {}
    doc = clean(RawDocument(path="-", key="", kind=kind, body=text, meta=meta))
    found = extract_in(doc.text, doc.published, doc.language, model)
    return {"title": doc.title, "text": doc.text, "published": doc.published, **entities_json(found)}


def extract_request(line: str, model: str) -> dict[str, Any]:
    """Answer one JSON-lines request; a request that cannot be read is answered {"id", "error"}.

    A request is {"id", "text" or "html", "published" or "dct"}, each but "id" a string or null; the
    answer is the extract shape with the request's "id". A request that names a scorer's task ("ner",
    "dates", "facets", as ../shared/eval's scorers send) is answered in that scorer's shape instead
    (see archive.scoring). A bad request spoils only its own answer: the id comes back when there is one.
    """
    try:
        request = parse_json(line)
    except ValueError as exc:
        return {"id": None, "error": f"a request is one line of JSON: {exc}"}
    try:
        answer = answer_request(read_request(request), model)
    except (ValueError, ArchiveError) as exc:
        return {"id": request.get("id") if isinstance(request, dict) else None, "error": str(exc)}
    except Exception as exc:  # an extractor bug costs this request's answer, never the session
        log.exception("extraction failed for request %r", request.get("id") if isinstance(request, dict) else None)
        return {"id": request.get("id") if isinstance(request, dict) else None, "error": f"extraction failed: {exc}"}
    return {"id": request.get("id"), **answer}


@dataclass(frozen=True)
class Request:
    """What one JSON-lines request asks for."""

    body: str
    kind: str  # "text" or "html"
    published: str | None
    task: str | None


REQUEST_FIELDS = ("text", "html", "published", "dct", "task")
JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}


def read_request(request: Any) -> Request:
    """Return what a parsed JSON request asks for; a ValueError says what is wrong with it."""
    if not isinstance(request, dict):
        raise ValueError(
            f'a request is a JSON object {{"id", "text" or "html", "published"}}, not {_json_type(request)}'
        )
    for field in REQUEST_FIELDS:
        value = request.get(field)
        if value is not None and not isinstance(value, str):
            raise ValueError(f'"{field}" is a string or null, not {_json_type(value)}')
        if isinstance(value, str) and not _is_unicode(value):
            raise ValueError(f'"{field}" is not valid Unicode (an unpaired surrogate escape)')
    if request.get("text") is None and request.get("html") is None:
        raise ValueError('a request needs "text" (plain text) or "html" (a page)')
    html = request.get("html")
    return Request(
        body=html or request.get("text") or "",
        kind="html" if html else "text",
        published=normalize_published(request.get("published") or request.get("dct")),
        task=request.get("task"),
    )


def answer_request(request: Request, model: str) -> dict[str, Any]:
    """Return the answer to a request: in its scorer's shape when it names a scorer's task."""
    if request.kind == "html":
        return extract_document(request.body, "html", request.published, model)
    if request.task in TASKS:
        return TASKS[request.task](extract(request.body, request.published, model))
    return extract_text(request.body, request.published, model)


def _json_type(value: Any) -> str:
    return "null" if value is None else "a string" if isinstance(value, str) else JSON_TYPES.get(type(value), "a value")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def extract_text(text: str, published: str | None, model: str) -> dict[str, Any]:
    """Return the entities of a text taken as it is (no title split, offsets into the given text)."""
    found = extract(text, published, model)
    return {"title": "", "text": text, "published": published, **entities_json(found)}
