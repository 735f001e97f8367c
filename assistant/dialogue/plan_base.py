"""What the parts of the planning conversation share: its attributes, and the steps one part asks of another.

`PlanConversation` (plan_mode.py) is put together from the parts: answers (plan_mode.py), commands
(plan_commands.py), the readiness check (plan_readiness.py) and the events that describe the plan
(plan_events.py).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from assistant.dialogue.events import ActionRecorded, Event, FieldSource, PlanShown, Reply, Summary
from assistant.dialogue.session import Session
from assistant.dialogue.state import PlanState, QueueItem
from assistant.models import Action, ActionPlan

if TYPE_CHECKING:
    from assistant.llm import Backend
    from assistant.planning.context import Hint, PlanningContext
    from assistant.understanding.fields import SchoolYear


class PlanBase:
    """The conversation's attributes, and stubs for the steps its parts call on one another."""

    session: Session
    context: PlanningContext
    state: PlanState
    today: date
    year: SchoolYear
    backend: Backend
    notices: list[str]

    @property
    def plan(self) -> ActionPlan:
        return self.session.plan

    def _prompt(self) -> Event:
        raise NotImplementedError

    def _advance(self) -> list[Event]:
        raise NotImplementedError

    def _record_answer(self, text: str, as_work: bool = False) -> Reply:
        raise NotImplementedError

    def _hint(self, item: QueueItem) -> Hint | None:
        raise NotImplementedError

    def _school(self, text: str) -> Reply:
        raise NotImplementedError

    def _begin_planning(self) -> None:
        raise NotImplementedError

    def _remove_actions(self, numbers: list[int]) -> None:
        raise NotImplementedError

    def _fill_followup(self, text: str) -> Reply:
        raise NotImplementedError

    def _answer_back(self, text: str, kind: str, item: QueueItem) -> Reply:
        raise NotImplementedError

    def _start_readiness(self) -> Reply:
        raise NotImplementedError

    def _advance_readiness(self) -> list[Event]:
        raise NotImplementedError

    def _recorded(
        self,
        action: Action,
        verb: str,
        sources: dict[str, FieldSource] | None = None,
        date_phrases: list[str] | None = None,
        unparsed: str | None = None,
        understood: list[str] | None = None,
        hint: Hint | None = None,
    ) -> ActionRecorded:
        raise NotImplementedError

    def _plan_shown(self) -> PlanShown:
        raise NotImplementedError

    def _summary(self, last_question: bool) -> Summary:
        raise NotImplementedError
