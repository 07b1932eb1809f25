from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from archive.models import FacetCount, SearchRequest
from tests.hostile import formula_cells, lookup_texts, write_formula_titles
from webui import create_app
from webui.views import spreadsheet_safe

pytestmark = pytest.mark.slow  # spaCy, an index or a server


def hit_id(client, query: str) -> str:
    return client.get(f"/api/search?q={query}").get_json()["hits"][0]["id"]


def test_search_page_shows_hits_facets_and_timeline(client) -> None:
    page = client.get("/?q=Putin").get_data(as_text=True)
    assert "Russian Lawmakers Expelled" in page
    assert '<input type="hidden" name="q" value="Putin">' in page  # the narrowing form carries the state once
    assert '<button form="narrow" name="person" value="Vladimir Putin">' in page
    assert "<svg" in page and "Dates mentioned: documents per" in page


def test_facet_links_add_and_remove_filters(client) -> None:
    page = client.get("/?country=Ukraine&page=1").get_data(as_text=True)
    form = page[page.index('<form id="narrow"') : page.index("</form>", page.index('<form id="narrow"'))]
    assert form.count("<input") == 1 and '<input type="hidden" name="country" value="Ukraine">' in form
    assert '<button form="narrow" name="person" value="Vladimir Putin">' in page
    assert '<button form="narrow" class="exclude" name="xperson" value="Vladimir Putin"' in page
    assert 'href="/"' in page  # the selected value's link removes it
    narrowed = client.get("/?country=Ukraine&person=Vladimir+Putin&country=Ukraine").get_data(as_text=True)
    assert narrowed.count("country: Ukraine <button") == 1  # a chip; a repeated value counts once


def nobodies(count: int, param: str = "xperson") -> str:
    return "&".join(f"{param}=Nobody+Number+{i}" for i in range(count))


def test_more_filter_values_than_allowed_are_a_400_with_a_message(client) -> None:
    from archive.query import MAX_FILTER_VALUES

    assert client.get(f"/api/search?{nobodies(MAX_FILTER_VALUES)}").status_code == 200
    api = client.get(f"/api/search?{nobodies(MAX_FILTER_VALUES + 1)}")
    assert api.status_code == 400
    assert api.get_json()["error"] == f"A search takes at most {MAX_FILTER_VALUES} filter and exclusion values, not {MAX_FILTER_VALUES + 1}."
    page = client.get(f"/?{nobodies(40)}&{nobodies(40, 'person')}")
    assert page.status_code == 400 and "at most" in page.get_data(as_text=True)
    assert client.get(f"/api/export.csv?{nobodies(4_800)}").status_code == 400


def test_a_page_with_the_most_filter_values_allowed_stays_small(client) -> None:
    from archive.query import MAX_FILTER_VALUES

    plain = client.get("/?q=said").get_data()
    full = client.get(f"/?q=said&{nobodies(MAX_FILTER_VALUES)}").get_data()
    assert len(full) < 5 * len(plain), (len(plain), len(full))  # a link per value and filter made it 10 times


def test_security_headers_on_every_page(client) -> None:
    for url in ("/", "/api/search", "/doc/none"):
        response = client.get(url)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_document_text_is_escaped_everywhere(client) -> None:
    search = client.get("/?q=payload").get_data(as_text=True)
    assert "<script>window.__pwned" not in search
    assert "&lt;script&gt;" in search
    doc = client.get(f"/doc/{hit_id(client, 'payload')}").get_data(as_text=True)
    assert "<script>window" not in doc and "<img src=x onerror" not in doc
    assert 'href="javascript:' not in doc


def test_document_page_marks_entities(client) -> None:
    page = client.get(f"/doc/{hit_id(client, 'Putin')}").get_data(as_text=True)
    assert '<mark class="person" title="Vladimir Putin">Putin</mark>' in page
    assert '<mark class="place" title="Primorsky Krai">Primorye Krai</mark>' in page
    assert '<mark class="date" title="2022-05-31">May 31</mark>' in page
    assert "More like this" in page


