"""Typed text made ready to read: invisible characters dropped, spaces and quotes folded, lengths capped.

Also the small span helpers every field reader shares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ANALYSIS_LIMIT = 5_000

# Invisible characters that only confuse matching or hide text: C0/C1 controls, zero-width space, direction
# overrides and isolates, BOM, lone surrogates. ZWJ/ZWNJ stay: emoji sequences and some scripts need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": " ", "\x0c": " "})
_H_SPACE = re.compile(r"[^\S\n]+")
_AROUND_NEWLINE = re.compile(r" ?\n[ \n]*")
# One character for one character, so spans found in the folded text are the same spans in the clean text.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = _INVISIBLE.sub("", text)
    text = _H_SPACE.sub(" ", text)
    return _AROUND_NEWLINE.sub("\n", text).strip()


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _prepare(text: str) -> tuple[str, str]:
    clean = _clean(text)
    return clean, clean[:ANALYSIS_LIMIT].translate(_FOLD)


def _phrase(clean: str, span: tuple[int, int]) -> str:
    return _cap(clean[span[0] : span[1]].strip(" ,:;."), 120)


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _skip(pattern: re.Pattern[str], s: str, p: int) -> int:
    m = pattern.match(s, p)
    return m.end() if m else p
