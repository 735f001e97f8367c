"""The optional language model: a backend interface, its two implementations, and the guarded entry points.

Callers use the `guarded_*` functions and `stream_reply`: each returns the deterministic result whenever the
model declines, fails or is rejected, together with the notice (or None) the user should see once.
The LangChain backend is imported only when a model is configured, so the offline path stays light.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.llm.base import Backend, DraftKind, LLMConfig, Options, collecting_notices, joined, llm_config
from assistant.llm.none import NoneBackend
from assistant.models import ActionPlan, Answer, Driver, Passage
from assistant.understanding.fields import ExtractedFields, SchoolYear, extract_action

if TYPE_CHECKING:
    from assistant.retrieval.retriever import Retriever

__all__ = [
    "Backend",
    "LLMConfig",
    "NoneBackend",
    "Options",
    "collecting_notices",
    "get_backend",
    "guarded_answer",
    "guarded_draft",
    "guarded_extract",
    "guarded_narrative",
    "llm_config",
    "merge_fields",
    "stream_reply",
]

# What `--llm` accepts to mean "no model", so a configured default can be switched off for one run.
NO_MODEL = {"", "none", "off", "no", "false", "0"}


def get_backend(settings: object | None = None, override: str | None = None, **options: Any) -> Backend:
    """The backend the settings (or `--llm`) name; the deterministic one when none is configured.

    Raises InputError when the model cannot be used: a malformed name, a missing provider package (with the
    extra to install), or a remote model while CIP_ASSISTANT_FORBID_REMOTE_LLM is set.
    """
    config = llm_config(settings)
    spec = (override if override is not None else config.llm).strip()
    if spec.lower() in NO_MODEL:
        return NoneBackend()
    from assistant.llm.langchain_backend import LangChainBackend

    return LangChainBackend.from_spec(spec, config, **options)


def merge_fields(model: ExtractedFields, rules: ExtractedFields) -> ExtractedFields:
    """The model's reading, with what it left empty filled from the rules' reading of the same answer."""
    owner, role = (model.owner, model.owner_role) if model.owner else (rules.owner, rules.owner_role)
    due = model.due or rules.due
    start = model.start or rules.start
    if start and due and start > due:
        start = None
    return ExtractedFields(
        description=rules.description,  # the team's words: nothing they typed is lost, and equity reads them
        owner=owner,
        owner_role=role,
        start=start,
        due=due,
        recurrence=model.recurrence or rules.recurrence,
        resources=model.resources or rules.resources,
        measures=model.measures or rules.measures,
        date_phrases=model.date_phrases if (model.due or model.start) else rules.date_phrases,
        unparsed_date=None if due else rules.unparsed_date,
    )


def guarded_extract(
    backend: Backend,
    text: str,
    question: str,
    passages: Sequence[Passage],
    today: date,
    year: SchoolYear | None = None,
    rules: ExtractedFields | None = None,
) -> tuple[ExtractedFields, str | None]:
    """Action fields from a team's answer: the model's reading when it holds up, else the rules'."""
    year = year or SchoolYear.containing(today)
    rules = rules or extract_action(text, today, year)
    fields: ExtractedFields | None = None
    with collecting_notices() as notices:
        if backend.can_extract:
            try:
                fields = backend.extract_action(text, question, passages, today, year)
            except Exception:  # a backend fault must never cost the team its answer
                fields = None
    return (merge_fields(fields, rules) if fields else rules), joined(notices)


def guarded_answer(
    backend: Backend,
    retriever: Retriever,
    question: str,
    *,
    drivers: set[Driver] | None = None,
    k: int = 6,
) -> tuple[Answer, str | None]:
    """The answer to a question: the model's, when every citation holds, else the deterministic one."""
    from assistant.generators.ask import answer, relevant

    with collecting_notices() as notices:
        if backend.can_answer:
            hits = relevant(retriever.scored(question, k, drivers=drivers), question, retriever)
            passages = [hit.passage for hit in hits]
            if passages:
                try:
                    result = backend.answer(question, passages)
                except Exception:  # as above: fall back, never fail the question
                    result = None
                if result is not None:
                    return result, joined(notices)
        return answer(retriever, question, drivers=drivers, k=k), joined(notices)


def guarded_draft(
    backend: Backend, kind: DraftKind, request: str, passages: Sequence[Passage]
) -> tuple[str | None, str | None]:
    """A cited narrative (coaching guide, reflection prompts) from the model, or None for the caller's own."""
    result: str | None = None
    with collecting_notices() as notices:
        if backend.can_draft and passages:
            try:
                result = backend.draft(kind, request, passages)
            except Exception:
                result = None
    return result, joined(notices)


def guarded_narrative(backend: Backend, plan: ActionPlan, passages: Sequence[Passage]) -> tuple[str | None, str | None]:
    """The plan's narrative summary from the model, or None (the plan is complete without one)."""
    result: str | None = None
    with collecting_notices() as notices:
        if backend.can_draft and passages:
            try:
                result = backend.narrative(plan, passages)
            except Exception:
                result = None
    return result, joined(notices)


def stream_reply(
    backend: Backend, text: str, passages: Sequence[Passage] = (), notices: list[str] | None = None
) -> Iterator[str]:
    """The reply as it is produced: reworded by the model when that is safe, else `text` itself.

    Show the pieces as they come; what the user should be told about the rewording is added to `notices`.
    """
    if not backend.can_phrase:
        yield text
        return
    told = notices if notices is not None else []
    shown = False
    pieces = iter(backend.phrase(text, passages))
    while True:
        # Collected piece by piece: a web server may produce each piece of a stream on another thread.
        with collecting_notices() as box:
            try:
                piece: str | None = next(pieces)
            except StopIteration:
                piece = None
            except Exception:
                piece = None if shown else text
                shown = True
                pieces = iter(())
        told += [n for n in box if n not in told]
        if piece is None:
            return
        shown = True
        yield piece
