"""Who shares the work with the owner read: "the school nurse and NP Al-Masri write…", "Legal and Dr. Featherstonehaugh
to redline it", "mr. lopez (HR) + dr. reed from the college", "— DeShawn + Capt. Hargrove", "kiara + the teacher
leads use it": a person or a group joined to the owner by "and", "+" or "&" owns the work with them."""

from __future__ import annotations

import re

from assistant.understanding.given_names import is_given_name
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_words import _PERSON, _PERSON_OR_GROUP, takes_part

# a title typed in capitals before a name ("NP Al-Masri", "LCSW Bao Vang"), or a capitalised name
_TITLED_CAPS = r"(?-i:[A-Z]{2,5}\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
_JOINED = re.compile(
    rf"\s*(?:\([^)]{{1,40}}\)\s*)?(?:,\s*)?(?:and|\+|&)\s+(?P<other>(?:(?:the|our)\s+)?(?:{_PERSON_OR_GROUP.pattern}|"
    rf"{_TITLED_CAPS}|{_PERSON}))(?P<after>'s\b|\s*$|\s*[,.;:!?\n)]|\s+[a-z])",
)


# a first name typed in lowercase joined after the owner, then the verb they share: "ms. oduya & jen split them"
_FIRST_NAME_JOINED = re.compile(
    r"\s*(?:\([^)]{1,40}\)\s*)?(?:\+|&|and)\s+(?P<other>[a-z][a-z'-]{1,14})\s+(?:will|'ll|are|do|run|lead|split|"
    r"share|teach|co-teach|present|check|send|pull|plan|host|meet|review|write|track|handle|own|coordinate|"
    r"facilitate|visit|observe|model|coach|train|build|make|set|take)\b"
)


# someone joined before the owner, where a clause opens: "— DeShawn + Capt. Hargrove", "also quist + the para",
# "…before spring break jo and mrs chen whitaker set up the buses"; not "with jo and the coaches" (who it is with)
_BEFORE = re.compile(
    rf"(?:^|[—–:;.!?(\n]\s*|\s-\s+|\b(?:also|then|so|ok(?:ay)?|and)\s+)"
    rf"(?P<other>{_PERSON}|{_TITLED_CAPS}|(?-i:[A-Z]{{2,4}})|[A-Za-z][a-z'-]{{1,14}}|(?-i:[A-Z][a-z]+[A-Z][a-z]+))"
    r"\s*(?:\+|&|and)\s*(?:(?:the|our)\s+)?$"
)
# capitals that are not a person: "EL + the coaches", "PD and the coaches"
_NOT_INITIALS = frozenset("EL ELL ELS ML MLS IEP SPED SWD PD PLC ELA SEL MTSS PBIS AVID IB CTE ESL FRL ALL".split())


def _joined_before(owner: str, text: str, at: int) -> str:
    """Who is joined to `owner` just before it, where a clause opens; "" when no one is."""
    before = _BEFORE.search(text[max(0, at - 80) : at])
    if before is None:
        return ""
    other = before.group("other").strip()
    if other.isupper() and other in _NOT_INITIALS:
        return ""
    signed = before.group().startswith(("—", "–", " -"))
    if re.fullmatch(r"[a-z][a-z'-]+", other) and not (signed and is_given_name(other)):
        return ""  # "data + the coaches": a lowercase word counts only as a given name signed after a dash
    if re.fullmatch(r"[A-Z][a-z'-]+", other) and not is_given_name(other) and not signed:
        return ""  # "Training and the coaches": a capitalised word opens a sentence; after a dash it signs a name
    if takes_part(other) or other.lower() == owner.lower():
        return ""
    return other[0].upper() + other[1:] if other.islower() else other


def with_co_owners(owner: str, note: str) -> str:
    """`owner` and whoever the answer joins to them right before or after their name; `owner` when no one is."""
    if re.search(r"\s(?:and|\+|&)\s", owner):
        return owner
    text = normalize_answer(note)
    at = text.lower().find(owner.lower())
    if at < 0:
        return owner
    earlier = _joined_before(owner, text, at)
    if earlier:
        return f"{earlier} and {owner}"
    first = _FIRST_NAME_JOINED.match(text, at + len(owner))
    if first is not None and is_given_name(first.group("other")):  # "ms. oduya (principal) & jen split them"
        return f"{owner} and {first.group('other').capitalize()}"
    joined = _JOINED.match(text, at + len(owner))
    if joined is None or joined.group("after") == "'s":
        return owner  # "ms kim and the coaches' calendar": what belongs to them
    other = joined.group("other").strip()
    if takes_part(other) or other.lower() == owner.lower():
        return owner  # "the coaches and teachers": who takes part is not who answers for it
    return f"{owner} and {other}"
