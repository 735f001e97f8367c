"""Turn a team's free-text answer into action fields: owner, dates, recurrence, resources and measures.

Rules only, so it works offline and gives the same answer every time. Every pattern is linear (no nested
unbounded repetition) and only the first `cleanup.ANALYSIS_LIMIT` characters are read for fields, so a pasted
document costs no more than a long answer. Dates are read in `dates`, owners in `people`, the school year
in `school_year`.

Recurrence is one of daily, weekly, biweekly, monthly, quarterly, each semester, annually: "twice a month"
counts as biweekly and "twice a year" as each semester; a rhythm with no such value ("twice a week", "every
other month") gives None and stays readable in the description.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import islice

from pydantic import BaseModel, Field

from assistant.understanding.cleanup import _cap, _overlaps, _phrase, _prepare, _skip
from assistant.understanding.dates import _as_date, _Hit, _scan_dates, parse_due
from assistant.understanding.people import _find_owner, parse_owner
from assistant.understanding.school_year import SchoolYear

__all__ = [
    "DESCRIPTION_MAX",
    "ITEM_MAX",
    "MAX_ITEMS",
    "ExtractedFields",
    "SchoolYear",
    "extract_action",
    "parse_due",
    "parse_owner",
]

DESCRIPTION_MAX = 300
# No real answer names more; past this a text is a pasted document and the first mentions are the ones that count.
MAX_CUES = 50
ITEM_MAX = 150
MAX_ITEMS = 12

_COMMA_SPACE = re.compile(r"[\s,]*")


# ------------------------------------------------------------------------------------------------ the model


class ExtractedFields(BaseModel):
    """What one free-text answer says about an action; anything not said is None or empty."""

    description: str = Field(description="the answer, cleaned and capped; the owner clause is kept as written")
    owner: str | None = None
    owner_role: str | None = None
    start: date | None = None
    due: date | None = None
    recurrence: str | None = Field(
        default=None,
        description="daily | weekly | biweekly | monthly | quarterly | each semester | annually",
    )
    resources: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    date_phrases: list[str] = Field(
        default_factory=list, description="the phrase behind start (first, when set), then the one behind due"
    )
    unparsed_date: str | None = Field(default=None, description="a date-like phrase that could not be resolved")


_LABEL_LINE = re.compile(
    r"^[-*•\s]*(?:owners?|responsible(?:\s+(?:party|person|people|staff))?|person\s+responsible|lead|"
    r"point\s+person|who|when|due(?:\s+date)?|deadline|start(?:\s+date)?|timeline|frequency|recurrence|"
    r"resources?(?:\s+needed)?|materials|budget|funding|measures?(?:\s+of\s+success)?|success\s+measures?|"
    r"targets?|evidence|metrics?|indicators?|assigned\s+to)\s*[:=]\s*\S.*$",
    re.IGNORECASE,
)
_ACTION_LABEL = re.compile(r"^\s*(?:action(?:\s+step)?|proposed\s+action)\s*[:=-]\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•▪◦·]+|\(?[0-9]{1,2}[.)])\s+")


def _describe(clean: str) -> str:
    """The answer as one line; field lines such as "Owner: Pat" are dropped when other text remains."""
    lines = [_BULLET.sub("", line).strip() for line in clean.split("\n")]
    lines = [line for line in lines if line]
    kept = [line for line in lines if not _LABEL_LINE.match(line)]
    text = " ".join(kept or lines)
    text = _ACTION_LABEL.sub("", text)
    return _cap(text, DESCRIPTION_MAX)


# ------------------------------------------------------------------------------------------------ recurrence

_WD_NAMES = r"(?:monday|tuesday|wednesday|thursday|friday)"
_RECURRENCE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "daily",
            r"\b(?:daily|every\s+(?:single\s+)?(?:school\s+)?(?:day|morning|afternoon)|"
            r"each\s+(?:school\s+)?(?:day|morning|afternoon)|once\s+(?:a|per|each)\s+day|per\s+day)\b",
        ),
        (
            "biweekly",
            r"\b(?:bi-?weekly|every\s+(?:other|second|2nd|two|2)\s+weeks?|(?:twice|two\s+times|2\s*x)\s+"
            r"(?:a|per|each|every)\s+month|semi-?monthly|fortnightly|every\s+fortnight)\b",
        ),
        (
            "weekly",
            rf"\b(?:weekly|every\s+week|each\s+week|once\s+(?:a|per|each)\s+week|per\s+week|"
            rf"(?:every|each)\s+{_WD_NAMES}|on\s+{_WD_NAMES}s)\b",
        ),
        (
            "monthly",
            r"\b(?:monthly|every\s+month|each\s+month|once\s+(?:a|per|each)\s+month|per\s+month|"
            r"(?:of|in)\s+(?:each|every)\s+month)\b",
        ),
        (
            "quarterly",
            r"\b(?:quarterly|every\s+quarter|each\s+quarter|once\s+(?:a|per|each)\s+quarter|per\s+quarter|"
            r"(?:every|each|per)\s+(?:marking|grading)\s+period|(?:four|4)\s+times\s+(?:a|per|each)\s+"
            r"(?:school\s+)?year|every\s+(?:three|3)\s+months|every\s+(?:nine|9)\s+weeks)\b",
        ),
        (
            "each semester",
            r"\b(?:(?:every|each|per)\s+semester|once\s+(?:a|per|each)\s+semester|semesterly|"
            r"(?:twice|two\s+times)\s+(?:a|per|each)\s+(?:school\s+)?year|semi-?annually|every\s+(?:six|6)\s+months)\b",
        ),
        (
            "annually",
            r"\b(?:annually|yearly|once\s+(?:a|per|each)\s+(?:school\s+)?year|(?:every|each|per)\s+(?:school\s+)?year|"
            r"every\s+twelve\s+months)\b",
        ),
    )
)


def _recurrence(work: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The first recurrence named, and the spans of phrase-like mentions ("every month", not "monthly")."""
    best: tuple[int, int, str] | None = None
    phrase_spans: list[tuple[int, int]] = []
    for name, pattern in _RECURRENCE:
        for m in pattern.finditer(work):
            if re.search(r"\s", m.group()):
                phrase_spans.append(m.span())
            key = (m.start(), -(m.end() - m.start()), name)
            if best is None or key[:2] < best[:2]:
                best = key
    return (best[2] if best else None), sorted(phrase_spans)


