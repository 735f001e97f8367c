"""Text and Markdown documents: their bytes decoded, then read into an outline (Markdown through the one reader in
`assistant.knowledge.markdown`)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from assistant.errors import DocumentError
from assistant.knowledge import markdown
from assistant.knowledge.markdown import list_item
from assistant.knowledge.outline import Outline, label
from assistant.knowledge.text import clean_line

_ENDS_SENTENCE = re.compile(r"[.!?…][\"')\]”’]*$")


def decode_text(path: Path, data: bytes) -> str:
    # Windows tools save "Unicode" text as UTF-16 with a byte-order mark; its NUL bytes are not binary junk.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DocumentError(
            f"{label(path)} contains binary data, not text; "
            "if it is a Word or PDF document, give it the .docx or .pdf extension."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Windows editors write cp1252; its five unassigned bytes are replaced rather than fatal.
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    if controls > max(8, len(text) // 20):
        raise DocumentError(
            f"{label(path)} contains binary data, not text; "
            "if it is a Word or PDF document, give it the .docx or .pdf extension."
        )
    return text


def markdown_outline(path: Path, text: str) -> Outline:
    outline = Outline(path)
    for block in markdown.blocks(text):
        if block.kind == "heading":
            outline.heading(block.level, markdown.inline(block.text))
        elif block.kind == "row":
            outline.add(markdown.table_row(block.text))
        elif block.kind == "code":
            outline.add(block.text)
        else:
            outline.add(markdown.inline(block.text))
    return outline


def _text_heading(lines: list[str]) -> tuple[int, str] | None:
    """A heading when a block opens with an ALL-CAPS line or a short title-like line ending in ':'."""
    first = lines[0].strip()
    if list_item(first) is not None or _ENDS_SENTENCE.search(first):
        return None
    letters = [char for char in first if char.isalpha()]
    if len(first) <= 80 and len(letters) >= 2 and all(char.isupper() for char in letters):
        return 1, first
    if first.endswith(":") and len(first) <= 60 and not re.search(r"[.!?;]", first[:-1]):
        words = first[:-1].split()
        significant = [word for word in words if len(word) > 3]
        # "The team will:" introduces a list; "Action Steps:" names a section.
        title_like = all(word[:1].isupper() for word in significant)
        if words and len(words) <= 8 and (len(lines) == 1 or title_like):
            return 2, first[:-1]
    return None


def text_outline(path: Path, text: str) -> Outline:
    outline = Outline(path)
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = clean_line(raw)
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    for lines in blocks:
        if not lines:
            continue
        heading = _text_heading(lines)
        if heading is not None:
            outline.heading(*heading)
            lines = lines[1:]
        _add_lines(outline, lines)
    return outline


def _add_lines(outline: Outline, lines: list[str]) -> None:
    """Hard-wrapped prose is joined into paragraphs; a bullet or number starts a new item."""
    current: list[str] = []
    for line in lines:
        item = list_item(line)
        if item is not None:
            outline.add(" ".join(current))
            current = [item]
        else:
            current.append(line)
    outline.add(" ".join(current))


__all__ = ["decode_text", "markdown_outline", "text_outline"]
