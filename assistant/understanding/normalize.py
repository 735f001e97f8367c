"""Meeting typing made readable before fields are read: names capitalised, common misspellings fixed.

"ms kim will have the calender out" becomes "Ms. Kim will have the calendar out"; "dr nguyen" becomes
"Dr. Nguyen"; "sarah and jon will…" becomes "Sarah and Jon will…". Only the text handed to the readers
changes; the team's own words are kept as they typed them.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.understanding.given_names import is_given_name
from assistant.understanding.people import _NAME_STOP, _ROLE_VOCAB

_TYPOS = {
    "calender": "calendar",
    "calenders": "calendars",
    "interpeters": "interpreters",
    "interpeter": "interpreter",
    "interperters": "interpreters",
    "interperter": "interpreter",
    "intrepreters": "interpreters",
    "translater": "translator",
    "translaters": "translators",
    "schedual": "schedule",
    "shedule": "schedule",
    "survy": "survey",
    "suvey": "survey",
    "recieve": "receive",
    "seperate": "separate",
    "untill": "until",
    "wendesday": "wednesday",
    "wensday": "wednesday",
    "thrusday": "thursday",
    "febuary": "february",
    "januray": "january",
    "decmber": "december",
    "principle": "principal",
    "asst": "assistant",
    "asst.": "assistant",
    "admins": "administrators",
    "couselor": "counselor",
    "councelor": "counselor",
    "counsler": "counselor",
    "couselors": "counselors",
    "counslers": "counselors",
    "teh": "the",
    "wiht": "with",
    "dept.": "department",
    "w/": "with ",
    "b4": "before",
    "thru": "through",
    "tmrw": "tomorrow",
    "wk": "week",
    "wks": "weeks",
    "mtg": "meeting",
    "mtgs": "meetings",
}
_TYPO = re.compile(
    r"(?<![\w/])(" + "|".join(re.escape(k) for k in sorted(_TYPOS, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
)
_HONORIFIC = re.compile(
    r"(?<![\w.])(?P<h>mr|mrs|ms|mx|dr|miss|supt|capt|prof|mister|missus)(?P<dot>\.?)\s+"
    r"(?P<name>(?:(?:de|del|la|las|los|van|von|der|da|di|du|le)\s+){1,2}[a-z][\w'-]*|"
    r"[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?)",  # "mr. ó briain"
    re.IGNORECASE,
)
_TITLE_WORD = re.compile(
    r"(?<![\w.])(?P<h>coach|principal|superintendent|dean|nurse|counselor|director|ap|vp|profe)\s+"
    r"(?P<name>[a-z][\w'-]+)(?![\w'-])(?=\s*(?:,|\(|and\b|&|will\b|'ll\b|is\b|to\b|can\b|should\b|would\b|has\b|"
    r"could\b|must\b|are\b|[-–—]|[.;:]|$)|(?P<after>\s+(?:(?:co-)?[a-z]+s\b|(?:the|w/|with|at|on|for|in|by|build|run|lead|check|call|host|plan|meet|send|write|make|"
    r"review|share|train|teach|do|own|handle|coordinate|visit|update|set|take|pull|present)\b)))",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"(?P<pre>^|(?<=[.;!?\n])\s*|(?<=,)\s*|(?<=\band)\s+|(?<=\bthen)\s+)"
    r"(?P<names>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?(?:\s*(?:,|and|&)\s*[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?){0,3})"
    r"(?=\s*(?:\([^)]{1,40}\)\s*)?(?:,\s*(?:our|the)\s+[^,]{2,40},\s*)?"
    r"(?:will|'ll|is\s+going\s+to|are\s+going\s+to|can|could|should|would|has\s+agreed|agreed|volunteered|"
    r"offered|plans)\b)",
)
_STOP = (
    _NAME_STOP
    | _ROLE_VOCAB
    | frozenset(
        """
    we they i you he she it someone everybody everyone nobody anyone who that this these those which there
    all both each either neither none some few many most several others other another the a an our their my
    his her its your us them me one two three four five counselors counselor coaches coach teachers teacher
    team teams staff admin everyone paras paraprofessionals interventionists specialists leads leaders
    families parents students kids nurses principals office and or
    """.split()
    )
)
_PARTICLE = frozenset({"de", "la", "van", "von", "der", "del", "da", "di", "du", "le", "bin", "al"})
_SMALL = frozenset({"and", "or", "will", "to", "the", "is", "are", "can", "should", "would", "&"})


_NOT_A_SURNAME = frozenset(
    "observe observes visit meet meets model lead leads run check share plan review send write build use pull give "
    "take do make set post team teams cycle cycles corner log logs notes feedback time training session sessions "
    "meeting meetings conference conferences walkthrough walkthroughs support chat chats office position role "
    "job day days week weeks hours hour then also too again herself himself said says institute academy "
    "certification cohort program series circle circles lesson lessons evaluation evaluations observation "
    "observations network summit retreat goes does gets takes makes calls checks sends sits brings handles keeps "
    "visits reviews posts books writes shares sets runs pulls tracks texts emails covers oversees signs".split()
)


def _cap_name(word: str) -> str:
    if word.lower() in _PARTICLE:
        return word  # "van der berg", "Van der Berg", "De la Cruz": a particle as the person writes it
    if re.search(r"'s$", word, re.IGNORECASE) and len(word) > 3:
        return _cap_name(word[:-2]) + "'s"
    parts = re.split(r"([-'])", word)
    out = "".join(
        p[:1].upper() + p[1:] if p not in "-'" and len(p) > 1 else p.upper() if len(p) == 1 else p for p in parts
    )
    out = re.sub(r"^Mc(\w)", lambda m: "Mc" + m.group(1).upper(), out)
    return re.sub(r"^O'(\w)", lambda m: "O'" + m.group(1).upper(), out)


def fix_typos(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group(1)
        fixed = _TYPOS[word.lower()]
        return fixed.capitalize() if word[:1].isupper() else fixed

    def calendar_word(m: re.Match[str]) -> str:
        word = m.group()
        fixed = _calendar_word(word.lower())
        if fixed is None:
            return word
        return fixed.capitalize() if word[:1].isupper() else fixed

    return _LONG_WORD.sub(calendar_word, _TYPO.sub(swap, text))


# "novemeber 6", "Janurary", "wedensday": a long month or weekday typed a letter or two off
_CALENDAR_WORDS = (
    "january february august september october november december tuesday wednesday thursday saturday"
).split()
_LONG_WORD = re.compile(r"(?<![\w/@.-])[JjFfAaSsOoNnDdTtWw][a-z]{5,11}(?![\w@-])")


@cache
def _calendar_word(word: str) -> str | None:
    if word in _CALENDAR_WORDS or word.rstrip("s") in _CALENDAR_WORDS or is_given_name(word):
        return None  # "tuesdays", and "Augusta" is someone
    for name in _CALENDAR_WORDS:
        if (
            name[0] == word[0]
            and abs(len(name) - len(word)) <= 2
            and _distance(word, name) <= (2 if len(word) >= 8 else 1)
        ):
            return name
    return None


def _distance(a: str, b: str) -> int:
    """Edits (a letter added, dropped, changed or two swapped) between two words."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


