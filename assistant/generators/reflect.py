"""Reflection prompts for a training session or debrief: before, during and after, at three levels, with sources.

Each prompt quotes one sentence of the driver's own guidance inside a template from
`resources/prompts/reflection.yaml`. The choice is a seeded random draw, so the same request gives the same prompts
and `--seed` gives others.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import InputError
from assistant.generators.grounding import quotable
from assistant.generators.phrasing import PROMPTS_DIR, check_placeholders, clean_text, display_quote, fill, read_model
from assistant.knowledge.curated import driver_info, modified_ns, stage_info
from assistant.knowledge.text import normalize, sentences
from assistant.models import (
    Citation,
    Driver,
    Passage,
    PassageKind,
    ReflectionLevel,
    ReflectionPrompt,
    ReflectionSet,
    ReflectionTiming,
    Stage,
)
from assistant.retrieval.bm25 import tokenize
from assistant.retrieval.retriever import Retriever

PHRASING_FILE = "reflection.yaml"
MAX_AUDIENCE_CHARS = 200
MAX_QUOTE_CHARS = 280
TIMINGS: tuple[ReflectionTiming, ...] = ("before", "during", "after")
LEVELS: tuple[ReflectionLevel, ...] = ("individual", "team", "system")
Fit = Literal["practice", "example", "question"]
WORDS = ("work", "team", "system", "learners", "people")


# ------------------------------------------------------------------------------------------------ phrasing data


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default_n: int = Field(ge=1)
    max_n: int = Field(ge=1)


class StageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    focus: str
    query: str


class Words(BaseModel):
    model_config = ConfigDict(extra="forbid")

    work: str
    team: str
    system: str
    learners: str
    people: str


class AudienceSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    patterns: list[str]
    words: Words


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    timing: ReflectionTiming
    level: ReflectionLevel
    fits: list[Fit] = Field(min_length=1)
    stages: list[Stage] = Field(default_factory=list)
    text: str


class ReflectionPhrasing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limits: Limits
    timings: dict[ReflectionTiming, str]
    levels: dict[ReflectionLevel, str]
    kinds: dict[PassageKind, float]
    general_weight: float = Field(ge=0)
    general_share: float = Field(ge=0, le=1)
    stage_template_boost: float = Field(ge=0)
    stage_passage_boost: float = Field(ge=0)
    near_duplicate: float = Field(gt=0, le=1)
    skip_phrases: list[str] = Field(default_factory=list)
    stages: dict[Stage, StageSpec]
    audiences: list[AudienceSpec]
    default_words: Words
    templates: list[Template] = Field(min_length=1)

    def words_for(self, audience: str | None) -> tuple[str | None, Words]:
        if audience:
            for spec in self.audiences:
                if any(re.search(pattern, audience, re.IGNORECASE) for pattern in spec.patterns):
                    return spec.key, spec.words
        return None, self.default_words


def load_phrasing(path: Path | None = None) -> ReflectionPhrasing:
    """The prompts' phrasing, checked: duplicate keys, unknown placeholders and missing cells are errors."""
    path = path or PROMPTS_DIR / PHRASING_FILE
    mtime = modified_ns(path, "reflection phrasing")
    return _load(path.resolve(), mtime)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> ReflectionPhrasing:
    # mtime_ns is part of the cache key only: an edited file is read again.
    del mtime_ns
    phrasing = read_model(path, ReflectionPhrasing)
    names = {"quote", "driver", "stage", *WORDS}
    keys: set[str] = set()
    for template in phrasing.templates:
        if template.key in keys:
            raise InputError(f"{path.name}: the template key '{template.key}' is used twice; keys must be unique.")
        keys.add(template.key)
        check_placeholders(template.text, names, f"{path.name}, template {template.key}")
        if "{quote}" not in template.text:
            raise InputError(f"{path.name}, template {template.key}, does not quote its source: add {{quote}}.")
    # Every timing × level needs a general template, or a set could not spread over them without a stage.
    for timing in TIMINGS:
        for level in LEVELS:
            if not any(t.timing == timing and t.level == level and not t.stages for t in phrasing.templates):
                raise InputError(f"{path.name} has no general template for {timing} · {level}; add one.")
    return phrasing


# ------------------------------------------------------------------------------------------------ input


def check_n(n: int, phrasing: ReflectionPhrasing | None = None) -> int:
    limit = (phrasing or load_phrasing()).limits.max_n
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= limit:
        raise InputError(f"The number of prompts (--n) must be between 1 and {limit}, not {n}.")
    return n


def check_audience(audience: str | None) -> str | None:
    if audience is None:
        return None
    cleaned = clean_text(audience)
    if not cleaned:
        raise InputError(
            "The audience is empty; say who the prompts are for (for example 'new teachers', 'coaches' or "
            "'school leaders'), or leave it out."
        )
    if len(cleaned) > MAX_AUDIENCE_CHARS:
        raise InputError(f"The audience is {len(cleaned)} characters long; keep it under {MAX_AUDIENCE_CHARS}.")
    return cleaned


