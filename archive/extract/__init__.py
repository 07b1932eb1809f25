"""Extract people, places and dates from clean text with spaCy and document-level rules.

spaCy is imported here and nowhere on the search path, so `archive search` starts fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..config import DEFAULT_MODEL
from ..errors import ArchiveError
from ..language import LETTER, SAMPLE_CHARS
from ..models import Entities, Person
from ..names import fold_name, fold_place
from .dates import resolve_dates
from .organizations import firm_names, organization_name, resolve_organizations
from .people import resolve_people, titles
from .places import resolve_places
from .spans import entity_pieces

MAX_CHARS = 300_000  # text beyond this is indexed but not read by the model
PIPES_UNUSED = ["parser", "lemmatizer", "senter"]


@lru_cache(maxsize=2)
def load_nlp(model: str = DEFAULT_MODEL) -> Any:
    """Return the spaCy pipeline, loaded once per process, without the parts extraction does not use."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=PIPES_UNUSED)
    except OSError as exc:
        raise ArchiveError(
            f"Cannot load the spaCy model {model!r}: install it (pip install -e .) or set ARCHIVE_MODEL."
        ) from exc
    nlp.max_length = MAX_CHARS + 1000
    return nlp


def entities_of(doc: Any, published: str | None) -> Entities:
    """Return the people, places, organizations and dates of one processed spaCy document."""
    firms = firm_names(doc)
    people = [p for p in resolve_people(doc) if not names_a_firm(fold_name(p.name), firms)]
    names = {fold_name(p.name) for p in people} | {fold_name(m.text) for p in people for m in p.mentions}
    places = resolve_places(doc, names)
    place_names = {fold_place(p.name) for p in places} | {fold_place(m.text) for p in places for m in p.mentions}
    dates, timexes = resolve_dates(doc, published)
    return Entities(
        people=tuple(people),
        places=tuple(places),
        dates=tuple(dates),
        timexes=tuple(timexes),
        organizations=tuple(resolve_organizations(doc, names, place_names)),
        labels=model_labels(doc) + titled(doc, people),
    )


def names_a_firm(name: str, firms: set[str]) -> bool:
    """Return whether a name is a company the document writes with a legal form, or the start of one's name
    ("Jardon Mathis" beside "Jardon Mathis Holdings Ltd")."""
    return name in firms or any(firm.startswith(name + " ") for firm in firms)


def titled(doc: Any, people: list[Person]) -> tuple[str, ...]:
    """Return "TITLED:name" for each person the document names after a title or honorific ("President X",
    "Mr X"): the evidence that a name standing alone in the archive is a person (archive/resolve.py)."""
    found = set()
    for person in people:
        for mention in person.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in titles():
                found.add(f"TITLED:{fold_name(person.name)}")
    return tuple(sorted(found))


VOTING_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}


def model_labels(doc: Any) -> tuple[str, ...]:
    """Return "LABEL:name" for each name the model labelled in the document (folded as people's names are,
    an organization without its legal form): the archive counts these votes to decide what a name is."""
    found = set()
    for ent, piece in entity_pieces(doc):
        if ent.label_ in VOTING_LABELS:
            text = " ".join(t.text for t in piece)
            found.add(f"{ent.label_}:{fold_name(organization_name(text) if ent.label_ == 'ORG' else text)}")
    return tuple(sorted(v for v in found if not v.endswith(":")))


def extract(text: str, published: str | None = None, model: str = DEFAULT_MODEL) -> Entities:
    """Return the entities of one text, dates resolved against its publication date."""
    return entities_of(load_nlp(model)(text[:MAX_CHARS]), published)


UNDETERMINED = "und"  # ISO 639-2's code for a language not told: a text too short to judge, in another script
NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")  # a letter of no Latin block


def is_english(language: str | None, text: str = "") -> bool:
    """Return whether a document goes to the English model: English, or a language that could not be told in a
    text mostly in Latin letters (a short text in Cyrillic or Greek is no English, told or not)."""
    if language is None:
        letters = LETTER.findall(text[:SAMPLE_CHARS])
        return 2 * len(NON_LATIN.findall("".join(letters))) <= len(letters)
    return language == "en"


def extract_in(text: str, published: str | None, language: str | None, model: str = DEFAULT_MODEL) -> Entities:
    """Return the entities of one text in its language: the English model reads English only."""
    if is_english(language, text):
        return extract(text, published, model)
    from .foreign import foreign_entities

    return foreign_entities(text, published, language or UNDETERMINED)


def extract_languages(
    items: Iterable[tuple[str, str | None, str | None]], model: str = DEFAULT_MODEL, batch_size: int = 32
) -> Iterator[Entities | None]:
    """Yield the entities of many (text, published, language) triples: English texts batched through the
    English model, the others each through its own language's extraction (archive/extract/foreign.py); None
    for a text whose extraction failed."""
    triples = list(items)
    english = [i for i, (text, _, language) in enumerate(triples) if is_english(language, text)]
    pairs = ((triples[i][0], triples[i][1]) for i in english)
    found = dict(zip(english, extract_many(pairs, model, batch_size), strict=True)) if english else {}
    for number, (text, published, language) in enumerate(triples):
        yield found[number] if number in found else _foreign_or_none(text, published, language, model)


def _foreign_or_none(text: str, published: str | None, language: str | None, model: str) -> Entities | None:
    """Return a non-English text's entities, or None when its extraction fails: the caller tries that text
    again alone and reports why, while the batch's other texts keep what the model found for them."""
    try:
        return extract_in(text, published, language, model)
    except Exception:
        return None


def extract_many(
    items: Iterable[tuple[str, str | None]], model: str = DEFAULT_MODEL, batch_size: int = 32
) -> Iterator[Entities]:
    """Yield the entities of many (text, published) pairs, batched through the model."""
    nlp = load_nlp(model)
    pairs = list(items)
    docs = nlp.pipe((t[:MAX_CHARS] for t, _ in pairs), batch_size=batch_size)
    for doc, (_, published) in zip(docs, pairs, strict=True):
        yield entities_of(doc, published)
