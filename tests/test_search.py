from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import QueryError, QuerySyntaxError
from archive.models import Relaxation, SearchRequest
from archive.search import Archive

pytestmark = pytest.mark.slow  # spaCy, an index or a server


@pytest.fixture(scope="module")
def archive(index_path: Path) -> Archive:
    return Archive(index_path)


def values(result, facet: str) -> dict[str, int]:
    return {c.value: c.count for c in result.facets[facet]}


def test_seed_is_found_with_its_facets(archive: Archive) -> None:
    result = archive.search(SearchRequest(query="Putin"))
    assert "Russian Lawmakers Expelled" in result.hits[0].title
    assert "Vladimir Putin" in values(result, "people")
    assert "2022" in values(result, "years")


def test_a_querys_matches_are_kept_read_only_and_a_filter_click_narrows_them(archive: Archive) -> None:
    generation = archive.generation()
    query = archive.parse("Putin", generation)
    matches = archive.matching(generation, query)
    assert archive.matching(generation, archive.parse("Putin", generation)) is matches  # kept, not counted again
    with pytest.raises(ValueError, match="read-only"):
        matches[0] = not matches[0]  # a caller cannot change what later searches are given
    found = archive.search(SearchRequest(query="Putin")).total
    country = archive.search(SearchRequest(query="Putin")).facets["countries"][0].value
    narrowed = archive.search(SearchRequest(query="Putin", filters={"countries": (country,)}))
    assert 0 < narrowed.total <= found == int(matches.sum())


def test_facets_count_the_whole_result_not_the_page(archive: Archive) -> None:
    everything = archive.search(SearchRequest(limit=1))
    assert len(everything.hits) == 1
    assert sum(c.count for c in everything.facets["years"]) >= 2
    assert max(values(everything, "countries").values()) >= 2


def test_country_filter_finds_documents_naming_only_a_region(archive: Archive) -> None:
    result = archive.search(SearchRequest(filters={"countries": ("Russia",)}))
    titles = {h.title for h in result.hits}
    assert "Dolgachev re-elected to lead regional faction" in titles
    assert all("Russia" in h.values["countries"] for h in result.hits)


def test_filters_combine_with_and_and_narrow_counts(archive: Archive) -> None:
    ukraine = archive.search(SearchRequest(filters={"countries": ("Ukraine",)}))
    both = archive.search(SearchRequest(filters={"countries": ("Ukraine",), "people": ("Vladimir Putin",)}))
    assert 1 <= both.total <= ukraine.total
    assert values(both, "people")["Vladimir Putin"] == both.total


def test_exclusion_removes_documents(archive: Archive) -> None:
    russia = archive.search(SearchRequest(filters={"countries": ("Russia",)}))
    without = archive.search(SearchRequest(filters={"countries": ("Russia",)}, excludes={"people": ("Vladimir Putin",)}))
    assert without.total == russia.total - 1


def test_date_range_finds_a_document_by_any_date_it_mentions(archive: Archive) -> None:
    result = archive.search(SearchRequest(date_from="2022-03-25", date_to="2022-03-25"))
    assert [h.path for h in result.hits] == ["seed.txt"]
    month = archive.search(SearchRequest(date_from="2022-02", date_to="2022-02"))
    assert "seed.txt" in {h.path for h in month.hits}


def test_published_range_and_date_sort(archive: Archive) -> None:
    result = archive.search(SearchRequest(published_from="2025", sort="date", limit=100))
    dates = [h.published for h in result.hits]
    assert dates and all(d >= "2025-01-01" for d in dates)
    assert dates == sorted(dates, reverse=True)


def test_phrase_wildcard_and_fuzzy_queries(archive: Archive) -> None:
    assert archive.search(SearchRequest(query='"regional parliament"')).total >= 1
    assert archive.search(SearchRequest(query="Vasyukev*")).total >= 1
    assert archive.search(SearchRequest(query="Vasyukevitch~2")).total >= 1


