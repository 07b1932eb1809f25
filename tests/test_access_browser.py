"""Phones and keyboards (issue 13, point 5): axe-core on each kind of page, the skip link, the folded facet panel,
tap targets, the sidebar keeping its place, and no failed request (the favicon) in Debian's chromium."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.test_e2e_browser import ARTIFACTS, browser, server  # noqa: F401 - browser and server are fixtures

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FIRST_RESULT = ".hit h3 a"
TAP = 44  # px: the smallest tap target on a phone


def open_context(browser, base: str, viewport: dict[str, int], **options) -> Iterator[object]:  # noqa: F811
    """Yield a page in a fresh context of a given viewport; its console errors and failed requests in `page.failures`."""
    phone = viewport["width"] < 500
    context = browser.new_context(base_url=base, viewport=viewport, is_mobile=phone, has_touch=phone, **options)
    page = context.new_page()
    failures: list[str] = []
    page.on("console", lambda m: m.type == "error" and failures.append(m.text))
    page.on("pageerror", lambda exc: failures.append(str(exc)))
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url}: {r.status}"))
    page.failures = failures
    yield page
    context.close()


@pytest.fixture()
def desktop(browser, server):  # noqa: F811
    yield from open_context(browser, server, DESKTOP)


@pytest.fixture()
def phone(browser, server):  # noqa: F811
    yield from open_context(browser, server, PHONE)


def axe_counts(page) -> tuple[Counter[str], list[str]]:
    """Run axe-core (bundled with axe-playwright-python) on the page; return violations by impact, and a report."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    counts = Counter(v["impact"] for v in violations)
    report = [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}" for v in violations]
    return counts, report


def first_document(page) -> str:
    page.goto("/?q=Putin")
    return page.locator(FIRST_RESULT).first.get_attribute("href")


