"""A coaching conversation guide for a supervisor: sections of questions and steps, each grounded in a passage.

Without an LLM the guide is composed from `resources/prompts/coach_prep.yaml`: the context the supervisor typed is
read for cues (who is coached, what was hard or went well, the data at hand, equity cues); the cues choose which
items each section asks, and every item quotes one sentence of the passage it draws on. The phrasing file's models
are in `coach_phrasing`, the reading of the context in `coach_context`, the quoting of passages in `grounding`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from assistant.config import get_settings
from assistant.errors import InputError
from assistant.generators.coach_context import ContextCues, DataHit, check_context, join_words, read_context
from assistant.generators.coach_phrasing import CoachPhrasing, CueSpec, ItemSpec, SectionSpec, load_phrasing
from assistant.generators.grounding import Grounding, quotable
from assistant.generators.phrasing import PROMPTS_DIR, display_quote, fill
from assistant.knowledge.curated import driver_info, stage_info
from assistant.models import Citation, CoachGuide, Driver, GuideItem, GuideSection, Passage, PassageKind, Stage
from assistant.retrieval.retriever import Retriever

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
    observation = join_words([hit.label for hit in cues.observations]) or "observation notes"
    return {
        "role": cues.role,
        "driver": driver_info(driver).name,
        "stage": stage_info(stage).name if stage else "",
        "topic": join_words(cues.struggles[:2]) or spec.default_topic,
        "strength": join_words(cues.strengths[:2]) or spec.default_strength,
        "observation": observation,
        "other_data": join_words([hit.label for hit in cues.other_data]) or "other data",
        "suggested_data": spec.suggested_data.get("new" if cues.new else "default", "")
        or spec.suggested_data.get("default", ""),
        "equity_groups": join_words([label for _, label in cues.equity]),
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


def _cue_words(cue: str, cues: ContextCues) -> str:
    if cue == "struggle":
        return f"hard: {join_words(cues.struggles[:2]) or 'something observed'}"
    if cue == "strength":
        return f"went well: {join_words(cues.strengths[:2]) or 'something observed'}"
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
        "equity": "equity: " + join_words([label for _, label in cues.equity]),
    }
    if cue.startswith("role:"):
        return f"role: {cues.role}"
    return words.get(cue, cue)


__all__ = [
    "PROMPTS_DIR",
    "CoachPhrasing",
    "ContextCues",
    "Grounding",
    "check_context",
    "coach_guide",
    "display_quote",
    "fill",
    "in_days",
    "load_phrasing",
    "quotable",
    "read_context",
]
