"""The school calendar that school phrases ("before winter break", "by spring testing") resolve against.

A district sets its own dates in a YAML file (the `school_calendar` setting, or `school_calendar.yaml` in the
home folder); every date it leaves out follows the usual US pattern for that school year:

- first day: the fourth Tuesday of August; last day: the second Friday of June;
- Thanksgiving break: the Wednesday to Friday of Thanksgiving week;
- winter break: two weeks from the Monday on or before December 21; fall semester ends January 15 (the Friday
  before, on a weekend);
- spring break: the week of the third Monday of March; hiring season opens February 1;
- spring state testing: four weeks from the second Monday of April;
- benchmark windows: beginning of year from the day after Labor Day to the Friday of the next week; middle of
  year the two weeks from the second Monday after winter break; end of year the two weeks after testing.

The file, every key optional:

    first_day: 2026-08-25
    last_day: 2027-06-11
    fall_semester_end: 2027-01-15
    hiring_start: 2027-02-01
    breaks:
      thanksgiving: [2026-11-25, 2026-11-27]
      winter: [2026-12-21, 2027-01-01]
      spring: [2027-03-15, 2027-03-19]
      fall: [2026-10-15, 2026-10-16]        # any other break, by the name teams call it
      presidents_week: [2027-02-15, 2027-02-19]
    testing: [2027-04-12, 2027-05-07]
    benchmarks:
      boy: [2026-09-08, 2026-09-18]
      moy: [2027-01-11, 2027-01-22]
      eoy: [2027-05-10, 2027-05-21]
    grading_periods: [2026-10-23, 2027-01-15, 2027-03-26, 2027-06-11]   # the last day of each, in order

A break's name is a word or words ("fall", "mid_winter", "presidents week"; underscores and hyphens read as
spaces, a trailing "break" is dropped). Its days have no school, and teams can name it like the usual three:
"before fall break", "after presidents week".

Grading periods: without a file, "end of the second quarter" follows the plan year's quarters (`SchoolYear`); a
district file that lists `grading_periods` (four quarters, three trimesters or any other count of marking periods)
is read for them; a district file that leaves them out leaves those phrases open, since its quarters are not the
usual ones and a wrong day is worse than a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InputError

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A stretch of the school calendar, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(f"A calendar period cannot end ({self.end}) before it starts ({self.start}).")


@dataclass(frozen=True)
class NamedBreak(Period):
    """A break a district names beyond Thanksgiving, winter and spring: "fall", "mid winter", "presidents week"."""

    name: str = ""


_KNOWN_BREAKS = {"thanksgiving": "thanksgiving", "winter": "winter_break", "spring": "spring_break"}
_BREAK_WORD = re.compile(r"\s+(?:break|recess|vacation)$")


def break_name(name: object) -> str:
    """A break's name as teams say it: lower case, underscores and hyphens as spaces, no trailing "break"."""
    words = " ".join(re.sub(r"[_-]+", " ", str(name)).lower().split())
    words = _BREAK_WORD.sub("", words)
    if not re.fullmatch(r"(?=.*[a-z])[a-z0-9']+(?: [a-z0-9']+)*", words) or words == "break":
        raise InputError(
            f"The school calendar's break '{name}' needs a name of a word or words, like fall or mid_winter."
        )
    return words


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def school_day_before(day: date) -> date:
    """The last weekday before `day`."""
    day -= _ONE_DAY
    while day.weekday() >= 5:
        day -= _ONE_DAY
    return day


def school_day_after(day: date) -> date:
    """The first weekday after `day`."""
    day += _ONE_DAY
    while day.weekday() >= 5:
        day += _ONE_DAY
    return day


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= _ONE_DAY
    return day


