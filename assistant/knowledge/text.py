"""Text helpers shared by the parsers: HTML fragments to clean text, normalisation, stable ids, sentences."""

from __future__ import annotations

import hashlib
import html
import re

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
