"""Translate URL parameters into a SearchRequest and back (the URL holds the whole state)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from werkzeug.datastructures import MultiDict

from archive.errors import QueryError
from archive.models import SearchRequest
from archive.registry import DATE_FILTERS, facets

FACET_VALUES = 10  # values a page lists per facet: its filter box and "Show more" ask /api/facet/<name> for the rest
FACET_PAGE = 20  # values /api/facet/<name> returns unless asked for another number (`size`)
MAX_FACET_PAGE = 50  # ... and at most
DROP = "drop"  # the parameter of a chip's remove button: "xperson:Vladimir Putin"
MAX_CONTAINS = 100  # characters of what a person types into a facet's filter box
MAX_FACET_LIMIT = 250  # values per facet /api/search answers at most (`facet_limit`)


def list_params() -> tuple[str, ...]:
    """Return the parameters that may repeat: each facet's filter and exclusion."""
    return tuple(p for f in facets() for p in (f.param, f.exclude_param))


def state_keys() -> tuple[str, ...]:
    """Return the parameters that make up a search's state, in URL order."""
    return ("q", *list_params(), *(d.param for d in DATE_FILTERS), "sort", "copies", "page", "limit")


def param_names() -> dict[str, str]:
    """Return what each SearchRequest field is called in a URL (for error messages)."""
    return {**{d.field: d.param for d in DATE_FILTERS}, "query": "q"}


def request_from_args(args: MultiDict[str, str], limit: int = 20) -> SearchRequest:
    """Return the search request that URL parameters describe; raise QueryError on a bad value."""
    return SearchRequest(
        query=args.get("q", ""),
        filters={f.name: _values(args, f.param) for f in facets()},
        excludes={f.name: _values(args, f.exclude_param) for f in facets() if f.excludable},
        **{d.field: args.get(d.param) or None for d in DATE_FILTERS},  # type: ignore[arg-type]
        sort=args.get("sort") or "relevance",
        page=integer_param(args, "page", 1),
        limit=integer_param(args, "limit", limit),
        facet_limit=facet_limit(args),
        all_copies=args.get("copies") == "all",
    )


def facet_limit(args: MultiDict[str, str]) -> int:
    """Return how many values per facet a search answers: `facet_limit` (an API client asks for what it shows),
    by default one more than a page lists (whether the list has more to show)."""
    limit = integer_param(args, "facet_limit", FACET_VALUES + 1)
    if not 1 <= limit <= MAX_FACET_LIMIT:
        raise QueryError(f"facet_limit must be between 1 and {MAX_FACET_LIMIT}, not {limit}.", "facet_limit")
    return limit


def facet_page_args(args: MultiDict[str, str]) -> tuple[str, int, int]:
    """Return what a facet lookup asks (`contains`, `offset`, `size`); raise QueryError on a bad value."""
    contains = args.get("contains", "")
    if len(contains) > MAX_CONTAINS:
        raise QueryError(f"contains is longer than {MAX_CONTAINS} characters.", "contains")
    offset, size = integer_param(args, "offset", 0), integer_param(args, "size", FACET_PAGE)
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}.", "offset")
    if not 1 <= size <= MAX_FACET_PAGE:
        raise QueryError(f"size must be between 1 and {MAX_FACET_PAGE}, not {size}.", "size")
    return contains, offset, size


def _values(args: MultiDict[str, str], name: str) -> tuple[str, ...]:
    """Return the distinct non-empty values of a repeatable parameter, in URL order."""
    return tuple(dict.fromkeys(v for v in args.getlist(name) if v))


def integer_param(args: MultiDict[str, str], name: str, default: int) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw!r}.", name) from None
    if abs(value) > 10**9:
        raise QueryError(f"{name} is out of range.", name)
    return value


def state(args: MultiDict[str, str]) -> list[tuple[str, str]]:
    """Return the search-state parameters of a URL as (name, value) pairs, each pair once."""
    return list(dict.fromkeys((k, v) for k in state_keys() for v in args.getlist(k) if v))


def narrowing_state(args: MultiDict[str, str]) -> list[tuple[str, str]]:
    """Return the state a page's narrowing form carries once, for all its facet and entity buttons: the whole
    state but the page (a link per value, each with the whole state, made pages grow as values times filters)."""
    return [(k, v) for k, v in state(args) if k != "page"]


def url_with(
    args: MultiDict[str, str],
    add: dict[str, str] | None = None,
    remove: dict[str, str | None] | None = None,
    path: str = "/",
) -> str:
    """Return a search URL with parameters added or removed; any change but paging goes to page 1."""
    pairs = state(args)
    repeatable = list_params()
    for key, value in (remove or {}).items():
        pairs = [(k, v) for k, v in pairs if not (k == key and (value is None or v == value))]
    for key, value in (add or {}).items():
        pairs = [(k, v) for k, v in pairs if not (k == key and (key not in repeatable or v == value))]
        pairs.append((key, value))
    if "page" not in (add or {}):
        pairs = [(k, v) for k, v in pairs if k != "page"]
    return path + ("?" + urlencode(pairs) if pairs else "")


def without_dropped(args: MultiDict[str, str]) -> str | None:
    """Return the URL a chip's remove button asks for (`drop=param:value`, a button of the form that carries the
    state once): the state without that filter, or None when nothing is dropped. Links that each carried the
    whole state but one value made a page grow as the square of its filters."""
    dropped = args.get(DROP)
    if dropped is None:
        return None
    param, _, value = dropped.partition(":")
    return url_with(args, remove={param: value})
def doc_url(args: MultiDict[str, str], doc_id: str, rank: int | None = None) -> str:
    """Return a document's URL carrying the search that led to it (and its rank there, for previous / next)."""
    pairs = narrowing_state(args) + ([("n", str(rank))] if rank else [])
    return f"/doc/{quote(doc_id)}" + ("?" + urlencode(pairs) if pairs else "")


def results_url(args: MultiDict[str, str], rank: int | None, limit: int) -> str:
    """Return the URL of the results page a ranked hit stands on, scrolled to it."""
    if not rank:
        return url_with(args)
    page = (rank - 1) // limit + 1
    return url_with(args, add={"page": str(page)} if page > 1 else {}) + f"#hit-{rank}"


def active_filters(search: SearchRequest) -> list[dict[str, Any]]:
    """Return every filter and exclusion of a request as chips: label, value, the parameter that removes it, what
    the chip reads ("country: Ukraine", "NOT Vladimir Putin") and what its remove control is called."""
    chips = [_chip(f.noun, v, f.param, f.name, excluded=False) for f in facets() for v in search.wanted(f.name)]
    chips += [
        _chip(f.noun, v, f.exclude_param, f.name, excluded=True) for f in facets() for v in search.unwanted(f.name)
    ]
    chips += [
        _chip(d.label, getattr(search, d.field), d.param, "date", excluded=False)
        for d in DATE_FILTERS
        if getattr(search, d.field)
    ]
    return chips


def _chip(noun: str, value: str, param: str, facet: str, excluded: bool) -> dict[str, Any]:
    return {
        "label": f"not {noun}" if excluded else noun,
        "value": value,
        "param": param,
        "facet": facet,
        "excluded": excluded,
        "text": f"NOT {value}" if excluded else f"{noun}: {value}",
        "remove": f"Remove the exclusion of {noun} {value}" if excluded else f"Remove the filter {noun}: {value}",
    }
