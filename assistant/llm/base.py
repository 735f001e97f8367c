"""The language-model backend interface: what the conversation may ask of a model, and what it gets back.

A backend answers `None` (or passes text through) whenever it has nothing trustworthy to add; the caller then
uses the deterministic path. So a backend can only make a reply better, never cost the team an answer.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant import resources
from assistant.config import LLMSettings, Settings, get_settings
from assistant.errors import InputError
from assistant.models import ActionPlan, Answer, Passage
from assistant.understanding.fields import ExtractedFields, SchoolYear

PROMPTS_DIR = resources.prompts()

DraftKind = Literal["plan_summary", "coaching_guide", "reflection_prompts"]
Recurrence = Literal["daily", "weekly", "biweekly", "monthly", "quarterly", "each semester", "annually"]


# ------------------------------------------------------------------------------------------------ settings


class LLMConfig(LLMSettings):
    """The settings a backend reads: the LLM fields of `Settings`, frozen; unknown names are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def llm_config(settings: object | None = None) -> LLMConfig:
    """The LLM settings of a `Settings` object; the fields it lacks come from the assistant's settings."""
    fields = getattr(type(settings), "model_fields", {}) if settings is not None else {}
    values: dict[str, Any] = {}
    for name in LLMConfig.model_fields:
        if name in fields:
            values[name] = getattr(settings, name)
        else:
            values[name] = getattr(_settings(), name)
    try:
        return LLMConfig.model_validate(values)
    except ValidationError as exc:
        raise InputError(_invalid(exc)) from None


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        raise InputError(_invalid(exc)) from None


def _invalid(exc: ValidationError) -> str:
    error = exc.errors()[0]
    name = f"CIP_ASSISTANT_{str(error['loc'][0]).upper()}"
    return f"{name} is not valid ({error['msg'].lower()}); fix or unset it."


# ------------------------------------------------------------------------------------------------ options


class Options(BaseModel):
    """Options every backend accepts; a backend adds its own in a subclass. Unknown names are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout: float = Field(default=20.0, gt=0, le=600, description="seconds to wait for the model")


# ---------------------------------------------------------------------------- what a model may hand back


class ActionDraft(BaseModel):
    """A model's reading of one free-text answer; checked against the answer before it becomes an action.

    There is no description: the action keeps the team's own words, which the equity check reads.
    """

    model_config = ConfigDict(extra="forbid")

    owner: str | None = Field(default=None, description="the person or role who owns it, exactly as named; else null")
    owner_role: str | None = Field(default=None, description="the owner's role when the answer gives one; else null")
    start_phrase: str | None = Field(
        default=None, description="the exact words of the answer that say when the work starts; else null"
    )
    start: date | None = Field(default=None, description="start date (YYYY-MM-DD) those words mean; else null")
    due_phrase: str | None = Field(
        default=None, description="the exact words of the answer that say when it is due; else null"
    )
    due: date | None = Field(default=None, description="due date (YYYY-MM-DD) those words mean; else null")
    recurrence: Recurrence | None = Field(default=None, description="how often it repeats; else null")
    resources: list[str] = Field(default_factory=list, description="people, time, money or materials it needs")
    measures: list[str] = Field(default_factory=list, description="how the team will know it worked")


class DraftCitation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(ge=1, description="the passage's number, as written in the [n] marker")
    id: str = Field(description="the passage's id attribute")
    quote: str = Field(description="words copied exactly from that passage")


class CitedText(BaseModel):
    """Text with [n] markers, each backed by a quote from a passage the model was given."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the reply, with [n] after each statement taken from passage n")
    citations: list[DraftCitation] = Field(description="one entry per statement: passage number, id and quote")


# ------------------------------------------------------------------------------------------------ prompts


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)),
        undefined=jinja2.StrictUndefined,
        # Data is escaped where it is delimited (guard.passage_block); templates are our own text.
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: Any) -> str:
    """A prompt template of `assistant.resources` filled in; a missing value is an error, not an empty string."""
    return str(_environment().get_template(name).render(**values)).strip()


# ------------------------------------------------------------------------------------------------ notices

# The notices of the call in progress. One backend serves every team of a web server at once, so a notice is
# collected for the request that caused it (each thread and each request runs in a context of its own), never
# kept on the backend for whoever asks next.
_COLLECTING: ContextVar[list[str] | None] = ContextVar("cip_notices", default=None)


