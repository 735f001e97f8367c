"""The equity check run on every action: seven tip-sheet practices, detected in the action's own words.

The practices, the drivers they apply to, the tip-sheet phrases behind them and the vocabulary that
recognises them are curated in `resources/knowledge_base/equity_checks.yaml`; this module compiles that vocabulary
once and applies it with a clause-level negation rule, so "we will not translate the letters" and
"materials sent home without translation" do not count as translation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from assistant.errors import AssistantError, InputError
from assistant.knowledge.text import normalize
from assistant.models import Action, Citation, Driver, EquityCheckResult, EquityStatus

FILE_NAME = "equity_checks.yaml"

# One word and the space after it. Words never contain clause punctuation, so a pattern cannot reach
# across a sentence; the two classes are disjoint, so bounded repeats of it cannot backtrack badly.
_WORD = r"(?:[^\s.;:!?]+ )"
_TERM_REF = re.compile(r"@([a-z_]+)")
_QUOTE_WORDS = 14


class Grounding(BaseModel):
    """A verbatim span of one tip-sheet cell that states the practice for one driver."""

    model_config = ConfigDict(frozen=True)

    driver: Driver
    phrase: str

    @field_validator("phrase")
    @classmethod
    def _phrase_shape(cls, phrase: str) -> str:
        if phrase != normalize(phrase):
            raise ValueError(f"phrase must be normalized text (lowercase, straight quotes): {phrase!r}")
        if not 5 <= len(phrase.split()) <= 15:
            raise ValueError(f"phrase must be 5-15 words so it identifies one cell: {phrase!r}")
        return phrase


class NearRule(BaseModel):
    """Two expressions that show the practice when they occur close together in one clause."""

    model_config = ConfigDict(frozen=True)

    a: str
    b: str
    within: int = Field(default=8, ge=0, le=20, description="most words allowed between the two")


class EquityCheckDef(BaseModel):
    """One check as curated in equity_checks.yaml (with @term references already expanded)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z_]*$")
    title: str
    question: str
    practice: str = Field(description="noun phrase for the not-applicable reason")
    applies_to: list[Driver]
    grounded_in: list[Grounding]
    suggestion: str
    missing: str = Field(description="one-line reason when the action does not show the practice")
    patterns: list[str] = Field(default_factory=list)
    near: list[NearRule] = Field(default_factory=list)
    relevant_when: str = Field(default="", description="what in an action makes an unmet check worth naming")
    requires: str = Field(default="", description="what the action must be about for the practice to count")

    _compiled: tuple[re.Pattern[str], ...] = PrivateAttr(default=())
    _relevant: re.Pattern[str] | None = PrivateAttr(default=None)
    _required: re.Pattern[str] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _groundings_cover_drivers(self) -> EquityCheckDef:
        grounded = [g.driver for g in self.grounded_in]
        if len(set(grounded)) != len(grounded):
            raise ValueError(f"{self.key}: one grounding per driver")
        if set(grounded) != set(self.applies_to):
            raise ValueError(
                f"{self.key}: every driver in applies_to needs exactly one grounded_in phrase "
                f"(applies_to={sorted(d.value for d in self.applies_to)}, grounded={sorted(d.value for d in grounded)})"
            )
        if not self.patterns and not self.near:
            raise ValueError(f"{self.key}: give at least one pattern or near rule")
        return self

    def model_post_init(self, context: Any, /) -> None:
        compiled = [_compile(pattern, self.key) for pattern in self.patterns]
        compiled += [_compile(_near_regex(rule), self.key) for rule in self.near]
        self._compiled = tuple(compiled)
        self._relevant = _compile(self.relevant_when, self.key) if self.relevant_when else None
        self._required = _compile(self.requires, self.key) if self.requires else None

    @property
    def matchers(self) -> tuple[re.Pattern[str], ...]:
        """Patterns first, then near rules, in the order they are tried."""
        return self._compiled

    def relevance(self, text: str) -> int:
        """How many times the action's words touch what this check is about (0 when none do)."""
        return len(self._relevant.findall(text)) if self._relevant is not None else 0

    def about_its_subject(self, text: str) -> bool:
        """Whether the action names what the practice is applied to (always, for a check that does not say)."""
        return self._required is None or self._required.search(text) is not None

    def applies(self, driver: Driver | None) -> bool:
        return driver is None or driver in self.applies_to

    def phrase_for(self, driver: Driver | None) -> str:
        """The grounding phrase for a driver, or the first one when the driver has none (or is unknown)."""
        for grounding in self.grounded_in:
            if grounding.driver == driver:
                return grounding.phrase
        return self.grounded_in[0].phrase


