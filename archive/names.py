"""Name keys that fold spelling variants of one person across documents (no spaCy here: the search path uses it)."""

from __future__ import annotations

import re

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


def name_key(name: str) -> str:
    """Return the key shared by spellings of one name: ASCII, lower case, romanization variants folded."""
    text = re.sub(r"[^a-z ]+", " ", anyascii(name).lower().replace("'", ""))
    text = " ".join(text.split())
    for pattern, replacement in VARIANTS:
        text = pattern.sub(replacement, text)
    return text
