"""The one text-cleaning module: what users type and what the parsers read, cleaned; normalisation, stable ids,
sentences, and the packing of sentences into pieces of a bounded length."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable

_BLOCK_TAGS = re.compile(r"</?(?:p|ul|ol|div|br|tr|table|h[1-6])\b[^>]*>", re.IGNORECASE)
_LI_OPEN = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")
_BULLET = re.compile(r"^\s*(?:[•▪●◦·\-\*]|o(?=\s))\s*")
_SPACES = re.compile(r"[ \t\u00a0]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def html_to_text(fragment: str) -> str:
    """Turn a cell of HTML (`<p>`, `<ul>`, `<li>`, bullets) into clean text, one line per paragraph or item."""
    text = _LI_OPEN.sub("\n", fragment)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    # Bullets in the sources are literal characters inside the cell text: each starts a new item.
    text = re.sub(r"\s*[•▪●]\s*", "\n- ", text)
    lines = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line or line == "-":
            continue
        lines.append(line)
    return "\n".join(lines)


def normalize(text: str) -> str:
    """Case-, quote-, markup- and whitespace-insensitive form, for matching phrases against passages."""
    text = _ANY_TAG.sub(" ", text)
    text = html.unescape(text).translate(_QUOTES).lower()
    text = re.sub(r"[•▪●*_]", " ", text)
    text = re.sub(r"(?m)^\s*-\s+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def passage_id(source: str, kind: str, text: str) -> str:
    """Stable id: the same text from the same source and kind gets the same id on every rebuild."""
    digest = hashlib.sha1(f"{source}\x1f{kind}\x1f{normalize(text)}".encode()).hexdigest()
    return f"p{digest[:12]}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(A-Z0-9])|\n+")


def sentences(text: str) -> list[str]:
    """Split text into sentences and list items, dropping bullet markers."""
    parts = []
    for chunk in _SENTENCE_END.split(text):
        chunk = _BULLET.sub("", chunk).strip()
        if len(chunk) > 1:
            parts.append(chunk)
    return parts


def clean_line(line: str) -> str:
    """Collapse whitespace and strip Markdown emphasis from a line of prose."""
    line = re.sub(r"\*{1,3}([^*]+)\*{1,3}", r"\1", line)
    # Footnote markers ("practice.¹", "Self-Assessment^{2,3}") point at references we do not index.
    line = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\^\{[\d,]+\}", "", line)
    line = line.replace("\\", "")
    return _SPACES.sub(" ", line).strip()


# ------------------------------------------------------------------------------------------- user text

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# XML 1.0 (Word) rejects C0 controls, and in Markdown or a calendar they only hide text; tab and newline are kept.
_C0_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_input(text: str) -> str:
    """Drop terminal escape sequences and control characters (keeping line breaks): nothing invisible is kept."""
    text = _ESCAPES.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


def clean(text: str) -> str:
    """User text with one kind of line break and no control characters, so every export format can carry it."""
    return _C0_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """User text folded onto one line, for headings and calendar titles."""
    return " ".join(clean(text).split())


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, cut at a word, for headings that point at a longer text."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def pack(pieces: Iterable[str], limit: int) -> list[str]:
    """Consecutive pieces (sentences) joined by spaces into as few parts of at most `limit` characters as they allow;
    a piece longer than `limit` stays a part of its own."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + 1 + len(piece) > limit:
            parts.append(current)
            current = piece
        else:
            current = f"{current} {piece}".strip()
    if current:
        parts.append(current)
    return parts


PASSAGE_CHARS = 800
RUNAWAY_CHARS = 1200
_ENDS_SENTENCE = re.compile(r"[.!?…][\"')\]”’]*$")


def _hard_split(sentence: str, limit: int) -> list[str]:
    """Pieces of a sentence too long to keep whole, cut between words."""
    pieces: list[str] = []
    # Offsets rather than slicing off the rest each time: a megabyte-long "sentence" must stay linear.
    end = len(sentence.rstrip())
    start = end - len(sentence[:end].lstrip())
    while end - start > limit:
        cut = sentence.rfind(" ", start + 1, start + limit + 1)
        if cut < 0:
            cut = start + limit
        pieces.append(sentence[start:cut].strip())
        start = cut
        while start < end and sentence[start].isspace():
            start += 1
    rest = sentence[start:end]
    if rest:
        pieces.append(rest)
    return pieces


def _whole_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; pieces split at ';' or ':' stay with the rest of their sentence."""
    whole: list[str] = []
    pending: list[str] = []
    for piece in sentences(text) or [text]:
        pending.append(piece)
        # Only the newest piece can end the sentence: joining and searching the whole of it every time is
        # quadratic in a paragraph of a thousand clauses.
        if _ENDS_SENTENCE.search(piece.strip()):
            whole.append(" ".join(pending).strip())
            pending = []
    if pending:
        whole.append(" ".join(pending).strip())
    return [sentence for sentence in whole if sentence]


def split_long(text: str, limit: int = PASSAGE_CHARS, runaway: int = RUNAWAY_CHARS) -> list[str]:
    """The one splitter of prose into passages: whole sentences packed into pieces of at most `limit` characters;
    only a sentence over `runaway` characters is cut, between words."""
    if len(text) <= limit:
        return [text]
    parts = (
        part
        for sentence in _whole_sentences(text)
        for part in (_hard_split(sentence, limit) if len(sentence) > runaway else [sentence])
    )
    return pack(parts, limit)
