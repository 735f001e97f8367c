"""What the reading tests ask of an answer: the first action's owner as read, and an owner's words as a planner
compares them ("the counselor and Dr. Patel" and "counselor + dr patel" name the same people)."""

from __future__ import annotations

import re
from datetime import date

from assistant.understanding.reader import read_answer


def first_owner(answer: str, today: date) -> tuple[str | None, list[str]]:
    """The owner of the answer's first action, and what was only guessed."""
    reading = read_answer(answer, today)
    assert reading.kind == "action"
    action = reading.actions[0]
    return action.fields.owner, action.guessed


def owner_words(owner: str | None) -> set[str]:
    """The words of an owner, without case, punctuation, articles or "and"."""
    return set(re.findall(r"[a-z]+", (owner or "").lower())) - {"the", "our", "and"}
