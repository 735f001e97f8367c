"""Who the answer says answers for the work, wherever it says it: "…, ms. park will own that", "that's on our AP",
"the letter will be sent out by dana", "coach ray runs it"; and an owner tidied into plan words."""

from __future__ import annotations

import re

from assistant.understanding.given_names import is_given_name
from assistant.understanding.owner_words import (
    _GROUP,
    _GROUP_HEAD,
    _PERSON,
    _ROLE_HEAD,
    _TIMEWORD,
    RUNS_IT,
    OwnerFound,
)
from assistant.understanding.owners import (
    _AFTER_HONORIFIC,
    _COMMON_SUBJECTS,
    _INTERJECTIONS,
    _VAGUE_TEAM,
    _clean_group,
    takes_part,
)
from assistant.understanding.people import _lowercase_name, _value_owner
from assistant.understanding.tails import without_lead_verb

# ------------------------------------------------------------------------------------------ declared owners
# Whoever the answer says answers for the work, wherever it says it: "…, ms. park will own that", "that's on our
# AP", "the letter will be sent out by dana", "coach ray runs it", "mrs. nakamura facilitates, next one dec 9".
# A declaration outranks the subject of an earlier clause, which often only names who takes part.

_OWN_VERBS = (
    r"own|handle|run|lead|coordinate|manage|oversee|organi[sz]e|facilitate|chair|host|schedule|book|"
    r"take\s+care\s+of|take|do|keep"
)
_OWN_BASE = r"own|handle|run|lead|coordinate|manage|oversee|organi[sz]e|facilitate|chair|host|schedule|book|split"
_OWN_VERBS_S = (
    r"owns|handles|runs|leads|coordinates|manages|oversees|organi[sz]es|facilitates|chairs|hosts|schedules|books|"
    r"takes\s+care\s+of|keeps|does|signs\s+off\s+on|is\s+in\s+charge\s+of|are\s+in\s+charge\s+of"
)
_IT = r"(?:that|it|this|them|those|both|all\s+of\s+(?:it|that|this|them)|the\s+whole\s+thing)(?:\s+going)?"
# "Ms. Feld", "Dr. Delgado-Price", "Miss Okonjo": a titled name as the answer writes it once read
_TITLED = r"(?-i:(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|Miss)\s+[A-Z][\w'-]+(?:[\s-][A-Z][\w'-]+)?)"
_CLAUSE_HEAD = r"(?:^|(?<=[.;:!?,])\s*|\s[-–—]\s|\b(?:and|then|so|but|ok(?:ay)?|yes|fine)\s+)"
# someone's initials keep their periods: "J.R.", "R. Tsosie"
_INITIALS_SAID = r"(?<![\w.])(?:[A-Za-z]\.){1,3}(?=[\s,;)]|$)"
_WHO = (
    rf"(?P<who>(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|{_INITIALS_SAID}|[^,.;:!?()\n]){{2,60}}?"
    # "ms. oduya (principal) & jen split them": someone with their role in brackets, and whoever is joined to them
    r"(?:\s*\([^)]{1,40}\)(?:\s*(?:&|\+|and)\s+[^,.;:!?()\n]{2,30}?)?)?)"
)
# who, in a clause of its own: not across a dash between clauses ("… every month - coach dee's job")
_WHO_SAID = (
    rf"(?P<who>(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|{_INITIALS_SAID}|(?!\s[-–—]\s)[^,.;:!?()\n–—]){{2,60}}?"
    r"(?:\s*\([^)]{1,40}\))?)"
)
# where a declaration ends: the end of a clause, or a date said after it
_SAID_END = r"(?=\s*(?:[,.;!]|$|\s+(?:by|before|after|starting|in|on|each|every|this|next|from)\b))"
_DECLARATIONS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # "ms. park will own that", "the AP is going to handle it"
        rf"{_CLAUSE_HEAD}{_WHO}\s+(?:will|'ll|is\s+going\s+to|are\s+going\s+to|can|should)\s+"
        rf"(?:{_OWN_VERBS}|be\s+in\s+charge\s+of|be\s+responsible\s+for)\s+{_IT}\b",
        # "coach ray runs it", "marisol and the dean of students handle that", "mr. osei keeps it going"
        rf"{_CLAUSE_HEAD}{_WHO}\s+(?:also\s+)?(?:{_OWN_VERBS_S}|{_OWN_BASE})\s+{_IT}\b",
        # "the ELL teachers will have newcomer profiles done for every student": who gets the work finished
        rf"{_CLAUSE_HEAD}{_WHO}\s+(?:will|'ll|should|can|are\s+going\s+to|is\s+going\s+to)\s+have\s+"
        r"(?:[\w'-]+\s+){1,6}?(?:done|ready|finished|completed|written|drafted|posted|translated|set\s+up|in\s+place)\b",
        # "community schools coordinator (mr. ellison) plans it", "mrs olsen collects them every friday": whoever
        # takes up the work the answer described, whatever the verb
        rf"{_CLAUSE_HEAD}{_WHO}\s+(?:also\s+|then\s+)?(?!(?:is|was|has|does|gets|needs|wants|likes|sees|says)\b)"
        rf"[a-z]{{3,}}(?:s|es)(?:\s+(?:up|out|over|together|back))?\s+(?:that|it|them|those|both|all\s+of\s+(?:it|them))"
        r"(?:\s+(?:up|out|over|together|back))?(?=\s*(?:[,.;!]|$|\s+(?:by|before|after|starting|first|next|from|"
        r"in|on|each|every|once|twice|weekly|monthly|quarterly|and)\b))",
        # "mrs. nakamura facilitates, next one dec 9", "ms. abernathy coordinates"
        rf"{_CLAUSE_HEAD}{_WHO}\s+(?:facilitates|facilitate|hosts|host|coordinates|coordinate|chairs|chair|"
        r"signs\s+off|sign\s+off|is\s+in\s+charge|are\s+in\s+charge|is\s+on\s+it|are\s+on\s+it|is\s+responsible|"
        r"are\s+responsible)(?=\s*(?:[,.;!]|$|\s+(?:by|before|after|starting|first|next|from|in|on|each|every)\b))",
        # "grading calibration at the nov 18 PLC, kowalski again", "…, dana + mo again", "ms. wu again for the flyer"
        rf"(?:^|(?<=[.;,!?])\s*|\s[-–—]\s){_WHO}\s+again(?=\s*(?:[,.;!]|$|\s+(?:for|on|with)\s))",
        # "bilingual glossaries for 9th grade bio, mr. chen & ms. ali, due apr 9"
        r"(?<=,)\s*(?P<who>(?:(?:the|our)\s+|(?:Mr|Mrs|Ms|Mx|Dr|Supt)\.\s)(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|[^,.;:!?()\n]){1,50}?)"
        r"(?=\s*,\s*(?:due|by|before|starting|done|first|next)\b)",
        # "geometry teachers write the common assessment with ms. ruiz leading"
        rf"\b(?:with|w/)\s+{_WHO}\s+(?:leading|in\s+charge|as\s+(?:the\s+)?lead)\b",
        # "fidelity observation of the tier 2 groups 2x a month by our AP, mr haddad, thru EOY": the person, named
        rf"\bby\s+(?:the|our)\s+[^,.;:!?()\n]{{2,30}},\s*(?P<who>{_PERSON})(?=\s*(?:[,.;!]|$))",
        # "… — ms. harper runs the board": a titled person said last, running what the answer is about
        rf"(?:\s[-–—]\s|(?<=[.;])\s+)(?P<who>{_PERSON})\s+(?:also\s+)?(?:runs|leads|chairs|coordinates|facilitates|"
        r"oversees|manages|organi[sz]es|hosts)\s+(?:the|that|this|those)\b",
        # "miss navarro our attendance clerk calls home…", "Dr. Feldman-Osei our director brings…": a titled name and
        # the role said after it without commas, then what they do
        rf"{_CLAUSE_HEAD}(?P<who>{_TITLED})\s+(?:our|the)\s+(?:[\w-]+\s+){{0,2}}?{_ROLE_HEAD}(?=\s+(?:also\s+)?"
        r"(?-i:[a-z]{3,}s)\b)",
        # "…at the staff meeting on april 22 missus feld does it", "…interpreters missus delgado-price is in charge of
        # that one": a run-on that ends with who does it
        rf"(?P<who>{_TITLED})\s+(?:(?:does|runs|handles|leads|organi[sz]es|coordinates)\s+(?:it|that|this)|"
        r"is\s+in\s+charge(?:\s+of\s+(?:it|that|this))?|is\s+running\s+(?:it|that|this))(?:\s+one)?\W*$",
        # "CHRO (Ms. Thibodeaux) reports…", "math coach (Ms. Ortega-Vance) -> in our PLC…", "Mrs. K walks thru…": a
        # titled name in brackets after a role, or with the one letter staff call them by, then what they do
        rf"{_CLAUSE_HEAD}(?P<who>(?:[\w&/.-]+\s+){{0,4}}?\({_TITLED}\))"
        r"(?=\s*(?:->|(?:also\s+)?(?-i:[a-z]{3,}s)\b))",
        r"^\W*(?:(?:ok(?:ay)?|so|also|then)[,.]?\s+)*(?P<who>(?-i:(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|Miss)\s+[A-Z]))"
        r"(?=\s+(?:also\s+)?(?-i:[a-z]{3,}s)\b)",
        # "…, w/ 2 parents paid $40/mtg — AB leads, done by …": who runs it, said as a clause of its own
        rf"(?:\s[-–—]\s|(?<=[.;,])\s+)(?P<who>{_PERSON}|(?-i:[A-Z]{{2,3}}))\s+(?:also\s+)?(?:runs|leads|chairs|"
        r"coordinates|facilitates|oversees|manages|organi[sz]es|hosts|owns)(?:\s+(?:it|this|that))?(?=\s*(?:[,.;!]|$))",
        # "School-level PDFs to every principal | Lead: DTC (Mr. Oyelowo) | Due: 9/26": a table row's lead column
        r"\|\s*(?:lead|owner|who|poc)\s*:\s*(?P<who>[^|\n]{2,60}?)\s*(?=\||$)",
        # "…open rates by school, weekly — Imani pulls, I read": a first name after a dash, with what they do
        r"\s[-–—]\s(?P<who>(?-i:[A-Z][a-z]{2,14}))\s+(?:pulls|does|sends|handles|books|tracks|posts|writes|checks|"
        r"builds|collects|compiles|runs|leads|owns)(?:\s+(?:it|this|that|them))?(?=\s*(?:[,.;!]|$))",
        # "that's on our AP", "it's on luis in the data office", "that'll be on the deans"
        rf"\b(?:that'?s|that\s+is|it'?s|it\s+is|this\s+is|that\s+will\s+be|it'?ll\s+be|that'?ll\s+be)\s+(?:all\s+)?"
        rf"on\s+{_WHO}{_SAID_END}",
        # "lead is coach dee", "point person will be the 9th grade counselor", "owner = ms harjo"
        rf"(?:{_CLAUSE_HEAD}|\s-{{2,}}\s*)(?:the\s+)?(?:lead|owner|point(?:\s+person)?|person\s+responsible|"
        r"point\s+of\s+contact)"
        rf"\s+(?:is|will\s+be|=|->)\s+{_WHO_SAID}{_SAID_END}",
        # "… . POC: HR", "\nboth: SPED office", "who: area supervisors.": who, as a field written after the work
        r"(?:^\s*|(?<=[.;!?])\s+|\n\s*|\s[-–—]\s)(?:poc|point\s+person|point\s+of\s+contact|owners?|leads?|who|both|"
        rf"all\s+(?:three|of\s+(?:it|them)))\s*:\s*{_WHO_SAID}(?=\s*(?:[.;!]|$|\n))",
        # "Dr. Whitlock on both, by end of October."
        rf"(?:(?<=[.;!?])\s+|\n\s*){_WHO_SAID}\s+on\s+(?:both|all\s+of\s+(?:it|them)|all\s+three){_SAID_END}",
        # "mr begay is point on this", "coach dee will be the lead", "ms harjo is the point person for it"
        rf"{_CLAUSE_HEAD}{_WHO_SAID}\s+(?:is|will\s+be|'ll\s+be|'s)\s+(?:the\s+)?(?:lead|point(?:\s+person)?|owner)"
        rf"(?:\s+(?:on|for)\s+{_IT})?{_SAID_END}",
        # "that falls to the deans", "falls under the dean", "that one goes to mr. begay"
        rf"(?:{_CLAUSE_HEAD}(?:that|this|it)(?:\s+one)?\s+|{_CLAUSE_HEAD})(?:falls|goes)\s+(?:to|under|on)\s+{_WHO_SAID}"
        rf"{_SAID_END}",
        # "that one's mr. begay's", "coach dee's responsibility", "responsibility of the deans"
        rf"{_CLAUSE_HEAD}(?:that|this|it)(?:\s+one)?(?:'s|\s+is)\s+{_WHO_SAID}'s?(?:\s+(?:job|responsibility|baby|thing))?"
        rf"{_SAID_END}",
        rf"{_CLAUSE_HEAD}{_WHO_SAID}'s\s+(?:job|responsibility){_SAID_END}",
        # "…, that's J.R.", "that one's coach dee": a name said as who the work is
        rf"{_CLAUSE_HEAD}(?:that|this)(?:\s+one)?(?:'s|\s+is|'ll\s+be|\s+will\s+be)\s+(?P<who>(?-i:{_PERSON}))"
        r"(?=\s*(?:[,.;!]|$))",
        rf"{_CLAUSE_HEAD}(?:the\s+)?responsibility\s+of\s+{_WHO_SAID}{_SAID_END}",
        # "the counselor's handling it", "coach dee's on it", "coach dee and the deans got it", "our AP's gonna lead
        # that"
        rf"{_CLAUSE_HEAD}{_WHO_SAID}(?:'s|\s+is|\s+are)\s+(?:on\s+(?:it|that|this|those)|in\s+charge\s+of\s+{_IT}|"
        rf"(?:handling|doing|taking|leading|running|owning)\s+{_IT}|(?:gonna|going\s+to)\s+(?:{_OWN_VERBS})\s+{_IT})"
        rf"{_SAID_END}",
        # "coach dee said she'd do it", "we'll let the family liaison handle it", "put coach dee down for it"
        rf"{_CLAUSE_HEAD}{_WHO_SAID}\s+said\s+(?:she|he|they)(?:'d|\s+would|'ll|\s+will|\s+can|\s+could)\s+"
        rf"(?:{_OWN_VERBS})\s+{_IT}{_SAID_END}",
        rf"\blet\s+{_WHO_SAID}\s+(?:{_OWN_BASE}|take\s+care\s+of|take|do)\s+{_IT}{_SAID_END}",
        rf"\bput\s+{_WHO_SAID}\s+down\s+(?:for|as\s+(?:the\s+)?(?:lead|owner)\s+(?:for|on))\s+{_IT}{_SAID_END}",
        rf"\bput\s+{_IT}\s+(?:on|under)\s+{_WHO_SAID}{_SAID_END}",
        rf"{_CLAUSE_HEAD}{_WHO_SAID}(?:'s|\s+has|\s+have|'ve)?\s+got\s+(?:it|that|this)(?:\s+covered)?{_SAID_END}",
        rf"{_CLAUSE_HEAD}{_WHO_SAID}\s+volunteered(?:\s+(?:for\s+{_IT}|to\s+(?:{_OWN_VERBS})\s+{_IT}))?{_SAID_END}",
    )
)
_PASSIVE_BY = re.compile(
    r"\b(?:is|are|was|were|will\s+be|gets?|get|be|been)\s+(?:\w+ly\s+)?(?:owned|led|run|handled|coordinated|"
    r"facilitated|drafted|sent(?:\s+(?:out|home))?|set\s+up|done|summari[sz]ed|organi[sz]ed|written(?:\s+up)?|"
    r"built|prepared|presented|shared|pulled|compiled|checked|reviewed|updated|planned|hosted|taught|delivered|"
    r"collected|refreshed|scheduled|created|designed|translated|posted|made|put\s+together)"
    r"(?:\s+(?:and|&)\s+\w+(?:\s+(?:out|up|home))?)?\s+by\s+(?P<who>(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|[^,.;:!?()\n]){2,60}?)"
    r"(?=\s*(?:[,.;!]|$|\s+(?:by|before|after|starting|in|on|at|for|each|every|next|the\s+week|first|within|during|"
    r"this|end|no\s+later)\b))",
    re.IGNORECASE,
)
_ANY_PASSIVE_BY = re.compile(
    r"\b(?:is|are|was|were|will\s+be|gets?|got|be|been)\s+(?:\w+ly\s+)?"
    r"(?P<participle>[a-z]{3,}(?:ed|en)|sent|run|done|led|built|made|set|taught|held|kept|paid|read|given|told)\b"
    r"(?P<between>(?:[^.;:!?()\n]|\([^()\n]{1,30}\)){0,90}?)\s+by\s+(?P<who>(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|[^,.;:!?()\n]){2,60}?)"
    r"(?:\s+together)?(?=\s*(?:[,.;!?]|$|\s+(?:by|before|after|starting|in|on|at|for|each|every|next|the\s+week|first|"
    r"within|this|end|no\s+later|so|and\s+(?:then\s+)?(?:mr|mrs|ms|dr|the|our|we)\b)))",
    re.IGNORECASE,
)
_REDUCED_PASSIVE_BY = re.compile(
    r"(?:,\s*|\b)(?:set\s+up|drafted|summari[sz]ed|led|run|written|built|done|prepared|organi[sz]ed|coordinated|"
    r"facilitated|compiled|sent\s+out|taught|staffed|presented|hosted|delivered|conducted|overseen|reviewed|checked|"
    r"tracked|logged|monitored|observed|coached|visited|evaluated|supervised|mentored|"
    # "Recruitment by Dean Okafor-Whitby.": the work named, then who does it
    r"(?-i:[A-Z])[a-z]+(?:ment|tion|ing))(?:\s+(?:daily|weekly|biweekly|monthly|quarterly|yearly|annually|"
    r"(?:once|twice)\s+a\s+(?:week|month)|(?:every|each)\s+(?:week|month)))?\s+by\s+(?P<who>(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|[^,.;:!?()\n]){2,60}?)"
    r"(?=\s*(?:[,.;!]|$|\s+(?:by|before|after|starting|in|on|at|for|each|every|next|the\s+week|first|within|during|"
    r"this|end|no\s+later)\b))",
    re.IGNORECASE,
)
# "each resource teacher will receive an in-class coaching visit every three weeks from a Cooperative coach", "bus
# drivers get a short training on confidentiality from the transportation trainer": who gives it owns it
_FROM_GIVER = re.compile(
    r"\b(?:get|gets|receive|receives)\s+[^.;:!?\n]{0,60}?\b(?:training|coaching|visits?|feedback|support|sessions?|PD|"
    r"workshops?|observations?|walkthroughs?|check-ins?)\b[^.;:!?\n]{0,80}?\bfrom\s+"
    r"(?P<who>(?:a|an|the|our|their)\s+[^,.;:!?()\n]{2,40}?)"
    r"(?=\s*(?:[,.;!]|$|\s+(?:by|before|after|starting|in|on|at|each|every|during|through|thru)\b))",
    re.IGNORECASE,
)
_WHO_LEAD = re.compile(r"^(?:(?:ok(?:ay)?|so|and|then|but|yes|yeah|fine|also|right\s+now)[,.]?\s+)+", re.IGNORECASE)
_WHO_TAIL = re.compile(r"\s+(?:again|herself|himself|themselves|too|as\s+well)$", re.IGNORECASE)
_PLACE = re.compile(r"^(?P<who>.+?)\s+(?:in|from|at|of)\s+(?P<where>(?:the\s+)?[\w&/-]+(?:\s+[\w&/-]+){0,2})$")


