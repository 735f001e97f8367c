"""One answer, read as a careful planner would: is it an action, a question back or "not sure yet"; which
actions it holds; each one's owner, dates, repeat rhythm and a short title.

The steps, each in its own module: `normalize` (names and typos), `school_dates` (the school calendar),
`recurrence`, `fields` (owner, general dates, resources and measures) and `titles`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from assistant.understanding.calendar import school_calendar
from assistant.understanding.declared import declared_owner, tidy_owner
from assistant.understanding.fields import ExtractedFields, extract_action
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owners import (
    _NOT_VERBS,
    _PERSON_OR_GROUP,
    _SUBJECT,
    _base,
    find_owner,
    is_only_owner,
    takes_part,
    title_from_question,
)
from assistant.understanding.people import _VERB, _subject_at
from assistant.understanding.recurrence import find_recurrence
from assistant.understanding.school_dates import SchoolDate, find_school_dates, rewrite
from assistant.understanding.school_year import SchoolYear
from assistant.understanding.titles import draft_title, with_topic

Kind = Literal["action", "question", "unsure"]
MAX_ACTIONS = 4


@dataclass
class ActionReading:
    """One action of an answer: its fields, a drafted title, the team's words and what the dates were read from."""

    fields: ExtractedFields
    title: str
    note: str
    understood: list[str] = field(default_factory=list)


@dataclass
class AnswerReading:
    kind: Kind
    actions: list[ActionReading]
    question: str = ""


_UNSURE = re.compile(
    r"^\W*(?:(?:um+|hmm+|honestly|well|so|ok(?:ay)?)[,.]?\s+)*(?:not\s+sure(?:\s+yet)?|unsure|idk|i\s+don'?t\s+know|we\s+don'?t\s+know|"
    r"don'?t\s+know|no\s+idea|dunno|tbd|tba|no\s+clue|haven'?t\s+(?:decided|figured|thought)|we\s+haven'?t|not\s+decided|"
    r"undecided|still\s+(?:deciding|figuring|thinking|discussing|talking)|need\s+to\s+(?:think|talk|discuss|check|ask)|"
    r"we\s+need\s+to\s+(?:think|talk|discuss|check|ask)|good\s+question|pass|no\s+plan\s+yet|nothing\s+yet|"
    r"ask\s+(?:the|our)\s+\w+|not\s+(?:there|ready)\s+yet|depends)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\W*(?:(?:um+|hmm+|wait|sorry|ok(?:ay)?|so|but|and|honestly|quick\s+question|question|q)\s*[,.:-]?\s+)*"
    r"(?:what'?s|whats|how'?s|who'?s|what|why|how|who|which|when|where|is|isn'?t|are|aren'?t|do|does|don'?t|did|can|could|should|shouldn'?t|"
    r"would|will|won'?t|wouldn'?t|has|have|was|were|am)\b",
    re.IGNORECASE,
)
_COMMIT = re.compile(
    r"(?:\b(?:will|'ll|shall|is\s+going\s+to|are\s+going\s+to|am\s+going\s+to|gonna|plan\s+to|plans\s+to|"
    r"agreed\s+to|volunteered\s+to|starting)\b|\bby\s+(?:the\s+)?(?:end|\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec|next|mon|tue|wed|thu|fri|winter|spring|fall|summer|thanksgiving|christmas|midyear|eoy|the\s+\d))",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(
    r"\s*(?:(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bMx)[.;!?]+\s+|\n+\s*(?:[-*•]|\d+[.)])?\s*|,?\s+(?:and\s+then|and|then|also|plus|while|&)\s+|,\s+)",
    re.IGNORECASE,
)
_WE_CLAUSE = re.compile(
    r"(?:we|i|they)\s*(?:'ll|will|are\s+going\s+to|am\s+going\s+to|plan\s+to|also\s+will|'re\s+going\s+to)\b",
    re.IGNORECASE,
)
_BULLETS = re.compile(r"(?:^|\n)\s*(?:[-*•]|\d+[.)])\s+")
_INLINE_NUMBERS = re.compile(r"(?:^|(?<=\s))(?:\(?[1-9]\)|[1-9]\.(?=\s+[a-z]))\s+")


def _listed(text: str) -> list[str] | None:
    """ "1) jess trains all staff … 2) new hires get a makeup…": items numbered on one line, in order."""
    marks = list(_INLINE_NUMBERS.finditer(text))
    numbers = [int(re.sub(r"\D", "", m.group())) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)):
        return None
    ends = [m.start() for m in marks[1:]] + [len(text)]
    items = [text[m.end() : end].strip(" ,;") for m, end in zip(marks, ends, strict=True)]
    return items if all(len(item.split()) >= 3 for item in items) else None


