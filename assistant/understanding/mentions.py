"""A guess at who owns an action when no reading of the answer is sure: the people, roles and teams it mentions,
less those the work is for, done to or done with. A guess is shown to the team and asked, never written silently:
"Darlene (she's principal, supt, and bus scheduler lol) will get the bus days on the calendar", "within two days
of each suspension the dean holds a reentry circle", "… chosen by principals", "… from the district equity office"."""

from __future__ import annotations

import re

from assistant.understanding.owner_model import candidate_scores, learned_owner, nobody
from assistant.understanding.owner_words import _GROUP, _NAME, _PERSON, OwnerFound
from assistant.understanding.people import _NAME_STOP
from assistant.understanding.tails import _NOT_PEOPLE

_TITLED = re.compile(
    rf"(?<![\w.])(?:(?:Assistant|Associate|Deputy|Vice)\s+)?(?:{_PERSON}|"
    rf"(?:Pastor|Rev\.|Reverend|Father|Sister|Officer|Judge|Chief|Mayor|Deacon|Trustee)\s+{_NAME}|"
    r"(?:Mr|Mrs|Ms|Mx|Dr)\.?\s+[A-Za-z](?![\w'])\.?(?:\s+(?:\+|&|and)\s+(?:Mr|Mrs|Ms|Mx|Dr)\.?\s+[A-Za-z](?![\w'])\.?)?)"
)
_HANDLE = re.compile(r"(?<![\w@])@(?P<name>[A-Za-z][\w.-]{1,30}[A-Za-z0-9])")  # "@priya can you build…"
_MORE_ROLES = re.compile(
    r"(?<![\w-])(?:(?:the|our)\s+)?(?:[a-z]+\s+)?(?:mgr|supervisor|dispatch|co-op|chief\s+of\s+(?:schools|staff|police))\b|"
    r"(?<![\w-])(?-i:IT)(?![\w-])",
    re.IGNORECASE,
)
_EMOJI = "\u2600-\u27bf\U0001f300-\U0001faff\ufe0f"
# a lowercase name said last, after a comma, dash or emoji: "…every month to the team 📊 jen", "…, jen by fri"
_LOWER_TAIL = re.compile(
    rf"(?:[,—–.;:]|\s-|[{_EMOJI}])\s*(?P<name>[a-z]{{2,12}})(?:\s+(?:by|before|on)\s+[\w/]+)?\s*[.!{_EMOJI}]*$"
)
_NOT_NAMES = _NAME_STOP | _NOT_PEOPLE
_NOT_TAIL_NAMES = _NOT_NAMES | frozenset(
    "too also etc thanks thx lol pls plz tbd maybe done ongoing weekly monthly daily quarterly yearly later soon "
    "tomorrow today tonight please ok okay yes no yeah yep nope both all everyone everybody anyone someone "
    "district school team staff families parents students kids teachers admin".split()
)
_LEADING_NOT_PEOPLE = re.compile(
    r"^(?:(?:before|after|by|in|on|at|during|until|thru|through|every|each|winter|spring|fall|summer|break|"
    r"testing|minute|minutes|hour|hours|day|days|week|weeks|month|months|[a-z]+day|jan\w*|feb\w*|mar\w*|apr\w*|"
    r"may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|\d+\w*)\s+)+",
    re.IGNORECASE,
)
_TEAM = re.compile(rf"(?<![\w'/-])(?:{_GROUP})(?![\w'/-])")
_WORD = re.compile(r"(?<![\w.'/-])[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?![\w/-]|'(?!s\b)|\.\w)")
# who the work is for, done to or done with: "for the chronic absence families", "to coach us", "with 7th math"
_RECEIVER_BEFORE = re.compile(
    r"(?:\b(?:for|to|with|w/|about|among|into|onto|at|of|on|during|between|incl\.?|including|like|than|invite[sd]?|"
    r"inviting|(?:re)?train(?:s|ing)?|teach(?:es|ing)?|coach(?:es|ing)?|support(?:s|ing)?|help(?:s|ing)?|serv(?:e|es|ing)|onboard(?:s|ing)?|"
    r"tell(?:s|ing)?|show(?:s|ing)?|remind(?:s|ing)?|ask(?:s|ing)?|email(?:s|ing)?|call(?:s|ing)?|meet(?:s|ing)?|"
    r"observe[sd]?|observing|visit(?:s|ing)?|survey(?:s|ing)?|interview(?:s|ing)?|recruit(?:s|ing)?|hire[sd]?|"
    r"hiring|thank(?:s|ing)?|pay(?:s|ing)?|send(?:s|ing)?|give[sn]?|giving|share(?:s|d)?|sharing|walk(?:s|ing)?)"
    r"\s+(?:(?:the|our|all|each|every|both|their|his|her|my|your|new|those|these)\s+)*|'s\s+|\b(?:a|an|as|another|some)\s+)$",
    re.IGNORECASE,
)
_RECEIVER_AFTER = re.compile(
    r"^(?:\s*\([^)]{0,80}\))?\s+(?:(?:will\s+|are\s+going\s+to\s+|need\s+to\s+|needs\s+to\s+)?(?:get|gets|getting|"
    r"receive|receives|need|needs)(?:\s+[\w$-]+){0,5}?\s+(?:training|trained|pd|coaching|coached|refresher|workshop|"
    r"session|half-day|feedback|support|observed|stipend|paid|a\s+visit)\b|(?:will\s+)?(?:attend|attends|are\s+trained|"
    r"will\s+be\s+trained|have\s+to\s+attend)\b|"
    # "we'll coordinate it w/ the district office, ms. kowalski is our contact there": who the team works with
    r"(?:is|'s|are)\s+(?:our|the|their)\s+(?:main\s+)?(?:contacts?|point\s+of\s+contact)\b)",
    re.IGNORECASE,
)
# a team word that names an event, not people: "leadership academy", "at each leadership meeting"
_EVENT_AFTER = re.compile(
    r"^\s+(?:academy|meeting|mtg|retreat|session|institute|day|pd|training|agenda|notes|minutes|time|block|class|"
    r"walkthroughs?|data|calendar|newsletter|budget|night|hours)\b",
    re.IGNORECASE,
)
# what is said of the person right after the name, before the work: "(she's…)", "from the ESD", "again —", "'s"
_ASIDE = re.compile(
    r"(?:\s*\([^)]{0,80}\)|\s+from\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*|\s+again\b(?:\s*[—–-])?|'s(?=\s+[a-z]+ing\b))+"
)
_AGENT_BEFORE = re.compile(
    r"\b(?:by|from|via|owner|lead|led\s+by|run\s+by|thru|through)\s*:?\s+(?:(?:the|our)\s+)?$", re.IGNORECASE
)
_POSSESSIVE_AFTER = re.compile(r"^'s?\s+(?![a-z]+ing\b)(?!on\b|gonna\b|going\b|got\b|doing\b)", re.IGNORECASE)
_CLAUSE_OPEN = re.compile(r"(?:^|[.!?;:|>→—–-]\s*|\n\s*|\*\*|✅\s*)$")
# a first name that opens a clause counts only with a sign it is a person: "Darlene (she's…)", "Darlene again —",
# "Jolene's teaching…", "Marcy from the ESD comes…"
_PERSON_CUE = re.compile(
    r"^(?:\s*\(|\s+again\b|'s\s+[a-z]+ing\b|\s+(?:from|at|in|with)\s+(?:the\s+)?[A-Z]|"
    r"\s+(?:will|is|was|has|had|said|says|offered|offers|can|could|would|should|and|\+|&)\s)"
)
# a closing name: "…, Okafor", "… — Darlene, before feb break"
_TAIL = re.compile(r"^\s*(?:[.!]\s*)?(?:$|[,(]?\s*(?:by|before|on|due|in|after|starting|asap|every|each)\b)", re.I)
_TAIL_BEFORE = re.compile(r"(?:[,—–]|\s-|->|➡️?)\s*$")
_VERB_AFTER = re.compile(r"^\s+(?:the|a|an|our|their|all|each|every|it|them|this|that|with|up|out|on)\b", re.I)
# who takes part rather than who runs the work: "ece teachers + aides", "all 9th grade advisors", "teachers"
_TAKING_PART = re.compile(
    r"\b(?:teachers|staff|students|kids|families|parents|paras|paraprofessionals|aides|tutors|advisors|classes)$",
    re.IGNORECASE,
)
_THROUGH = re.compile(r"(?:.*\s)?(?:through|thru|via)\s+", re.IGNORECASE)
_WHOLE = re.compile(r"^(?:the\s+)?(?:whole|entire|full)\s+", re.IGNORECASE)
_JOINED = re.compile(r"^\s*(?:\+|&|\band\b|,|/)\s*$", re.IGNORECASE)
_JOINED_BEFORE = re.compile(r"^\s*(?:\([^()]{1,40}\)\s*)?(?:\+|&|\band\b)\s*$", re.IGNORECASE)


