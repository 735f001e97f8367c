"""How likely an answer is a question back or an unsure answer rather than work to record, learned from answers
teams typed ("do we have to include the bus drivers in this", "honestly the bigger issue is subs"). The reading's
rules decide first; this catches what they miss, and only when it is very sure."""

from __future__ import annotations

import re
from itertools import pairwise

from assistant.understanding.learned import likelihood, weights

WEIGHTS = "answer_kind.npz"
SURE = 0.8


def features(text: str) -> list[str]:
    low = text.lower().strip()
    words = re.findall(r"[a-z']+|\?|\d+", low)
    names = ["b", *("w=" + w for w in words), *("bi=" + a + "_" + b for a, b in pairwise(words))]
    names += ["first=" + "_".join(words[:1]), "first2=" + "_".join(words[:2]), "first3=" + "_".join(words[:3])]
    return [*names, f"q={int('?' in text)}", f"qend={int(low.endswith('?'))}", f"len={min(len(words) // 5, 6)}"]


def not_work(text: str) -> float:
    """The likelihood, from 0 to 1, that `text` asks or hesitates instead of saying what will be done."""
    trained = weights(WEIGHTS)
    if trained is None or not text.strip():
        return 0.0
    return likelihood(trained, features(text[:3000]))
