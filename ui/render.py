"""HTML for the chat, the equity details and answers: every piece of text is escaped, citations become expanders.

Replies, plan fields and passages can hold anything a team or a document typed, so nothing reaches the page
unescaped; the only markup is the one written here. A reply is drawn from its events, by type: the words are the
ones the terminal shows (`assistant.dialogue.render_text`), and each citation an event carries opens on the
passage it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape

from assistant.dialogue.events import Event, GuideMore, GuideShown, PromptsMore, PromptsShown
from assistant.dialogue.render_guide import GUIDE_MORE, PROMPTS_MORE
from assistant.dialogue.render_text import Ref, cite, event_pieces, same_block
from assistant.dialogue.session import Session
from assistant.knowledge.citations import citation_label, section_label, source_title
from assistant.knowledge.curated import driver_name, stage_name
from assistant.models import ActionPlan, Answer, Citation, EquityCheckResult, GuideSection, Passage
from ui.state import equity_badge

STATUS_MARK = {"met": "✓", "needs_attention": "⚠", "not_applicable": "–"}
STATUS_WORDS = {"met": "met", "needs_attention": "needs attention", "not_applicable": "does not apply"}

# The passage a citation names, by its id.
Lookup = Callable[[str], Passage | None]


def _passage_body(passage: Passage | None, quote: str = "") -> str:
    text = passage.text if passage is not None else quote
    return f'<div class="cip-passage">{escape(text)}</div>'


def expander(label: str, section: str, source: str, body: str) -> str:
    """A citation that opens to show the passage it cites, and where it comes from."""
    return (
        f'<details class="cip-cite"><summary>{escape(label)}</summary>{body}'
        f'<div class="cip-source">{escape(section_label(section, source))}</div></details>'
    )


def _label(section: str, source: str, prefix: str = "") -> str:
    """The passage's own heading and the title of the document it is in: "consideration — document"."""
    parts = [p for p in section.split(" › ") if p]
    document = section_label(section, source).split(" › ")[0]
    return f"{prefix}{parts[-1] if len(parts) > 1 else document} — {document}"


# The terminal's instructions, as the page says them: what to click rather than what to type in a shell.
_WEB_WORDS = (
    (
        re.compile(r"Export it with: cip-assistant plan export .+? --format \S+ --out \S+"),
        "Use the export buttons beside the plan (Word, Markdown, CSV, JSON or Calendar) to download it.",
    ),
    (re.compile(r"with `cip-assistant index(?: PATH)?`"), "in the Knowledge base tab"),
    (re.compile(r"run `cip-assistant index(?: --rebuild)?`"), "ask whoever runs this server to rebuild the index"),
    (re.compile(r"`cip-assistant plan list` shows the saved ones"), "“Resume a saved plan” lists the saved ones"),
    (re.compile(r"`cip-assistant plan delete [^`]*`"), "“Delete this plan…”"),
    (re.compile(r"`cip-assistant plan export \S+ --format report-md` writes"), "“Progress report (Word)” below writes"),
    (re.compile(r"`cip-assistant chat --mode checkin` starts"), "“Start or pick up the check-in” starts"),
)


def web_words(text: str) -> str:
    """A reply or a sentence as the web page says it: command lines replaced by the buttons and tabs to use."""
    for pattern, words in _WEB_WORDS:
        text = pattern.sub(words, text)
    return text


def reply_html(text: str) -> str:
    """A reply of the assistant's, as plain text (while it streams, or reworded by a model): escaped, in web words."""
    return message_html(web_words(text))


def message_html(text: str) -> str:
    """A chat message as typed (or a saved reply from before replies kept their events): escaped, nothing more."""
    return f'<div class="cip-msg">{escape(text)}</div>'


def _cite_html(citation: Citation, lookup: Lookup | None, bare: bool = False) -> str:
    passage = lookup(citation.id) if lookup else None
    if passage is None and not citation.quote:
        return escape(citation_label(citation) if bare else cite(citation))
    return expander(
        _label(citation.section, citation.source),
        citation.section,
        citation.source,
        _passage_body(passage, citation.quote),
    )


def events_html(events: Sequence[Event], lookup: Lookup | None = None) -> str:
    """A reply drawn from its events: each event's words, escaped, and each citation an expander over its passage."""
    out = []
    previous = None
    for event in events:
        layout = _LAYOUTS.get(type(event))
        pieces = event_pieces(event) if layout is None else []
        if layout is None and not pieces:
            continue
        if previous is not None:
            out.append("\n" if same_block(previous, event) else "\n\n")
        previous = event
        if layout is not None:
            out.append(f'<div class="cip-ev cip-ev-{escape(event.type)}">{layout(event, lookup)}</div>')
            continue
        body = "".join(
            escape(web_words(piece))
            if isinstance(piece, str)
            else _cite_html(piece.citation, lookup, bare=True)
            if isinstance(piece, Ref)
            else _cite_html(piece, lookup)
            for piece in pieces
        )
        out.append(f'<span class="cip-ev cip-ev-{escape(event.type)}">{body}</span>')
    return f'<div class="cip-msg">{"".join(out)}</div>'


