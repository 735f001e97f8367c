"""A progress report on a plan for a principal, a board or a state checkpoint, as Markdown or Word.

Per driver: the actions done, on target and overdue as of today, the evidence the team recorded, what changed since
the previous check-in, the driver-assessment trend and the gaps with and without actions; then the equity checks
still open and the reflection questions of the last check-in. Every sentence is assembled from the plan's records;
guidance is quoted only with its source.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from assistant.export.content import ONGOING
from assistant.export.word_text import make_printable
from assistant.knowledge.citations import citation_label
from assistant.models import Action, ActionPlan, Citation, Driver, ProgressEntry
from assistant.planning.assessment import RATING_WORDS, open_gaps, trend
from assistant.planning.status import rhythm, standing, target_date

STATUS_ORDER = ("done", "on_target", "approaching", "overdue", "ongoing", "no_date")
STATUS_WORDS = {
    "done": "done",
    "on_target": "on target",
    "approaching": "approaching",
    "overdue": "overdue",
    "ongoing": "ongoing",
    "no_date": "without a date",
}
PROGRESS_WORDS = {"done": "done", "in_progress": "in progress", "not_started": "not started", "blocked": "blocked"}
BAR_WIDTH = 20


def _driver_name(driver: Driver | None) -> str:
    from assistant.knowledge.curated import driver_info

    return driver_info(driver).name if driver is not None else "Other actions"


def _stage_name(plan: ActionPlan) -> str:
    from assistant.knowledge.curated import stage_info

    return stage_info(plan.stage).name if plan.stage is not None else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _count(counts: dict[str, int]) -> str:
    parts = [f"{n} {STATUS_WORDS[key]}" for key in STATUS_ORDER if (n := counts.get(key, 0))]
    return ", ".join(parts) if parts else "none"


def bar(score: int | None) -> str:
    """A score as a bar of block characters, so the trend reads at a glance in any font."""
    if score is None:
        return "—"
    filled = round(BAR_WIDTH * score / 100)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


@dataclass
class Sources:
    citations: list[Citation] = field(default_factory=list)

    def number(self, citation: Citation) -> int:
        for i, known in enumerate(self.citations, 1):
            if known.id == citation.id and known.quote == citation.quote:
                return i
        self.citations.append(citation)
        return len(self.citations)


@dataclass
class DriverPart:
    driver: Driver | None
    counts: dict[str, int]
    lines: list[str]


@dataclass
class Report:
    title: str
    header: list[str]
    summary: list[str]
    trend_dates: list[date]
    trend_drivers: list[Driver]
    trend_scores: list[dict[Driver, int | None]]
    trend_overall: list[int | None]
    trend_sentences: list[str]
    parts: list[DriverPart]
    changed: list[str]
    equity: list[str]
    reflections: list[str]
    sources: Sources


def _latest(plan: ActionPlan, number: int) -> ProgressEntry | None:
    found = [e for e in plan.progress if e.action == number]
    return max(found, key=lambda e: e.date) if found else None


def _evidence(entry: ProgressEntry) -> str:
    return "; ".join(
        f"{e.kind} “{_one_line(e.text)}”" if e.kind != "note" else _one_line(e.text) for e in entry.evidence
    )


def _action_line(action: Action, plan: ActionPlan, today: date, approaching_days: int) -> str:
    status = standing(action, today, approaching_days)
    when = target_date(action, today)
    entry = _latest(plan, action.number)
    owner = f" ({_one_line(action.owner)})" if action.owner else " (owner not set)"
    head = f"Action {action.number}, {_one_line(action.description)}{owner}"
    if status == "done":
        said = f"done as of {entry.date.isoformat()}" if entry is not None and entry.status == "done" else "done"
    elif status == "overdue" and when is not None:
        said = f"overdue: it was due {when.isoformat()}"
    elif status in {"approaching", "on_target"} and when is not None:
        verb = "next" if action.recurrence and when != action.due else "due"
        said = f"{STATUS_WORDS[status]}, {verb} {when.isoformat()}"
    elif status == "ongoing":
        said = f"{ONGOING.lower()} — {rhythm(action)}"
    else:
        said = "has no due date yet"
    sentence = f"{head}: {said}."
    if entry is not None:
        if status != "done":
            sentence += (
                f" At the check-in of {entry.date.isoformat()} the team said it was {PROGRESS_WORDS[entry.status]}"
            )
            sentence += f" (“{_one_line(entry.said)}”)." if entry.said else "."
        if entry.evidence:
            sentence += f" Evidence: {_evidence(entry)}."
        if entry.obstacles:
            sentence += f" In the way: {_one_line(entry.obstacles)}."
        if entry.changes:
            sentence += f" Change: {_one_line(entry.changes)}."
    return sentence


def build(plan: ActionPlan, today: date, approaching_days: int = 14) -> Report:
    sources = Sources()
    title = f"Progress report: {_one_line(plan.initiative) or _one_line(plan.name)}"
    header = [
        part
        for part in (
            _one_line(plan.school),
            _one_line(plan.team),
            f"Stage: {_stage_name(plan)}" if plan.stage else "",
            "Drivers: " + ", ".join(_driver_name(d) for d in plan.drivers) if plan.drivers else "",
            f"As of {today.isoformat()}",
        )
        if part
    ]
    counts: dict[str, int] = {}
    for action in plan.actions:
        key = standing(action, today, approaching_days)
        counts[key] = counts.get(key, 0) + 1
    n = len(plan.actions)
    summary = [f"As of {today.isoformat()} the plan has {n} action{'s' if n != 1 else ''}: {_count(counts)}."]
    finished = [c for c in plan.checkins if c.finished]
    if finished:
        dates = ", ".join(c.date.isoformat() for c in finished)
        summary.append(f"The team has held {len(finished)} check-in{'s' if len(finished) != 1 else ''}: {dates}.")
    else:
        summary.append("The team has not held a check-in yet.")
    if plan.assessments:
        dates = ", ".join(a.date.isoformat() for a in sorted(plan.assessments, key=lambda a: a.date))
        summary.append(f"Driver assessments: {dates}.")

    rows = trend(plan)
    drivers = list(dict.fromkeys([*plan.drivers, *(d for _, scores, _ in rows for d in scores)]))
    sentences = []
    for driver in drivers:
        points = [(day, scores.get(driver)) for day, scores, _ in rows if scores.get(driver) is not None]
        if len(points) >= 2:
            (first_day, first), (last_day, last) = points[0], points[-1]
            verb = "rose" if (last or 0) > (first or 0) else "fell" if (last or 0) < (first or 0) else "stayed"
            if verb == "stayed":
                sentences.append(f"{_driver_name(driver)} stayed at {last}% from {first_day} to {last_day}.")
            else:
                sentences.append(f"{_driver_name(driver)} {verb} from {first}% ({first_day}) to {last}% ({last_day}).")
        elif points:
            sentences.append(f"{_driver_name(driver)}: {points[0][1]}% on {points[0][0]} (one assessment so far).")

    gaps = open_gaps(plan)
    parts = []
    groups: list[Driver | None] = [*plan.drivers]
    groups += [d for d in dict.fromkeys(a.driver for a in plan.actions) if d not in groups]
    for group in groups:
        actions = [a for a in plan.actions if a.driver == group]
        if not actions and group is not None and not any(r.driver is group for r, _ in gaps):
            continue
        part_counts: dict[str, int] = {}
        for action in actions:
            key = standing(action, today, approaching_days)
            part_counts[key] = part_counts.get(key, 0) + 1
        lines = [_action_line(a, plan, today, approaching_days) for a in actions]
        for rating, answering in ((r, a) for r, a in gaps if r.driver is group):
            answer = f"action {answering.number} answers it" if answering else "no action answers it yet"
            word = RATING_WORDS[rating.rating or "not_in_place"]
            lines.append(f"Gap in the latest assessment: “{_one_line(rating.consideration)}” is {word}; {answer}.")
        parts.append(DriverPart(group, part_counts, lines))

    changed = _changes(plan)
    equity = _equity(plan, today, approaching_days, sources)
    reflections = []
    if finished and finished[-1].reflections:
        for prompt in finished[-1].reflections:
            reflections.append(f"{_one_line(prompt.text)} [{sources.number(prompt.citation)}]")
    return Report(
        title=title,
        header=header,
        summary=summary,
        trend_dates=[day for day, _, _ in rows],
        trend_drivers=drivers,
        trend_scores=[scores for _, scores, _ in rows],
        trend_overall=[overall for _, _, overall in rows],
        trend_sentences=sentences,
        parts=parts,
        changed=changed,
        equity=equity,
        reflections=reflections,
        sources=sources,
    )


def _changes(plan: ActionPlan) -> list[str]:
    """What the latest check-in changed against the one before: each action's status then and now."""
    finished = [c for c in plan.checkins if c.finished]
    if not finished:
        return []
    last = finished[-1]
    before = finished[-2] if len(finished) > 1 else None
    out = []
    if before is None:
        out.append(f"The first check-in was on {last.date.isoformat()}.")
    else:
        out.append(f"Since the check-in of {before.date.isoformat()}, at the one of {last.date.isoformat()}:")
    for entry in [e for e in plan.progress if e.checkin == last.number]:
        earlier = [e for e in plan.progress if e.action == entry.action and e.checkin is not None]
        earlier = [e for e in earlier if e.checkin is not None and e.checkin < last.number]
        was = PROGRESS_WORDS[earlier[-1].status] if earlier else "not reported"
        now = PROGRESS_WORDS[entry.status]
        moved = f"{was} → {now}" if was != now else f"still {now}"
        out.append(f"Action {entry.action}: {moved}.")
    if last.notes:
        out.append(f"The team noted: {_one_line(last.notes)}")
    return out


