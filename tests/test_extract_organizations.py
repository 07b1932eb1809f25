from __future__ import annotations

import pytest

from archive.extract import extract
from archive.extract.organizations import organization_name

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Harbour Freight & Co Inc", "Harbour Freight"),
        ("Northwind Traders and Co", "Northwind Traders"),
        ("Calder Mining Corp.", "Calder Mining"),
        ("Banco do Vale SA", "Banco do Vale"),
        ("Central Bank of Utopia", "Central Bank of Utopia"),
        ("OPEC", "OPEC"),
    ],
)
def test_legal_forms_are_dropped(written: str, name: str) -> None:
    assert organization_name(written) == name


def organizations(text: str) -> dict[str, list[str]]:
    return {o.name: [m.text for m in o.mentions] for o in extract(text, "2021-04-06").organizations}


def test_spellings_of_one_company_are_one_value_with_every_mention() -> None:
    found = organizations(
        "HARBOUR FREIGHT BUYS RIVAL\nHarbour Freight & Co Inc said on Monday it agreed to buy a rival. "
        "Shares of Harbour Freight rose."
    )
    assert "Harbour Freight" in found
    assert "Harbour Freight & Co Inc" in found["Harbour Freight"]


def test_people_and_places_are_not_organizations() -> None:
    found = organizations("Angela Merkel met bankers from Deutsche Bank in Berlin, Germany on Friday.")
    assert "Deutsche Bank" in found
    assert not {"Angela Merkel", "Berlin", "Germany"} & set(found)


def test_the_article_and_possessive_are_not_part_of_the_name() -> None:
    found = organizations("The International Monetary Fund's board met. The International Monetary Fund said no.")
    assert list(found) == ["International Monetary Fund"]


@pytest.mark.parametrize(
    ("text", "company", "person"),
    [
        ("Ed Varga of the bankers Samuel Harte and Sons Ltd said the sale was on track.", "Samuel Harte and Sons", "Ed Varga"),
        ("Alec Browne and Sons Inc said it is refocusing, said John Tilly.", "Alec Browne and Sons", "John Tilly"),
        ("Ann Lee of Harbor Banks Inc said rates would rise.", "Harbor Banks", "Ann Lee"),
    ],
)
def test_a_name_followed_by_a_legal_form_is_a_company_not_a_person(text: str, company: str, person: str) -> None:
    found = extract(text, "1987-03-02")
    assert company in {o.name for o in found.organizations}
    assert {p.name for p in found.people} == {person}


def test_table_abbreviations_and_a_sign_off_are_not_organizations() -> None:
    from archive.extract import load_nlp
    from archive.extract.organizations import is_name

    doc = load_nlp()("Harbor Mills said profits rose.\nQtr ended in May.\n WIRENEWS\n")
    words = {t.text: t for t in doc}
    assert is_name([words["Harbor"], words["Mills"]])
    assert not is_name([words["Qtr"]])  # a capitalized word without a vowel: an abbreviation
    assert not is_name([words["WIRENEWS"]])  # all caps, alone on the last line: the agency's sign-off


def test_an_all_caps_name_in_running_text_is_an_organization() -> None:
    assert "BMW" in {o.name for o in extract("BMW said sales rose at BMW dealers.", "1987-03-02").organizations}
