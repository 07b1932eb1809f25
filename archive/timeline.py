"""Timelines: how many documents mention (or were published in) each year, month or day, over the span where
the documents are.

A few stray values ("1800 CDT" read as a year, a forecast for 2080) would stretch a chart over centuries
and squeeze the years that matter into a few pixels. So the span shown holds the central 98% of the values
(1% cut from each end, never a hand-picked year); what lies outside it is folded into an "earlier" and a
"later" bin. A span is cut only when that at least halves it: tails of a real spread stay on the chart.

A chart drills down from years to months to days: a date filter inside one year shows that year's months,
inside one month that month's days. Its counts ignore the chart's own date filter, so the chart still shows
where else the documents are and marks the range chosen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .isodates import day_range
from .models import Chart, FacetCount, SearchRequest

CENTRAL = 0.98  # the share of values the span shown holds when outliers are folded
WIDTHS = {"year": 4, "month": 7, "day": 10}  # an ISO value's prefix that names its period
FINER = {"year": ("month", 4), "month": ("day", 2)}  # a span of at most 4 years is drawn by month, of 2 months by day


@dataclass(frozen=True)
class ChartSpec:
    """One timeline: the date field it counts and the request's from/to fields that filter by it."""

    field: str
    start: str
    end: str


CHARTS = (ChartSpec("dates", "date_from", "date_to"), ChartSpec("published", "published_from", "published_to"))


def filtered(spec: ChartSpec, request: SearchRequest) -> bool:
    """Return whether a request filters by the chart's date field."""
    return bool(getattr(request, spec.start) or getattr(request, spec.end))


def unfiltered(spec: ChartSpec, request: SearchRequest) -> SearchRequest:
    """Return the request without the chart's date filter."""
    return replace(request, **{spec.start: None, spec.end: None})  # type: ignore[arg-type]


def drilled(start: str | None, end: str | None) -> str:
    """Return the period a from/to pair lies inside, to draw by its months or days: "1987" for 1987-03 to 1987-05,
    "1987-03" for one day or days of March 1987; "" when the range spans years or is open."""
    if not (start and end):
        return ""
    if len(start) >= 7 and start[:7] == end[:7]:
        return start[:7]
    return start[:4] if start[:4] == end[:4] else ""


def chart(tables: Any, mask: np.ndarray, spec: ChartSpec, request: SearchRequest) -> Chart:
    """Return the chart of one date field over the documents in mask (a FacetTables' arrays)."""
    within = drilled(getattr(request, spec.start), getattr(request, spec.end))
    if within:
        unit = "month" if len(within) == 4 else "day"
        counts = tables.per_period(mask, spec.field, WIDTHS[unit], within)
        keys = period_keys(within, unit)
        first, last = keys[0], keys[-1]
        return Chart(spec.field, unit, within, fill(counts, first, last))
    unit = "year"
    counts = tables.per_period(mask, spec.field, WIDTHS[unit])
    if not counts:
        return Chart(spec.field, unit, "", ())
    first, last = central_span(counts)
    while unit in FINER and periods_in(first, last) <= FINER[unit][1]:
        finer = FINER[unit][0]
        narrower = tables.per_period(mask, spec.field, WIDTHS[finer])
        if not narrower:
            break
        unit, counts = finer, narrower
        first, last = central_span(counts)
    earlier, later = tables.outside(mask, spec.field, span_days(first)[0], span_days(last)[1])
    return Chart(spec.field, unit, "", fill(counts, first, last), earlier, later)


def central_span(counts: tuple[FacetCount, ...], share: float = CENTRAL) -> tuple[str, str]:
    """Return the first and last period of the span holding the central share of the counts (periods in order),
    or the whole span when cutting the tails would not at least halve it."""
    tail = sum(c.count for c in counts) * (1 - share) / 2
    first, last = _past(counts, tail), _past(tuple(reversed(counts)), tail)
    whole = periods_in(counts[0].value, counts[-1].value)
    return (first, last) if 2 * periods_in(first, last) <= whole else (counts[0].value, counts[-1].value)


def _past(counts: tuple[FacetCount, ...], tail: float) -> str:
    """Return the first period at which the running count passes the tail."""
    running = 0
    for c in counts:
        running += c.count
        if running > tail:
            return c.value
    return counts[-1].value


def fill(counts: tuple[FacetCount, ...], first: str, last: str) -> tuple[FacetCount, ...]:
    """Return every period from first to last with its count, empty ones included."""
    found = {c.value: c.count for c in counts}
    periods = span(first, last)
    return tuple(map(FacetCount, periods, [found.get(p, 0) for p in periods]))


def span(first: str, last: str) -> list[str]:
    """Return every period from first to last, both of one unit: years, months ("1987-03") or days."""
    if len(first) == 4:
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    if len(first) == 7:
        start, end = _month_number(first), _month_number(last)
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(start, end + 1)]
    day, end_day = dt.date.fromisoformat(first).toordinal(), dt.date.fromisoformat(last).toordinal()
    return [dt.date.fromordinal(d).isoformat() for d in range(day, end_day + 1)]


def periods_in(first: str, last: str) -> int:
    """Return how many periods `span` lists from first to last, without listing them (a stray year 0001 among
    1987's values makes a span of two thousand years)."""
    if len(first) == 4:
        return int(last) - int(first) + 1
    if len(first) == 7:
        return _month_number(last) - _month_number(first) + 1
    return dt.date.fromisoformat(last).toordinal() - dt.date.fromisoformat(first).toordinal() + 1


def period_keys(within: str, unit: str) -> list[str]:
    """Return the months of a year or the days of a month."""
    if unit == "month":
        return span(f"{within}-01", f"{within}-12")
    first = dt.date.fromisoformat(f"{within}-01")
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return span(first.isoformat(), (following - dt.timedelta(days=1)).isoformat())


def span_days(value: str) -> tuple[int, int]:
    """Return the first and last day ordinals of a year, month or day a chart counts (always a valid one)."""
    days = day_range(value)
    assert days is not None, value  # the periods counted are calendar periods (FacetTables._periods)
    return days


def _month_number(value: str) -> int:
    return int(value[:4]) * 12 + int(value[5:7]) - 1


def neighbour(value: str, step: int) -> str:
    """Return the period before (step -1) or after (step 1) a year, month or day."""
    if len(value) == 4:
        return f"{int(value) + step:04d}"
    if len(value) == 7:
        month = _month_number(value) + step
        return f"{month // 12:04d}-{month % 12 + 1:02d}"
    return (dt.date.fromisoformat(value) + dt.timedelta(days=step)).isoformat()
