"""The domain model: pydantic records behind JSON output, storage and exports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field


class Driver(StrEnum):
    selection = "selection"
    training = "training"
    coaching = "coaching"
    fidelity = "fidelity"
    decision_support_data = "decision_support_data"
    facilitative_administration = "facilitative_administration"
    systems_intervention = "systems_intervention"
    leadership = "leadership"


class Stage(StrEnum):
    exploration = "exploration"
    installation = "installation"
    initial_implementation = "initial_implementation"
    full_implementation = "full_implementation"


class PassageKind(StrEnum):
    definition = "definition"
    guiding_question = "guiding_question"
    best_practice = "best_practice"
    case_example = "case_example"
    leadership_behavior = "leadership_behavior"
    partner_role = "partner_role"
    equity = "equity"
    summary = "summary"


class Passage(BaseModel):
    """A unit of the knowledge base that is indexed and cited."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    source: str = Field(description="file name of the source document")
    section: str = Field(description="heading path, joined with ' › '")
    driver: Driver | None = None
    kind: PassageKind
    domain: str | None = Field(
        default=None, description="leadership domain: Lean In, Lift Up, Connect, Culture, Stay In"
    )
    heading: str | None = Field(
        default=None, description="the tip-sheet consideration or guiding question that heads it"
    )
    order: int = Field(default=0, description="position in its document, for showing passages in reading order")


class SearchHit(BaseModel):
    id: str
    text: str
    source: str
    section: str
    driver: Driver | None
    kind: PassageKind
    score: float

    @classmethod
    def from_passage(cls, passage: Passage, score: float) -> SearchHit:
        return cls(
            id=passage.id,
            text=passage.text,
            source=passage.source,
            section=passage.section,
            driver=passage.driver,
            kind=passage.kind,
            score=round(score, 6),
        )


class Citation(BaseModel):
    id: str
    source: str
    section: str
    quote: str

    @classmethod
    def from_passage(cls, passage: Passage, quote: str) -> Citation:
        """A quote of `passage`, cited by its document and section."""
        return cls(id=passage.id, source=passage.source, section=passage.section, quote=quote)


class Answer(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    found: bool = True


EquityStatus = Literal["met", "needs_attention", "not_applicable"]


class EquityCheckResult(BaseModel):
    check: str = Field(description="key of the equity check, e.g. data_disaggregated")
    title: str = ""
    status: EquityStatus
    reason: str
    citation: Citation | None = None


ActionStatus = Literal["proposed", "planned", "in_progress", "done", "blocked"]
# Every status of an action, in the order work goes, with the label teams read.
STATUS_LABELS: dict[ActionStatus, str] = {
    "proposed": "Proposed",
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "blocked": "Blocked",
}
ACTION_STATUSES: tuple[ActionStatus, ...] = tuple(STATUS_LABELS)

# Flags an action carries while the team leaves something open; exports show the first two in their own cells.
# Stored as their text; these constants are the only ones written.
Flag = Literal["owner not set", "due date not set", "suggested by the readiness check"]
OWNER_NOT_SET: Flag = "owner not set"
DUE_NOT_SET: Flag = "due date not set"
SUGGESTED_BY_READINESS: Flag = "suggested by the readiness check"
# A field the action still lacks.
NOT_SET_FLAGS: frozenset[str] = frozenset({OWNER_NOT_SET, DUE_NOT_SET})


class Action(BaseModel):
    number: int = Field(ge=1, description="position in the plan, as the team refers to it (/edit N)")
    description: str
    note: str = Field(default="", description="the team's own words the action was drafted from")
    driver: Driver | None = None
    stage: Stage | None = None
    owner: str | None = None
    owner_role: str | None = None
    start: date | None = None
    due: date | None = None
    recurrence: str | None = None
    resources: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    status: ActionStatus = "proposed"
    equity_checks: list[EquityCheckResult] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    question: str | None = Field(default=None, description="the guiding question or gap the action answers")
    flags: list[str] = Field(default_factory=list, description="what the team left open, e.g. 'owner skipped'")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class ActionPlan(BaseModel):
    name: str
    initiative: str = ""
    school: str = ""
    team: str = ""
    school_year: str = ""
    stage: Stage | None = None
    drivers: list[Driver] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list, description="what the plan as a whole sets out to achieve")
    measures: list[str] = Field(default_factory=list, description="how the team will know the plan's goals are met")
    created: datetime = Field(default_factory=utcnow)
    updated: datetime = Field(default_factory=utcnow)
    version: int = 1
    # Carried through the year: the team's check-ins, what each said about an action, the driver assessments.
    checkins: list[CheckIn] = Field(default_factory=list)
    progress: list[ProgressEntry] = Field(default_factory=list)
    assessments: list[DriverAssessment] = Field(default_factory=list)


SessionMode = Literal["plan", "coach", "reflect", "ask"]


# ------------------------------------------------------------------------------------------ coach prep, reflection

