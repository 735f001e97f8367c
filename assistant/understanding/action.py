"""One action's fields from its words: school-calendar phrases and meeting typing understood, the owner the
answer names or declares, and a short title in plan words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.understanding.calendar import school_calendar
from assistant.understanding.declared import declared_owner, tidy_owner
from assistant.understanding.fields import ExtractedFields, extract_action
from assistant.understanding.given_names import is_given_name
from assistant.understanding.mentions import guess_owner
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_words import (
    NO_TITLE_BEFORE,
    RUNS_IT_S,
    _base,
    is_only_owner,
    is_person_named,
    title_from_question,
    without_time_lead,
)
from assistant.understanding.owners import find_owner, takes_part
from assistant.understanding.recurrence import find_recurrence
from assistant.understanding.school_dates import SchoolDate, find_school_dates, rewrite
from assistant.understanding.school_year import SchoolYear, _shift_year
from assistant.understanding.titles import _TRAILING_JUNK, draft_title, polish_title, with_topic, without_cadence
from assistant.understanding.titles import _base as _base_verb


@dataclass
class ActionReading:
    """One action of an answer: its fields, a drafted title, the team's words and what the dates were read from."""

    fields: ExtractedFields
    title: str
    note: str
    understood: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)  # fields read but not sure: shown and asked, e.g. ["owner"]


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


# a verb written with its prefix: "co-teaches", "re-teaches", "spot-checks", "double-checks"
_VERB_PREFIX = r"co-|re-|spot-|double-"
_JOINED_HEAD = re.compile(r"\s*\([^)]{1,40}\)(?:\s*(?:\+|&|and)\s+(?P<name>[a-z][a-z'-]{1,14})(?=\s+[a-z]))?")
_LABEL_LEAD = re.compile(r"\W*(?:responsible|owners?|leads?|poc|who|assigned\s+to)\s*:\s*", re.IGNORECASE)


