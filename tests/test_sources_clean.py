from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.clean import clean, clean_html, clean_plain, join_paragraphs, normalize_published
from archive.errors import DocumentError
from archive.sources import decode, find_files, read_records
from tests.hostile import WRITTEN, encoded_texts

RUSSIAN = "Депутаты Приморья исключены из фракции"


@pytest.mark.parametrize(
    "data",
    [
        RUSSIAN.encode("utf-8"),
        "\ufeff".encode() + RUSSIAN.encode("utf-8"),
        b"\xff\xfe" + RUSSIAN.encode("utf-16-le"),
        RUSSIAN.encode("utf-16-le"),
        (RUSSIAN + ". " + RUSSIAN.lower() + " и многое другое, что было сказано вчера.").encode("cp1251"),
    ],
)
def test_text_encodings_are_detected(data: bytes) -> None:
    assert RUSSIAN in decode(data)


def test_latin1_european_text_is_decoded() -> None:
    text = "Le maire de Besançon a déclaré que la fête aurait lieu à Noël, près du théâtre."
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize(
    ("text", "encoding"), [(t, e) for _, t, e in encoded_texts()], ids=[c[0] for c in encoded_texts()]
)
def test_legacy_code_pages_read_back_exactly(text: str, encoding: str) -> None:
    """Short Western texts were read in the wrong code page: latin-1 "Réunion à Genève" as cp1250 "ŕ Genčve"."""
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("language", ["fr", "de", "pl", "ru", "el", "ja"])
def test_utf8_with_one_stray_byte_stays_utf8_with_that_byte_replaced(language: str) -> None:
    short, more, _ = WRITTEN[language]
    text = f"{short}\n\n{more}"
    half = len(text) // 2
    assert decode(text[:half].encode() + b"\xff" + text[half:].encode()) == text[:half] + "\ufffd" + text[half:]


def test_a_long_ascii_start_does_not_hide_the_code_page_after_it() -> None:
    text = "The harbour log, kept in English for years.\n" * 5000 + RUSSIAN + ", и многое другое."
    assert decode(text.encode("cp1251")) == text


