"""What every export format says the same way: display names, labels, open items and the numbering of sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial

from assistant import models
from assistant.knowledge import curated
from assistant.knowledge.text import clean as clean
from assistant.knowledge.text import one_line as one_line
from assistant.knowledge.text import shorten as shorten
from assistant.models import STATUS_LABELS, Action, ActionPlan, Citation, EquityCheckResult
from assistant.planning.status import is_ongoing as is_ongoing
from assistant.planning.status import rhythm as rhythm

EQUITY_LABELS = {"met": "Met", "needs_attention": "Needs attention", "not_applicable": "Not applicable"}
WARNING = "⚠"
OWNER_NOT_SET = f"{WARNING} owner not set"
DUE_NOT_SET = f"{WARNING} due date not set"
# Recurring work a team leaves without an end ("after each suspension") is ongoing on purpose, not missing a date.
ONGOING = "Ongoing"

# Flags that a cell of its own already shows as "not set"; repeating them beside the action would be noise.
_SHOWN_IN_CELLS = frozenset({models.OWNER_NOT_SET, models.DUE_NOT_SET})

# One definition of the names (assistant.knowledge.curated); an export leaves an unset driver or stage blank.
driver_name = partial(curated.driver_name, none="")
stage_name = partial(curated.stage_name, none="")


def title(plan: ActionPlan) -> str:
    return f"Continuous Improvement Plan: {one_line(plan.initiative) or one_line(plan.name)}"


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def utc(moment: datetime) -> datetime:
    """A stored time in UTC; a time saved without a zone was saved in UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def owner_text(action: Action) -> str:
    """The owner with the role in brackets, or the warning a district reviewer should see."""
    owner = one_line(action.owner or "")
    role = one_line(action.owner_role or "")
    if not owner:
        return f"{OWNER_NOT_SET} (role: {role})" if role else OWNER_NOT_SET
    # "the data team (data team)" says nothing twice; "Mr. Bianchi and the coaches (AP and coaches)" keeps "AP".
    kept = [part for part in re.split(r"\s+and\s+", role) if part and part.lower() not in owner.lower()]
    return f"{owner} ({' and '.join(kept)})" if kept else owner


def due_missing(action: Action) -> bool:
    """A one-off action that still needs its due date."""
    return action.due is None and not is_ongoing(action)


def ongoing_text(action: Action) -> str:
    """ "Ongoing — weekly": how every export reads recurring work left without an end."""
    return f"{ONGOING} — {rhythm(action)}"


def due_text(action: Action) -> str:
    """The due date, "Ongoing — <rhythm>" for recurring work without an end, or the warning for a missing one."""
    if action.due is not None:
        return iso(action.due)
    return ongoing_text(action) if is_ongoing(action) else DUE_NOT_SET


def other_flags(action: Action) -> list[str]:
    """Open items the owner and due cells do not already show, each marked with the warning sign."""
    return [f"{WARNING} {one_line(flag)}" for flag in action.flags if one_line(flag).lower() not in _SHOWN_IN_CELLS]


def source_label(citation: Citation) -> str:
    """Where a citation points, by the document's title: "Drivers Best Practices Tip Sheets › Coaching › …"."""
    from assistant.knowledge.citations import citation_label

    return one_line(citation_label(citation))


def check_title(result: EquityCheckResult) -> str:
    return one_line(result.title) or result.check.replace("_", " ").capitalize()


def status_label(action: Action) -> str:
    return STATUS_LABELS.get(action.status, action.status)


def standing(action: Action) -> str:
    """Where the action stands by its dates as of the plan's day ("overdue", "approaching", "on target"), or ""."""
    from assistant.config import get_settings
    from assistant.planning.status import STATUS_WORDS, derived_status

    settings = get_settings()
    derived = derived_status(action, settings.current_date(), settings.approaching_days)
    return "" if derived in {"done", "no_date"} else STATUS_WORDS[derived]


def status_with_standing(action: Action) -> str:
    """The status the team set and where the action stands by its dates: "Planned, overdue"."""
    where = standing(action)
    return f"{status_label(action)}, {where}" if where else status_label(action)


@dataclass
class Sources:
    """The plan's distinct citations, numbered in the order a reader meets them: actions first, then equity checks."""

    citations: list[Citation] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: ActionPlan) -> Sources:
        sources = cls()
        for action in plan.actions:
            for citation in action.citations:
                sources._add(citation)
        for action in plan.actions:
            for result in action.equity_checks:
                if result.citation is not None:
                    sources._add(result.citation)
        return sources

    @staticmethod
    def _key(citation: Citation) -> str:
        # Passage ids are stable across index rebuilds; a citation without one is known by where it points.
        return citation.id or f"{citation.source}\x1f{citation.section}\x1f{citation.quote}"

    def _add(self, citation: Citation) -> None:
        key = self._key(citation)
        if key not in self._numbers:
            self.citations.append(citation)
            self._numbers[key] = len(self.citations)

    def number(self, citation: Citation) -> int:
        return self._numbers[self._key(citation)]

    def numbers(self, citations: list[Citation]) -> list[int]:
        return sorted({self.number(citation) for citation in citations})


