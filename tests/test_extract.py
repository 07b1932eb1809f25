"""Extraction with the real spaCy model: people, places and dates of real sentences."""

from __future__ import annotations

import pytest

from archive.clean import clean
from archive.extract import extract
from archive.sources import read_records
from tests.conftest import SEED


def names(text: str, published: str | None = None) -> set[str]:
    return {p.name for p in extract(text, published).people}


def places(text: str) -> dict[str, str | None]:
    return {p.name: p.country for p in extract(text).places}


def test_seed_article_people_places_and_dates_are_exact() -> None:
    records, _ = read_records(SEED, "seed.txt")
    doc = clean(records[0])
    found = extract(doc.text, "2022-06-01")
    assert {p.name for p in found.people} == {
        "Vladimir Putin", "Yevgeny Lyashenko", "Leonid Vasyukevich", "Gennady Shulga",
        "Natalya Kochugova", "Aleksandr Sustov", "Oleg Kozhemyako", "Anatoly Dolgachyov",
    }  # fmt: skip
    assert {p.name for p in found.places} == {
        "Russia",
        "Ukraine",
        "Primorsky Krai",
        "Luhansk",
        "Popasna",
        "Kyiv",
        "Moscow",
    }
    assert {d.value for d in found.dates} == {"2022-05-31", "2022-05-27", "2022-02-24", "2022-03-25"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Natalya Kochugova was reprimanded. Kochugova said she did not sign.", {"Natalya Kochugova"}),
        ("President Vladimir Putin spoke on television. Putin said little.", {"Vladimir Putin"}),
        (
            "The leader of the Communist lawmakers, Anatoly Dolgachyov, said the action was severe.",
            {"Anatoly Dolgachyov"},
        ),
        ("Vasyukevich told the daily Kommersant that he would stay.", {"Vasyukevich"}),
        ("Mayor Sebastiao Melo's office said Porto Alegre was flooded.", {"Sebastiao Melo"}),
    ],
)
def test_people_are_one_canonical_name(text: str, expected: set[str]) -> None:
    assert names(text) == expected


def test_surname_mentions_join_the_full_name() -> None:
    found = extract("Leonid Vasyukevich read a statement. Later Vasyukevich left the hall.").people
    assert [(p.name, len(p.mentions)) for p in found] == [("Leonid Vasyukevich", 2)]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Two lawmakers in the Far Eastern region of Primorye Krai were expelled.", "Primorsky Krai", "Russia"),
        ("Troops drove along a street in the town of Popasna.", "Popasna", "Ukraine"),
        ("Fighting continued in Ukraine's Luhansk region.", "Luhansk", "Ukraine"),
        ("Heavy rain flooded Porto Alegre on Tuesday.", "Porto Alegre", "Brazil"),
        ("Officials in Kiev said the talks would go on.", "Kyiv", "Ukraine"),
        ("Exports from the U.S. rose in March.", "United States", "United States"),
    ],
)
def test_places_are_normalized_with_their_country(text: str, name: str, country: str) -> None:
    assert places(text).get(name) == country


def test_nationalities_are_not_places() -> None:
    assert "Ukrainian" not in places("Ukrainian and Western officials say thousands of soldiers died.")


def test_every_repeat_of_a_surname_is_a_mention() -> None:
    text = "Leonid Vasyukevich and Gennady Shulga were expelled on Friday. Vasyukevich and Shulga were not present."
    found = {p.name: [m.text for m in p.mentions] for p in extract(text).people}
    assert found == {"Leonid Vasyukevich": ["Leonid Vasyukevich", "Vasyukevich"], "Gennady Shulga": ["Gennady Shulga", "Shulga"]}
