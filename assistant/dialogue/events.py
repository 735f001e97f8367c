"""What a conversation says (planning, coach prep, reflection), as typed records: one reply is a list of events.

The conversation decides *what* happens (a question asked, an action recorded, a follow-up, an answer from the
guidance, a notice); the front ends decide how it looks: `assistant.dialogue.render_text` writes the words the
terminal shows, `ui.render` the HTML of the web page. Events are saved with each assistant turn, so a transcript
can be shown again with its citations and nothing is ever parsed back out of text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from assistant.models import (
    Action,
    Citation,
    CoachGuide,
    Driver,
    GuideSection,
    ReflectionPrompt,
    ReflectionSet,
    Stage,
)

Missing = Literal["owner", "due"]
# Where a field of a recorded action came from: the answer as typed, a reply to a follow-up, a reading the
# assistant is not sure of, a school-calendar phrase ("after winter break"), or an edit.
FieldSource = Literal["typed", "asked", "guessed", "calendar", "edited"]
SetupStep = Literal["initiative", "school", "team", "drivers", "stage", "finished"]
GuideMode = Literal["coach", "reflect"]
# Where a coach or reflect chat stands: asking for the driver, the stage, the context (or audience), showing the
# result ("ready"), or finished.
GuideStep = Literal["driver", "stage", "context", "ready", "done"]


class HintRef(BaseModel):
    """A best-practice passage shown beside a question or an answer: its quote and where it comes from."""

    quote: str
    citation: Citation
    others: list[str] = Field(default_factory=list, description="ids of the other passages behind the hint")


class EquityNote(BaseModel):
    """An action's equity checks at a glance: how many are met, how many need attention and which to look at."""

    met: int = 0
    attention: int = 0
    worth_a_look: list[str] = Field(default_factory=list)


# ------------------------------------------------------------------------------------------------ prompts


class SetupQuestion(BaseModel):
    """A question about the plan itself: initiative, school and team, drivers, stage; or that it is finished."""

    type: Literal["setup"] = "setup"
    step: SetupStep


class Question(BaseModel):
    """A guiding question, with the best practice that hints at an answer."""

    type: Literal["question"] = "question"
    driver: Driver
    number: int
    of: int
    stage: Stage | None = None
    other_stage: bool = Field(default=False, description="a question tagged for another stage (added by /more)")
    text: str
    hint: HintRef | None = None
    answered_as: int | None = Field(default=None, description="the action an earlier answer gave, if any")
    readiness_for: list[Driver] = Field(default_factory=list, description="drivers a readiness check is offered for")


class FollowUp(BaseModel):
    """What an action still lacks, asked once: its owner, its due date, or an owner or due date that was a guess."""

    type: Literal["followup"] = "followup"
    action: int
    description: str | None = Field(default=None, description="set when one answer gave several actions")
    missing: list[Missing]
    guessed_due: date | None = None
    guessed: bool = False
    guessed_owner: str | None = Field(default=None, description="an owner read but not sure: shown and asked")
    recurring: bool = Field(default=False, description="the action repeats: its due date is when it stops")


class ReadinessQuestion(BaseModel):
    type: Literal["readiness"] = "readiness"
    driver: Driver
    number: int
    of: int
    consideration: str


# ------------------------------------------------------------------------------------------------ outcomes


class SetupRecorded(BaseModel):
    """A plan-level answer taken: the initiative, the school and team, the drivers or the stage."""

    type: Literal["setup_recorded"] = "setup_recorded"
    step: Literal["initiative", "school", "drivers", "stage"]
    initiative: str = ""
    school: str = ""
    team: str = ""
    drivers: list[Driver] = Field(default_factory=list)
    stage: Stage | None = None


class ActionsSplit(BaseModel):
    """One answer was read as several actions (the ActionRecorded events that follow)."""

    type: Literal["split"] = "split"
    count: int


class ActionRecorded(BaseModel):
    """An action as it now stands, with where each field came from."""

    type: Literal["action"] = "action"
    verb: Literal["recorded", "replaced", "updated", "shown", "joined"] = "recorded"
    action: Action
    sources: dict[str, FieldSource] = Field(default_factory=dict, description="field name → where it came from")
    date_phrase: str | None = Field(default=None, description="the words the due date was read from")
    unparsed_date: str | None = None
    understood: list[str] = Field(default_factory=list, description="school-calendar phrases and what they meant")
    equity: EquityNote = Field(default_factory=EquityNote)
    could_add: list[Literal["measures", "resources"]] = Field(
        default_factory=list, description="what the cited practice suggests adding"
    )


class FollowUpFilled(BaseModel):
    """A reply to a follow-up, taken: the fields it filled and what is still open."""

    type: Literal["followup_filled"] = "followup_filled"
    action: int
    filled: list[tuple[str, str]] = Field(default_factory=list, description="(field, value as shown)")
    unread: bool = Field(default=False, description="nothing read; the words were kept in the action's note")
    left_open: list[str] = Field(default_factory=list, description="the open-item flags still on the action")


class LeftOpen(BaseModel):
    """A follow-up skipped: the action keeps its open items."""

    type: Literal["left_open"] = "left_open"
    action: int


class GapNoted(BaseModel):
    """A readiness consideration rated as a gap, which became a suggested action."""

    type: Literal["gap"] = "gap"
    action: int
    description: str


class ReadinessDone(BaseModel):
    type: Literal["readiness_done"] = "readiness_done"
    driver: Driver
    gaps: int