def _has_subject(text: str, position: int) -> bool:
    if _WE_CLAUSE.match(text, position):
        return True
    subject = _SUBJECT.match(text, position)
    if subject is not None and subject.group("verb").split()[0].lower() not in _NOT_VERBS:
        return True  # not "the district office in two weeks"
    unit = _subject_at(text, position)
    return unit is not None


_TIME_CUE = re.compile(
    r"\b(?:by|before|after|starting|until|every|each|weekly|monthly|quarterly|daily|annually|yearly|biweekly|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december|spring|fall|summer|winter|semester|\d{1,2}/\d{1,2})\b",
    re.IGNORECASE,
)


def _sentence_at(text: str, position: int) -> str:
    end = _SENTENCE.search(text, position)
    return text[position : end.start() if end else len(text)]


def _new_owner_with_time(before: str, sentence: str) -> bool:
    """ "…jan 5-6. new hires … a makeup session with ms lo in feb": a sentence that names someone else and a time
    of its own is an action of its own, even when it does not start with its owner."""
    if not _TIME_CUE.search(sentence) or len(sentence.split()) < 5:
        return False
    found = find_owner(sentence)
    if found is None:
        return False
    earlier = find_owner(before)
    return earlier is None or earlier.owner.lower() != found.owner.lower()


