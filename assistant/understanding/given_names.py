"""Given names a team types in lowercase, read as people: "deb and ray pull the scores", "…by oct 1 shawna and
deb do the interviews". The list ships with the package (`assistant/resources/given_names.txt`): census first
names that are no English word, so "grant", "will" and "may" stay words."""

from __future__ import annotations

import re
from functools import cache

from assistant import resources


@cache
def _names() -> frozenset[str]:
    try:
        text = resources.shipped("given_names.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()  # no list shipped: only names the rules recognise by their shape are read
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_given_name(word: str) -> bool:
    """Whether `word` is a given name that is no English word ("deb", "Marcus"; not "grant")."""
    return word.lower() in _names()


# "deb", "Marcus", and "DeShawn" or "LaToya" with the capital inside
_WORD = re.compile(r"(?<![\w'.@/-])[A-Za-z][a-z'-]{1,4}(?:[A-Z][a-z'-]{2,10}|[a-z'-]{1,10})(?![\w'@/-])")


def given_name_positions(text: str) -> list[int]:
    """Where a given name starts in `text`, in order."""
    return [m.start() for m in _WORD.finditer(text) if is_given_name(m.group())]
