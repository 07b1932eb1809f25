"""Find dates mentioned in a text and normalize them to ISO, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ..models import DateRef, Mention, Timex
from .spans import text_of

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
HOLIDAY = (
    r"(?:Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Independence Day|Labor Day"
    r"|Memorial Day|Election Day|Easter(?: Sunday)?|Good Friday|Halloween|Valentine's Day)"
)
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
    rf"|(?:(?:the|this|last|next) )?(?:(?:first|second|third|fourth)[- ](?:fiscal )?quarter(?: of {YEAR})?|(?:spring|summer|fall|autumn|winter))"
    r"|(?:yesterday|today|tomorrow|tonight)"
    r"|(?:[Nn]ow|[Cc]urrently|[Rr]ecently|the (?:near |distant )?future|the past(?= [,.;]| and| or|,|\.))"
    r"|(?:(?:a|one) year (?:ago|earlier)|(?:the )?year-(?:ago|earlier)(?: (?:quarter|period))?)"
    r"|(?:last|next|this|past|coming) (?:week|month|year)"
    r"|(?:[Ee]arlier|[Ll]ater) this (?:week|month|year))\b"
)
FUTURE = re.compile(
    r"\b(will|shall|'ll|next|coming|upcoming|scheduled|(?:plans?|planned|planning|set|due|expected) to"
    r"|as (?:early|soon) as)\b",
    re.I,
)
FUTURE_WEIGHT = 2.0  # how much less likely the future is than the past, tense aside
CLAUSE_END = re.compile(r"[.;!?\n]")
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
    phrase = spelled_years(re.sub(r"\s+", " ", text).strip(" ,.;:'\"()"))
    phrase = re.sub(r"(?i)^(?:on|in|by|since|until|from|at|of|during|for|the|about|around)\s+", "", phrase)
    phrase = re.sub(r"(?i)^(?:the )?(?:early|mid|late|end of|beginning of|start of)[- ]", "", phrase)
    phrase = re.sub(rf"^{WEEKDAY},? (?={MONTH} )", "", phrase)  # "Saturday, April 25": the date says it all
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


def _month_relative(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "last November", "this March", "April next year", "February this year"."""
    match = re.fullmatch(rf"(?i)(last|this|next) ({MONTH})", phrase) or re.fullmatch(
        rf"(?i)({MONTH}),? (last|this|next) year", phrase
    )
    if not match:
        return None
    first, second = match.groups()
    modifier, word = (first, second) if first.lower() in ("last", "this", "next") else (second, first)
    month = _month(word)
    if month is None or not word[:1].isupper():
        return None
    if not dct:
        return ""
    modifier = modifier.lower()
    if match.re.pattern.startswith("(?i)(last"):  # "last November": the latest November before this month
        year = (
            dct.year - (month >= dct.month)
            if modifier == "last"
            else dct.year + (month <= dct.month)
            if modifier == "next"
            else dct.year
        )
    else:  # "April next year"
        year = dct.year + {"last": -1, "this": 0, "next": 1}[modifier]
    return f"{year}-{month:02d}"


SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """Return the nth given weekday of a month (nth -1: the last one)."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday_date(name: str, year: int) -> dt.date:
    """Return the day a holiday falls on in a year (US dates for Thanksgiving, Labor, Memorial and Election Day)."""
    from dateutil.easter import easter

    key = re.sub(r"(?i)\s+(?:day|sunday)$", "", name).lower()
    if key == "thanksgiving":
        return _nth_weekday(year, 11, 3, 4)
    if key == "labor":
        return _nth_weekday(year, 9, 0, 1)
    if key == "memorial":
        return _nth_weekday(year, 5, 0, -1)
    if key == "election":  # the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)
    if key in ("easter", "good friday"):
        return easter(year) - dt.timedelta(days=2 if key == "good friday" else 0)
    fixed = {"christmas": (12, 25), "christmas eve": (12, 24), "new year's": (1, 1), "new year's eve": (12, 31),
             "independence": (7, 4), "halloween": (10, 31), "valentine's": (2, 14)}  # fmt: skip
    month, day = fixed[key]
    return dt.date(year, month, day)


def _holiday(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "Thanksgiving", "last Christmas", "Easter 1998": the nearest one, past unless the tense says future."""
    match = re.fullmatch(rf"(?:(last|next|this) )?({HOLIDAY})(?:,? ({YEAR}))?", phrase)
    if not match:
        return None
    modifier, name, year = match.groups()
    if year:
        return _holiday_date(name, int(year)).isoformat()
    if not dct:
        return ""
    if modifier in ("last", "next"):
        this_year = _holiday_date(name, dct.year)
        if modifier == "last":
            return _holiday_date(name, dct.year - (this_year >= dct)).isoformat()
        return _holiday_date(name, dct.year + (this_year <= dct)).isoformat()
    return _nearest(dct, future or modifier == "this", lambda y: _holiday_date(name, y), 10)


