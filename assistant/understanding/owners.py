"""Who does it, when the answer says so the way people talk: "mrs baker reworks the duty schedule",
"the mtss task force drafts…", "mr haddad (AP) does…", "team leads fill out the log", "-mrs baker".

`people` reads owners from tidy sentences ("Dana Reyes will…", "led by the data team"); this module adds the
subject of a clause in the present tense, a person signing an answer, and an answer that is only a name.
Names arrive already capitalised by `normalize` ("ms kim" → "Ms. Kim").
"""

from __future__ import annotations

import re

from assistant.understanding.accents import fold_accents, with_accents
from assistant.understanding.first_names import (
    _first_name_subject,
    given_name_doing,
)
from assistant.understanding.named import _STATE_VERBS, capitalised_doer, each_does, named_aside
from assistant.understanding.owner_words import (  # the words several readers share are kept where they were
    _COMMON_SUBJECTS as _COMMON_SUBJECTS,
)
from assistant.understanding.owner_words import (
    _DATE_TAIL,
    _GROUP,
    _GROUP_HEAD,
    _NOT_NAMES,
    _NOT_VERBS,
    _PARTICIPANTS,
    _PERSON,
    _ROLE_HEAD,
    _SESSION_WITH,
    _SUBJECT,
    _TIMEWORD,
    _WITH_GROUP,
    RUNS_IT,
    RUNS_IT_S,
    WHOEVER,
    OwnerFound,
    initials_owner,
    is_trained,
    whoever_owner,
)
from assistant.understanding.owner_words import (
    _INTERJECTIONS as _INTERJECTIONS,
)
from assistant.understanding.owner_words import (
    _VAGUE_TEAM as _VAGUE_TEAM,
)
from assistant.understanding.owner_words import (
    _clean_group as _clean_group,
)
from assistant.understanding.owner_words import (
    takes_part as takes_part,
)
from assistant.understanding.people import _lowercase_name
from assistant.understanding.role_named import role_named, signed_role
from assistant.understanding.signed import people_label, signature_sentence
from assistant.understanding.tails import tail_owner

