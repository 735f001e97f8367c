"""Okapi BM25 over passages, with a light English stemmer so "coaches" finds "coaching"."""

from __future__ import annotations

import math
import re
from collections import Counter

_TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours us let lets get got say says said guidance sheet document
    documents tell
    """.split()
)


def stem(word: str) -> str:
    """A small suffix stripper: enough to join inflections without a language library."""
    for suffix, keep in (
        ("ational", 5),
        ("ations", 4),
        ("ation", 4),
        ("ments", 4),
        ("ment", 4),
        ("ings", 4),
        ("ing", 4),
        ("ies", 3),
        ("ied", 3),
        ("ers", 4),
        ("er", 4),
        ("ed", 4),
        ("es", 4),
        ("ly", 4),
        ("s", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)]
            if suffix in {"ies", "ied"}:
                word += "y"
            break
    return word


def tokenize(text: str) -> list[str]:
    return [stem(token) for token in _TOKEN.findall(text.lower()) if token not in STOPWORDS]


class BM25:
    def __init__(self, documents: list[str], k1: float = 1.4, b: float = 0.6) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(tokenize(doc)) for doc in documents]
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.avg_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def scores(self, query: str, expansion: str = "", expansion_weight: float = 0.4) -> list[float]:
        """BM25 of the query, plus the expansion terms (words the query stands for) at a lower weight."""
        weights: dict[str, float] = {}
        for term in tokenize(expansion):
            if term in self.idf:
                weights[term] = expansion_weight
        for term in tokenize(query):
            if term in self.idf:
                weights[term] = 1.0
        out = []
        for doc, length in zip(self.docs, self.lengths, strict=True):
            score = 0.0
            norm = self.k1 * (1 - self.b + self.b * length / (self.avg_length or 1))
            for term, weight in weights.items():
                tf = doc.get(term, 0)
                if tf:
                    score += weight * self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            out.append(score)
        return out

    def known_terms(self, query: str) -> list[str]:
        return [term for term in tokenize(query) if term in self.idf]
