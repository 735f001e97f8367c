"""Who an answer most likely means as its owner, learned from answers teams typed: a token tagger for when no
rule reads an owner ("signe pulls the records…", "the guides meet about them…").

Each word is scored from its shape, its neighbours and where it sits in its clause (the subject before a verb, a
name after a dash); the words scored highest, with those next to them that score well enough, are the owner. The
weights are trained by `python -m evaluation.learned_readers` from the tuned dialogue sets only and ship with the
package; what this reads is always a guess the team is asked to confirm, never an owner written for sure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.understanding.given_names import is_given_name
from assistant.understanding.learned import likelihood, weights
from assistant.understanding.owner_words import _GROUP_HEAD, _NOT_VERBS, _ROLE_HEAD, THING_WORDS

TOKEN = re.compile(r"(?:Mr|Mrs|Ms|Mx|Dr|Supt|Sr|Sra)\.|[A-Za-z][\w'’.-]*\w|[A-Za-z]|\d[\w/.:-]*|[^\s\w]")
_PUNCT = re.compile(r"[^\w]")
_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Mx|Dr|Supt|Sr|Sra)\.")
_CLAUSE_WORDS = frozenset({"and", "then", "so", "but", "also"})
_JOIN = frozenset({"and", "+", "&", ","})
# what a score picks up that names nobody to ask about
_NOBODY = frozenset(
    "we i us me you they them it he she this that these those everyone everybody someone somebody anyone nobody "
    "who whoever all each every both our their my his her its".split()
)
WEIGHTS = "owner_tagger.npz"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    score: float


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _shape(word: str) -> str:
    if _TITLE.fullmatch(word):
        return "T."
    if word[0].isdigit():
        return "d"
    if _PUNCT.fullmatch(word):
        return "p"
    if word.isupper() and len(word) > 1:
        return "XX"
    return "Xx" if word[0].isupper() else "x"


def features(words: list[str], i: int) -> list[str]:
    """The features of the `i`-th of `words` (the answer's tokens, as typed); a few neighbours are looked at, never
    the whole answer, so that scoring an answer stays linear in its length."""

    def at(j: int) -> str:
        return words[j].lower() if 0 <= j < len(words) else ("<s>" if j < 0 else "</s>")

    def shape(j: int) -> str:
        return _shape(words[j]) if 0 <= j < len(words) else ("<s>" if j < 0 else "</s>")

    k = i  # where the clause the word is in starts
    while k > 0 and not _PUNCT.fullmatch(words[k - 1]) and words[k - 1].lower() not in _CLAUSE_WORDS:
        k -= 1
    pos = min(i - k, 5)
    return [
        "b",
        "w=" + at(i),
        "sh=" + shape(i),
        "s3=" + at(i)[-3:],
        "s2=" + at(i)[-2:],
        "p1=" + at(i - 1),
        "n1=" + at(i + 1),
        "p2=" + at(i - 2),
        "n2=" + at(i + 2),
        "psh=" + shape(i - 1),
        "nsh=" + shape(i + 1),
        f"pos={pos}",
        "p1w=" + at(i - 1) + "|" + at(i),
        "wn1=" + at(i) + "|" + at(i + 1),
        "n1s3=" + at(i + 1)[-3:],
        "n2s2=" + at(i + 2)[-2:],
        "shp=" + shape(i - 1) + shape(i) + shape(i + 1),
        f"pos_sh={pos}{shape(i)}",
        f"n1s={int(at(i + 1).endswith('s') and len(at(i + 1)) > 3)}",
        f"n2s={int(at(i + 2).endswith('s') and len(at(i + 2)) > 3)}",
        "p3=" + at(i - 3),
        "n3=" + at(i + 3),
        "clause0=" + at(k),
        "prevpunct=" + (words[k - 1] if k > 0 else "<s>"),
    ]


def probabilities(trained: np.ndarray, toks: list[tuple[str, int, int]]) -> list[float]:
    words = [t[0] for t in toks]
    return [likelihood(trained, features(words, i)) for i in range(len(toks))]


def spans(toks: list[tuple[str, int, int]], probs: list[float], high: float = 0.5, low: float = 0.15) -> list[Span]:
    """Words scored at least `high`, grown over neighbours scored at least `low` and over "and", "+" or a comma
    that joins another word scored `high` ("Dr. Nguyen & the CAO")."""
    n, out, used = len(toks), [], set[int]()

    def joins(j: int, step: int) -> bool:
        return toks[j][0].lower() in _JOIN and 0 <= j + step < n and probs[j + step] >= high

    for i in sorted(range(n), key=lambda j: -probs[j]):
        if probs[i] < high or i in used:
            continue
        a = b = i
        while a > 0 and a - 1 not in used and (probs[a - 1] >= low or joins(a - 1, -1)):
            a -= 1
        while b + 1 < n and b + 1 not in used and (probs[b + 1] >= low or joins(b + 1, 1)):
            b += 1
        while a <= b and (toks[a][0].lower() in _JOIN or not toks[a][0][0].isalnum()):
            a += 1
        while b >= a and (toks[b][0].lower() in _JOIN or (not toks[b][0][0].isalnum() and toks[b][0] != ")")):
            b -= 1
        if a > b:
            continue
        used.update(range(a, b + 1))
        out.append(Span(toks[a][1], toks[b][2], max(probs[a : b + 1])))
    return out


_SPEAKER = frozenset("i i'll i'm i'd ill we we'll we're me my myself us".split())


# "I'd like one counselor from each district…", "maybe the coaches": how sure the team is, not who
_HEDGES = frozenset({"like", "maybe", "probably", "possibly", "perhaps", "just", "sure"})


def nobody(words: str) -> bool:
    """ "we", "I'll coach", "paying 4 PTA": the team itself or a doing, not someone named."""
    low = words.lower().replace("’", "'")
    first = low.split()[0] if low.split() else ""
    if words[:1].islower() and first.endswith("ly") and not is_given_name(first):
        return True  # "hopefully by spring", not "kelly"
    return low in _NOBODY or first in _SPEAKER | _HEDGES or (first.endswith("ing") and words[:1].islower())


def _thing(words: str) -> bool:
    """ "Safety Plan", "the Decision Memo": a document or a place, not who does the work."""
    last = re.findall(r"[a-z]+", words.lower())
    return bool(last) and last[-1] in THING_WORDS


# How sure the tagger must be before its pick is offered as a guess to confirm; chosen on two sets of answers its
# weights were not trained on (a guess is always asked about, never written for sure).
CONFIDENCE = 0.7


def learned_owner(text: str, confidence: float = CONFIDENCE) -> Span | None:
    """The span of `text` the tagger is surest names the owner, when it is at least `confidence` sure."""
    trained = weights(WEIGHTS)
    if trained is None or not text.strip() or len(text) > 2000:
        return None
    toks = tokens(text)
    found = [s for s in spans(toks, probabilities(trained, toks)) if s.score >= confidence]
    found = [s for s in found if not nobody(text[s.start : s.end]) and not _thing(text[s.start : s.end])]
    if not found:
        return None
    best = _shaped(text, max(found, key=lambda s: s.score))
    if best is None:
        return None
    article = re.search(r"(?:\b(?:the|our)\s+)$", text[: best.start], re.IGNORECASE)
    return Span(article.start(), best.end, best.score) if article else best  # "the wranglers", as said


def candidate_scores(text: str, candidates: list[tuple[int, int]]) -> list[float] | None:
    """How likely the tagger finds each span of `text` to name the owner (its best word's score); None without
    weights."""
    trained = weights(WEIGHTS)
    if trained is None or len(text) > 2000:
        return None
    toks = tokens(text)
    probs = probabilities(trained, toks)
    return [
        max((p for (_, a, b), p in zip(toks, probs, strict=True) if start <= a and b <= end), default=0.0)
        for start, end in candidates
    ]


# what the words picked run into past who they name: "Haverford posts…", "LMS finishes theirs", "(district pays)"
_DOING_AFTER_NAME = re.compile(r"(?<=[\w)])\s+(?:also\s+)?(?P<verb>[a-z]{3,}s)\b")
_ROLE_WORD = re.compile(rf"{_ROLE_HEAD}|{_GROUP_HEAD}", re.IGNORECASE)
_ASIDE_AT_END = re.compile(r"\s*\([^()]*\b[a-z]{3,}\b[^()]*\)$")
_PROPER_MORE = re.compile(r"(?:\s+(?-i:[A-Z][a-z]+)(?!\s*[.:]))+")  # "the Chief of Family| Engagement"
_TIME_NAMES = re.compile(
    r"\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE
)


def _shaped(text: str, span: Span) -> Span | None:
    """`span` trimmed of the doing and asides it ran into, and grown over the rest of a proper name it cut."""
    words = text[span.start : span.end]
    for doing in _DOING_AFTER_NAME.finditer(words):
        name = words[: doing.start()].split()[-1]
        verb = doing.group("verb")
        if (name[:1].isupper() or name.endswith(")")) and verb not in _NOT_VERBS and not _ROLE_WORD.fullmatch(verb):
            words = words[: doing.start()]
            break
    words = _ASIDE_AT_END.sub("", words).rstrip(" ,")
    if words.endswith(")") and words.count(")") > words.count("("):
        words = words[:-1]  # "me (Lorena)": the name inside the brackets
        if words.islower():
            return None  # "(district pays)": what an aside says, not who
    if not words or words.count("(") != words.count(")"):
        return None
    end = span.start + len(words)
    if re.search(r"\bof\s+(?-i:[A-Z])[a-z]+$", words):
        more = _PROPER_MORE.match(text, end)
        if more is not None and not _TIME_NAMES.match(more.group()):
            end = more.end()
    return Span(span.start, end, span.score)