_CLAUSE_START = re.compile(
    r"(?:^|[.;!?:]\s+|,\s+|\b(?:and|then|so|but|also|plus|while)\s+|\n|\s-\s|\s[–—]\s*|"
    r"\b(?:so\s+)?(?:basically\s+)?what\s+we\s+(?:said|decided|agreed)\s+(?:was|is)\s+|"
    r"\b(?:separately|additionally|meanwhile|finally|lastly|after\s+that|on\s+top\s+of\s+that),?\s+|"
    r"^\W*(?:ok(?:ay)?|yes|yeah|fine|sure|well|um+)\W*\s+|^\s*(?:[*•·▪◦>]+|\d{1,2}[.)])\s+)"
)
_SIGNED = re.compile(rf"(?:^|\s)[-–—~]\s*(?P<person>{_PERSON})\s*\.?\s*$")
# "intervention groups for 3rd - mrs. okafor & the 3rd grade team, done by friday", "… -> dr. okoye",
# "bus routes → transportation dept, we need them by june 4",
# "student led conferences feb 18 - the 4th grade team w/ ms ray"
_NAME_GONNA = re.compile(
    rf"(?:^|(?<=[.;,:!?]\s)|(?<=\s[-–—]\s)|(?<=\band\s)|(?<=\bso\s)|(?<=\bbasically\s)|(?<=\bhonestly\s))(?P<name>{_PERSON}|[A-Za-z][a-z-]{{1,14}})"
    r"(?:'s|\s+is)\s+(?:gonna|going\s+to|(?P<done>on\s+(?:it|that|those)|got\s+(?:it|that|this)|"
    r"(?:handling|doing)\s+(?:it|that|those|them|this)))\b"
)
_DASH_PEOPLE = re.compile(
    rf"(?:\s[-–—~]+|\s*(?:->|→|=>))\s*(?P<people>(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP}|(?P<first>[a-z][a-z'-]{{1,14}}))"
    rf"(?:\s*(?:,|and|&|\+|w/|with)\s*(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP}))*)"
    r"(?=\s*(?:[,.;!]|$)|\s+(?:in|by|before|starting|asap|thru)\b)"
)
_WITH = (
    rf"(?:\s+(?:and|&|\+)\s+(?:(?:the|our)\s+)?"
    rf"(?:{_PERSON}|(?!(?:Mr|Mrs|Ms|Mx|Dr|Sra|Srta|Supt)\b)[\w-]+"
    # "Capt. Hargrove + TW present": the second word is what they do, not part of who
    rf"(?:\s+(?!(?:{RUNS_IT}|attend|meet|review|sign)\b)[\w-]+)?))?"
)
_PERSON_FIRST = re.compile(
    rf"^\W*(?:(?:ok(?:ay)?|so|yes|yeah|fine|sure|um+)[,.!]?\s+)*(?P<subject>{_PERSON}{_WITH})"
    rf"(?:\s*\((?P<paren>[^)]{{1,40}})\)|\s*,\s*(?:(?:the|our)\s+)?(?P<paren2>(?:[\w&/-]+\s+){{0,4}}{_ROLE_HEAD}))?(?=\s*(?:[.,;:(]|$|\s+(?:in|from|at|of|for|with|if|when|whenever|by|before|on|starting|-)\s))"
)
_PERSON_LAST = re.compile(
    rf"(?:^|[.;!?,:]\s*|\s[-–—]\s*)(?P<subject>{_PERSON}{_WITH})(?:\s*\((?P<paren>[^)]{{1,40}})\))?"
    rf"{_DATE_TAIL}\s*[.!]*\s*$"
)
_GROUP_FIRST = re.compile(
    rf"^\W*(?:(?:ok(?:ay)?|so|yes|yeah|fine|sure|um+)[,.!]?\s+)*(?P<subject>(?:{_GROUP})"
    rf"(?:\s+(?:and|&|\+)\s+(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP}))?)"
    r"(?=\s*(?:[.,;:|]|$|\s+for\s|\s[-–—]\s|\s*(?:->|→|=>|➡️?)\s|\s+(?:then|again|too)\b\s*[.,;:!]|"
    r"\s+(?:on|at|by|before|after|during|starting)\s+(?:the\s+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"mon|tue|wed|thu|fri|next|first|winter|spring|fall|summer|pd|staff|each|every)))"
)
_PERSON_SENTENCE = re.compile(
    rf"(?:^|[.;!?]\s+)(?P<subject>{_PERSON}(?:\s+(?:and|&|\+)\s+(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP}))?)\s*[.;!?]"
)
_PERSON_ANYWHERE = re.compile(rf"(?<![\w.])(?={_PERSON})")
_BY_PERSON = re.compile(
    rf"\bby\s+(?P<who>{_PERSON}(?:\s+(?:and|&)\s+(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP}))?)(?![\w'])"
)
_DONE_BY_GROUP = re.compile(
    rf"[,—–-]\s+(?:[a-z]+ed|done|run|led|made|sent|set\s+up)\s+by\s+(?P<who>(?:the|our)\s+(?:{_GROUP}))\s*[.!]*$"
)
_HELPED_BY = re.compile(
    rf"\b(?:feedback|support|coaching|help)\s+(?:from|by)\s+(?P<who>{_PERSON}|(?:the|our)\s+{_GROUP})(?![\w'])"
)
_SENT_FROM = re.compile(
    r"\b(?:e-?mails?|letters?|updates?|newsletters?|messages?|notes?|memos?|texts?|calls?|briefings?|overviews?|"
    r"refreshers?|demos?|presentations?|shout-?outs?|announcements?|videos?|trainings?|feedback|support|coaching|"
    r"check-?ins?|visits?|reminders?|bulletins?|posts?|walkthroughs?|observations?|workshops?|sessions?|"
    r"lessons?|demo\s+lessons?|invitations?|invites?|surveys?)\s+(?:(?:each|every)\s+\w+\s+)?(?P<from>from\s+)"
    rf"(?P<who>(?:{_PERSON}|(?:{_GROUP})|[a-z][a-z'-]{{1,14}}\b(?!\s+[a-z]+\s+(?:office|team|dept)))"
    r"(?:\s*\((?P<paren>[^)]{1,40})\))?)",
    re.IGNORECASE,
)
_WITH_PERSON = re.compile(
    rf"\b(?:with|w/|from|con)\s+(?:(?:the|our)\s+(?:[\w-]+\s+){{0,3}}?|"
    rf"(?:(?:the|our|la|el)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_ROLE_HEAD}|{_GROUP_HEAD})(?:\s*(?P<bracket>\()|\s*(?P<comma>,)\s+))?"
    # "sped coord (K. Whitfield)", "la coach, Ms. Ibarra,", "from coach bell and ms. park"
    rf"(?P<person>{_PERSON}(?:\s+(?:and|&|\+)\s+{_PERSON})?)(?(bracket)\)|(?(comma)(?=\s*,)|))"
)
_NAMED_ROLE = re.compile(
    rf"(?P<name>(?!(?:the|our|and|then|so|but|also|plus|while|ok|okay)\b)[A-Za-z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
    rf"\s*\((?P<role>(?:(?:the|our)\s+)?(?:[\w&/-]+\s+){{0,3}}{_ROLE_HEAD})\)"
    rf"(?P<with>\s+(?:and|&|\+)\s+(?:{_PERSON}|{_GROUP})(?=\s+[a-z]+\b))?"
)
_ONLY = re.compile(rf"^\W*(?P<person>{_PERSON})(?:\s*\((?P<paren>[^)]{{1,40}})\))?\W*$")


