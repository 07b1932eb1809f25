from __future__ import annotations

import datetime as dt

import pytest

from archive.extract.timex import normalize_date

DCT = dt.date(2022, 6, 1)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("May 31", "said on May 31 that", "2022-05-31"),
        ("February 24", "launched its invasion on February 24", "2022-02-24"),
        ("Sept. 30", "", "2022-09-30"),
        ("March 25, 2021", "", "2021-03-25"),
        ("25 March 2021", "", "2021-03-25"),
        ("2022-05-31", "", "2022-05-31"),
        ("March 1987", "", "1987-03"),
        ("1987", "in 1987", "1987"),
        ("yesterday", "", "2022-05-31"),
        ("today", "", "2022-06-01"),
        ("Friday", "the statement was signed on Friday", "2022-05-27"),
        ("Wednesday", "he said on Wednesday", "2022-06-01"),
        ("Friday", "the assembly will meet on Friday", "2022-06-03"),
        ("next Tuesday", "", "2022-06-07"),
        ("last month", "", "2022-05"),
        ("last year", "", "2021"),
        ("two years ago", "", "2020"),
        # the report's own weekday is the publication day, whatever the tense
        ("Wednesday", "the court will rule after a hearing Wednesday that", "2022-06-01"),
        ("next Wednesday", "", "2022-06-08"),
        # plans and schedules speak of the future without "will"
        ("Thursday", "the team planned to leave on Thursday", "2022-06-02"),
        ("Monday", "talks are set to resume Monday", "2022-06-06"),
        ("Friday", "he could arrive as early as Friday", "2022-06-03"),
        # "would" is mostly reported speech about the past, not a future
        ("Friday", "she said the board would not discuss Friday's vote", "2022-05-27"),
        # weekends as ISO weeks: the one just past, or the coming one in future tense
        ("the weekend", "rallies held over the weekend", "2022-W21-WE"),
        ("this weekend", "protesters will march this weekend", "2022-W22-WE"),
        ("the full year", "profit for the full year", "2022"),
    ],
)
def test_date_normalized_against_publication_date(text: str, context: str, expected: str) -> None:
    assert normalize_date(text, DCT, context) == expected


@pytest.mark.parametrize("text", ["$27", "50%", "three years", "the past two weeks", "10 days", "1.5"])
def test_amounts_and_durations_are_not_dates(text: str) -> None:
    assert normalize_date(text, DCT) is None


@pytest.mark.parametrize("text", ["May 31", "Friday", "yesterday", "last week"])
def test_without_publication_date_yearless_dates_are_not_guessed(text: str) -> None:
    assert normalize_date(text, None) is None


def test_without_publication_date_full_dates_are_kept() -> None:
    assert normalize_date("May 31, 2022", None) == "2022-05-31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nineteen ninety-six", "1996"),
        ("January nineteen ninety-seven", "1997-01"),
        ("the year two thousand", "2000"),
        ("the 1990s", "199"),  # decades and centuries in TimeML's form
        ("the nineties", "199"),
        ("the 20th century", "19"),
        ("the current fiscal year", "2022"),
        ("the current quarter", "2022-Q2"),
        ("the quarter", "2022-Q1"),  # the one just reported
        ("the first half of 2021", "2021-H1"),
        ("Saturday, April 25", "2022-04-25"),
        ("coming quarters", "FUTURE_REF"),
        # holidays: the nearest one, past unless the tense says future
        ("Memorial Day", "2022-05-30"),
        ("last Thanksgiving", "2021-11-25"),
        ("Easter 2021", "2021-04-04"),
        ("Good Friday", "2022-04-15"),
        ("Election Day", "2021-11-02"),  # the Tuesday after the first Monday of November
        ("Labor Day 2021", "2021-09-06"),
        # months and quarters counted from the publication date
        ("last November", "2021-11"),
        ("April next year", "2023-04"),
        ("two months ago", "2022-04"),
        ("the third quarter", "2021-Q3"),
        ("the latest quarter", "2022-Q1"),
    ],
)
def test_spelled_years_periods_and_vague_references(text: str, expected: str) -> None:
    assert normalize_date(text, DCT) == expected


@pytest.mark.parametrize(("text", "dct"), [("50000 months ago", DCT), ("yesterday", dt.date(1, 1, 1))])
def test_periods_beyond_the_calendar_are_not_dates(text: str, dct: dt.date) -> None:
    assert normalize_date(text, dct) is None
