"""The counts of one search's result set: its facets, and its dates by year and month, from one pass.

A search asks for four facets, the timeline of dates mentioned and two charts; their years and months
come from the same tally (archive/fieldtable.py: every counted entry of the generation, sorted by
document), counted once for the set. What the tally does not hold (a chart's set without its own date
filter, days) is counted by the facet tables, field by field.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .facets import FacetTables
from .models import FacetCount
from .timeline import WIDTHS


class ResultCounts:
    """The counts of one result set: its facets, and its dates by year and month, all from one pass (tally); a
    chart's other sets (its own date filter dropped) and its days go to the tables."""

    def __init__(self, tables: FacetTables, mask: np.ndarray) -> None:
        self.tables, self.mask = tables, mask
        self._tallied: np.ndarray | None = None
        self._counted: dict[tuple[str, int], tuple[FacetCount, ...]] = {}

    def _bins(self, key: Any) -> np.ndarray:
        tally = self.tables.tally()
        if self._tallied is None:
            self._tallied = tally.count(self.mask)
        return self._tallied[tally.slices[key]]

    def facet(self, name: str, limit: int, sort: str = "count") -> tuple[FacetCount, ...]:
        """Return the set's values of a facet with their counts (FacetTables.counts)."""
        return self.tables.ranked_counts(name, self._bins(name), limit, sort)

    def per_period(self, mask: np.ndarray, field: str, width: int, within: str = "") -> tuple[FacetCount, ...]:
        """Return the documents of a set per period (FacetTables.per_period): from the tally for this set's years
        and months, from the tables for another set (a chart without its own date filter) or for days."""
        key = (field, width)
        if mask is not self.mask or key not in self.tables.tally().slices:
            return self.tables.per_period(mask, field, width, within)
        if key not in self._counted:
            self._counted[key] = self.tables.period_counts(field, width, self._bins(key))
        counts = self._counted[key]
        return tuple(c for c in counts if c.value.startswith(within)) if within else counts

    def outside(self, mask: np.ndarray, field: str, first: int, last: int) -> tuple[int, int]:
        """Return a chart's "earlier" and "later" counts (FacetTables.outside)."""
        return self.tables.outside(mask, field, first, last)

    def timeline(self, field: str = "dates") -> dict[str, tuple[FacetCount, ...]]:
        """Return how many documents of the set mention each year and month (FacetTables.timeline)."""
        year, month = WIDTHS["year"], WIDTHS["month"]
        return {"years": self.per_period(self.mask, field, year), "months": self.per_period(self.mask, field, month)}
