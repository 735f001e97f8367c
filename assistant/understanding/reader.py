"""One answer, read as a careful planner would: is it an action, a question back or "not sure yet"; which
actions it holds; each one's owner, dates, repeat rhythm and a short title.

The steps, each in its own module: `normalize` (names and typos), `splitting` (the actions an answer holds),
`action` (one action: `school_dates` for the school calendar, `recurrence`, `fields` for owner, general dates,
resources and measures, and `titles`) and `merging` (parts that are one action put back together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal

from assistant.understanding.action import ActionReading, read_action, with_guessed_owner
from assistant.understanding.co_owners import with_co_owners
from assistant.understanding.kind_model import SURE, not_work
from assistant.understanding.labels import unlabelled
from assistant.understanding.lists import closing_owner
from assistant.understanding.merging import _merge_context
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_words import LANGUAGES
from assistant.understanding.owners import find_owner
from assistant.understanding.school_year import SchoolYear
from assistant.understanding.splitting import split_listed
from assistant.understanding.titles import _base as base_verb
from assistant.understanding.titles import polish_title

__all__ = ["ActionReading", "AnswerReading", "Kind", "classify", "read_action", "read_answer"]

Kind = Literal["action", "question", "unsure"]


@dataclass
class AnswerReading:
    kind: Kind
    actions: list[ActionReading]
    question: str = ""


# Words a team types before it gets to the point: "ngl idk…", "lowkey do we even…", "tbh not sure…".
_FILLER = r"(?:(?:um+|hmm+|honestly|well|so|ok(?:ay)?|tbh|ngl|lowkey|lol|like|wait|sorry|real\s+talk)[,.]?\s+)*"
_UNSURE = re.compile(
    rf"^\W*{_FILLER}(?:not\s+sure(?:\s+yet)?|unsure|idk|(?:i|we)\s+(?:honestly\s+|really\s+|just\s+)?don'?t\s+(?:really\s+)?know|"
    r"don'?t\s+know|no\s+idea|dunno|tbd|tba|no\s+clue|haven'?t\s+(?:decided|figured|thought)|we\s+haven'?t|not\s+decided|"
    r"undecided|still\s+(?:deciding|figuring|thinking|discussing|talking)|need\s+to\s+(?:think|talk|discuss|check|ask)|"
    r"we\s+need\s+to\s+(?:think|talk|discuss|check|ask)|good\s+question|pass|no\s+plan\s+yet|nothing\s+yet|"
    # "ask the principal" says the team does not know yet; "ask the district to change the bus schedule" is work
    r"ask\s+(?:the|our)\s+\w+(?:\s+\w+)?(?=\s*(?:[.!?,;]|$|(?:first|i\s+guess|maybe|probably)\b))|"
    r"not\s+(?:there|ready)\s+yet|depends|"
    r"(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:still\s+|honestly\s+|just\s+)?(?:not\s+(?:really\s+|totally\s+|100%?\s+)?sure|unsure|"
    r"undecided|torn)|(?:still|really|honestly)\s+not\s+sure|not\s+(?:really|totally)\s+sure|no\s+(?:one|body)\s+yet|"
    r"(?:(?:i|we)\s*(?:am|are|'m|'re)?\s+)?(?:still\s+)?not\s+know\b|"  # "I am not know yet how many…"
    r"nobody\s+yet|hard\s+to\s+say|unclear|haven'?t\s+gotten\s+that\s+far|(?:it|that)\s+depends|not\s+yet(?=\s*(?:[,.;!-]|$))|"
    r"(?:we|i)(?:'ll|\s+will)\s+(?:see|figure\s+(?:it|that)\s+out|decide\s+later|get\s+back\s+to\s+you))\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    rf"^\W*{_FILLER}(?:(?:um+|hmm+|wait|sorry|ok(?:ay)?|so|but|and|honestly|quick\s+question|question|q)\s*[,.:-]?\s+)*"
    r"(?:what'?s|whats|how'?s|who'?s|what|why|how|who|which|when|where|is|isn'?t|are|aren'?t|do|does|don'?t|did|can|could|should|shouldn'?t|"
    r"would|will|won'?t|wouldn'?t|has|have|was|were|am|may\s+(?:we|i))\b",
    re.IGNORECASE,
)
_COMMIT = re.compile(
    r"(?:\b(?:will|'ll|shall|is\s+going\s+to|are\s+going\s+to|am\s+going\s+to|gonna|plan\s+to|plans\s+to|"
    r"agreed\s+to|volunteered\s+to|starting)\b|\bby\s+(?:the\s+)?(?:end|\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec|next|mon|tue|wed|thu|fri|winter|spring|fall|summer|thanksgiving|christmas|midyear|eoy|the\s+\d))",
    re.IGNORECASE,
)

# "we'll figure it out at the next mtg", "we'll decide later": putting the decision off, not committing to work.
_DEFER = re.compile(
    r"\b(?:we|i|they)(?:'ll|\s+will|\s+are\s+going\s+to|\s+gonna)\s+(?:have\s+to\s+|need\s+to\s+|probably\s+|just\s+)?"
    r"(?:figure\s+(?:it|that|this)\s+out|(?:figure|sort)\s+out\s+\w+|decide|see|sort\s+(?:it|that|this)\s+out|get\s+back\s+to\s+\w+|"
    r"circle\s+back|come\s+back\s+to\s+(?:it|that|this)|talk\s+about\s+(?:it|that|this)|think\s+about\s+(?:it|that|this))\b",
    re.IGNORECASE,
)
# "what's the difference between …", "what does 'stay in' mean …": a question however long, when nothing is committed.
# a question about how often or how much, which names a rhythm as it asks
_HOW_OFTEN = re.compile(
    r"^\W*(?:(?:so|ok(?:ay)?|honestly|question|q)\s*[,.:-]?\s+)*how\s+(?:often|much|many|long|frequently)\s+"
    r"(?:should|do|does|is|are|would|can|could|will|must)\b",
    re.IGNORECASE,
)
_ASKING = re.compile(
    rf"^\W*{_FILLER}(?:(?:wait|sorry|ok(?:ay)?|so|and|but|quick\s+question|question|q)\s*[,.:-]?\s+)*"
    r"(?:what'?s|whats|what\s+(?:is|are|does|do|counts|would|should|could|about)|who\s+(?:do|does|would|should|can)\s+(?:we|i)|how\s+(?:is|are|does|do|would|should|can)|why\s+(?:is|are|does|do|would|should)|"
    r"is\s+there|are\s+there|do\s+we|does\s+(?:this|that|it|the)|can\s+(?:we|you)|should\s+we|"
    r"shouldn'?t\s+(?:we|the|that|this|it|our|they)|"
    r"(?:are|r)\s+we\s+(?:supposed|allowed|required|expected|meant)\s+to|"
    r"(?:i\s+|we\s+)?(?:wonder|wondering|curious)\s+(?:if|whether|what|how|why)|does\s+anyone\s+know)\b",
    re.IGNORECASE,
)


_OPEN_FIELD = re.compile(
    r"[\s.;,(|-]*\b(?:owner|owners|lead|who|responsible|poc|due|when)\s*[:=]\s*(?:\?+|tbd|tba|n/?a)\s*\)?\s*[.!]*\s*$",
    re.IGNORECASE,
)


def classify(text: str) -> Kind:
    """A question back, an unsure answer, or an answer with something to do."""
    stripped = _LIST_MARK.sub("", text.strip())  # "6. Q: should…", "15. idk yet if…": an item of the team's list
    stripped = _OPEN_FIELD.sub("", stripped) or stripped  # "… the week of Oct 11. Owner: ?": who is open, not asked
    if _SETTLED_NOTHING.search(stripped) and not _COMMIT.search(stripped) and not _DAY_SAID.search(stripped):
        return "unsure"  # "…; that is unknown.", "no action at this time", "Whether … remains unresolved"
    checking = _CHECKING.search(stripped)
    if checking and _COMMIT.search(stripped[: checking.start()]) and _named(stripped[: checking.start()]):
        stripped = stripped[: checking.start()]  # "the counselors will do it by nov 1 — does that work?": a plan
    words = stripped.split()
    commit = _COMMIT.search(_DEFER.sub(" ", stripped))
    if _UNSURE.match(stripped) and (len(words) <= 12 or not commit):
        return "unsure"
    topic = _TOPIC.match(stripped)  # "- Pilot site selection: not decided whether we do it this year."
    if topic and _UNSURE.match(stripped[topic.end() :]) and not commit and not _named(stripped[topic.end() :]):
        return "unsure"
    if _UNSURE_TAIL.search(stripped) and not commit and not _DATED.search(stripped) and not _named(stripped):
        return "unsure"  # "we might revisit the whole plan later in the year, not sure": nothing is settled
    if _UNSURE_TAIL.search(stripped) and not commit and "?" in stripped and not _DAY_SAID.search(stripped):
        return "unsure"  # "… - Dr. Mensah-Ruiz? or the lead RN? not decided": who is asked about, not named
    questions = [s for s in re.split(r"(?<=[?.!])\s+", stripped) if s.strip()]
    asks = [s for s in questions if s.rstrip().endswith("?") or s.lstrip().startswith("?")]
    if stripped.startswith("?") or (asks and len(asks) == len(questions)):
        return "question"
    if re.search(r"(?:^|[\s.])\?+$", stripped) and not commit:
        return "question"  # "we don't really collect anything past sign-in sheets. ?": what should we do?
    if asks and not commit and _QUESTION_START.match(stripped):
        return "question"
    # "will the district pay for subs? otherwise it's hard": the "will" is asked, not promised
    promised = _COMMIT.search(_DEFER.sub(" ", " ".join(q for q in questions if q not in asks)))
    if asks and _QUESTION_START.match(asks[0]) and stripped.startswith(asks[0]) and not promised:
        return "question"
    rest = [q for q in questions if q not in asks]
    hedged = rest and all(_HEDGE.match(q) or q.rstrip().endswith(("...", "…", ":")) for q in rest)
    if asks and not commit and hedged and any(_HEDGE.match(q) for q in rest) and not _DATED.search(stripped):
        return "question"  # "do we even track that? I dont think we do"
    if asks and not commit and _OR_IS_IT.search(stripped):
        return "question"  # "weekly data meetings?? or is that overkill"
    if asks and _MAYBE.match(stripped) and not promised and not (commit and _named(_MAYBE.sub("", asks[0]))):
        return "unsure"  # "maybe the counselor? or the AP"
    if not asks and not commit and len(words) <= 15 and _ASKED_PLAIN.match(stripped):
        return "question"
    if not asks and not commit and len(words) <= 30 and _ASKING.match(stripped) and not _DATED.search(stripped):
        return "question"
    if not asks and not commit and len(words) <= 30 and _HOW_OFTEN.match(stripped):
        return "question"  # "how often should ray be in the classrooms … is every other week even enough"
    if not commit and not _DATED.search(stripped):
        if asks and len(words) <= 8 and ("??" in stripped or not _named(stripped)):
            return "question"  # "ODR vs minors?? which"
        if _OPEN_QUESTION.search(stripped):
            return "question"  # "one open question we keep circling back to is whether…"
        if _NOT_FOR_US.search(stripped):
            return "unsure"  # "we dont really have a coach. the co-op sends somebody maybe once a month?"
    if not commit and not _DATED.search(stripped):
        if _CLARITY.search(stripped):
            return "question"  # "I would like clarity on whether board members can own actions"
        if not _named(stripped) and asks and stripped.endswith(asks[-1].strip()) and _ASKED_BACK.match(asks[-1]):
            return "question"  # "…oh wait we can't pay students. can we give them service hours instead?"
    if not commit and _NOT_APPLICABLE.search(stripped):
        return "unsure"  # "Selection is not really applicable since every school adopts at once, …"
    if not_work(stripped) >= SURE:  # what no rule above says, answers teams typed do
        return "question" if asks or _QUESTION_START.match(stripped) else "unsure"
    return "action"


# What a team adds to its own question without planning anything: "I dont think we do", "not sure", "lol".
_HEDGE = re.compile(
    r"^\W*(?:(?:i|we)\s+(?:dont|don'?t|do\s+not)\s+(?:think|know|believe)|not\s+sure|idk|no\s+idea|probably\s+not|"
    r"i\s+doubt\s+it|lol|haha)\b[^.?!]{0,60}[.!]?\s*$",
    re.IGNORECASE,
)
# A plan that ends by checking it with the guide: "…, does that work?", "— is that ok?", "sound good?"
_CHECKING = re.compile(
    r"(?:\s*[-–—,;.]+\s*|\s+)(?:(?:or|and|but)\s+)?(?:does\s+that\s+work|would\s+that\s+work|is\s+that\s+(?:ok(?:ay)?|enough|fine|alright|"
    r"what\s+you\s+(?:want|need|mean))|sounds?\s+good|make\s+sense|right|ok(?:ay)?)\s*\?+\s*$",
    re.IGNORECASE,
)
# A closing second thought that asks the guide to judge: "…?? or is that too much", "… or would that be overkill"
_OR_IS_IT = re.compile(
    r"\bor\s+(?:is|would|will|does|should)\s+(?:that|this|it)\s+(?:be\s+)?(?:too|overkill|enough|a\s+lot|extra)\b[^.?!]*\??\s*$",
    re.IGNORECASE,
)
# A question typed without its question mark: "ok what else do you need from us", "should the deans do it or the
# counselors", "is that something the district does", "who usually does this at other schools"
_ASKED_PLAIN = re.compile(
    rf"^\W*{_FILLER}(?:(?:hmm+|um+|ok(?:ay)?|so|wait|but)[,.]?\s+)*(?:what|why|how|isn'?t|aren'?t|shouldn'?t|do\s+we|does|"
    r"can\s+we|should\s+we|(?:should|would|could|can|is|are|does|do)\s+(?:the|that|this|it|those|these|our|they|you)\b"
    r"|(?:r|are)\s+(?:we|u)\b"
    r"|who\s+(?:usually|normally|typically|would|should|could|does|do|is\s+supposed))\b",
    re.IGNORECASE,
)
# Asking for an answer without a question mark: "I would like clarity on whether…", "we're split on whether…".
_CLARITY = re.compile(
    r"\b(?:(?:i|we)\s*(?:would|'d)\s+(?:like|love|appreciate|welcome)|(?:i|we)\s+(?:need|want))\s+(?:some\s+|more\s+)?"
    r"(?:clarity|clarification|guidance|advice|to\s+know|to\s+understand)\s+(?:on|about|around|as\s+to|whether|if|what|how|who)\b|"
    r"\b(?:we'?re|we\s+are|the\s+team\s+is)\s+(?:split|divided|torn|unclear|confused)\s+(?:on|about|over)\s+(?:whether|if|what|how)\b",
    re.IGNORECASE,
)
# A closing question that asks the guidance or for leave: "What does the guidance say?", "May we skip it?", "can we
# give them service hours instead?", "Is that a fidelity measure or an outcome measure??"
_ASKED_BACK = re.compile(
    r"\W*(?:(?:so|but|and|ok(?:ay)?|oh|wait|hmm+)[,.]?\s+)*(?:what\s+(?:does|do|would|should|counts)|how\s+(?:do|does|should|would)|"
    r"(?:can|could|may|should|do|must)\s+we|is\s+(?:that|this|it|there)|are\s+(?:we|those|these|there)|does\s+(?:that|this|it)|"
    r"which\s+(?:one|is)|who\s+(?:should|would|decides))\b",
    re.IGNORECASE,
)
_OPEN_QUESTION = re.compile(r"\b(?:open|big|main|real)\s+question\b.{0,80}?\bwhether\b", re.IGNORECASE)
_NOT_APPLICABLE = re.compile(
    r"\b(?:(?:is|are|'s)\s+not\s+(?:really\s+)?(?:applicable|relevant)|(?:doesn'?t|does\s+not)\s+(?:really\s+)?apply"
    r"|not\s+(?:really\s+)?applicable|n/a)\b",
    re.IGNORECASE,
)
_NOT_FOR_US = re.compile(
    r"^\W*we\s+(?:dont|don'?t|do\s+not)\s+(?:really\s+|even\s+)?have\b|"
    # "RN coverage … - no idea, thats a budget thing above us"
    r"\bno\s+idea\b[^.?!]{0,40}\b(?:above\s+(?:us|our\s+pay\s+grade)|out\s+of\s+our\s+hands|not\s+up\s+to\s+us)\b",
    re.IGNORECASE,
)


# "…, not sure yet", "… i guess, idk": an answer that ends by saying the team does not know (not "not sure when").
_UNSURE_TAIL = re.compile(
    r"(?:^|[,;.!?]|\s[-–—])\s*(?:(?:but|so|and|tbh|honestly|i\s+guess|hmm+|um+)[,]?\s+)*(?:(?:i'?m|we'?re)\s+)?"
    r"(?:(?:not\s+(?:really\s+|totally\s+)?sure|unsure|idk|dunno|no\s+idea)\s+(?:if|whether)\b[^.?!;]{3,80}|"
    r"not\s+(?:really\s+|totally\s+)?sure|unsure|idk|dunno|tbd|no\s+idea|who\s+knows|(?:not|nothing)\s+(?:yet\s+)?decided|"
    r"undecided|"
    # "…, but I honestly don't know where to start with that."
    r"(?:i|we)\s+(?:honestly\s+|really\s+|just\s+)?(?:don'?t|do\s+not|dont)\s+(?:really\s+)?know\s+(?:where|how)\s+to\s+"
    r"(?:start|begin)(?:\s+(?:with|on)\s+(?:that|this|it))?)"
    r"(?:\s+(?:yet|tbh|honestly|lol|tho|though|really))*\W*$",
    re.IGNORECASE,
)


_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]|\(?[a-z]\)|[-*•])\s+(?=\S)")
# What a team minutes when it settles nothing: "that is unknown", "remains unresolved", "no action at this time".
_SETTLED_NOTHING = re.compile(
    r"\b(?:that|this|it)\s+(?:is|remains)\s+(?:still\s+)?(?:unknown|unclear|undecided|unresolved|open)\W*$|"
    r"^\W*whether\b[^.;]{3,160}\b(?:remains|is\s+still|is)\s+(?:an?\s+)?(?:unresolved|undecided|unclear|open|unknown)\b|"
    # "…: Legal hasn't answered. Not sure.": waiting on someone else's answer
    r"\bhas(?:n'?t|\s+not)\s+(?:answered|decided|responded|gotten\s+back(?:\s+to\s+us)?)\b[^.;]{0,40}[.;]\s*"
    r"(?:not\s+sure|no\s+idea|idk|unclear|tbd)\W*$|"
    r"\bno\s+actions?\s+(?:at\s+this\s+time|for\s+now|yet|this\s+(?:year|time))\W*$",
    re.IGNORECASE,
)


def _named(text: str) -> bool:
    """Whether the answer names someone who does the work ("ms kim runs the training, not sure yet")."""
    found = find_owner(normalize_answer(text))
    return found is not None and found.owner.lower() not in {"we", "i", "us"}


_TOPIC = re.compile(r"^\W*(?!(?:owner|who|lead|due|when|date)\b)[\w' /&-]{2,40}:\s+", re.IGNORECASE)
_MAYBE = re.compile(r"^\W*(?:maybe|probably|possibly|perhaps|i\s+guess|i\s+think)\b", re.IGNORECASE)
_DAY_SAID = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}/\d{1,2}\b", re.IGNORECASE
)
_DATED = re.compile(_DAY_SAID.pattern + r"|\b(?:every|each|weekly|monthly|quarterly)\b", re.IGNORECASE)


def read_answer(
    text: str, today: date, year: SchoolYear | None = None, question: str | None = None, as_work: bool = False
) -> AnswerReading:
    """Everything one answer says: its kind and, for an action answer, each action it holds (`as_work`: the team
    said it is work, whatever it reads like)."""
    kind = "action" if as_work else classify(text)
    if kind != "action":
        return AnswerReading(kind=kind, actions=[], question=text.strip())
    normalized = unlabelled(normalize_answer(text))
    parts, listed = split_listed(normalized) if len(text) <= 3000 else ([text], False)
    first_readings = [(part, read_action(part, today, year, question, follows=n > 0)) for n, part in enumerate(parts)]
    if len(parts) > 1 and listed:
        readings = [reading for _, reading in first_readings]  # a list the team typed: one action per item
    else:
        readings = _merge_context(first_readings, today, year, question)
    if len(readings) > 1:
        _share_closing_date(readings, normalized)
        _share_closing_owner(readings, today, year, question)
        _with_them(readings)
        _same_doer(readings)
    for reading in readings:
        _group_doer(reading)
    readings = [with_guessed_owner(r, today, year, question, follows=n > 0) for n, r in enumerate(readings)]
    for reading in readings:
        if reading.fields.owner and _interpreting(reading.fields.owner):
            # "…w/ spanish + dari interpreters": the languages the work is offered in, not who does it
            reading.fields.owner = reading.fields.owner_role = None
            reading.guessed = [g for g in reading.guessed if g != "owner"]
        if reading.fields.owner:
            shared = with_co_owners(reading.fields.owner, reading.note)
            if shared != reading.fields.owner:  # "DeShawn + Capt. Hargrove run…": both leave the title's head
                reading.title = polish_title(reading.title, shared)
            reading.fields.owner = shared
    _same_date(readings)
    if len(readings) == 1:
        readings[0].note = " ".join(text.split())  # exactly as typed, typos and all
    if len(readings) > 1:
        # Each action keeps its own words exactly as typed (the whole answer stays in the transcript), so the
        # equity check of one action never reads another's practice.
        typed = text.split()
        flat = " ".join(normalize_answer(text).split())
        for reading in readings:
            reading.note = _as_typed(reading.note, flat, typed)
    return AnswerReading(kind="action", actions=readings)


# A group that opens its own piece of work, though not a staff role: "the ILT debriefs the data", "then the pairs meet
# monthly", "the office staff will restock kits", "schools will host a family math night"
_GROUP_DOER = re.compile(
    r"(?P<who>(?:(?:the|our)\s+(?:[\w-]+\s+)?(?:pairs|ILT|office\s+staff|buddies)|(?:the\s+)?schools))\s+"
    r"(?:will\s+|'ll\s+)?(?:also\s+)?(?!(?:get|gets|got|is|are|be|been|have|has|had|need|needs|was|were)\b)[a-z]{3,}\b",
    re.IGNORECASE,
)


def _group_doer(reading: ActionReading) -> None:
    """The group a piece of work opens with is its owner when no one else is read for it."""
    if reading.fields.owner:
        return
    opens = _GROUP_DOER.match(normalize_answer(reading.note).strip(" -•*"))
    if opens is not None:
        reading.fields.owner = opens.group("who")


_SHARED_DATE = re.compile(
    r"(?:(?:^|[,;.]\s*|\s[-–—]\s*)(?:both|all|each)(?:\s+of\s+(?:it|them|this|that))?\s+|[.;!]\s*)"
    r"(?:done\s+|due\s+|ready\s+)?(?:by|before|due|on)\b[^,;.]*[.!]?\s*$",
    re.IGNORECASE,
)


def _share_closing_date(readings: list[ActionReading], answer: str) -> None:
    """ "ms. soto does spanish, mr. haddad does arabic, both by jan 22", "… before it goes out. by feb 26": a date
    said once, at the end, for every action."""
    last = readings[-1].fields
    if last.due is None or not _SHARED_DATE.search(answer):
        return
    for reading in readings[:-1]:
        if reading.fields.due is None:
            reading.fields.due = last.due


def _share_closing_owner(
    readings: list[ActionReading], today: date, year: SchoolYear | None, question: str | None
) -> None:
    """ "get the program approved by march 1 and hire the instructor by 4/30 -- Dr. Vance on both": who closes the
    answer after a dash owns each action that names no one."""
    closing = closing_owner(readings[-1].note) if readings[-1].fields.owner else None
    if closing is None:
        return
    for reading in readings[:-1]:
        if reading.fields.owner is None:
            again = read_action(f"{reading.note.rstrip(' ,;.')} — {closing[1]}", today, year, question, follows=True)
            if again.fields.owner:
                reading.fields.owner, reading.fields.owner_role = again.fields.owner, again.fields.owner_role


_SAME_DATE = re.compile(
    r"\s*,?\s*\b(?:(?:by|on|before|due)\s+)?the\s+same\s+(?:date|day|deadline|time)\b|\s*,?\s*\bsame\s+deadline\b",
    re.IGNORECASE,
)


def _same_date(readings: list[ActionReading]) -> None:
    """ "an audit … by March 15, and a cost estimate … by the same date": the date of the action before."""
    for before, reading in pairwise(readings):
        if reading.fields.due is None and before.fields.due is not None and _SAME_DATE.search(reading.note):
            reading.fields.due = before.fields.due
            reading.title = _SAME_DATE.sub("", reading.title).strip(" ,") or reading.title


def _with_them(readings: list[ActionReading]) -> None:
    """ "ms farah does a demo lesson …. also every new teacher gets a coaching cycle with her": the work done with
    "her" is hers when the action before is one named person's."""
    for before, reading in pairwise(readings):
        owner = before.fields.owner
        if reading.fields.owner or not owner or not re.fullmatch(r"(?:Mr|Mrs|Ms|Mx|Dr)\.\s+[A-Z][\w'-]+", owner):
            continue
        if re.search(r"\b(?:with|w/|from|by)\s+(?:her|him)\b", reading.note, re.IGNORECASE):
            reading.fields.owner, reading.fields.owner_role = owner, before.fields.owner_role


