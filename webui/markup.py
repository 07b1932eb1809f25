"""Page pieces computed from library results: entity highlights and the timelines' bars, bins and ticks."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from archive.isodates import day_range
from archive.models import Chart, Entities, FacetCount, SearchRequest
from archive.query import bounds
from archive.registry import DATE_FILTERS
from archive.timeline import CHARTS, neighbour


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None  # person, place, organization or date
    value: str | None = None  # the entity's canonical value
    marked: tuple[tuple[int, int], ...] = ()  # where the search's words stand in `text`
    page: int | None = None  # a paged document: the page (from 1) that starts with this segment

    def pieces(self) -> list[tuple[str, bool]]:
        """Return the segment's text in pieces, each with whether it is a word of the search."""
        out, position = [], 0
        for start, end in self.marked:
            out += [(self.text[position:start], False), (self.text[start:end], True)]
            position = end
        out.append((self.text[position:], False))
        return [(text, query) for text, query in out if text]


def segments(
    text: str, entities: Entities, marks: Sequence[tuple[int, int]] = (), pages: Sequence[int] = ()
) -> list[Segment]:
    """Split a document's text into plain and entity segments (overlaps resolved left to right), each with
    the search's words inside it (`marks`, offsets into the text) as ranges of its own text; a paged
    document's segments are split where each page starts (`pages`, offsets of pages 2, 3...)."""
    parts = entity_segments(text, entities)
    if pages:
        parts = list(_paged(parts, pages))
    return list(_marked(parts, marks)) if marks else parts


def _paged(parts: list[Segment], pages: Sequence[int]) -> Iterator[Segment]:
    starts = {0: 1} | {start: number for number, start in enumerate(pages, 2)}  # an empty page: the later wins
    position = 0
    for part in parts:
        end = position + len(part.text)
        cuts = sorted(s for s in starts if position <= s < end)
        if not cuts or cuts[0] != position:
            cuts.insert(0, position)
        for cut, after in zip(cuts, [*cuts[1:], end], strict=True):
            yield replace(part, text=part.text[cut - position : after - position], page=starts.get(cut))
        position = end


def _marked(parts: list[Segment], marks: Sequence[tuple[int, int]]) -> Iterator[Segment]:
    position, pending, first = 0, sorted(marks), 0
    for part in parts:
        start, end = position, position + len(part.text)
        while first < len(pending) and pending[first][1] <= start:
            first += 1  # marks that end before this segment are done with
        inside = []
        for a, b in itertools.islice(pending, first, None):
            if a >= end:  # sorted: no later mark reaches into this segment
                break
            inside.append((max(a, start) - start, min(b, end) - start))
        yield replace(part, marked=tuple(inside)) if inside else part
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
    selected: bool = False  # inside the date range the search is filtered by
    text: str = ""  # the period in words: "March 1987"


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


