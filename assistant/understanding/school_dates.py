"""School-calendar phrases ("before winter break", "by spring testing", "end of first semester") as dates.

General date phrases ("Jan 15", "in two weeks", "next Friday") are read by `dates`; this layer reads only what
needs the school calendar. Each phrase found becomes an explicit date in the text handed on ("by 2026-12-18",
"starting 2027-01-04") and is reported back, so the team sees what was understood and from which words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from assistant.understanding.calendar import NamedBreak, Period, SchoolCalendar, school_calendar, school_day_after
from assistant.understanding.recurrence import find_recurrence

Kind = Literal["due", "start"]


@dataclass(frozen=True)
class SchoolDate:
    phrase: str
    kind: Kind
    day: date
    meaning: str
    span: tuple[int, int]
    first: date | None = None  # a phrase naming a stretch ("the week after thanksgiving"): its first day


_BREAK = {
    "winter": r"(?:winter|holiday|christmas|december|xmas)\s+(?:break|recess|vacation)|the\s+holidays",
    "spring": r"spring\s+(?:break|recess|vacation)",
    "thanksgiving": r"thanksgiving(?:\s+(?:break|recess|week|vacation))?",
}
_TESTING = (
    r"(?:(?:the\s+)?(?:spring|state|statewide|end[- ]of[- ]year|sbac|staar|caaspp|smarter\s+balanced|"
    r"state\s+spring)\s+(?:testing|tests?|assessments?|exams?)(?:\s+(?:window|season|starts?|begins?))?"
    r"|(?:the\s+)?testing\s+(?:window|season)(?:\s+(?:starts?|begins?|opens?))?)"
)
_BENCH_NAMES = {
    "boy": r"(?:boy|fall|beginning[- ]of[- ](?:the[- ])?year)",
    "moy": r"(?:moy|winter|mid-?year|middle[- ]of[- ](?:the[- ])?year)",
    "eoy": r"(?:eoy|spring|end[- ]of[- ](?:the[- ])?year)",
}
_BENCH_TAIL = (
    r"(?:\s+(?:benchmarks?|benchmarking|screeners?|screening|(?:dibels|i-?ready|map|star|acadience)\s+window)|"
    # "during the MOY window": the letters name the benchmark already
    r"(?<=(?-i:BOY|MOY|EOY))\s+(?:testing\s+|assessment\s+)?window)"
)
_BEFORE = (
    r"(?:(?:right|just|sometime|some\s+time|well)\s+)?(?:before|by|prior\s+to|ahead\s+of|no\s+later\s+than|until|"
    r"till|til|'til|up\s+(?:to|until)|thru|through|"
    # "before we go on thanksgiving break", "before we leave for winter break"
    r"before\s+(?:we|they|the\s+kids|kids|students)\s+(?:go\s+(?:on|out\s+for)|leave\s+for|break\s+for|head\s+(?:into|out\s+for)|"
    r"get\s+out\s+for)|"
    # Spanish in an English answer: "antes de spring break"
    r"antes\s+del?)"
)
_AFTER = (
    r"(?:(?:right|just|sometime|soon)\s+)?(?:after|following|once\s+we(?:'re|\s+are|\s+get)?\s+back\s+from|"
    r"when\s+we\s+(?:get|come|are)\s+back\s+from|coming\s+back\s+from|returning\s+from|back\s+from|"
    r"(?:starting|beginning)\s+(?:right\s+)?after|"
    # "empezando después de fall break"
    r"(?:(?:empezando|comenzando)\s+)?despu[eé]s\s+del?|a\s+partir\s+del?)"
)
_WEEK_AFTER = (
    r"(?:(?:in\s+)?the\s+)?week\s+after\s+(?:we\s+(?:get|come)\s+back\s+from|we\s+return\s+from|returning\s+from|"
    r"coming\s+back\s+from)"
)
_FIRST_WEEK_BACK = r"(?:(?:in|during)\s+)?(?:the\s+)?first\s+week\s+(?:back\s+)?(?:after|from|following)"
_NEXT_WEEK = r"(?:(?:in|during)\s+)?(?:the\s+)?week\s+(?:after|following)"
_THE = r"(?:the\s+|our\s+)?"
# "end of year survey", "end-of-year celebration": a thing named for the time, not a deadline
_YEAR_END_THING = (
    r"(?:benchmark|screen|survey|data|results|celebration|party|picnic|assessment|test|conference|report|review|"
    r"reflection|meeting|showcase|award|ceremony|check|goal|window|score|evaluation|event|concert|program)"
)
# A district's own break is named with "break" after it ("fall break"), unless its name is a day or week already
# ("presidents week", "veterans day"): "before february" alone is the month, not the break.
_SELF_NAMED = {"week", "weekend", "day", "days", "holiday", "holidays", "year"}
_EXTRA_PREFIX = "+"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


def _break_patterns(words: str, name: str) -> list[tuple[str, str]]:
    return [
        # "by the first day back from winter break": the cue before it says whether it is a due date or a start
        (rf"(?:the\s+)?first\s+(?:school\s+)?day\s+back\s+(?:from|after)\s+{_THE}(?:{words})", f"after:{name}"),
        (rf"{_WEEK_AFTER}\s+{_THE}(?:{words})", f"week_after:{name}"),
        (rf"{_FIRST_WEEK_BACK}\s+{_THE}(?:{words})", f"week_back:{name}"),
        (rf"{_NEXT_WEEK}\s+{_THE}(?:{words})", f"week_next:{name}"),
        (rf"{_BEFORE}\s+{_THE}(?:{words})", f"before:{name}"),
        (rf"{_AFTER}\s+{_THE}(?:{words})", f"after:{name}"),
    ]


def _self_named(name: str) -> bool:
    return name.split()[-1] in _SELF_NAMED


_MONTH_NAMES = ("january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december")  # fmt: skip


def _word(word: str) -> str:
    if word.lower() in _MONTH_NAMES:  # "feb break" for the district's "february" break
        return rf"{re.escape(word[:3])}(?:{re.escape(word[3:])}|\.)?"
    if word.endswith("s") and len(word) > 2:  # "presidents week", "president's week", "presidents' week"
        return rf"{re.escape(word[:-1])}(?:s'?|'s)"
    return re.escape(word)


@lru_cache(maxsize=64)
def _extra_patterns(names: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    """The phrases naming a district's own breaks, said as the usual three are ("before fall break")."""
    out: list[tuple[str, str]] = []
    for name in names:
        words = r"[\s_-]+".join(_word(w) for w in name.split())
        tail = r"\s+(?:break|recess|vacation|holidays?)"
        words += f"(?:{tail})?" if _self_named(name) else tail
        out += _break_patterns(words, _EXTRA_PREFIX + name)
    return [(_compile(p), key) for p, key in out]


