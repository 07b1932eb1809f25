"""Helpers over spaCy documents that people, places and dates share: the text, entity pieces, line breaks."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .words import DETERMINERS, POSSESSIVE_ENDINGS


def text_of(doc: Any) -> str:
    """Return the document's text, built once: spaCy's Doc.text joins every token on each call."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return str(doc.user_data["text"])


def trim_name(tokens: Any, trailing: Callable[[Any], bool] | None = None) -> list[Any]:
    """Return the tokens of a name: no spaces, no leading article or punctuation, no trailing possessive or
    punctuation (nor, where `trailing` says so, another trailing word)."""
    found = [t for t in tokens if not t.is_space]
    while found and (found[0].lower_ in DETERMINERS or found[0].is_punct):
        found = found[1:]
    while found and (
        found[-1].text in POSSESSIVE_ENDINGS or found[-1].is_punct or (trailing is not None and trailing(found[-1]))
    ):
        found = found[:-1]
    return found


def crosses_line(tokens: list[Any]) -> bool:
    """Return whether a span of tokens runs over a line break (in its spaces or as a space token)."""
    return any(t.is_space for t in tokens) or any("\n" in t.whitespace_ for t in tokens[:-1])


def entity_pieces(doc: Any) -> list[tuple[Any, list[Any]]]:
    """Return (entity, piece) for every piece of every entity span (see `pieces`), computed once per document."""
    if "pieces" not in doc.user_data:
        doc.user_data["pieces"] = [(ent, piece) for ent in doc.ents for piece in pieces(ent)]
    return list(doc.user_data["pieces"])


SEPARATORS = {"-", "–", "—", "(", ")", "[", "]", ",", ";", ":", "/", "|"}


def pieces(span: Any) -> list[list[Any]]:
    """Split an entity span where the model ran over a separator, a number or a line break.

    The model glues neighbours in tables and headlines: "Romania - Cosmin Contra",
    "G. Kersey 63", "Scott Draper ( Australia", "England 1996-08-31". A hyphen splits only
    with spaces around it, so "Chester-le-Street" stays whole.
    """
    out: list[list[Any]] = [[]]
    for token in span:
        spaced = token.i > 0 and bool(token.doc[token.i - 1].whitespace_) and bool(token.whitespace_)
        boundary = (
            token.is_space
            or any(c.isdigit() for c in token.text)
            or (token.text in SEPARATORS and (token.text not in "-–—" or spaced))
        )
        if boundary:
            out.append([])
        else:
            out[-1].append(token)
            if "\n" in token.whitespace_:
                out.append([])
    return [p for p in out if p]


SCORE = re.compile(r"[ \t]*\d{1,3}(?:-\d{1,3})?(?![\d-])")
DATELINE_DATE = re.compile(r"[ \t]*(?:\d{4}-\d\d-\d\d|\d{4}\b)")


def is_team(tokens: list[Any]) -> bool:
    """Return whether a place name stands for a team in a results table: a score follows it ("Surrey 429-7").

    A dateline date is not a score. Callers exempt countries: national sides are named for the country.
    """
    text = text_of(tokens[0].doc)
    end = tokens[-1].idx + len(tokens[-1])
    rest = text[end : end + 12]
    return bool(SCORE.match(rest)) and not DATELINE_DATE.match(rest)
