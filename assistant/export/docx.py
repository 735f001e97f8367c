"""The plan as a Word document: a cover page, then the actions, the equity review and the sources on landscape pages.

Every table has fixed column widths chosen so that dates, headers and single words fit on one line of their cell;
Word reads the cell widths and LibreOffice the column grid, so both are written.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from assistant.export.content import (
    DUE_NOT_SET,
    OWNER_NOT_SET,
    EquityRow,
    Sources,
    cover_lines,
    dates_text,
    driver_name,
    equity_rows,
    equity_summary,
    is_ongoing,
    note_text,
    one_line,
    other_flags,
    owner_text,
    plan_items,
    refs,
    shorten,
    source_label,
    status_with_standing,
    title,
    utc,
)
from assistant.export.word_text import make_printable
from assistant.models import Action, ActionPlan

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell

TABLE_STYLE = "Table Grid"
TABLE_FONT_PT = 9
SMALL_FONT_PT = 8
# A landscape Letter page with 0.6" margins leaves 9.8" for a table.
PAGE_INCHES = 9.8
ACTION_HEADERS = ("#", "Action", "Owner", "Start → due", "Recurrence", "Resources", "Measures of success", "Status")
# The dates column holds "2026-05-29" and "→ 2026-05-29" on lines of their own; status "In progress" wraps at its
# space. Widths add up to the page.
ACTION_WIDTHS = (0.4, 2.5, 1.2, 1.1, 1.0, 1.3, 1.35, 0.95)  # "#" fits "10" and "100"
CHECK_WIDTH = 2.4
# More actions than this and the equity review continues in a second table, so each column stays readable.
ACTIONS_PER_EQUITY_TABLE = 6
SIGN_OFF_HEADERS = ("Reviewed by", "Role", "Signature", "Date")
SIGN_OFF_WIDTHS = (2.6, 2.2, 3.0, 2.0)
HEADER_FILL = "D9E2F3"
# Light fills so a printed copy still shows at a glance which checks need attention.
STATUS_FILLS = {"met": "E2EFDA", "needs_attention": "FCE4D6", "not_applicable": "EDEDED"}
GREY = (0x59, 0x59, 0x59)


def _run(
    cell: _Cell, text: str, *, bold: bool = False, italic: bool = False, small: bool = False, new: bool = False
) -> None:
    """Text added to a cell: in its first paragraph, or in a new one when `new` is set."""
    from docx.shared import Pt, RGBColor

    paragraph = cell.add_paragraph() if new else cell.paragraphs[-1]
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(SMALL_FONT_PT if small else TABLE_FONT_PT)
    if small:
        run.font.color.rgb = RGBColor(*GREY)


def _lines(cell: _Cell, lines: list[str]) -> None:
    for index, line in enumerate(lines):
        _run(cell, line, new=index > 0)


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document: Document, headers: tuple[str, ...], widths: tuple[float, ...], rows: int) -> Table:
    """A table with a header row repeated on every page and `rows` empty rows, every cell at its column's width."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches

    table: Table = document.add_table(rows=1 + rows, cols=len(headers))
    table.style = TABLE_STYLE
    # python-docx writes this as a fixed layout: the widths below are kept, never stretched to fit a long word.
    table.autofit = False
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        _run(cell, text, bold=True)
        _shade(cell, HEADER_FILL)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)
    return table


def _keep_rows_whole(table: Table) -> None:
    """A row never splits across pages, so an action and its note are read together."""
    from docx.oxml import OxmlElement

    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _cover(document: Document, plan: ActionPlan) -> None:
    from docx.shared import Pt

    document.add_heading("Continuous Improvement Plan", level=0)
    subject = one_line(plan.initiative) or one_line(plan.name)
    if subject:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(subject)
        run.font.size = Pt(16)
        run.bold = True
    for label, value in cover_lines(plan):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for heading, items in (("Goals", plan_items(plan.goals)), ("Measures of success", plan_items(plan.measures))):
        if items:
            document.add_heading(heading, level=2)
            for item in items:
                document.add_paragraph(item, style="List Bullet")
    document.add_heading("At a glance", level=2)
    count = len(plan.actions)
    if count:
        owners = sum(1 for action in plan.actions if one_line(action.owner or ""))
        dated = sum(1 for action in plan.actions if action.due is not None)
        # Recurring work left without an end is counted apart, never among the actions missing a date.
        ongoing = sum(1 for action in plan.actions if is_ongoing(action))
        glance = f"{count} action{'s' if count != 1 else ''}; {owners} with an owner, {dated} with a due date"
        document.add_paragraph(glance + (f", {ongoing} ongoing." if ongoing else "."), style="List Bullet")
    else:
        document.add_paragraph("No actions yet.", style="List Bullet")
    document.add_paragraph(equity_summary(equity_rows(plan)), style="List Bullet")


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


