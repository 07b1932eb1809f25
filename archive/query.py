"""Reading a search request: its bounds, the query string's syntax and cost, and date ranges."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from whoosh.fields import Schema
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query import Every, FuzzyTerm, MultiTerm, Or, Phrase, Query, Term

from .engine import expansion_size, translated
from .errors import QueryError, QuerySyntaxError
from .isodates import day_range
from .models import SORTS, SearchRequest
from .registry import DATE_FILTERS, facet_names
from .schema import SEARCH_FIELDS

MAX_LIMIT = 100
MAX_TERMS = 200  # words and patterns in one query
MAX_EXPANSION = 500  # index words one wildcard or fuzzy term may stand for
MAX_WINDOW = 10_000  # page * limit: deeper pages are refused
MAX_QUERY_CHARS = 2_000
MAX_FILTER_VALUES = 50  # facet values filtered and excluded in one request: each one is on every link of a page


def query_parser(schema: Any) -> MultifieldParser:
    """Return the parser of query strings over the searchable fields, with fuzzy terms (word~)."""
    # The parser knows only the fields a query may name: "labels:x" or "entities:x" are words, as "note:x" is.
    visible = Schema(**{name: schema[name] for name in queryable_fields() if name in schema})
    parser = MultifieldParser(list(SEARCH_FIELDS), visible)
    parser.add_plugin(FuzzyTermPlugin())
    return parser


def parse_query(parser: MultifieldParser, text: str, reader: Any) -> Query:
    """Return the Whoosh query of a query string, or raise QuerySyntaxError with the reason."""
    text = query_text(text)
    if not text or text == "*":
        return Every()
    check_syntax(text)
    with translated(f"the query {text!r}", QuerySyntaxError):
        query = parser.parse(text)
    check_cost(query, reader)
    place_phrase_words(query, text, parser.schema)
    return query


def place_phrase_words(query: Query, text: str, schema: Any) -> None:
    """Record on each phrase where its words stand, the stop words between them counted: the index keeps
    their gaps (schema.analyzer), so "chairman of the board" is "chairman" at 0 and "board" at 3, and
    Whoosh's own phrase, which takes the words as neighbours, would find nothing (postings.Postings.phrase)."""
    for leaf in [query] if query.is_leaf() else query.leaves():
        if not isinstance(leaf, Phrase) or leaf.fieldname not in schema or not leaf.char_ranges:
            continue
        start, end = leaf.char_ranges[0][0], leaf.char_ranges[-1][1]
        if start is None or end is None:
            continue
        analyzed = schema[leaf.fieldname].tokenize(text[start:end], mode="query", positions=True)
        tokens = [(t.text, t.pos) for t in analyzed]  # read as they come: the analyzer reuses one token
        if [word for word, _ in tokens] == list(leaf.words):
            leaf.places = [place - tokens[0][1] for _, place in tokens]


def query_text(text: str) -> str:
    """Return a query string as it is parsed: trimmed, in composed Unicode (NFC); the words' offsets refer to it."""
    return unicodedata.normalize("NFC", text.strip())


def widen_facet_terms(query: Query, spelled_alike: Callable[[str, str], list[str]]) -> Query:
    """Return the query with each facet value it names (`regions:Zurich`) standing also for the values spelled
    alike (Zürich): facet fields keep values as written, so the query parser cannot fold them."""
    if isinstance(query, Term) and query.fieldname in facet_names() and isinstance(query.text, str):
        alike = [v for v in spelled_alike(query.fieldname, query.text) if v != query.text]
        return Or([query, *(Term(query.fieldname, v) for v in alike)]) if alike else query
    return query if query.is_leaf() else query.apply(lambda q: widen_facet_terms(q, spelled_alike))


def check_request(request: SearchRequest) -> None:
    """Raise QueryError when a request parameter is out of bounds."""
    if request.sort not in SORTS:
        choices = "'relevance', 'date' (newest first) or 'oldest'"
        raise QueryError(f"{{name}} must be {choices}, not {request.sort!r}.", "sort")
    if not 1 <= request.limit <= MAX_LIMIT:
        raise QueryError(f"{{name}} must be between 1 and {MAX_LIMIT}.", "limit")
    if request.page < 1 or request.page * request.limit > MAX_WINDOW:
        raise QueryError(
            f"{{name}} must be at least 1 and page x limit at most {MAX_WINDOW}; narrow the search instead.", "page"
        )
    values = sum(len(set(v)) for v in (*request.filters.values(), *request.excludes.values()))
    if values > MAX_FILTER_VALUES:
        raise QueryError(f"A search takes at most {MAX_FILTER_VALUES} filter and exclusion values, not {values}.")
    if len(request.query) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is longer than {MAX_QUERY_CHARS} characters.", "query")
    for date in DATE_FILTERS:
        value = getattr(request, date.field)
        if value and day_range(value) is None:
            raise QueryError(f"{{name}} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}.", date.field)


def check_cost(query: Query, reader: Any) -> None:
    """Raise QueryError for queries whose cost has no bound: wide fuzzy terms, wildcards of too many words."""
    leaves = [query] if query.is_leaf() else list(query.leaves())
    if len(leaves) > MAX_TERMS:
        raise QueryError(f"The query has {len(leaves)} terms; at most {MAX_TERMS} are allowed.", "query")
    for leaf in leaves:
        field = getattr(leaf, "fieldname", None)
        if field is not None and field not in queryable_fields():
            known = ", ".join(f"{f}:" for f in queryable_fields())
            raise QueryError(f"There is no field {field!r} to search; use one of {known}", "query")
        if isinstance(leaf, FuzzyTerm):
            if leaf.maxdist > 2 or len(leaf.text) < 3:
                raise QueryError(f"A fuzzy term ({leaf.text}~) needs at least 3 letters and at most 2 edits.", "query")
            leaf.prefixlength = max(leaf.prefixlength, 1)  # same first letter: bounds the lexicon walk
        if isinstance(leaf, MultiTerm) and expansion_size(leaf, reader, MAX_EXPANSION) > MAX_EXPANSION:
            raise QueryError(f"{leaf} matches more than {MAX_EXPANSION:,} words; make it more specific.", "query")


def queryable_fields() -> tuple[str, ...]:
    """Return the fields a query may name (`title:word`): the text, the facets, the dates and publication date."""
    return (*SEARCH_FIELDS, *facet_names(), "dates", "published", "addresses")


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError for unbalanced quotes or parentheses."""
    if text.count('"') % 2:
        raise QuerySyntaxError('The query has an unclosed quotation mark (").', "query")
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QuerySyntaxError("The query closes a parenthesis it never opened.", "query")
    if depth:
        raise QuerySyntaxError("The query opens a parenthesis it never closes.", "query")


def bounds(start: str | None, end: str | None) -> tuple[int, int]:
    """Return the day ordinals that a from/to pair spans (open ends unbounded)."""
    first = (day_range(start) or (1, 1))[0] if start else 1
    last = (day_range(end) or (0, dt.date.max.toordinal()))[1] if end else dt.date.max.toordinal()
    return first, last
