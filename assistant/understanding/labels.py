"""An answer that opens with a label for the work and then says who does it: "**Coaching cycles** coach bell and ms
ortiz run them every 3 weeks", "Family night: the PTA hosts it in march". The label names the work the clause's "them"
or "it" stands for, so the answer is read as "coach bell and ms ortiz run coaching cycles every 3 weeks"; a label
in bold over a clause that names other work is a heading, and the clause is read on its own."""

from __future__ import annotations

import re

from assistant.understanding.owners import find_owner

_LABEL = re.compile(
    r"^\W{0,3}?(?:\*\*|__)(?P<bold>[^*_\n]{2,60}?)(?::\s*)?(?:\*\*|__):?\s+(?P<rest>\S.*)$"
    r"|^\s*(?P<plain>[A-Za-z][\w '&/+-]{1,40}?):\s+(?P<rest2>\S.*)$",
    re.DOTALL,
)
_SAYS = re.compile(r"\b(?:is|are|was|were|needs?|has|have|will|do|does|did|should|must|can)\b|'s\b", re.IGNORECASE)
_STANDS_FOR = re.compile(r"\b(?:them|it|those|these|this|both)\b", re.IGNORECASE)
# words that open a line of minutes with something other than the work: "Owner: …", "Q: …", "Note: …"
_NOT_WORK = re.compile(
    r"(?:owners?|leads?|who|when|due|deadline|notes?|q|question|update|status|idea|next\s+steps?|action(?:\s+item)?s?|"
    r"todo|to\s+do|re|fyi|ps|p\.s|agenda|goal|why|how|what|plan)",
    re.IGNORECASE,
)


def unlabelled(text: str) -> str:
    """The answer with its opening label put where the clause refers to it, or dropped as a heading."""
    if "\n" in text.strip():
        return text
    m = _LABEL.match(text)
    if m is None:
        return text
    label = (m.group("bold") or m.group("plain") or "").strip(" :")
    rest = m.group("rest") or m.group("rest2") or ""
    if _NOT_WORK.fullmatch(label) or find_owner(label) is not None or len(label.split()) > 6 or _SAYS.search(label):
        return text
    doer = find_owner(rest)
    if doer is None or doer.alone or doer.span[0] > 3 or not doer.verb:
        return text
    after_verb = rest.find(doer.verb, doer.span[1])
    stands = _STANDS_FOR.search(rest, after_verb if after_verb >= 0 else doer.span[1])
    if stands is None or stands.start() - doer.span[1] > 40:
        return rest if m.group("bold") else text  # a bold heading over the work; a plain one is read as typed
    work = label if re.match(r"[A-Z]{2,}\b", label) else label[:1].lower() + label[1:]
    return f"{rest[: stands.start()]}{work}{rest[stands.end() :]}"
