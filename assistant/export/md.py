"""The plan as a Markdown document a district can file, read raw or render."""

from __future__ import annotations

import re

from assistant.export.content import (
    DUE_NOT_SET,
    OWNER_NOT_SET,
    Sources,
    clean,
    cover_lines,
    dates_text,
    driver_name,
    equity_rows,
    equity_summary,
    is_ongoing,
    note_text,
    other_flags,
    owner_text,
    plan_items,
    refs,
    source_label,
    status_with_standing,
)
from assistant.export.docx import ACTION_HEADERS, SIGN_OFF_HEADERS
from assistant.models import Action, ActionPlan

# Everything that changes meaning inline, including '|' which would split a table cell, and '#' which
# would close a heading. Backslash escapes are plain CommonMark, so the raw file stays readable.
_INLINE = re.compile(r"([\\`*\[\]|~#])")
# An underscore inside a word cannot start emphasis, so file names like "tip_sheet.txt" stay as typed.
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# Only '&' that starts an entity is escaped, so "Implementation & Fidelity" stays readable in the raw file.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Text that opens a block (list item, quote, heading, setext underline) only does so at the start of a line.
_BLOCK_MARK = re.compile(r"^([+\-=])")
_BLOCK_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: str, breaks: str = "<br>") -> str:
    """User text as literal Markdown: no markup, no HTML, and its line breaks kept inside one table cell."""
    text = _ENTITY.sub("&amp;", clean(text))
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    joined = breaks.join(line for line in lines if line)
    return _BLOCK_NUMBER.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\\\1", joined))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cover(plan: ActionPlan) -> list[str]:
    lines = ["# Continuous Improvement Plan", ""]
    subject = plan.initiative.strip() or plan.name.strip()
    if subject:
        lines += [f"**{escape(subject, breaks=' ')}**", ""]
    lines += [f"- **{label}:** {escape(value, breaks=' ')}" for label, value in cover_lines(plan)]
    for heading, items in (("Goals", plan_items(plan.goals)), ("Measures of success", plan_items(plan.measures))):
        if items:
            lines += ["", f"## {heading}", "", *(f"- {escape(item)}" for item in items)]
    return lines


def _warn(text: str) -> str:
    """Our own warnings in bold so they stand out in a rendered table."""
    return f"**{escape(text)}**"


def _action_cell(action: Action, sources: Sources) -> str:
    cell = f"**{escape(action.description, breaks=' ')}**"
    numbers = sources.numbers(action.citations)
    if numbers:
        cell += " " + refs(numbers)
    note = note_text(action)
    if note:
        cell += f"<br>_In the team's words:_ “{escape(note)}”"
    driver = driver_name(action.driver)
    if driver:
        cell += f"<br>{escape(driver)}"
    for flag in other_flags(action):
        cell += "<br>" + _warn(flag)
    return cell


def _dates_cell(action: Action) -> str:
    start, due = dates_text(action)
    if due == DUE_NOT_SET:
        return f"{start} → {_warn(due)}" if start else _warn(due)
    if is_ongoing(action):
        return f"{start} → {escape(due)}" if start else escape(due)
    return f"{start} → {due}" if start else f"due {due}"


def _action_row(action: Action, sources: Sources) -> str:
    owner = owner_text(action)
    return _row(
        [
            str(action.number),
            _action_cell(action, sources),
            _warn(owner) if owner.startswith(OWNER_NOT_SET) else escape(owner),
            _dates_cell(action),
            escape(action.recurrence or "") or "once",
            "<br>".join(escape(item) for item in plan_items(action.resources)),
            "<br>".join(escape(item) for item in plan_items(action.measures)),
            status_with_standing(action),
        ]
    )


def _actions(plan: ActionPlan, sources: Sources) -> list[str]:
    lines = ["## Actions", ""]
    if not plan.actions:
        return [*lines, "_No actions yet._"]
    lines.append(_row(list(ACTION_HEADERS)))
    lines.append("|---:|---|---|---|---|---|---|---|")
    lines.extend(_action_row(action, sources) for action in plan.actions)
    if sources.citations:
        lines += ["", "Numbers in brackets refer to the Sources at the end of the plan."]
    return lines


def _equity_review(plan: ActionPlan, sources: Sources) -> list[str]:
    rows = equity_rows(plan)
    lines = ["## Equity review", "", equity_summary(rows)]
    applying = [row for row in rows if row.applies]
    if applying:
        actions = [action for action in plan.actions if action.equity_checks]
        lines += ["", _row(["Equity check", *(f"Action {action.number}" for action in actions)])]
        lines.append("|---" * (1 + len(actions)) + "|")
        for check in applying:
            head = f"**{escape(check.title)}**"
            if check.missing:
                head += f"<br>What is missing: {escape(check.missing)}"
            numbers = sources.numbers(check.citations)
            if numbers:
                head += f"<br>Practice: {refs(numbers)}"
            cells = []
            for action in actions:
                status, detail = check.cell(action.number)
                shown = f"**{status}**" if action.number in check.attention else status
                cells.append(shown + (f"<br>{escape(detail)}" if detail else ""))
            lines.append(_row([head, *cells]))
    elsewhere = [escape(row.title) for row in rows if not row.applies]
    if elsewhere:
        lines += ["", f"Not applicable to any of these actions: {'; '.join(elsewhere)}."]
    return lines


def _sign_off() -> list[str]:
    return [
        "## Review and sign-off",
        "",
        _row(list(SIGN_OFF_HEADERS)),
        "|---|---|---|---|",
        _row(["", "", "", ""]),
        _row(["", "", "", ""]),
    ]


def _sources(sources: Sources) -> list[str]:
    lines = ["## Sources", ""]
    if not sources.citations:
        return [*lines, "_No sources cited._"]
    for number, citation in enumerate(sources.citations, start=1):
        lines.append(f"{number}. {escape(source_label(citation), breaks=' ')}")
        # Three spaces keep the quote inside the numbered item.
        quote = escape(citation.quote)
        if quote:
            lines.append(f"   > “{quote}”")
    return lines


def render(plan: ActionPlan) -> bytes:
    sources = Sources.of(plan)
    lines = [*_cover(plan), ""]
    lines += [*_actions(plan, sources), ""]
    lines += [*_equity_review(plan, sources), ""]
    lines += [*_sign_off(), ""]
    lines += _sources(sources)
    return ("\n".join(lines) + "\n").encode("utf-8")
