"""Days of the week said together as a rhythm: "tues and thurs", "mon/wed", "M/W/F", "T-Th", "mon thru thurs".

Work done on the same days each week repeats as often as the days said: two days are "twice a week", three "three
times a week", four "four times a week", Monday through Friday "daily". Days said for one week ("mon-wed of the week
of 2/5", "tues and thurs next week") and days someone is around ("she's only here tues/thurs") are no rhythm.
"""

from __future__ import annotations

import re

# a weekday as teams type it, and its index (Monday 0)
_DAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?)"
    r"(?:s(?![a-z]))?\.?"
)
_JOIN = r"\s*(?:/|&|\+|,\s*(?:and\s+)?|\band\b|-|–|\bthru\b|\bthrough\b)\s*"
# "M/W/F", "T/Th", "T-Th", "MWF", "TTh", "M-F": the letters a schedule writes, upper case only
_LETTER = r"(?-i:Th|Tu|M|T|W|R|F)"
_LETTERS = rf"(?-i:{_LETTER}(?:\s*[/-]\s*{_LETTER}){{1,4}}|MWF|TTh|TuTh|TR)"
# typed small: "m/w/f", "t/th", "tu/th", "m/w"
_SMALL = r"(?:m/w/f|t/th|tu/th|m/w|m-f|m/f|w/f)"

PATTERN = (
    rf"(?:(?:every|each|on)\s+)?(?P<days>{_DAY}(?:{_JOIN}{_DAY}){{1,4}})(?![\w/-])|"
    rf"(?:(?:every|each|on)\s+)?(?<![\w/-])(?P<letters>{_LETTERS}|{_SMALL})(?![\w/-])"
)

