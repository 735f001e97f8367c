"""Where a planning conversation stands, saved with the session after every turn."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Driver, Stage

Phase = Literal[
    "initiative", "school", "drivers", "stage", "readiness_offer", "readiness", "questions", "followup", "done"
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


class ReadinessItem(BaseModel):
    consideration: str
    passage_id: str
    rating: Literal["in_place", "partially", "not_in_place", "skipped"] | None = None


class Readiness(BaseModel):
    driver: Driver
    items: list[ReadinessItem]
    pos: int = 0


class PlanState(BaseModel):
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
    readiness_offered: bool = False
    readiness_todo: list[Driver] = Field(default_factory=list)
    readiness: Readiness | None = None
    last_hint: list[str] = Field(default_factory=list, description="passage ids behind the last hint, for /why")
    expanded: list[Driver] = Field(default_factory=list, description="drivers whose other-stage questions were added")