def read_action(
    text: str,
    today: date,
    year: SchoolYear | None = None,
    question: str | None = None,
    follows: bool = False,
    guess: bool = False,
) -> ActionReading:
    """One action's fields from its words, with school-calendar phrases and meeting typing understood.

    `follows`: the words are a later part of an answer split in several actions, so "share them" points back at
    the part before, not at what the question asks about. `guess`: with no owner surely read, take the person the
    answer most likely means, marked as guessed (see `with_guessed_owner`)."""
    year = year or SchoolYear.containing(today)
    normalized = _DONE_BY.sub(r"\1, by ", normalize_answer(text))
    normalized = _DAY_RANGE.sub(r"from \g<month> \g<first> to \g<month> \g<last>", normalized)
    dates = find_school_dates(normalized, today)
    recurrence = find_recurrence(normalized)
    for_dates = _DONE_BY.sub(r"\1, by ", rewrite(normalized, dates))  # "done before spring break" → "done, by …"
    if recurrence and recurrence.label.startswith("after each"):
        # "after each conversation … within a week": a lag after each one, not a due date
        for_dates = _LAG.sub(" ", for_dates.replace(recurrence.phrase, " "))
    if recurrence:  # "twice a year …, and the first one is December 10th": the day it starts, not a due date
        for_dates = _FIRST_ONE.sub("starting ", for_dates)
    fields = extract_action(for_dates, today, year)
    if recurrence:
        fields.recurrence = recurrence.label
        if fields.due and _ONE_TIME.search(normalized) and not _ONE_TIME.search(recurrence.phrase):
            # "ms ortega writes the coaching plan - a cycle every 5 weeks - and shares it at the dec 2 meeting":
            # the rhythm is the practice's, the action is the plan written by its date.
            fields.recurrence = None
    if fields.due:
        fields.due = _within_school_year(fields.due, normalized, bool(fields.recurrence))
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
        # "our counselor is only here…, mrs baker reworks…"
        if stated and found.verb and found.verb.split()[0] not in _STATE_VERBS:
            fields.owner, fields.owner_role = found.owner, found.role
    if (
        found is not None
        and fields.owner
        and not found.alone
        and re.fullmatch(RUNS_IT_S, found.verb.split(" ")[0])
        and is_person_named(found.owner)
        and not is_person_named(fields.owner)
    ):
        fields.owner, fields.owner_role = found.owner, found.role  # "all officers: 2 hrs on…, DeShawn runs it"
    if found is not None and fields.owner and found.owner.endswith(" " + fields.owner) and len(found.owner) < 60:
        fields.owner = found.owner  # "Mr. O'Neil", not "O'Neil"
    if fields.owner is None and found is not None:
        fields.owner, fields.owner_role = found.owner, found.role
    elif (
        found is not None
        and fields.owner is not None
        and not found.alone
        and " and " in found.owner
        and " and " not in fields.owner
    ):
        mine = set(re.findall(r"[a-z]+", fields.owner.lower())) - {"the", "our"}
        if mine <= set(re.findall(r"[a-z]+", found.owner.lower())):  # "the coaches meet with mr haddad": both
            fields.owner, fields.owner_role = found.owner, found.role
    declared = declared_owner(normalized)
    # "advisors run circles… ms. park will own that", "the letter will be sent out by dana"
    signed_later = bool(found and found.declared and found.alone and declared and found.span[0] > declared.span[1])
    # "coaches get observed by their supervisor every 6 weeks — dr. nguyen": the name signed at the end answers
    if (
        declared is not None
        and not signed_later
        and not (fields.owner and declared.owner.lower() in fields.owner.lower())
    ):
        fields.owner, fields.owner_role = declared.owner, declared.role
        opens = _FILLER_LEAD.fullmatch(normalized[: declared.span[0]]) is not None
        if found is None and opens and (not declared.verb or _NAME_AND_ROLE.match(declared.verb)):
            # "miss navarro our attendance clerk calls home…", "CHRO (Ms. Thibodeaux) reports…": the title is what
            # follows them
            found = declared
    if (
        found is not None
        and fields.owner
        and found.verb
        and not found.alone
        and fields.owner.lower().startswith(found.owner.lower() + " ")
        and " " not in fields.owner[len(found.owner) + 1 :]
    ):
        fields.owner = found.owner  # "tom double checks them": Tom, who double-checks, not "Tom Double"
    if fields.owner:
        fields.owner = without_time_lead(fields.owner)  # "after every observation the coach sends…": the coach
    if fields.owner_role:
        fields.owner_role = re.sub(r"^our\s+", "the ", fields.owner_role, flags=re.IGNORECASE)  # "our data coach"
    guessed = _passed_dates(fields, normalized, today, year)
    if fields.owner is None and guess:
        guessed_owner = guess_owner(normalized)
        if guessed_owner is not None:  # "Darlene (she's principal, supt, and bus scheduler lol) will get…": asked
            found = guessed_owner  # the title is drafted around it as around an owner read for sure
            fields.owner, fields.owner_role = found.owner, found.role
            guessed.append("owner")
    owner_phrase = fields.owner
    if found is not None and found.alone and fields.owner == found.owner:
        a, b = found.span
        after = _JOINED_HEAD.match(normalized, b)  # "ms. oduya (principal) & jen do…": who, then the work
        if after is not None and (not after.group("name") or is_given_name(after.group("name"))):
            b = after.end()
        rest = (normalized[:a] + " " + normalized[b:]).strip(" ,.;-–—")
        title = draft_title(rest, None, phrases) if len(rest.split()) >= 2 else ""
        opens = a < 5  # "sarah (our coach) is doing…"; not "letters in spanish … office mgr", signed at the end
        if (
            opens
            and re.match(rf"(?:(?:is|are)\s+[a-z]+ing|(?:{_VERB_PREFIX})?[a-z]+s)\b", rest)
            and not re.match(r"(?:this|his|its|us)\b", rest)
        ):
            title = _imperative_after(title, "")  # "sarah (our coach) is doing the walkthroughs" → "Do the…"
        meaningful = [w for w in re.findall(r"[A-Za-z]{2,}", title) if w.lower() not in _DATE_WORDS | _EVENT_WORDS]
        if len(meaningful) < 2:
            title = (title_from_question(question) if question else None) or title or draft_title(normalized, None, [])
    elif found is not None and fields.owner == found.owner:
        sentence_start = _sentence_start(normalized, found.span[0])
        lead = normalized[sentence_start : found.span[0]]
        if _FILLER_LEAD.fullmatch(lead):
            title = _imperative_after(draft_title(normalized[found.span[1] :], None, phrases), "")
        elif _LABEL_LEAD.fullmatch(lead) and len(normalized[:sentence_start].split()) >= 3:
            title = draft_title(normalized[:sentence_start], None, phrases)  # "…training by March 31. Responsible: X…"
        else:
            title = draft_title(normalized[sentence_start:], owner_phrase, phrases)
    else:
        title = draft_title(normalized, owner_phrase, phrases)
    if declared is not None and declared.owner == fields.owner and _TAKES_UP.search(declared.verb):
        work = normalized[: declared.span[0]].rstrip(" ,.;:-–—")
        if len(work.split()) >= 3:  # "…institute in january. mrs hale books it": the title is the work, not "Book it"
            title = draft_title(work, None, phrases)
    if declared is not None and declared.owner == fields.owner and declared.span[0] > 0:
        said = normalized[declared.span[0] : declared.span[1]].strip(" ,")
        said_re = r"(?:\b(?:with|w/)\s+)?" + re.escape(" ".join(said.split())).replace(r"\ ", r"\s+")
        kept = re.sub(said_re, " ", title, count=1, flags=re.IGNORECASE)
        if len(said) > 3 and kept != title and len(kept.split()) >= 3:  # "…, k-2 teachers with help from Ms. Wu"
            title = re.sub(r"\s*,\s*(?:,\s*)+", ", ", " ".join(kept.split()))
            for _ in range(3):
                title = _TRAILING_JUNK.sub("", title)
    title = re.sub(r"^We\s+(?=[a-z])", "", title)
    if not follows:
        title = with_topic(title, question)
    if question and (is_only_owner(title) or (fields.owner and title.lower().startswith(fields.owner.lower()))):
        title = title_from_question(question) or title  # "Mr. Ibarra (mtss coordinator)" is who, not what
    title = polish_title(title, fields.owner)
    if fields.recurrence:
        title = without_cadence(title)
    title = title[:1].upper() + title[1:]
    if fields.owner:
        fields.owner = tidy_owner(fields.owner)
    return ActionReading(
        fields=fields, title=title, note=" ".join(text.split()), understood=_understood(dates, fields), guessed=guessed
    )