_SPOKEN = {"mister": "mr", "missus": "mrs"}
_TITLES = {
    "mr": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "mx": "Mx.",
    "dr": "Dr.",
    "miss": "Miss",
    "supt": "Supt.",
    "capt": "Capt.",
    "prof": "Prof.",
}


# what follows a name and its surname: "mrs chen whitaker is running that one", "… will send it"
_DOES_NEXT = re.compile(r"\s+(?:is|will|was|has|and)\b|'ll\b|\s*(?:\(|\+|&)")


def _honorific(m: re.Match[str]) -> str:
    if m.group("h").isupper() and len(m.group("h")) == 2 and not m.group("dot") and m.group("name").islower():
        return m.group()  # "DR pulls the list", "MS teachers": someone's initials or a middle school, not a title
    h = _SPOKEN.get(m.group("h").lower(), m.group("h").lower())
    if h == "prof" and not m.group("dot"):
        return m.group()  # "prof dev", "prof learning": professional, not a professor
    title = _TITLES[h]
    words = m.group("name").split()
    if words[0].lower() in {"for", "of", "in", "at", "on", "to", "from", "with", "and", "or", "the"}:
        return m.group()  # "the asst supt for special ed": a title, then what it is for, not a name
    kept = [words[0]]
    if words[0].lower() in _PARTICLE:  # "mrs. de la cruz"
        kept = words
    elif (
        len(words) > 1
        and words[1].lower() not in _STOP
        and words[1].lower() not in _SMALL
        and words[1].lower() not in _NOT_A_SURNAME
        and (words[1][:1].isupper() or _DOES_NEXT.match(m.string, m.end()))
    ):
        kept.append(words[1])  # "Ms. Chen Whitaker", "mrs chen whitaker is running that one"
    name = " ".join(_cap_name(w) for w in kept)
    rest = m.group("name")[len(" ".join(kept)) :]
    return f"{title} {name}{rest}"