def find_owner(text: str) -> OwnerFound | None:
    """The first clause subject that does the work, a signature, or an answer that is only a name. Names with
    accents ("Renée", "profe Báez", "mr. ó briain") are read as their letters without them and given back as typed."""
    folded = fold_accents(text)
    found = _find_owner(folded)
    found = _group_named(found, folded) if found is not None else None
    if found is not None and _DAY_MEETING.match(found.owner):
        return None  # "every thursday PLC, 20 min where…": when the work happens, not who does it
    runs = _SIGNED_RUNS.fullmatch(found.owner) if found is not None and found.alone else None
    if found is not None and runs is not None:  # "… . The principal chairs.": the principal, chairing it
        found = OwnerFound(runs.group("who"), found.role, found.span, verb=runs.group("verb").lower())
    if found is None or folded == text:
        return found
    return with_accents(found, text, folded)


_DAY_MEETING = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?\s", re.IGNORECASE)
_SIGNED_RUNS = re.compile(rf"(?P<who>.*\b(?:{_ROLE_HEAD}|{_GROUP_HEAD}))\s+(?P<verb>{RUNS_IT_S})")


# "success coaches call every kid…", "VCC instructors flag…", "ESD coach (Marisol) in 2x/mo…": the word read as
# what someone does is the head of who they are
_HEAD_THEN = re.compile(
    r"\s*(?:\((?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\)|(?:will\s+|also\s+)?(?P<verb>call|flag|run|meet|do|use|check|"
    r"pull|send|review|co-plan|observe|lead|coach|visit|host|teach|track|log|text|email|share|present|write|plan|"
    r"train|make|get|give|take|set|post|update|go|help|support|work|hold|attend|join|watch|read|contact|reach|"
    r"follow|monitor|enter|score|look|model|walk|bring|collect|report|sign|tutor|mentor|greet|cover|split)\b)"
)


def _group_named(found: OwnerFound, text: str) -> OwnerFound:
    word = found.verb.split()[0] if found.verb else ""
    if found.alone or not word or not (re.fullmatch(_GROUP_HEAD, word) or re.fullmatch(_ROLE_HEAD, word)):
        return found
    at = text.find(word, found.span[0])
    then = _HEAD_THEN.match(text, at + len(word)) if at >= 0 else None
    if then is None:
        return found
    who = text[found.span[0] : at + len(word)]
    if then.group("name"):  # "ESD coach (Marisol)": the person, and the role she holds
        return OwnerFound(then.group("name"), who, (found.span[0], then.end()), verb="")
    return OwnerFound(who, None, (found.span[0], then.start("verb")), verb=then.group("verb"))