class Answer(BaseModel):
    """A question back (or "not sure yet") answered from the guidance; nothing is added to the plan."""

    type: Literal["answer"] = "answer"
    reason: Literal["question", "unsure"]
    answer: str | None = Field(default=None, description="the answer found, when the guidance had one")
    citations: list[Citation] = Field(default_factory=list)
    hint: HintRef | None = Field(default=None, description="when no answer was found: the question's hint")


class Notice(BaseModel):
    """Something to tell the team in passing: a command's result, a refused input, a model that was not used."""

    type: Literal["notice"] = "notice"
    code: str = Field(description="what kind of notice, stable for programs: skipped, error, model, …")
    text: str
    level: Literal["info", "error", "model"] = "info"


class PlanRow(BaseModel):
    number: int
    driver: Driver | None = None
    description: str
    owner: str | None = None
    due: date | None = None
    recurrence: str | None = None
    equity: EquityNote = Field(default_factory=EquityNote)


class PlanShown(BaseModel):
    """The plan so far (/plan)."""

    type: Literal["plan"] = "plan"
    session: str
    initiative: str = ""
    stage: Stage | None = None
    drivers: list[Driver] = Field(default_factory=list)
    school_year: str = ""
    actions: list[PlanRow] = Field(default_factory=list)


class Attention(BaseModel):
    title: str
    actions: list[int]
    practice: Citation | None = None


class Summary(BaseModel):
    """The plan at the end, with the equity checks that need attention and the actions still open."""

    type: Literal["summary"] = "summary"
    last_question: bool = Field(description="reached by answering the last question (not by /done)")
    plan: PlanShown
    attention: list[Attention] = Field(default_factory=list)
    open_actions: list[int] = Field(default_factory=list)


class Sources(BaseModel):
    """The passages behind the last hint, or behind the guide or prompts shown (/why); empty when none was shown."""

    type: Literal["sources"] = "sources"
    passages: list[Citation] = Field(default_factory=list, description="each with the passage's whole text as quote")
    behind: Literal["hint", "result"] = "hint"


class Help(BaseModel):
    type: Literal["help"] = "help"
    mode: Literal["plan", "coach", "reflect"] = "plan"


class Welcome(BaseModel):
    """The opening of a session: new with its initiative, or resumed with where it stood."""

    type: Literal["welcome"] = "welcome"
    session: str
    resumed: bool
    initiative: str = ""
    actions: int = 0
    phase: str = ""


class Done(BaseModel):
    """The conversation is finished (/done)."""

    type: Literal["done"] = "done"


# ------------------------------------------------------------------------------------- coach and reflect chats


class GuidePrompt(BaseModel):
    """What a coach or reflect chat asks next; at `ready`, what can be typed once the result is shown."""

    type: Literal["guide_prompt"] = "guide_prompt"
    mode: GuideMode
    step: GuideStep


class GuideShown(BaseModel):
    """A coaching conversation guide, whole."""

    type: Literal["guide"] = "guide"
    guide: CoachGuide


class GuideMore(BaseModel):
    """Further suggestions for the guide ("more"): only the items not shown before, by section."""

    type: Literal["guide_more"] = "guide_more"
    sections: list[GuideSection] = Field(default_factory=list)


class PromptsShown(BaseModel):
    """A set of reflection prompts, whole."""

    type: Literal["prompts"] = "prompts"
    prompts: ReflectionSet


class PromptsMore(BaseModel):
    """Prompts added to the set ("more"), numbered on from `first`."""

    type: Literal["prompts_more"] = "prompts_more"
    first: int
    prompts: list[ReflectionPrompt] = Field(default_factory=list)


Event = Annotated[
    SetupQuestion
    | Question
    | FollowUp
    | ReadinessQuestion
    | SetupRecorded
    | ActionsSplit
    | ActionRecorded
    | FollowUpFilled
    | LeftOpen
    | GapNoted
    | ReadinessDone
    | Answer
    | Notice
    | PlanShown
    | Summary
    | Sources
    | Help
    | Welcome
    | Done
    | GuidePrompt
    | GuideShown
    | GuideMore
    | PromptsShown
    | PromptsMore,
    Field(discriminator="type"),
]
PROMPTS = (SetupQuestion, Question, FollowUp, ReadinessQuestion, GuidePrompt)


@dataclass
class Reply:
    """One reply: its events, and the text they read as in a terminal (rendered from them when not given)."""

    text: str = ""
    done: bool = False
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.events and not self.text:
            from assistant.dialogue.render_text import render

            self.text = render(self.events)

    @classmethod
    def of(cls, *events: Event, done: bool = False) -> Reply:
        return cls(done=done, events=list(events))

    def first(self, kind: type[BaseModel]) -> BaseModel | None:
        """The reply's first event of a type, or None."""
        return next((e for e in self.events if isinstance(e, kind)), None)


def notice(code: str, text: str, level: Literal["info", "error", "model"] = "info") -> Notice:
    return Notice(code=code, text=text, level=level)


__all__ = [
    "PROMPTS",
    "ActionRecorded",
    "ActionsSplit",
    "Answer",
    "Attention",
    "Done",
    "EquityNote",
    "Event",
    "FieldSource",
    "FollowUp",
    "FollowUpFilled",
    "GapNoted",
    "GuideMode",
    "GuideMore",
    "GuidePrompt",
    "GuideShown",
    "GuideStep",
    "Help",
    "HintRef",
    "LeftOpen",
    "Notice",
    "PlanRow",
    "PlanShown",
    "PromptsMore",
    "PromptsShown",
    "Question",
    "ReadinessDone",
    "ReadinessQuestion",
    "Reply",
    "SetupQuestion",
    "SetupRecorded",
    "Sources",
    "Summary",
    "Welcome",
    "notice",
]