# "preschool visits to share the calendar, kindergarten teachers, sometime in may", "…, k-2 teachers w/ help from
# ms. wu": a stretch between commas that only names people (a group or a titled name), before a date or at the end
_BETWEEN_COMMAS = re.compile(
    r"(?:(?<=,)|(?<=\s[-–—]))\s*(?P<who>(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|[^,.;:!?()\n—–]){2,50}?)"
    r"(?=\s*(?:,\s*(?:sometime|due|by|before|starting|done|first|next|in|on|every|each|weekly|monthly|jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec|\d)|\s+(?:thru|through|until|by|before|asap)\b|[.!]*\s*$))",
    re.IGNORECASE,
)
_WITH_PARTNER = re.compile(
    rf"\s+(?:w/|with)\s+(?P<who>(?:(?:the|our)\s+)?(?:{_PERSON}|{_GROUP}))(?=\s*(?:[,.;!]|$|\s+(?:by|before|on|in|at)\b))"
)
# "walkthroughs looking at ELs' talk time every other week, by our 2 APs": who, at the very end
_BY_AT_END = re.compile(r",\s*by\s+(?P<who>(?:the|our)\s+[^,.;:!?()\n]{2,40}?)\s*[.!]*$", re.IGNORECASE)
# "CLASS observations 2x a year (oct & march) by Rosalind, she's our certified observer": a given name, last
_BY_NAME_AT_END = re.compile(
    r"\s+by\s+(?P<who>[A-Za-z][a-z'-]{1,14})(?=\s*(?:[.!]*$|,\s*(?:she|he|they)(?:'s|’s|'re|\s+is|\s+are)\s))",
    re.IGNORECASE,
)


