"""A name typed alone as the answer to a guiding question ("ms kim"): the owner of the work the question asks for.

When the question's last action has no owner yet, the name is its owner. Otherwise the answer becomes an action
owned by that person, titled with what the question asks for ("Make sure those accountable for selection
understand…") rather than with the name, and the reply says how to add what that person will do."""

from __future__ import annotations

from assistant.dialogue.events import Event, Reply, notice
from assistant.dialogue.plan_base import PlanBase
from assistant.dialogue.state import Followup, QueueItem
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_words import title_from_question
from assistant.understanding.reader import ActionReading
from assistant.understanding.reply import people_alone
from assistant.understanding.titles import practice_title


class PlanNames(PlanBase):
    def _name_alone(self, text: str, item: QueueItem) -> Reply | None:
        """The owner of this question's last action when it has none (read as a reply to "who will own this?"
        is); None otherwise, the answer then recorded as an action (see `_titled_by_question`)."""
        if title_from_question(item.text) is not None:  # "Who will coordinate the training?" is answered by a name
            return None
        if people_alone(normalize_answer(text)) is None:
            return None
        state = self.state
        numbers = state.answered_many.get(state.pos) or (
            [state.answered[state.pos]] if state.pos in state.answered else []
        )
        last = self.plan.actions[numbers[-1] - 1] if numbers and numbers[-1] <= len(self.plan.actions) else None
        if last is not None and last.owner is None:
            state.followup, state.pending, state.phase = Followup(action=last.number, missing=["owner"]), [], "followup"
            return self._fill_followup(text)
        return None

    def _titled_by_question(self, text: str, item: QueueItem, parts: list[ActionReading]) -> Event | None:
        """A name typed alone names who owns what the question asks for: the action is titled with that, not with
        the name, and the team is told how to say what the person will do."""
        if len(parts) != 1 or title_from_question(item.text) is not None:
            return None
        named = people_alone(normalize_answer(text))
        title = practice_title(item.text)
        if named is None or title is None:
            return None
        parts[0].title = title
        owner = named[0]
        return notice(
            "name_only",
            f"{owner} owns what this question asks for. To say what {owner} will do, type /back and answer again, "
            "or change the title with /edit.",
        )
