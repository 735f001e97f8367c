"""The plan's actions as an iCalendar file a team can import into its shared calendar.

A one-off action is an all-day event on its due date. A recurring action is one series: it repeats from its start
(or the plan's date) to its due date, or to the last day of the school year when it has none. Rhythms a repeat
rule can say ("monthly", "every other Thursday") become an RRULE, on the weekdays the team named ("twice a week"
said as "tues and thurs" repeats on Tuesdays and Thursdays); those it cannot ("each benchmark window") become the
dates the school calendar gives them, and those no calendar knows ("each staff meeting", "twice a week" with no
days named) are one event whose description says how often the work recurs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assistant.export.content import (
    Sources,
    check_title,
    clean,
    driver_name,
    is_ongoing,
    iso,
    one_line,
    ongoing_text,
    owner_text,
    shorten,
    source_label,
    title,
    utc,
)
from assistant.models import Action, ActionPlan
from assistant.understanding.week_days import days_of, times_a_week

PRODID = "-//CIP Assistant//EN"
TITLE_CHARS = 70
SCHOOL_DAYS = ["MO", "TU", "WE", "TH", "FR"]


@dataclass(frozen=True)
class Rule:
    """A rhythm a calendar can repeat: FREQ, INTERVAL and the weekdays (school days, or the days the team named).

    `times` is how often a week the work comes round ("twice a week" is 2): a calendar repeats it only on the
    weekdays the team names.
    """

    freq: str
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    times: int = 1


# Every recurrence the assistant writes (assistant.understanding.recurrence) and the ways teams type one in the
# plan table, reduced to a unit; the one place a recurrence becomes a repeat rule.
_RULES: dict[str, Rule] = {
    "day": Rule("DAILY", 1, tuple(SCHOOL_DAYS)),
    "daily": Rule("DAILY", 1, tuple(SCHOOL_DAYS)),
    "school day": Rule("DAILY", 1, tuple(SCHOOL_DAYS)),
    "week": Rule("WEEKLY"),
    "weekly": Rule("WEEKLY"),
    "biweekly": Rule("WEEKLY", 2),
    "fortnightly": Rule("WEEKLY", 2),
    "fortnight": Rule("WEEKLY", 2),
    "other week": Rule("WEEKLY", 2),
    "two weeks": Rule("WEEKLY", 2),
    "twice a month": Rule("WEEKLY", 2),
    "semimonthly": Rule("WEEKLY", 2),
    "month": Rule("MONTHLY"),
    "monthly": Rule("MONTHLY"),
    "quarter": Rule("MONTHLY", 3),
    "quarterly": Rule("MONTHLY", 3),
    "marking period": Rule("MONTHLY", 3),
    "grading period": Rule("MONTHLY", 3),
    "semester": Rule("MONTHLY", 6),
    "semesterly": Rule("MONTHLY", 6),
    "twice a year": Rule("MONTHLY", 6),
    "three times a year": Rule("MONTHLY", 4),
    "semiannually": Rule("MONTHLY", 6),
    "year": Rule("YEARLY"),
    "yearly": Rule("YEARLY"),
    "annually": Rule("YEARLY"),
    "annual": Rule("YEARLY"),
    "school year": Rule("YEARLY"),
}
_LEAD = re.compile(r"^(?:once |twice )?(?:every|each|per|a|an|once a|once an|once per|once every|once each)\s+")
_EVERY_N = re.compile(r"^(?:every|each)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(week|month)s?$")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_BENCHMARKS = re.compile(r"\bbenchmark")


def _normal(recurrence: str) -> str:
    return " ".join(recurrence.lower().replace("-", "").split()).strip(" .")


def repeat_rule(recurrence: str | None) -> Rule | None:
    """The repeat rule of "monthly", "every quarter", "every 3 weeks" or "bi-weekly"; None when there is none."""
    if not recurrence:
        return None
    text = _normal(recurrence)
    if text in _RULES:
        return _RULES[text]
    count = times_a_week(text)
    if count is not None:
        return _RULES["daily"] if count == 5 else Rule("WEEKLY", 1, times=count)
    every = _EVERY_N.match(text)
    if every:
        count = _NUMBERS.get(every.group(1)) or int(every.group(1))
        return Rule("WEEKLY" if every.group(2) == "week" else "MONTHLY", max(count, 1))
    return _RULES.get(_LEAD.sub("", text))


def rule_for(recurrence: str | None) -> tuple[str, int] | None:
    """(FREQ, INTERVAL) of a recurrence, or None: the rhythm without the school-day detail."""
    rule = repeat_rule(recurrence)
    return (rule.freq, rule.interval) if rule else None


def uid(plan: ActionPlan, action: Action) -> str:
    """Stable across exports, so re-importing the file updates the events instead of duplicating them."""
    local = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{plan.name}-{action.number}").strip("-.")
    return f"{local or action.number}@cip-assistant"


def school_year_end(day: date) -> date:
    """The last day of the school year `day` falls in, from the district's school calendar."""
    from assistant.understanding.calendar import school_calendar

    fall_year = day.year if day.month >= 7 else day.year - 1
    last = school_calendar(fall_year).last_day
    # A day in the summer after the last day belongs to no school year yet: the coming one.
    return last if day <= last else school_calendar(fall_year + 1).last_day


