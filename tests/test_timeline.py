"""Timelines (archive/timeline.py): the span a chart shows, outliers folded, drilling down; on a real index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.models import FacetCount, SearchRequest
from archive.timeline import central_span, drilled, fill, neighbour, periods_in, span


def counts(*pairs: tuple[str, int]) -> tuple[FacetCount, ...]:
    return tuple(FacetCount(value, count) for value, count in pairs)


def test_stray_years_fold_out_of_the_span() -> None:
    """1800 and 2080, one mention each among 400, stretch the span from three years to 281."""
    years = counts(("1800", 1), ("1803", 1), ("1986", 100), ("1987", 250), ("1988", 47), ("2080", 1))
    assert central_span(years) == ("1986", "1988")


def test_the_tails_of_a_real_spread_stay_on_the_chart() -> None:
    """Cutting 1% off each end of February-October would drop February and October: it does not halve the span."""
    months = counts(("1987-02", 2), *((f"1987-{m:02d}", 300) for m in range(3, 10)), ("1987-10", 2))
    assert central_span(months) == ("1987-02", "1987-10")


def test_a_small_set_keeps_every_value() -> None:
    """With fewer than a hundred values 1% is less than one document: nothing is cut."""
    assert central_span(counts(("1803", 1), ("2022", 40))) == ("1803", "2022")


@pytest.mark.parametrize(
    ("start", "end", "within"),
    [
        ("1987", "1987", "1987"),  # a click on a year bar: its months
        ("1987-03", "1987-04", "1987"),
        ("1987-03", "1987-03", "1987-03"),  # a click on a month bar: its days
        ("1987-03-05", "1987-03-09", "1987-03"),
        ("1987-12", "1988-01", ""),
        (None, "1987", ""),
        ("1987", None, ""),
    ],
)
def test_a_date_filter_inside_one_year_or_month_drills_into_it(start, end, within) -> None:
    assert drilled(start, end) == within


def test_spans_fill_every_period_of_their_unit() -> None:
    assert span("2019", "2021") == ["2019", "2020", "2021"]
    assert span("2021-11", "2022-02") == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert span("2024-02-27", "2024-03-01") == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]
    assert fill(counts(("2021-12", 4)), "2021-11", "2022-01") == counts(("2021-11", 0), ("2021-12", 4), ("2022-01", 0))
    assert [neighbour(v, -1) for v in ("2022", "2022-01", "2022-03-01")] == ["2021", "2021-12", "2022-02-28"]


@pytest.mark.parametrize(
    ("first", "last"), [("0001", "2080"), ("1987", "1987"), ("1999-11", "2001-02"), ("2023-12-30", "2024-03-02")]
)
def test_a_span_is_counted_as_it_would_be_listed(first: str, last: str) -> None:
    assert periods_in(first, last) == len(span(first, last))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    """An index of 240 stories dated 2021-2022 with three strays (tests/hostile.py): index, documents, strays."""
    from archive.config import load_settings
    from archive.index import reindex
    from tests.hostile import write_timeline_stories

    documents = tmp_path_factory.mktemp("timeline")
    strays = write_timeline_stories(documents)
    index = tmp_path_factory.mktemp("timeline-index")
    assert not reindex(load_settings(documents=documents, index=index, workers=1)).failed
    return index, documents, strays


@pytest.fixture(scope="module")
def stories(built) -> Iterator[tuple[object, dict[str, int]]]:
    from archive.search import Archive

    archive = Archive(built[0])
    yield archive, built[2]
    archive.close()


def charts(archive, **request: str):
    result = archive.search(SearchRequest(**request))
    return {c.field: c for c in result.charts}


@pytest.mark.slow
def test_the_front_page_charts_span_where_the_documents_are(stories) -> None:
    archive, strays = stories
    dates = charts(archive)["dates"]
    assert (dates.unit, dates.periods[0].value, dates.periods[-1].value) == ("month", "2021-01", "2022-12")
    assert len(dates.periods) == 24  # not 281 years from 1800 to 2080
    assert (dates.earlier, dates.later) == (strays["1800"] + strays["1803"], strays["2080"])
    published = charts(archive)["published"]
    assert (published.unit, len(published.periods), published.earlier, published.later) == ("month", 24, 0, 0)


@pytest.mark.slow
def test_a_year_filter_charts_its_months_and_a_month_filter_its_days(stories) -> None:
    archive, _ = stories
    year = charts(archive, date_from="2022", date_to="2022")["dates"]
    assert (year.unit, year.within, [c.value for c in year.periods][::11]) == ("month", "2022", ["2022-01", "2022-12"])
    month = charts(archive, date_from="2022-03", date_to="2022-03")["dates"]
    assert (month.unit, month.within, len(month.periods)) == ("day", "2022-03", 31)
    assert sum(c.count for c in month.periods) >= 40


@pytest.mark.slow
def test_a_chart_counts_the_documents_outside_its_own_date_filter(stories) -> None:
    """Filtered to March-April 2022, the dates chart still shows the other months of 2022 (to mark the range
    among them), while the publication chart counts only the documents the filter keeps."""
    archive, _ = stories
    everything = {c.value: c.count for c in charts(archive)["dates"].periods}
    chosen = charts(archive, date_from="2022-03", date_to="2022-04")
    assert {c.value: c.count for c in chosen["dates"].periods} == {k: v for k, v in everything.items() if "2022" in k}
    published = {c.value: c.count for c in chosen["published"].periods if c.count}
    assert {period[:7] for period in published} == {"2022-03", "2022-04"}


@pytest.mark.slow
def test_the_page_draws_labelled_charts_whose_empty_periods_are_not_links(built) -> None:
    from webui import create_app

    client = create_app({"ARCHIVE_INDEX": str(built[0]), "ARCHIVE_DOCUMENTS": str(built[1])}).test_client()
    page = client.get("/?from=2022-03&to=2022-03").get_data(as_text=True)
    dates = page[page.index('data-field="dates"') : page.index('data-field="published"')]
    assert dates.count('class="bar-link slot"') + dates.count('<g class="slot"') == 31  # the days of March
    assert '<g class="slot" data-start="2022-03-31" data-end="2022-03-31" data-count="0"' in dates  # none that day
    assert "from=2022-03-31" not in dates and 'href="/?from=2022-03-05&amp;to=2022-03-05"' in dates
    assert 'class="axis">Mar 1</text>' in dates and "per day of March 2022" in dates
    assert 'href="/?from=2022&amp;to=2022">↑ 2022</a>' in dates and 'href="/">↑ all dates</a>' in dates
    front = client.get("/").get_data(as_text=True)
    assert front.count('class="bar-link slot"') <= 48  # two charts of 24 months
    assert '<a class="bin-note" href="/?to=2020-12">2 before January 2021</a>' in front


def test_weeks_quarters_and_seasons_are_no_calendar_periods_of_a_chart() -> None:
    import numpy as np

    from archive.facets import FacetTables
    from archive.fieldtable import make_table

    table = make_table(["2022-W21", "2022-03-04", "2000-SU", "2022-Q1"], np.arange(4), np.arange(4))
    tables = FacetTables(
        np.ones(4, dtype=bool),
        {"dates": table, "published": make_table([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))},
        {},
        {},
    )
    assert [c.value for c in tables.per_period(tables.live, "dates", 7)] == ["2022-03"]
    assert [c.value for c in tables.per_period(tables.live, "dates", 4)] == ["2000", "2022"]