# -------------------------------------------------------------------------------------- resources, measures

_SENTENCE_END = re.compile(r"(?<![0-9])\.(?![0-9])|[!?;\n]")
_MEASURE_CUE = re.compile(
    r"(?P<mb>\b(?:as\s+)?(?:measured|assessed|evaluated|evidenced)\s+(?:by|through|with|using|via)\b)"
    r"|(?P<sl>\bsuccess\s+(?:will\s+)?looks?\s+like\b|\bsuccess\s+(?:means|is|=)|\bsuccess\s+(?:criteria|measures?|"
    r"indicators?)\s*:)"
    r"|(?P<st>\bso\s+that\b)"
    r"|(?P<wk>\bwe(?:'ll|\s+will|\s+would|'d)\s+know\b(?:\s+[\w']+){0,4}?\s+(?:when|if|because)\b)"
    r"|(?P<lab>(?:^|(?<=[\s;,.(>]))(?:targets?|goals?|measures?(?:\s+of\s+success)?|metrics?|indicators?|"
    r"evidence(?:\s+of\s+success)?|benchmarks?|outcomes?)\s*:)",
    re.IGNORECASE,
)
# A "so that" clause is a measure when it can be checked, not when it only gives a purpose.
_CHECKABLE = re.compile(
    r"[0-9%]|\b(?:percent|all|every|each|at\s+least|no\s+more\s+than|fewer|more|less|increase[sd]?|decrease[sd]?|"
    r"reduc\w*|improv\w*|rises?|drops?|grows?|gains?|higher|lower|double|half)\b",
    re.IGNORECASE,
)
_RESOURCE_CUE = re.compile(
    r"(?P<use>\busing\b|\bwith\s+the\s+help\s+of\b|\bwith\s+(?:help|support|funding|funds)\s+from\b|"
    r"\bfunded\s+(?:by|through|with|from|via|out\s+of)\b|\bpaid\s+(?:for\s+)?(?:by|with|from|out\s+of|through)\b|"
    r"\bwe(?:'ll|\s+will|\s+would|'d)?\s+need\b|\bwill\s+need\b|\brequires?\b|\bleverag(?:e|ing)\b|\bdrawing\s+on\b)"
    r"|(?P<lab>(?:^|(?<=[\s;,.(>]))(?:resources?(?:\s+needed)?|materials?|tools?|supplies|funding(?:\s+source)?|"
    r"budget)\s*:)",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"(?:\b(?:a\s+)?budget\s+of\s+)?\$\s?[0-9][0-9,]*(?:\.[0-9]{2})?(?:\s*(?:k|thousand|million)\b)?"
    r"(?:\s+(?:budget|grant|stipends?|allocation))?(?:\s+(?:for|from|in|out\s+of)\s+[^,.;!?\n$]{1,60}?"
    r"(?=[,.;!?\n]|$|\s+(?:to|so|and|but|by|before|starting|which)\b))?",
    re.IGNORECASE,
)
_RESOURCE_STOP = re.compile(
    r"(?<![0-9])\.(?![0-9])|[!?;\n]|\s+(?:so\s+that|so\s+we|in\s+order\s+to|to\s+ensure|which|where|while|because|"
    r"until|before|after|starting|beginning|every|each|led\s+by|with\s+the\s+goal)\b|"
    r"\s+to\s+(?!(?:the|a|an|our|their|all|each|every|support|help)\b)(?=[a-z])|"
    r",?\s+(?:and|but|then)\s+(?=(?:[\w']+\s+){0,3}(?:will|shall|would|can|must|should)\b)",
    re.IGNORECASE,
)
_LIST_STOP = re.compile(r"(?<![0-9])\.(?![0-9])|[!?\n]")
_ITEM_SPLIT = re.compile(r"\s*,(?![0-9]{3}\b)\s*(?:and\s+|or\s+)?|\s*;\s*|\s+(?:as\s+well\s+as|plus)\s+", re.IGNORECASE)
_AND_SPLIT = re.compile(r"\s*,(?![0-9]{3}\b)\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_NO_SPLIT = re.compile(r"(?!)")
_ITEM_TRIM = re.compile(r"^[\s,:;\-]+|[\s,:;.!?\-]+$")


def _items(text: str, splitter: re.Pattern[str]) -> list[str]:
    out = []
    for part in splitter.split(text):
        item = _ITEM_TRIM.sub("", part)
        item = re.sub(r"^(?:and|or|also)\s+", "", item, flags=re.IGNORECASE)
        if len(item) >= 2 and re.search(r"[^\W_]", item):
            out.append(_cap(item, ITEM_MAX))
    return out


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out[:MAX_ITEMS]


def _measures(work: str, clean: str) -> tuple[list[str], list[tuple[int, int]]]:
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in islice(_MEASURE_CUE.finditer(work), MAX_CUES):
        if _overlaps(m.span(), spans):
            continue
        stop = _SENTENCE_END.search(work, m.end(), m.end() + 300)
        end = stop.start() if stop else min(len(work), m.end() + 300)
        text = clean[m.end() : end]
        if m.group("st") and not _CHECKABLE.search(text):
            continue
        spans.append((m.start(), end))
        items.extend(_items(text, _AND_SPLIT if m.group("mb") else _NO_SPLIT))
    return _dedupe(items), spans


def _resources(work: str, clean: str, stops: list[tuple[int, int]], skip: list[tuple[int, int]]) -> list[str]:
    items: list[str] = []
    taken: list[tuple[int, int]] = []
    stop_starts = sorted(a for a, _ in stops)
    for m in islice(_RESOURCE_CUE.finditer(work), MAX_CUES):
        if _overlaps(m.span(), skip):
            continue
        limit = min(len(work), m.end() + 200)
        # After "Resources:" the team writes a list, so only the end of the line or sentence closes it.
        stop = (_LIST_STOP if m.group("lab") else _RESOURCE_STOP).search(work, m.end(), limit)
        end = stop.start() if stop else limit
        later = [a for a in stop_starts if m.end() < a < end]
        if later:
            end = later[0]
        nxt = _RESOURCE_CUE.search(work, m.end(), end)
        if nxt:
            end = nxt.start()
        text = clean[m.end() : end]
        if re.match(r"\s*(?:to|that)\b", text, re.IGNORECASE) and not m.group("lab"):
            continue  # "we'll need to meet" is a step, not a resource
        taken.append((m.start(), end))
        items.extend(_items(text, _ITEM_SPLIT))
    for m in islice(_MONEY.finditer(work), MAX_CUES):
        if _overlaps(m.span(), taken) or _overlaps(m.span(), skip):
            continue
        items.append(_cap(_ITEM_TRIM.sub("", clean[m.start() : m.end()]), ITEM_MAX))
    return _dedupe(items)


# ------------------------------------------------------------------------------------------------ public API


def _precision(hit: _Hit, work: str) -> int:
    """How exactly a due phrase names its day: typed day 2, school phrase read as a day 1, a span or a lag 0."""
    if not hit.exact:
        return 0
    return 1 if _ISO_DAY.search(work, hit.span[0], hit.span[1]) else 2


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def extract_action(text: str, today: date, year: SchoolYear | None = None) -> ExtractedFields:
    """Read an answer such as "Dana, our instructional coach, will schedule walkthroughs by Jan 15" into fields."""
    today = _as_date(today)
    year = year or SchoolYear.containing(today)
    clean, work = _prepare(text)
    analysed = clean[: len(work)]
    scan = _scan_dates(work, today, year, answer=False)
    recurrence, recurrence_spans = _recurrence(work)
    measures, measure_spans = _measures(work, analysed)
    resources = _resources(work, analysed, scan.spans + recurrence_spans + measure_spans, measure_spans)
    # "In September the principal will…": a subject may follow a date or a recurrence that opens the sentence.
    after_lead_ins = [_skip(_COMMA_SPACE, work, end) for _, end in scan.spans + scan.unparsed + recurrence_spans]
    owner, role = _find_owner(work, after_lead_ins, measure_spans)

    start_hit = next((h for h in scan.hits if h.start is not None), None)
    # An explicit day wins over a side phrase: "a plan within 10 days … writes that up by dec 4"; a day typed
    # out wins over a school-calendar phrase read as a day ("end of year … celebration on june 4").
    dues = [h for h in scan.hits if h.due is not None]
    due_hit = max(dues, key=lambda h: _precision(h, work), default=None)
    phrases = [_phrase(analysed, h.span) for h in (start_hit, due_hit) if h is not None]
    unparsed = _phrase(analysed, scan.unparsed[0]) if scan.unparsed else None
    return ExtractedFields(
        description=_describe(clean),
        owner=owner,
        owner_role=role,
        start=start_hit.start if start_hit else None,
        due=due_hit.due if due_hit else None,
        recurrence=recurrence,
        resources=resources,
        measures=measures,
        date_phrases=list(dict.fromkeys(phrases)),
        unparsed_date=unparsed,
    )