def citations_html(events: Sequence[Event], lookup: Lookup | None = None) -> str:
    """The citations a reply's events carry, as expanders (under a reply a model reworded)."""
    seen: dict[str, Citation] = {}
    for event in events:
        for piece in event_pieces(event):
            citation = piece.citation if isinstance(piece, Ref) else piece if isinstance(piece, Citation) else None
            if citation is not None:
                seen.setdefault(citation.id, citation)
    if not seen:
        return ""
    return '<div class="cip-sources">' + "".join(_cite_html(c, lookup) for c in seen.values()) + "</div>"


# A bundled document's stored file name, as replies saved before they kept their events may name it.
_STORED_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def turn_html(text: str, events: Sequence[Event] | None, lookup: Lookup | None = None) -> str:
    """A saved turn: drawn from its events, or (saved before replies kept them) its text with documents by title."""
    if events:
        return events_html(events, lookup)
    return reply_html(_STORED_NAME.sub(lambda m: source_title(m.group(0)), text))


def history(session: Session, lookup: Lookup | None = None) -> list[dict[str, str]]:
    """The saved transcript as chat messages."""
    return [{"role": turn.role, "content": turn_html(turn.text, turn.events, lookup)} for turn in session.transcript]


def plan_heading(plan: ActionPlan) -> str:
    drivers = ", ".join(driver_name(d) for d in plan.drivers) or "drivers not chosen yet"
    n = len(plan.actions)
    # "Lincoln Elementary · 3rd grade team": whose plan it is, when the team said so
    whose = " · ".join(escape(part) for part in (plan.school, plan.team) if part.strip())
    return (
        f'<div class="cip-heading"><strong>{escape(plan.name)}</strong> · '
        + (f'<span class="cip-whose">{whose}</span> · ' if whose else "")
        + f"{escape(plan.initiative or 'initiative not set yet')} · stage: {escape(stage_name(plan.stage))} · "
        f"{escape(drivers)} · {n} action{'s' if n != 1 else ''}</div>"
    )


def _check_html(check: EquityCheckResult) -> str:
    title = check.title or check.check.replace("_", " ")
    words = STATUS_WORDS.get(check.status, check.status)
    # Some reasons already open with the verdict ("met: 'break results down by race'").
    reason = check.reason if check.reason.lower().startswith(words) else f"{words}: {check.reason}"
    line = (
        f'<span class="cip-{escape(check.status)}">{STATUS_MARK.get(check.status, "?")} {escape(title)}</span>'
        f" — {escape(reason)}"
    )
    if check.citation is not None:
        cite = check.citation
        line += expander(
            _label(cite.section, cite.source, "practice: "), cite.section, cite.source, _passage_body(None, cite.quote)
        )
    return f"<li>{line}</li>"


def equity_html(plan: ActionPlan) -> str:
    """Per action, its equity checks with reasons and the practice each one cites."""
    if not plan.actions:
        return '<p class="cip-empty">Equity checks appear here for each action.</p>'
    parts = []
    for action in plan.actions:
        summary = f"{action.number}. {action.description[:90]}{'…' if len(action.description) > 90 else ''}"
        checks = "".join(_check_html(c) for c in action.equity_checks) or "<li>No equity checks ran.</li>"
        sources = "".join(
            expander(_label(c.section, c.source, "source: "), c.section, c.source, _passage_body(None, c.quote))
            for c in action.citations
        )
        parts.append(
            f'<details class="cip-action"><summary>{escape(summary)} <span class="cip-badge">'
            f"{escape(equity_badge(action))}</span></summary><ul>{checks}</ul>{sources}</details>"
        )
    return "".join(parts)


# A citation mark as answers write it: "[2]".
_MARK = re.compile(r"\[(\d{1,3})\]")


def source_anchor(turn: int, number: int) -> str:
    """The id of source `number` under the answer of turn `turn`, which that answer's marks link to."""
    return f"cip-ask-{turn}-source-{number}"


def linked_text(text: str, turn: int, count: int) -> str:
    """An answer's words, escaped, each mark of a listed source a link to it; other brackets stay words."""
    out, last = [], 0
    for match in _MARK.finditer(text):
        number = int(match.group(1))
        if not 1 <= number <= count:
            continue
        out.append(escape(web_words(text[last : match.start()])))
        out.append(
            f'<a class="cip-ref" href="#{source_anchor(turn, number)}" '
            f'title="Source {number}, listed under the answer">[{number}]</a>'
        )
        last = match.end()
    out.append(escape(web_words(text[last:])))
    return "".join(out)


