"""Read bytes whose encoding nobody declared: mostly-UTF-8 text, or a legacy code page judged by its words.

A statistical detector (charset_normalizer) is unsure on short texts: "Réunion à Genève" in latin-1
reads as well in cp1250 ("Réunion ŕ Genčve") by its letter statistics. Words settle it: each
candidate code page is scored by how many of the non-ASCII letters it gives fall in words that some
language writes (wordfreq's word lists, which the project already ships). Only the parts of a file
around its non-ASCII bytes are looked at, so a long ASCII start hides nothing.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

# Code pages tried besides the detector's own guesses, commonest first: Western, Central European,
# Cyrillic, Greek, Turkish, Baltic, Hebrew, Arabic (latin-1 is cp1252 but for 0x80-0x9F, where it has only
# control characters). On a tie the detector's guesses among these come first, then these, then the
# detector's other guesses and the DOS and Mac pages: short texts fool the detector's statistics.
COMMON: tuple[str, ...] = (
    "cp1252",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
)
RARE: tuple[str, ...] = ("cp866", "mac_roman")
COMMON, RARE = (tuple(codecs.lookup(e).name for e in names) for names in (COMMON, RARE))  # as codecs spells them
# Languages whose word lists judge a reading: those written in the code pages above.
LANGUAGES = ("fr de es pt it nl sv da nb fi is ca pl cs sk hu sl ro sh lt lv ru uk bg mk el tr he ar fa").split()
CEDILLA = str.maketrans("șț", "şţ")  # Romanian as the legacy code pages wrote it (they had no comma below)
WORDS_PER_LANGUAGE = 10000  # the commonest words of each language: enough for news, small in memory
SAMPLE_BYTES = 200_000  # what the detector reads
SCORE_BYTES = 20_000  # what the word lists judge
CONTEXT = 64  # ASCII bytes kept on each side of a non-ASCII run: the words around it
NON_ASCII = re.compile(rb"[\x80-\xff]+")
NON_ASCII_TEXT = re.compile("[^\x00-\x7f]")
WORD = re.compile(r"\w+")
# Characters a reading may give outside words without doubt on it: punctuation, spaces, currency, math.
NEUTRAL = ("P", "Zs", "Sc", "Sm")
NEUTRAL_SYMBOLS = "°©®™№"
SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f\u2019\u00b7](?=[^\W\d_])")  # "anun₫at", not "l’école"


def decode_utf8_mostly(data: bytes) -> str | None:
    """Return UTF-8 text with its few invalid bytes replaced, or None when the bytes are not mostly UTF-8.

    Mostly UTF-8: at least one valid multi-byte character, and at least as many as invalid sequences
    (a stray byte, a character cut short). Legacy text makes valid sequences only by chance.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(NON_ASCII_TEXT.findall(text)) - text.count("\ufffd")
    return text if valid >= max(invalid, 1) else None


def detect(data: bytes) -> str | None:
    """Return the code page that reads the non-ASCII parts of data best, or None when nothing reads it.

    Best: the most characters in known words less the doubtful ones, among the readings with at least a
    third of their characters in known words. On a tie the detector's order decides; where no reading
    makes a known word (a lone "€"), the commonest code page that reads it without doubt.
    """
    import charset_normalizer  # only for files that are not UTF-8: kept off the search path

    sample = non_ascii_sample(data)
    found = [codecs.lookup(m.encoding).name for m in charset_normalizer.from_bytes(sample)]
    order = dict.fromkeys([*(e for e in found if e in COMMON), *COMMON, *found, *RARE])
    scores: dict[str, tuple[int, int]] = {}
    readings: set[str] = set()
    for encoding in order:
        try:
            reading = sample[:SCORE_BYTES].decode(encoding)
        except UnicodeDecodeError:
            continue
        if reading not in readings:  # the same text as an earlier code page
            readings.add(reading)
            known, doubtful = word_score(reading)
            if known * 2 >= doubtful:
                scores[encoding] = known, known - doubtful
    if any(known for known, _ in scores.values()):
        return max(scores, key=lambda e: scores[e][1])  # max keeps the first of equals
    return next((e for e in (*COMMON, *RARE) if e in scores), found[0] if found else None)


def non_ascii_sample(data: bytes) -> bytes:
    """Return the parts of data around its non-ASCII bytes, with some words of context, up to SAMPLE_BYTES."""
    if len(data) <= SAMPLE_BYTES:
        return data
    parts: list[tuple[int, int]] = []
    size = 0
    for match in NON_ASCII.finditer(data):
        start, end = max(0, match.start() - CONTEXT), match.end() + CONTEXT
        if parts and start <= parts[-1][1]:
            size += end - parts[-1][1]
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((start, end))
            size += end - start
        if size >= SAMPLE_BYTES:
            break
    return b"\n".join(_snap(data, start, end) for start, end in parts) or data[:SAMPLE_BYTES]


def _snap(data: bytes, start: int, end: int) -> bytes:
    """Return data[start:end] narrowed to whole words at its ends where a space is near."""
    head = data.find(b" ", start, start + CONTEXT) if start else -1
    tail = data.rfind(b" ", end - CONTEXT, end)
    return data[head + 1 if head >= 0 else start : tail if tail >= 0 else end]


def word_score(text: str) -> tuple[int, int]:
    """Return how many non-ASCII characters of text fall in known words, and how many others are doubtful
    (in unknown words, or control characters and symbols that no text is written with)."""
    lexicon = known_words()
    known = in_words = 0
    for word in WORD.findall(text.lower()):
        if word.isascii() or not any(c.isalpha() for c in word) or (len(word) == 1 and word in lexicon):
            continue  # "в", "à": too easy to make; "½": no letters
        count = len(NON_ASCII_TEXT.findall(word))
        in_words += count
        known += count if word in lexicon else 0
    others = [c for c in NON_ASCII_TEXT.findall(text) if not c.isalnum() and c != "_"]
    doubtful = sum(1 for c in others if not _neutral(c)) + len(SYMBOL_IN_WORD.findall(text))
    return known, in_words - known + doubtful


@lru_cache(maxsize=4096)
def _neutral(char: str) -> bool:
    return unicodedata.category(char).startswith(NEUTRAL) or char in NEUTRAL_SYMBOLS


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Return the commonest words with a non-ASCII letter in the languages of the legacy code pages."""
    import wordfreq

    words: set[str] = set()
    for language in LANGUAGES:
        taken = 0
        for band in wordfreq.read_cBpack(wordfreq.available_languages("small")[language]):
            words.update(w for w in band if not w.isascii())
            words.update(w.translate(CEDILLA) for w in band if "ș" in w or "ț" in w)
            taken += len(band)
            if taken >= WORDS_PER_LANGUAGE:
                break
    return frozenset(words)
