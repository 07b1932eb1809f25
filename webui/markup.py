"""Page pieces computed from library results: entity highlights and the timeline's bars."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from archive.models import Entities, FacetCount


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None  # person, place, organization or date
    value: str | None = None  # the entity's canonical value
    query: bool = False  # a word of the search that led here


def segments(text: str, entities: Entities, marks: Sequence[tuple[int, int]] = ()) -> list[Segment]:
    """Split a document's text into plain and entity segments (overlaps resolved left to right), each cut
    again where the search's words (`marks`, offsets into the text) begin and end."""
    parts = entity_segments(text, entities)
    return list(_marked(parts, marks)) if marks else parts


def _marked(parts: list[Segment], marks: Sequence[tuple[int, int]]) -> Iterator[Segment]:
    position, pending = 0, sorted(marks)
    for part in parts:
        start, end = position, position + len(part.text)
        while pending and pending[0][1] <= start:
            pending.pop(0)
        near = [m for m in pending if m[0] < end]
        cuts = sorted({start, end} | {p for m in near for p in m if start < p < end})
        for a, b in zip(cuts, cuts[1:], strict=False):
            inside = any(m[0] <= a and b <= m[1] for m in near)
            yield replace(part, text=part.text[a - start : b - start], query=inside)
        position = end


def entity_segments(text: str, entities: Entities) -> list[Segment]:
    """Split a document's text into plain and entity segments (overlaps resolved left to right)."""
    spans = [(m.start, m.end, "person", p.name) for p in entities.people for m in p.mentions]
    spans += [(m.start, m.end, "place", p.name) for p in entities.places for m in p.mentions]
    spans += [(m.start, m.end, "organization", o.name) for o in entities.organizations for m in o.mentions]
    spans += [(m.start, m.end, "date", d.value) for d in entities.dates for m in d.mentions]
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[Segment] = []
    position = 0
    for start, end, kind, value in spans:
        if start < position or end > len(text) or start >= end:
            continue
        if start > position:
            out.append(Segment(text[position:start]))
        out.append(Segment(text[start:end], kind, value))
        position = end
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


MONTHLY_YEARS = 4  # a timeline spanning at most this many years has a bar per month


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    start: str  # the period's first and last value, for the from/to filter
    end: str


def timeline_bars(
    years: tuple[FacetCount, ...], months: tuple[FacetCount, ...], width: int = 640, height: int = 90
) -> list[Bar]:
    """Return SVG bars for documents per month, or per year when the dates span more than four years."""
    span = int(years[-1].value) - int(years[0].value) + 1 if years else 0
    chosen = months if months and span <= MONTHLY_YEARS else years
    if not chosen:
        return []
    periods = _fill(chosen)
    step = width / len(periods)
    peak = max(c.count for c in periods) or 1
    bars = []
    for i, c in enumerate(periods):
        h = 0 if c.count == 0 else max(2.0, (height - 4) * c.count / peak)
        bars.append(Bar(c.value, c.count, i * step + 1, height - h, max(1.0, step - 2), h, c.value, c.value))
    return bars


def _fill(periods: tuple[FacetCount, ...]) -> list[FacetCount]:
    """Return the periods with empty ones between them, so the axis is even (capped at 600 bars)."""
    counts = {c.value: c.count for c in periods}
    first, last = periods[0].value, periods[-1].value
    if len(first) == 4:
        keys = [str(y) for y in range(int(first), int(last) + 1)]
    else:
        start, end = int(first[:4]) * 12 + int(first[5:]) - 1, int(last[:4]) * 12 + int(last[5:]) - 1
        keys = [f"{m // 12}-{m % 12 + 1:02d}" for m in range(start, end + 1)]
    if len(keys) > 600:
        return list(periods)
    return [FacetCount(k, counts.get(k, 0)) for k in keys]
