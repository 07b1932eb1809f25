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


def month_chart(*pairs: tuple[str, int], within: str = "", earlier: int = 0, later: int = 0):
    from archive.models import Chart

    unit = "day" if len(pairs[0][0]) == 10 else "month" if len(pairs[0][0]) == 7 else "year"
    return Chart("dates", unit, within, counts(*pairs), earlier, later)


def test_year_ticks_are_labelled_at_round_years() -> None:
    from webui.markup import chart_view

    view = chart_view(month_chart(*((str(y), 1) for y in range(1968, 2008))), (None, None), "from", "to")
    assert [t.label for t in view.ticks] == ["1970", "1975", "1980", "1985", "1990", "1995", "2000", "2005"]
    assert view.caption == "per year, 1968 to 2007"


def test_month_ticks_name_the_quarters_and_each_january_its_year() -> None:
    from webui.markup import chart_view

    months = [(f"{y}-{m:02d}", 1) for y in (2021, 2022) for m in range(1, 13)]
    view = chart_view(month_chart(*months), (None, None), "from", "to")
    labels = ["Jan 2021", "Apr", "Jul", "Oct", "Jan 2022", "Apr", "Jul", "Oct"]
    assert [t.label for t in view.ticks] == labels
    assert all(0 < t.x < view.width for t in view.ticks)


def test_day_ticks_label_the_first_day_with_its_month() -> None:
    from webui.markup import chart_view

    view = chart_view(month_chart(*((f"2022-03-{d:02d}", d % 3) for d in range(1, 32)), within="2022-03"),
                      (None, None), "from", "to")  # fmt: skip
    assert [t.label for t in view.ticks] == ["Mar 1", "5", "10", "15", "20", "25", "30"]
    assert view.caption == "per day of March 2022"
    assert [link.label for link in view.zoom_out] == ["all dates", "2022"]
    assert view.zoom_out[1].add == {"from": "2022", "to": "2022"}


def test_the_chosen_range_is_marked() -> None:
    from webui.markup import chart_view

    year = month_chart(*((f"2022-{m:02d}", m) for m in range(1, 13)), within="2022")
    view = chart_view(year, ("2022-03", "2022-04"), "from", "to")
    assert [b.label for b in view.bars if b.selected] == ["2022-03", "2022-04"]
    march, april = view.bars[2], view.bars[3]
    assert view.selection == (march.x - 1, april.x + april.width + 1)
    assert march.text == "March 2022"
    whole = chart_view(year, ("2022", "2022"), "from", "to")  # the year drilled into: nothing singled out
    assert whole.selection is None and not any(b.selected for b in whole.bars)


def test_outliers_sit_in_labelled_bins_that_link_beyond_the_span() -> None:
    from webui.markup import BIN_WIDTH, chart_view

    chart = month_chart(("2021-01", 5), ("2021-02", 0), ("2021-03", 9), earlier=2, later=1)
    view = chart_view(chart, (None, None), "from", "to")
    (early, before), (late, after) = view.bins
    assert (early.count, before.label, before.add, before.remove) == (2, "before January 2021", {"to": "2020-12"},
                                                                      {"from": None, "to": None})  # fmt: skip
    assert (late.count, after.label, after.add) == (1, "after March 2021", {"from": "2021-04"})
    assert early.x + BIN_WIDTH < view.bars[0].x and view.bars[-1].x + view.bars[-1].width < late.x
    assert late.x + late.width <= view.width
    assert view.bars[1].count == 0 and view.bars[1].height == 0
    assert not any(b.selected for b, _ in view.bins)
    chosen = chart_view(chart, (None, "2021-02"), "from", "to")
    assert [b.selected for b, _ in chosen.bins] == [True, False]
