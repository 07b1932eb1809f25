"""Page pieces (webui/markup.py): the timeline's bars and a document's entity segments, from plain records."""

from __future__ import annotations

import pytest

from archive.models import DateRef, Entities, FacetCount, Mention, Person, Place
from webui.markup import Segment, segments, timeline_bars


def counts(*pairs: tuple[str, int]) -> tuple[FacetCount, ...]:
    return tuple(FacetCount(value, count) for value, count in pairs)


def test_no_dates_no_bars() -> None:
    assert timeline_bars((), ()) == []


@pytest.mark.parametrize(("first", "last", "months"), [("2022", "2022", 12), ("2019", "2022", 48)])
def test_a_span_of_at_most_four_years_has_a_bar_per_month(first: str, last: str, months: int) -> None:
    years = counts((first, 1), (last, 1)) if first != last else counts((first, 2))
    bars = timeline_bars(years, counts((f"{first}-01", 1), (f"{last}-12", 1)))
    assert len(bars) == months
    assert bars[0].label == f"{first}-01" and bars[-1].label == f"{last}-12"
    assert (bars[0].start, bars[0].end) == (f"{first}-01", f"{first}-01")


def test_a_span_of_five_years_has_a_bar_per_year() -> None:
    bars = timeline_bars(counts(("2018", 3), ("2022", 1)), counts(("2018-06", 3), ("2022-01", 1)))
    assert [(b.label, b.count) for b in bars] == [("2018", 3), ("2019", 0), ("2020", 0), ("2021", 0), ("2022", 1)]


def test_months_alone_make_month_bars() -> None:
    bars = timeline_bars((), counts(("2022-11", 1), ("2023-02", 2)))
    assert [(b.label, b.count) for b in bars] == [("2022-11", 1), ("2022-12", 0), ("2023-01", 0), ("2023-02", 2)]


def test_bars_share_the_width_and_scale_to_the_peak() -> None:
    bars = timeline_bars(counts(("2010", 100), ("2011", 0), ("2012", 1), ("2016", 50)), (), width=700, height=90)
    assert len(bars) == 7
    assert [round(b.x, 6) for b in bars] == [1 + 100 * i for i in range(7)]
    assert {b.width for b in bars} == {98}
    peak, empty, small, half = bars[0], bars[1], bars[2], bars[6]
    assert (peak.height, peak.y) == (86, 4)
    assert (empty.height, empty.y) == (0, 90)
    assert small.height == 2.0  # a single document stays visible
    assert half.height == pytest.approx(43)
    assert all(b.y + b.height == 90 for b in bars)


def test_a_very_long_span_keeps_its_years_unfilled() -> None:
    bars = timeline_bars(counts(("1000", 1), ("2022", 1)), ())
    assert [b.label for b in bars] == ["1000", "2022"]


def test_segments_split_the_text_at_entity_mentions() -> None:
    text = "Putin met Shulga in Moscow on May 31."
    ents = Entities(
        people=(
            Person("Vladimir Putin", (Mention(0, 5, "Putin"),)),
            Person("Gennady Shulga", (Mention(10, 16, "Shulga"),)),
        ),
        places=(Place("Moscow", "Russia", (Mention(20, 26, "Moscow"),)),),
        dates=(DateRef("2022-05-31", (Mention(30, 36, "May 31"),)),),
    )
    assert segments(text, ents) == [
        Segment("Putin", "person", "Vladimir Putin"),
        Segment(" met "),
        Segment("Shulga", "person", "Gennady Shulga"),
        Segment(" in "),
        Segment("Moscow", "place", "Moscow"),
        Segment(" on "),
        Segment("May 31", "date", "2022-05-31"),
        Segment("."),
    ]
    assert "".join(s.text for s in segments(text, ents)) == text


def test_overlapping_and_out_of_range_mentions_are_dropped() -> None:
    text = "Primorsky Krai governor"
    ents = Entities(
        places=(
            Place("Primorsky Krai", "Russia", (Mention(0, 14, "Primorsky Krai"),)),
            Place("Primorsky", "Russia", (Mention(0, 9, "Primorsky"), Mention(20, 99, "far"))),
        ),
        dates=(DateRef("2022", (Mention(5, 5, ""),)),),
    )
    assert segments(text, ents) == [Segment("Primorsky Krai", "place", "Primorsky Krai"), Segment(" governor")]


def test_timeline_bars_are_yearly_when_the_dates_span_more_than_four_years() -> None:
    from archive.models import FacetCount
    from webui.markup import timeline_bars

    years = (FacetCount("1990", 1), FacetCount("2024", 1))
    months = (FacetCount("1990-05", 1), FacetCount("2024-03", 1))
    bars = timeline_bars(years, months)
    assert len(bars) == 35 and bars[0].label == "1990" and bars[-1].label == "2024"
    near = timeline_bars((FacetCount("2021", 1), FacetCount("2024", 1)), (FacetCount("2021-01", 1), FacetCount("2024-12", 1)))
    assert len(near) == 48 and near[0].label == "2021-01"
