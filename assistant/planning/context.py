"""What the planning conversation needs from the knowledge base: hints, citations, questions, equity checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from assistant.knowledge.text import normalize, sentences
from assistant.models import Action, Citation, Driver, Passage, PassageKind, Stage
from assistant.planning.equity import EquityCheckDef, action_text, evaluate, load_checks
from assistant.retrieval.retriever import Retriever, Scored

HINT_CHARS = 320


@dataclass
class Hint:
    passage: Passage
    quote: str
    others: list[Passage] = field(default_factory=list)

    @property
    def citation(self) -> Citation:
        return Citation.from_passage(self.passage, self.quote)


WHOLE_CHARS = 1200
HINT_CANDIDATES = 4
HINT_FIT = 0.8  # another passage "fits" a question when its similarity is within this share of the best one's


def quote_whole(passage: Passage, limit: int = WHOLE_CHARS) -> str:
    """The passage's own words after its heading, a list kept with its lead-in: never cut mid-list."""
    lines = [line.strip() for line in passage.text.splitlines() if line.strip()]
    if lines and passage.heading and normalize(lines[0]) == normalize(passage.heading):
        lines = lines[1:]
    blocks: list[str] = []  # a sentence, or a lead-in with its whole list
    in_list = False
    for line in lines:
        item = line[2:].strip() if line.startswith(("- ", "* ", "• ")) else None
        if item is not None and blocks and (in_list or blocks[-1].endswith(":")):
            blocks[-1] = f"{blocks[-1]} {item}"
            in_list = True
            continue
        in_list = False
        blocks.append(item if item is not None else line)
    out = ""
    for block in blocks:
        if out and len(out) + len(block) + 1 > limit:
            break
        out = f"{out} {block}".strip()
    return out or quote_of(passage)


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
        self._hints: dict[tuple[Driver, str], list[Scored]] = {}
        self._assigned: dict[tuple[Driver, tuple[str, ...]], dict[str, Hint | None]] = {}

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

    def hint(self, question: str, driver: Driver, session: tuple[str, ...] = ()) -> Hint | None:
        """The best practice that best answers a guiding question, from the driver's own tip sheet; among the
        questions a session asks for the driver (`session`, in order), each gets a passage of its own where
        another one fits nearly as well."""
        questions = session if question in session else (question,)
        key = (driver, questions)
        if key not in self._assigned:
            self._assigned[key] = self._assign(questions, driver)
        return self._assigned[key].get(question)

    def _assign(self, questions: tuple[str, ...], driver: Driver) -> dict[str, Hint | None]:
        """Closest pairs first: a passage goes to the question it answers best, the others take their next
        passage where it fits nearly as well, and fall back to their best one where none does."""
        missing = [q for q in questions if (driver, q) not in self._hints]
        # One batch for the session's questions: a curated set that comes back in every session.
        vectors = dict(zip(missing, self.retriever.embedder.embed_known(missing), strict=True)) if missing else {}
        candidates = {q: self._candidates(q, driver, vectors.get(q)) for q in questions}
        pairs = sorted(
            (
                (s.dense, n, q, s)
                for n, q in enumerate(questions)
                for s in candidates[q]
                if s.dense >= candidates[q][0].dense * HINT_FIT
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        chosen: dict[str, Scored] = {}
        used: set[str] = set()
        for _, _, q, s in pairs:
            if q not in chosen and s.passage.id not in used:
                chosen[q] = s
                used.add(s.passage.id)
        hints: dict[str, Hint | None] = {}
        for q in questions:
            scored = candidates[q]
            if not scored:
                hints[q] = None
                continue
            pick = chosen.get(q, scored[0])
            others = [s.passage for s in scored if s is not pick]
            hints[q] = Hint(pick.passage, quote_whole(pick.passage), others)
        return hints

    def _candidates(self, question: str, driver: Driver, vector: list[float] | None = None) -> list[Scored]:
        cache_key = (driver, question)
        if cache_key not in self._hints:
            kinds = {PassageKind.leadership_behavior} if driver is Driver.leadership else {PassageKind.best_practice}
            scored = self.retriever.scored(question, HINT_CANDIDATES, drivers={driver}, kinds=kinds, vector=vector)
            if not scored:
                scored = self.retriever.scored(question, HINT_CANDIDATES, drivers={driver}, vector=vector)
            self._hints[cache_key] = scored
        return self._hints[cache_key]

    def cite_check(self, check: EquityCheckDef, driver: Driver | None) -> Citation | None:
        phrase = check.phrase_for(driver)
        passage = self.find_phrase(phrase)
        if passage is None:
            return None
        # Quote the sentence of the passage that holds the grounding phrase.
        quote = next((s for s in sentences(passage.text) if normalize(phrase) in normalize(s)), quote_of(passage))
        return Citation.from_passage(passage, quote)

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
