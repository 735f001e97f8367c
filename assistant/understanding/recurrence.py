"""How often an action repeats, as teams say it: "every other Thursday", "2x a month", "at every staff meeting".

The result is a short label in plan language ("biweekly", "twice a month", "every 5 weeks", "each staff
meeting"); the calendar export maps the labels that have a fixed rhythm to a repeat rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.understanding.week_days import PATTERN as _WEEK_DAYS
from assistant.understanding.week_days import day_rhythm

_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "every mon", "every Wed", "each thurs": a weekday as phones type it
_DAY_ABBR = r"(?:mon|tues?|wed|weds|thu|thur|thurs|fri|sat|sun)\.?"
_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SPANISH_NUM = {"tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "ocho": 8}
_NUMW = r"(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten)"
_TWICE = r"(?:twice|two\s+times|2\s*x|2\s+times)"
_EVERY = r"(?:every|each|at\s+every|at\s+each|at\s+our|during\s+(?:every|each)|per|once\s+(?:a|per|each|every))"
_NTH = r"(?:first|1st|second|2nd|third|3rd|fourth|4th|last)"
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept(?:ember)?|sep|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_SEASON = r"(?:fall|autumn|spring|winter|summer)"
_DAY_MESSAGE_WORDS = rf"(?:in|into|via)\s+(?:the|our)\s+{_DAYS}\s+(?:e-?mail|memo|bulletin|newsletter|update)"
_MEETING = r"(?:staff|faculty|board|school\s+board|plc|team|department|grade[- ]level|leadership|data)\s+meetings?"


@dataclass(frozen=True)
class Recurrence:
    label: str
    span: tuple[int, int]
    phrase: str


def _every_n(m: re.Match[str]) -> str:
    raw = (m.group("n") or m.group("sn")).lower()
    n = _NUM.get(raw, _SPANISH_NUM.get(raw, int(raw) if raw.isdigit() else 0))
    unit = m.group("unit") or {"semanas": "weeks", "meses": "months"}[m.group("sunit").lower()]
    unit = unit.lower().rstrip("s").replace("wk", "week")
    if unit == "week" and n == 2:
        return "biweekly"
    if unit == "month" and n == 3:
        return "quarterly"
    if unit == "month" and n == 6:
        return "each semester"
    return f"every {n} {unit}s"


def _before_event(m: re.Match[str]) -> str:
    event = " ".join(m.group("event").split())
    event = re.sub(r"\bmtgs?$", "meeting", event, flags=re.IGNORECASE)
    return f"before each {event[:-1] if event.endswith('s') and not event.endswith('ss') else event}"


def _after_event(m: re.Match[str]) -> str:
    event = " ".join(m.group("event").lower().split())
    event = {"pd": "training", "booster": "session"}.get(event.rstrip("s"), event)
    return f"after each {event[:-1] if event.endswith('s') and not event.endswith('ss') else event}"


_LAG_NUM = r"(?:an?|one|two|three|four|five|ten|[0-9]{1,2})"
_LAG_UNIT = r"(?:school\s+|business\s+|working\s+)?(?:days?|weeks?|hours?|hrs?)"
# the thing each lag follows: a noun, or a word and a noun ("each route change", "every coaching visit")
_LAG_STOP = r"(?:of|the|a|an|we|they|so|and|or|to|with|for|that|which|who|by|is|are|will|in|on|at|from)\b"
_LAG_EVENT = rf"(?P<event>(?!{_LAG_STOP})[a-z][a-z-]*(?:\s+(?!{_LAG_STOP})[a-z][a-z-]*)?)"
_SEEN = {"observation": "observation", "walkthrough": "walkthrough", "classroom visit": "observation"}


def _plain_case(word: str) -> str:
    """A word as the plan writes it: "CFA" and "IEP" stay acronyms, "Referral" is lower case."""
    return word if len(word) > 1 and word.rstrip("s").isupper() else word.lower()


def _lag(m: re.Match[str]) -> str | None:
    """ "within 48 hours of each incident", "two days after each walkthrough": work done after each one."""
    if m.group("acronym"):
        return f"after each {m.group('acronym')}"
    if m.group("asked"):
        if not re.search(r"\b(?:any|anyone|anybody|whoever|whenever)\b", m.string, re.IGNORECASE):
            return None  # "within a week of the request" is a lag only for requests that keep coming
        return f"after each {m.group('asked').lower()}"
    event = " ".join(_plain_case(w) for w in (m.group("event") or m.group("seen")).split())
    event = event[:-1] if event.endswith("s") and not event.endswith("ss") else event
    if "benchmark" in event:
        return "each benchmark window"  # "within a week of each benchmark window": the windows set the rhythm
    last = event.split()[-1].lower()
    if last in ("observation", "walkthrough"):
        return f"after each {last}"  # "each co-teaching observation": the kind of visit is the work's, not the rhythm's
    return f"after each {_SEEN.get(event, event)}"


_TIMES_N = r"(?:[2-5]|two|three|four|five)"
_TIMES_WORDS = {"2": 2, "two": 2, "twice": 2, "3": 3, "three": 3, "4": 4, "four": 4, "5": 5, "five": 5}
# "advisory moves to 30 min 4x/week", "need 3 days a week": a schedule changed or asked for, not work that repeats;
# "she's here 2 days a week": when someone is around
_NOT_WORK = re.compile(
    r"(?:\b(?:moves?|moved|moving|changes?|changed|switch(?:es|ed)?|go(?:es)?|going|shifts?|shifted|cut|increases?|"
    r"increased)\s+(?:to|from)\s+(?:[\w-]+\s+){0,3}|\b(?:needs?|want|wants|here|there|on\s+site|onsite|in\s+the\s+building)"
    r"\s+(?:[\w-]+\s+){0,2})$",
    re.IGNORECASE,
)


def _times_a_week(m: re.Match[str]) -> str | None:
    """ "3x/wk", "three times a week", "twice weekly", "2 days a week": as often as said."""
    if _NOT_WORK.search(m.string[max(0, m.start() - 40) : m.start()]):
        return None
    n = _TIMES_WORDS[(m.group("n") or m.group("n2") or m.group("n3")).lower()]
    return {2: "twice a week", 3: "three times a week", 4: "four times a week", 5: "daily"}[n]


_MONTH_ORDER = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _two_months(m: re.Match[str]) -> str | None:
    """Two months of the year, apart: twice a year ("in sept and feb"); next to each other they are one stretch
    ("in october and november"), unless the team says "again"."""
    if m.group("again2") or m.group("again"):
        return "twice a year"
    first, second = (_MONTH_ORDER.index(m.group(g).lower()[:3]) for g in ("m1", "m2"))
    return "twice a year" if min((first - second) % 12, (second - first) % 12) >= 3 else None


def _meeting(m: re.Match[str]) -> str:
    if m.group("kind4"):
        letters = " ".join(m.group("kind4").split())
        return f"each {letters.lower() if ' ' in letters else letters.upper()} meeting"
    said = m.group("kind") or m.group("kind2") or m.group("kind3") or m.group("kind5")
    kind = " ".join(said.lower().replace("-", " ").split())
    kind = {"school board": "board", "faculty": "staff", "dept": "department", "plc": "PLC"}.get(kind, kind)
    return f"each {kind} meeting"


_RULES: tuple[tuple[re.Pattern[str], object], ...] = tuple(
    (re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), label)
    for pattern, label in (
        (
            rf"(?:every|each)\s+other\s+(?:{_DAYS}|{_DAY_ABBR})|(?:every|each)\s+(?:other|second|2nd)\s+weeks?|bi-?weekly|"
            r"fortnightly|every\s+(?:two|2)\s+(?:weeks|wks)|bi-?wkly|"
            # "q2wks": the IEP shorthand for every two weeks; "cada dos semanas"
            r"q\s?2\s?(?:wks?|weeks)|cada\s+(?:dos|2)\s+semanas",
            "biweekly",
        ),
        (
            rf"{_TWICE}\s+(?:a|per|each|every)\s+week|{_TWICE}\s*/\s*(?:week|wk)\b|"
            r"(?:2|dos)\s+veces\s+(?:a\s+la|por|cada)\s+semana|"
            rf"(?:on\s+)?(?:mon|tues|wednes|thurs|fri)days\s*(?:&|and|\+|/)\s*(?:mon|tues|wednes|thurs|fri)days",
            "twice a week",
        ),
        (_WEEK_DAYS, day_rhythm),
        (
            rf"(?P<n>{_TIMES_N})\s*(?:x|times|days)\s*(?:/\s*|a\s+|per\s+|each\s+|in\s+a\s+)(?:school\s+)?(?:week|wk)\b|"
            rf"(?P<n2>{_TIMES_N}|twice)\s*(?:x\s*|times\s+)?(?:weekly|wkly)\b|"
            r"(?P<n3>2|two)\s+days\s*(?:/\s*|a\s+|per\s+|each\s+)(?:week|wk)\b",
            _times_a_week,
        ),
        (
            rf"(?:{_TWICE}|twice)\s*(?:x\s*)?monthly\b|"
            rf"{_TWICE}\s+(?:a|per|each|every)\s+(?:month|mo)\b|{_TWICE}\s*/\s*(?:month|mo)\b|semi-?monthly|"
            r"(?:2|dos)\s+veces\s+(?:al|por|cada)\s+mes|"
            r"bi-?monthly\b(?=.*\btwice\b)|"
            # "1st + 3rd monday of every month", "the 2nd and 4th tuesdays"
            rf"(?:first|1st|second|2nd|third|3rd)\s*(?:&|and|\+|/|,)\s*(?:the\s+)?{_NTH}\s+(?:{_DAYS}|{_DAY_ABBR})s?",
            "twice a month",
        ),
        (
            rf"{_TWICE}\s+(?:a|per|each|every|this)\s+(?:school\s+)?(?:year|yr)|{_TWICE}\s*/?\s*yr|semi-?annually|"
            r"(?:in\s+)?(?:the\s+)?fall\s*(?:and|&|\+)\s*(?:again\s+in\s+)?(?:the\s+)?spring|"
            r"(?:in\s+)?(?:the\s+)?spring\s*(?:and|&|\+)\s*(?:again\s+in\s+)?(?:the\s+)?fall|"
            r"(?:at\s+)?(?-i:BOY|MOY|EOY)\s*(?:&|and|\+|/)\s*(?-i:BOY|MOY|EOY)",
            "twice a year",
        ),
        (
            # "a survey in sept and feb", "at the may retreat and again in november": two months of the year
            rf"(?:in|during)\s+(?P<m1>{_MONTHS})\.?\s*(?:and|&|\+)\s*(?P<again>again\s+in\s+)?(?P<m2>{_MONTHS})\b"
            r"(?!\.?\s*[0-9])|"
            rf"(?:in|at|during)\s+(?:the\s+)?(?P<m3>{_MONTHS})\b(?!\.?\s*[0-9])(?:\s+[\w-]+){{0,3}}?\s+"
            rf"(?P<again2>and\s+again)\s+(?:in|at)\s+(?:the\s+)?(?P<m4>{_MONTHS}|{_SEASON})\b(?!\.?\s*[0-9])",
            _two_months,
        ),
        (
            # "GT parent newsletter 3x a year": three times a year, not the benchmark windows
            r"(?:three|3)\s*(?:x|times)\s*(?:(?:a|per|each|this)\s+(?:school\s+)?(?:year|yr)|/\s*(?:year|yr))",
            "three times a year",
        ),
        (
            r"(?:four|4)\s*(?:x|times)\s*(?:(?:a|per|each|this)\s+(?:school\s+)?(?:year|yr)|/\s*(?:year|yr))",
            "quarterly",
        ),
        (
            r"(?:at|after|with|during|in)?\s*(?:every|each)\s+(?:of\s+the\s+)?(?:three\s+)?benchmark(?:ing)?"
            r"(?:\s+(?:windows?|periods?|cycles?|seasons?))?|(?:boy|fall)\s*,\s*(?:moy|winter)\s*,?\s*(?:and\s+)?(?:eoy|spring)",
            "each benchmark window",
        ),
        (
            r"(?:every|each|at\s+every|at\s+each|at\s+all)\s+(?:of\s+(?:our|the)\s+)?(?:monthly\s+|weekly\s+)?"
            r"(?P<kind>staff|faculty|board|school\s+board|plc|department|dept|grade[- ]level|leadership|data|cabinet|"
            r"tier\s+[1-3])"
            r"(?:\s+team)?\s+(?:meetings?|mtgs?)|"
            r"(?:at|during|in)\s+(?:(?:the|our)\s+)?(?:monthly\s+|weekly\s+)?"
            r"(?P<kind2>staff|faculty|board|plc|department|dept|grade[- ]level|leadership|data|cabinet|tier\s+[1-3])"
            r"(?:\s+team)?\s+(?:meetings|mtgs)|(?:every|at\s+every|at\s+each)\s+(?P<kind3>plc)s?(?!\s+(?:lead|member|team))|"
            # "at each IEP mtg": work done in the meeting; "interpreters for every IEP meeting" is a standing duty
            r"(?:at|during|in)\s+(?:each|every|all)\s+(?:of\s+(?:our|the)\s+)?(?:annual\s+)?"
            r"(?P<kind4>iep|504|sst|mtss|sit|pta|pto|ptsa|elac|ssc|site\s+council)\s+(?:meetings?|mtgs?)(?!\s+notice)|"
            # "a 5 min update at every booster meeting": a meeting of any name the work is done in
            r"(?:at|during|in)\s+(?:each|every)\s+(?P<kind5>(?!(?:of|the|our|other|new|next|first|last)\b)[a-z]{3,}"
            r"(?:\s+(?!meetings?\b|mtgs?\b)[a-z]{3,})?)\s+(?:meetings?|mtgs?)",
            _meeting,
        ),
        (
            rf"(?:(?:within|no\s+later\s+than|in)\s+{_LAG_NUM}\s+{_LAG_UNIT}\s+(?:of|after|following)|"
            rf"{_LAG_NUM}\s+{_LAG_UNIT}\s+(?:after|following))\s+(?:each|every)\s+{_LAG_EVENT}|"
            rf"(?:within|no\s+later\s+than)\s+{_LAG_NUM}\s+{_LAG_UNIT}\s+(?:of|after|following)\s+(?:the|their|a|an)\s+"
            r"(?P<asked>request|referral|incident|resignation|complaint|call|visit|observation|walkthrough)s?\b|"
            r"after\s+(?:each|every)\s+(?:(?-i:[A-Z]{2,6})\s+)?(?P<seen>observation|walkthrough|classroom\s+visit)s?|"
            # "after each CFA", "after every IEP": an assessment or meeting the team names by its letters
            r"after\s+(?:each|every)\s+(?P<acronym>(?-i:[A-Z]{2,5}))s?(?!\s+[a-z])",
            _lag,
        ),
        (
            rf"(?:every|each)\s+(?P<n>{_NUMW})\s+(?P<unit>weeks?|wks?|months?)|"
            # "cada 6 semanas", "ciclos de 6 semanas": a cycle said in Spanish
            r"(?:cada|ciclos?\s+de)\s+(?P<sn>[2-9]|1[0-2]|tres|cuatro|cinco|seis|ocho)\s+(?P<sunit>semanas|meses)",
            _every_n,
        ),
        (r"(?:every|each)\s+other\s+month|bi-?monthly(?!.*\btwice\b)", "every 2 months"),
        (
            rf"(?:every|each)\s+(?:{_DAYS}|{_DAY_ABBR})|(?:{_DAYS}|{_DAY_ABBR})\.?\s+(?:nights|mornings|afternoons|evenings)|"
            # "move PLC time to tuesdays": a change of schedule, done once
            rf"(?<![0-9]\s)(?<!two\s)(?<!three\s)(?<!four\s)(?<!five\s)(?<!\bto\s)(?:on\s+)?{_DAYS}s(?=\s|[.,;]|$)|"
            # "shout outs in the monday email": a message that goes out each week
            rf"{_DAY_MESSAGE_WORDS}|"
            r"weekly|wkly|(?:every|each)\s+(?:week|wk)|1\s*x\s*/\s*(?:week|wk)\b|cada\s+semana|semanalmente|(?:once|one\s+time|1\s+time)\s+(?:a|per|each|in|in\s+a|every)\s+week|per\s+week|1\s*x\s+(?:a|per)\s+week|"
            # "need 2 library periods a week protected": a share of the week asked for, not work that repeats
            r"(?<!\bneed\s)(?<!\bneeds\s)"
            r"(?:one|a|[1-9]|two|three|four|five)\s+(?:(?!times\b|few\b|couple\b|twice\b|[0-9]+x?\b)[\w-]+\s+){1,4}(?:a|per)\s+week\b",
            "weekly",
        ),
        (
            r"daily|nightly|cada\s+d[ií]a|todos\s+los\s+d[ií]as|every\s+(?:single\s+)?(?:school\s+)?(?:day|morning)|each\s+(?:school\s+)?(?:day|morning)|"
            r"(?:every|each)\s+passing\s+period",
            "daily",
        ),
        (
            r"monthly|every\s+month|each\s+month|cada\s+mes|mensualmente|(?:una|1)\s+vez\s+(?:al|por|cada)\s+mes|"
            # "1x/mo"; "said he'd do 1 a month"
            r"1\s*x\s*/\s*(?:month|mo)\b|(?:one|1)\s+(?:a|per)\s+month|(?:once|one\s+time|1\s+time)\s+(?:a|per|each|in|in\s+a|every)\s+month|per\s+month|1\s*x\s+(?:a|per)\s+month|"
            r"(?:one|a|1)\s+(?:(?!times\b|few\b|couple\b|twice\b|[0-9]+x?\b)[\w-]+\s+){1,3}(?:a|per)\s+month\b|"
            r"(?:staff|student|teacher|family|employee)\s+of\s+the\s+month|"
            # "every 3rd Thursday" is the third Thursday of each month; "every second Thursday" could be every other
            rf"(?:every|each)\s+(?:first|1st|third|3rd|fourth|4th|last)\s+(?:{_DAYS}|{_DAY_ABBR})(?![\w-])|"
            r"(?:the\s+)?(?:first|second|third|last|1st|2nd|3rd)\s+(?:mon|tues|wednes|thurs|fri)day\s+of\s+"
            r"(?:each|every|the)\s+month",
            "monthly",
        ),
        (
            r"quarterly|every\s+quarter|each\s+quarter|once\s+(?:a|per|each)\s+quarter|"
            r"(?:every|each|per|once\s+(?:a|per|each|every))\s+(?:marking|grading)\s+period|every\s+(?:nine|9)\s+weeks",
            "quarterly",
        ),
        (r"(?:every|each)\s+(?:new\s+)?cohort", "each cohort"),
        (
            # "a peer visit every PD day", "at each early release day"; "teachers rate each pd day" rates the days
            r"(?:(?:at|on|during)\s+(?:each|every)|every)\s+(?:pd|professional\s+development)\s+day",
            "each PD day",
        ),
        (r"(?:(?:at|on|during)\s+(?:each|every)|every)\s+early[- ]release\s+day", "each early release day"),
        (
            r"(?:every|each|per)\s+semester|once\s+(?:a|per|each)\s+semester|semesterly",
            "each semester",
        ),
        (
            r"annually|yearly|cada\s+a[ñn]o|"
            # "an annual board self-evaluation": the work itself comes once a year ("the annual report" may not)
            r"(?<=\ban\s)annual|once\s+(?:a|per|each)\s+(?:school\s+)?year|(?:every|each)\s+(?:school\s+)?year|"
            # "every June", "each august"; not "each may", a word before it is a month
            r"(?:every|each)\s+(?:january|february|march|april|june|july|august|september|october|november|december)\b|"
            r"(?:every|each)\s+(?:spring|fall|autumn|winter|summer)(?!\s*(?:and|&|\+)\s*(?:again\s+in\s+)?(?:the\s+)?(?:spring|fall|autumn|winter|summer))",
            "annually",
        ),
        (
            # "ready the day before each withdrawal --", "2 wks before each IEP mtg —": done ahead of each one
            r"before\s+(?:each|every)\s+(?P<event>(?:(?!(?:of|the|a|we|they|i|and|one)\b)[A-Za-z0-9-]+\s+){0,2}?"
            r"(?!(?:of|the|a|we|they|i|and|one)\b)[A-Za-z][A-Za-z-]{2,})(?=\s*(?:[,.;:!)]|$|\s+[-–—]))",
            _before_event,
        ),
        (
            r"(?:after|following)\s+(?:each|every)\s+(?P<event>(?:(?!(?:of|the|a|we|they|i|and)\b)[a-z0-9-]+\s+){0,2}?"
            r"(?:pd\s+day|day|night|evening|training|pd|session|booster|conversation|event|workshop|unit|module|"
            r"meeting|mtg|forum|conference|circle|cycle|round|window|assessment|screener|test|visit|call|walk|"
            r"lesson|presentation|showcase|fair|open\s+house|caf[eé]|report(?:\s+card)?|incident|absence|suspension|referral)s?)\b",
            _after_event,
        ),
    )
)


# "just once, after each progress report is out": the team says the work is done one time
_ONCE = re.compile(r"\b(?:just|only)\s+once\b|\bone[- ]time\s+only\b|\bone[- ]off\b|\bonly\s+one\s+time\b", re.I)


_DAY_MESSAGE = re.compile(_DAY_MESSAGE_WORDS, re.IGNORECASE)
_PLURAL_DAY = re.compile(rf"(?:on\s+)?{_DAYS}s", re.IGNORECASE)
_REFINES = ("biweekly", "twice a month", "monthly")
_GROUP_ONLY = re.compile(r"(?:every|at\s+every|at\s+each)\s+plcs?", re.IGNORECASE)


def find_recurrence(text: str) -> Recurrence | None:
    """The first repeat rhythm named in `text`, or None."""
    found: list[tuple[int, int, str, str]] = []
    once = bool(_ONCE.search(text))
    for pattern, label in _RULES:
        if label is _after_event and found:
            continue  # "a survey after every training, summarized twice a year": the calendar rhythm first
        for m in pattern.finditer(text):
            name = label(m) if callable(label) else str(label)
            if name is None or (once and name.startswith("after each")):
                continue
            found.append((m.start(), -(m.end() - m.start()), name, m.group()))
            break
    if not found:
        return None
    found.sort()
    best = found[0]
    if _PLURAL_DAY.fullmatch(best[3]):
        # "PD tuesdays, every other week": the day first, then how often
        best = next((f for f in found[1:] if f[2] in _REFINES and f[0] - (best[0] - best[1]) <= 20), best)
    if _DAY_MESSAGE.fullmatch(best[3]):
        # "a corner in the monday memo and the family newsletter every month": the rhythm said outright wins
        best = next((f for f in found[1:] if not f[2].startswith(("each", "after"))), best)
    if _GROUP_ONLY.fullmatch(best[3]):
        # "every PLC calibrates … the first Wednesday of each month": each group, meeting on the calendar's rhythm
        best = next((f for f in found[1:] if not f[2].startswith(("each", "after"))), best)
    start, negative_length, label, phrase = best
    return Recurrence(label, (start, start - negative_length), phrase.strip())