def _patterns() -> list[tuple[re.Pattern[str], str]]:
    out: list[tuple[str, str]] = []
    for name, words in _BREAK.items():
        out += _break_patterns(words, name)
    # "before break", "after the break": the next break to come, whichever it is.
    out += [
        (r"(?:the\s+)?first\s+(?:school\s+)?day\s+back\s+in\s+jan(?:uary|\.)?", "after:winter"),
        (rf"{_BEFORE}\s+(?:the\s+)?break", "before:next_break"),
        (rf"{_AFTER}\s+(?:the\s+)?break", "after:next_break"),
    ]
    out += [
        (rf"{_BEFORE}\s+{_THE}{_TESTING}", "before:testing"),
        (rf"{_BEFORE}\s+(?:the\s+)?testing\s+(?:starts|begins|opens)", "before:testing"),
        (rf"{_AFTER}\s+{_THE}{_TESTING}", "after:testing"),
    ]
    for key, words in _BENCH_NAMES.items():
        out += [
            (rf"{_BEFORE}\s+{_THE}{words}{_BENCH_TAIL}", f"before:{key}"),
            (rf"{_AFTER}\s+{_THE}{words}{_BENCH_TAIL}", f"after:{key}"),
            (rf"(?:at|during|in|with|for)\s+{_THE}{words}{_BENCH_TAIL}", f"end:{key}"),
        ]
    semester_one = r"(?:first|1st|fall)\s+semester|semester\s+(?:one|1)|s1"
    semester_two = r"(?:second|2nd|spring)\s+semester|semester\s+(?:two|2)|s2"
    year = r"(?:the\s+)?(?:school\s+)?year"
    out += [
        # "before 2nd semester starts", "by the start of second semester": the last school day before it
        (
            rf"(?:(?:right|just|well)\s+)?(?:before|prior\s+to|ahead\s+of)\s+(?:the\s+)?(?:{semester_two})"
            r"(?:\s+(?:starts|begins))?|"
            rf"(?:by|before)\s+(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+)?(?:{semester_two})|"
            rf"by\s+(?:the\s+)?(?:{semester_two})\s+(?:starts|begins)",
            "before_sem2",
        ),
        (rf"(?:(?:by|before|at)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:{semester_one})", "end_sem1"),
        (rf"(?:through|thru|until|till)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?:{semester_one})", "end_sem1"),
        # "mentors meet weekly for the first semester": work that repeats until the semester ends
        (rf"for\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:{semester_one})", "for_sem1"),
        (rf"(?:(?:by|before|at)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:{semester_two})", "last_day"),
        (
            r"(?:(?:by|before|at)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?semester(?!\s*(?:[0-9]|one|two)\b)"
            r"|(?:by|before)\s+semester'?s\s+end",
            "end_semester",
        ),
        (
            rf"(?:(?:starting|beginning|from|in|at\s+the\s+start\s+of|when)\s+)?(?:the\s+)?(?:{semester_two})"
            r"(?:\s+(?:starts|begins))?",
            "sem2",
        ),
        (
            rf"(?:(?:by|before|at)\s+)?(?:the\s+)?end\s+of\s+{year}(?![\s-]+{_YEAR_END_THING})"
            r"|(?:by|before|on|until|till|thru|through)\s+the\s+last\s+day\s+of\s+(?:school|the\s+(?:school\s+)?year)"
            # "a full inventory by the last day": the last day of school, said as staff say it
            r"|(?:by|on|until|till|thru|through)\s+the\s+last\s+day(?![\s-]+(?:of|before|for|to|in|at)\b)(?=\s*(?:[,.;!)]|$))"
            r"|(?:by|before)\s+(?:the\s+)?(?:school\s+)?year'?s\s+end"
            r"|(?:at|by|thru|through|until|till)\s+(?:the\s+)?eoy\b(?!\s+(?:benchmark|screen|window|data))"
            # "RM runs it EOY", "done EOY": the time the work is done by, in capitals as teams write it
            r"|(?:(?<=\bit\s)|(?<=\bthem\s)|(?<=\bthat\s)|(?<=\bthis\s)|(?<=\bdone\s)|(?<=\bready\s))"
            r"(?-i:EOY)(?!\s+(?:benchmark|screen|window|data|results|scores))",
            "last_day",
        ),
        (r"before\s+the\s+last\s+day(?!\s+of)\b", "before_last_day"),
        (
            r"(?:(?:by|before|at)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|(?:by|before)\s+month'?s\s+end",
            "end_month",
        ),
        (r"(?:(?:by|before|at)\s+)?(?:the\s+)?end\s+of\s+next\s+month", "end_next_month"),
        (
            rf"{_BEFORE}\s+(?:the\s+)?hiring(?:\s+season)?(?:\s+(?:starts|begins|opens|kicks\s+off))?"
            r"(?:\s+in\s+feb(?:ruary|\.)?)?",
            "before:hiring",
        ),
        (
            r"(?:when|once|as\s+soon\s+as)\s+hiring(?:\s+season)?\s+(?:starts|begins|opens)(?:\s+in\s+feb(?:ruary|\.)?)?",
            "start:hiring",
        ),
    ]
    return [(_compile(p), key) for p, key in out]