def _find_owner(text: str) -> OwnerFound | None:
    only = _ONLY.match(text)
    if only:
        return OwnerFound(only.group("person"), only.group("paren"), only.span(), alone=True)
    signed = signature_sentence(text) or initials_owner(text) or tail_owner(text) or signed_role(text)
    if signed is not None:
        return signed
    dash = _SIGNED.search(text)
    if dash and dash.start() > 0:  # "…, and the parent reps get a $25 gift card per mtg - ms. farah"
        return OwnerFound(dash.group("person"), None, dash.span("person"), alone=True, declared=True)
    gonna = _NAME_GONNA.search(text)
    if gonna is not None:  # "gomez is gonna call every family", "nat's on it", "Coach Bell's gonna check…"
        name = gonna.group("name")
        owner = name if re.fullmatch(_PERSON, name) else None
        if owner is None and name.lower() not in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAMES:
            unit = _lowercase_name(name)
            owner = unit.owner if unit is not None else None
        if owner is not None:
            done = bool(gonna.group("done"))
            return OwnerFound(owner, None, (gonna.start("name"), gonna.end()), alone=done, declared=done)
    arrow = _DASH_PEOPLE.search(text)
    first = arrow.group("first") if arrow else None
    if (
        arrow is not None
        and first
        and (
            _lowercase_name(first) is None
            or first in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAMES
            or (" " not in arrow.group("people") and arrow.end() < len(text.rstrip(" .!")))
        )
    ):
        arrow = None  # "- yusuf and the media club" names people; "- asap" or a lone word does not
    if arrow and arrow.start() > 0 and not takes_part(arrow.group("people")):
        people = re.sub(r"\s*(?:&|\+|w/|with)\s*", " and ", _clean_group(arrow.group("people")))
        if first:
            people = first[:1].upper() + people[1:]
        return OwnerFound(people, None, arrow.span("people"), alone=True, declared=True)
    label = people_label(text)
    if label is not None:  # "Benning + ms. tafoya: % of CICO kids meeting goal…"
        return label
    aside = named_aside(text)
    if aside is not None:  # "Becky (she teaches the K-2 combo room) is signed up for LETRS…"
        return OwnerFound(aside[0], None, aside[1], alone=True)
    opening_name = _name_first(text)
    if opening_name is not None:
        return opening_name
    chair = _WHICH_CHAIRS.search(text)
    if chair is not None:  # "the steering committee, which dr. lindqvist chairs, keeps meeting": who runs it
        return OwnerFound(chair.group("person"), None, chair.span("person"), verb=chair.group("verb").lower())
    share = _EACH_OWN.search(text)
    if share is not None:  # "each teacher does their own": every one of them owns their share
        who = share.group("who")
        return OwnerFound(who[:1].upper() + who[1:], None, share.span("who"), verb=share.group("verb").lower())
    whoever = WHOEVER.match(text)
    if whoever is not None:  # "whoever chairs the PLC adds attendance to the agenda": the PLC chair
        return whoever_owner(whoever)
    weak: OwnerFound | None = None
    for start in _CLAUSE_START.finditer(text):
        if _AFTER_HONORIFIC.search(text, 0, start.end()):
            continue  # the period of "Ms." does not start a clause
        named = _NAMED_ROLE.match(text, start.end())
        if named:  # "sarah (our coach) is doing…": a first name the role vouches for
            name = " ".join(w[:1].upper() + w[1:] for w in named.group("name").split())
            role = re.sub(r"^(?:the|our)\s+", "", named.group("role"), flags=re.IGNORECASE)
            if named.group("with"):  # "jess (family liaison) and the principal present…": both of them
                other = re.sub(r"^\s*(?:and|&|\+)\s+", "", named.group("with"))
                return OwnerFound(f"{name} and {other}", None, named.span(), alone=True)
            return OwnerFound(name, role, named.span(), alone=True)
        opening = _OPENING_TIME.match(text, start.end())
        if opening:  # "every 3 weeks the 9th grade team leads bring…"
            m = _SUBJECT.match(text, opening.end())
            if m is not None and m.group("verb").split()[0].lower() not in _NOT_VERBS:
                found = _from_subject(m)
                if found is not None and not _PARTICIPANTS.fullmatch(found.owner):
                    return found
        appos = _APPOSITION.match(text, start.end())
        if appos:  # "the district's data guy, mr. tran, sets up the screener"
            return OwnerFound(
                appos.group("person"), None, (appos.start(), appos.start("verb")), verb=appos.group("verb")
            )
        first = role_named(text, start.end()) or _first_name_subject(text, start.end())
        first = first or initials_owner(text, start.end())
        if first is not None:  # "jo writes the coaching plan", "sharon in district HR is rewriting it"
            return first
        doer = capitalised_doer(text, start.end())
        if doer is not None:  # "Lou reprints the bus passes", "Dispatch sets up the alerts"
            return OwnerFound(doer[0], None, doer[2], verb=doer[1])
        acronym = _ACRONYM_DOING.match(text, start.end())
        if acronym is not None and (
            _ACRONYM_GROUP.search(acronym.group("who")) is None
            or re.fullmatch(_GROUP_HEAD, acronym.group("verb"))
            or acronym.group("verb").endswith(("ers", "ors", "ists", "ents", "ians"))
        ):
            acronym = None  # "the IEP includes…", "the MOU says…": a document, not a group
        if acronym is not None and acronym.group("verb") not in _NOT_VERBS | _STATE_VERBS:  # "the PAC meets…"
            return OwnerFound(acronym.group("who"), None, acronym.span("who"), verb=acronym.group("verb"))
        m = _clause_subject(text, start.end())
        if m is None:
            continue
        verb = m.group("verb").split()[0].lower()
        if (
            m.group("group")
            and re.match(r"(?:each|every)\s", m.group("group"), re.IGNORECASE)
            and verb.endswith("s")
            and not _OWN_SHARE.match(text, m.end())
        ):
            continue  # "each 9th grade team meets weekly" says how the work runs, not who owns it
        if is_trained(m, text):
            continue  # "the 2nd grade team gets the refresher": who is trained, not who trains them
        found = _from_subject(m)
        if found is not None and _PARTICIPANTS.fullmatch(found.owner):
            weak = weak or found  # "teachers practice the script": who takes part, unless no one else is named
        elif found is not None:
            if m.group("group") and not re.search(_PERSON, found.owner):
                person = _person_subject(text, m.end())
                if person is not None:  # "…teams pull their list. ms abdi sets up the refresh by dec 17"
                    return person
            return found
    run_on = given_name_doing(text) or (_person_subject(text, 0) if weak is None else None)
    if run_on is not None:  # "…by oct 1 shawna and deb do the interviews", "so for training miss abernathy will…"
        return run_on
    strong = _named_elsewhere(text)
    if weak is not None and strong is None:
        helper = _HELPED_BY.search(text)
        if helper:  # "advisors run a practice circle and get feedback from the counselors"
            return OwnerFound(_clean_group(helper.group("who")), None, helper.span("who"), alone=True)
    return strong or weak or each_does(text)