# "identified … by race, EL and IEP": how data is broken down, not who does the work
_BREAKDOWN = re.compile(
    r"(?i:race|ethnicity|gender|grade|school|campus|building|subgroups?|income|language|disability|status|teacher|"
    r"classroom|subject|period|site|zip(?:\s+code)?|el|ell|iep|frl)"
)


_ROLE_THEN_TITLED = re.compile(
    rf"(?P<role>(?:(?:the|our)\s+)?(?:(?!(?:and|or|with|by)\b)[A-Za-z][A-Za-z-]*\s+){{0,2}}?{_ROLE_HEAD})\s+(?P<person>(?:Mr|Mrs|Ms|Mx|Dr)\.\s+[A-Z][\w'-]+(?:-[A-Z][\w'-]+)?)"
)
_NAME_THEN_DOING = re.compile(
    rf"(?P<who>{_PERSON}(?:\s*(?:\+|&|and)\s*(?:{_PERSON}|(?-i:[A-Z]{{2,4}})))?)\s+"
    rf"(?-i:(?!(?:is|was|has|does|gets|needs|wants|again|too|also)$)[a-z]{{3,}}s|{RUNS_IT})"
)


def _one_who(phrase: str) -> tuple[str, str | None] | None:
    phrase = phrase.strip(" ,")
    if not phrase or (_TIMEWORD.search(phrase) and not re.search(_PERSON, phrase)) or _BREAKDOWN.fullmatch(phrase):
        return None
    if re.fullmatch(_PERSON, phrase):
        return phrase, None  # "AP Luna", "Ms. Adeyemi's paras": a titled name as typed
    titled = _ROLE_THEN_TITLED.fullmatch(phrase)
    if titled is not None:  # "counselor Mrs. Haverford": the person, and the role she holds
        return titled.group("person"), titled.group("role").strip()
    doing = _NAME_THEN_DOING.fullmatch(phrase)
    if doing is not None:  # "Ms. Brightwater recruits", "Capt. Hargrove + TW present": who, then what they do
        return _clean_group(re.sub(r"\s*\+\s*", " and ", doing.group("who"))), None
    if re.match(rf"{_PERSON}\s+(?:[a-z]+(?:ed|ing)|point|lead|owner|again|too|also)$", phrase):
        return None  # "ms harjo volunteered": the name ends where its capitals do
    unit = _value_owner(phrase)
    pieces = re.split(r"\s+(?:and|&|\+)\s+", phrase)
    if any(re.fullmatch(r"[a-z'-]+", piece) and _NOT_A_NAME.search(piece) for piece in pieces):
        return None  # "drafted by ms. lindgren and shared at…": a verb, not a second person
    if unit is not None and unit.end >= len(phrase.rstrip(". ")) - 1:
        return unit.owner, unit.role
    if unit is None and re.fullmatch(r"(?:the|our)\s+[A-Z]{2,5}", phrase):
        return re.sub(r"^our\b", "the", phrase), None  # "the CAO": an office known by its letters
    if (
        unit is None
        and re.fullmatch(_GROUP, phrase)
        and not _TIMEWORD.search(phrase)
        and not _VAGUE_TEAM.fullmatch(phrase)
    ):
        return _clean_group(phrase), None  # "run by the advisory teachers": a group named as the one doing it
    if unit is None and re.fullmatch(r"[A-Za-z][a-z'-]{1,14}", phrase) and not _NOT_A_NAME.search(phrase):
        name = _lowercase_name(phrase)
        if name is not None and phrase.lower() not in _COMMON_SUBJECTS | _INTERJECTIONS:
            return name.owner, None
    return None


