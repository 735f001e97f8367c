"""A first name doing the work: "jo writes the coaching plan", "jess and tom from the pbis team train…", and a given
name in the middle of a run-on ("…by oct 1 shawna and deb do the interviews")."""

from __future__ import annotations

import re

from assistant.understanding.given_names import given_name_positions
from assistant.understanding.named import _STATE_VERBS, capitalised_doer
from assistant.understanding.owner_words import (
    _COMMON_SUBJECTS,
    _GROUP_HEAD,
    _INTERJECTIONS,
    _NOT_VERBS,
    _PERSON,
    _ROLE_HEAD,
    OwnerFound,
)
from assistant.understanding.people import _NAME_STOP, _ROLE_VOCAB

_DOING = (
    r"(?:writes|drafts|makes|runs|leads|builds|does|sends|checks|sets\s+up|reviews|books|schedules|coordinates|"
    r"coaches|mentors|supports|oversees|manages|covers|audits|interviews|pilots|screens|surveys|co-plans|co-leads|"
    r"handles|owns|trains|presents|shares|updates|creates|plans|pulls|tracks|collects|hosts|facilitates|"
    r"organi[sz]es|designs|calls|emails|translates|gives|takes|texts|posts|prints|orders|compiles|observes|"
    r"models|visits|teaches|co-teaches|preps|prepares|contacts|invites|recruits|develops|monitors|analy[sz]es|"
    r"adjusts|revises|rewrites|reaches\s+out|puts\s+together|brings|walks|maps|picks|chooses|approves|"
    r"nominates|enters|logs|inputs|watches(?=\s+(?:each|every|the|all)\b)|gets|fixes|fills\s+out|keeps|tells|asks|helps|"
    r"buys|pays|attends|joins|greets|welcomes|follows\s+up|submits|uploads|delivers|distributes|"
    r"arranges|secures|writes|connects|assigns|refers|gathers|convenes|selects|"
    r"purchases|applies|celebrates|recognizes|publishes|hands\s+out|passes\s+out|maintains|"
    r"installs|rolls\s+out|demonstrates|interprets|"
    r"nominate|enter|log|write|draft|make|run|lead|build|do|send|check|set\s+up|review|book|schedule|"
    r"coordinate|handle|"
    r"own|train|present|share|update|create|plan|pull|track|collect|host|facilitate|design|meet|go|redo|propose|"
    r"revise|compare|decide|split|review|rewrite|draft|finalize|build|"
    r"will|'ll|(?:is|'s)\s+(?:gonna|going\s+to)|'s\s+(?:on\s+it|got\s+it|doing\s+it|handling\s+it)|"
    r"(?:is|are|'re)\s+(?:rewriting|writing|drafting|building|pulling|making|running|doing|leading|"
    r"setting\s+up|putting\s+together|handling|taking|planning|organi[sz]ing|coordinating|on\s+it))\b"
)
_FIRST_NAME = re.compile(
    rf"(?:(?:our|the)\s+(?:[\w-]+\s+){{0,2}}(?P<role>{_ROLE_HEAD})\s+)?(?P<name>[a-z](?:[a-z-]|'(?!(?:ll|s|d|re|ve|m)\b)){{1,14}})(?![\w'])(?:\s*\((?P<paren>[^)]{{1,40}})\))?"
    rf"(?P<with>\s+(?:and|&|\+)\s+(?:(?:the|our)\s+)?(?:(?:two|three|\d)\s+(?:of\s+the\s+)?)?"
    rf"(?:{_PERSON}|[\w-]+(?:\s+[\w-]+)?\s+{_GROUP_HEAD}|{_GROUP_HEAD}|(?P<second>[a-z][a-z'-]{{1,14}})))?"
    rf"(?:\s+(?:in|from|at|on)\s+(?:the\s+)?[\w&]+(?:\s+[\w&]+){{0,2}})?"
    rf"\s+(?:also\s+|then\s+|double[- ]?)?(?P<verb>{_DOING})"
)
_NOUN_PLURALS = frozenset(
    "calls visits texts emails posts checks reviews updates plans walks talks shares hosts trains runs reports "
    "notes books orders meets sessions designs models maps picks tracks collects pulls drafts writes mentors coaches "
    "leads surveys".split()
)
_COMPOUND_NOUN = re.compile(r"\s*(?:[,.;:+&]|$|(?:to|for|with|from|on|about|in|at|of|and|are|were|go|happen)\b)", re.I)
_CAPITALISED = re.compile(r"[A-Z][a-z'-]+(?:\s+(?:\+|&|and)\s+[A-Z][a-z'-]+)?\s+[a-z]")


