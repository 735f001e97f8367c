"""The one Markdown reader: a document's blocks (headings, paragraphs, list items, table rows, code) in order.

Both the bundled guidance (`sources.parse_markdown`, which types its passages by the blocks around them) and the
documents a district adds (`documents`, which packs blocks into passages under their headings) read Markdown
through `blocks`; each decides what a block means to it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from assistant.knowledge.text import clean_line

BlockKind = Literal["heading", "paragraph", "item", "row", "tab_row", "code"]

_LIST_ITEM = re.compile(r"^\s*(?:(?P<bullet>[-*+•▪●◦·‣–])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_CELL_RULE = re.compile(r":?-+:?")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_QUOTE_MARKS = re.compile(r"^\s*(?:>\s?)+")
# Each scan stops at the next opening bracket, backtick or '<', so no character is read from two starts.
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\](?:\([^()]*\)|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_CODE = re.compile(r"(?<!`)`+([^`]+)`+")
_UNDERSCORE = re.compile(r"(?<!\w)_{1,3}(?=\S)([^_]+?)(?<=\S)_{1,3}(?!\w)")
_STRIKE = re.compile(r"~~([^~]+)~~")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One block as written: inline markup is left for the reader of the block (see `inline`).

    `heading` has its `level`; `item` reads "- text" or "3. text" with its continuation lines; `row` is a pipe-table
    line other than the rule under its header; `tab_row` a tab-separated line (only when asked for); `code` the
    lines of a fenced block.
    """

    kind: BlockKind
    text: str
    level: int = 0


def list_item(line: str) -> str | None:
    """The item as it should read in a passage ("- text", "3. text"), or None when the line is no list item."""
    match = _LIST_ITEM.match(line)
    if match is None:
        return None
    body = _CHECKBOX.sub("", match.group("text"))
    marker = f"{match.group('number')}." if match.group("number") else "-"
    return f"{marker} {body}"


def inline(text: str) -> str:
    """Markdown inline markup to the words a reader sees."""
    # Each pattern only where its marker occurs: most lines have no markup, and a file of a million short
    # paragraphs must not pay for seven substitutions per line.
    if "[" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "~~" in text:
        text = _STRIKE.sub(r"\1", text)
    if "_" in text:
        text = _UNDERSCORE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    return clean_line(text)


def table_row(line: str) -> str:
    """A pipe-table row as one line of text, its cells joined by dashes."""
    cells = [inline(cell) for cell in line.strip().strip("|").split("|")]
    return " — ".join(cell for cell in cells if cell)


def _strip_html_comments(text: str) -> str:
    """Text without its <!-- comments -->; an unclosed comment is left as it is (no regex: it would be quadratic)."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def _heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and text ("## Title ##" → 2, "Title"), or None."""
    match = _HEADING.match(line)
    if match is None:
        return None
    text = line[match.end() :].strip(" \t")
    # A closing run of '#' counts only after a space: "# C#" keeps its '#'.
    body = text.rstrip("#")
    if body != text and (not body or body[-1] in " \t"):
        text = body.rstrip(" \t")
    return len(match.group(1)), text


def _table_rule(line: str) -> bool:
    """The |---|:---:| line under a table's header row."""
    cells = line.strip().strip("|").split("|")
    return all(_TABLE_CELL_RULE.fullmatch(cell.strip()) for cell in cells)


def blocks(text: str, *, tab_rows: bool = False) -> Iterator[Block]:
    """The blocks of a Markdown text; with `tab_rows`, a line holding a tab is a table row of its own."""
    text = _strip_html_comments(_FRONT_MATTER.sub("", text, count=1))
    paragraph: list[str] = []
    is_item = False
    fence: str | None = None
    code: list[str] = []

    def flush() -> Iterator[Block]:
        nonlocal is_item
        if paragraph:
            yield Block("item" if is_item else "paragraph", " ".join(paragraph))
            paragraph.clear()
        is_item = False

    for raw in text.splitlines():
        line = raw.rstrip()
        if fence is not None:
            if line.strip().startswith(fence):
                yield Block("code", "\n".join(code))
                code.clear()
                fence = None
            else:
                code.append(clean_line(line))
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            yield from flush()
            fence = fence_match.group(1)
            continue
        if not line.strip():
            yield from flush()
            continue
        heading = _heading(line)
        if heading:
            yield from flush()
            yield Block("heading", heading[1], heading[0])
            continue
        if tab_rows and "\t" in line:
            yield from flush()
            yield Block("tab_row", line)
            continue
        setext = _SETEXT.match(line)
        if setext and paragraph and not is_item:
            title = " ".join(paragraph)
            paragraph.clear()
            yield Block("heading", title, 1 if setext.group(1).startswith("=") else 2)
            continue
        if _RULE.match(line) or _LINK_DEF.match(line):
            yield from flush()
            continue
        stripped = _QUOTE_MARKS.sub("", line)
        if stripped.lstrip().startswith("|") and "|" in stripped.strip()[1:]:
            yield from flush()
            if not _table_rule(stripped):
                yield Block("row", stripped)
            continue
        item = list_item(stripped)
        if item is not None:
            yield from flush()
            paragraph.append(item)
            is_item = True
            continue
        paragraph.append(stripped.strip())
    yield from flush()
    if code:
        yield Block("code", "\n".join(code))
