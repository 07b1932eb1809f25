"""Answers in the scorers' shapes: how `archive extract --jsonl` plugs into the scorers of ../shared/eval.

The scorers in ../shared/eval/scripts (ner_conll.py, dates_tempeval.py, facets_sets.py; see
bench/extraction.py) run `archive extract --jsonl` once through `--jsonl-cmd` and, for each
document, write one JSON line to its stdin and read exactly one line back (evalkit.Predictor):

    {"text": "...", "task": "ner" | "dates" | "facets", "doc_id": "...", "dct": "1998-03-01" | null}

"text" is the document as plain text; "task" names the scorer; "doc_id" and, where the scorer has
one, "dct" (the document's creation time: the publication date that relative dates resolve
against; ner_conll.py sends none) are passed as the scorer has them. The answer for each task, with
offsets counted in characters of "text":

    ner     {"entities": [{"start": 0, "end": 14, "label": "PERSON" | "LOC"}, ...]}
            every person and place mention, sorted by start; the CoNLL-2003 scorer maps PERSON to
            PER and LOC to LOC, snaps each span to its tokens and scores exact spans per type.
    dates   {"dates": [{"start": 34, "end": 40, "value": "2022-05-27" | null}, ...]}
            every date expression, with its ISO or TimeML value (1998-Q3, 1998-W12-WE, PAST_REF) or
            null when it cannot be placed; the TempEval-3 scorer matches spans and compares values.
    facets  {"people": ["Vladimir Putin"], "places": ["Moscow"], "dates": ["2022-05-27"]}
            a document's facet values, compared as per-document sets (MEANTIME).

`archive extract --jsonl` adds "id" to each answer, the request's "id" (null when it has none: the
scorers send "doc_id" and read the answers in order). A request it cannot read is answered
{"id", "error"}, which a scorer counts as nothing found. A request without one of these tasks (no
"task", or the article scorer's "article") gets the `archive extract` shape instead
(archive.extraction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Entities


def ner_answer(found: Entities) -> dict[str, Any]:
    """Return every person and place mention as a labelled span (the CoNLL scorer's shape)."""
    spans = [{"start": m.start, "end": m.end, "label": "PERSON"} for p in found.people for m in p.mentions]
    spans += [{"start": m.start, "end": m.end, "label": "LOC"} for p in found.places for m in p.mentions]
    return {"entities": sorted(spans, key=lambda s: s["start"])}


def dates_answer(found: Entities) -> dict[str, Any]:
    """Return every date expression with its value (the TempEval scorer's shape)."""
    return {"dates": [{"start": t.start, "end": t.end, "value": t.value} for t in found.timexes]}


def facets_answer(found: Entities) -> dict[str, Any]:
    """Return the facet values of a text (the per-document set scorer's shape)."""
    return {
        "people": [p.name for p in found.people],
        "places": [p.name for p in found.places],
        "dates": [d.value for d in found.dates],
    }


TASKS: dict[str, Callable[[Entities], dict[str, Any]]] = {
    "ner": ner_answer,
    "dates": dates_answer,
    "facets": facets_answer,
}