_LEAD = re.compile(
    r"(?:(?:also|then|and|plus|so|ok(?:ay)?|separately|additionally|meanwhile|next|finally|lastly|after\s+that|"
    r"on\s+top\s+of\s+that)[,]?\s+)*"
    r"(?:if\s+[^,.;]{1,50},\s*|"
    r"(?:(?:at\s+the\s+)?end\s+of\s+(?:the\s+)?(?:school\s+)?(?:year|semester|quarter|month)|once\s+a\s+\w+|"
    r"(?:in|by|before|after)\s+(?:the\s+)?(?:spring|fall|summer|winter|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|"
    r"jul\w*|aug\w*|sept?\w*|oct\w*|nov\w*|dec\w*)|(?:each|every)\s+(?:spring|fall|summer|winter|quarter|month|"
    r"semester|year))\s*,?\s*)?",
    re.IGNORECASE,
)
_WE_PRESENT = re.compile(
    r"(?:we|i)\s+(?:also\s+)?(?!(?:are|were|have|had|need|want|think|just|said|don'?t|do\s+not)\b)[a-z]+\b"
)
_LEAD_TIME = re.compile(r"\W*(?:first|then|by|before|after|starting|due|done|for|on|in|at|until)\b", re.IGNORECASE)
_INSIDE_WH = re.compile(r"\b(?:what|who|which|how|whether|where)\s+(?:\S+\s+){0,2}\S+\s*$", re.IGNORECASE)
_HE_SHE = re.compile(r"(?:he|she)(?:'ll|\s+will|\s+also|\s+is\s+going\s+to)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"(?:it|this|that|those|these|she|he|her|him|they|them|which)\b", re.IGNORECASE)
_ELIDED = re.compile(
    r"(?:(?:also|then)\s+)?(?!(?:is|was|has|this|his|its|us|plus|thus|as|always|sometimes)\b)"
    r"(?:does|[a-z]{2,}(?:s|es))\s+(?:a|an|the|our|their|his|her|one|two|2|\w+ly)\b",
)
_CONTRAST = re.compile(r"\s*(?:,|\s)\s*(?:if|for|when|on|whenever)\b", re.IGNORECASE)
_DATEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?|"
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b(?:by|before|until)\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?|"
    r"\b(?:end\s+of\s+(?:the\s+)?(?:school\s+)?(?:year|semester|month|quarter)|this\s+(?:summer|spring|fall|winter)|"
    r"in\s+the\s+(?:summer|spring|fall|winter)|(?:next|this)\s+(?:week|month))\b",
    re.IGNORECASE,
)
_SENTENCE_SEP = re.compile(r"\s*[.;!?\n]")
_MAKEUP = re.compile(
    r"(?:(?:and|also|then|plus)\s+)?(?:anyone|anybody|whoever|new\s+(?:hires|staff|teachers)|late\s+hires|"
    r"(?:staff|people|teachers|folks)\s+who\s+(?:miss|missed|start|join)|absent\s+staff|those\s+who\s+miss)\b",
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


def _after_lead(text: str, position: int) -> int:
    lead = _LEAD.match(text, position)
    return lead.end() if lead else position


def _beyond_time(text: str) -> list[str]:
    """The words of a clause that are not about when ("every 4 weeks starting feb 1" has none)."""
    rest = _DATEISH.sub(" ", text)
    rhythm = find_recurrence(rest)
    if rhythm is not None:
        rest = rest[: rhythm.span[0]] + " " + rest[rhythm.span[1] :]
    return [w for w in re.findall(r"[a-z]{2,}", rest.lower()) if w not in _DATE_WORDS]


def _explicit_subject(text: str, position: int) -> str | None:
    """The owner a clause opens with after any lead-in ("if it's scheduling, the counseling office has to…")."""
    p = _after_lead(text, position)
    if _PRONOUN.match(text, p) or _WE_CLAUSE.match(text, p):
        return None
    found = find_owner(text[p : p + 200])
    if found is None or found.alone or found.span[0] > 3:
        return None
    return found.owner


def _cut_here(text: str, before: str, sep: str, position: int) -> tuple[bool, str]:
    """Whether a new action starts at `position`, and the words it borrows from the one before (an elided
    subject: "principal chats with staff 2x a month and does a family coffee each quarter")."""
    if (
        re.fullmatch(r"\s*(?:and|&|\+|plus)\s*", sep, re.IGNORECASE)
        and not _has_verb(re.sub(r"\([^)]*\)", " ", before))
        and not _WE_PRESENT.match(text, position)
    ):
        return False, ""  # "ms. santos (family coach) and the principal compare…": one subject, two people
    sentence = _sentence_at(text, position)
    clause_end = _BOUNDARY.search(text, position)
    clause = text[position : clause_end.start() if clause_end else len(text)]
    earlier = find_owner(before)
    said_before = _times(before)
    # "grade level leads make the change, ms kim if it's a schedule thing": the same work, another owner.
    contrast = _PERSON_OR_GROUP.match(text, position)
    if (
        contrast
        and _CONTRAST.match(text, contrast.end())
        and earlier is not None
        and not sep.strip(" ,").strip()
        and earlier.owner.lower() != contrast.group().lower()
    ):
        return True, ""
    if re.fullmatch(r",?\s+and\s+", sep, re.IGNORECASE) and _INSIDE_WH.search(before):
        return False, ""  # "map what psychs and counselors do now": one clause, not two
    lead = _after_lead(text, position)
    own = _times(clause)
    if said_before and own and not own & said_before and _WE_PRESENT.match(text, lead):
        return True, ""  # "…at each data meeting, and end of year we set next year's goals"
    pronoun = _HE_SHE.match(text, lead)
    if pronoun and earlier is not None and not earlier.alone and re.search(r"[A-Z]", earlier.owner):
        said = _times(sentence)
        if said - said_before and said:  # "mr pruitt explains the why on aug 31. he'll also send a letter by sept 11"
            return True, earlier.owner
    if _has_subject(text, lead):
        subject = _explicit_subject(text, position)
        last_piece = re.split(r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)[.;!?,]\s+", before)[-1]
        if is_only_owner(last_piece):
            # "dr amari. if it's scheduling, the counseling office has to fix it": two owners, two parts.
            only = find_owner(last_piece.strip(" ,.;"))
            if _SENTENCE_SEP.match(sep) and subject and only and only.owner.lower() != subject.lower():
                return True, ""
            return False, ""
        if (
            _VERB.search(before)
            or _WE_CLAUSE.search(before)
            or re.search(r"\b(?:will|'ll)\b", before, re.I)
            or earlier is not None
            or _SUBJECT.search(before)
        ):
            return True, ""
        if said_before and _times(sentence) - said_before and subject:
            return True, ""  # "walkthroughs every 5 weeks by ms castillo, and we do the self-review every spring"
        return False, ""
    if _SENTENCE_SEP.match(sep):
        if _new_owner_with_time(before, sentence):
            return True, ""
        if _MAKEUP.match(sentence.lstrip(" -,")):
            # "… on the nov 2 pd day. anyone new or absent gets the recording and 1 hr w/ ms ruiz": the make-up
            # for who missed it is its own action, with its own owner
            later, first = find_owner(sentence), find_owner(before)
            if later is not None and (first is None or later.owner.lower() != first.owner.lower()):
                return True, ""
        # "an sel update at each board meeting. the county partners get a quarterly call": a time of its own.
        own = _times(sentence)
        if (
            said_before
            and own
            and not own & said_before
            and len(_beyond_time(sentence)) >= 3
            and not _LEAD_TIME.match(sentence)
            and not _PRONOUN.match(sentence.lstrip(" -,"))
            and find_owner(sentence) is None
        ):
            return True, ""
        return False, ""
    if re.match(r",?\s+and\s", sep, re.I) and earlier is not None and not earlier.alone and _ELIDED.match(clause):
        own = _times(clause) or _times(sentence)  # "…and hosts a night in spanish and english before spring break"
        if said_before and own and not own & said_before:
            return True, earlier.owner
    return False, ""


def _split(text: str) -> list[str]:
    """The answer cut where a new clause has its own subject and verb ("…, and the coaches will…"), its own
    owner for the same work, or a time of its own."""
    listed = _listed(text)
    if listed is not None:
        return listed[:MAX_ACTIONS]
    if len(_BULLETS.findall(text)) >= 2:
        parts = [p.strip() for p in _BULLETS.split(text) if p and p.strip()]
        parts = [p for p in parts if len(p.split()) >= 3]
        if len(parts) >= 2:
            return parts[:MAX_ACTIONS]
    cuts = [0]
    borrowed = {0: ""}
    for m in _BOUNDARY.finditer(text):
        if m.end() >= len(text):
            continue
        if m.start() - cuts[-1] < 12 and not (
            _SENTENCE_SEP.match(m.group(0)) and is_only_owner(text[cuts[-1] : m.start()])
        ):
            continue
        cut, borrow = _cut_here(text, text[cuts[-1] : m.start()], m.group(0), m.end())
        if cut:
            cuts.append(m.end())
            borrowed[m.end()] = borrow
    parts = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=False):
        chunk = text[a:b].strip(" ,;")
        chunk = re.sub(r"(?:,?\s+(?:and\s+then|and|then|also|plus|while|&))\s*$", "", chunk, flags=re.IGNORECASE)
        if chunk and borrowed[a] and _HE_SHE.match(chunk):
            chunk = re.sub(
                r"^(?:he|she)(?:'ll\b)?",
                f"{borrowed[a]} will" if "'ll" in chunk[:6] else borrowed[a],
                chunk,
                count=1,
                flags=re.IGNORECASE,
            )
            parts.append(chunk)
        elif chunk:
            parts.append(f"{borrowed[a]} {chunk}".strip())
    merged: list[str] = []
    for part in parts:
        if merged and len(part.split()) < 4 and not is_only_owner(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged[:MAX_ACTIONS] if merged else [text]


def split_actions(text: str) -> list[str]:
    """The parts of an answer that are actions of their own (see `_split`)."""
    return _split(text)


def classify(text: str) -> Kind:
    """A question back, an unsure answer, or an answer with something to do."""
    stripped = text.strip()
    words = stripped.split()
    commit = _COMMIT.search(stripped)
    if _UNSURE.match(stripped) and (len(words) <= 12 or not commit):
        return "unsure"
    questions = [s for s in re.split(r"(?<=[?.!])\s+", stripped) if s.strip()]
    asks = [s for s in questions if s.rstrip().endswith("?") or s.lstrip().startswith("?")]
    if stripped.startswith("?") or (asks and len(asks) == len(questions)):
        return "question"
    if re.search(r"(?:^|[\s.])\?+$", stripped) and not commit:
        return "question"  # "we don't really collect anything past sign-in sheets. ?": what should we do?
    if asks and not commit and _QUESTION_START.match(stripped):
        return "question"
    if (
        not asks
        and _QUESTION_START.match(stripped)
        and not commit
        and len(words) <= 15
        and re.match(
            r"^\W*(?:what|why|how|isn'?t|aren'?t|shouldn'?t|do\s+we|does|can\s+we|should\s+we)\b", stripped, re.I
        )
    ):
        return "question"
    return "action"


def _understood(dates: list[SchoolDate], fields: ExtractedFields) -> list[str]:
    notes = []
    for found in dates:
        if (found.kind == "due" and fields.due == found.day) or (found.kind == "start" and fields.start == found.day):
            notes.append(f"{found.kind} {found.day.isoformat()}: {found.meaning} (“{found.phrase}”)")
    return notes


_DONE_BY = re.compile(
    r"\b(done|finished|ready|completed?|wrapped\s+up|out|drafted|in\s+place)\s+by\s+(?=(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec|\d|mon|tue|wed|thu|fri|next|the\s+end|end|before|winter|spring|thanksgiving)\w*)",
    re.IGNORECASE,
)


_DAY_RANGE = re.compile(
    r"\b(?:from\s+)?(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)\.?\s+(?P<first>\d{1,2})"
    r"\s*(?:-|–|to|through|thru)\s*(?P<last>\d{1,2})\b(?![/:.-]\d)",
    re.IGNORECASE,
)


def read_action(text: str, today: date, year: SchoolYear | None = None, question: str | None = None) -> ActionReading:
    """One action's fields from its words, with school-calendar phrases and meeting typing understood."""
    year = year or SchoolYear.containing(today)
    normalized = _DONE_BY.sub(r"\1, by ", normalize_answer(text))
    normalized = _DAY_RANGE.sub(r"from \g<month> \g<first> to \g<month> \g<last>", normalized)
    dates = find_school_dates(normalized, today)
    recurrence = find_recurrence(normalized)
    for_dates = _DONE_BY.sub(r"\1, by ", rewrite(normalized, dates))  # "done before spring break" → "done, by …"
    if recurrence and recurrence.label.startswith("after each"):
        # "after each conversation … within a week": a lag after each one, not a due date
        for_dates = _LAG.sub(" ", for_dates.replace(recurrence.phrase, " "))
    fields = extract_action(for_dates, today, year)
    if recurrence:
        fields.recurrence = recurrence.label
        if fields.due and _ONE_TIME.search(normalized) and not _ONE_TIME.search(recurrence.phrase):
            # "ms ortega writes the coaching plan - a cycle every 5 weeks - and shares it at the dec 2 meeting":
            # the rhythm is the practice's, the action is the plan written by its date.
            fields.recurrence = None
    if fields.start and fields.due and fields.start > fields.due:
        fields.start = None
    if fields.start:  # "starting in january" means the first school day of it, not a day of the break
        fall = fields.start.year if fields.start.month >= 7 else fields.start.year - 1
        fields.start = school_calendar(fall).first_school_day_from(fields.start)
    phrases = [d.phrase for d in dates]
    phrases += [p for p in fields.date_phrases if not re.search(r"\d{4}-\d{2}-\d{2}", p)]
    shown = []
    for phrase in fields.date_phrases:
        school = next((d for d in dates if d.day.isoformat() in phrase), None)
        shown.append(school.phrase if school else phrase)
    fields.date_phrases = shown
    fields.description = " ".join(text.split())[:300]
    found = find_owner(normalized)
    # "… . dr. lindqvist" names the owner; "teachers practise…, coaches give feedback": the coaches answer for it.
    if (
        found is not None
        and fields.owner
        and fields.owner != found.owner
        and (found.declared or (takes_part(fields.owner) and not takes_part(found.owner)))
    ):
        fields.owner, fields.owner_role = found.owner, found.role
    if (
        found is not None
        and fields.owner
        and not found.alone
        and fields.owner != found.owner
        and re.match(_HONORIFIC, found.owner)
        and not re.search(r"[A-Z]", fields.owner)
    ):
        fields.owner, fields.owner_role = found.owner, found.role  # "principals nominate. ms vang writes it up"
    if found is not None and fields.owner is not None and fields.owner != found.owner and not found.alone:
        stated = re.search(re.escape(fields.owner) + r"\s+(?:is|are|has|have|needs?|gets?|wants?)\b", normalized, re.I)
        if stated and found.verb.split()[0] not in _STATE_VERBS:  # "our counselor is only here…, mrs baker reworks…"
            fields.owner, fields.owner_role = found.owner, found.role
    if found is not None and fields.owner and found.owner.endswith(" " + fields.owner) and len(found.owner) < 60:
        fields.owner = found.owner  # "Mr. O'Neil", not "O'Neil"
    if fields.owner is None and found is not None:
        fields.owner, fields.owner_role = found.owner, found.role
    declared = declared_owner(normalized)
    # "advisors run circles… ms. park will own that", "the letter will be sent out by dana"
    if declared is not None and not (fields.owner and declared.owner.lower() in fields.owner.lower()):
        fields.owner, fields.owner_role = declared.owner, declared.role
    owner_phrase = fields.owner
    if found is not None and found.alone and fields.owner == found.owner:
        a, b = found.span
        rest = (normalized[:a] + " " + normalized[b:]).strip(" ,.;-–—")
        title = draft_title(rest, None, phrases) if len(rest.split()) >= 2 else ""
        if re.match(r"(?:(?:is|are)\s+[a-z]+ing|[a-z]+s)\b", rest) and not re.match(r"(?:this|his|its|us)\b", rest):
            title = _imperative_after(title, "")  # "sarah (our coach) is doing the walkthroughs" → "Do the…"
        meaningful = [w for w in re.findall(r"[A-Za-z]{2,}", title) if w.lower() not in _DATE_WORDS | _EVENT_WORDS]
        if len(meaningful) < 2:
            title = (title_from_question(question) if question else None) or title or draft_title(normalized, None, [])
    elif found is not None and fields.owner == found.owner:
        sentence_start = _sentence_start(normalized, found.span[0])
        lead = normalized[sentence_start : found.span[0]]
        if re.fullmatch(r"[\W_]*(?:(?:ok(?:ay)?|so|yes|yeah|fine|sure|then|and|also|plus|um+)[,.!]?\s*)*", lead, re.I):
            title = _imperative_after(draft_title(normalized[found.span[1] :], None, phrases), "")
        else:
            title = draft_title(normalized[sentence_start:], owner_phrase, phrases)
    else:
        title = draft_title(normalized, owner_phrase, phrases)
    if declared is not None and declared.owner == fields.owner and _TAKES_UP.search(declared.verb):
        work = normalized[: declared.span[0]].rstrip(" ,.;:-–—")
        if len(work.split()) >= 3:  # "…institute in january. mrs hale books it": the title is the work, not "Book it"
            title = draft_title(work, None, phrases)
    title = with_topic(re.sub(r"^We\s+(?=[a-z])", "", title), question)
    if question and (is_only_owner(title) or (fields.owner and title.lower().startswith(fields.owner.lower()))):
        title = title_from_question(question) or title  # "Mr. Ibarra (mtss coordinator)" is who, not what
    title = title[:1].upper() + title[1:]
    if fields.owner:
        fields.owner = tidy_owner(fields.owner)
    return ActionReading(fields=fields, title=title, note=" ".join(text.split()), understood=_understood(dates, fields))


_HONORIFIC = r"(?:Mr|Mrs|Ms|Mx|Dr)\.\s"
_LAG = re.compile(
    r"\bwithin\s+(?:a|one|two|three|four|five|ten|\d{1,2})\s+(?:school\s+|business\s+|working\s+)?"
    r"(?:days?|weeks?|months?)(?:\s+(?:of|after)\s+(?:it|that|each\s+\w+))?|"
    r"\bin\s+(?:a|one|two|three|four|five|ten|\d{1,2})\s+(?:school\s+|business\s+|working\s+)?"
    r"(?:days?|weeks?|months?)\s+(?:of|after)\s+(?:it|that|each\s+\w+)",
    re.IGNORECASE,
)
_ONE_TIME = re.compile(
    r"\b(?:writes?|wrote|drafts?|finali[sz]es?|sets?\s+up|builds?|creates?|designs?|adopts?|chooses?|picks?|"
    r"revises?|rewrites?|updates?|maps?)\b(?:\s+\w+){0,6}?\s+(?:plan|criteria|protocol|policy|handbook|tool|"
    r"rubric|form|dashboard|refresh|matrix|schedule|calendar|guide|it|that|them)\b",
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    "starting beginning from by before after in on until the of end first week month next this school year winter "
    "spring fall break testing semester january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_EVENT_WORDS = frozenset({"pd", "day", "days", "meeting", "staff", "session"})
_SENTENCE = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bMx)[.;!?]+\s+")


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts."""
    pieces = [m.end() for m in _SENTENCE.finditer(text) if m.end() <= position]
    return pieces[-1] if pieces else 0


def _base_verb(verb: str) -> str:
    low = verb.lower()
    irregular = {"does": "do", "has": "have", "goes": "go", "is": "be"}
    if low in irregular:
        return irregular[low]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x|zz|o)es$", low):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low


def _imperative_after(title: str, owner: str) -> str:
    """ "Mrs. Baker reworks the duty schedule" → "Rework the duty schedule" when the title still starts with the
    owner; a title already drafted without the owner gets its third-person verb made imperative."""
    rest = re.sub(r"^\s*\([^)]{1,40}\)\s*", "", title) if not owner else title
    if owner and rest.lower().startswith(owner.lower()):
        rest = rest[len(owner) :].lstrip(" ,")
        rest = re.sub(r"^\([^)]{1,40}\)\s*", "", rest)
    rest = re.sub(r"^(?:said|says)\s+(?:she|he|they)(?:'d|\s+would|\s+will|'ll)\s+", "", rest, flags=re.I)
    gerund = re.match(r"^(?:(?:from|in|at|of)\s+(?:the\s+)?[\w\s&]{1,30}?\s+)?(?:is|are)\s+(\w+ing)\b(.*)", rest, re.I)
    if gerund:
        out = _base(gerund.group(1).lower()) + gerund.group(2)
        return out[:1].upper() + out[1:]
    m = re.match(r"(\w+)(\b.*)", rest, re.DOTALL)
    if m is None:
        return title
    first = m.group(1)
    if owner and rest is title and not re.fullmatch(r"[A-Za-z]+(?:s|es)", first):
        return title
    if first.lower() in {"this", "its", "his", "bus", "plus", "status", "focus", "as", "us", "always", "is"}:
        return title
    verb = _base_verb(first) if re.fullmatch(r"[A-Za-z]+", first) else first
    out = verb + m.group(2)
    return out[:1].upper() + out[1:] if out.strip() else title


_COMMITS = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|gonna|plans?\s+to|agreed\s+to|volunteered\s+to|offered\s+to|in\s+charge)\b",
    re.IGNORECASE,
)
_STATE_VERBS = frozenset("is are has have need needs get gets want wants seems looks feels".split())


def _says_something(text: str, reading: ActionReading) -> bool:
    """A part that is an action of its own: a date or rhythm, or someone who commits to doing something."""
    f = reading.fields
    lag_only = (
        f.due is not None
        and not (f.owner or f.start or f.recurrence or f.unparsed_date)
        and bool(f.date_phrases)
        and all(re.match(r"within\b", p, re.IGNORECASE) for p in f.date_phrases)
    )
    if lag_only:
        return False  # "a kid with 2+ Fs meets their counselor within a week": a rule the next part writes down
    if f.due or f.start or f.recurrence or f.unparsed_date:  # "…a makeup session with ms lo in feb": a time too
        return True
    if not f.owner or takes_part(f.owner) or re.match(r"(?:a|an|some|someone|somebody)\b", f.owner, re.IGNORECASE):
        return False  # "teachers run the routine, a coach gives feedback": how the work runs, not another action
    if _COMMITS.search(text) or _MAKEUP.match(text):  # "anyone absent gets 1 hr w/ ms ruiz": the make-up
        return True
    found = find_owner(normalize_answer(text))
    return found is not None and not found.alone and found.verb.split()[0] not in _STATE_VERBS


_BACK_REFERENCE = re.compile(
    r"^\S+(?:\s+\S+){0,3}?\s+(?:[a-z]+s|[a-z]+es)\s+(?:it|them|both|that|those|these|this)\b|\b(?:leads|runs|owns|"
    r"schedules|coordinates|checks|writes|tracks|organi[sz]es)\s+(?:it|them|both|that|those|these|this)\b",
    re.IGNORECASE,
)


def _has_verb(text: str) -> bool:
    """ "circles weekly in advisory, a re-entry conference after every suspension": a list of what, no doing."""
    return bool(
        _SUBJECT.search(text)
        or _VERB.search(text)
        or _WE_PRESENT.search(text)
        or re.search(r"\b(?:is|are|was|were|has|have|had|get|gets|got|do|does|did|will|'ll)\b", text, re.IGNORECASE)
    )


def _what_then_who(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[tuple[str, ActionReading]]:
    """ "every site does the TFI each fall and spring, mr ibarra checks it's in by may 21": a part that names no
    owner, followed by one whose owner takes it up ("checks it", "schedules both", "leads it") with no rhythm
    of its own, is one action."""
    out: list[tuple[str, ActionReading]] = []
    for text, reading in parts:
        if out:
            last_text, last = out[-1]
            named = find_owner(text)
            takes_up = (
                _BACK_REFERENCE.search(text) is not None
                or not _has_verb(last_text)
                or (named is not None and named.declared is False and named.alone and named.span[0] <= 3)
            )
            rhythm = reading.fields.recurrence
            if (
                (last.fields.owner is None or takes_part(last.fields.owner))
                and reading.fields.owner
                and takes_up
                and (rhythm is None or rhythm == last.fields.recurrence or not _SUBJECT.search(last_text))
            ):
                out[-1] = _joined(last_text, text, today, year, question)
                continue
        out.append((text, reading))
    return out


def _joined(
    last_text: str, text: str, today: date, year: SchoolYear | None, question: str | None
) -> tuple[str, ActionReading]:
    """A part that carries on the action before it, read again together with it."""
    glue = " " if re.search(r"[.!?]\s*$", last_text) else ", "
    joined = f"{last_text.rstrip(' ,;')}{glue}{text}"
    return joined, _kept(read_action(joined, today, year, question), read_action(text, today, year, question))


def _kept(whole: ActionReading, part: ActionReading) -> ActionReading:
    """Two parts read as one action keep what the part that was joined on said on its own: its owner when the
    whole names none (the owner is why the parts were joined), and its date when the whole has none."""
    f, g = whole.fields, part.fields
    if not f.owner and g.owner:
        f.owner, f.owner_role = g.owner, g.owner_role
    if not f.due and g.due:
        f.due = g.due
    return whole


_TAKES_UP = re.compile(
    r"\b(?:it|them|that|both|those|this|all\s+of\s+(?:it|them))(?:\s+(?:up|out|over|together|back|going))?\b|"
    r"\b(?:facilitates|facilitate|hosts|host|coordinates|coordinate|chairs|chair|signs\s+off|in\s+charge)\s*$",
    re.IGNORECASE,
)


def _practice_then_product(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[tuple[str, ActionReading]]:
    """ "a pair counts as doing it if they co-plan weekly …. our sped dept head writes the criteria by dec 11": a
    part that names no owner and no date of its own describes the work that the next part, with an owner and a
    one-time date and no rhythm of its own, delivers; the two are one action."""
    out = parts
    merged: list[tuple[str, ActionReading]] = []
    n = 0
    while n < len(out):
        text, reading = out[n]
        f = reading.fields
        if n + 1 < len(out) and not (f.owner or f.due or f.start or f.unparsed_date):
            following = out[n + 1][1].fields
            if following.owner and following.due and not following.recurrence:
                glue = " " if re.search(r"[.!?]\s*$", text) else ", "
                joined = f"{text.rstrip(' ,;')}{glue}{out[n + 1][0]}"
                merged.append((joined, _kept(read_action(joined, today, year, question), out[n + 1][1])))
                n += 2
                continue
        merged.append((text, reading))
        n += 1
    return merged


def _taken_up(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[tuple[str, ActionReading]]:
    """ "the coaches go to the institute in january. mrs hale books it", "…, our AP runs them": a part that only
    says who takes up the work before it ("books it", "runs them", "will own that") is that work's owner, not
    an action of its own."""
    out: list[tuple[str, ActionReading]] = []
    for text, reading in parts:
        if out:
            declared = declared_owner(text)
            if declared is not None and declared.span[0] <= 3 and _TAKES_UP.search(declared.verb):
                last_text, _ = out[-1]
                out[-1] = _joined(last_text, text, today, year, question)
                continue
        out.append((text, reading))
    return out


def _merge_context(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[ActionReading]:
    """A part with no owner, date or rhythm of its own is context for its neighbour, not an action of its own."""
    if len(parts) < 2:
        return [reading for _, reading in parts]
    parts = _taken_up(parts, today, year, question)
    parts = _practice_then_product(parts, today, year, question)
    if len(parts) < 2:
        return [reading for _, reading in parts]
    parts = _what_then_who(parts, today, year, question)
    texts = [text for text, _ in parts]
    keep = [_says_something(text, reading) for text, reading in parts]
    for n, (text, reading) in enumerate(parts[:-1]):
        # "dr amari. if it's scheduling, the counseling office has to fix it": a name alone answers the question.
        following = parts[n + 1][1].fields.owner
        if reading.fields.owner and is_only_owner(text) and following and following != reading.fields.owner:
            keep[n] = True
    for n, (text, reading) in enumerate(parts[1:], start=1):
        contrast = _PERSON_OR_GROUP.match(text)
        earlier = parts[n - 1][1]
        if reading.fields.owner and earlier.fields.owner and contrast and _CONTRAST.match(text, contrast.end()):
            keep[n] = keep[n - 1] = True  # "…, ms kim if it's a schedule thing": the same work, her part of it
            if re.match(r"(?:if|when|whenever)\b", reading.title, re.IGNORECASE) and not re.match(
                r"(?:if|when|for|on)\b", earlier.title, re.IGNORECASE
            ):
                reading.title = f"{earlier.title} {reading.title[:1].lower()}{reading.title[1:]}"
    if sum(keep) < 2:
        whole = read_action(" ".join(texts), today, year, question)
        for _, reading in parts:
            if reading.fields.owner and not takes_part(reading.fields.owner):
                whole = _kept(whole, reading)
                break
        return [whole]
    groups: list[list[str]] = []
    pending: list[str] = []
    for text, useful in zip(texts, keep, strict=True):
        if useful:
            groups.append([*pending, text])
            pending = []
        elif groups:
            groups[-1].append(text)
        else:
            pending.append(text)
    if pending:
        groups[-1].extend(pending)
    return [read_action(" ".join(group), today, year, question) for group in groups]


def read_answer(text: str, today: date, year: SchoolYear | None = None, question: str | None = None) -> AnswerReading:
    """Everything one answer says: its kind and, for an action answer, each action it holds."""
    kind = classify(text)
    if kind != "action":
        return AnswerReading(kind=kind, actions=[], question=text.strip())
    parts = split_actions(normalize_answer(text)) if len(text) <= 3000 else [text]
    first_readings = [(part, read_action(part, today, year, question)) for part in parts]
    normalized = normalize_answer(text)
    if len(parts) > 1 and (len(_BULLETS.findall(normalized)) >= len(parts) or _listed(normalized) is not None):
        readings = [reading for _, reading in first_readings]  # a list the team typed: one action per item
    else:
        readings = _merge_context(first_readings, today, year, question)
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


def _as_typed(part: str, normalized: str, typed: list[str]) -> str:
    """The team's own spelling of a part read from the normalized answer (normalizing keeps every word)."""
    words = part.split()
    for skip in range(min(3, len(words))):  # a borrowed subject ("principal … and does …") is not in the answer
        piece = " ".join(words[skip:])
        at = normalized.find(piece)
        if at >= 0 and piece:
            start = len(normalized[:at].split())
            return " ".join(typed[start : start + len(words) - skip])
    return part
