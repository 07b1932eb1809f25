"""Copies of one story: MinHash signatures, stories grouped per generation, grouped hits in every front end."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from archive.similar import NO_SIGNATURE, PERMUTATIONS, signature, stories
from tests.test_e2e_browser import browser  # noqa: F401 - the fixture

STORY = (
    "The harbour authority of Gdansk said on Tuesday that dock workers had ended a three day strike over pay, "
    "and that the first grain ships would be loaded on Wednesday morning after talks with the union leaders "
    "that lasted most of the night. Traders said prices of wheat for export had risen during the strike."
)
OTHER = (
    "Heavy rain flooded the lower town of Porto on Monday, closing two bridges and the riverside road, and "
    "the mayor asked residents near the river to leave their homes until the water falls again this week."
)


def matrix(*texts: str) -> np.ndarray:
    return np.stack([np.frombuffer(signature(t), dtype="<u4") for t in texts])


def test_a_copy_with_a_few_words_changed_is_one_story_and_another_story_is_not() -> None:
    copy = STORY.replace("three day", "three-day").replace("Traders said", "Dealers said")
    grouped = stories(matrix(STORY, OTHER, copy), np.ones(3, dtype=bool), np.zeros(3, dtype=np.int64))
    assert grouped.tolist() == [0, 1, 0]


def test_copies_published_days_apart_are_news_of_their_own() -> None:
    signatures = matrix(STORY, STORY, STORY)
    days = np.array([738000, 738001, 738010])
    assert stories(signatures, np.ones(3, dtype=bool), days).tolist() == [0, 0, 2]
    undated = np.array([738000, 0, 738010])  # an undated copy joins a story; the later one stays apart
    assert stories(signatures, np.ones(3, dtype=bool), undated).tolist() == [0, 0, 2]


def test_deleted_and_short_documents_are_never_grouped() -> None:
    assert signature("Qtly div 10 cts vs 10 cts prior") == NO_SIGNATURE
    signatures = matrix(STORY, STORY, "Qtly div 10 cts", "Qtly div 10 cts")
    live = np.array([True, False, True, True])
    assert stories(signatures, live, np.zeros(4, dtype=np.int64)).tolist() == [0, 1, 2, 3]
    assert signatures.shape == (4, PERMUTATIONS)


@pytest.fixture(scope="module")
def copies_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    from archive.config import load_settings
    from archive.index import reindex

    root = tmp_path_factory.mktemp("copies")
    docs, index = root / "docs", root / "index"
    docs.mkdir()
    records = [
        ("Strike ends in Gdansk", "2023-05-02", STORY),
        ("Gdansk strike over", "2023-05-02", STORY.replace("Traders said", "Dealers said")),
        ("CORRECTED - Strike ends in Gdansk", "2023-05-03", STORY.replace("three day", "four day")),
        ("Floods in Porto", "2023-05-01", OTHER),
        ("Strike ends in Gdansk, a year on", "2024-05-02", STORY),  # the same words a year later: its own story
    ]
    with open(docs / "wire.jsonl", "w", encoding="utf-8") as handle:
        for title, published, body in records:
            handle.write(json.dumps({"title": title, "published": published, "body": body}) + "\n")
    report = reindex(load_settings(documents=docs, index=index, workers=1))
    assert not report.failed
    yield docs, index


@pytest.mark.slow
@pytest.mark.parametrize("tables", ["cached", "built"])
def test_search_lists_each_story_once_with_its_copies_under_it(copies_index, tables: str, tmp_path: Path) -> None:
    """Whether the facet tables come from the cache a reindex wrote or are built by the searching process (a
    server that sees a commit before the reindex has cached it)."""
    from archive.models import SearchRequest
    from archive.search import Archive

    _, index = copies_index
    if tables == "built":
        index = shutil.copytree(index, tmp_path / "index")
        for cached in index.glob("facets-*.npz"):
            cached.unlink()
    archive = Archive(index)
    result = archive.search(SearchRequest(query="strike", sort="date", limit=10))
    assert (result.total, result.stories) == (4, 2)
    assert [h.title for h in result.hits] == ["Strike ends in Gdansk, a year on", "Strike ends in Gdansk"]
    first = result.hits[1]
    assert first.published == "2023-05-02"
    assert [c.title for c in first.copies] == ["Gdansk strike over", "CORRECTED - Strike ends in Gdansk"]
    assert result.hits[0].copies == ()
    every = archive.search(SearchRequest(query="strike", limit=10, all_copies=True))
    assert len(every.hits) == 4 and all(h.copies == () for h in every.hits)
    narrowed = archive.search(SearchRequest(query="CORRECTED", limit=10))  # only one copy matches: no group
    assert [h.title for h in narrowed.hits] == ["CORRECTED - Strike ends in Gdansk"] and not narrowed.hits[0].copies


@pytest.mark.slow
def test_page_api_and_cli_say_documents_and_stories(copies_index) -> None:
    from archive.cli import main
    from webui import create_app

    docs, index = copies_index
    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(docs)}).test_client()
    data = client.get("/api/search?q=strike").get_json()
    assert (data["total"], data["stories"]) == (4, 2)
    assert sorted(len(h["copies"]) for h in data["hits"]) == [0, 2]
    html = client.get("/?q=strike").get_data(as_text=True)
    assert 'id="stories">2</span> distinct stories' in html and "2 similar" in html and "copies=all" in html
    every = client.get("/?q=strike&copies=all").get_data(as_text=True)
    assert "2 similar" not in every and every.count('class="hit"') == 4
    out = CliRunner().invoke(main, ["--index", str(index), "search", "strike"])
    assert out.exit_code == 0 and "4 documents, 2 distinct stories" in out.output and "+ 2 similar" in out.output
    listed = CliRunner().invoke(main, ["--index", str(index), "search", "strike", "--all-copies"])
    assert "similar" not in listed.output and listed.output.count(" id ") == 4


@pytest.mark.slow
@pytest.mark.browser
def test_a_journalist_opens_the_copies_and_lists_every_one(copies_index, browser) -> None:  # noqa: F811
    from tests.test_e2e_browser import ARTIFACTS, open_page, serve

    docs, index = copies_index
    for base in serve(index, docs):
        for page in open_page(browser, base):
            page.goto("/?q=strike&sort=date")
            assert page.locator("li.hit").count() == 2
            copies = page.locator("details.copies")
            assert not copies.locator("li").first.is_visible()
            copies.locator("summary").click()
            assert copies.locator("li a").all_inner_texts() == ["Gdansk strike over", "CORRECTED - Strike ends in Gdansk"]
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "copies.png"), full_page=True)
            page.locator("#all-copies").click()
            assert page.locator("li.hit").count() == 4 and "copies=all" in page.url
            page.locator("#group-copies").click()
            assert page.locator("li.hit").count() == 2
            assert not page.errors
