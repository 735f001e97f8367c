"""The guided planning conversation (PRODUCT §3): one message in, one reply out, state saved by the caller.

Each message answers the pending prompt. An answer that yields an action with an owner and a due date is
recorded and the next guiding question follows in the same reply; when the owner or the due date is missing
the assistant asks once for exactly that. Commands work at any point. Replies are typed events
(`assistant.dialogue.events`); their words are in `assistant.dialogue.render_text`.
"""

from __future__ import annotations

from typing import Literal

from assistant.dialogue.events import (
    ActionsSplit,
    Answer,
    Event,
    FollowUp,
    Question,
    ReadinessQuestion,
    Reply,
    SetupQuestion,
    Welcome,
    notice,
)
from assistant.dialogue.plan_commands import COMMANDS, PlanCommands
from assistant.dialogue.plan_events import PlanEvents, hint_ref, sources_of
from assistant.dialogue.plan_followup import YES as _YES
from assistant.dialogue.plan_followup import PlanFollowUps, hold_guesses
from assistant.dialogue.plan_names import PlanNames
from assistant.dialogue.plan_readiness import PlanReadiness
from assistant.dialogue.plan_setup import NO as _NO
from assistant.dialogue.plan_setup import PlanSetup
from assistant.dialogue.render_text import EDITABLE, HELP, cite
from assistant.dialogue.session import Session
from assistant.dialogue.state import Followup, Missing, PlanState, QueueItem
from assistant.errors import InputError
from assistant.knowledge.curated import driver_name, only_drivers, parse_drivers, stage_name
from assistant.knowledge.text import clean_input
from assistant.llm import Backend, NoneBackend, guarded_answer, guarded_extract
from assistant.models import Action, Citation
from assistant.planning import operations
from assistant.planning.context import Hint, PlanningContext
from assistant.understanding.earlier import event_day, known_name, pointed_back, same_day, same_day_aside
from assistant.understanding.fields import SchoolYear
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.reader import ActionReading, read_answer
from assistant.understanding.titles import draft_title

MAX_ANSWER_CHARS = 10_000