def benchmark_days(first: date, last: date) -> list[date]:
    """The last day of each benchmark window between `first` and `last`, from the school calendar."""
    from assistant.understanding.calendar import school_calendar

    days: list[date] = []
    for fall_year in range(first.year - 1, last.year + 1):
        for window in school_calendar(fall_year).benchmark_windows:
            if first <= window.end <= last and window.end not in days:
                days.append(window.end)
    return sorted(days)


def in_breaks(first: date, rule: Rule, until: date) -> tuple[date, ...]:
    """The days of a weekly or daily series that fall in a school break, which a team does not meet in."""
    from dateutil.rrule import DAILY, WEEKLY, rrule, weekday

    from assistant.understanding.calendar import Period, school_calendar

    breaks: list[Period] = []
    for fall_year in range(first.year - 1, until.year + 1):
        breaks += school_calendar(fall_year).breaks
    weekdays = [weekday(SCHOOL_DAYS.index(day)) for day in rule.weekdays] or None
    days = rrule(
        DAILY if rule.freq == "DAILY" else WEEKLY,
        dtstart=datetime(first.year, first.month, first.day),
        interval=rule.interval,
        byweekday=weekdays,
        until=datetime(until.year, until.month, until.day),
    )
    # The first day stays: it is the day the team chose to start.
    return tuple(
        moment.date()
        for moment in days
        if moment.date() != first and any(period.start <= moment.date() <= period.end for period in breaks)
    )


@dataclass(frozen=True)
class Occurrences:
    """When an action happens: its first day and, for a series, a rule or the further dates, and how it reads."""

    first: date
    rule: Rule | None = None
    until: date | None = None
    dates: tuple[date, ...] = ()
    skipped: tuple[date, ...] = ()
    says: str = ""


def occurrences(plan: ActionPlan, action: Action) -> Occurrences | None:
    """The days an action is on the calendar; None for an action with no date and no rhythm."""
    recurrence = one_line(action.recurrence or "")
    if not recurrence:
        day = action.due or action.start
        return Occurrences(day) if day else None
    # A series runs from its start, or from the plan's date for recurring work that never said when it starts.
    start = action.start or utc(plan.updated).date()
    end = action.due or school_year_end(start)
    # A start after the due date is a typo; starting at the due date keeps at least the deadline on the calendar.
    start = min(start, end)
    span = f"from {iso(start)} to {iso(end)}"
    rule = repeat_rule(recurrence)
    if rule is not None and rule.freq == "WEEKLY":
        return _weekly(action, rule, recurrence, start, end)
    if rule is not None:
        skipped = in_breaks(start, rule, end) if rule.freq == "DAILY" else ()
        says = f"Repeats {recurrence}, {span}" + (", except in school breaks." if skipped else ".")
        return Occurrences(start, rule=rule, until=end, skipped=skipped, says=says)
    if _BENCHMARKS.search(recurrence.lower()):
        days = benchmark_days(start, end)
        if days:
            listed = ", ".join(iso(day) for day in days)
            return Occurrences(days[0], dates=tuple(days[1:]), says=f"Repeats {recurrence}: {listed}.")
        # No window falls in its span: the deadline is what is left to show.
        return Occurrences(end, says=f"Repeats {recurrence}; no benchmark window falls {span}.")
    return Occurrences(
        start,
        says=f"Repeats {recurrence}, {span}; the school calendar does not hold those dates: add them as they are set.",
    )


def _listed(days: tuple[int, ...]) -> str:
    """ "Tuesdays and Thursdays", "Mondays, Wednesdays and Fridays"."""
    names = [f"{_DAY_NAMES[day]}s" for day in days]
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]


