"""Dates in what a team types: each date phrase found, read under its cue ("by", "starting", "in") into a start
or a due date, and the answer to "by when?".

How a phrase becomes a date:
- a day ("Jan 15", "1/29", "2027-01-29", "next Friday") is that day; without a year it is the next occurrence,
  preferring one inside the school year (a start date may lie up to a month in the past: work already begun);
- "by"/"before" a named month, season or school period means before it begins: "by spring" is Jan 15,
  "by October" is Sep 30, "by summer" is Jun 30, "before winter break" is Dec 19;
- "in", "during", "until", "through" or a bare period mean by its end: "in October" is Oct 31;
- relative periods ("next month", "this quarter", "next week"), with or without "by", mean by their end;
  a week ends on Friday; "the week of oct 5" is due that Friday and starts that Monday ("the Wednesday … in the
  week of oct 5" is that Wednesday); "friday the 26th" is the 26th that is a Friday;
- two days close together for one event ("jan 11 and 12") start on the first and are due on the last;
- a year named without a cue ("teachers for next year") says which year, not a deadline;
- "end of X", "beginning of X", "mid-X", "early X" (the 10th of a month), "late X" pick inside the period;
- "starting …", "beginning …", "from … to …" set the start (a period's first day);
- "within two weeks", "in 3 weeks", "in 10 school days" count from today;
- BOY, MOY and EOY (upper case, as in benchmark windows) are the year's first day, Jan 15 and its last day.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from assistant.errors import InputError
from assistant.understanding.calendar import school_calendar
from assistant.understanding.cleanup import ANALYSIS_LIMIT, _cap, _overlaps, _phrase, _prepare
from assistant.understanding.date_meaning import _CORE, _FULL_MONTHS, _MONTH_INDEX, _SUF, _WD, _Core, _interpret
from assistant.understanding.date_ranges import (
    bare_last_day,
    day_list_end,
    days_of_week,
    dotted_day_said,
    first_in_month_of,
    last_of_month_span,
)
from assistant.understanding.day_pairs import second_day
from assistant.understanding.nth_weekday import nth_weekday
from assistant.understanding.school_year import SchoolYear

# No real answer names more; past this a text is a pasted document and the first mentions are the ones that count.
MAX_DATE_MATCHES = 100

# A start date may name a day that has just passed ("starting September 1", said on Sep 10).
_START_SLACK = timedelta(days=31)

_CUE = re.compile(
    r"\b(?:"
    r"(?P<c_start>starting(?:\s+(?:on|in|at|from|the\s+week\s+of))?|start(?:s|ed)?(?:\s+(?:on|in|at|date|the\s+week\s+of))?|"
    r"beginning(?:\s+(?:on|in|at))?|begin(?:s|ning)?(?:\s+(?:on|in|at))?|commencing|effective|as\s+of|"
    r"kick(?:s|ing|ed)?\s+off(?:\s+(?:on|in|at))?|launch(?:es|ing|ed)?(?:\s+(?:on|in|at))?|"
    r"roll(?:s|ing|ed)?\s+(?:it\s+)?out(?:\s+(?:on|in|at))?)"
    r"|(?P<c_from>from)"
    r"|(?P<c_after>after|following)"
    r"|(?P<c_before>before|prior\s+to|ahead\s+of)"
    r"|(?P<c_by>no\s+later\s+than|not\s+later\s+than|at\s+the\s+latest\s+by|due\s+by|on\s+or\s+before|nlt|by|cob|eod|close\s+of\s+business)"
    r"|(?P<c_between>between)"
    r"|(?P<c_next>(?:in|within|over|during|for)\s+the\s+(?:next|coming|following))"
    r"|(?P<c_in>due(?:\s+date)?(?:\s+(?:is|on|in|at))?|deadline(?:\s+(?:is|of))?|end(?:s|ing)?(?:\s+(?:on|in|at))?|"
    r"until|till|til|up\s+to|through|thru|throughout|within|during|in|over|timeline|target\s+date)"
    r"|(?P<c_on>on|at)"
    r")\s*[:,]?\s*"
    # "by COB 1/26", "due EOD 3/4": the end of that day
    r"(?:(?:cob|eod|close\s+of\s+business|end\s+of\s+(?:the\s+)?(?:day|business))\s*[:,]?\s*(?:on\s+)?)?"
    rf"(?:(?:on\s+)?{_WD}\.?,?\s+|(?P<the>the\s+))?$",
    re.IGNORECASE,
)
_MOD = re.compile(
    r"(?:\b(?:the\s+)?(?:very\s+)?(?P<mod>end|close|beginning|start|middle)\s+of\s+|\b(?P<mid>mid)(?:\s*-\s*|\s+)|"
    r"\b(?P<el>early|late)(?:\s*-\s*|\s+))$",
    re.IGNORECASE,
)
_RANGE_SEP = re.compile(r"\s*(?:(?P<dash>-|–|—)|(?P<word>to|through|thru|until|till|and))\s*", re.IGNORECASE)
_SCORE_BEFORE = re.compile(
    r"\b(?:of|score[sd]?|rat(?:e|ed|io)|least|than|about|approximately|only|to|from|is|are|was|were|a|an)\s*$",
    re.IGNORECASE,
)
_US2_END = re.compile(r"\s*(?:[.,;!?)\]]|$)")
# "the refresher 9/24 in the library", "parent night 10/22 w/ interpreters", "PD 9/4 — coaches": a day, not a share
_US2_PLACE = re.compile(r"\s+(?:(?:in|at|during|with|for)\s|@|w/|[-–—+]\s|->|→)", re.IGNORECASE)
_OWNER_BY = re.compile(
    r"\b(?:led|owned|facilitated|coordinated|overseen|managed|run|organi[sz]ed|chaired|headed|delivered|conducted|"
    r"handled|supervised|driven|championed|spearheaded|presented|taught|hosted|completed|done|prepared|drafted|"
    r"written|created|developed|reviewed|approved|signed)\s*$",
    re.IGNORECASE,
)

_Cue = Literal["start", "from", "after", "before", "by", "between", "next", "in", "on"]


@dataclass
class _Hit:
    span: tuple[int, int]
    start: date | None = None
    due: date | None = None
    unparsed: bool = False
    exact: bool = False  # names a day ("by dec 4"), not a span or a lag ("in spring", "within 10 days")


def _cue_kind(m: re.Match[str] | None) -> _Cue | None:
    if m is None:
        return None
    for name in ("start", "from", "after", "before", "by", "between", "next", "in", "on"):
        if m.group(f"c_{name}"):
            return name
    return None


def _point(core: _Core, option: tuple[date, date], cue: _Cue | None, mod: str | None) -> date | None:
    """One candidate period under its cue and modifier; None when the combination has no sensible date."""
    first, last = option
    if mod:
        if mod in ("end", "close", "late"):
            return last
        if mod in ("beginning", "start"):
            return first
        if core.kind == "month":
            return first.replace(day=15 if mod in ("middle", "mid") else 10)
        if mod in ("middle", "mid"):
            return first + (last - first) // 2
        return first + (last - first) // 4  # early
    if core.kind == "duration":
        return first  # "after two weeks" and "in two weeks" are the same day
    if core.kind == "break":
        if cue in ("start", "from"):
            return first
        if cue in ("after", "in", "next"):
            return None  # how long the break lasts is not known
        return first - timedelta(days=1)
    if cue in ("start", "from", "between"):
        return first
    if cue == "after":
        return last + timedelta(days=1)
    if cue == "before":
        return first - timedelta(days=1)
    if cue == "by" and core.kind in ("month", "period"):
        return first - timedelta(days=1)
    if core.kind == "day":
        return first
    return last


def _choose(points: list[tuple[date, date]], threshold: date, year: SchoolYear) -> date | None:
    """Among (date, still-open-until) candidates, earliest first: the first still open at the threshold inside the
    plan year, else the first still open, else the last."""
    if len(points) == 1:
        return points[0][0]
    upcoming = [p for p, open_until in points if open_until >= threshold]
    for p in upcoming:
        if year.contains(p):
            return p
    if upcoming:
        return upcoming[0]
    return points[-1][0] if points else None


def _resolve(
    core: _Core, cue: _Cue | None, mod: str | None, today: date, year: SchoolYear, starting: bool = False
) -> date | None:
    points: list[tuple[date, date]] = []
    for option in core.options:
        point = _point(core, option, cue, mod)
        if point is None:
            continue
        if not starting:
            points.append((point, point))
        elif core.kind in ("day", "duration"):
            points.append((point, point + _START_SLACK))
        else:  # a period that is under way can still be started in ("start in the fall", said in September)
            points.append((point, option[1]))
    if not points:
        return None
    return _choose(points, today, year)


_SIMPLE_CUES = (
    r"(?:no\s+later\s+than|deadline(?:\s+is)?|due(?:\s+by|\s+on)?|by|before|until|till|on|starting(?:\s+(?:on|in))?|"
    r"beginning(?:\s+(?:on|in))?|from|through|in|after)"
)
_CUED_WORD = re.compile(
    rf"\b(?P<cue>{_SIMPLE_CUES})\s+(?P<w>[^\W\d_]{{3,15}})\.?(?:\s+(?P<n>[0-9]{{1,4}}){_SUF}?)?\b", re.IGNORECASE
)
_ANY_WORD = re.compile(
    rf"(?:\b(?P<cue>{_SIMPLE_CUES})\s+)?\b(?P<w>[^\W\d_]{{3,15}})\.?(?:\s+(?P<n>[0-9]{{1,4}}){_SUF}?)?\b", re.IGNORECASE
)
_CUED_COUNTER = re.compile(
    rf"\b{_SIMPLE_CUES}\s+(?:the\s+)?(?:end\s+of\s+)?(?:week|day|unit|cycle|session|module|round|phase)\s+[0-9]{{1,3}}\b",
    re.IGNORECASE,
)
_CUED_YEAR = re.compile(
    rf"\b{_SIMPLE_CUES}\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:fy|sy)\s*)?(?:19|20)[0-9]{{2}}"
    r"(?:\s*[-/]\s*(?:[0-9]{4}|[0-9]{2}))?\b(?![-/.][0-9])",
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    _FULL_MONTHS
    + [m[:3] for m in _FULL_MONTHS]
    + ["sept", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    + ["fall", "spring", "winter", "summer", "autumn", "today", "tomorrow", "tonight", "the", "next", "this"]
)


def _monthlike(word: str, has_number: bool) -> bool:
    """A word that is probably a misspelt month ("Febtober 40", "Septmber"); real months never get here."""
    lw = word.lower()
    if lw in _DATE_WORDS:
        return False
    prefix = lw[:3] in _MONTH_INDEX
    suffix = lw.endswith(("uary", "ember", "tober"))
    if has_number and (prefix or suffix):
        return True
    if len(lw) >= 5 and (prefix or suffix):
        return bool(difflib.get_close_matches(lw, _FULL_MONTHS, n=1, cutoff=0.8))
    return False


@dataclass
class _DateScan:
    hits: list[_Hit]
    unparsed: list[tuple[int, int]]

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [h.span for h in self.hits]


_QUOTED = re.compile(r"(?<!\w)['‘\"“]([^'’\"”\n]{2,40})['’\"”](?!\w)")


def _scan_dates(work: str, today: date, year: SchoolYear, answer: bool) -> _DateScan:
    hits: list[_Hit] = []
    pos = 0
    quoted = [m.span(1) for m in _QUOTED.finditer(work)]
    for _ in range(MAX_DATE_MATCHES):
        m = _CORE.search(work, pos)
        if m is None:
            break
        pos = m.end()
        try:
            hit = _date_hit(work, m, today, year, answer)
        except (ValueError, OverflowError):  # arithmetic beyond the calendar: treat as unreadable
            hit = _Hit(m.span(), unparsed=True)
        if hit is None or any(a <= hit.span[0] < b for a, b in quoted):
            continue  # "the 'math this week' text": a name in quotes, not a date
        hits.append(hit)
        pos = max(pos, hit.span[1])
    unparsed = [h.span for h in hits if h.unparsed]
    unparsed += _unparsed_words(work, answer, [h.span for h in hits])
    return _DateScan([h for h in hits if h.start or h.due], sorted(unparsed))


def _may_be_name(m: re.Match[str], mod: str | None) -> bool:
    """A bare month or season ("May", "June", "Summer") after "led by" may be a person; a day number may not."""
    return mod is None and bool(m.group("mo") or m.group("sea"))


def _date_hit(work: str, m: re.Match[str], today: date, year: SchoolYear, answer: bool) -> _Hit | None:
    core = _interpret(m, today, year)
    if core is None:
        return None
    window_start = max(0, m.start() - 80)
    window = work[window_start : m.start()]
    mod_m = _MOD.search(window)
    mod = None
    if mod_m:
        mod = (mod_m.group("mod") or mod_m.group("mid") or mod_m.group("el") or "").lower()
        window = window[: mod_m.start()]
    week_m = _WEEK_OF.search(window) if core.kind == "day" and mod is None else None
    if week_m:
        window = window[: week_m.start()]
    cue_m = _CUE.search(window)
    if cue_m and cue_m.group("the") and (m.group("wd") or _cue_kind(cue_m) not in ("before", "by", "in", "on")):
        # "in the monday memo" is a weekly thing, not a day; "launch on the jan 6 pd day" names the day of the event
        cue_m = None
    cue = _cue_kind(cue_m)
    if cue_m and _OWNER_BY.search(window[: cue_m.start()]) and _may_be_name(m, mod):
        return None  # "led by May" names a person, whatever it looks like; "approved by march 5" is a date
    phrase_start = window_start + (cue_m.start() if cue_m else len(window))

    span_end = m.end()
    range_core: _Core | None = None
    last_day: int | None = None  # "jan 10 and 15": the stretch ends on that day of the first day's month
    # Weekday spans ("Monday through Friday") are schedules, not start and due dates.
    if cue in (None, "start", "from", "between") and core.kind in ("day", "month", "period") and not m.group("wd"):
        sep = _RANGE_SEP.match(work, m.end())
        if sep and (sep.group("dash") or (sep.group("word") or "").lower() != "and" or cue == "between"):
            m2 = _CORE.match(work, sep.end())
            second = _interpret(m2, today, year) if m2 else None
            if m2 and second and second.kind in ("day", "month", "period") and not (m2.group("wd") or m2.group("rd")):
                range_core = second
                span_end = m2.end()
                core = first_in_month_of(m, second, m2, today) or core  # "the 4th thru the 8th of jan": the 4th of jan
            elif not core.invalid and (bare := bare_last_day(work, m, sep, cue == "between")):
                last_day, span_end = bare
    if (list_end := day_list_end(work, m)) is not None:
        return _Hit((m.start(), list_end))  # "tues and thurs", "mon/wed": days of each week, not a deadline
    if m.group("wd") and cue is None and not answer:
        sep = _RANGE_SEP.match(work, m.end())
        m2 = _CORE.match(work, sep.end()) if sep else None
        if m2 and m2.group("wd"):
            return _Hit((m.start(), m2.end()))  # "Monday through Friday" is a schedule: skip both days
    if cue in (None, "on", "start") and core.kind == "day" and not core.invalid:
        first = _resolve(core, "start", None, today, year, starting=True)
        pair = second_day(work, m, first, year) if first else None
        if first and pair:  # "jan 11 and 12": a two-day event, due its last day
            return _Hit((phrase_start, pair[1]), start=first, due=pair[0], exact=True)
    if range_core is None and last_day is None and not week_m and not _accepts(core, m, cue, mod, answer, work):
        return None
    if m.group("us2") and core.invalid and cue is None and not answer:
        return None  # "13/45" with nothing around it is a fraction, not a failed date
    lone = range_core is None and last_day is None
    if cue in ("from", "between") and lone and (core.kind != "day" or cue == "between"):
        return None  # "data from spring" is a source, not a start date

    span = (phrase_start, span_end)
    if _LAG_TAIL.match(work, span_end) and core.kind in ("duration", "relative"):
        return _Hit(span)  # "within 2 days of each assessment", "within 30 days of hire": a lag, not a due date
    if core.kind == "duration" and _LOOKBACK.search(work, max(0, phrase_start - 60), phrase_start):
        return _Hit(span)  # "every student with no login in 3 days": a window looked back on, not a due date
    if _POSSESSIVE.match(work, span_end) or (core.kind == "relative" and _EVENT_RELATIVE.match(work, phrase_start)):
        return _Hit(span)  # "next month's session" names a thing; "its own meeting the next week" follows an event
    if core.invalid and _GLOSS.match(work, span_end):
        return None  # "by the end of Q1 (Nov 6)": the day in brackets says it
    if core.invalid or (range_core is not None and range_core.invalid):
        return _Hit(span, unparsed=True)
    is_start = cue in ("start", "from", "after", "between") or range_core is not None or last_day is not None
    stretch = range_core is not None or last_day is not None
    first_date = _resolve(core, "start" if stretch else cue, mod, today, year, starting=is_start)
    if first_date is None:
        return _Hit(span, unparsed=True)
    if last_day is not None:
        last = last_of_month_span(first_date, last_day)
        return _Hit(span, start=first_date, due=last) if last else _Hit(span, unparsed=True)
    if range_core is not None:
        due = _resolve(range_core, "in", None, first_date, year)
        if due is None:
            return _Hit(span, unparsed=True)
        return _Hit(span, start=first_date, due=due)
    if week_m:
        # "the week of oct 5": it starts that Monday and is due that Friday; "by the week of …" names no day
        monday = first_date - timedelta(days=first_date.weekday())
        if is_start:
            return _Hit(span, start=monday)
        if cue in ("by", "before", "after", "next"):
            return _Hit(span, unparsed=True)
        days = days_of_week(window, monday)
        if days:  # "mon-wed of the week of 2/5", "the Wednesday … in the week of January 25": those days
            at, first, last = days
            return _Hit((window_start + at, span_end), start=first, due=last, exact=True)
        return _Hit(span, due=monday + timedelta(days=4))
    if is_start:
        return _Hit(span, start=first_date)
    cue_word = " ".join(cue_m.group().strip(" :,").lower().split()) if cue_m else ""
    if (
        not answer
        and cue_word in ("", "in", "during", "over", "throughout")
        and mod is None
        and core.kind in ("month", "period")
        and (m.group("mo") or m.group("sea") or m.group("np"))
    ):
        # "in february", "sometime in march", "in the fall", "in Q2": a month, a season or a quarter gives no day.
        # Writing its last day into the plan would be a guess, so the date stays open and the team is asked.
        return _Hit(span, unparsed=True)
    if (
        cue in ("before", "by")
        and mod is None
        and core.kind in ("month", "period", "relative")
        and _ENDS.match(work, span_end)
    ):
        # "before Q2 ends" is not "before Q2": which day the period closes on is the team's to say
        return _Hit(span, unparsed=True)
    if core.start_only:
        return None
    return _Hit(span, due=first_date, exact=core.kind == "day")


_WEEK_OF = re.compile(r"\b(?:the\s+)?(?:week|wk)\s+of\s+$", re.IGNORECASE)
# "no login in 3 days", "absent 3 times in 2 weeks", "hasn't turned in work in 10 days": what a student did or did
# not do over a past span, named to say who the work is for.
_LOOKBACK = re.compile(
    r"\b(?:no|not|n't|without|zero|missed|missing|absent|tardy|(?:\d+|two|three|four|five)\s+(?:times|absences|tardies))\b"
    r"[^,.;:!?()\u2013\u2014-]{0,30}?\s$",
    re.IGNORECASE,
)
_LAG_TAIL = re.compile(r"\s+(?:of|after|from|following)\s+(?!now\b|today\b)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_GLOSS = re.compile(r"\s*\((?=[^()]{0,30}[0-9][^()]{0,30}\))")
_ENDS = re.compile(r"\s+(?:ends|is\s+over|closes|wraps\s+up|finishes)\b", re.IGNORECASE)
_EVENT_RELATIVE = re.compile(r"the\s+(?:next|following)\b", re.IGNORECASE)


def _accepts(core: _Core, m: re.Match[str], cue: _Cue | None, mod: str | None, answer: bool, work: str) -> bool:
    """Whether the words around a match make it a date (a lone "may" or "spring" is not)."""
    if core.kind == "duration":
        if m.group("dur_now"):
            return True
        if cue not in ("in", "next", "start", "after"):
            return answer and cue is None
        window = work[max(0, m.start() - 30) : m.start()].lower()
        # "for 6 weeks" or "during two weeks" is a length, "in 3 weeks" / "within two weeks" a deadline
        return bool(re.search(r"\b(?:in|within|after|the\s+next|the\s+coming|the\s+following)\s*$", window))
    if m.group("dot"):
        return dotted_day_said(work, m, answer)
    if core.start_only and cue != "start":
        return False
    if cue == "on" and core.kind not in ("day",) and not mod:
        return False
    if m.group("us2") and cue is None and not answer:
        if _SCORE_BEFORE.search(work[max(0, m.start() - 25) : m.start()]):
            return False  # "a rubric score of 3/4."
        tail = work[m.end() : m.end() + 3]
        if _US2_END.match(tail) or (_RANGE_SEP.match(tail) and "-" in tail[:2]):
            return True
        # "the refresher 9/24 in the library": a day, where a fraction would be proper ("3/4 in the class")
        month, day = int(m.group("us2_m")), int(m.group("us2_d"))
        return bool(_US2_PLACE.match(work, m.end())) and (day > 12 or month >= day)
    if answer or not core.needs_cue:
        return True
    return cue is not None or mod is not None


def _unparsed_words(work: str, answer: bool, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in (_ANY_WORD if answer else _CUED_WORD).finditer(work):
        if _overlaps(m.span(), taken) or not _monthlike(m.group("w"), m.group("n") is not None):
            continue
        if _OWNER_BY.search(work[max(0, m.start() - 20) : m.start()]):
            continue
        found.append(m.span())
    for pattern in (_CUED_COUNTER, _CUED_YEAR):
        for m in pattern.finditer(work):
            if not _overlaps(m.span(), taken):
                found.append(m.span())
    return found


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


_GRADING = re.compile(
    r"\b(?:quarter|trimester|marking\s+period|grading\s+period|nine\s+weeks|q[1-4])\b|\bEOQ\b", re.IGNORECASE
)


_ALL_YEAR = re.compile(
    r"\b(?:all|the\s+whole|the\s+entire|throughout\s+the|thru\s+the|through\s+the)\s+(?:school\s+)?year(?:\s+long)?\b"
    r"|\byear[- ]?long\b",
    re.IGNORECASE,
)


def parse_due(text: str, today: date, year: SchoolYear | None = None) -> date | None:
    """Read the answer to "by when?" as a due date; None when it names no date at all.

    Raises InputError when the answer looks like a date but cannot be read ("Febtober 40", "13/45"), or when it
    only says when the work starts.
    """
    today = _as_date(today)
    year = year or SchoolYear.containing(today)
    clean, work = _prepare(text[: ANALYSIS_LIMIT * 2])
    work = work[:1000]
    if (placed := nth_weekday(work, today)) is not None:
        return placed  # "the 2nd tuesday in feb": that day, not next Tuesday
    scan = _scan_dates(work, today, year, answer=True)
    due = next((h.due for h in scan.hits if h.due is not None), None)
    if due is not None:
        return due
    if not scan.unparsed and _ALL_YEAR.search(work):
        # asked "by when?", "all year" says the work runs to the end of the school year
        return school_calendar(year.start.year).last_day
    if scan.unparsed:
        phrase = _phrase(clean, scan.unparsed[0])
        if year.lists_grading_periods is False and _GRADING.search(phrase):
            raise InputError(
                f"The school calendar does not list grading periods, so “{phrase}” has no day yet; "
                "say the day, e.g. “January 22”, or add grading_periods to the calendar."
            )
        raise InputError(
            f"I couldn't read “{phrase}” as a date; try a form like “January 29”, “1/29/2027” or “end of the semester”."
        )
    start = next((h.start for h in scan.hits if h.start is not None), None)
    if start is not None:
        raise InputError(
            f"That says when the work starts ({start.isoformat()}), not when it is due; "
            "say when it should be finished, e.g. “by January 29”."
        )
    if re.search(r"[0-9]", work):
        phrase = _cap(clean[:1000].strip(), 60)
        raise InputError(
            f"I couldn't read “{phrase}” as a date; try a form like “January 29”, “1/29/2027” or “end of the semester”."
        )
    return None
