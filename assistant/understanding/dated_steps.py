"""Two pieces of work in one answer, each with its own doer and its own day: "the ILT picks the standards by oct 2
plus the coaches build the pacing guide by oct 23", "principal writes the letter by 9/30; pta translates it by
10/7"."""

from __future__ import annotations

import re

from assistant.understanding.clause_times import _DAY, _beyond_time, _times
from assistant.understanding.recurrence import find_recurrence

# "then", "also", "plus", ";", "&", "and then", "after that", "— and separately": what joins two pieces of work
_JOINS = re.compile(
    r",?\s+(?:and\s+then|and|then|also|plus|&|\+)\s+|\s*;\s*|,\s+|\s*[-–—]+\s*(?:and\s+)?(?:separately|also)?\s*",
    re.IGNORECASE,
)
# a clause of its own: "the coaches build…", not "the coaches' guide" or a list of names
_DOES = re.compile(r"\b[a-z]{3,}(?:s|es)\s+(?:the|a|an|our|their|all|each|every|it|them|\w+\s+(?:the|a|an))\b", re.I)
_MONTH = re.compile(
    r"\b(?:in|by|during|before|early|late|mid)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\b(?!\.?\s*\d)",
    re.IGNORECASE,
)
_NEXT_DAY = re.compile(
    r"\b(?:next|this)\s+(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b|\bnext\s+week\b", re.I
)


# a clause that opens with its doer even when the doer is not a known role: "the ILT debriefs the data…", "schools
# will host…", "the pairs meet monthly…"
_DOER = re.compile(
    r"(?:(?:the|our)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+\s+(?:also\s+)?[a-z]{2,}(?:s|es)\s+(?:the|a|an|our|their|every|each|all)\b|"
    r"(?:(?:the|our)\s+)?(?:[\w'-]+\s+){0,2}?[\w'-]+\s+(?:will|'ll|are\s+going\s+to|is\s+going\s+to)\s+(?:also\s+)?[a-z]{3,}|"
    r"(?:the|our)\s+(?:[\w'-]+\s+)?[\w'-]+s\s+(?:also\s+)?[a-z]{3,}\s+(?:the|a|an|our|their|every|each|all|monthly|weekly|with)\b)",
    re.IGNORECASE,
)
_NOT_DOER = re.compile(r"(?:we|i|it|this|that|they|he|she|there|which|who|if|when)\b", re.IGNORECASE)


def doer_opens(clause: str) -> bool:
    """Whether a clause opens with someone doing something ("the ILT debriefs the data at the 10/28 mtg")."""
    return _DOER.match(clause) is not None and _NOT_DOER.match(clause) is None


def days_said(text: str) -> set[str]:
    """A clause's own days, said as a date or as the next weekday ("oct 1", "5/13", "next friday")."""
    return {m.group().lower() for m in _DAY.finditer(text)} | {m.group().lower() for m in _NEXT_DAY.finditer(text)}


def when_said(text: str) -> set[str]:
    """A clause's own day, month or rhythm, as words to compare with another clause's."""
    said = {m.group().lower() for m in _DAY.finditer(text)}
    said |= {m.group().lower().split()[-1][:3] for m in _MONTH.finditer(text)}
    said |= {m.group().lower() for m in _NEXT_DAY.finditer(text)}
    rhythm = find_recurrence(text)
    if rhythm is not None:
        said.add("every:" + rhythm.label)
    return said or _times(text)


def each_dated_doer(before: str, sep: str, clause: str, subject: bool, verb: bool) -> bool:
    """Whether `clause`, opening with a doer of its own (`subject`), is a second piece of work: the part before
    is a clause with a verb and a time of its own, and the new one has another time. Two people doing one piece of
    work ("ms santos and the principal compare the data by oct 3") have no time before the second name."""
    if not subject or not _JOINS.fullmatch(sep):
        return False
    left = re.split(r"[.;:!?]\s+|\n", before)[-1]
    if left.count("(") > left.count(")") or len(_beyond_time(left)) < 3:
        return False
    if not (verb or _DOES.search(left) or re.match(r"\W*[a-z]{3,}\s+(?:the|a|an|our|all|each)\b", left, re.I)):
        return False  # "the coaches' guide by oct 2, and …" names a thing, not the doing of it
    mine, theirs = when_said(left), when_said(clause)
    return bool(mine) and bool(theirs) and not mine & theirs and len(_beyond_time(clause)) >= 3
