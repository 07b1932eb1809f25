"""Near-duplicate stories: a MinHash signature per document at index time, stories grouped per generation.

A wire story is often sent again (a correction, a repeat, a second desk's copy) with a few words
changed. Each document gets a MinHash signature of its word shingles (datasketch); per index
generation, locality-sensitive hashing over the signatures finds candidate pairs and the share of
equal signature slots (an estimate of the shingles' Jaccard similarity) confirms them. Confirmed
pairs join into stories; a search shows the first copy of each story and counts the others.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

PERMUTATIONS = 64  # signature slots: the Jaccard estimate's standard error is at most 1/16
BANDS, ROWS = 16, 4  # LSH: two documents are compared when one band of 4 slots is equal (J=0.7: 99% of pairs)
SIMILAR = 0.7  # estimated Jaccard of 3-word shingles at which two documents are copies of one story
DAYS_APART = 2  # copies of one story go out within two days; a formula report on a later day is news of its own
SHINGLE = 3
MIN_SHINGLES = 8  # shorter texts (a one-line notice) get no signature: their copies would be chance
SIGNATURE_BYTES = PERMUTATIONS * 4
NO_SIGNATURE = bytes(SIGNATURE_BYTES)
WORDS = re.compile(r"\w+")


def signature(text: str) -> bytes:
    """Return the MinHash signature of a text's word shingles (NO_SIGNATURE for a text too short to judge)."""
    from datasketch import MinHash  # imported by the workers that index, never by a search

    words = WORDS.findall(text.casefold())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return NO_SIGNATURE
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def read_signatures(reader: Any, field: str, size: int) -> np.ndarray:
    """Return the signatures of every document of a reader as a (size, PERMUTATIONS) array (zeros: none)."""
    signatures = np.zeros((size, PERMUTATIONS), dtype="<u4")
    if not reader.has_column(field):
        return signatures
    column = reader.column_reader(field)
    data = b"".join(value if len(value) == SIGNATURE_BYTES else NO_SIGNATURE for value in column)
    signatures[: len(data) // SIGNATURE_BYTES] = np.frombuffer(data, dtype="<u4").reshape(-1, PERMUTATIONS)
    return signatures


def stories(signatures: np.ndarray, live: np.ndarray, published: np.ndarray) -> np.ndarray:
    """Return each document's story: the smallest document number among the copies it belongs to (itself
    when it has none). Two documents are copies when their signatures agree in SIMILAR of their slots and,
    when both are dated (`published`: day ordinals, 0 undated), they were published within DAYS_APART days.
    Deleted documents and documents without a signature are stories of their own."""
    size = len(signatures)
    usable = live & signatures.any(axis=1)
    docs = np.flatnonzero(usable)
    first: list[np.ndarray] = []
    second: list[np.ndarray] = []
    for band in range(BANDS):
        rows = np.ascontiguousarray(signatures[docs, band * ROWS : (band + 1) * ROWS])
        keys = rows.view(np.dtype((np.void, ROWS * 4)))
        _, group, counts = np.unique(keys.ravel(), return_inverse=True, return_counts=True)
        shared = counts[group] > 1
        if not shared.any():
            continue
        members, groups = docs[shared], group[shared]
        order = np.lexsort((members, groups))
        members, groups = members[order], groups[order]
        starts = np.r_[True, groups[1:] != groups[:-1]]
        leader = np.maximum.accumulate(np.where(starts, np.arange(len(members)), 0))
        pair = ~starts  # each member with the first (smallest) document of its band group
        first.append(members[leader][pair])
        second.append(members[pair])
    story = np.arange(size)
    if not first:
        return story
    left, right = np.concatenate(first), np.concatenate(second)
    pairs = np.unique(np.stack([left, right], axis=1), axis=0)
    left, right = pairs[:, 0], pairs[:, 1]
    agree = (signatures[left] == signatures[right]).mean(axis=1) >= SIMILAR
    dated = (published[left] > 0) & (published[right] > 0)
    agree &= ~dated | (np.abs(published[left] - published[right]) <= DAYS_APART)
    return _components(size, left[agree], right[agree])


def _components(size: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Return each node's smallest connected node, given edges (label propagation until nothing changes)."""
    label = np.arange(size)
    while len(left):
        low = np.minimum(label[left], label[right])
        changed = False
        for side in (left, right):
            before = label[side].copy()
            np.minimum.at(label, side, low)
            changed = changed or bool((label[side] != before).any())
        label = label[label]  # follow chains to their root
        if not changed:
            break
    return label
