"""The plan as a Markdown document a district can file, read raw or render."""

from __future__ import annotations

import re

from assistant.export.content import (
    DUE_NOT_SET,
    EQUITY_LABELS,
    OWNER_NOT_SET,
    Sources,
    attention_text,
    check_title,
    clean,
    driver_name,
    due_text,
    iso,
    needs_attention,
    other_flags,
    owner_text,
    refs,
    shorten,
    source_label,
    stage_name,
    status_label,
    title,
)
from assistant.models import Action, ActionPlan

NONE = "—"

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


def _or_none(text: str) -> str:
    return text if text else NONE


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _metadata(plan: ActionPlan) -> list[str]:
    drivers = ", ".join(escape(driver_name(driver)) for driver in plan.drivers)
    updated = plan.updated.date().isoformat()
    return [
        f"- **School / district:** {_or_none(escape(plan.school))}",
        f"- **Team:** {_or_none(escape(plan.team))}",
        f"- **School year:** {_or_none(escape(plan.school_year))}",
        f"- **Stage:** {_or_none(escape(stage_name(plan.stage)))}",
        f"- **Drivers:** {_or_none(drivers)}",
        f"- **Plan name:** {_or_none(escape(plan.name))}",
        f"- **Version:** {plan.version} (updated {updated})",
    ]


def _warn(text: str) -> str:
    """Our own warnings in bold so they stand out in a rendered table."""
    return f"**{escape(text)}**"


def _action_row(action: Action, sources: Sources) -> str:
    description = escape(action.description)
    numbers = sources.numbers(action.citations)
    if numbers:
        description += " " + refs(numbers)
    for flag in other_flags(action):
        description += "<br>" + _warn(flag)
    owner = owner_text(action)
    due = due_text(action)
    return _row(
        [
            str(action.number),
            description,
            _or_none(escape(driver_name(action.driver))),
            _warn(owner) if owner.startswith(OWNER_NOT_SET) else escape(owner),
            _or_none(iso(action.start)),
            _warn(due) if due == DUE_NOT_SET else due,
            _or_none(escape(action.recurrence or "")),
            _or_none("; ".join(escape(item) for item in action.resources if item.strip())),
            _or_none("; ".join(escape(item) for item in action.measures if item.strip())),
            status_label(action),
        ]
    )


def _actions(plan: ActionPlan, sources: Sources) -> list[str]:
    lines = ["## Actions", ""]
    if not plan.actions:
        return [*lines, "_No actions yet._"]
    lines.append(
        _row(
            [
                "#",
                "Action",
                "Driver",
                "Owner",
                "Start",
                "Due",
                "Recurrence",
                "Resources",
                "Measures of success",
                "Status",
            ]
        )
    )
    lines.append("|---:|---|---|---|---|---|---|---|---|---|")
    lines.extend(_action_row(action, sources) for action in plan.actions)
    if sources.citations:
        lines += ["", "Numbers in brackets refer to the Sources at the end of the plan."]
    return lines


def _equity_review(plan: ActionPlan, sources: Sources) -> list[str]:
    lines = ["## Equity review"]
    if not any(action.equity_checks for action in plan.actions):
        return [*lines, "", "_No equity checks yet._"]
    for action in plan.actions:
        lines += ["", f"### Action {action.number}: {escape(shorten(action.description), breaks=' ')}", ""]
        if not action.equity_checks:
            lines.append("_No equity check recorded for this action._")
            continue
        lines += [_row(["Check", "Status", "Reason", "Source"]), "|---|---|---|---|"]
        for result in action.equity_checks:
            source = refs([sources.number(result.citation)]) if result.citation else NONE
            lines.append(
                _row(
                    [
                        escape(check_title(result)),
                        EQUITY_LABELS[result.status],
                        _or_none(escape(result.reason)),
                        source,
                    ]
                )
            )
    return lines


def _attention(plan: ActionPlan, sources: Sources) -> list[str]:
    lines = ["## Needs attention across the plan", ""]
    items = needs_attention(plan)
    if not items:
        return [*lines, "No equity check needs attention."]
    for item in items:
        what = attention_text(item.reasons, escape)
        numbers = sources.numbers(item.citations)
        cited = f" {refs(numbers)}" if numbers else ""
        lines.append(f"- **{escape(item.title)}** — {what}{cited}")
    return lines


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
    lines = [f"# {escape(title(plan), breaks=' ')}", "", *_metadata(plan), ""]
    lines += [*_actions(plan, sources), ""]
    lines += [*_equity_review(plan, sources), ""]
    lines += [*_attention(plan, sources), ""]
    lines += _sources(sources)
    return ("\n".join(lines) + "\n").encode("utf-8")
