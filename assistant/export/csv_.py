"""The plan as a spreadsheet: one row per action, readable in Excel with accents intact.

The action is its short title; the team's own words are in the note column, the sources are named by title.
"""

from __future__ import annotations

import csv
import io

from assistant.export.content import (
    check_title,
    clean,
    driver_name,
    iso,
    source_label,
    stage_name,
    standing,
    status_label,
)
from assistant.models import Action, ActionPlan

COLUMNS = (
    "number",
    "action",
    "note",
    "driver",
    "stage",
    "owner",
    "owner_role",
    "start",
    "due",
    "recurrence",
    "resources",
    "measures",
    "status",
    "standing",
    "equity_needs_attention",
    "sources",
    "school",
    "team",
    "school_year",
)

# A spreadsheet runs a cell that starts with one of these as a formula, so typed text could run as code (the
# OWASP list). Some spreadsheets trim leading spaces and line breaks on import, so those cannot hide one either.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_MARKS = ("=", "+", "-", "@")
_TRIMMED = " \t\r\n"


def guard(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate: a leading apostrophe marks it as text."""
    if cell.startswith(_FORMULA_START) or cell.lstrip(_TRIMMED).startswith(_FORMULA_MARKS):
        return "'" + cell
    return cell


def _joined(items: list[str]) -> str:
    return "; ".join(clean(item).strip() for item in items if item.strip())


def _row(plan: ActionPlan, action: Action) -> list[str]:
    attention = [check_title(result) for result in action.equity_checks if result.status == "needs_attention"]
    sources = list(dict.fromkeys(source_label(citation) for citation in action.citations))
    cells = [
        str(action.number),
        clean(action.description),
        clean(action.note),
        driver_name(action.driver),
        # An action without its own stage is at the stage of the plan it belongs to.
        stage_name(action.stage or plan.stage),
        clean(action.owner or ""),
        clean(action.owner_role or ""),
        iso(action.start),
        iso(action.due),
        clean(action.recurrence or ""),
        _joined(action.resources),
        _joined(action.measures),
        status_label(action),
        standing(action),
        _joined(list(dict.fromkeys(attention))),
        _joined(sources),
        # Every row says whose plan it is, so plans of several schools can be pasted into one sheet.
        clean(plan.school),
        clean(plan.team),
        clean(plan.school_year),
    ]
    return [guard(cell) for cell in cells]


def render(plan: ActionPlan) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for action in plan.actions:
        writer.writerow(_row(plan, action))
    # The byte-order mark is how Excel knows the file is UTF-8 rather than the local code page.
    return buffer.getvalue().encode("utf-8-sig")