def test_snippet_marks_terms_and_escapes_document_text(archive: Archive) -> None:
    hit = archive.search(SearchRequest(query="bridge")).hits[0]
    assert "<mark>" in hit.snippet.html()
    assert "<script>" not in hit.snippet.html() and "<img" not in hit.snippet.html()


@pytest.mark.parametrize("query", ['"unclosed', "(a OR b", "a)"])
def test_syntax_errors_get_a_message(archive: Archive, query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        archive.search(SearchRequest(query=query))


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(limit=10**9),
        SearchRequest(page=10**9),
        SearchRequest(page=0),
        SearchRequest(sort="x"),
        SearchRequest(date_from="May"),
    ],
)
def test_out_of_bounds_parameters_are_refused(archive: Archive, request_: SearchRequest) -> None:
    with pytest.raises(QueryError):
        archive.search(request_)


def test_did_you_mean_when_nothing_matches(archive: Archive) -> None:
    result = archive.search(SearchRequest(query="Vasyukevicj"))
    assert result.total == 0
    assert result.suggestion and "vasyukevich" in result.suggestion.lower()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60), person=st.text(max_size=20))
def test_arbitrary_queries_never_crash(archive: Archive, query: str, person: str) -> None:
    try:
        result = archive.search(SearchRequest(query=query, filters={"people": (person,)}))
    except QueryError as exc:
        assert str(exc)
    else:
        assert result.total >= 0


def test_spelling_variants_of_a_person_are_one_facet_value(archive: Archive) -> None:
    # The seed writes "Anatoly Dolgachyov", a demo story "Anatoly Dolgachev".
    result = archive.search(SearchRequest(filters={"countries": ("Russia",)}))
    dolgachev = [c for c in result.facets["people"] if c.value.startswith("Anatoly Dolga")]
    assert [c.count for c in dolgachev] == [2]
    both = archive.search(SearchRequest(filters={"people": (dolgachev[0].value,)}))
    assert both.total == 2
    assert sorted(archive.variants("people", dolgachev[0].value)) == ["Anatoly Dolgachev", "Anatoly Dolgachyov"]


@pytest.mark.parametrize("spelling", ["Dolgachyov", "Dolgachev"])
def test_searching_either_spelling_finds_both(archive: Archive, spelling: str) -> None:
    assert archive.search(SearchRequest(query=spelling)).total == 2


def test_did_you_mean_only_when_the_respelling_finds_more(archive: Archive) -> None:
    assert "kochugova" in (archive.search(SearchRequest(query="Kochugov")).suggestion or "").lower()
    rare = archive.search(SearchRequest(query="bakers"))  # one document, and no commoner spelling
    assert rare.total == 1 and rare.suggestion is None


def test_all_hits_are_the_pages_in_order_from_one_pass(archive: Archive) -> None:
    request = SearchRequest(query="said OR the", sort="relevance")
    paged = [h.id for page in (1, 2, 3) for h in archive.search(replace(request, limit=5, page=page)).hits]
    assert [h.id for h in archive.all_hits(request, 15)] == paged
    total = archive.search(request).total
    assert len(archive.all_hits(request, 10_000)) == total


@pytest.mark.parametrize("query", ["title:[zz TO zzz]", "published:[2020 TO 2021]", '"no such phrase anywhere"'])
def test_ranges_and_phrases_that_find_little_are_answered_not_raised(archive, query: str) -> None:
    assert archive.search(SearchRequest(query=query)).total <= 2


@pytest.mark.parametrize("query", ["labels:ORG*", "entities:people", "filekey:seed*"])
def test_internal_fields_are_words_not_fields(archive, query: str) -> None:
    """Only the documented fields can be named; any other "name:" is read as words, as Whoosh reads "note:x"."""
    assert archive.search(SearchRequest(query=query)).total == 0



