"""Publication dates (archive/clean.normalize_published): pure, no files."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.clean import normalize_published


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
    [(["First title", "Second"], "First title"), (2024, "2024"), ({"text": "A title"}, "Harbour news"), (None, "Harbour news")],
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
