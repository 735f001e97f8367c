"""How teams list several actions in one answer: numbered or lettered on one line, or bulleted on lines of their
own under a line that introduces them."""

from __future__ import annotations

import re

from assistant.understanding.clause_times import _DAY
from assistant.understanding.declared import declared_owner
from assistant.understanding.given_names import is_given_name
from assistant.understanding.named import added_too
from assistant.understanding.owner_words import NO_TITLE_BEFORE, is_only_owner
from assistant.understanding.owners import find_owner
from assistant.understanding.recurrence import find_recurrence

_BULLETS = re.compile(r"(?:^|\n)\s*(?:[-*•]|\d+[.)]|\d\s*[-:–](?=\s))\s+")
_INLINE_NUMBERS = re.compile(r"(?:^|(?<=\s))(?:\(?[1-9]\)|[1-9]\.(?=\s+[a-z]))\s+")
_INLINE_LETTERS = re.compile(r"(?:^|(?<=\s))\(?[a-e]\)\s+")


_CAPITAL_NUMBERS = re.compile(r"(?:^|(?<=[)\w.!?] ))[1-9]\.\s+(?=[A-Z])")
# "by oct 3. Then…", "in room 4. The…": a number that ends a sentence, not one that numbers an item
_NUMBERED_BY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$|"
    r"\b(?:by|on|at|before|after|until|room|rm|grade|gr|period|unit|step|level|tier|no|number)\s*$",
    re.IGNORECASE,
)


def _listed(text: str) -> list[str] | None:
    """ "1) jess trains all staff … 2) new hires get a makeup…": items numbered on one line, in order; a list may
    go on from an earlier answer ("4. Validate the flags… 5. Write up the memo…")."""
    marks = list(_INLINE_NUMBERS.finditer(text))
    numbers = [int(re.sub(r"\D", "", m.group())) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)):
        marks = [m for m in _CAPITAL_NUMBERS.finditer(text) if not _NUMBERED_BY.search(text[: m.start()])]
        numbers = [int(re.sub(r"\D", "", m.group())) for m in marks]
        ordered = bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        if len(marks) < 2 or not ordered or marks[0].start() != 0:
            marks = []
    if len(marks) < 2:
        marks = list(_INLINE_LETTERS.finditer(text))  # "a) ms kim trains staff … b) coach bell observes…"
        letters = [re.sub(r"[^a-e]", "", m.group().lower()) for m in marks]
        if len(marks) < 2 or letters != list("abcde"[: len(marks)]):
            return None
    ends = [m.start() for m in marks[1:]] + [len(text)]
    items = [text[m.end() : end].strip(" ,;") for m, end in zip(marks, ends, strict=True)]
    return items if all(len(item.split()) >= 3 for item in items) else None


def _bulleted(text: str) -> list[str]:
    """ "when a coach leaves:\n- exit interview\n- update the job description\nHR owns both": one action per item; a
    line that introduces the list ("…:") and a line after it that only says who owns them belong to every item."""
    pieces = _BULLETS.split(text)
    head = pieces[0].strip()
    items = [p.strip() for p in pieces[1:] if p and p.strip()]
    if not items:
        return []
    tail = ""
    last, _, after = items[-1].partition("\n")
    if after.strip() and _owns_all(after.strip()):
        items[-1], tail = last.strip(), after.strip()
    items = _with_field_lines([" ".join(item.split()) for item in items])
    items = [item for item in items if len(item.split()) >= 2]
    if head.endswith(":"):
        lead = head.rstrip(": ")
        if _WILL_END.search(lead):
            items = [f"{lead} {item}" for item in items]  # "coach rivera will:" is said of every item
        elif len(lead.split()) <= 12 and (_times(lead) or find_owner(lead) is not None):
            items = [f"{item.rstrip(' .;,')}, {lead}" for item in items]  # "for the nov 2 pd day:"
        # a topic line ("when a coach leaves:") introduces the items and is no action of its own
    elif head and len(head.split()) >= 3:
        items = [head, *items]
    if tail:
        items = [f"{item.rstrip(' .;,')}. {tail}" for item in items]
    return items