_NOT_AFTER_TITLE = re.compile(
    r"(?:\b(?:the|our|a|an|each|every|their|his|her|your|my|new|math|literacy)\s+|"
    r"\b(?!(?:was|is|has|this|his|as|does|thus|plus|yes)\s)\w+'?s\s+)$",
    re.I,
)


# surnames that end like an adverb ("coach benally does…"); "coach usually does…" is not a name
_LY_NAMES = frozenset("benally kelly reilly riley daly dooley donnelly connolly kennelly nelly shelly beverly ".split())


def _title_word(m: re.Match[str]) -> str:
    name = m.group("name")
    if name.lower() in _STOP or name.lower() in _SMALL or name.lower() in _NOT_A_SURNAME:
        return m.group()  # "the counselor job (arabic or dari)": a job, not a counselor's name
    if m.group("after") is not None:
        # "principal johnson holds…", "w/ coach rivera the week after"; not "the coach observes…", "coach reviews the…"
        function_word = re.match(r"\s+(?:the|w/|with|at|on|for|in|by)\b", m.group("after"))
        if _NOT_AFTER_TITLE.search(m.string, 0, m.start()) or (
            re.search(r"(?:ed|ing)$", name, re.I)
            or (name.lower().endswith("ly") and name.lower() not in _LY_NAMES)
            or (function_word and name.lower().endswith("s"))
        ):
            return m.group()  # "coach reviews the logs": a verb, not a surname
        if name.lower() in _NOT_A_SURNAME:
            return m.group()
    title = m.group("h").upper() if m.group("h").lower() in ("ap", "vp") else m.group("h").capitalize()
    return f"{title} {_cap_name(name)}"


def _subject(m: re.Match[str]) -> str:
    names = m.group("names")
    pre = m.group("pre")
    tokens = re.split(r"(\s*(?:,|\band\b|&)\s*|\s+)", names)
    words = [t for t in tokens if t.strip() and not re.fullmatch(r"\s*(?:,|and|&)\s*", t)]
    if not words or any(w.lower() in _STOP or len(w) < 3 or w.lower().endswith(("ing", "tion", "ment")) for w in words):
        return pre + names
    return pre + "".join(_cap_name(t) if t in words else t for t in tokens)


def normalize_answer(text: str) -> str:
    """The answer with honorifics, titles and lowercase names written as names, and common typos fixed."""
    if _all_capitals(text):
        text = text.lower()  # "MS KIM WILL SEND THE LETTER BY FRIDAY": read as if typed in lowercase
    text = fix_typos(text)
    text = _TOPIC_LEAD.sub("", text, count=1)  # "okay so for training miss abernathy is going to train…"
    text = _SHOUTED.sub(lambda m: m.group().lower(), text)
    text = _HONORIFIC.sub(_honorific, text)
    text = _TITLE_INITIAL.sub(_title_initial, text)
    text = _TITLE_WORD.sub(_title_word, text)
    text = _ROLE_GIVEN.sub(_role_given, text)
    return _SUBJECT.sub(_subject, text)


# the driver a team answers for, said before who does what: "okay so for training miss abernathy…", "on data: ms kim…"
_TOPIC_LEAD = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|um+|well|alright|and)[,.]?\s+)*(?:for|on|re:?|about|as\s+for)\s+(?:the\s+)?(?:training|coaching|"
    r"selection|hiring|recruitment|fidelity|data|leadership|systems(?:\s+intervention)?|family\s+engagement|"
    r"communication|scheduling|admin)(?:\s+(?:piece|part|side|driver|question))?(?:\s*,\s*which\s+[^,.;]{1,80},)?"
    r"(?:\s*[,:;-]\s*|\s+(?=(?:mr|mrs|ms|mx|miss|"
    r"dr|mister|missus|coach|principal|we|i|our)\b))",
    re.IGNORECASE,
)


