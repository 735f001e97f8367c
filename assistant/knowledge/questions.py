"""The guide's guiding questions joined with their curated stage tags (`guiding_questions.yaml` of the knowledge base).

The tags are reviewed by a person and matched to the parsed questions by normalised prefix. The join is strict in
both directions: a tag that matches no question, or a question without a tag, is an error naming the question, so a
change in the guide cannot silently drop or mis-stage a question.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.config import get_settings
from assistant.errors import InputError
from assistant.knowledge.curated import load_yaml, modified_ns
from assistant.knowledge.text import normalize
from assistant.models import Driver, Passage, PassageKind, Stage

TAGS_FILE = "guiding_questions.yaml"
# Typos of the guide as delivered ("the relevent training", "practitioners effectivley").
_SOURCE_TYPOS = {"relevent": "relevant", "effectivley": "effectively"}
_SOURCE_TYPO = re.compile(r"\b(?:" + "|".join(_SOURCE_TYPOS) + r")\b", re.IGNORECASE)


def _mended(word: str) -> str:
    fixed = _SOURCE_TYPOS[word.lower()]
    return fixed.capitalize() if word[:1].isupper() else fixed


class QuestionTag(BaseModel):
    """One curated entry: which question (by its opening words), the stages where it matters most, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    driver: Driver
    question: str = Field(min_length=1, description="the question's opening, verbatim as in the source")
    stages: list[Stage] = Field(min_length=1, description="most important first")
    why: str = Field(min_length=1, description="one line for the reviewer")

    @field_validator("stages")
    @classmethod
    def _distinct(cls, value: list[Stage]) -> list[Stage]:
        if len(set(value)) != len(value):
            raise ValueError("a stage is listed twice")
        return value


class GuidingQuestion(BaseModel):
    """A guiding question of the guide with the stages where it matters most."""

    model_config = ConfigDict(frozen=True)

    passage: Passage
    driver: Driver
    stages: list[Stage]
    why: str

    @property
    def text(self) -> str:
        """The question with its sub-bullets, as parsed from the guide, its known typos mended for the team reading
        it and for the plan lines drafted from it (the passage, which citations quote, stays as the guide has it)."""
        return _SOURCE_TYPO.sub(lambda m: _mended(m.group(0)), self.passage.text)


def load_tags(path: Path | None = None) -> list[QuestionTag]:
    """The curated tags, in file order. Default: `guiding_questions.yaml` in the configured knowledge base."""
    path = path or get_settings().knowledge_base / TAGS_FILE
    mtime = modified_ns(path, "guiding-question tags")
    return list(_load_tags(path.resolve(), mtime))


@lru_cache(maxsize=8)
def _load_tags(path: Path, mtime_ns: int) -> tuple[QuestionTag, ...]:
    # mtime_ns is part of the cache key only: an edited file is read again.
    del mtime_ns
    data = load_yaml(path)
    if not isinstance(data, list):
        raise InputError(f"{path} must hold a list of tagged questions; fix the file or restore it from the project.")
    tags: list[QuestionTag] = []
    for number, item in enumerate(data, start=1):
        try:
            tags.append(QuestionTag.model_validate(item))
        except ValidationError as exc:
            label = item.get("question") if isinstance(item, dict) else None
            where = f"entry {number}" + (f" ('{label}')" if label else "")
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}" for err in exc.errors()
            )
            raise InputError(f"{path}, {where}, is invalid: {problems}.") from exc
    return tuple(tags)


def _starts_with(text: str, prefix: str) -> bool:
    """Whether normalised `text` starts with normalised `prefix` at a word boundary."""
    if not prefix or not text.startswith(prefix):
        return False
    return len(text) == len(prefix) or not (text[len(prefix)].isalnum() and prefix[-1].isalnum())


def guiding_questions(passages: list[Passage], tags: list[QuestionTag] | None = None) -> list[GuidingQuestion]:
    """Join the guiding-question passages (in document order) with their tags (default: `load_tags()`).

    Other kinds of passage are ignored. Raises InputError naming the question when a tag matches no passage of its
    driver or more than one, when a passage is matched by no tag or by several, so that a change in the source is
    caught rather than silently dropping or mis-staging a question.
    """
    tags = load_tags() if tags is None else tags
    questions = [passage for passage in passages if passage.kind is PassageKind.guiding_question]
    texts = [normalize(passage.text) for passage in questions]
    matched: dict[int, QuestionTag] = {}
    for tag in tags:
        prefix = normalize(tag.question)
        hits = [i for i, text in enumerate(texts) if _starts_with(text, prefix) and questions[i].driver == tag.driver]
        if not hits:
            elsewhere = [questions[i].driver for i, text in enumerate(texts) if _starts_with(text, prefix)]
            hint = f" (it matches a question of {elsewhere[0].value})" if elsewhere and elsewhere[0] else ""
            raise InputError(
                f"The tagged {tag.driver.value} question '{tag.question}' matches no guiding question in the "
                f"sources{hint}; update {TAGS_FILE} to follow the guide."
            )
        if len(hits) > 1:
            raise InputError(
                f"The tagged {tag.driver.value} question '{tag.question}' matches {len(hits)} guiding questions; "
                f"quote more of it in {TAGS_FILE}."
            )
        index = hits[0]
        if index in matched:
            raise InputError(
                f"The guiding question '{questions[index].heading or questions[index].text}' is tagged twice "
                f"('{matched[index].question}' and '{tag.question}'); keep one entry in {TAGS_FILE}."
            )
        matched[index] = tag
    result: list[GuidingQuestion] = []
    for index, passage in enumerate(questions):
        found = matched.get(index)
        if found is None:
            raise InputError(
                f"The guiding question '{passage.heading or passage.text}' has no stage tags; add it to {TAGS_FILE}."
            )
        result.append(GuidingQuestion(passage=passage, driver=found.driver, stages=list(found.stages), why=found.why))
    return result


def questions_for(
    questions: list[GuidingQuestion],
    driver: Driver,
    stage: Stage,
    *,
    include_other_stages: bool = False,
) -> list[GuidingQuestion]:
    """The driver's questions tagged with `stage`, in document order.

    With `include_other_stages`, the driver's remaining questions follow, also in document order, so a team sees
    its stage's questions first and can still go through the rest.

    The guide has no guiding questions for Selection or Leadership: for those drivers this returns an empty list,
    and the caller falls back to the tip sheets' considerations for the driver.
    """
    own = [question for question in questions if question.driver == driver]
    first = [question for question in own if stage in question.stages]
    if not include_other_stages:
        return first
    return first + [question for question in own if stage not in question.stages]
