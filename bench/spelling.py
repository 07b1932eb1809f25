"""'Did you mean' on the Reuters index: how often the suggestion is the word meant, and how long it takes.

Misspellings are made by rule, not picked: the 500 words most documents use (letters only, four or
more), 100 of them drawn with a fixed seed, each misspelt three ways (a letter deleted, two neighbours
swapped, a letter replaced by another), keeping only misspellings the archive does not contain. The
same cases run under any version of the code (PYTHONPATH), so old and new are compared alike.

    PYTHONPATH=$PWD .venv/bin/python bench/spelling.py /tmp/reuters-index-copy [SEED, default 13]

Never point it at an index you must not write to: opening an archive writes its caches beside it.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from whoosh.lang.porter import stem

from archive.models import SearchRequest
from archive.names import WORD, fold_text
from archive.search import Archive

LETTERS = "abcdefghijklmnopqrstuvwxyz"
TOKEN = re.compile(rf"{WORD}(?:\.{WORD})*")


def document_frequencies(archive: Archive) -> Counter[str]:
    """Return how many documents use each folded word of the stored titles and bodies."""
    reader = archive.generation().searcher.reader()
    counts: Counter[str] = Counter()
    for docnum in reader.all_doc_ids():
        fields = reader.stored_fields(docnum)
        counts.update({fold_text(w) for w in TOKEN.findall(f"{fields.get('title') or ''}\n{fields.get('body') or ''}")})
    return counts


def misspellings(word: str, rng: random.Random) -> list[tuple[str, str]]:
    """Return a word misspelt by one deletion, one swap of neighbours and one substitution, each with its kind."""
    i = rng.randrange(len(word))
    j = rng.randrange(len(word) - 1)
    k = rng.randrange(len(word))
    other = rng.choice([c for c in LETTERS if c != word[k]])
    return [
        ("deletion", word[:i] + word[i + 1 :]),
        ("transposition", word[:j] + word[j + 1] + word[j] + word[j + 2 :]),
        ("substitution", word[:k] + other + word[k + 1 :]),
    ]


def cases(archive: Archive, counts: Counter[str], seed: int) -> list[tuple[str, str, str]]:
    """Return (kind, misspelling, word meant) for words drawn from the 500 most used: misspellings that no
    document writes and that find nothing (a misspelling that stemming finds, "pries", gets no suggestion)."""
    ranked = sorted(counts, key=lambda w: (-counts[w], w))  # ties in word order: the same list in every process
    frequent = [w for w in ranked if w.isalpha() and w.isascii() and len(w) >= 4][:500]
    rng = random.Random(seed)
    made = []
    for word in rng.sample(frequent, 100):
        for kind, typo in misspellings(word, rng):
            if typo != word and typo not in counts and not archive.search(SearchRequest(query=typo, limit=1)).total:
                made.append((kind, typo, word))
    return made


def main(path: str, seed: int) -> None:
    archive = Archive(Path(path))
    counts = document_frequencies(archive)
    made = cases(archive, counts, seed)
    generation = archive.generation()
    archive.search(SearchRequest(query="opek"))  # the vocabulary, where there is one, is loaded here
    right, stems, times, searches = Counter(), Counter(), [], []
    for kind, typo, word in made:
        started = time.perf_counter()
        result = archive.search(SearchRequest(query=typo))
        searches.append(time.perf_counter() - started)
        query = archive.parse(typo, generation)
        started = time.perf_counter()
        archive.better_spelling(generation, query, typo, result.total, None)
        times.append(time.perf_counter() - started)
        said = fold_text(result.suggestion or "")
        right[kind] += said == word
        stems[kind] += said in (word, stem(word))
    kinds = Counter(kind for kind, _, _ in made)
    for kind in kinds:
        print(f"{kind:14} {kinds[kind]:4} cases  word meant {right[kind]:4}  word or its stem {stems[kind]:4}")
    total = len(made)
    print(
        f"{'all':14} {total:4} cases  word meant {sum(right.values()):4} ({sum(right.values()) / total:.0%})"
        f"  word or its stem {sum(stems.values()):4} ({sum(stems.values()) / total:.0%})"
    )
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"suggestion: median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    p95 = statistics.quantiles(searches, n=20)[-1]
    print(f"whole search: median {statistics.median(searches) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    for query in ("opek", "inflaton", "Volcker reisgn", "Volker"):
        print(f"{query!r} -> {archive.search(SearchRequest(query=query)).suggestion!r}")
    vocabulary_cost(archive)


def vocabulary_cost(archive: Archive) -> None:
    """Print the time to build the vocabulary from stored text, to load it from its cache, and its memory."""
    try:
        from archive.spelling import load_vocabulary
    except ImportError:  # the code before the vocabulary
        return
    reader = archive.generation().searcher.reader()
    started = time.perf_counter()
    load_vocabulary(reader, None)
    built = time.perf_counter() - started
    tracemalloc.start()
    started = time.perf_counter()
    vocabulary = load_vocabulary(reader, archive.path)
    loaded = time.perf_counter() - started
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    started = time.perf_counter()
    load_vocabulary(reader, archive.path)
    untraced = time.perf_counter() - started
    print(
        f"vocabulary: {len(vocabulary):,} words; built from stored text in {built:.1f} s, loaded from its "
        f"cache in {untraced * 1000:.0f} ms ({loaded * 1000:.0f} ms traced), {memory / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 13)
