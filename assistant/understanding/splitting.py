"""Where one answer holds several actions: numbered or bulleted items, and clauses cut where a new one has its own
subject and verb, its own owner for the same work, or a time of its own."""

from __future__ import annotations

import re

from assistant.understanding.action import _SENTENCE
from assistant.understanding.again import _WE_CLAUSE, _WE_PRESENT, _again_at, _has_verb
from assistant.understanding.clause_times import _DAY, _EVENT, _TIME_CUE, _beyond_time, _cues, _times
from assistant.understanding.dated_steps import _MONTH, days_said, doer_opens, each_dated_doer
from assistant.understanding.first_names import _COMPOUND_NOUN, _DOING, _NOUN_PLURALS, _first_name_subject
from assistant.understanding.given_names import is_given_name
from assistant.understanding.lists import _BULLETS, _bulleted, _listed, closing_owner, typed_items
from assistant.understanding.named import _BARE_VERB, bare_verb, named_each, people_doing
from assistant.understanding.owner_words import (
    _NOT_VERBS,
    _PERSON,
    _PERSON_OR_GROUP,
    _ROLE_HEAD,
    _SUBJECT,
    NO_TITLE_BEFORE,
    RUNS_IT,
    OwnerFound,
    is_only_owner,
)
from assistant.understanding.owners import find_owner
from assistant.understanding.part_tails import _owner_for_all, _shared_tail
from assistant.understanding.people import _VERB, _subject_at
from assistant.understanding.recurrence import find_recurrence

MAX_ACTIONS = 4
# "by race + EL + IEP": one breakdown of the data, not a second action
_BREAKDOWN = (
    r"(?:the\s+)?(?:EL|ELLs?|MLs?|IEPs?|SPED|SWD|504|race|ethnicity|gender|income|FRL|home\s+language|"
    r"disability|first-gen)\b"
)
_BOUNDARY = re.compile(
    rf"\s*(?:{NO_TITLE_BEFORE}[.;!?]+\s+|\n+\s*(?:[-*•]|\d+[.)])?\s*"
    rf"|,?\s+(?:and\s+then|and|then|also|plus|while|&|\+)\s+(?!{_BREAKDOWN})|,\s+)",
    re.IGNORECASE,
)
_DOES_WORK = re.compile(r"(?<=does)\s+(?!not\b|it\b|that\b|this\b|so\b|too\b)\w+\b", re.I)


def _has_subject(text: str, position: int, earlier: OwnerFound | None = None, does: bool = True) -> bool:
    if _WE_CLAUSE.match(text, position):
        return True
    subject = _SUBJECT.match(text, position)
    if subject is not None and subject.group("verb").split()[0].lower() not in _NOT_VERBS:
        return True  # not "the district office in two weeks"
    if does and subject is not None and _DOES_WORK.match(text, subject.end("verb")):
        return True  # "ms. soto does spanish, mr. haddad does arabic"
    if does and subject is not None and subject.group("verb").startswith("has"):
        return True  # "mr. haddad has the letters"
    unit = _subject_at(text, position)
    if unit is not None:
        return True
    # "dani enters the scores, tom double checks them": a first name doing their part after another named person;
    # "…, and joaquin goes through the logs every friday": a given name, whoever was named before
    named = earlier is not None and not earlier.alone and re.fullmatch(r"[A-Z][\w'-]+", earlier.owner)
    if named and _first_name_subject(text, position) is not None:
        return True
    doing = _NAME_DOES.match(text, position)
    return doing is not None and is_given_name(doing.group("name")) and doing.group("verb") not in _NOT_VERBS