CHART_WIDTH, CHART_HEIGHT = 640, 120
TOP, BASE = 16, 92  # the bars stand between these heights; the peak label above, the ticks below
PAD, BIN_WIDTH, BIN_GAP = 20, 40, 16  # room for the end labels; the "earlier" and "later" bins at the ends
TITLES = {"dates": "Dates mentioned", "published": "Publication dates"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # fmt: skip
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
MONTH_STEPS = (1, 3, 6, 12, 24, 60, 120, 240, 600, 1200)
DAY_STEPS = (1, 2, 5, 7, 10, 15, 30)
MAX_TICKS = 12


class Tick(NamedTuple):
    """A labelled tick under the bars, at the middle of its period."""

    x: float
    label: str


@dataclass(frozen=True)
class Link:
    """A timeline link: its words and the URL change it makes (parameters removed, then added)."""

    label: str
    add: dict[str, str] = field(default_factory=dict)
    remove: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ChartView:
    """One timeline as the page draws it: bars, folded outlier bins, labelled ticks and the range marked."""

    field: str
    title: str
    caption: str
    unit: str
    from_param: str
    to_param: str
    bars: list[Bar]
    ticks: list[Tick]
    peak: int
    bins: list[tuple[Bar, Link]]  # "earlier" and "later", each with its link
    zoom_out: list[Link]  # from a month's days up to its year, from a year's months up to the whole span
    selection: tuple[float, float] | None  # the x range of the bars marked as chosen
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def chart_views(charts: tuple[Chart, ...], request: SearchRequest) -> list[ChartView]:
    """Return the views of a result's timelines, each marking the date range the request chose."""
    params = {d.field: d.param for d in DATE_FILTERS}
    specs = {c.field: c for c in CHARTS}
    views = []
    for c in charts:
        spec = specs[c.field]
        chosen = (getattr(request, spec.start), getattr(request, spec.end))
        views.append(chart_view(c, chosen, params[spec.start], params[spec.end]))
    return views


def chart_view(chart: Chart, chosen: tuple[str | None, str | None], from_param: str, to_param: str) -> ChartView:
    """Return a chart's bars, bins, ticks and marks on a 640 x 120 canvas; `chosen` is its from/to filter."""
    left = PAD + (BIN_WIDTH + BIN_GAP if chart.earlier else 0)
    right = CHART_WIDTH - PAD - (BIN_WIDTH + BIN_GAP if chart.later else 0)
    peak = max([c.count for c in chart.periods] + [chart.earlier, chart.later, 1])
    first, last = bounds(*chosen) if any(chosen) else (0, -1)
    whole = chart.within and chosen == (chart.within, chart.within)  # drilled into: the whole chart is the choice
    step = (right - left) / max(1, len(chart.periods))
    bars = []
    for i, c in enumerate(chart.periods):
        days = _days(c.value)
        marked = not whole and days[0] <= last and days[1] >= first
        bars.append(_bar(c, left + i * step, step, peak, marked))
    bins = _bins(chart, peak, (first, last), from_param, to_param)
    marked_bars = [b for b in bars if b.selected]
    selection = (marked_bars[0].x - 1, marked_bars[-1].x + marked_bars[-1].width + 1) if marked_bars else None
    return ChartView(
        chart.field, TITLES.get(chart.field, chart.field), _caption(chart), chart.unit, from_param, to_param,
        bars, _ticks(bars, chart.unit), peak, bins, _zoom_out(chart, from_param, to_param), selection,
    )  # fmt: skip


def _bar(c: FacetCount, x: float, step: float, peak: int, selected: bool, text: str = "") -> Bar:
    h = 0.0 if c.count == 0 else max(2.0, (BASE - TOP) * c.count / peak)
    text = text or words(c.value)
    return Bar(c.value, c.count, x + 1, BASE - h, max(1.0, step - 2), h, c.value, c.value, selected, text)


def _bins(chart: Chart, peak: int, chosen: tuple[int, int], from_param: str, to_param: str) -> list[tuple[Bar, Link]]:
    """Return the "earlier" and "later" bins that hold the documents outside the span, with their links."""
    if not chart.periods:
        return []
    out = []
    start, end = chart.periods[0].value, chart.periods[-1].value
    if chart.earlier:
        before = neighbour(start, -1)
        marked = chosen[0] <= _days(before)[1] and chosen[1] >= chosen[0]
        link = Link(f"before {words(start)}", add={to_param: before}, remove={from_param: None, to_param: None})
        bar = _bar(FacetCount("earlier", chart.earlier), PAD, BIN_WIDTH, peak, marked, link.label)
        out.append((bar, link))
    if chart.later:
        after = neighbour(end, 1)
        marked = chosen[1] >= _days(after)[0] and chosen[1] >= chosen[0]
        link = Link(f"after {words(end)}", add={from_param: after}, remove={from_param: None, to_param: None})
        bar = _bar(FacetCount("later", chart.later), CHART_WIDTH - PAD - BIN_WIDTH, BIN_WIDTH, peak, marked, link.label)
        out.append((bar, link))
    return out


def _zoom_out(chart: Chart, from_param: str, to_param: str) -> list[Link]:
    """Return the links up from a drilled chart: to the whole span, and from a month's days to its year."""
    if not chart.within:
        return []
    links = [Link("all dates", remove={from_param: None, to_param: None})]
    if len(chart.within) == 7:
        year = chart.within[:4]
        links.append(Link(year, add={from_param: year, to_param: year}, remove={from_param: None, to_param: None}))
    return links


def _caption(chart: Chart) -> str:
    """Return what a chart shows: "per year, 1968 to 2007", "per month of 1987", "per day of March 1987"."""
    if not chart.periods:
        return ""
    if chart.within:
        return f"per {chart.unit} of {words(chart.within)}"
    return f"per {chart.unit}, {words(chart.periods[0].value)} to {words(chart.periods[-1].value)}"


def _ticks(bars: list[Bar], unit: str) -> list[Tick]:
    """Return labelled ticks at round periods, at most twelve: every 5 or 10 years, each quarter, each week."""
    if not bars:
        return []
    steps = {"year": YEAR_STEPS, "month": MONTH_STEPS, "day": DAY_STEPS}[unit]
    step = next((s for s in steps if math.ceil(len(bars) / s) <= MAX_TICKS), steps[-1])
    ticks = []
    for i, b in enumerate(bars):
        label = _tick_label(b.start, unit, step, first=i == 0)
        if label:
            ticks.append(Tick(b.x + b.width / 2, label))
    return ticks


def _tick_label(value: str, unit: str, step: int, first: bool) -> str | None:
    """Return the label of a period if a tick falls on it, else None."""
    if unit == "year":
        return value if int(value) % step == 0 else None
    if unit == "month":
        number = int(value[:4]) * 12 + int(value[5:7]) - 1
        if number % step:
            return None
        month = MONTHS[int(value[5:7]) - 1]
        return f"{month} {value[:4]}" if step >= 12 or first or value.endswith("-01") else month
    day = int(value[8:10])
    if day == 1 or first:
        return f"{MONTHS[int(value[5:7]) - 1]} {day}"
    return str(day) if day % step == 0 and day > 3 else None


def words(value: str) -> str:
    """Return a period in words: "1987", "March 1987", "5 March 1987"."""
    if len(value) == 4:
        return value
    month = MONTH_NAMES[int(value[5:7]) - 1]
    return f"{month} {value[:4]}" if len(value) == 7 else f"{int(value[8:10])} {month} {value[:4]}"


def _days(value: str) -> tuple[int, int]:
    """Return the first and last day ordinals of a period ((0, -1), an empty span, for what is none)."""
    return day_range(value) or (0, -1)
