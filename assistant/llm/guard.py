"""Guard rails around a language model: its input is delimited data, its output is checked and escaped.

- Retrieved passages and text a team typed or uploaded go to the model inside `<passage>` / `<team_answer>`
  blocks with `&`, `<` and `>` escaped, so no document can close its block and speak as the system.
- A cited reply is kept only when every citation names a passage retrieved for that turn, sits at the number
  that passage was given, and quotes words found in it; `Rejected` otherwise. It is not kept either when it
  rests on a passage that speaks to a model ("ignore your instructions"), links anywhere its cited passages do
  not, says the equity checks are not needed, or reads out the model's instructions.
- A rephrased reply may reword, never add or drop a source, a quoted practice, a number, a date, a command, a
  link or an action status, never add a negation, and never dismiss the equity checks or talk about its prompt.
- What a model wrote is escaped for where it is shown: terminal, HTML, Markdown, CSV.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from assistant.knowledge.citations import citation_label
from assistant.llm.base import CitedText, render
from assistant.models import Answer, Citation, Passage

MIN_QUOTE_CHARS = 8
DATA_TAGS = ("team_answer", "question", "reply", "plan", "document")

# "[1]", "[1, 3]"
MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
PASSAGE_ID = re.compile(r"\bp[0-9a-f]{12}\b")
# A web address as people write it; trailing punctuation belongs to the sentence, not the address.
URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'“”‘’\[\]()]*[^\s<>\"'“”‘’\[\]().,;:!?]", re.IGNORECASE)
# A link that runs code or carries a payload when clicked or rendered; no answer about a plan needs one.
SCRIPT_LINK = re.compile(r"\b(?:javascript|vbscript)\s*:|\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.IGNORECASE)
# What a document says when it tries to steer a model rather than inform a team. A passage like this may be
# quoted by the built-in path as what the document says; a model reply resting on it is not trusted.
_ADDRESSES_MODEL = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|of\s+)*"
    r"(?:(?:the|your|my|these|those|previous|prior|above|earlier|preceding|former|original|system|other)\s+){0,3}"
    r"(?:instructions?|prompts?|rules|directions|guidelines|guardrails)\b"
    r"|\b(?:system|developer)\s+(?:prompt|message|instructions?)\b"
    r"|\b(?:reveal|print|repeat|show|output|leak|disclose)\s+(?:me\s+)?(?:your|the\s+(?:hidden|original|initial|secret))"
    r"\s+(?:prompt|instructions)\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|chatbot|language\s+model|llm|gpt)\b"
    r"|\b(?:as\s+an\s+ai|new\s+instructions)\b"
    r"|</?\s*(?:system|assistant|user|instructions?|passage|team_answer|question|reply|plan|document)\s*>"
    r"|\[/?INST\]|<\|im_(?:start|end)\|>",
    re.IGNORECASE,
)
# "equity checks are not needed", "skip the equity review": the one claim that would undo what every action's
# equity check is for. The checks run regardless; a reply saying otherwise is not shown.
_NEEDLESS = (
    r"(?:not\s+(?:needed|necessary|required|important|relevant|a\s+priority)|unnecessary|needless|(?<!not\s)optional"
    r"|irrelevant|pointless|(?:can|may|should|could)\s+be\s+(?:skipped|ignored|dropped|removed|waived)"
    r"|do(?:es)?\s*n[o']?t\s+(?:matter|apply|count))"
)
_DISMISS = (
    r"(?:no\s+need\s+(?:for|to)|do(?:es)?\s*n[o']?t\s+(?:need|require)|never\s+(?:need|require)"
    r"|skip|ignore|drop|waive|forget|bypass)"
)
_EQUITY_NEEDLESS = re.compile(
    rf"\bequity\b[^.!?\n]{{0,60}}?\b{_NEEDLESS}\b|(?<!/)\b{_DISMISS}\s+(?:[\w-]+\s+){{0,3}}?equity\b",
    re.IGNORECASE,
)
# A run this long copied from the system prompt is the prompt being read out, not a reply about a plan.
_LEAK_WORDS = 8
# Words that turn a statement around; a rephrasing with more of them than the reply says something else.
_NEGATION = re.compile(
    r"(?<![\w/])(?:not|no|never|none|nothing|nobody|neither|nor|without|cannot|unnecessary|needless|optional"
    r"|\w+n['’]t)(?!\w)",
    re.IGNORECASE,
)


class InvalidOutput(Exception):
    """The reply is not the shape asked for (bad JSON, a missing field): worth asking once more."""


class Rejected(Exception):
    """The reply is well formed but breaks a guard rail (a citation to something not retrieved, a made-up
    quote, a changed fact): it is not used and the deterministic path answers."""


# ------------------------------------------------------------------------------------------ data, delimited


def escape_data(text: str) -> str:
    """Text as inert data inside a delimited block: it cannot open or close a tag."""
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def passage_block(passage: Passage, n: int, redact: Callable[[str], str] | None = None) -> str:
    """One passage as `<passage n=… id=…>escaped text</passage>`; `redact` applies to everything sent."""
    clean = redact or (lambda text: text)
    return (
        f'<passage n="{n}" id="{_attr(passage.id)}" source="{_attr(clean(passage.source))}" '
        f'section="{_attr(clean(passage.section))}">\n{escape_data(clean(passage.text))}\n</passage>'
    )


def passages_block(passages: Sequence[Passage], redact: Callable[[str], str] | None = None) -> str:
    if not passages:
        return "(no passages)"
    return "\n".join(passage_block(p, n, redact) for n, p in enumerate(passages, start=1))


def addresses_model(text: str) -> bool:
    """Whether text speaks to a language model (orders it, names its prompt, imitates its tags) instead of a team."""
    return _ADDRESSES_MODEL.search(text) is not None


def dismisses_equity(text: str) -> bool:
    """Whether text says the equity checks are not needed, or tells the team to skip them."""
    return _EQUITY_NEEDLESS.search(text.replace("’", "'")) is not None


def _word_runs(text: str, size: int = _LEAK_WORDS) -> set[tuple[str, ...]]:
    words = re.findall(r"[^\W_]+", text.casefold())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _instruction_runs() -> frozenset[tuple[str, ...]]:
    # Lists in brackets (the eight drivers, the tag names) are words a good reply may repeat in the same order.
    prompt = re.sub(r"\([^()]*\)", " ", render("llm_system.md"))
    return frozenset(_word_runs(prompt))


def leaks_instructions(text: str) -> bool:
    """Whether text reads out the system prompt (a run of its words, verbatim)."""
    return not _word_runs(text).isdisjoint(_instruction_runs())


def urls(text: str) -> list[str]:
    """The web addresses in a text, in order."""
    return [m.group() for m in URL.finditer(text)]


def negations(text: str) -> int:
    return len(_NEGATION.findall(text))


def data_block(tag: str, text: str) -> str:
    """Text a person typed or uploaded, as data: `<team_answer>…</team_answer>` with its content escaped."""
    if tag not in DATA_TAGS:
        raise ValueError(f"unknown data block {tag!r}")
    return f"<{tag}>\n{escape_data(text)}\n</{tag}>"


# ------------------------------------------------------------------------------------------------ quotes

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_QUOTE_ENDS = " \t\n.…,;:"


def _unwrap(quote: str) -> str:
    """A quote without the quotation marks and trailing punctuation around it (inner ones stay)."""
    text = quote.translate(_FOLD).strip()
    if len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0] and text.count(text[0]) == 2:
        text = text[1:-1]
    elif (
        len(text) >= 3 and text[0] in "\"'" and text[-2] == text[0] and text[-1] in ".,;:" and text.count(text[0]) == 2
    ):
        text = text[1:-2]
    return text.strip(_QUOTE_ENDS)


def find_quote(quote: str, text: str) -> str | None:
    """The passage's own words for a quote (spacing, case and typographic quotes aside), or None."""
    core = _unwrap(quote)
    if "..." in core or "…" in core:
        return None  # an elided quote is not a quote of the passage
    words = core.split()
    if sum(len(w) for w in words) < MIN_QUOTE_CHARS:
        return None
    # _FOLD maps one character to one character, so a span in the folded text is the same span in the text.
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    m = pattern.search(text.translate(_FOLD))
    return text[m.start() : m.end()] if m else None


