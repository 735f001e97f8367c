"""Word (.docx) documents read into an outline: headings from their styles, lists, tables; a zip bomb refused from
the archive's directory before anything is inflated."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import DocumentError
from assistant.knowledge.markdown import list_item
from assistant.knowledge.outline import MAX_HEADING_CHARS, Outline, label
from assistant.knowledge.text import clean_line

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle

# A .docx is a zip: bound what it may expand to, so a crafted archive cannot exhaust memory.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
# python-docx builds a tree of every XML part, several times the size of its text; pictures are kept as bytes.
MAX_XML_BYTES = 32 * 1024 * 1024
# Word's XML compresses about 10:1 and pictures hardly at all; a zip bomb compresses by a thousand or more.
MAX_ZIP_RATIO = 100
ZIP_RATIO_FLOOR = 1024 * 1024

_HEADING_STYLE = re.compile(r"^heading\s+([1-6])$", re.IGNORECASE)


def _style_level(style: ParagraphStyle | None) -> int | None:
    """0 for Title, 1–6 for Heading N, also through custom styles based on them; None for body text."""
    seen = 0
    while style is not None and seen < 10:
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 0
        match = _HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
        style = style.base_style
        seen += 1
    return None


def not_word(path: Path) -> DocumentError:
    return DocumentError(
        f"{label(path)} is not a Word (.docx) document; "
        "if it is an older .doc file or another format, open it in Word and save it as .docx."
    )


def _check_docx_archive(path: Path, data: bytes) -> None:
    """Refuse a zip bomb from its directory alone, before any part is inflated."""
    if not data.startswith(b"PK"):
        raise not_word(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DocumentError(
            f"{label(path)} is damaged or incomplete and cannot be opened as a Word document; "
            "save it again from Word and add it once more."
        ) from exc
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise not_word(path)
    # The sizes are the archive's own claims, but zipfile never inflates a part past its claimed size.
    unzipped = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    xml = sum(entry.file_size for entry in entries if entry.filename.lower().endswith((".xml", ".rels")))
    bomb = any(
        entry.file_size > ZIP_RATIO_FLOOR and entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > MAX_ZIP_ENTRIES or unzipped > MAX_UNZIPPED_BYTES or xml > MAX_XML_BYTES:
        raise DocumentError(
            f"{label(path)} expands to more than Word documents may ({MAX_UNZIPPED_BYTES // (1024 * 1024)} MB "
            f"in all, {MAX_XML_BYTES // (1024 * 1024)} MB of text and layout, {MAX_ZIP_ENTRIES:,} parts); "
            "remove large embedded pictures or split it, then add it again."
        )
    if bomb or (unzipped > ZIP_RATIO_FLOOR and unzipped > MAX_ZIP_RATIO * max(packed, 1)):
        raise DocumentError(
            f"{label(path)} expands more than {MAX_ZIP_RATIO} times when unpacked, which Word documents never do; "
            "open it in Word and save it again, then add the new copy."
        )


def _open_docx(path: Path, data: bytes) -> DocxDocument:
    import docx

    _check_docx_archive(path, data)
    try:
        return docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # the sandbox reports the memory limit, not a damaged file
    except Exception as exc:
        raise DocumentError(
            f"{label(path)} could not be opened as a Word document (it may be damaged or macro-enabled); "
            "save it again from Word as a .docx and add it once more."
        ) from exc


def _docx_row(cells: list[str]) -> str:
    # Merged cells come back once per grid column; keep each value once.
    kept: list[str] = []
    for cell in cells:
        text = clean_line(" ".join(cell.split()))
        if text and (not kept or kept[-1] != text):
            kept.append(text)
    return " — ".join(kept)


def word_outline(path: Path, data: bytes) -> Outline:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = _open_docx(path, data)
    outline = Outline(path)
    # python-docx looks a paragraph's style up by scanning every style in the document, and the default style
    # of an unstyled paragraph likewise: once per style id is enough.
    styles: dict[str | None, tuple[int | None, bool]] = {}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                outline.add(_docx_row([cell.text for cell in row.cells]))
        elif isinstance(block, Paragraph):
            text = clean_line(block.text.replace("\n", " ").replace("\t", " "))
            if not text:
                continue
            key = block._p.style
            if key not in styles:
                style = block.style
                is_list = style is not None and (style.name or "").lower().startswith("list")
                styles[key] = (_style_level(style), is_list)
            level, is_list = styles[key]
            if level is not None and len(text) <= MAX_HEADING_CHARS:
                outline.heading(level, text)
            elif is_list:
                # Word keeps bullets and numbers in the numbering part, not in the text.
                outline.add(list_item(text) or f"- {text}")
            else:
                outline.add(list_item(text) or text)
    return outline


__all__ = ["MAX_ZIP_ENTRIES", "not_word", "word_outline"]
