"""The words owners are said in: a titled name ("Ms. Kim", "Coach Bell"), a group or a role ("the 9th grade team",
"our AP"), the subject of a clause with its verb; and what an owner alone or a "who will…" question leaves to
the title."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OwnerFound:
    owner: str
    role: str | None
    span: tuple[int, int]
    alone: bool = False  # the clause names only the owner ("… . ms kim"), so the title comes from the rest
    verb: str = ""
    declared: bool = False  # a sentence of its own names the owner ("… . dr. lindqvist")


# The last word of a document's or a place's title: "the Decision Memo", "Safety Plan", "the Wellness Center"
THING_WORDS = frozenset(
    """memo memos plan plans playbook handbook policy policies summary guide guidebook toolkit compact agreement
    checklist menu matrix dashboard template proposal charter manual framework tracker agenda slides deck flyer
    flyers packet binder contract audit clinic library center centre cafeteria gym auditorium lab academy institute
    portal app form forms letter brochure timeline roadmap pathway""".split()
)

# "de la Cruz", "Van der Berg", "St. Pierre": the small words inside a surname, typed in lower case
_PARTICLE = r"(?-i:(?:de|del|de\s+la|de\s+los|de\s+las|der|den|van|van\s+der|van\s+den|von|da|di|du|ter|St\.)\s+)"
_NAME = (
    rf"(?!(?:Mr|Mrs|Ms|Mx|Dr|Sr|Sra|Srta)\.)(?:{_PARTICLE}(?=[A-Z]))?[A-Z](?:[\w-]|'(?!s\b))+"
    rf"(?:\s+{_PARTICLE}?[A-Z](?:[\w-]|'(?!s\b))+)?"
)
# "K. Whitfield", "J. Moreno": an initial and a surname name someone as surely as a title does
_INITIAL_NAME = (
    r"(?<![\w.])(?-i:[A-Z])\.\s?(?!(?:The|This|That|Then|We|They|It|If|In|On|At|By|For|And|But|So)\b)[A-Z][a-z][\w'-]*"
    # "J.R.", "M.B.": initials with their periods name someone; "U.S.", "P.E." or "A.M." do not
    r"|(?<![\w.])(?!(?i:u\.s|p\.e|a\.m|p\.m|i\.e|e\.g|d\.c|n\.a|p\.s|r\.n|p\.d|a\.p|v\.p|b\.c|a\.k)\.)"
    r"(?-i:[A-Z]\.[A-Z]\.(?:[A-Z]\.)?|[a-z]\.[a-z]\.(?:[a-z]\.)?)(?![\w.])"
    # "Kim T.", "Jen R.": a first name and the initial of a surname, as staff tell apart two of the same name
    r"|(?<![\w.])(?!(?i:title|grade|part|section|tier|option|room|unit|building|phase|step|group|team|level|block|"
    r"period|lunch|wing|hall|bus|route|plan|module|lesson|chapter|form|appendix|exhibit|table|figure|vitamin)\b)"
    r"(?-i:[A-Z][a-z]{1,14}\s(?![IK]\.)[A-Z]\.)(?=[\s,;:)]|$)"
)
_INITIAL_TITLE = r"(?i:counselor|coach|principal|dean|nurse|registrar|librarian|director|secretary|clerk)"
_PERSON = (
    rf"(?:(?:(?:Mr|Mrs|Ms|Mx|Dr|Sr|Sra|Srta|Supt|Capt|Lt|Sgt|Prof|Rev|Fr)\.\s+|(?:Assistant|Associate|Deputy)\s+(?:Supt\.|Superintendent)\s+|"
    rf"Coach\s+|Principal\s+|Miss\s+|Captain\s+|Officer\s+|Professor\s+|Judge\s+|Pastor\s+|Chef\s+|Profe\s+|Nurse\s+|Counselor\s+|Dean\s+|AP\s+|VP\s+|Director\s+|Superintendent\s+|"
    rf"(?:la|el)\s+(?:[Mm]aestr[ao]|[Pp]rofesora?|[Dd]irectora?|[Cc]oach)\s+|(?:Maestr[ao]|Profesora?|Directora)\s+)"
    # "counselor r. Tsosie": an initial typed in lower case after a title
    rf"{_NAME}|{_INITIAL_TITLE}\s+(?-i:[a-z])\.\s?(?-i:[A-Z][a-z][\w'-]*)|"
    # "Coach B.": a title and the initial staff call someone by
    r"(?-i:Coach|Principal|Dean|Nurse|Counselor|Director)\s+(?-i:[A-Z])\.(?![\w.])(?!\s?[A-Z][a-z])|"
    rf"(?:{_INITIAL_TITLE}\s+(?=[A-Za-z]\.))?(?:{_INITIAL_NAME}))"
    r"(?:'s\s+(?i:team|office|staff|group|department|dept|crew|paras|paraprofessionals|aides|tutors|class))?"
)
_GROUP_HEAD = (
    r"(?i:teams?|task\s+forces?|committees?|councils?|departments?|depts?|offices?|crews?|groups?|cabinet|coaches|"
    r"counselors|plcs?|leadership|administration|panels?|deans|clerks|secretaries|registrars|librarians|analysts|"
    r"(?:co-)?leads|leaders|(?:co-)?chairs|principals|trainers|facilitators|interventionists|specialists|coordinators|admins?|"
    r"administrators|heads|teachers|staff|psychologists|social\s+workers|nurses|liaisons|mentors|navigators|paras|"
    r"paraprofessionals|aides|tutors|advisors|interpreters|aps|pta|pto|ssc|elac|hr|clubs?|tosas|dispatch(?:ers)?|reps|workers|"
    r"payroll|purchasing|comms|managers|advocates|ambassadors|chiefs|providers|clinic|agency|instructors|"
    r"boosters|therapists|interns|recruiters|supervisors|psychs|techs|technicians|reviewers|officers|drivers|"
    r"evaluators|auditors|attorneys|engineers|architects|contractors|inspectors|professors|researchers|receptionists|"
    r"attendants|directors|translators|dietitians|nutritionists|doctors|organizers|coords|"
    r"(?:transportation|food\s+services?|nutrition\s+services|student\s+services|legal|finance|facilities|counseling|"
    r"help\s?desk)(?!\s+(?:plans?|routes?|costs?|"
    r"schedules?|budgets?|contracts?|forms?|requests?|needs|issues|data|funding|policy|policies|menus?|programs?|"
    r"requirements?|questions|documents?|fees|aid|concerns?|matters|lessons?|sessions?|groups?|curricul\w*|"
    r"calendars?|referrals?|services|centers?|appointments?|records?|caseloads?))|"
    r"room\s+parents)"
)
_ROLE_HEAD = (
    r"(?i:principal|assistant\s+principal|ap|dean|counselor|coach|coordinator|director|specialist|liaison|clerk|"
    r"secretary|registrar|nurse|psychologist|psych|social\s+worker|librarian|superintendent|(?:asst\s+|assistant\s+)?supt|manager|mgr|lead|chair|"
    r"interventionist|facilitator|trainer|presenter|vendor|consultant|analyst|partner|tosa|cao|cfo|coo|"
    r"dispatcher|rep|representative|president|coord|cordinator|chief\s+of\s+(?:staff|schools|police|operations)|"
    r"psychometrician|treasurer|bookkeeper|head\s+of\s+school|teacher\s+of\s+record|aide|para|paraprofessional|"
    r"navigator|advocate|custodian|technician|therapist|pathologist|intern|recruiter|supervisor|reviewer|officer|"
    r"evaluator|auditor|attorney|general\s+counsel|engineer|architect|contractor|inspector|professor|researcher|"
    r"receptionist|dietitian|nutritionist|translator|provost|vp|advisor|adviser|sponsor|"
    r"(?-i:CEO|SLP|OT|PT|BCBA|SRO|RN|LPN|CNA|UAP))"
)
# What the one who runs a session others attend does: "…, DeShawn runs it", "The principal chairs.", "Capt. Hargrove +
# TW present"
RUNS_IT_S = r"(?:presents|runs|(?:co-)?leads|hosts|(?:co-)?chairs|facilitates|teaches|trains)"
RUNS_IT = rf"(?:{RUNS_IT_S}|present|run|(?:co-)?lead|host|(?:co-)?chair|facilitate|teach|train)"
_NOT_MODIFIER = (
    r"(?!(?:a|an|the|where|how|why|whose|which|will|and|is|are|for|of|to|in|on|with|by|at|from|during|until|thru|"
    r"through|into|who|that|what|then|so|also|ok|okay|but|plus|while|if|"
    r"when|once|whoever|we|they|i|it|this|those|these|gets|need|needs|want|wants|sure|has|"
    r"help|see|ensure|order|recruit|coaches|teachers|counselors|principals|"
    # "Ask facilities for…": an imperative opening the answer, whatever its case
    r"(?i:ask|get|tell|send|invite|hire|pay|have|make|remind|check|give|let)|"
    r"deans|specialists|interventionists|aides|paras|tutors|mentors|advisors|books|owns|runs|leads)(?![\w-]))"
)
_GROUP = (
    rf"(?:(?:the|our|each|all|both|every)\s+)?(?:{_NOT_MODIFIER}[\w/&+'-]+\s+){{0,4}}{_GROUP_HEAD}\b(?!\s+of\s+the\s+(?:month|week|year))"
    r"(?!\s+(?:lead|leads|leader|leaders|coordinator|coordinators|chair|chairs|facilitator|facilitators|head|heads)\b)"
    rf"|(?:(?:the|our)\s+)?(?:{_NOT_MODIFIER}[\w/&'-]+\s+){{0,3}}{_ROLE_HEAD}\b"
)
_HELPERS = r"(?:(?:a\s+)?(?:few|some|two|three|[2-9])\s+)?(?i:students|kids|parents|families|student\s+leaders)"
_SUBJECT = re.compile(
    rf"(?P<subject>(?P<person>{_PERSON})(?:\s*\((?P<paren>[^)]{{1,40}})\))?"
    rf"(?:\s*,\s*{_PERSON}(?=\s*,?\s+(?:and|&|\+)\s))*"
    rf"(?:\s*,?\s+(?:and|&|\+)\s+(?:{_PERSON}|{_GROUP}|I(?=\s+[a-z])|me(?=\s+[a-z])|"
    # "Kim T. + Raj audit…": a first name joining a named person; "Capt. Hargrove + TW present": initials
    r"(?-i:(?!(?:The|This|That|Then|We|They|It|If|In|On|At|By|For|And|But|So|Our|All|Each)\b)[A-Z][a-z][\w'-]+)(?=\s+[a-z])|"
    r"(?-i:(?!(?:IEP|ELL?|SPED|PD|PLC)\b)[A-Z]{2,3})(?=\s+[a-z]))"
    r"(?:\s*\([^)]{1,40}\))?)?"
    rf"|(?P<group>{_GROUP}(?:\s+(?:for|of)\s+[A-Za-z][\w&-]*(?:\s+[A-Za-z][\w&-]*){{0,2}}(?=\s*\())?)(?:\s*\((?P<gparen>[^)]{{1,120}})\))?(?:\s+(?:and|&|\+)\s+(?:{_PERSON}|{_GROUP})"
    rf"(?:\s*\([^)]{{1,40}}\))?)?)"
    rf"(?P<helpers>\s+(?:and|&|\+)\s+{_HELPERS})?"
    r"(?:(?<=(?i:upt))\.)?(?P<place>\s+(?:from|in|at|of|for)\s+(?:the\s+)?[\w\s&]{1,30}?)?"
    r"\s+(?:(?:also|then|first|both|each|will|can|should|'ll|just|already|always|usually)\s+)?"
    r"(?P<verb>(?:is|are|'s)\s+(?:gonna|going\s+to)\s+[a-z]+\b|(?:is|are)\s+(?:[a-z]+ing|on|in\s+charge)\b|does|has|"
    r"said\s+(?:she|he|they)'?d|"
    r"(?!(?:is|was|this|his|its|us|plus|thus|heads)\b)(?:co-)?[a-z]+(?:s|es)\b|"
    r"(?!(?:and|or|but|of|in|on|at|to|for|with|from|by|as|is|are|was|were|be|been|get|gets|got|need|want|have|"
    r"had|should|would|could|might|must|may|can|will|the|a|an|just|only|also|then|still|even|really|already|"
    r"usually|always|never|each|both|all|min|mins|hrs?|days?|weeks?|per|every|this|that|these|those|their)\b)"
    r"[a-z]{3,}(?=(?:\s+(?:out|up|over|back))?\s+"
    r"(?:the|a|an|our|their|its|all|each|every|it|them|that)\b)|(?:fill|give|take|run|meet|lead|pull|review|look|do|send|write|make|check|"
    r"share|build|draft|present|host|track|own|collect|update|plan|model|train|visit|call|use|go|bring|"
    r"sit|co-?lead|co-?teach|team\s+up|work|set|post|translate|keep|create|pick|choose|hold|teach|observe|"
    r"attend|walk|map|rework|decide|bring|read|spot[- ]?checks?|chat|greet|coordinate|schedule|"
    r"facilitate|organi[sz]e|nominate|recognize|celebrate|analy[sz]e|monitor|lead|start|begin|finish|complete|"
    r"prepare|provide|contact|invite|join|recruit|hire|develop|identify|assign|align|adjust|revise|reteach|"
    r"introduce|explain|communicate|distribute|ask|compile|gather|rotate|calibrate|translate|enter|tally|"
    r"summari[sz]e|approve|reach\s+out|set\s+up|put\s+together|compare|decide|split|discuss|study|test|survey|"
    r"score|tell|pilot|launch|conduct|deliver|produce|purchase|secure|request|apply|finali[sz]e|finish|sort|"
    r"refer|assess|audit|debrief|mentor|propose|redo|recommend|submit|pitch|outline|sketch|finalize|let|notify|"
    r"inform|remind|coach|tutor|mentor|support|interview|pair(?:\s+up)?|co-?plan|partner)\b|"
    # "instructors log the pass rates", not "the weekly PLC log from…" or "the coaching log is shared"
    r"(?:log|record)(?!\s+(?:from|for|to|of|with|in|on|at|by|about|and|or|is|are|was|were|will|gets|goes|sheets?|"
    r"books?|entries)\b)(?=\s+[a-z])|"
    # a Spanish verb in an answer typed in both languages: "Sr. Beltrán organiza", "Ms. Ibarra hace walkthroughs"
    r"(?:organiza|coordina|hace|dirige|lleva|prepara|manda|env[ií]a|revisa|presenta|ense[ñn]a|maneja|llama|"
    r"visita|dar[aá]|har[aá]|va\s+a\s+[a-z]+)\b)(?!:)",
)
# a full stop that ends no sentence: "Ms.", "St." before a name; "Capt.", "Sra." only as typed with a capital
NO_TITLE_BEFORE = "".join(rf"(?<!\b{t})" for t in ("Mr", "Ms", "Mrs", "Dr", "Mx", "Supt", "St")) + (
    "(?-i:" + "".join(rf"(?<!\b{t})" for t in ("Sra", "Srta", "Capt", "Lt", "Sgt", "Prof", "Rev", "Fr")) + ")"
)
_PERSON_OR_GROUP = re.compile(rf"(?:{_PERSON}|{_GROUP})(?:\s*\([^)]{{1,40}}\))?")
# Languages a team offers its work in ("w/ spanish + dari interpreters"): never who does it.
LANGUAGES = frozenset(
    """spanish english arabic somali hmong vietnamese tagalog haitian creole mam portuguese chinese mandarin
    cantonese korean russian french dari pashto swahili asl marshallese karen nepali ukrainian polish japanese
    hindi urdu bengali punjabi farsi amharic tigrinya burmese khmer lao navajo quechua k'iche' yoruba mixteco""".split()
)
_NOT_VERBS = frozenset(
    "is was has does this its his hers yours ours theirs us less unless across process focus bus bonus status "
    "plus thus campus minus versus always sometimes perhaps series news lunches classes sessions days weeks hours "
    "minutes nights times translators interpreters teachers counselors coordinators clerks aides paras "
    "specialists openings postings trainings findings readings listings ratings recordings screenings "
    "settings evenings mornings offerings hearings gatherings positions vacancies".split()
)

_GERUND_E = re.compile(r"(?:writ|vit|at|iz|ov|ur|ag|id|ut|os|ac|ir|ul|lv|rv|ng(?=$)|pil|bl|dl)$")


def _base(verb: str) -> str:
    stem = verb[:-3]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    if _GERUND_E.search(stem):
        return stem + "e"
    return stem


def is_only_owner(text: str) -> bool:
    """ "Ms. Ferreira", "the data team": words that name people and nothing they do."""
    text = text.strip(" ,;")
    text = text if re.search(r"(?<![\w.])(?:[A-Z]\.){2,3}$", text) else text.strip(" ,.;")  # "J.R." keeps its period
    return bool(re.fullmatch(rf"(?:{_PERSON}|{_GROUP})(?:\s*\([^)]{{1,40}}\))?", text))


def is_person_named(text: str) -> bool:
    """ "Ms. Ferreira", "Coach Bell", "J.R.": someone called by name, not a role or a group ("the data team")."""
    text = text.strip(" ,;")
    text = text if re.search(r"(?<![\w.])(?:[A-Z]\.){2,3}$", text) else text.strip(" ,.;")
    return bool(re.fullmatch(rf"{_PERSON}(?:\s*\([^)]{{1,40}}\))?", text))


def title_from_question(question: str) -> str | None:
    """ "Who will be responsible for coordinating the relevent training?" → "Coordinate the relevent training"."""
    m = re.match(
        r"^\s*who\s+(?:will|should|is\s+going\s+to|can)\s+(?:be\s+(?:responsible\s+for|in\s+charge\s+of)\s+)?"
        r"(?P<verb>\w+)\s+(?P<rest>[^?.]+)",
        question,
        re.IGNORECASE,
    )
    if m is None:
        return None
    verb = m.group("verb").lower()
    if verb.endswith("ing"):
        verb = _base(verb)
    return f"{verb.capitalize()} {m.group('rest').strip()}"


_TRAINED = re.compile(
    r"\s+(?:[\w$'-]+\s+){0,6}?(?:training|pd|refresher|course|module|sessions?|boot\s?camp|institute|workshop|"
    r"overview|seminars?|orientation|certification)\b(?!\s+(?:plan|planning|schedule|calendar|agenda|materials|slides))",
    re.IGNORECASE,
)
_TRAINEES = re.compile(
    r"(?i:teachers|aides|paras|paraprofessionals|staff|hires|residents|tutors|advisors|everyone|everybody|subs)\b"
)


def is_trained(m: re.Match[str], text: str) -> bool:
    """ "teachers + aides do the training in jan", "the 2nd grade team gets the refresher": they take part in it."""
    verb = m.group("verb").split()[0].lower()
    if not _TRAINED.match(text, m.end()):
        return False
    if verb in {"get", "gets", "receive", "receives", "recieve", "recieves"}:
        return True
    group = re.sub(r"\s*\(.*", "", m.group("group") or "")
    return verb in {"do", "does"} and bool(_TRAINEES.search(group))


# Letters a school writes for a program, a test or a role, never someone's initials
_ACRONYMS = frozenset(
    """AP VP HR PD PLC EL ELL ELS ML MLL IEP BOY MOY EOY SEL GT CAO CFO COO CEO TOSA ELD ESL SPED PBIS MTSS FAFSA ELA
    SAT ACT CTE AVID DLI SIT SIOP PTA PTO SSC ELAC RTI IB IT OT PT SLP PE TBD TBA ASAP FYI EOD ETA NA USA MAP NWEA
    STAR IXL ECE PK TK SRO ESY HS MS ES JH RP ILT DLT GLT CCR DEI SIP CIP FRL SWD LEA SEA BCBA EB SST SAP UDL ISS
    OSS CICO FBA BIP WIDA ACCESS ESSA LETRS UFLI CKLA EOC STEM CTSO JROTC NHS SGA FTE ADA OCR DOE CPS DCFS SRT ELPAC
    IEPS ELLS MLS EBS AM PM OK GPA UA ID""".split()
)
_INITIALS = r"(?-i:[A-Z]{2,3})(?![\w'])"
_INITIALS_GROUP = rf"(?P<who>{_INITIALS}(?:\s*(?:\+|&|\band\b|,|/)\s*{_INITIALS})*)"
# "JT will run…", "KL + RM are doing the refresher"
_INITIALS_SUBJECT = re.compile(
    rf"{_INITIALS_GROUP}\s+(?P<verb>(?:will|'ll|is|are|can|has|have)\s+[a-z]+|(?:co-)?[a-z]+s|"
    r"(?<=[A-Z]\s)(?<![-–—]\s)(?:spot\s+check|check|run|lead|do|meet|co-teach|plan|review|share|send|pull|track|make|"
    r"write|call|host|visit|teach|train|coach)(?=\s))\b"
    r"(?!\s+(?:data|scores|results|students)\b)"
)
# "… every 6 weeks - SK", "… -> RM runs it EOY"
_INITIALS_SIGNED = re.compile(
    rf"(?:\s[-–—~]+|\s*(?:->|→|=>))\s*{_INITIALS_GROUP}"
    r"(?=\s*(?:$|[.,;!]|\s+(?:runs|does|has|owns|leads|handles|will|is|by|before|on|in|at|EOY|BOY|MOY|asap)\b))"
)


def _people_initials(who: str) -> str | None:
    letters = re.findall(r"[A-Z]{2,3}", who)
    if not letters or any(word in _ACRONYMS for word in letters):
        return None
    return " and ".join(letters)


def initials_owner(text: str, position: int | None = None) -> OwnerFound | None:
    """Someone written by their initials: as the subject at `position`, or signed after a dash when it is None."""
    if position is None:
        m = _INITIALS_SIGNED.search(text)
        alone = True
    else:
        m = _INITIALS_SUBJECT.match(text, position)
        alone = False
    owner = _people_initials(m.group("who")) if m else None
    if m is None or owner is None:
        return None
    if not alone and re.search(
        r"(?:tions|sions|ments|ages|ings|ities|nesses)$|^(?:results|scores|reports|letters|grades|rates|logs|notes)$",
        m.group("verb"),
    ):
        return None  # "LRE percentages and discipline rates": a measure, not someone doing something
    if alone:
        return OwnerFound(owner, None, m.span("who"), alone=True, declared=True)
    verb, start = m.group("verb"), m.start("verb")
    modal = re.match(r"(?:will|'ll|can)\s+", verb)
    if modal:  # "JT will run the PD": the work starts at "run"
        verb, start = verb[modal.end() :], start + modal.end()
    return OwnerFound(owner, None, (m.start("who"), start), verb=verb)


WHOEVER = re.compile(
    r"\W*(?:(?:ok(?:ay)?|so|and|then)[,.]?\s+)*(?P<subject>whoever\s+(?P<does>[a-z]+s)\s+"
    r"(?P<what>(?:the|our)\s+[\w&/-]+(?:\s+[\w&/-]+){0,2}))\s+(?P<verb>will\s+[a-z]+|[a-z]+(?<!ss)s)\b"
    r"(?=\s+(?:the|a|an|our|their|it|them|that|this|up|out|[a-z]+)\b)",
    re.IGNORECASE,
)
_DOER = {"chairs": "chair", "leads": "lead", "heads": "head", "coordinates": "coordinator", "runs": "lead",
         "facilitates": "facilitator", "teaches": "teacher", "coaches": "coach", "manages": "manager"}  # fmt: skip


def whoever_owner(m: re.Match[str]) -> OwnerFound | None:
    what, verb = m.group("what"), m.group("verb").lower()
    if verb in {"is", "was", "has", "does", "gets", "needs", "wants"}:
        return None
    doer = _DOER.get(m.group("does").lower())
    owner = f"{what} {doer}" if doer else m.group("subject")
    return OwnerFound(owner, None, (m.start("subject"), m.start("verb")), verb=verb)


_WITH_GROUP = re.compile(
    rf"\b(?:with|w/)\s+(?P<who>(?:the|our)\s+(?:[\w&/-]+\s+){{0,3}}?(?:{_GROUP_HEAD}|{_ROLE_HEAD}))(?=\s*(?:[.!;]|$))"
)
_SESSION_WITH = re.compile(
    r"\b(?:makeup|make-up|session|1:1|one-on-one|meeting|check-in|debrief|walkthrough|shadow\s+day|hr|hour)s?\s+"
    r"(?:with|w/)\s+(?P<name>[a-z][a-z'-]{1,14})(?=\s*(?:[,.;!?]|$|\s+(?:the|on|in|by|before|after|at|next|this|"
    r"every|each|once|twice|starting)\b))"
)
_TIMEWORD = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|weeks?|months?|"
    r"years?|quarters?|semesters?|spring|fall|summer|winter|break|end|days?|time|now|then|meetings?|mtgs?)\b",
    re.IGNORECASE,
)


# Words that look like subjects or names in these answers but never name who owns the work.
_DATE_TAIL = (
    r"(?:\s*,?\s*(?:by|before|starting|beginning|after|in|on|from|no\s+later\s+than|end\s+of|within|once|first)\b"
    r"[^.;!?]{0,60})?"
)


_COMMON_SUBJECTS = frozenset(
    "district school site county state office board city center program class everyone nobody somebody someone "
    "anyone he she they we it this that there who which what one each every all both either neither nurse "
    "counselor principal coach dean clerk secretary registrar librarian superintendent admin staff team data "
    "dashboard survey report plan form flyer letter newsletter calendar schedule bus lunch app system platform "
    "tool screener everybody whoever kids parents families students teachers grade year month week home night "
    "day walkthrough observation meeting session training lesson unit email bulletin memo video card".split()
)


_INTERJECTIONS = frozenset(
    "ugh hm hmm um umm uh oof yikes sigh lol well right sure fine great cool agreed true honestly wait oh ah "
    "alright awesome perfect same nah meh thanks ty np also again definitely absolutely totally".split()
)


_NOT_NAMES = frozenset(
    {"ok", "tbd", "tba", "idk", "fyi", "ps", "asap", "eoy", "boy", "moy", "pd", "ell", "iep", "sra", "srta", "sr"}
)


_VAGUE_TEAM = re.compile(r"(?:(?:the|our)\s+)?(?:team|group|staff|admin|leads|leaders)", re.IGNORECASE)


def _clean_group(text: str) -> str:
    return re.sub(r"^(?:all|both|every)\s+", "", text.strip().lstrip("-–—•*> "))  # "- psychs do…": the list mark goes


def without_time_lead(owner: str) -> str:
    """ "(after) every observation the coach sends…": when, then who; the owner is who."""
    return re.sub(r"^(?:every|each)\s+[\w-]+(?:\s+[\w-]+)?\s+(?=(?:the|our)\s)", "", owner, flags=re.IGNORECASE)


_PARTICIPANTS = re.compile(
    r"(?:(?:the|our|all)\s+)?(?:teachers|staff|advisors|paras|paraprofessionals|aides|tutors|students|families|learners|"
    r"scholars|trainees|participants)",
    re.IGNORECASE,
)


def takes_part(owner: str) -> bool:
    """ "teachers", "each 9th grade team": who takes part in the work or how it runs, not who answers for it."""
    return bool(_PARTICIPANTS.fullmatch(owner.strip()) or re.match(r"(?:each|every)\s", owner.strip(), re.IGNORECASE))
