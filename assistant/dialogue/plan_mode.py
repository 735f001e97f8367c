"""The guided planning conversation (PRODUCT §3): one message in, one reply out, state saved by the caller.

Each message answers the pending prompt. An answer that yields an action with an owner and a due date is
recorded and the next guiding question follows in the same reply; when the owner or the due date is missing
the assistant asks once for exactly that. Commands work at any point.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from assistant.dialogue.state import Followup, Missing, PlanState, QueueItem, Readiness, ReadinessItem
from assistant.errors import InputError
from assistant.knowledge.citations import citation_label, source_title
from assistant.knowledge.curated import driver_info, stage_info, stages
from assistant.llm import Backend, NoneBackend, guarded_answer, guarded_extract
from assistant.models import (
    DUE_NOT_SET,
    OWNER_NOT_SET,
    SUGGESTED_BY_READINESS,
    Action,
    ActionPlan,
    Citation,
    Driver,
    Session,
    Stage,
)
from assistant.planning.assessment import gap_action, record_readiness
from assistant.planning.context import Hint, PlanningContext, quote_of
from assistant.planning.equity import action_text, worth_attention
from assistant.understanding.fields import SchoolYear, parse_due, parse_owner
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.reader import ActionReading, classify, read_action, read_answer
from assistant.understanding.school_dates import find_school_dates, rewrite
from assistant.understanding.setup import school_and_team, understand_stage
from assistant.understanding.titles import draft_title

MAX_ANSWER_CHARS = 10_000
COMMANDS = ("/skip", "/back", "/plan", "/why", "/edit", "/join", "/readiness", "/more", "/done", "/help")
EDITABLE = ("description", "owner", "start", "due", "recurrence", "resources", "measures", "status")
HELP = """Commands you can type at any point:
  /skip      leave this question (or the missing owner/date) and move on
  /back      return to the previous question; a new answer replaces the action it gave
  /plan      show the plan so far
  /why       show the sources behind the last hint
  /edit N    show action N; /edit N FIELD VALUE changes it (fields: description, owner, start, due,
             recurrence, resources, measures, status)
  /join      undo the split of the last answer: its actions become one again
  /readiness rate this driver's tip-sheet considerations; every gap becomes a suggested action
  /more      add this driver's questions from the other stages
  /done      finish and see the summary
  /help      this list
