from __future__ import annotations

import datetime as dt

import pytest

from archive.extract.dates import PublicationDate, parse_published, resolve_date

pytestmark = pytest.mark.slow  # spaCy, an index or a server


def test_anaphoric_periods_point_to_the_last_one_named() -> None:
    from archive.extract import extract

    text = (
        "Sales fell in 1988. Later that year the firm was sold. In the third quarter of 1988 profit rose, "
        "and in the following quarter it fell. Next year will be better."
    )
    found = {t.text: t.value for t in extract(text, "1989-10-26").timexes}
    assert found["Later that year"] == "1988"
    assert found["the following quarter"] == "1988-Q4"
    assert found["Next year"] == "1990"  # "next" counts from the publication date, not from the text


@pytest.mark.parametrize(
    ("published", "first", "last"),
    [
        ("2022-06-01", dt.date(2022, 6, 1), dt.date(2022, 6, 1)),
        ("2022-06", dt.date(2022, 6, 1), dt.date(2022, 6, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
    ],
)
def test_publication_date_is_read_at_its_precision(published: str, first: dt.date, last: dt.date) -> None:
    assert parse_published(published) == PublicationDate(first, last)


@pytest.mark.parametrize("published", [None, "", "2022-13", "0000", "June 2022", "22"])
def test_unreadable_publication_date_is_none(published: str | None) -> None:
    assert parse_published(published) is None


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # what the publication date's precision fixes resolves
        ("last year", "2022", "2021"),
        ("this year", "2022", "2022"),
        ("May 31, 2021", "2022", "2021-05-31"),
        ("last month", "2022-06", "2022-05"),
        ("May 31", "2022-03", "2022-05-31"),
        ("the quarter", "2022-06", "2022-Q1"),
        # what it leaves open does not: no day, month or year taken from nowhere
        ("Monday", "2022", None),
        ("yesterday", "2022-06", None),
        ("last week", "2022-06", None),
        ("last month", "2022", None),
        ("May 31", "2022", None),  # from January 2022, the last May 31 was in 2021
    ],
)
def test_date_against_a_month_or_year_publication_date(text: str, published: str, expected: str | None) -> None:
    assert resolve_date(text, parse_published(published)) == expected


def test_document_published_in_a_year_gets_no_invented_day() -> None:
    from archive.extract import extract

    found = extract("The talks began on Monday. Exports fell last year.", "2022")
    assert {t.text: t.value for t in found.timexes} == {"Monday": None, "last year": "2021"}
    assert [d.value for d in found.dates] == ["2021"]
