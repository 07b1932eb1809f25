"""Resolution across the archive: which values of a names facet are one person, and which are no one.

Computed from what the whole index says, each time a generation's facet tables are built (no
model run): spellings with one name key are one person (Dolgachyov, Dolgachev); a name with
initials is the name without them when that name is in the archive ("Oskar Q Lindqvist" is Oskar
Lindqvist); a surname alone joins the full name that dominates that surname in the archive
("Mbeki" is Harold Mbeki), unless two full names compete; and a lone word that no full name
ends with and that is a common word of English (wordfreq) is not a person ("Grss", "Labour").
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import fieldtable as tables
from .buildcache import built
from .fieldtable import FieldTable
from .names import fold_name, name_key

DOMINANCE = 2.0  # a full name owns its surname when it has at least this many times the next one's documents
COMMON_WORD_ZIPF = 3.3  # wordfreq's scale: 3 is once per million words; "said" is about 6.2
# A lone word naming an organization must be rarer than this: "Reuters" (3.9), "Treasury" (4.2), "Congress"
# (4.9) are names; "Bank" (5.2), "State" (5.8), "Group" (5.4) are words a longer name was cut down to.
COMMON_NOUN_ZIPF = 5.0
HEAD_NOUN_ZIPF = 4.5  # a lone word this common that ends longer names is their head noun ("Commission", "House")
OWNER_SHARE = 0.5  # a person value is an organization when the archive names it so at least half as often
MIN_VOTES = 3  # ... in at least this many documents: one story's tagging decides nothing


def zipf(word: str) -> float:
    """Return how common a word is in English text, on wordfreq's Zipf scale (0 below COMMON_WORD_ZIPF)."""
    return common_words().get(word, 0.0)


@lru_cache(maxsize=1)
def common_words() -> dict[str, float]:
    """Return English words at least as common as COMMON_WORD_ZIPF with their Zipf frequency: read from
    wordfreq once per installation, then from the user's cache (importing wordfreq costs a one-file reindex
    half a second)."""
    return built("common-words", _read_common_words, (Path(__file__),), ("wordfreq",))


def _read_common_words() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    floor = 10 ** (COMMON_WORD_ZIPF - 9)  # Zipf is log10 of the frequency per billion words
    return {w: round(math.log10(f) + 9, 2) for w, f in get_frequency_dict("en").items() if f >= floor}


def is_common_word(word: str, threshold: float = COMMON_WORD_ZIPF) -> bool:
    """Return whether a word is common in English text, by wordfreq's frequency list."""
    return zipf(word) >= threshold


def without_initials(key: str) -> str:
    """Return a name key without its middle initials ("oskar q lindqvist" -> "oskar lindqvist"), and a leading
    initial before a single word read as that word alone ("g robert": which Robert is unknown)."""
    words = key.split()
    if len(words) == 2 and len(words[0]) == 1:
        return words[1]
    if len(words) < 3:
        return key
    middle = [w for w in words[1:-1] if len(w) > 1]
    return " ".join([words[0], *middle, words[-1]])


