"""Text a Word document can print: emoji a team typed ("✅ done", "📚") have no glyph in the document's fonts, so
Word and LibreOffice show an empty box. The marks that carry meaning become the text symbols those fonts have
("✅" → "✓", "❌" → "✗"); pictures are left out. The plan itself keeps the team's words as typed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

# Emoji with a text symbol of the same meaning that the document's fonts (Calibri, DejaVu, Liberation) print.
_SYMBOLS = {
    "\u2705": "\u2713",  # ✅ → ✓
    "\u274c": "\u2717",  # ❌ → ✗
    "\u274e": "\u2717",  # ❎ → ✗
    "\u2b50": "\u2605",  # ⭐ → ★
    "\u2757": "!",
    "\u2755": "!",
    "\u2753": "?",
    "\u2754": "?",
    "\u2795": "+",
    "\u2796": "\u2212",
}
_MARKS = re.compile(f"[{''.join(_SYMBOLS)}]")
# Pictures drawn only as emoji (the emoji blocks, and the older symbols shown as emoji by default), with the
# selectors and joiners that build them: no document font has a glyph for them.
_PICTURE = (
    "\U0001f000-\U0001faff\u231a\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693"
    "\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u270a\u270b\u2728"
    "\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b55"
)
_ONE_PICTURE = rf"[{_PICTURE}][{_PICTURE}\ufe0f\u200d\u20e3]*"
# A picture goes with the space before it ("lessons 📚 with"), or after it at the start of a line ("📚 reading");
# an emoji selector left on a text symbol ("✔️", "⚠️", "1️⃣") goes alone.
_PICTURES = re.compile(rf"^[ \t]*{_ONE_PICTURE}[ \t]*|[ \t]*{_ONE_PICTURE}|[\ufe0f\u20e3]", re.MULTILINE)


def printable(text: str) -> str:
    """`text` with every emoji replaced by the symbol of the same meaning, or left out when it is only a picture."""
    if text.isascii():
        return text
    return _PICTURES.sub("", _MARKS.sub(lambda m: _SYMBOLS[m.group()], text))


def _paragraphs(document: Document) -> list[Paragraph]:
    found = list(document.paragraphs)
    tables = list(document.tables)
    while tables:
        table = tables.pop()
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
                tables += cell.tables
    return found


def make_printable(document: Document) -> None:
    """Every run of the document's body and tables made printable, as the last step before it is saved."""
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:
            text = run.text
            shown = printable(text)
            if shown != text:
                run.text = shown


__all__ = ["make_printable", "printable"]