# "make sure subs + bus drivers know…": who is told, not who tells them
_TOLD = re.compile(r"\b(?:make\s+sure|ensure|so\s+that)\s+$", re.IGNORECASE)


def guess_owner(text: str) -> OwnerFound | None:
    """The person, role or team the answer mentions (not who the work is for) that the owner tagger scores likeliest
    to do the work, with those said together with them. None when no one is mentioned that way."""
    found = [
        c
        for c in _candidates(text)
        if not nobody(text[c[0] : c[1]]) and not _TOLD.search(text, 0, c[0])  # not "I'll coach", "paying 4 PTA"
    ]
    if not found:
        learned = learned_owner(text)  # no word a rule knows: the words a tagger trained on teams' answers picks
        if learned is None:
            return None
        found = [(learned.start, learned.end)]
    scores = candidate_scores(text, found) if len(found) > 1 else None
    if scores is not None:  # the mention the tagger scores likeliest to be who does the work; ties: the rules' order
        start, end = found[max(range(len(found)), key=scores.__getitem__)]
    else:  # one mention, or no tagger weights: a name after "by" or "from" first, then the first mention
        agents = [c for c in found if _AGENT_BEFORE.search(_before(text, c[0]))]
        start, end = (agents or found)[0]
    named = next((c for c in found if re.fullmatch(r"\s*\(\s*", text[c[1] : start])), None)
    if named is not None:  # "Mr. Castellano (director)": the person, whose role is said in brackets
        start, end = named
    group = [(start, end)]
    for other in sorted(found, reverse=True):  # "mr. okafor (HR) + ms. diaz": who is joined before them shares it
        if other[1] <= group[0][0] and _JOINED_BEFORE.match(text[other[1] : group[0][0]]):
            group.insert(0, other)
    for other in found:
        if other[0] >= group[-1][1] and _JOINED.match(text[group[-1][1] : other[0]]):
            group.append(other)  # "Ms. Ochoa + the ed manager + health manager"
    owner = " and ".join(_WHOLE.sub("the ", text[a:b]) for a, b in group)
    owner = re.sub(r"^our\s+", "the ", owner)
    end = group[-1][1]
    aside = _ASIDE.match(text, end)
    if aside is not None:
        end = aside.end()
    alone = bool(_TAIL.match(text[end:]))  # "…, Okafor", "… the office staff": the rest of the answer is the work
    return OwnerFound(owner, None, (group[0][0], end), alone=alone)


