"""End-to-end: a real Flask server and Debian's chromium driven by Playwright."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from werkzeug.serving import make_server

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


def serve(index: Path, documents: Path) -> Iterator[str]:
    """Serve an index on a free port in a thread; yield its address."""
    from webui import create_app

    app = create_app({"ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(documents)})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def server(index_path: Path, documents: Path) -> Iterator[str]:
    yield from serve(index_path, documents)


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


def open_page(browser, base: str) -> Iterator[object]:
    """Yield a page of a fresh browser context on a server, its script errors collected in `page.errors`."""
    context = browser.new_context(base_url=base, accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()


@pytest.fixture()
def page(browser, server):
    yield from open_page(browser, server)


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


def serve_written(tmp_path_factory: pytest.TempPathFactory, name: str, write: Callable[[Path], object]) -> Iterator[str]:
    """Write documents with a writer of tests/hostile.py, index them for real and serve them."""
    from archive.config import load_settings
    from archive.index import reindex

    documents = tmp_path_factory.mktemp(name)
    write(documents)
    index = tmp_path_factory.mktemp(f"{name}-index")
    assert not reindex(load_settings(documents=documents, index=index, workers=1)).failed
    yield from serve(index, documents)


@pytest.fixture(scope="module")
def accented_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on an archive of stories with accented place names (tests/hostile.py)."""
    from tests.hostile import write_accented

    yield from serve_written(tmp_path_factory, "accented", write_accented)


@pytest.mark.parametrize(("typed", "shown"), [("zurich", "Zürich"), ("KRAKOW", "Kraków"), ("Zu\u0308r", "Zürich")])
def test_the_facet_filter_box_ignores_accents_and_hides_the_rest(browser, accented_server, typed, shown) -> None:
    """Typing a value without its accents (or with them decomposed) leaves just that value in the list."""
    for page in open_page(browser, accented_server):
        page.goto("/")
        items = page.locator('.facet[data-facet="regions"] li')
        assert items.count() > 8
        page.locator('.facet[data-facet="regions"] .facet-filter').fill(typed)
        values = page.locator('.facet[data-facet="regions"] li:visible > :is(a, button):first-child').all_inner_texts()
        assert [v.strip() for v in values] == [shown]
        page.locator('.facet[data-facet="regions"] li :is(a, button)', has_text=shown).first.click()
        assert total(page) == 1 and f"region={shown}" in unquote(page.url)
        assert not page.errors


def test_a_filter_in_the_url_without_accents_selects_the_accented_value(browser, accented_server) -> None:
    for page in open_page(browser, accented_server):
        page.goto("/?region=Zurich&person=jose%20perez")
        assert total(page) == 1
        assert page.locator(".hit h3").first.inner_text() == "Bankers in Zürich"


@pytest.fixture(scope="module")
def misspelt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on wire stories whose words trap a corrector (tests/hostile.py)."""
    from tests.hostile import write_misspellings

    yield from serve_written(tmp_path_factory, "misspelt", write_misspellings)


def test_did_you_mean_links_to_the_word_as_written_and_finds_it(browser, misspelt_server) -> None:
    """Typing "opek" offers OPEC (not the stem "oper" nor the commoner "open"); the link searches it."""
    for page in open_page(browser, misspelt_server):
        page.goto("/")
        page.locator('input[name="q"]').first.fill("opek")
        page.locator('input[name="q"]').first.press("Enter")
        page.wait_for_load_state("load")
        assert total(page) == 0
        link = page.locator(".suggestion a")
        assert link.inner_text() == "OPEC"
        page.screenshot(path=str(ARTIFACTS / "did-you-mean.png"), full_page=True)
        link.click()
        page.wait_for_load_state("load")
        assert total(page) == 4 and "q=OPEC" in page.url
        assert page.locator(".suggestion").count() == 0 and not page.errors


def test_an_empty_result_names_only_the_filter_that_emptied_it(browser, misspelt_server) -> None:
    """No story about Volcker mentions Genève: the page blames the place, not the publication date, and its link
    drops the place alone."""
    for page in open_page(browser, misspelt_server):
        page.goto("/?q=Volcker&region=Gen%C3%A8ve&pfrom=1987")
        assert total(page) == 0
        blamed = page.locator(".empty .blame")
        assert blamed.all_inner_texts() == ["Without the filter place: Genève, 24 documents match. Drop it"]
        page.screenshot(path=str(ARTIFACTS / "empty-result.png"), full_page=True)
        blamed.locator("a").click()
        page.wait_for_load_state("load")
        assert total(page) == 24 and "pfrom=1987" in page.url and "region" not in page.url
        assert not page.errors
