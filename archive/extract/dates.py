"""Find the dates a document mentions and resolve them against its publication date.

Date expressions come from the model's DATE spans and from explicit patterns, merged; each is read
by the rules of `timex` in the tense of its clause, against the publication date at the precision
given, or from the period the text named last ("that year", "a year ago").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..isodates import ISO_DATE, period
from ..models import DateRef, Mention, Timex
from .spans import text_of
from .timex import DAY, HOLIDAY, MONTH, WEEKDAY, YEAR, clean_phrase, month_after, normalize_date, quarter_after

# Explicit patterns found by rule, besides the model's DATE entities (case matters: "may" is a verb).
PATTERNS = re.compile(
    rf"\b(?:{YEAR}-[01]\d-[0-3]\d"
    rf"|{MONTH} {DAY}(?:,? {YEAR})?"
    rf"|{DAY} {MONTH}(?:,? {YEAR})?"
    rf"|(?:(?:early|mid|late)[- ])?{MONTH},? {YEAR}"
    rf"|{WEEKDAY},? {MONTH} {DAY}(?:,? {YEAR})?"
    rf"|(?:(?:last|next|this) )?{HOLIDAY}(?:,? {YEAR})?"
    rf"|(?:(?:last|next|this) )?{WEEKDAY}"
    rf"|(?:the )?(?:(?:first|second|last) half|first two quarters)(?: of)? {YEAR}"
    rf"|the {YEAR} (?:quarter|period)"
    r"|(?:the |this |last |next )?weekend"
    r"|the (?:full|whole|entire) year"
    rf"|(?:last|this|next) {MONTH}(?![. ]*\d)"
    rf"|(?:(?:the|this|last|next) )?(?:(?:first|second|third|fourth)[- ](?:fiscal )?quarter(?: of {YEAR})?"
    r"|(?:spring|summer|fall|autumn|winter))"
    r"|(?:yesterday|today|tomorrow|tonight)"
    r"|(?:[Nn]ow|[Cc]urrently|[Rr]ecently|the (?:near |distant )?future|the past(?= [,.;]| and| or|,|\.))"
    r"|(?:(?:a|one) year (?:ago|earlier)|(?:the )?year-(?:ago|earlier)(?: (?:quarter|period))?)"
    r"|(?:last|next|this|past|coming) (?:week|month|year)"
    r"|(?:[Ee]arlier|[Ll]ater) this (?:week|month|year))\b"
)
CLAUSE_END = re.compile(r"[.;!?\n]")
NOT_A_DATE = re.compile(
    r"(?i)(?:\d+|[a-z]+)[- ]years?[- ]old|daily|weekly|monthly|quarterly|annual(?:ly)?|yearly|nightly|\d{1,3}"
    r"|(?:the )?(?:first |past |last |next |previous |coming |recent |several |few |many |\d+ |[a-z]+ )*"
    r"(?:days|weeks|months|years|decades|centuries)"
)
BARE_YEAR = re.compile(rf"\b{YEAR}\b")
FACET_VALUE = ISO_DATE

# Expressions that take their value from another date in the text, not from the publication date alone.
ANAPHORIC = re.compile(
    r"(?i)(?:(?:earlier|later) )?(?:in )?(?:the )?(?P<which>that|following) (?P<unit>year|quarter|month)"
)
YEAR_PERIOD = re.compile(rf"{YEAR} (?:quarter|period)")
YEAR_AGO = re.compile(r"(?i)(?:a |one )?year[- ](?:ago|earlier)(?: (?:quarter|period))?|year-(?:ago|earlier)")
PERIOD_VALUES = {  # the shape of each unit's values, for "that year", "the following quarter"
    "year": re.compile(r"(?P<year>\d{4})"),
    "quarter": re.compile(r"(?P<year>\d{4})-Q(?P<quarter>[1-4])"),
    "month": re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)"),
}


@dataclass(frozen=True)
class PublicationDate:
    """A publication date at the precision it was given: the first and the last day it may be."""

    first: dt.date
    last: dt.date


def parse_published(value: str | None) -> PublicationDate | None:
    """Return the days a publication date may be: one ("2022-06-01"), a month's ("2022-06"), a year's ("2022")."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return _published_period(value)
    return PublicationDate(day, day)


def _published_period(value: str) -> PublicationDate | None:
    """Return the days of a month ("2022-06") or of a year ("2022"), or None."""
    days = period(value)
    return None if days is None else PublicationDate(*days)


def find_date_spans(text: str) -> Iterable[tuple[int, int]]:
    """Yield the spans of explicit date expressions found by rule."""
    for match in PATTERNS.finditer(text):
        yield match.start(), match.end()


