"""Documents in French, Russian and German: their language detected and faceted, their entities taken in their
language (the French model; elsewhere only exact gazetteer places and ISO dates), never the English model's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.config import load_settings
from archive.extract.foreign import foreign_entities, iso_dates, place_entry
from archive.index import reindex
from archive.language import detect_language, document_language, language_code
from archive.models import SearchRequest
from archive.search import Archive
from tests.foreign import DOCUMENTS, LANGUAGES, paragraphs

ENGLISH = (
    "Harbour strike ends\n\nDock workers in Rotterdam ended their strike on Tuesday after Mayor Joanna Kowalska "
    "promised a new wage agreement for the port and its crane operators."
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_paragraphs_of_twenty_words_are_told_apart(language: str) -> None:
    found = [detect_language(p) for p in paragraphs(language, 40, seed=7)]
    assert found.count(language) == len(found), found


def test_a_text_too_short_to_judge_has_no_language() -> None:
    assert detect_language("Shr 20 cts vs 15 cts") is None
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize(
    ("given", "code"),
    [("en-GB", "en"), ("FR", "fr"), ("fra", "fr"), ("deu", "de"), ("Russian", "ru"), ("xx-yy", None), ("", None)],
)
def test_a_given_language_is_read_as_its_code(given: str, code: str | None) -> None:
    assert language_code(given) == code


def test_a_given_language_wins_over_detection() -> None:
    assert document_language("de", DOCUMENTS["fr"]) == "de"
    assert document_language("nonsense words", DOCUMENTS["fr"]) == "fr"


def test_cyrillic_places_meet_their_latin_names_and_no_one_is_invented() -> None:
    found = foreign_entities(DOCUMENTS["ru"], None, "ru")
    assert {(p.name, p.country) for p in found.places} == {("Moscow", "Russia"), ("Primorsky Krai", "Russia")}
    assert [m.text for p in found.places for m in p.mentions] == ["Москва", "Приморский край"]
    assert found.people == () and found.organizations == () and found.labels == ()


@pytest.mark.parametrize(
    ("name", "language", "place"),
    [("Россия", "ru", "Russia"), ("Frankreich", "de", "France"), ("Alemania", "es", "Germany"),
     ("Санкт-Петербург", "ru", "Saint Petersburg"), ("München", "de", "Munich"),
     ("Essen", "de", None),  # a German noun before it is a town
     ("Мира", "ru", None),  # "of the world": a small Italian town by its letters
     ("Rosja", "pl", "Russia"), ("Rússia", "pt", "Russia")],  # CLDR's common names: ISO gives the official ones
)  # fmt: skip
def test_a_place_is_named_exactly_in_its_own_script(name: str, language: str, place: str | None) -> None:
    entry = place_entry(name, language, exact=True)
    assert (entry.name if entry else None) == place


def test_a_language_without_a_word_list_still_gets_its_places_and_no_error() -> None:
    # wordfreq has no Estonian list: a capitalised word opening a sentence cannot be judged an everyday word
    found = foreign_entities("Tallinn on Eesti pealinn. Linnas elab palju inimesi, ka Tartu on suur.", None, "et")
    assert "Tartu" in {p.name for p in found.places} and not found.people


def test_only_iso_dates_are_taken_from_a_foreign_text() -> None:
    dates, timexes = iso_dates("Le 2024-05-31, puis le 31 mai, et le 2024-02-30 qui n'existe pas.")
    assert [d.value for d in dates] == ["2024-05-31"] and [t.text for t in timexes] == ["2024-05-31"]


@pytest.fixture(scope="module")
def languages_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of one English, French, Russian and German story, and a French text a sidecar calls Spanish."""
    docs = tmp_path_factory.mktemp("languages")
    for language, text in DOCUMENTS.items():
        (docs / f"story-{language}.txt").write_text(text, encoding="utf-8")
    (docs / "story-en.txt").write_text(ENGLISH, encoding="utf-8")
    (docs / "labelled.txt").write_text(paragraphs("fr", 1)[0], encoding="utf-8")
    (docs / "labelled.meta.json").write_text(json.dumps({"language": "es"}))
    index = tmp_path_factory.mktemp("languages-index")
    report = reindex(load_settings(documents=docs, index=index, workers=1))
    assert not report.failed, report.failed
    return index


def hit_of(index: Path, name: str):
    result = Archive(index).search(SearchRequest(limit=20))
    return next(h for h in result.hits if h.path == name)


@pytest.mark.slow
def test_the_language_facet_counts_each_language(languages_index: Path) -> None:
    facets = Archive(languages_index).search(SearchRequest()).facets["languages"]
    assert sorted((c.value, c.count) for c in facets) == [
        ("English", 1), ("French", 1), ("German", 1), ("Russian", 1), ("Spanish", 1)
    ]  # fmt: skip
    found = Archive(languages_index).search(SearchRequest(filters={"languages": ("Russian",)}))
    assert [h.path for h in found.hits] == ["story-ru.txt"]


