"""A coaching conversation guide for a supervisor: sections of questions and steps, each grounded in a passage.

Without an LLM the guide is composed from `prompts/coach_prep.yaml`: the context the supervisor typed is read for
cues (who is coached, what was hard or went well, the data at hand, equity cues); the cues choose which items each
section asks, and every item quotes one sentence of the passage it draws on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.config import DATA_ROOT, get_settings
from assistant.errors import InputError
from assistant.knowledge.curated import driver_info, load_yaml, stage_info
from assistant.knowledge.text import clean_input, normalize, sentences
from assistant.models import (
    Citation,
    CoachGuide,
    Driver,
    GuideItem,
    GuideSection,
    Passage,
    PassageKind,
    Stage,
)
from assistant.retrieval.bm25 import tokenize
from assistant.retrieval.retriever import Retriever

M = TypeVar("M", bound=BaseModel)

PROMPTS_DIR = DATA_ROOT / "prompts"
PHRASING_FILE = "coach_prep.yaml"
MAX_CONTEXT_CHARS = 2000

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


# ------------------------------------------------------------------------------------------------ phrasing data


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
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise InputError(f"Cannot read the coaching phrasing {path}: {exc.strerror}; restore the file.") from exc
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


def read_model(path: Path, model: type[M]) -> M:
    """A phrasing file read and validated; the first problems are named in one sentence."""
    try:
        return model.model_validate(load_yaml(path))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:3])
        raise InputError(f"{path} is invalid: {problems}.") from exc


def check_placeholders(text: str, names: set[str], label: str) -> None:
    for found in re.findall(r"\{([^{}]*)\}", text):
        if found not in names:
            raise InputError(f"{label} uses the unknown placeholder {{{found}}}; use one of {sorted(names)}.")


def _day_cues(item: ItemSpec) -> list[str]:
    return [key for key in item.days if key != "default"] if isinstance(item.days, dict) else []


def _all_patterns(cues: CueSpec) -> list[str]:
    patterns = [p for role in cues.roles for p in role.patterns]
    patterns += [*cues.new, *cues.veteran, *cues.struggle, *cues.strength, cues.negation, *cues.topics.values()]
    patterns += [p for data in cues.data for p in data.labels]
    patterns += [p for spec in cues.equity.values() for p in spec.patterns]
    return patterns


# ------------------------------------------------------------------------------------------------ input


def clean_text(text: str) -> str:
    """Terminal escapes and control characters dropped, whitespace collapsed: only what the user meant is kept."""
    return " ".join(clean_input(text).split())


def check_context(context: str | None) -> str | None:
    """The context as typed, cleaned; an empty or oversized one is an error that says what to write instead."""
    if context is None:
        return None
    cleaned = clean_text(context)
    if not cleaned:
        raise InputError(
            "The context is empty; describe who you are coaching and what you observed "
            "(for example 'new 3rd grade teacher, walkthrough showed pacing struggles'), or leave it out."
        )
    if len(cleaned) > MAX_CONTEXT_CHARS:
        raise InputError(f"The context is {len(cleaned):,} characters long; keep it under {MAX_CONTEXT_CHARS:,}.")
    return cleaned


# ------------------------------------------------------------------------------------------------ reading the context


@dataclass
class DataHit:
    key: str
    label: str
    observation: bool
    spec: DataSpec


@dataclass
class ContextCues:
    """What the context says, as cues the phrasing can test and words it can use."""

    role_key: str | None = None
    role: str = "staff member"
    activity: str = "the work you observed"
    observe: str = "the practice in use"
    new: bool = False
    veteran: bool = False
    struggles: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    struggle: bool = False
    strength: bool = False
    data: list[DataHit] = field(default_factory=list)
    equity: list[tuple[str, str]] = field(default_factory=list)

    @property
    def observations(self) -> list[DataHit]:
        return [hit for hit in self.data if hit.observation]

    @property
    def other_data(self) -> list[DataHit]:
        return [hit for hit in self.data if not hit.observation]

    def flags(self) -> set[str]:
        flags: set[str] = set()
        if self.role_key:
            flags.add(f"role:{self.role_key}")
        for name in ("new", "veteran", "struggle", "strength"):
            if getattr(self, name):
                flags.add(name)
        flags.add("observation" if self.observations else "no_observation")
        flags.add("other_data" if self.other_data else "no_other_data")
        flags |= {f"data:{hit.key}" for hit in self.other_data}
        if self.equity:
            flags.add("equity")
            flags |= {f"equity:{key}" for key, _ in self.equity}
        return flags

    def describe(self) -> list[str]:
        """The cues in plain words, so a supervisor can see what the guide responded to."""
        out = []
        if self.role_key:
            out.append(f"role: {self.role}")
        if self.new:
            out.append("new to the role or practice")
        if self.veteran:
            out.append("experienced")
        if self.struggle:
            out.append(f"hard: {_join(self.struggles) or 'something observed'}")
        if self.strength:
            out.append(f"went well: {_join(self.strengths) or 'something observed'}")
        out += [f"direct observation: {hit.label}" for hit in self.observations]
        out += [f"data: {hit.label}" for hit in self.other_data]
        out += [f"equity: {label}" for _, label in self.equity]
        return out


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _any(patterns: list[str], text: str) -> bool:
    return any(_compile(p).search(text) for p in patterns)


_CLAUSES = re.compile(r"[,;.!?\n]+|\b(?:but|while|though|although|however|whereas|yet)\b", re.IGNORECASE)
_FALLBACK_LEAD = re.compile(r"^\s*(?:with|in|during|around|on|at|when)\s+", re.IGNORECASE)
_DETERMINERS = re.compile(r"^(?:the|her|his|their|a|an|our|my|some)\s+", re.IGNORECASE)


def read_context(text: str | None, spec: CueSpec) -> ContextCues:
    """Cues from free text: role, new or experienced, what was hard or went well, data at hand, equity."""
    default = spec.default_role
    cues = ContextCues(role=default.label, activity=default.activity, observe=default.observe)
    if not text:
        return cues
    _read_role(text, spec, cues)
    cues.new = _any(spec.new, text)
    cues.veteran = _any(spec.veteran, text)
    data_spans = _read_data(text, spec, cues)
    for clause_match in _clause_spans(text):
        start, clause = clause_match
        _read_observed(clause, start, spec, cues, data_spans)
    for key, equity in spec.equity.items():
        if _any(equity.patterns, text):
            cues.equity.append((key, equity.label))
    return cues


def _read_role(text: str, spec: CueSpec, cues: ContextCues) -> None:
    best: tuple[int, int, RoleSpec] | None = None
    for role in spec.roles:
        for pattern in role.patterns:
            found = _compile(pattern).search(text)
            # The role named first is who is coached; at the same place the longer name is the more specific.
            if found and (best is None or (found.start(), -len(found.group())) < (best[0], -best[1])):
                best = (found.start(), len(found.group()), role)
    if best is not None:
        role = best[2]
        cues.role_key, cues.role, cues.activity, cues.observe = role.key, role.label, role.activity, role.observe


def _read_data(text: str, spec: CueSpec, cues: ContextCues) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for data in spec.data:
        for pattern, label in data.labels.items():
            found = list(_compile(pattern).finditer(text))
            if not found:
                continue
            spans += [(m.start(), m.end()) for m in found]
            if not any(hit.key == data.key for hit in cues.data):
                cues.data.append(DataHit(data.key, label, data.observation, data))
    return spans


def _clause_spans(text: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for separator in _CLAUSES.finditer(text):
        out.append((position, text[position : separator.start()]))
        position = separator.end()
    out.append((position, text[position:]))
    return [(start, clause) for start, clause in out if clause.strip()]


def _read_observed(
    clause: str, offset: int, spec: CueSpec, cues: ContextCues, data_spans: list[tuple[int, int]]
) -> None:
    marks: list[tuple[int, int, str]] = []
    for pattern in spec.struggle:
        marks += [(m.start(), m.end(), "struggle") for m in _compile(pattern).finditer(clause)]
    negation = _compile(spec.negation)
    for pattern in spec.strength:
        for m in _compile(pattern).finditer(clause):
            if any(start <= m.start() < end for start, end, _ in marks):
                continue
            kind = "struggle" if negation.search(clause[: m.start()]) else "strength"
            marks.append((m.start(), m.end(), kind))
    if not marks:
        return
    topics: list[tuple[int, str]] = []
    for label, pattern in spec.topics.items():
        for m in _compile(pattern).finditer(clause):
            absolute = offset + m.start()
            # "fidelity" in "fidelity checklist" names the data, not what was observed.
            if any(start <= absolute < end for start, end in data_spans):
                continue
            topics.append((m.start(), label))
            break
    if any(label not in spec.measures for _, label in topics):
        topics = [(position, label) for position, label in topics if label not in spec.measures]
    if not topics:
        fallback = _fallback_topic(clause, marks, spec.fallback_topic_words)
        if fallback:
            topics.append(fallback)
    for position, label in topics:
        _, _, kind = min(marks, key=lambda mark: (abs(mark[0] - position), mark[0]))
        target = cues.struggles if kind == "struggle" else cues.strengths
        if label not in target:
            target.append(label)
    kinds = {kind for _, _, kind in marks}
    cues.struggle = cues.struggle or "struggle" in kinds
    cues.strength = cues.strength or "strength" in kinds


def _fallback_topic(clause: str, marks: list[tuple[int, int, str]], max_words: int) -> tuple[int, str] | None:
    """ "trouble with getting started" → "getting started": the words after the mark's preposition."""
    for start, end, _ in sorted(marks):
        rest = clause[end:]
        lead = _FALLBACK_LEAD.match(rest)
        if not lead:
            continue
        words = re.findall(r"[A-Za-z][\w'-]*", rest[lead.end() :])[:max_words]
        phrase = _DETERMINERS.sub("", " ".join(words)).strip()
        if phrase:
            return start, phrase.lower()
    return None


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------------------------------------ grounding