def pages_of_each_kind(page) -> list[tuple[str, str]]:
    """Return (kind, path) of the front page, a search with filters and an exclusion, a document, an entity."""
    return [
        ("search", "/"),
        ("search", "/?q=Putin OR ferry&country=Russia&xcountry=Ukraine&limit=1"),
        ("document", first_document(page)),
        ("entity", "/person/Vladimir Putin"),
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_violation_on_any_kind_of_page(browser, server, viewport) -> None:  # noqa: F811
    for page in open_context(browser, server, viewport):
        found = {}
        for kind, path in pages_of_each_kind(page):
            page.goto(path)
            if page.locator(".facet-panel:not([open]) > summary").count():
                page.locator(".facet-panel > summary").click()  # so axe sees the filters too
            counts, report = axe_counts(page)
            print(f"axe {viewport['width']}x{viewport['height']} {kind} {path}: "
                  f"{', '.join(f'{counts[i]} {i}' for i in ('critical', 'serious', 'moderate', 'minor'))}")
            found[path] = [line for line in report if "(serious)" in line or "(critical)" in line]
        assert not any(found.values()), found


def test_the_first_result_is_at_most_five_tabs_from_page_load(desktop) -> None:
    """The search box has the focus; Tab reaches the skip link, Enter follows it, the next Tab the first result."""
    desktop.goto("/?q=ferry OR Putin OR strike")
    tabs = 0
    while not desktop.evaluate("document.activeElement.matches('.hit h3 a')") and tabs < 400:
        desktop.keyboard.press("Tab")
        tabs += 1
        if desktop.evaluate("document.activeElement.matches('.skip')"):
            box = desktop.locator(".skip").bounding_box()
            assert box["width"] > 40 and box["height"] > 20 and box["y"] >= 0  # seen when focused
            desktop.screenshot(path=str(ARTIFACTS / "skip-link.png"))
            desktop.keyboard.press("Enter")
    print(f"Tab presses from page load to the first result: {tabs} (and Enter on the skip link)")
    assert tabs <= 5
    assert desktop.evaluate("document.activeElement.href") == desktop.locator(FIRST_RESULT).first.evaluate("a => a.href")


def test_on_a_phone_the_results_come_first_and_the_filters_fold(phone) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    phone.goto("/")
    first = phone.locator(FIRST_RESULT).first.bounding_box()
    print(f"first result's top at 390x844: {first['y']:.0f} px")
    assert first["y"] + TAP <= PHONE["height"]  # its first line, a tap target, on the first screen
    phone.screenshot(path=str(ARTIFACTS / "phone-results.png"))
    russia = phone.locator('.facet[data-facet="countries"] li > :first-child', has_text="Russia").first
    assert not russia.is_visible()
    phone.locator(".facet-panel > summary").tap()
    assert russia.is_visible()
    phone.screenshot(path=str(ARTIFACTS / "phone-filters.png"))
    russia.tap()
    phone.wait_for_url("**country=Russia**")
    assert phone.locator(FIRST_RESULT).first.bounding_box()["y"] < PHONE["height"]  # the tap's answer, in view
    assert not phone.locator(".facet-panel").evaluate("d => d.open")
    assert not phone.failures


def test_on_a_phone_every_control_is_a_44px_tap_target(phone) -> None:
    phone.goto("/?limit=2&page=2")
    phone.locator(".facet-panel > summary").tap()
    controls = {
        "facet values": ".facet li > :first-child",
        "exclusions": ".facet .exclude",
        "show more": ".facet .more",
        "facet filter boxes": ".facet-filter",
        "pager": ".pages a",
        "buttons (entity chips among them)": "button",
        "panel and help toggles": "summary",
        "result titles": FIRST_RESULT,
    }
    small = {}
    for name, selector in controls.items():
        boxes = [b for b in (e.bounding_box() for e in phone.locator(selector).all()) if b]
        assert boxes, f"no {name} on the page"
        small[name] = [(round(b["width"]), round(b["height"])) for b in boxes if min(b["width"], b["height"]) < TAP]
        print(f"{name}: {len(boxes)} shown, smallest {min(min(b['width'], b['height']) for b in boxes):.0f} px")
    assert not any(small.values()), small


def test_a_filter_click_keeps_the_sidebar_where_the_reader_was(browser, server) -> None:  # noqa: F811
    """On a short wide screen the facets scroll on their own; after a click the new page shows them scrolled alike."""
    for page in open_context(browser, server, {"width": 1280, "height": 500}):
        page.goto("/")
        sidebar = page.locator("aside.facets")
        sidebar.evaluate("s => { s.scrollTop = s.scrollHeight }")
        before = sidebar.evaluate("s => s.scrollTop")
        assert before > 100
        # most documents stay; a DOM click, since Playwright's own would first scroll the sidebar to the button
        page.locator('.facet[data-facet="countries"] .exclude:visible').last.evaluate("b => b.click()")
        page.wait_for_url("**xcountry=**")
        page.wait_for_load_state("load")
        after, most = sidebar.evaluate("s => [s.scrollTop, s.scrollHeight - s.clientHeight]")
        assert after > 100 and abs(after - min(before, most)) <= 2
        assert page.evaluate("window.scrollY") == 0  # the results and their count stay in view
        assert not page.failures


def test_without_javascript_the_filters_unfold_on_phones_and_show_on_wide_screens(browser, server) -> None:  # noqa: F811
    for viewport in (PHONE, DESKTOP):
        for page in open_context(browser, server, viewport, java_script_enabled=False):
            page.goto("/")
            russia = page.locator('.facet[data-facet="countries"] li > :first-child', has_text="Russia").first
            if viewport is PHONE:
                assert not russia.is_visible()
                page.locator(".facet-panel > summary").click()
            russia.click()
            page.wait_for_url("**country=Russia**")
            assert page.locator(FIRST_RESULT).count() >= 1


def test_no_page_fails_a_request_and_the_favicon_is_ours(desktop) -> None:
    for _, path in pages_of_each_kind(desktop):
        desktop.goto(path)
        desktop.wait_for_load_state("networkidle")
    assert not desktop.failures
    icon = desktop.request.get("/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert desktop.locator('link[rel="icon"]').get_attribute("href") == "/static/favicon.svg"
