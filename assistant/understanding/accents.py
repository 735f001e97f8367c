"""Names typed with accents ("Renée", "profe Báez", "mr. ó briain") read by rules written for plain letters: each
accented letter is read as its plain letter, one for one, so every span still points at what the team typed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache

from assistant.understanding.owner_words import OwnerFound


@cache
def _plain(char: str) -> str:
    if char.isascii():
        return char
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() and base.isalpha() else char


def fold_accents(text: str) -> str:
    """`text` with each accented letter as its plain letter; the same length, every other character kept."""
    return text if text.isascii() else "".join(_plain(c) for c in text)


_WORD = re.compile(r"\w+")


def with_accents(found: OwnerFound, text: str, folded: str) -> OwnerFound:
    """The owner read from the folded text, written with the accents the team typed."""
    typed = {folded[m.start() : m.end()].lower(): m.group() for m in _WORD.finditer(text) if not m.group().isascii()}

    def word(m: re.Match[str]) -> str:
        original = typed.get(m.group().lower())
        if original is None:
            return m.group()
        return original[:1].upper() + original[1:] if m.group()[:1].isupper() else original

    def restore(value: str | None) -> str | None:
        return _WORD.sub(word, value) if value is not None and typed else value

    return replace(found, owner=restore(found.owner) or found.owner, role=restore(found.role))