def _numbers(group: str) -> list[int]:
    return [int(part) for part in group.split(",")]


def check_cited(draft: CitedText, passages: Sequence[Passage], *, require_citation: bool = True) -> CitedText:
    """The draft, checked against the passages given for this turn; raises Rejected or InvalidOutput."""
    text = for_terminal(draft.text).strip()
    if not text:
        raise InvalidOutput("the text is empty")
    number_of = {p.id: n for n, p in enumerate(passages, start=1)}
    by_number = dict(enumerate(passages, start=1))
    checked = []
    for citation in draft.citations:
        if citation.id not in number_of:
            raise Rejected(f"it cites {citation.id[:40]!r}, which is not a passage retrieved for this question")
        if number_of[citation.id] != citation.n:
            given = number_of[citation.id]
            raise Rejected(f"citation [{citation.n}] names passage {citation.id}, which was given as [{given}]")
        own = find_quote(citation.quote, by_number[citation.n].text)
        if own is None:
            raise Rejected(f"the quote “{citation.quote[:60]}” is not in passage {citation.id}")
        checked.append(citation.model_copy(update={"quote": own}))
    cited = {c.n for c in checked}
    markers = [n for m in MARKER.finditer(text) for n in _numbers(m.group(1))]
    for n in markers:
        if n not in cited:
            raise Rejected(f"marker [{n}] has no citation" if n in by_number else f"marker [{n}] names no passage")
    for pid in PASSAGE_ID.findall(text):
        if pid not in number_of:
            raise Rejected(f"it names {pid}, which is not a passage retrieved for this question")
    if require_citation and not (checked and markers):
        raise Rejected("no statement carries a citation")
    cited_passages = [by_number[n] for n in sorted(cited)]
    for passage in cited_passages:
        if addresses_model(passage.text):
            raise Rejected(f"it rests on passage {passage.id}, which gives instructions to a model")
    _check_links(text, " ".join(p.text for p in cited_passages))
    if dismisses_equity(text):
        raise Rejected("it says the equity checks are not needed")
    if leaks_instructions(text):
        raise Rejected("it reads out the model's instructions")
    return CitedText(text=text, citations=checked)