def _season(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "last fall", "this summer", "the spring of 1998" as TimeML seasons (1998-FA)."""
    match = re.fullmatch(rf"(?i)(?:(last|this|next|the) )?(spring|summer|fall|autumn|winter)(?: of ({YEAR}))?", phrase)
    if not match:
        return None
    code = SEASONS[match.group(2).lower()]
    if match.group(3):
        return f"{match.group(3)}-{code}"
    if not dct:
        return ""
    modifier = (match.group(1) or "this").lower()
    started = (dct.month >= SEASON_START[code]) or (code == "WI" and dct.month <= 2)
    year = dct.year - (code == "WI" and dct.month <= 2)
    if modifier == "last":
        year -= 1
    elif modifier == "next":
        year += 1 if started else 0
    return f"{year}-{code}"


def _quarter_of(dct: dt.date) -> int:
    return (dct.month - 1) // 3 + 1


def quarter_after(year: int, quarter: int, step: int) -> str:
    """Return the quarter `step` quarters from a year's quarter, as "YYYY-Qn"."""
    index = year * 4 + quarter - 1 + step
    return f"{index // 4}-Q{index % 4 + 1}"


def month_after(year: int, month: int, step: int) -> str:
    """Return the month `step` months from a year's month, as "YYYY-MM"."""
    index = year * 12 + month - 1 + step
    return f"{index // 12}-{index % 12 + 1:02d}"


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


DECADE_WORDS = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
UNIT_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
SPELLED_YEAR = re.compile(
    rf"(?i)\b(?:(nineteen|eighteen) (?:({'|'.join(TENS)})(?:[- ]({'|'.join(UNIT_WORDS)}))?|({'|'.join(TEENS)})|hundred)"
    rf"|(?:the year )?two thousand(?: and ({'|'.join(UNIT_WORDS)}))?)\b"
)


def spelled_years(phrase: str) -> str:
    """Return the phrase with years written in words as digits ("nineteen ninety-six" -> "1996")."""

    def digits(match: re.Match[str]) -> str:
        century, tens, unit, teen, unit_2000 = match.groups()
        if century is None:
            return str(2000 + (UNIT_WORDS.index(unit_2000.lower()) + 1 if unit_2000 else 0))
        base = 1900 if century.lower() == "nineteen" else 1800
        if teen:
            return str(base + 10 + TEENS.index(teen.lower()))
        if tens:
            return str(base + TENS[tens.lower()] + (UNIT_WORDS.index(unit.lower()) + 1 if unit else 0))
        return str(base)

    return SPELLED_YEAR.sub(digits, phrase)


def _year(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(rf"(?:(?:fiscal|calendar|the year|year) )?({YEAR})", phrase, re.I)
    if match:
        return match.group(1)
    match = re.fullmatch(r"(?:the )?(1[89]\d|20\d)0'?s", phrase) or re.fullmatch(r"(?:the )?'([0-9])0s", phrase)
    if match:  # a decade, in TimeML's form: "199" for the 1990s
        return match.group(1) if len(match.group(1)) == 3 else "19" + match.group(1)
    match = re.fullmatch(
        r"(?i)(?:the )?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)", phrase
    )
    if match:
        return f"19{DECADE_WORDS.index(match.group(1).lower()) + 2}"
    match = re.fullmatch(r"(?i)(?:the |a )?(\d{1,2})(?:st|nd|rd|th) century", phrase)
    if match:  # a century, in TimeML's form: "19" for the 20th century
        return f"{int(match.group(1)) - 1:02d}"
    if re.fullmatch(r"(?i)(?:the )?(?:last|past) decade", phrase):
        return f"{dct.year // 10 - 1}" if dct else ""
    return None


def _relative_day(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    word = phrase.lower()
    if word in offsets:
        return (dct + dt.timedelta(days=offsets[word])).isoformat() if dct else ""
    match = re.fullmatch(
        rf"(?i)(?:(last|next|this|past|coming) )?({WEEKDAY})(?: (morning|afternoon|evening|night))?", phrase
    )
    if not match:
        return None
    if not dct:
        return ""
    target = WEEKDAYS.index(match.group(2).lower())
    part = PARTS_OF_DAY.get((match.group(3) or "").lower(), "")
    modifier = (match.group(1) or "").lower()
    delta = (target - dct.weekday()) % 7
    ahead = modifier in ("next", "coming") or (future and modifier != "last")
    if ahead:
        days = delta or (7 if modifier in ("next", "coming") else 0)  # a report's own weekday is today
    else:
        days = delta - 7 if delta else (-7 if modifier == "last" else 0)
    return (dct + dt.timedelta(days=days)).isoformat() + part


PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}


def _relative_period(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    current = re.fullmatch(
        r"(?i)(?:(?:earlier|later) in )?(?:the )?(?:(?:current|present|this) )?(?:fiscal |calendar )?(year)"
        r"|(?:the )?(?:current|present|this) (?:fiscal )?(quarter)",
        phrase,
    )
    if current:  # "the current fiscal year", "earlier in the year", "the current quarter"
        if not dct:
            return ""
        return str(dct.year) if current.group(1) else f"{dct.year}-Q{_quarter_of(dct)}"
    match = re.fullmatch(
        r"(?i)(?:(?:earlier|later|early|late) )?(last|next|this|past|coming|the current|the previous) (week|month|year)",
        phrase,
    )
    if not match:
        return None
    if not dct:
        return ""
    step = {"last": -1, "past": -1, "the previous": -1, "next": 1, "coming": 1}.get(match.group(1).lower(), 0)
    return shift(dct, match.group(2).lower(), step)


def _ago(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    match = re.fullmatch(
        r"(?i)(?:almost |nearly |about |some |more than |less than |just |roughly |around )?(\d+|[a-z]+) (days?|weeks?|months?|years?) (ago|earlier|later|from now|hence)",
        phrase,
    )
    if not match:
        return None
    count = int(match.group(1)) if match.group(1).isdigit() else NUMBER_WORDS.get(match.group(1).lower())
    if not dct or count is None:
        return ""
    sign = -1 if match.group(3).lower() in ("ago", "earlier") else 1
    return shift(dct, UNITS[match.group(2).lower()], sign * count)


def _quarter(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "the third quarter" (the latest one not after the publication date), "the quarter" (the last one)."""
    match = re.fullmatch(
        rf"(?i)(?:(this|last|next) year's |the |this )?(?:({YEAR}) )?(?:(first|second|third|fourth|1st|2nd|3rd|4th)[- ])?(?:fiscal )?quarter(?: of ({YEAR}))?",
        phrase,
    )
    latest = re.fullmatch(
        r"(?i)(?:the )?(?:latest|past|last|previous|most recent|just-ended|recent) (?:fiscal )?quarter", phrase
    )
    if latest and dct:
        return quarter_after(dct.year, _quarter_of(dct), -1)
    if not match:
        return "" if latest else None
    modifier, year_before, ordinal, year_after = match.groups()
    if not (ordinal or phrase.lower() in ("the quarter", "this quarter", "quarter")):
        return None
    if year_before or year_after:
        return f"{year_before or year_after}-Q{ORDINALS[ordinal.lower()]}" if ordinal else None
    if not dct:
        return ""
    if not ordinal:  # "the quarter": the one just reported
        return quarter_after(dct.year, _quarter_of(dct), -1)
    number = ORDINALS[ordinal.lower()]
    shift_years = {"last": -1, "next": 1, "this": 0}.get((modifier or "").lower())
    if shift_years is not None:
        year = dct.year + shift_years
    else:
        year = dct.year - (number > _quarter_of(dct))
    return f"{year}-Q{number}"


def _half(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "the first half of 1990", "the last half of 1989", "the first two quarters of 1990" (1990-H1)."""
    match = re.fullmatch(rf"(?i)(?:(first|second|last) half|(first) two quarters)(?: of)? ({YEAR})", phrase)
    if not match:
        return None
    return f"{match.group(3)}-H{1 if (match.group(1) or match.group(2)).lower() == 'first' else 2}"


def _weekend(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Return the ISO week of a weekend ("2000-W15-WE"): the one under way or past, the coming one in future tense."""
    match = re.fullmatch(r"(?i)(?:(the|this|last|next) )?weekend", phrase)
    if not match:
        return None
    if not dct:
        return ""
    modifier = (match.group(1) or "").lower()
    on_weekend = dct.weekday() >= 5
    saturday = dct + dt.timedelta(days=5 - dct.weekday())  # of the publication date's week
    if modifier == "next" or (future and modifier != "last" and not on_weekend):
        day = saturday + dt.timedelta(days=7 if on_weekend else 0)
    elif on_weekend and modifier != "last":
        day = saturday
    else:
        day = saturday - dt.timedelta(days=7)
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}-WE"


def _whole_year(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    if not re.fullmatch(r"(?i)(?:the )?(?:full|whole|entire) year", phrase):
        return None
    return str(dct.year) if dct else ""


def _reference(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    refs = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "the present": "PRESENT_REF", "present": "PRESENT_REF",
            "recently": "PAST_REF", "the past": "PAST_REF", "past": "PAST_REF", "the future": "FUTURE_REF",
            "future": "FUTURE_REF", "near future": "FUTURE_REF", "the near future": "FUTURE_REF",
            "a later date": "FUTURE_REF", "later date": "FUTURE_REF"}  # fmt: skip
    if re.fullmatch(r"(?i)(?:future|coming|upcoming) (?:weeks|months|quarters|years)", phrase):
        return "FUTURE_REF"
    if re.fullmatch(r"(?i)(?:the )?(?:past|last|previous) (?:several|few) (?:weeks|months|quarters|years)", phrase):
        return "PAST_REF"
    return refs.get(phrase.lower())


RULES = (
    _iso_day,
    _month_relative,
    _month_year,
    _season,
    _holiday,
    _year,
    _relative_day,
    _relative_period,
    _ago,
    _quarter,
    _half,
    _weekend,
    _whole_year,
    _reference,
)


def shift(day: dt.date, unit: str, step: int) -> str:
    """Return the ISO value of the period `step` units away from day."""
    if unit == "day":
        return (day + dt.timedelta(days=step)).isoformat()
    if unit == "week":
        year, week, _ = (day + dt.timedelta(weeks=step)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        return month_after(day.year, day.month, step)
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
        cost = abs(delta) * (1.0 if (delta <= 0) != future else FUTURE_WEIGHT)
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
    text = text_of(doc)
    timexes = [Timex(s, e, text[s:e], v) for s, e, v in date_mentions(text, spans, dct)]
    groups: dict[str, list[Mention]] = {}
    for t in timexes:
        value = (t.value or "").split("T", 1)[0]  # "2000-01-05TEV": the day, for the facet
        if is_facet_value(value):
            groups.setdefault(value, []).append(Mention(t.start, t.end, t.text))
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
    found: list[tuple[int, int, str | None]] = []
    quarter: str | None = None  # the latest quarter named: "a year ago" compares with it
    for start, end in merged:
        context = clause(text, start, end)
        value = normalize_date(text[start:end], dct, context)
        phrase = clean_phrase(text[start:end])
        if YEAR_AGO.fullmatch(phrase):
            value = f"{int(quarter[:4]) - 1}{quarter[4:]}" if quarter else (str(dct.year - 1) if dct else None)
        elif YEAR_PERIOD.fullmatch(phrase):  # "the 1988 quarter": that year's quarter of the one discussed
            value = phrase[:4] + (quarter[4:] if quarter else "")
        elif ANAPHORIC.fullmatch(phrase):  # "that year", "the following month": the period last named
            value = anaphoric(phrase, found)
        parts = [] if value is not None else _parts(text, start, end, dct, context)
        if parts or value is not None or not NOT_A_DATE.fullmatch(text[start:end].strip()):
            found.extend(parts or [(start, end, value)])
        quarter = next((v for _, _, v in reversed(found) if v and "-Q" in v), quarter)
    return found


ANAPHORIC = re.compile(r"(?i)(?:(?:earlier|later) )?(?:in )?(?:the )?(that|following) (year|quarter|month)")


def anaphoric(phrase: str, found: list[tuple[int, int, str | None]]) -> str | None:
    """Return the period an anaphoric expression points to: the latest one named before it of that width."""
    match = ANAPHORIC.fullmatch(phrase)
    if match is None:
        return None
    which, unit = match.group(1).lower(), match.group(2).lower()
    shape = {"year": r"\d{4}", "quarter": r"\d{4}-Q[1-4]", "month": r"\d{4}-\d\d"}[unit]
    latest = next((v for _, _, v in reversed(found) if v and re.match(shape, v)), None)
    if latest is None:
        return None
    step = 1 if which == "following" else 0
    if unit == "year":
        return str(int(latest[:4]) + step)
    if unit == "quarter":
        return quarter_after(int(latest[:4]), int(latest[6]), step)
    return month_after(int(latest[:4]), int(latest[5:7]), step)


NOT_A_DATE = re.compile(
    r"(?i)(?:\d+|[a-z]+)[- ]years?[- ]old|daily|weekly|monthly|quarterly|annual(?:ly)?|yearly|nightly|\d{1,3}"
    r"|(?:the )?(?:first |past |last |next |previous |coming |recent |several |few |many |\d+ |[a-z]+ )*(?:days|weeks|months|years|decades|centuries)"
)
YEAR_PERIOD = re.compile(rf"{YEAR} (?:quarter|period)")
YEAR_AGO = re.compile(r"(?i)(?:a |one )?year[- ](?:ago|earlier)(?: (?:quarter|period))?|year-(?:ago|earlier)")


def clause(text: str, start: int, end: int) -> str:
    """Return the words around a date expression up to the sentence's ends, which carry its tense."""
    before = text[max(0, start - 100) : start]
    cut = max((m.end() for m in CLAUSE_END.finditer(before)), default=0)
    after = text[end : end + 60]
    stop = CLAUSE_END.search(after)
    return before[cut:] + text[start:end] + (after[: stop.start()] if stop else after)


def _parts(text: str, start: int, end: int, dct: dt.date | None, context: str) -> list[tuple[int, int, str | None]]:
    """Return the readable expressions inside a span the rules cannot read whole ("between 1994 and 1997")."""
    piece = text[start:end]
    spans = list(find_date_spans(piece)) + [(m.start(), m.end()) for m in re.finditer(rf"\b{YEAR}\b", piece)]
    parts: list[tuple[int, int, str | None]] = []
    for s, e in sorted(spans, key=lambda p: (p[0], p[0] - p[1])):
        if parts and s < parts[-1][1] - start:
            continue
        value = normalize_date(piece[s:e], dct, context)
        if value:
            parts.append((start + s, start + e, value))
    return parts
