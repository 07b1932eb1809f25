"""Resolution across the archive: which values of a names facet are one person, and which are no one.

Computed from what the whole index says, each time a generation's facet tables are built (no
model run): spellings with one name key are one person (Dolgachyov, Dolgachev); a name with
initials is the name without them when that name is in the archive ("Paul A Volcker" is Paul
Volcker); a surname alone joins the full name that dominates that surname in the archive
("Reagan" is Ronald Reagan), unless two full names compete; and a lone word that no full name
ends with and that is a common word of English (wordfreq) is not a person ("Revs", "Labour").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from .names import name_key

DOMINANCE = 2.0  # a full name owns its surname when it has at least this many times the next one's documents
COMMON_WORD_ZIPF = 3.3  # wordfreq's scale: 3 is once per million words; "said" is about 6.2
# A lone word naming an organization must be rarer than this: "Reuters" (3.9), "Treasury" (4.2), "Congress"
# (4.9) are names; "Bank" (5.2), "State" (5.8), "Group" (5.4) are words a longer name was cut down to.
COMMON_NOUN_ZIPF = 5.0
OWNER_SHARE = 0.5  # a person value is an organization when the archive names it so at least half as often
MIN_VOTES = 3  # ... in at least this many documents: one story's tagging decides nothing


@lru_cache(maxsize=100_000)
def zipf(word: str) -> float:
    """Return how common a word is in English text, on wordfreq's Zipf scale."""
    from wordfreq import zipf_frequency  # loaded only when tables are built, never for a cached generation

    return float(zipf_frequency(word, "en"))


def is_common_word(word: str, threshold: float = COMMON_WORD_ZIPF) -> bool:
    """Return whether a word is common in English text, by wordfreq's frequency list."""
    return zipf(word) >= threshold


def without_initials(key: str) -> str:
    """Return a name key without its middle initials ("paul a volcker" -> "paul volcker")."""
    words = key.split()
    if len(words) < 3:
        return key
    middle = [w for w in words[1:-1] if len(w) > 1]
    return " ".join([words[0], *middle, words[-1]])


def person_keys(values: Sequence[str], documents: Sequence[int]) -> list[str | None]:
    """Return each value's group key (values with one key are one person), or None for a value that is no one.

    `documents` holds how many documents name each value.
    """
    keys = [without_initials(name_key(v) or v.lower()) for v in values]
    weight: dict[str, int] = defaultdict(int)
    for key, count in zip(keys, documents, strict=True):
        weight[key] += count
    surnames, given = owners_by(weight, -1), owners_by(weight, 0)
    resolved: list[str | None] = []
    for value, key in zip(values, keys, strict=True):
        if " " in key:
            resolved.append(key)
            continue
        owner = dominant(surnames.get(key, []), weight) or dominant(given.get(key, []), weight, weight[key])
        if owner is not None:
            resolved.append(owner)
        elif surnames.get(key) or not is_common_word(value.lower()):
            resolved.append(key)  # a surname two full names share stays apart, as does a rare lone name
        else:
            resolved.append(None)
    return resolved


def organization_keys(values: Sequence[str], documents: Sequence[int]) -> list[str | None]:
    """Return each organization value's group key, or None for a lone common noun that names no one organization.

    A lone word joins the longer name it begins, when one dominates ("Goldman" is Goldman Sachs); the
    head noun a name ends with does not ("House" is not the White House).
    """
    keys = [name_key(v) or v.lower() for v in values]
    weight: dict[str, int] = defaultdict(int)
    for key, count in zip(keys, documents, strict=True):
        weight[key] += count
    starts = owners_by(weight, 0)
    resolved: list[str | None] = []
    for value, key in zip(values, keys, strict=True):
        if " " in key:
            resolved.append(key)
            continue
        owner = dominant(starts.get(key, []), weight, weight[key])
        resolved.append(owner or (None if is_common_word(value.lower(), COMMON_NOUN_ZIPF) else key))
    return resolved


def owners_by(weight: dict[str, int], position: int) -> dict[str, list[str]]:
    """Return the names of several words by their first (0) or last (-1) word."""
    found: dict[str, list[str]] = defaultdict(list)
    for key in weight:
        if " " in key:
            found[key.split()[position]].append(key)
    return found


def dominant(names: list[str], weight: dict[str, int], alone: int = 0) -> str | None:
    """Return the longer name that outweighs every other by DOMINANCE, or None.

    With `alone` (the lone word's own weight), the longer name must also weigh at least half as
    much as the word: a word that stands alone far more often than in the name is not short for
    it ("OPEC" is not the OPEC Differentials Committee).
    """
    ranked = sorted(names, key=lambda k: (-weight[k], k))
    if not ranked or weight[ranked[0]] < OWNER_SHARE * alone:
        return None
    if len(ranked) == 1 or weight[ranked[0]] >= DOMINANCE * weight[ranked[1]]:
        return ranked[0]
    return None
