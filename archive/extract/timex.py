"""The value of one date expression (a TIMEX), read against a publication day.

Each rule reads one kind of expression (a phrase cleaned of prepositions) against a publication
day and answers None when the phrase is not its kind, UNRESOLVED when it is but cannot be placed
(no publication date, no such day), or the ISO / TimeML value. The first rule that answers decides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateutil.easter import easter
from dateutil.relativedelta import MO, TH, TU, relativedelta

UNRESOLVED = ""  # a rule's answer for an expression it reads but cannot place: no other rule tries it

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
DECADE_WORDS = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
UNIT_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
DAY_OFFSETS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
YEAR_STEPS = {"last": -1, "this": 0, "next": 1}
PERIOD_STEPS = {"last": -1, "past": -1, "the previous": -1, "next": 1, "coming": 1}
REFERENCES = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "the present": "PRESENT_REF", "present": "PRESENT_REF",
              "recently": "PAST_REF", "the past": "PAST_REF", "past": "PAST_REF", "the future": "FUTURE_REF",
              "future": "FUTURE_REF", "near future": "FUTURE_REF", "the near future": "FUTURE_REF",
              "a later date": "FUTURE_REF", "later date": "FUTURE_REF"}  # fmt: skip
# Each holiday from January 1 of its year (US dates for Thanksgiving, Labor, Memorial and Election Day).
HOLIDAYS = {
    "thanksgiving": relativedelta(month=11, weekday=TH(4)),
    "labor": relativedelta(month=9, weekday=MO(1)),
    "memorial": relativedelta(month=5, day=31, weekday=MO(-1)),
    "election": relativedelta(month=11, day=2, weekday=TU(1)),  # the Tuesday after the first Monday
    "christmas": relativedelta(month=12, day=25),
    "christmas eve": relativedelta(month=12, day=24),
    "new year's": relativedelta(month=1, day=1),
    "new year's eve": relativedelta(month=12, day=31),
    "independence": relativedelta(month=7, day=4),
    "halloween": relativedelta(month=10, day=31),
    "valentine's": relativedelta(month=2, day=14),
}
EASTER_OFFSETS = {"easter": 0, "good friday": -2}  # days from Easter Sunday

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
HOLIDAY = (
    r"(?:Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Independence Day|Labor Day"
    r"|Memorial Day|Election Day|Easter(?: Sunday)?|Good Friday|Halloween|Valentine's Day)"
)
FUTURE = re.compile(
    r"\b(will|shall|'ll|next|coming|upcoming|scheduled|(?:plans?|planned|planning|set|due|expected) to"
    r"|as (?:early|soon) as)\b",
    re.I,
)
FUTURE_WEIGHT = 2.0  # how much less likely the future is than the past, tense aside
COUNT = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|several|few|many|some)"
)
DURATION = re.compile(
    r"^(?:the )?(?:past |last |next |first |coming |recent )?"
    rf"(?:{COUNT} )?{COUNT}[- ](?:day|week|month|year|decade)s?(?:-long| long)?$",
    re.I,
)
NOT_DATES = re.compile(r"[$%£€¥]|\d[.,]\d|\bper\b", re.I)
SPELLED_YEAR = re.compile(
    rf"(?i)\b(?:(?P<century>nineteen|eighteen) (?:(?P<tens>{'|'.join(TENS)})(?:[- ](?P<unit>{'|'.join(UNIT_WORDS)}))?"
    rf"|(?P<teen>{'|'.join(TEENS)})|hundred)"
    rf"|(?:the year )?two thousand(?: and (?P<unit_2000>{'|'.join(UNIT_WORDS)}))?)\b"
)
SPACES = re.compile(r"\s+")
LEADING_PREPOSITION = re.compile(r"(?i)^(?:on|in|by|since|until|from|at|of|during|for|the|about|around)\s+")
LEADING_PART = re.compile(r"(?i)^(?:the )?(?:early|mid|late|end of|beginning of|start of)[- ]")
LEADING_WEEKDAY = re.compile(rf"^{WEEKDAY},? (?={MONTH} )")  # "Saturday, April 25": the date says it all
POSSESSIVE = re.compile(r"(?i)'s$")

# The rules' patterns, matched against a whole cleaned phrase.
ISO_DAY = re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)")
MONTH_DAY = re.compile(rf"(?P<month>{MONTH}) (?P<day>{DAY}),?(?: (?P<year>{YEAR}))?")
DAY_MONTH = re.compile(rf"(?P<day>{DAY}) (?P<month>{MONTH}),?(?: (?P<year>{YEAR}))?")
MONTH_RELATIVE = re.compile(
    rf"(?i)(?P<modifier>last|this|next) (?P<month>{MONTH})"  # "last November"
    rf"|(?P<month_of>{MONTH}),? (?P<year_modifier>last|this|next) year"  # "April next year"
)
MONTH_YEAR = re.compile(rf"(?P<month>{MONTH}),?(?: of)?(?: (?P<year>{YEAR}))?")
SEASON = re.compile(
    r"(?i)(?:(?P<modifier>last|this|next|the) )?(?P<season>spring|summer|fall|autumn|winter)"
    rf"(?: of (?P<year>{YEAR}))?"
)
HOLIDAY_PHRASE = re.compile(rf"(?:(?P<modifier>last|next|this) )?(?P<name>{HOLIDAY})(?:,? (?P<year>{YEAR}))?")
YEAR_PHRASE = re.compile(rf"(?:(?:fiscal|calendar|the year|year) )?(?P<year>{YEAR})", re.I)
DECADE = re.compile(r"(?:the )?(?P<decade>1[89]\d|20\d)0'?s|(?:the )?'(?P<decade_in_1900s>[0-9])0s")
DECADE_WORD = re.compile(rf"(?i)(?:the )?(?P<decade>{'|'.join(DECADE_WORDS)})")
CENTURY = re.compile(r"(?i)(?:the |a )?(?P<century>\d{1,2})(?:st|nd|rd|th) century")
LAST_DECADE = re.compile(r"(?i)(?:the )?(?:last|past) decade")
WEEKDAY_PHRASE = re.compile(
    rf"(?i)(?:(?P<modifier>last|next|this|past|coming) )?(?P<weekday>{WEEKDAY})"
    rf"(?: (?P<part>{'|'.join(PARTS_OF_DAY)}))?"
)
CURRENT_PERIOD = re.compile(
    r"(?i)(?:(?:earlier|later) in )?(?:the )?(?:(?:current|present|this) )?(?:fiscal |calendar )?(?P<year>year)"
    r"|(?:the )?(?:current|present|this) (?:fiscal )?(?P<quarter>quarter)"
)
RELATIVE_PERIOD = re.compile(
    r"(?i)(?:(?:earlier|later|early|late) )?"
    r"(?P<modifier>last|next|this|past|coming|the current|the previous) (?P<unit>week|month|year)"
)
AGO = re.compile(
    r"(?i)(?:almost |nearly |about |some |more than |less than |just |roughly |around )?"
    r"(?P<count>\d+|[a-z]+) (?P<unit>days?|weeks?|months?|years?) (?P<direction>ago|earlier|later|from now|hence)"
)
QUARTER = re.compile(
    rf"(?i)(?:(?P<modifier>this|last|next) year's |the |this )?(?:(?P<year_before>{YEAR}) )?"
    r"(?:(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[- ])?(?:fiscal )?quarter"
    rf"(?: of (?P<year_after>{YEAR}))?"
)
LATEST_QUARTER = re.compile(
    r"(?i)(?:the )?(?:latest|past|last|previous|most recent|just-ended|recent) (?:fiscal )?quarter"
)
HALF = re.compile(
    rf"(?i)(?:(?P<half>first|second|last) half|(?P<quarters>first) two quarters)(?: of)? (?P<year>{YEAR})"
)
WEEKEND = re.compile(r"(?i)(?:(?P<modifier>the|this|last|next) )?weekend")
WHOLE_YEAR = re.compile(r"(?i)(?:the )?(?:full|whole|entire) year")
FUTURE_PERIODS = re.compile(r"(?i)(?:future|coming|upcoming) (?:weeks|months|quarters|years)")
PAST_PERIODS = re.compile(r"(?i)(?:the )?(?:past|last|previous) (?:several|few) (?:weeks|months|quarters|years)")

Rule = Callable[[str, dt.date | None, bool], str | None]


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower().rstrip(".")[:3])


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _checked(year: int, month: int, day: int) -> str:
    found = _date(year, month, day)
    return found.isoformat() if found else UNRESOLVED


def _nearest(dct: dt.date | None, future: bool, make: Callable[[int], dt.date | None], width: int) -> str:
    """Return the candidate nearest the publication date; the past is likelier unless the tense is future."""
    if dct is None:
        return UNRESOLVED
    best: tuple[float, dt.date] | None = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        day = make(year)
        if day is None:
            continue
        delta = (day - dct).days
        cost = abs(delta) * (1.0 if (delta <= 0) != future else FUTURE_WEIGHT)
        if best is None or cost < best[0]:
            best = (cost, day)
    return best[1].isoformat()[:width] if best else UNRESOLVED


def _quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_after(year: int, quarter: int, step: int) -> str:
    """Return the quarter `step` quarters from a year's quarter, as "YYYY-Qn"."""
    start = dt.date(year, 3 * quarter - 2, 1) + relativedelta(months=3 * step)
    return f"{start.year}-Q{_quarter_of(start)}"