def _check_links(text: str, sources: str) -> None:
    """A link only where a cited passage gives it, character for character; never one that runs code."""
    if SCRIPT_LINK.search(text):
        raise Rejected("it holds a script or data link")
    for url in urls(text):
        if url.casefold() not in sources.casefold():
            raise Rejected(f"it links to {url[:60]!r}, which no passage it cites gives")


def _renumbered(draft: CitedText) -> tuple[str, list[int]]:
    """Markers renumbered in order of first appearance, and the old numbers in their new order."""
    order: list[int] = []
    for m in MARKER.finditer(draft.text):
        for n in _numbers(m.group(1)):
            if n not in order:
                order.append(n)
    for citation in draft.citations:
        if citation.n not in order:
            order.append(citation.n)
    new = {old: i for i, old in enumerate(order, start=1)}

    def swap(m: re.Match[str]) -> str:
        return "[" + ", ".join(str(new[n]) for n in _numbers(m.group(1))) + "]"

    return MARKER.sub(swap, draft.text), order


def to_answer(draft: CitedText, passages: Sequence[Passage]) -> Answer:
    """A checked draft as an Answer: markers numbered 1, 2, … by first use, one citation per quote."""
    text, order = _renumbered(draft)
    by_number = dict(enumerate(passages, start=1))
    citations: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    for old in order:
        for c in draft.citations:
            passage = by_number[old]
            if c.n == old and (c.id, c.quote) not in seen:
                seen.add((c.id, c.quote))
                citations.append(Citation.from_passage(passage, c.quote))
    return Answer(answer=text, citations=citations, found=True)


def with_sources(draft: CitedText, passages: Sequence[Passage]) -> str:
    """A checked draft as text followed by its numbered sources, readable on its own (exports, terminal)."""
    text, order = _renumbered(draft)
    by_number = dict(enumerate(passages, start=1))
    lines = [text, "", "Sources:"]
    for new, old in enumerate(order, start=1):
        passage = by_number[old]
        quote = next(c.quote for c in draft.citations if c.n == old)
        lines.append(f"[{new}] {citation_label(passage)}: “{quote}”")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- phrasing

