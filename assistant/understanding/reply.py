"""The owner in a reply to "who will own this?": "me, ms. carter. by oct 1", "HR + mr. okafor, panel set by march 5",
"director harris + ms. lupe". The reply names people first; what follows them is a date or a note."""

from __future__ import annotations

import re

from assistant.understanding.fields import parse_owner
from assistant.understanding.given_names import is_given_name
from assistant.understanding.owner_words import NO_TITLE_BEFORE, is_only_owner, is_person_named

# "me, ms. carter", "it's me, mr. karimi", "i = principal greer", "me = mrs. quinn", "that's me (ms. lee)"
_SELF = re.compile(
    r"^\W*(?:(?:it'?s|that'?s|that\s+(?:is|would\s+be|will\s+be))\s+)?(?:me|i)\s*(?:[,=:–—-]+|\()\s*"
    r"|^\W*(?:i'?m|i\s+am|this\s+is)\s+(?=(?:mr|mrs|ms|dr|coach|principal|director|dean|nurse)\b)",
    re.IGNORECASE,
)
_SEGMENT = re.compile(NO_TITLE_BEFORE + r"\.\s*|[,;:!–—]\s*|\s-\s|\s*->\s*")
_DATE_TAIL = re.compile(
    r"\s+(?:by|before|starting|beginning|from|after|no\s+later|due|thru|through|until|til|each|every|on|in)\b.*$",
    re.IGNORECASE,
)
# "HR + Mr. Okafor", "Okafor & Baines", "Ms. Lopez/Mr. Chen": people said together
PEOPLE_JOIN = re.compile(r"\s*(?:\+|&|\band\b|\bw/|\bwith\b|\bplus\b|,|/)\s*", re.IGNORECASE)
_ARTICLES = {"the", "our"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _ARTICLES}


def named_alone(piece: str) -> tuple[str, str | None] | None:
    """A piece that is a person or a group and nothing more: "director harris", "HR", "mr. lopez (HR)"."""
    owner, role = parse_owner(piece.strip(" ()"))
    if not owner or not _words(piece) <= _words(owner) | _words(role or ""):
        return None
    return owner, role


def _is_role(head: str, person: tuple[str, str | None]) -> bool:
    """ "instructional coach" after "Dana Reyes": a role without a name, said of a person who has none yet."""
    owner, role = person
    return role is None and bool(re.search(r"[A-Z][a-z]", owner)) and not re.search(r"\b[A-Z][a-z]", head)


def owner_in_reply(text: str) -> tuple[str, str | None] | None:
    """The people a reply opens with, when nothing but a date or a note follows them; None otherwise. The reply
    comes normalised ("Ms. Carter", not "ms carter"), as `normalize_answer` writes it."""
    text = _SELF.sub("", text.strip()).strip()
    found: list[tuple[str, str | None]] = []
    for segment in _SEGMENT.split(text):
        segment = segment.strip()
        if not segment:
            continue
        head = _DATE_TAIL.sub("", segment).strip()
        pieces = [p for p in PEOPLE_JOIN.split(head) if p.strip()]
        read = [named_alone(p) for p in pieces]
        people = [p for p in read if p is not None]
        if not people or len(people) < len(read):
            break
        if len(found) == 1 and len(people) == 1 and _is_role(head, found[0]):
            found[0] = (found[0][0], people[0][1] or head)  # "Dana Reyes, instructional coach": her role
            break
        if found and not is_only_owner(head):
            break  # "…, panel set by march 5": a note, not one more person
        found += people
        if head != segment:
            break  # a date follows the people: the rest is not more of them
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return " and ".join(owner for owner, _ in found), None


def _a_person(piece: str) -> bool:
    """ "Ms. Kim", "Coach Bell", or a given name with perhaps a surname ("dana reyes", "Dana Reyes"); never a role or a
    group, nor words that only look like a name ("exit tickets", "Book Study", "dana reads")."""
    words = piece.split()
    if is_person_named(piece):
        return True
    return (
        0 < len(words) <= 3 and is_given_name(words[0]) and all(is_given_name(w) or w[:1].isupper() for w in words[1:])
    )


def people_alone(text: str) -> tuple[str, str | None] | None:
    """The people a whole answer names by name when it says nothing else ("ms kim", "Coach Bell", "dana reyes and mr
    lee"): who, but no work. The answer comes normalised, as `normalize_answer` writes it."""
    said = text.strip().strip(" .!,;")
    if not said or _DATE_TAIL.search(f" {said}"):
        return None
    pieces = [p for p in PEOPLE_JOIN.split(said) if p.strip()]
    # "ms kim, our literacy coach", "dana reyes and the data team": someone by name, perhaps with a role or a group
    if not any(_a_person(p) for p in pieces) or not all(_a_person(p) or is_only_owner(p) for p in pieces):
        return None
    return owner_in_reply(said)
