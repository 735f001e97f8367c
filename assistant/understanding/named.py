"""Clauses that open with someone's first name doing the work: "Rosa logs every referral…", "Hank calls the
employers…, and Jolene writes the newsletter…"."""

from __future__ import annotations

import re

from assistant.understanding.owner_words import (
    _COMMON_SUBJECTS,
    _GROUP_HEAD,
    _INTERJECTIONS,
    _NOT_VERBS,
    OwnerFound,
)
from assistant.understanding.owner_words import _NOT_NAMES as _NOT_NAME_WORDS
from assistant.understanding.recurrence import find_recurrence

_NAMED_DOING = re.compile(
    r"\s*(?P<name>[A-Z][a-z'-]{1,14}(?:-[A-Z][a-z']{1,10})?)\s+(?:also\s+)?(?P<verb>[a-z]{2,}s)\s+"
    r"(?:the|a|an|every|each|all|our|their|his|her|them|it|up|out|with|to)\b"
)
_NOT_NAMES = frozenset(
    "The This That These Those Our Their We They He She It Each Every All Both Any Some One Then Also And Plus So "
    "Staff Everyone Nobody Someone District School Office Team Family Families Parents Students Teachers Data "
    "Attendance Homework Instruction Training Coaching Math Reading Writing Science".split()
)


def named_doing(text: str) -> str:
    """The first name a clause opens with when that person does something ("Rosa logs every referral"), or ""."""
    m = _NAMED_DOING.match(text)
    if m is None or m.group("name") in _NOT_NAMES or m.group("verb") in {"is", "was", "has", "does"}:
        return ""
    return m.group("name")


def named_each(before: str, sep: str, clause: str) -> bool:
    """ "Hank calls the employers every other month, and Jolene writes the family newsletter monthly": two people
    named first, each doing work of their own."""
    if not re.fullmatch(r"\s*(?:,\s*|;\s*)?(?:and\s+|also\s+)?|,?\s+(?:and|also)\s+", sep, re.IGNORECASE):
        return False
    first, second = named_doing(before), named_doing(clause)
    return bool(first and second) and first != second and len(clause.split()) >= 4


_PEOPLE_DOING = re.compile(
    r"\s*(?:(?:the|our|all)\s+)?(?:[a-z]+\s+){0,2}(?:managers|advocates|workers|assistants|directors|officers|"
    r"ambassadors|volunteers|providers|therapists|case\s+managers)\s+(?:also\s+)?(?!(?:are|were|have|had|will)\b)"
    r"[a-z]{2,}\s+(?:the|a|an|each|every|all|our|their|them|it)\b",
    re.IGNORECASE,
)


def people_doing(sep: str, clause: str) -> bool:
    """ "…; case managers call each family within 2 days": a new sentence whose subject is a group of people."""
    return bool(re.fullmatch(r"\s*[;.]\s*", sep)) and _PEOPLE_DOING.match(clause) is not None


_BARE_VERB = re.compile(
    r"(?:then\s+)?(?!(?:and|or|but|for|from|with|at|in|on|to|by|after|before|during|of|is|are|was|were|be|been|"
    r"has|have|had|not|all|each|every|also|then|more|less|the|a|an)\b)[a-z]{3,}(?<!ly)\s+(?:the|a|an|our|their)\b",
    re.IGNORECASE,
)


def bare_verb(sep: str, clause: str, before: str) -> bool:
    """ "ELD coach visit classroom every week and give the feedback after each observation": a verb with no -s
    (typed by someone still learning English) carrying the same subject into a second clause of another rhythm."""
    if not re.fullmatch(r",?\s+and\s+", sep, re.IGNORECASE) or _BARE_VERB.match(clause) is None:
        return False
    first, second = find_recurrence(before), find_recurrence(clause)
    return first is not None and second is not None and first.label != second.label


_TOO = re.compile(
    r"^(?P<first>[^,.;:]{3,60}),\s+(?P<second>(?!(?:and|or|but|so|with|for|in|on|at|by|maybe|probably|not)\b)"
    r"[a-z]{3,}(?<!s)(?<!ing)\s+[^,.;:]{2,50}?)\s+(?:too|as\s+well)\s*(?:[.;]\s*(?P<tail>[^;]{2,60}))?$",
    re.IGNORECASE,
)


def added_too(text: str) -> list[str] | None:
    """ "letters in spanish + arabic, call families too. office mgr. by 9/25": a second to-do tacked on with "too";
    who and when said after both belong to each."""
    m = _TOO.match(text.strip())
    if m is None or (m.group("tail") and len(m.group("tail").split()) > 8):
        return None
    tail = f". {m.group('tail').strip()}" if m.group("tail") else ""
    return [f"{m.group('first').strip()}{tail}", f"{m.group('second').strip()}{tail}"]