def resolve_date(text: str, published: PublicationDate | None, context: str = "") -> str | None:
    """Return the ISO value of a date expression against a publication date of any precision, or None.

    Against a month or a year, a value is kept only when the first and the last day the publication
    date may be give the same one ("last month" against "2022-06", not "Monday" against "2022"): the
    rules move forward with the publication day, so the days between give it too.
    """
    if published is None:
        return normalize_date(text, None, context)
    value = normalize_date(text, published.first, context)
    if published.last != published.first and normalize_date(text, published.last, context) != value:
        return None
    return value


def is_facet_value(value: str | None) -> bool:
    """Return whether a value is a calendar day, month or year (the dates facet keeps only these)."""
    return bool(value) and bool(FACET_VALUE.fullmatch(value or ""))


def resolve_dates(doc: Any, published: str | None) -> tuple[list[DateRef], list[Timex]]:
    """Return the dates a processed document mentions grouped by ISO value (days, months, years),
    and every date expression found."""
    period = parse_published(published)
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    text = text_of(doc)
    timexes = [Timex(s, e, text[s:e], v) for s, e, v in date_mentions(text, spans, period)]
    groups: dict[str, list[Mention]] = {}
    for t in timexes:
        value = (t.value or "").split("T", 1)[0]  # "2000-01-05TEV": the day, for the facet
        if is_facet_value(value):
            groups.setdefault(value, []).append(Mention(t.start, t.end, t.text))
    return [DateRef(value=v, mentions=tuple(m)) for v, m in groups.items()], timexes


def date_mentions(
    text: str, model_spans: list[tuple[int, int]], published: PublicationDate | None
) -> list[tuple[int, int, str | None]]:
    """Return (start, end, value) for each date expression: the model's spans and the rules' merged."""
    spans = sorted({*model_spans, *find_date_spans(text)}, key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    found: list[tuple[int, int, str | None]] = []
    quarter: str | None = None  # the latest quarter named: "a year ago" compares with it
    for start, end in merged:
        context = clause(text, start, end)
        value = resolve_date(text[start:end], published, context)
        phrase = clean_phrase(text[start:end])
        if YEAR_AGO.fullmatch(phrase):
            value = year_before(quarter) if quarter else (str(published.first.year - 1) if published else None)
        elif YEAR_PERIOD.fullmatch(phrase):  # "the 1988 quarter": that year's quarter of the one discussed
            value = phrase[:4] + (quarter[4:] if quarter else "")
        elif ANAPHORIC.fullmatch(phrase):  # "that year", "the following month": the period last named
            value = anaphoric(phrase, found)
        parts = [] if value is not None else _parts(text, start, end, published, context)
        if parts or value is not None or not NOT_A_DATE.fullmatch(text[start:end].strip()):
            found.extend(parts or [(start, end, value)])
        quarter = next((v for _, _, v in reversed(found) if v and "-Q" in v), quarter)
    return found


def year_before(quarter: str) -> str | None:
    """Return the same quarter a year earlier ("a year ago" after "the third quarter of 1988": 1987-Q3)."""
    match = PERIOD_VALUES["quarter"].fullmatch(quarter)
    return quarter_after(int(match["year"]), int(match["quarter"]), -4) if match else None


def anaphoric(phrase: str, found: list[tuple[int, int, str | None]]) -> str | None:
    """Return the period an anaphoric expression points to: the latest one named before it of that width."""
    match = ANAPHORIC.fullmatch(phrase)
    if match is None:
        return None
    unit, step = match["unit"].lower(), 1 if match["which"].lower() == "following" else 0
    shape = PERIOD_VALUES[unit]
    latest = next((m for _, _, v in reversed(found) if v and (m := shape.match(v))), None)
    if latest is None:
        return None
    year = int(latest["year"])
    try:
        if unit == "quarter":
            return quarter_after(year, int(latest["quarter"]), step)
        if unit == "month":
            return month_after(year, int(latest["month"]), step)
    except (OverflowError, ValueError):  # past the calendar's ends
        return None
    return str(year + step)


def clause(text: str, start: int, end: int) -> str:
    """Return the words around a date expression up to the sentence's ends, which carry its tense."""
    before = text[max(0, start - 100) : start]
    cut = max((m.end() for m in CLAUSE_END.finditer(before)), default=0)
    after = text[end : end + 60]
    stop = CLAUSE_END.search(after)
    return before[cut:] + text[start:end] + (after[: stop.start()] if stop else after)


def _parts(
    text: str, start: int, end: int, published: PublicationDate | None, context: str
) -> list[tuple[int, int, str | None]]:
    """Return the readable expressions inside a span the rules cannot read whole ("between 1994 and 1997")."""
    piece = text[start:end]
    spans = list(find_date_spans(piece)) + [(m.start(), m.end()) for m in BARE_YEAR.finditer(piece)]
    parts: list[tuple[int, int, str | None]] = []
    for s, e in sorted(spans, key=lambda p: (p[0], p[0] - p[1])):
        if parts and s < parts[-1][1] - start:
            continue
        value = resolve_date(piece[s:e], published, context)
        if value:
            parts.append((start + s, start + e, value))
    return parts
