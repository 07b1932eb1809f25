"""Search in a document's own language: its words stemmed by that language's rules, beside the English ones.

The body field is analyzed one way for every document (folded, English stems): "Москве" stays "москве"
and never meets "Москва". Whoosh gives a field one analyzer, so a document written in a language Whoosh
has a Snowball stemmer for also fills the `stems` field: each word of its title and text folded and
stemmed by its language, written "ru:москв". A query's words then look there too, stemmed by each
language the archive holds (`with_stems`), and snippets mark the words those stems match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, RegexTokenizer
from whoosh.lang import aliases, has_stemmer, stemmer_for_language, stopwords_for_language
from whoosh.query import Or, Phrase, Query, Term

from .names import TOKEN, fold_text

STEMS_FIELD = "stems"
LANGUAGE_MARK = "\x1f"  # between the language code and the text in the field's value: "fr\x1fLe pont…"
STEM_MARK = ":"  # between the language and the stem in a term ("fr:pont"): no word holds one
GERMAN_DIGRAPHS = re.compile(r"ae|oe|(?<!q)ue")  # Snowball's German variant: "Bruecke" is "Brücke"


@lru_cache(maxsize=256)
def stemmer_language(code: str | None) -> str | None:
    """Return the language whose Snowball stemmer stems a language's words ("nb" -> "no"), None for English
    (the body field stems it already) and for languages Whoosh has no stemmer for."""
    if not code:
        return None
    if not has_stemmer(code):
        import pycountry

        found = pycountry.languages.get(alpha_2=code)
        name = str(found.name).split()[0].lower() if found is not None else ""  # "Norwegian Bokmål"
        code = aliases.get(name, "")
    return code if code and code != "en" and has_stemmer(code) else None


def stems_value(language: str | None, title: str, text: str) -> str:
    """Return the stems field's value for a document: its language and words, or nothing when none is stemmed."""
    stemmed = stemmer_language(language)
    return f"{stemmed}{LANGUAGE_MARK}{title}\n{text}" if stemmed else ""


@lru_cache(maxsize=32)
def _rules(language: str) -> tuple[Callable[[str], str], frozenset[str]]:
    return stemmer_for_language(language), frozenset(stopwords_for_language(language))


@lru_cache(maxsize=200_000)
def stem_term(language: str, word: str) -> str | None:
    """Return the term a word is in the stems field of a language ("ru", "Москве" -> "ru:москв"), None for its
    stop words. The stem is folded after stemming (the stemmer knows the accents; a search ignores them)."""
    stem, stops = _rules(language)
    lowered = unicodedata.normalize("NFC", word.lower())
    if lowered in stops:
        return None
    if language == "de":
        lowered = GERMAN_DIGRAPHS.sub(lambda m: {"ae": "ä", "oe": "ö", "ue": "ü"}[m.group()], lowered)
    return f"{language}{STEM_MARK}{fold_text(stem(lowered))}"


class StemsAnalyzer(Analyzer):  # type: ignore[misc]
    """The stems field's analyzer: reads the language from the value and yields its stemmed words, stop words
    leaving gaps (so phrases stay exact, as in the body field)."""

    def __init__(self) -> None:
        self.tokenizer = RegexTokenizer(TOKEN)  # as schema.tokenizer(): the body's words

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, **kwargs: Any) -> Any:
        language, _, text = value.partition(LANGUAGE_MARK)
        if not text or stemmer_language(language) != language:
            return
        for token in self.tokenizer(text, **kwargs):
            term = stem_term(language, token.text)
            if term is not None:
                token.text = term
                yield token


ANALYZER = StemsAnalyzer()  # the stems field's, for the query's words


def with_stems(query: Query, text: str, languages: Iterable[str]) -> Query:
    """Return the query with each word and phrase it searches the body for searched also in the stems field,
    stemmed by each of the languages (those of the archive's documents that have a stemmer)."""
    languages = sorted({s for s in map(stemmer_language, languages) if s})
    if not languages:
        return query

    def rewrite(leaf: Query) -> Query:
        if type(leaf) is Term and leaf.fieldname == "body" and leaf.startchar is not None:
            word = text[leaf.startchar : leaf.endchar]
            found = [q for lang in languages if (q := stemmed_phrase(word, lang, leaf)) is not None]
            return Or([leaf, *found]) if found else leaf
        if type(leaf) is Phrase and leaf.fieldname == "body" and leaf.char_ranges and leaf.slop == 1:
            start, end = leaf.char_ranges[0][0], leaf.char_ranges[-1][1]
            if start is not None and end is not None:
                found = [p for lang in languages if (p := stemmed_phrase(text[start:end], lang, leaf)) is not None]
                return Or([leaf, *found]) if found else leaf
        return leaf if leaf.is_leaf() else leaf.apply(rewrite)

    return rewrite(query)


def stemmed_phrase(words: str, language: str, like: Query) -> Query | None:
    """Return words of the query as the stems field holds them in one language, read by the field's own analyzer
    ("l'école" is "fr:l" "fr:ecol", as in a document): a Term for one word (standing where the query's does), a
    Phrase for more, None for stop words alone."""
    tokens = [(t.text, t.pos) for t in ANALYZER(f"{language}{LANGUAGE_MARK}{words}", positions=True)]
    if not tokens:
        return None
    if len(tokens) == 1:
        term = Term(STEMS_FIELD, tokens[0][0], boost=like.boost)
        term.startchar, term.endchar = getattr(like, "startchar", None), getattr(like, "endchar", None)
        return term
    phrase = Phrase(STEMS_FIELD, [word for word, _ in tokens], boost=like.boost)
    phrase.places = [place - tokens[0][1] for _, place in tokens]  # stop words' gaps: archive.query
    return phrase


def term_languages(terms: Iterable[str]) -> frozenset[str]:
    """Return the languages of the stems terms among a query's terms ("fr:pont" -> "fr")."""
    return frozenset(t.partition(STEM_MARK)[0] for t in terms if STEM_MARK in t)


def stem_initials(terms: Iterable[str]) -> frozenset[str]:
    """Return the first letters of the stems among a query's terms: a word starting otherwise matches none."""
    return frozenset(t.partition(STEM_MARK)[2][:1] for t in terms if STEM_MARK in t)