_NOT_A_NAME = re.compile(r"(?:ed|ing|ly|tion|ment|ness)$|^(?:shared|sent|done|set|put|made|given|taken|posted)$", re.I)


def _parse_who(phrase: str) -> tuple[str, str | None] | None:
    """The people a declaration names: "Ms. Park", "our AP", "marisol and the dean of students",
    "luis in the data office" (Luis, role data office)."""
    phrase = _WHO_TAIL.sub("", _WHO_LEAD.sub("", phrase.strip(" ,"))).strip()
    if not re.search(r"\bor\b", phrase):  # "by a program specialist": whoever holds the role
        phrase = re.sub(r"^(?:a|an)\s+(?=[a-z])", "the ", phrase)
    paren = re.search(r"\s*\((?P<inner>[^)]{1,40})\)\s*$", phrase)
    extra_role = None
    if paren:
        phrase, extra_role = phrase[: paren.start()].strip(), paren.group("inner").strip()
    if not phrase or len(phrase.split()) > 9:
        return None
    titled = _ROLE_THEN_TITLED.fullmatch(phrase)
    if titled is not None:  # "led by the student council advisor mr. petrov": the person, in the role
        return titled.group("person"), re.sub(r"^(?:the|our)\s+", "", titled.group("role"), flags=re.IGNORECASE)
    whole = _one_who(phrase)
    if whole is not None:
        owner, role = whole
        if extra_role and re.fullmatch(_PERSON, extra_role, re.IGNORECASE):
            # "community schools coordinator (mr. ellison)": the person, in the role
            person = _one_who(extra_role)
            if person is not None:
                return person[0], re.sub(r"^(?:the|our)\s+", "", owner, flags=re.IGNORECASE)
        aside = extra_role or ""
        first = _lowercase_name(aside) if re.fullmatch(r"[A-Za-z][a-z'-]{1,14}", aside) else None
        if first is not None and not re.search(r"[A-Z]", owner) and aside.lower() not in _COMMON_SUBJECTS:
            # "our counselor (dana) sets it up", "the induction coordinator (beth) matches them": Dana, Beth
            return first.owner, re.sub(r"^(?:the|our)\s+", "", owner, flags=re.IGNORECASE)
        return owner, role or extra_role
    place = _PLACE.match(phrase)
    if place:  # "luis in the data office"
        who = _one_who(place.group("who"))
        where = _one_who(place.group("where"))
        if who is not None and where is not None and re.search(r"[A-Z]", who[0]):
            return who[0], re.sub(r"^(?:the|our)\s+", "", where[0], flags=re.IGNORECASE)
    pieces = re.split(r"\s+(?:and|&|\+|or|w/|with)\s+(?:help\s+from\s+)?|\s*,\s*", phrase)
    if 2 <= len(pieces) <= 3:
        found = [_one_who(re.sub(r"^(?:a|an)\s+", "the ", p, flags=re.I)) for p in pieces]
        if all(f is not None for f in found):
            if re.search(r"\bor\b", phrase):  # "an admin or a coach": either of them, as the team said it
                return phrase, None
            return " and ".join(f[0] for f in found if f), None
    return None


