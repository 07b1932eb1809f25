"""From results to documents and entities and back: the search kept on the document page, previous / next,
entity pages from hits, sorting both ways, numbered pages, exports named after their search."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.slow  # the demo index


def links(html: str, rel: str) -> list[str]:
    """Return the addresses of the links of a page with a rel ("next", "prev")."""
    tags = [t for t in re.findall(r"<a [^>]*>", html) if f'rel="{rel}"' in t]
    return [re.search(r'href="([^"]+)"', t)[1].replace("&amp;", "&") for t in tags]


def test_a_hit_links_to_its_document_with_the_search_and_its_rank(client) -> None:
    page = client.get("/?q=strike&country=Netherlands").get_data(as_text=True)
    href = re.search(r'<h3><a href="([^"]+)"', page)[1].replace("&amp;", "&")
    path, query = urlsplit(href).path, parse_qs(urlsplit(href).query)
    assert path.startswith("/doc/") and query == {"q": ["strike"], "country": ["Netherlands"], "n": ["1"]}
    document = client.get(href).get_data(as_text=True)
    assert '<mark class="query">strike</mark>' in document  # the search's words marked in the text
    assert 'value="strike"' in document  # and in the search box
    back = re.search(r'<a href="([^"]+)" class="back"', document)[1].replace("&amp;", "&")
    assert back == "/?q=strike&country=Netherlands#hit-1"


def test_previous_and_next_walk_the_results_in_order(client) -> None:
    titles = [h["title"] for h in client.get("/api/search?sort=date&limit=50").get_json()["hits"]]
    first = client.get("/?sort=date").get_data(as_text=True)
    href = re.search(r'<h3><a href="([^"]+)"', first)[1].replace("&amp;", "&")
    seen = []
    for _ in range(4):
        document = client.get(href).get_data(as_text=True)
        seen.append(re.search(r"<h1>(.*?)</h1>", document)[1])
        href = links(document, "next")[0]
    assert seen == [t.replace("<", "&lt;").replace(">", "&gt;") for t in titles[:4]]
    assert "result 5" in client.get(href).get_data(as_text=True)
    previous = links(client.get(href).get_data(as_text=True), "prev")[0]
    assert parse_qs(urlsplit(previous).query)["n"] == ["4"]
    last = client.get(f"{urlsplit(href).path}?sort=date&n={len(titles)}").get_data(as_text=True)
    assert not links(last, "next")  # the last result has no next


def test_hits_link_their_people_and_places_to_their_pages(client) -> None:
    page = client.get("/?q=Rotterdam").get_data(as_text=True)
    assert 'href="/person/Marieke%20Van%20Dalen"' in page and 'href="/region/Rotterdam"' in page


def test_sort_by_date_both_ways(client) -> None:
    newest = [h["published"] for h in client.get("/api/search?sort=date&limit=50").get_json()["hits"]]
    oldest = [h["published"] for h in client.get("/api/search?sort=oldest&limit=50").get_json()["hits"]]
    dated = [d for d in newest if d]
    assert dated == sorted(dated, reverse=True) and [d for d in oldest if d] == sorted(dated)
    assert client.get("/api/search?sort=sideways").status_code == 400


def test_numbered_pages_with_first_and_last(client) -> None:
    page = client.get("/?limit=3&page=3").get_data(as_text=True)
    pager = re.search(r'<nav class="pages".*?</nav>', page, re.S)[0]
    assert '<strong aria-current="page">3</strong>' in pager
    numbers = [int(n) for n in re.findall(r'page=(\d+)">\d+</a>', pager.replace("&amp;", "&"))]
    assert numbers == [1, 2, 4, 5]
    last = -(-client.get("/api/search").get_json()["stories"] // 3)  # the demo archive grows with each format
    assert last >= 6 and "« First" in pager and "Last »" in pager and f"of {last}" in pager


def test_entity_page_groups_co_mentions_by_type_and_its_bars_are_links(client) -> None:
    page = client.get("/person/Anatoly%20Dolgachev").get_data(as_text=True)
    assert '<h3 class="co-type">People</h3>' in page and '<h3 class="co-type">Regions</h3>' in page
    bars = re.findall(r'<a href="([^"]+)" class="bar-link">', page)
    assert bars and all("person=Anatoly+Dolgachev" in b and "from=" in b for b in bars)


def test_an_unknown_name_suggests_the_closest_names(client) -> None:
    answer = client.get("/person/Anatoli%20Dolgachov")
    assert answer.status_code == 404
    assert 'href="/person/Anatoly%20Dolgachev"' in answer.get_data(as_text=True)


def test_the_csv_export_is_named_after_its_search_and_opens_with_accents(client) -> None:
    answer = client.get("/api/export.csv?q=festival&region=Montr%C3%A9al")
    assert answer.headers["Content-Disposition"] == 'attachment; filename="archive-festival-region-montreal.csv"'
    body = answer.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with its byte order mark
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0]["regions"].startswith("Montréal") and "festival" in rows[0]["snippet"].lower()
    assert "url" in rows[0]


def test_empty_form_fields_stay_out_of_the_url(client) -> None:
    answer = client.get("/?q=strike&from=&to=&pfrom=&pto=")
    assert answer.status_code == 302 and answer.headers["Location"] == "/?q=strike"
    assert 'name="from" value=""' not in client.get("/?q=strike&from=2024").get_data(as_text=True).split("</header>")[0]


def test_a_document_page_with_a_bad_limit_is_a_message(client) -> None:
    doc_id = client.get("/api/search").get_json()["hits"][0]["id"]
    for bad in ("limit=0", "limit=-5", "limit=x"):
        assert client.get(f"/doc/{doc_id}?n=3&{bad}").status_code == 400, bad
