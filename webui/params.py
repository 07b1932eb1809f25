"""Translate URL parameters into a SearchRequest and back (the URL holds the whole state)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from archive.errors import QueryError
from archive.models import SearchRequest
from archive.registry import DATE_FILTERS, facets

FACET_VALUES = 250  # values sent per facet: the page shows 8 and its filter box searches them all


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
        page=_integer(args, "page", 1),
        limit=_integer(args, "limit", limit),
        facet_limit=FACET_VALUES,
        all_copies=args.get("copies") == "all",
    )


def _values(args: MultiDict[str, str], name: str) -> tuple[str, ...]:
    """Return the distinct non-empty values of a repeatable parameter, in URL order."""
    return tuple(dict.fromkeys(v for v in args.getlist(name) if v))


def _integer(args: MultiDict[str, str], name: str, default: int) -> int:
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


def active_filters(search: SearchRequest) -> list[dict[str, Any]]:
    """Return every filter and exclusion of a request as chips: label, value, the parameter that removes it."""
    chips = [
        {"label": f.noun, "value": v, "param": f.param, "facet": f.name, "excluded": False}
        for f in facets()
        for v in search.wanted(f.name)
    ]
    chips += [
        {"label": f"not {f.noun}", "value": v, "param": f.exclude_param, "facet": f.name, "excluded": True}
        for f in facets()
        for v in search.unwanted(f.name)
    ]
    chips += [
        {"label": d.label, "value": getattr(search, d.field), "param": d.param, "facet": "date", "excluded": False}
        for d in DATE_FILTERS
        if getattr(search, d.field)
    ]
    return chips
