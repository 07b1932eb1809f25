"""Frozen records passed between the stages: sources -> clean -> extract -> index -> search."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawDocument:
    """One record read from a source file, before cleaning."""

    path: str  # path relative to the documents folder, POSIX separators
    key: str  # record key inside the file ("" for single-document files)
    kind: str  # "text", "markdown" or "html": how `body` is to be cleaned
    body: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """A cleaned document: title, plain text and metadata."""

    title: str
    text: str
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    source: str | None = None  # publication or outlet name
    authors: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class Mention:
    """Where an entity is named: character offsets into the document text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Person:
    name: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    mentions: tuple[Mention, ...]
    kind: str = "place"  # country, region, city or place
    region: str | None = None  # parent first-level region, where known


@dataclass(frozen=True)
class DateRef:
    value: str  # ISO: 2022-05-31, 2022-05 or 2022
    mentions: tuple[Mention, ...]

    @property
    def precision(self) -> str:
        """Return "day", "month" or "year"."""
        return {10: "day", 7: "month"}.get(len(self.value), "year")


@dataclass(frozen=True)
class Timex:
    """One date expression as found, with its ISO value or None when it cannot be resolved."""

    start: int
    end: int
    text: str
    value: str | None


@dataclass(frozen=True)
class Entities:
    people: tuple[Person, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateRef, ...] = ()  # calendar days, months and years, the dates facet
    timexes: tuple[Timex, ...] = ()  # every date expression, weeks and "now" included


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    published: str | None
    score: float
    snippet: str  # HTML: escaped text with <mark> around query terms
    path: str
    people: tuple[str, ...]
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    dates: tuple[str, ...]


@dataclass(frozen=True)
class SearchRequest:
    """Everything a search can ask; the CLI and the web page both build one."""

    query: str = ""
    people: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    exclude_people: tuple[str, ...] = ()
    exclude_regions: tuple[str, ...] = ()
    exclude_countries: tuple[str, ...] = ()
    date_from: str | None = None  # dates mentioned
    date_to: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    sort: str = "relevance"  # relevance or date
    limit: int = 10
    page: int = 1
    facet_limit: int = 50


@dataclass(frozen=True)
class SearchResult:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetCount, ...]]
    seconds: float = 0.0
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape shared by `archive search --json` and /api/search."""
        return {
            "total": self.total,
            "hits": [hit_to_dict(h) for h in self.hits],
            "facets": {
                name: [{"value": c.value, "count": c.count} for c in counts] for name, counts in self.facets.items()
            },
        }


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    """Return one hit as JSON-ready data."""
    return {
        "id": hit.id,
        "title": hit.title,
        "published": hit.published,
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "path": hit.path,
        "people": list(hit.people),
        "regions": list(hit.regions),
        "countries": list(hit.countries),
        "dates": list(hit.dates),
    }
