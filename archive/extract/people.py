"""People mentioned in a document: one canonical full name per person, decided on the whole document."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..buildcache import built
from ..models import Mention, Person
from ..names import fold_name
from .gazetteer import is_known_place
from .spans import crosses_line, entity_pieces, is_team, text_of
from .words import (
    AMBIGUOUS_GIVEN,
    ARTICLES,
    DETERMINERS,
    NAME_SUFFIXES,
    ORGANIZATION_WORDS,
    PARTICLES,
    POSSESSIVE_ENDINGS,
    TITLE_WORDS,
)

OTHER_LABELS = {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC", "EVENT", "LAW"}
NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3}|(?:Mc|Mac|O')[A-Z]\w*)$")
INITIAL = re.compile(r"^[A-Z]\.(?:[A-Z]\.)?$")
# Words a sentence may start with that the model sweeps into a name: "Later De Wilde said".
FUNCTION_TAGS = {"RB", "RBR", "RBS", "IN", "CC", "PRP", "PRP$", "WRB", "WDT", "WP", "MD", "UH"}
MAX_HEADLINE_CHARS = 300


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Return honorifics and job titles that precede names (nameparser's list and ours)."""
    from nameparser.config import CONSTANTS

    return frozenset({t.lower().rstrip(".") for t in CONSTANTS.titles} | TITLE_WORDS)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Return known given names, lower case (gender-guesser's international name list)."""
    return built("given-names", _read_given_names, (Path(__file__),), ("gender-guesser",))


def _read_given_names() -> frozenset[str]:
    import gender_guesser.detector

    return frozenset(n.lower() for n in gender_guesser.detector.Detector(case_sensitive=False).names)


@dataclass
class Candidate:
    tokens: list[Any]  # spaCy tokens of the trimmed name
    label: str
    headline: bool

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]

    @property
    def name(self) -> str:
        return " ".join(self.words)

    @property
    def mention(self) -> Mention:
        start, end = self.tokens[0].idx, self.tokens[-1].idx + len(self.tokens[-1].text)
        return Mention(start, end, text_of(self.tokens[0].doc)[start:end])


def trim(span: Any) -> list[Any]:
    """Return the name tokens of a span: no leading titles or articles, no possessive or punctuation."""
    tokens = [t for t in span if not t.is_space]
    while tokens and (
        tokens[0].lower_.rstrip(".") in titles() or tokens[0].lower_ in DETERMINERS or tokens[0].tag_ in FUNCTION_TAGS
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in POSSESSIVE_ENDINGS or tokens[-1].is_punct):
        tokens = tokens[:-1]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    return tokens


def looks_like_name(tokens: list[Any]) -> bool:
    """Return whether the tokens can be a person's name: capitalized words, no digits, not all caps."""
    if not tokens or len(tokens) > 5 or not tokens[0].text[:1].isupper():
        return False
    if any(t.lower_.rstrip(".") in ORGANIZATION_WORDS for t in tokens) or crosses_line(tokens):
        return False
    words = [t.text for t in tokens]
    if any(not NAME_TOKEN.match(w) or any(c.isdigit() for c in w) for w in words):
        return False
    if any(w.islower() and w not in PARTICLES for w in words):
        return False  # a lowercase word inside a name is a particle ("van", "bin"), never "vs" or "nil"
    if words[0] in PARTICLES or words[-1].lower() in PARTICLES:
        return False  # a capitalized particle starts a surname ("De Wilde", "Van der Westhuizen")
    return not any(len(w) > 2 and w.isupper() for w in words)