@contextlib.contextmanager
def collecting_notices() -> Iterator[list[str]]:
    """Collect what the backend wants the user told during the block, for this call only."""
    box: list[str] = []
    token = _COLLECTING.set(box)
    try:
        yield box
    finally:
        _COLLECTING.reset(token)


def joined(notices: Sequence[str]) -> str | None:
    return " ".join(notices) if notices else None


# ------------------------------------------------------------------------------------------------ backend


class Backend(ABC):
    """What the assistant may ask of a language model. Every method may decline by returning None."""

    name: str = "none"
    local: bool = True
    can_extract: ClassVar[bool] = False
    can_answer: ClassVar[bool] = False
    can_phrase: ClassVar[bool] = False
    can_draft: ClassVar[bool] = False
    can_stream: ClassVar[bool] = False
    options_class: ClassVar[type[Options]] = Options

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or self.options_class()
        self._notices: list[str] = []

    @classmethod
    def make_options(cls, **values: Any) -> Options:
        """Options from keyword values; an unknown or invalid one is an InputError naming it."""
        try:
            return cls.options_class.model_validate(values)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"]) or "options"
            known = ", ".join(cls.options_class.model_fields)
            raise InputError(
                f"Option '{where}' is not valid for {cls.name} ({error['msg'].lower()}); options are: {known}."
            ) from None

    # -- notices: things the user should be told once, about the call that caused them

    def notify(self, message: str) -> None:
        box = _COLLECTING.get()
        if box is None:
            box = self._notices  # a direct call outside any collecting call: kept for `take_notice`
        if message not in box:
            box.append(message)

    def take_notice(self) -> str | None:
        """What direct calls (outside `collecting_notices`) left to tell, joined, or None; handed out once."""
        if not self._notices:
            return None
        text = " ".join(self._notices)
        self._notices.clear()
        return text

    # -- the work

    @abstractmethod
    def extract_action(
        self, text: str, question: str, passages: Sequence[Passage], today: date, year: SchoolYear
    ) -> ExtractedFields | None:
        """Read a team's free-text answer to `question` as action fields, or None to let the rules do it."""

    @abstractmethod
    def answer(self, question: str, passages: Sequence[Passage]) -> Answer | None:
        """Answer from the given passages only, every statement cited; None when it cannot be trusted."""

    @abstractmethod
    def phrase(self, reply_text: str, passages: Sequence[Passage]) -> Iterator[str]:
        """The reply in friendlier words, as it is produced; the reply itself when rephrasing is not safe."""

    @abstractmethod
    def draft(self, kind: DraftKind, request: str, passages: Sequence[Passage]) -> str | None:
        """A narrative (plan summary, coaching guide, reflection prompts) from passages, cited; or None."""

    def narrative(self, plan: ActionPlan, passages: Sequence[Passage]) -> str | None:
        """The plan's narrative summary, grounded in the passages it cites; or None."""
        if not self.can_draft:
            return None
        return self.draft("plan_summary", plan_outline(plan), passages)


def plan_outline(plan: ActionPlan) -> str:
    """The plan as plain lines for a prompt: what a reader of the summary needs, nothing else."""
    lines = [
        f"Initiative: {plan.initiative or 'not named'}",
        f"School or district: {plan.school or 'not named'}",
        f"Stage: {plan.stage.value.replace('_', ' ') if plan.stage else 'not set'}",
        f"Drivers: {', '.join(d.value.replace('_', ' ') for d in plan.drivers) or 'none'}",
        f"School year: {plan.school_year or 'not set'}",
    ]
    for action in plan.actions:
        owner = action.owner or "no owner yet"
        due = action.due.isoformat() if action.due else "no due date yet"
        attention = [c.title or c.check for c in action.equity_checks if c.status == "needs_attention"]
        lines.append(
            f"Action {action.number} ({action.driver.value if action.driver else 'general'}): "
            f"{action.description} — owner: {owner}; due: {due}"
            + (f"; repeats {action.recurrence}" if action.recurrence else "")
        )
        if attention:
            lines.append(f"  equity checks needing attention: {'; '.join(attention)}")
    return "\n".join(lines)
