"""How teams list several actions in one answer: numbered or lettered on one line, or bulleted on lines of their
own under a line that introduces them."""

from __future__ import annotations

import re

from assistant.understanding.declared import declared_owner
from assistant.understanding.owner_words import is_only_owner
from assistant.understanding.owners import find_owner
from assistant.understanding.recurrence import find_recurrence

_BULLETS = re.compile(r"(?:^|\n)\s*(?:[-*•]|\d+[.)]|\d\s*[-:–](?=\s))\s+")
_INLINE_NUMBERS = re.compile(r"(?:^|(?<=\s))(?:\(?[1-9]\)|[1-9]\.(?=\s+[a-z]))\s+")
_INLINE_LETTERS = re.compile(r"(?:^|(?<=\s))\(?[a-e]\)\s+")


def _listed(text: str) -> list[str] | None:
    """ "1) jess trains all staff … 2) new hires get a makeup…": items numbered on one line, in order."""
    marks = list(_INLINE_NUMBERS.finditer(text))
    numbers = [int(re.sub(r"\D", "", m.group())) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)):
        marks = list(_INLINE_LETTERS.finditer(text))  # "a) ms kim trains staff … b) coach bell observes…"
        letters = [re.sub(r"[^a-e]", "", m.group().lower()) for m in marks]
        if len(marks) < 2 or letters != list("abcde"[: len(marks)]):
            return None
    ends = [m.start() for m in marks[1:]] + [len(text)]
    items = [text[m.end() : end].strip(" ,;") for m, end in zip(marks, ends, strict=True)]
    return items if all(len(item.split()) >= 3 for item in items) else None


def _bulleted(text: str) -> list[str]:
    """ "when a coach leaves:\n- exit interview\n- update the job description\nHR owns both": one action per item; a
    line that introduces the list ("…:") and a line after it that only says who owns them belong to every item."""
    pieces = _BULLETS.split(text)
    head = pieces[0].strip()
    items = [p.strip() for p in pieces[1:] if p and p.strip()]
    if not items:
        return []
    tail = ""
    last, _, after = items[-1].partition("\n")
    if after.strip() and _owns_all(after.strip()):
        items[-1], tail = last.strip(), after.strip()
    items = [" ".join(item.split()) for item in items if len(item.split()) >= 2]
    if head.endswith(":"):
        lead = head.rstrip(": ")
        if _WILL_END.search(lead):
            items = [f"{lead} {item}" for item in items]  # "coach rivera will:" is said of every item
        elif len(lead.split()) <= 12 and (_times(lead) or find_owner(lead) is not None):
            items = [f"{item.rstrip(' .;,')}, {lead}" for item in items]  # "for the nov 2 pd day:"
        # a topic line ("when a coach leaves:") introduces the items and is no action of its own
    elif head and len(head.split()) >= 3:
        items = [head, *items]
    if tail:
        items = [f"{item.rstrip(' .;,')}. {tail}" for item in items]
    return items


_WILL_END = re.compile(
    r"(?:\bwill|'ll|\b(?:is|are|am)\s+going\s+to|\bgonna|\bplans?\s+to|\bneeds?\s+to|\bhas\s+to|\bhave\s+to)\s*$",
    re.IGNORECASE,
)


def _owns_all(line: str) -> bool:
    """ "HR owns both", "ms kim - all of these", "the data team": a line that only says who owns the items above."""
    if is_only_owner(line):
        return True
    found = declared_owner(line)
    return (
        found is not None
        and found.span[0] <= 3
        and re.search(r"\b(?:both|all|them|these|those|each|everything)\b", found.verb, re.IGNORECASE) is not None
    )


_WHEN = re.compile(
    r"\b(?:by|before|after|starting|until|every|each|jan\w*|feb\w*|mar\w*|apr\w*|may|june?|july?|aug\w*|sept?\w*|"
    r"oct\w*|nov\w*|dec\w*|spring|fall|summer|winter|\d{1,2}/\d{1,2})\b",
    re.IGNORECASE,
)


def _times(text: str) -> bool:
    return bool(_WHEN.search(text) or find_recurrence(text))
