"""The archive's words as written, for "Did you mean": whole words, found by edit distance, ranked by use.

The index holds stems ("inflat", "oper"), so a corrector that reads its terms offers stems. Here each
segment's stored titles and bodies are read once: every word folded as search folds it (fold_text), with
the spelling the documents use most ("Genève", "OPEC") and how many documents use it. A segment never
changes once written, so its words are cached beside the index under the segment's id, as the facet
tables are; a generation's vocabulary is its segments' merged. Deleted documents still count here
until their segment is merged away: a suggestion is checked by running it, so this only ranks.

Candidates lie within 1 edit (words of up to 4 letters) or 2 edits (longer), a swap of two letters
being one edit. An edit between letters that sound alike costs half ("opek": "OPEC" before "open"),
and a word ten times as used is worth half an edit.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .atomicfile import write_atomically
from .names import TOKEN as TOKEN_PATTERN
from .names import fold_text

VERSION = "v1"  # the cache files' layout: a change makes old files unused (and removed)
TOKEN = re.compile(TOKEN_PATTERN)  # the words of schema.tokenizer()
LONGEST = 30  # longer words are not offered (nor cached)
SEPARATOR = "\n"  # words never hold one: the tokenizer splits on it
# Letters written for one sound: an edit between them costs half ("opek" -> OPEC, "Volker" -> Volcker).
SOUNDS = [(re.compile(p), r) for p, r in (("ph", "f"), ("ck", "k"), ("[cq]", "k"), ("z", "s"), ("y", "i"))]
DOUBLED = re.compile(r"(.)\1+")
# A word ten times as used is worth half an edit: a noisy channel where each edit is a hundred times less likely
# than none ("whn": when (1,591 documents) before who (1,274); "divsiion": division (450) before divsion (1)).
USE_WEIGHT = 0.5
KEPT_CANDIDATES = 10_000  # words whose candidates a vocabulary keeps
log = logging.getLogger(__name__)


def sound_key(word: str) -> str:
    """Return a folded word with letters that sound alike made one and doubled letters single."""
    for pattern, letter in SOUNDS:
        word = pattern.sub(letter, word)
    return DOUBLED.sub(r"\1", word)


def offered(word: str) -> bool:
    """Return whether a folded word may be suggested: two letters or more, no digit, not overlong."""
    return 2 <= len(word) <= LONGEST and not any(c.isdigit() for c in word)


def max_edits(word: str) -> int:
    """Return how many edits a suggestion may be from a folded word (0: too short to respell)."""
    return 0 if len(word) < 3 else 1 if len(word) <= 4 else 2


@dataclass(frozen=True)
class Words:
    """Words of some documents: each folded word, its commonest spelling, its documents and the spelling's uses."""

    words: list[str]
    forms: list[str]
    documents: np.ndarray
    uses: np.ndarray

    @classmethod
    def read(cls, texts: Any) -> Words:
        """Return the words of documents' texts (one string per document)."""
        documents: Counter[str] = Counter()
        written: Counter[str] = Counter()
        for text in texts:
            found = TOKEN.findall(text)
            written.update(found)
            documents.update({fold_text(w) for w in found})
        best: dict[str, tuple[int, str]] = {}
        for form, uses in written.items():
            key = fold_text(form)
            if offered(key) and uses > best.get(key, (0, ""))[0]:
                best[key] = (uses, form)
        keys = sorted(best)
        return cls(
            keys,
            [best[k][1] for k in keys],
            np.array([documents[k] for k in keys], dtype=np.int32),
            np.array([best[k][0] for k in keys], dtype=np.int32),
        )

    def save(self, path: Path) -> bool:
        """Write the words to a cache file atomically; return whether it was written."""
        arrays = {
            "words": np.frombuffer(SEPARATOR.join(self.words).encode(), dtype=np.uint8),
            "forms": np.frombuffer(SEPARATOR.join(self.forms).encode(), dtype=np.uint8),
            "documents": self.documents,
            "uses": self.uses,
        }
        return write_atomically(path, lambda handle: np.savez(handle, **arrays))  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> Words:
        """Return the words saved in a cache file (OSError, ValueError or KeyError when it cannot be read)."""
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
            words = data["words"].tobytes().decode().split(SEPARATOR) if data["words"].size else []
            forms = data["forms"].tobytes().decode().split(SEPARATOR) if data["forms"].size else []
            documents, uses = data["documents"], data["uses"]
        if not len(words) == len(forms) == len(documents) == len(uses):
            raise ValueError(f"{path.name}: arrays of different lengths")
        return cls(words, forms, documents, uses)