_WILL_END = re.compile(
    r"(?:\bwill|'ll|\b(?:is|are|am)\s+going\s+to|\bgonna|\bplans?\s+to|\bneeds?\s+to|\bhas\s+to|\bhave\s+to)\s*$",
    re.IGNORECASE,
)


# "- Owner: Mrs. O'Hara", "- Due: 10/4", "- run by Ms. Dao": a bullet that only fills in the item above it
_FIELD_LINE = re.compile(
    r"(?:(?:owner|owners|lead|leads|who|point|point\s+person|person\s+responsible|responsible|due|when|deadline|"
    r"timeline|by\s+when|start|starts|date|dates|how\s+often|frequency)\s*[:=]|(?:run|led|done|owned|handled)\s+by\b)",
    re.IGNORECASE,
)


def _with_field_lines(items: list[str]) -> list[str]:
    """Bullets that only say who or when for the item above, joined to it: "- weekly grade check…\n- Owner: Mrs.
    O'Hara\n- Due: 10/4" is one piece of work with its owner and due date."""
    joined: list[str] = []
    for item in items:
        if joined and _FIELD_LINE.match(item):
            joined[-1] = f"{joined[-1].rstrip(' .;,')}. {item}"
        else:
            joined.append(item)
    return joined


_FOR_ALL = re.compile(
    r"(?:both|all(?:\s+(?:three|four|of\s+(?:these|them|it)))?|owners?|who|poc)\s*:\s*(?P<who>.+?)[.!]*$", re.IGNORECASE
)


def _owns_all(line: str) -> bool:
    """ "HR owns both", "ms kim - all of these", "the data team": a line that only says who owns the items above."""
    if is_only_owner(line):
        return True
    field = _FOR_ALL.match(line)
    if field is not None and is_only_owner(field.group("who")):
        return True  # "both: SPED office"
    found = declared_owner(line)
    return (
        found is not None
        and found.span[0] <= 3
        and re.search(r"\b(?:both|all|them|these|those|each|everything)\b", found.verb, re.IGNORECASE) is not None
    )


_WHEN = re.compile(
    r"\b(?:by|before|after|starting|until|every|each|jan\w*|feb\w*|mar\w*|apr\w*|may|june?|july?|aug\w*|sept?\w*|"
    r"oct\w*|nov\w*|dec\w*|spring|fall|summer|winter|\d{1,2}/\d{1,2})\b",
    re.IGNORECASE,
)


def _times(text: str) -> bool:
    return bool(_WHEN.search(text) or find_recurrence(text))


# "✅ exit tickets daily — math teachers ✅ item analysis after each unit test — PLC": check marks or arrows typed
# as bullets on one line.
_MARKS = re.compile(r"(?:^|(?<=\s))(?:[✅☑✔✓▪►➤➜🔹🔸]\ufe0f?|\[[x ]\])\s*", re.IGNORECASE)
_HANDED = re.compile(r"\s(?:->|→|=>)\s*\S")
_DASH_OWNER = re.compile(
    r"\s[-–—]+\s+(?:also\s+)?(?P<who>[^;,—–]{2,50}?)(?:\s+(?:by|before|due|on)\s+[^;,—–]{1,25})?\s*[.]?\s*$"
)
_PEOPLE = re.compile(r"(?i:advocates|managers|directors|workers|assistants|partners|families)\s*$")


def _marked(text: str) -> list[str] | None:
    """Items typed after check marks on one line, read as bullets (an introducing "…:" line kept)."""
    if len(_MARKS.findall(text)) < 2:
        return None
    parts = _bulleted(_MARKS.sub("\n- ", text))
    return parts if len(parts) >= 2 else None


def _handed_items(text: str) -> list[str] | None:
    """ "common planning: master schedule change -> counseling office by 1/22, PLC time protected tuesdays ->
    Baines, sub coverage -> front office": pieces of work each handed to its owner with an arrow, listed with
    commas or semicolons."""
    head, colon, rest = text.partition(": ")
    if not colon or len(head.split()) > 6 or _HANDED.search(head):
        head, rest = "", text
    pieces = [p.strip() for p in re.split(r"\s*[,;]\s+(?:and\s+)?", rest) if p.strip()]
    if len(pieces) < 2 or not all(_HANDED.search(p) and len(p.split()) >= 3 for p in pieces):
        return None
    return _bulleted(f"{head}:\n" + "\n".join(f"- {p}" for p in pieces)) if head else pieces