_ACRONYM_DOING = re.compile(r"(?P<who>(?:the|our)\s+(?-i:[A-Z]{2,6}))\s+(?:also\s+)?(?P<verb>[a-z]{3,}s)\b(?!')")
_ACRONYM_GROUP = re.compile(
    r"\b(?!(?:IEP|IEPS|BIP|FBA|CIP|SIP|MOU|PDF|URL|LMS|SIS|IFSP|FAQ|RFP|MAP|STAR|GPA|ELA|SEL|PBIS|ILP|PLP|IPDP|EOY|"
    r"BOY|MOY|ADA|IDEA|ESSA|FERPA)\b)[A-Z]{2,6}\b"
)
_WHICH_CHAIRS = re.compile(
    rf"\b(?:which|that|who)\s+(?P<person>{_PERSON})\s+(?:also\s+)?(?P<verb>chairs|leads|runs|heads|coordinates|"
    r"facilitates|oversees|manages|co-chairs|co-leads)(?=\s*[,.;)]|\s+(?:for|with)\b)"
)
_EACH_OWN = re.compile(
    r"(?:^|[,;.:]\s*|\b(?:and|then)\s+)(?P<who>(?:each|every)\s+(?:[\w-]+\s+){0,2}?[a-z]+)\s+(?:will\s+)?"
    r"(?P<verb>[a-z]+)\s+(?:their|his\s+or\s+her|her\s+or\s+his|his|her)\s+own\b",
    re.IGNORECASE,
)
_OWN_SHARE = re.compile(r"\s+(?:their|his\s+or\s+her|her\s+or\s+his|his|her)\s+own\b", re.IGNORECASE)
_OPENING_TIME = re.compile(
    r"(?:(?:every|each)\s+(?:other\s+|\d+\s+|two\s+|three\s+|four\s+|six\s+)?(?:weeks?|months?|quarters?|semesters?|"
    r"years?|spring|fall|monday|tuesday|wednesday|thursday|friday)|once\s+a\s+\w+|in\s+(?:the\s+)?\w+|"
    r"starting\s+\w+(?:\s+\d{1,2})?|after\s+each\s+\w+(?:\s+\w+)?|by\s+\w+(?:\s+\d{1,2})?|"
    # "during PLC time", "at SST", "at the clinic": the meeting or the place the work happens in, said first
    r"(?:during|at)\s+(?:the\s+|our\s+|each\s+|every\s+)?(?-i:[A-Z]{2,5})s?(?:\s+(?:time|meetings?|mtgs?|block|days?))?|"
    r"at\s+the\s+(?:clinic|library|front\s+office|office|gym|cafeteria|center|door|bus\s+loop))"
    r"\s*,?\s+",
    re.IGNORECASE,
)
_APPOSITION = re.compile(
    rf"(?:(?i:the|our|a|an)|[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){{0,3}}'s)\s+[^,.;()]{{1,40}},\s+"
    rf"(?P<person>{_PERSON}|[A-Z][a-z'-]+\s+[A-Z][a-z'-]+),\s+(?P<verb>(?:(?:also|then|will|just)\s+)?[a-z-]+)\b"
)