def person_keys(
    values: Sequence[str], documents: Sequence[int], titled: set[str] | None = None
) -> list[str | None]:
    """Return each value's group key (values with one key are one person), or None for a value that is no one.

    `documents` holds how many documents name each value; `titled`, when known, the folded names some
    document writes after a title ("President X"): a lone name that no full name owns must be among them.
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
        is_titled = not untitled(value, titled)  # "President Mbeki" somewhere, or no title votes recorded
        # A surname joins the full name that dominates it if the archive titles it as a person, or if the
        # full name is not far rarer than the word alone ("Brown" alone in 22 stories is not William Brown's).
        as_surname, as_given = (sum(weight[k] for k in owners.get(key, [])) for owners in (surnames, given))
        if as_given > as_surname:  # a given name alone, cut from its surname by a line wrap ("Dietmar")
            owner = dominant(given.get(key, []), weight, weight[key])
        else:
            owner = dominant(surnames.get(key, []), weight, 0 if is_titled else weight[key])
        if owner is not None:
            resolved.append(owner)
        elif is_titled and as_given <= as_surname and (surnames.get(key) or not is_common_word(value.lower())):
            resolved.append(key)  # a titled surname two full names share stays apart, as does a titled lone name
        else:
            resolved.append(None)
    return resolved


def untitled(value: str, titled: set[str] | None) -> bool:
    """Return whether the archive never writes a lone name after a title, where titles were recorded."""
    return titled is not None and fold_name(value) not in titled


def organization_keys(values: Sequence[str], documents: Sequence[int]) -> list[str | None]:
    """Return each organization value's group key, or None for a lone common noun that names no one organization.

    A shorter name joins the longer name it begins when that one dominates and is not far rarer ("Hale" is
    Hale Vantor, "Orrin Telephone" is Orrin Telephone and Cable); a lone rare word joins the name it
    ends the same way ("Vantor"); a common noun does not ("House" is not the White House), and a lone common noun
    that heads two or more longer names weighing as much as it does is a generic reference ("the Commission").
    """
    keys = [name_key(v) or v.lower() for v in values]
    weight: dict[str, int] = defaultdict(int)
    for key, count in zip(keys, documents, strict=True):
        weight[key] += count
    starts, ends = owners_by_prefix(weight), owners_by(weight, -1)
    resolved: list[str | None] = []
    for value, key in zip(values, keys, strict=True):
        # "Tobin" cut from "Tobin's Rating Service": a name written with its 's begins the longer name too
        begun = starts.get(key, []) or (starts.get(key + "s", []) if " " not in key else [])
        owner = dominant(begun, weight, weight[key])
        if owner is None and " " not in key and not is_common_word(value.lower(), HEAD_NOUN_ZIPF):
            owner = dominant(ends.get(key, []), weight, weight[key])  # a rare word ending one name ("Vantor")
        if owner is not None:
            resolved.append(owner)
        elif is_currency_or_time_zone(value):
            resolved.append(None)
        elif " " in key:
            resolved.append(key)
        elif is_common_word(value.lower(), COMMON_NOUN_ZIPF) or is_generic_head(value, key, ends, weight):
            resolved.append(None)
        else:
            resolved.append(key)
    return resolved


def is_currency_or_time_zone(value: str) -> bool:
    """Return whether an "organization" is a currency ("U.S. Dollar": a short name ending in a currency's last
    word, from pycountry's currencies) or a time zone ("GMT", from the zoneinfo database)."""
    words = value.split()
    if len(words) <= 3 and words and words[-1].lower().rstrip("s") in currency_words():
        return True
    return value in time_zone_abbreviations()


@lru_cache(maxsize=1)
def currency_words() -> frozenset[str]:
    """Return the units that several currencies' names end with ("dollar", "franc", "peso", "dinar")."""
    import pycountry

    units = Counter(c.name.split()[-1].lower() for c in pycountry.currencies if len(c.name.split()) > 1)
    shared = (unit for unit, count in units.items() if count >= 2 and unit.isalpha())
    return frozenset(unit for unit in shared if not is_common_word(unit, COMMON_NOUN_ZIPF))  # not "real"


@lru_cache(maxsize=1)
def time_zone_abbreviations() -> frozenset[str]:
    """Return the time zones named by a three-letter abbreviation ("GMT", "EST"); none without a tz database."""
    import zoneinfo

    names = zoneinfo.available_timezones()
    return frozenset(z for z in names if len(z) == 3 and z.isupper() and (z.endswith("T") or z.startswith("UT")))


def is_generic_head(value: str, key: str, ends: dict[str, list[str]], weight: dict[str, int]) -> bool:
    """Return whether a lone common noun heads two or more longer names that together weigh as much as it does."""
    heads = ends.get(key, [])
    common = is_common_word(value.lower(), HEAD_NOUN_ZIPF)
    return common and len(heads) >= 2 and sum(weight[k] for k in heads) >= weight[key]


def owners_by_prefix(weight: dict[str, int]) -> dict[str, list[str]]:
    """Return the names of several words by each of their shorter beginnings ("a b c" under "a" and "a b")."""
    found: dict[str, list[str]] = defaultdict(list)
    for key in weight:
        words = key.split()
        for size in range(1, len(words)):
            found[" ".join(words[:size])].append(key)
    return found


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


def merge_variants(
    table: FieldTable, kind: str = "person", titled: set[str] | None = None
) -> tuple[FieldTable, dict[str, list[str]]]:
    """Merge the values that are one person or organization (archive/resolve.py) into one value, named after
    the commonest full spelling; drop the values that are no one."""
    postings = np.bincount(table.terms, minlength=len(table.values))
    groups: dict[str, list[int]] = {}
    if kind == "organization":
        keys = organization_keys(table.values, postings.tolist())
    else:
        keys = person_keys(table.values, postings.tolist(), titled)
    for term, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(term)
    group_of = np.full(max(1, len(table.values)), -1, dtype=np.int64)
    values, aliases = [], {}
    for number, members in enumerate(groups.values()):
        members.sort(key=lambda t: (" " not in table.values[t], -postings[t], table.values[t]))
        group_of[members] = number
        values.append(table.values[members[0]])
        if len(members) > 1:
            aliases[values[-1]] = [table.values[t] for t in members]
    kept = group_of[table.terms] >= 0 if len(table.docs) else np.zeros(0, dtype=bool)
    width = max(1, len(values))
    pairs = np.unique(table.docs[kept] * width + group_of[table.terms[kept]]) if kept.any() else table.docs[:0]
    ids = {table.values[t]: int(g) for t, g in enumerate(group_of[: len(table.values)]) if g >= 0}
    merged = FieldTable(
        values, ids | {v: i for i, v in enumerate(values)}, pairs // width, (pairs % width).astype(np.int32)
    )
    return merged, aliases


def organizations_named_as_people(people: FieldTable, organizations: FieldTable, votes: FieldTable) -> None:
    """Move to the organizations a person value the model calls an organization in at least MIN_VOTES documents
    and at least half as many as the value counts as a person ("Harbour Lynde": a person in some stories,
    a firm in more). A person counts by our rules' verdict (given names, titles) or the model's, whichever is more."""
    if not len(people.values):
        return
    per_vote = np.bincount(votes.terms, minlength=len(votes.values)) if len(votes.values) else np.zeros(0)
    as_people = np.bincount(people.terms, minlength=len(people.values))
    moving = []
    for term, value in enumerate(people.values):
        if not as_people[term]:
            continue
        key = fold_name(value)
        as_person = max(int(as_people[term]), _votes(votes, per_vote, f"PERSON:{key}"))
        as_organization = _votes(votes, per_vote, f"ORG:{key}")
        if as_organization >= max(MIN_VOTES, OWNER_SHARE * as_person):
            moving.append(term)
    if moving:
        found = [(people.values[t], people.docs[people.terms == t]) for t in moving]
        tables.drop_values(people, moving)
        tables.add_values(organizations, found)


def _votes(votes: FieldTable, per_vote: np.ndarray, key: str) -> int:
    term = votes.ids.get(key)
    return 0 if term is None else int(per_vote[term])


CLOSE_MIN_LETTERS = 5  # shorter surnames one letter apart are too often two families (Kahn, Kuhn)
SHARED_COMPANY = 2  # other values two spellings' documents must both name to be one person


def merge_close_spellings(people: FieldTable, aliases: dict[str, list[str]], company: list[FieldTable]) -> None:
    """Merge two full names with the same given name whose surnames differ by one letter (a transliteration:
    "Omar Halabi", "Omar Halaby") when their documents name the same other people, places or organizations,
    into the commoner spelling."""
    counts = np.bincount(people.terms, minlength=len(people.values))
    alike: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)  # same given name, same initial
    for term, value in enumerate(people.values):
        words = name_key(value).split()
        if len(words) > 1 and len(words[-1]) >= CLOSE_MIN_LETTERS and counts[term]:
            alike[words[0], words[-1][0]].append((term, words[-1]))
    moves: dict[int, int] = {}
    for named in alike.values():
        for (first, last_a), (second, last_b) in ((a, b) for i, a in enumerate(named) for b in named[i + 1 :]):
            if {first, second} & (moves.keys() | set(moves.values())) or not one_letter_apart(last_a, last_b):
                continue  # one merge per name in a pass: no chains
            if shared_company(people, first, second, company) >= SHARED_COMPANY:
                keep, gone = (first, second) if counts[first] >= counts[second] else (second, first)
                moves[gone] = keep
    for gone, keep in moves.items():
        kept_name, gone_name = people.values[keep], people.values[gone]
        aliases[kept_name] = [*aliases.pop(kept_name, [kept_name]), *aliases.pop(gone_name, [gone_name])]
    tables.move_values(people, moves)


def one_letter_apart(a: str, b: str) -> bool:
    """Return whether two words differ by one substituted, inserted or dropped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def shared_company(people: FieldTable, first: int, second: int, company: list[FieldTable]) -> int:
    """Return how many values (other people, places, organizations) the documents of two people both name."""
    docs_a, docs_b = (people.docs[people.terms == t] for t in (first, second))
    shared = 0
    for table in [people, *company]:
        itself = {first, second} if table is people else set()
        with_a = set(table.terms[np.isin(table.docs, docs_a)].tolist()) - itself
        with_b = set(table.terms[np.isin(table.docs, docs_b)].tolist()) - itself
        shared += len(with_a & with_b)
    return shared
