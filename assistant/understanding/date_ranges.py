"""Days said the short way: stretches ("between jan 10 and 15", "nov 2-6", "the 4th thru the 8th of jan", "mon-wed
of the week of 2/5"), weekdays said together as a schedule ("tues and thurs", "mon/wed") and days written with a dot
("by 11.17").

A stretch starts on its first day and is due on its last; a second day without a month ("15") is in the first day's
month; a first day without a month ("the 4th") is in the second day's. A day with a dot is read only where a deadline
is said ("by 11.17", "due 3.4"), never after a change ("grow by 2.5"), where a decimal would be.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.understanding.date_meaning import _WD, _Core, _safe_date
from assistant.understanding.day_pairs import _BARE_DAY

# "jan 10 and 15", "nov 2-6", "3/4 thru 8": the last day of a stretch said without its month
_SPAN_WORDS = ("-", "–", "—", "to", "through", "thru", "until", "till")
# "tues and thurs", "mon/wed", "mon & wed": days of each week, not one deadline
_DAY_LIST = re.compile(rf"\.?\s*(?:/|&|\+|,\s*(?:and\s+)?|and|or|-|–|thru|through)\s*(?={_WD}\b)", re.IGNORECASE)
# "mon-wed of the week of 2/5": those days of that week
_DAYS_OF_WEEK = re.compile(
    rf"\b(?P<d1>{_WD})\.?\s*(?:-|–|thru|through|to)\s*(?P<d2>{_WD})\.?\s+(?:of|in|during)\s+$", re.IGNORECASE
)
# a single school day named a few words before "in the week of …" ("the Wednesday early-release day in")
_DAY_IN_WEEK = re.compile(
    r"\b(?:on\s+)?the\s+(?P<day>monday|tuesday|wednesday|thursday|friday)(?![\w'])"
    r"(?:\s+(?!(?:and|then|but|or|so|we|they|in|during)\b)[\w-]+){0,3}?\s+(?:in|during)\s+$",
    re.IGNORECASE,
)
_NEXT_DAY = re.compile(rf"{_WD}\b\.?", re.IGNORECASE)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def bare_last_day(work: str, m: re.Match[str], sep: re.Match[str], between: bool) -> tuple[int, int] | None:
    """The day number that ends "jan 10 and 15" or "nov 2-6" and where its words end; None when the words after the
    separator are not a lone day of the same month."""
    if not (m.group("md") or m.group("dm") or m.group("us2")):
        return None
    word = (sep.group("dash") or sep.group("word") or "").lower()
    if word not in _SPAN_WORDS and not (between and word == "and"):
        return None
    bare = _BARE_DAY.match(work, sep.end())
    if bare is None:
        return None
    return int(bare.group("d")), bare.end()


def last_of_month_span(first: date, last_day: int) -> date | None:
    """The last day of a stretch inside the first day's month: "nov 2-6" ends Nov 6; "nov 6-2" is no stretch."""
    last = _safe_date(first.year, first.month, last_day)
    return last if last is not None and last > first else None


def first_in_month_of(m: re.Match[str], second: _Core, m2: re.Match[str], today: date) -> _Core | None:
    """ "the 4th thru the 8th of jan": the first day read in the second day's month ("the 4th thru the 8th": in the
    next month whose 8th is still to come); None for any other pair."""
    if not m.group("od") or not (
        m2.group("md") or m2.group("dm") or m2.group("us2") or m2.group("us3") or m2.group("od")
    ):
        return None
    day = int(m.group("od_d"))
    lasts = [option[0] for option in second.options if not m2.group("od") or option[0] >= today]
    options = [
        (first, first)
        for last in lasts
        if (first := _safe_date(last.year, last.month, day)) is not None and first < last
    ]
    return _Core("day", options, needs_cue=True, invalid=not options)


def day_list_end(work: str, m: re.Match[str]) -> int | None:
    """Where a weekday said with others ends ("tues and thurs", "mon/wed/fri"): a schedule, not a deadline; None
    for a weekday said alone."""
    if not m.group("wd") or m.group("wd_rel"):
        return None
    end = None
    while (sep := _DAY_LIST.match(work, end or m.end())) and (day := _NEXT_DAY.match(work, sep.end())):
        end = day.end()
    return end


def days_of_week(window: str, monday: date) -> tuple[int, date | None, date] | None:
    """ "mon-wed of the week of …" (where the days are said, the first and the last) or "the Wednesday … in the week
    of …" (where the day is said, no start, that day); None when the words name no day of the week."""
    named = _DAY_IN_WEEK.search(window)
    if named:
        day = _WEEKDAYS.index(named.group("day").lower()[:3])
        return named.start(), None, monday + timedelta(days=day)
    found = _DAYS_OF_WEEK.search(window)
    if found is None:
        return None
    first, last = (_WEEKDAYS.index(found.group(g).lower()[:3]) for g in ("d1", "d2"))
    if last <= first:
        return None
    return found.start(), monday + timedelta(days=first), monday + timedelta(days=last)


_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|before|due(?:\s+(?:by|on|date))?|deadline(?:\s+is)?|nlt|no\s+later\s+than|on\s+or\s+before|cob|eod)"
    rf"\s*[:,]?\s*(?:{_WD}\.?,?\s+)?$",
    re.IGNORECASE,
)
_CHANGE_BEFORE = re.compile(
    r"\b(?:increase|decrease|grow|rais|reduc|improv|drop|cut|gain|lower|boost|rise|rose|fall|fell|move|go|went|up|down|"
    r"jump|climb|shrink|average|score)\w*\b(?:\s+[\w%-]+){0,4}\s+(?:by|before)\s*$",
    re.IGNORECASE,
)


def dotted_day_said(work: str, m: re.Match[str], answer: bool) -> bool:
    """Whether "11.17" is a day: after a deadline word, or as the whole answer to "by when?"."""
    before = work[max(0, m.start() - 60) : m.start()]
    if _CHANGE_BEFORE.search(before):
        return False
    whole_answer = answer and not work[: m.start()].strip(" ,:;")
    return whole_answer or _DEADLINE_BEFORE.search(before) is not None