_BRACKET = re.compile(r"\[[^\[\]\n]{1,400}\]")
_CURLY = re.compile(r"“[^“”]{1,3000}”")
_NUMBER = re.compile(r"[0-9]+")
_COMMAND = re.compile(r"(?<![\w/.])/[a-z]{2,10}\b")
# An action's status changes only when the team changes it; a reply never reports one it was not given.
_STATUS = re.compile(r"(?<![\w/])(?:complete[ds]?|done|finished|in progress)(?!\w)", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?<=[.!?:])[\"”')\]]*[ \t]+|\n+")


def facts(text: str) -> set[tuple[str, str]]:
    """What a rephrasing must keep: sources in brackets, quoted practice, numbers and dates, commands, ids,
    links and statuses."""
    found: set[tuple[str, str]] = set()
    for kind, pattern in (
        ("source", _BRACKET),
        ("quote", _CURLY),
        ("number", _NUMBER),
        ("command", _COMMAND),
        ("id", PASSAGE_ID),
        ("link", URL),
        ("link", SCRIPT_LINK),
    ):
        found.update((kind, " ".join(m.group().split())) for m in pattern.finditer(text))
    found.update(("status", " ".join(m.group().lower().split())) for m in _STATUS.finditer(text))
    return found


def _describe(items: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{kind} {value[:50]!r}" for kind, value in sorted(items)[:3])


class PhraseGuard:
    """Checks a rephrased reply as it streams; releases text a sentence at a time once it adds nothing new.

    `feed` returns the text that may be shown now; `finish` the rest, after checking nothing was dropped.
    Both raise Rejected; text already released stays valid (it only repeats facts of the original).
    """

    def __init__(self, original: str, restore: Callable[[str], str] | None = None) -> None:
        self.required = facts(original)
        self.restore = restore or (lambda text: text)
        self.buffer = ""
        self.released: list[str] = []
        # A reply that itself quotes such words (from a document) may keep them; a rephrasing may not add them.
        self.dismissal_allowed = dismisses_equity(original)
        self.meta_allowed = addresses_model(original) or leaks_instructions(original)
        self.negations_left = negations(original)

    def _check(self, text: str) -> str:
        text = for_terminal(self.restore(text))
        invented = facts(text) - self.required
        if invented:
            raise Rejected(f"the rephrasing adds {_describe(invented)}")
        if not self.dismissal_allowed and dismisses_equity(text):
            raise Rejected("the rephrasing says the equity checks are not needed")
        if not self.meta_allowed and (addresses_model(text) or leaks_instructions(text)):
            raise Rejected("the rephrasing talks about the model's instructions")
        self.negations_left -= negations(text)
        if self.negations_left < 0:
            raise Rejected("the rephrasing adds a negation")
        return text

    def _balanced(self, text: str) -> bool:
        return text.count("[") == text.count("]") and text.count("“") == text.count("”")

    def feed(self, chunk: str) -> str:
        self.buffer += chunk
        cut = 0
        for m in _BOUNDARY.finditer(self.buffer):
            if self._balanced(self.buffer[: m.end()]):
                cut = m.end()
        if not cut:
            return ""
        out = self._check(self.buffer[:cut])
        self.buffer = self.buffer[cut:]
        self.released.append(out)
        return out

    def finish(self) -> str:
        out = self._check(self.buffer) if self.buffer else ""
        self.buffer = ""
        self.released.append(out)
        whole = "".join(self.released)
        if not whole.strip():
            raise Rejected("the rephrasing is empty")
        missing = self.required - facts(whole)
        if missing:
            raise Rejected(f"the rephrasing drops {_describe(missing)}")
        return out


# ---------------------------------------------------------------------------------------- output escaping

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """No escape sequence or control character from a model reaches the terminal (they can rewrite the screen)."""
    return _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n")))


def for_html(text: str) -> str:
    """Model text shown in HTML: every tag and entity inert."""
    return html.escape(for_terminal(text), quote=True)


def for_markdown(text: str) -> str:
    """Model text inside Markdown: no raw HTML, no link or image (an image URL would be fetched, leaking data)."""
    text = html.escape(for_terminal(text), quote=False)
    return text.replace("![", "!\\[").replace("](", "]\\(")


def for_csv(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = for_terminal(text)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
