"""Follow-ups of a planning conversation: the owner or due date an action still lacks, read from the reply."""

from __future__ import annotations

import re

from assistant.dialogue.events import FollowUpFilled, Reply
from assistant.dialogue.plan_base import PlanBase
from assistant.planning import operations
from assistant.understanding.fields import parse_due, parse_owner
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.reader import classify, read_action
from assistant.understanding.school_dates import find_school_dates, rewrite

YES = {"y", "yes", "yeah", "yep", "sure", "ok", "okay", "please", "yes please", "let's do it"}
_ALREADY_SAID = re.compile(
    r"^\W*(?:i|we)\s+(?:just\s+|already\s+)?(?:said|told\s+you|wrote|typed|mentioned)(?:\s+(?:that|it|so|above|before))?"
    r"\s*[-–—:,.!]*\s*|^\W*(?:as\s+i\s+said|like\s+i\s+said|see\s+above)\s*[-–—:,.!]*\s*",
    re.IGNORECASE,
)


def _owner_only(text: str, date_phrases: list[str]) -> str:
    """The owner part of a follow-up reply: "i just said – mr haddad" → "mr haddad"; date words taken out."""
    text = _ALREADY_SAID.sub("", text)
    for phrase in date_phrases:
        text = text.replace(phrase, " ")
    text = re.sub(r"\b(?:starting|beginning|from|by|before|after|in|on)\s*[,.]?\s*$", "", text.strip(" ,.;"))
    return normalize_answer(text.strip(" ,.;–—-"))


class PlanFollowUps(PlanBase):
    def _fill_followup(self, text: str) -> Reply:
        state = self.state
        followup = state.followup
        assert followup is not None
        action = self.plan.actions[followup.action - 1]
        filled: list[tuple[str, str]] = []
        reading = read_action(text, self.today, self.year)
        fields = reading.fields
        if followup.guessed and text.lower().strip(" .!") in YES:
            followup.guessed = []
            followup.missing = [m for m in followup.missing if m != "due"]
            filled.append(("due_kept", action.due.isoformat() if action.due else "open"))
        if "due" in followup.missing:
            due = fields.due
            if due is None and not fields.start:
                normalized = normalize_answer(text)
                due = parse_due(rewrite(normalized, find_school_dates(normalized, self.today)), self.today, self.year)
            if due is not None:
                action.due = due
                filled.append(("due", due.isoformat()))
        if fields.start and not action.start:
            action.start = fields.start
            filled.append(("start", fields.start.isoformat()))
        if fields.recurrence and not action.recurrence:
            action.recurrence = fields.recurrence
            filled.append(("recurrence", fields.recurrence))
        if "owner" in followup.missing:
            owner, role = fields.owner, fields.owner_role
            if not owner:
                owner, role = parse_owner(_owner_only(text, fields.date_phrases))
            if owner:
                action.owner, action.owner_role = owner, role or action.owner_role
                filled.append(("owner", owner))
        operations.sync_open_flags(action, followup.missing)
        self.context.run_equity(action)
        state.followup = None
        unread = not filled and len(text) > 8 and classify(text) == "action"
        if unread and text not in action.note:
            action.note = f"{action.note} · {text}".strip(" ·")  # words not read as a field are kept on the action
        event = FollowUpFilled(
            action=action.number, filled=filled, unread=unread, left_open=operations.open_items(action)
        )
        if state.pending:
            state.followup, state.pending = state.pending[0], state.pending[1:]
            return Reply.of(event, self._prompt())
        state.phase = "questions"
        return Reply.of(event, *self._advance())