def test_utf8_over_the_size_limit_is_cut_between_characters(tmp_path: Path) -> None:
    from archive.sources import MAX_BYTES

    line = "Губернатор открыл мост.\n"  # 2-byte letters: the limit falls inside one of them
    data = ("Заголовок\n\n" + line * (MAX_BYTES // len(line.encode()) + 10)).encode()
    assert 0x80 <= data[MAX_BYTES] < 0xC0
    (tmp_path / "big.txt").write_bytes(data)
    records, problems = read_records(tmp_path / "big.txt", "big.txt")
    assert "first part" in problems[0]
    assert records[0].body.startswith("Заголовок") and "\ufffd" not in records[0].body
    assert data.decode().startswith(records[0].body) and len(records[0].body.encode()) > MAX_BYTES - 4


def test_binary_file_is_rejected_with_a_reason() -> None:
    with pytest.raises(DocumentError, match="binary"):
        decode(bytes(range(256)) * 20)


def test_empty_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    with pytest.raises(DocumentError, match="empty"):
        read_records(tmp_path / "empty.txt", "empty.txt")


def test_jsonl_broken_lines_are_reported_and_good_lines_kept(tmp_path: Path) -> None:
    good = json.dumps({"title": "A", "body": "Some text."})
    (tmp_path / "feed.jsonl").write_text(f"{good}\n{{broken\n{good}\n")
    records, problems = read_records(tmp_path / "feed.jsonl", "feed.jsonl")
    assert len(records) == 2
    assert problems and "line 2" in problems[0]


def test_sidecar_overrides_metadata(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Headline\n\nBody text here.")
    (tmp_path / "story.meta.json").write_text(json.dumps({"published": "2022-06-01", "title": "Better title"}))
    records, _ = read_records(tmp_path / "story.txt", "story.txt")
    doc = clean(records[0])
    assert (doc.title, doc.published) == ("Better title", "2022-06-01")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-06-01", "2022-06-01"),
        ("2023-04-05T10:00:00Z", "2023-04-05"),
        ("Tue, 05 Apr 2023 10:00:00 GMT", "2023-04-05"),
        ("5 March 2022", "2022-03-05"),
        (dt.date(2022, 3, 5), "2022-03-05"),
        # a year or a month keeps the precision given: no part comes from today
        ("2022", "2022"),
        (2022, "2022"),
        ("2022-03", "2022-03"),
        ("March 2022", "2022-03"),
        ("Mar. 2022", "2022-03"),
        ("March 5", None),
        ("5", None),
        ("2022-13", None),
        ("someday", None),
        ("", None),
    ],
)
def test_publication_date_keeps_the_precision_given(value: object, expected: str | None) -> None:
    assert normalize_published(value) == expected


def test_sidecar_year_is_a_year_precision_publication_date(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Headline\n\nBody text here.")
    (tmp_path / "story.meta.json").write_text(json.dumps({"published": "1996"}))
    records, _ = read_records(tmp_path / "story.txt", "story.txt")
    assert clean(records[0]).published == "1996"


def test_links_out_of_the_documents_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A\n\nbody")
    (docs / "escape").symlink_to(outside)
    (docs / "loop").symlink_to(docs)
    (docs / "secret-link.txt").symlink_to(outside / "secret.txt")
    assert [p.name for p in find_files(docs)] == ["a.txt"]


def test_sidecars_are_not_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nbody")
    (tmp_path / "a.meta.json").write_text("{}")
    assert [p.name for p in find_files(tmp_path)] == ["a.txt"]


PAGE = """<html lang="en-GB"><head><title>Site | Flood hits town</title>
<meta property="og:title" content="Flood hits town">
<meta property="article:published_time" content="2023-04-05T10:00:00Z">
<link rel="canonical" href="https://news.example/flood">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Flood hits town", "author": {"@type": "Person", "name": "Jane Roe"}}</script>
<script>var tracking = "do not index me";</script></head>
<body><nav>Home | World | Sport | Weather</nav>
<article><h1>Flood hits town</h1>
<p>Heavy rain flooded the town of Exeter on Tuesday, officials said. Residents were evacuated from the low streets near the river overnight.</p>
<p>The mayor, John Smith, said the damage would cost millions to repair and that the council would meet on Friday to agree on emergency funds.</p></article>
<aside>Related: Ten other stories you may like</aside>
<div class="comments">Comment: first!</div>
<footer>Copyright 2023 Example News</footer></body></html>"""


def test_html_keeps_the_article_and_drops_the_page_furniture() -> None:
    doc = clean_html(PAGE)
    assert "Heavy rain flooded the town of Exeter" in doc.text
    assert "council would meet on Friday" in doc.text
    for junk in ("Home | World", "Related:", "Copyright", "do not index me", "first!"):
        assert junk not in doc.text


def test_html_metadata_comes_from_the_page_head() -> None:
    doc = clean_html(PAGE)
    assert doc.title == "Flood hits town"
    assert doc.published == "2023-04-05"
    assert doc.url == "https://news.example/flood"
    assert doc.authors == ("Jane Roe",)
    assert doc.language == "en"


def test_hard_wrapped_lines_are_joined_and_paragraphs_kept() -> None:
    text = (
        "Showers continued throughout the week in the Bahia cocoa zone,\n"
        "alleviating the drought since early January and improving\n"
        "prospects for the coming crop.\n"
        "    The dry period means the harvest will be late this year.\n"
        "Arrivals for the week were low.\n"
    )
    assert join_paragraphs(text).split("\n\n") == [
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early "
        "January and improving prospects for the coming crop.",
        "The dry period means the harvest will be late this year. Arrivals for the week were low.",
    ]


def test_first_line_of_text_is_the_title() -> None:
    doc = clean_plain("Headline here\n\nFirst paragraph.\n\nSecond paragraph.")
    assert doc.title == "Headline here"
    assert doc.text == "First paragraph.\n\nSecond paragraph."


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaning_never_raises_on_arbitrary_text(text: str) -> None:
    clean_plain(text)
    clean_html("<p>" + text + "</p>")


def test_json_nested_too_deeply_is_reported_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DocumentError, match="nested too deeply"):
        read_records(tmp_path / "deep.json", "deep.json")
    (tmp_path / "deep.jsonl").write_text(
        "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"title": "Ok", "body": "Fine."}) + "\n"
    )
    records, problems = read_records(tmp_path / "deep.jsonl", "deep.jsonl")
    assert len(records) == 1 and "nested too deeply" in problems[0]
