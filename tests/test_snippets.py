"""Snippets (archive/snippets.py) and their HTML (archive.models.Snippet): terms from real parsed queries, no index."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.models import Snippet
from archive.query import query_parser
from archive.schema import build_schema
from archive.snippets import (
    SEPARATOR,
    SNIPPET_CHARS,
    STRETCH_CHARS,
    WORD,
    highlight_terms,
    is_match,
    make_snippet,
    term_spans,
)

PARSER = query_parser(build_schema())


def terms(query: str) -> frozenset[str]:
    """Return the words a search for this query marks."""
    return highlight_terms(PARSER.parse(query))


def marked(snippet: Snippet) -> list[str]:
    return [snippet.text[start:end] for start, end in snippet.marks]


def test_a_short_text_without_matches_is_the_whole_snippet() -> None:
    assert make_snippet("Bakers in Lyon protest.", terms("Putin")) == Snippet("Bakers in Lyon protest.")


def test_a_long_text_without_matches_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = " ".join(f"word{n}" for n in range(200))
    snippet = make_snippet(text, terms("Putin"))
    assert snippet.text.endswith(" …") and snippet.marks == ()
    assert len(snippet.text) <= SNIPPET_CHARS + 2
    assert text.startswith(snippet.text[:-2]) and text[len(snippet.text) - 2] == " "


def test_query_words_are_marked_in_any_case_and_inflection() -> None:
    text = "Bakers protested on Friday. The PROTEST over flour prices grew; one protester spoke of the price."
    snippet = make_snippet(text, terms("protest price"))
    assert marked(snippet) == ["protested", "PROTEST", "prices", "protester", "price"]


def test_field_queries_and_phrases_mark_their_words() -> None:
    text = "Bakers in Lyon protest flour prices."
    assert marked(make_snippet(text, terms("title:bakers"))) == ["Bakers"]
    assert marked(make_snippet(text, terms('"flour prices"'))) == ["flour", "prices"]


def test_a_spelling_variant_of_a_name_is_marked() -> None:
    snippet = make_snippet("Governor Anatoly Dolgachyov spoke.", terms("Dolgachev"))
    assert marked(snippet) == ["Dolgachyov"]


@pytest.mark.parametrize(
    ("query", "text", "word"),
    [
        ("Evgeny", "Mayor Yevgeny Lyashenko spoke.", "Yevgeny"),
        ("Hodorkovsky", "Mikhail Khodorkovsky spoke.", "Khodorkovsky"),
        ("Filip", "Philip Morris spoke.", "Philip"),
    ],
)
def test_a_spelling_variant_that_folds_its_first_letters_is_marked(query: str, text: str, word: str) -> None:
    """The names field finds "Yevgeny" for "Evgeny" (both fold to "evgeny"); the snippet must mark it too."""
    assert marked(make_snippet(text, terms(query))) == [word]


def test_a_match_far_into_the_text_is_shown_with_context_cut_at_whole_words() -> None:
    text = "opening words " * 60 + "Mayor Joanna Kowalska of Krakow spoke. " + "closing words " * 60
    snippet = make_snippet(text, terms("Kowalska"))
    assert marked(snippet) == ["Kowalska"]
    assert "opening" in snippet.text and "closing" in snippet.text
    assert snippet.text == snippet.text.strip()
    assert set(snippet.text.split()) <= set(text.split())  # no word cut in two


def test_two_distant_matches_make_two_windows_and_a_third_is_left_out() -> None:
    filler = "filler " * 60
    text = f"Putin spoke first. {filler}Putin spoke again. {filler}Putin spoke last."
    snippet = make_snippet(text, terms("Putin"))
    assert snippet.text.count(SEPARATOR) == 1
    assert marked(snippet) == ["Putin", "Putin"]
    assert "first" in snippet.text and "again" in snippet.text and "last" not in snippet.text


def test_marks_are_ranges_into_the_snippet_text_in_order() -> None:
    text = "Putin met Lyashenko. " + "x " * 200 + "Later Putin left."
    snippet = make_snippet(text, terms("Putin OR Lyashenko"))
    assert marked(snippet) == ["Putin", "Lyashenko", "Putin"]
    flat = [i for mark in snippet.marks for i in mark]
    assert flat == sorted(flat)


def test_html_escapes_the_text_and_marks_the_words() -> None:
    snippet = Snippet('<b>"Putin" & co</b>', ((4, 9),))
    assert snippet.html() == "&lt;b&gt;&quot;<mark>Putin</mark>&quot; &amp; co&lt;/b&gt;"


def test_html_of_a_document_payload_carries_no_markup_but_the_marks() -> None:
    text = 'Mayor <script>alert(1)</script> of Krakow said <img src=x onerror="x()"> Krakow would reopen.'
    html = make_snippet(text, terms("Krakow")).html()
    assert re.findall(r"<[^>]*>", html) == ["<mark>", "</mark>", "<mark>", "</mark>"]
    assert "&lt;script&gt;" in html


def test_render_passes_plain_and_marked_stretches_through_their_functions() -> None:
    snippet = Snippet("a Putin b Putin", ((2, 7), (10, 15)))
    assert snippet.render(str.upper, lambda part: f"[{part}]") == "A [Putin] B [Putin]"
    assert Snippet("plain").render(str.upper, str.lower) == "PLAIN"


WORDS = ["Protest", "protesters", "price", "PRICES", "Zürich", "Zu\u0308rich", "Yevgeny", "Evgeny", "bread", "flour"]


@given(st.lists(st.sampled_from(WORDS + [" ", ", ", ". ", "\n\n", "-", "é"]), min_size=150, max_size=600))
@settings(max_examples=80, deadline=None)
def test_term_spans_are_every_word_the_terms_match_however_the_text_is_cut_into_stretches(parts: list[str]) -> None:
    text = "".join(parts)
    wanted = terms("protest zurich yevgeny")
    expected = [m.span() for m in WORD.finditer(text) if is_match(m.group(), wanted)]
    assert term_spans(text, wanted) == expected


def test_a_match_in_the_last_stretch_of_a_long_text_is_found() -> None:
    text = "Bakers met. " * (3 * STRETCH_CHARS // 12) + "The protest ended."
    start = text.index("protest")
    assert term_spans(text, terms("protest")) == [(start, start + len("protest"))]