def default_seed(driver: Driver, stage: Stage | None, audience: str | None) -> int:
    """A seed that depends only on the request, so the same request always gives the same prompts."""
    key = f"{driver.value}|{stage.value if stage else ''}|{normalize(audience or '')}"
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)


# ------------------------------------------------------------------------------------------------ the pool


@dataclass(frozen=True)
class Source:
    passage: Passage
    quote: str
    shown: str
    fit: Fit
    weight: float

    @property
    def general(self) -> bool:
        return self.passage.driver is None


@dataclass(eq=False)
class Candidate:
    source: Source
    template: Template
    weight: float
    # Content words of the prompt, for the near-duplicate check: the template's words and the quote's.
    words: frozenset[str]
    values: dict[str, str]

    @property
    def text(self) -> str:
        return fill(self.template.text, {**self.values, "quote": self.source.shown})


_GENERAL_KINDS = {PassageKind.equity, PassageKind.partner_role}


def sources_for(
    retriever: Retriever, driver: Driver, stage: Stage | None, phrasing: ReflectionPhrasing
) -> list[Source]:
    """Every quotable sentence of the driver's passages (and a few general ones), weighted for the stage."""
    boosted: set[str] = set()
    if stage is not None:
        query = phrasing.stages[stage].query
        boosted = {item.passage.id for item in retriever.scored(query, 8, drivers={driver})}
    tagged = _stage_tags(retriever, driver, stage)
    out: list[Source] = []
    seen: set[str] = set()
    for passage in retriever.passages_in_order:
        own = passage.driver is driver
        if not own and not (passage.driver is None and passage.kind in _GENERAL_KINDS):
            continue
        weight = phrasing.kinds.get(passage.kind, 0.0) * (1.0 if own else phrasing.general_weight)
        if passage.id in boosted:
            weight *= phrasing.stage_passage_boost
        if passage.kind is PassageKind.guiding_question and stage is not None:
            weight *= phrasing.stage_passage_boost if passage.id in tagged else 0.5
        if weight <= 0:
            continue
        for quote, shown, fit in _quotes(passage):
            key = normalize(shown)
            if key in seen or any(normalize(phrase) in key for phrase in phrasing.skip_phrases):
                continue
            seen.add(key)
            out.append(Source(passage, quote, shown, fit, weight))
    return out


def _stage_tags(retriever: Retriever, driver: Driver, stage: Stage | None) -> set[str]:
    if stage is None:
        return set()
    from assistant.knowledge.questions import guiding_questions

    try:
        questions = guiding_questions(retriever.passages_in_order)
    except InputError:
        # Broken question tags stop planning with a clear error; prompts can still be drawn without the stage tags.
        return set()
    return {q.passage.id for q in questions if q.driver == driver and stage in q.stages}


def _quotes(passage: Passage) -> list[tuple[str, str, Fit]]:
    """(quote as cited, quote as shown, fit) for each sentence of a passage that can carry a prompt.

    A list item ("clear about expectations for the position;") is cited as it stands and shown after the line that
    introduces its list ("Job descriptions are:"), so it reads on its own.
    """
    if passage.kind is PassageKind.guiding_question:
        heading = passage.heading if passage.heading and passage.heading in passage.text else None
        first = heading or next(iter(quotable(passage)), None)
        if first and not first.endswith(":") and len(first) <= MAX_QUOTE_CHARS:
            return [(first, display_quote(first), "question")]
        return []
    fit: Fit = "example" if passage.kind is PassageKind.case_example else "practice"
    out: list[tuple[str, str, Fit]] = []
    label = ""
    for sentence in sentences(passage.text):
        if sentence not in passage.text:
            continue
        if sentence.endswith(":"):
            # "Case example:" introduces the example, not a list to read items after.
            label = "" if sentence.lower().startswith("case example") else sentence
            continue
        # A case example's first line repeats the consideration it illustrates; its own lines are the example.
        if fit == "example" and sentence == passage.heading:
            continue
        if len(sentence) < 20 or len(sentence) > MAX_QUOTE_CHARS:
            continue
        if sentence[0].isupper():
            if len(sentence) >= 30:
                out.append((sentence, display_quote(sentence), fit))
        elif label:
            out.append((sentence, display_quote(f"{label} {sentence}"), fit))
    return out


def candidates_for(
    sources: list[Source],
    phrasing: ReflectionPhrasing,
    driver: Driver,
    stage: Stage | None,
    words: Words,
) -> list[Candidate]:
    values = {
        "driver": driver_info(driver).name,
        "stage": stage_info(stage).name if stage else "",
        **{name: getattr(words, name) for name in WORDS},
    }
    templates = [t for t in phrasing.templates if (stage in t.stages if t.stages else True)]
    # Texts are filled only for the prompts chosen; the pool holds thousands of pairs.
    template_words = {t.key: frozenset(tokenize(fill(t.text, {**values, "quote": ""}))) for t in templates}
    out = []
    for source in sources:
        source_words = frozenset(tokenize(source.shown))
        for template in templates:
            if source.fit not in template.fits:
                continue
            weight = source.weight * (phrasing.stage_template_boost if template.stages else 1.0)
            out.append(Candidate(source, template, weight, source_words | template_words[template.key], values))
    return out