_NAMES_YEAR = re.compile(
    r"\b20\d\d\b|\b(?:next|following)\s+(?:school\s+)?year\b|\b\d{1,2}/\d{1,2}/\d{2}\b", re.IGNORECASE
)


def _passed_dates(fields: ExtractedFields, text: str, today: date, year: SchoolYear) -> list[str]:
    """ "by 9/24" typed in December: the day passed weeks ago this school year, and the same day next year is
    another year's plan. The due date is kept as a guess to ask about; a start that far off is left open."""
    if _NAMES_YEAR.search(text):
        return []
    guessed = []
    for name in ("due", "start"):
        day = getattr(fields, name)
        if day is None or year.contains(day) or day < today:
            continue
        earlier = _shift_year(day, -1)  # asked only when the day just passed is nearer than the one a year on
        if year.contains(earlier) and earlier < today and (today - earlier) < (day - today):
            if name == "due":
                guessed.append("due")
            else:
                fields.start = None
    return guessed


# "no trainer yet", "No trainer picked yet", "(lead TBD)", "the trainer is to be determined": the team says who does it
# is not decided, so no one it names is offered as the owner.
_WHO_WORD = r"(?:trainer|lead|owner|facilitator|presenter|person|coach|speaker|instructor|vendor|poc|point\s+person)s?"
_UNDECIDED = re.compile(
    rf"\bno\s+(?:[\w-]+\s+)?{_WHO_WORD}\b(?:\s+[\w-]+)?\s+yet\b|"
    rf"\b{_WHO_WORD}\s+(?:is\s+|are\s+)?(?:still\s+)?(?:tbd|tba|tbc|to\s+be\s+(?:determined|decided|named|confirmed|announced)"
    rf"|not\s+(?:yet\s+)?(?:picked|chosen|decided|named|assigned|set|found))\b",
    re.IGNORECASE,
)


