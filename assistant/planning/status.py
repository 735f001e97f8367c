"""Where each action stands as of a date: done, overdue, approaching, on target, or with no date to judge by.

The team sets an action's status (in the plan or at a check-in); the dates say the rest. A recurring action is
judged by its next occurrence, so a monthly review is "approaching" each month rather than only in June.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from assistant.knowledge.text import one_line
from assistant.models import Action, ActionPlan, ProgressEntry
from assistant.understanding.week_days import days_of, times_a_week

DerivedStatus = Literal["done", "overdue", "approaching", "on_target", "no_date"]

STATUS_WORDS: dict[str, str] = {
    "done": "done",
    "overdue": "overdue",
    "approaching": "approaching",
    "on_target": "on target",
    "no_date": "no date",
}

# Recurrence as teams say it, reduced to a unit: the step between two occurrences, in days or months.
_STEPS: dict[str, tuple[str, int]] = {
    "day": ("days", 1),
    "daily": ("days", 1),
    "school day": ("days", 1),
    "week": ("days", 7),
    "weekly": ("days", 7),
    "biweekly": ("days", 14),
    "fortnightly": ("days", 14),
    "fortnight": ("days", 14),
    "other week": ("days", 14),
    "two weeks": ("days", 14),
    "2 weeks": ("days", 14),
    "month": ("months", 1),
    "monthly": ("months", 1),
    "quarter": ("months", 3),
    "quarterly": ("months", 3),
    "three months": ("months", 3),
    "3 months": ("months", 3),
    "semester": ("months", 6),
    "six months": ("months", 6),
    "6 months": ("months", 6),
    "twice a year": ("months", 6),
    "three times a year": ("months", 4),
    "year": ("months", 12),
    "yearly": ("months", 12),
    "annually": ("months", 12),
    "annual": ("months", 12),
    "school year": ("months", 12),
}
_LEAD = re.compile(r"^(?:once |twice )?(?:every|each|per|a|an|once a|once an|once per|once every|once each)\s+")


def step_of(recurrence: str | None) -> tuple[str, int] | None:
    """("days", 7) for "weekly", ("months", 3) for "every quarter"; None for no recurrence or one not understood."""
    if not recurrence:
        return None
    text = " ".join(recurrence.lower().replace("-", "").split()).strip(" .")
    return _STEPS.get(text) or _STEPS.get(_LEAD.sub("", text))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - a month always has 28 days


def occurrences(action: Action, since: date, until: date) -> list[date]:
    """The dates in [since, until] a recurring action comes round: from its start, or counted back from its due date.

    "Monthly until June 30" with no start comes round on the 30th (or the month's last day) of each month.
    """
    several = (times_a_week(action.recurrence) or 1) > 1
    days = days_of(action.note, action.description) if several else ()
    if days:  # "twice a week" on the days the team named: each of those days
        first = max(since, action.start) if action.start else since
        last = min(until, action.due) if action.due else until
        span = range((last - first).days + 1) if last >= first else range(0)
        return [first + timedelta(days=k) for k in span if (first + timedelta(days=k)).weekday() in days]
    step = step_of(action.recurrence)
    if step is None or (action.start is None and action.due is None):
        return []
    unit, n = step
    anchor = action.start or action.due
    assert anchor is not None
    sign = 1 if action.start is not None else -1

    def nth(k: int) -> date:
        return anchor + timedelta(days=sign * n * k) if unit == "days" else _add_months(anchor, sign * n * k)

    end = min(until, action.due) if action.due else until
    out: list[date] = []
    for k in range(5000):
        day = nth(k)
        if (sign > 0 and day > end) or (sign < 0 and day < since):
            break
        if since <= day <= end:
            out.append(day)
    return sorted(out)


def next_occurrence(action: Action, today: date) -> date | None:
    """The next date (today or later) a recurring action comes round, up to its due date; None if none is left."""
    found = occurrences(action, today, today + timedelta(days=400))
    return found[0] if found else None


def target_date(action: Action, today: date) -> date | None:
    """The date the action is judged by: its next occurrence when it recurs, else its due date."""
    if step_of(action.recurrence) is not None:
        upcoming = next_occurrence(action, today)
        if upcoming is not None:
            return upcoming
    return action.due


# Said of work that happens once: it has no rhythm to run on.
_ONE_OFF = frozenset({"once", "one time", "onetime", "one-off", "one off"})


def rhythm(action: Action) -> str:
    """How often the action comes round, as the team said it ("weekly", "after each suspension"); "" for one-off."""
    return rhythm_of(action.recurrence)


def rhythm_of(recurrence: str | None) -> str:
    said = one_line(recurrence or "")
    return "" if said.lower().strip(" .") in _ONE_OFF else said


def is_ongoing(action: Action) -> bool:
    """Recurring work a team leaves without an end: ongoing on purpose, not missing a due date."""
    return action.due is None and bool(rhythm(action))


def standing(action: Action, today: date, approaching_days: int = 14) -> str:
    """The derived status, with recurring work that has no date to judge by "ongoing" rather than "no_date"."""
    status = derived_status(action, today, approaching_days)
    return "ongoing" if status == "no_date" and is_ongoing(action) else status


def derived_status(action: Action, today: date, approaching_days: int = 14) -> DerivedStatus:
    if action.status == "done":
        return "done"
    when = target_date(action, today)
    if when is None:
        return "no_date"
    if when < today:
        return "overdue"
    if when <= today + timedelta(days=approaching_days):
        return "approaching"
    return "on_target"


def status_text(action: Action, today: date, approaching_days: int = 14) -> str:
    """The derived status in words, with the date it is judged by: "overdue since 2027-01-29"."""
    status = derived_status(action, today, approaching_days)
    when = target_date(action, today)
    if status == "overdue" and when is not None:
        return f"overdue since {when.isoformat()}"
    if status in {"approaching", "on_target"} and when is not None:
        verb = "next on" if step_of(action.recurrence) and when != action.due else "due"
        return f"{STATUS_WORDS[status]} ({verb} {when.isoformat()})"
    return STATUS_WORDS[status]


@dataclass(frozen=True)
class DueItem:
    plan: str
    action: Action
    when: date
    status: DerivedStatus


def coming_due(plans: Iterable[ActionPlan], today: date, within: int, approaching_days: int = 14) -> list[DueItem]:
    """Actions not done that are overdue or come due (or round again) within `within` days, soonest first."""
    out = []
    horizon = today + timedelta(days=within)
    for plan in plans:
        for action in plan.actions:
            if action.status == "done":
                continue
            when = target_date(action, today)
            if when is None or when > horizon:
                continue
            out.append(DueItem(plan.name, action, when, derived_status(action, today, approaching_days)))
    return sorted(out, key=lambda item: (item.when, item.plan, item.action.number))


def latest_entry(plan: ActionPlan, number: int) -> ProgressEntry | None:
    entries = [entry for entry in plan.progress if entry.action == number]
    return entries[-1] if entries else None


__all__ = [
    "STATUS_WORDS",
    "DerivedStatus",
    "DueItem",
    "coming_due",
    "derived_status",
    "latest_entry",
    "next_occurrence",
    "occurrences",
    "status_text",
    "step_of",
    "target_date",
]
