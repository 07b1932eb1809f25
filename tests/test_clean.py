"""Cleaning: publication dates, mojibake repair, page bulk before the size cut."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from archive.clean import MAX_TEXT, clean, clean_html, normalize_published, repair_text
from archive.models import RawDocument
from tests.hostile import WRITTEN, WRITTEN_CP1252


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  2022-06-01\n", "2022-06-01"),
        ("2022-06-01T23:30:00-05:00", "2022-06-01"),  # the date as written, not moved to UTC
        ("Wed, 01 Jun 2022 23:30:00 -0500", "2022-06-01"),
        ("June 1, 2022", "2022-06-01"),
        (dt.datetime(2022, 6, 1, 23, 59), "2022-06-01"),
        (dt.date(1996, 8, 30), "1996-08-30"),
    ],
)
def test_publication_dates_in_any_common_form_become_iso_days(value: object, expected: str) -> None:
    assert normalize_published(value) == expected


@pytest.mark.parametrize("value", [None, "", "n/a", "2022-02-30", "99999999999999999999", "32 June 2022"])
def test_unreadable_publication_dates_are_none(value: object) -> None:
    assert normalize_published(value) is None


@pytest.mark.parametrize(("value", "expected"), [("1996", "1996"), ("June 2021", "2021-06"), ("May 31", None)])
def test_a_partial_publication_date_takes_nothing_from_today(value: str, expected: str | None) -> None:
    """dateutil fills missing parts from today: '1996' became 1996-<this month>-<this day>."""
    assert normalize_published(value) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (["First title", "Second"], "First title"),
        (2024, "2024"),
        ({"text": "A title"}, "Harbour news"),
        (None, "Harbour news"),
    ],
)
def test_a_title_that_is_not_text_is_never_a_python_repr(title, expected: str) -> None:
    from archive.clean import clean
    from archive.models import RawDocument

    meta = {"title": title} if title is not None else {}
    doc = clean(RawDocument("a.json", "0", "text", "Harbour news\n\nDock workers ended a strike on Monday.", meta))
    assert doc.title == expected


def test_a_json_ld_headline_that_is_a_number_does_not_fail_the_page() -> None:
    from archive.clean import clean_html

    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": 42}</script></head>'
        "<body><article><p>Dock workers in the harbour ended their strike on Monday after talks.</p></article></body></html>"
    )
    assert clean_html(page).title == "42"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-5000", "signed"),
        ("10", "no year"),
        ("Monday", "no year"),
        ("2022-02-30", "not a day of the calendar"),
        ("9999-12-31", "out of range"),
        ("0001-01-01", "out of range"),
        ("someday", "not a date"),
    ],
)
def test_a_publication_date_that_is_none_is_refused_with_a_reason(value: str, reason: str) -> None:
    """'-5000' became the year 5000; '10', 'Monday' and '2022-02-30' were dropped without a word."""
    problems: list[str] = []
    doc = clean(
        RawDocument("a.json", "0", "text", "Harbour news\n\nDock workers ended a strike.", {"published": value}),
        problems,
    )
    assert doc.published is None
    assert len(problems) == 1 and repr(value) in problems[0] and reason in problems[0]


@pytest.mark.parametrize(
    ("value", "expected"), [("2022", "2022"), ("June 2021", "2021-06"), ("2021-06-05", "2021-06-05")]
)
def test_a_publication_date_keeps_its_precision_and_raises_no_problem(value: str, expected: str) -> None:
    problems: list[str] = []
    doc = clean(
        RawDocument("a.md", "", "markdown", f"---\ndate: {value}\n---\n# Port\n\nDock workers ended a strike.", {}),
        problems,
    )
    assert (doc.published, problems) == (expected, [])


def page(head: str, body: str) -> str:
    return f"<html><head><title>Port strike</title>{head}</head><body>{body}</body></html>"


ARTICLE = (
    "<article><p>Dock workers in the harbour ended their strike on Monday after talks with the port authority.</p>"
    "<p>The council met on 5 March 2021 and agreed to fund repairs to the quay, officials said.</p></article>"
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("", None),  # trafilatura took the date the article mentions: 2021-03-05
        ('<meta name="date" content="2022">', "2022"),  # trafilatura: 2021-03-05
        ('<meta property="article:published_time" content="2022-06">', "2022-06"),  # trafilatura: 2022-06-01
        ('<meta name="date" content="2022-02-30">', None),  # trafilatura: 2022-02-01
    ],
)
def test_a_page_publication_date_is_the_one_it_states_never_a_guess(head: str, expected: str | None) -> None:
    assert clean_html(page(head, ARTICLE)).published == expected


def test_a_time_element_marked_as_the_publication_date_is_read() -> None:
    body = '<p>By the desk, <time itemprop="datePublished" datetime="2022-06-07T08:00:00Z">7 June</time></p>' + ARTICLE
    assert clean_html(page("", body)).published == "2022-06-07"


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("Profits rose to Â£3.9bn in the year.", "Profits rose to £3.9bn in the year."),
        ("Ã‰tÃ© Ã  GenÃ¨ve : la rÃ©union a eu lieu.", "Été à Genève : la réunion a eu lieu."),
        ("â€œWe will reopen,â€\x9d said the mayor.", "“We will reopen,” said the mayor."),
        ("Der BÃ¼rgermeister von KÃ¶ln erÃ¶ffnete die BrÃ¼cke.", "Der Bürgermeister von Köln eröffnete die Brücke."),
    ],
)
def test_text_garbled_before_the_archive_is_repaired(garbled: str, expected: str) -> None:
    doc = clean(RawDocument("a.json", "0", "text", f"Dock workers ended a strike.\n\n{garbled}", {"title": garbled}))
    assert doc.title == expected and expected in doc.text


CORRECT = [
    *(f"{short} {more}" for short, more, _ in WRITTEN.values()),
    WRITTEN_CP1252,
    "SÃO PAULO e NÃO: Âge, ÂME, Ã… (Å in a list), 1°C, £3.9bn, 3 €, Σ ÷ ×",
    "“Quoted” ‘text’ — ﬁne ligatures, ５０ full-width digits, ½ cup, naïve café, Zürich, Łódź, İzmir",
]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_text_is_never_changed_by_the_repair(text: str) -> None:
    """The other way: text written right (quotes, ligatures, widths, rare capitals) passes untouched."""
    assert repair_text(text) == text
    doc = clean(RawDocument("a.json", "0", "text", f"Dock workers ended a strike.\n\n{text}", {"title": text}))
    assert doc.title == text and text in doc.text


def test_an_inline_image_does_not_push_the_article_past_the_size_cut() -> None:
    """A 2.4 MB page with a base64 image lost its article: the HTML was cut at MAX_TEXT before parsing."""
    image = base64.b64encode(random.Random(1).randbytes(1_800_000)).decode()
    html = page("<style>p { color: red }</style>", f'<img src="data:image/png;base64,{image}">' + ARTICLE)
    assert len(html) > 2_400_000 > MAX_TEXT
    assert "Dock workers in the harbour ended their strike" in clean_html(html).text


def test_scripts_styles_and_drawings_do_not_push_the_article_past_the_size_cut() -> None:
    bulk = (
        "<script>var data = "
        + json.dumps(["x" * 100] * 8000)
        + ";</script>"
        + "<style>"
        + ".c { margin: 0 }\n" * 40_000
        + "</style>"
        + '<svg viewBox="0 0 10 10"><path d="'
        + "M0 0 L1 1 " * 60_000
        + '"/></svg>'
        + "<!-- "
        + "old markup " * 50_000
        + "-->"
    )
    html = page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Quay repairs"}</script>',
        bulk + ARTICLE,
    )
    assert len(html) > MAX_TEXT
    doc = clean_html(html)
    assert "Dock workers in the harbour ended their strike" in doc.text and doc.title in ("Quay repairs", "Port strike")


def test_a_page_over_the_read_limit_keeps_its_article_when_its_bulk_is_dropped(tmp_path: Path) -> None:
    from archive.sources import MAX_BYTES, read_records

    image = base64.b64encode(random.Random(2).randbytes(MAX_BYTES)).decode()
    html = page("", f'<img src="data:image/jpeg;base64,{image}">' + ARTICLE)
    (tmp_path / "page.html").write_text(html)
    records, problems = read_records(tmp_path / "page.html", "page.html")
    assert problems == []
    assert "Dock workers in the harbour ended their strike" in clean(records[0]).text


@pytest.mark.slow
def test_a_refused_publication_date_reaches_the_reindex_report_naming_the_file(tmp_path: Path) -> None:
    from archive.config import load_settings
    from archive.index import reindex

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "story.txt").write_text("Port strike\n\nDock workers in Gdansk ended their strike on Monday.")
    (docs / "story.meta.json").write_text(json.dumps({"published": "Monday"}))
    (docs / "year.txt").write_text("Quay\n\nThe quay in Gdansk reopened.")
    (docs / "year.meta.json").write_text(json.dumps({"published": "2022"}))
    report = reindex(load_settings(documents=docs, index=tmp_path / "index", workers=1))
    assert report.indexed == 2
    assert [(name, "'Monday' has no year" in reason) for name, reason in report.warnings] == [("story.txt", True)]
