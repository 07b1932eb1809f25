"""People extraction with the real spaCy model (archive/extract/people.py), and the seed article whole."""

from __future__ import annotations

import pytest

from archive.clean import clean
from archive.extract import extract
from archive.sources import read_records
from tests.conftest import SEED

pytestmark = pytest.mark.slow  # spaCy, an index or a server


def names(text: str, published: str | None = None) -> set[str]:
    return {p.name for p in extract(text, published).people}


def test_seed_article_people_places_and_dates_are_exact() -> None:
    records, _ = read_records(SEED, "seed.txt")
    doc = clean(records[0])
    found = extract(doc.text, "2022-06-01")
    assert {p.name for p in found.people} == {
        "Vladimir Putin", "Yevgeny Lyashenko", "Leonid Vasyukevich", "Gennady Shulga",
        "Natalya Kochugova", "Aleksandr Sustov", "Oleg Kozhemyako", "Anatoly Dolgachyov",
    }  # fmt: skip
    assert {p.name for p in found.places} == {
        "Russia",
        "Ukraine",
        "Primorsky Krai",
        "Luhansk",
        "Popasna",
        "Kyiv",
        "Moscow",
    }
    assert {d.value for d in found.dates} == {"2022-05-31", "2022-05-27", "2022-02-24", "2022-03-25"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Natalya Kochugova was reprimanded. Kochugova said she did not sign.", {"Natalya Kochugova"}),
        ("President Vladimir Putin spoke on television. Putin said little.", {"Vladimir Putin"}),
        (
            "The leader of the Communist lawmakers, Anatoly Dolgachyov, said the action was severe.",
            {"Anatoly Dolgachyov"},
        ),
        ("Vasyukevich told the daily Kommersant that he would stay.", {"Vasyukevich"}),
        ("Mayor Sebastiao Melo's office said Porto Alegre was flooded.", {"Sebastiao Melo"}),
    ],
)
def test_people_are_one_canonical_name(text: str, expected: set[str]) -> None:
    assert names(text) == expected


def test_surname_mentions_join_the_full_name() -> None:
    found = extract("Leonid Vasyukevich read a statement. Later Vasyukevich left the hall.").people
    assert [(p.name, len(p.mentions)) for p in found] == [("Leonid Vasyukevich", 2)]


def test_every_repeat_of_a_surname_is_a_mention() -> None:
    text = "Leonid Vasyukevich and Gennady Shulga were expelled on Friday. Vasyukevich and Shulga were not present."
    found = {p.name: [m.text for m in p.mentions] for p in extract(text).people}
    assert found == {
        "Leonid Vasyukevich": ["Leonid Vasyukevich", "Vasyukevich"],
        "Gennady Shulga": ["Gennady Shulga", "Shulga"],
    }


def mentions(text: str) -> dict[str, list[str]]:
    return {p.name: [m.text for m in p.mentions] for p in extract(text, "1996-08-30").people}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model glues a name to a score, a bracket or a neighbour in results tables
        ("Close of play: Yorkshire 301 ( G. Hollis 63 , P. Marsh 45 not out ) .", {"G. Hollis", "P. Marsh"}),
        ("Results: Marta Kowalczyk ( Poland ) beat Ines Romero ( Spain ) 6-4 6-2 .", {"Marta Kowalczyk"}),
        ("Scorers : Portugal - Rui Mendes ( 12th ) , Latvia - Janis Ozols ( 80th )", {"Janis Ozols"}),
        # a given name the model left outside the span
        ("Wimbledon champion Conchita Alvarez lost to Mirela Testud on Friday.", {"Mirela Testud"}),
        # a person's name used as a modifier after "the" is still a person
        ("The Dole campaign released a letter on Friday. Dole said he would debate.", {"Dole"}),
    ],
)
def test_names_are_found_where_the_model_misjudges_the_span(text: str, expected: set[str]) -> None:
    assert expected <= set(mentions(text))


def test_a_name_never_runs_over_a_line_break() -> None:
    assert not any("\n" in m for ms in mentions("The squad includes Ken\nGreen Valley players.").values() for m in ms)


def test_an_all_caps_headline_surname_is_a_mention_of_the_person() -> None:
    text = "TENNIS - TARANGO UPSETS TOP SEED .\nJeff Tarango won in four sets, and Tarango plays again on Sunday."
    assert mentions(text) == {"Jeff Tarango": ["TARANGO", "Jeff Tarango", "Tarango"]}


def test_a_title_is_not_taken_for_a_given_name() -> None:
    assert names("Judge Martin Mann said the appeal would be heard. Mann adjourned.") == {"Martin Mann"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a country is not a person, though "Sri" is a given name
        ("Sri Lanka beat Kenya by four wickets on Friday in Colombo.", {}),
        # a line's label before a colon is not a person
        ("Final score Leeds 2 Hull 1 .\nAttendance : 12,000", {}),
        # ... but a capitalized particle alone, with no full name beside it, is not a surname
        ("Der Spiegel reported on Monday that the talks had failed.", {}),
        # a capitalized particle starts a surname, and the repeats keep it
        (
            "Goalkeeper Filip De Wilde saved twice. Later De Wilde said the defence had held.",
            {"Filip De Wilde": ["Filip De Wilde", "De Wilde"]},
        ),
    ],
)
def test_places_labels_and_particles(text: str, expected: dict[str, list[str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("Harbor Mills 1st qtr\nGrss 41.7 mln vs 51.5 mln\nNet 3,445,000 vs 2,326,000\n", set(), {"Grss"}),
        ("Second round\nGreg Tallow 68 70 71\nMarta Velde 69 70 72\n", {"Greg Tallow", "Marta Velde"}, set()),
    ],
)
def test_row_labels_and_lowercase_words_are_not_people(text: str, kept: set[str], dropped: set[str]) -> None:
    found = names(text, "2021-04-06")
    assert kept <= found
    assert not dropped & found


@pytest.mark.parametrize(
    ("words", "is_name"),
    [("Grss nil vs nil", False), ("Joost van der Westhuizen", True), ("Osama bin Laden", True)],
)
def test_a_lowercase_word_inside_a_name_must_be_a_particle(words: str, is_name: bool) -> None:
    from archive.extract import load_nlp
    from archive.extract.people import looks_like_name

    assert looks_like_name(list(load_nlp()(words))) is is_name


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("The business daily Vestnik Primorya reported that officials approved the plan.", None),
        ("The liberal weekly Novaya Zvezda said the plan failed.", None),
        ("The British writer Hilary Mantle visited Oslo.", "Hilary Mantle"),
    ],
)
def test_a_name_after_an_article_and_nouns_is_a_thing_unless_the_noun_is_a_title(text: str, person: str | None) -> None:
    assert names(text, "2022-06-01") == ({person} if person else set())
