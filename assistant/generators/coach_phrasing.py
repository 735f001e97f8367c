"""The coaching guide's phrasing (`resources/prompts/coach_prep.yaml`) as checked models: its sections, items, and
the cues that choose them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import InputError
from assistant.generators.phrasing import PROMPTS_DIR, check_placeholders, read_model
from assistant.knowledge.curated import modified_ns
from assistant.models import PassageKind, Stage

PHRASING_FILE = "coach_prep.yaml"

# Cues that come from what the supervisor typed; items triggered by them are chosen before general ones.
_BASE_CONTEXT_CUES = {
    "new",
    "veteran",
    "struggle",
    "strength",
    "observation",
    "no_observation",
    "other_data",
    "no_other_data",
    "equity",
}


class ItemSpec(BaseModel):
    """One item a section may hold: when it applies, how it is phrased, and where its passage comes from."""

    model_config = ConfigDict(extra="forbid")

    text: str
    when: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    find: str | None = None
    quote: str | None = None
    query: str | None = None
    kinds: list[PassageKind] = Field(default_factory=list)
    driver: Literal["self", "coaching", "leadership", "any"] = "any"
    question: bool = False
    each: Literal["other_data"] | None = None
    pick: Literal["best", "first"] = "best"
    days: int | dict[str, int] | None = None


class SectionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    title: str
    max_items: int = Field(default=5, ge=1, le=12)
    items: list[ItemSpec] = Field(min_length=1)


class RoleWords(BaseModel):
    """How items name who is coached and what was observed of them."""

    model_config = ConfigDict(extra="forbid")

    label: str
    activity: str
    observe: str


class RoleSpec(RoleWords):
    key: str
    patterns: list[str]


class DataSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    observation: bool = False
    labels: dict[str, str] = Field(min_length=1, description="pattern → how items name this data")
    find: str | None = None
    quote: str | None = None


class EquitySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    patterns: list[str]


class CueSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: list[RoleSpec]
    default_role: RoleWords
    new: list[str]
    veteran: list[str]
    struggle: list[str]
    strength: list[str]
    negation: str
    measures: list[str] = Field(default_factory=list)
    topics: dict[str, str]
    fallback_topic_words: int = Field(default=4, ge=1, le=8)
    default_topic: str
    default_strength: str
    data: list[DataSpec]
    suggested_data: dict[str, str]
    equity: dict[str, EquitySpec]


class CoachPhrasing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sections: list[SectionSpec] = Field(min_length=1)
    cues: CueSpec

    def known_cues(self) -> set[str]:
        cues = set(_BASE_CONTEXT_CUES) | {"driver:coaching", "stage"}
        cues |= {f"role:{role.key}" for role in self.cues.roles}
        cues |= {f"data:{data.key}" for data in self.cues.data if not data.observation}
        cues |= {f"equity:{key}" for key in self.cues.equity}
        cues |= {f"stage:{stage.value}" for stage in Stage}
        return cues

    def context_cues(self) -> set[str]:
        """The cues read from the supervisor's text, as opposed to the driver and stage they chose."""
        return {cue for cue in self.known_cues() if not cue.startswith(("driver:", "stage"))}


def _placeholder_names() -> set[str]:
    return {
        "role",
        "driver",
        "stage",
        "topic",
        "strength",
        "observation",
        "other_data",
        "this_data",
        "suggested_data",
        "equity_groups",
        "activity",
        "observe",
        "quote",
        "date",
        "in_days",
    }


def load_phrasing(path: Path | None = None) -> CoachPhrasing:
    """The guide's phrasing, checked: unknown cues, placeholders or patterns are errors naming the item."""
    path = path or PROMPTS_DIR / PHRASING_FILE
    mtime = modified_ns(path, "coaching phrasing")
    return _load_phrasing(path.resolve(), mtime)


@lru_cache(maxsize=4)
def _load_phrasing(path: Path, mtime_ns: int) -> CoachPhrasing:
    # mtime_ns is part of the cache key only: an edited file is read again.
    del mtime_ns
    phrasing = read_model(path, CoachPhrasing)
    known = phrasing.known_cues()
    names = _placeholder_names()
    for section in phrasing.sections:
        for item in section.items:
            label = f"{path.name}, section {section.key}, item '{item.text[:50]}'"
            unknown = [cue for cue in [*item.when, *item.unless, *_day_cues(item)] if cue not in known]
            if unknown:
                raise InputError(f"{label} uses unknown cues {unknown}; see the list at the top of the file.")
            check_placeholders(item.text, names, label)
            if not (item.find or item.query or item.question or item.each):
                raise InputError(f"{label} has no source: give it `find`, `query`, `question` or `each`.")
    for pattern in _all_patterns(phrasing.cues):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise InputError(
                f"{path.name}: the pattern {pattern!r} is not a valid regular expression ({exc})."
            ) from exc
    return phrasing


def _day_cues(item: ItemSpec) -> list[str]:
    return [key for key in item.days if key != "default"] if isinstance(item.days, dict) else []


def _all_patterns(cues: CueSpec) -> list[str]:
    patterns = [p for role in cues.roles for p in role.patterns]
    patterns += [*cues.new, *cues.veteran, *cues.struggle, *cues.strength, cues.negation, *cues.topics.values()]
    patterns += [p for data in cues.data for p in data.labels]
    patterns += [p for spec in cues.equity.values() for p in spec.patterns]
    return patterns


__all__ = ["PHRASING_FILE", "CoachPhrasing", "CueSpec", "DataSpec", "ItemSpec", "SectionSpec", "load_phrasing"]
