"""What every export format says the same way: display names, labels, open items and the numbering of sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial

from assistant import models
from assistant.knowledge import curated
from assistant.knowledge.text import clean as clean
from assistant.knowledge.text import one_line as one_line
from assistant.knowledge.text import shorten as shorten
from assistant.models import STATUS_LABELS, Action, ActionPlan, Citation, EquityCheckResult

EQUITY_LABELS = {"met": "Met", "needs_attention": "Needs attention", "not_applicable": "Not applicable"}
WARNING = "⚠"
OWNER_NOT_SET = f"{WARNING} owner not set"
DUE_NOT_SET = f"{WARNING} due date not set"

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
    return f"{owner} ({role})" if role and role.lower() != owner.lower() else owner


def due_text(action: Action) -> str:
    return iso(action.due) or DUE_NOT_SET


def other_flags(action: Action) -> list[str]:
    """Open items the owner and due cells do not already show, each marked with the warning sign."""
    return [f"{WARNING} {one_line(flag)}" for flag in action.flags if one_line(flag).lower() not in _SHOWN_IN_CELLS]


def check_title(result: EquityCheckResult) -> str:
    return one_line(result.title) or result.check.replace("_", " ").capitalize()


def status_label(action: Action) -> str:
    return STATUS_LABELS.get(action.status, action.status)


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


@dataclass
class Attention:
    """One equity check that needs attention somewhere in the plan, with the actions and what is missing."""

    title: str
    actions: list[int]
    # Each distinct reason with the actions it was given for, so a reason specific to one action stays with it.
    reasons: list[tuple[str, list[int]]]
    citations: list[Citation]


def needs_attention(plan: ActionPlan) -> list[Attention]:
    """The checks that need attention across the plan, in the order they first appear."""
    grouped: dict[str, Attention] = {}
    for action in plan.actions:
        for result in action.equity_checks:
            if result.status != "needs_attention":
                continue
            item = grouped.setdefault(result.check, Attention(check_title(result), [], [], []))
            if action.number not in item.actions:
                item.actions.append(action.number)
            reason = first_sentence(result.reason)
            for known, numbers in item.reasons:
                if known == reason:
                    if action.number not in numbers:
                        numbers.append(action.number)
                    break
            else:
                item.reasons.append((reason, [action.number]))
            if result.citation is not None:
                item.citations.append(result.citation)
    return list(grouped.values())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def first_sentence(text: str) -> str:
    """What a reason says is missing; detail after it (the words that ruled it out) stays in the per-action review."""
    line = one_line(text)
    return _SENTENCE_END.split(line, maxsplit=1)[0]


def attention_text(reasons: list[tuple[str, list[int]]], escape: Callable[[str], str] = str) -> str:
    """ "actions 2, 3: No way for families…" or, when actions miss it differently, each reason with its actions."""
    if len(reasons) == 1:
        reason, numbers = reasons[0]
        return f"{numbers_text(numbers)}: {escape(reason)}"
    parts = [f"{numbers_text(numbers)}: {escape(reason.rstrip('.'))}" for reason, numbers in reasons]
    return "; ".join(parts) + "."


def numbers_text(numbers: list[int]) -> str:
    """ "action 2" or "actions 1, 3"."""
    joined = ", ".join(str(number) for number in numbers)
    return f"action {joined}" if len(numbers) == 1 else f"actions {joined}"


