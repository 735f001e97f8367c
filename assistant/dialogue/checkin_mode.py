"""A check-in on a plan: the actions due (or come round) since the last one, one at a time, then reflection.

For each action the team says where it stands (done / in progress / not started / blocked, in their own words),
what shows it, what got in the way and what changes. Every answer updates the action and the dated progress
entry of this check-in at once, so whatever was acknowledged is saved. Any plain answer is accepted: words the
check-in cannot place are kept as said. At the end it asks two or three reflection questions chosen for the
plan's drivers and stage, each citing the guidance; `/assess` re-rates the drivers' tip-sheet considerations.

Where the check-in stands lives in the plan itself (`plan.checkins`), beside the entries it produced.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from assistant.dialogue.checkin_words import STATUS_WORDS, read_evidence, read_progress
from assistant.dialogue.session import Session
from assistant.knowledge.citations import citation_label
from assistant.knowledge.curated import driver_info
from assistant.models import (
    Action,
    ActionPlan,
    CheckIn,
    CheckInStep,
    Citation,
    ConsiderationRating,
    DriverAssessment,
    ProgressEntry,
    ProgressStatus,
    ReflectionPrompt,
)
from assistant.planning.assessment import RATING_WORDS, read_rating, record, suggest_gap_action
from assistant.planning.status import next_occurrence, occurrences, status_text, target_date

if TYPE_CHECKING:
    from assistant.planning.context import PlanningContext

COMMANDS = ("/skip", "/back", "/assess", "/done", "/help")
HELP = """Commands:
  /skip    leave this question (or this action) and go on
  /back    go back to the previous action and answer it again
  /assess  rate the drivers' tip-sheet considerations now (a new, dated driver assessment)
  /done    end the check-in here; everything answered so far is saved
  /help    this list"""
MAX_ANSWER_CHARS = 2_000


@dataclass(frozen=True)
class CheckinReply:
    text: str
    done: bool = False


def review_list(plan: ActionPlan, today: date, approaching_days: int) -> list[int]:
    """The actions a check-in goes through: not done, and due, come round or started since the last check-in.

    With nothing due it goes through every action still open, so a check-in always has something to review.
    """
    finished = [c for c in plan.checkins if c.finished]
    since = finished[-1].date if finished else date.min
    horizon = today + timedelta(days=approaching_days)
    chosen = []
    for action in plan.actions:
        if action.status == "done":
            continue
        when = target_date(action, today)
        due_soon = when is not None and when <= horizon
        came_round = bool(occurrences(action, max(since, date.min), today))
        if due_soon or came_round or action.status in {"in_progress", "blocked"}:
            chosen.append(action.number)
    if not chosen:
        chosen = [a.number for a in plan.actions if a.status != "done"]
    return chosen


class CheckinConversation:
    """One turn of a check-in on the plan of `session`; it changes the session's plan in place."""

    def __init__(
        self,
        session: Session,
        context: Callable[[], PlanningContext] | None = None,
        today: date | None = None,
        who: str = "",
        approaching_days: int = 14,
    ) -> None:
        self.session = session
        self.plan = session.plan
        self._context = context
        self.today = today or date.today()
        self.who = who
        self.approaching_days = approaching_days

    # ------------------------------------------------------------------------------------------ where it stands

    @property
    def checkin(self) -> CheckIn | None:
        latest = self.plan.checkins[-1] if self.plan.checkins else None
        return latest if latest is not None and not latest.finished else None

    def _action(self, number: int) -> Action | None:
        return next((a for a in self.plan.actions if a.number == number), None)

    def _entry(self, checkin: CheckIn, number: int) -> ProgressEntry | None:
        return next((e for e in self.plan.progress if e.checkin == checkin.number and e.action == number), None)

    def _steps(self, entry: ProgressEntry | None) -> list[CheckInStep]:
        if entry is None:
            return ["status"]
        if entry.status == "done":
            return ["status", "evidence", "changes"]
        if entry.status == "in_progress":
            return ["status", "evidence", "obstacles", "changes"]
        return ["status", "obstacles", "changes"]

    # ------------------------------------------------------------------------------------------ opening

    def start(self) -> str:
        """Open a new check-in (or pick up the one left open) and say what it will go through."""
        checkin = self.checkin
        if not self.plan.actions:
            return "This plan has no actions yet, so there is nothing to check in on; add some in plan mode first."
        if checkin is not None:
            where = self._where(checkin)
            started = checkin.date.isoformat()
            return f"Picking up check-in {checkin.number} (started {started}). {where}\n\n{self._prompt()}"
        checkin = CheckIn(
            number=len(self.plan.checkins) + 1,
            date=self.today,
            who=self.who,
            actions=review_list(self.plan, self.today, self.approaching_days),
        )
        self.plan.checkins.append(checkin)
        previous = [c for c in self.plan.checkins if c.finished]
        since = f" since the last one on {previous[-1].date.isoformat()}" if previous else ""
        n = len(checkin.actions)
        opening = (
            f"Check-in {checkin.number} on “{self.plan.initiative or self.plan.name}”, "
            f"{self.today.isoformat()}{since}: "
            f"{n} action{'s' if n != 1 else ''} to go through, one at a time. Say where each stands in your own "
            "words; /skip, /back, /assess, /done and /help work at any point."
        )
        return f"{opening}\n\n{self._prompt()}"

    def _where(self, checkin: CheckIn) -> str:
        if checkin.step in {"reflection", "assess"}:
            return "The actions have been gone through."
        return f"Action {checkin.pos + 1} of {len(checkin.actions)}."

    # ------------------------------------------------------------------------------------------ prompts

    def _prompt(self) -> str:
        checkin = self.checkin
        if checkin is None:
            return "The check-in is finished; `cip-assistant chat --mode checkin` starts the next one."
        if checkin.step == "assess":
            return self._assess_prompt(checkin)
        if checkin.step == "reflection":
            return self._reflection_prompt(checkin)
        if checkin.pos >= len(checkin.actions):
            return self._begin_reflection(checkin)
        number = checkin.actions[checkin.pos]
        action = self._action(number)
        if action is None:  # removed from the plan meanwhile
            checkin.pos += 1
            checkin.step = "status"
            return self._prompt()
        head = f"Action {number} ({checkin.pos + 1} of {len(checkin.actions)}): {action.description}"
        if checkin.step == "status":
            details = [
                f"owner: {action.owner}" if action.owner else "",
                status_text(action, self.today, self.approaching_days),
            ]
            if action.recurrence:
                details.append(f"repeats {action.recurrence}")
            return (
                f"{head}\n({', '.join(d for d in details if d)})\n"
                "Where does it stand: done, in progress, not started or blocked?"
            )
        if checkin.step == "evidence":
            return (
                "What shows it? A note, a link, or the name of a file the team keeps (separate several with ';')"
                " — or /skip."
            )
        if checkin.step == "obstacles":
            return "What got in the way, if anything? — or /skip."
        return (
            "What changes, if anything? (what the team will do differently, a new owner, or a new date such as "
            "'move it to March 15') — or /skip."
        )

    # ------------------------------------------------------------------------------------------ a turn

    def reply(self, message: str) -> CheckinReply:
        text = " ".join(message.split()) if "\n" not in message else message.strip()
        if len(text) > MAX_ANSWER_CHARS:
            return CheckinReply(
                f"That message is {len(text):,} characters; keep an answer under {MAX_ANSWER_CHARS:,}."
                f"\n\n{self._prompt()}"
            )
        checkin = self.checkin
        if checkin is None:
            if not text:
                return CheckinReply(self._prompt(), done=True)
            return CheckinReply(self.start())
        if text.startswith("/"):
            return self._command(text.split()[0].lower(), checkin)
        if not text:
            return CheckinReply(self._prompt())
        if checkin.step == "assess":
            return self._rate(checkin, text)
        if checkin.step == "reflection":
            checkin.step = "finished"
            checkin.notes = text
            note = f"Noted. {self._summary(checkin)}"
            return CheckinReply(note, done=True)
        if checkin.pos >= len(checkin.actions):
            return CheckinReply(self._prompt())
        return self._answer(checkin, text)

    def _answer(self, checkin: CheckIn, text: str) -> CheckinReply:
        number = checkin.actions[checkin.pos]
        action = self._action(number)
        if action is None:
            checkin.pos += 1
            return CheckinReply(self._prompt())
        entry = self._entry(checkin, number)
        if checkin.step == "status":
            return CheckinReply(self._status(checkin, action, entry, text))
        assert entry is not None
        said = ""
        if checkin.step == "evidence":
            entry.evidence = read_evidence(text)
            kinds = ", ".join(f"{e.kind}" for e in entry.evidence)
            said = f"Evidence noted ({kinds})."
        elif checkin.step == "obstacles":
            entry.obstacles = text
            said = "Noted what got in the way."
        elif checkin.step == "changes":
            entry.changes = text
            said = "Noted the change." + self._new_date(action, text)
        return CheckinReply(f"{said}\n\n{self._advance(checkin, entry)}")

    def _status(self, checkin: CheckIn, action: Action, entry: ProgressEntry | None, text: str) -> str:
        status = read_progress(text)
        guessed = status is None
        if status is None:
            status = _as_progress(action)
        if entry is None:
            entry = ProgressEntry(
                action=action.number, date=self.today, who=self.who, status=status, checkin=checkin.number
            )
            self.plan.progress.append(entry)
        entry.status, entry.said, entry.date = status, text, self.today
        again = next_occurrence(action, self.today + timedelta(days=1)) if action.recurrence else None
        if status == "done" and again is not None:
            action.status = "in_progress"  # done for this round; it comes round again
        elif status == "done":
            action.status = "done"
        elif status == "in_progress":
            action.status = "in_progress"
        elif status == "blocked":
            action.status = "blocked"
        elif action.status in {"in_progress", "blocked", "done"}:
            action.status = "planned"
        if status == "blocked" and not entry.obstacles and read_progress(text) == "blocked":
            entry.obstacles = text
        said = f"Action {action.number}: {STATUS_WORDS[status]}"
        if status == "done" and again is not None:
            said += f" for this round (it comes round again on {again.isoformat()})"
        if guessed:
            said += " (I could not tell from that, so it stays as it was; /back to say it another way)"
        return f"{said}, noted {self.today.isoformat()}.\n\n{self._advance(checkin, entry)}"

    def _advance(self, checkin: CheckIn, entry: ProgressEntry) -> str:
        steps = self._steps(entry)
        index = steps.index(checkin.step) if checkin.step in steps else len(steps) - 1
        if index + 1 < len(steps):
            checkin.step = steps[index + 1]
        else:
            checkin.pos += 1
            checkin.step = "status"
        return self._prompt()

    def _new_date(self, action: Action, text: str) -> str:
        from assistant.errors import InputError
        from assistant.understanding.fields import SchoolYear, parse_due

        if not re.search(
            r"\b(move|moved|push|pushed|by|due|until|delay|postpone|new date|extend|reschedule)", text, re.I
        ):
            return ""
        try:
            when = parse_due(text, self.today, SchoolYear.containing(self.today))
        except InputError:
            return ""
        if when is None or when == action.due:
            return ""
        action.due = when
        return f" Action {action.number} is now due {when.isoformat()}."

    # ------------------------------------------------------------------------------------------ commands

    def _command(self, name: str, checkin: CheckIn) -> CheckinReply:
        if name == "/help":
            return CheckinReply(f"{HELP}\n\n{self._prompt()}")
        if name == "/done":
            checkin.step = "finished"
            return CheckinReply(f"Check-in ended. {self._summary(checkin)}", done=True)
        if name == "/assess":
            return CheckinReply(self._begin_assessment(checkin))
        if name == "/skip":
            return CheckinReply(self._skip(checkin))
        if name == "/back":
            return CheckinReply(self._back(checkin))
        return CheckinReply(f"I don't know {name}. {HELP}\n\n{self._prompt()}")

    def _skip(self, checkin: CheckIn) -> str:
        if checkin.step == "assess":
            return self._next_rating(checkin, skipped=True)
        if checkin.step == "reflection":
            checkin.step = "finished"
            return f"Check-in finished. {self._summary(checkin)}"
        if checkin.pos >= len(checkin.actions):
            return self._prompt()
        if checkin.step == "status":
            checkin.pos += 1
            return "Left as it was.\n\n" + self._prompt()
        entry = self._entry(checkin, checkin.actions[checkin.pos])
        assert entry is not None
        return self._advance(checkin, entry)

    def _back(self, checkin: CheckIn) -> str:
        if checkin.step in {"assess", "reflection"} or checkin.step != "status":
            if checkin.step == "assess":
                return "The assessment goes one consideration at a time; /skip leaves one unrated.\n\n" + self._prompt()
            if checkin.step == "reflection":
                checkin.pos = max(0, len(checkin.actions) - 1)
            checkin.step = "status"
            return "Back to where it stands:\n\n" + self._prompt()
        if checkin.pos == 0:
            return "This is the first action.\n\n" + self._prompt()
        checkin.pos -= 1
        return "Back one action:\n\n" + self._prompt()

    # ------------------------------------------------------------------------------------------ reflection

    def _begin_reflection(self, checkin: CheckIn) -> str:
        checkin.step = "reflection"
        if not checkin.reflections:
            checkin.reflections = self._reflections()
        return self._reflection_prompt(checkin)

    def _reflections(self) -> list[ReflectionPrompt]:
        """Two or three reflection questions for the plan's drivers and stage, one per driver, each cited."""
        from assistant.errors import AssistantError
        from assistant.generators.reflect import reflection_prompts

        if self._context is None or not self.plan.drivers:
            return []
        retriever = self._context().retriever
        drivers = self.plan.drivers[:3]
        per = 2 if len(drivers) == 1 else 1
        chosen: list[ReflectionPrompt] = []
        for driver in drivers:
            try:
                found = reflection_prompts(
                    retriever, driver, self.plan.stage, n=max(per, 3), seed=len(self.plan.checkins)
                )
            except AssistantError:
                continue
            # Looking back on the period, as a team: the "after" prompts fit a check-in best.
            ranked = sorted(found.prompts, key=lambda p: (p.timing != "after", p.level != "team"))
            chosen.extend(ranked[:per])
        return chosen[:3]

    def _reflection_prompt(self, checkin: CheckIn) -> str:
        reviewed = sum(1 for e in self.plan.progress if e.checkin == checkin.number)
        lines = [f"That is every action ({reviewed} answered). To reflect on as a team:"]
        for i, prompt in enumerate(checkin.reflections, 1):
            lines.append(f"{i}. {prompt.text}\n   — {citation_label(prompt.citation)}")
        if not checkin.reflections:
            lines = [f"That is every action ({reviewed} answered)."]
        lines.append(
            "\nAnything the team wants to note? Type it, or /done to finish; /assess re-rates the drivers first."
        )
        return "\n".join(lines)

    def _summary(self, checkin: CheckIn) -> str:
        entries = [e for e in self.plan.progress if e.checkin == checkin.number]
        counts = {k: sum(1 for e in entries if e.status == k) for k in STATUS_WORDS}
        said = ", ".join(f"{n} {STATUS_WORDS[k]}" for k, n in counts.items() if n)
        return (
            f"Check-in {checkin.number} saved on the plan: {len(entries)} action{'s' if len(entries) != 1 else ''} "
            f"reviewed{': ' + said if said else ''}. `cip-assistant plan export {self.plan.name} --format report-md` "
            "writes the progress report."
        )

    # ------------------------------------------------------------------------------------------ assessment

    def _begin_assessment(self, checkin: CheckIn) -> str:
        if self._context is None or not self.plan.drivers:
            return "The plan names no drivers to assess.\n\n" + self._prompt()
        context = self._context()
        ratings = [
            ConsiderationRating(driver=driver, consideration=p.heading or p.text, passage_id=p.id)
            for driver in self.plan.drivers
            for p in context.considerations(driver)
        ]
        if not ratings:
            return "There are no tip-sheet considerations to rate for these drivers.\n\n" + self._prompt()
        checkin.assessing = DriverAssessment(date=self.today, who=self.who, ratings=ratings)
        checkin.assess_pos = 0
        checkin.resume_step = checkin.step if checkin.step != "assess" else "status"
        checkin.step = "assess"
        return f"Driver assessment, {self.today.isoformat()}: {len(ratings)} considerations.\n\n{self._prompt()}"

    def _assess_prompt(self, checkin: CheckIn) -> str:
        assert checkin.assessing is not None
        row = checkin.assessing.ratings[checkin.assess_pos]
        return (
            f"Assessment · {driver_info(row.driver).name} · "
            f"{checkin.assess_pos + 1} of {len(checkin.assessing.ratings)}:\n"
            f"“{row.consideration}”\nIn place, partially, or not in place? (add a note after a dash if you like)"
        )

    def _rate(self, checkin: CheckIn, text: str) -> CheckinReply:
        assert checkin.assessing is not None
        head, _, note = text.partition(" - ") if " - " in text else text.partition(" — ")
        rating = read_rating(head) or read_rating(text)
        if rating is None:
            return CheckinReply("Rate it as 'in place', 'partially' or 'not in place' (or /skip).\n\n" + self._prompt())
        row = checkin.assessing.ratings[checkin.assess_pos]
        row.rating, row.note = rating, note.strip()
        return CheckinReply(f"{RATING_WORDS[rating].capitalize()}.\n\n" + self._next_rating(checkin))

    def _next_rating(self, checkin: CheckIn, skipped: bool = False) -> str:
        assert checkin.assessing is not None
        checkin.assess_pos += 1
        if checkin.assess_pos < len(checkin.assessing.ratings):
            return ("Left unrated.\n\n" if skipped else "") + self._prompt()
        assessment = checkin.assessing
        for driver in dict.fromkeys(r.driver for r in assessment.ratings):
            record(self.plan, driver, assessment.ratings, self.today, self.who)
        added = []
        for row in assessment.ratings:
            if row.rating in {"partially", "not_in_place"}:
                action, new = suggest_gap_action(self.plan, row, self._citation(row.passage_id))
                if new:
                    added.append(action.number)
        saved = self.plan.assessments[-1]
        scores = "; ".join(
            f"{driver_info(driver).name} {score}%"
            for driver in self.plan.drivers
            if (score := saved.score(driver)) is not None
        )
        checkin.assessing = None
        checkin.step = checkin.resume_step
        gaps = f" New gaps became suggested actions {', '.join(map(str, added))}." if added else ""
        return f"Assessment saved ({self.today.isoformat()}): {scores or 'nothing rated'}.{gaps}\n\n{self._prompt()}"

    def _citation(self, passage_id: str | None) -> Citation | None:
        from assistant.planning.context import quote_of

        if self._context is None or passage_id is None:
            return None
        passage = self._context().retriever.passage(passage_id)
        if passage is None:
            return None
        return Citation.from_passage(passage, quote_of(passage))


def _as_progress(action: Action) -> ProgressStatus:
    if action.status in {"done", "in_progress", "blocked"}:
        return action.status
    return "not_started"


__all__ = ["COMMANDS", "CheckinConversation", "CheckinReply", "read_evidence", "read_progress", "review_list"]