def month_after(year: int, month: int, step: int) -> str:
    """Return the month `step` months from a year's month, as "YYYY-MM"."""
    start = dt.date(year, month, 1) + relativedelta(months=step)
    return f"{start.year}-{start.month:02d}"


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


def spelled_years(phrase: str) -> str:
    """Return the phrase with years written in words as digits ("nineteen ninety-six" -> "1996")."""

    def digits(match: re.Match[str]) -> str:
        if match["century"] is None:
            return str(2000 + (UNIT_WORDS.index(match["unit_2000"].lower()) + 1 if match["unit_2000"] else 0))
        base = 1900 if match["century"].lower() == "nineteen" else 1800
        if match["teen"]:
            return str(base + 10 + TEENS.index(match["teen"].lower()))
        if match["tens"]:
            unit = match["unit"]
            return str(base + TENS[match["tens"].lower()] + (UNIT_WORDS.index(unit.lower()) + 1 if unit else 0))
        return str(base)

    return SPELLED_YEAR.sub(digits, phrase)


def clean_phrase(text: str) -> str:
    """Return the expression without leading prepositions, articles and trailing noise."""
    phrase = spelled_years(SPACES.sub(" ", text).strip(" ,.;:'\"()"))
    phrase = LEADING_PREPOSITION.sub("", phrase)
    phrase = LEADING_PART.sub("", phrase)
    phrase = LEADING_WEEKDAY.sub("", phrase)
    return POSSESSIVE.sub("", phrase).strip()


