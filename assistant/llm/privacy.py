"""Personal data stays on this machine: find and withhold it before text goes to a model elsewhere.

What counts (the records a district must not send out): student names given with an identifier ("Maria
Lopez (ID 483920)", "student Jose G., #12345"), student ID numbers, email addresses, phone numbers and birth
dates. A staff member named as an action's owner ("Dana, our instructional coach") is not personal data of a
student and is kept, so the model can still help with ownership.

Every pattern is linear (runs of whitespace inside a pattern are bounded) and anchored on a cue (an "ID"
label, an "@", a "DOB" label, a phone layout), so plan dates such as "by 2027-01-15" and numbers such as
"80% of teachers" pass untouched.

Withheld values become numbered placeholders ("[REDACTED_EMAIL_1]"); `restore` puts them back into what the
model returns, so the reply shown on this machine reads as the team wrote it.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlparse

Category = Literal["student_name", "student_id", "email", "phone", "birth_date"]

LABELS: dict[Category, tuple[str, str]] = {
    "student_name": ("student name", "student names"),
    "student_id": ("student ID number", "student ID numbers"),
    "email": ("email address", "email addresses"),
    "phone": ("phone number", "phone numbers"),
    "birth_date": ("birth date", "birth dates"),
}
_ORDER: tuple[Category, ...] = ("student_name", "student_id", "email", "phone", "birth_date")


@dataclass(frozen=True)
class Finding:
    """One withheld value; `placeholder` is what the model saw instead."""

    category: Category
    value: str
    placeholder: str


# ----------------------------------------------------------------------------------------------- patterns

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# "Maria", "Garcia-Lopez", "McDonald", "O'Brien", "D’Angelo"
_WORD = rf"[{_UP}](?:[{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:[-'’][{_UP}{_LOW}][{_LOW}]+)?|['’][{_UP}][{_LOW}]+)"
_INITIAL = rf"[{_UP}]\."
# "Maria Lopez", "Jose G.", "Mary Ann O'Neil", "Lopez, Maria" — at most four words, each capitalised.
_NAME = rf"(?:{_WORD},\s+{_WORD}|{_WORD}(?:\s+(?:{_WORD}|{_INITIAL})){{0,3}})"

_ID_LABEL = (
    r"(?i:(?:(?:student|pupil|state|local)\s{1,3})?(?:ID|I\.D\.|SID|LASID|SASID|SSID|NSN|OSIS)"
    r"(?:\s{0,3}(?:#|no\.?|number|num\.?))?|(?:student|pupil)\s{1,3}(?:number|no\.?|num\.?|#))"
)
# The number after a label; 3 digits is too short for any student record system, 12 longer than all.
_ID_NUMBER = r"[A-Z]{0,2}[0-9]{4,12}(?![0-9])"
_LABELLED_ID = rf"(?:\b{_ID_LABEL}\s{{0,3}}[:#=]?\s{{0,3}}{_ID_NUMBER}|#\s?[0-9]{{4,12}}(?![0-9]))"
# After a full name only: a bare number of five or more digits ("Maria Lopez 483920") is a roster line.
_FULL_NAME = rf"(?:{_WORD},\s+{_WORD}|{_WORD}(?:\s+(?:{_WORD}|{_INITIAL})){{1,3}})"
_BARE_ID = r"(?<![0-9.,$])[0-9]{5,12}(?![0-9]|[.,][0-9]|\s*%)"
_GLUE = r"(?:\s{0,3}[,(\[:]\s{0,3}|\s{1,3}[-–—]\s{1,3}|\s{1,3})"

_NAME_WITH_ID = re.compile(
    rf"(?P<name>{_NAME})(?P<glue>{_GLUE})(?P<id>{_LABELLED_ID})|(?P<name2>{_FULL_NAME}){_GLUE}(?P<id2>{_BARE_ID})"
)
_STUDENT_CUE = re.compile(
    rf"\b(?i:student|pupil|learner|child|kid|scholar)s?\s{{0,3}}[:,]?\s{{1,3}}(?P<name>{_WORD}\s{{1,3}}{_INITIAL})"
)
_ID = re.compile(_LABELLED_ID)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+?1[\s.-]?)?(?:\([0-9]{3}\)\s?|[0-9]{3}[\s.-])[0-9]{3}[\s.-][0-9]{4}"
    r"|\+[0-9]{1,3}(?:[\s.-]?[0-9]{2,4}){2,5})(?:\s?(?:x|ext\.?)\s?[0-9]{1,5})?(?![\w-])",
    re.IGNORECASE,
)
# Seven to ten digits with nothing to tell their kind are a phone number only when labelled as one.
_LABELLED_PHONE = re.compile(
    r"\b(?:phone|tel|cell|mobile|call|text)(?:\s{1,3}(?:number|no\.?|#))?\s{0,3}[:#]?\s{0,3}"
    r"(?P<number>[0-9]{3}[-. ]?[0-9]{4}|[0-9]{10})(?![0-9])",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}|[0-9]{{1,2}}[/.-][0-9]{{1,2}}[/.-][0-9]{{2,4}}"
    rf"|{_MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+[0-9]{{4}})"
)
_BIRTH = re.compile(
    rf"\b(?:D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)\s{{0,3}}(?:[:=\-–]|is|was)?"
    rf"\s{{0,3}}(?P<date>{_DATE})",
    re.IGNORECASE,
)
# Words that open a sentence or a label, not a name: "Student Maria Lopez" names Maria Lopez.
_NOT_NAME = {
    "student", "students", "pupil", "learner", "child", "name", "the", "for", "with", "and", "see", "re",
    "contact", "call", "email", "phone", "dob", "id", "from", "to", "by", "our", "their", "about", "grade",
}  # fmt: skip


# ---------------------------------------------------------------------------------------------- redaction


@dataclass
class Redactor:
    """Redacts several pieces of one request with one numbering, so a value keeps its placeholder throughout."""

    findings: list[Finding] = field(default_factory=list)
    _by_value: dict[tuple[Category, str], str] = field(default_factory=dict)

    def _placeholder(self, category: Category, value: str) -> str:
        key = (category, " ".join(value.split()))
        if key not in self._by_value:
            n = 1 + sum(1 for c, _ in self._by_value if c == category)
            self._by_value[key] = f"[REDACTED_{category.upper()}_{n}]"
            self.findings.append(Finding(category, value, self._by_value[key]))
        return self._by_value[key]

    def __call__(self, text: str) -> str:
        spans: list[tuple[int, int, Category]] = []

        def take(start: int, end: int, category: Category) -> None:
            if end > start and not any(start < e and s < end for s, e, _ in spans):
                spans.append((start, end, category))

        for m in _EMAIL.finditer(text):
            take(m.start(), m.end(), "email")
        for m in _BIRTH.finditer(text):
            take(m.start("date"), m.end("date"), "birth_date")
        for m in _NAME_WITH_ID.finditer(text):
            group = "name" if m.group("name") is not None else "name2"
            start, name = _trim_name(m.start(group), m.group(group))
            if name:
                take(start, start + len(name), "student_name")
            number = "id" if m.group("id") is not None else "id2"
            take(m.start(number), m.end(number), "student_id")
        for m in _STUDENT_CUE.finditer(text):
            take(m.start("name"), m.end("name"), "student_name")
        for m in _ID.finditer(text):
            take(m.start(), m.end(), "student_id")
        for m in _PHONE.finditer(text):
            take(m.start(), m.end(), "phone")
        for m in _LABELLED_PHONE.finditer(text):
            take(m.start("number"), m.end("number"), "phone")
        out = []
        last = 0
        for start, end, category in sorted(spans):
            out.append(text[last:start])
            out.append(self._placeholder(category, text[start:end]))
            last = end
        out.append(text[last:])
        return "".join(out)

    def restore(self, text: str) -> str:
        return restore(text, self.findings)


def _trim_name(start: int, name: str) -> tuple[int, str]:
    """Drop leading words that are labels or sentence openers ("Student Maria Lopez" → "Maria Lopez")."""
    words = list(re.finditer(r"[^\s,]+", name))
    skip = 0
    while skip < len(words) and words[skip].group().lower() in _NOT_NAME:
        skip += 1
    if skip == len(words):
        return start, ""
    offset = words[skip].start()
    return start + offset, name[offset:]


def redact(text: str) -> tuple[str, list[Finding]]:
    """The text with personal data replaced by placeholders, and what was withheld."""
    redactor = Redactor()
    return redactor(text), redactor.findings


def restore(text: str, findings: list[Finding]) -> str:
    """Put withheld values back where a model's reply kept their placeholders."""
    for finding in findings:
        text = text.replace(finding.placeholder, finding.value)
    return text


