"""The folds that make names comparable: one per use, all pure (no spaCy here: the search path imports this module).

- `name_key`: a person's name across documents, spelling variants folded (the people facet, search).
- `fold_name`: a person's name within one document (people joined to their partial mentions).
- `fold_place`: a place name as the gazetteer looks it up.
"""

from __future__ import annotations

import re
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


def fold_place(name: str) -> str:
    """Return the lookup key of a place name: ASCII, lower case, no punctuation, single spaces, no leading "the"."""
    text = ascii_lower(name).replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text