# ------------------------------------------------------------------------------------------------ the draw


def _cells(rng: random.Random) -> list[tuple[ReflectionTiming, ReflectionLevel]]:
    """The nine timing × level cells in an order where every run of three covers each timing and each level once."""
    timings, levels = list(TIMINGS), list(LEVELS)
    rng.shuffle(timings)
    rng.shuffle(levels)
    shifts = [0, 1, 2]
    rng.shuffle(shifts)
    order = []
    for shift in shifts:
        diagonal = [(timings[i], levels[(i + shift) % 3]) for i in range(3)]
        rng.shuffle(diagonal)
        order += diagonal
    return order


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def draw(candidates: list[Candidate], n: int, seed: int, phrasing: ReflectionPhrasing) -> list[Candidate]:
    """N candidates by a seeded weighted draw, cell by cell, each new one distinct from those already chosen.

    The draw is sequential and does not depend on N, so asking for more prompts keeps the first ones.
    """
    rng = random.Random(seed)
    by_cell: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in candidates:
        by_cell.setdefault((candidate.template.timing, candidate.template.level), []).append(candidate)
    chosen: list[Candidate] = []
    # Later rounds relax one rule at a time, so a small knowledge base still yields N prompts when it can.
    for template_once, passage_limit in ((True, 2), (False, 3)):
        while len(chosen) < n:
            progress = False
            for cell in _cells(rng):
                if len(chosen) >= n:
                    break
                pool = [
                    c for c in by_cell.get(cell, []) if _eligible(c, chosen, template_once, passage_limit, phrasing)
                ]
                if not pool:
                    continue
                pick = rng.choices(pool, weights=[c.weight for c in pool])[0]
                chosen.append(pick)
                progress = True
            if not progress:
                break
    return chosen


def _eligible(
    candidate: Candidate,
    chosen: list[Candidate],
    template_once: bool,
    passage_limit: int,
    phrasing: ReflectionPhrasing,
) -> bool:
    source = candidate.source
    if candidate.weight <= 0:
        return False
    # The share of general passages is kept at every step, not only at the end, so the draw does not depend on N.
    general_cap = max(1, int((len(chosen) + 1) * phrasing.general_share))
    if source.general and sum(c.source.general for c in chosen) >= general_cap:
        return False
    if sum(c.source.passage.id == source.passage.id for c in chosen) >= passage_limit:
        return False
    for other in chosen:
        if other.source.shown == source.shown:
            return False
        if other.template.key == candidate.template.key and (
            template_once or other.source.passage.id == source.passage.id
        ):
            return False
        if _jaccard(other.words, candidate.words) > phrasing.near_duplicate:
            return False
    return True


# ------------------------------------------------------------------------------------------------ the set


def reflection_prompts(
    retriever: Retriever,
    driver: Driver,
    stage: Stage | None = None,
    audience: str | None = None,
    n: int | None = None,
    *,
    seed: int | None = None,
    phrasing: ReflectionPhrasing | None = None,
) -> ReflectionSet:
    """N distinct prompts for the driver and stage, spread over timing and level, each citing its passage."""
    phrasing = phrasing or load_phrasing()
    n = check_n(phrasing.limits.default_n if n is None else n, phrasing)
    audience = check_audience(audience)
    if seed is None:
        seed = default_seed(driver, stage, audience)
    _, words = phrasing.words_for(audience)
    sources = sources_for(retriever, driver, stage, phrasing)
    chosen = draw(candidates_for(sources, phrasing, driver, stage, words), n, seed, phrasing)
    if len(chosen) < n:
        raise InputError(
            f"The guidance holds enough for {len(chosen)} distinct prompts on {driver_info(driver).name}; "
            f"ask for {len(chosen)} or fewer."
        )
    rank = {"before": 0, "during": 1, "after": 2, "individual": 0, "team": 1, "system": 2}
    ordered = sorted(
        enumerate(chosen), key=lambda pair: (rank[pair[1].template.timing], rank[pair[1].template.level], pair[0])
    )
    prompts = [
        ReflectionPrompt(
            text=candidate.text,
            driver=driver,
            stage=stage,
            timing=candidate.template.timing,
            level=candidate.template.level,
            citation=Citation.from_passage(candidate.source.passage, candidate.source.quote),
        )
        for _, candidate in ordered
    ]
    return ReflectionSet(driver=driver, stage=stage, audience=audience, seed=seed, prompts=prompts)


__all__ = [
    "ReflectionPhrasing",
    "check_audience",
    "check_n",
    "default_seed",
    "load_phrasing",
    "reflection_prompts",
]