def test_entity_pages(client) -> None:
    person = client.get("/person/Vladimir%20Putin")
    assert person.status_code == 200 and "Leonid Vasyukevich" in person.get_data(as_text=True)
    assert client.get("/region/Primorsky%20Krai").status_code == 200
    assert client.get("/person/Nobody%20Atall").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/?q=%22open", "/?page=abc", "/?page=0", "/?limit=999999999999", "/?from=tomorrow", "/?sort=sideways", "/?q=(a"],
)
def test_bad_parameters_are_400_with_a_message(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert 'class="message"' in response.get_data(as_text=True)


def test_api_search_shape_and_json_errors(client) -> None:
    data = client.get("/api/search?q=Putin&country=Ukraine").get_json()
    assert {"total", "hits", "facets", "timeline"} <= set(data)
    assert data["total"] == 1
    # the API writes its counts from FacetCount records; the CLI's --json from dicts: the same JSON
    with client.application.app_context():
        from webui.views import archive

        shared = archive().search(SearchRequest(query="Putin", filters={"countries": ("Ukraine",)}, facet_limit=11))
    plain = json.loads(json.dumps(shared.to_dict()))
    for key in ("facets", "timeline", "charts"):
        assert data[key] == plain[key]
    error = client.get("/api/search?limit=0")
    assert error.status_code == 400 and "limit" in error.get_json()["error"]


def test_api_doc(client) -> None:
    doc_id = hit_id(client, "Putin")
    data = client.get(f"/api/doc/{doc_id}").get_json()
    assert data["id"] == doc_id and data["people"]
    assert client.get("/api/doc/nothing").status_code == 404


def test_export_csv_and_json(client) -> None:
    csv_text = client.get("/api/export.csv?country=Russia").get_data(as_text=True)
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("\ufeffid,title,published,path,url,snippet")
    total = client.get("/api/search?country=Russia").get_json()["total"]
    assert len(lines) == total + 1
    assert len(client.get("/api/export.json?country=Russia").get_json()) == total


@pytest.mark.parametrize("url", ["/file/..%2F..%2Fetc%2Fpasswd", "/doc/../../etc/passwd", "/file/notanid"])
def test_paths_cannot_leave_the_archive(client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_original_file_is_served_as_text(client) -> None:
    response = client.get(f"/file/{hit_id(client, 'Putin')}")
    data = response.get_data()
    response.close()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"  # once: werkzeug adds it to text/plain
    assert b"Primorye Krai" in data


def test_empty_result_names_the_filter_to_drop(client) -> None:
    page = client.get("/?q=flour&country=Japan").get_data(as_text=True)
    assert "No documents match" in page and "country: Japan" in page and "Drop it" in page


def test_person_page_lists_spelling_variants(client) -> None:
    page = client.get("/person/Anatoly%20Dolgachev").get_data(as_text=True)
    assert "Also written: Anatoly Dolgachyov" in page


def total(client, query: str) -> int:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200, response.data
    return response.get_json()["total"]


def test_every_search_parameter_narrows_or_orders_as_it_says(client) -> None:
    everything = total(client, "")
    russia = total(client, "country=Russia")
    assert 0 < russia < everything
    assert total(client, "country=Russia&xperson=Vladimir+Putin") == russia - 1
    assert total(client, "country=Russia&xcountry=Russia") == 0
    assert total(client, "region=Primorsky+Krai") >= 2
    assert total(client, "xregion=Primorsky+Krai") == everything - total(client, "region=Primorsky+Krai")
    assert total(client, "person=Vladimir+Putin&person=Natalya+Kochugova") == 1
    assert total(client, "from=2022-05-27&to=2022-05-27") == 1
    assert total(client, "pfrom=2025-01-01&pto=2025-03-31") == total(client, "pfrom=2025-01&pto=2025-03")
    dates = [h["published"] for h in client.get("/api/search?sort=date&limit=5&page=2").get_json()["hits"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5
    first = client.get("/api/search?sort=date&limit=5&page=1").get_json()["hits"]
    assert first[-1]["published"] >= dates[0]
    assert len(client.get("/api/search?q=said&limit=2").get_json()["hits"]) == 2


def test_search_page_keeps_the_whole_state_in_links(client) -> None:
    page = client.get("/?q=mayor&country=France&sort=date&from=2025").get_data(as_text=True)
    assert "q=mayor" in page and "country=France" in page and "sort=date" in page and "from=2025" in page


@pytest.mark.parametrize(("url", "name"), [("/api/search?from=May", "from"), ("/api/search?pto=x", "pto")])
def test_a_bad_parameter_is_named_as_the_url_has_it(client, url: str, name: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(f"{name} must be a date")


def test_document_page_links_every_entity_to_a_page_that_exists(client) -> None:
    doc_id = hit_id(client, "Putin")
    doc = client.get(f"/api/doc/{doc_id}").get_json()
    for person in doc["people"]:
        assert client.get(f"/person/{person['name']}").status_code == 200, person["name"]
    for place in doc["regions"]:
        assert client.get(f"/region/{place['name']}").status_code == 200, place["name"]


def test_an_entity_page_lists_the_spellings_counted_with_it(client) -> None:
    page = client.get("/person/Anatoly%20Dolgachev").get_data(as_text=True)
    assert "Also written: Anatoly Dolgachyov <span class=\"count\">" in page


def formula(cell: str) -> bool:
    """Whether a spreadsheet could read a cell as a formula: its first visible character is a sign."""
    import unicodedata

    from tests.hostile import FORMULA_SIGNS

    visible = cell.lstrip()
    if not visible:
        return False
    return cell[0] in "\t\r\n" or unicodedata.normalize("NFKC", visible[0]) in FORMULA_SIGNS


@pytest.mark.parametrize("cell", formula_cells())
def test_no_exported_cell_is_a_formula(cell: str) -> None:
    safe = spreadsheet_safe(cell)
    assert safe == "'" + cell and not formula(safe)


@pytest.mark.parametrize("cell", ["Oslo", "a = b", "'quoted", "", "Zürich 2-1 Basel", "e-mail@example.org"])
def test_ordinary_text_is_exported_as_it_is(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell


def test_a_csv_export_of_formula_titles_has_no_formula(tmp_path) -> None:
    from archive.config import load_settings
    from archive.index import reindex
    from webui import create_app

    docs = tmp_path / "docs"
    docs.mkdir()
    titles = write_formula_titles(docs)
    reindex(load_settings(documents=docs, index=tmp_path / "index", workers=1))
    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(tmp_path / "index")}).test_client()
    rows = list(csv.reader(io.StringIO(client.get("/api/export.csv").get_data(as_text=True), newline="")))
    assert len(rows) == len(titles) + 1
    assert not [cell for row in rows for cell in row if formula(cell)]


@pytest.fixture(scope="module")
def timetables(tmp_path_factory: pytest.TempPathFactory):
    """A client of an archive of rail notices naming some forty towns (tests/hostile.py)."""
    from archive.config import load_settings
    from archive.index import reindex
    from tests.hostile import write_timetables
    from webui import create_app

    documents = tmp_path_factory.mktemp("timetables")
    write_timetables(documents)
    index = tmp_path_factory.mktemp("timetables-index")
    assert not reindex(load_settings(documents=documents, index=index, workers=1)).failed
    return create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(documents)}).test_client()


def listed(page: str, facet: str) -> list[str]:
    """Return the values a search page lists for a facet, selected ones included."""
    from webui.params import FACET_VALUES

    start = page.index(f'data-facet="{facet}"')
    section = page[start : page.index("</section>", start)]
    values = re.findall(r'<button form="narrow" name="\w+" value="([^"]*)">|aria-current="true">✓ ([^<]*)</a>', section)
    assert len(values) <= FACET_VALUES
    return [html.unescape(a or b) for a, b in values]


def facet_values(client, url: str) -> list[str]:
    return [v["value"] for v in client.get(url).get_json()["values"]]


def test_a_page_lists_ten_values_a_facet_and_the_api_gives_the_rest_a_page_at_a_time(timetables) -> None:
    page = timetables.get("/").get_data(as_text=True)
    first = listed(page, "regions")
    assert len(first) == 10 and first[:3] == ["Lisbon", "Madrid", "Rome"]  # named in every notice
    assert "data-more hidden>Show more</button>" in page
    assert facet_values(timetables, "/api/facet/regions?size=10") == first
    answer = timetables.get("/api/facet/regions?offset=10").get_json()
    assert answer["offset"] == 10 and len(answer["values"]) == 20 and answer["matching"] > 30
    rest = facet_values(timetables, "/api/facet/regions?offset=30&size=50")
    seen = first + [v["value"] for v in answer["values"]] + rest
    assert len(seen) == len(set(seen)) == answer["matching"]  # every value once, none skipped


def test_the_facet_api_finds_an_unlisted_value_by_part_of_it_without_accents(timetables) -> None:
    assert "Gdańsk" not in listed(timetables.get("/").get_data(as_text=True), "regions")
    for typed in ("gdansk", "GDAŃ", "dans"):
        answer = timetables.get(f"/api/facet/regions?contains={typed}").get_json()
        assert answer["values"] == [{"value": "Gdańsk", "count": 1, "selected": None}], typed
    assert facet_values(timetables, "/api/facet/regions?contains=li")[:2] == ["Lisbon", "Lille"]  # starts first
    assert "Berlin" not in facet_values(timetables, "/api/facet/regions?contains=li&size=50")


def test_the_facet_api_counts_under_the_search_and_marks_what_it_filters_by(timetables) -> None:
    answer = timetables.get("/api/facet/regions?contains=a&q=ferries&region=gdansk").get_json()
    assert answer["values"] == [
        {"value": "Gdańsk", "count": 1, "selected": "gdansk"},
        {"value": "Karlskrona", "count": 1, "selected": None},
    ]
    assert timetables.get("/api/facet/regions?contains=l&q=notice").get_json()["values"][0] == {
        "value": "Lisbon",
        "count": 5,
        "selected": None,
    }
    assert facet_values(timetables, "/api/facet/regions?contains=ma&xregion=Gdansk&q=ferries") == []


def test_a_filter_spelled_without_accents_shows_its_value_selected(timetables) -> None:
    page = timetables.get("/?region=GDANSK").get_data(as_text=True)
    regions = page[page.index('data-facet="regions"') : page.index("</section>", page.index('data-facet="regions"'))]
    assert '<li class="selected">\n      <a href="/" title="Remove this filter" aria-current="true">✓ Gdańsk</a>' in regions
    assert 'value="Gdańsk"' not in regions  # no button that adds it again, nor one that excludes it


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/facet/regions?size=0", "size must be between 1 and 50, not 0."),
        ("/api/facet/regions?size=51", "size must be between 1 and 50, not 51."),
        ("/api/facet/regions?offset=-1", "offset must be 0 or more, not -1."),
        ("/api/facet/regions?offset=x", "offset must be a whole number, not 'x'."),
        (f"/api/facet/regions?contains={'a' * 101}", "contains is longer than 100 characters."),
        ("/api/facet/regions?from=May", "from must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'May'."),
    ],
)
def test_bad_facet_lookups_are_400_with_a_message(client, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and response.get_json()["error"] == message


def test_an_unknown_facet_is_a_404_naming_the_facets(client) -> None:
    response = client.get("/api/facet/person")
    assert response.status_code == 404
    assert response.get_json()["error"] == "There is no facet 'person'; the facets are people, regions, countries, organizations, languages."


@pytest.mark.parametrize("typed", lookup_texts())
def test_a_facet_lookup_of_any_text_answers(client, typed: str) -> None:
    response = client.get("/api/facet/people", query_string={"contains": typed})
    assert response.status_code == 200 and isinstance(response.get_json()["values"], list)


def test_an_exclusion_is_a_chip_that_reads_not_and_a_button_that_drops_it(client) -> None:
    page = client.get("/?country=Russia&xperson=Vladimir+Putin").get_data(as_text=True)
    chips = page[page.index('<div class="chips">') : page.index("</div>", page.index('<div class="chips">'))]
    assert "country: Russia <button" in chips and "NOT Vladimir Putin <button" in chips
    assert 'name="drop" value="xperson:Vladimir Putin" aria-label="Remove the exclusion of person Vladimir Putin"' in chips
    dropped = client.get("/?country=Russia&xperson=Vladimir+Putin&page=2&drop=xperson:Vladimir+Putin")
    assert dropped.status_code == 302 and dropped.headers["Location"] == "/?country=Russia"


def test_the_search_api_answers_as_many_facet_values_as_asked(timetables) -> None:
    regions = timetables.get("/api/search").get_json()["facets"]["regions"]
    assert len(regions) == 11  # a page's ten and whether there are more
    asked = timetables.get("/api/search?facet_limit=40").get_json()["facets"]["regions"]
    assert len(asked) == 40 and asked[:11] == regions
    assert [v["value"] for v in asked] == facet_values(timetables, "/api/facet/regions?size=40")
    for bad in ("0", "251", "many"):
        answer = timetables.get(f"/api/search?facet_limit={bad}")
        assert answer.status_code == 400 and "facet_limit" in answer.get_json()["error"]


def test_json_keeps_the_models_key_order_and_what_orjson_refuses_still_goes_out(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "ARCHIVE_INDEX": str(tmp_path)})
    with app.app_context():
        ordered = app.json.response({"total": 1, "hits": [], "facets": {"b": 1, "a": 2}})
        assert ordered.get_data() == b'{"total":1,"hits":[],"facets":{"b":1,"a":2}}\n'
        lone = app.json.response({"title": "half \ud800 a pair", "big": 2**70})  # orjson refuses both
        assert json.loads(lone.get_data()) == {"title": "half \ud800 a pair", "big": 2**70}
        assert app.json.dumps({"x": "é"}) == '{"x":"é"}'
        # /api/search leaves its counts as FacetCount records: both encoders write them as the CLI's dicts
        record = app.json.response({"people": [FacetCount("Ann Lee", 2)]})
        assert record.get_data() == b'{"people":[{"value":"Ann Lee","count":2}]}\n'
        refused = app.json.response({"title": "half \ud800 a pair", "people": [FacetCount("Ann Lee", 2)]})
        assert json.loads(refused.get_data())["people"] == [{"value": "Ann Lee", "count": 2}]
