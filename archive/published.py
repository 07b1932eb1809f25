"""Publication dates as a document states them: at the precision given, never invented, and why not when
a value given cannot be one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any


def normalize_published(value: Any) -> str | None:
    """Return a publication date at the precision given (YYYY-MM-DD, YYYY-MM or YYYY), or None if it cannot be read.

    A part the value leaves out is never filled in: "2022" stays a year and "March 2022" a month.
    """
    return read_published(value)[0]


def published_or_problem(value: Any, problems: list[str] | None) -> str | None:
    """Return the publication date read from value; say in problems why a value given cannot be one."""
    published, problem = read_published(value)
    if problem and problems is not None:
        problems.append(problem)
    return published


# dateutil fills the parts a date leaves out from a default: a part that differs between parses with
# these two defaults was not given.
PUBLISHED_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))
FIRST_YEAR = 1400  # before print, a "publication date" is a placeholder (0001-01-01) or a misreading
ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d(?!\d)")
SIGNED = re.compile(r"[-+\u2212]\s*\d")


def read_published(value: Any) -> tuple[str | None, str | None]:
    """Return the publication date value gives at the precision given, or None and why it is no date.

    Never invented: "2022" stays a year, "10" and "Monday" (no year), "-5000" (a sign), "2022-02-30" (no such
    day) and a date past next year are refused with a reason, not guessed at or dropped in silence.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, bool | list | dict):
        return None, f"publication date {str(value)[:40]!r} is not a date: not kept"
    if isinstance(value, dt.date):
        return _in_range(value.isoformat()[:10], value.year, value)
    text = str(value).strip()
    if not text:
        return None, None
    if SIGNED.match(text):
        return None, f"publication date {text[:40]!r} is signed, not a date: not kept"
    if ISO_DAY.match(text):
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return None, f"publication date {text[:40]!r} is not a day of the calendar: not kept"
        return _in_range(day.isoformat(), day.year, text)
    return _parse_published(text)


def _parse_published(text: str) -> tuple[str | None, str | None]:
    from dateutil import parser

    try:
        first, second = (parser.parse(text, default=default) for default in PUBLISHED_DEFAULTS)
    except (ValueError, OverflowError, parser.ParserError):
        return None, f"publication date {text[:40]!r} is not a date: not kept"
    if first.year != second.year:  # "10", "Monday", "March 5": a day without a year is no publication date
        return None, f"publication date {text[:40]!r} has no year: not kept"
    if first.month != second.month:
        return _in_range(f"{first.year:04d}", first.year, text)
    if first.day != second.day:
        return _in_range(f"{first.year:04d}-{first.month:02d}", first.year, text)
    return _in_range(first.date().isoformat(), first.year, text)


def _in_range(published: str, year: int, given: Any) -> tuple[str | None, str | None]:
    if FIRST_YEAR <= year <= dt.date.today().year + 1:
        return published, None
    return None, f"publication date {str(given)[:40]!r} is out of range (year {year}): not kept"