def _dash_owned(text: str) -> list[str] | None:
    """ "home visits every month — family advocates; and transition packets — the family services manager by
    may 14": a piece of work closed by a dash and who owns it, and the next piece after a semicolon."""
    pieces = [p.strip() for p in re.split(r"\s*;\s+", text) if p.strip()]
    if len(pieces) < 2 or not all(len(p.split()) >= 4 for p in pieces):
        return None
    if not all(_owner_closes(p) for p in pieces[:-1]):
        return None
    return [re.sub(r"^(?:and\s+then|and|then|also|plus)\s+", "", p, flags=re.IGNORECASE) for p in pieces]


def _owner_closes(piece: str) -> bool:
    m = _DASH_OWNER.search(piece)
    if m is None or len(piece[: m.start()].split()) < 2:
        return False
    who = m.group("who").strip()
    if is_only_owner(who) or _PEOPLE.search(who):
        return True
    return bool(re.fullmatch(r"(?:[A-Z][\w.'&-]*)(?:\s+[A-Z][\w.'&-]*){0,3}", who)) and not _times(who)


_COUNT = {"two": 2, "2": 2, "three": 3, "3": 3, "four": 4, "4": 4}
_ANNOUNCED = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|also|and)[,]?\s+)*(?:(?:we\s+have|there\s+are|we\s+want|we\s+need|i\s+have)\s+)?"
    r"(?P<n>two|2|three|3|four|4)\s+(?:(?:big|main|more|small|quick|separate|different)\s+)?"
    r"(?:things|requests|asks|pieces|parts|items|steps|actions|changes|tasks|moves|to-?dos)\b[^:;.]{0,30}?\s*[:\-–—]\s+"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_AFTER_TITLE = NO_TITLE_BEFORE
_PIECE_SEPARATORS = (
    re.compile(rf"{_AFTER_TITLE}[.;!?]\s+"),
    re.compile(r"\s*;\s+(?:and\s+)?"),
    re.compile(r",\s+(?:and\s+(?:then\s+)?|then\s+|plus\s+|also\s+)?"),
    re.compile(r",?\s+(?:and\s+then|and\s+also|and|then|plus|\+)\s+", re.IGNORECASE),
)


def _counted(text: str) -> list[str] | None:
    """ "two things: change the tardy policy…, and do a race equity impact review of it…. Dr. Okafor owns both":
    the team says how many pieces of work it lists; a closing line that only says who owns them (or when) belongs
    to every piece."""
    m = _ANNOUNCED.match(text.strip())
    if m is None:
        return None
    n, rest = _COUNT[m.group("n").lower()], m.group("rest").strip()
    sentences = [s for s in re.split(rf"{_AFTER_TITLE}[.;!?]\s+", rest) if s.strip()]
    tail = ""
    if len(sentences) >= 2 and _closing(sentences[-1].strip(" .")):
        tail = sentences[-1].strip()
        rest = rest[: rest.rfind(sentences[-1])].rstrip(" .;")
    for separator in _PIECE_SEPARATORS:
        pieces = [p.strip(" ,;.") for p in separator.split(rest) if p and p.strip(" ,;.")]
        if len(pieces) == n and all(len(p.split()) >= 3 and not _closing(p) for p in pieces):
            return [f"{p}. {tail}" if tail else p for p in pieces]
    return None


_BOTH = re.compile(r"\s*(?:both|all(?:\s+of\s+(?:them|these|it))?|each)\b", re.IGNORECASE)


def _closing(line: str) -> bool:
    """ "Dr. Okafor owns both, due Oct 9", "both by Oct 9", "Assistant Superintendent Marsh": a line that only says
    who owns the pieces, or when."""
    if _owns_all(line) or _BOTH.match(line):
        return True
    found = find_owner(line)
    if found is not None and found.alone and found.span[0] == 0 and len(line[found.span[1] :].split()) <= 2:
        return True
    months = (
        r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
        r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    )
    capitalized = re.fullmatch(r"(?:[A-Z][\w.'&-]*)(?:\s+[A-Z][\w.'&-]*){0,3}", line)
    return bool(capitalized) and not re.search(rf"\d|^{months}$|\s{months}$", line, re.IGNORECASE)