class Grounding:
    """Finds the passage an item draws on and the sentence of it to quote, always verbatim."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self._normalized = [(normalize(p.text), p) for p in retriever.passages_in_order]

    def find(
        self,
        phrase: str,
        quote: str | None = None,
        *,
        kinds: set[PassageKind] | None = None,
        drivers: set[Driver] | None = None,
    ) -> tuple[Passage, str] | None:
        needle = normalize(phrase)
        for text, passage in self._normalized:
            if needle not in text or (kinds and passage.kind not in kinds):
                continue
            if drivers and passage.driver not in drivers:
                continue
            found = sentence_with(passage, quote or phrase)
            if found:
                return passage, found
        return None

    def search(
        self,
        query: str,
        *,
        kinds: set[PassageKind] | None = None,
        drivers: set[Driver] | None = None,
        first: bool = False,
    ) -> tuple[Passage, str] | None:
        scored = self.retriever.scored(query, 6, drivers=drivers, kinds=kinds)
        for item in scored:
            quote = next(iter(quotable(item.passage)), None) if first else best_sentence(item.passage, query)
            if quote:
                return item.passage, quote
        return None


def sentence_with(passage: Passage, phrase: str) -> str | None:
    """The sentence (or line) of the passage that holds the phrase, exactly as the passage has it."""
    needle = normalize(phrase)
    for sentence in sentences(passage.text):
        if needle in normalize(sentence) and sentence in passage.text:
            return sentence
    for line in passage.text.splitlines():
        line = line.strip().removeprefix("- ").strip()
        if needle in normalize(line) and line in passage.text:
            return line
    return None


def quotable(passage: Passage) -> list[str]:
    """Sentences of a passage that read on their own: no labels ("Case example:"), verbatim."""
    out = []
    for sentence in sentences(passage.text):
        if sentence.endswith(":") or len(sentence) < 20 or sentence not in passage.text:
            continue
        out.append(sentence)
    return out


def best_sentence(passage: Passage, query: str) -> str | None:
    """The passage's sentence sharing most words with the query; its body before its heading on a tie."""
    candidates = quotable(passage)
    if not candidates:
        return None
    wanted = set(tokenize(query))

    def score(item: tuple[int, str]) -> tuple[int, int, int]:
        index, sentence = item
        overlap = len(wanted & set(tokenize(sentence)))
        return (-overlap, 1 if sentence == passage.heading else 0, index)

    return min(enumerate(candidates), key=score)[1]


