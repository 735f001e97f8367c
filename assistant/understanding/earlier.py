"""Owners an answer points back to: "she'll also get the letters translated" is the woman the team named for the
letters, "kowalski again" is the Ms. Kowalski already in the plan."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

_BACK_TO_PERSON = re.compile(
    r"\W*(?:and\s+|also\s+|then\s+)?(?P<pronoun>he|she)(?:'ll|\s+will|'s\s+gonna|\s+also|\s+can)\b", re.I
)
_HER = re.compile(r"(?:Ms|Mrs|Miss)\.?\s", re.I)
_HIM = re.compile(r"Mr\.?\s", re.I)
_SHARED_STOP = frozenset(
    "also will that this them they their with from into over each every week weeks month months year next first "
    "last before after until done ready have make sure about back home what when which gets goes send sends "
    "staff team teams kids students families parents teachers school grade".split()
)
_RECENT = 8  # a pronoun points at someone named in the last few actions, not at the start of the meeting


def _words(note: str) -> set[str]:
    words = re.findall(r"[a-z]{4,}", note.lower())
    return {w[:-1] if w.endswith("s") else w for w in words if w not in _SHARED_STOP}


def _fits(pronoun: str, owner: str) -> bool:
    """A single person the pronoun can stand for: "she" is not "Mr. Lee", and neither is "the PTO"."""
    if not re.search(r"[A-Z]", owner) or re.search(r"\s(?:and|&)\s|,", owner) or owner.lower().startswith("the "):
        return False
    if pronoun == "she":
        return not _HIM.match(owner)
    return not _HER.match(owner)


def pointed_back(note: str, earlier: Sequence[tuple[str, str]]) -> str | None:
    """The owner "he'll…" / "she'll…" means, from the earlier actions (owner, note), most recent last: the person
    whose action shares the work's words ("the letters"), else the last person the pronoun fits."""
    m = _BACK_TO_PERSON.match(note)
    if m is None:
        return None
    pronoun = m.group("pronoun").lower()
    candidates = [(owner, text) for owner, text in list(earlier)[-_RECENT:][::-1] if owner and _fits(pronoun, owner)]
    if not candidates:
        return None
    about = _words(note[m.end() :])
    for owner, text in candidates:
        if about & _words(text):
            return owner
    return candidates[0][0]


def known_name(owner: str, earlier: Sequence[tuple[str, str]]) -> str:
    """ "Kowalski" when the plan already holds "Ms. Kowalski": the name as the team first gave it."""
    if not re.fullmatch(r"[A-Z][\w'-]+", owner):
        return owner
    titled = re.compile(rf"(?:Mr|Mrs|Ms|Mx|Dr|Coach|Dean|Nurse|Counselor|Principal|AP)\.?\s+{re.escape(owner)}")
    for before, _ in reversed(earlier):
        if titled.fullmatch(before):
            return before
    return owner


_EVENT = re.compile(
    r"\b(?:at|on|during|for)\s+(?:the|our)\s+(?P<event>(?:[\w'-]+\s+){0,3}?(?:institute|roundup|round-up|fair|"
    r"conferences?|retreat|academy|orientation|open\s+house|showcase|assembly|celebration|workshop|expo|playdate|"
    r"kickoff|kick-off|night|festival|bootcamp|summit|camp))\b",
    re.IGNORECASE,
)
_DAY = r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}/\d{1,2})\b"
_GENERIC = frozenset("the our staff pd team data family families school next first last big".split())


def event_day(note: str, earlier: Sequence[tuple[str, date | None, date | None]]) -> date | None:
    """ "handed out at the summer institute": the day of the event an earlier action (note, start, due) dated
    where it named it ("summer institute june 21-23"), when exactly one did."""
    for m in _EVENT.finditer(note):
        words = [w for w in re.findall(r"[a-z'-]+", m.group("event").lower()) if w not in _GENERIC]
        if not words:
            continue
        event = r"\s+(?:[\w'-]+\s+)?".join(map(re.escape, words))
        # the earlier answer dates the event where it names it: "roundup may 13", "the nov 6 pd day"
        pattern = re.compile(rf"\b{event}\b[\s,:-]+(?:on\s+)?{_DAY}|{_DAY}\s+(?:[\w'-]+\s+)?{event}\b", re.I)
        dated = [(start, due) for text, start, due in earlier if (start or due) and pattern.search(text)]
        if len(dated) == 1:
            start, due = dated[0]
            return start if start and due and (due - start).days <= 7 else due or start
    return None


_SAME_DAY = re.compile(
    r"\b(?:the\s+same\s+day|that\s+same\s+day|on\s+that\s+day|the\s+same\s+night|that\s+night)\b|"
    r"\(\s*(?:on\s+)?(?:the\s+)?same\s+day\s*\)",
    re.I,
)
# "…get the CFA training too (same day)": set apart, it points at the action typed just before, even in an earlier
# answer; "gives feedback the same day" is the same day as the work it follows.
_SAME_DAY_ASIDE = re.compile(r"\(\s*(?:on\s+)?(?:the\s+)?same\s+day\s*\)", re.I)


def same_day(note: str) -> bool:
    """ "…and the nurse's office does vision + hearing the same day": the day of the action just before."""
    return bool(_SAME_DAY.search(note))


def same_day_aside(note: str) -> bool:
    """ "(same day)": the day of the action the team typed just before."""
    return bool(_SAME_DAY_ASIDE.search(note))
