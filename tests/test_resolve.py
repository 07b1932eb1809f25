"""Resolution of people across the archive (archive/resolve.py): pure functions, no model, no index."""

from __future__ import annotations

from archive.resolve import person_keys, without_initials


def keys(counts: dict[str, int]) -> dict[str, str | None]:
    values = list(counts)
    return dict(zip(values, person_keys(values, list(counts.values())), strict=True))


def test_a_surname_joins_the_full_name_that_dominates_it() -> None:
    found = keys({"Harold Mbeki": 40, "Mbeki": 300, "Thandi Mbeki": 3})
    assert found["Mbeki"] == found["Harold Mbeki"] != found["Thandi Mbeki"]


def test_a_surname_two_full_names_share_stays_apart() -> None:
    found = keys({"Ana Kowalczyk": 20, "Piotr Kowalczyk": 15, "Kowalczyk": 50})
    assert len({found["Ana Kowalczyk"], found["Piotr Kowalczyk"], found["Kowalczyk"]}) == 3


def test_initials_do_not_make_another_person() -> None:
    assert without_initials("paul a volcker") == "paul volcker"
    found = keys({"Oskar Q Lindqvist": 2, "Oskar Lindqvist": 30})
    assert found["Oskar Q Lindqvist"] == found["Oskar Lindqvist"]


def test_a_lone_common_word_is_no_one_but_a_rare_lone_name_stays() -> None:
    found = keys({"Average": 500, "Window": 40, "Suharto": 60})
    assert found["Average"] is None and found["Window"] is None
    assert found["Suharto"] == "suharto"


def test_romanizations_are_one_person() -> None:
    found = keys({"Anatoly Dolgachyov": 3, "Anatoly Dolgachev": 2})
    assert found["Anatoly Dolgachyov"] == found["Anatoly Dolgachev"]
