"""A name typed alone as the answer to a guiding question ("ms kim"): who, but no work to record yet."""

from __future__ import annotations

import re

from assistant.dialogue.events import Reply, notice
from assistant.dialogue.plan_base import PlanBase
from assistant.dialogue.state import Followup, NamedOnly, QueueItem
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_words import title_from_question
from assistant.understanding.reader import ActionReading
from assistant.understanding.reply import people_alone
from assistant.understanding.titles import draft_title, without_cadence

# "She will run the walkthroughs": the person the pronoun stands for is the owner, and the title is the work.
_PRONOUN = re.compile(r"^(?:she|he|they)(?:\s+will|'ll)\s+(?:also\s+)?(?=\w)", re.IGNORECASE)


class PlanNames(PlanBase):
    def _name_alone(self, text: str, item: QueueItem) -> Reply | None:
        """An answer that only names someone, to a question that does not ask who: the owner of the action this
        question just got when it has none (read as a reply to "who will own this?" is), or else a question back
        on what that person will do, the guiding question still open. None when the answer says more than a name."""
        if title_from_question(item.text) is not None:  # "Who will coordinate the training?" is answered by a name
            return None
        named = people_alone(normalize_answer(text))
        if named is None:
            return None
        state = self.state
        numbers = state.answered_many.get(state.pos) or (
            [state.answered[state.pos]] if state.pos in state.answered else []
        )
        last = self.plan.actions[numbers[-1] - 1] if numbers and numbers[-1] <= len(self.plan.actions) else None
        if last is not None and last.owner is None:
            state.followup, state.pending, state.phase = Followup(action=last.number, missing=["owner"]), [], "followup"
            return self._fill_followup(text)
        owner, role = named
        state.named_only = NamedOnly(pos=state.pos, owner=owner, owner_role=role)
        asked = f"What will {owner} do (for example “schedule the first meeting by March 5”)?"
        return Reply.of(notice("name_only", asked), self._prompt())

    def _owned_by_named(self, parts: list[ActionReading]) -> None:
        """The work typed after a name typed alone for the same question is that person's, unless it names someone
        else for sure ("she will run the walkthroughs": hers). The name is used for one answer only."""
        named, self.state.named_only = self.state.named_only, None
        if named is None or named.pos != self.state.pos:
            return
        for part in parts:
            if part.fields.owner and "owner" not in part.guessed:
                continue
            if "owner" in part.guessed:  # "lead the coaching cycles": the guess was the work's first word
                part.guessed.remove("owner")
                part.title = draft_title(normalize_answer(part.note), None, part.fields.date_phrases)
                part.title = without_cadence(part.title) if part.fields.recurrence else part.title
            part.fields.owner, part.fields.owner_role = named.owner, named.owner_role
            part.title = _PRONOUN.sub("", part.title or "")
            part.title = part.title[:1].upper() + part.title[1:]
