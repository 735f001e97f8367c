"""A short plan-language title for an action, drafted from the team's answer without a language model.

"ms kim will have the calender out in two weeks" → "Have the calendar out". The owner, the modal verb and the
date phrases are left out (the plan shows them in their own columns); at most about 15 words are kept, cut at
a clause boundary where one is near. The team's full answer stays attached to the action as its note.
"""

from __future__ import annotations

import re

from assistant.understanding.owner_words import _ROLE_HEAD, NO_TITLE_BEFORE

TITLE_WORDS = 16

_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|so|well|um+|uh+|yeah|yes|sure|fine|alright|all\s+right|right|got\s+it|hmm+|i\s+think|i\s+guess|probably|maybe|honestly|basically|"
    r"the\s+plan\s+is(?:\s+that)?|our\s+plan\s+is(?:\s+to)?|plan\s+is(?:\s+to)?|first(?:\s+off)?|then|also|next|"
    r"and|plus|after\s+that|finally)(?:[,:.!]|\s+[-–—])?\s+)+",
    re.IGNORECASE,
)
_WE = re.compile(
    r"^(?:we|i|they|the\s+team|our\s+team|the\s+whole\s+team)\s*(?:'ll|'d|'re\s+going\s+to|are\s+going\s+to|"
    r"am\s+going\s+to|will|would|want\s+to|plan\s+to|need\s+to|should|can|could|must|are\s+gonna|gonna|hope\s+to)"
    r"\s+(?:(?:probably|also|then|try\s+to|definitely|likely|first|both)\s+)*",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\s*(?:'ll|will|shall|is\s+going\s+to|are\s+going\s+to|'s\s+going\s+to|is\s+gonna|are\s+gonna|can|could|"
    r"should|would|must|has\s+agreed\s+to|have\s+agreed\s+to|agreed\s+to|volunteered\s+to|offered\s+to|plans\s+to|"
    r"plan\s+to|needs\s+to|need\s+to|wants\s+to|is\s+to|are\s+to|to)\s+(?:(?:probably|also|then|try\s+to|"
    r"definitely|likely|first|both|each|all)\s+)*",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(
    rf"\s*(?:{NO_TITLE_BEFORE}[.;!?](?=\s|$)|\n|"
    r"\s[-–—]\s|,\s*(?:so|because|since|which|and\s+then|but)\b|\s(?:so\s+that|"
    r"because|since|in\s+order\s+to)\b)",
    re.IGNORECASE,
)
_LEADING_JUNK = re.compile(r"^(?:[\s\-*•>\"'(:,]|\[[ xX✓]?\]|\d{1,2}[.)](?=\s))+")  # "- [ ] ", "12. ": list marks
_TRAILING_JUNK = re.compile(
    r"[\s,;:\-–—(\"'→]+$|\s*(?:-+>|=+>)\s*$|\s+(?:and|or|by|to|at|in|on|for|with|the|a|an|of|from|starting|"
    r"beginning|until|before|after|then|so)$|,\s*(?:both|all|each)$|"
    # "…, she's our certified observer": who the owner is, said after them
    r",\s*(?:she|he|they)(?:'s|’s|'re|\s+is|\s+are)\s+(?:our|the|a|an)\s+[^,.;]{2,40}$|,\s*(?:led|owned|run|coordinated|facilitated|organi[sz]ed|handled)"
    r"(?:\s+by)?$",
    re.IGNORECASE,
)
_OWNER_TAIL = re.compile(
    r",?\s*(?:led|owned|run|coordinated|facilitated|organized|organised|done|handled)\s+by\s+"
    r"[^,.;]{1,60}$",
    re.IGNORECASE,
)
_BARE_DATE = re.compile(
    r"\b(?:by|before|on|starting|beginning|from|until|no\s+later\s+than)\s+\d{4}-\d{2}-\d{2}\b", re.IGNORECASE
)


def _remove(text: str, phrase: str) -> str:
    if not phrase:
        return text
    pattern = re.compile(
        r"[\s,]*(?:\b(?:by|before|on|starting|beginning|from|until|no\s+later\s+than|around|in|within|at|over|"
        r"during|for|after|sometime|some\s+time)\s+)*"
        + re.escape(phrase)
        # "the next month's session" names the session: the phrase stays in the title.
        + r"(?![’']s\b)",
        re.IGNORECASE,
    )
    m = pattern.search(text)
    if m is None:
        return text
    lead = re.match(r"(?:at|to|for|before|after)\s+the\s+", phrase, re.IGNORECASE)
    if lead is not None and re.match(r"\s+[A-Za-z]", text[m.end() :]):
        # "share results at the nov 15 board mtg": the date names the meeting; "at the" stays with it
        return text[: m.start()] + " " + lead.group().rstrip() + text[m.end() :]
    return text[: m.start()] + text[m.end() :]


_SUBJECT_END = re.compile(
    r"\s*(?:\([^)]{1,40}\)\s*)?(?:,[^,]{1,50},\s*)?(?:'ll|\bwill|\bshall|\bis\s+going\s+to|\bare\s+going\s+to|"
    r"'s\s+going\s+to|'s\s+gonna|\bis\s+gonna|\bare\s+gonna|\bgonna|\bcan|\bcould|\bshould|\bwould|\bmust|"
    r"\bhas\s+agreed\s+to|"
    r"\bhave\s+agreed\s+to|\bagreed\s+to|\bvolunteered\s+to|\boffered\s+to|\bplans?\s+to|\bneeds?\s+to|"
    r"\bwants?\s+to|\bis\s+to|\bare\s+to|\bto)\s+(?:(?:probably|also|then|try\s+to|definitely|likely|first|both|"
    r"each|all)\s+)*",
    re.IGNORECASE,
)


# "our data team", "the 3rd grade coaches", "the front office": a group that does the work while someone named
# elsewhere in the answer leads it ("…, led by Sam Ortiz"); the plan's owner column names them.
_GROUP_SUBJECT = re.compile(
    r"^(?:our|the|my|all|both|all\s+the)\s+(?:[\w/&'-]+\s+){0,3}(?:teams?|committees?|departments?|dept|office|"
    r"coach(?:es)?|leads|leaders|council|group|admin|administrators?|principals?|aps?|counselors?|"
    r"interventionists?|specialists?|liaisons?|coordinators?|facilitators?)$",
    re.IGNORECASE,
)


def _drop_owner(text: str, owner: str) -> str:
    """Leave out "Ms. Kim will" or "our assistant principal is going to" at the start of the answer."""
    owner_words = {w.lower().strip(".,()") for w in owner.split() if len(w.strip(".,()")) > 2} - {"the", "our", "and"}
    for m in _SUBJECT_END.finditer(text, 0, min(len(text), 120)):
        subject = text[: m.start()]
        words = {w.lower().strip(".,()") for w in subject.split()}
        if owner_words & words and len(subject.split()) <= 12:
            return text[m.end() :]
        if _GROUP_SUBJECT.match(subject.strip()):
            return _OWNER_TAIL.sub("", text[m.end() :])
        break
    return _OWNER_TAIL.sub("", text)


# A group at the head of a drafted title, and the verb it does: "the data team reviews…", "coaches give…".
_GROUP_AT_HEAD = re.compile(
    r"^(?P<subject>(?:(?:the|our|all\s+the)\s+(?:[\w/&'-]+\s+){0,3}?(?P<one>team|committee|department|dept|office|"
    r"council|principal|ap|counselor|coordinator|liaison|coach|facilitator)|(?:(?:the|our|all\s+the)\s+"
    r"(?:[\w/&'-]+\s+){0,3}?)?(?P<many>teams|coaches|leads|leaders|counselors|admins|administrators|"
    r"interventionists|specialists|liaisons|coordinators|facilitators)))\s+(?P<verb>[a-z][a-z-]+)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NOT_A_VERB = frozenset(
    "is are was were has have will would can could should must may might and or of for to in on at with from by "
    "this that these those who which whose the a an our their its also all each every only just still".split()
)
_IRREGULAR = {"does": "do", "has": "have", "goes": "go", "is": "be"}
_TRAILING_CLAUSE = re.compile(r"^(?P<head>.{12,}?)\s*(?:,|\s[-–—]\s|\()\s*(?P<tail>[^,()–—]{2,60}?)\)?\s*$", re.DOTALL)
_OWNER_NOTE = re.compile(
    r"\s*\(\s*(?:owner|lead|who)\s*[:=-]\s*[^)]{1,60}\)"
    # "… . POC: counselor Mrs. Haverford", "… both: SPED office": who, written as a field after the work
    r"|[\s.;,]*\b(?:POC|point\s+person|point\s+of\s+contact|owners?|who|both|responsible)\s*:\s*"
    r"(?:(?:Mr|Mrs|Ms|Mx|Dr)\.|[^.;:\n]){1,60}[.!]?$"
    # "… -> me, sunday nights": who (the one typing) and when, after an arrow
    r"|\s*(?:->|→)\s*(?:me|us)\b[^|\n]*$"
    # "… | Lead: Dr. Kessler | Due: cabinet retreat": the other columns of a row typed as a table
    r"|\s*\|\s*(?:lead|owner|who|poc|due|when|by\s+when|frequency|freq|status|notes?)\s*(?::[^|\n]*)?(?=\||$)"
    # "… (lead TBD)", "…, no trainer yet", "…; the trainer is to be determined": who does it is still open
    r"|\s*\(\s*(?:lead|owner|trainer|who|facilitator)\s+(?:tbd|tba|tbc)\s*\)"
    r"|[\s.;,]+(?:no\s+(?:[\w-]+\s+)?(?:trainer|lead|owner|facilitator|presenter)s?(?:\s+[\w-]+)?\s+yet"
    r"|the\s+(?:trainer|lead|owner|facilitator|presenter)\s+is\s+(?:still\s+)?(?:tbd|to\s+be\s+determined))\W*$",
    re.IGNORECASE,
)
_ACTION_FIELD = re.compile(r"(?:^|[|;])\s*(?:action|task|what)\s*:\s*(?P<work>[^|;\n]{6,})", re.IGNORECASE)
# Pictures a team types in a chat ("🎶", "💌") are no words of a plan line.
_PICTURES = re.compile(r"\s*[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55\ufe0f\u200d]+")
_OWNER_TAIL_WORDS = frozenset(
    "again too also both and or with is are will leads lead presents present runs run owns own handles handle does "
    "do planning plans plan organizes organizing coordinates leading running owning ms mr mrs dr mx sra the our "
    "by chaired led owned hosted facilitated supt asst".split()
)
_GENERIC_OWNER_WORDS = frozenset("the our and team teams dept office coach coaches lead leads ms mr mrs dr".split())


def _base(verb: str) -> str:
    low = verb.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x|zz|o)es$", low):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low


def _owner_at_head(title: str, owner: str) -> str:
    """ "Instructional Coach Priyanka does 1:1 zoom coaching…" → "Do 1:1 zoom coaching…", "Dr. Sesay and Mr. Liu
    co-chair a steering committee" → "Co-chair a steering committee": the owner opening the title goes to its
    column, and the work is said as a plan says it."""
    typed = (owner.replace(" and ", joiner) for joiner in (" + ", " & "))
    owner = owner if owner in title else next((t for t in typed if t in title), owner)  # "DeShawn + Capt. Hargrove"
    lead = _TIME_LEAD.match(title)
    if lead is not None and title.find(owner) >= lead.end():
        # "Each semester, the Research Office compares…": when is in its own column; the work opens the title
        after = _owner_at_head(title[lead.end() :], owner)
        if after != title[lead.end() :]:
            return after
    at = title.find(owner)
    end = at + len(owner)
    head = title[:at].split()
    # "The family liaison Ana calls…", "Program director (Dr. Tsosie-Whalen) reports…": the role, the person, the work
    role = re.fullmatch(rf"(?:(?:the|our)\s+)?(?:[\w-]+\s+){{0,2}}{_ROLE_HEAD}", " ".join(head), re.IGNORECASE)
    bracketed = re.match(rf"(?:[\w'-]+\s+){{1,4}}\(\s*{re.escape(owner)}\s*\)", title)
    if (role is not None and at >= 0) or bracketed is not None:
        head, end = [], bracketed.end() if bracketed is not None else end
    if at < 0 or len(head) > 2 or not all(w[:1].isupper() or w.lower() in ("the", "our") for w in head):
        return title  # "Instructional Coach Priyanka does…" opens with who; "I'll report what the PTO…" does not
    m = _VERB_AFTER_OWNER.match(title, end)
    if m is None:
        return title
    verb = m.group("verb")
    if verb in ("is", "are", "was", "were", "has", "have", "had", "be"):
        return title
    # "Ms. Lee and Mr. Diaz", "the coaches": who agree with "meet", not "meets"
    several = " and " in owner or "+" in owner or "&" in owner or re.search(r"\b[a-z]+[^s\W]s$", owner) is not None
    if several == (verb.endswith("s") and not verb.endswith("ss")) or len(m.group("rest").split()) < 2:
        return title  # "Ms. Kim's team …", "… Mr. Liu plans": not a verb agreeing with the owner
    return f"{_base(verb) if not several else verb}{m.group('rest')}"


_TIME_LEAD = re.compile(
    r"(?:(?:after|before)\s+(?=every|each))?(?:every|each|once\s+a|twice\s+a|on|at\s+the\s+(?:end|start|beginning)\s+of"
    r"(?:\s+each)?)\s+[\w-]+,?\s+",
    re.IGNORECASE,
)
# the verb after an owner at a title's head: "… does …", "… co-chair …", "… runs …", "… also leads …"
_VERB_AFTER_OWNER = re.compile(
    r"(?:\s*\([^)]{1,40}\))?\s+(?:also\s+|will\s+)?(?P<verb>(?:co-)?(?:[a-z]{2,}(?<!ly)))\b(?P<rest>\s+(?:the|a|an|"
    r"our|their|his|her|each|every|all|\d|1:1|[a-z]+).*)$",
    re.DOTALL,
)


def polish_title(title: str, owner: str | None) -> str:
    """The last touches on a drafted title: the owner named again at its end (", ms. okafor", "(owner: Ms. Tran)",
    ", luis presents") is left to the owner column, and a group doing the work at its head ("The data team reviews
    dibels biweekly") gives way to the imperative ("Review dibels biweekly")."""
    field = _ACTION_FIELD.search(title)
    if field is not None:  # "Frequency: quarterly | Owner: … | Action: family advisory council meetings": the work
        title = field.group("work")
    out = _PICTURES.sub("", _OWNER_NOTE.sub("", title)).strip()
    out = re.sub(r"\s*\(\s*\)|(?<=,)\s*,", "", out)  # "… sped coord ( ) for…", "…, , antes": where the owner was
    out = re.sub(r"^[\s|→➡\ufe0f]+|[\s|]+$", "", out)  # "6th gr team | number talks PD |": the owner's cell
    # "…observed once a week by during session weeks": the "by" of an owner taken out of the middle
    out = re.sub(r"\s+by(?=\s+(?:during|each|every|at|on)\b|\s*[,;]|\s*$)", "", out)
    out = _without_dangling_with(out)
    if owner:
        names = {w.lower().strip(".,()") for w in owner.split()} - _GENERIC_OWNER_WORDS
        names = {w for w in names if len(w) > 2}
        m = _TRAILING_CLAUSE.match(out)
        if m and names and len(m.group("tail").split()) <= 6:
            tail = [w.lower().strip(".,()&+") for w in m.group("tail").split()]
            # Only a tail that is the owner (and a word of who does what) goes: "…, kowalski again", "…, luis
            # presents"; "…, demo lesson by ms. farah" keeps what it says.
            other = [w for w in tail if w and w not in names and w not in _OWNER_TAIL_WORDS]
            if names & set(tail) and len(other) <= 1:
                out = m.group("head").rstrip(" ,;:-–—(")
    if owner:
        out = _owner_at_head(out, owner)
    m = _GROUP_AT_HEAD.match(out)
    if m:
        verb = m.group("verb")
        low = verb.lower()
        singular = m.group("one") is not None
        if low not in _NOT_A_VERB and (not singular or (low.endswith("s") and not low.endswith("ss"))):
            imperative = _base(verb) if singular else low
            rest = m.group("rest")
            if len(rest.split()) >= 1:
                out = imperative + rest
    # "Meet monthly and runs a protocol": a second verb follows the first into the imperative.
    out = re.sub(
        r"\b(and|then)\s+([a-z]+[^s\W]s)(?=\s+(?:a|an|the|our|their|it|them|each|every|\d))",
        lambda v: f"{v.group(1)} {_base(v.group(2))}",
        out,
    ).strip(" ,;")
    return out[:1].upper() + out[1:] if out else title


# Marks of a chat or a shared doc: "**bold**", a struck-out word ("~~friday~~ thursday"), a check mark.
_STRUCK = re.compile(r"~~[^~]{0,80}~~\s*")
_MARKUP = re.compile(r"\*\*|[\u2705\u2714\u2611\u2713]\ufe0f?")
# "__two words__" is bold; a single "__init__" may be a name the team typed, and stays.
_UNDERLINED = re.compile(r"(?<!\w)__(?=\S)([^_\s]+(?:\s+[^_\s]+){1,12})(?<=\S)__(?!\w)")
# Where a long title can end: before an aside in brackets, a clause after a comma, or "and"/"so"/"with" + more.
_LATE_BREAK = re.compile(r"\s*(?:\(|,\s|;\s|\s(?:and|so|but|with|plus|because)\s)")
_MIN_TITLE_WORDS = 5
_EMPTY_SLOTS = re.compile(r"(?:\s+/)+(?=\s+/\s)|(?:\s+/)+\s*$")
_ITEM_LABEL = re.compile(
    r"^(?:action\s+(?:item|step)|to-?do|next\s+step|item|task)\s*(?:#?\d+)?\s*[:=-]\s*", re.IGNORECASE
)
_SO_THEY = re.compile(r"\bso\s+(?:he|she|they)\s*(?:'ll|will|can|'s\s+going\s+to|is\s+going\s+to)\s+", re.IGNORECASE)


def _shorten(text: str) -> str:
    """At most TITLE_WORDS words, ending where a clause ends rather than mid-phrase where one is near."""
    words = text.split()
    if len(words) <= TITLE_WORDS:
        return text
    cut = " ".join(words[: TITLE_WORDS + 1])
    heads = [cut[: m.start()] for m in _LATE_BREAK.finditer(cut)]
    ends = [len(h) for h in heads if len(h.split()) >= _MIN_TITLE_WORDS and h.count("(") <= h.count(")")]
    if ends:
        return cut[: ends[-1]]
    return " ".join(words[:TITLE_WORDS])


def draft_title(text: str, owner_phrase: str | None, date_phrases: list[str]) -> str:
    """An imperative title of at most about 15 words, without the owner and date phrases."""
    out = " ".join(_MARKUP.sub("", _UNDERLINED.sub(r"\1", _STRUCK.sub("", text))).split())
    out = _LEADING_JUNK.sub("", out)
    out = _ITEM_LABEL.sub("", out)  # "Action item: all staff complete…"
    out = _FILLER.sub("", out)
    # "[Coach Dunn] is also our PE teacher so he'll run the mentoring": who they are, then the work.
    then = _SO_THEY.search(out)
    if then and re.match(r"(?:is|are|has|have)\b", out, re.IGNORECASE) and len(out[then.end() :].split()) >= 2:
        out = out[then.end() :]
    if owner_phrase:
        out = _drop_owner(out, owner_phrase)
        # ", led by Sam Ortiz," in the middle of the answer: the owner column says it.
        out = re.sub(
            r",?\s*\b(?:led|owned|run|coordinated|facilitated|organi[sz]ed|handled)\s+by\s+" + re.escape(owner_phrase),
            "",
            out,
            count=1,
            flags=re.IGNORECASE,
        )
    we = _WE.match(out)
    if we:
        out = out[we.end() :]
    for phrase in date_phrases:
        out = _remove(out, phrase)
    out = _BARE_DATE.sub("", out)
    out = _EMPTY_SLOTS.sub("", out)  # "ride times by school / Gus / by 10/22" without who and when
    cut = _BOUNDARY.search(out, 12)
    if cut:
        out = out[: cut.start()]
    out = _shorten(out)
    for _ in range(3):
        out = _TRAILING_JUNK.sub("", out)
    out = out.strip(" .").lstrip(":;,-–— ")  # "end of first semester: compare GPAs…" without its date
    if not out:
        return " ".join(text.split()[:TITLE_WORDS]).strip(" .")
    return out[0].upper() + out[1:]


_TOPIC_RULES = (
    # "Who will be responsible for coordinating fidelity assessments…" → "fidelity assessments"
    re.compile(
        r"^who\s+(?:will|should|is\s+going\s+to|can)\s+(?:be\s+(?:responsible\s+for|in\s+charge\s+of)\s+)?"
        r"(?:\w+ing\s+|\w+\s+(?:and\s+\w+\s+)?)(?P<topic>[^?.;:]+)",
        re.IGNORECASE,
    ),
    re.compile(r"^.*?\bwho\s+is\s+responsible\s+for\s+(?P<topic>[^?.;:]+)", re.IGNORECASE),
    # "What will be the structure or protocol for reviewing this data?"
    re.compile(r"^what\s+will\s+be\s+(?P<topic>[^?.;:]+)", re.IGNORECASE),
    # "How will implementation criteria be shared with staff?"
    re.compile(r"^how\s+will\s+(?!leadership\b)(?P<topic>[^?.;:]+?)\s+be\s+\w+(?:ed|en)\b", re.IGNORECASE),
    # "What resources are needed…", "What data will be collected…"
    re.compile(
        r"^what\s+(?P<topic>[^?.;:]+?)\s+(?:will|are|is|do|does|need|needs)\b(?:\s+\w+){0,3}?\s*(?:needed|need|"
        r"collected|used|developed|refined)?",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:identify|create|develop|define)\s+(?P<topic>[^?.;:]+)", re.IGNORECASE),
)
_TOPIC_CUT = re.compile(
    r"\s+(?:for\s+the\s+program\s+or\s+practice|that\s+is\s+used|to\s+make\s+it\s+possible|to\s+accommodate|"
    r"to\s+support|to\s+improve|in\s+a\s+timely|and\s+its\s+implementation|with\s+staff|for\s+making)\b.*$",
    re.IGNORECASE,
)
TOPIC_WORDS = 8


def question_topic(question: str | None) -> str | None:
    """What a guiding question asks about, as a noun phrase: "the structure or protocol for reviewing the data"."""
    if not question:
        return None
    first = re.split(r"(?<=[?.])\s+|\n", question.strip())[0]
    for rule in _TOPIC_RULES:
        m = rule.match(first)
        if m is None:
            continue
        topic = _TOPIC_CUT.sub("", m.group("topic").strip(" ,"))
        topic = re.sub(r"\((?:[^)]*)\)\s*", "", topic).strip()
        topic = re.sub(r"^(?:this|that|those|these)\b", "the", topic, flags=re.IGNORECASE)
        topic = re.sub(r"\b(?:this|that|those|these)\s+(?=\w)", "the ", topic, flags=re.IGNORECASE)
        words = topic.split()
        if 1 <= len(words) <= TOPIC_WORDS and not re.match(r"(?:leadership|we|you|it)\b", topic, re.IGNORECASE):
            if not re.match(r"(?:the|a|an|our|their)\b", topic, re.IGNORECASE) and not words[0][:1].isupper():
                topic = f"the {topic}"
            return topic
    return None


_PRONOUN_OBJECT = re.compile(
    r"^(?P<verb>[A-Za-z-]+(?:\s+(?:up|out|over|back|through|at|into|about|on|to))?)\s+"
    r"(?P<pronoun>it|them|those|these|both|that|this)\b(?!\s+(?:is|are|was|were|will|would)\b)",
    re.IGNORECASE,
)


def with_topic(title: str, question: str | None) -> str:
    """ "Draft it" for "What will be the structure or protocol for reviewing this data?" →
    "Draft the structure or protocol for reviewing the data": a plan line says what, not "it"."""
    m = _PRONOUN_OBJECT.match(title)
    topic = question_topic(question) if m else None
    if m is None or topic is None:
        return title
    return f"{title[: m.start('pronoun')]}{topic}{title[m.end('pronoun') :]}"


# "every 3 weeks", "2x a month", "weekly": how often, which the plan shows as the action's rhythm
_CADENCE = re.compile(
    r"(?:\s*,\s*|\s+)(?:(?:on\s+)?(?:every|each)\s+(?:other\s+)?(?:\d+\s+|two\s+|three\s+|four\s+|six\s+)?"
    r"(?:days?|weeks?|months?|quarters?|semesters?|years?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?)|"
    r"(?:bi-?)?weekly|monthly|quarterly|daily|annually|yearly|once\s+(?:a|per)\s+(?:week|month|quarter|year)|"
    r"twice\s+(?:a|per)\s+(?:week|month|quarter|year)|[1-9]\s*x\s*(?:a|per|/)\s*(?:week|month|year)|"
    r"\d+\s+times\s+(?:a|per)\s+(?:week|month|year))\b(?=\s*(?:[,.;]|$|\s+(?:and|to|for|with|w/|in|at|on)\b))",
    re.IGNORECASE,
)


def without_cadence(title: str) -> str:
    """The title without how often the work repeats: "Coach paras in the classroom every 3 weeks" → "Coach paras in
    the classroom". Kept when taking it out would leave fewer than three words."""

    def drop(m: re.Match[str]) -> str:
        before = title[: m.start()]
        if re.search(r"\bof$", before) or len(before.split()) < 2:
            return m.group()  # "the 1st wed of every month", "Meet every month, …": the rhythm is the work's sense
        return ""

    out = _CADENCE.sub(drop, title).strip(" ,;")
    out = _without_dangling_with(re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", out)))
    return out if len(out.split()) >= 3 else title


def _without_dangling_with(title: str) -> str:
    """ "Meet with to review the logs": the "with" of someone taken out to the owner column goes too."""
    return re.sub(r"\s+(?:with|w/)(?=\s+to\b|\s*[,;]|\s*$)", "", title)


# "How will you make sure that: Individuals accountable for selection understand…?": the practice the question asks for
_HOW_WILL = re.compile(
    r"^\s*how\s+will\s+(?:you|we|your\s+team)\s+(?P<verb>make\s+sure|ensure|know|check|decide|support|build|develop|"
    r"use|monitor|communicate|engage|share|involve|measure|track|plan)\b\s*(?:that)?\s*:?\s*(?P<rest>[^?]+)",
    re.IGNORECASE,
)


# "What will be the process for leadership to assess coaching effectiveness quarterly…": the work the process does
_WHAT_PROCESS = re.compile(
    r"^\s*what\s+(?:will\s+be|is|are)\s+(?:the|your)\s+(?P<kind>process|plan|structure|protocol|procedures?|steps?)\s+"
    r"(?:or\s+\w+\s+)?(?:for\s+(?:[\w-]+\s+){1,3}?to\s+|for\s+|to\s+)(?P<rest>[^?:;]+)",
    re.IGNORECASE,
)


def practice_title(question: str | None) -> str | None:
    """A plan title for what a guiding question asks the team to do: "Make sure individuals accountable for selection
    understand the skills…" for "How will you make sure that: Individuals accountable for selection understand…?";
    the question's topic otherwise; None when neither can be read."""
    if not question:
        return None
    m = _HOW_WILL.match(question)
    process = _WHAT_PROCESS.match(question)
    if m is not None:
        rest = m.group("rest").strip(" .:")
        out = f"{m.group('verb').lower()} {rest[:1].lower()}{rest[1:]}"
    elif process is not None:
        rest = process.group("rest").strip(" .:")
        first = rest.split()[0].lower()
        out = f"set up the {process.group('kind').lower()} for {rest}" if first.endswith("ing") else rest
    else:
        topic = question_topic(question) or ""
        out = topic if len(topic.split()) >= 3 else ""  # "the data" says too little to be the plan's line
    out = _shorten(" ".join(out.split())).strip(" ,;:")
    return out[:1].upper() + out[1:] if out else None