# ------------------------------------------------------------------------------------------------ the guide


_DRIVER_SCOPE: dict[str, Driver | None] = {"coaching": Driver.coaching, "leadership": Driver.leadership, "any": None}


@dataclass
class _Request:
    driver: Driver
    stage: Stage | None
    cues: ContextCues
    flags: set[str]
    values: dict[str, str]
    today: date
    grounding: Grounding
    questions: list[Passage]


def coach_guide(
    retriever: Retriever,
    driver: Driver,
    stage: Stage | None = None,
    context: str | None = None,
    *,
    today: date | None = None,
    extra: int = 0,
    phrasing: CoachPhrasing | None = None,
) -> CoachGuide:
    """The conversation guide for a driver, an optional stage and the supervisor's context.

    `extra` lets every section hold that many more items than its usual share (a chat's "more").
    """
    phrasing = phrasing or load_phrasing()
    context = check_context(context)
    cues = read_context(context, phrasing.cues)
    today = today or get_settings().current_date()
    flags = cues.flags()
    if driver is Driver.coaching:
        flags.add("driver:coaching")
    if stage is not None:
        flags |= {"stage", f"stage:{stage.value}"}
    request = _Request(
        driver=driver,
        stage=stage,
        cues=cues,
        flags=flags,
        values=_values(driver, stage, cues, phrasing.cues),
        today=today,
        grounding=Grounding(retriever),
        questions=_stage_questions(retriever, driver, stage, cues),
    )
    context_cues = phrasing.context_cues()
    sections = [_section(spec, request, context_cues, spec.max_items + max(0, extra)) for spec in phrasing.sections]
    citations: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    for section in sections:
        for item in section.items:
            key = (item.citation.id, item.citation.quote)
            if key not in seen:
                seen.add(key)
                citations.append(item.citation)
    return CoachGuide(
        driver=driver,
        stage=stage,
        context=context,
        cues=cues.describe(),
        created=today,
        sections=sections,
        citations=citations,
    )


