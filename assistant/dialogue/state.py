"""Where a conversation stands, saved with the session after every turn: one model per mode.

`SessionState` is the union a session holds, told apart by `mode`; a state saved before it had one is read as
the state of its session's mode (see `assistant.dialogue.session`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from assistant.models import AskState, Citation, Driver, Stage

Phase = Literal[
    "initiative", "school", "team", "drivers", "stage", "readiness_offer", "readiness", "questions", "followup", "done"
]
Missing = Literal["owner", "due"]


class QueueItem(BaseModel):
    driver: Driver
    text: str
    passage_id: str | None = None
    for_stage: bool = True


class Followup(BaseModel):
    action: int
    missing: list[Missing]
    guessed: list[Missing] = Field(default_factory=list, description="fields read but not sure: shown, asked")
    guessed_owner: str | None = Field(default=None, description="written into the plan only once it is confirmed")
    guessed_owner_role: str | None = None
    guessed_due: date | None = Field(default=None, description="written into the plan only once it is confirmed")


class ReadinessItem(BaseModel):
    consideration: str
    passage_id: str
    rating: Literal["in_place", "partially", "not_in_place", "skipped"] | None = None


class Readiness(BaseModel):
    driver: Driver
    items: list[ReadinessItem]
    pos: int = 0


class PlanState(BaseModel):
    mode: Literal["plan"] = "plan"
    phase: Phase = "initiative"
    stage: Stage | None = None
    queue: list[QueueItem] = Field(default_factory=list)
    pos: int = 0
    answered: dict[int, int] = Field(default_factory=dict, description="queue position → action number")
    followup: Followup | None = None
    pending: list[Followup] = Field(default_factory=list, description="follow-ups waiting after the current one")
    answered_many: dict[int, list[int]] = Field(
        default_factory=dict, description="queue position → the action numbers one answer was split into"
    )
    last_split: list[int] = Field(default_factory=list, description="actions the last answer was split into")
    answered_back: str | None = Field(default=None, description="the last answer taken for a question, for /record")
    ask_school: bool = Field(
        default=False, description="the school and team are asked once before the guiding questions (set at start)"
    )
    readiness_offered: bool = False
    readiness_todo: list[Driver] = Field(default_factory=list)
    readiness: Readiness | None = None
    last_hint: list[str] = Field(default_factory=list, description="passage ids behind the last hint, for /why")
    expanded: list[Driver] = Field(default_factory=list, description="drivers whose other-stage questions were added")


CoachPhase = Literal["driver", "stage", "context", "ready", "done"]


class CoachState(BaseModel):
    """Where a coach or reflect conversation stands."""

    mode: Literal["coach", "reflect"] = "coach"
    phase: CoachPhase = "driver"
    driver: Driver | None = None
    stage: Stage | None = None
    stage_asked: bool = False
    context: str | None = Field(default=None, description="coach: the context; reflect: the audience")
    context_asked: bool = False
    n: int | None = None
    seed: int | None = None
    extra: int = 0
    shown: list[str] = Field(default_factory=list, description="texts already shown, so 'more' adds only new ones")
    sources: list[Citation] = Field(default_factory=list, description="citations behind the last output, for /why")


SessionState = Annotated[PlanState | CoachState | AskState, Field(discriminator="mode")]


def empty_state(mode: str) -> PlanState | CoachState | AskState:
    """The state a new session of `mode` starts in."""
    if mode in ("coach", "reflect"):
        return CoachState(mode=mode)  # type: ignore[arg-type]
    if mode == "ask":
        return AskState()
    return PlanState()
