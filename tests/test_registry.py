"""The facet registry (archive/registry.py): one declaration names each facet's field, parameters and flags."""

from __future__ import annotations

import dataclasses

import pytest

from archive.models import Document, Entities, Mention, Person, Place, SearchRequest
from archive.registry import (
    DATE_FILTERS,
    facet_named,
    facet_names,
    facet_of_page,
    facet_value,
    facets,
)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Vladimir Putin", "Vladimir Putin"),
        ("Smith, John", "Smith John"),
        ("Bonaire,  Saint Eustatius and Saba ", "Bonaire Saint Eustatius and Saba"),
        (" Kyiv\t\n", "Kyiv"),
        (",,,", ""),
        ("", ""),
    ],
)
def test_facet_value_drops_commas_and_runs_of_space(value: str, stored: str) -> None:
    assert facet_value(value) == stored
    assert facet_value(stored) == stored  # stored values are already normal


def test_people_regions_and_countries_are_declared_with_their_parameters_and_flags() -> None:
    declared = [(f.name, f.param, f.exclude_param, f.flag, f.exclude_flag, f.page) for f in facets()]
    assert declared[:3] == [
        ("people", "person", "xperson", "--person", "--exclude-person", "person"),
        ("regions", "region", "xregion", "--region", "--exclude-region", "region"),
        ("countries", "country", "xcountry", "--country", "--exclude-country", "country"),
    ]
    assert facet_names() == tuple(f.name for f in facets())
    assert [f.name for f in facets() if f.resolve] == ["people", "organizations"]


def test_every_facet_derives_its_exclusion_and_flags_from_its_parameter() -> None:
    for facet in facets():
        assert facet.exclude_param == "x" + facet.param
        assert (facet.flag, facet.exclude_flag) == ("--" + facet.param, "--exclude-" + facet.param)


def test_every_parameter_and_flag_is_declared_once() -> None:
    params = [p for f in facets() for p in (f.param, f.exclude_param)] + [d.param for d in DATE_FILTERS]
    flags = [p for f in facets() for p in (f.flag, f.exclude_flag)] + [d.flag for d in DATE_FILTERS]
    assert len(set(params)) == len(params) and len(set(flags)) == len(flags)
    assert not {"q", "sort", "page", "limit"} & set(params)


def test_facets_are_found_by_name_and_by_page() -> None:
    assert facet_named("regions").param == "region"
    assert facet_of_page("person") == facet_named("people")
    assert facet_of_page("nowhere") is None
    with pytest.raises(KeyError):
        facet_named("person")  # a parameter, not a facet name


def test_facet_values_come_from_the_entities() -> None:
    mention = (Mention(0, 1, "x"),)
    ents = Entities(
        people=(Person("Gennady Shulga", mention),),
        places=(Place("Luhansk", "Ukraine", mention, "city"), Place("Atlantis", None, mention)),
    )
    doc = Document("T", "text")
    values = {f.name: list(f.values(doc, ents)) for f in facets()}
    assert {name: values[name] for name in ("people", "regions", "countries")} == {
        "people": ["Gennady Shulga"],
        "regions": ["Luhansk", "Atlantis"],
        "countries": ["Ukraine"],
    }


def test_date_filters_name_search_request_fields() -> None:
    fields = {f.name for f in dataclasses.fields(SearchRequest)}
    assert [d.field for d in DATE_FILTERS] == ["date_from", "date_to", "published_from", "published_to"]
    assert {d.field for d in DATE_FILTERS} <= fields
    assert [(d.param, d.flag) for d in DATE_FILTERS] == [
        ("from", "--from"), ("to", "--to"), ("pfrom", "--published-from"), ("pto", "--published-to"),
    ]  # fmt: skip


def test_a_facet_that_clashes_with_a_page_field_or_another_facet_is_refused() -> None:
    import pytest

    from archive.registry import FACETS, Facet, check_facets

    def values(doc, ents):
        return []

    for bad in (
        Facet("files", "file", "Files", "file", values, page="doc"),
        Facet("dates", "day", "Days", "day", values),
        Facet("tags", "q", "Tags", "tag", values),
        Facet("more", FACETS[0].param, "More", "more", values),
    ):
        with pytest.raises(ValueError):
            check_facets([*FACETS, bad])
    check_facets([*FACETS, Facet("tags", "tag", "Tags", "tag", values, page="tag")])
