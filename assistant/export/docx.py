"""The plan as a Word document: a summary page, then the wide action and equity tables on landscape pages."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

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
    one_line,
    other_flags,
    owner_text,
    refs,
    source_label,
    stage_name,
    status_label,
    title,
    utc,
)
from assistant.models import ActionPlan

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell

NONE = "—"
TABLE_STYLE = "Table Grid"
ACTION_HEADERS = (
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
)
# Inches on a landscape Letter page with 0.6" margins (9.8" of room); Word keeps widths set on every cell.
ACTION_WIDTHS = (0.35, 2.0, 0.95, 1.05, 0.8, 0.85, 0.8, 1.2, 1.2, 0.6)
EQUITY_HEADERS = ("Action", "Check", "Status", "Reason", "Source")
EQUITY_WIDTHS = (0.6, 2.2, 1.1, 5.2, 0.7)
# Light fills so a printed copy still shows at a glance which checks need attention.
STATUS_FILLS = {"met": "E2EFDA", "needs_attention": "FCE4D6", "not_applicable": "EDEDED"}
TABLE_FONT_PT = 9


def _text(cell: _Cell, text: str, *, bold: bool = False) -> None:
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(TABLE_FONT_PT)


def _add_line(cell: _Cell, text: str, *, bold: bool = False) -> None:
    from docx.shared import Pt

    run = cell.add_paragraph().add_run(text)
    run.bold = bold
    run.font.size = Pt(TABLE_FONT_PT)


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document: Document, headers: tuple[str, ...], widths: tuple[float, ...], rows: int) -> Table:
    """A table with a header row and `rows` empty rows, every cell at its column's width."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches

    table: Table = document.add_table(rows=1 + rows, cols=len(headers))
    table.style = TABLE_STYLE
    table.autofit = False
    header = table.rows[0]
    # A long table breaks across pages; the header row repeats so every page can be read alone.
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        _text(cell, text, bold=True)
        _shade(cell, "D9E2F3")
    for column, width in zip(table.columns, widths, strict=True):
        # Word reads the cell widths, LibreOffice the column grid; both are set so the table looks the same in each.
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)
    return table


def _metadata(document: Document, plan: ActionPlan) -> None:
    rows = [
        ("School / district", one_line(plan.school)),
        ("Team", one_line(plan.team)),
        ("School year", one_line(plan.school_year)),
        ("Stage", stage_name(plan.stage)),
        ("Drivers", ", ".join(driver_name(driver) for driver in plan.drivers)),
        ("Plan name", one_line(plan.name)),
        ("Version", f"{plan.version} (updated {plan.updated.date().isoformat()})"),
    ]
    table: Table = document.add_table(rows=len(rows), cols=2)
    table.style = TABLE_STYLE
    for row, (label, value) in zip(table.rows, rows, strict=True):
        cells = row.cells
        _text(cells[0], label, bold=True)
        _text(cells[1], value or NONE)


def _attention(document: Document, plan: ActionPlan, sources: Sources) -> None:
    document.add_heading("Needs attention across the plan", level=1)
    items = needs_attention(plan)
    if not items:
        document.add_paragraph("No equity check needs attention.")
        return
    for item in items:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(item.title).bold = True
        what = attention_text(item.reasons)
        numbers = sources.numbers(item.citations)
        paragraph.add_run(f" — {what}" + (f" {refs(numbers)}" if numbers else ""))


def _landscape(document: Document) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Inches

    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    if width is not None and height is not None and height > width:
        section.page_width, section.page_height = height, width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.6))


def _actions(document: Document, plan: ActionPlan, sources: Sources) -> None:
    document.add_heading("Actions", level=1)
    if not plan.actions:
        document.add_paragraph("No actions yet.")
        return
    table = _table(document, ACTION_HEADERS, ACTION_WIDTHS, len(plan.actions))
    for row, action in zip(table.rows[1:], plan.actions, strict=True):
        cells = row.cells
        numbers = sources.numbers(action.citations)
        owner, due = owner_text(action), due_text(action)
        _text(cells[0], str(action.number))
        _text(cells[1], clean(action.description).strip() + (f" {refs(numbers)}" if numbers else ""))
        for flag in other_flags(action):
            _add_line(cells[1], flag, bold=True)
        _text(cells[2], driver_name(action.driver) or NONE)
        _text(cells[3], owner, bold=owner.startswith(OWNER_NOT_SET))
        _text(cells[4], iso(action.start) or NONE)
        _text(cells[5], due, bold=due == DUE_NOT_SET)
        _text(cells[6], one_line(action.recurrence or "") or NONE)
        for cell, items in ((cells[7], action.resources), (cells[8], action.measures)):
            lines = [clean(item).strip() for item in items if item.strip()]
            _text(cell, lines[0] if lines else NONE)
            for line in lines[1:]:
                _add_line(cell, line)
        _text(cells[9], status_label(action))
    if sources.citations:
        document.add_paragraph("Numbers in brackets refer to the Sources at the end of the plan.")


def _equity(document: Document, plan: ActionPlan, sources: Sources) -> None:
    document.add_heading("Equity review", level=1)
    if not any(action.equity_checks for action in plan.actions):
        document.add_paragraph("No equity checks yet.")
        return
    checks = [(action.number, result) for action in plan.actions for result in action.equity_checks]
    table = _table(document, EQUITY_HEADERS, EQUITY_WIDTHS, len(checks))
    for row, (number, result) in zip(table.rows[1:], checks, strict=True):
        cells = row.cells
        _text(cells[0], str(number))
        _text(cells[1], check_title(result))
        _text(cells[2], EQUITY_LABELS[result.status], bold=result.status == "needs_attention")
        _shade(cells[2], STATUS_FILLS[result.status])
        _text(cells[3], clean(result.reason).strip() or NONE)
        _text(cells[4], refs([sources.number(result.citation)]) if result.citation else NONE)


def _sources(document: Document, sources: Sources) -> None:
    document.add_heading("Sources", level=1)
    if not sources.citations:
        document.add_paragraph("No sources cited.")
        return
    for number, citation in enumerate(sources.citations, start=1):
        # Numbers are written out rather than left to list numbering, so they always match the [n] references.
        paragraph = document.add_paragraph()
        paragraph.add_run(f"[{number}] ").bold = True
        paragraph.add_run(source_label(citation))
        quote = one_line(citation.quote)
        if quote:
            document.add_paragraph(f"“{quote}”", style="Quote")


def render(plan: ActionPlan) -> bytes:
    import docx

    document = docx.Document()
    properties = document.core_properties
    properties.title = title(plan)
    properties.subject = one_line(plan.school)
    properties.author = one_line(plan.team) or "CIP Assistant"
    properties.last_modified_by = "CIP Assistant"
    properties.comments = "Exported by CIP Assistant"
    properties.revision = max(plan.version, 1)
    # The document's dates are the plan's, not the moment of export.
    properties.created = utc(plan.created).replace(tzinfo=None)
    properties.modified = utc(plan.updated).replace(tzinfo=None)

    sources = Sources.of(plan)
    document.add_heading(title(plan), level=0)
    _metadata(document, plan)
    _attention(document, plan, sources)
    _landscape(document)
    _actions(document, plan, sources)
    _equity(document, plan, sources)
    _sources(document, sources)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
