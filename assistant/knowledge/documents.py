"""A district's own documents (Markdown, text, Word, PDF) turned into passages that follow their headings.

Every failure, whatever the parser underneath, surfaces as one `DocumentError` sentence that names the file and
says what to do, so `cip-assistant index` can report a bad file and carry on with the others.

Documents come from users (the web UI takes uploads), so `document_passages` parses them in a worker process with
a time and a memory limit (`assistant.knowledge.sandbox`); `parse_passages` is the same parse in this process, for
that worker and for the fuzzers. Every pattern below is linear in the length of a line: a crafted line of a
megabyte must cost milliseconds, not minutes.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import DocumentError
from assistant.knowledge import markdown
from assistant.knowledge.curated import detect_driver
from assistant.knowledge.markdown import list_item
from assistant.knowledge.text import PASSAGE_CHARS, RUNAWAY_CHARS, clean_line, passage_id, split_long
from assistant.models import Passage, PassageKind

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".docx", ".pdf"}
MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 500
MAX_CHARS = 5_000_000
# A .docx is a zip: bound what it may expand to, so a crafted archive cannot exhaust memory.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
# python-docx builds a tree of every XML part, several times the size of its text; pictures are kept as bytes.
MAX_XML_BYTES = 32 * 1024 * 1024
# Word's XML compresses about 10:1 and pictures hardly at all; a zip bomb compresses by a thousand or more.
MAX_ZIP_RATIO = 100
ZIP_RATIO_FLOOR = 1024 * 1024
# About ten times what 5 million characters of prose make; more means a file of one-word sections.
MAX_PASSAGES = 50_000
# A heading longer than this is a paragraph someone styled as one; the section path repeats every heading.
MAX_HEADING_CHARS = 200

TARGET_CHARS = PASSAGE_CHARS
HARD_CHARS = RUNAWAY_CHARS
SEP = " › "

_KINDS = "Markdown, text, Word (.docx) or PDF documents"

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")
_SENTENCE_END = re.compile(r"[.!?…][\"')\]”’]*(?=\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"')\]”’]*$")


def _label(path: Path) -> str:
    return str(path)


# ------------------------------------------------------------------------------------------------ reading


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    if not suffix:
        raise DocumentError(f"{_label(path)} has no file extension; add {_KINDS}.")
    raise DocumentError(f"{_label(path)} is a {suffix} file; add {_KINDS}.")


def _check_size(path: Path, size: int) -> None:
    if size == 0:
        raise DocumentError(f"{_label(path)} is empty; add a document that has text in it.")
    if size > MAX_BYTES:
        megabytes = size / (1024 * 1024)
        raise DocumentError(
            f"{_label(path)} is {megabytes:.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit; "
            "split it into smaller documents."
        )


def read_document(path: Path) -> bytes:
    """The bytes of a document the assistant can index, or a `DocumentError` saying why not."""
    path = Path(path)
    try:
        if not path.exists():
            raise DocumentError(f"{_label(path)} does not exist; check the path and try again.")
        if path.is_dir():
            raise DocumentError(f"{_label(path)} is a folder, not a document; add the documents inside it instead.")
        if not path.is_file():
            raise DocumentError(f"{_label(path)} is not a regular file; add {_KINDS}.")
        _check_suffix(path)
        _check_size(path, path.stat().st_size)
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since it was measured.
            data = handle.read(MAX_BYTES + 1)
    except DocumentError:
        raise
    except PermissionError as exc:
        raise DocumentError(
            f"{_label(path)} cannot be read (permission denied); check that you are allowed to open it."
        ) from exc
    except (OSError, ValueError) as exc:
        # ValueError: a path the operating system cannot express, such as one with a NUL character.
        reason = getattr(exc, "strerror", None) or "invalid path"
        raise DocumentError(f"{_label(path)} cannot be read ({reason}); check the file and try again.") from exc
    _check_size(path, len(data))
    return data


# ------------------------------------------------------------------------------------------ the outline


@dataclass
class _Unit:
    """A paragraph, list item or table row: the smallest piece of text the chunker keeps together."""

    text: str
    first_page: int | None = None
    last_page: int | None = None


@dataclass
class _Section:
    headings: tuple[str, ...]
    units: list[_Unit] = field(default_factory=list)


@dataclass
class _Outline:
    """Collects units under the heading path in force, starting a new section at every heading."""

    path: Path
    stack: list[tuple[int, str]] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=lambda: [_Section(())])
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
        section = _Section(tuple(heading for _, heading in self.stack))
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
                f"{_label(self.path)} has more than {MAX_CHARS:,} characters of text; split it into smaller documents."
            )
        self.sections[-1].units.append(_Unit(text, first_page, last_page if last_page is not None else first_page))


def _strip_controls(text: str) -> str:
    # A form feed is a page break in text files: keep it as a line break so words do not run together.
    return _CONTROL.sub("", text.replace("\f", "\n"))


# --------------------------------------------------------------------------------------------- decoding


def _decode_text(path: Path, data: bytes) -> str:
    # Windows tools save "Unicode" text as UTF-16 with a byte-order mark; its NUL bytes are not binary junk.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DocumentError(
            f"{_label(path)} contains binary data, not text; "
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
            f"{_label(path)} contains binary data, not text; "
            "if it is a Word or PDF document, give it the .docx or .pdf extension."
        )
    return text


# --------------------------------------------------------------------------------------------- Markdown


def _parse_markdown(path: Path, text: str) -> _Outline:
    outline = _Outline(path)
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


# ------------------------------------------------------------------------------------------- plain text


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


def _parse_text(path: Path, text: str) -> _Outline:
    outline = _Outline(path)
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


def _add_lines(outline: _Outline, lines: list[str]) -> None:
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


# ------------------------------------------------------------------------------------------------- Word

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


def _not_word(path: Path) -> DocumentError:
    return DocumentError(
        f"{_label(path)} is not a Word (.docx) document; "
        "if it is an older .doc file or another format, open it in Word and save it as .docx."
    )


def _check_docx_archive(path: Path, data: bytes) -> None:
    """Refuse a zip bomb from its directory alone, before any part is inflated."""
    if not data.startswith(b"PK"):
        raise _not_word(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DocumentError(
            f"{_label(path)} is damaged or incomplete and cannot be opened as a Word document; "
            "save it again from Word and add it once more."
        ) from exc
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise _not_word(path)
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
            f"{_label(path)} expands to more than Word documents may ({MAX_UNZIPPED_BYTES // (1024 * 1024)} MB "
            f"in all, {MAX_XML_BYTES // (1024 * 1024)} MB of text and layout, {MAX_ZIP_ENTRIES:,} parts); "
            "remove large embedded pictures or split it, then add it again."
        )
    if bomb or (unzipped > ZIP_RATIO_FLOOR and unzipped > MAX_ZIP_RATIO * max(packed, 1)):
        raise DocumentError(
            f"{_label(path)} expands more than {MAX_ZIP_RATIO} times when unpacked, which Word documents never do; "
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
            f"{_label(path)} could not be opened as a Word document (it may be damaged or macro-enabled); "
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


def _parse_docx(path: Path, data: bytes) -> _Outline:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = _open_docx(path, data)
    outline = _Outline(path)
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


# --------------------------------------------------------------------------------------------------- PDF

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.IGNORECASE)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf reports every repaired flaw on the root logger's stderr; the user needs one sentence, not those."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _running_key(line: str) -> str:
    # Page numbers inside a short header or footer change from page to page ("Page 3 of 9"); prose does not repeat.
    line = line.lower()
    return re.sub(r"\d+", "#", line) if len(line.split()) <= 5 else line


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Headers and footers: the same lines at the top or bottom of most pages."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {_running_key(line) for line in (*lines[:2], *lines[-2:])}:
            counts[key] = counts.get(key, 0) + 1
    threshold = max(3, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= threshold}


def _pdf_damaged(path: Path) -> str:
    return (
        f"{_label(path)} could not be read as a PDF (it may be damaged or incomplete); "
        "export or download it again and add it once more."
    )


def _check_pdf_signature(path: Path, data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(
            f"{_label(path)} is not a PDF file (it does not start with %PDF); "
            "export it to PDF again or add it in another format."
        )
    if b"%%EOF" not in data:
        raise DocumentError(_pdf_damaged(path))


def _pdf_pages(path: Path, data: bytes) -> list[list[str]]:
    import pypdf

    _check_pdf_signature(path, data)
    damaged = _pdf_damaged(path)
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(
                    f"{_label(path)} is password-protected; save a copy without a password and add that."
                )
            count = len(reader.pages)
        except (DocumentError, MemoryError):
            raise
        except Exception as exc:
            if "encrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
                raise DocumentError(
                    f"{_label(path)} is password-protected; save a copy without a password and add that."
                ) from exc
            raise DocumentError(damaged) from exc
        if count > MAX_PDF_PAGES:
            raise DocumentError(
                f"{_label(path)} has {count} pages, more than the {MAX_PDF_PAGES} the assistant reads; "
                "split it into smaller PDFs."
            )
        pages: list[list[str]] = []
        chars = 0
        for number in range(count):
            try:
                raw = reader.pages[number].extract_text() or ""
            except MemoryError:
                raise
            except Exception as exc:
                raise DocumentError(damaged) from exc
            chars += len(raw)
            if chars > MAX_CHARS:
                raise DocumentError(
                    f"{_label(path)} has more than {MAX_CHARS:,} characters of text; split it into smaller PDFs."
                )
            # NFKC undoes the ligatures (ﬁ, ﬂ) and odd spaces PDF text is full of.
            text = _strip_controls(unicodedata.normalize("NFKC", raw))
            pages.append([line for line in (clean_line(part) for part in text.splitlines()) if line])
    return pages


def _parse_pdf(path: Path, data: bytes) -> _Outline:
    pages = _pdf_pages(path, data)
    if not any(pages):
        raise DocumentError(
            f"{_label(path)} has no text layer (it may be a scanned image); "
            "run it through text recognition (OCR) or export it as a text PDF, then add it again."
        )
    running = _running_lines(pages)
    outline = _Outline(path)
    # PDF text has line breaks but rarely paragraph breaks: prose flows across lines, and the chunker
    # splits it at sentences; bullets still start items.
    current: list[str] = []
    first_page = last_page = 1

    def flush() -> None:
        if current:
            outline.add(" ".join(current), first_page, last_page)
            current.clear()

    def end_page() -> None:
        """Close the prose at the page's last full sentence, so each passage cites the pages it comes from."""
        nonlocal first_page
        joined = " ".join(current)
        ends = list(_SENTENCE_END.finditer(joined))
        if not ends:
            return
        cut = ends[-1].end()
        rest = joined[cut:].strip()
        current[:] = [joined[:cut]]
        flush()
        if rest:
            current.append(rest)
            first_page = last_page

    kept = [
        [
            line
            for index, line in enumerate(lines)
            if not _PAGE_NUMBER.match(line)
            and not ((index < 2 or index >= len(lines) - 2) and _running_key(line) in running)
        ]
        for lines in pages
    ]
    if not any(kept):
        # Every page says the same few lines: that is the document, not a header.
        kept = [[line for line in lines if not _PAGE_NUMBER.match(line)] for lines in pages]
    for number, lines in enumerate(kept, start=1):
        end_page()
        for line in lines:
            item = list_item(line)
            if item is not None:
                flush()
                line = item
            if not current:
                first_page = number
            last_page = number
            hyphenated = current and current[-1].endswith("-") and len(current[-1]) > 1 and current[-1][-2].isalpha()
            if hyphenated and line[:1].islower():
                # A word hyphenated at the line end: "imple-" + "mentation".
                current[-1] = current[-1][:-1] + line
                continue
            current.append(line)
    flush()
    return outline