Anything else is your answer to the question on screen."""
_YES = {"y", "yes", "yeah", "yep", "sure", "ok", "okay", "please", "yes please", "let's do it"}
_NO = {"n", "no", "nope", "no thanks", "skip", "not now", "later"}
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


_RATINGS = {
    "in_place": ("in place", "yes", "done", "we have it", "3", "fully", "in-place"),
    "partially": ("partially", "partial", "partly", "some", "somewhat", "2", "in progress", "kind of"),
    "not_in_place": ("not in place", "no", "not yet", "none", "1", "missing", "not", "nope"),
}


_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_input(text: str) -> str:
    """Drop terminal escape sequences and control characters (keeping line breaks): nothing invisible is kept."""
    text = _ESCAPES.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


@lru_cache(maxsize=1)
def _driver_aliases() -> tuple[tuple[str, Driver], ...]:
    """Every way a driver is named, normalised, longest first so "data systems" wins over "data"."""
    from assistant.knowledge.curated import _key, drivers

    named = dict.fromkeys((_key(a), info.key) for info in drivers() for a in [info.key.value, info.name, *info.aliases])
    return tuple(sorted(((a, d) for a, d in named if a), key=lambda item: -len(item[0])))


def _match_drivers(text: str) -> tuple[list[tuple[int, Driver]], str]:
    """Where each driver is named in `text`, and what is left once the names are taken out."""
    from assistant.knowledge.curated import _key

    remaining = f" {_key(text)} "
    found: list[tuple[int, Driver]] = []
    for alias, driver in _driver_aliases():
        position = remaining.find(f" {alias} ")
        while position >= 0:
            found.append((position, driver))
            remaining = remaining[:position] + " " + "#" * len(alias) + " " + remaining[position + len(alias) + 2 :]
            position = remaining.find(f" {alias} ")
    return found, remaining


def parse_drivers(text: str) -> list[Driver]:
    """Every driver named in a free-text list ("coaching, data systems and DIDM"), in order, without repeats."""
    found, _ = _match_drivers(text)
    ordered: list[Driver] = []
    for _, driver in sorted(found, key=lambda item: item[0]):
        if driver not in ordered:
            ordered.append(driver)
    return ordered


_LIST_WORDS = frozenset(
    "and or the plus also then i we think maybe probably want to plan for on drivers driver".split()
)


def only_drivers(text: str) -> bool:
    """ "coaching and data systems": an answer that names drivers and nothing else."""
    found, remaining = _match_drivers(text)
    return bool(found) and {w for w in remaining.split() if w.strip("#")} <= _LIST_WORDS


def driver_name(driver: Driver | None) -> str:
    return driver_info(driver).name if driver else "General"


def stage_name(stage: Stage | None) -> str:
    return stage_info(stage).name if stage else "not set"


def cite(citation: Citation) -> str:
    return f"[{citation.section} — {source_title(citation.source)}]"


@dataclass
class Reply:
    text: str
    done: bool = False


class PlanConversation:
    """Drives one planning session; `start()` for the opening prompt (or where a resumed session stands)."""

    def __init__(
        self, session: Session, context: PlanningContext, today: object | None = None, backend: Backend | None = None
    ) -> None:
        from datetime import date

        self.backend: Backend = backend or NoneBackend()
        self.session = session
        self.context = context
        self.state = PlanState.model_validate(session.state) if session.state else PlanState()
        self.today: date = today if isinstance(today, date) else date.today()
        self.year = SchoolYear.containing(self.today)
        self.notices: list[str] = []
        if not self.plan.school_year:
            self.plan.school_year = f"{self.year.start.year}–{str(self.year.end.year)[-2:]}"

    @property
    def plan(self) -> ActionPlan:
        return self.session.plan

    def _save(self) -> None:
        self.session.state = self.state.model_dump(mode="json")

    # ------------------------------------------------------------------------------------------ entry points

    def start(self) -> str:
        """The opening prompt of a new session, or a recap and the pending prompt of a resumed one."""
        state = self.state
        if state.phase == "readiness_offer":  # saved before the offer became one line of the first question
            state.phase = "questions" if state.queue else "done"
        if state.phase == "initiative" and self.plan.initiative:
            state.phase = "drivers"
        if state.phase == "drivers" and self.plan.drivers:
            state.phase = "stage"
        if state.phase == "stage" and (state.stage or self.plan.stage):
            state.stage = state.stage or self.plan.stage
            self._begin_planning()
        intro = ""
        if self.session.transcript:
            intro = f"Welcome back to '{self.session.id}'. {self._progress()}\n\n"
        elif state.phase != "initiative":
            intro = f"Plan '{self.session.id}' for {self.plan.initiative or 'your initiative'}.\n\n"
        self._save()
        return intro + self._prompt()

    def reply(self, message: str) -> Reply:
        text = clean_input(message)
        if len(text) > MAX_ANSWER_CHARS:
            return Reply(
                f"That message is {len(text):,} characters long; keep an answer under {MAX_ANSWER_CHARS:,} "
                f"characters (add long documents with `cip-assistant index PATH`). Nothing was changed.\n\n"
                + self._prompt()
            )
        if not text:
            return Reply("Type your answer, or /help to see the commands.\n\n" + self._prompt())
        try:
            out = self._command(text) if text.startswith("/") else self._answer(text)
        except InputError as exc:
            out = Reply(f"{exc}\n\n{self._prompt()}")
        if self.notices:
            out = Reply(f"({' '.join(self.notices)})\n\n{out.text}", out.done)
            self.notices.clear()
        self._save()
        return out

    # ------------------------------------------------------------------------------------------ prompts

    def _prompt(self) -> str:
        state = self.state
        if state.phase == "initiative":
            return (
                "Let's draft your Continuous Improvement Plan. What initiative or practice is this plan for? "
                "(for example: 'Structured literacy in grades K-3')"
            )
        if state.phase == "school":
            return (
                "Which school or district is this plan for, and which team is writing it? (for example: "
                "'Lincoln Elementary, 3rd grade team') — or /skip."
            )
        if state.phase == "drivers":
            names = ", ".join(driver_name(d) for d in Driver)
            return f"Which implementation drivers will you plan for? Name one or more: {names}."
        if state.phase == "stage":
            options = "\n".join(f"  - {s.name}: {s.meaning.split('.')[0].split('?')[0]}" for s in stages())
            return f"Which implementation stage are you at?\n{options}"
        if state.phase == "readiness" and state.readiness:
            return self._readiness_prompt()
        if state.phase == "followup" and state.followup:
            return self._followup_prompt(state.followup)
        if state.phase == "questions":
            return self._question_prompt()
        return "The plan is complete. /plan shows it, /edit N changes an action, /back reopens the last question."

    def _question_prompt(self) -> str:
        state = self.state
        item = state.queue[state.pos]
        same = [q for q in state.queue if q.driver == item.driver]
        n = same.index(item) + 1
        stage_label = stage_name(state.stage) if item.for_stage else "another stage"
        lines = [f"{driver_name(item.driver)} · question {n} of {len(same)} ({stage_label}):", item.text]
        hint = self._hint(item)
        if hint is not None:
            state.last_hint = [hint.passage.id, *(p.id for p in hint.others)]
            lines.append(f"Hint — best practice: “{hint.quote}” {cite(hint.citation)}")
        if state.pos in state.answered:
            lines.append(f"(You answered this before as action {state.answered[state.pos]}; a new answer replaces it.)")
        lines.append("Answer with what your team will do, who will own it and by when, or /skip.")
        if self._offer_open():
            names = ", ".join(driver_name(d) for d in state.readiness_todo)
            lines.append(f"(Optional: /readiness starts a quick readiness check for {names}; gaps become actions.)")
        return "\n".join(lines)

    def _offer_open(self) -> bool:
        state = self.state
        return bool(state.readiness_todo) and not state.readiness_offered and not state.answered

    def _hint(self, item: QueueItem) -> Hint | None:
        session = tuple(q.text for q in self.state.queue if q.driver == item.driver)
        return self.context.hint(item.text, item.driver, session)

    def _followup_prompt(self, followup: Followup) -> str:
        label = ""
        if self.state.last_split and followup.action <= len(self.plan.actions):
            label = f"Action {followup.action} ({self.plan.actions[followup.action - 1].description[:60]}): "
        return label + self._followup_ask(followup)

    def _followup_ask(self, followup: Followup) -> str:
        if followup.guessed:
            action = self.plan.actions[followup.action - 1]
            shown = action.due.isoformat() if action.due else "open"
            return (
                f"I read the due date as {shown}, but I am not sure. Is that right? Type a date, 'yes' to keep it, "
                "or /skip to leave it open."
            )
        if followup.missing == ["owner", "due"]:
            ask = "Who will own this, and by when? (for example: 'Dana Reyes, instructional coach, by January 29')"
        elif followup.missing == ["owner"]:
            ask = "Who will own this action? (a name and/or a role, for example 'the principal')"
        else:
            ask = "By when? (a date such as 2027-01-29, 'by March 15' or 'by the end of the semester')"
        return f"{ask} — or /skip to leave it open."

    def _readiness_prompt(self) -> str:
        readiness = self.state.readiness
        assert readiness is not None
        item = readiness.items[readiness.pos]
        return (
            f"Readiness · {driver_name(readiness.driver)} · {readiness.pos + 1} of {len(readiness.items)}:\n"
            f"“{item.consideration}”\nIs this in place, partially in place, or not in place?"
        )

    def _progress(self) -> str:
        n = len(self.plan.actions)
        where = {
            "questions": "You were on the guiding questions.",
            "followup": "I was asking about the last action.",
            "readiness": "You were in the readiness check.",
            "done": "The plan was finished.",
        }.get(self.state.phase, "")
        return f"The plan has {n} action{'s' if n != 1 else ''}. {where}".strip()

    # ------------------------------------------------------------------------------------------ answers

    def _answer(self, text: str) -> Reply:
        phase = self.state.phase
        if phase == "initiative":
            self.plan.initiative = text[:300]
            self.state.phase = "school" if not (self.plan.school or self.plan.team) else "drivers"
            return Reply(f"Initiative: {self.plan.initiative}.\n\n{self._prompt()}")
        if phase == "school":
            return self._school(text)
        if phase == "drivers":
            found = parse_drivers(text)
            if not found:
                names = ", ".join(driver_name(d) for d in Driver)
                raise InputError(f"I did not recognise a driver in '{text[:80]}'. Name one or more of: {names}.")
            self.plan.drivers = found
            self.state.phase = "stage"
            return Reply(f"Drivers: {', '.join(driver_name(d) for d in found)}.\n\n{self._prompt()}")
        if phase == "stage":
            self.state.stage = understand_stage(text)
            self.plan.stage = self.state.stage
            opening = f"Stage: {stage_name(self.state.stage)}."
            self._begin_planning()
            return Reply(f"{opening}\n\n{self._prompt()}")
        if phase == "readiness":
            return self._rate(text)
        if phase == "followup":
            return self._fill_followup(text)
        if phase == "questions":
            return self._record_answer(text)
        return Reply(
            "The plan is finished. Type /edit N to change an action, /plan to see it, or /back to reopen the last "
            "question."
        )

    def _begin_planning(self) -> None:
        state = self.state
        if state.stage is None:
            return
        state.queue = [
            QueueItem(driver=driver, text=text, passage_id=passage.id if passage else None, for_stage=for_stage)
            for driver in self.plan.drivers
            for text, passage, for_stage in self.context.guiding_questions(driver, state.stage)
        ]
        state.pos = 0
        state.readiness_todo = [d for d in self.plan.drivers if self.context.considerations(d)]
        state.phase = "questions" if state.queue else "done"

    def _school(self, text: str) -> Reply:
        if only_drivers(text):  # the team went straight on to the drivers: the header stays blank
            self.state.phase = "drivers"
            return self._answer(text)
        answer = text.lower().strip(" .!")
        if answer not in _NO and answer not in {"skip", "none", "n/a", "na", "-"}:
            school, team = school_and_team(text)
            self.plan.school, self.plan.team = school or self.plan.school, team or self.plan.team
        self.state.phase = "drivers"
        said = [
            f"School / district: {self.plan.school}" if self.plan.school else "",
            f"Team: {self.plan.team}" if self.plan.team else "",
        ]
        said_text = " · ".join(p for p in said if p) or "No school or team set (the plan's header stays blank)"
        return Reply(f"{said_text}.\n\n{self._prompt()}")

    def _start_readiness(self) -> Reply:
        state = self.state
        if state.phase not in {"questions", "done"}:
            return Reply("The readiness check can start once the guiding questions have.\n\n" + self._prompt())
        if not state.readiness_todo:
            state.readiness_todo = [d for d in self.plan.drivers if self.context.considerations(d)]
        if not state.readiness_todo:
            return Reply("There are no tip-sheet considerations to rate for these drivers.\n\n" + self._prompt())
        state.readiness_offered = True
        self._next_readiness()
        return Reply(self._prompt())

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

    def _rate(self, text: str) -> Reply:
        readiness = self.state.readiness
        assert readiness is not None
        rating = _rating(text)
        if rating is None:
            raise InputError("Rate it as 'in place', 'partially' or 'not in place' (or /skip).")
        item = readiness.items[readiness.pos]
        item.rating = rating  # type: ignore[assignment]
        note = ""
        existing = gap_action(self.plan, item.consideration)
        if rating in {"partially", "not_in_place"} and existing is not None:  # rated again: the action stands
            note = f"Gap noted; action {existing.number} already answers it.\n\n"
        elif rating in {"partially", "not_in_place"}:
            action = self._gap_action(readiness.driver, item)
            note = f"Gap noted → suggested action {action.number}: {action.description}\n\n"
        return Reply(note + self._advance_readiness())

    def _advance_readiness(self) -> str:
        readiness = self.state.readiness
        assert readiness is not None
        readiness.pos += 1
        if readiness.pos < len(readiness.items):
            return self._prompt()
        gaps = sum(1 for i in readiness.items if i.rating in {"partially", "not_in_place"})
        done = f"Readiness check for {driver_name(readiness.driver)} done: {gaps} gap{'s' if gaps != 1 else ''}."
        record_readiness(self.plan, readiness.driver, readiness.items, self.today)
        score = self.plan.assessments[-1].score(readiness.driver)
        shown = f": {score}%." if score is not None else "."
        done += f" Saved in the driver assessment of {self.today.isoformat()}{shown}"
        self._next_readiness()
        return f"{done}\n\n{self._prompt()}"

    def _gap_action(self, driver: Driver, item: ReadinessItem) -> Action:
        passage = self.context.retriever.passage(item.passage_id)
        citations = []
        if passage is not None:
            citations.append(
                Citation(id=passage.id, source=passage.source, section=passage.section, quote=quote_of(passage))
            )
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
        self.context.run_equity(action)
        self.plan.actions.append(action)
        return action

    def _record_answer(self, text: str) -> Reply:
        state = self.state
        item = state.queue[state.pos]
        if self._offer_open() and text.lower().strip(" .!") in _YES | _NO:
            if text.lower().strip(" .!") in _YES:
                return self._start_readiness()
            state.readiness_offered = True
            return Reply("No readiness check, then (/readiness starts it later).\n\n" + self._prompt())
        hint = self._hint(item)
        passages = [hint.passage, *hint.others] if hint else []
        reading = read_answer(text, self.today, self.year, question=item.text)
        if reading.kind != "action":
            return self._answer_back(text, reading.kind, item)
        if len(reading.actions) == 1:
            fields, notice = guarded_extract(
                self.backend, text, item.text, passages, self.today, self.year, rules=reading.actions[0].fields
            )
            if notice:
                self.notices.append(notice)
            if fields is not reading.actions[0].fields:  # a model read it: the title leaves out what it found
                phrases = [*fields.date_phrases, *reading.actions[0].fields.date_phrases]
                reading.actions[0].title = draft_title(normalize_answer(text), fields.owner, phrases)
            reading.actions[0].fields = fields
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
        replaced = bool(previous)
        if previous:
            self._remove_actions(previous[1:])
        numbers: list[int] = []
        for n, part in enumerate(reading.actions):
            number = previous[0] if (n == 0 and previous) else len(self.plan.actions) + 1
            action = self._action_from(part, item, citations, number)
            if n == 0 and previous:
                self.plan.actions[number - 1] = action
            else:
                self.plan.actions.append(action)
            numbers.append(action.number)
        state.answered[state.pos] = numbers[0]
        state.answered_many[state.pos] = numbers
        state.last_split = numbers if len(numbers) > 1 else []
        lines = []
        if len(numbers) > 1:
            lines.append(f"I read {len(numbers)} actions in that answer (/join makes them one again):")
        followups: list[Followup] = []
        for number, part in zip(numbers, reading.actions, strict=True):
            action = self.plan.actions[number - 1]
            lines.append(
                self._describe(
                    action,
                    part.fields.date_phrases,
                    part.fields.unparsed_date,
                    replaced=replaced,
                    understood=part.understood,
                )
            )
            if len(numbers) == 1:
                suggestion = self._suggest(action, hint)
                if suggestion:
                    lines.append(suggestion)
            missing = [m for m, value in (("owner", action.owner), ("due", action.due)) if value is None]
            if missing:
                followups.append(Followup(action=number, missing=missing))  # type: ignore[arg-type]
        if followups:
            state.followup, state.pending = followups[0], followups[1:]
            state.phase = "followup"
            return Reply("\n".join(lines) + "\n\n" + self._prompt())
        return Reply("\n".join(lines) + "\n\n" + self._advance())

    def _action_from(self, part: ActionReading, item: QueueItem, citations: list[Citation], number: int) -> Action:
        fields = part.fields
        action = Action(
            number=number,
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
        self.context.run_equity(action)
        return action

    def _remove_actions(self, numbers: list[int]) -> None:
        """Take actions out of the plan and renumber the rest, keeping every reference to them right."""
        gone = set(numbers)
        if not gone:
            return
        mapping: dict[int, int] = {}
        kept: list[Action] = []
        for action in self.plan.actions:
            if action.number in gone:
                continue
            mapping[action.number] = len(kept) + 1
            action.number = len(kept) + 1
            kept.append(action)
        self.plan.actions = kept
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

    def _join(self) -> Reply:
        state = self.state
        numbers = state.last_split
        if len(numbers) < 2:
            return Reply("The last answer was recorded as one action; there is nothing to join.\n\n" + self._prompt())
        actions = [self.plan.actions[n - 1] for n in numbers]
        first = actions[0]
        first.note = " ".join(a.note for a in actions if a.note)
        first.description = "; ".join(a.description for a in actions)[:300]
        for field in ("owner", "owner_role", "start", "due", "recurrence"):
            if getattr(first, field) is None:
                setattr(first, field, next((getattr(a, field) for a in actions if getattr(a, field)), None))
        for a in actions[1:]:
            first.resources += [r for r in a.resources if r not in first.resources]
            first.measures += [m for m in a.measures if m not in first.measures]
        for flag, value in ((OWNER_NOT_SET, first.owner), (DUE_NOT_SET, first.due)):
            if value is not None and flag in first.flags:
                first.flags.remove(flag)
        self.context.run_equity(first)
        if state.followup is not None and state.followup.action in numbers[1:]:
            state.followup = None
        state.pending = [f for f in state.pending if f.action not in numbers[1:]]
        self._remove_actions(numbers[1:])
        state.last_split = []
        if state.followup is None and state.pending:
            state.followup, state.pending = state.pending[0], state.pending[1:]
        if state.followup is not None:
            state.followup.missing = (
                _missing(first) if state.followup.action == first.number else state.followup.missing
            )
            if not state.followup.missing:
                state.followup = None
        if state.phase == "followup" and state.followup is None:
            state.phase = "questions"
        text = "Joined into one action:\n" + self._describe(first, [], None, replaced=False).replace(
            "Recorded action", "Action"
        )
        if state.phase == "questions" and state.followup is None and state.pos in state.answered_many:
            return Reply(text + "\n\n" + self._advance())
        return Reply(text + "\n\n" + self._prompt())

    def _answer_back(self, text: str, kind: str, item: QueueItem) -> Reply:
        """A question back or "not sure yet": answered from the guidance; the guiding question stays open."""
        if kind == "unsure":
            opening = "That's fine — nothing is recorded yet. Here is what the guidance suggests for this question:"
            query = item.text
        else:
            opening = "Good question. From the guidance:"
            query = f"{text} {item.text}"
        try:
            result, notice = guarded_answer(self.backend, self.context.retriever, query, drivers={item.driver})
        except Exception:  # the meeting goes on even when the guidance cannot be searched
            result, notice = None, None
        if notice:
            self.notices.append(notice)
        lines = [opening]
        if result is not None and result.found:
            lines.append(result.answer)
            for n, citation in enumerate(result.citations, start=1):
                lines.append(f"  [{n}] {citation_label(citation)}")
        else:
            hint = self._hint(item)
            if hint is not None:
                lines.append(f"“{hint.quote}” {cite(hint.citation)}")
            else:
                lines.append("The guidance has nothing specific on that; your team can decide and note it.")
        lines.append("Nothing was added to the plan; the question is still open.")
        return Reply("\n".join(lines) + "\n\n" + self._prompt())

    def _fill_followup(self, text: str) -> Reply:
        state = self.state
        followup = state.followup
        assert followup is not None
        action = self.plan.actions[followup.action - 1]
        notes = []
        reading = read_action(text, self.today, self.year)
        fields = reading.fields
        if followup.guessed and text.lower().strip(" .!") in _YES:
            followup.guessed = []
            followup.missing = [m for m in followup.missing if m != "due"]
            notes.append(f"due {action.due.isoformat() if action.due else 'open'} kept")
        if "due" in followup.missing:
            due = fields.due
            if due is None:
                due = (
                    parse_due(
                        rewrite(normalize_answer(text), find_school_dates(normalize_answer(text), self.today)),
                        self.today,
                        self.year,
                    )
                    if not fields.start
                    else None
                )
            if due is not None:
                action.due = due
                notes.append(f"due {due.isoformat()}")
        if fields.start and not action.start:
            action.start = fields.start
            notes.append(f"start {fields.start.isoformat()}")
        if fields.recurrence and not action.recurrence:
            action.recurrence = fields.recurrence
            notes.append(f"repeats {fields.recurrence}")
        if "owner" in followup.missing:
            owner, role = fields.owner, fields.owner_role
            if not owner:
                owner, role = parse_owner(_owner_only(text, fields.date_phrases))
            if owner:
                action.owner, action.owner_role = owner, role or action.owner_role
                notes.append(f"owner {owner}")
        for field, value, flag in (("owner", action.owner, OWNER_NOT_SET), ("due", action.due, DUE_NOT_SET)):
            if field in followup.missing and value is None and flag not in action.flags:
                action.flags.append(flag)
            if value is not None and flag in action.flags:
                action.flags.remove(flag)
        self.context.run_equity(action)
        state.followup = None
        unread = not notes and len(text) > 8 and classify(text) == "action"
        if unread and text not in action.note:
            action.note = f"{action.note} · {text}".strip(" ·")  # words not read as a field are kept on the action
        recorded = (
            f"Action {action.number} updated: {', '.join(notes)}."
            if notes
            else f"Action {action.number} kept as is; I could not read an owner or a date in that (your words are "
            "kept in its note)."
            if unread
            else f"Action {action.number} kept as is."
        )
        still = [f for f in action.flags if f.endswith("not set")]
        if still:
            recorded += f" Left open: {', '.join(still)} (/edit {action.number} can fill it later)."
        if state.pending:
            state.followup, state.pending = state.pending[0], state.pending[1:]
            return Reply(recorded + "\n\n" + self._prompt())
        state.phase = "questions"
        return Reply(recorded + "\n\n" + self._advance())

    def _advance(self) -> str:
        state = self.state
        state.pos += 1
        if state.pos < len(state.queue):
            state.phase = "questions"
            return self._prompt()
        state.phase = "done"
        return self._summary()

    # ------------------------------------------------------------------------------------------ rendering

    def _describe(
        self,
        action: Action,
        date_phrases: list[str],
        unparsed: str | None,
        replaced: bool,
        understood: list[str] | None = None,
    ) -> str:
        head = f"{'Replaced' if replaced else 'Recorded'} action {action.number}: {action.description}"
        details = []
        owner = (
            action.owner
            + (f" ({action.owner_role})" if action.owner_role and action.owner_role not in action.owner else "")
            if action.owner
            else None
        )
        details.append(f"owner: {owner or 'not yet'}")
        if action.start:
            details.append(f"start: {action.start.isoformat()}")
        due = action.due.isoformat() if action.due else "not yet"
        if action.due and date_phrases:
            due += f" (from “{date_phrases[-1]}”)"
        details.append(f"due: {due}")
        if action.recurrence:
            details.append(f"repeats: {action.recurrence}")
        lines = [head, "  " + " · ".join(details)]
        if action.resources:
            lines.append(f"  resources: {'; '.join(action.resources)}")
        if action.measures:
            lines.append(f"  measures: {'; '.join(action.measures)}")
        for note in understood or []:
            lines.append(f"  (read {note})")
        if unparsed:
            lines.append(f"  (I could not read “{unparsed}” as a date.)")
        if action.note and action.note != action.description:
            lines.append(f"  your words: “{action.note[:300]}”")
        lines.append("  " + self._equity_line(action))
        return "\n".join(lines)

    def _equity_line(self, action: Action) -> str:
        met = [c for c in action.equity_checks if c.status == "met"]
        attention = [c for c in action.equity_checks if c.status == "needs_attention"]
        line = f"equity: {len(met)} met, {len(attention)} need attention"
        if attention:
            named = worth_attention(action.equity_checks, action_text(action), self.context.checks)
            line += " — worth a look: " + "; ".join(c.title for c in named)
            if len(attention) > len(named):
                line += f" (+{len(attention) - len(named)} more in the plan's equity review)"
        return line

    def _suggest(self, action: Action, hint: Hint | None) -> str:
        """Resources and measures are suggested from the cited practice, never demanded."""
        if hint is None or (action.resources and action.measures):
            return ""
        text = quote_of(hint.passage, 2000)
        wants = []
        if not action.measures and re.search(
            r"\b(data|assess\w*|survey\w*|fidelity|review\w*|observ\w*)\b", text, re.I
        ):
            wants.append("a measure of success (the practice calls for data or review)")
        if not action.resources and re.search(r"\b(time|support|capacity|resources|funds|budget)\b", text, re.I):
            wants.append("the time and resources it needs")
        if not wants:
            return ""
        return f"  You could add {' and '.join(wants)}: /edit {action.number} measures … or resources …"

    def _plan_text(self) -> str:
        plan = self.plan
        lines = [
            f"Plan '{self.session.id}': {plan.initiative or '(no initiative yet)'}",
            f"Stage: {stage_name(plan.stage)} · Drivers: "
            f"{', '.join(driver_name(d) for d in plan.drivers) or 'none yet'} · School year {plan.school_year}",
        ]
        if not plan.actions:
            lines.append("No actions yet.")
        for action in plan.actions:
            owner = action.owner or "⚠ owner not set"
            due = action.due.isoformat() if action.due else "⚠ no due date"
            repeat = f", {action.recurrence}" if action.recurrence else ""
            lines.append(f"{action.number}. [{driver_name(action.driver)}] {action.description}")
            lines.append(f"   {owner} · due {due}{repeat} · {self._equity_line(action)}")
        return "\n".join(lines)

    def _summary(self) -> str:
        attention: dict[str, list[int]] = {}
        suggestions: dict[str, str] = {}
        for action in self.plan.actions:
            for check in action.equity_checks:
                if check.status == "needs_attention":
                    attention.setdefault(check.title, []).append(action.number)
                    if check.citation:
                        suggestions.setdefault(check.title, f"“{check.citation.quote}” {cite(check.citation)}")
        lines = ["That was the last question. Here is your plan.", "", self._plan_text()]
        if attention:
            lines += ["", "Equity checks that need attention across the plan:"]
            for title, numbers in attention.items():
                lines.append(f"- {title}: action{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}")
                if title in suggestions:
                    lines.append(f"  practice: {suggestions[title]}")
        open_items = [a.number for a in self.plan.actions if a.owner is None or a.due is None]
        if open_items:
            lines += ["", f"Actions still missing an owner or a date: {', '.join(map(str, open_items))} (/edit N)."]
        lines += ["", f"Export it with: cip-assistant plan export {self.session.id} --format docx --out plan.docx"]
        return "\n".join(lines)

    # ------------------------------------------------------------------------------------------ commands

    def _command(self, text: str) -> Reply:
        name, _, rest = text.partition(" ")
        name = name.lower()
        if name == "/help":
            return Reply(HELP + "\n\n" + self._prompt())
        if name == "/plan":
            return Reply(self._plan_text() + "\n\n" + self._prompt())
        if name == "/why":
            return Reply(self._why() + "\n\n" + self._prompt())
        if name == "/skip":
            return self._skip()
        if name == "/back":
            return self._back()
        if name == "/edit":
            return Reply(self._edit(rest.strip()) + "\n\n" + self._prompt())
        if name == "/join":
            return self._join()
        if name == "/readiness":
            return self._start_readiness()
        if name == "/more":
            return Reply(self._more())
        if name == "/done":
            self.state.phase = "done"
            self.state.followup = None
            return Reply(self._summary().replace("That was the last question. ", ""), done=True)
        return Reply(
            f"Unknown command {name[:30]}. Commands: {', '.join(COMMANDS)} (/help explains them).\n\n{self._prompt()}"
        )

    def _why(self) -> str:
        ids = self.state.last_hint
        if not ids:
            return "There is no hint on screen yet; the sources appear with each guiding question."
        lines = ["The sources behind the last hint:"]
        for n, pid in enumerate(ids, start=1):
            passage = self.context.retriever.passage(pid)
            if passage is None:
                continue
            lines.append(f"[{n}] {citation_label(passage)}")
            lines.append("    " + passage.text.replace("\n", "\n    "))
        return "\n".join(lines)

    def _skip(self) -> Reply:
        state = self.state
        if state.phase == "followup" and state.followup:
            return self._fill_followup_skip()
        if state.phase == "school":
            return self._school("skip")
        if state.phase == "questions":
            return Reply("Skipped.\n\n" + self._advance())
        if state.phase == "readiness" and state.readiness:
            state.readiness.items[state.readiness.pos].rating = "skipped"
            return Reply(self._advance_readiness())
        return Reply("There is nothing to skip here.\n\n" + self._prompt())

    def _fill_followup_skip(self) -> Reply:
        followup = self.state.followup
        assert followup is not None
        action = self.plan.actions[followup.action - 1]
        for missing, flag in (("owner", OWNER_NOT_SET), ("due", DUE_NOT_SET)):
            if missing in followup.missing and flag not in action.flags:
                action.flags.append(flag)
        self.state.followup = None
        left = f"Left open on action {action.number} (/edit {action.number} can fill it later)."
        if self.state.pending:
            self.state.followup, self.state.pending = self.state.pending[0], self.state.pending[1:]
            return Reply(left + "\n\n" + self._prompt())
        self.state.phase = "questions"
        return Reply(left + "\n\n" + self._advance())

    def _back(self) -> Reply:
        state = self.state
        if state.phase == "followup":
            state.followup = None
            state.pending = []
            state.phase = "questions"
            return Reply("Back to the question; a new answer replaces the action.\n\n" + self._prompt())
        if state.phase in {"questions", "done"} and state.queue:
            if state.phase == "done":
                state.pos = len(state.queue)
            if state.pos == 0:
                return Reply("This is the first question.\n\n" + self._prompt())
            state.pos -= 1
            state.phase = "questions"
            return Reply(self._prompt())
        if state.phase == "readiness" and state.readiness and state.readiness.pos > 0:
            state.readiness.pos -= 1
            return Reply(self._prompt())
        return Reply("There is no earlier question to go back to.\n\n" + self._prompt())

    def _more(self) -> str:
        state = self.state
        if state.phase not in {"questions", "followup"} or not state.queue or state.stage is None:
            return "Other stages' questions can be added once the guiding questions have started.\n\n" + self._prompt()
        driver = state.queue[min(state.pos, len(state.queue) - 1)].driver
        if driver in state.expanded:
            return (
                f"The other stages' questions for {driver_name(driver)} are already in the list.\n\n" + self._prompt()
            )
        present = {q.text for q in state.queue}
        extra = [
            QueueItem(driver=driver, text=text, passage_id=p.id if p else None, for_stage=False)
            for text, p, for_stage in self.context.guiding_questions(driver, state.stage, include_other_stages=True)
            if not for_stage and text not in present
        ]
        state.expanded.append(driver)
        if not extra:
            return f"{driver_name(driver)} has no questions tagged for other stages.\n\n" + self._prompt()
        last = max(i for i, q in enumerate(state.queue) if q.driver == driver)
        state.queue[last + 1 : last + 1] = extra
        return (
            f"Added {len(extra)} question(s) for {driver_name(driver)} from other stages; "
            f"they follow this driver's stage questions.\n\n{self._prompt()}"
        )

    def _edit(self, args: str) -> str:
        parts = args.split(None, 2)
        if not parts or not parts[0].isdecimal():
            raise InputError(
                "Say which action: /edit N, or /edit N FIELD VALUE (for example /edit 2 owner Dana Reyes)."
            )
        number = int(parts[0])
        if not 1 <= number <= len(self.plan.actions):
            raise InputError(f"There is no action {number}; the plan has {len(self.plan.actions)}.")
        action = self.plan.actions[number - 1]
        if len(parts) == 1:
            return self._describe(action, [], None, replaced=False).replace("Recorded action", "Action") + (
                f"\n  Change a field with /edit {number} FIELD VALUE; fields: {', '.join(EDITABLE)}."
            )
        field = parts[1].lower()
        value = parts[2].strip() if len(parts) > 2 else ""
        if field not in EDITABLE:
            raise InputError(f"'{field}' is not a field of an action; choose one of: {', '.join(EDITABLE)}.")
        set_field(action, field, value, self.today, self.year)
        self.context.run_equity(action)
        return self._describe(action, [], None, replaced=False).replace("Recorded action", "Updated action")


def set_field(action: Action, field: str, value: str, today: object, year: SchoolYear) -> None:
    """Change one field of an action from text, as typed after /edit N FIELD or in the plan table."""
    from datetime import date

    assert isinstance(today, date)
    value = clean_input(value)
    if field == "description":
        if not value:
            raise InputError("An action needs a description.")
        action.description = value[:500]
    elif field == "owner":
        owner, role = parse_owner(value) if value else (None, None)
        action.owner, action.owner_role = (owner or value or None), role
        _flag(action, OWNER_NOT_SET, action.owner is None)
    elif field in {"due", "start"}:
        parsed = parse_due(value, today, year) if value else None
        if value and parsed is None:
            shown = " ".join(value.split())[:60]
            raise InputError(f"I could not read '{shown}' as a date; try 2027-01-29 or 'January 29, 2027'.")
        setattr(action, field, parsed)
        if field == "due":
            _flag(action, DUE_NOT_SET, parsed is None)
    elif field == "recurrence":
        action.recurrence = value or None
    elif field in {"resources", "measures"}:
        setattr(action, field, [part.strip() for part in re.split(r";|\n", value) if part.strip()])
    elif field == "status":
        key = value.lower().replace(" ", "_")
        if key not in {"proposed", "planned", "in_progress", "done"}:
            raise InputError("Status is one of: proposed, planned, in progress, done.")
        action.status = key  # type: ignore[assignment]
    if action.owner and action.due and SUGGESTED_BY_READINESS in action.flags:
        action.flags.remove(SUGGESTED_BY_READINESS)


def _flag(action: Action, flag: str, on: bool) -> None:
    if on and flag not in action.flags:
        action.flags.append(flag)
    if not on and flag in action.flags:
        action.flags.remove(flag)


def _rating(text: str) -> str | None:
    answer = text.lower().strip(" .!")
    for key in ("not_in_place", "partially", "in_place"):
        if answer in _RATINGS[key]:
            return key
    for key in ("not_in_place", "partially", "in_place"):
        if any(answer.startswith(word) for word in _RATINGS[key] if len(word) > 2):
            return key
    return None


def _missing(action: Action) -> list[Missing]:
    """The fields a follow-up still asks for on `action`."""
    out: list[Missing] = []
    if action.owner is None:
        out.append("owner")
    if action.due is None:
        out.append("due")
    return out
