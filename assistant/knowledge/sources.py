"""Parse the bundled guidance documents into passages that follow their structure.

Three shapes occur: the tip sheets (a definition, then a tab-separated table whose cells hold HTML and whose rows
can continue after a repeated header at a page break), the action-planning guide (headings, definitions and
bulleted guiding questions with sub-bullets) and Markdown prose (headings, paragraphs, bold lead-in bullets, a
leadership behaviours table). The files are never edited; quirks are handled here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.knowledge import markdown
from assistant.knowledge.curated import find_driver, match_driver
from assistant.knowledge.text import PASSAGE_CHARS, clean_line, html_to_text, passage_id, shorten, split_long
from assistant.models import Driver, Passage, PassageKind

SEP = " › "
MAX_CHARS = PASSAGE_CHARS
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
_BULLET = re.compile(r"^\s*(?:[-*•]|o\s)\s*")


@dataclass
class _Builder:
    source: str
    passages: list[Passage] = field(default_factory=list)

    def add(
        self,
        text: str,
        section: list[str],
        kind: PassageKind,
        driver: Driver | None = None,
        *,
        domain: str | None = None,
        heading: str | None = None,
    ) -> None:
        text = text.strip()
        if not text:
            return
        self.passages.append(
            Passage(
                id=passage_id(self.source, kind.value, text),
                text=text,
                source=self.source,
                section=SEP.join(part for part in section if part),
                driver=driver,
                kind=kind,
                domain=domain,
                heading=heading,
                order=len(self.passages),
            )
        )


# --------------------------------------------------------------------------------------------- tip sheets


@dataclass
class _Row:
    consideration: str
    practice: str
    example: str


def _split_cells(line: str) -> list[str]:
    cells = line.split("\t")
    return ([*cells, "", "", ""])[:3]


def _join_cell(first: str, second: str) -> str:
    if not first:
        return second
    if not second:
        return first
    # A page break can fall mid-sentence ("receive and" / "use feedback"): join those lines as one.
    if re.search(r"[.;:!?]$", first) or second.startswith("- "):
        return f"{first}\n{second}"
    return f"{first} {second}"


def _is_header_row(cells: list[str]) -> bool:
    return cells[1].strip().startswith("Best Practices for Equitable Implementation")


def _tip_sheet_rows(lines: list[str]) -> list[_Row]:
    rows: list[_Row] = []
    after_break = False
    for line in lines:
        cells = _split_cells(line)
        if _is_header_row(cells):
            after_break = bool(rows)
            continue
        consideration, practice, example = (html_to_text(cell) for cell in cells)
        consideration = consideration.replace("\n", " ")
        previous = rows[-1] if rows else None
        continues = (
            previous is not None
            and after_break
            and (not consideration or not re.search(r"[.?!]$", previous.consideration))
        )
        if previous is not None and continues:
            previous.consideration = _join_cell(previous.consideration, consideration).replace("\n", " ")
            previous.practice = _join_cell(previous.practice, practice)
            previous.example = _join_cell(previous.example, example)
        else:
            rows.append(_Row(consideration, practice, example))
        after_break = False
    return rows


def _cell_parts(body: str, limit: int = MAX_CHARS) -> list[str]:
    """Keep a cell whole when short; otherwise split between its items so each passage stays readable."""
    if len(body) <= limit:
        return [body]
    parts: list[str] = []
    current = ""
    for line in body.split("\n"):
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        parts.append(current)
    return parts


def parse_tip_sheets(text: str, source: str) -> list[Passage]:
    out = _Builder(source)
    lines = text.splitlines()
    title = next(line.strip() for line in lines if line.strip())
    section: list[str] = [title]
    driver: Driver | None = None
    table: list[str] = []
    kind = PassageKind.summary
    lead_in = ""

    def flush_table() -> None:
        if not table or driver is None:
            table.clear()
            return
        for row in _tip_sheet_rows(table):
            head = row.consideration
            where = [*section, f"“{shorten(head, 60)}”"]
            for body, cell_kind, label in (
                (row.practice, PassageKind.best_practice, ""),
                (row.example, PassageKind.case_example, "Case example:\n"),
            ):
                for part in _cell_parts(body):
                    out.add(f"{head}\n{label}{part}", where, cell_kind, driver, heading=head)
        table.clear()

    for raw in lines[lines.index(next(line for line in lines if line.strip() == title)) + 1 :]:
        line = raw.strip()
        if not line or _FOOTNOTE.match(line):
            continue
        if "\t" in raw:
            table.append(raw)
            continue
        flush_table()
        if line.endswith("Best Practices") and len(line) < 80:
            driver = match_driver(line)
            section = [title, line.removesuffix(" Best Practices")]
            kind = PassageKind.definition
            continue
        if len(line) < 60 and not re.search(r"[.?]$", line):
            # A short line without a full stop is a heading of the introduction.
            section = [title, line.rstrip(":")]
            kind = PassageKind.equity if "equity" in line.lower() else PassageKind.summary
            continue
        if line.startswith("- "):
            out.add(clean_line(line[2:]), section, kind, driver, heading=lead_in or None)
            continue
        if line.endswith(":") and len(line) < 100:
            # A lead-in ("… include:") heads the bullets that follow; it says nothing on its own.
            lead_in = line
            continue
        for piece in split_long(clean_line(line)):
            out.add(piece, section, kind, driver)
    flush_table()
    return out.passages


# ---------------------------------------------------------------------------------- action-planning guide


def parse_planning_guide(text: str, source: str) -> list[Passage]:
    """Headings nest by what follows them: another heading (a group), a paragraph (a defined area), or bullets."""
    out = _Builder(source)
    lines = [line.rstrip() for line in text.splitlines()]
    items = [(i, line) for i, line in enumerate(lines) if line.strip()]
    title = items[0][1].strip()
    stack: list[tuple[int, str]] = []
    driver: Driver | None = None
    question: list[str] = []

    def section() -> list[str]:
        return [title, *(name for _, name in stack)]

    def flush_question() -> None:
        if question:
            head = question[0]
            out.add("\n".join(question), section(), PassageKind.guiding_question, driver, heading=head)
            question.clear()

    for n, (_, raw) in enumerate(items[1:], start=1):
        line = raw.strip()
        following = items[n + 1][1] if n + 1 < len(items) else ""
        is_bullet = raw.startswith("- ") or raw.startswith("• ")
        is_sub_bullet = bool(re.match(r"^\s+[-•o]\s", raw))
        if is_sub_bullet:
            question.append("- " + _BULLET.sub("", line).removeprefix("o ").strip())
            continue
        flush_question()
        if is_bullet:
            question.append(clean_line(line[2:]))
            continue
        if len(line) < 80 and not re.search(r"[.?:]$", line):
            if not following.strip().startswith(("- ", "• ")) and _looks_like_heading(following):
                level = 1
            elif following.startswith(("- ", "• ")):
                level = 3
            else:
                level = 2
            stack = [(lvl, name) for lvl, name in stack if lvl < level]
            stack.append((level, line))
            found = match_driver(line) or find_driver(line)
            driver = found if found is not None else (driver if level == 3 else None)
            continue
        kind = (
            PassageKind.definition
            if len(stack) > 0 and stack[-1][1] != "Implementation Drivers"
            else PassageKind.summary
        )
        for piece in split_long(clean_line(line)):
            out.add(piece, section(), kind, driver)
    flush_question()
    return out.passages


def _looks_like_heading(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) < 80 and not re.search(r"[.?:]$", line)


# ------------------------------------------------------------------------------------------ Markdown prose

_DOMAINS = {"lean in": "Lean In", "lift up": "Lift Up", "connect": "Connect", "culture": "Culture"}


def _paragraphs(text: str) -> Iterator[tuple[str, str]]:
    """Yield ("heading", "level<tab>text"), ("bullet", text), ("table", raw) and ("para", text) blocks."""
    for block in markdown.blocks(text, tab_rows=True):
        if block.kind == "heading":
            yield "heading", f"{block.level}\t{markdown.inline(block.text.replace('*', ''))}"
        elif block.kind == "tab_row":
            yield "table", block.text
        elif block.kind == "item" and block.text.startswith("- "):
            yield "bullet", markdown.inline(block.text[2:])
        elif block.kind == "row":
            yield "para", markdown.table_row(block.text)
        else:
            yield "para", markdown.inline(block.text)


def parse_markdown(text: str, source: str) -> list[Passage]:
    out = _Builder(source)
    headings: list[tuple[int, str]] = []
    doc_driver: Driver | None = None
    table_domains: list[str] = []
    lead_in = ""
    quotes: list[str] = []
    title = ""

    def section() -> list[str]:
        # The first heading titles the document: later headings at its level or above still sit under it.
        names = [name for _, name in headings]
        return names if not title or names[:1] == [title] else [title, *names]

    def current_driver() -> Driver | None:
        for _, name in reversed(headings):
            found = find_driver(name)
            if found is not None:
                return found
        return doc_driver

    def in_partner_roles() -> bool:
        return any("partner role" in name.lower() for _, name in headings)

    def kind_for_prose() -> PassageKind:
        return PassageKind.partner_role if in_partner_roles() else PassageKind.summary

    def flush_quotes() -> None:
        if quotes:
            out.add("\n".join(quotes), section(), kind_for_prose(), current_driver())
            quotes.clear()

    bullets: list[str] = []

    def flush_bullets() -> None:
        if not bullets:
            return
        kind = kind_for_prose()
        if all(len(item) < 150 for item in bullets) and sum(len(item) for item in bullets) < MAX_CHARS:
            # Short items only make sense together, under the heading that introduces them.
            head = lead_in or (section()[-1] if headings else "")
            body = "\n".join(f"- {item}" for item in bullets)
            out.add(f"{head}\n{body}" if head else body, section(), kind, current_driver(), heading=head or None)
        else:
            for item in bullets:
                driver = find_driver(item) if kind is PassageKind.summary else None
                out.add(item, section(), kind, driver or current_driver(), heading=lead_in or None)
        bullets.clear()

    for block, value in _paragraphs(text):
        if block != "bullet" or re.match(r"^(\w[\w ]*?):\s", value) or "stay in" in lead_in.lower():
            flush_bullets()
        continues_quote = block == "para" and (value.startswith(("“", '"')) or (bool(quotes) and value.startswith("-")))
        if not continues_quote:
            flush_quotes()
        if block == "heading":
            level_text, name = value.split("\t", 1)
            level = int(level_text)
            headings = [(lvl, h) for lvl, h in headings if lvl < level]
            headings.append((level, name))
            title = title or name
            if doc_driver is None and len(headings) == 1:
                doc_driver = find_driver(name)
            lead_in = ""
            continue
        if block == "table":
            cells = value.split("\t")
            if not table_domains:
                table_domains = [_domain_of(html_to_text(cell)) for cell in cells]
                continue
            for domain, cell in zip(table_domains, cells, strict=False):
                for item in html_to_text(cell).split("\n"):
                    item = item.removeprefix("- ").strip()
                    if item:
                        out.add(
                            item,
                            [*section(), domain],
                            PassageKind.leadership_behavior,
                            Driver.leadership,
                            domain=domain,
                        )
            continue
        if block == "bullet":
            lead = re.match(r"^(\w[\w ]*?):\s", value)
            if lead and lead.group(1).lower() in _DOMAINS:
                domain = _DOMAINS[lead.group(1).lower()]
                out.add(value, [*section(), domain], PassageKind.definition, current_driver(), domain=domain)
            elif "stay in" in lead_in.lower():
                out.add(
                    value, [*section(), "Stay In"], PassageKind.leadership_behavior, current_driver(), domain="Stay In"
                )
            else:
                bullets.append(value)
            continue
        # A paragraph
        if value.startswith(("“", '"')) or (quotes and value.startswith("-")):
            quotes.append(value)
            continue
        lead_in = value
        kind = kind_for_prose()
        driver = current_driver()
        subject = re.match(r"^([\w &-]+?) (?:refers|includes|include|is|are|should)\b", value)
        opening = match_driver(subject.group(1)) if subject else None
        if opening is not None and kind is PassageKind.summary:
            kind, driver = PassageKind.definition, opening
        for piece in split_long(value):
            out.add(piece, section(), kind, driver)
    flush_bullets()
    flush_quotes()
    return out.passages


def _domain_of(header: str) -> str:
    lowered = header.lower()
    for key, name in _DOMAINS.items():
        if lowered.startswith(key):
            return name
    return clean_line(header.split("\n")[0]).title()


# ------------------------------------------------------------------------------------------------ dispatch


def parse_source(path: Path) -> list[Passage]:
    """Passages of one bundled source document, chosen by its structure rather than its file name."""
    text = path.read_text(encoding="utf-8")
    if "Best Practices for Equitable Implementation" in text:
        return parse_tip_sheets(text, path.name)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.lower().endswith("planning guide"):
        return parse_planning_guide(text, path.name)
    return parse_markdown(text, path.name)


def bundled_sources(sources_dir: Path) -> list[Path]:
    return sorted(path for path in sources_dir.iterdir() if path.suffix == ".txt" and path.is_file())
