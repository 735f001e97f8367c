"""The outline every document format is read into (sections under their heading paths, units of text in each),
the limits on it, and its packing into passages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import DocumentError
from assistant.knowledge.curated import detect_driver
from assistant.knowledge.text import PASSAGE_CHARS, RUNAWAY_CHARS, clean_line, passage_id, split_long
from assistant.models import Passage, PassageKind

MAX_CHARS = 5_000_000
# About ten times what 5 million characters of prose make; more means a file of one-word sections.
MAX_PASSAGES = 50_000
# A heading longer than this is a paragraph someone styled as one; the section path repeats every heading.
MAX_HEADING_CHARS = 200

TARGET_CHARS = PASSAGE_CHARS
HARD_CHARS = RUNAWAY_CHARS
SEP = " › "

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")


def label(path: Path) -> str:
    """How a message names the document."""
    return str(path)


@dataclass
class Unit:
    """A paragraph, list item or table row: the smallest piece of text the chunker keeps together."""

    text: str
    first_page: int | None = None
    last_page: int | None = None


@dataclass
class Section:
    headings: tuple[str, ...]
    units: list[Unit] = field(default_factory=list)


@dataclass
class Outline:
    """Collects units under the heading path in force, starting a new section at every heading."""

    path: Path
    stack: list[tuple[int, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=lambda: [Section(())])
    chars: int = 0

    def heading(self, level: int, text: str) -> None:
        text = clean_line(text).rstrip(":").strip()
        if not text:
            return
        if len(text) > MAX_HEADING_CHARS:
            self.add(text)
            return
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text))
        section = Section(tuple(heading for _, heading in self.stack))
        # A heading with nothing under it yields no passage: replace it, so a file of headings stays small.
        if self.sections[-1].units:
            self.sections.append(section)
        else:
            self.sections[-1] = section

    def add(self, text: str, first_page: int | None = None, last_page: int | None = None) -> None:
        text = text.strip()
        if not text:
            return
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise DocumentError(
                f"{label(self.path)} has more than {MAX_CHARS:,} characters of text; split it into smaller documents."
            )
        self.sections[-1].units.append(Unit(text, first_page, last_page if last_page is not None else first_page))


def strip_controls(text: str) -> str:
    # A form feed is a page break in text files: keep it as a line break so words do not run together.
    return _CONTROL.sub("", text.replace("\f", "\n"))


# ---------------------------------------------------------------------------------------------- chunking


def _chunks(units: list[Unit]) -> Iterator[tuple[str, int | None, int | None]]:
    """Consecutive units packed into passages of at most TARGET_CHARS, a unit kept whole where it fits."""
    texts: list[str] = []
    size = 0
    first: int | None = None
    last: int | None = None
    for unit in units:
        pieces = [unit.text] if len(unit.text) <= TARGET_CHARS else split_long(unit.text, TARGET_CHARS, HARD_CHARS)
        for piece in pieces:
            if texts and size + 1 + len(piece) > TARGET_CHARS:
                yield "\n".join(texts), first, last
                texts, size = [], 0
            if not texts:
                first = unit.first_page
                size = len(piece)
            else:
                size += 1 + len(piece)
            texts.append(piece)
            last = unit.last_page
    if texts:
        yield "\n".join(texts), first, last


def _pages_label(first: int | None, last: int | None) -> str | None:
    if first is None:
        return None
    if last is None or last == first:
        return f"p. {first}"
    return f"pp. {first}–{last}"


def outline_passages(outline: Outline, stem: str, source: str) -> list[Passage]:
    kind = PassageKind.summary
    passages: list[Passage] = []
    seen: set[str] = set()
    for section in outline.sections:
        driver = detect_driver((stem, *section.headings))
        heading = section.headings[-1] if section.headings else None
        for text, first, last in _chunks(section.units):
            identifier = passage_id(source, kind.value, text)
            # A paragraph repeated verbatim (a boilerplate footer, a copied list) is indexed once.
            if identifier in seen:
                continue
            seen.add(identifier)
            if len(passages) >= MAX_PASSAGES:
                raise DocumentError(
                    f"{label(outline.path)} has more than {MAX_PASSAGES:,} sections and paragraphs; "
                    "split it into smaller documents."
                )
            parts = [stem, *section.headings]
            pages = _pages_label(first, last)
            if pages:
                parts.append(pages)
            passages.append(
                Passage(
                    id=identifier,
                    text=text,
                    source=source,
                    section=SEP.join(parts),
                    driver=driver,
                    kind=kind,
                    heading=heading,
                    order=len(passages),
                )
            )
    return passages


__all__ = [
    "HARD_CHARS",
    "MAX_CHARS",
    "MAX_HEADING_CHARS",
    "MAX_PASSAGES",
    "SEP",
    "TARGET_CHARS",
    "Outline",
    "label",
    "outline_passages",
    "strip_controls",
]