_MEMBERS = frozenset({"co-chairs", "co-leads"})
_OBJECT = re.compile(r"\s+(?:the|a|an|our|their|it|this|that|each|every|all)\b")


def _clause_subject(text: str, position: int) -> re.Match[str] | None:
    """The subject and verb of the clause at `position`; "the coaches coach paras … every 3 weeks" is the coaches
    coaching, not "the coaches coach paras … every 3" doing "weeks"."""
    end = len(text)
    for _ in range(3):
        m = _SUBJECT.match(text, position, end)
        if m is None:
            return None
        verb = m.group("verb").split()[0].lower()
        if verb in _MEMBERS and not _OBJECT.match(text, m.end()):
            return None  # "the PTA co-chairs meet…": the co-chairs are who, not what the PTA does
        if verb not in _NOT_VERBS or m.group("verb").startswith(("does", "has", "is ", "are ")):
            return m
        end = m.start("verb")
    return None


_NAME_SENTENCE = re.compile(
    r"\W*(?P<name>[a-z][a-z'-]{1,20}(?:\s+[a-z][a-z'-]{1,20})?)"
    r"(?:\s*,\s*(?:our|the)\s+(?P<role>[^,.;]{1,40}?))?\s*(?:[.;]+(?:\s+|$)|$)"  # "buses!!" is no one
)


def _name_first(text: str) -> OwnerFound | None:
    """ "jo", "dani alvarez, our PD coordinator. registration, subs, all of it": an answer that opens with a name."""
    m = _NAME_SENTENCE.match(text)
    if m is None:
        return None
    unit = _lowercase_name(m.group("name"))
    if unit is None or unit.owner.split()[0].lower() in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAMES:
        return None
    return OwnerFound(unit.owner, m.group("role"), (m.start("name"), m.end()), alone=True)


