"""Query expansion from the curated lexicon: a team's words mapped to the words the guidance uses."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.config import get_settings
from assistant.knowledge.curated import load_yaml


@lru_cache(maxsize=4)
def _entries(path: Path) -> tuple[tuple[re.Pattern[str], str], ...]:
    if not path.is_file():
        return ()
    data = load_yaml(path) or []
    out = []
    for entry in data:
        says = sorted((str(word) for word in entry.get("says", [])), key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w.lower()) for w in says) + r")(?![\w-])")
        out.append((pattern, " ".join(str(word) for word in entry.get("means", []))))
    return tuple(out)


def expand(query: str, path: Path | None = None) -> str:
    """The source words that the query's everyday words stand for ("" when none apply)."""
    lowered = query.lower()
    entries = _entries(path or get_settings().knowledge_base / "lexicon.yaml")
    return " ".join(means for pattern, means in entries if pattern.search(lowered))