_ONE_WEEK = re.compile(
    r"\s*(?:,\s*)?(?:of\s+|in\s+|during\s+)?(?:(?:this|next|that|the\s+following)\s+week|the\s+week\s+of|(?:week|wk)\s+of|"
    r"(?:this|next)\s+(?:mon|tue|wed|thu|fri)|[0-9]{1,2}/[0-9]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+[0-9]|"
    r"the\s+[0-9]{1,2}(?:st|nd|rd|th))",
    re.IGNORECASE,
)
_BEFORE_ONE_WEEK = re.compile(r"\b(?:this|next|last|coming|that|by|before|until|till|b4)\s+$", re.IGNORECASE)
# "she's only here tues/thurs", "he's in the building mon and wed": when someone is around, not work
_AROUND = re.compile(
    r"\b(?:here|there|on\s+campus|in\s+the\s+(?:building|office)|on\s+site|onsite|available|off|out|free|with\s+us)"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# "the reading block moves to tues and thurs": a schedule changed once
_MOVED = re.compile(r"\b(?:to|from)\s+(?:on\s+)?$", re.IGNORECASE)
_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
_LETTER_INDEX = {"m": 0, "t": 1, "tu": 1, "w": 2, "th": 3, "r": 3, "f": 4}
_LABELS = {2: "twice a week", 3: "three times a week", 4: "four times a week", 5: "daily"}


def _word_days(words: str, every: bool) -> set[int] | None:
    """The weekdays of "tues and thurs" or "mon thru thurs"; None when the words are not one plain list or span."""
    parts = re.split(rf"({_JOIN})", words, flags=re.IGNORECASE)
    names = [p.strip(" .").lower() for p in parts[::2]]
    days = [_INDEX[n[:3]] for n in names]
    joins = [j.strip().lower() for j in parts[1::2]]
    if any(j in ("-", "–", "thru", "through") for j in joins):
        if len(days) != 2 or days[1] <= days[0]:
            return None  # "fri-mon", "mon-wed, fri": not one span of school days
        if days == [1, 3] and joins[0] in ("-", "–"):
            return None  # "tues-thurs": Tuesday to Thursday, or Tuesday and Thursday as "T-Th" is
        return set(range(days[0], days[1] + 1))
    if not every and any(len(n) > 5 and not n.endswith("s") for n in names):
        return None  # "monday and wednesday" may be this week's; "mondays and wednesdays", "mon/wed" are a rhythm
    return set(days) if len(set(days)) == len(days) else None


def _letter_days(letters: str) -> set[int] | None:
    tokens = re.findall(r"Th|Tu|th|tu|[MTWRFmtwrf]", letters)
    days = [_LETTER_INDEX[t.lower()] for t in tokens]
    if "-" in letters and len(days) == 2 and letters.replace(" ", "").upper() not in ("T-TH", "TU-TH"):
        # "M-F", "M-Th": a span; "T-Th" is the way schedules write Tuesday and Thursday
        return set(range(days[0], days[1] + 1)) if days[1] > days[0] else None
    return set(days) if len(set(days)) == len(days) else None


def _said_once(m: re.Match[str]) -> bool:
    """Whether the days `m` names are for one week, or when someone is around, or a schedule moved: no rhythm."""
    text = m.string
    if _ONE_WEEK.match(text, m.end()) or _BEFORE_ONE_WEEK.search(text[max(0, m.start() - 20) : m.start()]):
        return True
    before = text[max(0, m.start() - 30) : m.start()]
    return bool(_AROUND.search(before) or _MOVED.search(before))


def _rhythm_days(m: re.Match[str]) -> set[int] | None:
    """The weekdays `m` (a match of PATTERN) names as a rhythm, or None when they are no rhythm."""
    if _said_once(m):
        return None
    every = bool(re.match(r"(?:every|each)\s", m.group(), re.IGNORECASE))
    return _word_days(m.group("days"), every) if m.group("days") else _letter_days(m.group("letters"))


def day_rhythm(m: re.Match[str]) -> str | None:
    """The rhythm of the weekdays `m` (a match of PATTERN) names, or None when they are no rhythm."""
    days = _rhythm_days(m)
    return _LABELS.get(len(days)) if days is not None else None


_TOGETHER = re.compile(PATTERN, re.IGNORECASE)
# one day each week: "every tuesday", "each thurs", "every other Thursday", "on tuesdays", "thursdays"
_ONE_DAY = re.compile(
    rf"(?:every|each)\s+(?:other\s+)?(?P<day>{_DAY})(?![\w/-])|"
    r"(?<![\w/-])(?P<plural>(?:mon|tues|wednes|thurs|fri)days)(?![\w/-])",
    re.IGNORECASE,
)


def named_weekdays(text: str) -> tuple[int, ...]:
    """The weekdays (Monday 0) a team's words name as the days its work repeats on: (1, 3) for "tues and thurs",
    "T/Th" or "every tuesday and thursday", (1,) for "every tuesday" or "on tuesdays"; () when none are named.

    Days said together are read first; days for one week ("tues and thurs next week") or when someone is around
    ("she's only here tues/thurs") are not the work's days.
    """
    for m in _TOGETHER.finditer(text):
        days = _rhythm_days(m)
        if days:
            return tuple(sorted(days))
    for m in _ONE_DAY.finditer(text):
        if not _said_once(m):
            return (_INDEX[(m.group("day") or m.group("plural")).lower()[:3]],)
    return ()


# "twice a week", "three times a week", "2x/wk", "twice weekly": more than once each week
_TIMES_A_WEEK = re.compile(
    r"^(?:(?P<twice>twice)|(?P<n>[2-5]|two|three|four|five)\s*(?:x|times))\s*"
    r"(?:(?:a|per|each|every|in a)\s+|/\s*)?(?:school\s+)?(?:week|wk|weekly|wkly)$"
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}


def times_a_week(recurrence: str | None) -> int | None:
    """How many times a week a recurrence says the work comes round: 2 for "twice a week" or "2x/wk", 3 for
    "three times a week"; None for any other rhythm."""
    said = " ".join((recurrence or "").lower().replace("-", "").split()).strip(" .")
    times = _TIMES_A_WEEK.match(said)
    if times is None:
        return None
    return 2 if times.group("twice") else _COUNTS.get(times.group("n")) or int(times.group("n"))


def days_of(note: str, description: str) -> tuple[int, ...]:
    """The weekdays an action's work comes round on, as the team's own words (its note) or its title name them."""
    return named_weekdays(note) or named_weekdays(description)