def _bounded(pattern: str) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def _near_regex(rule: NearRule) -> str:
    # The rest of A's token (a possessive, a comma), up to `within` whole words, then B's leading
    # punctuation such as an opening parenthesis.
    gap = rf"[^\s.;:!?]* {_WORD}{{0,{rule.within}}}?[^\w\s.;:!?]*"
    a, b = _bounded(rule.a), _bounded(rule.b)
    return f"{a}{gap}{b}|{b}{gap}{a}"


def _compile(pattern: str, key: str) -> re.Pattern[str]:
    try:
        return re.compile(_bounded(pattern))
    except re.error as exc:
        raise ValueError(f"{key}: pattern {pattern!r} is not a valid regular expression ({exc})") from exc


def _expand(pattern: str, terms: dict[str, str], seen: tuple[str, ...] = ()) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "w":
            return _WORD
        if name not in terms:
            raise ValueError(f"unknown term @{name} in {pattern!r}; define it under 'terms'")
        if name in seen:
            raise ValueError(f"term @{name} refers to itself")
        return f"(?:{_expand(terms[name].strip(), terms, (*seen, name))})"

    return _TERM_REF.sub(replace, pattern)


def _expand_check(raw: dict[str, Any], terms: dict[str, str]) -> dict[str, Any]:
    item = dict(raw)
    if item.get("requires"):
        item["requires"] = _expand(str(item["requires"]).strip(), terms)
    item["patterns"] = [_expand(str(p).strip(), terms) for p in item.get("patterns") or []]
    item["near"] = [
        {**rule, "a": _expand(str(rule["a"]).strip(), terms), "b": _expand(str(rule["b"]).strip(), terms)}
        for rule in item.get("near") or []
    ]
    return item


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> tuple[EquityCheckDef, ...]:
    from assistant.knowledge.curated import load_yaml

    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        raise InputError(
            f"{path} must hold 'terms' and a list of 'checks'; fix the file or restore it from the project."
        )
    terms = {str(k): str(v) for k, v in (data.get("terms") or {}).items()}
    checks: list[EquityCheckDef] = []
    try:
        for raw in data["checks"]:
            checks.append(EquityCheckDef.model_validate(_expand_check(raw, terms)))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        name = raw.get("key", "?") if isinstance(raw, dict) else "?"
        raise InputError(f"{path}: equity check '{name}' is invalid ({where}: {error['msg']}); fix the file.") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: an equity check is invalid ({exc}); fix the file.") from exc
    keys = [check.key for check in checks]
    if len(set(keys)) != len(keys):
        raise InputError(f"{path} lists an equity check twice; every key must be unique.")
    return tuple(checks)


def load_checks(path: Path | None = None) -> list[EquityCheckDef]:
    """The curated equity checks, in file order; compiled once per file version."""
    if path is None:
        from assistant.config import get_settings

        path = get_settings().knowledge_base / FILE_NAME
    path = path.resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise InputError(
            f"Cannot read the equity checks at {path}; restore {FILE_NAME} in the knowledge base."
        ) from exc
    return list(_load(path, mtime))


# --- negation -------------------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(
    r"[.;:!?]|\b(?:but|however|although|though|whereas|except|otherwise)\b|,\s*(?:so|then|yet|while)\b"
)
# "not fluent in English", "who don't speak English" describe the audience, not the action.
_ABOUT_LANGUAGE = (
    r"(?! (?:yet |fully |always |yet fully )?"
    r"(?:speak|speaks|read|reads|write|understand|understands|know|fluent|proficient|literate|comfortable)\b)"
)
# "absent a translator" rules the practice out; "chronically absent kids" and "students who are absent" name them.
_ABSENT = (
    r"(?<!chronically )(?<!often )(?<!frequently )(?<!habitually )(?<!is )(?<!are )(?<!was )(?<!were )(?<!been )"
    r"absent(?! (?:students?|kids|children|youth|learners|scholars|days?|rates?)\b)"
)
# Clause negators reach to the end of the clause; phrase negators ("without translation") only to the next comma.
_NEGATOR = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<clause>(?<!or )not(?! (?:only|just|merely|simply|limited to)\b)|never|cannot|no longer|neither|nor"
    r"|(?:do|does|did|is|are|was|were|wo|would|ca|could|should|has|have|had|need|must)n'?t"
    r"|refus(?:e|es|ed|ing) to|declin(?:e|es|ed|ing) to|fail(?:s|ed|ing)? to"
    r"|stop(?:s|ped|ping)?|discontinu\w*|skip(?:s|ped|ping)?|omit\w*|forgo\w*|drop(?:s|ped|ping)?(?! off\b|-))"
    r"|(?P<query>(?:check|checks|checked|checking|see|sees|find out|finds out|confirm|confirms|verify|verifies)"
    r" (?:\w+ )?(?:if|whether))"
    r"|(?P<phrase>without|instead of|rather than|in place of|in lieu of|lack of|lacking|none of|"
    + _ABSENT
    + r"|no(?! (?:later|earlier|more|less|fewer|sooner) than\b| matter\b| cost\b| charge\b|-cost\b|-fee\b))"
    rf")(?![\w-]){_ABOUT_LANGUAGE}"
)
_AUX = frozenset(
    {"is", "are", "was", "were", "will", "would", "can", "could", "should", "shall", "may", "might", "must"}
    | {"do", "does", "did", "has", "have", "had", "be", "been"}
)
# "DEI training was cut from the budget" withdraws the practice as surely as "not".
_WITHDRAWN = frozenset(
    {"cut", "dropped", "removed", "eliminated", "canceled", "cancelled", "scrapped", "discontinued", "defunded"}
    | {"postponed", "paused", "tabled", "skipped", "omitted", "waived"}
)
_CONTRACTED_NEGATION = re.compile(r"(?:is|are|was|were|wo|would|ca|could|should|do|does|did|has|have|had)n'?t|cannot")
_RELATIVE = frozenset({"who", "whom", "whose", "that", "which", "if", "when", "because", "unless", "so"})
_LANGUAGE_ABILITY = frozenset(
    {"speak", "speaks", "read", "reads", "write", "understand", "understands", "know", "fluent", "proficient"}
    | {"literate", "comfortable"}
)