_NAMED_AFTER = re.compile(rf"\s*,\s*(?P<person>{_PERSON})(?=\s*(?:[,.;!]|$))")
_AND_TOGETHER = re.compile(
    r"(?P<more>\s+(?:and|&|\+)\s+(?:the|our|a|an)\s+[\w-]+(?:\s+(?!together\b)[\w-]+)?)(?=\s+together\b|\s*(?:[,.;!]|$))",
    re.I,
)
_DECLARATION_WINDOW = 800


def declared_owner(text: str) -> OwnerFound | None:
    """The owner an answer declares anywhere in it (see the patterns above); the last declaration wins.

    Only the last 800 characters are read: a declaration closes the action it is about, and the patterns stay fast
    on a long answer."""
    best: OwnerFound | None = None
    offset = max(0, len(text) - _DECLARATION_WINDOW)
    passives = (_PASSIVE_BY, _REDUCED_PASSIVE_BY, _ANY_PASSIVE_BY, _BY_AT_END, _BY_NAME_AT_END)
    for pattern in (*_DECLARATIONS, *passives, _BETWEEN_COMMAS, _FROM_GIVER):
        for m in pattern.finditer(text, offset):
            if _AFTER_HONORIFIC.search(text, 0, m.start("who")):
                continue  # "Ms." ends no clause
            if pattern is _BY_NAME_AT_END and not is_given_name(m.group("who")):
                continue  # "…by friday", "…by race": a day or a breakdown, not a name
            if pattern is _FROM_GIVER and (
                not re.search(rf"{_ROLE_HEAD}\b|{_GROUP_HEAD}", m.group("who"))
                or re.fullmatch(r"\w+\s+(?:partner|peer|colleague|buddy)s?", m.group("who"), re.IGNORECASE)
            ):
                continue  # "…get feedback from their families", "…from a partner": who it comes from, no provider
            if pattern is _BETWEEN_COMMAS and not (
                re.search(_PERSON, m.group("who"))
                or _GROUP_WORD.search(m.group("who"))
                or (  # "…, our AP", "…, AP + coach": a role said as who, with "our" or with a partner
                    re.search(rf"{_ROLE_HEAD}\b", m.group("who"))
                    and re.match(r"\s*(?:(?:the|our)\s|\S+(?:\s+\S+)?\s+(?:\+|&|and)\s)", m.group("who"), re.I)
                )
            ):
                continue  # "…, google form, starting monday" names a tool, not who
            if pattern is _BETWEEN_COMMAS and re.fullmatch(rf"\W*{_PERSON}\s*,\s*", text[: m.start("who")]):
                continue  # "ms pruitt, secondary math coordinator": her role, said after her name
            who = m.group("who")
            # the subject is the end of the clause before the verb: cut anything before a clause word
            who = re.split(r"(?i)\b(?:and\s+then|then|so|but|while|because|bc|if|when)\s+", who)[-1]
            both = _AND_TOGETHER.match(text, m.end("who")) if pattern is _ANY_PASSIVE_BY else None
            if both is not None:  # "observed … by a program specialist and the site admin together"
                who += both.group("more")
            spoken = who
            who = without_lead_verb(who)  # "…, OT + SLP lead", "…, AP Robles leads": who, not what they do
            if pattern is _FROM_GIVER:
                who = re.sub(r"^an?\s+", "", who, flags=re.IGNORECASE)  # "from a Cooperative coach"
            parsed = _parse_who(who)
            if parsed is None:
                continue
            owner, role = parsed
            if owner.lower() in {"we", "i", "they", "us", "me"} or takes_part(owner):
                continue
            named = _NAMED_AFTER.match(text, m.end("who")) if not re.search(_PERSON, owner) else None
            if named is not None:  # "owned by our head of school, ms. adeyemi-brooks, but…": the person, in the role
                owner, role = named.group("person"), re.sub(r"^(?:the|our)\s+", "", owner, flags=re.IGNORECASE)
            start = m.start("who") + (len(m.group("who")) - len(spoken))
            verb = m.group(0)[m.end("who") - m.start() :].strip()
            partner = _WITH_PARTNER.match(text, m.end())
            if partner is not None and m.re is not _ANY_PASSIVE_BY:
                other = _one_who(partner.group("who"))  # "the school psych leads it w/ the SPED coordinator"
                if other is not None and other[0].lower() not in owner.lower():
                    owner, role = f"{owner} and {other[0]}", None
            found = OwnerFound(owner, role, (start, m.end()), declared=True, verb=verb)
            if best is None or found.span[0] > best.span[0]:
                best = found
    return best


