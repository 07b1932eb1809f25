"""The facet lists in Debian's chromium: the filter box and "Show more" ask the server, filters and exclusions are
chips, a value the URL spells without accents shows as selected (issue 13, points 1 and 3)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.test_e2e_browser import ARTIFACTS, accented_server, browser, open_page, serve, total  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REGIONS = '.facet[data-facet="regions"]'


@pytest.fixture(scope="module")
def timetables_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on rail notices that name some forty towns (tests/hostile.py)."""
    from archive.config import load_settings
    from archive.index import reindex
    from tests.hostile import write_timetables

    documents = tmp_path_factory.mktemp("timetables")
    write_timetables(documents)
    index = tmp_path_factory.mktemp("timetables-index")
    assert not reindex(load_settings(documents=documents, index=index, workers=1)).failed
    yield from serve(index, documents)


@pytest.fixture()
def page(browser, timetables_server):  # noqa: F811
    yield from open_page(browser, timetables_server)


def values(page) -> list[str]:
    """Return the values the regions list shows, in order."""
    return [v.strip() for v in page.locator(f"{REGIONS} li:visible > :first-child").all_inner_texts()]


def test_the_filter_box_finds_a_value_the_page_does_not_list_and_the_keyboard_picks_it(page) -> None:
    page.goto("/")
    assert len(values(page)) == 10 and "Gdańsk" not in values(page)
    box = page.locator(f"{REGIONS} .facet-filter")
    box.fill("gdansk")
    expect(page.locator(f"{REGIONS} .facet-status")).to_have_text("1 value matches")  # the server's answer
    expect(page.locator(f"{REGIONS} li")).to_have_count(1)
    assert values(page) == ["Gdańsk"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "facets-filter-box.png"))
    box.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Gdańsk"
    page.keyboard.press("Enter")
    page.wait_for_url("**/?region=*")
    assert total(page) == 1 and "region=Gdańsk" in unquote(page.url)
    assert page.locator(f"{REGIONS} li.selected").inner_text().startswith("✓ Gdańsk")
    assert not page.errors


def test_emptying_the_box_brings_back_the_page_list(page) -> None:
    page.goto("/")
    first = values(page)
    box = page.locator(f"{REGIONS} .facet-filter")
    box.fill("li")
    expect(page.locator(f"{REGIONS} .facet-status")).to_contain_text("values match")
    assert values(page)[:2] == ["Lisbon", "Lille"] and all("li" in v.lower() for v in values(page))
    box.press("Escape")
    assert values(page) == first
    assert not page.errors


def test_show_more_adds_twenty_values_a_click_that_narrow_and_exclude_like_the_others(page) -> None:
    page.goto("/")
    more = page.locator(f"{REGIONS} [data-more]")
    first = values(page)
    more.click()
    expect(page.locator(f"{REGIONS} li")).to_have_count(30)
    more.click()
    expect(more).to_be_hidden()
    shown = values(page)
    assert shown[:10] == first and len(shown) == len(set(shown)) and len(shown) <= 50
    assert more.is_hidden()  # all of them listed
    assert page.locator(f"{REGIONS} li .count").count() == len(shown)
    page.locator(f"{REGIONS} li", has_text=shown[-1]).locator("button.exclude").click()
    page.wait_for_url("**/?xregion=*")
    assert f"xregion={shown[-1]}" in unquote(page.url).replace("+", " ")
    assert not page.errors


def test_when_the_server_cannot_answer_the_box_filters_the_listed_values(page) -> None:
    page.route("**/api/facet/**", lambda route: route.abort())
    page.goto("/")
    page.locator(f"{REGIONS} .facet-filter").fill("lis")
    status = page.locator(f"{REGIONS} .facet-status")
    expect(status).to_have_text("Could not ask the server; showing matches among the listed values.")
    assert values(page) == ["Lisbon"]


def test_an_exclusion_is_a_chip_above_the_results_that_reads_not_and_removes_itself(page) -> None:
    page.goto("/")
    everything = total(page)
    page.goto("/?xregion=Gdansk&region=Rome")
    chips = page.locator(".chips li")
    assert [" ".join(c.split()) for c in chips.all_text_contents()] == ["place: Rome ✕", "NOT Gdansk ✕"]
    assert chips.first.bounding_box()["y"] < page.locator(".hits").bounding_box()["y"]
    page.screenshot(path=str(ARTIFACTS / "facets-chips.png"))
    page.get_by_role("button", name="Remove the exclusion of place Gdansk").click()
    page.wait_for_url("**/?region=Rome")
    page.get_by_role("button", name="Remove the filter place: Rome").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert total(page) == everything and page.locator(".chips").count() == 0
    assert not page.errors


def test_a_value_filtered_without_accents_is_selected_and_a_click_removes_it(browser, accented_server) -> None:  # noqa: F811
    for page in open_page(browser, accented_server):
        page.goto("/")
        everything = total(page)
        page.goto("/?region=Zurich")
        selected = page.locator(f"{REGIONS} li.selected")
        assert selected.count() == 1 and selected.inner_text().startswith("✓ Zürich")
        assert page.locator(f'{REGIONS} button[value="Zürich"]').count() == 0
        selected.locator("a").click()
        page.wait_for_url(lambda url: url.endswith("/"))
        assert total(page) == everything
        assert not page.errors
