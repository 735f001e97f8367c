"""The set-up steps of a planning conversation: the initiative, the school and team, the drivers and the stage.

A step already known (given as an option when the session started) is not asked. A session started with its
initiative, drivers and stage can still be asked for its school and team once (`PlanState.ask_school`), before the
guiding questions; skipped, or answered with the first question's answer, the plan's header stays blank.
"""

from __future__ import annotations

import re

from assistant.dialogue.events import Reply, SetupRecorded
from assistant.dialogue.plan_base import PlanBase
from assistant.dialogue.state import QueueItem
from assistant.errors import InputError
from assistant.knowledge.curated import driver_name, only_drivers, parse_drivers
from assistant.models import Driver, Stage
from assistant.understanding.reader import read_answer
from assistant.understanding.setup import school_and_team, understand_stage

NO = {"n", "no", "nope", "no thanks", "skip", "not now", "later"}
_NONE = {"skip", "none", "n/a", "na", "-"}
# "Ms. Reyes will lead coaching cycles…": someone doing something, never the name of a school or a team
_DOING = re.compile(r"\w[\s,]+will\s+(?-i:[a-z]{3,})|\w'll\s+[a-z]{3,}", re.IGNORECASE)


class PlanSetup(PlanBase):
    def _settle_setup(self) -> None:
        """Past the set-up steps whose answer is already known: the initiative, the drivers, the stage."""
        state = self.state
        if state.phase == "initiative" and self.plan.initiative:
            state.phase = "drivers"
        if state.phase == "drivers" and self.plan.drivers:
            state.phase = "stage"
        if state.phase == "stage" and (state.stage or self.plan.stage):
            state.stage = state.stage or self.plan.stage
            self._begin_planning()

    def _setup_answer(self, text: str) -> Reply:
        phase = self.state.phase
        if phase == "initiative":
            self.plan.initiative = text[:300]
            self.state.phase = "school" if not (self.plan.school or self.plan.team) else "drivers"
            self._settle_setup()
            return Reply.of(SetupRecorded(step="initiative", initiative=self.plan.initiative), self._prompt())
        if phase in {"school", "team"}:
            return self._school(text)
        if phase == "drivers":
            return self._drivers(text)
        self.state.stage = understand_stage(text)
        self.plan.stage = self.state.stage
        self._begin_planning()
        return Reply.of(SetupRecorded(step="stage", stage=self.state.stage), self._prompt())

    def _drivers(self, text: str) -> Reply:
        """The drivers. A team that answers with its stage first ("still exploring, nothing decided yet") has the
        stage kept and is asked for the drivers again; the stage question is then not asked."""
        found = parse_drivers(text)
        # Only an answer naming no driver is read for a stage: "we're looking at coaching" names drivers.
        stage = self._stage_said(text) if self.state.stage is None and not found else None
        recorded: list[SetupRecorded] = []
        if stage is not None:
            self.state.stage = self.plan.stage = stage
            recorded.append(SetupRecorded(step="stage", stage=stage))
        if not found:
            if recorded:
                return Reply.of(*recorded, self._prompt())
            names = ", ".join(driver_name(d) for d in Driver)
            raise InputError(f"I did not recognise a driver in '{text[:80]}'. Name one or more of: {names}.")
        self.plan.drivers = found
        recorded.insert(0, SetupRecorded(step="drivers", drivers=found))
        self.state.phase = "stage"
        if self.state.stage is not None:
            self._begin_planning()
        return Reply.of(*recorded, self._prompt())

    @staticmethod
    def _stage_said(text: str) -> Stage | None:
        try:
            return understand_stage(text)
        except InputError:
            return None

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

    def _after_school(self) -> None:
        """On to the step after the school and team: the guiding questions when the rest was given at the start."""
        state = self.state
        state.ask_school = False
        if state.queue:
            state.phase = "questions" if state.pos < len(state.queue) else "done"
        else:
            state.phase = "drivers"
            self._settle_setup()

    def _school(self, text: str) -> Reply:
        state = self.state
        if not state.queue and only_drivers(text):  # the team went straight on to the drivers: the header stays blank
            state.phase = "drivers"
            return self._drivers(text)
        if state.queue and self._reads_as_work(text):  # straight on to the first question: the header stays blank
            self._after_school()
            return self._record_answer(text)
        answer = text.lower().strip(" .!")
        if state.phase == "team":  # "the climate team (ms kim, coach p, deb and ray)", typed after the school
            if answer not in NO and answer not in _NONE:
                self.plan.team = " ".join(text.split())[:200]
        elif answer not in NO and answer not in _NONE:
            school, team = school_and_team(text)
            self.plan.school, self.plan.team = school or self.plan.school, team or self.plan.team
            if school and not team and not self.plan.team:
                state.phase = "team"  # the team's name is asked once, on its own
                return Reply.of(SetupRecorded(step="school", school=self.plan.school), self._prompt())
        self._after_school()
        recorded = SetupRecorded(step="school", school=self.plan.school, team=self.plan.team)
        return Reply.of(recorded, self._prompt())

    def _reads_as_work(self, text: str) -> bool:
        """Someone doing something by a day or on a rhythm ("Ms. Reyes will lead coaching cycles by January 29"),
        where a school and a team were asked for."""
        if _DOING.search(text):
            return True
        reading = read_answer(text, self.today, self.year)
        return reading.kind == "action" and any(
            a.fields.due or a.fields.start or a.fields.recurrence for a in reading.actions
        )
