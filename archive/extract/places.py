"""Places mentioned in a document, normalized with the gazetteer: canonical name, kind and country."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..models import Mention, Place
from ..names import fold_name, fold_place
from .gazetteer import Entry, gazetteer, is_known_place
from .people import given_names
from .spans import crosses_line, entity_pieces, is_team, text_of
from .words import CITY_WORDS, DETERMINERS, POSSESSIVE_ENDINGS, REGION_WORDS

PLACE_LABELS = {"GPE", "LOC"}
BIG_PLACE = 1_000_000
BIG_CITY_UPPER = 100_000  # all-caps datelines name cities: a lower bar
DERIVED = re.compile(r"(?i)-(?:based|bound|registered|born|led|backed|owned|made|listed)\b")


def trim_place(span: Any) -> list[Any]:
    """Return the tokens of a place name: no leading article, no possessive."""
    tokens = [t for t in span if not t.is_space]
    while tokens and (tokens[0].lower_ in DETERMINERS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in POSSESSIVE_ENDINGS or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


def context_kind(tokens: list[Any]) -> str | None:
    """Return the kind of place the words around a name say it is ("Luhansk region", "the town of Popasna")."""
    doc = tokens[0].doc
    after = doc[tokens[-1].i + 1].lower_ if tokens[-1].i + 1 < len(doc) else ""
    before = [doc[i].lower_ for i in range(max(0, tokens[0].i - 2), tokens[0].i)]
    if after in REGION_WORDS or tokens[-1].lower_ in REGION_WORDS:
        return "region"
    if len(before) == 2 and before[1] == "of" and before[0] in CITY_WORDS:
        return "city"
    return None


def is_adjective(tokens: list[Any]) -> bool:
    """Return whether the words are a nationality or adjective ("Ukrainian troops"), not a place."""
    return all(t.tag_ in ("JJ", "NNPS") or t.lower_.endswith(("ian", "ese")) and t.tag_ != "NNP" for t in tokens)


def place_spans(doc: Any, people: set[str]) -> list[tuple[list[Any], str | None]]:
    """Return the spans that name places, with the kind their context gives."""
    found = []
    for ent, piece in entity_pieces(doc):
        tokens = trim_place(piece)
        name = " ".join(t.text for t in tokens)
        if not tokens or fold_name(name) in people or crosses_line(tokens) or is_derived(tokens):
            continue
        kind = context_kind(tokens)
        country = is_country(name)
        if not country and is_team(tokens):
            continue
        if ent.label_ in PLACE_LABELS and not is_adjective(tokens):
            found.append((tokens, kind))
        elif ent.label_ in ("ORG", "PERSON", "NORP") and kind == "city":
            found.append((tokens, kind))  # "the town of Popasna" tagged as an organization
        elif ent.label_ == "PERSON" and is_known_place(name):
            found.append((tokens, kind))
        elif country and ent.label_ != "PERSON" or (country and len(tokens) > 1):
            found.append((tokens, kind))  # "Russia said" tagged ORG, "England 1996-08-31" tagged DATE
    return found


def is_derived(tokens: list[Any]) -> bool:
    """Return whether a place name is part of a derived adjective ("New York-based", "Amman-bound").

    The check reads the text as written, to the end of its last word: the model often leaves "-based" outside.
    """
    text = text_of(tokens[0].doc)
    end = tokens[-1].idx + len(tokens[-1])
    rest = re.match(r"[\w-]*", text[end : end + 30])
    return bool(DERIVED.search(text[tokens[0].idx : end] + (rest.group() if rest else "")))


def is_country(name: str) -> bool:
    """Return whether a name is a country's name (not a nationality adjective)."""
    entries = gazetteer().lookup(name)
    return (
        bool(entries)
        and entries[0].kind == "country"
        and fold_place(entries[0].name) == fold_place(name)
        or name in ("U.S.", "U.K.")
    )


def unlabelled_places(doc: Any) -> list[tuple[list[Any], str | None]]:
    """Return proper nouns the model left untagged that name a country or a big city ("Says Kyiv")."""
    found: list[tuple[list[Any], str | None]] = []
    i = 0
    while i < len(doc):
        for width in (3, 2, 1):
            tokens = list(doc[i : i + width])
            if len(tokens) == width and _untagged_place(tokens, given_names()):
                found.append((tokens, None))
                i += width - 1
                break
        i += 1
    return found


def _untagged_place(tokens: list[Any], given: frozenset[str]) -> bool:
    """Return whether untagged words name a country or a big city: "Says Kyiv", a dateline "BELGRADE"."""
    if any(t.ent_type_ or not t.is_alpha and t.text not in (".", "'") for t in tokens):
        return False
    upper = all(t.is_upper and len(t) > 1 for t in tokens)
    if not upper and not all(t.is_title and t.tag_ == "NNP" for t in tokens):
        return False
    name = " ".join(t.text for t in tokens)
    if len(name) < 4 or crosses_line(tokens):
        return False
    entries = gazetteer().lookup(name)
    if not entries or (len(tokens) == 1 and tokens[0].lower_ in given):
        return False
    if entries[0].kind == "country":
        return True
    return entries[0].population >= (BIG_CITY_UPPER if upper else BIG_PLACE) and not is_team(tokens)


def resolve_places(doc: Any, people: set[str]) -> list[Place]:
    """Return the places of a document, each with its canonical name, kind and country."""
    spans = place_spans(doc, people) + unlabelled_places(doc)
    resolved: list[tuple[list[Any], list[Entry]]] = []
    text = text_of(doc)
    for tokens, kind in spans:
        end = tokens[-1].idx + len(tokens[-1])
        if text[end : end + 1] == "$":
            continue  # "US$40": a currency, not a place
        name = text[tokens[0].idx : end]
        entries = gazetteer().lookup(name, prefer=kind)
        if kind == "city" and entries and entries[0].kind != "city":
            continue
        if not entries and name.isupper():
            continue  # an unknown all-caps word is a headline's shout ("QUALIFIER"), not a place
        resolved.append((tokens, entries))
    countries = {e[0].country for _, e in resolved if e and e[0].kind == "country"}
    groups: dict[tuple[str, str | None, str], list[Mention]] = defaultdict(list)
    for tokens, entries in resolved:
        entry = _choose(entries, countries)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        key = (entry.name, entry.country, entry.kind) if entry else (text[start:end], None, "place")
        groups[key].append(Mention(start, end, text[start:end]))
    return [Place(name=n, country=c, kind=k, mentions=tuple(m)) for (n, c, k), m in groups.items()]


def _choose(entries: list[Entry], countries: set[str]) -> Entry | None:
    """Return the likeliest entry, preferring one in a country the document names."""
    if not entries:
        return None
    same_name = [e for e in entries if fold_place(e.name) == fold_place(entries[0].name)]
    in_context = [e for e in same_name if e.country in countries]
    return in_context[0] if in_context and entries[0].country not in countries else entries[0]