def _day(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "2022-05-31", "May 31", "31 May 2022": a day without a year is the nearest one."""
    match = ISO_DAY.fullmatch(phrase)
    if match:
        return _checked(int(match["year"]), int(match["month"]), int(match["day"]))
    match = MONTH_DAY.fullmatch(phrase) or DAY_MONTH.fullmatch(phrase)
    if not match:
        return None
    month, day = _month(match["month"]), int(re.sub(r"\D", "", match["day"]))
    if month is None:
        return None
    if match["year"]:
        return _checked(int(match["year"]), month, day)
    return _nearest(dct, future, lambda y: _date(y, month, day), 10)


def _month_relative(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "last November", "this March", "April next year", "February this year"."""
    match = MONTH_RELATIVE.fullmatch(phrase)
    if not match:
        return None
    word = match["month"] or match["month_of"]
    month = _month(word)
    if month is None or not word[:1].isupper():
        return None
    if not dct:
        return UNRESOLVED
    if match["modifier"]:  # "last November": the latest November before this month
        modifier = match["modifier"].lower()
        year = (
            dct.year - (month >= dct.month)
            if modifier == "last"
            else dct.year + (month <= dct.month)
            if modifier == "next"
            else dct.year
        )
    else:  # "April next year"
        year = dct.year + YEAR_STEPS[match["year_modifier"].lower()]
    return f"{year}-{month:02d}"


def _month_year(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "March 1987", "March": a month without a year is the nearest one."""
    match = MONTH_YEAR.fullmatch(phrase)
    if not match:
        return None
    month = _month(match["month"])
    if month is None:
        return None
    if match["year"]:
        return f"{match['year']}-{month:02d}"
    return _nearest(dct, future, lambda y: _date(y, month, 15), 7)


def _season(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "last fall", "this summer", "the spring of 1998" as TimeML seasons (1998-FA)."""
    match = SEASON.fullmatch(phrase)
    if not match:
        return None
    code = SEASONS[match["season"].lower()]
    if match["year"]:
        return f"{match['year']}-{code}"
    if not dct:
        return UNRESOLVED
    modifier = (match["modifier"] or "this").lower()
    started = (dct.month >= SEASON_START[code]) or (code == "WI" and dct.month <= 2)
    year = dct.year - (code == "WI" and dct.month <= 2)
    if modifier == "last":
        year -= 1
    elif modifier == "next":
        year += 1 if started else 0
    return f"{year}-{code}"


def _holiday_date(name: str, year: int) -> dt.date:
    """Return the day a holiday falls on in a year."""
    key = re.sub(r"(?i)\s+(?:day|sunday)$", "", name).lower()
    if key in EASTER_OFFSETS:
        return easter(year) + dt.timedelta(days=EASTER_OFFSETS[key])
    return dt.date(year, 1, 1) + HOLIDAYS[key]


def _holiday(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "Thanksgiving", "last Christmas", "Easter 1998": the nearest one, past unless the tense says future."""
    match = HOLIDAY_PHRASE.fullmatch(phrase)
    if not match:
        return None
    modifier, name = match["modifier"], match["name"]
    if match["year"]:
        return _holiday_date(name, int(match["year"])).isoformat()
    if not dct:
        return UNRESOLVED
    if modifier in ("last", "next"):
        this_year = _holiday_date(name, dct.year)
        if modifier == "last":
            return _holiday_date(name, dct.year - (this_year >= dct)).isoformat()
        return _holiday_date(name, dct.year + (this_year <= dct)).isoformat()
    return _nearest(dct, future or modifier == "this", lambda y: _holiday_date(name, y), 10)


def _year(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read years, decades and centuries ("fiscal 1998", "the 1990s", "the nineties", "the 20th century")."""
    match = YEAR_PHRASE.fullmatch(phrase)
    if match:
        return match["year"]
    match = DECADE.fullmatch(phrase)
    if match:  # a decade, in TimeML's form: "199" for the 1990s
        return match["decade"] or "19" + match["decade_in_1900s"]
    match = DECADE_WORD.fullmatch(phrase)
    if match:
        return f"19{DECADE_WORDS.index(match['decade'].lower()) + 2}"
    match = CENTURY.fullmatch(phrase)
    if match:  # a century, in TimeML's form: "19" for the 20th century
        return f"{int(match['century']) - 1:02d}"
    if LAST_DECADE.fullmatch(phrase):
        return f"{dct.year // 10 - 1}" if dct else UNRESOLVED
    return None


def _relative_day(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "yesterday", "Friday", "last Tuesday", "Monday morning": the past unless the tense says future."""
    word = phrase.lower()
    if word in DAY_OFFSETS:
        return (dct + dt.timedelta(days=DAY_OFFSETS[word])).isoformat() if dct else UNRESOLVED
    match = WEEKDAY_PHRASE.fullmatch(phrase)
    if not match:
        return None
    if not dct:
        return UNRESOLVED
    target = WEEKDAYS.index(match["weekday"].lower())
    part = PARTS_OF_DAY.get((match["part"] or "").lower(), "")
    modifier = (match["modifier"] or "").lower()
    delta = (target - dct.weekday()) % 7
    ahead = modifier in ("next", "coming") or (future and modifier != "last")
    if ahead:
        days = delta or (7 if modifier in ("next", "coming") else 0)  # a report's own weekday is today
    else:
        days = delta - 7 if delta else (-7 if modifier == "last" else 0)
    return (dct + dt.timedelta(days=days)).isoformat() + part


def _relative_period(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "the current fiscal year", "earlier in the year", "the current quarter", "last week", "next month"."""
    current = CURRENT_PERIOD.fullmatch(phrase)
    if current:
        if not dct:
            return UNRESOLVED
        return str(dct.year) if current["year"] else f"{dct.year}-Q{_quarter_of(dct)}"
    match = RELATIVE_PERIOD.fullmatch(phrase)
    if not match:
        return None
    if not dct:
        return UNRESOLVED
    return shift(dct, match["unit"].lower(), PERIOD_STEPS.get(match["modifier"].lower(), 0))


def _ago(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "two years ago", "three weeks earlier", "a month later"."""
    match = AGO.fullmatch(phrase)
    if not match:
        return None
    count = int(match["count"]) if match["count"].isdigit() else NUMBER_WORDS.get(match["count"].lower())
    if not dct or count is None:
        return UNRESOLVED
    sign = -1 if match["direction"].lower() in ("ago", "earlier") else 1
    return shift(dct, UNITS[match["unit"].lower()], sign * count)


def _quarter(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "the third quarter" (the latest one not after the publication date), "the quarter" (the last one)."""
    match = QUARTER.fullmatch(phrase)
    latest = LATEST_QUARTER.fullmatch(phrase)
    if latest and dct:
        return quarter_after(dct.year, _quarter_of(dct), -1)
    if not match:
        return UNRESOLVED if latest else None
    ordinal, year = match["ordinal"], match["year_before"] or match["year_after"]
    if not (ordinal or phrase.lower() in ("the quarter", "this quarter", "quarter")):
        return None
    if year:
        return f"{year}-Q{ORDINALS[ordinal.lower()]}" if ordinal else None
    if not dct:
        return UNRESOLVED
    if not ordinal:  # "the quarter": the one just reported
        return quarter_after(dct.year, _quarter_of(dct), -1)
    number = ORDINALS[ordinal.lower()]
    step = YEAR_STEPS.get((match["modifier"] or "").lower())
    if step is None:
        return f"{dct.year - (number > _quarter_of(dct))}-Q{number}"
    return f"{dct.year + step}-Q{number}"


def _half(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read "the first half of 1990", "the last half of 1989", "the first two quarters of 1990" (1990-H1)."""
    match = HALF.fullmatch(phrase)
    if not match:
        return None
    return f"{match['year']}-H{1 if (match['half'] or match['quarters']).lower() == 'first' else 2}"


def _weekend(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Return the ISO week of a weekend ("2000-W15-WE"): the one under way or past, the coming one in future tense."""
    match = WEEKEND.fullmatch(phrase)
    if not match:
        return None
    if not dct:
        return UNRESOLVED
    modifier = (match["modifier"] or "").lower()
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
    """Read "the full year": the publication year."""
    if not WHOLE_YEAR.fullmatch(phrase):
        return None
    return str(dct.year) if dct else UNRESOLVED


def _reference(phrase: str, dct: dt.date | None, future: bool) -> str | None:
    """Read vague references: "now", "recently", "the near future", "coming quarters"."""
    if FUTURE_PERIODS.fullmatch(phrase):
        return "FUTURE_REF"
    if PAST_PERIODS.fullmatch(phrase):
        return "PAST_REF"
    return REFERENCES.get(phrase.lower())


RULES: tuple[Rule, ...] = (
    _day,
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


def normalize_date(text: str, dct: dt.date | None, context: str = "") -> str | None:
    """Return the ISO value of a date expression (2022-05-31, 2022-05, 2022, 2022-W21, 2022-Q1), or None."""
    phrase = clean_phrase(text)
    if not phrase or NOT_DATES.search(phrase) or DURATION.match(phrase):
        return None
    future = bool(FUTURE.search(context))
    for rule in RULES:
        try:
            value = rule(phrase, dct, future)
        except (OverflowError, ValueError):  # a period past the calendar's ends: "50000 months ago"
            return None
        if value is not None:
            return None if value == UNRESOLVED else value
    return None