_PLURAL_OWNER = re.compile(r"(?:\s(?:and|&|\+)\s|(?<!s)s$|\b(?:staff|team|ILT|PLC|leadership|office)$)", re.IGNORECASE)
_GOES_ON = re.compile(
    r"(?:(?:and\s+)?(?:also|then)\s+|and\s+|plus\s+)?(?P<verb>(?:co-)?[a-z]{2,})\b(?:\s+(?P<next>[a-z'-]+))?",
    re.IGNORECASE,
)
_OBJECT_OPENS = re.compile(
    r"the|a|an|our|their|his|her|its|every|each|all|both|it|them|one|two|three|\d+\w*|up|out|home|back|over|in|"
    r"with|to|on|new|any|some|extra|those|these|that|this",
    re.IGNORECASE,
)


def _interpreting(owner: str) -> bool:
    """ "spanish + dari interpreters", "Dari and Pashto and interpreters": the languages work is offered in."""
    words = re.findall(r"[a-z']+", owner.lower())
    return (
        bool(words)
        and words[-1] in {"interpreter", "interpreters", "translator", "translators"}
        and all(w in LANGUAGES or w in {"and", "certified", "sign", "language"} for w in words[:-1])
    )


# Verbs that say work is done whatever follows them: "…monthly; presents compliance to the board in april"
_WORK_VERBS = frozenset(
    "presents reports posts shares sends reviews updates compiles submits translates schedules emails texts "
    "briefs trains observes".split()
)
_NOT_DOING = frozenset(
    "the a an our their his her its this that these those we i you they he she it each every all both some any "
    "no not one two three new next last first who what which when where why how is are was were be been has have "
    "had in on at by for to of from with after before during until thru through once twice weekly monthly daily "
    "maybe probably also then and or but so if as same more less only just".split()
)