class PlanConversation(PlanSetup, PlanNames, PlanFollowUps, PlanCommands, PlanReadiness, PlanEvents):
    """Drives one planning session; `start()` for the opening prompt (or where a resumed session stands)."""

    def __init__(
        self, session: Session, context: PlanningContext, today: object | None = None, backend: Backend | None = None
    ) -> None:
        from datetime import date

        self.backend: Backend = backend or NoneBackend()
        self.session = session
        self.context = context
        state = session.state
        self.state = state if isinstance(state, PlanState) else PlanState.model_validate(state or {})
        self.today: date = today if isinstance(today, date) else date.today()
        self.year = SchoolYear.containing(self.today)
        # What the model's guard wants said about this turn: part of this turn's reply, never another's.
        self.notices: list[str] = []
        if not self.plan.school_year:
            self.plan.school_year = f"{self.year.start.year}–{str(self.year.end.year)[-2:]}"

    def _save(self) -> None:
        self.session.state = self.state

    # ------------------------------------------------------------------------------------------ entry points

    def opening(self) -> Reply:
        """The opening prompt of a new session, or a recap and the pending prompt of a resumed one."""
        state = self.state
        if state.phase == "readiness_offer":  # saved before the offer became one line of the first question
            state.phase = "questions" if state.queue else "done"
        self._settle_setup()
        if state.ask_school and not self.session.transcript and state.phase != "initiative":
            state.phase = "school"  # asked once, before the guiding questions, when the rest was given at the start
        events: list[Event] = []
        if self.session.transcript:
            events.append(
                Welcome(session=self.session.id, resumed=True, actions=len(self.plan.actions), phase=state.phase)
            )
        elif state.phase != "initiative":
            events.append(Welcome(session=self.session.id, resumed=False, initiative=self.plan.initiative))
        self._save()
        return Reply.of(*events, self._prompt())

    def start(self) -> str:
        """The opening as text."""
        return self.opening().text

    def reply(self, message: str) -> Reply:
        text = clean_input(message)
        if len(text) > MAX_ANSWER_CHARS:
            return Reply.of(
                notice(
                    "too_long",
                    f"That message is {len(text):,} characters long; keep an answer under {MAX_ANSWER_CHARS:,} "
                    f"characters (add long documents with `cip-assistant index PATH`). Nothing was changed.",
                    "error",
                ),
                self._prompt(),
            )
        if not text:
            return Reply.of(notice("empty", "Type your answer, or /help to see the commands."), self._prompt())
        try:
            out = self._command(text) if text.startswith("/") else self._answer(text)
        except InputError as exc:
            out = Reply.of(notice("refused", str(exc), "error"), self._prompt())
        if self.notices:
            out = Reply.of(notice("model", " ".join(self.notices), "model"), *out.events, done=out.done)
            self.notices.clear()
        self._save()
        return out

    def edit(self, number: int, field: str, value: str) -> Reply:
        """A field set from outside the chat (the plan table): the plan operation, then where the chat stands."""
        action = operations.edit_action(
            self.plan, number, field, clean_input(value), self.today, self.year, self.context
        )
        self._save()
        return Reply.of(self._recorded(action, verb="updated", sources={field: "edited"}), self._prompt())

    # ------------------------------------------------------------------------------------------ prompts

    def _prompt(self) -> Event:
        state = self.state
        if state.phase in {"initiative", "school", "team", "drivers", "stage"}:
            return SetupQuestion(step=state.phase)
        if state.phase == "readiness" and state.readiness:
            readiness = state.readiness
            return ReadinessQuestion(
                driver=readiness.driver,
                number=readiness.pos + 1,
                of=len(readiness.items),
                consideration=readiness.items[readiness.pos].consideration,
            )
        if state.phase == "followup" and state.followup:
            return self._followup_prompt(state.followup)
        if state.phase == "questions":
            return self._question_prompt()
        return SetupQuestion(step="finished")

    def _question_prompt(self) -> Question:
        state = self.state
        item = state.queue[state.pos]
        same = [q for q in state.queue if q.driver == item.driver]
        hint = self._hint(item)
        if hint is not None:
            state.last_hint = [hint.passage.id, *(p.id for p in hint.others)]
        return Question(
            driver=item.driver,
            number=same.index(item) + 1,
            of=len(same),
            stage=state.stage,
            other_stage=not item.for_stage,
            text=item.text,
            hint=hint_ref(hint),
            answered_as=state.answered.get(state.pos),
            readiness_for=list(state.readiness_todo) if self._offer_open() else [],
        )

    def _offer_open(self) -> bool:
        state = self.state
        return bool(state.readiness_todo) and not state.readiness_offered and not state.answered

    def _hint(self, item: QueueItem) -> Hint | None:
        session = tuple(q.text for q in self.state.queue if q.driver == item.driver)
        return self.context.hint(item.text, item.driver, session)

    def _followup_prompt(self, followup: Followup) -> FollowUp:
        described = self.state.last_split and followup.action <= len(self.plan.actions)
        action = self.plan.actions[followup.action - 1] if followup.action <= len(self.plan.actions) else None
        return FollowUp(
            action=followup.action,
            description=action.description if described and action is not None else None,
            missing=list(followup.missing),
            guessed="due" in followup.guessed,
            guessed_due=followup.guessed_due if "due" in followup.guessed else None,
            guessed_owner=followup.guessed_owner if "owner" in followup.guessed else None,
            recurring=bool(action is not None and action.recurrence),
        )

    # ------------------------------------------------------------------------------------------ answers

    def _answer(self, text: str) -> Reply:
        phase = self.state.phase
        if phase in {"initiative", "school", "team", "drivers", "stage"}:
            return self._setup_answer(text)
        if phase == "readiness":
            return self._rate(text)
        if phase == "followup":
            return self._fill_followup(text)
        if phase == "questions":
            return self._record_answer(text)
        return self._after_last_question(text)

    def _record_answer(self, text: str, as_work: bool = False) -> Reply:
        state = self.state
        item = state.queue[state.pos]
        if self._offer_open() and text.lower().strip(" .!") in _YES | _NO:
            if text.lower().strip(" .!") in _YES:
                return self._start_readiness()
            state.readiness_offered = True
            return Reply.of(
                notice("readiness_declined", "No readiness check, then (/readiness starts it later)."), self._prompt()
            )
        named_alone = None if as_work else self._name_alone(text, item)
        if named_alone is not None:
            return named_alone
        hint = self._hint(item)
        passages = [hint.passage, *hint.others] if hint else []
        reading = read_answer(text, self.today, self.year, question=item.text, as_work=as_work)
        state.answered_back = text if reading.kind != "action" else None
        if reading.kind != "action":
            return self._answer_back(text, reading.kind, item)
        if len(reading.actions) == 1:
            fields, said = guarded_extract(
                self.backend, text, item.text, passages, self.today, self.year, rules=reading.actions[0].fields
            )
            if said:
                self.notices.append(said)
            part = reading.actions[0]
            if fields is not part.fields:  # a model read it: the title leaves out what it found, and what it found
                phrases = [*fields.date_phrases, *part.fields.date_phrases]  # is no longer a guess of the rules'
                part.title = draft_title(normalize_answer(text), fields.owner, phrases)
                part.guessed = [g for g in part.guessed if getattr(fields, g) == getattr(part.fields, g)]
            part.fields = fields
        named_only = self._titled_by_question(text, item, reading.actions)  # "ms pruitt, secondary math coordinator"
        first = reading.actions[0].fields
        if len(reading.actions) == 1 and len(text.split()) < 3 and not (first.owner or first.due):
            raise InputError(
                f"“{text[:40]}” is short for an action: say what your team will do (for example 'Dana will "
                "schedule monthly coaching cycles by October 1'), or /skip."
            )
        state.readiness_offered = True
        citations = [hint.citation] if hint else []
        previous = state.answered_many.get(state.pos) or (
            [state.answered[state.pos]] if state.pos in state.answered else []
        )
        if previous:
            self._remove_actions(previous[1:])
        numbers: list[int] = []
        earlier = [(a.owner or "", a.note) for a in self.plan.actions if a.number not in previous]
        for n, part in enumerate(reading.actions):
            if not part.fields.owner:
                # "she'll also get the letters translated by oct 2": the person the team named for the letters
                part.fields.owner = pointed_back(part.note, earlier)
            else:
                part.fields.owner = known_name(part.fields.owner, earlier)  # "kowalski again"
            if part.fields.due is None:  # "handed out at the summer institute": the day the plan already has for it
                dated = [
                    (a.note, a.start, a.due)
                    for a in self.plan.actions
                    if a.number not in previous and not a.recurrence  # a yearly bootcamp has no one day
                ]
                part.fields.due = event_day(part.note, dated)
            if part.fields.due is None and same_day(part.note) and n > 0:
                part.fields.due = reading.actions[n - 1].fields.due  # "…the nurse's office does vision the same day"
            elif part.fields.due is None and same_day_aside(part.note) and not part.fields.recurrence:
                last = [a.due for a in self.plan.actions if a.number not in previous][-1:]  # "… too (same day)"
                part.fields.due = last[0] if last else None
        for n, part in enumerate(reading.actions):
            action = self._action_from(part, item, citations)
            if n == 0 and previous:
                operations.replace_action(self.plan, previous[0], action, self.context)
            else:
                operations.add_action(self.plan, action, self.context)
            numbers.append(action.number)
        state.answered[state.pos] = numbers[0]
        state.answered_many[state.pos] = numbers
        state.last_split = numbers if len(numbers) > 1 else []
        events: list[Event] = []
        if len(numbers) > 1:
            events.append(ActionsSplit(count=len(numbers)))
        followups: list[Followup] = []
        for n, (number, part) in enumerate(zip(numbers, reading.actions, strict=True)):
            action = self.plan.actions[number - 1]
            events.append(
                self._recorded(
                    action,
                    # Only as many as the earlier answer had take their place; the rest are new to the plan.
                    verb="replaced" if n < len(previous) else "recorded",
                    sources=sources_of(part),
                    date_phrases=part.fields.date_phrases,
                    unparsed=part.fields.unparsed_date,
                    understood=part.understood,
                    hint=hint if len(numbers) == 1 else None,
                )
            )
            missing = operations.missing(action)
            guessed: list[Missing] = [f for f in ("owner", "due") if f in part.guessed and getattr(action, f)]
            if missing or guessed:  # a guessed owner or date is shown and asked, as a missing one is
                asked: list[Missing] = [f for f in ("owner", "due") if f in missing or f in guessed]
                followups.append(Followup(action=number, missing=asked, guessed=guessed))
                hold_guesses(action, followups[-1])
        if named_only is not None:
            events.append(named_only)
        if followups:
            state.followup, state.pending = followups[0], followups[1:]
            state.phase = "followup"
            return Reply.of(*events, self._prompt())
        return Reply.of(*events, *self._advance())

    def _action_from(self, part: ActionReading, item: QueueItem, citations: list[Citation]) -> Action:
        fields = part.fields
        return Action(
            number=len(self.plan.actions) + 1,
            description=part.title or fields.description or part.note[:300],
            note=part.note[:2000],
            driver=item.driver,
            stage=self.state.stage,
            owner=fields.owner,
            owner_role=fields.owner_role,
            start=fields.start,
            due=fields.due,
            recurrence=fields.recurrence,
            resources=list(fields.resources),
            measures=list(fields.measures),
            citations=list(citations),
            question=item.text,
        )

    def _remove_actions(self, numbers: list[int]) -> None:
        """Take actions out of the plan and renumber the rest, keeping every reference to them right."""
        if not numbers:
            return
        mapping = operations.remove_actions(self.plan, numbers)
        state = self.state
        state.answered = {pos: mapping[n] for pos, n in state.answered.items() if n in mapping}
        state.answered_many = {
            pos: [mapping[n] for n in ns if n in mapping]
            for pos, ns in state.answered_many.items()
            if any(n in mapping for n in ns)
        }
        state.last_split = [mapping[n] for n in state.last_split if n in mapping]
        for followup in [state.followup, *state.pending]:
            if followup is not None and followup.action in mapping:
                followup.action = mapping[followup.action]
        state.pending = [f for f in state.pending if f.action in mapping.values()]

    def _answer_back(self, text: str, kind: str, item: QueueItem) -> Reply:
        """A question back or "not sure yet": answered from the guidance; the guiding question stays open."""
        query = item.text if kind == "unsure" else f"{text} {item.text}"
        drivers = {item.driver}
        named = set(parse_drivers(text)) if kind != "unsure" else set()
        if named and item.driver not in named:  # "wait what counts as fidelity here?", asked during training
            query, drivers = text, named
        try:
            result, said = guarded_answer(self.backend, self.context.retriever, query, drivers=drivers)
        except Exception:  # the meeting goes on even when the guidance cannot be searched
            result, said = None, None
        if said:
            self.notices.append(said)
        reason: Literal["question", "unsure"] = "unsure" if kind == "unsure" else "question"
        if result is not None and result.found:
            answer = Answer(reason=reason, answer=result.answer, citations=list(result.citations))
        else:
            answer = Answer(reason=reason, hint=hint_ref(self._hint(item)))
        return Reply.of(answer, self._prompt())

    def _advance(self) -> list[Event]:
        state = self.state
        state.pos += 1
        if state.pos < len(state.queue):
            state.phase = "questions"
            return [self._prompt()]
        state.phase = "done"
        return [self._summary(last_question=True)]


def set_field(action: Action, field: str, value: str, today: object, year: SchoolYear) -> None:
    """Change one field of an action from text a team typed (cleaned first); see `planning.operations`."""
    from datetime import date

    assert isinstance(today, date)
    operations.set_field(action, field, clean_input(value), today, year)


__all__ = [
    "COMMANDS",
    "EDITABLE",
    "HELP",
    "MAX_ANSWER_CHARS",
    "PlanConversation",
    "Reply",
    "cite",
    "clean_input",
    "driver_name",
    "only_drivers",
    "parse_drivers",
    "set_field",
    "stage_name",
]