def _values(driver: Driver, stage: Stage | None, cues: ContextCues, spec: CueSpec) -> dict[str, str]:
    observation = _join([hit.label for hit in cues.observations]) or "observation notes"
    return {
        "role": cues.role,
        "driver": driver_info(driver).name,
        "stage": stage_info(stage).name if stage else "",
        "topic": _join(cues.struggles[:2]) or spec.default_topic,
        "strength": _join(cues.strengths[:2]) or spec.default_strength,
        "observation": observation,
        "other_data": _join([hit.label for hit in cues.other_data]) or "other data",
        "suggested_data": spec.suggested_data.get("new" if cues.new else "default", "")
        or spec.suggested_data.get("default", ""),
        "equity_groups": _join([label for _, label in cues.equity]),
        "activity": cues.activity,
        "observe": cues.observe,
    }


def _stage_questions(retriever: Retriever, driver: Driver, stage: Stage | None, cues: ContextCues) -> list[Passage]:
    """The driver's guiding questions for the stage, the ones closest to what was observed first."""
    from assistant.knowledge.questions import guiding_questions, questions_for

    try:
        questions = guiding_questions(retriever.passages_in_order)
    except InputError:
        # Broken question tags stop planning with a clear error; a coaching guide can do without this one item.
        return []
    if stage is not None:
        chosen = [q.passage for q in questions_for(questions, driver, stage)]
    else:
        chosen = [q.passage for q in questions if q.driver == driver]
    if len(chosen) <= 1:
        return chosen
    focus = " ".join([*cues.struggles, *cues.strengths, cues.role]).strip()
    if not focus:
        return chosen
    ranked = retriever.scored(focus, 20, drivers={driver}, kinds={PassageKind.guiding_question})
    order = {item.passage.id: rank for rank, item in enumerate(ranked)}
    return sorted(chosen, key=lambda p: order.get(p.id, len(order)))


def holds(spec: ItemSpec, flags: set[str]) -> bool:
    return all(cue in flags for cue in spec.when) and not any(cue in flags for cue in spec.unless)


def _section(spec: SectionSpec, request: _Request, context_cues: set[str], limit: int) -> GuideSection:
    candidates = [(index, item) for index, item in enumerate(spec.items) if holds(item, request.flags)]
    # What the context asked for comes first, so a full section still shows the items the context changed.
    ordered = sorted(
        candidates,
        key=lambda pair: (0 if _context_cue(pair[1], context_cues) or pair[1].each else 1, pair[0]),
    )
    made: list[tuple[int, int, GuideItem]] = []
    texts: set[str] = set()
    for index, item_spec in ordered:
        for sub, item in enumerate(_make_items(item_spec, request, context_cues)):
            if len(made) >= limit:
                break
            if item.text in texts:
                continue
            texts.add(item.text)
            made.append((index, sub, item))
        if len(made) >= limit:
            break
    made.sort(key=lambda entry: (entry[0], entry[1]))
    return GuideSection(key=spec.key, title=spec.title, items=[item for _, _, item in made])


def _context_cue(item: ItemSpec, context_cues: set[str]) -> str | None:
    return next((cue for cue in item.when if cue in context_cues), None)


