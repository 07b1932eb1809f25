"""Resolution of people across the archive (archive/resolve.py): pure functions, no model, no index."""

from __future__ import annotations

from archive.resolve import person_keys, without_initials


def keys(counts: dict[str, int]) -> dict[str, str | None]:
    values = list(counts)
    return dict(zip(values, person_keys(values, list(counts.values())), strict=True))


def test_a_surname_joins_the_full_name_that_dominates_it() -> None:
    found = keys({"Harold Mbeki": 40, "Mbeki": 300, "Thandi Mbeki": 3})
    assert found["Mbeki"] == found["Harold Mbeki"] != found["Thandi Mbeki"]


def test_a_surname_two_full_names_share_stays_apart() -> None:
    found = keys({"Ana Kowalczyk": 20, "Piotr Kowalczyk": 15, "Kowalczyk": 50})
    assert len({found["Ana Kowalczyk"], found["Piotr Kowalczyk"], found["Kowalczyk"]}) == 3


def test_initials_do_not_make_another_person() -> None:
    assert without_initials("oskar q lindqvist") == "oskar lindqvist"
    assert without_initials("g robert") == "robert"
    found = keys({"Oskar Q Lindqvist": 2, "Oskar Lindqvist": 30})
    assert found["Oskar Q Lindqvist"] == found["Oskar Lindqvist"]


def test_a_lone_common_word_is_no_one_but_a_rare_lone_name_stays() -> None:
    found = keys({"Average": 500, "Window": 40, "Suharto": 60})
    assert found["Average"] is None and found["Window"] is None
    assert found["Suharto"] == "suharto"


def test_romanizations_are_one_person() -> None:
    found = keys({"Anatoly Dolgachyov": 3, "Anatoly Dolgachev": 2})
    assert found["Anatoly Dolgachyov"] == found["Anatoly Dolgachev"]


def table(values: list[str], pairs: list[tuple[int, int]]):
    import numpy as np

    from archive.facets import make_table

    docs = np.array([d for d, _ in pairs], dtype=np.int64)
    terms = np.array([t for _, t in pairs], dtype=np.int32)
    return make_table(values, docs, terms)


def test_a_name_the_model_mostly_calls_an_organization_moves_to_organizations() -> None:
    from archive.facets import organizations_named_as_people

    people = table(["Harbour Lynde", "Ada Kerr"], [(0, 0), (1, 0), (2, 1)])
    organizations = table(["Tollan Bank"], [(3, 0)])
    votes = table(
        ["PERSON:harbour lynde", "ORG:harbour lynde", "PERSON:ada kerr", "ORG:ada kerr"],
        [(0, 0), (1, 1), (3, 1), (4, 1), (2, 2), (5, 2), (6, 2), (2, 3)],
    )
    organizations_named_as_people(people, organizations, votes)
    assert "Harbour Lynde" not in people.ids
    assert sorted(organizations.docs[organizations.terms == organizations.ids["Harbour Lynde"]].tolist()) == [0, 1]
    assert people.ids["Ada Kerr"] == 1  # one organization vote against three person votes: still a person


def test_a_lone_common_noun_is_no_organization_but_a_name_is() -> None:
    from archive.resolve import organization_keys

    values = ["Community", "Bank", "Telmora", "Telmora Holdings", "Congress"]
    found = dict(zip(values, organization_keys(values, [90, 80, 3, 40, 50]), strict=True))
    assert found["Community"] is None and found["Bank"] is None
    assert found["Telmora"] == found["Telmora Holdings"]
    assert found["Congress"] is not None