def with_guessed_owner(
    reading: ActionReading, today: date, year: SchoolYear | None, question: str | None, follows: bool
) -> ActionReading:
    """An action read with no owner gets the person its words most likely mean, marked as a guess to ask about,
    with its title drafted without them; its dates, rhythm and everything else stay as read."""
    if reading.fields.owner is not None or _UNDECIDED.search(reading.note):
        return reading
    if guess_owner(normalize_answer(reading.note)) is None:
        return reading
    again = read_action(reading.note, today, year, question, follows, guess=True)  # the title drafted around them
    if "owner" in again.guessed:
        reading.fields.owner, reading.fields.owner_role = again.fields.owner, again.fields.owner_role
        reading.title, reading.guessed = again.title, [*reading.guessed, "owner"]
    return reading


_NAME_AND_ROLE = re.compile(r"(?:our|the)\s", re.IGNORECASE)
# What a team types before it gets to who does what: "ok so", "yes,", "and then", "um"
_FILLER_LEAD = re.compile(
    r"[\W_]*(?:(?:ok(?:ay)?|so|yes|yeah|fine|sure|then|and|also|plus|um+)[,.!]?\s*)*", re.IGNORECASE
)
_THROUGH = re.compile(r"\b(?:thru|through|until|till|til)\s+(?:the\s+end\s+of\s+)?[a-z]+", re.IGNORECASE)


def _within_school_year(due: date, text: str, recurring: bool) -> date:
    """ "the pairs meet monthly thru june": work that runs through the month school ends in ends on the last day of
    school, not at the end of the month."""
    fall = due.year if due.month >= 7 else due.year - 1
    last = school_calendar(fall).last_day
    if last < due and (due.year, due.month) == (last.year, last.month) and (recurring or _THROUGH.search(text)):
        said_day = re.search(rf"(?<![\d/-]){due.day}(?:st|nd|rd|th)?\b", text)
        return due if said_day or (due + timedelta(days=1)).month == due.month else last
    return due


