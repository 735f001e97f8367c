"""What a clause of an answer says about when: its date words, its repeat rhythm and its explicit days, compared
between clauses to tell one piece of work from the next."""

from __future__ import annotations

import re

from assistant.understanding.action import _DATE_WORDS
from assistant.understanding.recurrence import find_recurrence

_TIME_CUE = re.compile(
    r"\b(?:by|before|after|starting|until|every|each|weekly|monthly|quarterly|daily|annually|yearly|biweekly|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december|spring|fall|summer|winter|semester|\d{1,2}/\d{1,2})\b",
    re.IGNORECASE,
)


_DATEISH = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\b\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?|"
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|"
    r"\b(?:by|before|until)\s+(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)(?:the\s+)?[a-z]+(?:\s+[a-z]+)?|"
    r"\b(?:end\s+of\s+(?:the\s+)?(?:school\s+)?(?:year|semester|month|quarter)|this\s+(?:summer|spring|fall|winter)|"
    r"in\s+the\s+(?:summer|spring|fall|winter)|(?:next|this)\s+(?:week|month))\b",
    re.IGNORECASE,
)


def _times(text: str) -> set[str]:
    """What a clause says about when: its repeat rhythm and its date words, compared between clauses."""
    found = {m.group().lower() for m in _DATEISH.finditer(text)}
    rhythm = find_recurrence(text)
    if rhythm is not None:
        found.add("every:" + rhythm.label)
        found -= {w for w in found if w in rhythm.phrase.lower()}
    return found


def _beyond_time(text: str) -> list[str]:
    """The words of a clause that are not about when ("every 4 weeks starting feb 1" has none)."""
    rest = _DATEISH.sub(" ", text)
    rhythm = find_recurrence(rest)
    if rhythm is not None:
        rest = rest[: rhythm.span[0]] + " " + rest[rhythm.span[1] :]
    return [w for w in re.findall(r"[a-z]{2,}", rest.lower()) if w not in _DATE_WORDS]


# one explicit day: "march 5", "Oct 16th", "4/30", "4/30/27"
_DAY = re.compile(
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\b)",
    re.IGNORECASE,
)


# School-year times a first step is often tied to: "audit the roster data before thanksgiving, and fix … by 12/4".
_EVENT = re.compile(
    r"\b(?:by|before|after|over)\s+(?:the\s+)?(?:thanksgiving|winter\s+break|spring\s+break|the\s+holidays|"
    r"labor\s+day|presidents\s*'?\s*day|spring\s+testing|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:month|semester|quarter))\b",
    re.IGNORECASE,
)


def _cues(text: str) -> set[str]:
    return {m.group().lower() for m in _TIME_CUE.finditer(text)} - {"by", "before", "after", "until", "starting"}
