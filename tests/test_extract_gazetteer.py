"""The gazetteer (archive/extract/gazetteer.py) built from packaged GeoNames and ISO data, and its build cache."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from archive.buildcache import built
from archive.extract.gazetteer import gazetteer, is_known_place


@pytest.mark.parametrize(
    ("name", "prefer", "expected"),
    [
        ("Primorye Krai", None, ("Primorsky Krai", "region", "Russia")),
        ("Primorsky Krai", None, ("Primorsky Krai", "region", "Russia")),
        ("Luhansk", "region", ("Luhansk", "region", "Ukraine")),
        ("Luhansk", "city", ("Luhansk", "city", "Ukraine")),
        ("Kiev", None, ("Kyiv", "city", "Ukraine")),
        ("KYIV", None, ("Kyiv", "city", "Ukraine")),
        ("U.S.", None, ("United States", "country", "United States")),
        ("Britain", None, ("United Kingdom", "country", "United Kingdom")),
        # a state as AP style abbreviates it, with its period
        ("Ore.", None, ("Oregon", "region", "United States")),
        ("Tenn.", None, ("Tennessee", "region", "United States")),
        # continents and regions of the world: regions of no country, under the name English news gives them
        ("Oceania", None, ("Oceania", "region", None)),
        ("South East Asia", None, ("Southeast Asia", "region", None)),
        # a town's name without the locative qualifier English leaves out; other qualifiers stay
        ("Ludwigshafen am Rhein", None, ("Ludwigshafen", "city", "Germany")),
        ("Bad Homburg", None, ("Bad Homburg", "city", "Germany")),
        ("Jerez de la Frontera", None, ("Jerez de la Frontera", "city", "Spain")),
        # an oblast named by an adjective is named by the noun English writes, or its capital
        ("Amur region", None, ("Amur Oblast", "region", "Russia")),
        ("Volyn region", None, ("Volyn Oblast", "region", "Ukraine")),
        ("Tomsk region", None, ("Tomsk", "region", "Russia")),
    ],
)
def test_names_resolve_to_one_entry_with_kind_and_country(name: str, prefer: str | None, expected: tuple) -> None:
    best = gazetteer().lookup(name, prefer=prefer)[0]
    assert (best.name, best.kind, best.country) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Soul", []),  # an alternate name of Seoul, and an everyday word: no name of Seoul's
        ("Ore", []),  # the abbreviation needs its period
    ],
)
def test_everyday_words_are_no_alternate_names(name: str, expected: list) -> None:
    assert gazetteer().lookup(name) == expected


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Dráma", True),
        ("Drama", False),  # the everyday word meets the Greek town only with its accent dropped
    ],
)
def test_an_everyday_word_is_no_accented_place(name: str, known: bool) -> None:
    assert is_known_place(name, min_population=0) is known


@pytest.mark.parametrize(
    ("word", "demonym"),
    [
        ("Omani", True),
        ("Nepalese", True),
        ("Chilean", True),
        ("Turkish", True),
        ("Yemenis", True),
        ("Oman", False),  # the country itself
        ("Indiana", False),  # a place whose name looks like one
        ("Muscat", False),
    ],
)
def test_demonyms_are_country_names_with_a_demonym_ending(word: str, demonym: bool) -> None:
    assert gazetteer().is_demonym(word) is demonym


def test_unknown_names_resolve_to_nothing() -> None:
    assert gazetteer().lookup("Qwertyuiop") == []


def test_a_cached_build_is_reused_and_a_damaged_one_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_CACHE", str(tmp_path))
    calls = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    assert built("sample", build, (), ("click",)) == {"built": 1}
    assert built("sample", build, (), ("click",)) == {"built": 1}  # read from the file, not built again
    (cached,) = tmp_path.glob("sample-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert built("sample", build, (), ("click",)) == {"built": 2}
    assert pickle.loads(cached.read_bytes()) == {"built": 2}


def test_a_cache_folder_that_cannot_be_written_only_costs_the_build(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ARCHIVE_CACHE", str(blocker / "cache"))
    assert built("sample", lambda: 42, (), ()) == 42
