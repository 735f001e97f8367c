"""The owner a team writes at the end of an action, after a dash, an arrow or a comma: "… every 2 weeks — front
desk", "… at the 1/27 early release, Okafor", "… -> counseling office by 1/22", "… — CFO to build it into the
budget by 10/30", "… - Darlene, before feb break". Only people, roles, teams or offices count; a closing list of
languages or a date does not."""

from __future__ import annotations

import re

from assistant.understanding.given_names import is_given_name
from assistant.understanding.owner_words import _PERSON as _PERSON_SRC
from assistant.understanding.owner_words import _ROLE_HEAD as _ROLE_HEAD_SRC
from assistant.understanding.owner_words import LANGUAGES, OwnerFound, is_only_owner
from assistant.understanding.people import _NAME_STOP
from assistant.understanding.reply import PEOPLE_JOIN, named_alone

_SEP = re.compile(
    r"\s+[-–—~/]+\s+|\s*(?:->|→|=>|➡️?)\s*|\s*[,;]\s+|\s*\|\s*|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSr)(?<!\bSra)"
    r"(?<!\bSupt)(?<!\bDir)(?<!\b[A-Z])\.\s+"
)
_DASHED = re.compile(r"[-–—~>→➡|/]")
# what may follow the people: a date, a rhythm, "to build it …", a note in brackets
_AFTER = re.compile(
    r"(?:^|\s*[,(]\s*|\s+)(?:by|before|on|in|at|after|starting|due|every|each|weekly|monthly|quarterly|daily|asap|"
    r"thru|through|until|no\s+later|[1-9]\s*x|twice|once|to\s+[a-z]+|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|"
    r"nov|dec|\d|eoy|boy|moy|q[1-4]|target|antes|despu[eé]s|empezando|cada|para\s+el)\b.*$|\s*\([^)]*\)\s*$",
    re.IGNORECASE,
)
_NOT_PEOPLE = LANGUAGES | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december tbd tba none nobody everyone all ongoing done yes no ok""".split()
)
_ROLE_WORDS = re.compile(
    r"(?:[A-Za-z&]+\s+){0,3}(?i:chief|counsel|desk|manager|mgr|advocates?|specialists?|office|officer|department|"
    r"dept|team|staff|services|providers?|coordinator|director|dir\.?|vendor|partners?|council|committee|chiefs|"
    r"president|analytics)(?:\s+(?:of|for)\s+[A-Za-z&]+(?:\s+[A-Za-z&]+){0,2})?"
)


_AUDIENCE = re.compile(
    r"(?:(?:the|our|all|every|each)\s+)?(?:[\w-]+\s+){0,2}(?i:families|parents|students|kids|community|board|everyone|"
    r"everybody|caregivers|guardians|scholars|children|public)"
)
_TAKING_PART = re.compile(
    r"(?:(?:the|our|all|every|each)\s+)?(?:[\w-]+\s+){0,2}(?i:teachers|staff|paras|paraprofessionals|aides|advisors|"
    r"tutors|classes|grades|sections|rooms|schools|campuses|sites)"
)
_DOING = re.compile(
    r"(?:[a-z]+ing|[a-z]{3,}ed|(?:tell|sign|own|nominate|help|run|lead|do|make|send|check|review|pull|share|present|post|write|"
    r"hold|host|meet|call|set|get|give|take|keep|track|plan|pick|start|go|come|bring|teach|train|coach|visit)e?s)"
)
_ROLE_NAME = re.compile(
    rf"(?P<role>{_ROLE_WORDS.pattern}|(?:[a-z]+\s+){{0,2}}[a-z]*(?:coach|specialist|lead|liaison))"
    r"\s+(?P<name>[A-Z][a-z'-]+)"
)


# "Principal Kowalski chairs", "Benning pulls it from SWIS": the person said last, then the work they take up
_DOES_IT = re.compile(
    r"\s+(?:also\s+)?(?!(?:is|was|has|does|gets|needs|wants|says)\b)(?P<verb>[a-z]{3,}s)(?:\s+(?:it|them|that|this)"
    r"(?:\s+(?:up|out))?)?(?:\s+from\s+[A-Za-z]+)?$"
)
# after a dash, what they do may go on: "— TK checks each one has a goal", "- Hollis (LPN) pulls from the EHR"
_DOES_MORE = re.compile(
    r"(?<=[\w)])\s+(?:also\s+)?(?!(?:is|was|has|does|gets|needs|wants|says)\b)(?P<verb>[a-z]{3,}s)(?:\s+[\w'/-]+){1,8}$"
)
_LEADS = frozenset("chairs leads runs facilitates coordinates hosts organizes organises owns handles".split())
# "OT + SLP lead": two people, then the verb they share
_SHARED_VERB = re.compile(
    rf"(?P<who>.+\s(?:\+|&|and)\s.+?)\s+(?:lead|run|teach|present|facilitate|co-lead|host|train)|"
    rf"(?P<one>{_PERSON_SRC})\s+(?:{'|'.join(sorted(_LEADS))})"
)


def without_lead_verb(who: str) -> str:
    """ "OT + SLP lead" → "OT + SLP", "AP Robles leads" → "AP Robles": who, without the verb said after them."""
    m = _SHARED_VERB.fullmatch(who)
    return (m.group("who") or m.group("one")) if m else who


# "Mrs. Lund the title aide", "Data Office (J. Moreno)": a person with their role, or a role naming its person
_WITH_ROLE = re.compile(
    rf"(?P<person>{_PERSON_SRC}),?\s+(?:the|our)\s+(?:[\w-]+\s+){{0,2}}(?:{_ROLE_HEAD_SRC}|aide|para|teacher)"
)
_ROLE_OF = re.compile(rf"(?P<role>.+?)\s*\((?P<person>{_PERSON_SRC})\)")


def _person(piece: str, dashed: bool, more: bool = False) -> str | None:
    """One person, role, team or office, and nothing else: no verb ("Ms. Wallace nominates"), no language."""
    kept = re.search(r"(?<![\w.])(?:[A-Z]\.){2,3}$", piece.strip(" !*"))  # "J.R.": the last period is the name's
    piece = re.sub(r"^(?:el|la|los|las)\s+(?=\S)", "", piece.strip(" .!*"))  # "el director Ramos"
    if kept is not None:
        piece += "."
    with_role = _WITH_ROLE.fullmatch(piece)
    if with_role is not None:
        return with_role.group("person")
    named = _ROLE_OF.fullmatch(piece)
    if named is not None and _person(named.group("role"), dashed):
        return named.group("person")
    bracketed = _BRACKETED.fullmatch(piece) if dashed else None
    if bracketed is not None:  # "/ Gus (routing) /", "/ shop foreman (Ray) /": the person, whichever side
        outer, inner = bracketed.group("outer"), bracketed.group("inner")
        if _NAME_WORD.fullmatch(inner) and inner.lower() not in _NAME_STOP and re.fullmatch(r"[a-z ]{3,30}", outer):
            return inner
        if _NAME_WORD.fullmatch(outer) and outer.lower() not in _NAME_STOP | _NOT_PEOPLE:
            return outer
        return _person(outer, dashed)
    said = [m for m in (_DOES_IT.search(piece), _DOES_MORE.search(piece) if more else None) if m is not None]
    does = min(said, key=lambda m: m.start()) if said else None  # "jess collects donations": "collects"
    if does is not None and re.search(r"(?i:mgrs|coords|reps|aides|paras|staff)$|[^aeiou]ss$", does.group("verb")):
        does = None  # "case mgrs", "OT + SLP reps": who, not what they do
    if does is not None and does.group("verb").endswith("ers") and is_only_owner(piece):
        does = None  # "lead drivers", "team leaders"
    if does is not None and does.start() > 0 and (dashed or does.group("verb") in _LEADS):
        who = piece[: does.start()]  # "— Principal Kowalski chairs", ", Director of Student Services chairs"
        bare = re.sub(r"\s*\([^()]*\)$", "", who)
        if bare != who and re.fullmatch(_PERSON_SRC, bare):
            return bare  # "; Ms. Abernathy (dept chair) facilitates": the person; the role is said with them
        if re.fullmatch(_PERSON_SRC, who) or (
            _NAME_WORD.fullmatch(bare) and bare.lower() not in _NAME_STOP | _NOT_PEOPLE
        ):
            return bare  # "— Hollis (LPN) pulls from the EHR", "— TK checks each one"
        if re.fullmatch(r"[a-z][a-z'-]{2,14}", bare):
            # "- jess collects donations": a given name; a word no list knows is left for the team to say
            return bare.capitalize() if is_given_name(bare) else None
        if is_only_owner(who) or re.fullmatch(_ROLE_WORDS, who):
            return _person(who, dashed)
    words = piece.split()
    if not words or len(words) > 5 or any(w.lower().strip("'") in _NOT_PEOPLE for w in words):
        return None
    if any(_DOING.fullmatch(w) for w in words if w.islower()):
        return None
    if _AUDIENCE.fullmatch(piece) or (not dashed and _TAKING_PART.fullmatch(piece)):
        return None  # "… — families", ", all staff": who the work is for or who takes part, not its owner
    if is_only_owner(piece) or re.fullmatch(_ROLE_WORDS, piece) or _ROLE_NAME.fullmatch(piece):
        return piece
    if not dashed:
        return None  # after a comma only a titled name, a role or a team is surely who: "…, Title I" is money
    alone = named_alone(piece)
    return alone[0] if alone else None


# an office by its name: "Research & Evaluation", "Community Relations", "Teaching and Learning", "IT"
_OFFICE = re.compile(
    r"(?:[A-Z][a-z]+\s+(?:&|and|of)\s+)?(?:[A-Z][a-z]+\s+){0,2}(?:Communications|Relations|Operations|Services|"
    r"Transportation|Facilities|Evaluation|Accountability|Engagement|Technology|Finance|Payroll|Purchasing|"
    r"Enrollment|Nutrition|Athletics|Analytics)|(?:HR|IT)\s+(?i:analytics|operations|services)|"
    r"Teaching\s+(?:&|and)\s+Learning|IT|HR"
)


_WORK_WORD = re.compile(
    r"(?i:\b(?!(?:monday|tuesday|wednesday|thursday|friday|january|february|march|april|june|july|august|september|"
    r"october|november|december|every|each|weekly|monthly|before|after|starting|until|through)\b)[a-z]{4,})"
)
_BRACKETED = re.compile(r"(?P<outer>[^()]{2,40}?)\s*\((?P<inner>[^()]{1,30})\)")
_NAME_WORD = re.compile(r"[A-Z][a-z'-]{2,14}|[A-Z]{2,3}")
_LAST_BRACKET = re.compile(r"\s\((?P<inner>[^()]{2,40})\)$")


def tail_owner(text: str) -> OwnerFound | None:
    """The people named after the last dash, arrow or comma of the answer, with only a date or a note after them."""
    text = re.sub(r"[\s.!✅✔☑\ufe0f]+$", "", text)
    bracket = _LAST_BRACKET.search(text)
    if (
        bracket is not None
        and bracket.start() > 0
        and not re.search(rf"(?:[A-Z][a-z'-]+|{_PERSON_SRC}(?:\s+[a-z'-]+)?)$", text[: bracket.start()])
    ):  # "… + pay them $25/mtg (sped coord)": who, said last; not "mr. two bulls (HR)", his office
        inner = bracket.group("inner").strip()
        who = _person(inner, dashed=False) if not PEOPLE_JOIN.search(inner) else None
        if who is not None and not _TAKING_PART.fullmatch(who):
            return OwnerFound(who, None, (bracket.start() + 1, bracket.end()), alone=True, declared=True)
    for m in reversed(list(_SEP.finditer(text))):
        if m.start() == 0:
            return None
        tail = text[m.end() :]
        if re.match(r"[A-Za-z ]{2,20}:", tail):
            return None  # "… / Frequency: each board meeting": a field of its own, not who
        head = _AFTER.sub("", tail).strip(" ,;./")
        if not head:
            continue  # "…, before feb break": a date; the people, if any, come before it
        if re.match(r"(?:with|w/|and|plus|incl)\b", head, re.IGNORECASE) or is_only_owner(text[: m.start()].strip()):
            return None  # "…, with interpreters", "ms pruitt, secondary math coordinator": not who owns the work
        if len(tail.split()) > 12:
            return None
        if _OFFICE.fullmatch(head) and not any(w.lower() in _NOT_PEOPLE for w in head.split()):
            return OwnerFound(head, None, (m.end(), m.end() + len(head)), alone=True, declared=True)
        dashed = bool(_DASHED.search(m.group()))
        said = len(head)
        head = without_lead_verb(head)  # "…, OT + SLP lead": the two of them
        head = re.sub(r"^(?:also|again|both|then)\s+(?=[A-Z])", "", head)  # "— also Communications"
        whole = _person(head, dashed) if re.search(r"\s(?:of|for)\s", head) else None
        pieces = [head] if whole else [p for p in PEOPLE_JOIN.split(head) if p.strip()]
        # what they do may go on after a dash only when the work was said before it ("thursday 4/1 — admin
        # finalizes the master schedule" is all work after the date)
        more = dashed and len(pieces) == 1 and bool(_WORK_WORD.search(_AFTER.sub("", text[: m.start()])))
        people = [whole] if whole else [_person(p, dashed, more) for p in pieces]
        if not people or any(p is None for p in people):
            return None
        owner = " and ".join(p for p in people if p)
        owner = re.sub(r"^our\s+", "the ", owner)
        return OwnerFound(owner, None, (m.end(), m.end() + said), alone=True, declared=True)
    return None