_COMPILED = _patterns()


def _label(extra: NamedBreak) -> str:
    return extra.name if _self_named(extra.name) else f"{extra.name} break"


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


# A week named after a break: due its Friday, from its first school day.
_Week = tuple[Kind, date, str, date]


def _resolve(
    key: str, cal: SchoolCalendar, today: date, weekday: int | None = None
) -> tuple[Kind, date, str] | _Week | None:
    what, _, name = key.partition(":")
    periods: dict[str, tuple[Period, str]] = {
        "winter": (cal.winter_break, "winter break"),
        "spring": (cal.spring_break, "spring break"),
        "thanksgiving": (cal.thanksgiving, "Thanksgiving break"),
        "testing": (cal.testing, "spring testing"),
        "boy": (cal.boy, "the beginning-of-year benchmark window"),
        "moy": (cal.moy, "the middle-of-year benchmark window"),
        "eoy": (cal.eoy, "the end-of-year benchmark window"),
    }
    periods.update({_EXTRA_PREFIX + b.name: (b, _label(b)) for b in cal.other_breaks})
    breaks = ["thanksgiving", "winter", "spring", *(_EXTRA_PREFIX + b.name for b in cal.other_breaks)]
    if name == "next_break":
        if cal.first_day > today:
            return None  # no break left this school year: which one is meant is a guess
        coming = [n for n in breaks if periods[n][0].end >= today]
        if not coming:
            return None
        name = min(coming, key=lambda n: periods[n][0].start)
    if name in periods:
        period, label = periods[name]
        if what == "before":
            return "due", cal.school_day_before(period.start), f"the last school day before {label}"
        if what == "after" and weekday is not None:
            # "the monday after fall break": that weekday of the week the break is over, a day off or not
            back = school_day_after(period.end)
            return "start", back + timedelta(days=(weekday - back.weekday()) % 7), f"the first school day after {label}"
        if what == "after":
            return "start", cal.school_day_after(period.end), f"the first school day after {label}"
        if what == "week_after":
            back = cal.school_day_after(period.end)
            monday = back - timedelta(days=back.weekday()) + timedelta(days=7)
            return "start", monday, f"the week after the return from {label}"
        if what == "end":
            return "due", period.end, f"the end of {label}"
        if what in ("week_back", "week_next"):
            return _week_after(period, cal, what == "week_back", label)
    if key == "before:hiring":
        return "due", cal.school_day_before(cal.hiring_start), "the last school day before hiring starts"
    if key == "start:hiring":
        return "start", cal.hiring_start, "when hiring starts"
    if key == "for_sem1":
        return "due", cal.fall_semester_end, "the end of the first semester, when the repeated work stops"
    if key == "end_sem1":
        return "due", cal.fall_semester_end, "the end of the first semester"
    if key == "end_semester":
        if today <= cal.fall_semester_end:
            return "due", cal.fall_semester_end, "the end of the first semester"
        return "due", cal.last_day, "the end of the second semester"
    if key == "before_sem2":
        day = cal.school_day_before(cal.second_semester_start)
        return "due", day, "the last school day before the second semester starts"
    if key == "sem2":
        return "start", cal.second_semester_start, "the start of the second semester"
    if key == "before_last_day":
        return "due", cal.school_day_before(cal.last_day), "the last school day before the last day"
    if key == "last_day":
        return "due", cal.last_day, "the last day of school"
    if key == "end_month":
        return "due", _month_end(today), "the end of this month"
    if key == "end_next_month":
        return "due", _month_end(_month_end(today) + timedelta(days=1)), "the end of next month"
    return None


