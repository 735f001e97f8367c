"""The parts of a split answer put back together where they are one action: a part that only gives context, the
work and then who takes it up, a practice and then the product that delivers it."""

from __future__ import annotations

import re
from datetime import date

from assistant.understanding.action import _STATE_VERBS, _TAKES_UP, ActionReading, read_action
from assistant.understanding.again import _has_verb
from assistant.understanding.declared import declared_owner
from assistant.understanding.named import named_doing
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_words import _PERSON_OR_GROUP, _SUBJECT, is_only_owner
from assistant.understanding.owners import find_owner, takes_part
from assistant.understanding.school_year import SchoolYear
from assistant.understanding.splitting import (
    _ALSO_DO,
    _BACK_TO_THEM,
    _CONTRAST,
    _MAKEUP,
    _done_by,
    _next_step_on_its_own_day,
    tells_back,
)

_COMMITS = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|gonna|plans?\s+to|agreed\s+to|volunteered\s+to|offered\s+to|in\s+charge)\b",
    re.IGNORECASE,
)


_WE_WILL_DO = re.compile(
    r"\W*(?:and\s+|then\s+)?(?:i|we)\s*(?:'ll|\s+will|\s+are\s+going\s+to|'re\s+going\s+to|'m\s+going\s+to)\s+(?:also\s+)?"
    r"(?!(?:see|decide|figure|think|talk|need|have|be|get\s+back|circle|come\s+back|check\s+in|use|adopt|follow|stick|"
    r"keep|continue|start|try|want|like|focus)\b)[a-z]{3,}\s+\S+\s+\S+",
    re.IGNORECASE,
)


def _says_something(text: str, reading: ActionReading) -> bool:
    """A part that is an action of its own: a date or rhythm, or someone who commits to doing something."""
    f = reading.fields
    lag_only = (
        f.due is not None
        and not (f.owner or f.start or f.recurrence or f.unparsed_date)
        and bool(f.date_phrases)
        and all(re.match(r"within\b", p, re.IGNORECASE) for p in f.date_phrases)
    )
    if lag_only:
        return False  # "a kid with 2+ Fs meets their counselor within a week": a rule the next part writes down
    if f.due or f.start or f.recurrence or f.unparsed_date:  # "…a makeup session with ms lo in feb": a time too
        return True
    if _ALSO_DO.match(text):  # "also look at whether our EL students exit at the same rate": a to-do of its own
        return True
    if _WE_WILL_DO.match(text):  # "…, and I'll take whatever they find to the board in december": the team's own part
        return True
    if not f.owner or takes_part(f.owner) or re.match(r"(?:a|an|some|someone|somebody)\b", f.owner, re.IGNORECASE):
        return False  # "teachers run the routine, a coach gives feedback": how the work runs, not another action
    if _COMMITS.search(text) or _MAKEUP.match(text):  # "anyone absent gets 1 hr w/ ms ruiz": the make-up
        return True
    normalized = normalize_answer(text)
    found = find_owner(normalized)
    handed = found is not None and re.search(r"(?:->|→|=>)\s*$", normalized[: found.span[0]])
    if found is not None and handed and found.declared and found.owner == f.owner:
        return True  # "tutoring schedule for the re-teach kids → mr. grant": the work, then who owns it
    return found is not None and not found.alone and bool(found.verb) and found.verb.split()[0] not in _STATE_VERBS


# "checks it", "schedules both", "reviews those": the work before taken up; "texts those families" is work of its own
_BACK = (
    r"(?:it|them|both|(?:that|those|these|this)\b(?!\s+(?!(?:by|in|on|at|for|to|with|before|after|every|each|and|"
    r"once|twice|weekly|monthly|quarterly|is|are|gets?|goes|up|out|over|back|off|down|together|forward|along|around)\b)[a-z]))\b"
)
_BACK_REFERENCE = re.compile(
    rf"^\S+(?:\s+\S+){{0,3}}?\s+(?:[a-z]+s|[a-z]+es)\s+{_BACK}|\b(?:leads|runs|owns|"
    rf"schedules|coordinates|checks|writes|tracks|organi[sz]es)\s+{_BACK}",
    re.IGNORECASE,
)


