"""ISO dates at the precision given, "2022", "2022-06" or "2022-06-01", read as the days they span."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateutil.relativedelta import relativedelta

ISO_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?")


def period(value: str) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day of an ISO day, month or year, or None when the value is none of them."""
    match = ISO_DATE.fullmatch(value)
    if match is None:
        return None
    try:
        first = dt.date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    except ValueError:  # "2022-13", "0000", "2022-02-30"
        return None
    if match["day"]:
        return first, first
    return first, first + (relativedelta(day=31) if match["month"] else relativedelta(month=12, day=31))


@lru_cache(maxsize=8192)
def day_range(value: str) -> tuple[int, int] | None:
    """Return the first and last day ordinals of an ISO day, month or year, or None when it is none of them
    (remembered: a search's charts ask for the same periods' days again and again)."""
    days = period(value)
    return None if days is None else (days[0].toordinal(), days[1].toordinal())
