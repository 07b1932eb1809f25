"""Phrases judged from word places in numpy give Whoosh's own answer, across segments and deletions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.query import Phrase

from archive.schema import build_schema
from archive.search import Archive

TEXTS = [
    "The harbour board met on Monday. The harbour board said fishing quotas would fall.",
    "Fishing quotas fell again, and the board of the harbour resigned on Tuesday.",
    "Quotas for fishing rose; the harbour stayed open and the board stayed quiet.",
    "Very very few boats left the harbour board's moorings, the harbour master said.",
    "The master said the harbour board would meet the fishing crews on Friday.",
    "Crews said fishing quotas fishing quotas fishing quotas, a chant outside the board.",
]
PHRASES = [
    '"harbour board"',
    '"fishing quotas"',
    '"board of the harbour"',
    '"very very few"',
    '"quotas fishing"',
    '"harbour master said"',
    '"said fishing"',
    '"board said"',
    '"fishing quotas fishing quotas"',
    '"no such words"',
    '"harbour board" fishing',
    '"fishing quotas" OR "harbour master"',
    '"harbour board" NOT "fishing quotas"',
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """An index of two segments (two commits) with one document deleted."""
    path: Path = tmp_path_factory.mktemp("phrases")
    ix = whoosh_index.create_in(str(path), build_schema())
    for part in (TEXTS[:3], TEXTS[3:]):
        writer = ix.writer()
        for text in part:
            number = TEXTS.index(text)
            writer.add_document(id=f"d{number}", path=f"d{number}.txt", title=f"Story {number}", body=text)
        writer.commit()
    writer = ix.writer()
    writer.delete_by_term("id", "d1")
    writer.commit(merge=False)
    assert len(ix.searcher().reader().leaf_readers()) == 2
    return Archive(path)


@pytest.mark.parametrize("text", PHRASES)
def test_phrases_find_what_whoosh_finds(archive: Archive, text: str) -> None:
    generation = archive.generation()
    query = archive.parse(text, generation)
    phrases = [leaf for leaf in (query, *query.children(), *query.leaves()) if isinstance(leaf, Phrase)]
    assert phrases
    for phrase in phrases:  # judged from word places, not handed to Whoosh
        assert generation.postings.phrase(phrase) is not None
    ours = np.flatnonzero(archive.matching(generation, query)).tolist()
    theirs = sorted(generation.searcher.docs_for_query(query))
    assert ours == theirs


def test_a_deleted_document_is_not_found_by_phrase(archive: Archive) -> None:
    generation = archive.generation()
    query = archive.parse('"quotas fell again"', generation)  # only the deleted document has it
    assert ("body", b"fell") in generation.searcher.reader()  # its words stay in the segment's word list
    assert not archive.matching(generation, query).any()


def test_phrases_with_slop_are_left_to_whoosh(archive: Archive) -> None:
    generation = archive.generation()
    query = archive.parse('"harbour said"~3', generation)
    phrases = [leaf for leaf in query.children() if isinstance(leaf, Phrase)]
    assert phrases and all(generation.postings.phrase(p) is None for p in phrases)
    ours = np.flatnonzero(archive.matching(generation, query)).tolist()
    assert ours == sorted(generation.searcher.docs_for_query(query)) != []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"open and the board"', ["d2"]),  # stop words between: their places are kept in the index
        ('"quotas for fishing"', ["d2"]),
        ('"open board"', []),  # the same words as neighbours are another phrase
        ('"fishing for quotas"', []),
    ],
)
def test_phrases_with_stop_words_find_the_words_as_written(archive: Archive, text: str, found: list[str]) -> None:
    generation = archive.generation()
    docs = np.flatnonzero(archive.matching(generation, archive.parse(text, generation)))
    assert [generation.searcher.stored_fields(int(d))["id"] for d in docs] == found


def test_a_phrase_with_stop_words_is_not_taken_for_the_same_words_side_by_side(tmp_path: Path) -> None:
    """Whoosh compares phrases by their words alone: without "of the", "chairman of the board" has the words of
    "chairman board", which stand elsewhere. The matches kept per query must not mix them up."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = ix.writer()
    writer.add_document(id="a", path="a.txt", title="Resignation", body="The chairman of the board resigned.")
    writer.add_document(id="b", path="b.txt", title="Elections", body="Chairman board elections are due.")
    writer.commit()
    archive = Archive(tmp_path)
    generation = archive.generation()
    expected = {'body:"chairman board"': ["b"], 'body:"chairman of the board"': ["a"]}
    for order in (list(expected), list(reversed(expected))):
        generation.matched.clear()
        for text in order:
            found = np.flatnonzero(archive.matching(generation, archive.parse(text, generation))).tolist()
            assert [generation.searcher.stored_fields(d)["id"] for d in found] == expected[text], text
