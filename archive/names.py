"""The folds that make names comparable: one per use, all pure (no spaCy here: the search path imports this module).

- `name_key`: a person's name across documents, spelling variants folded (the people facet, search).
- `fold_name`: a person's name within one document (people joined to their partial mentions).
- `fold_place`: a place name as the gazetteer looks it up.
- `fold_text`: any word or value as search compares it: case, accents and Unicode forms folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Romanizations of the same sounds: Dolgachyov / Dolgachev, Yevgeny / Evgeny, Aleksandr / Alexandr.
VARIANTS = [
    (re.compile(r"\byo|(?<=[bcdfghjklmnpqrstvwxz])yo"), "e"),
    (re.compile(r"\bye"), "e"),
    (re.compile(r"iy\b|yy\b|ii\b|ij\b"), "y"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"(.)\1"), r"\1"),
]

# Combining marks that accent Latin, Greek and Cyrillic letters (Genève, Zürich, ά, ё); marks that make a letter of
# another script (the Japanese voicing mark, the Devanagari virama) are kept, as they change the word.
MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
ACCENTS = re.compile(f"[{MARKS}]")
WORD = f"\\w[\\w{MARKS}]*"  # a word, its accents kept when written apart (NFD): "Gene\u0301ve" is one word
TOKEN = rf"{WORD}(?:\.{WORD})*"  # a token of the text analyzers: a word, "U.S." one token
WORD_RE = re.compile(WORD)
# Letters written with a stroke or as a ligature, which Unicode does not decompose into letter and mark.
LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe"})


@lru_cache(maxsize=200_000)  # called per token when indexing
def fold_text(text: str) -> str:
    """Return text as search compares it: case folded, accents removed, one Unicode form ("ZÜRICH", and "Zürich" with
    its umlaut written as a combining mark, are both "zurich")."""
    if text.isascii():
        return text.lower()
    bare = ACCENTS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return unicodedata.normalize("NFC", bare).translate(LETTERS)


LATIN_END = 0x24F  # the last code point of the Latin blocks (Latin Extended-B)
MAX_SCRIPT_NAMES = 2_000  # capitalized words of another script kept per document
OPENERS = " \t\u00a0\"'«»„“”()-\u2013\u2014"  # what may stand between a sentence's end and its first word


def capitalized_in_other_scripts(text: str) -> list[str]:
    """Return the capitalized words of a text in a script other than Latin ("Колбин", "Αθήνα"), once each, but
    for a sentence's first word (its capital proves nothing): names the extractors cannot read in that
    language, which the names field holds in Latin letters (name_key), so that "Kolbin" finds "Колбин"."""
    if text.isascii():
        return []
    found: dict[str, None] = {}
    for match in WORD_RE.finditer(text):
        word = match.group()
        if ord(word[0]) > LATIN_END and word[0].isupper() and not opens_sentence(text, match.start()):
            found[word] = None
            if len(found) >= MAX_SCRIPT_NAMES:
                break
    return list(found)


def opens_sentence(text: str, start: int) -> bool:
    """Return whether a word starts a sentence or a line, where its capital letter says nothing of a name (read
    back from the word over quotes, brackets and dashes only: a long text costs what it reads)."""
    at = start
    while at and text[at - 1] in OPENERS:
        at -= 1
    return at == 0 or text[at - 1] in ".!?:\n"


def ascii_lower(name: str) -> str:
    """Return a name in lower-case ASCII, accents and other scripts transliterated ("Kyïv" -> "kyiv")."""
    return (name if name.isascii() else anyascii(name)).lower()


@lru_cache(maxsize=200_000)  # called per token when indexing and per value when resolving
def name_key(name: str) -> str:
    """Return the key shared by spellings of one name: ASCII, lower case, romanization variants folded."""
    text = re.sub(r"[^a-z ]+", " ", ascii_lower(name).replace("'", ""))
    text = " ".join(text.split())
    for pattern, replacement in VARIANTS:
        text = pattern.sub(replacement, text)
    return text


def fold_name(name: str) -> str:
    """Return the comparison key of a person's name: ASCII, lower case, letters and spaces only."""
    return re.sub(r"[^a-z ]+", "", ascii_lower(name).replace("-", " ")).strip()


@lru_cache(maxsize=200_000)  # called per candidate word, several times, by the foreign place finder
def fold_place(name: str) -> str:
    """Return the lookup key of a place name: ASCII, lower case, no punctuation, single spaces, no leading "the"."""
    text = ascii_lower(name).replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text
