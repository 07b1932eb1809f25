"""Find dates mentioned in a text and normalize them to ISO, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ..models import DateRef, Mention, Timex

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year"}  # fmt: skip
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None}  # fmt: skip

MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# Explicit patterns found by rule, besides the model's DATE entities (case matters: "may" is a verb).
PATTERNS = re.compile(
    rf"\b(?:{YEAR}-[01]\d-[0-3]\d"
    rf"|{MONTH} {DAY}(?:,? {YEAR})?"
    rf"|{DAY} {MONTH}(?:,? {YEAR})?"
    rf"|(?:(?:early|mid|late)[- ])?{MONTH},? {YEAR}"
    rf"|(?:(?:last|next|this) )?{WEEKDAY}"
    r"|(?:yesterday|today|tomorrow|tonight)"
    r"|(?:last|next|this|past|coming) (?:week|month|year)"
    r"|(?:[Ee]arlier|[Ll]ater) this (?:week|month|year))\b"
)
FUTURE = re.compile(r"\b(will|would|shall|'ll|next|coming|plans?|planned|expected|scheduled|due)\b", re.I)
COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|few|many|some)"
DURATION = re.compile(
    rf"^(?:the )?(?:past |last |next |first |coming |recent )?(?:{COUNT} )?{COUNT}[- ](?:day|week|month|year|decade)s?(?:-long| long)?$",
    re.I,
)
NOT_DATES = re.compile(r"[$%£€¥]|\d[.,]\d|\bper\b", re.I)


def parse_published(value: str | None) -> dt.date | None:
    """Return the publication date as a date, or None."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def find_date_spans(text: str) -> Iterable[tuple[int, int]]:
    """Yield the spans of explicit date expressions found by rule."""
    for match in PATTERNS.finditer(text):
        yield match.start(), match.end()


def normalize_date(text: str, dct: dt.date | None, context: str = "") -> str | None:
    """Return the ISO value of a date expression (2022-05-31, 2022-05, 2022, 2022-W21, 2022-Q1), or None."""
    phrase = clean_phrase(text)
    if not phrase or NOT_DATES.search(phrase) or DURATION.match(phrase):
        return None
    future = bool(FUTURE.search(context))
    for rule in RULES:
        value = rule(phrase, dct, future)
        if value is not None:
            return value or None
    return None


def clean_phrase(text: str) -> str:
    """Return the expression without leading prepositions, articles and trailing noise."""
    phrase = re.sub(r"\s+", " ", text).strip(" ,.;:'\"()")
    phrase = re.sub(r"(?i)^(?:on|in|by|since|until|from|at|of|during|for|the|about|around)\s+", "", phrase)
    phrase = re.sub(r"(?i)^(?:the )?(?:early|mid|late|end of|beginning of|start of)[- ]", "", phrase)
    return re.sub(r"(?i)'s$", "", phrase).strip()


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower().rstrip(".")[:3])