@pytest.mark.slow
def test_the_english_model_invents_no_names_from_russian_or_german(languages_index: Path) -> None:
    for name in ("story-ru.txt", "story-de.txt"):  # it read "Dienstag" and "Laut" as people, "По" as a firm
        hit = hit_of(languages_index, name)
        assert (hit.values["people"], hit.values["organizations"]) == ((), ()), name  # no German or Russian model
    assert hit_of(languages_index, "story-en.txt").values["people"] == ("Joanna Kowalska",)


@pytest.mark.slow
def test_moscow_written_in_cyrillic_is_found_as_moscow(languages_index: Path) -> None:
    found = Archive(languages_index).search(SearchRequest(filters={"regions": ("Moscow",)}))
    assert [h.path for h in found.hits] == ["story-ru.txt"]
    assert set(found.hits[0].values["regions"]) == {"Moscow", "Primorsky Krai"}


@pytest.mark.slow
def test_the_french_model_finds_a_french_person_and_place(languages_index: Path) -> None:
    hit = hit_of(languages_index, "story-fr.txt")
    assert hit.values["people"] == ("Hélène Marchand",)
    assert "Lyon" in hit.values["regions"]


@pytest.mark.slow
def test_the_language_facet_on_the_cli_the_api_and_the_page(languages_index: Path) -> None:
    from click.testing import CliRunner

    from archive.cli import main
    from webui import create_app

    out = CliRunner().invoke(main, ["--index", str(languages_index), "search", "--language", "French", "--json"])
    assert out.exit_code == 0, out.output
    assert [h["path"] for h in json.loads(out.output)["hits"]] == ["story-fr.txt"]
    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(languages_index)}).test_client()
    api = client.get("/api/search?xlanguage=English&xlanguage=Spanish").get_json()
    assert sorted(h["path"] for h in api["hits"]) == ["story-de.txt", "story-fr.txt", "story-ru.txt"]
    assert "<h2>Languages</h2>" in client.get("/").get_data(as_text=True)


@pytest.mark.slow
def test_a_text_too_short_to_tell_in_cyrillic_gets_no_english_model_guesses() -> None:
    from archive.extract import extract_in

    text = "Москва. Борис Колбин и По приехали."  # too short for the detector: no language told
    assert detect_language(text) is None
    found = extract_in(text, None, None)
    assert (found.people, found.organizations) == ((), ()) and [p.name for p in found.places] == ["Moscow"]
    english = extract_in("Shr 20 cts vs 15 cts at Acme Corp in Boston.", None, None)  # short, Latin: English
    assert [p.name for p in english.places] == ["Boston"]


def found_paths(index: Path, query: str) -> list[str]:
    return sorted(h.path for h in Archive(index).search(SearchRequest(query=query, limit=20)).hits)


@pytest.mark.slow
def test_a_word_finds_its_other_forms_in_the_documents_language(languages_index: Path) -> None:
    assert found_paths(languages_index, "Москве") == ["story-ru.txt"]  # the story says "Москва"
    assert found_paths(languages_index, '"строительства мостов"') == ["story-ru.txt"]  # "строительство моста"
    assert found_paths(languages_index, "bruecken") == ["story-de.txt"]  # "Brücke", as a German keyboard lacks ü
    assert found_paths(languages_index, "inondée") == ["story-fr.txt"]  # "inondés"
    hit = Archive(languages_index).search(SearchRequest(query="Москве")).hits[0]
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.marks] == ["Москва"]



@pytest.mark.slow
def test_a_word_read_in_two_fields_does_not_rank_a_foreign_story_first(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    english = "The council in Paris met on Monday to discuss the new budget for the schools of the city."
    french = "Le conseil de Paris s'est réuni lundi pour discuter du nouveau budget des écoles de la ville."
    for number in range(3):
        (docs / f"en-{number}.txt").write_text(f"Council meeting {number}\n\n{english}", encoding="utf-8")
    (docs / "fr.txt").write_text(f"Réunion du conseil\n\n{french}", encoding="utf-8")
    index = tmp_path / "index"
    assert not reindex(load_settings(documents=docs, index=index, workers=1)).failed
    scores = {h.path: h.score for h in Archive(index).search(SearchRequest(query="Paris")).hits}
    assert len(scores) == 4
    assert scores["fr.txt"] <= 1.2 * max(s for p, s in scores.items() if p != "fr.txt"), scores  # no stems bonus
    assert found_paths(index, "écoles") == found_paths(index, "école") == ["fr.txt"]  # stems where written differs


@pytest.mark.slow
def test_a_name_written_in_cyrillic_is_found_by_its_latin_spelling(languages_index: Path) -> None:
    assert found_paths(languages_index, "Kolbin") == found_paths(languages_index, '"Boris Kolbin"') == ["story-ru.txt"]
    assert found_paths(languages_index, "Kolbin") == found_paths(languages_index, "Колбин")
