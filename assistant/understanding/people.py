"""Who owns an action, in the words a team types: a titled name, a role, a name with its role in apposition, or
a group of them, found after "Owner:", "assign it to", "led by" or as the subject of a clause; and the answer
to "who will own this?"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.understanding.cleanup import ANALYSIS_LIMIT, _overlaps, _prepare, _skip
from assistant.understanding.owner_words import NO_TITLE_BEFORE, THING_WORDS

_HEADS = (
    r"(?:principals?|superintendents?|supts?|coach(?:es)?|teams?|committees?|council|board|department|dept|office|"
    r"directors?|coordinators?|specialists?|counsell?ors?|deans?|(?:co-)?chairs?|chairperson|heads?|(?:co-)?leads?|leaders?|"
    r"liaisons?|facilitators?|administrators?|administration|admin|managers?|mgrs?|supervisors?|officers?|analysts?|"
    r"psychologists?|psychs?|social\s+workers?|nurses?|librarians?|mentors?|trainers?|consultants?|interventionists?|"
    r"teacher|secretary|registrar|navigators?|advocates?|translators?|interpreters?|clerks?|designee|cabinet|"
    r"partner\s+organi[sz]ation|relations|analytics|"
    r"chief\s+of\s+(?:staff|schools|police)|(?-i:HR|IT|APs?|PLCs?|SLT|ILT|BLT|DLT|SIT|CEO|CFO|COO|CAO|SLP|BCBA|TOSAs?|SRO))"
)
_VAGUE_HEADS = frozenset({"team", "teams"})
_DETERMINER = r"(?:(?P<det>the|our|my|your|their|his|her|each|every)\s+)?"
_MODW = (
    r"(?!(?:and|or|the|a|an|of|will|shall|would|can|could|should|must|to|with|for|by|in|on|at|is|are|be|was|were|"
    r"our|my|their|your|his|her|its|this|that|these|those|we|i|they|he|she|it|you|who|which|all|each|every|some|"
    r"any|no|not|also|then|so|if|when|once|please)\b)[^\W_][\w'&/-]*"
)
_ROLE = re.compile(
    rf"{_DETERMINER}(?P<body>(?:{_MODW}\s+){{0,4}}(?P<head>{_HEADS})\b(?:\s+(?:of|for)\s+(?:the\s+)?{_MODW}"
    rf"(?:\s+(?:and\s+|&\s+)?{_MODW}){{0,3}})?)",
    re.IGNORECASE,
)
_TITLE_SRC = (
    r"(?P<title>(?:(?:Assistant|Associate|Deputy)\s+)?(?:Supt\.?|Superintendent)|(?:Mr|Mrs|Ms|Mx|Dr|Sra|Srta|Prof|Rev)\.?|"
    r"Miss|Professor|Doctor|Coach|Principal|Dean|Director|Assistant\s+Principal|Vice\s+Principal|Counselor|Nurse|"
    r"Chief)\s+(?=[^\W\d_])"
)
_TITLE = re.compile(_TITLE_SRC)
_TITLE_ANY_CASE = re.compile(_TITLE_SRC, re.IGNORECASE)
_TITLE_ROLES = {
    "coach": "coach", "principal": "principal", "superintendent": "superintendent", "supt": "superintendent",
    "supt.": "superintendent", "dean": "dean", "director": "director", "assistant principal": "assistant principal",
    "vice principal": "vice principal", "assistant superintendent": "assistant superintendent",
    "counselor": "counselor", "nurse": "nurse", "assistant supt": "assistant superintendent",
    "associate superintendent": "associate superintendent", "associate supt": "associate superintendent",
    "deputy superintendent": "deputy superintendent", "deputy supt": "deputy superintendent",
}  # fmt: skip
_HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "miss", "professor", "sra", "srta", "doctor"})
# "Ortiz", "O'Neil", an initial "R." or initials "J.R."
_NAME_TOKEN = re.compile(
    r"(?<![\w.])[^\W\d_]\.(?:[^\W\d_]\.){0,2}(?=\s|[),;]|$)|[^\W\d_]+(?:-[^\W\d_]+|'(?!(?:ll|s|d|re|ve|t|m)\b)[^\W\d_]+)*"
)
_ONE_SPACE = re.compile(r" (?=\S)")
_PARTICLES = frozenset({"de", "la", "van", "von", "der", "del", "da", "di", "du", "le", "bin", "al", "ten", "ter"})

# Capitalised words that start sentences in these answers but are not names.
_NAME_STOP_WORDS = """
    a about above action actions additionally admin administration administrators after afternoon again all also
    always an and annual annually any anyone anybody april are as assessment assessments at attendance august
    autumn be been before beginning behavior being below benchmark benchmarks between biweekly board both budget
    but by calendar calls can classroom classrooms coach coaches coaching collect communication community conduct
    could create curriculum daily data day days december department design develop district do does done due
    during each ela email emails end english ensure equity establish evening every everybody everyone everything
    family families february feedback fidelity final finally first focus for friday from fall funding funds further
    goal goals grade grades has have he her here hiring his hold host how however i identify if implement
    implementation in instruction instructional intervention interventions into invite is it its january july june
    last launch leadership literacy march math may me meanwhile measure measures meet meeting meetings mentor mentoring
    mentors monday monitor month monthly months moreover morning mtss my never new newsletter next no nobody none
    nothing november now observation observations observe october of office often ok okay on once onboarding one
    or our over owner parent parents pbis pd per perhaps plan planning plans plc plcs please principal principals
    probably professional progress protocol protocols provide quarter quarterly reading recruitment report reports
    resource resources responsible result results review reviews revise rubric rubrics saturday schedule schedules
    school schools science second sel selection semester september send share she should since so some someone
    somebody something sometimes spanish spring staff start starting still student students summer sunday support
    supports sure survey surveys target targets teacher teachers team teams term than thanks that the their them
    then there therefore these they third this those through throughout thursday thus title to today tomorrow tool
    tools track train training trainings translation tuesday twice under until update us use used using usually
    via walkthrough walkthroughs was we website wednesday week weekly weeks were what when where which while who
    why will winter with within without would year yearly years yes yet you your lead leads leader leaders
    ongoing every each jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun fy sy pto parents teachers grade-level schoolwide districtwide building campus families staff ell ells
    sped iep ieps ap hr it pto pta tbd n/a na unknown everyone nobody ask assign give let lets let's maybe
    soon later asap whenever eventually sometime anytime nope yep yeah idk dunno skip pass unassigned vacant open
    hire hired new-hire none n-a no-one noone self myself yourself ourselves them him same not decided
    undecided else other different
    """
_NAME_STOP = frozenset(_NAME_STOP_WORDS.split())
_NOUN_SUFFIXES = ("ing", "tion", "sion", "ment", "ness", "ity", "ities", "ance", "ence", "ship", "ism", "ology", "ics")

_VAGUE_SUBJECT = re.compile(
    r"(?:i|we|us|they|he|she|you|someone|somebody|everyone|everybody|anyone|nobody|all\s+of\s+us|it|this|that|"
    r"there|these|those|let's|lets)\b",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\s*,?\s*(?:"
    r"(?P<passive>(?:will|shall|would|can|could|should|must)\s+be\s+|(?:is|are|to)\s+be\s+|(?:is|are)\s+)"
    r"(?P<participle>[a-z]+(?:ed|en)|held|done|made|given|shown|taught|built|sent|set|kept|paid|led|run|met|read|"
    r"brought|bought|put|told|written|chosen)\b"
    r"|'ll\b|'s\s+going\s+to\b|will\b|shall\b|can\b|could\b|would\b|should\b|must\b|(?:is|are)\s+going\s+to\b|"
    r"(?:is|are|will\s+be)\s+(?:responsible|in\s+charge|accountable|leading|taking|handling|owning|organi[sz]ing|"
    r"coordinating|facilitating|scheduling|the\s+(?:owner|lead|point\s+person))\b|"
    r"(?:has|have)\s+(?:agreed|volunteered|offered)\s+to\b|(?:agreed|volunteered|offered|plans?|needs?|intends?)\s+to\b|"
    r"to\s+(?=[a-z])|(?:co-?)?(?:lead|own|oversee|coordinate|facilitate|manage|run|handle|schedule|organi[sz]e|chair|"
    r"drive|monitor|track|take|send|review|present|train|coach|meet|collect|share|develop|create|draft|update|"
    r"analy[sz]e|host|conduct|provide|deliver|plan|check|prepare|write|build|lead)(?:s|es)?\b)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    NO_TITLE_BEFORE + r"(?<![\s.](?-i:[A-Z]))"
    r"[.!?;:\n>]+[\"')\]]*\s*|,\s*|\b(?:and|then|also|so|but|first|next|finally|additionally|afterwards|meanwhile|"
    r"(?:is|was)\s+that)\s+",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"[-*•▪◦·>\"'(\[\s]*")
_CONJ = re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+|\s+\+\s+", re.IGNORECASE)
_PRONOUN_CONJUNCT = re.compile(r"(?:i|me|myself|we|us)\b", re.IGNORECASE)
_APPOS_OPEN = re.compile(r"\s*(?:,|\(|\s[-–—])\s*")
_APPOS_CLOSE = re.compile(r"\s*\)|\s*,|\s+-(?=\s)|(?=\s*(?:[.;:\n]|$))")
_ROLE_THEN_NAME = re.compile(r"\s*,\s*|\s+")
_COMMA = re.compile(r"\s*,")
_DESIGNEE = re.compile(r"\s+or\s+(?:(?:a|the|his|her|their)\s+)?designee\b", re.IGNORECASE)
_OWNER_LABEL = re.compile(
    r"(?:^|(?<=[\s;,.(>*_]))(?:owners?|owned\s+by|responsible(?:\s+(?:party|person|people|staff))?|person\s+responsible|"
    r"(?:action\s+)?lead(?:er)?s?|point\s+(?:person|of\s+contact)|accountable|who|assigned\s+to|assignee|contact)"
    r"\s*(?::|=|\s[-–—]\s)\s*(?:\*+\s*|_+\s*)?(?:</?[a-z][^<>\n]{0,30}>\s*)*"
    r"(?P<value>(?:(?!\s/\s|\s[—–]\s|\s-\s|✅|\|)[^\n;]){1,200})",
    re.IGNORECASE,
)
_AS_A_WHOLE = re.compile(r"\s+(?:as\s+a\s+(?:whole|group|body|team)|together|jointly)$", re.IGNORECASE)
# who carries the work on: "via the Assistant Superintendent for Business"; only a role, never "via Remind"
_VIA = re.compile(r"\bvia\s+(?=(?:the|our)\s)", re.IGNORECASE)
_OFFICE_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:&|and|of)\s+[A-Z][a-z]+)+")
_ASSIGN = re.compile(
    r"\b(?:assign(?:ed|ing|s)?|give|giving|gave|hand(?:ed|ing|s)?|delegat(?:e|ed|es|ing))\s+"
    r"(?:(?:it|this|that|this\s+one|the\s+(?:task|action|work|job))\s+)?(?:over\s+)?to\s+",
    re.IGNORECASE,
)
_BY_OWNER = re.compile(
    r"\b(?:co-?)?(?:led|owned|facilitated|coordinated|overseen|managed|run|organi[sz]ed|chaired|headed|delivered|"
    r"conducted|handled|supervised|driven|championed|spearheaded|presented|taught|hosted|completed|done|prepared|"
    r"drafted|written|created|developed|reviewed)\s+(?:jointly\s+|together\s+)?by\s+|"
    r"\b(?:requested|asked|required|expected)\s+of\s+",
    re.IGNORECASE,
)
# "…, packed by the aides", "— booked by Lorena": whoever does the work the answer describes, named in full
_DONE_BY = re.compile(
    r"(?<=[,—–-]\s)(?!(?:followed|informed|measured|guided|determined|inspired|supported|funded|paid|covered|"
    r"attended|used|needed|affected|impacted|caused|required|shaped|served|reached|limited|backed)\b)[a-z]{3,}ed"
    r"\s+by\s+",
    re.IGNORECASE,
)
_OWNER_ENDS = re.compile(
    r"\s*(?:[,.;!]|$|(?:by|before|on|in|at|every|each|starting|after|no\s+later)\b)", re.IGNORECASE
)
_ASK = re.compile(
    r"\b(?:(?P<ask>ask|asking|asked|invite|invited)|have|get)\s+(?=(?-i:[A-Z])|the\s|our\s)", re.IGNORECASE
)
_ASK_VERB = re.compile(
    r"\s+(?P<to>to\s+)?(?:lead|draft|create|schedule|send|review|present|run|own|coordinate|facilitate|organi[sz]e|"
    r"plan|write|collect|share|update|host|check|prepare|build|develop|monitor|track|handle|manage|oversee|call|email|"
    r"contact|train|coach|model|observe|analy[sz]e|design|post|take|set\s+up|put\s+together|pull|compile|map)\b"
)
# Words of a role that are lowercased when a sentence or a heading capitalised them.
_ROLE_VOCAB_WORDS = """
    principal principals superintendent superintendents coach coaches team teams committee committees council
    board department dept office director directors coordinator coordinators specialist specialists counselor
    counselors counsellor counsellors dean deans chair chairs chairperson head lead leads leader leaders liaison
    liaisons facilitator facilitators administrator administrators administration admin manager managers
    supervisor supervisors officer officers analyst analysts psychologist psychologists social worker workers
    nurse nurses librarian librarians mentor mentors trainer trainers consultant consultants interventionist
    interventionists teacher secretary registrar navigator navigators advocate advocates designee cabinet
    assistant associate deputy vice executive chief senior instructional literacy reading math mathematics data
    school district building leadership implementation improvement curriculum grade-level family community
    engagement equity attendance behavior assessment professional development human resources special education
    student services support learning intervention family-engagement site central partner organization
    organisation of and for the
    """
_ROLE_VOCAB = frozenset(_ROLE_VOCAB_WORDS.split())
_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|um+|uh+|well|so|yes|yeah|sure|hmm+)[,.!]?\s+)*"
    r"(?:(?:i\s+think|i'd\s+say|probably|maybe|perhaps|let's\s+(?:say|go\s+with)|how\s+about|"
    r"(?:the\s+)?owner\s+(?:is|will\s+be|should\s+be)|it'?s|it\s+is|it'll\s+be|it\s+will\s+be|that'?s|that\s+is|"
    r"that'd\s+be|that\s+would\s+be|that\s+will\s+be|should\s+be|will\s+be|assign\s+(?:it\s+)?to|give\s+it\s+to|"
    r"put|definitely|likely)[,:]?\s+)*",
    re.IGNORECASE,
)
_VAGUE_ANSWER = re.compile(
    r"(?:i|me|myself|we|us|nobody|no\s+one|none|not\s+sure(?:\s+yet)?|unsure|unknown|tbd|tba|n/?a|"
    r"don'?t\s+know|do\s+not\s+know|no\s+idea|everyone|everybody|all\s+of\s+us|the\s+team|our\s+team|"
    r"the\s+whole\s+team|someone|somebody|anyone|whoever|nobody\s+yet|later|skip|pass)\s*[.!?]*$",
    re.IGNORECASE,
)
_CONTRACTION = re.compile(r"'(?:ll|re|ve|d|m)$", re.IGNORECASE)
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*(?:\s+[^\W\d_]+(?:[-'][^\W\d_]+)*){0,2}")


@dataclass
class _Unit:
    owner: str
    role: str | None
    end: int


def _valid_name_token(token: str, strict: bool, answer: bool) -> bool:
    if not token[0].isupper():
        # Typed in lower case ("ms. lee"): only trusted in a direct answer, and never a common word.
        return answer and token.lower() not in _NAME_STOP
    if len(token) > 1 and token.isupper() and not token.endswith("."):
        return False  # an acronym such as ELA or PBIS
    return not (strict and token.lower() in _NAME_STOP)


def _name_at(s: str, p: int, answer: bool) -> _Unit | None:
    title_m = (_TITLE_ANY_CASE if answer else _TITLE).match(s, p)
    title = re.sub(r"\s+", " ", title_m.group("title")) if title_m else ""
    honorific = title.lower().rstrip(".") in _HONORIFICS
    q = title_m.end() if title_m else p
    tokens: list[str] = []
    end = q
    while len(tokens) < 4:
        tm = _NAME_TOKEN.match(s, q)
        if tm is None:
            break
        token = tm.group()
        if tokens and token.lower() in _PARTICLES:
            sp = _ONE_SPACE.match(s, tm.end())
            nxt = _NAME_TOKEN.match(s, sp.end()) if sp else None
            if nxt is None or not nxt.group()[0].isupper():
                break
        elif not honorific and tokens and token.lower() in THING_WORDS:
            return None  # "Decision Memo", "Safety Plan": the title of a document or a place, not a name
        elif not _valid_name_token(token, strict=not honorific, answer=answer and bool(title)):
            break
        tokens.append(token)
        end = tm.end()
        sp = _ONE_SPACE.match(s, end)
        if sp is None:
            break
        q = sp.end()
    while tokens and tokens[-1].lower() in _PARTICLES:
        tokens.pop()
    if not tokens:
        return None
    if not title and len(tokens) == 1:
        word = tokens[0].lower()
        if len(word) < 2 or word.endswith(_NOUN_SUFFIXES):
            return None
    name = " ".join(t[0].upper() + t[1:] if t.islower() and t.lower() not in _PARTICLES else t for t in tokens)
    if title:
        display_title = title if not title.islower() else title[0].upper() + title[1:]
        if display_title.lower() == "doctor":
            display_title = "Dr."  # "doctor kim from the district" is Dr. Kim
        display_title = re.sub(r"^(\w+)\s+Supt\.?$", r"\1 Superintendent", display_title, flags=re.IGNORECASE)
        return _Unit(f"{display_title} {name}", _TITLE_ROLES.get(title.lower().rstrip(".")), end)
    return _Unit(name, None, end)


def _role_text(body: str) -> str:
    if re.fullmatch(r"Chief\s+of\s+[A-Z][a-z]+", body):
        return re.sub(r"\s+", " ", body)  # "Chief of Staff", a title kept as written
    words = re.sub(r"\s+", " ", body).split(" ")
    return " ".join(w.lower() if w.lower() in _ROLE_VOCAB else w for w in words)


def _role_at(s: str, p: int) -> _Unit | None:
    m = _ROLE.match(s, p)
    if m is None:
        return None
    body = m.group("body")
    if m.group("head").lower() in _VAGUE_HEADS and body.lower() == m.group("head").lower():
        return None  # "the team" is the people in the room; the assistant should ask who
    role = re.sub(r"\bsupt\b\.?", "superintendent", _role_text(body), flags=re.IGNORECASE)
    det = (m.group("det") or "").lower()
    if det in ("each", "every") and m.group("head").lower() == "teacher":
        return None  # "every teacher will…" describes who takes part, not who owns it
    owner = f"{det} {role}" if det in ("each", "every") else f"the {role}" if det else role
    designee = _DESIGNEE.match(s, m.end())
    if designee:
        return _Unit(f"{owner} or designee", role, designee.end())
    return _Unit(owner, role, m.end())


def _unit_at(s: str, p: int, answer: bool) -> _Unit | None:
    """One owner: a titled name, a role or a name, with a role or a name in apposition."""
    if (_TITLE_ANY_CASE if answer else _TITLE).match(s, p):
        unit = _name_at(s, p, answer)
        if unit:
            return _with_apposition(s, unit, answer)
    role = _role_at(s, p)
    org = _ORGANISATION.match(s, role.end) if role else None
    if org is not None:  # "provided by the New Teacher Center": an organisation, not Mr. Center the teacher
        return _Unit(s[p : org.end()].strip(), None, org.end())
    if role:
        named = _named_in_brackets(s, role.end)
        if named is not None:  # "Retention Analyst (K. Albright)", "our counselor (dana)": the person named
            return _Unit(named.owner, role.role, named.end)
        after = _ROLE_THEN_NAME.match(s, role.end)
        if after:
            name = _name_at(s, after.end(), answer=False)
            if name and not _ROLE.match(s, after.end()):
                close = _COMMA.match(s, name.end)
                return _Unit(name.owner, role.role, close.end() if close else name.end)
        return role
    unit = _name_at(s, p, answer)
    return _with_apposition(s, unit, answer) if unit else None


_ORGANISATION = re.compile(
    r"\s+(?:Center|Centre|Institute|Foundation|University|College|Network|Academy|Association|Alliance|Coalition|"
    r"Project|Partnership|Collaborative|Consortium|Union)\b"
)
_BRACKETS = re.compile(r"\s*\(\s*(?P<inside>[^()]{2,40}?)\s*\)")


def _named_in_brackets(s: str, p: int) -> _Unit | None:
    """The one person a role's brackets name: "(K. Albright)", "(Mr. Diaz)", "(beth)"; not "(SLP, OT)"."""
    m = _BRACKETS.match(s, p)
    if m is None:
        return None
    inside = m.group("inside")
    unit = _name_at(inside, 0, answer=True) if _TITLE_ANY_CASE.match(inside) else None
    if unit is None and re.fullmatch(r"(?:[A-Z]\.\s*)+[A-Z][\w'-]+|[A-Z][a-z][\w'-]*(?:\s+[A-Z][\w'-]+)?", inside):
        unit = _name_at(inside, 0, answer=False)
    if unit is None and inside.islower():
        unit = _lowercase_name(inside)
        if unit is not None and " " in unit.owner:
            unit = None  # "(sped dept)", "(new hire)" say what the role is; only one word is a first name
    if unit is None or unit.end != len(inside) or unit.owner.lower() in _NAME_STOP:
        return None
    return _Unit(unit.owner, None, m.end())


