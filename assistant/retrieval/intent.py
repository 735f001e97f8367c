"""What kind of answer a question asks for, and what kind of sentence gives it.

"How often…" is answered by a sentence with a rhythm ("at least monthly"), "what is…" by a definition, "give me
an example" by a case example, "who…" by a sentence that names a role. Retrieval uses the type as a soft boost
and answer composition uses it to pick the sentence that comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from assistant.models import Driver, PassageKind


class QuestionType(StrEnum):
    how_often = "how_often"
    who = "who"
    definition = "definition"
    example = "example"
    other = "other"


_HOW_OFTEN = re.compile(
    r"\bhow (?:often|frequently|regularly|many times)\b|\bfrequency\b|\bhow much (?:time|coaching|training)\b"
    r"|\b(?:once|twice) a (?:week|month|year)\b|\bevery (?:week|month|quarter|year)\b|\bhow long\b",
    re.IGNORECASE,
)
_WHO = re.compile(
    r"^\s*(?:and\s+)?who\b|\bwho (?:should|is|are|does|do|will|would|leads?|owns?|runs?|decides?|sits?)\b"
    r"|\bwhich (?:staff|person|people|role|roles|team)\b|\bwhose (?:job|role|responsibility)\b"
    r"|\bwho's\b|\bin charge\b|\bresponsible for\b",
    re.IGNORECASE,
)
_DEFINITION = re.compile(
    r"^\s*what (?:is|are) (?:an? |the )?[\w &/-]{2,40}\??\s*$|\bdefine\b"
    # "What does a fidelity assessment measure?" asks what the thing is as much as "what does X mean" does.
    r"|\bwhat does [\w &/-]{2,40} (?:mean|measure|involve|entail|cover|ask of)\b"
    r"|\bdefinition\b|\bwhat do (?:you|they|we) mean by\b|\bmeaning of\b|\bwhat counts as\b",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(
    r"\bexamples?\b|\bfor instance\b|\bwhat (?:does|would|might|could) (?:it|that|this|one) look like\b"
    r"|\bshow me\b|\bin practice\b|\bsamples?\b|\bsomeone (?:else|who)\b|\bother (?:places|programs|agencies)\b",
    re.IGNORECASE,
)

# Sentences that carry a rhythm: the answer to "how often".
RHYTHM = re.compile(
    r"\b(?:daily|weekly|biweekly|bi-weekly|monthly|bimonthly|quarterly|annually|yearly|semi-annually|semesterly"
    r"|every (?:\w+ )?(?:day|week|month|quarter|year|semester|session)s?"
    r"|(?:once|twice|\w+ times) (?:a|per|each|every) (?:day|week|month|quarter|year|semester)"
    r"|at least (?:once|twice|monthly|weekly|quarterly|annually|\w+ times)|throughout the year)\b",
    re.IGNORECASE,
)
# Sentences that name who does something: the answer to "who".
ROLE = re.compile(
    r"\b(?:leaders?|leadership team|coordinators?|directors?|supervisors?|coach(?:es)?|managers?|principals?"
    r"|administrators?|team (?:members?|leads?)|implementation team|designee|staff member|trainers?"
    r"|is responsible|are responsible|responsible for|assigned|designated|convenes?|identifies a)\b",
    re.IGNORECASE,
)
# Sentences that define: "X refers to…", "X is the…", "X means…".
DEFINES = re.compile(r"\b(?:refers? to|is defined as|means|is the (?:process|practice|extent))\b", re.IGNORECASE)


def question_type(question: str) -> QuestionType:
    """The first type that fits: an example asked for wins, then rhythm, role, definition."""
    if _EXAMPLE.search(question):
        return QuestionType.example
    if _HOW_OFTEN.search(question):
        return QuestionType.how_often
    if _WHO.search(question):
        return QuestionType.who
    if _DEFINITION.search(question):
        return QuestionType.definition
    return QuestionType.other


def answers_type(kind: QuestionType, text: str, passage_kind: PassageKind | None = None) -> bool:
    """Whether a passage or sentence is the kind of text that answers a question of this type."""
    if kind is QuestionType.how_often:
        return bool(RHYTHM.search(text))
    if kind is QuestionType.who:
        return bool(ROLE.search(text))
    if kind is QuestionType.definition:
        return passage_kind is PassageKind.definition or bool(DEFINES.search(text))
    if kind is QuestionType.example:
        return passage_kind is PassageKind.case_example
    return False


@dataclass(frozen=True)
class Intent:
    """What retrieval and answer composition read off a question before searching."""

    type: QuestionType
    drivers: frozenset[Driver]

    @property
    def wants_example(self) -> bool:
        return self.type is QuestionType.example


def read_intent(question: str) -> Intent:
    from assistant.knowledge.curated import find_driver

    named: set[Driver] = set()
    # Each clause may name a driver ("coaching and data systems"); find_driver returns the most specific one.
    for clause in re.split(r"\band\b|,|;|\bor\b", question):
        found = find_driver(clause)
        if found is not None:
            named.add(found)
    return Intent(question_type(question), frozenset(named))
