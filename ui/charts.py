"""The plan's pictures as inline SVG: a timeline of actions by owner, and a drivers × stages coverage grid.

Drawn here rather than by a plotting library: two simple charts do not need one, the SVG scales with the page,
and it is plain text that tests can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from assistant.knowledge.curated import driver_name, stage_name
from assistant.models import Action, ActionPlan, Driver, Stage
from assistant.planning.status import STATUS_WORDS, derived_status

# Without a start date an action is drawn as the two weeks before it is due.
DEFAULT_SPAN = timedelta(days=14)
NO_OWNER = "owner not set"
# One colour per driver, distinguishable for common colour-vision deficiencies (Okabe–Ito, then two greys).
PALETTE = {
    Driver.selection: "#E69F00",
    Driver.training: "#56B4E9",
    Driver.coaching: "#009E73",
    Driver.fidelity: "#CC79A7",
    Driver.decision_support_data: "#0072B2",
    Driver.facilitative_administration: "#D55E00",
    Driver.systems_intervention: "#8C7E00",
    Driver.leadership: "#555555",
}
OTHER = "#999999"

_WIDTH = 760
_LABEL = 170
_ROW = 26
_TOP = 34


@dataclass(frozen=True)
class Bar:
    action: Action
    owner: str
    start: date
    end: date


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_bars(plan: ActionPlan) -> list[Bar]:
    """One bar per dated action, from its start (or two weeks before it is due) to its due date, by owner."""
    bars = []
    for action in plan.actions:
        if action.due is None:
            continue
        start = action.start if action.start and action.start <= action.due else action.due - DEFAULT_SPAN
        bars.append(Bar(action, action.owner or NO_OWNER, start, action.due))
    owners = list(dict.fromkeys(bar.owner for bar in bars))
    return sorted(bars, key=lambda bar: (owners.index(bar.owner), bar.start, bar.action.number))


def _months(first: date, last: date) -> list[date]:
    out = []
    day = date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            out.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def _empty(message: str) -> str:
    return f'<div class="cip-chart-empty">{escape(message)}</div>'


# Overdue work is outlined in red and done work fades, so a glance at the timeline shows what needs the team.
_STANDING_STYLE = {
    "overdue": ' stroke="#b3261e" stroke-width="3" class="cip-overdue"',
    "done": ' fill-opacity="0.35" class="cip-done"',
}


def timeline_svg(plan: ActionPlan, today: date | None = None, approaching: int = 14) -> str:
    bars = timeline_bars(plan)
    undated = [a.number for a in plan.actions if a.due is None]
    note = (
        f'<div class="cip-chart-note">Not on the timeline (no due date yet): '
        f"{', '.join(f'#{n}' for n in undated)}</div>"
        if undated
        else ""
    )
    if not bars:
        return _empty("The timeline shows each action with a due date, by owner.") + note
    first = min(bar.start for bar in bars) - timedelta(days=3)
    last = max(bar.end for bar in bars) + timedelta(days=3)
    if today is not None and today < first and (first - today).days <= 365:
        # Starting the axis today shows how much time is left before the first action begins.
        first = today - timedelta(days=3)
    span = max(1, (last - first).days)
    plot = _WIDTH - _LABEL - 10

    def x(day: date) -> float:
        return round(_LABEL + plot * (day - first).days / span, 1)

    height = _TOP + _ROW * len(bars) + 10
    parts = [
        f'<svg class="cip-timeline" viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" '
        f'aria-label="Timeline of {len(bars)} actions by owner and due date" xmlns="http://www.w3.org/2000/svg">'
    ]
    for month in _months(first, last):
        parts.append(
            f'<line x1="{x(month)}" y1="{_TOP - 8}" x2="{x(month)}" y2="{height - 6}" class="cip-grid"/>'
            f'<text x="{x(month) + 3}" y="{_TOP - 14}" class="cip-axis">{month:%b %Y}</text>'
        )
    previous = None
    for row, bar in enumerate(bars):
        y = _TOP + row * _ROW
        if bar.owner != previous:
            if previous is not None:
                parts.append(f'<line x1="0" y1="{y - 1}" x2="{_WIDTH}" y2="{y - 1}" class="cip-sep"/>')
            parts.append(f'<text x="4" y="{y + 17}" class="cip-owner">{escape(_short(bar.owner, 24))}</text>')
            previous = bar.owner
        left, right = x(bar.start), x(bar.end)
        colour = PALETTE.get(bar.action.driver, OTHER) if bar.action.driver else OTHER
        where = derived_status(bar.action, today, approaching) if today is not None else None
        title = (
            f"#{bar.action.number} {bar.action.description} — {bar.owner}, "
            f"{bar.start.isoformat()} to {bar.end.isoformat()} ({driver_name(bar.action.driver)})"
            + (f": {STATUS_WORDS[where]}" if where else "")
        )
        # The label goes on the side of the bar with more room, cut to fit it (about 6 px a character).
        after, before = _WIDTH - right - 5, left - 5 - _LABEL
        room = int(max(after, before) // 6)
        label = _short(f"#{bar.action.number} {_short(bar.action.description, 48)}", max(6, room))
        anchor, lx = ("start", right + 5) if after >= before else ("end", left - 5)
        parts.append(
            f"<g><title>{escape(title)}</title>"
            f'<rect x="{left}" y="{y + 5}" width="{max(4.0, right - left)}" height="{_ROW - 10}" rx="3" '
            f'fill="{colour}"{_STANDING_STYLE.get(where or "", "")}/>'
            f'<text x="{lx}" y="{y + 17}" text-anchor="{anchor}" class="cip-label">{escape(label)}</text></g>'
        )
    if today is not None and first <= today <= last:
        parts.append(
            f'<line x1="{x(today)}" y1="{_TOP - 8}" x2="{x(today)}" y2="{height - 6}" class="cip-today"/>'
            f'<text x="{x(today) + 3}" y="{height - 8}" class="cip-axis">today</text>'
        )
    parts.append("</svg>")
    overdue = [
        f"#{bar.action.number}" for bar in bars if today is not None and derived_status(bar.action, today) == "overdue"
    ]
    if overdue:
        note = f'<div class="cip-chart-note">Outlined in red, overdue: {", ".join(overdue)}</div>' + note
    return "".join(parts) + _legend(plan) + note


def _legend(plan: ActionPlan) -> str:
    drivers = list(dict.fromkeys(a.driver for a in plan.actions if a.driver))
    items = "".join(
        f'<span class="cip-key"><i style="background:{PALETTE.get(d, OTHER)}"></i>{escape(driver_name(d))}</span>'
        for d in drivers
    )
    return f'<div class="cip-legend">{items}</div>' if items else ""


def coverage(plan: ActionPlan) -> tuple[list[Driver | None], list[Stage | None], dict[tuple[object, object], int]]:
    """Counts of actions per (driver, stage): every chosen driver has a row, so a driver with none shows a gap."""
    drivers: list[Driver | None] = list(dict.fromkeys([*plan.drivers, *(a.driver for a in plan.actions)]))
    stages: list[Stage | None] = list(Stage)
    if any(a.stage is None for a in plan.actions):
        stages.append(None)
    counts: dict[tuple[object, object], int] = {}
    for action in plan.actions:
        key = (action.driver, action.stage)
        counts[key] = counts.get(key, 0) + 1
    return drivers, stages, counts


def coverage_svg(plan: ActionPlan) -> str:
    drivers, stages, counts = coverage(plan)
    if not drivers:
        return _empty("The coverage chart shows how many actions each driver has at each stage.")
    # Room for the longest driver name at the label size (under 8 px a character).
    longest = max(len(driver_name(d)) for d in drivers)
    cell_w, cell_h, left, top = 104, 34, 24 + 8 * longest, 50
    width = left + cell_w * len(stages) + 10
    height = top + cell_h * len(drivers) + 10
    most = max(counts.values(), default=0)
    parts = [
        f'<svg class="cip-coverage" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="Actions by driver and implementation stage" xmlns="http://www.w3.org/2000/svg">'
    ]
    for col, stage in enumerate(stages):
        cx = left + col * cell_w + cell_w / 2
        # Two-word stage names take two lines, so each fits over its column.
        first, _, rest = (stage_name(stage) if stage else "no stage").partition(" ")
        lines = [first, rest] if rest else ["", first]
        parts.append(
            f'<text x="{cx}" y="{top - 24}" text-anchor="middle" class="cip-axis">'
            f'<tspan x="{cx}">{escape(lines[0])}</tspan><tspan x="{cx}" dy="14">{escape(lines[1])}</tspan></text>'
        )
    for row, driver in enumerate(drivers):
        y = top + row * cell_h
        parts.append(
            f'<text x="{left - 8}" y="{y + cell_h / 2 + 5}" text-anchor="end" class="cip-owner">'
            f"{escape(driver_name(driver))}</text>"
        )
        for col, stage in enumerate(stages):
            n = counts.get((driver, stage), 0)
            share = n / most if most else 0.0
            fill = f"rgba(0, 114, 178, {0.15 + 0.75 * share:.2f})" if n else "#f1f1f1"
            ink = "#ffffff" if share > 0.55 else "#222222"
            title = f"{driver_name(driver)} · {stage_name(stage) if stage else 'no stage'}: {n} action(s)"
            parts.append(
                f"<g><title>{escape(title)}</title>"
                f'<rect x="{left + col * cell_w + 2}" y="{y + 2}" width="{cell_w - 4}" height="{cell_h - 4}" '
                f'rx="4" fill="{fill}"/>'
                f'<text x="{left + col * cell_w + cell_w / 2}" y="{y + cell_h / 2 + 5}" text-anchor="middle" '
                f'fill="{ink}" class="cip-count">{n if n else "·"}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)
