"""Frozen records passed between the stages: sources -> clean -> extract -> index -> search."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
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
    published: str | None = None  # ISO date at the precision given: YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None
    source: str | None = None  # publication or outlet name
    authors: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1 code: the page's or sidecar's word, else detected
    pages: tuple[int, ...] = ()  # a paged document (PDF): where in `text` each page after the first starts
    parent: str | None = None  # an e-mail attachment: the document id of its message
    addresses: tuple[str, ...] = ()  # an e-mail: the sender's and recipients' addresses
    correspondents: tuple[str, ...] = ()  # an e-mail: its sender's and recipients' names, added to its people
    attachments: tuple[tuple[str, str], ...] = ()  # an e-mail: (file name, document id or "" when not indexed)


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
class Organization:
    name: str
    mentions: tuple[Mention, ...]


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
    organizations: tuple[Organization, ...] = ()
    labels: tuple[str, ...] = ()  # "PERSON:harbour lynde": how the model labelled each name, for archive-wide votes


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


def listed_counts(counts: tuple[FacetCount, ...], records: bool = False) -> list[Any]:
    """Return counts as a JSON list of {"value", "count"}: dicts, or (records) the FacetCount records themselves,
    which orjson writes so at C speed."""
    return list(counts) if records else [{"value": c.value, "count": c.count} for c in counts]


@dataclass(frozen=True)
class Chart:
    """Documents per period of one date field (archive/timeline.py): every period of the span shown, in order,
    empty ones included; documents with values outside it folded into `earlier` and `later`."""

    field: str  # "dates" (mentioned) or "published"
    unit: str  # "year", "month" or "day"
    within: str  # the period drilled into ("1987", "1987-03"), or "" for the whole span
    periods: tuple[FacetCount, ...]
    earlier: int = 0
    later: int = 0

    def to_dict(self, records: bool = False) -> dict[str, Any]:
        """Return the chart as JSON-ready values (records: its counts as FacetCount records, SearchResult.to_dict)."""
        periods = listed_counts(self.periods, records)
        return {"unit": self.unit, "within": self.within, "periods": periods} | {
            "earlier": self.earlier,
            "later": self.later,
        }


@dataclass(frozen=True)
class FacetPage:
    """A page of one facet's values under a search, those matching what was typed (`contains`) when given."""

    facet: str
    contains: str
    offset: int
    values: tuple[FacetCount, ...]
    matching: int  # values that match in all, over every page
    selected: Mapping[str, str] = field(default_factory=dict)  # a value the search filters by -> as it wrote it

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of /api/facet/<name>: each value with its count and, when the search filters
        by it, the filter value as the URL writes it (what removing the filter removes)."""
        return {
            "facet": self.facet,
            "contains": self.contains,
            "offset": self.offset,
            "matching": self.matching,
            "values": [
                {"value": c.value, "count": c.count, "selected": self.selected.get(c.value)} for c in self.values
            ],
        }


@dataclass(frozen=True)
class EntityCount:
    """One value of an entity facet over the whole archive: its documents and the spellings merged into it."""

    value: str
    count: int
    merged: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count, "merged": list(self.merged)}


@dataclass(frozen=True)
class Snippet:
    """A stretch of document text with the query's words marked: (start, end) ranges into `text`."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def render(self, plain: Callable[[str], str], marked: Callable[[str], str]) -> str:
        """Return the snippet with unmarked and marked stretches each passed through their function."""
        out, position = [], 0
        for start, end in self.marks:
            out += [plain(self.text[position:start]), marked(self.text[start:end])]
            position = end
        out.append(plain(self.text[position:]))
        return "".join(out)

    def html(self) -> str:
        """Return the snippet as HTML: escaped text with <mark> around the query's words."""
        return self._html

    @cached_property
    def _html(self) -> str:
        # made once: a hit, with its snippet, is kept and listed again by the searches that find it
        return self.render(html.escape, lambda part: f"<mark>{html.escape(part)}</mark>")


@dataclass(frozen=True)
class Copy:
    """Another copy of a hit's story in the result set (a repeat, a correction, a second desk's version)."""

    id: str
    title: str
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "published": self.published}


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    published: str | None
    score: float
    snippet: Snippet
    path: str
    values: Mapping[str, tuple[str, ...]]  # facet name -> the document's values
    dates: tuple[str, ...] = ()
    copies: tuple[Copy, ...] = ()  # the story's other copies in the result set (grouped results only)
    url: str | None = None  # where the document was published, as its metadata says (never followed)
    page: int | None = None  # a paged document (PDF): the page (from 1) of the snippet's first match

    def to_dict(self) -> dict[str, Any]:
        """Return the hit as JSON-ready data: one key per facet, the snippet as HTML, the page when paged."""
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "score": round(self.score, 4),
            "snippet": self.snippet.html(),
            "path": self.path,
            "url": self.url,
            **{name: list(values) for name, values in self.values.items()},
            "dates": list(self.dates),
            "copies": [c.to_dict() for c in self.copies],
            **({"page": self.page} if self.page else {}),
        }


SORTS = ("relevance", "date", "oldest")  # date: newest first (undated last either way)