def refs(numbers: list[int]) -> str:
    """Source numbers as a reader cites them: "[1][3]"."""
    return "".join(f"[{number}]" for number in numbers)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def first_sentence(text: str) -> str:
    """What a reason says is missing; detail after it (the words that ruled it out) stays in the per-action review."""
    line = one_line(text)
    return _SENTENCE_END.split(line, maxsplit=1)[0]


def numbers_text(numbers: list[int]) -> str:
    """ "action 2" or "actions 1, 3"."""
    joined = ", ".join(str(number) for number in numbers)
    return f"action {joined}" if len(numbers) == 1 else f"actions {joined}"


def long_date(day: date) -> str:
    """A date as a cover page says it: "September 2, 2025"."""
    return f"{day:%B} {day.day}, {day.year}"


def cover_lines(plan: ActionPlan) -> list[tuple[str, str]]:
    """Whose plan it is, label by label, under its initiative; a value the plan lacks is left out, not dashed."""
    drivers = ", ".join(driver_name(driver) for driver in plan.drivers)
    lines = [
        ("School / district", one_line(plan.school)),
        ("Team", one_line(plan.team)),
        ("Implementation stage", stage_name(plan.stage)),
        ("Drivers", drivers),
        ("School year", one_line(plan.school_year)),
        ("Date", long_date(utc(plan.updated).date())),
        ("Version", str(plan.version)),
        # The name the plan is saved under, so a reader can open it in the app.
        ("Plan name", one_line(plan.name) if one_line(plan.name) != one_line(plan.initiative) else ""),
    ]
    return [(label, value) for label, value in lines if value]


def plan_items(items: list[str]) -> list[str]:
    """The non-empty entries of a list the team typed (resources, measures, goals), each on one line."""
    return [one_line(item) for item in items if one_line(item)]


def dates_text(action: Action) -> tuple[str, str]:
    """(start, due) as a plan shows them; a missing start is simply not shown, a missing due date is flagged unless
    the action recurs without an end (then it reads "Ongoing — weekly")."""
    return iso(action.start), due_text(action)


def note_text(action: Action) -> str:
    """The team's own words, when they say more than the title already does."""
    note = one_line(action.note)
    if not note or note.casefold().strip(" .") == one_line(action.description).casefold().strip(" ."):
        return ""
    return note


@dataclass
class EquityRow:
    """One equity check across the plan: its result in each action, what is missing, and the practices it cites."""

    key: str
    title: str
    cells: dict[int, EquityCheckResult]
    citations: list[Citation]

    @property
    def attention(self) -> list[int]:
        return [number for number, result in self.cells.items() if result.status == "needs_attention"]

    @property
    def applies(self) -> bool:
        return any(result.status != "not_applicable" for result in self.cells.values())

    @property
    def missing(self) -> str:
        """What most actions that need attention lack, said once for the row."""
        reasons = [first_sentence(self.cells[number].reason) for number in self.attention]
        return max(dict.fromkeys(reasons), key=reasons.count) if reasons else ""

    def cell(self, number: int) -> tuple[str, str]:
        """(status, what this action lacks beyond the row's reason) for one action; ("", "") when it did not run."""
        result = self.cells.get(number)
        if result is None:
            return "", ""
        label = EQUITY_LABELS[result.status]
        if result.status != "needs_attention":
            return label, ""
        reason = one_line(result.reason)
        # The row says what is missing; a cell adds only what is particular to its action.
        return label, reason.removeprefix(self.missing).strip() if reason.startswith(self.missing) else reason


def equity_rows(plan: ActionPlan) -> list[EquityRow]:
    """The plan's equity review as one table: each check that ran, in the order first met, × the actions."""
    rows: dict[str, EquityRow] = {}
    for action in plan.actions:
        for result in action.equity_checks:
            row = rows.setdefault(result.check, EquityRow(result.check, check_title(result), {}, []))
            row.cells.setdefault(action.number, result)
            if result.citation is not None and all(c.id != result.citation.id for c in row.citations):
                row.citations.append(result.citation)
    return list(rows.values())


def equity_summary(rows: list[EquityRow]) -> str:
    """One sentence a principal reads first: how many checks need attention, and in how many actions."""
    if not rows:
        return "No equity checks yet."
    flagged = [row for row in rows if row.attention]
    if not flagged:
        return f"All {len(rows)} equity checks are met or do not apply to these actions."
    actions = sorted({number for row in flagged for number in row.attention})
    checks = "check needs" if len(flagged) == 1 else "checks need"
    return f"{len(flagged)} of {len(rows)} equity {checks} attention, in {numbers_text(actions)}."
