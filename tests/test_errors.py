"""The exception hierarchy (archive/errors.py) and how a QueryError names its parameter."""

from __future__ import annotations

import re

import pytest

import archive.errors as errors
from archive.errors import ArchiveError, QueryError, QuerySyntaxError


def test_named_calls_the_parameter_as_its_user_typed_it() -> None:
    error = QueryError("{name} must be a date, not 'May'.", "date_from")
    assert error.named({"date_from": "--from"}) == "--from must be a date, not 'May'."
    assert error.named({"date_from": "from"}) == "from must be a date, not 'May'."


def test_without_a_name_for_it_the_field_is_spelled_with_hyphens() -> None:
    error = QueryError("{name} must be a date.", "published_to")
    assert error.named({}) == str(error) == "published-to must be a date."


def test_a_message_without_a_placeholder_is_kept_whole() -> None:
    error = QuerySyntaxError("The query has an unclosed quotation mark.", "query")
    assert error.named({"query": "q"}) == str(error) == "The query has an unclosed quotation mark."
    assert error.template == "The query has an unclosed quotation mark." and error.field == "query"


def test_query_errors_are_archive_errors() -> None:
    with pytest.raises(ArchiveError):
        raise QuerySyntaxError("bad", "query")
    assert issubclass(QuerySyntaxError, QueryError)


def test_the_hierarchy_drawn_in_the_docstring_is_the_real_one() -> None:
    """Each `+-- Name` line is a subclass of the class drawn above it, one level less indented."""
    drawn = re.findall(r"^( *)(?:\+-- )?(\w+Error)\b", errors.__doc__ or "", re.M)
    assert drawn, "no hierarchy in archive/errors.py's docstring"
    parents: dict[int, str] = {}
    for indent, name in drawn:
        depth = len(indent)
        parents[depth] = name
        above = [d for d in parents if d < depth]
        if above:
            assert getattr(errors, name).__bases__ == (getattr(errors, parents[max(above)]),), name
    declared = {n for n, v in vars(errors).items() if isinstance(v, type) and issubclass(v, ArchiveError)}
    assert declared == {name for _, name in drawn}


def test_what_the_user_typed_is_never_read_as_the_placeholder() -> None:
    from archive.errors import QueryError

    error = QueryError("{name} must be 'relevance' or 'date', not '{name}'.", "sort")
    assert error.named({"sort": "--sort"}) == "--sort must be 'relevance' or 'date', not '{name}'."
