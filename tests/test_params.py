"""URL parameters to a SearchRequest and back (webui/params.py): werkzeug MultiDicts, no app, no index."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from archive.errors import QueryError
from archive.models import SearchRequest
from archive.registry import facets
from webui.params import active_filters, param_names, request_from_args, state, url_with

ARGS = MultiDict(
    [
        ("q", "Putin"),
        ("country", "Ukraine"),
        ("country", "Russia"),
        ("xperson", "Vladimir Putin"),
        ("from", "2022-05"),
        ("pto", ""),
        ("sort", "date"),
        ("page", "3"),
        ("utm_source", "mail"),
    ]
)


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def test_request_from_args_reads_every_parameter() -> None:
    request = request_from_args(ARGS)
    assert request.query == "Putin"
    assert request.filters == {f.name: () for f in facets()} | {"countries": ("Ukraine", "Russia")}
    assert request.excludes == {f.name: () for f in facets()} | {"people": ("Vladimir Putin",)}
    assert (request.date_from, request.date_to, request.published_from, request.published_to) == (
        "2022-05", None, None, None,
    )  # fmt: skip
    assert (request.sort, request.page, request.limit) == ("date", 3, 20)


def test_request_from_no_args_is_the_default_search() -> None:
    request = request_from_args(MultiDict(), limit=7)
    assert (request.query, request.sort, request.page, request.limit) == ("", "relevance", 1, 7)
    assert all(values == () for values in (*request.filters.values(), *request.excludes.values()))
    assert request.date_from is None and request.published_to is None


def test_empty_values_are_no_filter() -> None:
    request = request_from_args(MultiDict([("person", ""), ("person", "Gennady Shulga"), ("page", ""), ("sort", "")]))
    assert request.wanted("people") == ("Gennady Shulga",)
    assert (request.page, request.sort) == (1, "relevance")


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("page", "two", "page must be a whole number, not 'two'."),
        ("limit", "1.5", "limit must be a whole number, not '1.5'."),
        ("page", "9" * 12, "page is out of range."),
    ],
)
def test_a_bad_number_is_a_query_error_naming_the_parameter(name: str, raw: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        request_from_args(MultiDict([(name, raw)]))
    assert caught.value.named(param_names()) == message
    assert caught.value.field == name


def test_param_names_are_the_url_names_of_request_fields() -> None:
    names = param_names()
    assert names["date_from"] == "from" and names["published_to"] == "pto" and names["query"] == "q"
    assert QueryError("{name} is bad.", "published_from").named(names) == "pfrom is bad."


def test_state_keeps_search_parameters_in_url_order_without_empty_ones() -> None:
    assert state(ARGS) == [
        ("q", "Putin"),
        ("xperson", "Vladimir Putin"),
        ("country", "Ukraine"),
        ("country", "Russia"),
        ("from", "2022-05"),
        ("sort", "date"),
        ("page", "3"),
    ]


def test_adding_a_filter_value_keeps_the_others_and_goes_to_page_one() -> None:
    pairs = query_of(url_with(ARGS, add={"country": "Poland"}))
    assert [v for k, v in pairs if k == "country"] == ["Ukraine", "Russia", "Poland"]
    assert "page" not in dict(pairs) and dict(pairs)["q"] == "Putin"


def test_adding_a_single_valued_parameter_replaces_it() -> None:
    pairs = query_of(url_with(ARGS, add={"sort": "relevance", "q": "Shulga"}))
    assert [v for k, v in pairs if k == "sort"] == ["relevance"]
    assert [v for k, v in pairs if k == "q"] == ["Shulga"]


def test_adding_a_value_already_filtered_keeps_one_copy() -> None:
    """A hit's person chip links to add that person: on a page already filtered by them, the URL must not repeat it."""
    pairs = query_of(url_with(ARGS, add={"country": "Russia"}))
    assert [v for k, v in pairs if k == "country"] == ["Ukraine", "Russia"]


def test_removing_one_value_or_every_value() -> None:
    one = query_of(url_with(ARGS, remove={"country": "Russia"}))
    assert [v for k, v in one if k == "country"] == ["Ukraine"]
    every = query_of(url_with(ARGS, remove={"country": None, "xperson": "Vladimir Putin"}))
    assert {k for k, _ in every} == {"q", "from", "sort"}


def test_paging_keeps_the_state_and_sets_the_page() -> None:
    pairs = query_of(url_with(ARGS, add={"page": "4"}))
    assert pairs == [*[p for p in state(ARGS) if p[0] != "page"], ("page", "4")]


def test_url_with_encodes_values_and_takes_a_path() -> None:
    url = url_with(MultiDict([("person", "Joanna Kowalska & co"), ("q", 'a "b"')]), path="/api/export.csv")
    assert url == "/api/export.csv?q=a+%22b%22&person=Joanna+Kowalska+%26+co"
    assert url_with(MultiDict()) == "/"
    assert url_with(MultiDict([("page", "2")])) == "/"


def test_active_filters_lists_filters_exclusions_and_dates_with_the_parameter_to_remove() -> None:
    chips = active_filters(request_from_args(ARGS))
    assert [(c["label"], c["value"], c["param"], c["excluded"]) for c in chips] == [
        ("country", "Ukraine", "country", False),
        ("country", "Russia", "country", False),
        ("not person", "Vladimir Putin", "xperson", True),
        ("mentions from", "2022-05", "from", False),
    ]
    assert active_filters(SearchRequest()) == []


def test_every_chip_links_to_a_url_without_its_filter() -> None:
    for chip in active_filters(request_from_args(ARGS)):
        pairs = query_of(url_with(ARGS, remove={chip["param"]: chip["value"]}))
        assert (chip["param"], chip["value"]) not in pairs
        assert len(pairs) == len(state(ARGS)) - 2  # the chip's pair and the page
