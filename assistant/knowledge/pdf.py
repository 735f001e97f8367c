"""PDF documents read into an outline: prose flowing across lines and pages, running headers, footers and page
numbers left out, each passage citing the pages it comes from."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import DocumentError
from assistant.knowledge.markdown import list_item
from assistant.knowledge.outline import MAX_CHARS, Outline, label, strip_controls
from assistant.knowledge.text import clean_line

MAX_PDF_PAGES = 500

_SENTENCE_END = re.compile(r"[.!?…][\"')\]”’]*(?=\s|$)")
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
        f"{label(path)} could not be read as a PDF (it may be damaged or incomplete); "
        "export or download it again and add it once more."
    )


def check_pdf_signature(path: Path, data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(
            f"{label(path)} is not a PDF file (it does not start with %PDF); "
            "export it to PDF again or add it in another format."
        )
    if b"%%EOF" not in data:
        raise DocumentError(_pdf_damaged(path))


def _pdf_pages(path: Path, data: bytes) -> list[list[str]]:
    import pypdf

    check_pdf_signature(path, data)
    damaged = _pdf_damaged(path)
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(
                    f"{label(path)} is password-protected; save a copy without a password and add that."
                )
            count = len(reader.pages)
        except (DocumentError, MemoryError):
            raise
        except Exception as exc:
            if "encrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
                raise DocumentError(
                    f"{label(path)} is password-protected; save a copy without a password and add that."
                ) from exc
            raise DocumentError(damaged) from exc
        if count > MAX_PDF_PAGES:
            raise DocumentError(
                f"{label(path)} has {count} pages, more than the {MAX_PDF_PAGES} the assistant reads; "
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
                    f"{label(path)} has more than {MAX_CHARS:,} characters of text; split it into smaller PDFs."
                )
            # NFKC undoes the ligatures (ﬁ, ﬂ) and odd spaces PDF text is full of.
            text = strip_controls(unicodedata.normalize("NFKC", raw))
            pages.append([line for line in (clean_line(part) for part in text.splitlines()) if line])
    return pages


def pdf_outline(path: Path, data: bytes) -> Outline:
    pages = _pdf_pages(path, data)
    if not any(pages):
        raise DocumentError(
            f"{label(path)} has no text layer (it may be a scanned image); "
            "run it through text recognition (OCR) or export it as a text PDF, then add it again."
        )
    running = _running_lines(pages)
    outline = Outline(path)
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


__all__ = ["MAX_PDF_PAGES", "check_pdf_signature", "pdf_outline"]
