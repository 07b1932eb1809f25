"""The archive's vocabulary for "Did you mean": whole words as written, near words ranked by edits and use."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from archive.spelling import Vocabulary, Words, merged, sound_key


def vocabulary(*texts: str) -> Vocabulary:
    return Vocabulary(Words.read(texts))


def first(vocab: Vocabulary, word: str) -> str | None:
    found = vocab.candidates(word)
    return found[0].form if found else None


def test_a_word_keeps_its_commonest_spelling_and_counts_documents() -> None:
    words = Words.read(["Talks in Genève. GENÈVE said", "Genève again", "geneve, lower case", "Zurich"])
    entry = words.words.index("geneve")
    assert words.forms[entry] == "Genève"
    assert words.documents[entry] == 3 and words.uses[entry] == 2  # "Genève" written twice, in 3 documents


def test_suggestions_are_whole_words_never_stems() -> None:
    vocab = vocabulary("inflation rose", "inflation eased", "to inflate tyres", "inflationary")
    assert first(vocab, "inflaton") == "inflation"


def test_a_letter_that_sounds_alike_beats_a_commoner_word() -> None:
    """Typed "opek": OPEC (k for c, half an edit) before open and Oper, which more documents use."""
    texts = ["OPEC ministers"] * 4 + ["the market will open"] * 8 + ["Oper shr 3 cts"] * 6
    vocab = vocabulary(*texts)
    assert [c.form for c in vocab.candidates("opek")][:3] == ["OPEC", "open", "Oper"]


def test_equally_close_words_go_by_how_many_documents_use_them() -> None:
    vocab = vocabulary(*(["sugar exports"] * 5 + ["super"] * 2))
    assert [c.form for c in vocab.candidates("suger")][:2] == ["sugar", "super"]


def test_swapped_letters_are_one_edit() -> None:
    vocab = vocabulary(*(["no reason given"] * 9 + ["he may resign"]))
    assert first(vocab, "reisgn") == "resign"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("ab", None), ("abcd", "abce"), ("abxy", None), ("abcdefg", "abcdxyg"), ("1987", None)],
)
def test_short_words_allow_one_edit_longer_two_and_numbers_none(word: str, expected: str | None) -> None:
    vocab = vocabulary("ab abce abcdxyg 1988 1987x")
    assert first(vocab, word) == expected


def test_sound_key_makes_alike_letters_one_and_doubled_letters_single() -> None:
    assert sound_key("volcker") == sound_key("volker") == "volker"
    assert sound_key("phosphate") == "fosfate" and sound_key("opec") == sound_key("opek")


def test_segments_merge_documents_and_the_most_used_spelling() -> None:
    words = merged([Words.read(["Volcker said", "Volcker"]), Words.read(["VOLCKER VOLCKER VOLCKER"])])
    entry = words.words.index("volcker")
    assert words.documents[entry] == 3 and words.forms[entry] == "VOLCKER"


def test_words_survive_their_cache_file_and_a_damaged_file_is_refused(tmp_path: Path) -> None:
    words = Words.read(["Genève talks", "Zürich bankers"])
    path = tmp_path / "words.npz"
    assert words.save(path)
    again = Words.load(path)
    assert again.words == words.words and again.forms == words.forms
    assert np.array_equal(again.documents, words.documents)
    path.write_bytes(b"not a zip file")
    with pytest.raises((ValueError, OSError)):
        Words.load(path)


def test_an_empty_archive_suggests_nothing() -> None:
    assert vocabulary().candidates("anything") == []
