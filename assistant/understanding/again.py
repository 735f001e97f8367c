"""The same work again, or said once with two parts: "shares the growth at the may 25 board mtg and also at the june
staff mtg", "shares the numbers at every staff mtg and with the board in dec and may"; and whether words hold any
doing at all."""

from __future__ import annotations

import re

from assistant.understanding.clause_times import _beyond_time, _times
from assistant.understanding.named import named_doing
from assistant.understanding.owner_words import _SUBJECT
from assistant.understanding.owners import find_owner
from assistant.understanding.people import _VERB

_WE_CLAUSE = re.compile(
    r"(?:we|i|they)\s*(?:'ll|will|are\s+going\s+to|am\s+going\s+to|plan\s+to|also\s+will|'re\s+going\s+to)\b",
    re.IGNORECASE,
)
_WE_PRESENT = re.compile(
    r"(?:we|i)\s+(?:also\s+)?(?!(?:are|were|have|had|need|want|think|just|said|don'?t|do\s+not)\b)[a-z]+\b"
)


def _has_verb(text: str) -> bool:
    """ "circles weekly in advisory, a re-entry conference after every suspension": a list of what, no doing."""
    return bool(
        _SUBJECT.search(text)
        or named_doing(text)
        or _VERB.search(text)
        or _WE_PRESENT.search(text)
        or re.search(r"\b(?:is|are|was|were|has|have|had|get|gets|got|do|does|did|will|'ll)\b", text, re.IGNORECASE)
    )


_AT_ANOTHER_TIME = re.compile(r"(?P<prep>at|in|on|during|before|by)\s+(?:the\s+|our\s+)?[^,;.!?]{2,40}", re.IGNORECASE)


def _again_at(before: str, sep: str, clause: str) -> str:
    """ "principal yusuf shares the growth at the may 25 board mtg and also at the june staff mtg": the same work
    again at another time is a second action; it borrows the words before the first time."""
    if re.fullmatch(r",\s+", sep):  # "Safety report to cabinet every month, to the board each semester"
        return _for_another(before, clause, comma=True) if re.match(r"to\s", clause, re.IGNORECASE) else ""
    if not re.fullmatch(r",?\s+and\s+", sep, re.IGNORECASE):
        return ""
    if not re.match(r"(?:also|again)\s", clause, re.I):
        return _for_another(before, clause)
    clause = clause.split(None, 1)[1] if len(clause.split()) > 1 else ""
    gap = _AT_ANOTHER_TIME.fullmatch(clause.strip())
    if gap is None:
        return _same_verb(before, clause)
    if not _times(clause) or _times(clause) & _times(before):
        return ""
    at = before.lower().rfind(f" {gap.group('prep').lower()} ")
    if at <= 0 or not _times(before[at:]) or not _has_verb(before[:at]):
        return ""
    return before[:at].strip()


_OBJECT_THEN_PREP = re.compile(
    r"(?P<np>(?:the|a|an|our|their|his|her)\s+[^,;.!?]{1,40}?)\s+(?P<prep>about|for|to|on|with)\s+\S[^,;.!?]*",
    re.IGNORECASE,
)


def _same_verb(before: str, clause: str) -> str:
    """ "we'll ask the public library about summer reading, and also the local college about tutors": the same
    verb for someone else is a second action; it borrows the words up to the first one's object."""
    gap = _OBJECT_THEN_PREP.fullmatch(clause.strip())
    if gap is None or _has_verb(clause):
        return ""
    at = before.lower().rfind(f" {gap.group('prep').lower()} ")
    if at <= 0:
        return ""
    objects = list(re.finditer(r"\b(?:the|a|an|our|their|his|her)\s", before[:at], re.IGNORECASE))
    if not objects:
        return ""
    lead = before[: objects[-1].start()].strip(" ,")
    if not 1 <= len(lead.split()) <= 6 or not (_has_verb(lead) or _WE_CLAUSE.match(lead)):
        return ""
    return lead


_AUDIENCE = re.compile(r"(?:to|with|at)\s+(?:(?:the|our|each|every|all)\s+)?[a-z]", re.IGNORECASE)
_FIRST_AUDIENCE = re.compile(r"\s(?:to|with|at)\s+(?:(?:the|our|each|every|all)\s+)?(?=\S)", re.IGNORECASE)


def _for_another(before: str, clause: str, comma: bool = False) -> str:
    """ "deb shares the intervention numbers at every staff mtg and with the board in dec and may": the same work
    for another audience at a time of its own is a second action; it borrows the words before the first audience."""
    if not _AUDIENCE.match(clause) or len(clause.split()) > 12:
        return ""  # the caller has seen the ", and " before it
    audience = clause.split(None, 1)[1]
    if len(_beyond_time(audience)) > 4 and _has_verb(audience):
        return ""  # "… with the coaches who observe …": a clause of its own, not "with the pta presidents"
    if not _times(clause) or _times(clause) & _times(before):
        return ""
    for m in _FIRST_AUDIENCE.finditer(before):
        lead = before[: m.start()].strip()
        doing = _has_verb(lead) or find_owner(lead) is not None or (comma and len(lead.split()) >= 2)
        if len(lead.split()) >= (2 if comma else 3) and doing and _times(before[m.start() :]) and not _times(lead):
            return lead  # "Safety report to cabinet every month, to the board each semester": "Safety report"
    return ""