@dataclass(frozen=True)
class SchoolCalendar:
    """The dates of one school year that teams plan around."""

    first_day: date
    last_day: date
    fall_semester_end: date
    thanksgiving: Period
    winter_break: Period
    spring_break: Period
    testing: Period
    boy: Period
    moy: Period
    eoy: Period
    hiring_start: date
    other_breaks: tuple[NamedBreak, ...] = field(default=())
    # the last day of each grading period, in order; None: no district calendar (the usual quarters apply),
    # (): a district calendar that does not list them
    grading_period_ends: tuple[date, ...] | None = None

    @classmethod
    def us_default(cls, fall_year: int) -> SchoolCalendar:
        spring_year = fall_year + 1
        thursday = _nth_weekday(fall_year, 11, 3, 4)
        dec21 = date(fall_year, 12, 21)
        winter_start = dec21 - timedelta(days=dec21.weekday())
        winter = Period(winter_start, winter_start + timedelta(days=11))
        back = winter_start + timedelta(days=14)
        spring_monday = _nth_weekday(spring_year, 3, 0, 3)
        testing_start = _nth_weekday(spring_year, 4, 0, 2)
        testing = Period(testing_start, testing_start + timedelta(days=25))
        labor_day = _nth_weekday(fall_year, 9, 0, 1)
        moy_start = back + timedelta(days=7)
        eoy_start = testing.end + timedelta(days=3)
        return cls(
            first_day=_nth_weekday(fall_year, 8, 1, 4),
            last_day=_nth_weekday(spring_year, 6, 4, 2),
            fall_semester_end=weekday_on_or_before(date(spring_year, 1, 15)),
            thanksgiving=Period(thursday - _ONE_DAY, thursday + _ONE_DAY),
            winter_break=winter,
            spring_break=Period(spring_monday, spring_monday + timedelta(days=4)),
            testing=testing,
            boy=Period(labor_day + _ONE_DAY, labor_day + timedelta(days=11)),
            moy=Period(moy_start, moy_start + timedelta(days=11)),
            eoy=Period(eoy_start, eoy_start + timedelta(days=11)),
            hiring_start=date(spring_year, 2, 1),
        )

    @property
    def breaks(self) -> tuple[Period, ...]:
        """Every break of the year, the district's own ones included."""
        return (self.thanksgiving, self.winter_break, self.spring_break, *self.other_breaks)

    def is_school_day(self, day: date) -> bool:
        return day.weekday() < 5 and not any(p.start <= day <= p.end for p in self.breaks)

    def first_school_day_from(self, day: date) -> date:
        """`day`, or the first school day after it when it falls on a weekend or in a break."""
        for _ in range(30):
            if self.is_school_day(day):
                return day
            day += _ONE_DAY
        return day

    def school_day_before(self, day: date) -> date:
        """The last school day before `day`: weekends and every break stepped over."""
        day = school_day_before(day)
        for _ in range(30):
            if self.is_school_day(day):
                return day
            day = school_day_before(day)
        return day

    def school_day_after(self, day: date) -> date:
        """The first school day after `day`: weekends and every break stepped over."""
        return self.first_school_day_from(school_day_after(day))

    @property
    def back_from_winter_break(self) -> date:
        return self.school_day_after(self.winter_break.end)

    @property
    def back_from_spring_break(self) -> date:
        return self.school_day_after(self.spring_break.end)

    @property
    def second_semester_start(self) -> date:
        return self.school_day_after(self.fall_semester_end)

    @property
    def benchmark_windows(self) -> tuple[Period, Period, Period]:
        return self.boy, self.moy, self.eoy

    @property
    def grading_periods(self) -> tuple[Period, ...] | None:
        """The district's grading periods, first day to last; None when the calendar does not list them."""
        if not self.grading_period_ends:
            return None
        periods, first = [], self.first_day
        for end in self.grading_period_ends:
            periods.append(Period(min(first, end), end))
            first = self.school_day_after(end)
        return tuple(periods)

    def with_overrides(self, data: dict[str, Any]) -> SchoolCalendar:
        """This calendar with the dates a district set; unknown keys and bad dates are one clear error."""
        changes: dict[str, Any] = {"grading_period_ends": ()}
        others: dict[str, NamedBreak] = {}
        plain = {"first_day", "last_day", "fall_semester_end", "hiring_start"}
        for key, value in data.items():
            if key in plain:
                changes[key] = _day(value, key)
            elif key == "breaks":
                if not isinstance(value, dict):
                    raise InputError(
                        "The school calendar's breaks must be names with two dates, like fall: [first, last]."
                    )
                for name, span in value.items():
                    words = break_name(name)
                    period = _period(span, f"breaks.{name}")
                    if words in _KNOWN_BREAKS:
                        changes[_KNOWN_BREAKS[words]] = period
                    elif words in others:
                        raise InputError(f"The school calendar names the {words} break twice.")
                    else:
                        others[words] = NamedBreak(period.start, period.end, words)
            elif key == "testing":
                changes["testing"] = _period(value, key)
            elif key == "benchmarks" and isinstance(value, dict):
                for name, span in value.items():
                    if str(name) not in {"boy", "moy", "eoy"}:
                        raise InputError(f"The school calendar names an unknown benchmark window '{name}'.")
                    changes[str(name)] = _period(span, f"benchmarks.{name}")
            elif key == "grading_periods":
                changes["grading_period_ends"] = _ends(value)
            else:
                raise InputError(f"The school calendar has an unknown entry '{key}'.")
        if others:
            changes["other_breaks"] = tuple(sorted(others.values(), key=lambda b: b.start))
        return replace(self, **changes)