def _with_apposition(s: str, unit: _Unit, answer: bool) -> _Unit:
    opener = _APPOS_OPEN.match(s, unit.end)
    if opener is None:
        return unit
    role = _role_at(s, opener.end())
    if role is None:
        return unit
    closer = _APPOS_CLOSE.match(s, role.end)
    if closer is None:
        return unit
    if closer.group() == "" and not answer:
        return unit
    return _Unit(unit.owner, role.role if unit.role is None else unit.role, closer.end())


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _owner_group(s: str, p: int, answer: bool) -> _Unit | None:
    unit = _unit_at(s, p, answer)
    if unit is None:
        return None
    units = [unit]
    end = unit.end
    while len(units) < 5:
        conj = _CONJ.match(s, end)
        if conj is None:
            break
        pron = _PRONOUN_CONJUNCT.match(s, conj.end())
        if pron:  # "Dana and I will…": the speaker adds nothing the assistant can record
            end = pron.end()
            continue
        nxt = _unit_at(s, conj.end(), answer)
        if nxt is None:
            break
        units.append(nxt)
        end = nxt.end
    roles = list(dict.fromkeys(u.role for u in units if u.role))
    return _Unit(_join([u.owner for u in units]), _join(roles) if roles else None, end)


def _is_passive(verb: re.Match[str]) -> bool:
    participle = (verb.group("participle") or "").lower()
    return bool(verb.group("passive")) and participle not in ("", "responsible")


