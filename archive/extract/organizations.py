"""Organizations mentioned in a document: companies, parties, clubs, agencies, media.

The model's ORG spans, split like every entity span (extract/spans.py), with the legal form
dropped (cleanco's list of company suffixes: "Merrill Lynch & Co Inc" is Merrill Lynch) and
one value per organization in the document: the spellings of one name (all-caps headline,
"the", a legal form) meet under one key. A span the people or places rules already took is
theirs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cleanco import basename
from cleanco.clean import prepare_default_terms

from ..models import Mention, Organization
from ..names import fold_name, fold_place
from .spans import crosses_line, entity_pieces, text_of
from .words import DETERMINERS, POSSESSIVE_ENDINGS

ORG_LABELS = {"ORG"}
CONNECTIVES = {"&", "and", "und", "et", "y"}  # left dangling once a legal form is dropped ("Merrill Lynch and Co")
LETTER = re.compile(r"[^\W\d_]")


def trim_organization(piece: list[Any]) -> list[Any]:
    """Return the tokens of an organization's name: no leading article, no possessive or stray punctuation."""
    tokens = [t for t in piece if not t.is_space]
    while tokens and (tokens[0].lower_ in DETERMINERS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in POSSESSIVE_ENDINGS or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


@lru_cache(maxsize=1)
def legal_words() -> frozenset[str]:
    """Return the one-word legal forms of companies in cleanco's list ("inc", "ltd", "gmbh", "sa")."""
    return frozenset(words[0] for size, words in prepare_default_terms() if size == 1)


def is_legal_form(word: str) -> bool:
    """Return whether a written word is a company's legal form: capitalized as one ("Inc", "SA"; not "as")."""
    return word[:1].isupper() and word.lower().strip(".,") in legal_words()


def name_words(text: str) -> list[str]:
    """Return the words of an organization's name as written: a legal form ends it ("Ltd. REUTER" is Ltd.),
    none begins it, and it ends on a capital ("Parliament of the full" is Parliament)."""
    words = text.split()
    while words and is_legal_form(words[0]) and not words[0].isupper():  # "EC Commission" keeps its EC
        words.pop(0)
    for number, word in enumerate(words[1:], 1):
        if is_legal_form(word):
            words = words[: number + 1]
            break
    while words and (words[-1][:1].islower() or words[-1] in CONNECTIVES):
        words.pop()
    return words


def organization_name(text: str) -> str:
    """Return an organization's name without its legal form ("Salomon Brothers Inc" -> "Salomon Brothers")."""
    name = " ".join(name_words(text))
    for _ in range(3):  # "& Co Inc": one legal form at a time
        shorter = basename(name).strip(" ,.")
        words = shorter.split()
        while len(words) > 1 and words[-1].lower() in CONNECTIVES:
            words.pop()
        shorter = " ".join(words)
        if not shorter or shorter == name:
            break
        name = shorter
    return name


def is_name(tokens: list[Any]) -> bool:
    """Return whether tokens can name an organization: a letter, a capital, not a lone lowercase word."""
    text = " ".join(t.text for t in tokens)
    return bool(LETTER.search(text)) and any(t.text[:1].isupper() for t in tokens) and len(text) > 1


def display(names: list[str]) -> str:
    """Return the spelling a group of names shows: the commonest written in mixed case, else the commonest."""
    mixed = [n for n in names if not n.isupper() or len(n) <= 5]
    pool = mixed or names
    return max(sorted(set(pool)), key=pool.count)


def firm_names(doc: Any) -> set[str]:
    """Return the folded names the document writes with a legal form ("Harbour Freight & Co Inc"): companies,
    whatever the model calls their other mentions."""
    found = set()
    for ent, piece in entity_pieces(doc):
        tokens = trim_organization(piece)
        if ent.label_ in ORG_LABELS and tokens and is_name(tokens):
            text = " ".join(t.text for t in tokens)
            name = organization_name(text)
            if name != " ".join(text.split()):
                found.add(fold_name(name))
    return found


def resolve_organizations(doc: Any, people: set[str], places: set[str]) -> list[Organization]:
    """Return the organizations a processed document names, each with its mentions.

    `people` and `places` hold the folded names the other rules took: those spans are not organizations.
    """
    groups: dict[str, tuple[list[str], list[Mention]]] = {}
    for ent, piece in entity_pieces(doc):
        if ent.label_ not in ORG_LABELS:
            continue
        tokens = trim_organization(piece)
        if not tokens or crosses_line(tokens) or not is_name(tokens):
            continue
        text = text_of(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
        name = organization_name(text)
        if not name or fold_name(name) in people or fold_place(name) in places:
            continue
        names, mentions = groups.setdefault(fold_place(name), ([], []))
        names.append(name)
        mentions.append(Mention(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), text))
    return [Organization(display(names), tuple(mentions)) for key, (names, mentions) in groups.items() if key]