_HONORIFIC = r"(?:Mr|Mrs|Ms|Mx|Dr)\.\s"
_LAG = re.compile(
    r"\bwithin\s+(?:a|one|two|three|four|five|ten|\d{1,2})\s+(?:school\s+|business\s+|working\s+)?"
    r"(?:days?|weeks?|months?)(?:\s+(?:of|after)\s+(?:it|that|each\s+\w+))?|"
    r"\bin\s+(?:a|one|two|three|four|five|ten|\d{1,2})\s+(?:school\s+|business\s+|working\s+)?"
    r"(?:days?|weeks?|months?)\s+(?:of|after)\s+(?:it|that|each\s+\w+)",
    re.IGNORECASE,
)
_FIRST_ONE = re.compile(
    r"\b(?:the\s+)?first\s+(?:one|session|meeting|night|visit|circle|walk|check(?:-|\s)?in)\s+"
    r"(?:is|will\s+be|'s|is\s+going\s+to\s+be|being)\s+(?:on\s+)?",
    re.IGNORECASE,
)
_ONE_TIME = re.compile(
    r"\b(?:writes?|wrote|drafts?|finali[sz]es?|sets?\s+up|builds?|creates?|designs?|adopts?|chooses?|picks?|"
    r"revises?|rewrites?|updates?|maps?)\b(?:\s+\w+){0,6}?\s+(?:plan|criteria|protocol|policy|handbook|tool|"
    r"rubric|form|dashboard|refresh|matrix|schedule|calendar|guide|it|that|them)\b|"
    r"\bsets?\s+(?:it|that|this|them)\s+up\b",  # "paras get 20 min each day - principal sets that up by monday"
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    "starting beginning from by before after in on until the of end first week month next this school year winter "
    "spring fall break testing semester january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_EVENT_WORDS = frozenset({"pd", "day", "days", "meeting", "staff", "session"})
_SENTENCE = re.compile(NO_TITLE_BEFORE + r"[.;!?]+\s+")


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts."""
    pieces = [m.end() for m in _SENTENCE.finditer(text) if m.end() <= position]
    return pieces[-1] if pieces else 0


# where the owner said before the title was: "… from the district math office is …"
_FROM_WHERE_IS = r"^(?:(?:from|in|at|of)\s+(?:the\s+)?[\w\s&]{1,30}?\s+)?(?:is|are)\s+"
_GOING_TO = re.compile(_FROM_WHERE_IS + r"(?:going\s+to|gonna)\s+(?=[a-z])", re.IGNORECASE)
_DOING_NOW = re.compile(_FROM_WHERE_IS + r"(\w+ing)\b(.*)", re.IGNORECASE)


def _imperative_after(title: str, owner: str) -> str:
    """ "Mrs. Baker reworks the duty schedule" → "Rework the duty schedule" when the title still starts with the
    owner; a title already drafted without the owner gets its third-person verb made imperative."""
    rest = re.sub(r"^\s*\([^)]{1,40}\)\s*", "", title) if not owner else title
    if owner and rest.lower().startswith(owner.lower()):
        rest = rest[len(owner) :].lstrip(" ,")
        rest = re.sub(r"^\([^)]{1,40}\)\s*", "", rest)
    rest = re.sub(r"^(?:said|says)\s+(?:she|he|they)(?:'d|\s+would|\s+will|'ll)\s+", "", rest, flags=re.I)
    rest = re.sub(r"^(?:will|'ll)\s+(?=[a-z])", "", rest, flags=re.IGNORECASE)
    rest = _GOING_TO.sub("", rest)  # "… from the district math office is going to lead a half-day": what they will do
    gerund = _DOING_NOW.match(rest)
    if gerund:
        out = _base(gerund.group(1).lower()) + gerund.group(2)
        return out[:1].upper() + out[1:]
    m = re.match(rf"((?i:{_VERB_PREFIX})?\w+)(\b.*)", rest, re.DOTALL)  # "co-teaches", "spot-checks"
    if m is None:
        return title
    first = m.group(1)
    if owner and rest is title and not re.fullmatch(r"[A-Za-z]+(?:s|es)", first):
        return title
    if first.lower() in {"this", "its", "his", "bus", "plus", "status", "focus", "as", "us", "always", "is"}:
        return title
    plain = re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)?", first) is not None
    verb = _base_verb(first.lower() if "-" in first else first) if plain else first
    out = verb + m.group(2)
    return out[:1].upper() + out[1:] if out.strip() else title


_STATE_VERBS = frozenset("is are has have need needs get gets want wants seems looks feels".split())
_TAKES_UP = re.compile(
    r"\b(?:it|them|that|both|those|this|all\s+of\s+(?:it|them))(?:\s+(?:up|out|over|together|back|going))?\b|"
    r"\b(?:facilitates|facilitate|hosts|host|coordinates|coordinate|chairs|chair|signs\s+off|in\s+charge)\s*$",
    re.IGNORECASE,
)