_GROUP_WORD = re.compile(_GROUP_HEAD)
_COUNT = re.compile(
    r"\b(?:(?<=the\s)|(?<=our\s)|(?<=all\s)|^)(?:[2-9]|1[0-9]|two|three|four|five|six|both)\s+(?=[a-z])", re.IGNORECASE
)
_ABBREVIATIONS = (
    (re.compile(r"\bdepts\b", re.IGNORECASE), "departments"),
    (re.compile(r"\bdept\b", re.IGNORECASE), "department"),
    (re.compile(r"\basst\.?(?=\s)", re.IGNORECASE), "assistant"),
    (re.compile(r"\bsupts\b", re.IGNORECASE), "superintendents"),
    (re.compile(r"\bsupt\b(?!\.\s+[A-Z])", re.IGNORECASE), "superintendent"),
    (re.compile(r"(?<=\bfor\s)special\s+ed\b(?!\w)", re.IGNORECASE), "special education"),
)


def _title(m: re.Match[str]) -> str:
    return m.group().capitalize()


def tidy_owner(owner: str) -> str:
    """An owner in plan words: no head count ("the 3 principals" → "the principals"), abbreviations spelled out
    ("dept heads" → "department heads", "asst supt" → "assistant superintendent")."""
    tidy = _COUNT.sub("", owner)
    # "la maestra Solís" → "Maestra Solís": the title, without the article Spanish puts before it
    tidy = re.sub(
        r"^(?:la|el)\s+(maestr[ao]|profesora?|directora?|coach)\s+(?=[A-Z])",
        lambda m: m.group(1).capitalize() + " ",
        tidy,
        flags=re.IGNORECASE,
    )
    # "owner Equity Office", "lead: Ms. Ruiz"; "lead drivers" are who they are
    tidy = re.sub(r"^(?:owners?\s*:?\s+|lead\s*:\s*|lead\s+(?=(?-i:[A-Z][a-z])))(?=\S)", "", tidy, flags=re.IGNORECASE)
    # "counselor r. Tsosie": the title and the initial as a name is written
    tidy = re.sub(r"(?<![\w.])[a-z](?=\.\s?[A-Z][a-z])", lambda m: m.group().upper(), tidy)
    tidy = re.sub(r"(?<![\w.])(?:[a-z]\.){2,3}(?![\w.])", lambda m: m.group().upper(), tidy)  # "j.r." → "J.R."
    tidy = re.sub(r"^(?:counselor|coach|principal|dean|nurse|registrar|librarian|director)(?=\s+[A-Z]\.)", _title, tidy)
    for pattern, word in _ABBREVIATIONS:
        tidy = pattern.sub(word, tidy)
    last = re.search(r"^(?P<first>[A-Z][^,]*?)\s+and\s+(?P<name>[a-z][a-z'-]{1,14})$", tidy)
    if (
        last
        and last.group("name") not in _COMMON_SUBJECTS | _INTERJECTIONS
        and not _GROUP_WORD.fullmatch(last.group("name"))
        and _lowercase_name(last.group("name")) is not None  # "Coach Lin and ari" → "Coach Lin and Ari"
    ):
        name = last.group("name")
        tidy = f"{last.group('first')} and {name[:1].upper()}{name[1:]}"
    return " ".join(tidy.split()) or owner