# "Lou reprints the bus passes", "Dispatch sets up the alerts", "Marisol also meets our two counselors": a
# capitalised word opening a clause, then a verb in -s and its object, is someone doing the work, whatever the verb.
_DOER = re.compile(
    # "Jo-Ann", "Al-Masri": a name joined by a hyphen keeps the capital of each part
    # "DeShawn", "LaToya", "McKenzie": a name with a capital inside after its usual first syllable
    r"(?P<name>(?:(?:De|Da|Di|Du|La|Le|Lu|Mc|Mac|Ja|Je|Ke|Sha|Ta|Ty|Ra)[A-Z][a-z']{2,10}|[A-Z][a-z'-]{1,14})"
    r"(?:-[A-Z][a-z']{1,10})?)(?:\s+(?P<last>(?:(?:de|del|de\s+la|van|van\s+der|von|da|di|St\.)\s+)?"
    r"[A-Z][a-z'-]{1,20}(?:-[A-Z][a-z']{1,12})?))?"
    r"\s+(?:also\s+|then\s+|now\s+|still\s+)?"
    r"(?P<verb>[a-z]{3,}s)"
    r"(?:\s+(?:up|out|off|back|over)(?=\s+[\w$])|\s+(?:the|a|an|our|their|his|her|its|it|them|all|both|this|that|every|each|"
    r"these|those|into)\b(?!\s+(?:week|month|day|first|last|end|next|rest|morning|afternoon|year|semester|quarter)s?\b))"
)
# apps and programs that "send", "track" and "assign" in these answers, not people
_TOOLS = frozenset(
    "remind canvas schoology seesaw clever skyward synergy aeries naviance panorama securly otus illuminate newsela "
    "lexia dreambox zearn amplify istation renaissance acadience aimsweb fastbridge dibels eduphoria swis google "
    "zoom gmail outlook excel qualtrics class talking parentsquare".split()
)
_STATE_VERBS = frozenset(
    "gets needs wants goes comes means includes seems looks stays happens starts begins ends lasts counts matters "
    "sounds feels depends belongs costs equals remains becomes".split()
)
_NOUN_ENDS = ("ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ogy", "ics", "ers", "ies")


def capitalised_doer(text: str, position: int) -> tuple[str, str, tuple[int, int]] | None:
    """The name, verb and span of "Lou reprints the bus passes" at `position`; None for a thing or a plural noun
    ("Phone calls the…" is no one, "Tutoring starts the…" is when, not who)."""
    from assistant.understanding.people import _NAME_STOP, _ROLE_VOCAB
    from assistant.understanding.tails import _NOT_PEOPLE

    m = _DOER.match(text, position)
    if m is None:
        return None
    name, verb, last = m.group("name"), m.group("verb"), m.group("last")
    word = name.lower()
    if last is not None:  # "Dana Reyes observes every new teacher": a first name and a surname
        surname = last.lower()
        if last in _NOT_NAMES or surname.endswith(_NOUN_ENDS) or surname in _NAME_STOP | _ROLE_VOCAB | _NOT_PEOPLE:
            return None
        if surname in _COMMON_SUBJECTS | _NOT_NAME_WORDS | _TOOLS:
            return None
        name = f"{name} {last}"
    if name in _NOT_NAMES or word.endswith(_NOUN_ENDS) or word in _NAME_STOP | _ROLE_VOCAB | _NOT_PEOPLE:
        return None
    if word in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAME_WORDS | _TOOLS or re.fullmatch(_GROUP_HEAD, verb):
        return None
    if verb in _NOT_VERBS or verb in _STATE_VERBS or verb.endswith(("ss", "us", "is", "ics", "ings")):
        return None
    return name, verb, (m.start("name"), m.start("verb"))


# a first name, then what they do in a clause of their own: "Becky (she teaches the K-2 combo room) is signed up…";
# "Darlene (she's principal, supt…)" stays a guess to confirm, as several hats may be worn
_NAME_ASIDE = re.compile(
    r"^\W*(?P<name>[A-Z][a-z'-]{1,14})\s*\((?:she|he|they)\s+[a-z]{3,}s\b[^()]{2,60}\)"
    r"(?=\s+(?:is|will|'ll|has|[a-z]{3,}s)\b)"
)


def named_aside(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first name an answer opens with when an aside in brackets says who she or he is, and its span."""
    from assistant.understanding.people import _NAME_STOP, _lowercase_name

    m = _NAME_ASIDE.match(text)
    if m is None or _lowercase_name(m.group("name")) is None:
        return None
    if m.group("name").lower() in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAME_WORDS | _NAME_STOP:
        return None
    return m.group("name"), m.span()


# "every staff member takes 3 kids", "each principal will complete it": with no one else named, each of them
# does the work. Not "each new coach gets a mentor" (they receive it) nor "for every teacher" (it is for them).
_EACH_DOES = re.compile(
    r"(?:^|(?<=[,;:.!?(]\s)|(?<=[\w)]\s))(?P<who>(?:each|every)\s+(?:[\w-]+\s+){0,2}?(?:staff\s+member|member|principal|"
    r"counselor|advisor|mentor|coach|lead|leader|chair|specialist|interventionist|administrator|admin|manager|"
    r"director|coordinator|dept\s+head|department\s+head|head|liaison|facilitator|dean|nurse|librarian|"
    r"psychologist|social\s+worker|goal\s+owner|owner))"
    r"\s+(?:(?:will|'ll|also|then)\s+)?(?P<verb>(?!(?:gets?|needs?|has|have|is|be|receives?|attends?|wants?|joins?|"
    r"goes|go|meets?|sees?|can|should|must|may|might|would)\b)[a-z]{3,}s?)\b"
)
_NOT_BEFORE_EACH = re.compile(
    r"\b(?:for|with|w/|to|of|from|by|in|at|on|about|into|per|than|like|visit|visits|observe|observes|coach|coaches|"
    r"support|supports|help|helps|give|gives|meet|meets|that|where|when|if|sure)\s+$",
    re.IGNORECASE,
)


def each_does(text: str) -> OwnerFound | None:
    """Each one of a role doing the work, with no one else named: "every staff member takes 3 kids"."""
    for m in _EACH_DOES.finditer(text):
        if _NOT_BEFORE_EACH.search(text, max(0, m.start() - 12), m.start()):
            continue
        verb = m.group("verb").lower()
        if verb.endswith("ing") or verb in _NOT_VERBS or verb in {"and", "the", "who", "with", "from", "for"}:
            continue
        return OwnerFound(m.group("who"), None, m.span("who"), verb=verb)
    return None