def _equity(plan: ActionPlan, today: date, approaching_days: int, sources: Sources) -> list[str]:
    """Equity checks needing attention on actions not yet done, each with the practice it quotes."""
    open_checks: dict[str, tuple[str, list[int], Citation | None]] = {}
    for action in plan.actions:
        if action.status == "done":
            continue
        for result in action.equity_checks:
            if result.status != "needs_attention":
                continue
            title = _one_line(result.title) or result.check.replace("_", " ").capitalize()
            known = open_checks.setdefault(result.check, (title, [], result.citation))
            known[1].append(action.number)
    out = []
    for title, numbers, citation in open_checks.values():
        which = ", ".join(map(str, numbers))
        line = f"{title}: action{'s' if len(numbers) != 1 else ''} {which}."
        if citation is not None:
            line += f" The guidance: “{_one_line(citation.quote)}” [{sources.number(citation)}]"
        out.append(line)
    return out


# ------------------------------------------------------------------------------------------ Markdown


def _md_escape(text: str) -> str:
    """The team's words as text in Markdown: no HTML, no table breaks."""
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def render_md(plan: ActionPlan, today: date, approaching_days: int = 14) -> bytes:
    report = build(plan, today, approaching_days)
    out = [f"# {_md_escape(report.title)}", "", _md_escape(" · ".join(report.header)), ""]
    out += [_md_escape(line) for line in report.summary] + [""]
    out += ["## Driver assessment trend", ""]
    if report.trend_dates:
        names = [_driver_name(d) for d in report.trend_drivers]
        out.append("| Date | " + " | ".join(names) + " | Overall |")
        out.append("|---" * (len(names) + 2) + "|")
        for day, scores, overall in zip(report.trend_dates, report.trend_scores, report.trend_overall, strict=True):
            cells = [f"{s}% `{bar(s)}`" if (s := scores.get(d)) is not None else "—" for d in report.trend_drivers]
            total = f"{overall}%" if overall is not None else "—"
            out.append(f"| {day.isoformat()} | " + " | ".join(cells) + f" | {total} |")
        out.append("")
        out += report.trend_sentences
    else:
        out.append(
            "No driver assessment has been saved yet (the readiness check in plan mode, or /assess at a check-in)."
        )
    out.append("")
    for part in report.parts:
        out += [f"## {_driver_name(part.driver)}", "", f"Actions: {_count(part.counts)}.", ""]
        out += [f"- {_md_escape(line)}" for line in part.lines]
        out.append("")
    if report.changed:
        out += ["## Since the previous check-in", "", *[f"- {_md_escape(line)}" for line in report.changed], ""]
    out += ["## Equity checks still open", ""]
    out += [f"- {_md_escape(line)}" for line in report.equity] or ["None: every open action meets its equity checks."]
    out.append("")
    if report.reflections:
        lines = [f"- {_md_escape(line)}" for line in report.reflections]
        out += ["## Questions the team is reflecting on", "", *lines, ""]
    if report.sources.citations:
        out += ["## Sources", ""]
        for i, c in enumerate(report.sources.citations, 1):
            out.append(f"{i}. {_one_line(citation_label(c))}")
        out.append("")
    return "\n".join(out).encode("utf-8")