def is_headline(doc: Any, token: Any) -> bool:
    """Return whether the token sits in a Title Case line (a headline, a "SEE ALSO" line).

    Only the line's ordinary words count: a list of names is not a headline, "Expelled From" is.
    """
    text = text_of(doc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    end = len(text) if end < 0 else end
    if end - start > MAX_HEADLINE_CHARS or text[start:end].rstrip().endswith((".", '"', "”")):
        return False
    words = [
        t.text
        for t in doc.char_span(start, end, alignment_mode="expand") or ()
        if t.is_alpha and len(t) > 3 and not t.ent_type_
    ]
    capitalized = sum(w[0].isupper() for w in words)
    return capitalized >= 3 and capitalized >= 0.8 * len(words)


def opens_line(token: Any) -> bool:
    """Return whether a token is the first of its line."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is None or before.is_space and "\n" in before.text or "\n" in before.whitespace_


def is_line_label(token: Any) -> bool:
    """Return whether a word opens a line and a colon follows it ("Attendance : 200"): a label, not a name."""
    doc = token.doc
    return opens_line(token) and token.i + 1 < len(doc) and doc[token.i + 1].text == ":"


def is_row_label(tokens: list[Any]) -> bool:
    """Return whether words open a line of figures ("Net 3.4 mln vs 2.1 mln") and hold no given name:
    the label of a table row, not a person ("Greg Tallow 68 70" keeps its given name)."""
    doc, after = tokens[0].doc, tokens[-1].i + 1
    return (
        opens_line(tokens[0])
        and after < len(doc)
        and doc[after].like_num
        and not any(t.text.lower() in given_names() for t in tokens)
    )


def after_common_noun(tokens: list[Any]) -> bool:
    """Return whether a name follows an article and noun ("the daily Kommersant"): a thing, not a person."""
    first, last = tokens[0], tokens[-1]
    before = [first.nbor(-k) for k in (1, 2) if first.i - k >= 0]
    following = last.nbor(1) if last.i + 1 < len(last.doc) else None
    if following is not None and following.tag_ in ("NN", "NNS") and following.is_lower:
        return False  # "the Dole campaign", "the Clinton administration": a person's name used as a modifier
    if before and before[0].lower_ in ARTICLES:
        return True
    words = [first.nbor(-k) for k in (1, 2, 3) if first.i - k >= 0]  # "the business daily Kommersant"
    for number, word in enumerate(words):
        if word.lower_ in ARTICLES:
            return number > 0
        if not (word.is_lower and word.tag_ in ("NN", "JJ")) or number == 0 and word.lower_.rstrip(".") in titles():
            return False  # the noun next to the name says what it is: "the British writer John Smith" is a person
    return False


def candidates(doc: Any) -> tuple[list[Candidate], set[str]]:
    """Return the spans that may name a person, and the names the document shows are things."""
    found, things = [], set()
    for ent, piece in entity_pieces(doc):
        if ent.label_ != "PERSON" and ent.label_ not in OTHER_LABELS:
            continue
        tokens = trim(piece)
        if ent.label_ == "PERSON" and tokens and tokens[0].i > 0 and INITIAL.match(doc[tokens[0].i - 1].text):
            tokens = [doc[tokens[0].i - 1], *tokens]  # "D. Blenkiron": the model often leaves the initial out
        if ent.label_ == "PERSON" and tokens and tokens[0].i > 0 and is_given_name(doc[tokens[0].i - 1]):
            tokens = [doc[tokens[0].i - 1], *tokens]  # "Sandrine Testud": the model tagged the surname alone
        if (
            tokens
            and ent.label_ == "PERSON"
            and tokens[-1].i + 1 < len(doc)
            and doc[tokens[-1].i + 1].lower_.rstrip(".") in NAME_SUFFIXES
        ):
            tokens = [*tokens, doc[tokens[-1].i + 1]]  # "Martin Luther King Jr."
        if not looks_like_name(tokens) or all(t.lower_.rstrip(".") in titles() for t in tokens):
            continue
        if len(tokens) == 1 and (is_line_label(tokens[0]) or is_team(tokens) and is_known_place(tokens[0].text, 0)):
            continue  # "Attendance : 200"; "Leeds 2 Hull 1": teams
        if is_row_label(tokens):
            continue  # "Sales 41.7 mln vs 51.5 mln"
        if after_common_noun(tokens):
            things.add(fold_name(" ".join(t.text for t in tokens)))
        else:
            found.append(Candidate(tokens, ent.label_, is_headline(doc, tokens[0])))
    return found, things


def is_given_name(token: Any) -> bool:
    """Return whether an untagged capitalized word is a known given name that is not also an everyday word."""
    return (
        not token.ent_type_
        and token.is_title
        and token.tag_ == "NNP"
        and token.lower_ in given_names()
        and token.lower_ not in AMBIGUOUS_GIVEN
        and token.lower_.rstrip(".") not in titles()
    )


def pattern_candidates(doc: Any) -> list[Candidate]:
    """Return names the model missed: "J. Adams", and a known given name before a capitalized word."""
    found = []
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.ent_type_ or following.ent_type_ or not following.is_title or not following.is_alpha:
            continue
        if following.tag_ != "NNP" or len(following) < 2 or following.lower_ in given_names():
            continue
        initial = bool(INITIAL.match(token.text))
        if (
            (initial or is_given_name(token))
            and not is_known_place(following.text, 0)
            and looks_like_name([token, following])
        ):
            found.append(Candidate([token, following], "PERSON", is_headline(doc, token)))
    return found


def has_evidence(cand: Candidate, person_words: set[str]) -> bool:
    """Return whether a span tagged as something else is a person by the document's evidence."""
    words = [fold_name(w) for w in cand.words]
    if is_known_place(cand.name, min_population=0):
        return False  # "Sri Lanka": "Sri" is a given name too
    if len(words) >= 2 and words[0] in given_names() and words[-1] not in given_names():
        return True
    return words[-1] in person_words


def _surname_of(cand: Candidate, surnames: set[str]) -> bool:
    """Return whether a one-word span repeats the surname of a full name in the document ("Washington")."""
    return len(cand.words) == 1 and fold_name(cand.words[0]) in surnames


def is_place(cand: Candidate) -> bool:
    """Return whether a span the model calls a person is a country or region, or a big city with no given name."""
    if is_known_place(cand.name, min_population=10**12):
        return True
    return cand.words[0].lower() not in given_names() and is_known_place(cand.name)


def resolve_people(doc: Any) -> list[Person]:
    """Return the people of a document, partial mentions joined to the full name."""
    cands, things = candidates(doc)
    cands = [c for c in cands if fold_name(c.name) not in things] + pattern_candidates(doc)
    named = [c for c in cands if c.label == "PERSON" and not is_place(c)]
    person_words = {fold_name(c.words[-1]) for c in named if not c.headline}
    surnames = {fold_name(c.words[-1]) for c in named if not c.headline and len(c.words) > 1}
    others = [c for c in cands if c.label != "PERSON"]
    people = named + [c for c in others if has_evidence(c, person_words) or _surname_of(c, surnames)]
    confirmed = {fold_name(c.name) for c in people if not c.headline}
    people = [c for c in people if not c.headline or fold_name(c.name) in confirmed]
    return add_repeats(cluster(people), doc)


def cluster(cands: list[Candidate]) -> list[Person]:
    """Group mentions by person: a surname or partial mention joins the full name it matches."""
    full = {fold_name(c.name): c.name for c in cands if len(c.tokens) >= 2 and c.words[0].lower() not in PARTICLES}
    by_part: dict[str, set[str]] = defaultdict(set)
    for key in full:
        for part in key.split():
            by_part[part].add(key)
        by_part[key.split()[-1]].add(key)
    groups: dict[str, list[Mention]] = defaultdict(list)
    names: dict[str, str] = {}
    for cand in sorted(cands, key=lambda c: c.tokens[0].i):
        key = fold_name(cand.name)
        owner = key if key in full else _owner(key, full, by_part)
        if owner is None and (cand.label != "PERSON" or cand.headline or cand.words[0].lower() in PARTICLES):
            continue  # "De Wilde" is a surname only beside "Filip De Wilde"; alone it may be "Der Spiegel"
        owner = owner or key
        names.setdefault(owner, full.get(owner, cand.name))
        groups[owner].append(cand.mention)
    return [Person(name=names[k], mentions=tuple(m)) for k, m in groups.items()]


def add_repeats(people: list[Person], doc: Any) -> list[Person]:
    """Add the mentions the model missed: every other occurrence of a person's surname in the document.

    Only surnames that belong to one person, and only where no mention already stands.
    """
    text = text_of(doc)
    taken = sorted((m.start, m.end) for p in people for m in p.mentions)
    owners: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if len(person.name.split()) > 1:
            owners[surname_of(person.name)].append(person)
    out = []
    for person in people:
        surname = surname_of(person.name)
        extra = []
        if len(person.name.split()) > 1 and len(owners[surname]) == 1 and len(surname) > 2:
            forms = {surname, surname[:1].upper() + surname[1:], surname.upper()}  # "van der Berg", "Van der Berg"
            pattern = rf"(?<![\w-])(?:{'|'.join(map(re.escape, sorted(forms, key=len, reverse=True)))})(?![\w-])"
            for match in re.finditer(pattern, text):
                if not any(a < match.end() and match.start() < b for a, b in taken):
                    extra.append(Mention(match.start(), match.end(), match.group()))
        mentions = sorted((*person.mentions, *extra), key=lambda m: m.start)
        out.append(Person(name=person.name, mentions=tuple(mentions), aliases=person.aliases))
    return out


def surname_of(name: str) -> str:
    """Return a full name's surname, with its particles ("Joost van der Westhuizen" -> "van der Westhuizen")."""
    words = name.split()
    start = next((i for i in range(1, len(words) - 1) if words[i].lower() in PARTICLES), len(words) - 1)
    return " ".join(words[start:])


def _owner(key: str, full: dict[str, str], by_part: dict[str, set[str]]) -> str | None:
    """Return the full name a partial mention belongs to, if exactly one fits."""
    words = key.split()
    fits = [f for f in by_part.get(words[-1], set()) if _fits(words, f.split())]
    return fits[0] if len(fits) == 1 else None


def _fits(part: list[str], whole: list[str]) -> bool:
    if len(part) == 1:
        return part[0] == whole[-1] or (part[0] in whole and len(whole) > 1)
    return whole[-len(part) :] == part or whole[: len(part)] == part


def add_named_people(people: tuple[Person, ...], names: tuple[str, ...], text: str) -> tuple[Person, ...]:
    """Return a document's people with the people its metadata names (an e-mail's sender and recipients): a name
    the text gives too stays one person, and a part of it the text names alone ("Berg") joins it, as does the
    surname where no other person has it."""
    out = list(people)
    for name in names:
        key = fold_name(name)
        if not key or any(fold_name(p.name) == key for p in out):
            continue
        words = key.split()
        parts = [p for p in out if len(p.name.split()) < len(words) and _fits(fold_name(p.name).split(), words)]
        mentions = [m for p in parts for m in p.mentions]
        found = _occurrences(name, text)
        surname = surname_of(name)
        if len(surname) > 2 and not any(surname_of(p.name) == surname for p in out if p not in parts):
            found += _occurrences(surname, text)  # "Dear Ms Brink" names Lotte Brink, as add_repeats does
        taken = [(m.start, m.end) for p in out for m in p.mentions]
        for mention in found:
            if not any(a < mention.end and mention.start < b for a, b in taken):
                mentions.append(mention)
                taken.append((mention.start, mention.end))
        out = [p for p in out if p not in parts]
        out.append(Person(name=name, mentions=tuple(sorted(mentions, key=lambda m: m.start))))
    return tuple(out)


def _occurrences(name: str, text: str) -> list[Mention]:
    """Return where a name stands in a text, as a whole name."""
    pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    return [Mention(m.start(), m.end(), m.group()) for m in re.finditer(pattern, text)]
