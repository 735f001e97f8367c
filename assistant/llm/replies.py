"""A model's replies, trusted only as far as they hold up: fields kept where the team's own words back them, JSON
validated by its schema, and withheld values put back with nothing unprintable left in them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.errors import InputError
from assistant.llm import guard, privacy
from assistant.llm.base import ActionDraft
from assistant.understanding.fields import (
    ITEM_MAX,
    MAX_ITEMS,
    ExtractedFields,
    SchoolYear,
    extract_action,
    parse_due,
)

M = TypeVar("M", bound=BaseModel)

_MIN_OVERLAP = 0.5


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


_FILLER = {"the", "our", "a", "an", "of", "and", "to", "will", "we", "be"}


def _said(value: str, text: str) -> bool:
    """Every word of `value` (articles aside) appears in the team's text."""
    present = set(_words(text))
    wanted = [w for w in _words(value) if w not in _FILLER]
    return bool(wanted) and all(w in present for w in wanted)


def _grounded(value: str, text: str) -> bool:
    """Most of the content words of `value` come from the team's text (paraphrase allowed, invention not)."""
    present = set(_words(text))
    wanted = [w for w in _words(value) if len(w) > 3 and w not in _FILLER]
    if not wanted:
        return True
    return sum(w in present for w in wanted) / len(wanted) >= _MIN_OVERLAP


def _find_phrase(phrase: str, text: str) -> str | None:
    words = phrase.strip(" .,;:\"'“”").split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text, re.IGNORECASE)
    return text[m.start() : m.end()] if m else None


def _date_from(
    phrase: str | None, proposed: date | None, text: str, today: date, year: SchoolYear, kind: str
) -> tuple[date | None, str | None]:
    """A date backed by the team's own words; the rules read those words when they can (school-year conventions)."""
    if not phrase:
        if proposed is not None:
            raise guard.Rejected(f"the {kind} date has no words of the answer behind it")
        return None, None
    own = _find_phrase(phrase, text)
    if own is None:
        raise guard.Rejected(f"“{phrase[:60]}” is not in the answer")
    ruled: date | None
    if kind == "due":
        try:
            ruled = parse_due(own, today, year)
        except InputError:
            ruled = None
    else:
        ruled = extract_action(own, today, year).start
    day = ruled or proposed
    if day is not None and not (today - timedelta(days=366) <= day <= year.end + timedelta(days=366)):
        raise guard.Rejected(f"the {kind} date {day.isoformat()} is far outside the school year")
    return day, own


def _items(values: list[str], text: str) -> list[str]:
    out: list[str] = []
    for value in values:
        item = " ".join(value.split())[:ITEM_MAX]
        if item and _grounded(item, text) and item.lower() not in {o.lower() for o in out}:
            out.append(item)
    return out[:MAX_ITEMS]


def checked_fields(draft: ActionDraft, text: str, today: date, year: SchoolYear) -> ExtractedFields:
    """A model's reading of an answer, kept only where the answer's own words support it."""
    owner = " ".join((draft.owner or "").split()) or None
    if owner and not _said(owner, text):
        raise guard.Rejected(f"the owner {owner[:40]!r} is not named in the answer")
    role = " ".join((draft.owner_role or "").split()) or None
    if not owner or (role and not _said(role, text)):
        role = None
    due, due_phrase = _date_from(draft.due_phrase, draft.due, text, today, year, "due")
    start, start_phrase = _date_from(draft.start_phrase, draft.start, text, today, year, "start")
    if start and due and start > due:
        start, start_phrase = None, None
    return ExtractedFields(
        description=extract_action(text, today, year).description,
        owner=owner,
        owner_role=role,
        start=start,
        due=due,
        recurrence=draft.recurrence,
        resources=_items(draft.resources, text),
        measures=_items(draft.measures, text),
        date_phrases=[p for p in dict.fromkeys((start_phrase if start else None, due_phrase if due else None)) if p],
    )


def parse_json(text: str, schema: type[M]) -> M:
    """The first JSON object in a reply (code fences and chatter around it allowed), validated by `schema`."""
    body = text
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise guard.InvalidOutput("the reply holds no JSON object")
    try:
        return schema.model_validate_json(body[start : end + 1])
    except ValidationError as exc:
        raise guard.InvalidOutput(validation_message(exc)) from None


def validation_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "the object"
    return f"{where}: {error['msg']}"


def received(model: M, redactor: privacy.Redactor | None) -> M:
    """A model's structured reply with withheld values put back and no control characters in any string."""

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return guard.for_terminal(redactor.restore(value) if redactor else value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return type(model).model_validate(walk(model.model_dump()))


__all__ = ["checked_fields", "parse_json", "received", "validation_message"]
