"""Facet date ranges, spelling-variant merging and counting (archive/facets.py), on arrays built in the test: no index."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.counting import ResultCounts
from archive.facets import FacetTables, commonest, day_range, make_table, merge_variants
from archive.fieldtable import Entries
from archive.registry import facets


def days(first: str, last: str) -> tuple[int, int]:
    return dt.date.fromisoformat(first).toordinal(), dt.date.fromisoformat(last).toordinal()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-05-31", days("2022-05-31", "2022-05-31")),
        ("2022-05", days("2022-05-01", "2022-05-31")),
        ("2022-04", days("2022-04-01", "2022-04-30")),
        ("2022-12", days("2022-12-01", "2022-12-31")),  # the next month is in the next year
        ("2024-02", days("2024-02-01", "2024-02-29")),  # leap year
        ("2023-02", days("2023-02-01", "2023-02-28")),
        ("2022", days("2022-01-01", "2022-12-31")),
        ("0001", days("0001-01-01", "0001-12-31")),
    ],
)
def test_day_range_spans_the_whole_day_month_or_year(value: str, expected: tuple[int, int]) -> None:
    assert day_range(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "May", "2022-13", "2022-00", "2022-02-30", "0000", "20220", "2022-5-31", "31-05-2022", "2022-05-31T10"],
)
def test_day_range_of_anything_else_is_none(value: str) -> None:
    assert day_range(value) is None


@pytest.mark.parametrize("value", ["2022/05", "2022.05", "2022 05"])
def test_day_range_reads_only_iso_separators(value: str) -> None:
    """`--from 2022/05/01` is refused as not ISO, so `--from 2022/05` must be too."""
    assert day_range(value) is None


def table(values: list[str], pairs: list[tuple[int, int]]):
    """Return a field table from values and (document, value id) pairs."""
    docs = np.array([d for d, _ in pairs], dtype=np.int64)
    terms = np.array([t for _, t in pairs], dtype=np.int32)
    return make_table(values, docs, terms)


def test_merge_variants_names_the_value_after_its_commonest_spelling() -> None:
    field = table(
        ["Anatoly Dolgachev", "Anatoly Dolgachyov", "Vladimir Putin"],
        [(0, 0), (1, 1), (2, 1), (3, 1), (3, 2)],
    )
    merged, aliases = merge_variants(field)
    assert merged.values == ["Anatoly Dolgachyov", "Vladimir Putin"]
    assert aliases == {"Anatoly Dolgachyov": ["Anatoly Dolgachyov", "Anatoly Dolgachev"]}
    assert merged.ids == {"Anatoly Dolgachev": 0, "Anatoly Dolgachyov": 0, "Vladimir Putin": 1}
    pairs = sorted(zip(merged.docs.tolist(), merged.terms.tolist(), strict=True))
    assert pairs == [(0, 0), (1, 0), (2, 0), (3, 0), (3, 1)]


def test_merge_variants_counts_a_document_with_both_spellings_once() -> None:
    field = table(["Yevgeny Lyashenko", "Evgeny Lyashenko"], [(0, 0), (0, 1), (1, 1)])
    merged, aliases = merge_variants(field)
    assert merged.values == ["Evgeny Lyashenko"]  # two documents against one
    assert sorted(merged.docs.tolist()) == [0, 1]
    assert np.bincount(merged.terms).tolist() == [2]


def test_merge_variants_breaks_a_tie_alphabetically() -> None:
    merged, aliases = merge_variants(table(["Anatoly Dolgachyov", "Anatoly Dolgachev"], [(0, 0), (1, 1)]))
    assert merged.values == ["Anatoly Dolgachev"]
    assert aliases == {"Anatoly Dolgachev": ["Anatoly Dolgachev", "Anatoly Dolgachyov"]}


def test_merge_variants_leaves_distinct_names_alone() -> None:
    field = table(["Vladimir Putin", "Gennady Shulga", "Natalya Kochugova"], [(0, 0), (1, 1), (2, 2)])
    merged, aliases = merge_variants(field)
    assert merged.values == field.values and aliases == {}
    assert merged.ids == field.ids
    assert sorted(zip(merged.docs.tolist(), merged.terms.tolist(), strict=True)) == [(0, 0), (1, 1), (2, 2)]


def test_a_value_resolved_to_no_one_leaves_the_table() -> None:
    field = table(["Vladimir Putin", "Average"], [(0, 0), (1, 1), (2, 0)])
    merged, _ = merge_variants(field)
    assert merged.values == ["Vladimir Putin"] and "Average" not in merged.ids
    assert sorted(zip(merged.docs.tolist(), merged.terms.tolist(), strict=True)) == [(0, 0), (2, 0)]


def test_merge_variants_of_an_empty_table() -> None:
    merged, aliases = merge_variants(make_table([], None, None))
    assert (merged.values, merged.ids, aliases) == ([], {}, {})
    assert len(merged.docs) == len(merged.terms) == 0


@given(st.lists(st.integers(0, 6), max_size=60), st.integers(0, 12))
@settings(max_examples=300, deadline=None)
def test_commonest_lists_the_largest_counts_first_equal_counts_in_value_order(counts: list[int], limit: int) -> None:
    hits = np.array(counts, dtype=np.int64)
    ranked = sorted((i for i, c in enumerate(counts) if c > 0), key=lambda i: (-counts[i], i))
    assert commonest(hits, limit).tolist() == (ranked[:limit] if limit else ranked)


@given(
    st.integers(1, 200).flatmap(
        lambda size: st.tuples(
            st.just(size),
            st.lists(st.integers(0, size - 1), max_size=400),
            st.lists(st.integers(0, size - 1), max_size=size),  # few (read by document) or many (a scan)
        )
    )
)
@settings(max_examples=300, deadline=None)
def test_entries_in_a_set_are_those_a_scan_finds(case: tuple[int, list[int], list[int]]) -> None:
    size, docs, chosen = case
    entries = Entries(np.array(docs, dtype=np.int64), size)
    mask = np.zeros(size, dtype=bool)
    mask[chosen] = True
    scan = np.flatnonzero(mask[np.array(docs, dtype=np.int64)])
    found = np.arange(len(docs))[entries.of(mask)]  # positions, or a boolean per entry: the same entries
    assert sorted(found.tolist()) == scan.tolist()


DATE_VALUES = ["1986", "1987", "1987-03", "1987-03-02", "1987-03-31", "1988-01-15", "2080", "not a date"]


@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, len(DATE_VALUES) - 1)), max_size=40),
    st.lists(st.integers(0, 11), max_size=12),
    st.sampled_from(DATE_VALUES[:6]),
    st.sampled_from(DATE_VALUES[:6]),
)
@settings(max_examples=300, deadline=None)
def test_the_bins_outside_a_span_count_what_each_document_mentions(
    pairs: list[tuple[int, int]], chosen: list[int], start: str, end: str
) -> None:
    """A document counts in "earlier" when one of its dates ends before the span, in "later" when one starts after
    it: a document mentioning 1986 and 2080 counts in both, and once in each however many such dates it has."""
    size = 12
    tables = FacetTables(
        np.ones(size, dtype=bool), {"dates": table(DATE_VALUES, pairs), "published": table([], [])}, {}, {}
    )
    mask = np.zeros(size, dtype=bool)
    mask[chosen] = True
    first, last = (day_range(start) or (0, 0))[0], (day_range(end) or (0, 0))[1]
    spans = {d: [day_range(DATE_VALUES[t]) for doc, t in pairs if doc == d] for d in set(chosen)}
    earlier = sum(any(s is not None and s[1] < first for s in found) for found in spans.values())
    later = sum(any(s is not None and s[0] > last for s in found) for found in spans.values())
    assert tables.outside(mask, "dates", first, last) == (earlier, later)


@given(
    st.lists(st.tuples(st.integers(0, 39), st.integers(0, 5)), max_size=120),
    st.lists(st.tuples(st.integers(0, 39), st.integers(0, len(DATE_VALUES) - 1)), max_size=60),
    st.lists(st.integers(0, 39), max_size=40),
    st.integers(0, 4),
)
@settings(max_examples=200, deadline=None)
def test_a_result_sets_counts_in_one_pass_equal_each_fields_own(
    pairs: list[tuple[int, int]], dated: list[tuple[int, int]], chosen: list[int], limit: int
) -> None:
    """The tally joins every facet and date field by document: each count read from it equals the field's own,
    for a few documents (read by document) or many (a scan)."""
    size = 40
    names = [f.name for f in facets()]
    fields = {name: table([f"{name} {n}" for n in range(6)], pairs[number::3]) for number, name in enumerate(names)}
    fields["dates"] = table(DATE_VALUES, dated)
    fields["published"] = table(DATE_VALUES[:6], [(d, d % 6) for d in range(0, size, 3)])
    tables = FacetTables(np.ones(size, dtype=bool), fields, {}, {})
    mask = np.zeros(size, dtype=bool)
    mask[chosen] = True
    counted = ResultCounts(tables, mask)
    for name in names:
        for sort in ("count", "value"):
            assert counted.facet(name, limit, sort) == tables.counts(name, mask, limit, sort)
    for field in ("dates", "published"):
        for width in (4, 7, 10):
            assert counted.per_period(mask, field, width) == tables.per_period(mask, field, width)
