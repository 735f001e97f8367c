"""The commands of a planning conversation: /skip, /back, /plan, /why, /edit, /join, /record, /readiness, /more,
/done."""

from __future__ import annotations

from assistant.dialogue.events import ActionRecorded, Done, Event, Help, LeftOpen, Reply, Sources, notice
from assistant.dialogue.plan_base import PlanBase
from assistant.dialogue.plan_followup import hold_guesses
from assistant.dialogue.state import QueueItem
from assistant.errors import InputError
from assistant.knowledge.curated import driver_name
from assistant.models import Citation
from assistant.planning import operations

COMMANDS = ("/skip", "/back", "/plan", "/why", "/edit", "/join", "/record", "/readiness", "/more", "/done", "/help")


class PlanCommands(PlanBase):
    def _command(self, text: str) -> Reply:
        name, _, rest = text.partition(" ")
        name = name.lower()
        if name == "/help":
            return Reply.of(Help(), self._prompt())
        if name == "/plan":
            return Reply.of(self._plan_shown(), self._prompt())
        if name == "/why":
            return Reply.of(self._why(), self._prompt())
        if name == "/skip":
            return self._skip()
        if name == "/back":
            return self._back()
        if name == "/edit":
            return Reply.of(self._edit(rest.strip()), self._prompt())
        if name == "/join":
            return self._join()
        if name == "/record":
            return self._record()
        if name == "/readiness":
            return self._start_readiness()
        if name == "/more":
            return Reply.of(*self._more())
        if name == "/done":
            self._forget_followup()
            self.state.phase = "done"
            return Reply.of(self._summary(last_question=False), Done(), done=True)
        return Reply.of(
            notice(
                "unknown_command",
                f"Unknown command {name[:30]}. Commands: {', '.join(COMMANDS)} (/help explains them).",
                "error",
            ),
            self._prompt(),
        )

    def _join(self) -> Reply:
        state = self.state
        numbers = state.last_split
        if len(numbers) < 2:
            return Reply.of(
                notice("nothing_to_join", "The last answer was recorded as one action; there is nothing to join."),
                self._prompt(),
            )
        first = operations.join_actions(self.plan, numbers, self.context)
        if state.followup is not None and state.followup.action in numbers[1:]:
            state.followup = None
        state.pending = [f for f in state.pending if f.action not in numbers[1:]]
        self._remove_actions(numbers[1:])
        state.last_split = []
        if state.followup is None and state.pending:
            state.followup, state.pending = state.pending[0], state.pending[1:]
        if state.followup is not None:
            if state.followup.action == first.number:
                state.followup.missing = operations.missing(first)
            if not state.followup.missing:
                state.followup = None
        if state.phase == "followup" and state.followup is None:
            state.phase = "questions"
        joined = self._recorded(first, verb="joined")
        if state.phase == "questions" and state.followup is None and state.pos in state.answered_many:
            return Reply.of(joined, *self._advance())
        return Reply.of(joined, self._prompt())

    def _record(self) -> Reply:
        """The last answer taken for a question back or "not sure", added to the plan as the work the team says."""
        said = self.state.answered_back
        if said is None or self.state.phase != "questions":
            text = "Nothing to record: /record adds the last answer I took for a question as work for the plan."
            return Reply.of(notice("nothing_to_record", text, "error"), self._prompt())
        return self._record_answer(said, as_work=True)

    def _why(self) -> Sources:
        passages = []
        for pid in self.state.last_hint:
            passage = self.context.retriever.passage(pid)
            if passage is not None:
                passages.append(Citation.from_passage(passage, passage.text))
        return Sources(passages=passages)

    def _skip(self) -> Reply:
        state = self.state
        if state.phase == "followup" and state.followup:
            return self._fill_followup_skip()
        if state.phase in {"school", "team"}:
            return self._school("skip")
        if state.phase == "questions":
            return Reply.of(notice("skipped", "Skipped."), *self._advance())
        if state.phase == "readiness" and state.readiness:
            state.readiness.items[state.readiness.pos].rating = "skipped"
            return Reply.of(*self._advance_readiness())
        return Reply.of(notice("nothing_to_skip", "There is nothing to skip here."), self._prompt())

    def _forget_followup(self) -> None:
        """Leave the follow-ups unanswered: an owner one was asking to confirm is not kept."""
        for followup in [self.state.followup, *self.state.pending]:
            if followup is not None and followup.action <= len(self.plan.actions):
                action = self.plan.actions[followup.action - 1]
                hold_guesses(action, followup)  # and so never written into the plan
                operations.sync_open_flags(action, followup.missing)
        self.state.followup, self.state.pending = None, []

    def _fill_followup_skip(self) -> Reply:
        followup = self.state.followup
        assert followup is not None
        action = self.plan.actions[followup.action - 1]
        hold_guesses(action, followup)
        operations.sync_open_flags(action, followup.missing)
        self.state.followup = None
        left = LeftOpen(action=action.number)
        if self.state.pending:
            self.state.followup, self.state.pending = self.state.pending[0], self.state.pending[1:]
            return Reply.of(left, self._prompt())
        self.state.phase = "questions"
        return Reply.of(left, *self._advance())

    def _back(self) -> Reply:
        state = self.state
        if state.phase == "followup":
            self._forget_followup()
            state.pending = []
            state.phase = "questions"
            return Reply.of(notice("back", "Back to the question; a new answer replaces the action."), self._prompt())
        if state.phase in {"questions", "done"} and state.queue:
            if state.phase == "done":
                state.pos = len(state.queue)
            if state.pos == 0:
                return Reply.of(notice("first_question", "This is the first question."), self._prompt())
            state.pos -= 1
            state.phase = "questions"
            return Reply.of(self._prompt())
        if state.phase == "readiness" and state.readiness and state.readiness.pos > 0:
            state.readiness.pos -= 1
            return Reply.of(self._prompt())
        return Reply.of(notice("no_earlier", "There is no earlier question to go back to."), self._prompt())

    def _more(self) -> list[Event]:
        state = self.state
        if state.phase not in {"questions", "followup"} or not state.queue or state.stage is None:
            text = "Other stages' questions can be added once the guiding questions have started."
            return [notice("more_not_yet", text), self._prompt()]
        driver = state.queue[min(state.pos, len(state.queue) - 1)].driver
        if driver in state.expanded:
            text = f"The other stages' questions for {driver_name(driver)} are already in the list."
            return [notice("more_already", text), self._prompt()]
        present = {q.text for q in state.queue}
        extra = [
            QueueItem(driver=driver, text=text, passage_id=p.id if p else None, for_stage=False)
            for text, p, for_stage in self.context.guiding_questions(driver, state.stage, include_other_stages=True)
            if not for_stage and text not in present
        ]
        state.expanded.append(driver)
        if not extra:
            return [
                notice("more_none", f"{driver_name(driver)} has no questions tagged for other stages."),
                self._prompt(),
            ]
        last = max(i for i, q in enumerate(state.queue) if q.driver == driver)
        state.queue[last + 1 : last + 1] = extra
        text = (
            f"Added {len(extra)} question(s) for {driver_name(driver)} from other stages; "
            "they follow this driver's stage questions."
        )
        return [notice("more_added", text), self._prompt()]

    def _edit(self, args: str) -> ActionRecorded:
        parts = args.split(None, 2)
        if not parts or not parts[0].isdecimal():
            raise InputError(
                "Say which action: /edit N, or /edit N FIELD VALUE (for example /edit 2 owner Dana Reyes)."
            )
        number = int(parts[0])
        action = operations.action_at(self.plan, number)
        if len(parts) == 1:
            return self._recorded(action, verb="shown")
        field = operations.check_field(parts[1])
        value = parts[2].strip() if len(parts) > 2 else ""
        action = operations.edit_action(self.plan, number, field, value, self.today, self.year, self.context)
        return self._recorded(action, verb="updated", sources={field: "edited"})