# "…, and joaquin goes through the logs": a given name doing work of its own (not "…, kim owns it")
_NAME_DOES = re.compile(
    r"(?P<name>[A-Za-z][\w'-]*)\s+(?:also\s+|then\s+)?(?P<verb>[a-z]{3,}s)\s+"
    r"(?!(?:it|that|this|them|those|both|all)\b)(?=[a-z0-9$+])"
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
_LEAD_TIME = re.compile(r"\W*(?:first|then|by|before|after|starting|due|done|for|on|in|at|until)\b", re.IGNORECASE)
_INSIDE_WH = re.compile(r"\b(?:what|who|which|how|whether|where)\s+(?:\S+\s+){0,2}\S+\s*$", re.IGNORECASE)
_HE_SHE = re.compile(r"(?:he|she)(?:'ll|\s+will|\s+also|\s+is\s+going\s+to)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"(?:it|this|that|those|these|she|he|her|him|they|them|which)\b", re.IGNORECASE)
_ELIDED = re.compile(
    r"(?:(?:also|then)\s+)?(?!(?:is|was|has|this|his|its|us|plus|thus|as|always|sometimes)\b)"
    r"(?:does|[a-z]{2,}(?:s|es))\s+(?:a|an|the|our|their|his|her|one|two|2|\w+ly|(?P<back>it|them)(?=\s+\w)|"
    # "…1x per month & reports out at each task force meeting"
    r"(?:out|up|back)\s+(?:at|to|in)\s+(?:each|every|the|our))\b",
)
_CONTRAST = re.compile(r"\s*(?:,|\s)\s*(?:if|for|when|on|whenever)\b", re.IGNORECASE)
# "…; also look at whether our EL students exit at the same rate": a further piece of work, told as a to-do.
_ALSO_DO = re.compile(
    r"(?:(?:and\s+)?(?:also|plus)|and)\s+(?!(?:a|an|the|our|their|this|that|these|those|we|i|they|he|she|it|new|every|each|all|"
    r"some|any|in|on|at|by|for|with|after|before|once|twice|maybe|probably|not)\b)[a-z]{3,}(?<!ing)(?<!ed)(?<!s)\s+"
    r"(?:the|a|an|our|their|at|into|whether|if|how|who|what|which|with|to|for|over|through|up|out|in|on)\b",
    re.IGNORECASE,
)
_SENTENCE_SEP = re.compile(r"\s*[.;!?\n]")
_MAKEUP = re.compile(
    r"(?:(?:and|also|then|plus)\s+)?(?:anyone|anybody|whoever|new\s+(?:hires|staff|teachers)|late\s+hires|"
    r"(?:staff|people|teachers|folks)\s+who\s+(?:miss|missed|start|join)|absent\s+staff|those\s+who\s+miss)\b",
    re.IGNORECASE,
)


def _after_lead(text: str, position: int) -> int:
    lead = _LEAD.match(text, position)
    return lead.end() if lead else position


def _explicit_subject(text: str, position: int) -> str | None:
    """The owner a clause opens with after any lead-in ("if it's scheduling, the counseling office has to…")."""
    p = _after_lead(text, position)
    if _PRONOUN.match(text, p) or _WE_CLAUSE.match(text, p):
        return None
    found = find_owner(text[p : p + 200])
    if found is None or found.alone or found.span[0] > 3:
        return None
    return found.owner


_DONE_BY = re.compile(
    rf"\b(?:[a-z]+ed|done|run|led|held|kept|seen|read|set\s+up)\s+(?:[a-z]+\s+){{0,3}}?by\s+"
    rf"(?P<who>{_PERSON}|(?:the|our)\s+(?:[\w/-]+\s+){{0,3}}{_ROLE_HEAD}\b)",
)


def _done_by(before: str) -> str:
    """ "mentor logs reviewed quarterly by the induction coordinator": the one person who does the work, named after
    it; "she" in the next sentence is them."""
    found = list(_DONE_BY.finditer(before))
    return found[-1].group("who") if found else ""


_RUNS_IT_END = re.compile(rf"{RUNS_IT}\s*[.!]*\s*")


# telling people what was done with what they said: "post a 'you said, we did' sheet", "tell families what we changed"
_BACK_TO_THEM = re.compile(
    r"\bwhat\s+(?:we|they|the\s+\w+)(?:\s+|'re\s+|\s+are\s+|\s+will\s+)(?:changed|changing|change|fixed|fixing|did|"
    r"heard|learned)\b|"
    r"\byou\s+(?:said|asked|told\s+us)\b|\bwe\s+did\b|\bwhat\s+(?:families|parents|students|kids)\s+told\s+us\b",
    re.IGNORECASE,
)
# after "then", "+", ";" or a full stop: "… in march, then post what we changed"
_BACK_SEP = re.compile(r",?\s+(?:and\s+)?then\s+|\s*(?:;|\+|\.)\s*", re.IGNORECASE)


def tells_back(text: str) -> bool:
    """Whether the opening words of `text` tell people what came of what they said ("then post what we changed")."""
    return _BACK_TO_THEM.search(" ".join(text.split()[:18])) is not None


def _reports_back(before: str, sep: str, clause: str) -> bool:
    """ "family survey in march, then post what we changed": the work of telling people what came of what they
    said, after the work that asked them."""
    if _BACK_SEP.fullmatch(sep) is None or not tells_back(clause):
        return False
    left = re.split(r"[.;:!?]\s+|\n", before)[-1]
    return (
        _BACK_TO_THEM.search(left) is None
        and len(_beyond_time(left)) >= 3
        and not _PRONOUN.match(clause)
        and not re.match(r"(?:what|you|we)\b", clause, re.IGNORECASE)  # "… the results + what we're changing"
    )


def _signed_person(text: str) -> bool:
    """ "dean harris", "TK", "Dr. Okafor", "jen": one person, as a team signs who does the work after a dash."""
    titled = re.fullmatch(r"(?i:coach|principal|dean|nurse|counselor|director|mr|mrs|ms|mx|dr|miss)\.?\s+[\w'-]+", text)
    return is_only_owner(text) or titled is not None or re.fullmatch(r"[A-Z]{2,3}", text) is not None or (
        re.fullmatch(r"[A-Za-z][a-z'-]{2,14}", text) is not None and is_given_name(text)
    )


def _cut_here(text: str, before: str, sep: str, position: int) -> tuple[bool, str]:
    """Whether a new action starts at `position`, and the words it borrows from the one before (an elided
    subject: "principal chats with staff 2x a month and does a family coffee each quarter")."""
    if re.fullmatch(r"\s*(?:and|&|\+)\s*", sep):
        signed = re.split(r"\s[-–—]\s", before)
        if len(signed) > 1 and _signed_person(signed[-1].strip()):
            return False, ""  # "… jan 20 — dean harris + ms. bautista run it": two people signed after a dash
    if _reports_back(before, sep, _sentence_at(text, position)):
        return True, ""  # "… survey in feb, then post what we changed on the site": closing the loop is work of its own
    closing = _SUBJECT.match(text, position)
    if closing is not None and _RUNS_IT_END.fullmatch(text, closing.start("verb")):
        return False, ""  # "monthly data to the board, Capt. Hargrove + TW present": who does what was said
    if _two_things(before, sep, clause_of(text, position)):
        # "coach rivera observes each teacher every 3 weeks + gives written feedback after each observation": the
        # second piece of work is done by whoever opened the first
        earlier = find_owner(before)
        if earlier is None or earlier.alone or earlier.span[0] > 3 or not _doing_first(clause_of(text, position)):
            # "… reports the results to the board in june, and to cabinet each quarter": the same work again
            return True, _again_at(before, sep, clause_of(text, position))
        return True, earlier.owner
    if _next_step_on_its_own_day(before, sep, clause_of(text, position)):
        # "get the CNA program approved by state by march 1 and hire the instructor by 4/30": a next piece of
        # work with a day of its own; it borrows the subject the first one opened with
        earlier = find_owner(before)
        return True, earlier.owner if earlier is not None and not earlier.alone and earlier.span[0] <= 3 else ""
    lead = _after_lead(text, position)
    doer = (_has_subject(text, lead) or doer_opens(text[lead : lead + 200])) and not _PRONOUN.match(text, lead)
    doer = doer and not re.match(r"(?:we|i|you)\b", text[lead:], re.IGNORECASE)  # "we" clauses have rules of their own
    left = re.split(r"[.;:!?]\s+|\n", before)[-1]
    if each_dated_doer(before, sep, clause_of(text, position), doer, _has_verb(left)):
        return True, ""  # "principal writes the letter by 9/30; pta translates it by 10/7"
    if re.fullmatch(r"\s*\+\s*", sep):
        # "ms. kowalski + the dept heads plan…": "+" joins people more often than work; "mentors fill out the form
        # after each session + ms okonkwo checks the forms every friday" joins two clauses, each with its doer
        clause = clause_of(text, position)
        doer = find_owner(before) is not None or re.match(r"\W*(?:we|i)\s", before, re.IGNORECASE) is not None
        two_doers = doer and _has_verb(before) and not is_only_owner(before)
        return two_doers and len(clause.split()) >= 4 and _has_subject(clause, 0, does=False), ""
    if _owner_each(before, sep, clause_of(text, position), _sentence_at(text, position)):
        return True, ""
    again = _again_at(before, sep, clause_of(text, position))
    if again:
        return True, again
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
    if pronoun and (earlier is None or earlier.alone) and _SENTENCE_SEP.match(sep):
        said, named = _times(sentence), _done_by(before)
        if named and said and said - said_before:  # "logs reviewed quarterly by the coordinator; she also sends…"
            return True, named
    if _has_subject(text, lead, earlier):
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
        if not _SENTENCE_SEP.match(sep) or _has_subject(text, lead, does=False):
            return False, ""
    if _SENTENCE_SEP.match(sep):
        if _new_owner_with_time(before, sentence) or _ALSO_DO.match(sentence.lstrip(" -,")):
            return True, ""
        also = re.match(r"\W*(?:and\s+)?also\s", sentence)
        if also and _times(sentence) - said_before and _has_verb(sentence) and not _PRONOUN.match(sentence, also.end()):
            return True, ""  # "…within a week. also starting in the fall every new teacher gets a coaching cycle"
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
    elided = _ELIDED.match(clause)
    then = re.search(r"\bthen\b", sep, re.I)  # "…, then tests it the week of oct 5": a next step, not the same work
    if (
        re.match(r",?\s+(?:and|&|(?:and\s+)?then)\s", sep, re.I)
        and earlier is not None
        and not earlier.alone
        and ((elided and (then or not elided.group("back"))) or bare_verb(sep, clause, before))
    ):
        own = _times(clause) or _times(sentence)  # "…and hosts a night in spanish and english before spring break"
        if said_before and own and not own & said_before:
            return True, earlier.owner
    return False, ""


# a verb that opens a next step and goes on with what it is done to: "train them", "sends it home", "present what…"
_VERB_ON = re.compile(
    r"(?:also\s+)?(?!(?:and|or|but|for|from|with|at|in|on|to|by|after|before|during|of|is|are|was|were|be|been|has|"
    r"have|had|not|all|each|every|more|less|the|a|an|it|they|we|i|get|gets|got|need|needs|want|wants)\b)"
    r"[a-z]{3,}\s+(?:it|them|what|how|those|these)\b",
    re.IGNORECASE,
)


_STEP = re.compile(
    r"(?:then\s+)?(?:share|send|draft|present|post|hold|host|review|update|train|schedule|collect|translate|publish|order|"
    r"hire|interview|finalize|finalise|submit|report|launch|print|mail|email|call|write|pull|build|bring|take|give|"
    r"hand\s+out|roll\s+out|sign|book|buy|purchase|deliver|distribute|analy[sz]e|compile|revise|adopt|approve)\s+\S|"
    r"(?:[\w-]+\s+){1,3}(?:done|finished|completed|posted|sent(?:\s+out|\s+home)?|drafted|submitted|approved|"
    r"ordered|hired|scheduled|up)\s+(?:by|on|before|no\s+later)\b",
    re.IGNORECASE,
)


def _next_step_on_its_own_day(before: str, sep: str, clause: str) -> bool:
    if re.fullmatch(r",\s+", sep):
        # "draft the survey by oct 1, share results at the nov 15 board mtg", "posting up next friday, interviews done
        # by 5/13": after a comma, only a step said as one (a plain verb, or a thing and its being done), each with
        # a day of its own
        left = re.split(r"[.;:!?]\s+|\n", before)[-1]
        mine, theirs = days_said(left), days_said(clause)
        return (
            _STEP.match(clause) is not None
            and bool(mine)
            and bool(theirs)
            and not mine & theirs
            and len(_beyond_time(left)) >= 2
            and len(_beyond_time(clause)) >= 2
        )
    if re.fullmatch(r",?\s+(?:and|and\s+then|then|plus|\+)\s+|\s*\+\s*", sep, re.IGNORECASE):
        opens = _BARE_VERB.match(clause) or _VERB_ON.match(clause)  # "…and train them in feb", "…and sends it home by…"
    else:
        return False
    if opens is None or _PRONOUN.match(clause) or _has_subject(clause, 0):
        return False
    mine = {m.group().lower() for m in _DAY.finditer(before)} | {m.group().lower() for m in _EVENT.finditer(before)}
    mine |= {m.group().lower() for m in _MONTH.finditer(before)}  # "survey the families in oct then share back…"
    theirs = {m.group().lower() for m in _DAY.finditer(clause)}
    theirs |= {m.group().lower() for m in _MONTH.finditer(clause)}  # "…by jan 15 and train them in feb"
    return bool(mine) and bool(theirs) and not mine & theirs and len(_beyond_time(clause)) >= 3


def _doing_first(clause: str) -> bool:
    """ "gives written feedback…", "fix the SPED flags…": a clause that opens with what is done, not with a thing
    ("visits to each classroom", "calls home" is the doing; "calls to families" is a thing)."""
    m = re.match(rf"(?:also\s+|then\s+)?(?P<verb>{_DOING})\b", clause, re.IGNORECASE)
    if m is None:
        return _ELIDED.match(clause) is not None
    return not (m.group("verb").lower() in _NOUN_PLURALS and _COMPOUND_NOUN.match(clause, m.end()))


def clause_of(text: str, position: int) -> str:
    end = _BOUNDARY.search(text, position)
    return text[position : end.start() if end else len(text)]


def _two_things(before: str, sep: str, clause: str) -> bool:
    """ "3 days in july + a monthly coach PLC", "CCI self study every spring plus WICOR walkthroughs each semester":
    two pieces of work listed with "+", "plus" or ", and", each with a time of its own."""
    if not re.fullmatch(r"\s*\+\s*|,?\s+plus\s+|,\s+and\s+|,?\s+and\s+also\s+", sep, re.IGNORECASE):
        return False
    if _PRONOUN.match(clause) or _WE_CLAUSE.match(clause) or is_only_owner(clause) or is_only_owner(before):
        return False
    if before.count("(") > before.count(")"):
        return False  # "twice a year (nov + april)"
    if re.search(r"\b(?:it|them|those|these)\b", clause, re.I) and not _doing_first(clause):
        return (
            False  # "…, and ms reyes compares it to…" carries the same work on; "+ graphs them every friday" does not
        )
    if _has_subject(clause, 0):
        return False  # a clause with its own subject is cut (or not) by the rules for clauses
    left = re.split(r"[.;:!?]\s+|,\s+", before)[-1]
    mine, theirs = _times(left) | _cues(left), _times(clause) | _cues(clause)
    if not mine or not theirs or theirs <= mine or mine <= theirs:
        return False
    # a one-time event and a routine, or two rhythms, cannot be one action's dates; two dates may be one action
    # ("the institute in june, plus the series in the fall")
    rhythms = (find_recurrence(left), find_recurrence(clause))
    if rhythms[0] is None and rhythms[1] is None:
        return False
    if rhythms[0] is not None and rhythms[1] is not None and rhythms[0].label == rhythms[1].label:
        return False
    return len(_beyond_time(clause)) >= 1 and len(_beyond_time(left)) >= 1


_OWNER_COLON = re.compile(rf"(?:{_PERSON_OR_GROUP.pattern})\s*:\s+\S")
_OWNER_IN_BRACKETS = re.compile(rf"\((?P<who>(?:{_PERSON_OR_GROUP.pattern}))\)\s*[.,;]?\s*$")


def _owner_each(before: str, sep: str, clause: str, sentence: str) -> bool:
    """ "ms kim: LETRS training by oct 1. coach bell: monthly observations", "training by oct 1 (ms kim) and monthly
    observations (coach bell)": each piece of work written with its own owner."""
    if _SENTENCE_SEP.match(sep) and _OWNER_COLON.match(sentence) and _OWNER_COLON.match(before.lstrip(" -")):
        return True
    if named_each(before.lstrip(" -"), sep, clause) or (people_doing(sep, clause) and _has_verb(before)):
        return True
    first, second = _OWNER_IN_BRACKETS.search(before), _OWNER_IN_BRACKETS.search(clause)
    return (
        first is not None
        and second is not None
        and first.group("who").lower() != second.group("who").lower()
        and len(before[: first.start()].split()) >= 2
        and len(clause[: second.start()].split()) >= 2
    )


_STEP_WORD = re.compile(r"(?:and\s+)?(?:then|after\s+that|next)\s*,?\s+", re.IGNORECASE)


def _split(text: str) -> tuple[list[str], bool]:
    """The answer cut where a new clause has its own subject and verb ("…, and the coaches will…"), its own
    owner for the same work, or a time of its own; and whether the team listed the parts as separate work
    (numbered or bulleted, "+" between a one-time event and a routine, "and also" the same verb again)."""
    listed = _listed(text)
    if listed is not None:
        return listed[:MAX_ACTIONS], True
    typed = typed_items(text)
    if typed is not None:
        return typed[:MAX_ACTIONS], True
    if len(_BULLETS.findall(text)) >= 2:
        parts = _bulleted(text)
        if len(parts) >= 2:
            return parts[:MAX_ACTIONS], len(_BULLETS.findall(text)) >= len(parts)
        if len(parts) == 1:  # "- weekly grade check…\n- Owner: Mrs. O'Hara": one piece of work and who owns it
            text = parts[0]
    cuts = [0]
    borrowed = {0: ""}
    listed_things = False
    for m in _BOUNDARY.finditer(text):
        if m.end() >= len(text):
            continue
        if m.start() - cuts[-1] < 12 and not (
            _SENTENCE_SEP.match(m.group(0)) and is_only_owner(text[cuts[-1] : m.start()])
        ):
            continue
        before, clause = text[cuts[-1] : m.start()], clause_of(text, m.end())
        cut, borrow = _cut_here(text, before, m.group(0), m.end())
        if cut and (_again_at(before, m.group(0), clause) or _two_things(before, m.group(0), clause)):
            listed_things = True  # "+ a monthly coach PLC", "and also at the june staff mtg"
        if cut:
            cuts.append(m.end())
            borrowed[m.end()] = borrow
    parts = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=False):
        chunk = text[a:b].strip(" ,;")
        step = _STEP_WORD.match(chunk) if a else None
        if step and _has_subject(chunk, step.end()) and not _PRONOUN.match(chunk, step.end()):
            chunk = chunk[step.end() :]  # "then grade teams set their own by oct 15": the doer is "grade teams"
        chunk = re.sub(r"(?:,?\s+(?:and\s+then|and|then|also|plus|while|&|\+))\s*$", "", chunk, flags=re.IGNORECASE)
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
            if borrowed[a]:
                chunk = re.sub(r"^(?:also|again)\s+", "", chunk, flags=re.IGNORECASE)
            parts.append(f"{borrowed[a]} {chunk}".strip())
    merged: list[str] = []
    for part in parts:
        if merged and len(part.split()) < 4 and not is_only_owner(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    if listed_things and len(merged) >= 2:
        merged = _owner_for_all(merged)
    closing = closing_owner(merged[-1]) if len(merged) >= 2 else None
    if closing is not None:
        merged[-1] = closing[0]  # "… -- Dr. Vance on both": who owns every part is given to each when read
    if not merged:
        return [text], False
    return _shared_tail(merged)[:MAX_ACTIONS], listed_things and len(merged) >= 2


def split_listed(text: str) -> tuple[list[str], bool]:
    """The parts of an answer, and whether the team listed them as separate work (see `_split`)."""
    return _split(text)
