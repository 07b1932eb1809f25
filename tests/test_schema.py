"""How a document becomes index fields (archive/schema.py): no model, no index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_stored_entities_name_the_values_the_facets_hold() -> None:
    """GeoNames has names with commas and stray spaces: the facet field and the entities shown must agree."""
    from archive.models import Document, Entities, Mention, Person, Place
    from archive.schema import index_fields

    mention = (Mention(0, 5, "Smith"),)
    ents = Entities(
        people=(Person("Smith, John", mention),),
        places=(Place("Bonaire, Saint Eustatius and Saba ", "Bonaire,  Saba", mention, "country"),),
    )
    fields = index_fields("a.txt", "", "digest", Document("T", "Smith went."), ents)
    stored = json.loads(fields["entities"])
    assert fields["people"].split(",") == [p["name"] for p in stored["people"]] == ["Smith John"]
    assert fields["regions"].split(",") == [p["name"] for p in stored["regions"]]
    assert fields["countries"].split(",") == [p["country"] for p in stored["regions"]] == ["Bonaire Saba"]


def words(text: str) -> list[str]:
    """Return the words the text analyzer indexes (and searches) for a text."""
    from archive.schema import analyzer

    return [token.text for token in analyzer()(text)]


def test_the_text_analyzer_folds_case_accents_and_unicode_forms() -> None:
    decomposed = "Zu\u0308rich Gene\u0300ve"  # the accents characters of their own (NFD)
    assert words("Zürich Genève") == words(decomposed) == words("ZURICH GENEVE") == ["zurich", "genev"]
    assert words("Straße Łódź Ørsted") == words("strasse lodz orsted")


def test_folded_words_are_still_stemmed_and_stop_words_dropped() -> None:
    assert words("The flooded cafés of Genève") == words("flood cafe geneve") == ["flood", "cafe", "genev"]


def test_the_names_field_reads_a_decomposed_name_as_one_word() -> None:
    from archive.schema import names_analyzer

    assert [t.text for t in names_analyzer()("Jose\u0301 Pe\u0301rez")] == ["jose", "perez"]


@pytest.mark.slow
def test_an_index_built_with_another_analyzer_is_rebuilt_in_full(tmp_path: Path, monkeypatch) -> None:
    """Same fields, other analysis (an index from before accents were folded): the next reindex rebuilds it,
    saying so, or "Geneve" would never find the "Genève" already indexed."""
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

    from archive import schema
    from archive.config import load_settings
    from archive.index import reindex
    from archive.models import SearchRequest
    from archive.search import Archive

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Talks in Genève\n\nDelegates met in Genève on Tuesday.\n", encoding="utf-8")
    settings = load_settings(documents=docs, index=tmp_path / "index", workers=1)
    before = RegexTokenizer() | LowercaseFilter() | StopFilter(renumber=False) | StemFilter()
    monkeypatch.setattr(schema, "analyzer", lambda: before)
    reindex(settings)
    monkeypatch.undo()
    report = reindex(settings)
    assert (report.indexed, report.unchanged) == (1, 0)
    assert any("rebuilt in full" in reason for _, reason in report.warnings)
    assert Archive(settings.index).search(SearchRequest(query="Geneve")).total == 1
    assert reindex(settings).unchanged == 1
