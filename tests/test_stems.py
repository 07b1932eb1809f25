"""Search in a document's own language: stems by the language's rules, query words looked up in each language."""

from __future__ import annotations

from whoosh.query import Or, Phrase

from archive.query import query_parser
from archive.schema import build_schema
from archive.snippets import term_spans
from archive.stems import StemsAnalyzer, stem_term, stemmer_language, stems_value, with_stems


def test_a_word_is_stemmed_by_its_language_and_folded() -> None:
    assert stem_term("ru", "Москве") == stem_term("ru", "Москва") == "ru:москв"
    assert stem_term("fr", "inondés") == stem_term("fr", "INONDÉE") == "fr:inond"
    assert stem_term("fr", "rivière") == "fr:rivi"  # the stemmer reads the accent; the stem is folded
    assert stem_term("de", "Brücke") == stem_term("de", "Bruecke") == stem_term("de", "brucke")
    assert stem_term("de", "Quelle") == "de:quell"  # "ue" after q is no umlaut
    assert stem_term("fr", "des") is None  # a stop word of the language


def test_languages_without_a_stemmer_or_english_have_no_stems() -> None:
    assert stemmer_language("nb") == stemmer_language("no") == "no"  # Bokmål is stemmed as Norwegian
    assert [stemmer_language(code) for code in ("en", "ja", "xx", None, "")] == [None] * 5
    assert stems_value("en", "Title", "text") == stems_value(None, "T", "t") == ""
    assert stems_value("fr", "Titre", "texte").startswith("fr")


def test_the_analyzer_leaves_the_gaps_of_stop_words() -> None:
    tokens = [(t.text, t.pos) for t in StemsAnalyzer()(stems_value("fr", "", "le pont de la rivière"), positions=True)]
    assert tokens == [("fr:pont", 1), ("fr:rivi", 4)]
    assert list(StemsAnalyzer()("no language mark here")) == []


def parsed(text: str, languages: tuple[str, ...]):
    return with_stems(query_parser(build_schema()).parse(text), text, languages)


def test_a_query_word_is_looked_up_in_each_language_of_the_archive() -> None:
    query = parsed("Москве", ("ru", "fr", "en", "ja"))
    stems = {(t.fieldname, t.text) for t in query.leaves() if t.fieldname == "stems"}
    assert stems == {("stems", "ru:москв"), ("stems", "fr:москве")}  # each language's rules: French strips nothing
    assert all(t.startchar == 0 and t.endchar == 6 for t in query.leaves())
    assert parsed("Москве", ("en",)) == query_parser(build_schema()).parse("Москве")  # nothing to add


def test_a_query_word_is_stemmed_as_a_document_word_is() -> None:
    query = parsed("l'inondation", ("fr",))
    assert {t.text for t in query.leaves() if t.fieldname == "stems"} == {stem_term("fr", "inondation")}


def test_a_phrase_is_looked_up_as_a_phrase_of_stems_with_its_gaps() -> None:
    query = parsed('"le pont de la rivière"', ("fr",))
    phrases = [q for q in query.leaves() if isinstance(q, Phrase) and q.fieldname == "stems"]
    assert [(p.words, p.places) for p in phrases] == [(["fr:pont", "fr:rivi"], [0, 3])]
    assert isinstance(query, Or) and {q.fieldname for q in query.leaves()} == {"title", "body", "names", "stems"}


def test_snippets_mark_the_words_a_stem_matches() -> None:
    text = "La Brücke und die Brücken, nicht die Brüder."
    marked = [text[a:b] for a, b in term_spans(text, frozenset({"de:bruck"}))]
    assert marked == ["Brücke", "Brücken"]
