"""End-to-end: a real Flask server and Debian's chromium driven by Playwright."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(index_path: Path, documents: Path) -> Iterator[str]:
    from webui import create_app

    app = create_app({"ARCHIVE_INDEX": str(index_path), "ARCHIVE_DOCUMENTS": str(documents)})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        args = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(base_url=server, accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()


def pick(page, facet: str, value: str) -> None:
    """Click a facet value as a person would: narrowing a long list with its filter box first."""
    box = page.locator(f'.facet[data-facet="{facet}"] .facet-filter')
    if box.count():
        box.fill(value)
    page.locator(f'.facet[data-facet="{facet}"] li :is(a, button)', has_text=value).first.click()


def total(page) -> int:
    return int(page.locator("#total").inner_text().replace(",", ""))


def test_find_the_seed_by_clicking_ukraine_then_putin(page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("/")
    everything = total(page)
    pick(page, "countries", "Ukraine")
    after_country = total(page)
    assert 1 <= after_country < everything
    assert "country=Ukraine" in page.url
    pick(page, "people", "Vladimir Putin")
    assert total(page) == 1
    assert "Russian Lawmakers Expelled" in page.locator(".hit h3").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    page.go_back()
    assert total(page) == after_country
    assert not page.errors


def test_search_box_and_date_range(page) -> None:
    page.goto("/")
    page.fill("#q", "Vasyukevich")
    page.press("#q", "Enter")
    assert total(page) == 2
    page.fill('input[name="from"]', "2022-05-01")
    page.fill('input[name="to"]', "2022-05-31")
    page.click('.dates button[type="submit"]')
    assert total(page) == 1
    assert "from=2022-05-01" in page.url


def test_timeline_bar_click_selects_a_period(page) -> None:
    page.goto("/?q=Putin")
    page.locator(".histogram .bar-link").first.click()
    assert "from=" in page.url and "to=" in page.url
    assert total(page) >= 1


def test_open_a_document_and_see_entities(page) -> None:
    page.goto("/?q=Putin")
    page.locator(".hit h3 a").first.click()
    assert page.locator("mark.person", has_text="Vladimir Putin").count() == 1
    assert page.locator("mark.place").count() >= 7
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)


def test_export_csv_downloads_the_result_set(page) -> None:
    page.goto("/?country=Russia")
    with page.expect_download() as download:
        page.click("#export-csv")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("id,title,published")
    assert len(text.strip().splitlines()) == total(page) + 1


def test_script_payloads_in_documents_never_run(page) -> None:
    page.goto("/?q=payload")
    assert page.locator(".hit h3").first.inner_text().startswith("<script>")
    page.locator(".hit h3 a").first.click()
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned === undefined")
    assert "<script>window.__pwned" in page.locator("h1").inner_text()