def _same_doer(readings: list[ActionReading]) -> None:
    """ "kim t. + raj audit the roster data before thanksgiving, and fix the SPED flags by 12/4", "principal diaz
    does a walk-thru each week and posts a shoutout": a piece of work that goes on with a verb, without a doer of its
    own, is done by whoever opened the one before, when the verb agrees with them."""
    for before, reading in pairwise(readings):
        owner = before.fields.owner
        if reading.fields.owner or not owner or "owner" in before.guessed:
            continue
        opening = re.sub(r"^[\W_]*(?:(?:the|our)\s+)?", "", normalize_answer(before.note)).lower()
        if not opening.startswith(re.sub(r"^(?:the|our)\s+", "", owner.lower())):
            continue  # the owner is not who the work before opens with
        goes_on = _GOES_ON.match(normalize_answer(reading.note).strip(" -•*,"))
        if goes_on is None or goes_on.group("next") is None:
            continue
        verb, after = goes_on.group("verb").lower(), goes_on.group("next").lower()
        if verb in _NOT_DOING or not (_OBJECT_OPENS.fullmatch(after) or verb in _WORK_VERBS):
            continue  # "results by race to the team", "end of year we set…": not a verb going on
        plural = _PLURAL_OWNER.search(owner) is not None
        agrees = verb.endswith("s") if not plural else not verb.endswith(("s", "ing", "ed"))
        if agrees and not verb.endswith(("ing", "ly")):
            reading.fields.owner, reading.fields.owner_role = owner, before.fields.owner_role
            said = re.match(rf"{re.escape(goes_on.group('verb'))}\b", reading.title, re.IGNORECASE)
            if said is not None and verb.endswith("s"):  # "Presents compliance…": what they do, as a plan says it
                base = base_verb(verb)
                reading.title = base[:1].upper() + base[1:] + reading.title[said.end() :]


def _as_typed(part: str, normalized: str, typed: list[str]) -> str:
    """The team's own spelling of a part read from the normalized answer (normalizing keeps every word)."""
    words = part.split()
    for skip in range(min(3, len(words))):  # a borrowed subject ("principal … and does …") is not in the answer
        piece = " ".join(words[skip:])
        at = normalized.find(piece)
        if at >= 0 and piece:
            start = len(normalized[:at].split())
            return " ".join(typed[start : start + len(words) - skip]).rstrip(",;")  # "…the same day," cut there
    return part
