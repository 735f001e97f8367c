"""A session as saved: its mode, where its conversation stands, what was said (with the reply's events), its plan."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from assistant.dialogue.events import Event
from assistant.dialogue.state import CoachState, PlanState, SessionState, empty_state
from assistant.models import ActionPlan, AskState, SessionMode, utcnow


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    text: str
    at: datetime = Field(default_factory=utcnow)
    events: list[Event] | None = Field(default=None, description="what the reply said, typed; None in older rows")


class Session(BaseModel):
    id: str
    mode: SessionMode = "plan"
    state: SessionState = Field(default_factory=PlanState, description="where the conversation stands")
    transcript: list[Turn] = Field(default_factory=list)
    plan: ActionPlan
    version: int = Field(default=0, description="the saved version this was read at; a turn saves only onto it")

    @model_validator(mode="before")
    @classmethod
    def _state_of_its_mode(cls, data: Any) -> Any:
        # States saved before they named their mode are plain dicts ({} for a session not yet started).
        if isinstance(data, dict):
            state = data.get("state")
            mode = data.get("mode", "plan")
            if state is None or state == {}:
                data = {**data, "state": empty_state(mode)}
            elif isinstance(state, dict) and "mode" not in state:
                data = {**data, "state": {**state, "mode": mode}}
        return data

    def plan_state(self) -> PlanState:
        """The state of a plan session (a fresh one if it holds another mode's)."""
        return self.state if isinstance(self.state, PlanState) else PlanState()


__all__ = ["AskState", "CoachState", "PlanState", "Session", "SessionState", "Turn"]
