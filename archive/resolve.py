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


@lru_cache(maxsize=100_000)
def is_common_word(word: str) -> bool:
    """Return whether a word is common in English text, by wordfreq's frequency list."""
    from wordfreq import zipf_frequency  # loaded only when tables are built, never for a cached generation

    return zipf_frequency(word, "en") >= COMMON_WORD_ZIPF


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
    owners: dict[str, list[str]] = defaultdict(list)
    for key in weight:
        if " " in key:
            owners[key.rsplit(" ", 1)[1]].append(key)
    resolved: list[str | None] = []
    for value, key in zip(values, keys, strict=True):
        if " " in key:
            resolved.append(key)
            continue
        owner = dominant(owners.get(key, []), weight)
        if owner is not None:
            resolved.append(owner)
        elif owners.get(key) or not is_common_word(value.lower()):
            resolved.append(key)  # a surname two full names share stays apart, as does a rare lone name
        else:
            resolved.append(None)
    return resolved


def dominant(names: list[str], weight: dict[str, int]) -> str | None:
    """Return the full name that outweighs every other by DOMINANCE, or None."""
    if not names:
        return None
    ranked = sorted(names, key=lambda k: (-weight[k], k))
    if len(ranked) == 1 or weight[ranked[0]] >= DOMINANCE * weight[ranked[1]]:
        return ranked[0]
    return None
