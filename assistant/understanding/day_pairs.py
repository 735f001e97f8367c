"""Two days said together for one event: "training jan 11 and 12", "Friday October 16 and Saturday October 17".

The event starts on the first day and is due on the last; days further apart than a week are two dates, not one
event ("drafts Feb 10 and Mar 3"), and a number followed by a noun is a count ("jan 11 and 12 teachers").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.understanding.date_meaning import _CORE, _WD, _interpret, _safe_date
from assistant.understanding.school_year import SchoolYear

_SEP = re.compile(rf"\s*(?:(?P<comma>,)\s*(?:and\s+)?|(?:and|&|\+)\s*)(?:{_WD}\.?,?\s+)?", re.IGNORECASE)
# "2 sessions", "both PD Fridays", "3 after-school sessions": days said as the meetings of one piece of work
_SESSIONS = re.compile(
    r"\b(?:sessions?|trainings|(?:two|2)-(?:part|day)|both\s+(?:\w+\s+)?(?:days|dates|sessions|(?:mon|tues|wednes|thurs|fri|satur)days))\b",
    re.IGNORECASE,
)
_SERIES = timedelta(days=42)
_BARE_DAY = re.compile(
    r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9/:.-]|\s*(?:%|am\b|pm\b))"
    r"(?=\s*(?:[.,;:!?)\]]|$)|\s+(?:which|when|where|are|is|were|will|at|in|on|for|with|and|to|from|so|then|we|"
    r"they|both|as|by|that|this|run|led)\b|\s+[-–—(])",
    re.IGNORECASE,
)
_LONGEST = timedelta(days=6)


def second_day(work: str, m: re.Match[str], first: date, year: SchoolYear) -> tuple[date, int] | None:
    """The last day of an event whose first day `m` names (read as `first`), and where its words end; None when
    the words after the day are not a later day close to it. Two days a week apart or less are one event ("jan 11
    and 12"); sessions of one month, or a list of days the answer calls sessions ("Nov 14 and Nov 21", "Sept 8 and
    Sept 22 (both PD Fridays)", "3 sessions (3/4, 3/11, 3/25)"), run from the first to the last."""
    if not (m.group("md") or m.group("dm") or m.group("us2")):
        return None
    sessions = _SESSIONS.search(work, max(0, m.start() - 60), min(len(work), m.end() + 80)) is not None
    found: tuple[date, int] | None = None
    end, latest = m.end(), first
    while (sep := _SEP.match(work, end)) is not None:
        if sep.group("comma") and not sessions:
            break
        nxt = _next_day(work, sep.end(), latest, year)
        if nxt is None:
            break
        last, end = nxt
        span = last - first
        together = timedelta(days=1) <= span <= _LONGEST
        series = (sessions or last.month == first.month) and last > latest and span <= _SERIES
        if not (together or series):
            break
        found, latest = (last, end), last
    return found


def _next_day(work: str, position: int, after: date, year: SchoolYear) -> tuple[date, int] | None:
    bare = _BARE_DAY.match(work, position)
    if bare:
        last = _safe_date(after.year, after.month, int(bare.group("d")))
        return (last, bare.end()) if last is not None else None
    m2 = _CORE.match(work, position)
    if m2 is None or not (m2.group("md") or m2.group("dm") or m2.group("us2")):
        return None
    second = _interpret(m2, after, year)
    if second is None or second.invalid or second.kind != "day":
        return None
    last = min((d for d, _ in second.options if d > after), default=None)
    return (last, m2.end()) if last is not None else None