def _candidates(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _TITLED.finditer(text):
        spans.append(m.span())
    for m in _HANDLE.finditer(text):
        spans.append(m.span("name"))
    for m in _MORE_ROLES.finditer(text):
        spans.append(m.span())
    tail = _LOWER_TAIL.search(text)
    if tail is not None and tail.group("name") not in _NOT_TAIL_NAMES:
        spans.append(tail.span("name"))
    for m in _TEAM.finditer(text):
        lead = _LEADING_NOT_PEOPLE.match(m.group())  # "… before winter break front office": the front office
        start = m.start() + (lead.end() if lead else 0)
        if start >= m.end():
            continue
        agent = _THROUGH.search(text, start, m.end())
        if agent is not None:  # "get hired thru hr": the office it goes through, not "hired thru hr"
            start = agent.end()
        phrase = text[start : m.end()]
        if _POSSESSIVE_AFTER.match(text[m.end() :]) or _TAKING_PART.search(phrase):
            continue  # "principals' literacy academy", "teachers practise": not who owns the work
        if _EVENT_AFTER.match(text[m.end() :]):
            continue
        if " " not in phrase and phrase.islower() and _VERB_AFTER.match(text[m.end() :]):
            continue  # "to lead the circle", "coach them": a verb
        spans.append((start, m.end()))
    for m in _WORD.finditer(text):
        if m.group().lower() in _NOT_NAMES:
            continue
        before, after = _before(text, m.start()), text[m.end() :]
        opens = bool(_CLAUSE_OPEN.search(before))
        if (opens and _PERSON_CUE.match(after)) or (_TAIL_BEFORE.search(before) and _TAIL.match(after)):
            spans.append(m.span())
    spans = sorted(_outermost(spans))
    return [
        (a, b)
        for a, b in spans
        if not _RECEIVER_BEFORE.search(_before(text, a)) and not _RECEIVER_AFTER.match(text[b:])
    ]


def _before(text: str, position: int) -> str:
    """The few words before a mention, all its cues look at: a long answer is not scanned again for each."""
    return text[max(0, position - 40) : position]


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and a < kept[-1][1]:
            continue
        kept.append((a, b))
    return kept