_DASH_TAIL = re.compile(
    r"\s(?:-{1,3}|–|—|->|→)\s*(?P<who>(?:[^-–—>→,;]|(?<=\w)-(?=\w)){2,40}?)"  # "Dr. Beaumont-Iwu + HR"
    r"(?P<all>\s+(?:on|for|owns?|does|handles?)\s+(?:both|all(?:\s+of\s+(?:them|these|it))?|each|them|it\s+all))?\s*\.?$",
    re.IGNORECASE,
)


def closing_owner(text: str) -> tuple[str, str] | None:
    """ "… and hire the instructor by 4/30 -- Dr. Vance on both": the text with who closes it after a dash (without
    "on both"), and who that is; None when no one closes it so."""
    tail = _DASH_TAIL.search(text)
    if tail is None:
        return None
    who = tail.group("who").strip()
    parts = re.split(r"\s+(?:\+|&|and)\s+", who)  # "Dr. Beaumont-Iwu + HR": each of them
    named = all(
        re.fullmatch(r"(?:(?:Mr|Ms|Mrs|Dr|Mx)\.\s+)?[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,2}", p)
        or is_only_owner(p)
        or (re.fullmatch(r"[a-z][a-z'-]{2,14}", p) is not None and is_given_name(p))  # "… - jess"
        for p in parts
    )
    if not (is_only_owner(who) or named):
        return None
    return f"{text[: tail.start()].rstrip(' ,;.')} — {who}", who


_ONE_DAY = re.compile(rf"(?:\b(?:wk|week)\s+of\s+)?(?:{_DAY.pattern})", re.IGNORECASE)  # "wk of 4/3" too


def _dated_pieces(text: str) -> list[str] | None:
    """ "principal vacancy at Roosevelt ES — posting 3/6, interviews wk of 4/3, HR", "CFO — budget scenarios to
    cabinet 3/29, final to board 4/25": steps listed with commas, each with a day of its own; the words before the
    dash (a topic or who owns them) and an owner said last belong to every step."""
    head, _, rest = _head(text)
    pieces = [p.strip(" .") for p in re.split(r"\s*[,;]\s+(?:and\s+|then\s+)?", rest) if p.strip(" .")]
    owner = ""
    if len(pieces) >= 3 and _closing(pieces[-1]) and not _ONE_DAY.search(pieces[-1]):
        owner, pieces = pieces[-1], pieces[:-1]
    if len(pieces) < 2 or len(pieces) > 4:
        return None
    days = [_ONE_DAY.findall(p) for p in pieces]
    if any(len(d) != 1 for d in days) or len({d[0].lower() for d in days}) != len(days):
        return None
    said_who = re.compile(r"\s[-–—]+\s|->|→|\bowners?\s*:|\(", re.IGNORECASE)  # a piece that carries who owns it
    if any(len(_ONE_DAY.sub(" ", p).split()) < 1 or _has_doer(p) or said_who.search(p) for p in pieces):
        return None
    if head and (is_only_owner(head) or _closing(head)):
        owner, head = owner or head, ""
    return [f"{head + ': ' if head else ''}{p}{', ' + owner if owner else ''}" for p in pieces]


def _head(text: str) -> tuple[str, str, str]:
    m = re.match(r"(?P<head>[^,;:—–]{2,60}?)(?P<dash>\s[-–—]+\s|:\s)(?P<rest>.+)$", text.strip(), re.DOTALL)
    if m is None or len(m.group("head").split()) > 8 or _ONE_DAY.search(m.group("head")):
        return "", "", text.strip()
    return m.group("head").strip(), m.group("dash"), m.group("rest")


def _has_doer(piece: str) -> bool:
    found = find_owner(piece)
    return found is not None and not found.alone


def typed_items(text: str) -> list[str] | None:
    """The pieces of work a team typed as a list without line breaks, each with its own owner, or None."""
    return (
        _counted(text)
        or _dated_pieces(text)
        or _marked(text)
        or _handed_items(text)
        or _dash_owned(text)
        or added_too(text)
    )
