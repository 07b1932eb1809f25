"""Organizations mentioned in a document: companies, parties, clubs, agencies, media.

The model's ORG spans, split like every entity span (extract/spans.py), with the legal form
dropped (cleanco's list of company suffixes: "Harbour Lynde & Co Inc" is Harbour Lynde) and
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
from .spans import crosses_line, entity_pieces, text_of, trim_name

ORG_LABELS = {"ORG"}
CONNECTIVES = {"&", "and", "und", "et", "y"}  # left dangling once a legal form is dropped ("Harbour Lynde and Co")
LETTER = re.compile(r"[^\W\d_]")
VOWEL = re.compile(r"(?i)[aeiouy]")


@lru_cache(maxsize=1)
def legal_words() -> frozenset[str]:
    """Return the one-word legal forms of companies in cleanco's list ("inc", "ltd", "gmbh", "sa")."""
    return frozenset(words[0] for size, words in prepare_default_terms() if size == 1)


def is_legal_form(word: str) -> bool:
    """Return whether a written word is a company's legal form: capitalized as one ("Inc", "SA"; not "as")."""
    return word[:1].isupper() and word.lower().strip(".,") in legal_words()


def name_words(text: str) -> list[str]:
    """Return the words of an organization's name as written: a legal form ends it ("Ltd. WIRENEWS" is Ltd.),
    none begins it, and it ends on a capital ("Parliament of the full" is Parliament)."""
    words = text.split()
    while words and is_legal_form(words[0]) and not words[0].isupper():  # "UN Commission" keeps its UN
        words.pop(0)
    for number, word in enumerate(words[1:], 1):
        if is_legal_form(word):
            words = words[: number + 1]
            break
    while words and (words[-1][:1].islower() or words[-1] in CONNECTIVES):
        words.pop()
    return words


@lru_cache(maxsize=100_000)  # the same names come back in every story, through three callers
def organization_name(text: str) -> str:
    """Return an organization's name without its legal form ("Calder Brothers Inc" -> "Calder Brothers")."""
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
    """Return whether tokens can name an organization: a letter, a capital, not a lone lowercase word, not a
    lone abbreviation (a capitalized word without a vowel: "Qtr", "Mths"), not a sign-off on a line of its own."""
    text = " ".join(t.text for t in tokens)
    if not (LETTER.search(text) and any(t.text[:1].isupper() for t in tokens) and len(text) > 1):
        return False
    if len(tokens) == 1 and not text.isupper() and not VOWEL.search(text):
        return False
    return not is_sign_off(tokens)


def is_sign_off(tokens: list[Any]) -> bool:
    """Return whether an all-caps name stands alone on the document's last line: the agency's sign-off."""
    doc, last = tokens[0].doc, tokens[-1]
    rest = text_of(doc)[last.idx + len(last) :]
    before = text_of(doc)[: tokens[0].idx]
    alone = not rest.strip() and (not before.strip() or before.rstrip(" \t").endswith("\n"))
    return alone and all(t.text.isupper() for t in tokens if t.is_alpha)


def display(names: list[str]) -> str:
    """Return the spelling a group of names shows: the commonest written in mixed case, else the commonest."""
    mixed = [n for n in names if not n.isupper() or len(n) <= 5]
    pool = mixed or names
    return max(sorted(set(pool)), key=pool.count)


# Words between a name and its legal form ("Samuel Harte and Sons Ltd"); never "of": "Ann Lee of Harbor Banks
# Inc" is a person of a company.
TAIL_WORDS = {"and", "&", "et", "und"}


def company_tail(tokens: list[Any]) -> list[Any] | None:
    """Return the words after a name that make it a company's name: capitalized words and connectives on the
    same line up to a legal form ("... and Sons Ltd", "... Holdings Inc"), or None when no legal form ends them."""
    doc, tail = tokens[0].doc, list[Any]()
    for token in doc[tokens[-1].i + 1 : tokens[-1].i + 6]:
        if "\n" in doc[token.i - 1].whitespace_ or token.is_space:
            return None
        if is_legal_form(token.text):
            return [*tail, token]
        if not (token.text[:1].isupper() or token.lower_ in TAIL_WORDS):
            return None
        tail.append(token)
    return None


def companies(doc: Any) -> list[tuple[list[Any], list[Any], str]]:
    """Return the spans the document writes with a legal form, in the span or just after it ("Harbour Freight
    & Co Inc"; "Samuel Harte and Sons Ltd", which the model calls a person), with the company's name: found
    once per document (people and organizations both ask)."""
    if "companies" not in doc.user_data:
        doc.user_data["companies"] = _companies(doc)
    return list(doc.user_data["companies"])


def _companies(doc: Any) -> list[tuple[list[Any], list[Any], str]]:
    found = []
    for ent, piece in entity_pieces(doc):
        tokens = trim_name(piece)
        if ent.label_ not in ORG_LABELS | {"PERSON"} or not tokens or not is_name(tokens):
            continue
        tail = company_tail(tokens) or []
        last = (tail or tokens)[-1]
        text = text_of(doc)[tokens[0].idx : last.idx + len(last)]
        name = organization_name(text)
        if name and name != " ".join(text.split()):
            found.append((tokens, tail, name))
    return found


def firm_names(doc: Any) -> set[str]:
    """Return the folded names of the companies the document writes with a legal form (and of the names their
    legal form follows): companies, whatever the model calls their other mentions."""
    return {fold_name(n) for tokens, _, name in companies(doc) for n in (name, " ".join(t.text for t in tokens))}


def add_mention(groups: dict[str, tuple[list[str], list[Mention]]], name: str, tokens: list[Any], text: str) -> None:
    names, mentions = groups.setdefault(fold_place(name), ([], []))
    names.append(name)
    mentions.append(Mention(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), text))


def resolve_organizations(doc: Any, people: set[str], places: set[str]) -> list[Organization]:
    """Return the organizations a processed document names, each with its mentions.

    `people` and `places` hold the folded names the other rules took: those spans are not organizations.
    """
    groups: dict[str, tuple[list[str], list[Mention]]] = {}
    found = companies(doc)
    tails = {t.i for _, tail, _ in found for t in tail}  # "and Sons Ltd" after a name is not a company of its own
    for ent, piece in entity_pieces(doc):
        if ent.label_ not in ORG_LABELS:
            continue
        tokens = trim_name(piece)
        if not tokens or crosses_line(tokens) or not is_name(tokens) or tokens[0].i in tails:
            continue
        text = text_of(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
        name = organization_name(text)
        if not name or fold_name(name) in people or fold_place(name) in places:
            continue
        add_mention(groups, name, tokens, text)
    for tokens, tail, name in found:  # those the model called a person
        whole = [*tokens, *tail]
        if fold_place(name) not in groups and fold_name(name) not in people:
            add_mention(groups, name, whole, text_of(doc)[whole[0].idx : whole[-1].idx + len(whole[-1])])
    return [Organization(display(names), tuple(mentions)) for key, (names, mentions) in groups.items() if key]