ReflectionTiming = Literal["before", "during", "after"]
ReflectionLevel = Literal["individual", "team", "system"]


class GuideItem(BaseModel):
    """One thing to say, ask or do in a coaching conversation, with the passage it draws on."""

    text: str
    citation: Citation
    cue: str | None = Field(default=None, description="what in the context led to this item, if anything")
    due: date | None = Field(default=None, description="for a next step: the date it is due")


class GuideSection(BaseModel):
    key: str = Field(default="", description="stable name of the section, e.g. lean_in")
    title: str
    items: list[GuideItem] = Field(default_factory=list)


class CoachGuide(BaseModel):
    """A coaching conversation guide for one driver, stage and context."""

    driver: Driver
    stage: Stage | None = None
    context: str | None = None
    cues: list[str] = Field(default_factory=list, description="what was read from the context, in plain words")
    created: date | None = None
    sections: list[GuideSection] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class ReflectionPrompt(BaseModel):
    text: str
    driver: Driver
    stage: Stage | None = None
    timing: ReflectionTiming
    level: ReflectionLevel
    citation: Citation


class ReflectionSet(BaseModel):
    """Reflection prompts for a training session or debrief; the seed reproduces the same choice."""

    driver: Driver
    stage: Stage | None = None
    audience: str | None = None
    seed: int
    prompts: list[ReflectionPrompt] = Field(default_factory=list)


# ------------------------------------------------------------------------------------------ through the year

ProgressStatus = Literal["done", "in_progress", "not_started", "blocked"]
EvidenceKind = Literal["note", "link", "file"]


class Evidence(BaseModel):
    kind: EvidenceKind = "note"
    text: str


class ProgressEntry(BaseModel):
    """What the team said about one action at one check-in: its status, what shows it, what got in the way."""

    action: int = Field(ge=1, description="the action's number in the plan")
    date: date
    who: str = ""
    status: ProgressStatus
    said: str = Field(default="", description="the team's own words about where it stands")
    evidence: list[Evidence] = Field(default_factory=list)
    obstacles: str = ""
    changes: str = ""
    checkin: int | None = Field(default=None, description="the number of the check-in it was said at")


Rating = Literal["in_place", "partially", "not_in_place"]
RATING_POINTS: dict[str, int] = {"in_place": 2, "partially": 1, "not_in_place": 0}


class ConsiderationRating(BaseModel):
    driver: Driver
    consideration: str
    passage_id: str | None = None
    rating: Rating | None = Field(default=None, description="None when the team skipped it: not scored")
    note: str = ""


class DriverAssessment(BaseModel):
    """The drivers' tip-sheet considerations rated by the team on one date: 2 in place, 1 partially, 0 not."""

    date: date
    who: str = ""
    ratings: list[ConsiderationRating] = Field(default_factory=list)

    def score(self, driver: Driver | None = None) -> int | None:
        """Percent of the possible points, for one driver or (None) all; None when nothing was rated."""
        rated = [r for r in self.ratings if r.rating is not None and (driver is None or r.driver is driver)]
        if not rated:
            return None
        points = sum(RATING_POINTS[r.rating] for r in rated if r.rating is not None)
        return round(100 * points / (2 * len(rated)))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def scores(self) -> dict[str, int]:
        drivers = dict.fromkeys(r.driver for r in self.ratings)
        return {d.value: s for d in drivers if (s := self.score(d)) is not None}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overall(self) -> int | None:
        return self.score()


CheckInStep = Literal["status", "evidence", "obstacles", "changes", "reflection", "assess", "finished"]


class CheckIn(BaseModel):
    """One check-in on the plan, and where its conversation stands while it runs."""

    number: int = Field(ge=1)
    date: date
    who: str = ""
    actions: list[int] = Field(default_factory=list, description="the actions to review, in order")
    pos: int = 0
    step: CheckInStep = "status"
    reflections: list[ReflectionPrompt] = Field(default_factory=list)
    notes: str = Field(default="", description="what the team noted on reflection")
    assessing: DriverAssessment | None = Field(default=None, description="a driver assessment being rated")
    assess_pos: int = 0
    resume_step: CheckInStep = "status"

    @property
    def finished(self) -> bool:
        return self.step == "finished"


ActionPlan.model_rebuild()


class AskTurn(BaseModel):
    """One question and its answer; `searched` is what was searched when the question leaned on the one before."""

    question: str
    searched: str
    topic: str = Field(description="the words the next follow-up is read with")
    drivers: list[Driver] = Field(default_factory=list)
    answer: Answer


class AskState(BaseModel):
    """An Ask conversation so far, oldest turn first, so a follow-up is read with the question before it."""

    mode: Literal["ask"] = "ask"
    turns: list[AskTurn] = Field(default_factory=list)

    @property
    def last(self) -> AskTurn | None:
        return self.turns[-1] if self.turns else None
