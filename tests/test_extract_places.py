"""Place extraction with the real spaCy model (archive/extract/places.py): normalized, with countries."""

from __future__ import annotations

import pytest

from archive.extract import extract

pytestmark = pytest.mark.slow  # spaCy, an index or a server


def places(text: str) -> dict[str, str | None]:
    return {p.name: p.country for p in extract(text, "1996-08-30").places}


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # countries in an all-caps headline, glued by the model to the sport's name
        (
            "SOCCER - PORTUGAL BEAT LATVIA IN QUALIFIER .\nLISBON 1996-08-30\nPortugal won 2-1 on Friday .",
            {"Portugal": "Portugal", "Latvia": "Latvia", "Lisbon": "Portugal"},
        ),
        # a dateline whose country the model read as part of the date
        ("ROME , Italy 1996-08-31\nThe government fell on Saturday .", {"Rome": "Italy", "Italy": "Italy"}),
        # national sides are places; clubs named after towns, with a score after them, are teams
        ("Baseball results on Thursday :\nLeeds 42 Hull 36\nChicago 4 Houston 3", {}),
        ("Portugal beat Latvia 2-1 on Friday .", {"Portugal": "Portugal", "Latvia": "Latvia"}),
        ("Standings :\nMILWAUKEE 58 70 .453 13\nDETROIT 49 79 .383 22", {}),
        # "X-based" describes a company, it does not name a place the story is about
        ("Shares of the Ontario-based miner rose on Tuesday .", {}),
    ],
)
def test_places_in_headlines_datelines_and_results(text: str, expected: dict[str, str]) -> None:
    assert places(text) == expected
