"""HTML for the chat, the equity details and answers: every piece of text is escaped, citations become expanders.

Replies, plan fields and passages can hold anything a team or a document typed, so nothing reaches the page
unescaped; the only markup is the one written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from assistant.dialogue.plan_mode import driver_name, stage_name
from assistant.knowledge.citations import section_label, source_title
from assistant.models import ActionPlan, Answer, Citation, EquityCheckResult, Passage, Session

if TYPE_CHECKING:
    from assistant.models import CoachGuide, ReflectionSet

# A citation as replies print it: "[section — source]" (see assistant.dialogue.plan_mode.cite).
CITATION = re.compile(r"\[([^\[\]\n]+) — ([^\[\]\n—]+)\]")
STATUS_MARK = {"met": "✓", "needs_attention": "⚠", "not_applicable": "–"}
STATUS_WORDS = {"met": "met", "needs_attention": "needs attention", "not_applicable": "does not apply"}

Lookup = Callable[[str, str], Passage | None]


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


def message_html(text: str, lookup: Lookup | None = None) -> str:
    """A chat message: the text as typed, with each "[section — source]" made an expander over its passage."""
    out = []
    last = 0
    for match in CITATION.finditer(text):
        section, source = match.group(1).strip(), match.group(2).strip()
        # Replies name a document by its title; transcripts saved before that by its file name.
        passage = (lookup(section, source) or lookup(section, source_title(source))) if lookup else None
        out.append(escape(text[last : match.start()]))
        if passage is None:
            out.append(escape(f"[{section} — {source_title(source)}]"))
        else:
            out.append(expander(_label(section, source), section, source, _passage_body(passage)))
        last = match.end()
    out.append(escape(text[last:]))
    return f'<div class="cip-msg">{"".join(out)}</div>'


def history(session: Session, lookup: Lookup | None = None) -> list[dict[str, str]]:
    """The saved transcript as chat messages."""
    return [{"role": turn.role, "content": message_html(turn.text, lookup)} for turn in session.transcript]


def plan_heading(plan: ActionPlan) -> str:
    drivers = ", ".join(driver_name(d) for d in plan.drivers) or "drivers not chosen yet"
    n = len(plan.actions)
    return (
        f'<div class="cip-heading"><strong>{escape(plan.name)}</strong> · '
        f"{escape(plan.initiative or 'initiative not set yet')} · stage: {escape(stage_name(plan.stage))} · "
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
        attention = sum(1 for c in action.equity_checks if c.status == "needs_attention")
        met = sum(1 for c in action.equity_checks if c.status == "met")
        summary = f"{action.number}. {action.description[:90]}{'…' if len(action.description) > 90 else ''}"
        checks = "".join(_check_html(c) for c in action.equity_checks) or "<li>No equity checks ran.</li>"
        sources = "".join(
            expander(_label(c.section, c.source, "source: "), c.section, c.source, _passage_body(None, c.quote))
            for c in action.citations
        )
        parts.append(
            f'<details class="cip-action"><summary>{escape(summary)} <span class="cip-badge">✓{met} ⚠{attention}'
            f"</span></summary><ul>{checks}</ul>{sources}</details>"
        )
    return "".join(parts)


def answer_html(answer: Answer, text: str | None = None, lookup: Callable[[str], Passage | None] | None = None) -> str:
    """An answer (or the part of it shown so far) and, when complete, one expander per cited passage."""
    body = escape(answer.answer if text is None else text)
    if text is not None and text != answer.answer:
        return f'<div class="cip-answer">{body}</div>'
    numbers: dict[str, int] = {}
    cites: list[Citation] = []
    for citation in answer.citations:
        if citation.id not in numbers:
            numbers[citation.id] = len(numbers) + 1
            cites.append(citation)
    items = []
    for c in cites:
        passage = lookup(c.id) if lookup else None
        # Two passages can share a heading (a practice and its case example); the kind tells them apart.
        kind = f"{passage.kind.value.replace('_', ' ')} · " if passage is not None else ""
        label = _label(c.section, c.source, f"[{numbers[c.id]}] {kind}")
        items.append(expander(label, c.section, c.source, _passage_body(passage, c.quote)))
    sources = f'<div class="cip-sources"><h4>Sources</h4>{"".join(items)}</div>' if items else ""
    return f'<div class="cip-answer">{body}</div>{sources}'


def _cited(text: str, citation: Citation, lookup: Callable[[str], Passage | None] | None) -> str:
    passage = lookup(citation.id) if lookup else None
    source = expander(
        _label(citation.section, citation.source, "source: "),
        citation.section,
        citation.source,
        _passage_body(passage, citation.quote),
    )
    return f"<li>{escape(text)}<br>{source}</li>"


def guide_html(guide: CoachGuide, lookup: Callable[[str], Passage | None] | None = None) -> str:
    """A coaching conversation guide: its sections, each item with the passage it draws on."""
    facts = [f"Driver: {driver_name(guide.driver)}", f"Stage: {stage_name(guide.stage)}"]
    if guide.cues:
        facts.append("Read from the context: " + "; ".join(guide.cues))
    parts = [f'<p class="cip-facts">{escape(" · ".join(facts))}</p>']
    for section in guide.sections:
        if not section.items:
            continue
        items = "".join(_cited(item.text, item.citation, lookup) for item in section.items)
        parts.append(f'<h4>{escape(section.title)}</h4><ul class="cip-guide">{items}</ul>')
    return f'<div class="cip-document">{"".join(parts)}</div>'


TIMING_TITLES = {"before": "Before the session", "during": "During the session", "after": "After the session"}


def prompts_html(prompts: ReflectionSet, lookup: Callable[[str], Passage | None] | None = None) -> str:
    """Reflection prompts grouped by when to use them, each with its level and the passage behind it."""
    facts = [
        f"Driver: {driver_name(prompts.driver)}",
        f"Stage: {stage_name(prompts.stage) if prompts.stage else 'any'}",
        f"For: {prompts.audience or 'any audience'}",
        f"Set {prompts.seed}",
    ]
    parts = [f'<p class="cip-facts">{escape(" · ".join(facts))}</p>']
    for timing, title in TIMING_TITLES.items():
        chosen = [p for p in prompts.prompts if p.timing == timing]
        if chosen:
            items = "".join(_cited(f"({p.level}) {p.text}", p.citation, lookup) for p in chosen)
            parts.append(f'<h4>{escape(title)}</h4><ol class="cip-guide">{items}</ol>')
    return f'<div class="cip-document">{"".join(parts)}</div>'