# "— family liaison ana reyes", "our data clerk maria runs it": a given name said right after the role it holds
_ROLE_GIVEN = re.compile(
    r"(?<![\w.])(?P<role>liaison|coordinator|coord|specialist|secretary|clerk|psychologist|librarian|interventionist|"
    r"facilitator|manager|advisor|registrar|navigator|social\s+worker)\s+(?P<first>[a-z][a-z'-]+)"
    r"(?:\s+(?P<last>[a-z][a-z'-]+))?(?![\w'-])(?=(?P<next>\s+[\w$]+)?)"
)
_OBJECT_WORD = re.compile(r"\s+(?:the|a|an|it|them|their|our|this|that|those|these|every|each|all|\d\w*|\$\w*)$")


def _role_given(m: re.Match[str]) -> str:
    first, last = m.group("first"), m.group("last")
    if not is_given_name(first):
        return m.group()
    doing = re.search(r"(?:ed|ing|ly)$", last or "") or (
        (last or "").endswith("s") and _OBJECT_WORD.match(m.group("next") or "")
    )  # "ana checks the logs": a verb, not a surname
    surname = last is not None and not (last in _STOP or last in _SMALL or last in _NOT_A_SURNAME or doing)
    name = first.capitalize() + (" " + _cap_name(last) if surname else "")
    return f"{m.group('role')} {name}" + ("" if surname or last is None else " " + last)


def _all_capitals(text: str) -> bool:
    """Whether a whole answer of four words or more is typed in capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# "ALL counselors complete…", "…monthly AND reports them…": a common word typed in capitals for emphasis, not initials
_SHOUTED = re.compile(
    r"\b(?-i:ALL|AND|ONLY|NOT|EVERY|EACH|BOTH|MUST|NEED|ANY|THE|ALSO|BEFORE|AFTER|PLEASE)\b(?=\s+(?-i:[a-z]))"
)


# "principal k. nguyen", "athletic director tom h.", "coach b.": a title and a name given with an initial
_TITLE_INITIAL = re.compile(
    r"(?<![\w.])(?P<h>coach|principal|superintendent|dean|nurse|counselor|director|ap|vp)\s+"
    r"(?P<name>[a-z]\.\s?[a-z][a-z'-]+|[a-z][a-z'-]+\s[a-z]\.|[a-z]\.|"
    # "coach p will…", "coach p, thats our instructional coach": the letter a team calls someone by
    r"(?![ai]\b)[a-z](?=\s+(?:will|'ll|is|and|runs|leads|does|has|\+|&)\b|\s*(?:[,;)]|$)))(?=[\s,;:)]|$)",
    re.IGNORECASE,
)


_OBJECT_NEXT = re.compile(r"\s+(?:it|them|the|a|an|our|their|this|that|every|each|all|on|in|at|by|for|with|to)\b")


def _title_initial(m: re.Match[str]) -> str:
    if _NOT_AFTER_TITLE.search(m.string, 0, m.start()):
        return m.group()  # "the coach a. lot of the time…"
    name = m.group("name")
    words = name.split()
    verb = _OBJECT_NEXT.match(m.string, m.end())  # "coach b. runs it": "runs" is what coach b. does
    if len(words) == 2 and words[0].endswith(".") and (words[1].lower() in _STOP | _SMALL | _NOT_A_SURNAME or verb):
        name, rest = words[0], name[len(words[0]) :]  # "coach b. and the 3rd grade team"
    elif any(w.lower().rstrip(".") in _STOP | _SMALL | _NOT_A_SURNAME for w in words if len(w.rstrip(".")) > 1):
        return m.group()
    else:
        rest = ""
    if len(name) == 1:
        name += "."  # "coach p will…": written as "Coach P.", an initial a team calls someone by
    title = m.group("h").upper() if m.group("h").lower() in ("ap", "vp") else m.group("h").capitalize()
    return f"{title} " + " ".join(_cap_name(w) for w in name.split()) + rest