def _subject_at(s: str, p: int) -> _Unit | None:
    p = _skip(_LEAD_IN, s, p)
    if p >= len(s):
        return None
    vague = _VAGUE_SUBJECT.match(s, p)
    if vague and not (len(vague.group()) > 1 and vague.group().isupper()):  # "IT will…" is a department
        return None
    group = _owner_group(s, p, answer=False)
    if group is None:
        return None
    verb = _VERB.match(s, group.end)
    if verb is None or _is_passive(verb) or s.startswith(":", verb.end()):
        return None  # "counselor schedules: protect…" is a heading, not the counselor scheduling
    return group


def _value_owner(value: str) -> _Unit | None:
    """An owner written after "Owner:", "assign it to" or "led by", where no verb follows."""
    value = value[_skip(_LEAD_IN, value, 0) :]
    unit = _owner_group(value, 0, answer=True)
    if unit:
        return unit
    return _lowercase_name(value)


def _lowercase_name(value: str) -> _Unit | None:
    """ "pat" or "dana reyes" typed as a whole answer: a name, capitalised for the plan."""
    value = value.strip(" .,!;:")
    if re.fullmatch(r"(?!(?:a\.m|p\.m|e\.g|i\.e|u\.s|p\.e|n\.a|p\.s|p\.d)\b)(?:[a-z]\.){1,2}[a-z]\.?", value):
        return _Unit(value.upper().rstrip(".") + ".", None, len(value))  # "j.r."
    initial = re.fullmatch(r"(?P<initial>[a-z])\.\s?(?P<surname>[a-z][a-z'-]{2,})", value)
    if initial is not None and initial.group("surname") not in _NAME_STOP:  # "j. begay"
        return _Unit(f"{initial.group('initial').upper()}. {initial.group('surname').capitalize()}", None, len(value))
    m = _PLAIN_NAME.fullmatch(value)
    if m is None:
        return None
    tokens = value.split()
    if any(t.lower() in _NAME_STOP or t.lower() in _ROLE_VOCAB for t in tokens) or _VAGUE_ANSWER.match(value):
        return None
    if any(_CONTRACTION.search(t) or t.lower().split("'")[0] in _NAME_STOP for t in tokens):
        return None  # "she'll need subs": a pronoun and its verb, never someone's name
    if len(tokens) == 1 and (len(tokens[0]) < 2 or tokens[0].lower().endswith(_NOUN_SUFFIXES)):
        return None
    name = " ".join(t[0].upper() + t[1:] if t.islower() else t for t in tokens)
    return _Unit(name, None, len(value))