def _iso_day(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", phrase)
    if match:
        return _checked(*map(int, match.groups()))
    match = re.fullmatch(rf"({MONTH}) ({DAY}),?(?: ({YEAR}))?", phrase) or re.fullmatch(
        rf"({DAY}) ({MONTH}),?(?: ({YEAR}))?", phrase
    )
    if not match:
        return None
    first, second, year = match.groups()
    month_word, day_word = (first, second) if _month(first) else (second, first)
    month, day = _month(month_word), int(re.sub(r"\D", "", day_word))
    if month is None:
        return None
    if year:
        return _checked(int(year), month, day)
    return _nearest(dct, future, lambda y: _date(y, month, day), 10) if dct else ""


def _month_year(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(rf"({MONTH}),?(?: of)?(?: ({YEAR}))?", phrase)
    if not match or not match.group(1)[:1].isupper():
        return None
    month = _month(match.group(1))
    if month is None:
        return None
    if match.group(2):
        return f"{match.group(2)}-{month:02d}"
    if not dct:
        return ""
    day = _nearest(dct, future, lambda y: _date(y, month, 15), 7)
    return day[:7] if day else ""


def _year(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(rf"(?:(?:fiscal|calendar|the year|year) )?({YEAR})", phrase, re.I)
    if match:
        return match.group(1)
    match = re.fullmatch(r"(?:the )?(1[89]\d|20\d)0'?s", phrase)
    return match.group(1) if match else None


def _relative_day(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    word = phrase.lower()
    if word in offsets:
        return (dct + dt.timedelta(days=offsets[word])).isoformat() if dct else ""
    match = re.fullmatch(rf"(?i)(?:(last|next|this|past|coming) )?({WEEKDAY})(?: (morning|afternoon|evening|night))?", phrase)
    if not match:
        return None
    if not dct:
        return ""
    target = WEEKDAYS.index(match.group(2).lower())
    modifier = (match.group(1) or "").lower()
    delta = (target - dct.weekday()) % 7
    ahead = modifier in ("next", "coming") or (future and modifier != "last")
    if ahead:
        days = delta or 7
    else:
        days = delta - 7 if delta else (-7 if modifier == "last" else 0)
    return (dct + dt.timedelta(days=days)).isoformat()


def _relative_period(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(r"(?i)(?:(?:earlier|later) )?(last|next|this|past|coming|the current|the previous) (week|month|year)", phrase)
    if not match:
        return None
    if not dct:
        return ""
    step = {"last": -1, "past": -1, "the previous": -1, "next": 1, "coming": 1}.get(match.group(1).lower(), 0)
    return shift(dct, match.group(2).lower(), step)


def _ago(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(r"(?i)(\d+|[a-z]+) (days?|weeks?|months?|years?) (ago|earlier|later|from now|hence)", phrase)
    if not match:
        return None
    count = int(match.group(1)) if match.group(1).isdigit() else NUMBER_WORDS.get(match.group(1).lower())
    if not dct or count is None:
        return ""
    sign = -1 if match.group(3).lower() in ("ago", "earlier") else 1
    return shift(dct, UNITS[match.group(2).lower()], sign * count)


def _quarter(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(rf"(?i)(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th)(?: fiscal)? quarter(?: of ({YEAR}))?", phrase)
    if not match:
        return None
    year = match.group(2) or (str(dct.year) if dct else None)
    return f"{year}-Q{ORDINALS[match.group(1).lower()]}" if year else ""


def _reference(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    refs = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "the present": "PRESENT_REF",
            "recently": "PAST_REF", "the past": "PAST_REF", "the future": "FUTURE_REF"}  # fmt: skip
    return refs.get(phrase.lower())


RULES = (_iso_day, _month_year, _year, _relative_day, _relative_period, _ago, _quarter, _reference)


def shift(day: dt.date, unit: str, step: int) -> str:
    """Return the ISO value of the period `step` units away from day."""
    if unit == "day":
        return (day + dt.timedelta(days=step)).isoformat()
    if unit == "week":
        year, week, _ = (day + dt.timedelta(weeks=step)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        index = day.year * 12 + day.month - 1 + step
        return f"{index // 12}-{index % 12 + 1:02d}"
    return str(day.year + step)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _checked(year: int, month: int, day: int) -> str | None:
    found = _date(year, month, day)
    return found.isoformat() if found else ""


def _nearest(dct: dt.date | None, future: bool, make, width: int) -> str:
    """Return the candidate nearest the publication date; the past is likelier unless the tense is future."""
    if dct is None:
        return ""
    best: tuple[float, dt.date] | None = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        day = make(year)
        if day is None:
            continue
        delta = (day - dct).days
        cost = abs(delta) * (1.0 if (delta <= 0) != future else 1.5)
        if best is None or cost < best[0]:
            best = (cost, day)
    return best[1].isoformat()[:width] if best else ""


def is_facet_value(value: str | None) -> bool:
    """Return whether a value is a calendar day, month or year (the dates facet keeps only these)."""
    return bool(value) and bool(re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value or ""))


def resolve_dates(doc: Any, published: str | None) -> tuple[list[DateRef], list[Timex]]:
    """Return the dates a processed document mentions grouped by ISO value (days, months, years),
    and every date expression found."""
    dct = parse_published(published)
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    timexes = [Timex(s, e, doc.text[s:e], v) for s, e, v in date_mentions(doc.text, spans, dct)]
    groups: dict[str, list[Mention]] = {}
    for t in timexes:
        if t.value and is_facet_value(t.value):
            groups.setdefault(t.value, []).append(Mention(t.start, t.end, t.text))
    return [DateRef(value=v, mentions=tuple(m)) for v, m in groups.items()], timexes


def date_mentions(
    text: str, model_spans: list[tuple[int, int]], dct: dt.date | None
) -> list[tuple[int, int, str | None]]:
    """Return (start, end, value) for each date expression: the model's spans and the rules' merged."""
    spans = sorted({*model_spans, *find_date_spans(text)}, key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    found = []
    for start, end in merged:
        context = text[max(0, start - 80) : min(len(text), end + 40)]
        value = normalize_date(text[start:end], dct, context)
        if value is None:
            value = _best_part(text, start, end, dct, context)
        found.append((start, end, value))
    return found


def _best_part(text: str, start: int, end: int, dct: dt.date | None, context: str) -> str | None:
    """Return the value of the longest rule-found expression inside a span the rules cannot read whole."""
    for s, e in sorted(find_date_spans(text[start:end]), key=lambda p: p[0] - p[1]):
        value = normalize_date(text[start + s : start + e], dct, context)
        if value:
            return value
    return None
