"""Someone named by role and then by name: "our counselor Marisol calls every family", "instructional coach Priyanka
does the 1:1s", "NP Farida Al-Masri audits 20 charts", and the same said last: "…, due Oct 31 – data tech Lorna".

The name is who owns the work; the role in front of it only says who that is."""

from __future__ import annotations

import re

from assistant.understanding.owner_words import (
    _COMMON_SUBJECTS,
    _NOT_NAMES,
    _NOT_VERBS,
    _PERSON,
    _ROLE_HEAD,
    OwnerFound,
)

# roles typed before a first name that are not in the shared role words: "data tech", "NP", "LCSW", "ELD teacher"
_MORE_ROLES = r"(?i:tech|technician|teacher|para|aide|advisor|interpreter|translator|bookkeeper)|(?-i:NP|RN|LCSW|LPN)"
_ROLE_NAME = (
    rf"(?:(?:the|our)\s+)?(?:[\w&/-]+\s+){{0,2}}?(?P<role>{_ROLE_HEAD}|{_MORE_ROLES})\s+"
    r"(?P<name>(?-i:[A-Z])[a-z']{1,14}(?:-(?-i:[A-Z])?[a-z']{1,12})?"
    r"(?:\s+(?-i:[A-Z])[a-z']{1,14}(?:-(?-i:[A-Z])[a-z']{1,12})?)?)"
)
_DOING = re.compile(rf"{_ROLE_NAME}\s+(?:also\s+|then\s+)?(?P<verb>(?:will|'ll)\s+[a-z]+|[a-z]{{3,}}s)\b(?!['-])")
_SIGNED = re.compile(rf"\s[-–—]\s*{_ROLE_NAME}\s*[.!]*\s*$")
_ROLE_ONLY = re.compile(rf"(?:[\w&/-]+\s+)*?(?:{_ROLE_HEAD}|{_MORE_ROLES})")


def _is_name(name: str) -> bool:
    from assistant.understanding.named import _NOT_NAMES as _NOT_CAPITALISED
    from assistant.understanding.people import _NAME_STOP, _ROLE_VOCAB
    from assistant.understanding.tails import _NOT_PEOPLE

    for word in name.split():
        low = word.lower()
        if word in _NOT_CAPITALISED or low in _NAME_STOP | _ROLE_VOCAB | _NOT_PEOPLE | _COMMON_SUBJECTS | _NOT_NAMES:
            return False
        if re.fullmatch(_ROLE_ONLY, word):
            return False
    return True


def _titled(m: re.Match[str]) -> bool:
    """ "Coach Bell", "Principal Okafor": a title and a name, read as one by the other readers."""
    said = m.string[m.start("role") : m.end("name")]
    return re.fullmatch(_PERSON, said) is not None and not re.search(r"\w\s+$", m.string[m.start() : m.start("role")])


def role_named(text: str, position: int) -> OwnerFound | None:
    """The person a clause at `position` opens with, named after their role, when that person does the work."""
    m = _DOING.match(text, position)
    if m is None or not _is_name(m.group("name")) or _titled(m):
        return None
    verb = m.group("verb")
    if (verb in _NOT_VERBS and verb != "does") or verb.endswith(("ss", "us", "is")):
        return None
    return OwnerFound(m.group("name"), None, m.span("name"), verb=verb)


def signed_role(text: str) -> OwnerFound | None:
    """The person named after a role at the end of the answer, after a dash: "…, due Oct 31 – data tech Lorna"."""
    m = _SIGNED.search(text)
    if m is None or m.start() == 0 or not _is_name(m.group("name")) or _titled(m):
        return None
    return OwnerFound(m.group("name"), None, m.span("name"), alone=True, declared=True)
