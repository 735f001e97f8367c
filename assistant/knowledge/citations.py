"""How a source document and a citation are named to a person: by the document's title, never its file name.

The bundled documents are stored under opaque names ("000_d1ac5a2a4c2540b4.txt"); their first heading is their
title ("Drivers Best Practices Tip Sheets"). A document a district added keeps its own name, without the
extension ("Lincoln PBIS handbook.pdf" → "Lincoln PBIS handbook"), as its passages' sections already do.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.models import Citation, Passage

SEP = " › "
# How far into a bundled document its title is looked for; the titles are on its first lines.
_HEAD_BYTES = 2048
_MARKUP = re.compile(r"^[#*_\s]+|[#*_\s]+$")
_KNOWN_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx")


def _sentence_case(title: str) -> str:
    """A title set in capitals ("LEADERSHIP AS THE DRIVING FORCE") as a person writes it in a sentence."""
    if title.upper() != title or not any(ch.isalpha() for ch in title):
        return title
    lowered = title.lower()
    return lowered[:1].upper() + lowered[1:]


@lru_cache(maxsize=64)
def _bundled_title(path: str, mtime_ns: int) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    for line in head.splitlines():
        text = " ".join(_MARKUP.sub("", line).split())
        if text and not set(text) <= set("-=_*"):
            return _sentence_case(text)
    return None


def _bundled(source: str) -> str | None:
    """The title of a bundled source document, read from its first heading; None for any other name."""
    from assistant.config import get_settings

    name = Path(source).name
    if name != source or not name:
        return None
    try:
        path = get_settings().sources_dir / name
        stat = path.stat()
    except (OSError, ValueError):
        return None
    return _bundled_title(str(path), stat.st_mtime_ns)


def source_title(source: str) -> str:
    """The title a person knows a source document by: "Drivers Best Practices Tip Sheets", "Lincoln handbook"."""
    source = " ".join(source.split())
    title = _bundled(source)
    if title:
        return title
    # Not Path(source).stem: a name may hold a slash ("notes 3/4.md" was uploaded as such), which is no folder.
    stem, dot, suffix = source.rpartition(".")
    if dot and f".{suffix.lower()}" in _KNOWN_SUFFIXES and stem.strip():
        return stem.strip()
    return source


def section_label(section: str, source: str) -> str:
    """A passage's place as a person reads it: the document's title, then its headings ("… › Coaching › …")."""
    parts = [" ".join(part.split()) for part in section.split(SEP)]
    parts = [part for part in parts if part]
    title = _bundled(" ".join(source.split()))
    if title is None:
        # A district's document: its sections open with its own name already, as the person who added it wrote it.
        if not parts:
            return source_title(source)
        return SEP.join([_sentence_case(parts[0]) if len(parts[0].split()) >= 3 else parts[0], *parts[1:]])
    # The bundled parsers open every section with the document's heading, sometimes in capitals.
    if parts and parts[0].casefold() == title.casefold():
        parts = parts[1:]
    return SEP.join([title, *parts])


def citation_label(citation: Citation | Passage, depth: int | None = None) -> str:
    """ "Drivers Best Practices Tip Sheets › Coaching › …"; with `depth`, only that many headings under the title."""
    label = section_label(citation.section, citation.source)
    if depth is None:
        return label
    return SEP.join(label.split(SEP)[: depth + 1])