def _day(value: object, key: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"The school calendar's {key} is not a date like 2027-01-15: '{value}'.") from None


def _ends(value: object) -> tuple[date, ...]:
    """The last days of the grading periods: two to six dates, in order."""
    if not isinstance(value, list | tuple) or not 2 <= len(value) <= 6:
        raise InputError(
            "The school calendar's grading_periods must be the last day of each grading period, "
            "like [2026-10-23, 2027-01-15, 2027-03-26, 2027-06-11]."
        )
    ends = tuple(_day(v, "grading_periods") for v in value)
    if any(b <= a for a, b in pairwise(ends)):
        raise InputError("The school calendar's grading_periods must be in order, each after the one before.")
    return ends


def _period(value: object, key: str) -> Period:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise InputError(f"The school calendar's {key} must be two dates, [first, last].")
    first, last = _day(value[0], key), _day(value[1], key)
    if last < first:
        raise InputError(f"The school calendar's {key} ends ({last}) before it starts ({first}).")
    return Period(first, last)


@lru_cache(maxsize=32)
def _load(path: str, mtime_ns: int) -> dict[int, dict[str, Any]]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"The school calendar {path} cannot be read ({type(exc).__name__}).") from None
    if not isinstance(raw, dict):
        raise InputError(f"The school calendar {path} must be a mapping of dates.")
    first = raw.get("first_day")
    fall_year = _day(first, "first_day").year if first else None
    return {fall_year or 0: raw}


def calendar_file() -> Path | None:
    from assistant.config import get_settings

    settings = get_settings()
    configured = settings.school_calendar
    if configured:
        return Path(configured)
    candidate = settings.home / "school_calendar.yaml"
    return candidate if candidate.is_file() else None


def school_calendar(fall_year: int, path: Path | None = None) -> SchoolCalendar:
    """The calendar of the school year starting in `fall_year`: the district's file over the US defaults.

    The file at an explicit `path` must be usable (InputError or ValueError say why not); the configured file,
    when it is not, is passed over for the US defaults, so no answer is refused for it
    (`assistant.app.school_calendar` tells the team once)."""
    source = path if path is not None else calendar_file()
    if source is None or not source.is_file():
        return SchoolCalendar.us_default(fall_year)
    try:
        return _district(fall_year, str(source), source.stat().st_mtime_ns)
    except (InputError, ValueError):
        if path is not None:
            raise
        return SchoolCalendar.us_default(fall_year)


@lru_cache(maxsize=64)
def _district(fall_year: int, path: str, mtime_ns: int) -> SchoolCalendar:
    base = SchoolCalendar.us_default(fall_year)
    loaded = _load(path, mtime_ns)
    data = loaded.get(fall_year) or loaded.get(0)
    return base.with_overrides(data) if data else base