@pytest.fixture(scope="module")
def accented(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """An archive of stories with accented names, some files written in decomposed Unicode (tests/hostile.py)."""
    from archive.config import load_settings
    from archive.index import reindex
    from tests.hostile import write_accented

    folder = tmp_path_factory.mktemp("accented")
    write_accented(folder)
    index = tmp_path_factory.mktemp("accented-index")
    assert not reindex(load_settings(documents=folder, index=index, workers=1)).failed
    return Archive(index)


NFD_ZURICH = "Zu\u0308rich"  # the umlaut a character of its own


@pytest.mark.parametrize(
    ("query", "title", "marked"),
    [
        ("creme brulee", "Talks in Genève", "crème"),
        ("BRULEE", "Talks in Genève", "brûlée"),
        ("cre\u0300me", "Talks in Genève", "crème"),  # a decomposed query finds composed text
        ("rosti", "Bankers in Zürich", "rösti"),  # written decomposed in its file
        ("cafes", "Talks in Genève", "café"),  # folded words are still stemmed
        ("FUSSBALL", "Floods near Münster", "Fußball"),
        ("title:zurich", "Bankers in Zürich", None),
    ],
)
def test_words_are_found_whatever_their_accents_case_and_unicode_form(
    accented: Archive, query: str, title: str, marked: str | None
) -> None:
    result = accented.search(SearchRequest(query=query))
    assert [h.title for h in result.hits] == [title]
    assert result.suggestion is None
    if marked:
        snippet = result.hits[0].snippet
        assert marked in [snippet.text[a:b] for a, b in snippet.marks]


@pytest.mark.parametrize(
    ("facet", "value", "stored", "title"),
    [
        ("people", "Francois Hollande", "François Hollande", "Talks in Genève"),
        ("people", "JOSE  PEREZ", "José Pérez", "Bankers in Zürich"),
        ("regions", "Zurich", "Zürich", "Bankers in Zürich"),
        ("regions", NFD_ZURICH, "Zürich", "Bankers in Zürich"),
        ("regions", "geneve", "Genève", "Talks in Genève"),
    ],
)
def test_a_facet_filter_selects_the_value_stored_with_accents(
    accented: Archive, facet: str, value: str, stored: str, title: str
) -> None:
    """`person=Francois Hollande` selects "François Hollande", shown as stored; so does the query `people:...`."""
    everything = accented.search(SearchRequest()).total
    result = accented.search(SearchRequest(filters={facet: (value,)}))
    assert [h.title for h in result.hits] == [title]
    assert stored in result.hits[0].values[facet] and value not in values(result, facet)
    excluded = accented.search(SearchRequest(excludes={facet: (value,)}))
    assert excluded.total == everything - 1 and title not in {h.title for h in excluded.hits}
    by_query = accented.search(SearchRequest(query=f'{facet}:"{value}"'))
    assert [h.title for h in by_query.hits] == [title]


def test_did_you_mean_respells_a_misspelt_accented_word(accented: Archive) -> None:
    result = accented.search(SearchRequest(query="Zurihc"))
    assert result.total == 0 and result.suggestion == "Zürich"  # as the documents write it, not as folded
    assert accented.search(SearchRequest(query=result.suggestion)).total == 1


@pytest.fixture(scope="module")
def misspelt_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Documents and index of wire stories with words that trap a corrector (tests/hostile.py)."""
    from archive.config import load_settings
    from archive.index import reindex
    from tests.hostile import write_misspellings

    folder = tmp_path_factory.mktemp("misspelt")
    write_misspellings(folder)
    index = tmp_path_factory.mktemp("misspelt-index")
    assert not reindex(load_settings(documents=folder, index=index, workers=1)).failed
    return folder, index


@pytest.fixture(scope="module")
def misspelt(misspelt_index: tuple[Path, Path]) -> Archive:
    return Archive(misspelt_index[1])


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("opek", "OPEC"),  # not the stem "oper" nor the commoner "open": k and c sound alike
        ("inflaton", "inflation"),  # a whole word, not the stem "inflat"
        ("Volcker reisgn", "Volcker resign"),  # swapped letters are one edit: not "reason", commoner but two away
        ("Genvee", "Genève"),  # as the documents write it, not "genev"
        ("title:opek", "title:OPEC"),
    ],
)
def test_did_you_mean_offers_whole_words_as_the_documents_write_them(
    misspelt: Archive, query: str, suggestion: str
) -> None:
    result = misspelt.search(SearchRequest(query=query))
    assert result.total == 0 and result.suggestion == suggestion
    assert misspelt.search(SearchRequest(query=suggestion)).total > 0


def test_a_rare_word_is_respelled_as_a_far_commoner_one_never_the_reverse(misspelt: Archive) -> None:
    """"Volker" finds one story, "Volcker" 24: suggested; "Volcker" is never respelled as the rarer "Volker"."""
    rare = misspelt.search(SearchRequest(query="Volker"))
    assert rare.total == 1 and rare.suggestion == "Volcker"
    assert misspelt.search(SearchRequest(query="Volcker")).suggestion is None
    assert misspelt.search(SearchRequest(query="Hansen")).suggestion is None  # rare, and nothing like it is common


def test_a_respelling_is_offered_only_when_it_finds_more_under_the_same_filters(misspelt: Archive) -> None:
    """"Volker" with the region Genève: "Volcker" finds nothing there either, so nothing is offered."""
    assert misspelt.search(SearchRequest(query="Volker", filters={"regions": ("Genève",)})).suggestion is None
    assert misspelt.search(SearchRequest(query="opek", published_from="1987-03-03")).suggestion == "OPEC"


def test_reindex_caches_each_segments_words_beside_the_index(misspelt_index: tuple[Path, Path]) -> None:
    from archive.facets import generation_key
    from archive.spelling import Words, load_vocabulary
    from archive.store import open_index

    index = misspelt_index[1]
    files = sorted(index.glob("words-*.npz"))
    with open_index(index).searcher() as searcher:
        segments = [leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()]
        assert generation_key(searcher.reader())
        assert [f.name.rsplit("-", 1)[1] for f in files] == sorted(f"{s}.npz" for s in segments)
        words = Words.load(files[0])
        assert words.forms[words.words.index("geneve")] == "Genève"
        assert len(load_vocabulary(searcher.reader(), index)) == len(words.words)


def test_an_empty_result_blames_only_the_filters_without_which_it_finds_something(misspelt: Archive) -> None:
    """No story about Volcker mentions Genève: the region emptied the result; the publication date did not."""
    request = SearchRequest(query="Volcker", filters={"regions": ("Genève",)}, published_from="1987")
    result = misspelt.search(request)
    assert result.total == 0
    assert result.relaxed == (Relaxation("regions", "Genève", False, 24),)
    assert result.found_without("regions", "Genève") == 24 and result.found_without("published_from", "1987") == 0
    excluded = misspelt.search(SearchRequest(query="OPEC", excludes={"regions": ("Vienna",)}))
    assert excluded.total == 0 and excluded.relaxed == (Relaxation("regions", "Vienna", True, 4),)


def test_the_empty_page_names_the_filter_to_drop_and_only_that_one(misspelt_index: tuple[Path, Path]) -> None:
    from webui import create_app

    folder, index = misspelt_index
    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(folder)}).test_client()
    page = client.get("/?q=Volcker&region=Genève&pfrom=1987").get_data(as_text=True)
    assert "No documents match." in page
    assert "Without the filter <strong>place: Genève</strong>, 24 documents match." in page
    assert "published from: 1987</strong>" not in page.split("No documents match.")[1]
    nothing = client.get("/?q=zzzzqqq&region=Genève").get_data(as_text=True)
    assert "Dropping any one filter still finds nothing." in nothing and "Without the filter" not in nothing


@pytest.mark.slow
def test_a_document_listed_again_carries_this_searchs_score_and_marks(archive: Archive) -> None:
    first = archive.search(SearchRequest(query="strike")).hits[0]
    assert archive.search(SearchRequest(query="strike")).hits[0] == first  # made once, listed alike
    wider = archive.search(SearchRequest(query="strike OR port", limit=50)).hits
    again = next(h for h in wider if h.id == first.id)
    marked = {again.snippet.text[a:b].lower() for a, b in again.snippet.marks}
    assert again.score > first.score and "port" in marked
    assert {first.snippet.text[a:b].lower() for a, b in first.snippet.marks} <= {"strike", "strikes", "striking"}
