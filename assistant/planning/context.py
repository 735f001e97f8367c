"""What the planning conversation needs from the knowledge base: hints, citations, questions, equity checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from assistant.knowledge.text import normalize, sentences
from assistant.models import Action, Citation, Driver, Passage, PassageKind, Stage
from assistant.planning.equity import EquityCheckDef, action_text, evaluate, load_checks
from assistant.retrieval.retriever import Retriever

HINT_CHARS = 320


@dataclass
class Hint:
    passage: Passage
    quote: str
    others: list[Passage] = field(default_factory=list)

    @property
    def citation(self) -> Citation:
        return Citation(id=self.passage.id, source=self.passage.source, section=self.passage.section, quote=self.quote)


def quote_of(passage: Passage, limit: int = HINT_CHARS) -> str:
    """The passage's own words after its heading, cut at a sentence or item boundary."""
    parts = [s for s in sentences(passage.text) if s != passage.heading and not s.endswith(":")]
    out = ""
    for part in parts:
        if out and len(out) + len(part) + 1 > limit:
            break
        out = f"{out} {part}".strip()
    if not out:
        out = passage.text[:limit]
    return out


class PlanningContext:
    """One per process: the retriever (model loaded once), the curated checks and question tags."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        # A guiding question's hint is shown with every reply that repeats the question, in every session on this
        # retriever: retrieved once. The questions are a fixed, curated set, so this stays small.
        self._hints: dict[tuple[Driver, str], Hint | None] = {}

    @cached_property
    def checks(self) -> list[EquityCheckDef]:
        return load_checks()

    @cached_property
    def _normalized(self) -> list[tuple[str, Passage]]:
        from assistant.knowledge.sources import bundled_sources

        # The bundled guidance first: an added document that copies its phrases must never take over its citations.
        bundled = {path.name for path in bundled_sources(self.retriever.settings.sources_dir)}
        ordered = sorted(self.retriever.passages, key=lambda p: p.source not in bundled)
        return [(normalize(p.text), p) for p in ordered]

    def find_phrase(self, phrase: str, kinds: set[PassageKind] | None = None) -> Passage | None:
        needle = normalize(phrase)
        for text, passage in self._normalized:
            if needle in text and (not kinds or passage.kind in kinds):
                return passage
        return None

    def hint(self, question: str, driver: Driver) -> Hint | None:
        """The best practice most relevant to a guiding question, from the driver's own tip sheet."""
        key = (driver, question)
        if key not in self._hints:
            self._hints[key] = self._find_hint(question, driver)
        return self._hints[key]

    def _find_hint(self, question: str, driver: Driver) -> Hint | None:
        kinds = {PassageKind.leadership_behavior} if driver is Driver.leadership else {PassageKind.best_practice}
        scored = self.retriever.scored(question, 3, drivers={driver}, kinds=kinds)
        if not scored:
            scored = self.retriever.scored(question, 3, drivers={driver})
        if not scored:
            return None
        best = scored[0].passage
        return Hint(best, quote_of(best), [s.passage for s in scored[1:]])

    def cite_check(self, check: EquityCheckDef, driver: Driver | None) -> Citation | None:
        phrase = check.phrase_for(driver)
        passage = self.find_phrase(phrase)
        if passage is None:
            return None
        # Quote the sentence of the passage that holds the grounding phrase.
        quote = next((s for s in sentences(passage.text) if normalize(phrase) in normalize(s)), quote_of(passage))
        return Citation(id=passage.id, source=passage.source, section=passage.section, quote=quote)

    def run_equity(self, action: Action) -> None:
        action.equity_checks = evaluate(action_text(action), action.driver, self.checks, self.cite_check)

    def considerations(self, driver: Driver) -> list[Passage]:
        """The tip-sheet considerations of a driver (one best-practice passage per row), in document order."""
        seen: set[str] = set()
        out = []
        for passage in self.retriever.passages_in_order:
            is_row = passage.driver is driver and passage.kind is PassageKind.best_practice and passage.heading
            if is_row and passage.heading not in seen:
                seen.add(str(passage.heading))
                out.append(passage)
        return out

    def leadership_domains(self) -> list[Passage]:
        return [
            p
            for p in self.retriever.passages_in_order
            if p.kind is PassageKind.definition and p.domain in {"Lean In", "Lift Up", "Connect", "Culture"}
        ]

    def guiding_questions(
        self, driver: Driver, stage: Stage, include_other_stages: bool = False
    ) -> list[tuple[str, Passage | None, bool]]:
        """(question text, its passage, whether it is tagged for the stage) for a driver, stage questions first."""
        from assistant.knowledge.questions import guiding_questions, questions_for

        questions = guiding_questions(self.retriever.passages_in_order)
        found = questions_for(questions, driver, stage, include_other_stages=include_other_stages)
        if not found:
            # No question of this driver is tagged for the stage: offer the driver's others rather than nothing.
            found = questions_for(questions, driver, stage, include_other_stages=True)
        if found:
            return [(q.text, q.passage, stage in q.stages) for q in found]
        if driver is Driver.leadership:
            return [
                (f"How will your leaders show this in the initiative? {p.text}", p, True)
                for p in self.leadership_domains()
            ]
        # The guide has no questions for this driver: the tip sheet's considerations become the questions.
        return [
            (f"How will you make sure that: {p.heading.rstrip('.')}?" if p.heading else p.text, p, True)
            for p in self.considerations(driver)
        ]
