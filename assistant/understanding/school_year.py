"""The school year a plan runs in: its semesters, quarters, winter break and summer.

School-year conventions (see `SchoolYear`): the year runs Aug 1 – Jun 30 and July belongs to the year that
starts on the next Aug 1; fall semester ends Jan 15; quarters end Oct 31, Jan 15, Mar 31 and Jun 30; Dec 19 is
the last day before winter break.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.errors import InputError
from assistant.understanding.calendar import school_calendar


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
    def lists_grading_periods(self) -> bool | None:
        """Whether the district's calendar for this year lists its grading periods; None without a district calendar."""
        ends = school_calendar(self.start.year).grading_period_ends
        return None if ends is None else bool(ends)

    def grading_periods(self, unit: str) -> tuple[tuple[date, date], ...] | None:
        """This year's grading periods of a kind ("quarter", "trimester", or "period" for any): the district's when
        its calendar lists them, the usual quarters without a district calendar, None when they are not known."""
        cal = school_calendar(self.start.year)
        if cal.grading_period_ends is None:
            return self.quarters if unit != "trimester" else None
        periods = cal.grading_periods
        if periods is None or len(periods) != {"quarter": 4, "trimester": 3}.get(unit, len(periods)):
            return None
        return tuple((p.start, p.end) for p in periods)

    @property
    def winter_break(self) -> date:
        """The last school day before winter break, from the school calendar (US defaults or the district's)."""
        cal = school_calendar(self.start.year)
        return _clamp(cal.school_day_before(cal.winter_break.start), self.start, self.end)

    @property
    def winter(self) -> tuple[date, date]:
        return self._on(12, 1), self._on(2, calendar.monthrange(self.end.year, 2)[1])

    @property
    def summer(self) -> tuple[date, date]:
        """The gap between this year's end and the next year's start."""
        following = self.next()
        return self.end + timedelta(days=1), max(self.end + timedelta(days=1), following.start - timedelta(days=1))