def _first_name_subject(text: str, position: int) -> OwnerFound | None:
    m = _FIRST_NAME.match(text, position)
    if m is None and _CAPITALISED.match(text, position):  # "Hank calls the employers", "Rosa logs every referral"
        m = _FIRST_NAME.match(text[:position] + text[position:].lower(), position)
    if m is None:
        return None
    name = m.group("name")
    if _COMPOUND_NOUN.match(text, m.end("verb")) and m.group("verb").lower() in _NOUN_PLURALS:
        return None  # "phone calls to every family", "home visits for newcomers": a thing, not a person doing it
    base_verb = not re.search(r"(?:s|es|will|'ll|ing|on\s+it)$", m.group("verb"))
    if (base_verb and not m.group("with")) or "-" in name:
        return None  # "network lead team agrees", "look-fors go on a card": a noun, not a person
    if name in _COMMON_SUBJECTS or name.endswith(("ing", "tion", "ment", "ness", "ity", "ers", "ies")):
        return None
    if name in _NAME_STOP or name in _ROLE_VOCAB:
        return None
    owner = name[:1].upper() + name[1:]
    second = m.group("second")
    if second is not None:  # "jess and tom from the pbis team train…": two first names
        if second in _COMMON_SUBJECTS | _INTERJECTIONS or second in _NAME_STOP or second in _ROLE_VOCAB:
            return None
        return OwnerFound(
            f"{owner} and {second[:1].upper()}{second[1:]}",
            m.group("paren") or m.group("role"),
            (m.start(), m.start("verb")),
            verb=m.group("verb").lower(),
        )
    if m.group("with"):
        owner += re.sub(r"\s*\+\s*", " and ", m.group("with"), count=1)
    role = m.group("paren") or m.group("role")
    return OwnerFound(owner, role, (m.start(), m.start("verb")), verb=m.group("verb").lower())


_NOT_A_DOER_AFTER = re.compile(
    r"(?:\b(?:with|w/|for|to|from|by|of|at|on|about|ask|tell|call|email|text|help|and|or|&|\+|coach|ms|mr|mrs|mx|"
    r"dr|miss|mister|doctor|prof|principal|director|superintendent|supt|dean|nurse|counselor|ap|vp|teacher)|"
    r"[A-Za-z]\.|['(])\s*$",
    re.IGNORECASE,
)


# "Gary reports open work orders…": a given name, then any verb in -s and what it acts on
_ANY_VERB = re.compile(r"[A-Za-z][\w'-]*\s+(?:also\s+|then\s+|now\s+)?(?P<verb>[a-z]{3,}s)\s+(?=[a-z0-9$+])")


def given_name_doing(text: str) -> OwnerFound | None:
    """A given name doing the work where no other rule saw it: in the middle of a run-on, with no comma or "and"
    before it ("after each star window deb and ray pull the scores", "… marcus runs it"), or with a verb no list
    holds ("Gary reports open work orders…")."""
    for position in given_name_positions(text):
        if position > 0 and _NOT_A_DOER_AFTER.search(text, 0, position):
            continue
        found = _first_name_subject(text, position) if position > 0 else None
        if found is None and position > 0:
            doer = capitalised_doer(text[:position] + text[position].upper() + text[position + 1 :], position)
            found = OwnerFound(doer[0], None, doer[2], verb=doer[1]) if doer is not None else None
        if found is None:
            found = _any_verb(text, position)
        if found is not None:
            return found
    return None


def _any_verb(text: str, position: int) -> OwnerFound | None:
    m = _ANY_VERB.match(text, position)
    if m is None:
        return None
    verb = m.group("verb")
    goes = verb == "goes" and re.match(r"\s*(?:thru|through|over|to)\b", text[m.end("verb") :]) is not None
    if verb in _NOT_VERBS or (verb in _STATE_VERBS and not goes) or verb.endswith(("ss", "us", "is", "ings")):
        return None  # "joaquin goes through the logs" is work; "deb gets…" may be who is served
    name = text[position : m.start("verb")].split()[0]
    return OwnerFound(name[:1].upper() + name[1:], None, (position, m.start("verb")), verb=verb)
