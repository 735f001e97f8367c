"""A day named by its place in a month: "the 2nd tuesday in feb", "first monday of march", "the last friday in may"."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from assistant.understanding.date_meaning import _MONTH_INDEX

_DAYS = {calendar.day_abbr[i].lower(): i for i in range(7)}
_ORDINAL = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4, "last": -1}
_NTH = re.compile(
    r"\b(?P<n>1st|first|2nd|second|3rd|third|4th|fourth|last)\s+(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+"
    r"(?:in|of)\s+(?P<mo>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


def _day_in(year: int, month: int, weekday: int, n: int) -> date:
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def nth_weekday(text: str, today: date) -> date | None:
    """The next such day on or after `today` that `text` names ("its the 2nd tuesday in feb"); None for none."""
    m = _NTH.search(text)
    if m is None:
        return None
    month, weekday = _MONTH_INDEX[m.group("mo")[:3].lower()], _DAYS[m.group("wd")[:3].lower()]
    n = _ORDINAL[m.group("n").lower()]
    day = _day_in(today.year, month, weekday, n)
    return day if day >= today else _day_in(today.year + 1, month, weekday, n)