def _person_subject(text: str, position: int) -> OwnerFound | None:
    """A named person doing something later in the answer: "ms. ferreira writes that up…"."""
    for m in _PERSON_ANYWHERE.finditer(text, position):
        sub = _SUBJECT.match(text, m.start())
        if sub is not None and sub.group("person") and sub.group("verb").split()[0].lower() not in _NOT_VERBS:
            found = _from_subject(sub)
            first = _FIRST_AND.search(text, position, m.start())
            unit = _lowercase_name(first.group("name")) if first is not None else None
            if (
                found is not None
                and first is not None
                and unit is not None
                and " and " not in found.owner
                and first.group("name").lower() not in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAMES
            ):  # "…, dana and ms kim split the list": both of them
                owner = f"{unit.owner} and {found.owner}"
                return OwnerFound(owner, None, (first.start("name"), found.span[1]), verb=found.verb)
            return found
    return None


_FIRST_AND = re.compile(r"(?:^|(?<=[,;.]\s)|(?<=\band\s))(?P<name>[A-Za-z][a-z'-]{1,14})\s+(?:and|&|\+)\s+$")


_AFTER_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Sra|Srta|Supt|[A-Z])\.\s*$|(?<=\s)[a-z]\.\s+$")


def _named_elsewhere(text: str) -> OwnerFound | None:
    """A signature, a clause of only names, a named person mid-sentence, or "with ms lo"."""
    signed = _SIGNED.search(text)
    if signed:
        return OwnerFound(signed.group("person"), None, signed.span(), alone=True)
    for pattern in (_PERSON_FIRST, _PERSON_LAST, _GROUP_FIRST, _PERSON_SENTENCE):
        m = pattern.search(text)
        if m:
            paren = m.groupdict().get("paren") or m.groupdict().get("paren2")
            end = m.end() if paren else m.end("subject")
            return OwnerFound(_clean_group(m.group("subject")), paren, (m.start("subject"), end), alone=True)
    # "once a quarter mr alvarez looks at…": a named person doing something, wherever the clause starts.
    for m in _PERSON_ANYWHERE.finditer(text):
        sub = _SUBJECT.match(text, m.start())
        if sub is not None and sub.group("person") and sub.group("verb").split()[0].lower() not in _NOT_VERBS:
            return _from_subject(sub)
    agent = _BY_PERSON.search(text) or _DONE_BY_GROUP.search(text)
    if agent:  # "walkthroughs every 5 weeks by ms castillo and the principal", "…, packed by the assistant teachers"
        return OwnerFound(_clean_group(agent.group("who")), None, agent.span("who"), alone=True)
    sender = _sent_from(text)
    if sender is not None:  # "weekly staff email from the principal (dr. sokolova)", "a briefing from kendra"
        return sender
    helper = _WITH_PERSON.search(text)
    if helper:  # "a makeup session with ms lo in feb", "notes from ms kim": the one person the answer names
        return OwnerFound(helper.group("person"), None, helper.span("person"), alone=True)
    partner = _WITH_GROUP.search(text)
    if partner and not takes_part(partner.group("who")):  # "TFI walkthrough twice a year w/ the district PBIS coach"
        return OwnerFound(_clean_group(partner.group("who")), None, partner.span("who"), alone=True)
    session = _SESSION_WITH.search(text)
    if session:  # "does a makeup w/ jo the week after": a first name the session is with
        name = session.group("name")
        unit = _lowercase_name(name)
        if unit is not None and name.lower() not in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAMES:
            return OwnerFound(unit.owner, None, session.span("name"), alone=True)
    return None