# ---------------------------------------------------------------------------------------------- chunking


def _chunks(units: list[_Unit]) -> Iterator[tuple[str, int | None, int | None]]:
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


def _passages(outline: _Outline, stem: str, source: str) -> list[Passage]:
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
                    f"{_label(outline.path)} has more than {MAX_PASSAGES:,} sections and paragraphs; "
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


# ----------------------------------------------------------------------------------------------- entry


def _check_signature(path: Path, suffix: str, data: bytes) -> None:
    """The content must be what the extension says: a Word file is a zip, a PDF starts with %PDF."""
    if suffix == ".docx" and not data.startswith(b"PK"):
        raise _not_word(path)
    if suffix == ".pdf":
        _check_pdf_signature(path, data)


def parse_passages(path: Path, data: bytes, source: str | None = None) -> list[Passage]:
    """Passages of a document's bytes, parsed in this process with no time or memory limit.

    For the sandbox worker and the fuzzers; anything a user supplies goes through `document_passages`. Raises
    `DocumentError` for every problem it recognises; a damaged file can make the parsers underneath raise anything.
    """
    path = Path(path)
    suffix = _check_suffix(path)
    _check_size(path, len(data))
    _check_signature(path, suffix, data)
    if suffix == ".pdf":
        outline = _parse_pdf(path, data)
    elif suffix == ".docx":
        outline = _parse_docx(path, data)
    else:
        text = _strip_controls(_decode_text(path, data))
        if len(text) > MAX_CHARS:
            raise DocumentError(
                f"{_label(path)} has more than {MAX_CHARS:,} characters of text; split it into smaller documents."
            )
        outline = _parse_text(path, text) if suffix == ".txt" else _parse_markdown(path, text)
    # A file name that is not valid UTF-8 (possible on Linux) reaches Python with surrogates, which no id, store
    # or citation can encode: cite it with replacement characters instead.
    passages = _passages(outline, _SURROGATE.sub("\ufffd", path.stem), _SURROGATE.sub("\ufffd", source or path.name))
    if not passages:
        raise DocumentError(f"{_label(path)} has no text to index; add a document that has some text in it.")
    return passages


def damaged_error(path: Path) -> DocumentError:
    """What the user reads when a parser fails in a way we did not foresee."""
    return DocumentError(
        f"{_label(path)} could not be read (it may be damaged); open and save it again, then add it once more."
    )


def document_passages(path: Path, data: bytes | None = None, source: str | None = None) -> list[Passage]:
    """Passages of one document, split along its headings; `data` saves a second read when the caller has it.

    The parse runs in a worker process with a time and a memory limit, so a crafted file cannot hang or exhaust
    the server. Raises only `DocumentError`, with one sentence naming the file and what to do about it.
    """
    from assistant.knowledge.sandbox import parse_in_sandbox

    path = Path(path)
    suffix = _check_suffix(path)
    if data is None:
        data = read_document(path)
    # The cheap checks here, so a wrong or empty file is refused without a round trip to the worker.
    _check_size(path, len(data))
    _check_signature(path, suffix, data)
    return parse_in_sandbox(path, data, source or path.name)