@dataclass(frozen=True)
class _Negator:
    start: int
    end: int
    phrase_scoped: bool
    word: str
    query: bool = False


class _Scopes:
    """Clause breaks, commas and negators of one text, found once and looked up for every match."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = list(_CLAUSE_BREAK.finditer(text))
        self._break_starts = [found.start() for found in breaks]
        self._break_ends = [found.end() for found in breaks]
        self._commas = [index for index, char in enumerate(text) if char == ","]
        self._negators = [
            _Negator(found.start(), found.end(), bool(found["phrase"]), found.group(0), query=bool(found["query"]))
            for found in _NEGATOR.finditer(text)
        ]
        self._negator_starts = [negator.start for negator in self._negators]

    def clause_start(self, position: int) -> int:
        index = bisect_right(self._break_ends, position) - 1
        return self._break_ends[index] if index >= 0 else 0

    def clause_end(self, position: int) -> int:
        index = bisect_left(self._break_starts, position)
        return self._break_starts[index] if index < len(self._break_starts) else len(self.text)

    def _comma_between(self, start: int, end: int) -> bool:
        index = bisect_left(self._commas, start)
        return index < len(self._commas) and self._commas[index] < end

    def _in_scope(self, negator: _Negator, start: int, end: int) -> bool:
        # A phrase negator stops at a comma: "Instead of a survey, we will hold listening sessions".
        boundary = start if negator.end <= start else end
        return not (negator.phrase_scoped and self._comma_between(negator.end, boundary))

    def negated_before(self, start: int, end: int) -> _Negator | None:
        """The negator that rules out the match at text[start:end], if any, before it or inside it."""
        low = bisect_left(self._negator_starts, self.clause_start(start))
        high = bisect_left(self._negator_starts, end)
        last: _Negator | None = None
        for index in range(high - 1, low - 1, -1):
            negator = self._negators[index]
            if not self._in_scope(negator, start, end):
                continue
            if last is None:
                last = negator
                if last.word != "without":
                    return last
            else:
                # "We will not send anything home without translation" affirms translation.
                return None
        return last

    def negated_after(self, end: int) -> tuple[int, int] | None:
        """A negated or withdrawn verb right after the match: "translation services will not be provided"."""
        limit = min(self.clause_end(end), end + 160)
        words = [
            (end + found.start(), end + found.end(), found.group(0).strip(",()\"'"))
            for found in re.finditer(r"\S+", self.text[end:limit])
        ][:6]
        for index, (_, word_end, word) in enumerate(words):
            if word in _RELATIVE:
                return None
            following = words[index + 1][2] if index + 1 < len(words) else ""
            after_next = words[index + 2][2] if index + 2 < len(words) else ""
            if word in _AUX and following in _WITHDRAWN:
                return end, words[index + 1][1]
            if word in _AUX and following in {"been", "be"} and after_next in _WITHDRAWN:
                return end, words[index + 2][1]
            if word in _AUX and following in {"not", "never"} and after_next not in {"only", "just"}:
                return None if after_next in _LANGUAGE_ABILITY else (end, words[index + 1][1])
            if _CONTRACTED_NEGATION.fullmatch(word):
                return None if following in _LANGUAGE_ABILITY else (end, word_end)
            if index >= 3:
                return None
        return None


# --- evaluation -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Finding:
    quote: str
    negated: bool


def _quote(text: str) -> str:
    words = text.strip(" ,;:-()\"'").split()
    if len(words) > _QUOTE_WORDS:
        words = [*words[:_QUOTE_WORDS], "…"]
    return " ".join(words)


def _detect(check: EquityCheckDef, scopes: _Scopes) -> _Finding | None:
    """The first unnegated match in pattern order, else the first negated one, else None.

    A match inside a question the action asks ("check if the programs have spanish materials") is no match at all.
    """
    text = scopes.text
    if not check.about_its_subject(text):
        return None
    ruled_out: _Finding | None = None
    for matcher in check.matchers:
        position = 0
        # Overlapping search: a negated match must not hide a later, unnegated one that shares words with it
        # ("instead of a survey, we will hold listening sessions with families").
        while (found := matcher.search(text, position)) is not None:
            start, end = found.span()
            position = start + 1
            if start == end:
                continue
            before = scopes.negated_before(start, end)
            if before is not None and before.query:
                continue
            after = None if before else scopes.negated_after(end)
            if before is None and after is None:
                return _Finding(_quote(found.group(0)), negated=False)
            if ruled_out is None:
                span_start = min(before.start, start) if before else start
                span_end = max(end, after[1]) if after else end
                ruled_out = _Finding(_quote(text[span_start:span_end]), negated=True)
    return ruled_out


def _prepare(text: str) -> str:
    # Each line (a resource, a measure) is its own clause, so a negation cannot leak from one to the next.
    lines = (normalize(line) for line in text.splitlines())
    return " ; ".join(line for line in lines if line)


def _not_applicable_reason(check: EquityCheckDef, driver: Driver) -> str:
    sheet = _tip_sheet(driver)
    if sheet is None:
        name = driver.value.replace("_", " ")
        return f"{check.practice} is not among the general equity considerations that apply to {name}."
    return f"{check.practice} is not a practice of the {sheet} tip sheet."


def _tip_sheet(driver: Driver) -> str | None:
    from assistant.knowledge.curated import driver_info

    try:
        return driver_info(driver).tip_sheet
    except (AssistantError, OSError, ValueError, StopIteration):
        return None


def _no_citation(check: EquityCheckDef, driver: Driver | None) -> Citation | None:
    return None


def evaluate(
    text: str,
    driver: Driver | None,
    checks: list[EquityCheckDef],
    cite: Callable[[EquityCheckDef, Driver | None], Citation | None] = _no_citation,
) -> list[EquityCheckResult]:
    """One result per check, in the order given.

    `text` is what the action says (description, resources and measures; one per line is best).
    A check whose applies_to excludes `driver` is not_applicable, unless the action shows the practice: what a team
    wrote is never "not applicable", it is met. With no driver every check applies.
    `cite` turns a check's grounding into a citation; it is not asked for not-applicable checks.
    """
    scopes = _Scopes(_prepare(text))
    results: list[EquityCheckResult] = []
    for check in checks:
        shown = _detect(check, scopes)
        if driver is not None and not check.applies(driver) and (shown is None or shown.negated):
            results.append(
                EquityCheckResult(
                    check=check.key,
                    title=check.title,
                    status="not_applicable",
                    reason=_not_applicable_reason(check, driver),
                )
            )
            continue
        finding = shown
        status: EquityStatus
        if finding is not None and not finding.negated:
            status, reason = "met", f"met: '{finding.quote}'"
        elif finding is not None:
            status, reason = "needs_attention", f"{check.missing} The action rules it out: '{finding.quote}'."
        else:
            status, reason = "needs_attention", check.missing
        results.append(
            EquityCheckResult(
                check=check.key, title=check.title, status=status, reason=reason, citation=cite(check, driver)
            )
        )
    return results


def action_text(action: Action) -> str:
    """What the equity check reads from an action: its description, resources and measures, one per line."""
    return "\n".join([action.description, action.note, *action.resources, *action.measures])


def worth_attention(
    results: list[EquityCheckResult], text: str, checks: list[EquityCheckDef], limit: int = 2
) -> list[EquityCheckResult]:
    """The unmet checks most worth a team's attention for one action: those its own words touch most, then in
    the curated order. The others stay in the plan's equity review."""
    by_key = {check.key: (n, check) for n, check in enumerate(checks)}
    prepared = _prepare(text)
    unmet = [r for r in results if r.status == "needs_attention" and r.check in by_key]

    def rank(result: EquityCheckResult) -> tuple[int, int]:
        order, check = by_key[result.check]
        return (-check.relevance(prepared), order)

    return sorted(unmet, key=rank)[:limit]