def _sent_from(text: str) -> OwnerFound | None:
    m = _SENT_FROM.search(text)
    if m is None:
        return None
    who, paren = re.sub(r"\s*\([^)]*\)$", "", m.group("who")).strip(), m.group("paren")
    span = (m.start("from"), m.end("who"))  # the title keeps the work, not "from the principal"
    if paren and re.fullmatch(_PERSON, paren.strip(), re.IGNORECASE):
        return OwnerFound(paren.strip(), re.sub(r"^(?:the|our)\s+", "", who, flags=re.I), span, alone=True)
    if re.fullmatch(r"[a-z][a-z'-]{1,14}", who):
        name = _lowercase_name(who)
        if name is None or who in _COMMON_SUBJECTS | _INTERJECTIONS or _TIMEWORD.search(who):
            return None
        return OwnerFound(name.owner, paren, span, alone=True)
    if who.lower() in {"the district", "the state", "the county", "home", "them", "us"}:
        return None
    return OwnerFound(_clean_group(who), paren, span, alone=True)


def _from_subject(m: re.Match[str]) -> OwnerFound | None:
    subject = m.group("subject").strip()
    role = m.group("paren") or m.group("gparen")
    subject = re.sub(r"\s*\([^)]*\)", "", subject)
    subject = _clean_group(subject)
    subject = re.sub(r"\s*,?\s+(?:and|&|\+)\s+(?:I|me)$", "", subject)  # "Mr. Haddad, Ms. Kline and I"
    if "," in subject and re.fullmatch(rf"{_PERSON}(?:\s*,\s*{_PERSON})+(?:\s+(?:and|&|\+)\s+.+)?", subject):
        subject = re.sub(r"\s*,\s*(?:(?:and|&|\+)\s+)?", " and ", subject)
    if subject.lower() in {"we", "they", "i"} or (len(subject) < 3 and not subject.isupper()):  # "HR posts…"
        return None
    if role and ("," in role or len(role) > 40):
        role = None  # "the interview panel (mr reyes, 2 math teachers and a parent…)": who is on it, not a role
    named = _lowercase_name(m.group("gparen")) if m.group("gparen") and re.fullmatch(_ROLE, subject) else None
    gparen = (m.group("gparen") or "").strip()
    if re.fullmatch(r"[a-z]\.\s?[a-z][a-z'-]{2,}", gparen):  # "the registrar (r. tsosie)": an initial and a surname
        gparen = gparen[0].upper() + ". " + gparen[2:].strip().capitalize()
    if gparen and re.fullmatch(_PERSON, gparen):
        subject, role = gparen, subject  # "the freshman AP (Mr. Tran)" is Mr. Tran
        rest = re.match(r"\s*\)\s*(?:and|&|\+)\s+(?P<other>.+)", m.string[m.end("gparen") : m.end("subject")])
        if rest is not None:  # "sped coordinator (K.W.) + ms ortiz": both of them
            subject, role = f"{subject} and {_clean_group(rest.group('other'))}", None
    elif named is not None and " " not in named.owner:  # "our counselor (dana) sets it up" is Dana
        subject, role = named.owner, re.sub(r"^(?:the|our)\s+", "", subject, flags=re.IGNORECASE)
    elif " and " in subject and m.group("paren") is None and re.search(r"\([^)]*\)", m.group("subject")):
        role = None  # "Dr. Amari and Ms. Wallace (sped dept head)": the role is one person's, not both
    place = m.group("place") or ""
    if re.match(r"\s+(?:for|of)\s", place) and re.search(_HOLDS_OFFICE, subject):
        subject += " " + " ".join(place.split())  # "the asst supt for special ed coordinates it": the whole title
    partner = _MEETS_WITH.match(m.string, m.end("verb")) if m.group("verb").lower() in {"meet", "meets"} else None
    if partner is not None and " and " not in subject:  # "the coaches meet with mr haddad every other monday"
        subject, role = f"{subject} and {partner.group('person')}", None
    return OwnerFound(subject, role, (m.start("subject"), m.start("verb")), verb=m.group("verb").lower())


_ROLE = rf"(?:(?:the|our)\s+)?(?:[\w-]+\s+){{0,2}}{_ROLE_HEAD}"
_HOLDS_OFFICE = re.compile(
    r"(?i:superintendent|supt\.?|director|chief|officer|coordinator|dean|president|vp|manager|head)$"
)
_MEETS_WITH = re.compile(rf"\s+(?:with|w/)\s+(?P<person>{_PERSON})(?![\w'])")