def _what_then_who(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[tuple[str, ActionReading]]:
    """ "every site does the TFI each fall and spring, mr ibarra checks it's in by may 21": a part that names no
    owner, followed by one whose owner takes it up ("checks it", "schedules both", "leads it") with no rhythm
    of its own, is one action."""
    out: list[tuple[str, ActionReading]] = []
    for text, reading in parts:
        if out:
            last_text, last = out[-1]
            named = find_owner(text)
            takes_up = (
                _BACK_REFERENCE.search(text) is not None
                or not _has_verb(last_text)
                or (named is not None and named.declared is False and named.alone and named.span[0] <= 3)
            )
            rhythm = reading.fields.recurrence  # "logs reviewed quarterly by the coordinator" has its owner
            if (
                (last.fields.owner is None or takes_part(last.fields.owner))
                and not _next_step_on_its_own_day(last_text, " and ", text)
                and not (rhythm and rhythm != last.fields.recurrence and _done_by(last_text))
                and not (
                    _own_time(reading, last)
                    and _opens_with_owner(text)
                    and (_has_verb_ish(last_text) or not _BACK_REFERENCE.search(text))
                )
                and reading.fields.owner
                and takes_up
                # "instructors log the pass rates after each test; the director reviews them each semester": a doer
                # who opens the part before, and a rhythm of another's own, make two actions
                and (
                    rhythm is None
                    or rhythm == last.fields.recurrence
                    or not (_SUBJECT.search(last_text) or _opens_with_owner(last_text))
                )
            ):
                out[-1] = _joined(last_text, (text, reading), today, year, question)
                continue
        out.append((text, reading))
    return out


def _joined(
    last_text: str,
    part: tuple[str, ActionReading],
    today: date,
    year: SchoolYear | None,
    question: str | None,
) -> tuple[str, ActionReading]:
    """A part that carries on the action before it, read again together with it."""
    text, reading = part
    glue = " " if re.search(r"[.!?]\s*$", last_text) else ", "
    joined = f"{last_text.rstrip(' ,;')}{glue}{text}"
    return joined, _kept(read_action(joined, today, year, question), reading)


def _kept(whole: ActionReading, part: ActionReading) -> ActionReading:
    """Two parts read as one action keep what the part that was joined on said on its own: its owner when the
    whole names none (the owner is why the parts were joined), and its date when the whole has none."""
    f, g = whole.fields, part.fields
    if not f.owner and g.owner:
        f.owner, f.owner_role = g.owner, g.owner_role
    if not f.due and g.due:
        f.due = g.due
    return whole


def _practice_then_product(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[tuple[str, ActionReading]]:
    """ "a pair counts as doing it if they co-plan weekly …. our sped dept head writes the criteria by dec 11": a
    part that names no owner and no date of its own describes the work that the next part, with an owner and a
    one-time date and no rhythm of its own, delivers; the two are one action."""
    out = parts
    merged: list[tuple[str, ActionReading]] = []
    n = 0
    while n < len(out):
        text, reading = out[n]
        f = reading.fields
        # "Rosa logs every referral …": a part that opens with someone doing the work is theirs
        if n + 1 < len(out) and not (f.owner or f.due or f.start or f.unparsed_date or named_doing(text)):
            following = out[n + 1][1].fields
            if following.owner and following.due and not following.recurrence:
                glue = " " if re.search(r"[.!?]\s*$", text) else ", "
                joined = f"{text.rstrip(' ,;')}{glue}{out[n + 1][0]}"
                merged.append((joined, _kept(read_action(joined, today, year, question), out[n + 1][1])))
                n += 2
                continue
        merged.append((text, reading))
        n += 1
    return merged


def _one_person(owner: str) -> bool:
    """ "Dani", "Ms. Soto": one named person, not a group such as "the coaches" or "grade teams"."""
    person = re.fullmatch(r"(?:(?:Mr|Mrs|Ms|Mx|Dr)\.\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?", owner)
    return bool(person) and not owner.isupper()  # "HR" is an office


def _taken_up(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[tuple[str, ActionReading]]:
    """ "the coaches go to the institute in january. mrs hale books it", "…, our AP runs them": a part that only
    says who takes up the work before it ("books it", "runs them", "will own that") is that work's owner, not
    an action of its own."""
    out: list[tuple[str, ActionReading]] = []
    for text, reading in parts:
        if out:
            declared = declared_owner(text)
            last_owner = out[-1][1].fields.owner
            if (
                declared is not None
                and declared.span[0] <= 3
                and _TAKES_UP.search(declared.verb)
                and not (last_owner and _one_person(last_owner))
                and not _own_rhythm(reading, out[-1][1])
                and not (_own_day(reading, out[-1][1]) and _opens_with_owner(text))
            ):
                # "dani enters the scores, tom double checks them": a named person doing their own part is not this
                last_text, _ = out[-1]
                out[-1] = _joined(last_text, (text, reading), today, year, question)
                continue
        out.append((text, reading))
    return out


def _own_rhythm(part: ActionReading, before: ActionReading) -> bool:
    """ "teachers fill out the circle log after each circle, mr. reyes checks them monthly": checking the work on a
    rhythm of its own is a second action, not who takes up the first."""
    rhythm = part.fields.recurrence
    return rhythm is not None and rhythm != before.fields.recurrence


def _own_day(part: ActionReading, before: ActionReading) -> bool:
    """ "principal writes the letter by 9/30; pta translates it by 10/7": a doer with a one-time day of their own,
    after work due on another day, is a next step, not who takes up the work before."""
    f, g = part.fields, before.fields
    # a step due before the work ("ms wallace nominates by feb 26" for the march 11 meeting) readies it: the same action
    return bool(f.owner and f.due and g.due and f.due > g.due and not (f.recurrence or g.recurrence))


def _opens_with_owner(text: str) -> bool:
    """ "pta translates it by 10/7", not "we share back … in the march newsletter - mrs. abernathy": the doer opens
    the part."""
    found = find_owner(normalize_answer(text))
    return found is not None and not found.alone and found.span[0] <= 3


def _own_time(part: ActionReading, before: ActionReading) -> bool:
    """ "reteach the expectations next monday, plus the deans review referral data every 2 weeks": a doer with a day
    or a rhythm of their own, after one-time work, is work of their own."""
    f, g = part.fields, before.fields
    return _own_day(part, before) or bool(f.owner and f.recurrence and g.due and not g.recurrence)


def _has_verb_ish(text: str) -> bool:
    """ "the ILT sets goals by oct 1": a clause that does something, even when its doer is not read as an owner."""
    return (
        _has_verb(text)
        or re.search(r"\b[a-z]{3,}s\s+(?:the|a|an|our|their|all|each|every|\w+\s+(?:the|a|an))\b", text, re.I)
        is not None
    )


_DECIDES = re.compile(
    r"\b(?:decides?|approves?|signs?\s+off|makes\s+the\s+call)(?:\s+on\s+(?:the\s+)?[a-z]+)?\s*[,.;]?\s*$",
    re.IGNORECASE,
)
_CARRIES_OUT = re.compile(
    r"\b(?:carr(?:y|ies)\s+(?:it|them|that)\s+out|makes?\s+(?:it|them|the\s+changes?)|puts?\s+(?:it|them)\s+in\s+place|"
    r"(?:does|do)\s+(?:it|them|the\s+rest))\b",
    re.IGNORECASE,
)


def _decided_then_done(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[tuple[str, ActionReading]]:
    """ "principal wong decides, coach dana carries them out": who decides and who carries the decision out are one
    action, owned by who decides."""
    out: list[tuple[str, ActionReading]] = []
    for text, reading in parts:
        if out:
            last_text, last = out[-1]
            f = reading.fields
            if (
                last.fields.owner
                and _DECIDES.search(last_text)
                and _CARRIES_OUT.search(text)
                and not (f.recurrence or f.start or (f.due and not _LAG_ONLY.search(text)))
            ):
                joined, whole = _joined(last_text, (text, reading), today, year, question)
                whole.fields.owner, whole.fields.owner_role = last.fields.owner, last.fields.owner_role
                whole.title = last.title  # what is decided, not who carries it out
                if not last.fields.due and f.due and _LAG_ONLY.search(text):
                    whole.fields.due = None  # "… makes the change within two weeks" of deciding: a lag, not a date
                out[-1] = (joined, whole)
                continue
        out.append((text, reading))
    return out


_LAG_ONLY = re.compile(r"\bwithin\s+(?:a|one|two|three|\d{1,2})\s+(?:school\s+)?(?:days?|weeks?)\b", re.IGNORECASE)


def _merge_context(
    parts: list[tuple[str, ActionReading]], today: date, year: SchoolYear | None, question: str | None
) -> list[ActionReading]:
    """A part with no owner, date or rhythm of its own is context for its neighbour, not an action of its own."""
    if len(parts) < 2:
        return [reading for _, reading in parts]
    parts = _decided_then_done(parts, today, year, question)
    parts = _taken_up(parts, today, year, question)
    parts = _practice_then_product(parts, today, year, question)
    if len(parts) < 2:
        return [reading for _, reading in parts]
    parts = _what_then_who(parts, today, year, question)
    texts = [text for text, _ in parts]
    keep = [_says_something(text, reading) for text, reading in parts]
    for n, (text, reading) in enumerate(parts[:-1]):
        # "dr amari. if it's scheduling, the counseling office has to fix it": a name alone answers the question.
        following = parts[n + 1][1].fields.owner
        if reading.fields.owner and is_only_owner(text) and following and following != reading.fields.owner:
            keep[n] = True
    for n, (text, _) in enumerate(parts[1:], start=1):
        if tells_back(text) and not _BACK_TO_THEM.search(texts[n - 1]):
            keep[n] = keep[n - 1] = True  # "… survey in feb, then tell families what we changed": two pieces of work
    for n, (text, reading) in enumerate(parts[1:], start=1):
        contrast = _PERSON_OR_GROUP.match(text)
        earlier = parts[n - 1][1]
        if reading.fields.owner and earlier.fields.owner and contrast and _CONTRAST.match(text, contrast.end()):
            keep[n] = keep[n - 1] = True  # "…, ms kim if it's a schedule thing": the same work, her part of it
            if re.match(r"(?:if|when|whenever)\b", reading.title, re.IGNORECASE) and not re.match(
                r"(?:if|when|for|on)\b", earlier.title, re.IGNORECASE
            ):
                reading.title = f"{earlier.title} {reading.title[:1].lower()}{reading.title[1:]}"
    if sum(keep) < 2:
        whole = read_action(" ".join(texts), today, year, question)
        for _, reading in parts:
            if reading.fields.owner and not takes_part(reading.fields.owner):
                whole = _kept(whole, reading)
                break
        return [whole]
    groups: list[list[str]] = []
    pending: list[str] = []
    for text, useful in zip(texts, keep, strict=True):
        if useful:
            groups.append([*pending, text])
            pending = []
        elif groups:
            groups[-1].append(text)
        else:
            pending.append(text)
    if pending:
        groups[-1].extend(pending)
    return [read_action(" ".join(group), today, year, question) for group in groups]