def _action_cell(cell: _Cell, action: Action, sources: Sources) -> None:
    numbers = sources.numbers(action.citations)
    _run(cell, one_line(action.description), bold=True)
    if numbers:
        _run(cell, f" {refs(numbers)}")
    note = note_text(action)
    if note:
        _run(cell, f"In the team's words: “{note}”", italic=True, small=True, new=True)
    driver = driver_name(action.driver)
    if driver:
        _run(cell, driver, small=True, new=True)
    for flag in other_flags(action):
        _run(cell, flag, bold=True, new=True)


def _actions(document: Document, plan: ActionPlan, sources: Sources) -> None:
    document.add_heading("Actions", level=1)
    if not plan.actions:
        document.add_paragraph("No actions yet.")
        return
    table = _table(document, ACTION_HEADERS, ACTION_WIDTHS, len(plan.actions))
    for row, action in zip(table.rows[1:], plan.actions, strict=True):
        cells = row.cells
        owner = owner_text(action)
        start, due = dates_text(action)
        _run(cells[0], str(action.number))
        _action_cell(cells[1], action, sources)
        _run(cells[2], owner, bold=owner.startswith(OWNER_NOT_SET))
        if start:
            _run(cells[3], start)
            _run(cells[3], f"→ {due}", bold=due == DUE_NOT_SET, new=True)
        else:
            # "due" over the date, as a start sits over "→ date": an arrow with nothing before it reads as a start left
            # out, and the date never shares a line it could be broken across
            if due == DUE_NOT_SET or is_ongoing(action):
                _run(cells[3], due, bold=due == DUE_NOT_SET)
            else:
                _run(cells[3], "due")
                _run(cells[3], due, new=True)
        _run(cells[4], one_line(action.recurrence or "") or "once")
        _lines(cells[5], plan_items(action.resources))
        _lines(cells[6], plan_items(action.measures))
        _run(cells[7], status_with_standing(action))
    _keep_rows_whole(table)
    if sources.citations:
        document.add_paragraph("Numbers in brackets refer to the Sources at the end of the plan.")


def _equity_table(document: Document, rows: list[EquityRow], actions: list[Action], sources: Sources) -> None:
    width = (PAGE_INCHES - CHECK_WIDTH) / len(actions)
    headers = ("Equity check", *(f"Action {action.number}" for action in actions))
    table = _table(document, headers, (CHECK_WIDTH, *([width] * len(actions))), len(rows))
    for cell, action in zip(table.rows[0].cells[1:], actions, strict=True):
        _run(cell, shorten(action.description, 40), small=True, new=True)
    for row, check in zip(table.rows[1:], rows, strict=True):
        cells = row.cells
        _run(cells[0], check.title, bold=True)
        if check.missing:
            _run(cells[0], f"What is missing: {check.missing}", small=True, new=True)
        numbers = sources.numbers(check.citations)
        if numbers:
            _run(cells[0], f"Practice: {refs(numbers)}", small=True, new=True)
        for cell, action in zip(cells[1:], actions, strict=True):
            status, detail = check.cell(action.number)
            if not status:
                continue
            result = check.cells[action.number]
            _run(cell, status, bold=result.status == "needs_attention")
            if detail:
                _run(cell, detail, small=True, new=True)
            _shade(cell, STATUS_FILLS[result.status])
    _keep_rows_whole(table)


def _equity(document: Document, plan: ActionPlan, sources: Sources) -> None:
    heading = document.add_heading("Equity review", level=1)
    # The review starts on a page of its own, so its heading and table are read together.
    heading.paragraph_format.page_break_before = True
    rows = equity_rows(plan)
    document.add_paragraph(equity_summary(rows))
    applying = [row for row in rows if row.applies]
    if applying:
        actions = [action for action in plan.actions if action.equity_checks]
        for first in range(0, len(actions), ACTIONS_PER_EQUITY_TABLE):
            chunk = actions[first : first + ACTIONS_PER_EQUITY_TABLE]
            if first:
                document.add_paragraph()
            _equity_table(document, applying, chunk, sources)
    elsewhere = [row.title for row in rows if not row.applies]
    if elsewhere:
        document.add_paragraph(f"Not applicable to any of these actions: {'; '.join(elsewhere)}.")


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
            run = paragraph.add_run(f"\n“{quote}”")
            run.italic = True


def _sign_off(document: Document) -> None:
    from docx.shared import Inches

    document.add_heading("Review and sign-off", level=1)
    table = _table(document, SIGN_OFF_HEADERS, SIGN_OFF_WIDTHS, 2)
    for row in table.rows[1:]:
        row.height = Inches(0.45)


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
    _cover(document, plan)
    _landscape(document)
    _actions(document, plan, sources)
    _equity(document, plan, sources)
    _sign_off(document)
    _sources(document, sources)
    make_printable(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


__all__ = ["ACTION_HEADERS", "render"]
