"""Turn a team's free-text answer into action fields: owner, dates, recurrence, resources and measures.

Rules only, so it works offline and gives the same answer every time. Every pattern is linear (no nested
unbounded repetition) and only the first `ANALYSIS_LIMIT` characters are read for fields, so a pasted
document costs no more than a long answer.

School-year conventions (see `SchoolYear`): the year runs Aug 1 – Jun 30 and July belongs to the year that
starts on the next Aug 1; fall semester ends Jan 15; quarters end Oct 31, Jan 15, Mar 31 and Jun 30; Dec 19 is
the last day before winter break.

How a phrase becomes a date:
- a day ("Jan 15", "1/29", "2027-01-29", "next Friday") is that day; without a year it is the next occurrence,
  preferring one inside the school year (a start date may lie up to a month in the past: work already begun);
- "by"/"before" a named month, season or school period means before it begins: "by spring" is Jan 15,
  "by October" is Sep 30, "by summer" is Jun 30, "before winter break" is Dec 19;
- "in", "during", "until", "through" or a bare period mean by its end: "in October" is Oct 31;
- relative periods ("next month", "this quarter", "next week"), with or without "by", mean by their end;
  a week ends on Friday;
- "end of X", "beginning of X", "mid-X", "early X" (the 10th of a month), "late X" pick inside the period;
- "starting …", "beginning …", "from … to …" set the start (a period's first day);
- "within two weeks", "in 3 weeks", "in 10 school days" count from today;
- BOY, MOY and EOY (upper case, as in benchmark windows) are the year's first day, Jan 15 and its last day.

Recurrence is one of daily, weekly, biweekly, monthly, quarterly, each semester, annually: "twice a month"
counts as biweekly and "twice a year" as each semester; a rhythm with no such value ("twice a week", "every
other month") gives None and stays readable in the description.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Literal

from pydantic import BaseModel, Field

from assistant.errors import InputError
from assistant.understanding.calendar import school_calendar, school_day_before

DESCRIPTION_MAX = 300
ANALYSIS_LIMIT = 5_000
# No real answer names more; past these a text is a pasted document and the first mentions are the ones that count.
MAX_DATE_MATCHES = 100
MAX_CUES = 50
ITEM_MAX = 150
MAX_ITEMS = 12

# A start date may name a day that has just passed ("starting September 1", said on Sep 10).
_START_SLACK = timedelta(days=31)


# ---------------------------------------------------------------------------------------------- school year


def _clamp(day: date, low: date, high: date) -> date:
    return min(max(day, low), high)


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29 in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class SchoolYear:
    """A school year, by default Aug 1 – Jun 30.

    Semesters: fall = start – Jan 15, spring = Jan 16 – end.
    Quarters (marking periods), about nine instructional weeks each once the first weeks of August and the
    breaks are set aside: Q1 = start – Oct 31, Q2 = Nov 1 – Jan 15 (it closes with the fall semester),
    Q3 = Jan 16 – Mar 31, Q4 = Apr 1 – end.
    Winter break comes from the school calendar (`understanding.calendar`). Summer is the gap to the next year.
    Boundaries are calendar dates of the fall and spring years, clamped into [start, end].
    """

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end.year != self.start.year + 1 or self.end <= self.start:
            raise InputError(
                "A school year must run from one fall into the next calendar year, e.g. 2026-08-01 to 2027-06-30."
            )

    @classmethod
    def starting(cls, fall_year: int) -> SchoolYear:
        return cls(date(fall_year, 8, 1), date(fall_year + 1, 6, 30))

    @classmethod
    def containing(cls, day: date) -> SchoolYear:
        """The year a day belongs to; July counts toward the year that starts on the next Aug 1."""
        return cls.starting(day.year if day.month >= 7 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start.year}-{self.end.year % 100:02d}"

    def next(self) -> SchoolYear:
        return SchoolYear(_shift_year(self.start, 1), _shift_year(self.end, 1))

    def previous(self) -> SchoolYear:
        return SchoolYear(_shift_year(self.start, -1), _shift_year(self.end, -1))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def _on(self, month: int, day: int) -> date:
        year = self.start.year if month >= 7 else self.end.year
        return _clamp(date(year, month, day), self.start, self.end)

    @property
    def fall(self) -> tuple[date, date]:
        return self.start, self._on(1, 15)

    @property
    def spring(self) -> tuple[date, date]:
        return self._on(1, 16), self.end

    @property
    def semesters(self) -> tuple[tuple[date, date], tuple[date, date]]:
        return self.fall, self.spring

    @property
    def quarters(self) -> tuple[tuple[date, date], ...]:
        return (
            (self.start, self._on(10, 31)),
            (self._on(11, 1), self._on(1, 15)),
            (self._on(1, 16), self._on(3, 31)),
            (self._on(4, 1), self.end),
        )

    @property
    def winter_break(self) -> date:
        """The last school day before winter break, from the school calendar (US defaults or the district's)."""
        return _clamp(school_day_before(school_calendar(self.start.year).winter_break.start), self.start, self.end)

    @property
    def winter(self) -> tuple[date, date]:
        return self._on(12, 1), self._on(2, calendar.monthrange(self.end.year, 2)[1])

    @property
    def summer(self) -> tuple[date, date]:
        """The gap between this year's end and the next year's start."""
        following = self.next()
        return self.end + timedelta(days=1), max(self.end + timedelta(days=1), following.start - timedelta(days=1))


# ------------------------------------------------------------------------------------------------ the model


class ExtractedFields(BaseModel):
    """What one free-text answer says about an action; anything not said is None or empty."""

    description: str = Field(description="the answer, cleaned and capped; the owner clause is kept as written")
    owner: str | None = None
    owner_role: str | None = None
    start: date | None = None
    due: date | None = None
    recurrence: str | None = Field(
        default=None,
        description="daily | weekly | biweekly | monthly | quarterly | each semester | annually",
    )
    resources: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    date_phrases: list[str] = Field(
        default_factory=list, description="the phrase behind start (first, when set), then the one behind due"
    )
    unparsed_date: str | None = Field(default=None, description="a date-like phrase that could not be resolved")


# --------------------------------------------------------------------------------------------- text cleanup

# Invisible characters that only confuse matching or hide text: C0/C1 controls, zero-width space, direction
# overrides and isolates, BOM, lone surrogates. ZWJ/ZWNJ stay: emoji sequences and some scripts need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": " ", "\x0c": " "})
_H_SPACE = re.compile(r"[^\S\n]+")
_AROUND_NEWLINE = re.compile(r" ?\n[ \n]*")
# One character for one character, so spans found in the folded text are the same spans in the clean text.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = _INVISIBLE.sub("", text)
    text = _H_SPACE.sub(" ", text)
    return _AROUND_NEWLINE.sub("\n", text).strip()


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


_LABEL_LINE = re.compile(
    r"^[-*•\s]*(?:owners?|responsible(?:\s+(?:party|person|people|staff))?|person\s+responsible|lead|"
    r"point\s+person|who|when|due(?:\s+date)?|deadline|start(?:\s+date)?|timeline|frequency|recurrence|"
    r"resources?(?:\s+needed)?|materials|budget|funding|measures?(?:\s+of\s+success)?|success\s+measures?|"
    r"targets?|evidence|metrics?|indicators?|assigned\s+to)\s*[:=]\s*\S.*$",
    re.IGNORECASE,
)
_ACTION_LABEL = re.compile(r"^\s*(?:action(?:\s+step)?|proposed\s+action)\s*[:=-]\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•▪◦·]+|\(?[0-9]{1,2}[.)])\s+")


def _describe(clean: str) -> str:
    """The answer as one line; field lines such as "Owner: Pat" are dropped when other text remains."""
    lines = [_BULLET.sub("", line).strip() for line in clean.split("\n")]
    lines = [line for line in lines if line]
    kept = [line for line in lines if not _LABEL_LINE.match(line)]
    text = " ".join(kept or lines)
    text = _ACTION_LABEL.sub("", text)
    return _cap(text, DESCRIPTION_MAX)


# ------------------------------------------------------------------------------------------------ recurrence

_WD_NAMES = r"(?:monday|tuesday|wednesday|thursday|friday)"
_RECURRENCE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "daily",
            r"\b(?:daily|every\s+(?:single\s+)?(?:school\s+)?(?:day|morning|afternoon)|"
            r"each\s+(?:school\s+)?(?:day|morning|afternoon)|once\s+(?:a|per|each)\s+day|per\s+day)\b",
        ),
        (
            "biweekly",
            r"\b(?:bi-?weekly|every\s+(?:other|second|2nd|two|2)\s+weeks?|(?:twice|two\s+times|2\s*x)\s+"
            r"(?:a|per|each|every)\s+month|semi-?monthly|fortnightly|every\s+fortnight)\b",
        ),
        (
            "weekly",
            rf"\b(?:weekly|every\s+week|each\s+week|once\s+(?:a|per|each)\s+week|per\s+week|"
            rf"(?:every|each)\s+{_WD_NAMES}|on\s+{_WD_NAMES}s)\b",
        ),
        (
            "monthly",
            r"\b(?:monthly|every\s+month|each\s+month|once\s+(?:a|per|each)\s+month|per\s+month|"
            r"(?:of|in)\s+(?:each|every)\s+month)\b",
        ),
        (
            "quarterly",
            r"\b(?:quarterly|every\s+quarter|each\s+quarter|once\s+(?:a|per|each)\s+quarter|per\s+quarter|"
            r"(?:every|each|per)\s+(?:marking|grading)\s+period|(?:four|4)\s+times\s+(?:a|per|each)\s+"
            r"(?:school\s+)?year|every\s+(?:three|3)\s+months|every\s+(?:nine|9)\s+weeks)\b",
        ),
        (
            "each semester",
            r"\b(?:(?:every|each|per)\s+semester|once\s+(?:a|per|each)\s+semester|semesterly|"
            r"(?:twice|two\s+times)\s+(?:a|per|each)\s+(?:school\s+)?year|semi-?annually|every\s+(?:six|6)\s+months)\b",
        ),
        (
            "annually",
            r"\b(?:annually|yearly|once\s+(?:a|per|each)\s+(?:school\s+)?year|(?:every|each|per)\s+(?:school\s+)?year|"
            r"every\s+twelve\s+months)\b",
        ),
    )
)