def answer_html(answer: Answer, text: str | None = None, lookup: Lookup | None = None, turn: int = 1) -> str:
    """An answer (or the part of it shown so far), its marks linked to its sources, and, when complete, one
    numbered expander per cited passage; `turn` keeps the links of one answer apart from another's."""
    first: dict[str, Citation] = {}
    for citation in answer.citations:
        first.setdefault(citation.id, citation)
    cites = list(first.values())
    body = f'<div class="cip-answer">{linked_text(answer.answer if text is None else text, turn, len(cites))}</div>'
    if text is not None and text != answer.answer:
        return body
    items = []
    for number, c in enumerate(cites, start=1):
        passage = lookup(c.id) if lookup else None
        # Two passages can share a heading (a practice and its case example); the kind tells them apart.
        kind = f"{passage.kind.value.replace('_', ' ')} · " if passage is not None else ""
        label = _label(c.section, c.source, f"[{number}] {kind}")
        # The anchor sits on the passage, so following a mark opens the source as well as scrolling to it.
        words = escape(passage.text if passage is not None else c.quote)
        inner = f'<div class="cip-passage" id="{source_anchor(turn, number)}">{words}</div>'
        items.append(expander(label, c.section, c.source, inner))
    sources = f'<div class="cip-sources"><h4>Sources</h4>{"".join(items)}</div>' if items else ""
    return body + sources


# ------------------------------------------------------------------------------------------ coach and reflect


def _cited(text: str, citation: Citation, lookup: Lookup | None) -> str:
    passage = lookup(citation.id) if lookup else None
    source = expander(
        _label(citation.section, citation.source, "source: "),
        citation.section,
        citation.source,
        _passage_body(passage, citation.quote),
    )
    return f"<li>{escape(text)}<br>{source}</li>"


def _facts(facts: Sequence[str]) -> str:
    return f'<p class="cip-facts">{escape(" · ".join(facts))}</p>'


def _sections_html(sections: Sequence[GuideSection], lookup: Lookup | None) -> list[str]:
    parts = []
    for section in sections:
        if section.items:
            items = "".join(_cited(item.text, item.citation, lookup) for item in section.items)
            parts.append(f'<h4>{escape(section.title)}</h4><ul class="cip-guide">{items}</ul>')
    return parts


def _guide_shown(event: GuideShown, lookup: Lookup | None) -> str:
    """A coaching conversation guide: its sections, each item with the passage it draws on."""
    guide = event.guide
    facts = [f"Driver: {driver_name(guide.driver)}", f"Stage: {stage_name(guide.stage)}"]
    if guide.cues:
        facts.append("Read from the context: " + "; ".join(guide.cues))
    return f'<div class="cip-document">{_facts(facts)}{"".join(_sections_html(guide.sections, lookup))}</div>'


def _guide_more(event: GuideMore, lookup: Lookup | None) -> str:
    """What "more" adds to a guide, by section."""
    parts = _sections_html(event.sections, lookup)
    return f'<div class="cip-document"><p>{escape(GUIDE_MORE)}</p>{"".join(parts)}</div>'


TIMING_TITLES = {"before": "Before the session", "during": "During the session", "after": "After the session"}


def _prompts_shown(event: PromptsShown, lookup: Lookup | None) -> str:
    """Reflection prompts grouped by when to use them, each with its level and the passage behind it."""
    prompts = event.prompts
    facts = [
        f"Driver: {driver_name(prompts.driver)}",
        f"Stage: {stage_name(prompts.stage) if prompts.stage else 'any'}",
        f"For: {prompts.audience or 'any audience'}",
    ]
    parts = [_facts(facts)]
    for timing, title in TIMING_TITLES.items():
        chosen = [p for p in prompts.prompts if p.timing == timing]
        if chosen:
            items = "".join(_cited(f"({p.level}) {p.text}", p.citation, lookup) for p in chosen)
            parts.append(f'<h4>{escape(title)}</h4><ol class="cip-guide">{items}</ol>')
    return f'<div class="cip-document">{"".join(parts)}</div>'


def _prompts_more(event: PromptsMore, lookup: Lookup | None) -> str:
    """The prompts "more" adds, numbered on from the set, each with when to use it and its passage."""
    items = "".join(_cited(f"({p.timing} · {p.level}) {p.text}", p.citation, lookup) for p in event.prompts)
    return (
        f'<div class="cip-document"><p>{escape(PROMPTS_MORE)}</p>'
        f'<ol class="cip-guide" start="{event.first}">{items}</ol></div>'
    )


# The events the page draws with their own layout (a document with a source under each item) rather than as the
# terminal's lines; every other event is drawn from its words.
_LAYOUTS: dict[type, Callable[..., str]] = {
    GuideShown: _guide_shown,
    GuideMore: _guide_more,
    PromptsShown: _prompts_shown,
    PromptsMore: _prompts_more,
}
