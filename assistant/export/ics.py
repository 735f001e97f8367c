"""The plan's dated actions as an iCalendar file a team can import into its shared calendar."""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.export.content import Sources, check_title, clean, driver_name, iso, one_line, owner_text, title, utc
from assistant.models import Action, ActionPlan

PRODID = "-//CIP Assistant//EN"

# Recurrence as teams say it, reduced to a unit, mapped to (FREQ, INTERVAL).
_RULES: dict[str, tuple[str, int]] = {
    "day": ("DAILY", 1),
    "daily": ("DAILY", 1),
    "school day": ("DAILY", 1),
    "week": ("WEEKLY", 1),
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "fortnightly": ("WEEKLY", 2),
    "fortnight": ("WEEKLY", 2),
    "other week": ("WEEKLY", 2),
    "two weeks": ("WEEKLY", 2),
    "2 weeks": ("WEEKLY", 2),
    "month": ("MONTHLY", 1),
    "monthly": ("MONTHLY", 1),
    "quarter": ("MONTHLY", 3),
    "quarterly": ("MONTHLY", 3),
    "three months": ("MONTHLY", 3),
    "3 months": ("MONTHLY", 3),
    "semester": ("MONTHLY", 6),
    "semesterly": ("MONTHLY", 6),
    "six months": ("MONTHLY", 6),
    "6 months": ("MONTHLY", 6),
    "twice a year": ("MONTHLY", 6),
    "year": ("YEARLY", 1),
    "yearly": ("YEARLY", 1),
    "annually": ("YEARLY", 1),
    "annual": ("YEARLY", 1),
    "school year": ("YEARLY", 1),
}
_LEAD = re.compile(r"^(?:once |twice )?(?:every|each|per|a|an|once a|once an|once per|once every|once each)\s+")


def rule_for(recurrence: str | None) -> tuple[str, int] | None:
    """(FREQ, INTERVAL) for a recurrence such as "monthly", "every quarter" or "bi-weekly"; None if not one we know."""
    if not recurrence:
        return None
    text = " ".join(recurrence.lower().replace("-", "").split()).strip(" .")
    if text in _RULES:
        return _RULES[text]
    return _RULES.get(_LEAD.sub("", text))


def uid(plan: ActionPlan, action: Action) -> str:
    """Stable across exports, so re-importing the file updates the events instead of duplicating them."""
    local = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{plan.name}-{action.number}").strip("-.")
    return f"{local or action.number}@cip-assistant"


def _status(action: Action) -> str:
    """The action's status as of the configured date: "overdue since 2027-01-29", "done", "on target (due …)"."""
    from assistant.config import get_settings
    from assistant.planning.status import status_text

    settings = get_settings()
    return status_text(action, settings.current_date(), settings.approaching_days)


def _description(plan: ActionPlan, action: Action, sources: Sources) -> str:
    lines = [title(plan)]
    if plan.school:
        lines.append(f"School / district: {one_line(plan.school)}")
    lines.append(f"Action {action.number}: {clean(action.description).strip()}")
    if action.driver is not None:
        lines.append(f"Driver: {driver_name(action.driver)}")
    lines.append(f"Owner: {owner_text(action)}")
    if action.start:
        lines.append(f"Start: {iso(action.start)}")
    lines.append(f"Due: {iso(action.due)}")
    lines.append(f"Status: {_status(action)}")
    if action.recurrence:
        lines.append(f"Recurrence: {one_line(action.recurrence)}")
    if action.measures:
        lines.append("Measures of success: " + "; ".join(one_line(item) for item in action.measures))
    if action.resources:
        lines.append("Resources: " + "; ".join(one_line(item) for item in action.resources))
    attention = [check_title(result) for result in action.equity_checks if result.status == "needs_attention"]
    if attention:
        lines.append("Equity checks needing attention: " + "; ".join(dict.fromkeys(attention)))
    for citation in action.citations:
        number = sources.number(citation)
        lines.append(f"Source [{number}]: {one_line(citation.section)} — {one_line(citation.source)}")
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
        # The calendar holds only what has a date; undated actions stay in the other exports.
        if action.due is None:
            continue
        event = Event()
        event.add("uid", uid(plan, action))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        owner = one_line(action.owner or "") or "owner not set"
        event.add("summary", f"CIP: {one_line(action.description)} ({owner})")
        event.add("description", _description(plan, action, sources))
        if action.driver is not None:
            event.add("categories", [driver_name(action.driver)])
        rule = rule_for(action.recurrence)
        first: date = action.due
        if rule is not None:
            # A recurring action runs from its start up to its due date; a start after the due date is a typo,
            # and starting at the due date keeps at least the deadline on the calendar.
            first = min(action.start or action.due, action.due)
            freq, interval = rule
            recur: dict[str, object] = {"freq": freq}
            if interval > 1:
                recur["interval"] = interval
            recur["until"] = action.due
            event.add("rrule", recur)
        event.add("dtstart", first)
        # All-day events end the next day (DTEND is exclusive).
        event.add("dtend", first + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
