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


def test_a_hit_on_page_three_of_a_pdf_opens_the_pdf_at_page_three(page) -> None:  # noqa: F811
    """Chromium's own PDF viewer shows the file under the site's headers (CSP object-src 'none', frames denied)."""
    page.goto("/?q=rosters")
    link = page.locator("li.hit p.snippet a.page").first
    assert link.inner_text() == "page 3"
    link.click()
    viewer = None  # the viewer is an extension frame of the navigated page, there once it has loaded
    for _ in range(50):
        viewer = next((f for f in page.frames if f.url.startswith("chrome-extension://")), None)
        if viewer is not None:
            break
        page.wait_for_timeout(100)
    assert viewer is not None, [f.url for f in page.frames]
    selector = viewer.locator("#pageSelector").first
    shown = []
    for _ in range(100):  # the viewer counts from 0 while the file loads, then goes to the page asked
        shown.append(selector.evaluate("e => e.value", timeout=15_000))
        if shown[-1] not in ("", "0"):
            break
        page.wait_for_timeout(100)
    assert shown[-1] == "3", shown
