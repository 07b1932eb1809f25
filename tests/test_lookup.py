"""Finding a facet's values by what a person types (archive/lookup.py, FacetTables.matching), on arrays built in
the test: no index."""

from __future__ import annotations

import numpy as np

from archive.facets import FacetTables
from archive.fieldtable import make_table
from archive.lookup import NO_MATCH, ValueLookup

PEOPLE = ["Ahmed Zaki Yamani", "Masaji Yamamoto", "Katsuhiko Okiyama", "Yamal Peninsula Group", "José Pérez", "Al-Yamani"]


def tables(counts: list[int], aliases: dict[str, list[str]] | None = None) -> FacetTables:
    """Return tables of one field, `people`, where value i is held by counts[i] documents of their own."""
    docs = np.arange(sum(counts), dtype=np.int64)
    terms = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    people = make_table(list(PEOPLE), docs, terms)
    for value, spellings in (aliases or {}).items():
        people.ids.update({s: people.ids[value] for s in spellings})
    empty = make_table([], None, None)
    fields = {"people": people, "published": empty, "dates": empty}
    return FacetTables(np.ones(len(docs), dtype=bool), fields, {"people": aliases or {}}, {})


def test_values_that_start_with_the_text_come_first_then_words_that_do_then_the_rest() -> None:
    ranks = ValueLookup(tables([1] * len(PEOPLE)).fields["people"]).ranks("YAMA")
    assert dict(zip(PEOPLE, ranks.tolist(), strict=True)) == {
        "Yamal Peninsula Group": 0,
        "Ahmed Zaki Yamani": 1,
        "Masaji Yamamoto": 1,
        "Al-Yamani": 1,  # a hyphen starts a word
        "Katsuhiko Okiyama": 2,
        "José Pérez": NO_MATCH,
    }


def test_matching_ranks_then_counts_and_pages_with_the_total() -> None:
    facet = tables([1, 3, 2, 1, 4, 5])
    everyone = facet.live
    found, matching = facet.matching("people", everyone, "yam", 0, 10)
    assert [(c.value, c.count) for c in found] == [
        ("Yamal Peninsula Group", 1),
        ("Al-Yamani", 5),
        ("Masaji Yamamoto", 3),
        ("Ahmed Zaki Yamani", 1),
        ("Katsuhiko Okiyama", 2),
    ]
    assert matching == 5
    second, _ = facet.matching("people", everyone, "yam", 2, 2)
    assert [c.value for c in second] == ["Masaji Yamamoto", "Ahmed Zaki Yamani"]
    browse, total = facet.matching("people", everyone, "", 0, 3)  # nothing typed: the commonest
    assert [c.value for c in browse] == ["Al-Yamani", "José Pérez", "Masaji Yamamoto"] and total == len(PEOPLE)


def test_accents_case_and_merged_spellings_find_a_value() -> None:
    facet = tables([1] * len(PEOPLE), aliases={"Ahmed Zaki Yamani": ["Sheikh Yamani Ahmed", "Jamani"]})
    for typed in ("perez", "PÉREZ", "Pe\u0301rez", "  josé   pérez "):
        assert [c.value for c in facet.matching("people", facet.live, typed)[0]] == ["José Pérez"], typed
    assert [c.value for c in facet.matching("people", facet.live, "jaman")[0]] == ["Ahmed Zaki Yamani"]


def test_only_values_of_the_result_set_are_found_with_their_counts_in_it() -> None:
    facet = tables([2, 3, 1, 1, 1, 1])
    mask = np.zeros(facet.size, dtype=bool)
    mask[[0, 2, 3]] = True  # one of Yamani's two documents, two of Yamamoto's three
    found, matching = facet.matching("people", mask, "yam")
    assert [(c.value, c.count) for c in found] == [("Masaji Yamamoto", 2), ("Ahmed Zaki Yamani", 1)]
    assert matching == 2


def test_a_filter_value_spelled_without_accents_chooses_the_stored_value() -> None:
    facet = tables([1] * len(PEOPLE), aliases={"Ahmed Zaki Yamani": ["Jamani"]})
    assert facet.chosen("people", ("jose perez", "Jamani", "Nobody")) == {
        "José Pérez": "jose perez",
        "Ahmed Zaki Yamani": "Jamani",
    }