def _recurrence(work: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The first recurrence named, and the spans of phrase-like mentions ("every month", not "monthly")."""
    best: tuple[int, int, str] | None = None
    phrase_spans: list[tuple[int, int]] = []
    for name, pattern in _RECURRENCE:
        for m in pattern.finditer(work):
            if re.search(r"\s", m.group()):
                phrase_spans.append(m.span())
            key = (m.start(), -(m.end() - m.start()), name)
            if best is None or key[:2] < best[:2]:
                best = key
    return (best[2] if best else None), sorted(phrase_spans)


# ----------------------------------------------------------------------------------------------------- dates

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
# A numeric date must not continue a number, a fraction or a decimal.
_NUMG = r"(?<![0-9/.,])"

_CORE = re.compile(
    "|".join(
        [
            rf"{_NUMG}(?P<iso>(?P<iso_y>[0-9]{{4}})(?P<iso_s>[-/.])(?P<iso_m>[0-9]{{1,2}})(?P=iso_s)"
            rf"(?P<iso_d>[0-9]{{1,2}}))(?![0-9]|[-/.][0-9])",
            rf"{_NUMG}(?P<us3>(?P<us3_m>[0-9]{{1,2}})(?P<us3_s>[-/])(?P<us3_d>[0-9]{{1,2}})(?P=us3_s)"
            rf"(?P<us3_y>[0-9]{{4}}|[0-9]{{2}}))(?![0-9]|[-/.][0-9])",
            rf"{_NUMG}(?P<us2>(?P<us2_m>[0-9]{{1,2}})/(?P<us2_d>[0-9]{{1,2}}))(?![0-9]|/[0-9]|\.[0-9])",
            rf"\b(?P<md>(?P<md_mon>{_MON})\.?\s+(?P<md_d>[0-9]{{1,2}}){_SUF}?\b(?:,?\s+(?P<md_y>[0-9]{{4}})(?![0-9]))?)",
            rf"\b(?P<dm>(?P<dm_the>the\s+)?(?P<dm_d>[0-9]{{1,2}})(?P<dm_suf>{_SUF})?\s+(?P<dm_of>of\s+)?"
            rf"(?P<dm_mon>{_MON})\b\.?(?:,?\s+(?P<dm_y>[0-9]{{4}})(?![0-9]))?)",
            r"\b(?P<brk>(?:the\s+)?(?:winter|holiday|christmas|december|spring|thanksgiving|fall|autumn|mid-?winter|"
            r"february|easter|summer|march)\s+(?:break|recess|vacation|holidays?)|(?:the\s+)?(?:winter|christmas)\s+"
            r"holidays|the\s+holidays|thanksgiving)\b",
            r"\b(?P<np>(?:the\s+)?(?:(?P<np_ord>first|1st|second|2nd|third|3rd|fourth|4th|fall|autumn|spring)\s+"
            r"(?P<np_unit>semester|term|quarter|marking\s+period|grading\s+period|nine\s+weeks)|"
            r"(?P<np_unit2>semester|term|quarter|marking\s+period|grading\s+period)\s+(?P<np_num>one|two|three|four|[1-4])|"
            r"q(?P<np_q>[1-4]))(?:\s+(?:of\s+)?(?P<np_y>[0-9]{4}(?:\s*[-/]\s*(?:[0-9]{4}|[0-9]{2}))?))?)\b",
            r"\b(?P<sd>(?:the\s+)?(?P<sd_w>first|last)\s+day\s+of\s+(?:school|classes|the\s+school\s+year))\b",
            r"\b(?P<rel>(?P<rel_w>the\s+next|the\s+following|the\s+current|this\s+coming|the|this|next|current|coming|"
            r"following)\s+(?:(?P<rel_k>school|academic|calendar|fiscal)\s+)?(?P<rel_u>week|month|quarter|semester|"
            r"term|year|marking\s+period|grading\s+period))\b",
            rf"\b(?P<wd>(?:(?P<wd_rel>this\s+coming|next|this|coming)\s+)?(?P<wd_n>{_WD})\b\.?)"
            rf"(?!,?\s+(?:the\s+)?[0-9]{{1,2}}{_SUF}?\s+(?:of\s+)?{_MON}\b|,?\s+{_MON}\.?\s+[0-9]|,?\s+[0-9]{{1,4}}[-/][0-9])",
            # School shorthand: beginning, middle and end of year (as in BOY/MOY/EOY benchmarks), month, week,
            # quarter, semester. Upper case only: "boy" is a word.
            r"\b(?P<acr>(?-i:BOY|MOY|EOY|EOM|EOW|EOQ|EOS))\b",
            r"\b(?P<rd>today|tomorrow|tonight|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|business)|eod|cob|now|"
            r"immediately|right\s+away)\b",
            r"\b(?P<sea>(?:(?P<sea_rel>this\s+coming|next|this|the|coming)\s+)?(?P<sea_n>fall|autumn|spring|winter|summer)"
            r"(?:\s+(?:of\s+)?(?P<sea_y>[0-9]{4})(?![0-9]))?)\b",
            rf"\b(?P<mo>(?P<mo_mon>{_MON})\b\.?(?:,?\s+(?P<mo_y>[0-9]{{4}})(?![0-9]))?)",
            rf"\b(?P<od>the\s+(?P<od_d>[0-9]{{1,3}}){_SUF})\b",
            rf"\b(?P<dur>(?P<dur_n>{_NUMW})\s+(?P<dur_k>(?:school|business|working|calendar|instructional)\s+)?"
            r"(?P<dur_u>hours?|days?|weeks?|months?|years?))\b(?P<dur_now>\s+from\s+(?:now|today))?",
        ]
    ),
    re.IGNORECASE,
)

_CUE = re.compile(
    r"\b(?:"
    r"(?P<c_start>starting(?:\s+(?:on|in|at|from|the\s+week\s+of))?|start(?:s|ed)?(?:\s+(?:on|in|at|date|the\s+week\s+of))?|"
    r"beginning(?:\s+(?:on|in|at))?|begin(?:s|ning)?(?:\s+(?:on|in|at))?|commencing|effective|as\s+of|"
    r"kick(?:s|ing|ed)?\s+off(?:\s+(?:on|in|at))?|launch(?:es|ing|ed)?(?:\s+(?:on|in|at))?|"
    r"roll(?:s|ing|ed)?\s+(?:it\s+)?out(?:\s+(?:on|in|at))?)"
    r"|(?P<c_from>from)"
    r"|(?P<c_after>after|following)"
    r"|(?P<c_before>before|prior\s+to|ahead\s+of)"
    r"|(?P<c_by>no\s+later\s+than|not\s+later\s+than|at\s+the\s+latest\s+by|due\s+by|by)"
    r"|(?P<c_between>between)"
    r"|(?P<c_next>(?:in|within|over|during|for)\s+the\s+(?:next|coming|following))"
    r"|(?P<c_in>due(?:\s+date)?(?:\s+(?:is|on|in|at))?|deadline(?:\s+(?:is|of))?|end(?:s|ing)?(?:\s+(?:on|in|at))?|"
    r"until|till|til|up\s+to|through|thru|throughout|within|during|in|over|timeline|target\s+date)"
    r"|(?P<c_on>on|at)"
    r")\s*[:,]?\s*"
    rf"(?:(?:on\s+)?{_WD}\.?,?\s+)?$",
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
_OWNER_BY = re.compile(
    r"\b(?:led|owned|facilitated|coordinated|overseen|managed|run|organi[sz]ed|chaired|headed|delivered|conducted|"
    r"handled|supervised|driven|championed|spearheaded|presented|taught|hosted|completed|done|prepared|drafted|"
    r"written|created|developed|reviewed|approved|signed)\s*$",
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

_Cue = Literal["start", "from", "after", "before", "by", "between", "next", "in", "on"]
_Kind = Literal["day", "month", "period", "relative", "break", "duration"]


@dataclass
class _Core:
    """A date expression before its cue is applied: candidate periods, earliest first."""

    kind: _Kind
    options: list[tuple[date, date]]
    needs_cue: bool = False
    invalid: bool = False
    start_only: bool = False


@dataclass
class _Hit:
    span: tuple[int, int]
    start: date | None = None
    due: date | None = None
    unparsed: bool = False
    exact: bool = False  # names a day ("by dec 4"), not a span or a lag ("in spring", "within 10 days")


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
        day = _safe_date(y, mo, d) if 1900 <= y <= 2100 else None
        return _Core("day", [(day, day)] if day else [], invalid=day is None)
    if g("us2") or g("md") or g("dm"):
        if g("us2"):
            mo, d, given = int(g("us2_m")), int(g("us2_d")), None
            if not 1 <= mo <= 12:
                return _Core("day", [], invalid=True, needs_cue=True)
        elif g("md"):
            mo, d, given = _month_of(g("md_mon")), int(g("md_d")), g("md_y")
        else:
            month_word = g("dm_mon")
            # "grade 3 may need…" is not the third of May.
            plain = not (g("dm_the") or g("dm_suf") or g("dm_of"))
            if plain and month_word.lower() in ("may", "mar", "march") and (month_word.islower() or not g("dm_y")):
                return None
            mo, d, given = _month_of(month_word), int(g("dm_d")), g("dm_y")
        candidates = [int(given)] if given else list(years)
        days = [day for day in (_safe_date(y, mo, d) for y in candidates if 1900 <= y <= 2100) if day]
        return _Core("day", [(day, day) for day in days], invalid=not days, needs_cue=bool(g("us2")))
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
            schools = [SchoolYear.starting(_fall_year_for(g("np_y"), second_half))]
        options = [(sy.semesters[index] if semester else sy.quarters[index]) for sy in schools]
        return _Core("period", options, needs_cue=not g("np_y"))
    if g("sd"):
        first = g("sd_w").lower() == "first"
        options = [((sy.start, sy.start) if first else (sy.end, sy.end)) for sy in _school_years(year)]
        return _Core("day", options, needs_cue=True)
    if g("rel"):
        return _relative(g("rel_w"), g("rel_k"), g("rel_u"), today, year)
    if g("wd"):
        target = _weekday_of(g("wd_n"))
        rel = (g("wd_rel") or "").lower()
        if rel == "next":
            monday = today + timedelta(days=7 - today.weekday())
            day = monday + timedelta(days=target)
        else:
            day = today + timedelta(days=(target - today.weekday()) % 7)
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
        return _Core("day", [(day, day) for day in days], needs_cue=True, invalid=not days)
    if g("dur"):
        return _duration(g("dur_n"), g("dur_k"), g("dur_u"), today)
    return None


def _shorthand(word: str, today: date, year: SchoolYear) -> _Core:
    if word in ("BOY", "MOY", "EOY"):
        day = {"BOY": year.start, "MOY": year.fall[1], "EOY": year.end}[word]
        return _Core("relative", [(day, day)], needs_cue=True)
    unit = {"EOM": "month", "EOW": "week", "EOQ": "quarter", "EOS": "semester"}[word]
    period = _relative("this", None, unit, today, year).options[0]
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
    needs_cue = word in ("the", "the current", "current")
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
        periods = [p for sy in schools for p in sy.quarters]
    # "This semester" is the plan year's: the one under way, or its first if the year has not begun.
    current, following = _current_and_next(periods, max(today, year.start))
    return _Core("relative", [following if upcoming else current], needs_cue=needs_cue)


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


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _scan_dates(work: str, today: date, year: SchoolYear, answer: bool) -> _DateScan:
    hits: list[_Hit] = []
    pos = 0
    for _ in range(MAX_DATE_MATCHES):
        m = _CORE.search(work, pos)
        if m is None:
            break
        pos = m.end()
        try:
            hit = _date_hit(work, m, today, year, answer)
        except (ValueError, OverflowError):  # arithmetic beyond the calendar: treat as unreadable
            hit = _Hit(m.span(), unparsed=True)
        if hit is None:
            continue
        hits.append(hit)
        pos = max(pos, hit.span[1])
    unparsed = [h.span for h in hits if h.unparsed]
    unparsed += _unparsed_words(work, answer, [h.span for h in hits])
    return _DateScan([h for h in hits if h.start or h.due], sorted(unparsed))


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
    cue_m = _CUE.search(window)
    cue = _cue_kind(cue_m)
    if cue_m and _OWNER_BY.search(window[: cue_m.start()]):
        return None  # "led by May" names a person, whatever it looks like
    phrase_start = window_start + (cue_m.start() if cue_m else len(window))

    span_end = m.end()
    range_core: _Core | None = None
    # Weekday spans ("Monday through Friday") are schedules, not start and due dates.
    if cue in (None, "start", "from", "between") and core.kind in ("day", "month", "period") and not m.group("wd"):
        sep = _RANGE_SEP.match(work, m.end())
        if sep and (sep.group("dash") or (sep.group("word") or "").lower() != "and" or cue == "between"):
            m2 = _CORE.match(work, sep.end())
            second = _interpret(m2, today, year) if m2 else None
            if m2 and second and second.kind in ("day", "month", "period") and not (m2.group("wd") or m2.group("rd")):
                range_core = second
                span_end = m2.end()
    if m.group("wd") and cue is None and not answer:
        sep = _RANGE_SEP.match(work, m.end())
        m2 = _CORE.match(work, sep.end()) if sep else None
        if m2 and m2.group("wd"):
            return _Hit((m.start(), m2.end()))  # "Monday through Friday" is a schedule: skip both days
    if range_core is None and not _accepts(core, m, cue, mod, answer, work):
        return None
    if m.group("us2") and core.invalid and cue is None and not answer:
        return None  # "13/45" with nothing around it is a fraction, not a failed date
    if cue in ("from", "between") and range_core is None and (core.kind != "day" or cue == "between"):
        return None  # "data from spring" is a source, not a start date

    span = (phrase_start, span_end)
    if _LAG_TAIL.match(work, span_end) and core.kind in ("duration", "relative"):
        return _Hit(span)  # "within 2 days of each assessment", "within 30 days of hire": a lag, not a due date
    if _POSSESSIVE.match(work, span_end) or (core.kind == "relative" and _EVENT_RELATIVE.match(work, phrase_start)):
        return _Hit(span)  # "next month's session" names a thing; "its own meeting the next week" follows an event
    if core.invalid or (range_core is not None and range_core.invalid):
        return _Hit(span, unparsed=True)
    is_start = cue in ("start", "from", "after", "between") or range_core is not None
    first_date = _resolve(core, "start" if range_core is not None else cue, mod, today, year, starting=is_start)
    if first_date is None:
        return _Hit(span, unparsed=True)
    if range_core is not None:
        due = _resolve(range_core, "in", None, first_date, year)
        if due is None:
            return _Hit(span, unparsed=True)
        return _Hit(span, start=first_date, due=due)
    if is_start:
        return _Hit(span, start=first_date)
    cue_word = " ".join(cue_m.group().strip(" :,").lower().split()) if cue_m else ""
    if (
        not answer
        and cue_word in ("", "in", "during", "over", "throughout")
        and mod is None
        and core.kind in ("month", "period")
        and (m.group("mo") or m.group("sea"))
    ):
        # "in february", "sometime in march", "in the fall": a month or a season gives no day. Writing its last
        # day into the plan would be a guess, so the date stays open and the team is asked.
        return _Hit(span, unparsed=True)
    if core.start_only:
        return None
    return _Hit(span, due=first_date, exact=core.kind == "day")


_LAG_TAIL = re.compile(r"\s+(?:of|after|from|following)\s+(?!now\b|today\b)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
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
    if core.start_only and cue != "start":
        return False
    if cue == "on" and core.kind not in ("day",) and not mod:
        return False
    if m.group("us2") and cue is None and not answer:
        if _SCORE_BEFORE.search(work[max(0, m.start() - 25) : m.start()]):
            return False  # "a rubric score of 3/4."
        tail = work[m.end() : m.end() + 3]
        return bool(_US2_END.match(tail)) or bool(_RANGE_SEP.match(tail) and "-" in tail[:2])
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


# ----------------------------------------------------------------------------------------------------- owner

_HEADS = (
    r"(?:principals?|superintendents?|supts?|coach(?:es)?|teams?|committees?|council|board|department|dept|office|"
    r"directors?|coordinators?|specialists?|counsell?ors?|deans?|chairs?|chairperson|heads?|leads?|leaders?|"
    r"liaisons?|facilitators?|administrators?|administration|admin|managers?|supervisors?|officers?|analysts?|"
    r"psychologists?|social\s+workers?|nurses?|librarians?|mentors?|trainers?|consultants?|interventionists?|"
    r"teacher|secretary|registrar|navigators?|advocates?|designee|cabinet|partner\s+organi[sz]ation|"
    r"(?-i:HR|IT|APs?|PLCs?|SLT|ILT|BLT|DLT|SIT))"
)
_VAGUE_HEADS = frozenset({"team", "teams"})
_DETERMINER = r"(?:(?P<det>the|our|my|your|their|his|her|each|every)\s+)?"
_MODW = (
    r"(?!(?:and|or|the|a|an|of|will|shall|would|can|could|should|must|to|with|for|by|in|on|at|is|are|be|was|were|"
    r"our|my|their|your|his|her|its|this|that|these|those|we|i|they|he|she|it|you|who|which|all|each|every|some|"
    r"any|no|not|also|then|so|if|when|once|please)\b)[^\W_][\w'&/-]*"
)
_ROLE = re.compile(
    rf"{_DETERMINER}(?P<body>(?:{_MODW}\s+){{0,4}}(?P<head>{_HEADS})\b(?:\s+(?:of|for)\s+(?:the\s+)?{_MODW}"
    rf"(?:\s+(?:and\s+|&\s+)?{_MODW}){{0,3}})?)",
    re.IGNORECASE,
)
_TITLE_SRC = (
    r"(?P<title>(?:Mr|Mrs|Ms|Mx|Dr|Prof|Supt|Rev)\.?|Miss|Professor|Coach|Principal|Superintendent|Dean|Director|"
    r"Assistant\s+Principal|Vice\s+Principal|Assistant\s+Superintendent|Counselor|Nurse|Chief)\s+(?=[^\W\d_])"
)
_TITLE = re.compile(_TITLE_SRC)
_TITLE_ANY_CASE = re.compile(_TITLE_SRC, re.IGNORECASE)
_TITLE_ROLES = {
    "coach": "coach", "principal": "principal", "superintendent": "superintendent", "supt": "superintendent",
    "supt.": "superintendent", "dean": "dean", "director": "director", "assistant principal": "assistant principal",
    "vice principal": "vice principal", "assistant superintendent": "assistant superintendent",
    "counselor": "counselor", "nurse": "nurse",
}  # fmt: skip
_HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "miss", "professor"})
_NAME_TOKEN = re.compile(r"[^\W\d_]\.(?=\s)|[^\W\d_]+(?:-[^\W\d_]+|'(?!(?:ll|s|d|re|ve|t|m)\b)[^\W\d_]+)*")
_ONE_SPACE = re.compile(r" (?=\S)")
_PARTICLES = frozenset({"de", "la", "van", "von", "der", "del", "da", "di", "du", "le", "bin", "al", "ten", "ter"})

# Capitalised words that start sentences in these answers but are not names.
_NAME_STOP_WORDS = """
    a about above action actions additionally admin administration administrators after afternoon again all also
    always an and annual annually any anyone anybody april are as assessment assessments at attendance august
    autumn be been before beginning behavior being below benchmark benchmarks between biweekly board both budget
    but by calendar calls can classroom classrooms coach coaches coaching collect communication community conduct
    could create curriculum daily data day days december department design develop district do does done due
    during each ela email emails end english ensure equity establish evening every everybody everyone everything
    family families february feedback fidelity final finally first focus for friday from fall funding funds further
    goal goals grade grades has have he her here hiring his hold host how however i identify if implement
    implementation in instruction instructional intervention interventions into invite is it its january july june
    last launch leadership literacy math may me meanwhile measure measures meet meeting meetings mentor mentoring
    mentors monday monitor month monthly months moreover morning mtss my never new newsletter next no nobody none
    nothing november now observation observations observe october of office often ok okay on once onboarding one
    or our over owner parent parents pbis pd per perhaps plan planning plans plc plcs please principal principals
    probably professional progress protocol protocols provide quarter quarterly reading recruitment report reports
    resource resources responsible result results review reviews revise rubric rubrics saturday schedule schedules
    school schools science second sel selection semester september send share she should since so some someone
    somebody something sometimes spanish spring staff start starting still student students summer sunday support
    supports sure survey surveys target targets teacher teachers team teams term than thanks that the their them
    then there therefore these they third this those through throughout thursday thus title to today tomorrow tool
    tools track train training trainings translation tuesday twice under until update us use used using usually
    via walkthrough walkthroughs was we website wednesday week weekly weeks were what when where which while who
    why will winter with within without would year yearly years yes yet you your lead leads leader leaders
    ongoing every each jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun fy sy pto parents teachers grade-level schoolwide districtwide building campus families staff ell ells
    sped iep ieps ap hr it pto pta tbd n/a na unknown everyone nobody ask assign give let lets let's maybe
    soon later asap whenever eventually sometime anytime nope yep yeah idk dunno skip pass unassigned vacant open
    hire hired new-hire none n-a no-one noone self myself yourself ourselves them him
    """
_NAME_STOP = frozenset(_NAME_STOP_WORDS.split())
_NOUN_SUFFIXES = ("ing", "tion", "sion", "ment", "ness", "ity", "ities", "ance", "ence", "ship", "ism", "ology", "ics")

_VAGUE_SUBJECT = re.compile(
    r"(?:i|we|us|they|he|she|you|someone|somebody|everyone|everybody|anyone|nobody|all\s+of\s+us|it|this|that|"
    r"there|these|those|let's|lets)\b",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\s*,?\s*(?:"
    r"(?P<passive>(?:will|shall|would|can|could|should|must)\s+be\s+|(?:is|are|to)\s+be\s+|(?:is|are)\s+)"
    r"(?P<participle>[a-z]+(?:ed|en)|held|done|made|given|shown|taught|built|sent|set|kept|paid|led|run|met|read|"
    r"brought|bought|put|told|written|chosen)\b"
    r"|'ll\b|'s\s+going\s+to\b|will\b|shall\b|can\b|could\b|would\b|should\b|must\b|(?:is|are)\s+going\s+to\b|"
    r"(?:is|are|will\s+be)\s+(?:responsible|in\s+charge|accountable|leading|taking|handling|owning|organi[sz]ing|"
    r"coordinating|facilitating|scheduling|the\s+(?:owner|lead|point\s+person))\b|"
    r"(?:has|have)\s+(?:agreed|volunteered|offered)\s+to\b|(?:agreed|volunteered|offered|plans?|needs?|intends?)\s+to\b|"
    r"to\s+(?=[a-z])|(?:co-?)?(?:lead|own|oversee|coordinate|facilitate|manage|run|handle|schedule|organi[sz]e|chair|"
    r"drive|monitor|track|take|send|review|present|train|coach|meet|collect|share|develop|create|draft|update|"
    r"analy[sz]e|host|conduct|provide|deliver|plan|check|prepare|write|build|lead)(?:s|es)?\b)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    r"[.!?;:\n>]+[\"')\]]*\s*|,\s*|\b(?:and|then|also|so|but|first|next|finally|additionally|afterwards|meanwhile)\s+",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"[-*•▪◦·>\"'(\[\s]*")
_COMMA_SPACE = re.compile(r"[\s,]*")
_CONJ = re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
_PRONOUN_CONJUNCT = re.compile(r"(?:i|me|myself|we|us)\b", re.IGNORECASE)
_APPOS_OPEN = re.compile(r"\s*(?:,|\(|\s[-–—])\s*")
_APPOS_CLOSE = re.compile(r"\s*\)|\s*,|\s+-(?=\s)|(?=\s*(?:[.;:\n]|$))")
_ROLE_THEN_NAME = re.compile(r"\s*,\s*|\s+")
_COMMA = re.compile(r"\s*,")
_DESIGNEE = re.compile(r"\s+or\s+(?:(?:a|the|his|her|their)\s+)?designee\b", re.IGNORECASE)
_OWNER_LABEL = re.compile(
    r"(?:^|(?<=[\s;,.(>]))(?:owners?|owned\s+by|responsible(?:\s+(?:party|person|people|staff))?|person\s+responsible|"
    r"(?:action\s+)?lead(?:er)?s?|point\s+(?:person|of\s+contact)|accountable|who|assigned\s+to|assignee|contact)"
    r"\s*(?::|=|\s[-–—]\s)\s*(?:</?[a-z][^<>\n]{0,30}>\s*)*(?P<value>[^\n;]{1,200})",
    re.IGNORECASE,
)
_ASSIGN = re.compile(
    r"\b(?:assign(?:ed|ing|s)?|give|giving|gave|hand(?:ed|ing|s)?|delegat(?:e|ed|es|ing))\s+"
    r"(?:(?:it|this|that|this\s+one|the\s+(?:task|action|work|job))\s+)?(?:over\s+)?to\s+",
    re.IGNORECASE,
)
_BY_OWNER = re.compile(
    r"\b(?:co-?)?(?:led|owned|facilitated|coordinated|overseen|managed|run|organi[sz]ed|chaired|headed|delivered|"
    r"conducted|handled|supervised|driven|championed|spearheaded|presented|taught|hosted|completed|done|prepared|"
    r"drafted|written|created|developed|reviewed)\s+by\s+",
    re.IGNORECASE,
)
_ASK = re.compile(
    r"\b(?:(?P<ask>ask|asking|asked|invite|invited)|have|get)\s+(?=(?-i:[A-Z])|the\s|our\s)", re.IGNORECASE
)
_ASK_VERB = re.compile(
    r"\s+(?P<to>to\s+)?(?:lead|draft|create|schedule|send|review|present|run|own|coordinate|facilitate|organi[sz]e|"
    r"plan|write|collect|share|update|host|check|prepare|build|develop|monitor|track|handle|manage|oversee|call|email|"
    r"contact|train|coach|model|observe|analy[sz]e|design|post|take|set\s+up|put\s+together|pull|compile|map)\b"
)
# Words of a role that are lowercased when a sentence or a heading capitalised them.
_ROLE_VOCAB_WORDS = """
    principal principals superintendent superintendents coach coaches team teams committee committees council
    board department dept office director directors coordinator coordinators specialist specialists counselor
    counselors counsellor counsellors dean deans chair chairs chairperson head lead leads leader leaders liaison
    liaisons facilitator facilitators administrator administrators administration admin manager managers
    supervisor supervisors officer officers analyst analysts psychologist psychologists social worker workers
    nurse nurses librarian librarians mentor mentors trainer trainers consultant consultants interventionist
    interventionists teacher secretary registrar navigator navigators advocate advocates designee cabinet
    assistant associate deputy vice executive chief senior instructional literacy reading math mathematics data
    school district building leadership implementation improvement curriculum grade-level family community
    engagement equity attendance behavior assessment professional development human resources special education
    student services support learning intervention family-engagement site central partner organization
    organisation of and for the
    """
_ROLE_VOCAB = frozenset(_ROLE_VOCAB_WORDS.split())
_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|um+|uh+|well|so|yes|yeah|sure|hmm+)[,.!]?\s+)*"
    r"(?:(?:i\s+think|i'd\s+say|probably|maybe|perhaps|let's\s+(?:say|go\s+with)|how\s+about|"
    r"(?:the\s+)?owner\s+(?:is|will\s+be|should\s+be)|it'?s|it\s+is|it'll\s+be|it\s+will\s+be|that'?s|that\s+is|"
    r"that'd\s+be|that\s+would\s+be|that\s+will\s+be|should\s+be|will\s+be|assign\s+(?:it\s+)?to|give\s+it\s+to|"
    r"put|definitely|likely)[,:]?\s+)*",
    re.IGNORECASE,
)
_VAGUE_ANSWER = re.compile(
    r"(?:i|me|myself|we|us|nobody|no\s+one|none|not\s+sure(?:\s+yet)?|unsure|unknown|tbd|tba|n/?a|"
    r"don'?t\s+know|do\s+not\s+know|no\s+idea|everyone|everybody|all\s+of\s+us|the\s+team|our\s+team|"
    r"the\s+whole\s+team|someone|somebody|anyone|whoever|nobody\s+yet|later|skip|pass)\s*[.!?]*$",
    re.IGNORECASE,
)
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*(?:\s+[^\W\d_]+(?:[-'][^\W\d_]+)*){0,2}")


@dataclass
class _Unit:
    owner: str
    role: str | None
    end: int


def _valid_name_token(token: str, strict: bool, answer: bool) -> bool:
    if not token[0].isupper():
        # Typed in lower case ("ms. lee"): only trusted in a direct answer, and never a common word.
        return answer and token.lower() not in _NAME_STOP
    if len(token) > 1 and token.isupper() and not token.endswith("."):
        return False  # an acronym such as ELA or PBIS
    return not (strict and token.lower() in _NAME_STOP)


def _name_at(s: str, p: int, answer: bool) -> _Unit | None:
    title_m = (_TITLE_ANY_CASE if answer else _TITLE).match(s, p)
    title = re.sub(r"\s+", " ", title_m.group("title")) if title_m else ""
    honorific = title.lower().rstrip(".") in _HONORIFICS
    q = title_m.end() if title_m else p
    tokens: list[str] = []
    end = q
    while len(tokens) < 4:
        tm = _NAME_TOKEN.match(s, q)
        if tm is None:
            break
        token = tm.group()
        if tokens and token.lower() in _PARTICLES:
            sp = _ONE_SPACE.match(s, tm.end())
            nxt = _NAME_TOKEN.match(s, sp.end()) if sp else None
            if nxt is None or not nxt.group()[0].isupper():
                break
        elif not _valid_name_token(token, strict=not honorific, answer=answer and bool(title)):
            break
        tokens.append(token)
        end = tm.end()
        sp = _ONE_SPACE.match(s, end)
        if sp is None:
            break
        q = sp.end()
    while tokens and tokens[-1].lower() in _PARTICLES:
        tokens.pop()
    if not tokens:
        return None
    if not title and len(tokens) == 1:
        word = tokens[0].lower()
        if len(word) < 2 or word.endswith(_NOUN_SUFFIXES):
            return None
    name = " ".join(t[0].upper() + t[1:] if t.islower() and t.lower() not in _PARTICLES else t for t in tokens)
    if title:
        display_title = title if not title.islower() else title[0].upper() + title[1:]
        return _Unit(f"{display_title} {name}", _TITLE_ROLES.get(title.lower()), end)
    return _Unit(name, None, end)


def _role_text(body: str) -> str:
    words = re.sub(r"\s+", " ", body).split(" ")
    return " ".join(w.lower() if w.lower() in _ROLE_VOCAB else w for w in words)


def _role_at(s: str, p: int) -> _Unit | None:
    m = _ROLE.match(s, p)
    if m is None:
        return None
    body = m.group("body")
    if m.group("head").lower() in _VAGUE_HEADS and body.lower() == m.group("head").lower():
        return None  # "the team" is the people in the room; the assistant should ask who
    role = _role_text(body)
    det = (m.group("det") or "").lower()
    if det in ("each", "every") and m.group("head").lower() == "teacher":
        return None  # "every teacher will…" describes who takes part, not who owns it
    owner = f"{det} {role}" if det in ("each", "every") else f"the {role}" if det else role
    designee = _DESIGNEE.match(s, m.end())
    if designee:
        return _Unit(f"{owner} or designee", role, designee.end())
    return _Unit(owner, role, m.end())


def _unit_at(s: str, p: int, answer: bool) -> _Unit | None:
    """One owner: a titled name, a role or a name, with a role or a name in apposition."""
    if (_TITLE_ANY_CASE if answer else _TITLE).match(s, p):
        unit = _name_at(s, p, answer)
        if unit:
            return _with_apposition(s, unit, answer)
    role = _role_at(s, p)
    if role:
        after = _ROLE_THEN_NAME.match(s, role.end)
        if after:
            name = _name_at(s, after.end(), answer=False)
            if name and not _ROLE.match(s, after.end()):
                close = _COMMA.match(s, name.end)
                return _Unit(name.owner, role.role, close.end() if close else name.end)
        return role
    unit = _name_at(s, p, answer)
    return _with_apposition(s, unit, answer) if unit else None


def _with_apposition(s: str, unit: _Unit, answer: bool) -> _Unit:
    opener = _APPOS_OPEN.match(s, unit.end)
    if opener is None:
        return unit
    role = _role_at(s, opener.end())
    if role is None:
        return unit
    closer = _APPOS_CLOSE.match(s, role.end)
    if closer is None:
        return unit
    if closer.group() == "" and not answer:
        return unit
    return _Unit(unit.owner, role.role if unit.role is None else unit.role, closer.end())


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _owner_group(s: str, p: int, answer: bool) -> _Unit | None:
    unit = _unit_at(s, p, answer)
    if unit is None:
        return None
    units = [unit]
    end = unit.end
    while len(units) < 5:
        conj = _CONJ.match(s, end)
        if conj is None:
            break
        pron = _PRONOUN_CONJUNCT.match(s, conj.end())
        if pron:  # "Dana and I will…": the speaker adds nothing the assistant can record
            end = pron.end()
            continue
        nxt = _unit_at(s, conj.end(), answer)
        if nxt is None:
            break
        units.append(nxt)
        end = nxt.end
    roles = list(dict.fromkeys(u.role for u in units if u.role))
    return _Unit(_join([u.owner for u in units]), _join(roles) if roles else None, end)


def _is_passive(verb: re.Match[str]) -> bool:
    participle = (verb.group("participle") or "").lower()
    return bool(verb.group("passive")) and participle not in ("", "responsible")


def _skip(pattern: re.Pattern[str], s: str, p: int) -> int:
    m = pattern.match(s, p)
    return m.end() if m else p


def _subject_at(s: str, p: int) -> _Unit | None:
    p = _skip(_LEAD_IN, s, p)
    if p >= len(s):
        return None
    vague = _VAGUE_SUBJECT.match(s, p)
    if vague and not (len(vague.group()) > 1 and vague.group().isupper()):  # "IT will…" is a department
        return None
    group = _owner_group(s, p, answer=False)
    if group is None:
        return None
    verb = _VERB.match(s, group.end)
    if verb is None or _is_passive(verb):
        return None
    return group


def _value_owner(value: str) -> _Unit | None:
    """An owner written after "Owner:", "assign it to" or "led by", where no verb follows."""
    value = value[_skip(_LEAD_IN, value, 0) :]
    unit = _owner_group(value, 0, answer=True)
    if unit:
        return unit
    return _lowercase_name(value)


def _lowercase_name(value: str) -> _Unit | None:
    """ "pat" or "dana reyes" typed as a whole answer: a name, capitalised for the plan."""
    value = value.strip(" .,!;:")
    m = _PLAIN_NAME.fullmatch(value)
    if m is None:
        return None
    tokens = value.split()
    if any(t.lower() in _NAME_STOP or t.lower() in _ROLE_VOCAB for t in tokens) or _VAGUE_ANSWER.match(value):
        return None
    if len(tokens) == 1 and (len(tokens[0]) < 2 or tokens[0].lower().endswith(_NOUN_SUFFIXES)):
        return None
    name = " ".join(t[0].upper() + t[1:] if t.islower() else t for t in tokens)
    return _Unit(name, None, len(value))


def _find_owner(work: str, extra_starts: Iterable[int], skip: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    for m in _OWNER_LABEL.finditer(work):
        unit = _value_owner(m.group("value"))
        if unit:
            return unit.owner, unit.role
    for pattern in (_ASSIGN, _BY_OWNER):
        for m in pattern.finditer(work):
            if _overlaps(m.span(), skip):
                continue
            unit = _owner_group(work, m.end(), answer=False)
            if unit:
                return unit.owner, unit.role
    starts = {0, *extra_starts}
    starts.update(m.end() for m in _CLAUSE.finditer(work))
    for p in sorted(starts):
        if p >= len(work) or _overlaps((p, p + 1), skip):
            continue
        unit = _subject_at(work, p)
        if unit:
            return unit.owner, unit.role
    for m in _ASK.finditer(work):  # "we'll ask the principal to present it", "have Jordan draft it"
        unit = _owner_group(work, m.end(), answer=False)
        verb = _ASK_VERB.match(work, unit.end) if unit else None
        if unit and verb and (verb.group("to") or not m.group("ask")) and not _overlaps(m.span(), skip):
            return unit.owner, unit.role
    return None, None


# -------------------------------------------------------------------------------------- resources, measures

_SENTENCE_END = re.compile(r"(?<![0-9])\.(?![0-9])|[!?;\n]")
_MEASURE_CUE = re.compile(
    r"(?P<mb>\b(?:as\s+)?(?:measured|assessed|evaluated|evidenced)\s+(?:by|through|with|using|via)\b)"
    r"|(?P<sl>\bsuccess\s+(?:will\s+)?looks?\s+like\b|\bsuccess\s+(?:means|is|=)|\bsuccess\s+(?:criteria|measures?|"
    r"indicators?)\s*:)"
    r"|(?P<st>\bso\s+that\b)"
    r"|(?P<wk>\bwe(?:'ll|\s+will|\s+would|'d)\s+know\b(?:\s+[\w']+){0,4}?\s+(?:when|if|because)\b)"
    r"|(?P<lab>(?:^|(?<=[\s;,.(>]))(?:targets?|goals?|measures?(?:\s+of\s+success)?|metrics?|indicators?|"
    r"evidence(?:\s+of\s+success)?|benchmarks?|outcomes?)\s*:)",
    re.IGNORECASE,
)
# A "so that" clause is a measure when it can be checked, not when it only gives a purpose.
_CHECKABLE = re.compile(
    r"[0-9%]|\b(?:percent|all|every|each|at\s+least|no\s+more\s+than|fewer|more|less|increase[sd]?|decrease[sd]?|"
    r"reduc\w*|improv\w*|rises?|drops?|grows?|gains?|higher|lower|double|half)\b",
    re.IGNORECASE,
)
_RESOURCE_CUE = re.compile(
    r"(?P<use>\busing\b|\bwith\s+the\s+help\s+of\b|\bwith\s+(?:help|support|funding|funds)\s+from\b|"
    r"\bfunded\s+(?:by|through|with|from|via|out\s+of)\b|\bpaid\s+(?:for\s+)?(?:by|with|from|out\s+of|through)\b|"
    r"\bwe(?:'ll|\s+will|\s+would|'d)?\s+need\b|\bwill\s+need\b|\brequires?\b|\bleverag(?:e|ing)\b|\bdrawing\s+on\b)"
    r"|(?P<lab>(?:^|(?<=[\s;,.(>]))(?:resources?(?:\s+needed)?|materials?|tools?|supplies|funding(?:\s+source)?|"
    r"budget)\s*:)",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"(?:\b(?:a\s+)?budget\s+of\s+)?\$\s?[0-9][0-9,]*(?:\.[0-9]{2})?(?:\s*(?:k|thousand|million)\b)?"
    r"(?:\s+(?:budget|grant|stipends?|allocation))?(?:\s+(?:for|from|in|out\s+of)\s+[^,.;!?\n$]{1,60}?"
    r"(?=[,.;!?\n]|$|\s+(?:to|so|and|but|by|before|starting|which)\b))?",
    re.IGNORECASE,
)
_RESOURCE_STOP = re.compile(
    r"(?<![0-9])\.(?![0-9])|[!?;\n]|\s+(?:so\s+that|so\s+we|in\s+order\s+to|to\s+ensure|which|where|while|because|"
    r"until|before|after|starting|beginning|every|each|led\s+by|with\s+the\s+goal)\b|"
    r"\s+to\s+(?!(?:the|a|an|our|their|all|each|every|support|help)\b)(?=[a-z])|"
    r",?\s+(?:and|but|then)\s+(?=(?:[\w']+\s+){0,3}(?:will|shall|would|can|must|should)\b)",
    re.IGNORECASE,
)
_LIST_STOP = re.compile(r"(?<![0-9])\.(?![0-9])|[!?\n]")
_ITEM_SPLIT = re.compile(r"\s*,(?![0-9]{3}\b)\s*(?:and\s+|or\s+)?|\s*;\s*|\s+(?:as\s+well\s+as|plus)\s+", re.IGNORECASE)
_AND_SPLIT = re.compile(r"\s*,(?![0-9]{3}\b)\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_NO_SPLIT = re.compile(r"(?!)")
_ITEM_TRIM = re.compile(r"^[\s,:;\-]+|[\s,:;.!?\-]+$")


def _items(text: str, splitter: re.Pattern[str]) -> list[str]:
    out = []
    for part in splitter.split(text):
        item = _ITEM_TRIM.sub("", part)
        item = re.sub(r"^(?:and|or|also)\s+", "", item, flags=re.IGNORECASE)
        if len(item) >= 2 and re.search(r"[^\W_]", item):
            out.append(_cap(item, ITEM_MAX))
    return out


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out[:MAX_ITEMS]


def _measures(work: str, clean: str) -> tuple[list[str], list[tuple[int, int]]]:
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in islice(_MEASURE_CUE.finditer(work), MAX_CUES):
        if _overlaps(m.span(), spans):
            continue
        stop = _SENTENCE_END.search(work, m.end(), m.end() + 300)
        end = stop.start() if stop else min(len(work), m.end() + 300)
        text = clean[m.end() : end]
        if m.group("st") and not _CHECKABLE.search(text):
            continue
        spans.append((m.start(), end))
        items.extend(_items(text, _AND_SPLIT if m.group("mb") else _NO_SPLIT))
    return _dedupe(items), spans


def _resources(work: str, clean: str, stops: list[tuple[int, int]], skip: list[tuple[int, int]]) -> list[str]:
    items: list[str] = []
    taken: list[tuple[int, int]] = []
    stop_starts = sorted(a for a, _ in stops)
    for m in islice(_RESOURCE_CUE.finditer(work), MAX_CUES):
        if _overlaps(m.span(), skip):
            continue
        limit = min(len(work), m.end() + 200)
        # After "Resources:" the team writes a list, so only the end of the line or sentence closes it.
        stop = (_LIST_STOP if m.group("lab") else _RESOURCE_STOP).search(work, m.end(), limit)
        end = stop.start() if stop else limit
        later = [a for a in stop_starts if m.end() < a < end]
        if later:
            end = later[0]
        nxt = _RESOURCE_CUE.search(work, m.end(), end)
        if nxt:
            end = nxt.start()
        text = clean[m.end() : end]
        if re.match(r"\s*(?:to|that)\b", text, re.IGNORECASE) and not m.group("lab"):
            continue  # "we'll need to meet" is a step, not a resource
        taken.append((m.start(), end))
        items.extend(_items(text, _ITEM_SPLIT))
    for m in islice(_MONEY.finditer(work), MAX_CUES):
        if _overlaps(m.span(), taken) or _overlaps(m.span(), skip):
            continue
        items.append(_cap(_ITEM_TRIM.sub("", clean[m.start() : m.end()]), ITEM_MAX))
    return _dedupe(items)


# ------------------------------------------------------------------------------------------------ public API


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


def _prepare(text: str) -> tuple[str, str]:
    clean = _clean(text)
    return clean, clean[:ANALYSIS_LIMIT].translate(_FOLD)


def _phrase(clean: str, span: tuple[int, int]) -> str:
    return _cap(clean[span[0] : span[1]].strip(" ,:;."), 120)


def _precision(hit: _Hit, work: str) -> int:
    """How exactly a due phrase names its day: typed day 2, school phrase read as a day 1, a span or a lag 0."""
    if not hit.exact:
        return 0
    return 1 if _ISO_DAY.search(work, hit.span[0], hit.span[1]) else 2


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def extract_action(text: str, today: date, year: SchoolYear | None = None) -> ExtractedFields:
    """Read an answer such as "Dana, our instructional coach, will schedule walkthroughs by Jan 15" into fields."""
    today = _as_date(today)
    year = year or SchoolYear.containing(today)
    clean, work = _prepare(text)
    analysed = clean[: len(work)]
    scan = _scan_dates(work, today, year, answer=False)
    recurrence, recurrence_spans = _recurrence(work)
    measures, measure_spans = _measures(work, analysed)
    resources = _resources(work, analysed, scan.spans + recurrence_spans + measure_spans, measure_spans)
    # "In September the principal will…": a subject may follow a date or a recurrence that opens the sentence.
    after_lead_ins = [_skip(_COMMA_SPACE, work, end) for _, end in scan.spans + scan.unparsed + recurrence_spans]
    owner, role = _find_owner(work, after_lead_ins, measure_spans)

    start_hit = next((h for h in scan.hits if h.start is not None), None)
    # An explicit day wins over a side phrase: "a plan within 10 days … writes that up by dec 4"; a day typed
    # out wins over a school-calendar phrase read as a day ("end of year … celebration on june 4").
    dues = [h for h in scan.hits if h.due is not None]
    due_hit = max(dues, key=lambda h: _precision(h, work), default=None)
    phrases = [_phrase(analysed, h.span) for h in (start_hit, due_hit) if h is not None]
    unparsed = _phrase(analysed, scan.unparsed[0]) if scan.unparsed else None
    return ExtractedFields(
        description=_describe(clean),
        owner=owner,
        owner_role=role,
        start=start_hit.start if start_hit else None,
        due=due_hit.due if due_hit else None,
        recurrence=recurrence,
        resources=resources,
        measures=measures,
        date_phrases=list(dict.fromkeys(phrases)),
        unparsed_date=unparsed,
    )


def parse_owner(text: str) -> tuple[str | None, str | None]:
    """Read the answer to "who will own this?": ("Dana Reyes", "instructional coach"), ("the principal", "principal").

    Returns (None, None) when no one is named or only "me", "we" or "the team" is.
    """
    _, work = _prepare(text[: ANALYSIS_LIMIT * 2])
    work = work[:1000].strip().rstrip(".!?")
    if not work:
        return None, None
    owner, role = _find_owner(work, (), [])
    if owner:
        return owner, role
    rest = _FILLER.sub("", work, count=1)
    rest = re.sub(r"^(?:me|i|myself|us|we)\s+(?:and|&)\s+", "", rest, flags=re.IGNORECASE)
    if not rest or _VAGUE_ANSWER.match(rest):
        return None, None
    if len(rest) > 8 and not re.search(r"[A-Za-z\u00c0-\u024f]", rest):
        return None, None  # a sentence in another script, not a name: the team is asked again, not misread
    unit = _value_owner(rest)
    return (unit.owner, unit.role) if unit else (None, None)


def parse_due(text: str, today: date, year: SchoolYear | None = None) -> date | None:
    """Read the answer to "by when?" as a due date; None when it names no date at all.

    Raises InputError when the answer looks like a date but cannot be read ("Febtober 40", "13/45"), or when it
    only says when the work starts.
    """
    today = _as_date(today)
    year = year or SchoolYear.containing(today)
    clean, work = _prepare(text[: ANALYSIS_LIMIT * 2])
    work = work[:1000]
    scan = _scan_dates(work, today, year, answer=True)
    due = next((h.due for h in scan.hits if h.due is not None), None)
    if due is not None:
        return due
    if scan.unparsed:
        phrase = _phrase(clean, scan.unparsed[0])
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
