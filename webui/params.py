"""Translate URL parameters into a SearchRequest and back (the URL holds the whole state)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from archive.errors import QueryError
from archive.models import SearchRequest

LIST_PARAMS = {"person": "people", "region": "regions", "country": "countries"}
EXCLUDE_PARAMS = {"xperson": "exclude_people", "xregion": "exclude_regions", "xcountry": "exclude_countries"}
DATE_PARAMS = {"from": "date_from", "to": "date_to", "pfrom": "published_from", "pto": "published_to"}
FACET_VALUES = 250  # values sent per facet: the page shows 8 and its filter box searches them all
STATE_KEYS = ("q", *LIST_PARAMS, *EXCLUDE_PARAMS, *DATE_PARAMS, "sort", "page", "limit")


def request_from_args(args: MultiDict[str, str], limit: int = 20) -> SearchRequest:
    """Return the search request that URL parameters describe; raise QueryError on a bad value."""
    fields: dict[str, Any] = {"query": args.get("q", "")}
    for param, name in {**LIST_PARAMS, **EXCLUDE_PARAMS}.items():
        fields[name] = tuple(v for v in args.getlist(param) if v)
    for param, name in DATE_PARAMS.items():
        fields[name] = args.get(param) or None
    fields["sort"] = args.get("sort") or "relevance"
    fields["page"] = _integer(args, "page", 1)
    fields["limit"] = _integer(args, "limit", limit)
    fields["facet_limit"] = FACET_VALUES
    return SearchRequest(**fields)


def _integer(args: MultiDict[str, str], name: str, default: int) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw!r}.") from None
    if abs(value) > 10**9:
        raise QueryError(f"{name} is out of range.")
    return value


def state(args: MultiDict[str, str]) -> list[tuple[str, str]]:
    """Return the search-state parameters of a URL as (name, value) pairs."""
    return [(k, v) for k in STATE_KEYS for v in args.getlist(k) if v]


def url_with(
    args: MultiDict[str, str],
    add: dict[str, str] | None = None,
    remove: dict[str, str | None] | None = None,
    path: str = "/",
) -> str:
    """Return a search URL with parameters added or removed; any change but paging goes to page 1."""
    pairs = state(args)
    for key, value in (remove or {}).items():
        pairs = [(k, v) for k, v in pairs if not (k == key and (value is None or v == value))]
    for key, value in (add or {}).items():
        pairs = [(k, v) for k, v in pairs if not (k == key and key not in LIST_PARAMS and key not in EXCLUDE_PARAMS)]
        pairs.append((key, value))
    if "page" not in (add or {}):
        pairs = [(k, v) for k, v in pairs if k != "page"]
    return path + ("?" + urlencode(pairs) if pairs else "")
