"""What can be done to a plan's actions: add, replace, remove, join, set a field, keep the open-item flags right.

A chat turn and a table edit go through these same functions, and every one that changes an action runs the
equity checks on it again, so no path can leave an action with stale checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

from assistant.errors import InputError
from assistant.models import ACTION_STATUSES, DUE_NOT_SET, OWNER_NOT_SET, SUGGESTED_BY_READINESS, Action, ActionPlan
from assistant.understanding.fields import SchoolYear, parse_due, parse_owner
from assistant.understanding.normalize import normalize_answer

if TYPE_CHECKING:
    from assistant.planning.context import PlanningContext

EDITABLE = ("description", "owner", "start", "due", "recurrence", "resources", "measures", "status")
Missing = Literal["owner", "due"]


def action_at(plan: ActionPlan, number: int) -> Action:
    """Action `number` of the plan; a number the plan does not have is one sentence."""
    if not 1 <= number <= len(plan.actions):
        raise InputError(f"There is no action {number}; the plan has {len(plan.actions)}.")
    return plan.actions[number - 1]


def check_field(field: str) -> str:
    field = field.lower()
    if field not in EDITABLE:
        raise InputError(f"'{field}' is not a field of an action; choose one of: {', '.join(EDITABLE)}.")
    return field


def set_field(action: Action, field: str, value: str, today: date, year: SchoolYear) -> None:
    """Change one field of an action from text, as typed after /edit N FIELD or in the plan table.

    The value is taken as it is: callers clean what a team typed first.
    """
    value = value.strip()
    if field == "description":
        if not value:
            raise InputError("An action needs a description.")
        action.description = value[:500]
    elif field == "owner":
        owner, role = parse_owner(normalize_answer(value)) if value else (None, None)  # "mrs delgado-reyes"
        action.owner, action.owner_role = (owner or value or None), role
        set_flag(action, OWNER_NOT_SET, action.owner is None)
    elif field in {"due", "start"}:
        parsed = parse_due(value, today, year) if value else None
        if value and parsed is None:
            shown = " ".join(value.split())[:60]
            raise InputError(f"I could not read '{shown}' as a date; try 2027-01-29 or 'January 29, 2027'.")
        start, due = (parsed, action.due) if field == "start" else (action.start, parsed)
        if start and due and due < start:
            raise InputError(
                f"The due date ({due.isoformat()}) would come before the start ({start.isoformat()}); "
                "give a later due date, or change the start first."
            )
        setattr(action, field, parsed)
        if field == "due":
            set_flag(action, DUE_NOT_SET, parsed is None)
    elif field == "recurrence":
        action.recurrence = value or None
    elif field in {"resources", "measures"}:
        setattr(action, field, [part.strip() for part in re.split(r";|\n", value) if part.strip()])
    elif field == "status":
        key = value.lower().replace(" ", "_")
        if key not in ACTION_STATUSES:
            raise InputError("Status is one of: proposed, planned, in progress, done, blocked.")
        action.status = key
    else:
        check_field(field)
    if action.owner and action.due and SUGGESTED_BY_READINESS in action.flags:
        action.flags.remove(SUGGESTED_BY_READINESS)


def edit_action(
    plan: ActionPlan, number: int, field: str, value: str, today: date, year: SchoolYear, context: PlanningContext
) -> Action:
    """Set one field of action `number` and check its equity again; a bad value changes nothing."""
    action = action_at(plan, number)
    trial = action.model_copy(deep=True)
    set_field(trial, check_field(field), value, today, year)
    context.run_equity(trial)
    plan.actions[number - 1] = trial
    return trial


def would_change(plan: ActionPlan, number: int, field: str, value: str, today: date, year: SchoolYear) -> bool:
    """Whether the edit changes the action at all (a date typed another way does not); bad values raise."""
    action = action_at(plan, number)
    trial = action.model_copy(deep=True)
    set_field(trial, check_field(field), value, today, year)
    return trial != action


def set_flag(action: Action, flag: str, on: bool) -> None:
    if on and flag not in action.flags:
        action.flags.append(flag)
    if not on and flag in action.flags:
        action.flags.remove(flag)


def sync_open_flags(action: Action, asked: Sequence[Missing] = ("owner", "due")) -> None:
    """Flag the `asked` fields still empty as open, and clear the flag of any field now filled."""
    for field, value, flag in (("owner", action.owner, OWNER_NOT_SET), ("due", action.due, DUE_NOT_SET)):
        if field in asked and value is None:
            set_flag(action, flag, True)
        if value is not None:
            set_flag(action, flag, False)


def open_items(action: Action) -> list[str]:
    """The open-item flags still on an action (an owner or a due date not set)."""
    return [f for f in action.flags if f in (OWNER_NOT_SET, DUE_NOT_SET)]


def missing(action: Action) -> list[Missing]:
    """The fields a follow-up still asks for on `action`."""
    out: list[Missing] = []
    if action.owner is None:
        out.append("owner")
    if action.due is None:
        out.append("due")
    return out


def add_action(plan: ActionPlan, action: Action, context: PlanningContext) -> Action:
    """Append an action, numbered after the last one, with its equity checked."""
    action.number = len(plan.actions) + 1
    context.run_equity(action)
    plan.actions.append(action)
    return action


def replace_action(plan: ActionPlan, number: int, action: Action, context: PlanningContext) -> Action:
    """Put an action in the place of action `number`, with its equity checked."""
    action_at(plan, number)
    action.number = number
    context.run_equity(action)
    plan.actions[number - 1] = action
    return action


def remove_actions(plan: ActionPlan, numbers: Sequence[int]) -> dict[int, int]:
    """Take actions out and renumber the rest; returns old number → new number for those kept."""
    gone = set(numbers)
    mapping: dict[int, int] = {}
    kept: list[Action] = []
    for action in plan.actions:
        if action.number in gone:
            continue
        mapping[action.number] = len(kept) + 1
        action.number = len(kept) + 1
        kept.append(action)
    plan.actions = kept
    return mapping


def join_actions(plan: ActionPlan, numbers: Sequence[int], context: PlanningContext) -> Action:
    """Merge actions into the first of them (the others are left for `remove_actions`), equity checked again."""
    actions = [action_at(plan, n) for n in numbers]
    first = actions[0]
    first.note = " ".join(a.note for a in actions if a.note)
    first.description = "; ".join(a.description for a in actions)[:300]
    for field in ("owner", "owner_role", "start", "due", "recurrence"):
        if getattr(first, field) is None:
            setattr(first, field, next((getattr(a, field) for a in actions if getattr(a, field)), None))
    for a in actions[1:]:
        first.resources += [r for r in a.resources if r not in first.resources]
        first.measures += [m for m in a.measures if m not in first.measures]
    for flag, value in ((OWNER_NOT_SET, first.owner), (DUE_NOT_SET, first.due)):
        if value is not None:
            set_flag(first, flag, False)
    context.run_equity(first)
    return first


__all__ = [
    "EDITABLE",
    "action_at",
    "add_action",
    "check_field",
    "edit_action",
    "join_actions",
    "missing",
    "open_items",
    "remove_actions",
    "replace_action",
    "set_field",
    "set_flag",
    "sync_open_flags",
    "would_change",
]