def describe(findings: list[Finding]) -> str:
    """ "1 student name, 2 email addresses" — what was withheld, without repeating it."""
    counts = Counter(f.category for f in findings)
    parts = []
    for category in _ORDER:
        n = counts.get(category, 0)
        if n:
            singular, plural = LABELS[category]
            parts.append(f"{n} {singular if n == 1 else plural}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------- where the model is

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_DEFAULT_OLLAMA = "http://127.0.0.1:11434"


def _host(url: str) -> str:
    if "://" not in url:
        url = "http://" + url  # OLLAMA_HOST is often written as "host:port"
    try:
        return (urlparse(url).hostname or "").lower()
    except ValueError:
        return ""


def is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    # 0.0.0.0 as a client address reaches this machine.
    return address.is_loopback or address.is_unspecified


def is_local(provider: str, base_url: str | None = None) -> bool:
    """Whether a model runs on this machine: only an endpoint on loopback counts, whatever the provider.

    Ollama without a base URL talks to OLLAMA_HOST, by default 127.0.0.1:11434. A hosted provider without a
    base URL is remote; one pointed at a loopback server (an OpenAI-compatible llama.cpp, say) is local.
    """
    url = base_url or ""
    if not url and provider == "ollama":
        from assistant.config import get_settings

        url = get_settings().ollama_host or _DEFAULT_OLLAMA
    if not url:
        return False
    return is_loopback(_host(url))