def _make_items(spec: ItemSpec, request: _Request, context_cues: set[str]) -> list[GuideItem]:
    if spec.each == "other_data":
        out = []
        for hit in request.cues.other_data:
            found = _ground_data(hit, request)
            if found is None:
                continue
            passage, quote = found
            values = {**request.values, "this_data": hit.label, "quote": quote}
            out.append(
                GuideItem(
                    text=fill(spec.text, values),
                    citation=Citation.from_passage(passage, quote),
                    cue=f"data: {hit.label}",
                )
            )
        return out
    found = _ground(spec, request)
    if found is None:
        return []
    passage, quote = found
    values = {**request.values, "quote": display_quote(quote), "this_data": ""}
    due: date | None = None
    days = _days(spec, request.flags)
    if days is not None:
        due = request.today + timedelta(days=days)
        values |= {"date": due.isoformat(), "in_days": in_days(days)}
    cue = _context_cue(spec, context_cues)
    return [
        GuideItem(
            text=fill(spec.text, values),
            citation=Citation.from_passage(passage, quote),
            cue=_cue_words(cue, request.cues) if cue else None,
            due=due,
        )
    ]


def _ground(spec: ItemSpec, request: _Request) -> tuple[Passage, str] | None:
    grounding = request.grounding
    kinds = set(spec.kinds) or None
    scope = request.driver if spec.driver == "self" else _DRIVER_SCOPE[spec.driver]
    drivers = {scope} if scope else None
    if spec.question:
        for passage in request.questions:
            quote = passage.heading if passage.heading and passage.heading in passage.text else None
            quote = quote or next(iter(quotable(passage)), None)
            if quote:
                return passage, quote
        return None
    if spec.find:
        found = grounding.find(spec.find, spec.quote, kinds=kinds, drivers=drivers)
        if found:
            return found
    if spec.query:
        return grounding.search(
            fill(spec.query, request.values), kinds=kinds, drivers=drivers, first=spec.pick == "first"
        )
    return None


def _ground_data(hit: DataHit, request: _Request) -> tuple[Passage, str] | None:
    if hit.spec.find:
        found = request.grounding.find(hit.spec.find, hit.spec.quote)
        if found:
            return found
    return request.grounding.search(f"coaching feedback data source {hit.label}", drivers={Driver.coaching})


def _days(spec: ItemSpec, flags: set[str]) -> int | None:
    if spec.days is None or isinstance(spec.days, int):
        return spec.days
    for cue, days in spec.days.items():
        if cue != "default" and cue in flags:
            return days
    return spec.days.get("default")


def in_days(days: int) -> str:
    if days % 7 == 0 and days <= 28:
        weeks = days // 7
        return "in 1 week" if weeks == 1 else f"in {weeks} weeks"
    return "in 1 day" if days == 1 else f"in {days} days"


def display_quote(quote: str) -> str:
    """A quoted sentence as it reads inside other words: list punctuation ("; or") trimmed, ending as a sentence."""
    text = re.sub(r"(?:[;,]\s*(?:and/or|and|or)?|\s+(?:and/or|and|or))$", "", quote.strip()).rstrip(" ;,")
    return text if re.search(r"[.!?]$", text) else text + "."


def fill(template: str, values: dict[str, str]) -> str:
    """A template with its placeholders filled; text typed by the user is never read as a template."""
    out = re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), template)
    return " ".join(out.split())


def _cue_words(cue: str, cues: ContextCues) -> str:
    if cue == "struggle":
        return f"hard: {_join(cues.struggles[:2]) or 'something observed'}"
    if cue == "strength":
        return f"went well: {_join(cues.strengths[:2]) or 'something observed'}"
    if cue.startswith("equity:"):
        key = cue.split(":", 1)[1]
        return "equity: " + next((label for k, label in cues.equity if k == key), key)
    if cue.startswith("data:"):
        key = cue.split(":", 1)[1]
        return "data: " + next((hit.label for hit in cues.other_data if hit.key == key), key)
    words = {
        "new": "new to the role or practice",
        "veteran": "experienced",
        "observation": "direct observation at hand",
        "no_observation": "no direct observation yet",
        "other_data": "second data source at hand",
        "no_other_data": "no second data source yet",
        "equity": "equity: " + _join([label for _, label in cues.equity]),
    }
    if cue.startswith("role:"):
        return f"role: {cues.role}"
    return words.get(cue, cue)


__all__ = [
    "CoachPhrasing",
    "ContextCues",
    "Grounding",
    "check_context",
    "coach_guide",
    "display_quote",
    "load_phrasing",
    "read_context",
]
