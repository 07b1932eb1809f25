"""Every value facet declared once; the schema, the search, the CLI, the web page and the exports read this table.

A facet is a KEYWORD field of the index filled from a document's entities. Its declaration names
the index field, the URL parameter and CLI flag that filter by it (and, prefixed, exclude it),
its label, the noun for one value, the entity page that shows one value, and how to take its
values from an extracted document. Adding a facet is one entry here plus its extraction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .language import language_name
from .models import Document, Entities

EXCLUDE_PREFIX = "x"  # URL parameter of an exclusion: xperson=...


@dataclass(frozen=True)
class Facet:
    """One value facet: filter with ?person=, exclude with ?xperson=, --person / --exclude-person."""

    name: str  # index field and key in results, JSON and exports: "people"
    param: str  # URL parameter and CLI flag: "person"
    label: str  # heading on the page: "People"
    noun: str  # what one value is, in messages: "person"
    values: Callable[[Document, Entities], Iterable[str]]  # the document's values, in order
    page: str | None = None  # entity page path (/person/<value>), or None for no page
    excludable: bool = True
    on_hits: bool = True  # listed with each hit (countries are not: their places are)
    sort: str = "count"  # the facet list's order: "count" (commonest first) or "value" (alphabetical)
    resolve: str | None = None  # how archive/resolve.py makes one value per entity: "person", "organization"

    @property
    def exclude_param(self) -> str:
        return EXCLUDE_PREFIX + self.param

    @property
    def flag(self) -> str:
        return "--" + self.param

    @property
    def exclude_flag(self) -> str:
        return "--exclude-" + self.param


def _people(doc: Document, ents: Entities) -> Iterable[str]:
    return (p.name for p in ents.people)


def _places(doc: Document, ents: Entities) -> Iterable[str]:
    return (p.name for p in ents.places)


def _countries(doc: Document, ents: Entities) -> Iterable[str]:
    return (p.country for p in ents.places if p.country)


def _organizations(doc: Document, ents: Entities) -> Iterable[str]:
    return (o.name for o in ents.organizations)


def _languages(doc: Document, ents: Entities) -> Iterable[str]:
    return (language_name(doc.language),) if doc.language else ()


FACETS: list[Facet] = [
    Facet("people", "person", "People", "person", _people, page="person", resolve="person"),
    Facet("regions", "region", "Regions", "place", _places, page="region"),
    Facet("countries", "country", "Countries", "country", _countries, page="country", on_hits=False),
    Facet("organizations", "org", "Organizations", "organization", _organizations, page="org", resolve="organization"),
    Facet("languages", "language", "Languages", "language", _languages, on_hits=False),
]


@dataclass(frozen=True)
class DateFilter:
    """One end of a date range filter: a SearchRequest field, its URL parameter and CLI flag."""

    field: str  # SearchRequest field: "date_from"
    param: str  # URL parameter: "from"
    flag: str  # CLI flag: "--from"
    label: str  # "mentions from"
    help: str


DATE_FILTERS = (
    DateFilter("date_from", "from", "--from", "mentions from", "Mentions a date on or after (YYYY[-MM[-DD]])."),
    DateFilter("date_to", "to", "--to", "mentions to", "Mentions a date on or before."),
    DateFilter("published_from", "pfrom", "--published-from", "published from", "Published on or after."),
    DateFilter("published_to", "pto", "--published-to", "published to", "Published on or before."),
)


# Names a facet may not take: index fields, hit keys, URL parameters and page paths that exist already.
RESERVED_NAMES = {"id", "path", "filekey", "title", "body", "names", "published", "dates", "meta", "entities",
                  "labels", "score", "snippet", "years", "months", "addresses"}  # fmt: skip
RESERVED_PARAMS = {"q", "sort", "page", "limit", *(d.param for d in DATE_FILTERS)}
RESERVED_PAGES = {"doc", "file", "api", "static"}


def check_facets(declared: list[Facet]) -> None:
    """Raise ValueError when declarations clash with each other or with a field, parameter or page that exists."""
    names = [f.name for f in declared]
    params = [p for f in declared for p in (f.param, f.exclude_param)]
    for what, values in (("name", names), ("parameter", params)):
        if len(set(values)) < len(values):
            raise ValueError(f"Two facets share a {what}: {values}")
    for facet in declared:
        if facet.sort not in ("count", "value"):
            raise ValueError(f"The facet {facet.name!r} sorts by 'count' or 'value', not {facet.sort!r}")
        if facet.name in RESERVED_NAMES or facet.param in RESERVED_PARAMS or facet.page in RESERVED_PAGES:
            raise ValueError(f"The facet {facet.name!r} takes a name, parameter or page that is in use")


def facets() -> tuple[Facet, ...]:
    """Return the declared facets, in display order."""
    return tuple(FACETS)


def facet_names() -> tuple[str, ...]:
    """Return the declared facets' names (their index fields)."""
    return tuple(f.name for f in FACETS)


def facet_named(name: str) -> Facet:
    """Return the facet of an index field name; KeyError for none."""
    for facet in FACETS:
        if facet.name == name:
            return facet
    raise KeyError(name)


def facet_of_page(page: str) -> Facet | None:
    """Return the first facet whose entity page has this path, or None."""
    return next((f for f in FACETS if f.page == page), None)


def facet_value(value: str) -> str:
    """Return a value as a facet stores it: commas (the field's separator) and runs of spaces made one space.

    Every stored copy of a value (the facet field, the entities shown on the document page) goes through
    this, so a link built from either finds the same documents.
    """
    return " ".join(value.replace(",", " ").split())


check_facets(FACETS)