def test_one_letter_between_two_surnames_with_the_same_company_is_one_person() -> None:
    from archive.resolve import merge_close_spellings, one_letter_apart

    assert one_letter_apart("halabi", "halaby") and one_letter_apart("jansen", "janssen")
    assert not one_letter_apart("kahn", "kuhn x") and not one_letter_apart("peters", "peters")
    people = table(
        ["Omar Halabi", "Omar Halaby", "Omar Halabe", "Lina Sarraf", "Jon Reyes"],
        [(0, 0), (1, 0), (2, 1), (3, 2), (0, 3), (2, 3), (3, 4), (1, 4), (2, 4)],
    )
    places = table(["Basra"], [(0, 0), (2, 0)])
    aliases: dict[str, list[str]] = {}
    merge_close_spellings(people, aliases, [places])
    assert people.ids["Omar Halaby"] == people.ids["Omar Halabi"]  # shares Lina Sarraf and Basra
    assert people.ids["Omar Halabe"] != people.ids["Omar Halabi"]  # shares nobody
    assert aliases == {"Omar Halabi": ["Omar Halabi", "Omar Halaby"]}


def test_a_lone_name_is_a_person_only_where_some_document_gives_it_a_title() -> None:
    values = ["Wirahadi", "Kelbrook", "Tomas Greer", "Greer", "Lena Osgood", "Osgood", "Ivo Marr", "Marr"]
    counts = [30, 20, 5, 40, 8, 10, 2, 30]
    found = dict(zip(values, person_keys(values, counts, {"wirahadi", "greer"}), strict=True))
    assert found["Wirahadi"] == "wirahadi"  # "President Wirahadi" somewhere
    assert found["Kelbrook"] is None  # never titled, no full name ends with it: a firm, a grade, an accord
    assert found["Greer"] == found["Tomas Greer"]  # titled somewhere: the surname of its full name
    assert found["Osgood"] == found["Lena Osgood"]  # untitled, but the full name is not far rarer
    assert found["Marr"] is None  # untitled, and alone 15 times as often as "Ivo Marr": not short for it
    assert person_keys(["Kelbrook"], [20], None) != [None]  # an index without title votes keeps it


def test_an_organization_name_cut_short_joins_the_name_it_begins_or_ends() -> None:
    from archive.resolve import organization_keys

    values = ["Tobin's Rating Service", "Tobin", "Hale Vantor", "Vantor", "Orrin Telephone", "Orrin Telephone and Cable", "Commission",
              "Trade Commission", "Audit Commission", "Congress", "Toll Congress", "Grand Motors", "Grand Motors Credit"]  # fmt: skip
    counts = [30, 20, 40, 10, 4, 30, 60, 40, 30, 90, 5, 200, 20]
    found = dict(zip(values, organization_keys(values, counts), strict=True))
    assert found["Vantor"] == found["Hale Vantor"]  # a rare word: the name it ends
    assert found["Tobin"] == found["Tobin's Rating Service"]  # cut before its 's
    assert found["Orrin Telephone"] == found["Orrin Telephone and Cable"]  # the name it begins
    assert found["Commission"] is None  # the head noun of two names as common as it: which commission?
    assert found["Congress"] is not None and found["Congress"] != found["Toll Congress"]
    assert found["Grand Motors"] != found["Grand Motors Credit"]  # the longer name is far rarer


def test_a_given_name_alone_never_joins_a_full_name_it_ends() -> None:
    values = ["Michela Rossi", "Michela Berti", "Carlo Michela", "Michela"]
    found = dict(zip(values, person_keys(values, [10, 9, 3, 12], {"michela"}), strict=True))
    assert found["Michela"] is None  # more often a first name: which Michela is unknown, not Carlo Michela


def test_currencies_and_time_zones_are_not_organizations() -> None:
    from archive.resolve import organization_keys

    values = ["N.Z. Dollar", "Swiss Franc", "Dollar General", "Banco Real", "GMT", "Tollan Bank"]
    found = dict(zip(values, organization_keys(values, [20, 10, 5, 5, 30, 8]), strict=True))
    assert found["N.Z. Dollar"] is None and found["Swiss Franc"] is None
    assert found["Dollar General"] and found["Banco Real"] and found["Tollan Bank"]
    import zoneinfo

    assert found["GMT"] is None or "GMT" not in zoneinfo.available_timezones()  # needs a tz database
