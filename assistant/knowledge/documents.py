"""A district's own documents (Markdown, text, Word, PDF) turned into passages that follow their headings.

Every failure, whatever the parser underneath, surfaces as one `DocumentError` sentence that names the file and
says what to do, so `cip-assistant index` can report a bad file and carry on with the others.

Documents come from users (the web UI takes uploads), so `document_passages` parses them in a worker process with
a time and a memory limit (`assistant.knowledge.sandbox`); `parse_passages` is the same parse in this process, for
that worker and for the fuzzers. Every pattern below is linear in the length of a line: a crafted line of a
megabyte must cost milliseconds, not minutes.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import DocumentError
from assistant.knowledge.outline import (
    HARD_CHARS,
    MAX_CHARS,
    MAX_HEADING_CHARS,
    TARGET_CHARS,
    label,
    outline_passages,
    strip_controls,
)
from assistant.knowledge.pdf import MAX_PDF_PAGES, check_pdf_signature, pdf_outline
from assistant.knowledge.text_formats import decode_text, markdown_outline, text_outline
from assistant.knowledge.word import MAX_ZIP_ENTRIES, not_word, word_outline
from assistant.models import Passage

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".docx", ".pdf"}
MAX_BYTES = 20 * 1024 * 1024

_KINDS = "Markdown, text, Word (.docx) or PDF documents"

_SURROGATE = re.compile("[\ud800-\udfff]")


# ------------------------------------------------------------------------------------------------ reading


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    if not suffix:
        raise DocumentError(f"{label(path)} has no file extension; add {_KINDS}.")
    raise DocumentError(f"{label(path)} is a {suffix} file; add {_KINDS}.")


def _check_size(path: Path, size: int) -> None:
    if size == 0:
        raise DocumentError(f"{label(path)} is empty; add a document that has text in it.")
    if size > MAX_BYTES:
        megabytes = size / (1024 * 1024)
        raise DocumentError(
            f"{label(path)} is {megabytes:.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit; "
            "split it into smaller documents."
        )


def read_document(path: Path) -> bytes:
    """The bytes of a document the assistant can index, or a `DocumentError` saying why not."""
    path = Path(path)
    try:
        if not path.exists():
            raise DocumentError(f"{label(path)} does not exist; check the path and try again.")
        if path.is_dir():
            raise DocumentError(f"{label(path)} is a folder, not a document; add the documents inside it instead.")
        if not path.is_file():
            raise DocumentError(f"{label(path)} is not a regular file; add {_KINDS}.")
        _check_suffix(path)
        _check_size(path, path.stat().st_size)
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since it was measured.
            data = handle.read(MAX_BYTES + 1)
    except DocumentError:
        raise
    except PermissionError as exc:
        raise DocumentError(
            f"{label(path)} cannot be read (permission denied); check that you are allowed to open it."
        ) from exc
    except (OSError, ValueError) as exc:
        # ValueError: a path the operating system cannot express, such as one with a NUL character.
        reason = getattr(exc, "strerror", None) or "invalid path"
        raise DocumentError(f"{label(path)} cannot be read ({reason}); check the file and try again.") from exc
    _check_size(path, len(data))
    return data


# ----------------------------------------------------------------------------------------------- entry


def _check_signature(path: Path, suffix: str, data: bytes) -> None:
    """The content must be what the extension says: a Word file is a zip, a PDF starts with %PDF."""
    if suffix == ".docx" and not data.startswith(b"PK"):
        raise not_word(path)
    if suffix == ".pdf":
        check_pdf_signature(path, data)


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
        outline = pdf_outline(path, data)
    elif suffix == ".docx":
        outline = word_outline(path, data)
    else:
        text = strip_controls(decode_text(path, data))
        if len(text) > MAX_CHARS:
            raise DocumentError(
                f"{label(path)} has more than {MAX_CHARS:,} characters of text; split it into smaller documents."
            )
        outline = text_outline(path, text) if suffix == ".txt" else markdown_outline(path, text)
    # A file name that is not valid UTF-8 (possible on Linux) reaches Python with surrogates, which no id, store
    # or citation can encode: cite it with replacement characters instead.
    passages = outline_passages(
        outline, _SURROGATE.sub("\ufffd", path.stem), _SURROGATE.sub("\ufffd", source or path.name)
    )
    if not passages:
        raise DocumentError(f"{label(path)} has no text to index; add a document that has some text in it.")
    return passages


def damaged_error(path: Path) -> DocumentError:
    """What the user reads when a parser fails in a way we did not foresee."""
    return DocumentError(
        f"{label(path)} could not be read (it may be damaged); open and save it again, then add it once more."
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


__all__ = [
    "HARD_CHARS",
    "MAX_BYTES",
    "MAX_HEADING_CHARS",
    "MAX_PDF_PAGES",
    "MAX_ZIP_ENTRIES",
    "SUPPORTED_SUFFIXES",
    "TARGET_CHARS",
    "damaged_error",
    "document_passages",
    "parse_passages",
    "read_document",
]
