"""The events that describe a plan's actions as the conversation goes: recorded, shown, summarised."""

from __future__ import annotations

import re

from assistant.dialogue.events import (
    ActionRecorded,
    Attention,
    EquityNote,
    FieldSource,
    HintRef,
    PlanRow,
    PlanShown,
    Summary,
)
from assistant.dialogue.plan_base import PlanBase
from assistant.models import Action
from assistant.planning.context import Hint, quote_of
from assistant.planning.equity import action_text, worth_attention
from assistant.planning.status import is_ongoing
from assistant.understanding.reader import ActionReading


class PlanEvents(PlanBase):
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
        return ActionRecorded(
            verb=verb,  # type: ignore[arg-type]
            action=action.model_copy(deep=True),
            sources=sources or {},
            date_phrase=date_phrases[-1] if date_phrases else None,
            unparsed_date=unparsed,
            understood=list(understood or []),
            equity=self._equity(action),
            could_add=could_add(action, hint),
        )

    def _equity(self, action: Action) -> EquityNote:
        met = sum(1 for c in action.equity_checks if c.status == "met")
        attention = sum(1 for c in action.equity_checks if c.status == "needs_attention")
        named = []
        if attention:
            named = [c.title for c in worth_attention(action.equity_checks, action_text(action), self.context.checks)]
        return EquityNote(met=met, attention=attention, worth_a_look=named)

    def _plan_shown(self) -> PlanShown:
        plan = self.plan
        rows = [
            PlanRow(
                number=a.number,
                driver=a.driver,
                description=a.description,
                owner=a.owner,
                due=a.due,
                recurrence=a.recurrence,
                equity=self._equity(a),
            )
            for a in plan.actions
        ]
        return PlanShown(
            session=self.session.id,
            initiative=plan.initiative,
            stage=plan.stage,
            drivers=list(plan.drivers),
            school_year=plan.school_year,
            actions=rows,
        )

    def _summary(self, last_question: bool) -> Summary:
        attention: dict[str, Attention] = {}
        for action in self.plan.actions:
            for check in action.equity_checks:
                if check.status == "needs_attention":
                    item = attention.setdefault(check.title, Attention(title=check.title, actions=[]))
                    item.actions.append(action.number)
                    if item.practice is None and check.citation:
                        item.practice = check.citation
        # recurring work left without an end is ongoing on purpose, not missing a date
        open_actions = [a.number for a in self.plan.actions if a.owner is None or (a.due is None and not is_ongoing(a))]
        return Summary(
            last_question=last_question,
            plan=self._plan_shown(),
            attention=list(attention.values()),
            open_actions=open_actions,
        )


def hint_ref(hint: Hint | None) -> HintRef | None:
    if hint is None:
        return None
    return HintRef(quote=hint.quote, citation=hint.citation, others=[p.id for p in hint.others])


def sources_of(part: ActionReading) -> dict[str, FieldSource]:
    """Where each field of an action read from an answer came from: typed, or a school-calendar phrase."""
    fields = part.fields
    sources: dict[str, FieldSource] = {}
    for name in ("owner", "start", "due", "recurrence", "resources", "measures"):
        if getattr(fields, name):
            sources[name] = "typed"
    for note in part.understood:
        kind = note.split(" ", 1)[0]
        if kind in sources:
            sources[kind] = "calendar"
    for name in part.guessed:
        if name in sources:
            sources[name] = "guessed"
    return sources


def could_add(action: Action, hint: Hint | None) -> list:  # type: ignore[type-arg]
    """Resources and measures are suggested from the cited practice, never demanded."""
    if hint is None or (action.resources and action.measures):
        return []
    text = quote_of(hint.passage, 2000)
    wants = []
    if not action.measures and re.search(r"\b(data|assess\w*|survey\w*|fidelity|review\w*|observ\w*)\b", text, re.I):
        wants.append("measures")
    if not action.resources and re.search(r"\b(time|support|capacity|resources|funds|budget)\b", text, re.I):
        wants.append("resources")
    return wants
