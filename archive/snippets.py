"""Snippets: the stretches of a document's text around the query's words, with those words marked."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.lang.porter import stem
from whoosh.query import Query

from .models import Snippet
from .names import MARKS, fold_text, name_key
from .names import WORD_RE as WORD
from .schema import RANKED_FIELDS
from .stems import stem_initials, stem_term, term_languages

SNIPPET_CHARS = 240
CONTEXT = 80
MAX_WINDOW_CHARS = 320
SNIPPET_TEXT_CHARS = 200_000  # what of a text a snippet (and a hit's page) is looked for in
STRETCH_CHARS = 500  # matched_words reads a text this much at a time
MAX_JUDGED = 100_000  # words whose verdict is kept per set of terms
SEPARATOR = " … "
log = logging.getLogger(__name__)


def highlight_terms(query: Query) -> frozenset[str]:
    """Return the analyzed words of the query that snippets mark."""
    try:
        terms = query.all_terms()
    except Exception:  # a query Whoosh cannot list terms of simply marks nothing
        log.debug("no highlight terms for %r", query, exc_info=True)
        return frozenset()
    return frozenset(t.decode() if isinstance(t, bytes) else str(t) for f, t in terms if f in RANKED_FIELDS)


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """Return the forms of a word the index may hold: folded (case, accents) and stemmed, with name variants folded."""
    folded = fold_text(word)
    return (folded, stem(folded), name_key(folded))


@lru_cache(maxsize=50_000)
def folded_start(prefix: str) -> str:
    """Return the first two letters a word beginning so has once its spelling is folded ("Yevg" -> "ev"): a
    cheap test that lets most words of a text skip the full comparison."""
    return name_key(prefix)[:2]


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Return where the words of a text that the terms match stand: (start, end) offsets, in order."""
    return list(matched_words(text, terms))


def matched_words(text: str, terms: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Yield where the words of a text that the terms match stand, in order, as they are found.

    The text is read a stretch at a time, and only as far as the caller reads: in each stretch the regular
    expression lists the words, each word the terms have not met before is judged (once per set of terms,
    across texts), and a pattern of the stretch's matching words finds where they stand. A long text whose
    snippet is in its first lines costs those lines."""
    if not terms:
        return
    verdicts = judged(terms)
    start = 0
    while start < len(text):
        end = stretch_end(text, start + STRETCH_CHARS)
        words = set(WORD.findall(text, start, end))
        for word in words - verdicts.seen:
            verdicts.judge(word)
        matching = words & verdicts.matching
        if matching:
            yield from (m.span() for m in words_pattern(frozenset(matching)).finditer(text, start, end))
        start = end


class Verdicts:
    """The words judged against one set of terms: all seen, and those that match."""

    def __init__(self, terms: frozenset[str]) -> None:
        self.terms = terms
        self.languages = term_languages(terms)  # stems terms ("fr:pont") match words stemmed by their language
        self.initials = stem_initials(terms)
        self.seen: set[str] = set()
        self.matching: set[str] = set()

    def judge(self, word: str) -> None:
        if len(self.seen) >= MAX_JUDGED:
            self.seen.clear()
            self.matching.clear()
        self.seen.add(word)
        if is_match(word, self.terms) or (self.languages and self.stem_matches(word)):
            self.matching.add(word)

    def stem_matches(self, word: str) -> bool:
        """Return whether a word, stemmed by one of the terms' languages, is one of the terms."""
        if fold_text(word[:2])[:1] not in self.initials:
            return False  # a stem keeps its word's first letter (folded): most words start otherwise
        return any(stem_term(language, word) in self.terms for language in self.languages)


@lru_cache(maxsize=256)
def judged(terms: frozenset[str]) -> Verdicts:
    """Return the verdicts kept for a set of terms (the searches of a day repeat their terms)."""
    return Verdicts(terms)


@lru_cache(maxsize=1_000)
def words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Return a pattern finding these words where they stand whole in a text (at C speed)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(f"(?<![\\w{MARKS}])(?:{alternatives})(?![\\w{MARKS}])")


def stretch_end(text: str, end: int) -> int:
    """Return where a stretch of text ending near `end` may end without cutting a word: at the next space."""
    if end >= len(text):
        return len(text)
    space = text.find(" ", end)
    return len(text) if space < 0 else space


def is_match(word: str, terms: frozenset[str]) -> bool:
    """Return whether the terms match a word as written (its folded, stemmed or name-variant form)."""
    threes, twos = term_starts(terms)
    if word[:3].lower() not in threes and folded_start(word[:4]) not in twos:
        return False  # a cheap test first: most words start otherwise
    return bool(terms.intersection(word_forms(word)))


@lru_cache(maxsize=256)
def term_starts(terms: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Return the first three and the first two letters of the terms (is_match's cheap test)."""
    return frozenset(t[:3] for t in terms), frozenset(t[:2] for t in terms)


def make_snippet(text: str, terms: frozenset[str], top: int = 2) -> Snippet:
    """Return the snippet of a text: up to `top` windows around the first matches of the terms, words marked.

    The text is read only up to the first match past the last window: a long text costs what its snippet needs.
    """
    text = text[:SNIPPET_TEXT_CHARS]
    windows: list[list[int]] = []
    found: list[tuple[int, int]] = []
    for start, end in matched_words(text, terms):
        if windows and start - CONTEXT <= windows[-1][1]:
            if end + CONTEXT - windows[-1][0] <= MAX_WINDOW_CHARS:
                windows[-1][1] = min(len(text), end + CONTEXT)
        elif len(windows) < top:
            windows.append([max(0, start - CONTEXT), min(len(text), end + CONTEXT)])
        else:
            break  # every later match starts further on: none joins a window
        found.append((start, end))
    if not found:
        head = text[:SNIPPET_CHARS]
        return Snippet(head.rsplit(" ", 1)[0] + " …" if len(text) > SNIPPET_CHARS else head)
    return join_windows(text, windows, found)


def join_windows(text: str, windows: list[list[int]], found: list[tuple[int, int]]) -> Snippet:
    """Return the windows of text, whole words only, joined by an ellipsis, with the found spans inside marked."""
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    offset = 0
    for start, end in windows:
        while start > 0 and text[start - 1].isalnum():
            start += 1
        while end < len(text) and text[end].isalnum() and end > start:
            end -= 1
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if parts:
            offset += len(SEPARATOR)
        marks += [(offset + a - start - lead, offset + b - start - lead) for a, b in found if a >= start and b <= end]
        parts.append(piece)
        offset += len(piece)
    return Snippet(SEPARATOR.join(parts), tuple(marks))
