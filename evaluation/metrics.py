"""Retrieval metrics over gold phrases: a retrieved text is relevant when it contains a gold phrase."""

from __future__ import annotations

import math
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
