"""Search request checks (archive/query.py): bounds, query syntax and date ranges, with no index."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from archive.errors import QueryError, QuerySyntaxError
from archive.models import SearchRequest
from archive.query import MAX_LIMIT, MAX_QUERY_CHARS, MAX_WINDOW, bounds, check_request, check_syntax

FAR = dt.date.max.toordinal()


def day(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


@pytest.mark.parametrize(
    "text",
    ["Putin", '"Primorsky Krai"', "(Putin OR Shulga) AND NOT Moscow", '"(" AND ")"', '"a" "b"', "title:(bakers)", ""],
)
def test_balanced_queries_pass(text: str) -> None:
    check_syntax(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"Primorsky Krai', 'The query has an unclosed quotation mark (").'),
        ('"a" "b', 'The query has an unclosed quotation mark (").'),
        ("Putin)", "The query closes a parenthesis it never opened."),
        (")Putin(", "The query closes a parenthesis it never opened."),
        ("((Putin)", "The query opens a parenthesis it never closes."),
        ('(Putin ")"', "The query opens a parenthesis it never closes."),  # the quoted one does not count
    ],
)
def test_unbalanced_queries_are_syntax_errors_on_the_query(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        check_syntax(text)
    assert str(caught.value) == message and caught.value.field == "query"


def test_the_default_request_and_the_limits_themselves_pass() -> None:
    check_request(SearchRequest())
    check_request(
        SearchRequest(limit=MAX_LIMIT, page=MAX_WINDOW // MAX_LIMIT, sort="date", query="x" * MAX_QUERY_CHARS)
    )
    check_request(SearchRequest(date_from="2022", date_to="2022-05", published_from="2022-05-31"))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"sort": "score"}, "sort", "sort must be 'relevance', 'date' (newest first) or 'oldest', not 'score'."),
        ({"limit": 0}, "limit", f"limit must be between 1 and {MAX_LIMIT}."),
        ({"limit": MAX_LIMIT + 1}, "limit", f"limit must be between 1 and {MAX_LIMIT}."),
        (
            {"page": 0},
            "page",
            f"page must be at least 1 and page x limit at most {MAX_WINDOW}; narrow the search instead.",
        ),
        ({"page": MAX_WINDOW // 10 + 1}, "page", None),
        ({"query": "x" * (MAX_QUERY_CHARS + 1)}, "query", f"The query is longer than {MAX_QUERY_CHARS} characters."),
        ({"date_from": "May"}, "date_from", "date-from must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'May'."),
        ({"published_to": "2022-02-30"}, "published_to", None),
    ],
)
def test_a_parameter_out_of_bounds_is_a_query_error_naming_it(change: dict, field: str, message: str | None) -> None:
    with pytest.raises(QueryError) as caught:
        check_request(replace(SearchRequest(), **change))
    assert caught.value.field == field
    if message:
        assert str(caught.value) == message


def test_a_date_error_names_the_option_as_each_face_calls_it() -> None:
    with pytest.raises(QueryError) as caught:
        check_request(SearchRequest(published_from="01/05/2022"))
    assert caught.value.named({"published_from": "--published-from"}).startswith("--published-from must be a date")
    assert caught.value.named({"published_from": "pfrom"}).startswith("pfrom must be a date")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, (1, FAR)),
        ("2022", None, (day("2022-01-01"), FAR)),
        (None, "2022-05", (1, day("2022-05-31"))),
        ("2022-02", "2022", (day("2022-02-01"), day("2022-12-31"))),
        ("2022-05-31", "2022-05-31", (day("2022-05-31"), day("2022-05-31"))),
        ("", "", (1, FAR)),
    ],
)
def test_bounds_span_whole_periods_and_leave_open_ends_unbounded(start, end, expected) -> None:
    assert bounds(start, end) == expected


def test_a_decomposed_query_is_read_as_its_composed_form() -> None:
    """A query with its accents written apart (NFD, "Gene\\u0300ve") is the same query as with them composed."""
    from archive.query import parse_query, query_parser
    from archive.schema import build_schema

    parser = query_parser(build_schema())
    assert parse_query(parser, "Gene\u0300ve  Zu\u0308rich", None) == parse_query(parser, "Genève Zürich", None)
    assert parse_query(parser, "Genève", None) == parse_query(parser, "GENEVE", None)