def _find_owner(work: str, extra_starts: Iterable[int], skip: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    for m in _OWNER_LABEL.finditer(work):
        value = m.group("value").strip(" *_.")
        if value.endswith(")") and value.count(")") > value.count("("):
            value = value[:-1].rstrip(" .")  # "(owner: J.R.)"
        value = _AS_A_WHOLE.sub("", value)
        if re.search(r"(?<![\w.])(?:[A-Za-z]\.){1,2}[A-Za-z]$", value):
            value += "."  # "Owner: J.R.": the period is the initial's
        known = re.fullmatch(r"(?:the\s+)?(?P<letters>[A-Z]{2,6})", value)
        if known and known.group("letters") not in {"TBD", "TBA", "TBC", "NA", "NONE", "ASAP", "IDK"}:
            # "Owner: the JLMC as a whole": a body known by its letters
            return value, None
        if _OFFICE_NAME.fullmatch(value):  # "Owner: Research & Accountability": an office by its name
            return value, None
        unit = _subject_at(value, 0) or _value_owner(value)  # "Responsible: Ms. Abara tracks completion."
        if unit:
            return unit.owner, unit.role
    for pattern in (_ASSIGN, _BY_OWNER):
        for m in pattern.finditer(work):
            if _overlaps(m.span(), skip):
                continue
            unit = _owner_group(work, m.end(), answer=False)
            if unit:
                return unit.owner, unit.role
    for m in _DONE_BY.finditer(work):
        unit = _owner_group(work, m.end(), answer=False)
        if unit and _OWNER_ENDS.match(work, unit.end) and not _overlaps(m.span(), skip):
            return unit.owner, unit.role
    for m in _VIA.finditer(work):  # "goes to the board via the Assistant Superintendent for Business"
        role = _role_at(work, m.end())
        if role is not None and not _overlaps(m.span(), skip):
            return role.owner, role.role
    starts = {0, *extra_starts}
    starts.update(m.end() for m in _CLAUSE.finditer(work))
    for p in sorted(starts):
        if p >= len(work) or _overlaps((p, p + 1), skip):
            continue
        unit = _subject_at(work, p)
        if unit:
            return unit.owner, unit.role
    for m in _ASK.finditer(work):  # "we'll ask the principal to present it", "have Jordan draft it"
        unit = _owner_group(work, m.end(), answer=False)
        verb = _ASK_VERB.match(work, unit.end) if unit else None
        if unit and verb and (verb.group("to") or not m.group("ask")) and not _overlaps(m.span(), skip):
            return unit.owner, unit.role
    return None, None


def parse_owner(text: str) -> tuple[str | None, str | None]:
    """Read the answer to "who will own this?": ("Dana Reyes", "instructional coach"), ("the principal", "principal").

    Returns (None, None) when no one is named or only "me", "we" or "the team" is.
    """
    _, work = _prepare(text[: ANALYSIS_LIMIT * 2])
    work = work[:1000].strip().rstrip(".!?")
    if not work:
        return None, None
    owner, role = _find_owner(work, (), [])
    if owner:
        return owner, role
    rest = _FILLER.sub("", work, count=1)
    rest = re.sub(r"^(?:me|i|myself|us|we)\s+(?:and|&)\s+", "", rest, flags=re.IGNORECASE)
    if not rest or _VAGUE_ANSWER.match(rest):
        return None, None
    if len(rest) > 8 and not re.search(r"[A-Za-z\u00c0-\u024f]", rest):
        return None, None  # a sentence in another script, not a name: the team is asked again, not misread
    unit = _value_owner(rest)
    return (unit.owner, unit.role) if unit else (None, None)
