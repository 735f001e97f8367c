"""Retrieval metrics over gold phrases: a retrieved text is relevant when it contains a gold phrase."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from assistant.knowledge.text import normalize


def matched_ranks(texts: Sequence[str], phrases: Sequence[str]) -> list[int | None]:
    """For each gold phrase, the 1-based rank of the first retrieved text containing it (None if absent)."""
    normalized = [normalize(text) for text in texts]
    out: list[int | None] = []
    for phrase in phrases:
        needle = normalize(phrase)
        out.append(next((i + 1 for i, text in enumerate(normalized) if needle in text), None))
    return out


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr_at(ranks: Sequence[int | None], k: int) -> float:
    best = min((r for r in ranks if r is not None and r <= k), default=None)
    return 1.0 / best if best else 0.0


def ndcg_at(ranks: Sequence[int | None], k: int) -> float:
    """Binary gain; each gold phrase counts once, at the first rank that contains it."""
    gains = {r for r in ranks if r is not None and r <= k}
    dcg = sum(1.0 / math.log2(r + 1) for r in gains)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(ranks), k)))
    return dcg / ideal if ideal else 0.0


_CITATION = re.compile(r"\s*\[\d+\]")
# A first sentence shorter than this that sits inside a gold phrase is too little to count as the answer.
MIN_FRAGMENT = 30


def first_sentence(answer: str) -> str:
    """The answer up to its first citation mark, or up to its first full stop when it has none."""
    mark = _CITATION.search(answer)
    if mark:
        return answer[: mark.start()].strip()
    stop = re.search(r"[.!?](\s|$)", answer)
    return answer[: stop.end()].strip() if stop else answer.strip()


def answers_first(answer: str, phrases: Sequence[str]) -> bool:
    """Whether the answer's first sentence holds a gold phrase, or is itself a long enough part of one.

    A gold phrase can run past the end of the sentence that answers (into a list that follows a colon), so a
    first sentence that is a substantial piece of a gold phrase counts as well.
    """
    sentence = normalize(first_sentence(answer)).rstrip(".;:,!? ")
    if not sentence:
        return False
    for phrase in phrases:
        needle = normalize(phrase).rstrip(".;:,!? ")
        if needle in sentence or (len(sentence) >= MIN_FRAGMENT and sentence in needle):
            return True
    return False