# ------------------------------------------------------------------------------------------ Word


def render_docx(plan: ActionPlan, today: date, approaching_days: int = 14) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    report = build(plan, today, approaching_days)
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    for section in document.sections:
        from docx.shared import Inches

        section.left_margin = section.right_margin = Inches(0.8)
        section.top_margin = section.bottom_margin = Inches(0.7)
    document.add_heading(report.title, level=1)
    document.add_paragraph(" · ".join(report.header)).runs[0].italic = True
    document.add_paragraph(" ".join(report.summary))
    document.add_heading("Driver assessment trend", level=2)
    if report.trend_dates:
        names = [_driver_name(d) for d in report.trend_drivers]
        table = document.add_table(rows=1, cols=len(names) + 2)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["Date", *names, "Overall"], strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for day, scores, overall in zip(report.trend_dates, report.trend_scores, report.trend_overall, strict=True):
            cells = table.add_row().cells
            cells[0].text = day.isoformat()
            for cell, driver in zip(cells[1:-1], report.trend_drivers, strict=True):
                score = scores.get(driver)
                paragraph = cell.paragraphs[0]
                paragraph.add_run(f"{score}%  " if score is not None else "—")
                if score is not None:
                    shown = paragraph.add_run(bar(score))
                    shown.font.size = Pt(7)
                    shown.font.color.rgb = RGBColor(0x2F, 0x55, 0x97)
            cells[-1].text = f"{overall}%" if overall is not None else "—"
        document.add_paragraph(" ".join(report.trend_sentences))
    else:
        document.add_paragraph("No driver assessment has been saved yet.")
    for part in report.parts:
        document.add_heading(_driver_name(part.driver), level=2)
        document.add_paragraph(f"Actions: {_count(part.counts)}.")
        for line in part.lines:
            document.add_paragraph(line, style="List Bullet")
    if report.changed:
        document.add_heading("Since the previous check-in", level=2)
        for line in report.changed:
            document.add_paragraph(line, style="List Bullet")
    document.add_heading("Equity checks still open", level=2)
    for line in report.equity or ["None: every open action meets its equity checks."]:
        document.add_paragraph(line, style="List Bullet")
    if report.reflections:
        document.add_heading("Questions the team is reflecting on", level=2)
        for line in report.reflections:
            document.add_paragraph(line, style="List Bullet")
    if report.sources.citations:
        document.add_heading("Sources", level=2)
        for i, c in enumerate(report.sources.citations, 1):
            paragraph = document.add_paragraph(f"{i}. {_one_line(citation_label(c))}")
            paragraph.runs[0].font.size = Pt(8)
    make_printable(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(plan: ActionPlan, fmt: str) -> bytes:
    """The report in `fmt` ("report-md" or "report-docx"), as of the configured date."""
    from assistant.config import get_settings

    settings = get_settings()
    today = settings.current_date()
    if fmt == "report-docx":
        return render_docx(plan, today, settings.approaching_days)
    return render_md(plan, today, settings.approaching_days)


__all__ = ["Report", "build", "render", "render_docx", "render_md"]
