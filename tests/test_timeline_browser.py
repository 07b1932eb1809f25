"""The timelines in Debian's chromium: drill down by clicks, a brush while dragging, one keyboard control."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from tests.test_e2e_browser import ARTIFACTS, browser, open_page, serve  # noqa: F401 - browser: a fixture
from tests.test_timeline import built  # noqa: F401 - a fixture: the index of stories with stray dates

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DATES = '.chart[data-field="dates"] svg.histogram'
PUBLISHED = '.chart[data-field="published"] svg.histogram'


@pytest.fixture(scope="module")
def timeline_server(built) -> Iterator[str]:  # noqa: F811 - built: the fixture imported above
    """A server on 240 stories dated 2021-2022 with three stray dates (tests/hostile.py)."""
    yield from serve(built[0], built[1])


@pytest.fixture()
def page(browser, timeline_server):  # noqa: F811 - browser: the fixture imported above
    yield from open_page(browser, timeline_server)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def tab_stops(page, selector: str) -> int:
    """Return how many elements inside `selector` a Tab press can reach."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).flatMap((root) =>
             [root, ...root.querySelectorAll('a[href], [tabindex]')]).filter((e) => e.tabIndex >= 0 &&
             (e.hasAttribute('tabindex') || e.hasAttribute('href'))).length""",
        selector,
    )


def test_the_front_page_chart_spans_the_documents_with_labelled_ticks_and_one_tab_stop(page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("/")
    chart = page.locator(DATES)
    bars = int(chart.get_attribute("data-periods"))
    print(f"\nfront page: {bars} bars in the dates chart, {tab_stops(page, '.timeline svg')} tab stops in the charts")
    assert bars == 24  # 2021-01 to 2022-12, not 1800 to 2080
    labels = chart.locator("text.axis:not(.peak)").all_text_contents()
    assert labels[:5] == ["earlier", "later", "Jan 2021", "Apr", "Jul"]  # the folded strays' bins, then the ticks
    assert tab_stops(page, ".timeline svg") == 2  # one per chart
    assert chart.get_attribute("role") == "slider"
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    assert not page.errors


def test_a_click_drills_from_year_to_month_to_day_and_back_up(page) -> None:
    page.goto("/?from=2020&to=2023")  # the range spans years: the chart stays whole, the range marked
    assert page.locator(f"{DATES} .bar.selected").count() == 24
    page.goto("/?from=2022&to=2022")
    assert page.locator(DATES).get_attribute("data-periods") == "12"  # a year: its months
    page.locator(f'{DATES} .slot[data-start="2022-03"]').click()
    assert query(page)["from"] == ["2022-03"] and query(page)["to"] == ["2022-03"]
    assert page.locator(DATES).get_attribute("data-unit") == "day"
    assert page.locator(DATES).get_attribute("data-periods") == "31"
    page.locator('.chart[data-field="dates"] a.zoom-out', has_text="2022").click()
    assert query(page)["from"] == ["2022"] and page.locator(DATES).get_attribute("data-unit") == "month"
    assert not page.errors


def test_an_empty_period_leads_nowhere(page) -> None:
    page.goto("/?from=2022-03&to=2022-03")
    before = page.url
    empty = page.locator(f'{DATES} .slot[data-start="2022-03-31"]')
    assert empty.get_attribute("data-count") == "0" and empty.evaluate("e => e.closest('a') === null")
    box = empty.locator("rect").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] - 10)  # above the baseline, where a bar would be
    page.wait_for_timeout(300)
    assert page.url == before


def test_dragging_draws_a_brush_and_selects_the_range(page) -> None:
    page.goto("/")
    chart = page.locator(PUBLISHED)
    start = chart.locator('.slot[data-start="2022-03"] rect').bounding_box()
    end = chart.locator('.slot[data-start="2022-05"] rect').bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] - 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, start["y"] + start["height"] - 2, steps=8)
    brush = chart.locator("rect.brush").bounding_box()
    assert brush is not None and brush["x"] <= start["x"] and brush["x"] + brush["width"] >= end["x"] + end["width"]
    page.screenshot(path=str(ARTIFACTS / "timeline-brush.png"))
    with page.expect_navigation():
        page.mouse.up()
    assert query(page)["pfrom"] == ["2022-03"] and query(page)["pto"] == ["2022-05"]
    marked = page.locator(f"{PUBLISHED} .selected").evaluate_all("bars => bars.map((b) => b.closest('.slot').dataset.start)")
    assert marked == ["2022-03", "2022-04", "2022-05"]
    assert page.locator(f"{PUBLISHED} rect.selection").count() == 1
    assert not page.errors


def test_arrow_keys_choose_a_range_on_one_control_and_enter_applies_it(page) -> None:
    page.goto("/?from=2022&to=2022")
    chart = page.locator(DATES)
    chart.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")  # February
    assert chart.get_attribute("aria-valuetext").startswith("February 2022:")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")  # February to April
    assert chart.get_attribute("aria-valuetext") == "February 2022 to April 2022"
    assert chart.locator("rect.brush").is_visible()
    page.screenshot(path=str(ARTIFACTS / "timeline-keyboard.png"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query(page)["from"] == ["2022-02"] and query(page)["to"] == ["2022-04"]
    assert not page.errors


def test_without_script_each_bar_with_documents_is_a_link(browser, timeline_server) -> None:  # noqa: F811
    context = browser.new_context(base_url=timeline_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    assert page.locator(DATES).get_attribute("role") == "group"
    page.locator(f'{DATES} a.bar-link[data-start="2022-03"]').click()
    assert query(page)["from"] == ["2022-03"] and page.locator(DATES).get_attribute("data-unit") == "day"
    context.close()