@dataclass(frozen=True)
class Candidate:
    """A word the archive writes, close to a word of a query."""

    form: str  # as the documents write it most
    cost: float  # edits, those between letters that sound alike at half
    documents: int

    @property
    def rank(self) -> float:
        """Return the candidate's place, lowest first: its edits, less a tenfold use's worth of half an edit."""
        return self.cost - USE_WEIGHT * math.log10(max(1, self.documents))


class Vocabulary:
    """The words of one index generation, searchable by edit distance."""

    def __init__(self, words: Words) -> None:
        order = sorted(range(len(words.words)), key=lambda i: (len(words.words[i]), words.words[i]))
        self.words = [words.words[i] for i in order]
        self.forms = [words.forms[i] for i in order]
        self.documents = words.documents[order] if order else np.zeros(0, dtype=np.int32)
        lengths = np.array([len(w) for w in self.words] or [0])
        self.starts = np.searchsorted(lengths, np.arange(LONGEST + 3)) if self.words else np.zeros(LONGEST + 3, int)
        self._found: dict[str, list[Candidate]] = {}

    def __len__(self) -> int:
        return len(self.words)

    def candidates(self, word: str) -> list[Candidate]:
        """Return the archive's words close to a word, best first: fewest edits, a tenfold use worth half of one.
        Kept per word: a search is run again with each filter a person clicks, its suggestion with it."""
        found = self._found.get(word)
        if found is None:
            if len(self._found) >= KEPT_CANDIDATES:
                self._found.clear()
            found = self._found[word] = self._candidates(word)
        return list(found)

    def _candidates(self, word: str) -> list[Candidate]:
        key = fold_text(word)
        most = max_edits(key)
        if not most or len(key) > LONGEST:
            return []
        first, last = self.starts[max(0, len(key) - most)], self.starts[min(LONGEST + 2, len(key) + most + 1)]
        near = process.extract(key, self.words[first:last], scorer=OSA.distance, score_cutoff=most, limit=None)
        sound = sound_key(key)
        found = [
            Candidate(
                self.forms[first + i],
                (edits + min(edits, OSA.distance(sound, sound_key(near_word)))) / 2,
                int(self.documents[first + i]),
            )
            for near_word, edits, i in near
            if edits > 0
        ]
        return sorted(found, key=lambda c: (c.rank, c.form))


def merged(parts: list[Words]) -> Words:
    """Return the words of several segments: documents added, each word's spelling the most used of its parts'."""
    if len(parts) == 1:
        return parts[0]
    table: dict[str, list[Any]] = {}
    for part in sorted(parts, key=lambda p: -len(p.words)):
        for word, form, documents, uses in zip(
            part.words, part.forms, part.documents.tolist(), part.uses.tolist(), strict=True
        ):
            entry = table.get(word)
            if entry is None:
                table[word] = [documents, form, uses]
                continue
            entry[0] += documents
            if uses > entry[2]:
                entry[1], entry[2] = form, uses
    keys = sorted(table)
    return Words(
        keys,
        [table[k][1] for k in keys],
        np.array([table[k][0] for k in keys], dtype=np.int32),
        np.array([table[k][2] for k in keys], dtype=np.int32),
    )


def segment_words(leaf: Any, folder: Path | None) -> Words:
    """Return the words of one segment's stored titles and bodies, from its cache file when there is one."""
    path = words_file(folder, leaf)
    if path is not None:
        try:
            return Words.load(path)
        except (OSError, ValueError, KeyError, EOFError) as exc:  # missing (a new segment) or damaged: read again
            log.debug("word cache %s not used: %s", path.name, exc)
    texts = (stored_text(leaf.stored_fields(d)) for d in range(leaf.doc_count_all()))
    words = Words.read(texts)
    if path is not None:
        words.save(path)  # a read-only index still suggests, reading its segments each time it opens
    return words


def stored_text(fields: dict[str, Any]) -> str:
    """Return the searchable text of a document's stored fields: its title and body."""
    return f"{fields.get('title') or ''}\n{fields.get('body') or ''}"


def words_file(folder: Path | None, leaf: Any) -> Path | None:
    """Return the cache file of a segment's words (None: no folder, or a segment without an id)."""
    segment = leaf.segment() if folder is not None else None
    return None if folder is None or segment is None else folder / f"words-{VERSION}-{segment.segment_id()}.npz"


def load_vocabulary(reader: Any, folder: Path | None) -> Vocabulary:
    """Return the vocabulary of a reader's generation, each segment's words read once and cached in folder."""
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    vocabulary = Vocabulary(merged([segment_words(leaf, folder) for leaf in leaves]) if leaves else Words.read([]))
    if folder is not None:
        keep = {words_file(folder, leaf) for leaf in leaves}
        try:
            for old in folder.glob("words-*.npz"):
                if old not in keep:
                    old.unlink(missing_ok=True)
        except OSError as exc:  # a read-only index keeps its files
            log.debug("old word caches not removed: %s", exc)
    return vocabulary
