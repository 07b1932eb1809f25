"""The Whoosh schema and how a cleaned, extracted document becomes index fields."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Tokenizer
from whoosh.columns import FixedBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .models import Document, Entities, entities_to_dict
from .names import TOKEN, capitalized_in_other_scripts, fold_text, name_key
from .registry import facet_value, facets
from .similar import NO_SIGNATURE, SIGNATURE_BYTES, signature
from .stems import STEMS_FIELD, StemsAnalyzer, stems_value

SEARCH_FIELDS = ("title", "body", "names")
RANKED_FIELDS = (*SEARCH_FIELDS, STEMS_FIELD)  # what relevance weighs: the searched fields and the stems of their words


def facet_fields() -> tuple[str, ...]:
    """Return the KEYWORD fields counted as facets: every declared facet, and the dates mentioned."""
    return (*(f.name for f in facets()), "dates")


VOTES_FIELD = "labels"  # "PERSON:harbour lynde": the model's label of each name, counted across the archive


def tokenizer() -> Tokenizer:
    """Return the tokenizer of text: words (a word's accents with it, composed or not), "U.S." one word."""
    return RegexTokenizer(TOKEN)


class FoldFilter(Filter):  # type: ignore[misc]
    """Fold case, accents and Unicode forms, so that "Geneve" finds "Genève" and "ZURICH" finds "Zürich"."""

    def __call__(self, tokens: Any) -> Any:
        for token in tokens:
            token.text = fold_text(token.text)
            yield token


def analyzer() -> Any:
    """Return the text analyzer: folded, stemmed words; stop words leave gaps so phrases stay exact."""
    return tokenizer() | FoldFilter() | StopFilter(renumber=False) | StemFilter()


class NameVariantFilter(Filter):  # type: ignore[misc]
    """Fold each word's romanization variants, so that "Dolgachyov" finds "Dolgachev"."""

    def __call__(self, tokens: Any) -> Any:
        for token in tokens:
            token.text = name_key(token.text) or token.text
            yield token


def names_analyzer() -> Any:
    """Return the analyzer of the names field: words with romanization variants folded."""
    return tokenizer() | LowercaseFilter() | NameVariantFilter()


def build_schema() -> Schema:
    """Return the index schema: searchable text, facet keywords and stored metadata."""
    text = analyzer()
    keyword_fields = {f.name: KEYWORD(stored=True, commas=True, scorable=True) for f in facets()}
    return Schema(
        **keyword_fields,
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        filekey=ID(),  # "path<TAB>digest": what the incremental reindex compares
        title=TEXT(stored=True, analyzer=text, field_boost=2.0),
        body=TEXT(stored=True, analyzer=text),
        names=TEXT(analyzer=names_analyzer()),  # people and places, spelling variants folded
        stems=TEXT(analyzer=StemsAnalyzer()),  # a non-English document's words stemmed by its language: stems.py
        published=ID(stored=True),
        addresses=KEYWORD(commas=True, lowercase=True),  # an e-mail's sender and recipients: addresses:a@b.org
        dates=KEYWORD(stored=True, commas=True),
        labels=KEYWORD(commas=True),
        meta=STORED,  # url, source, authors, language
        entities=STORED,  # mentions with offsets, for the document page
        signature=COLUMN(FixedBytesColumn(SIGNATURE_BYTES, default=NO_SIGNATURE)),  # MinHash: copies of a story
    )


def same_schema(stored: Schema, wanted: Schema) -> bool:
    """Return whether an index's schema is this one: the same fields, of the same types, analyzed alike
    (Whoosh's own comparison of two fields ignores their analyzers)."""
    if sorted(stored.names()) != sorted(wanted.names()):
        return False
    return all(
        type(stored[name]) is type(wanted[name])
        and (stored[name] == wanted[name] or _column(stored[name]) == _column(wanted[name]) is not None)
        and getattr(stored[name], "analyzer", None) == getattr(wanted[name], "analyzer", None)
        for name in wanted.names()
    )


def _column(field: Any) -> tuple[Any, ...] | None:
    """Return what makes a COLUMN field what it is (its column objects compare by identity)."""
    if not isinstance(field, COLUMN):
        return None
    return type(field.column_type), vars(field.column_type)


def document_id(path: str, key: str) -> str:
    """Return the stable id of a record: a hash of its file path and its key in the file."""
    return hashlib.blake2b(f"{path}#{key}".encode(), digest_size=8).hexdigest()


def keywords(values: Iterable[str]) -> str:
    """Return values joined for a comma KEYWORD field (each value as facet_value stores it)."""
    return ",".join(dict.fromkeys(v for v in map(facet_value, values) if v))


def stored_entities(ents: Entities) -> Entities:
    """Return entities with every name as the facets store it, so the document page links to values that exist."""
    return replace(
        ents,
        people=tuple(replace(p, name=facet_value(p.name)) for p in ents.people),
        places=tuple(
            replace(p, name=facet_value(p.name), country=facet_value(p.country) if p.country else None)
            for p in ents.places
        ),
        organizations=tuple(replace(o, name=facet_value(o.name)) for o in ents.organizations),
    )


def index_fields(path: str, key: str, digest: str, doc: Document, ents: Entities) -> dict[str, Any]:
    """Return the field values of one document as the index stores them."""
    ents = stored_entities(ents)
    places = list(ents.places)
    countries = [p.country for p in places if p.country]
    names = [p.name for p in ents.people] + [m.text for p in ents.people for m in p.mentions]
    names += [p.name for p in places] + countries + [o.name for o in ents.organizations]
    if doc.language != "en":  # names in Cyrillic, Greek...: found by their Latin spelling too
        names += capitalized_in_other_scripts(f"{doc.title}\n{doc.text}")
    return {
        "id": document_id(path, key),
        "path": path,
        "filekey": f"{path}\t{digest}",
        "title": doc.title,
        "body": doc.text,
        "names": " ".join(dict.fromkeys(names)),
        STEMS_FIELD: stems_value(doc.language, doc.title, doc.text),
        "published": doc.published or "",
        **{f.name: keywords(f.values(doc, ents)) for f in facets()},
        "addresses": ",".join(doc.addresses),
        "dates": keywords([d.value for d in ents.dates]),
        VOTES_FIELD: keywords(ents.labels),
        "meta": {
            "url": doc.url,
            "source": doc.source,
            "authors": list(doc.authors),
            "language": doc.language,
            "key": key,
            **({"pages": list(doc.pages)} if doc.pages else {}),
            **({"parent": doc.parent} if doc.parent else {}),
            **({"addresses": list(doc.addresses)} if doc.addresses else {}),
            **({"attachments": [list(a) for a in doc.attachments]} if doc.attachments else {}),
        },
        "entities": json.dumps(entities_json(ents), ensure_ascii=False),
        "signature": signature(f"{doc.title}\n{doc.text}"),
    }


entities_json = entities_to_dict  # the stored entities keep the JSON shape of `archive extract`
