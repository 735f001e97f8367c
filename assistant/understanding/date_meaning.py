"""What a date phrase denotes before any "by" or "starting" is applied: "Jan 15", "next quarter", "in 3 weeks",
"winter break" and "BOY" as candidate periods, earliest first."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from assistant.understanding.calendar import school_calendar
from assistant.understanding.school_year import SchoolYear

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept(?:ember)?|sep|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|thu|fri|sat|sun)"
_SUF = r"(?:st|nd|rd|th)"
_NUMW = (
    r"(?:[0-9]{1,6}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|sixty|ninety|a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few|several)"
)
# Words that may follow "the 20th" when it names a day of the month.
_OD_NEXT = (
    r"(?:and|or|at|for|so|then|to|we|the|with|when|of|in|on|by|before|after|if|but|because|that|since|is|are|was|"
    r"will|would|should|could|can|it|this|next|latest|at\s+the\s+latest|through|thru|until|till|from|as|i|they|he|"
    r"she|you|our|their|please|ok|okay|works|too|also|a|an|or\s+so)"
)
# Days of the month as voice dictation writes them ("october thirtieth", "november fourth").
_DAY_WORDS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
_DAY_WORDS.update({f"twenty{sep}{w}": 20 + n for sep in ("-", " ") for w, n in list(_DAY_WORDS.items())[:9]})
_DAY_WORDS.update({"thirtieth": 30, "thirty-first": 31, "thirty first": 31})
_DAYW = (
    r"(?:twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[- ]first|"
    + "|".join(sorted((w for w in _DAY_WORDS if " " not in w and "-" not in w), key=len, reverse=True))
    + ")"
)
_SEASON_EVENT = (
    r"(?:hiring|job|fair|conference|retreat|institute|kick-?off|showcase|concert|open\s+house|planning|planing|"
    r"forum|summit|banquet|festival|carnival|musical|play|sports|season|league|camp|orientation|registration|"
    r"enrollment|newsletter|cohort)"
)
# What a decimal counts ("by 2.5 hours", "a 3.5 gpa"): then it is no month and day.
_NOT_DAY_UNITS = (
    r"(?:hours?|hrs?|minutes?|mins?|times|gpa|grades?|years?|yrs?|days?|weeks?|wks?|months?|students|kids|"
    r"teachers|levels?|scale|average|avg|million|m|k)"
)
# "tues 2nd period", "mon 3rd grade": an ordinal of something else
_NOT_ORDINAL = (
    r"(?!\s+(?:grade|graders?|gr|period|per|hour|hr|block|floor|quarter|semester|round|time|place|week|day|shift|"
    r"session|lunch|class|row|step|unit|lesson|item|one|and\s+[0-9]))"
)
# "by 3.30 today", "by 4.15 on friday": a time of day
_CLOCK_AFTER = (
    r"\s*(?:a\.?m\b|p\.?m\b|o'?clock|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)|"
    r"(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)"
)
# A numeric date must not continue a number, a fraction or a decimal.
_NUMG = r"(?<![0-9/.,])"

_CORE = re.compile(
    "|".join(
        [
            rf"{_NUMG}(?P<iso>(?P<iso_y>[0-9]{{4}})(?P<iso_s>[-/.])(?P<iso_m>[0-9]{{1,2}})(?P=iso_s)"
            rf"(?P<iso_d>[0-9]{{1,2}}))(?![0-9]|[-/.][0-9])",
            rf"{_NUMG}(?P<us3>(?P<us3_m>[0-9]{{1,2}})(?P<us3_s>[-/.])(?P<us3_d>[0-9]{{1,2}})(?P=us3_s)"
            rf"(?P<us3_y>[0-9]{{4}}|[0-9]{{2}}))(?![0-9]|[-/.][0-9])",
            rf"{_NUMG}(?P<us2>(?P<us2_m>[0-9]{{1,2}})/(?P<us2_d>[0-9]{{1,2}}))(?![0-9]|/[0-9]|\.[0-9])",
            # "by 11.17": a month and day written with a dot, read only after "by", "due" and the like (see dates)
            rf"{_NUMG}(?<![$#])(?P<dot>(?P<dot_m>1[0-2]|0?[1-9])\.(?P<dot_d>3[01]|[12][0-9]|0[1-9]|[1-9]))"
            rf"(?![0-9]|[.,][0-9]|\s*(?:%|percent|points?|pts|x\b|{_NOT_DAY_UNITS})\b|{_CLOCK_AFTER})",
            rf"\b(?P<md>(?P<md_mon>{_MON})\.?\s+(?:(?P<md_d>[0-9]{{1,2}}){_SUF}?|(?P<md_w>{_DAYW})(?!\s+(?:grade|graders?|period|hour|quarter|semester|term|week|time|round|year)))\b"
            rf"(?:,?\s+(?P<md_y>[0-9]{{4}})(?![0-9]))?)",
            rf"\b(?P<dm>(?P<dm_the>the\s+)?(?P<dm_d>[0-9]{{1,2}})(?P<dm_suf>{_SUF})?\s+(?P<dm_of>of\s+)?"
            rf"(?P<dm_mon>{_MON})\b\.?(?:,?\s+(?P<dm_y>[0-9]{{4}})(?![0-9]))?)",
            r"\b(?P<brk>(?:the\s+)?(?:winter|holiday|christmas|december|spring|thanksgiving|fall|autumn|mid-?winter|"
            r"february|feb\.?|easter|summer|march|mar\.?|april|apr\.?|november|nov\.?)\s+(?:break|recess|vacation|holidays?)|(?:the\s+)?(?:winter|christmas)\s+"
            r"holidays|the\s+holidays|thanksgiving)\b",
            r"\b(?P<np>(?:the\s+)?(?:(?P<np_ord>first|1st|second|2nd|third|3rd|fourth|4th|fall|autumn|spring)\s+"
            r"(?P<np_unit>semester|term|quarter|trimester|marking\s+period|grading\s+period|nine\s+weeks)|"
            r"(?P<np_unit2>semester|term|quarter|trimester|marking\s+period|grading\s+period)\s+"
            r"(?P<np_num>one|two|three|four|[1-4])|"
            r"q(?P<np_q>[1-4]))(?:\s+(?:of\s+)?(?P<np_y>[0-9]{4}(?:\s*[-/]\s*(?:[0-9]{4}|[0-9]{2}))?))?)\b",
            r"\b(?P<sd>(?:the\s+)?(?P<sd_w>first|last)\s+day\s+of\s+(?:school|classes|the\s+school\s+year))\b",
            r"\b(?P<rel>(?P<rel_w>the\s+next|the\s+following|the\s+current|this\s+coming|the|this|next|current|coming|"
            r"following)\s+(?:(?P<rel_k>school|academic|calendar|fiscal)\s+)?(?P<rel_u>week|month|quarter|trimester|"
            r"semester|term|year|marking\s+period|grading\s+period))\b",
            # "friday the 26th": the 26th that is a Friday
            rf"\b(?P<wdd>(?P<wdd_n>{_WD})\.?,?\s+(?:the\s+)?(?P<wdd_d>[0-9]{{1,2}}){_SUF})\b{_NOT_ORDINAL}",
            # "the 16th (thurs)", "the 16th, a thursday": the same, the other way round
            rf"\b(?P<dwd>the\s+(?P<dwd_d>[0-9]{{1,2}}){_SUF}\s*(?:,\s*(?:a\s+)?|\(\s*(?:a\s+)?)(?P<dwd_n>{_WD})\b\.?(?:\s*\))?)",
            # "by COB thurs", "EOD friday": the end of that day, not of today
            rf"\b(?P<wd>(?:(?:cob|eod|close\s+of\s+business|end\s+of\s+(?:the\s+)?(?:day|business))\s+(?:on\s+)?)?"
            rf"(?:(?P<wd_rel>this\s+coming|next|this|coming)\s+)?(?P<wd_n>{_WD})\b\.?)"
            rf"(?!,?\s+(?:the\s+)?[0-9]{{1,2}}{_SUF}?\s+(?:of\s+)?{_MON}\b|,?\s+{_MON}\.?\s+[0-9]|,?\s+[0-9]{{1,4}}[-/][0-9])",
            # School shorthand: beginning, middle and end of year (as in BOY/MOY/EOY benchmarks), month, week,
            # quarter, semester. Upper case only: "boy" is a word.
            r"\b(?P<acr>(?-i:BOY|MOY|EOY|EOM|EOW|EOQ|EOS))\b",
            r"\b(?P<rd>today|tomorrow|tonight|(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|business)|eod|cob)"
            # "by COB 1/26": the end of that day, not of today
            rf"(?!\s*[:,]?\s*(?:on\s+)?(?:{_WD}\b\.?,?\s*)?(?:[0-9]|{_MON}\b|the\s+[0-9]))|now|immediately|right\s+away)\b",
            r"\b(?P<sea>(?:(?P<sea_rel>this\s+coming|next|this|the|coming)\s+)?(?P<sea_n>fall|autumn|spring|winter|summer)"
            r"(?:\s+(?:of\s+)?(?P<sea_y>[0-9]{4})(?![0-9]))?)\b"
            # "before the spring hiring fair", "at the fall kickoff": an event's name, not the season
            rf"(?!\s+{_SEASON_EVENT}\b)",
            rf"\b(?P<mo>(?P<mo_mon>{_MON})\b\.?(?:,?\s+(?P<mo_y>[0-9]{{4}})(?![0-9]))?)",
            # "the 20th", but not "the 2nd session" or "the 9th grade team": an ordinal of something else
            # "the 1st + 3rd wed of each month": the ordinals count weekdays, not days of the month
            rf"\b(?P<od>the\s+(?P<od_d>[0-9]{{1,3}}){_SUF})\b(?!\s+(?!{_OD_NEXT}\b)[a-z])"
            rf"(?!\s*(?:\+|&|and|/|,)\s*(?:the\s+)?[0-9]{{1,2}}{_SUF}\s+{_WD}\b)",
            rf"\b(?P<dur>(?P<dur_n>{_NUMW})\s+(?P<dur_k>(?:school|business|working|calendar|instructional)\s+)?"
            r"(?P<dur_u>hours?|days?|weeks?|months?|years?))\b(?P<dur_now>\s+from\s+(?:now|today))?",
        ]
    ),
    re.IGNORECASE,
)

_MONTH_INDEX = {calendar.month_abbr[i].lower(): i for i in range(1, 13)}
_FULL_MONTHS = [calendar.month_name[i].lower() for i in range(1, 13)]
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "sixty": 60, "ninety": 90, "couple": 2, "a couple": 2, "couple of": 2, "a couple of": 2,
}  # fmt: skip
# Past these a phrase is more likely a typo than a plan.
_DURATION_CAP = {"hour": 720, "day": 1100, "week": 160, "month": 36, "year": 3}
_ORDINALS = {"first": 1, "1st": 1, "one": 1, "1": 1, "second": 2, "2nd": 2, "two": 2, "2": 2}
_ORDINALS.update({"third": 3, "3rd": 3, "three": 3, "3": 3, "fourth": 4, "4th": 4, "four": 4, "4": 4})

_Kind = Literal["day", "month", "period", "relative", "break", "duration"]


@dataclass
class _Core:
    """A date expression before its cue is applied: candidate periods, earliest first."""

    kind: _Kind
    options: list[tuple[date, date]]
    needs_cue: bool = False
    invalid: bool = False
    start_only: bool = False


def _month_last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_school_days(day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _month_of(token: str) -> int:
    return _MONTH_INDEX[token.lower()[:3]]


def _weekday_of(token: str) -> int:
    return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(token.lower()[:3])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _school_years(year: SchoolYear) -> list[SchoolYear]:
    return [year.previous(), year, year.next(), year.next().next()]


def _fall_year_for(text: str, second_half: bool) -> int:
    """The fall year of the school year a "2026-27" label or a calendar year points at."""
    first = int(text[:4])
    if re.search(r"[-/]", text):
        return first
    return first - 1 if second_half else first


def _interpret(m: re.Match[str], today: date, year: SchoolYear) -> _Core | None:
    """What the matched words denote, independent of any "by"/"starting" in front; None if not a date."""
    g = m.group
    years = range(today.year - 1, today.year + 3)
    if g("iso") or g("us3"):
        if g("iso"):
            y, mo, d = int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))
        else:
            y, mo, d = int(g("us3_y")), int(g("us3_m")), int(g("us3_d"))
            y = y + 2000 if y < 100 else y
            if g("us3_s") == "." and not today.year - 1 <= y <= today.year + 3:
                return None  # "standard 8.2.12", "v1.4.10": a numbered thing, not a day
        day = _safe_date(y, mo, d) if 1900 <= y <= 2100 else None
        return _Core("day", [(day, day)] if day else [], invalid=day is None)
    if g("us2") or g("dot") or g("md") or g("dm"):
        if g("us2") or g("dot"):
            mo, d, given = int(g("us2_m") or g("dot_m")), int(g("us2_d") or g("dot_d")), None
            if not 1 <= mo <= 12:
                return _Core("day", [], invalid=True, needs_cue=True)
        elif g("md"):
            if g("md_w") and g("md_mon").lower() in ("may", "mar", "march") and g("md_w").lower() in _ORDINALS:
                return None  # "we may first check", "march second graders": a word, not a day
            day_word = " ".join(g("md_w").lower().split()) if g("md_w") else ""
            mo, d, given = _month_of(g("md_mon")), _DAY_WORDS.get(day_word) or int(g("md_d") or 0), g("md_y")
        else:
            month_word = g("dm_mon")
            # "grade 3 may need…" is not the third of May.
            plain = not (g("dm_the") or g("dm_suf") or g("dm_of"))
            if plain and month_word.lower() in ("may", "mar", "march") and (month_word.islower() or not g("dm_y")):
                return None
            mo, d, given = _month_of(month_word), int(g("dm_d")), g("dm_y")
        candidates = [int(given)] if given else list(years)
        days = [day for day in (_safe_date(y, mo, d) for y in candidates if 1900 <= y <= 2100) if day]
        return _Core("day", [(day, day) for day in days], invalid=not days, needs_cue=bool(g("us2") or g("dot")))
    if g("brk"):
        words = g("brk").lower()
        if any(w in words for w in ("winter", "holiday", "christmas", "december")):
            options = [
                (sy.winter_break + timedelta(days=1), sy.winter_break + timedelta(days=1)) for sy in _school_years(year)
            ]
        elif "summer" in words:
            options = [(sy.summer[0], sy.summer[0]) for sy in _school_years(year)]
        else:
            return _Core("break", [], invalid=True, needs_cue=True)
        return _Core("break", options, needs_cue=True)
    if g("np"):
        unit = (g("np_unit") or g("np_unit2") or "quarter").lower()
        which = (g("np_ord") or g("np_num") or g("np_q") or "").lower()
        semester = unit in ("semester", "term")
        if which in ("fall", "autumn", "spring"):
            if not semester:
                return None
            index = 1 if which == "spring" else 0
        else:
            index = _ORDINALS.get(which, 0) - 1
            if index < 0 or (semester and index > 1):
                return _Core("period", [], invalid=True, needs_cue=True)
        schools = _school_years(year)
        if g("np_y"):
            second_half = index == 1 if semester else index >= 2
            fall = _fall_year_for(g("np_y"), second_half)
            if not 1900 <= fall < 2200:
                return _Core("period", [], invalid=True, needs_cue=True)  # "Q3 0001": no school year
            schools = [SchoolYear.starting(fall)]
        if semester:
            options = [sy.semesters[index] for sy in schools]
        else:
            options = _grading_options(schools[0] if g("np_y") else year, schools, _grading_unit(unit), index)
        return _Core("period", options, needs_cue=not g("np_y"), invalid=not options)
    if g("sd"):
        first = g("sd_w").lower() == "first"
        # the district's own first and last day, not the bounds of the plan year
        calendars = [school_calendar(sy.start.year) for sy in _school_years(year)]
        options = [((c.first_day, c.first_day) if first else (c.last_day, c.last_day)) for c in calendars]
        return _Core("day", options, needs_cue=True)
    if g("rel"):
        return _relative(g("rel_w"), g("rel_k"), g("rel_u"), today, year)
    if g("wdd") or g("dwd"):
        target, d = _weekday_of(g("wdd_n") or g("dwd_n")), int(g("wdd_d") or g("dwd_d"))
        # the next day numbered so; a weekday that does not agree leaves the date open rather than guess the month
        months = (_add_months(today.replace(day=1), shift) for shift in range(3))
        day = next((day for first in months if (day := _safe_date(first.year, first.month, d)) and day >= today), None)
        if day is None or day.weekday() != target:
            return _Core("day", [], needs_cue=True, invalid=True)
        return _Core("day", [(day, day)])
    if g("wd"):
        target = _weekday_of(g("wd_n"))
        rel = (g("wd_rel") or "").lower()
        if rel == "next":
            monday = today + timedelta(days=7 - today.weekday())
            day = monday + timedelta(days=target)
        else:
            day = today + timedelta(days=(target - today.weekday()) % 7)
            if day == today and not rel:  # "by friday", said on a Friday: the coming one, not today
                day += timedelta(days=7)
        return _Core("day", [(day, day)], needs_cue=not rel)
    if g("acr"):
        return _shorthand(g("acr"), today, year)
    if g("rd"):
        word = g("rd").lower()
        day = today + timedelta(days=1) if word == "tomorrow" else today
        start_only = word in ("now", "immediately") or word.startswith("right")
        return _Core("day", [(day, day)], needs_cue=word != "tomorrow", start_only=start_only)
    if g("sea"):
        name = g("sea_n").lower()
        rel = (g("sea_rel") or "").lower()
        schools = _school_years(year)
        if g("sea_y"):
            calendar_year = int(g("sea_y"))
            schools = [
                SchoolYear.starting(calendar_year - 1 if name in ("spring", "winter", "summer") else calendar_year)
            ]
        options = [
            {"fall": sy.fall, "autumn": sy.fall, "spring": sy.spring, "winter": sy.winter, "summer": sy.summer}[name]
            for sy in schools
        ]
        if rel == "next":
            options = [o for o in options if o[0] > today][:1]
        return _Core("period", options, needs_cue=not (g("sea_y") or rel in ("next", "this", "this coming")))
    if g("mo"):
        mo = _month_of(g("mo_mon"))
        candidates = [int(g("mo_y"))] if g("mo_y") else list(years)
        options = [(date(y, mo, 1), _month_last(y, mo)) for y in candidates if 1900 <= y <= 2100]
        return _Core("month", options, needs_cue=not g("mo_y"), invalid=not options)
    if g("od"):
        d = int(g("od_d"))
        days = []
        for shift in range(0, 3):
            first = _add_months(today.replace(day=1), shift)
            day = _safe_date(first.year, first.month, d)
            if day:
                days.append(day)
        month = _month_said_before(m)
        if month is not None and any(day.month == month for day in days):
            days = [day for day in days if day.month == month]  # "the first week of feb, so by the 5th"
        return _Core("day", [(day, day) for day in days], needs_cue=True, invalid=not days)
    if g("dur"):
        return _duration(g("dur_n"), g("dur_k"), g("dur_u"), today)
    return None


def _grading_unit(unit: str) -> str:
    return unit if unit in ("quarter", "trimester") else "period"  # "marking period", "nine weeks": any kind


def _grading_options(anchor: SchoolYear, schools: list[SchoolYear], unit: str, index: int) -> list[tuple[date, date]]:
    """The `index`-th grading period of each candidate year. A district calendar names its own periods, for its
    own year only; one that does not list them leaves the phrase without a day (none at all)."""
    if anchor.lists_grading_periods is not None:
        schools = [anchor]
    options = []
    for sy in schools:
        periods = sy.grading_periods(unit)
        if periods is not None and index < len(periods):
            options.append(periods[index])
    return options


_MONTH_SAID = re.compile(rf"\b(?P<mon>{_MON})\b|\b[0-9]{{4}}-(?P<iso>[0-9]{{2}})-[0-9]{{2}}\b", re.IGNORECASE)


def _month_said_before(m: re.Match[str]) -> int | None:
    """The month the same sentence named just before "the 5th", if any."""
    before = re.split(r"[.;!?\n]", m.string[max(0, m.start() - 80) : m.start()])[-1]
    said = list(_MONTH_SAID.finditer(before))
    if not said:
        return None
    last = said[-1]
    if last.group("iso"):
        return int(last.group("iso"))
    if last.group("mon").lower() in ("may", "mar") and last.group("mon").islower():
        return None  # "we may", "mar" as a word: not sure it is the month
    return _month_of(last.group("mon"))


def _shorthand(word: str, today: date, year: SchoolYear) -> _Core:
    if word in ("BOY", "MOY", "EOY"):
        day = {"BOY": year.start, "MOY": year.fall[1], "EOY": year.end}[word]
        return _Core("relative", [(day, day)], needs_cue=True)
    unit = {"EOM": "month", "EOW": "week", "EOQ": "quarter", "EOS": "semester"}[word]
    found = _relative("this", None, unit, today, year)
    if not found.options:
        return _Core("relative", [], needs_cue=True, invalid=True)
    period = found.options[0]
    return _Core("relative", [(period[1], period[1])], needs_cue=True)


def _duration(number: str, kind: str | None, unit: str, today: date) -> _Core:
    number = re.sub(r"\s+", " ", number.lower())
    if number.isdigit():
        count = int(number)
    elif number in _NUMBER_WORDS:
        count = _NUMBER_WORDS[number]
    else:  # "a few weeks": the team should name a date
        return _Core("duration", [], needs_cue=True, invalid=True)
    unit = unit.lower().rstrip("s")
    if count < 1 or count > _DURATION_CAP[unit]:
        return _Core("duration", [], needs_cue=True, invalid=True)
    if unit == "hour":
        day = today + timedelta(days=-(-count // 24))
    elif unit == "day":
        school = kind is not None and kind.strip().lower() in ("school", "business", "working", "instructional")
        day = _add_school_days(today, count) if school else today + timedelta(days=count)
    elif unit == "week":
        day = today + timedelta(weeks=count)
    elif unit == "month":
        day = _add_months(today, count)
    else:
        day = _add_months(today, 12 * count)
    return _Core("duration", [(day, day)], needs_cue=True)


def _current_and_next(periods: list[tuple[date, date]], today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    for index, period in enumerate(periods[:-1]):
        if period[1] >= today:
            return period, periods[index + 1]
    return periods[-2], periods[-1]


def _relative(word: str, kind: str | None, unit: str, today: date, year: SchoolYear) -> _Core:
    word = re.sub(r"\s+", " ", word.lower())
    unit = re.sub(r"\s+", " ", unit.lower())
    kind = (kind or "").lower()
    upcoming = word in ("next", "the next", "following", "the following", "this coming", "coming")
    # "teachers for next year", "what we change next year": a year named without a cue says which year, not a deadline
    needs_cue = word in ("the", "the current", "current") or unit == "year"
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1 if upcoming else 0)
        friday = monday + timedelta(days=4)
        if not upcoming and friday < today:  # said on a weekend: the week just ended
            friday = today
        return _Core("relative", [(monday, friday)], needs_cue=needs_cue)
    if unit == "month":
        first = _add_months(today.replace(day=1), 1 if upcoming else 0)
        return _Core("relative", [(first, _month_last(first.year, first.month))], needs_cue=needs_cue)
    if unit == "year" and kind == "calendar":
        y = today.year + (1 if upcoming else 0)
        return _Core("relative", [(date(y, 1, 1), date(y, 12, 31))], needs_cue=needs_cue)
    if unit == "year" and kind == "fiscal":
        school = year.next() if upcoming else year
        return _Core("relative", [(date(school.start.year, 7, 1), school.end)], needs_cue=needs_cue)
    if unit == "year":
        school = year.next() if upcoming else year
        return _Core("relative", [(school.start, school.end)], needs_cue=needs_cue)
    schools = [year, year.next()]
    if unit in ("semester", "term"):
        periods = [p for sy in schools for p in sy.semesters]
    else:
        if year.lists_grading_periods is not None:
            schools = [year]  # a district calendar's grading periods are its own year's
        periods = [p for sy in schools for p in sy.grading_periods(_grading_unit(unit)) or ()]
        if len(periods) < 2:
            return _Core("relative", [], needs_cue=needs_cue, invalid=True)
    # "This semester" is the plan year's: the one under way, or its first if the year has not begun.
    current, following = _current_and_next(periods, max(today, year.start))
    return _Core("relative", [following if upcoming else current], needs_cue=needs_cue)
