"""The units an answer is made of: a passage's sentences, with what a sentence cannot say alone put back.

"Lean In:" heads the words that say what leaning in is, and "Job descriptions are:" leads into the list of what
they are. Alone, the label says nothing and the item says it of no one; an answer that quotes either misleads. A
label is joined to the sentence it names, a lead to its list items, so the unit says the whole thing and its quote
is the passage's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.knowledge.text import sentences

# Shorter sentences answer nothing alone ("Data are:", "Case example:").
MIN_CHARS = 26
# A lead and its items past this length are cut after the last whole item that fits.
MAX_CHARS = 520
_LEAD_END = re.compile(r":$")
_BULLET_START = re.compile(r"[-•▪●◦*]\s+|o\s+")
_ITEM_LINK = re.compile(r"(?:[;,]|\band|\bor)$", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\s*\n\s*(?:[-•▪●◦*]\s+)?")


@dataclass(frozen=True)
class Unit:
    shown: str
    # The passage's own words, as written there (a list keeps its line breaks).
    quote: str
    # The lead and its items, when the unit is a lead and its list; empty for a single sentence.
    parts: tuple[str, ...] = ()


def shown(quote: str) -> str:
    """A quote as an answer shows it: on one line, without list markers."""
    return _LINE_BREAK.sub(" ", quote).strip()


def _located(text: str) -> list[tuple[str, int, int, bool]]:
    """Each sentence with its span in `text` and whether it starts a line (a list item does)."""
    out = []
    cursor = 0
    for sentence in sentences(text):
        start = text.find(sentence, cursor)
        if start < 0:
            continue
        end = start + len(sentence)
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        out.append((sentence, start, end, not before.strip() or bool(_BULLET_START.fullmatch(before))))
        cursor = end
    return out


def _is_item(sentence: str, previous: str, starts_line: bool, first: bool) -> bool:
    if first:
        return True
    return starts_line and (sentence[:1].islower() or bool(_ITEM_LINK.search(previous)))


def units(text: str) -> list[Unit]:
    """Every unit of a passage worth answering with, in the passage's order.

    A lead and its list also leave each of their sentences as a unit of its own, so an item that answers by
    itself can still lead an answer.
    """
    located = _located(text)
    out: list[Unit] = []
    for index, (sentence, start, end, _) in enumerate(located):
        if sentence == "Case example:":
            continue
        if _LEAD_END.search(sentence):
            last = end
            parts = [sentence]
            for following, _, item_end, starts_line in located[index + 1 :]:
                if following.endswith(":") or not _is_item(following, parts[-1], starts_line, last == end):
                    break
                if item_end - start > MAX_CHARS and last != end:
                    break
                last = item_end
                parts.append(following)
            if last != end:
                quote = text[start:last]
                out.append(Unit(shown(quote), quote, tuple(parts)))
            continue
        if len(sentence) >= MIN_CHARS:
            out.append(Unit(sentence, sentence))
    return out
