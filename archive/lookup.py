"""Find a facet's values by what a person types: the start or any part of any spelling, case and accents ignored.

The facet filter box on the search page asks for the values that match a few letters ("yamani" finds
"Ahmed Zaki Yamani" among 6,000 people). Each spelling of a field's values (merged spellings too:
"Dolgachyov" finds the value "Dolgachev") is folded as search folds it (archive/names.py) once per index
generation; a lookup is then two vectorized substring searches over those keys.
"""

from __future__ import annotations

import re

import numpy as np

from .fieldtable import FieldTable
from .names import fold_text
from .registry import facet_value

BREAKS = re.compile(r"[\W_]+")  # hyphens, apostrophes, dots: "Al-Yamani" has the words "al" and "yamani"
NO_MATCH = 3  # the rank of a value that does not match


def words(text: str) -> str:
    """Return text folded as search compares it, its words separated by single spaces."""
    return " ".join(BREAKS.sub(" ", fold_text(facet_value(text))).split())


class ValueLookup:
    """The folded spellings of one field's values, each with the value id it counts under."""

    def __init__(self, table: FieldTable) -> None:
        spellings = list(table.ids.items())
        self.size = len(table.values)
        self.terms = np.array([term for _, term in spellings], dtype=np.int64)
        # a space before each key: " " + needle found at 0 is a value's start, found later a word's start
        self.keys = np.array([" " + words(s) for s, _ in spellings], dtype=np.dtypes.StringDType())

    def ranks(self, text: str) -> np.ndarray:
        """Return each value's rank for what was typed: 0 its start, 1 a word's start, 2 elsewhere in a word,
        3 (NO_MATCH) nowhere; a value takes the best rank of its spellings. Nothing typed: every value ranks 0."""
        needle = words(text)
        best = np.full(self.size, NO_MATCH if needle else 0, dtype=np.int64)
        if not needle or not len(self.keys):
            return best
        word = np.strings.find(self.keys, " " + needle)
        inside = np.strings.find(self.keys, needle)
        rank = np.where(word == 0, 0, np.where(word > 0, 1, np.where(inside >= 0, 2, NO_MATCH)))
        np.minimum.at(best, self.terms, rank)
        return best
