"""Places mentioned in a document, normalized with the gazetteer: canonical name, kind and country."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..models import Mention, Place
from ..names import fold_name, fold_place
from .gazetteer import Entry, gazetteer, is_known_place
from .people import given_names, is_headline
from .spans import crosses_line, entity_pieces, is_team, text_of, trim_name
from .words import CITY_WORDS, PLACE_PREPOSITIONS, REGION_WORDS

PLACE_LABELS = {"GPE", "LOC"}
BIG_PLACE = 1_000_000
BIG_CITY_UPPER = 100_000  # all-caps datelines name cities: a lower bar
DERIVED = re.compile(r"(?i)-(?:based|bound|registered|born|led|backed|owned|made|listed)\b")
SENTENCE_ENDS = {".", "!", "?", ":", ";", '"', "“", "”", "(", "-", "--"}
DATELINE = re.compile(r"[ \t]*(?:\(|\d{4}-\d\d-\d\d)")  # after "MOBILE" at a line's start: "1996-08-30", "(Reuters)"


def trim_place(span: Any) -> list[Any]:
    """Return the tokens of a place name: no leading article, no possessive, no trailing function word."""
    return trim_name(span, is_function_word)


def is_function_word(token: Any) -> bool:
    """Return whether a token is a lowercase preposition, conjunction or article: no place name ends in one."""
    return token.is_lower and token.tag_ in ("IN", "CC", "TO", "DT")


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
    """Return whether the words are a nationality or adjective ("Ukrainian troops", "Omani"), not a place.

    The model tags a demonym as a proper noun when it stands alone or in a list ("Nepali , Yemeni and ...").
    """
    demonym = gazetteer().is_demonym
    return all(
        t.tag_ in ("JJ", "NNPS") or t.lower_.endswith(("ian", "ese")) and t.tag_ != "NNP" or demonym(t.text)
        for t in tokens
    )


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
    found = looked_up(doc, place_spans(doc, people) + unlabelled_places(doc))
    countries = {e[0].country for _, _, e in found if e and e[0].kind == "country"}
    text = text_of(doc)
    chosen = [(tokens, kind, _choose(entries, countries)) for tokens, kind, entries in found]
    doubtful = [e is not None and needs_support(name_of(t), e) for t, _, e in chosen]
    supported = supported_entries(chosen, doubtful, countries)
    groups: dict[tuple[str, str | None, str], list[Mention]] = defaultdict(list)
    for (tokens, _, entry), doubt in zip(chosen, doubtful, strict=True):
        if doubt and entry not in supported:
            continue  # "MOBILE" in a headline: an everyday word, and nothing in the story makes it a place
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        key = (entry.name, entry.country, entry.kind) if entry else (text[start:end], None, "place")
        groups[key].append(Mention(start, end, text[start:end]))
    return [Place(name=n, country=c, kind=k, mentions=tuple(m)) for (n, c, k), m in groups.items()]


def supported_entries(
    chosen: list[tuple[list[Any], str | None, Entry | None]], doubtful: list[bool], countries: set[str | None]
) -> set[Entry]:
    """Return the places named by everyday words that the document makes places.

    The text around one mention can (see `is_placed_by_text`); so can the document's geography: the
    place's country, or another place in that country, named. Geography does not help a word that meets
    the place only with its accents dropped ("Drama" and Dráma, in a story that names Greece).
    """
    rows = [(t, k, e) for (t, k, e), d in zip(chosen, doubtful, strict=True) if d and e]
    by_text = {e for t, k, e in rows if is_placed_by_text(t, k)}
    named = (
        countries
        | {e.country for (_, _, e), d in zip(chosen, doubtful, strict=True) if e and not d}
        | {e.country for e in by_text}
    )
    by_geography = {e for t, _, e in rows if e.country in named and not gazetteer().is_folded_word(name_of(t), e)}
    return by_text | by_geography


def name_of(tokens: list[Any]) -> str:
    """Return the text of a span of tokens as the document writes it."""
    return text_of(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def looked_up(doc: Any, spans: list[tuple[list[Any], str | None]]) -> list[tuple[list[Any], str | None, list[Entry]]]:
    """Return each place span with its kind and the gazetteer's entries for it, dropping what is no place."""
    found = []
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
        found.append((tokens, kind, entries))
    return found


def needs_support(name: str, entry: Entry) -> bool:
    """Return whether a name is an everyday English word ("Mobile", "Surprise") that alone does not say place.

    A country and a region of the world are places wherever English writes their names ("Chad", "Far East").
    """
    return entry.kind != "country" and entry.country is not None and fold_place(name) in gazetteer().common


def is_placed_by_text(tokens: list[Any], kind: str | None) -> bool:
    """Return whether the words around a name make it a place: the model's place label in running text (not an
    all-caps headline), a preposition of place before it ("in Mobile", "DENVER AT MOBILE"; not for a name the
    model calls a person: "wrote to Victoria"), a place word ("the port of Mobile", "Mobile County"), a dateline, or a
    capital letter where an everyday word would have none."""
    before = tokens[0].doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    labelled = tokens[0].ent_type_ in PLACE_LABELS and not all(t.is_upper for t in tokens)
    person = tokens[0].ent_type_ == "PERSON"
    placed = before is not None and before.lower_ in PLACE_PREPOSITIONS and not person
    return labelled or placed or kind is not None or is_dateline(tokens) or not person and is_proper_noun(tokens)


def is_proper_noun(tokens: list[Any]) -> bool:
    """Return whether running text capitalizes a word where an everyday word would be lower case: mid-sentence,
    not in a headline ("prices in Mobile rose", not "Mobile ..." at a sentence's start nor "MOBILE" in capitals)."""
    before = tokens[0].doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    if before is None or before.is_punct and before.text in SENTENCE_ENDS or "\n" in before.whitespace_:
        return False
    return tokens[0].is_title and not is_headline(tokens[0].doc, tokens[0])


def is_dateline(tokens: list[Any]) -> bool:
    """Return whether a name opens a line and a date or the agency follows it: "MOBILE 1996-08-30"."""
    text = text_of(tokens[0].doc)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return not text[text.rfind("\n", 0, start) + 1 : start].strip() and bool(DATELINE.match(text, end))


def _choose(entries: list[Entry], countries: set[str | None]) -> Entry | None:
    """Return the likeliest entry, preferring one in a country the document names."""
    if not entries:
        return None
    same_name = [e for e in entries if fold_place(e.name) == fold_place(entries[0].name)]
    in_context = [e for e in same_name if e.country in countries]
    return in_context[0] if in_context and entries[0].country not in countries else entries[0]
