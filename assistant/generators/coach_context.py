"""What a supervisor types about the coaching conversation, checked and read for cues: who is coached, what was
hard or went well, the data at hand, equity cues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.errors import InputError
from assistant.generators.coach_phrasing import CueSpec, DataSpec, RoleSpec
from assistant.generators.phrasing import clean_text

MAX_CONTEXT_CHARS = 2000


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
            out.append(f"hard: {join_words(self.struggles) or 'something observed'}")
        if self.strength:
            out.append(f"went well: {join_words(self.strengths) or 'something observed'}")
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


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


__all__ = ["MAX_CONTEXT_CHARS", "ContextCues", "DataHit", "check_context", "join_words", "read_context"]
