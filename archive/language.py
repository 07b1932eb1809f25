"""A document's language: the page's or sidecar's word when it gives one, else detected from the text.

Detection uses py3langid (langid.py's naive Bayes model over byte n-grams, 97 languages), whose model ships
inside its wheel: nothing is downloaded at run time. bench/languages.py compares it with lingua and
fasttext-langdetect. A text too short to judge, or judged with little confidence, has no language; the
extractors then treat it as English, as they treated every text before languages were detected.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MIN_LETTERS = 30  # fewer letters than this say too little about a language: "Shr 20 cts vs 15 cts"
SAMPLE_CHARS = 600  # the start of a long text decides: a few sentences say the language, and cost stays flat
MIN_CONFIDENCE = 0.7  # the model's probability below which the language stays unknown
LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def identifier() -> Any:
    """Return py3langid's identifier, its model read once per process (about a tenth of a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the language a text is written in, or None when it is too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    if len(LETTER.findall(sample)) < MIN_LETTERS:
        return None
    code, confidence = identifier().classify(sample)
    return str(code) if confidence >= MIN_CONFIDENCE else None


@lru_cache(maxsize=1024)  # per document from its page or sidecar, and per Languages value of each generation
def language_code(value: str) -> str | None:
    """Return the ISO 639-1 code a page or sidecar means by its language: "en-GB", "EN", "fra", "French" -> code."""
    import pycountry

    word = value.strip().replace("_", "-").split("-")[0].lower()
    found = None
    if len(word) == 2:
        found = pycountry.languages.get(alpha_2=word)
    elif len(word) == 3:
        found = pycountry.languages.get(alpha_3=word) or pycountry.languages.get(bibliographic=word)
    if found is None:
        found = pycountry.languages.get(name=word)
    return getattr(found, "alpha_2", None)


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """Return the English name of a language code ("fr" -> "French"), or the code when it is none known."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code)
    return str(found.name) if found is not None else code


def document_language(given: str | None, text: str) -> str | None:
    """Return a document's language: the code its metadata gives when that is one, else the detected language."""
    code = language_code(given) if given else None
    return code or detect_language(text)
