"""Two days said together for one event: "training jan 11 and 12", "Friday October 16 and Saturday October 17".

The event starts on the first day and is due on the last; days further apart than a week are two dates, not one
event ("drafts Feb 10 and Mar 3"), and a number followed by a noun is a count ("jan 11 and 12 teachers").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.understanding.date_meaning import _CORE, _WD, _interpret, _safe_date
from assistant.understanding.school_year import SchoolYear

_SEP = re.compile(rf"\s*(?:and|&)\s+(?:{_WD}\.?,?\s+)?", re.IGNORECASE)
_BARE_DAY = re.compile(
    r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9/:.-]|\s*(?:%|am\b|pm\b))"
    r"(?=\s*(?:[.,;:!?)\]]|$)|\s+(?:which|when|where|are|is|were|will|at|in|on|for|with|and|to|from|so|then|we|"
    r"they|both|as|by|that|this|run|led)\b|\s+[-–—(])",
    re.IGNORECASE,
)
_LONGEST = timedelta(days=6)


def second_day(work: str, m: re.Match[str], first: date, year: SchoolYear) -> tuple[date, int] | None:
    """The last day of a two-day event whose first day `m` names (read as `first`), and where its words end; None
    when the words after the day are not a second day close to it."""
    if not (m.group("md") or m.group("dm")):
        return None
    sep = _SEP.match(work, m.end())
    if sep is None:
        return None
    last: date | None
    bare = _BARE_DAY.match(work, sep.end())
    if bare:
        last, end = _safe_date(first.year, first.month, int(bare.group("d"))), bare.end()
    else:
        m2 = _CORE.match(work, sep.end())
        second = _interpret(m2, first, year) if m2 and (m2.group("md") or m2.group("dm")) else None
        if m2 is None or second is None or second.invalid or second.kind != "day":
            return None
        last, end = min((d for d, _ in second.options if d > first), default=None), m2.end()
    if last is None or not timedelta(days=1) <= last - first <= _LONGEST:
        return None
    return last, end