def _weekly(action: Action, rule: Rule, recurrence: str, start: date, end: date) -> Occurrences:
    """A weekly series on the weekdays the team named: "tues and thurs" for "twice a week", "every tuesday" for
    "weekly"; without them, "weekly" keeps the start's weekday and "twice a week" is one event saying so."""
    days = days_of(one_line(action.note), one_line(action.description))
    span = f"from {iso(start)} to {iso(end)}"
    if rule.times > 1 and len(days) != rule.times:
        # One series a week would show a fraction of the sessions: the team sets the days in its own calendar.
        why = f"{_listed(days)} are not {recurrence}" if days else "no days were named for it"
        return Occurrences(start, says=f"Repeats {recurrence}, {span}; {why}: set the days in your calendar.")
    on = ""
    if rule.times > 1 or len(days) == 1:
        on = f" on {_listed(days)}"
        first = next((start + timedelta(n) for n in range(7) if (start + timedelta(n)).weekday() in days), None)
        if first is None or first > end:
            # Not one of the days falls between start and due date: the deadline is what is left to show.
            return Occurrences(end, says=f"Repeats {recurrence}{on}; none of those days falls {span}.")
        start, span = first, f"from {iso(first)} to {iso(end)}"
        rule = Rule(rule.freq, rule.interval, tuple(SCHOOL_DAYS[day] for day in days))
    skipped = in_breaks(start, rule, end)
    says = f"Repeats {recurrence}{on}, {span}" + (", except in school breaks." if skipped else ".")
    return Occurrences(start, rule=rule, until=end, skipped=skipped, says=says)


def summary(action: Action) -> str:
    """The event's title: the action's short title and who owns it."""
    owner = one_line(action.owner or "") or "owner not set"
    return f"{shorten(action.description, TITLE_CHARS)} ({shorten(owner, 40)})"


def _status(action: Action) -> str:
    """The action's status as of the configured date: "overdue since 2027-01-29", "done", "on target (due …)"."""
    from assistant.config import get_settings
    from assistant.planning.status import status_text

    settings = get_settings()
    said = status_text(action, settings.current_date(), settings.approaching_days)
    return "ongoing" if said == "no date" and is_ongoing(action) else said


def _description(plan: ActionPlan, action: Action, sources: Sources, when: Occurrences) -> str:
    lines = [title(plan)]
    if plan.school:
        lines.append(f"School / district: {one_line(plan.school)}")
    lines.append(f"Action {action.number}: {clean(action.description).strip()}")
    if one_line(action.note):
        lines.append(f"In the team's words: “{one_line(action.note)}”")
    if action.driver is not None:
        lines.append(f"Driver: {driver_name(action.driver)}")
    lines.append(f"Owner: {owner_text(action)}")
    if action.start:
        lines.append(f"Start: {iso(action.start)}")
    lines.append(f"Due: {iso(action.due) or (ongoing_text(action) if is_ongoing(action) else 'not set')}")
    lines.append(f"Status: {_status(action)}")
    if when.says:
        lines.append(when.says)
    if action.measures:
        lines.append("Measures of success: " + "; ".join(one_line(item) for item in action.measures))
    if action.resources:
        lines.append("Resources: " + "; ".join(one_line(item) for item in action.resources))
    attention = [check_title(result) for result in action.equity_checks if result.status == "needs_attention"]
    if attention:
        lines.append("Equity checks needing attention: " + "; ".join(dict.fromkeys(attention)))
    for citation in action.citations:
        lines.append(f"Source [{sources.number(citation)}]: {source_label(citation)}")
    return "\n".join(lines)


def render(plan: ActionPlan) -> bytes:
    from icalendar import Calendar, Event

    sources = Sources.of(plan)
    stamp = utc(plan.updated)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title(plan))
    for action in plan.actions:
        when = occurrences(plan, action)
        if when is None:
            continue  # no date and no rhythm: the other exports list it
        event = Event()
        event.add("uid", uid(plan, action))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("summary", summary(action))
        event.add("description", _description(plan, action, sources, when))
        event.add("categories", ["CIP", *([driver_name(action.driver)] if action.driver else [])])
        event.add("dtstart", when.first)
        # All-day events end the next day (DTEND is exclusive).
        event.add("dtend", when.first + timedelta(days=1))
        if when.rule is not None and when.until is not None:
            recur: dict[str, object] = {"freq": when.rule.freq}
            if when.rule.interval > 1:
                recur["interval"] = when.rule.interval
            if when.rule.weekdays:
                recur["byday"] = list(when.rule.weekdays)
            recur["until"] = when.until
            event.add("rrule", recur)
        if when.dates:
            event.add("rdate", list(when.dates))
        if when.skipped:
            event.add("exdate", list(when.skipped))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
