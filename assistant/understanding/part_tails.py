"""Words said once for every part of a split answer: who owns them all ("…, the university partner runs them") and
when they are all due ("…, both by jan 22")."""

from __future__ import annotations

import re

_OWNER_TAIL = re.compile(
    r",\s*(?P<tail>(?:(?:led|run|owned|organi[sz]ed|coordinated|scheduled)\s+by\s+[^,.;]{2,40}|"
    r"(?:[^,.;]|(?<=\b(?:Mr|Ms|Dr|Mx))\.|(?<=\bMrs)\.){2,40}?\s+(?:runs|leads|schedules|owns|organi[sz]es|coordinates|handles|books|does|sets\s+up)\s+"
    r"(?:both|them|all(?:\s+of\s+(?:them|these))?|these|those)\b))\s*(?:[.;]|$)",
    re.IGNORECASE,
)


def _owner_for_all(parts: list[str]) -> list[str]:
    """ "…, the university partner runs them", "…, led by the coaching coordinator": who owns every piece listed."""
    tail = _OWNER_TAIL.search(parts[-1])
    if tail is None:
        return parts
    return [f"{part.rstrip(' ,;.')}, {tail.group('tail')}" for part in parts[:-1]] + [parts[-1]]


_BOTH_WHEN = re.compile(
    r"(?:[,;]\s*|^)(?:both|all(?:\s+of\s+(?:them|these|it))?|each)\s+(?:done\s+|due\s+)?(?P<when>"
    r"(?:by|before|on|in|starting|every|each|due|thru|through|until)\b[^.;!?]{2,60})$",
    re.IGNORECASE,
)


def _shared_tail(parts: list[str]) -> list[str]:
    """ "ms. soto does spanish, mr. haddad does arabic, both by jan 22": a time said of all the parts at the end
    belongs to each of them."""
    if len(parts) < 2:
        return parts
    tail = _BOTH_WHEN.search(parts[-1])
    if tail is None or len(parts[-1][: tail.start()].split()) < 2:
        return parts
    when = tail.group("when").strip()
    parts = [*parts[:-1], parts[-1][: tail.start()].rstrip(" ,;")]
    return [f"{part.rstrip(' ,;.')} {when}" for part in parts]
