"""Place extraction with the real spaCy model (archive/extract/places.py): normalized, with countries."""

from __future__ import annotations

import pytest

from archive.extract import extract, load_nlp
from archive.extract.places import trim_place

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


def kinds(text: str) -> dict[str, tuple[str | None, str]]:
    return {p.name: (p.country, p.kind) for p in extract(text, "1996-08-30").places}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an alternate name that is an everyday word ("Soul", for Seoul) names no place by itself
        ("SOUL SINGER WINS AWARD", {}),
        # an own name that is an everyday word needs the story's support: none in a headline alone
        ("MOBILE PRICES FALL", {}),
        # ... a place word around it
        ("The port of Mobile reopened on Monday .", {"Mobile": "United States"}),
        # ... a preposition of place, in capitals too
        ("BASEBALL - SCHEDULE\nDENVER AT MOBILE", {"Mobile": "United States"}),
        # ... a dateline
        ("MOBILE 1996-08-30\nThe mayor resigned on Monday .", {"Mobile": "United States"}),
        # ... another place of its country named
        (
            "MOBILE MAYOR QUITS\nThe mayor resigned on Monday , officials in New Orleans said .",
            {"Mobile": "United States", "New Orleans": "United States"},
        ),
    ],
)
def test_everyday_words_are_places_only_where_the_story_makes_them_places(text: str, expected: dict) -> None:
    assert places(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a demonym the model tags as a place: a country's name with a demonym ending is no place
        ("Nepali , Yemeni and Syrian officials met .", {}),
        # a state as AP style abbreviates it is the state
        (
            "The plant in Eugene , Ore. , closed .",
            {"Eugene": ("United States", "city"), "Oregon": ("United States", "region")},
        ),
        # regions of the world and continents are regions of no country
        (
            "Shipping in the North Sea and the Far East slowed .",
            {"North Sea": (None, "region"), "Far East": (None, "region")},
        ),
        (
            "Exports to South America and Oceania grew .",
            {"South America": (None, "region"), "Oceania": (None, "region")},
        ),
        # ... under the name English news gives them
        ("Tankers in the South East Asia waited .", {"Southeast Asia": (None, "region")}),
        # a town's name without the river English leaves out
        ("Talks in Ludwigshafen am Rhein ended .", {"Ludwigshafen": ("Germany", "city")}),
    ],
)
def test_demonyms_abbreviations_and_regions_of_the_world(text: str, expected: dict) -> None:
    assert kinds(text) == expected


def test_a_place_name_ends_with_no_preposition() -> None:
    from spacy.tokens import Doc

    doc = Doc(load_nlp().vocab, words=["the", "Caribbean", "on"], tags=["DT", "NNP", "IN"])  # "the Caribbean on Monday"
    assert [t.text for t in trim_place(doc[:])] == ["Caribbean"]