@dataclass(frozen=True)
class SearchRequest:
    """Everything a search can ask; the CLI and the web page both build one.

    `filters` and `excludes` map a facet name (archive/registry.py) to the values a document must
    have (all of them) or must not have (any of them).
    """

    query: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    excludes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str | None = None  # dates mentioned
    date_to: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    sort: str = "relevance"  # relevance or date
    limit: int = 10
    page: int = 1
    facet_limit: int = 50
    all_copies: bool = False  # list every copy of a story, instead of its first copy with the others under it

    def wanted(self, facet: str) -> tuple[str, ...]:
        """Return the values a facet is filtered by."""
        return tuple(self.filters.get(facet, ()))

    def unwanted(self, facet: str) -> tuple[str, ...]:
        """Return the values a facet excludes."""
        return tuple(self.excludes.get(facet, ()))


@dataclass(frozen=True)
class Relaxation:
    """A filter of a search that found nothing, and how many documents the search finds without it."""

    name: str  # a facet's name, or a date filter's SearchRequest field ("date_from")
    value: str
    excluded: bool
    total: int

    def to_dict(self) -> dict[str, Any]:
        """Return the relaxation as JSON-ready data."""
        return {"name": self.name, "value": self.value, "excluded": self.excluded, "total": self.total}


@dataclass(frozen=True)
class SearchResult:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetCount, ...]]
    seconds: float = 0.0
    suggestion: str | None = None
    stories: int = 0  # distinct stories among the `total` documents (copies of one story count once)
    relaxed: tuple[Relaxation, ...] = ()  # when nothing matches: the filters whose removal finds something
    charts: tuple[Chart, ...] = ()  # the timelines of dates mentioned and of publication dates

    @property
    def listed(self) -> int:
        """Return how many hits the pages list: every document, or each story once."""
        return self.total if self.request.all_copies else self.stories

    def found_without(self, name: str, value: str, excluded: bool = False) -> int:
        """Return how many documents the search finds without one of its filters (0 when it found some with it)."""
        return next((r.total for r in self.relaxed if (r.name, r.value, r.excluded) == (name, value, excluded)), 0)

    def to_dict(self, records: bool = False) -> dict[str, Any]:
        """Return the JSON shape shared by `archive search --json`, /api/search and the exports.

        Each count is written {"value", "count"}: as a dict, or (records, /api/search) as its FacetCount record,
        left to orjson, which writes it so at C speed (a broad search lists about 300)."""
        counted = {name: listed_counts(counts, records) for name, counts in self.facets.items()}
        return {
            "total": self.total,
            "stories": self.stories,
            "hits": [h.to_dict() for h in self.hits],
            "facets": counted,
            "timeline": {period: counted.get(period, []) for period in ("years", "months")},
            "charts": {c.field: c.to_dict(records) for c in self.charts},
            "seconds": round(self.seconds, 4),
            "suggestion": self.suggestion,
            "relaxed": [r.to_dict() for r in self.relaxed],
        }


@dataclass(frozen=True)
class DocumentRecord:
    """One indexed document as stored: metadata, clean text and its entities with mentions."""

    id: str
    path: str
    title: str
    published: str | None
    body: str
    meta: Mapping[str, Any]
    entities: Entities

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of `archive show --json` and /api/doc: the fields, then the entities."""
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "published": self.published,
            "body": self.body,
            "meta": dict(self.meta),
            **entities_to_dict(self.entities),
        }


def mentions_to_dict(mentions: tuple[Mention, ...]) -> list[dict[str, Any]]:
    return [{"start": m.start, "end": m.end, "text": m.text} for m in mentions]


def entities_to_dict(ents: Entities) -> dict[str, Any]:
    """Return entities in the JSON shape of `archive extract` (places under "regions", organizations last)."""
    return {
        "people": [{"name": p.name, "mentions": mentions_to_dict(p.mentions)} for p in ents.people],
        "regions": [
            {"name": p.name, "country": p.country, "kind": p.kind, "mentions": mentions_to_dict(p.mentions)}
            for p in ents.places
        ],
        "dates": [{"value": d.value, "mentions": mentions_to_dict(d.mentions)} for d in ents.dates],
        "organizations": [{"name": o.name, "mentions": mentions_to_dict(o.mentions)} for o in ents.organizations],
    }


def entities_from_dict(data: Mapping[str, Any]) -> Entities:
    """Return entities from their JSON shape (the inverse of entities_to_dict)."""

    def mentions(item: Mapping[str, Any]) -> tuple[Mention, ...]:
        return tuple(Mention(int(m["start"]), int(m["end"]), str(m["text"])) for m in item.get("mentions", ()))

    return Entities(
        people=tuple(Person(str(p["name"]), mentions(p)) for p in data.get("people", ())),
        places=tuple(
            Place(str(p["name"]), p.get("country"), mentions(p), p.get("kind") or "place")
            for p in data.get("regions", ())
        ),
        dates=tuple(DateRef(str(d["value"]), mentions(d)) for d in data.get("dates", ())),
        organizations=tuple(Organization(str(o["name"]), mentions(o)) for o in data.get("organizations", ())),
    )
