"""In the browser: from a hit to its document and back, previous / next, an entity's page from a hit, sorting."""

from __future__ import annotations

import pytest

from tests.test_e2e_browser import ARTIFACTS, browser, page, server  # noqa: F401 - the fixtures

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_journalist_reads_results_one_by_one_and_comes_back(page) -> None:  # noqa: F811
    page.goto("/?q=minister&sort=oldest")
    titles = page.locator("li.hit h3 a").all_inner_texts()
    assert len(titles) >= 2
    page.locator("li.hit h3 a").first.click()
    assert page.locator("h1").inner_text() == titles[0]
    assert page.locator("mark.query").count() > 0 and page.locator("#q").input_value() == "minister"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document-from-search.png"), full_page=True)
    page.locator('a[rel="next"]').click()
    assert page.locator("h1").inner_text() == titles[1]
    page.locator("a.back").click()
    assert "sort=oldest" in page.url and page.url.endswith("#hit-2")
    assert page.locator("li.hit h3 a").all_inner_texts() == titles
    assert not page.errors


def test_an_entity_page_is_one_click_from_a_hit(page) -> None:  # noqa: F811
    page.goto("/?q=Rotterdam")
    page.locator('li.hit a.entity-page[href="/region/Rotterdam"]').first.click()
    assert page.locator("h1").inner_text().startswith("Rotterdam")
    assert page.locator("h3.co-type").count() >= 1
    page.goto("/?q=*")
    page.locator('a[data-sort="oldest"]').click()
    dates = [d.split(" · ")[0] for d in page.locator("li.hit .meta").all_inner_texts()]
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated)
