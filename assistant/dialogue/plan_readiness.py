"""The readiness check of a planning conversation: each tip-sheet consideration rated, every gap an action."""

from __future__ import annotations

from assistant.dialogue.events import Event, GapNoted, ReadinessDone, Reply, notice
from assistant.dialogue.plan_base import PlanBase
from assistant.dialogue.state import Readiness, ReadinessItem
from assistant.errors import InputError
from assistant.models import DUE_NOT_SET, OWNER_NOT_SET, SUGGESTED_BY_READINESS, Action, Citation, Driver
from assistant.planning import operations
from assistant.planning.assessment import gap_action, record_readiness
from assistant.planning.context import quote_of

_RATINGS = {
    "in_place": ("in place", "yes", "done", "we have it", "3", "fully", "in-place"),
    "partially": ("partially", "partial", "partly", "some", "somewhat", "2", "in progress", "kind of"),
    "not_in_place": ("not in place", "no", "not yet", "none", "1", "missing", "not", "nope"),
}


class PlanReadiness(PlanBase):
    def _start_readiness(self) -> Reply:
        state = self.state
        # Before the school and team are asked (a session started with its drivers and stage) it can start too.
        if state.phase not in {"questions", "done"} and not (state.phase in {"school", "team"} and state.queue):
            return Reply.of(
                notice("readiness_not_yet", "The readiness check can start once the guiding questions have."),
                self._prompt(),
            )
        if not state.readiness_todo:
            state.readiness_todo = [d for d in self.plan.drivers if self.context.considerations(d)]
        if not state.readiness_todo:
            return Reply.of(
                notice("readiness_none", "There are no tip-sheet considerations to rate for these drivers."),
                self._prompt(),
            )
        state.readiness_offered = True
        self._next_readiness()
        return Reply.of(self._prompt())

    def _next_readiness(self) -> None:
        state = self.state
        while state.readiness_todo:
            driver = state.readiness_todo.pop(0)
            items = [
                ReadinessItem(consideration=p.heading or p.text, passage_id=p.id)
                for p in self.context.considerations(driver)
            ]
            if items:
                state.readiness = Readiness(driver=driver, items=items)
                state.phase = "readiness"
                return
        state.readiness = None
        # A check re-run once the questions are all answered goes back to the finished plan, not past its end.
        state.phase = "questions" if state.pos < len(state.queue) else "done"
        if state.ask_school:  # the check came first: the school and team are asked before the questions
            state.phase = "school"

    def _rate(self, text: str) -> Reply:
        readiness = self.state.readiness
        assert readiness is not None
        rating = _rating(text)
        if rating is None:
            raise InputError("Rate it as 'in place', 'partially' or 'not in place' (or /skip).")
        item = readiness.items[readiness.pos]
        item.rating = rating  # type: ignore[assignment]
        events: list[Event] = []
        existing = gap_action(self.plan, item.consideration)
        if rating in {"partially", "not_in_place"} and existing is not None:  # rated again: the action stands
            events.append(notice("gap_has_action", f"Gap noted; action {existing.number} already answers it."))
        elif rating in {"partially", "not_in_place"}:
            action = self._gap_action(readiness.driver, item)
            events.append(GapNoted(action=action.number, description=action.description))
        return Reply.of(*events, *self._advance_readiness())

    def _advance_readiness(self) -> list[Event]:
        readiness = self.state.readiness
        assert readiness is not None
        readiness.pos += 1
        if readiness.pos < len(readiness.items):
            return [self._prompt()]
        gaps = sum(1 for i in readiness.items if i.rating in {"partially", "not_in_place"})
        done = ReadinessDone(driver=readiness.driver, gaps=gaps)
        record_readiness(self.plan, readiness.driver, readiness.items, self.today)
        score = self.plan.assessments[-1].score(readiness.driver)
        shown = f": {score}%." if score is not None else "."
        saved = notice("assessment_saved", f"Saved in the driver assessment of {self.today.isoformat()}{shown}")
        self._next_readiness()
        return [done, saved, self._prompt()]

    def _gap_action(self, driver: Driver, item: ReadinessItem) -> Action:
        passage = self.context.retriever.passage(item.passage_id)
        citations = []
        if passage is not None:
            citations.append(Citation.from_passage(passage, quote_of(passage)))
        partial = item.rating == "partially"
        description = f"{'Strengthen' if partial else 'Put in place'}: {item.consideration.rstrip('.')}"
        action = Action(
            number=len(self.plan.actions) + 1,
            description=description,
            driver=driver,
            stage=self.state.stage,
            citations=citations,
            question=f"Readiness: {item.consideration}",
            flags=[SUGGESTED_BY_READINESS, OWNER_NOT_SET, DUE_NOT_SET],
        )
        return operations.add_action(self.plan, action, self.context)


def _rating(text: str) -> str | None:
    answer = text.lower().strip(" .!")
    for key in ("not_in_place", "partially", "in_place"):
        if answer in _RATINGS[key]:
            return key
    for key in ("not_in_place", "partially", "in_place"):
        if any(answer.startswith(word) for word in _RATINGS[key] if len(word) > 2):
            return key
    return None
