"""An answer signed by who owns it: a sentence after the first that only names people, "… and the staff
coaching survey. dr. lindqvist", "… at the may coffee. counselor + me", "… 4pm!! Jasmine + Mr. Abiodun from the
school", "…on the parent app within a week. Nadia again."."""

from __future__ import annotations

import re

from assistant.understanding.owner_words import (
    _COMMON_SUBJECTS,
    _DATE_TAIL,
    _GROUP,
    _INTERJECTIONS,
    _NOT_NAMES,
    _PERSON,
    _VAGUE_TEAM,
    LANGUAGES,
    NO_TITLE_BEFORE,
    OwnerFound,
    _clean_group,
    takes_part,
)
from assistant.understanding.people import _NAME_STOP, _lowercase_name

_SENTENCE_END = re.compile(NO_TITLE_BEFORE + r"(?<!\b[A-Z])[.;!?]+(?:\s+|$)")


_ONLY_PERSON = re.compile(
    rf"\W*(?P<person>{_PERSON}(?:\s+(?:and|&)\s+(?:the\s+)?(?:{_PERSON}|{_GROUP}))?|[A-Z]{{2,5}})"
    rf"(?:\s*\((?P<paren>[^)]{{1,40}})\))?(?:\s+(?:herself|himself|themselves|again))?{_DATE_TAIL}\W*"
)


# a role capitalised as a title before the verb that follows it: "counselor recruits" is not "Counselor Recruits"
_ROLE_DOING = re.compile(
    r"(?P<role>Coach|Principal|Nurse|Counselor|Dean|Director|Superintendent)\s+(?i:recruits|leads|runs|checks|"
    r"handles|owns|schedules|coordinates|organi[sz]es|sends|calls|emails|tracks|collects|reviews|updates|books|"
    r"plans|hosts|does|writes|sets\s+up|follows\s+up|invites|contacts|presents|shares|picks|decides)"
)


def signature_sentence(text: str) -> OwnerFound | None:
    """ "…and the staff coaching survey. dr. lindqvist", "…at home. ms pruitt by april 30. spanish and somali
    interpreters": a sentence after the first that is only a name says who owns the answer."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]
    for start in starts:
        end = _SENTENCE_END.search(text, start)
        stop = end.start() if end else len(text)
        m = _ONLY_PERSON.fullmatch(text, start, stop)
        role_doing = _ROLE_DOING.fullmatch(m.group("person")) if m is not None else None
        if m is not None and role_doing is not None:  # "…. counselor recruits. by 5/14": the counselor does it
            role = role_doing.group("role").lower()
            return OwnerFound(role, None, m.span("person"), alone=True, declared=True)
        if m is not None and m.group("person").lower() not in _NOT_NAMES:
            return OwnerFound(m.group("person"), m.group("paren"), m.span("person"), alone=True, declared=True)
        group = _ONLY_GROUP.fullmatch(text, start, stop)
        if (
            group is not None
            and not takes_part(group.group("people"))
            and not _VAGUE_TEAM.fullmatch(group.group("people"))
        ):
            owner = _clean_group(group.group("people"))  # "… at the june 2 staff mtg. the leadership team"
            return OwnerFound(owner, None, group.span("people"), alone=True, declared=True)
        people = _ONLY_PEOPLE.fullmatch(text, start, stop)
        if people is not None and not takes_part(
            people.group("people")
        ):  # "… before winter break. counselors + mr diaz"
            owner = re.sub(r"\s*\+\s*", " and ", _clean_group(people.group("people")))
            return OwnerFound(owner, None, people.span("people"), alone=True, declared=True)
        said = _people_said(text, start, stop)
        if said is not None:  # "… 4pm!! Jasmine + Mr. Abiodun from the school", "…. HR and Gary.", "… . counselor + me"
            return said
        first = _FIRST_NAME_AGAIN.fullmatch(text, start, stop)
        if first is not None:  # "…on the parent app within a week. Nadia again."
            word = first.group("name")
            unit = _lowercase_name(word)
            if unit is not None and word.lower() not in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAMES:
                return OwnerFound(unit.owner, None, first.span("name"), alone=True, declared=True)
    return None


_ONLY_PEOPLE = re.compile(
    rf"\W*(?P<people>(?:{_PERSON}|{_GROUP})(?:\s*(?:,|and|&|\+)\s*(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP}))+)"
    rf"(?:\s+(?:again|too|together))?{_DATE_TAIL}\W*"
)


_MEMBER = rf"(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP})|IT|[A-Z][a-z'-]{{2,14}}|me|I|myself"


_PEOPLE_SAID = re.compile(
    rf"\W*(?P<people>(?:{_MEMBER})(?:\s*(?:,|and|&|\+)\s*(?:{_MEMBER}))+)"
    rf"(?:\s+(?:from|at|in)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?{_DATE_TAIL}\W*"
)


_MEMBER_JOIN = re.compile(r"\s*(?:,|\band\b|&|\+)\s*")


def _people_said(text: str, start: int, stop: int) -> OwnerFound | None:
    """A sentence of its own naming only people, some by first name, perhaps with the speaker among them."""
    m = _PEOPLE_SAID.fullmatch(text, start, stop)
    if m is None:
        return None
    kept = []
    for member in _MEMBER_JOIN.split(m.group("people")):
        if member.lower() in {"me", "i", "myself"}:
            continue  # the speaker adds no one the plan can name
        if re.fullmatch(rf"(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP})|IT", member):
            kept.append(member)
            continue
        unit = _lowercase_name(member)
        if unit is None and re.fullmatch(r"[A-Z][a-z'-]{2,14}", member) and member.lower() not in _NAME_STOP:
            kept.append(member)  # "Benning": a surname typed with its capital, whatever it ends in
            continue
        if unit is None or member.lower() in _COMMON_SUBJECTS | _INTERJECTIONS | _NOT_NAMES | LANGUAGES:
            return None
        kept.append(unit.owner)
    owner = " and ".join(kept)
    if not kept or takes_part(owner) or _VAGUE_TEAM.fullmatch(owner):
        return None
    return OwnerFound(_clean_group(owner), None, m.span("people"), alone=True, declared=True)


_ONLY_GROUP = re.compile(rf"\W*(?P<people>{_GROUP})(?:\s+(?:again|too|then))?{_DATE_TAIL}\W*")


_FIRST_NAME_AGAIN = re.compile(
    r"\W*(?P<name>[A-Za-z][a-z'-]{1,14})\s+(?:again|herself|himself|too|as\s+well|(?:is\s+)?on\s+it)\W*"
)


_LABEL = re.compile(r"^[\s*•·▪◦>-]*(?P<people>[^:\n]{3,60}?)\s*:\s+(?=\S)")


def people_label(text: str) -> OwnerFound | None:
    """ "Benning + ms. tafoya: % of CICO kids meeting goal…": a line that opens with the people doing it, then ":"."""
    m = _LABEL.match(text)
    if m is None or not re.search(_PERSON, m.group("people")):
        return None
    return _people_said(text, m.start("people"), m.end("people"))
