"""Who shares the work with the owner read: "the school nurse and NP Al-Masri write…", "Legal and Dr. Featherstonehaugh
to redline it", "mr. lopez (HR) + dr. reed from the college": a person or a group joined to the owner by "and", "+"
or "&" owns the work with them."""

from __future__ import annotations

import re

from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_words import _PERSON, _PERSON_OR_GROUP, takes_part

# a title typed in capitals before a name ("NP Al-Masri", "LCSW Bao Vang"), or a capitalised name
_TITLED_CAPS = r"(?-i:[A-Z]{2,5}\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
_JOINED = re.compile(
    rf"\s*(?:\([^)]{{1,40}}\)\s*)?(?:,\s*)?(?:and|\+|&)\s+(?P<other>(?:(?:the|our)\s+)?(?:{_PERSON_OR_GROUP.pattern}|"
    rf"{_TITLED_CAPS}|{_PERSON}))(?P<after>'s\b|\s*$|\s*[,.;:!?\n)]|\s+[a-z])",
)


def with_co_owners(owner: str, note: str) -> str:
    """`owner` and whoever the answer joins to them right after their name; `owner` when no one is."""
    if re.search(r"\s(?:and|\+|&)\s", owner):
        return owner
    text = normalize_answer(note)
    at = text.lower().find(owner.lower())
    if at < 0:
        return owner
    joined = _JOINED.match(text, at + len(owner))
    if joined is None or joined.group("after") == "'s":
        return owner  # "ms kim and the coaches' calendar": what belongs to them
    other = joined.group("other").strip()
    if takes_part(other) or other.lower() == owner.lower():
        return owner  # "the coaches and teachers": who takes part is not who answers for it
    return f"{owner} and {other}"