def _week_after(period: Period, cal: SchoolCalendar, first_back: bool, label: str) -> _Week | None:
    """ "the first week back after spring break": the week school resumes in; "the week after thanksgiving": the
    week that follows the break, known only when school resumes on a Monday (a break that ends midweek leaves
    "the week after" in doubt: its own week or the next)."""
    back = cal.school_day_after(period.end)
    monday = back - timedelta(days=back.weekday())
    if not first_back and (back.weekday() != 0 or back - period.end > timedelta(days=7)):
        return None
    friday = monday + timedelta(days=4)
    word = "the first week back after" if first_back else "the week after"
    return "due", friday, f"{word} {label}", back


_FIRST_DAY_BACK = re.compile(r"(?:the\s+)?first\s+(?:school\s+)?day\s+back\b", re.IGNORECASE)
_START_BEFORE = re.compile(
    r"\b(?:starting|beginning|begins?|starts?|from|every|each|weekly|monthly|after)\s+(?:on\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


def find_school_dates(text: str, today: date) -> list[SchoolDate]:
    """Every school-calendar phrase in `text`, resolved in the school year it next comes in."""
    fall_year = today.year if today.month >= 7 else today.year - 1
    found: list[SchoolDate] = []
    taken: list[tuple[int, int]] = []
    # A district's own break names come first: on the same words, its own calendar is what the team means.
    names = {b.name for year in (fall_year, fall_year + 1) for b in school_calendar(year).other_breaks}
    compiled = _extra_patterns(tuple(sorted(names))) + _COMPILED
    matches = sorted(
        ((m, key) for pattern, key in compiled for m in pattern.finditer(text)),
        key=lambda item: (item[0].start(), -(item[0].end() - item[0].start())),
    )
    for m, key in matches:
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        weekday = _WEEKDAY_BEFORE.search(text, 0, m.start()) if m.group().lower().startswith("after") else None
        wanted = _WEEKDAYS.index(weekday.group("day").lower()[:3]) if weekday else None
        resolved = None
        for year in (fall_year, fall_year + 1):
            resolved = _resolve(key, school_calendar(year), today, wanted)
            if resolved and resolved[1] >= today - timedelta(days=7 if resolved[0] == "start" else 0):
                break
        if resolved is None or (key == "for_sem1" and find_recurrence(text) is None):
            continue  # "a sub for the first semester" is how long someone serves, not a deadline
        kind, day, meaning = resolved[:3]
        first = resolved[3] if len(resolved) > 3 else None
        start = m.start()
        if first is not None:
            cue = _WEEK_CUE.search(text, 0, start)
            if cue and cue.group("due"):
                taken.append((start, m.end()))  # "by the week after thanksgiving": which day is the team's to say
                continue
            if cue:  # "starting the week after thanksgiving": the work starts that week
                kind, day, first = "start", first, None
        if weekday is not None:  # "the monday after thanksgiving": that weekday of the week school resumes
            meaning = f"the {weekday.group('day').lower()} after {meaning.split(' after ', 1)[-1]}"
            start = weekday.start()
        if kind == "start" and _DUE_BEFORE.search(text, 0, start):
            kind = "due"  # "due the monday after thanksgiving": the day it is due, not when it starts
        one_day = weekday is not None or _FIRST_DAY_BACK.match(m.group())
        if kind == "start" and one_day and not _START_BEFORE.search(text, 0, start):
            kind = "due"  # "robocall on the monday after thanksgiving break": the day it happens
        taken.append((start, m.end()))
        found.append(SchoolDate(text[start : m.end()].strip(), kind, day, meaning, (start, m.end()), first))
    for m in _WEEK_OF_MONTH.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append(_week_of_month(m, today))
    return found


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_WEEK_OF_MONTH = re.compile(
    r"(?P<cue>\b(?:starting|beginning|from)\s+)?\b(?:the\s+)?(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th|last)"
    r"\s+week\s+of\s+(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


def _week_of_month(m: re.Match[str], today: date) -> SchoolDate:
    """ "the last week of may": its Friday, when the work is due; its Monday, when the work starts then."""
    month = _MONTHS.index(m.group("month").lower()[:3]) + 1
    year = today.year if month >= today.month else today.year + 1
    nth = _ORDINALS[m.group("nth").lower()]
    if nth > 0:
        first = date(year, month, 1)
        friday = first + timedelta(days=(4 - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        friday = last - timedelta(days=(last.weekday() - 4) % 7)
    words = f"the {m.group('nth').lower()} week of {m.group('month').lower()}"
    if m.group("cue"):
        monday = max(friday - timedelta(days=4), date(year, month, 1))
        return SchoolDate(m.group().strip(), "start", monday, words, m.span())
    return SchoolDate(m.group().strip(), "due", friday, words, m.span())


_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY_BEFORE = re.compile(
    r"(?:\bthe\s+)?\b(?P<day>mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?)\s+$",
    re.IGNORECASE,
)
_WEEK_CUE = re.compile(
    r"\b(?:(?P<start>starting|beginning|from|begins?|starts?)|(?P<due>due|by|before|until|till|no\s+later\s+than))\s*$",
    re.IGNORECASE,
)
_DUE_BEFORE = re.compile(r"\b(?:due|by|done|ready|finished|deadline(?:\s+is)?)(?:\s+on)?\s*$", re.IGNORECASE)


def rewrite(text: str, dates: list[SchoolDate]) -> str:
    """`text` with each school phrase replaced by the explicit date it means, as the date reader expects it."""
    out = text
    for found in sorted(dates, key=lambda d: -d.span[0]):
        word = "by" if found.kind == "due" else "starting"
        a, b = found.span
        said = f"{word} {found.day.isoformat()}"
        if found.first is not None:  # a stretch: it starts on its first day and is due on its last
            said = f"from {found.first.isoformat()} to {found.day.isoformat()}"
        out = f"{out[:a]}{said}{out[b:]}"
    return out
