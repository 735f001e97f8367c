"""The plan's pictures as inline SVG: a timeline of actions by owner, and a drivers × stages coverage grid.

Drawn here rather than by a plotting library: two simple charts do not need one, the SVG scales with the page,
and it is plain text that tests can read. A chart shrinks with its box only as far as keeps its smallest words at
11 px; in a narrower box it scrolls sideways inside it. Labels are placed from estimated text widths, so none runs
into another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from itertools import pairwise

from assistant.knowledge.curated import driver_name, stage_name
from assistant.models import Action, ActionPlan, Driver, Stage
from assistant.planning.status import STATUS_WORDS, derived_status, is_ongoing, occurrences, step_of

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
# The label sizes (cip.css) and the average width of a character at each, a little generous so estimates never
# fall short; the smallest size a label may be shown at once a chart is scaled down.
AXIS_PX, LABEL_PX, OWNER_PX, SMALLEST_PX = 12, 12, 13, 11
_CHAR = {AXIS_PX: 7.2, OWNER_PX: 8.4}
# A recurring action's ticks closer than this would merge into a smear: then only its span is drawn.
_TICK_GAP = 4
# How far back an action that recurs, with no start date, is drawn from its due date.
_RECUR_BACK = timedelta(days=366)


@dataclass(frozen=True)
class Bar:
    action: Action
    owner: str
    start: date
    end: date
    # Each time a recurring action comes round, up to its due date.
    ticks: tuple[date, ...] = ()


def text_width(text: str, px: int) -> float:
    """An estimate of how wide `text` is drawn at `px` (bold for the owner size), never an underestimate by much."""
    return len(text) * _CHAR.get(px, px * 0.6)


def _fit(text: str, room: float, px: int) -> str:
    """`text` cut (with an ellipsis) to what fits in `room` pixels at `px`."""
    return _short(text, max(4, int(room // _CHAR.get(px, px * 0.6))))


def scaled_svg_style(width: float) -> str:
    """Never shrink below the size that keeps an 11 px label readable, nor blow up past 115 %."""
    return f"min-width:{width * SMALLEST_PX / min(AXIS_PX, LABEL_PX):.0f}px;max-width:{width * 1.15:.0f}px"


def _ticks(action: Action, today: date | None) -> tuple[date, ...]:
    if action.due is None or step_of(action.recurrence) is None:
        return ()
    since = action.start or max(action.due - _RECUR_BACK, min(today or action.due, action.due))
    return tuple(occurrences(action, since, action.due))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_bars(plan: ActionPlan, today: date | None = None) -> list[Bar]:
    """One bar per dated action, from its start (or two weeks before it is due) to its due date, by owner.

    A recurring action also carries the dates it comes round, from its start (or from today, at most a year back
    from its due date), and its bar begins at the first of them.
    """
    bars = []
    for action in plan.actions:
        if action.due is None:
            continue
        start = action.start if action.start and action.start <= action.due else action.due - DEFAULT_SPAN
        ticks = _ticks(action, today)
        if ticks:
            start = min(start, ticks[0])
        bars.append(Bar(action, action.owner or NO_OWNER, start, action.due, ticks))
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


def _month_labels(months: list[date], x: Callable[[date], float]) -> list[date]:
    """The months to name on the axis: every one, or every second, third … when names would touch; none whose
    name would run past the chart's edge."""
    label = text_width("Mmm 2000", AXIS_PX) + 8
    every = 1
    if len(months) > 1:
        gap = min(x(b) - x(a) for a, b in pairwise(months))
        every = max(1, -(-int(label) // max(1, int(gap))))
    return [m for i, m in enumerate(months) if i % every == 0 and x(m) + 3 + label - 8 <= _WIDTH]


def timeline_svg(plan: ActionPlan, today: date | None = None, approaching: int = 14) -> str:
    bars = timeline_bars(plan, today)
    # Recurring work left without an end is ongoing on purpose, not waiting for a date.
    ongoing = [a.number for a in plan.actions if is_ongoing(a)]
    undated = [a.number for a in plan.actions if a.due is None and a.number not in ongoing]
    note = "".join(
        f'<div class="cip-chart-note">{words}: {", ".join(f"#{n}" for n in numbers)}</div>'
        for words, numbers in (
            ("Not on the timeline (no due date yet)", undated),
            ("Ongoing, with no end date", ongoing),
        )
        if numbers
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

    rows_end = _TOP + _ROW * len(bars)
    # Below the rows, a band of its own for the "today" mark, so it never sits on a bar's label.
    height = rows_end + 22
    parts = [
        f'<svg class="cip-timeline" viewBox="0 0 {_WIDTH} {height}" width="100%" style="{scaled_svg_style(_WIDTH)}" '
        f'role="img" aria-label="Timeline of {len(bars)} actions by owner and due date" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    months = _months(first, last)
    named = set(_month_labels(months, x))
    for month in months:
        parts.append(f'<line x1="{x(month)}" y1="{_TOP - 8}" x2="{x(month)}" y2="{rows_end + 4}" class="cip-grid"/>')
        if month in named:
            parts.append(f'<text x="{x(month) + 3}" y="{_TOP - 14}" class="cip-axis">{month:%b %Y}</text>')
    previous = None
    for row, bar in enumerate(bars):
        y = _TOP + row * _ROW
        if bar.owner != previous:
            if previous is not None:
                parts.append(f'<line x1="0" y1="{y - 1}" x2="{_WIDTH}" y2="{y - 1}" class="cip-sep"/>')
            owner = _fit(bar.owner, _LABEL - 12, OWNER_PX)
            parts.append(f'<text x="4" y="{y + 17}" class="cip-owner">{escape(owner)}</text>')
            previous = bar.owner
        parts.append(_bar(bar, y, x, today, approaching))
    if today is not None and first <= today <= last:
        parts.append(
            f'<line x1="{x(today)}" y1="{_TOP - 8}" x2="{x(today)}" y2="{rows_end + 4}" class="cip-today"/>'
            f'<text x="{x(today) + 3}" y="{rows_end + 18}" class="cip-axis">today</text>'
        )
    parts.append("</svg>")
    notes = []
    overdue = [
        f"#{bar.action.number}" for bar in bars if today is not None and derived_status(bar.action, today) == "overdue"
    ]
    if overdue:
        notes.append(f'<div class="cip-chart-note">Outlined in red, overdue: {", ".join(overdue)}</div>')
    recurring = [f"#{bar.action.number} {bar.action.recurrence}" for bar in bars if bar.ticks]
    if recurring:
        notes.append(
            f'<div class="cip-chart-note">Each tick marks a time a recurring action comes round: '
            f"{escape(', '.join(recurring))}</div>"
        )
    return f'<div class="cip-chart-box">{"".join(parts)}</div>' + _legend(plan) + "".join(notes) + note


def _bar(bar: Bar, y: int, x: Callable[[date], float], today: date | None, approaching: int) -> str:
    left, right = x(bar.start), x(bar.end)
    colour = PALETTE.get(bar.action.driver, OTHER) if bar.action.driver else OTHER
    where = derived_status(bar.action, today, approaching) if today is not None else None
    repeats = f", comes round {bar.action.recurrence} ({len(bar.ticks)} times shown)" if bar.ticks else ""
    title = (
        f"#{bar.action.number} {bar.action.description} — {bar.owner}, "
        f"{bar.start.isoformat()} to {bar.end.isoformat()} ({driver_name(bar.action.driver)})"
        + repeats
        + (f": {STATUS_WORDS[where]}" if where else "")
    )
    # The label goes on the side of the bar with more room, cut to fit it.
    after, before = _WIDTH - right - 8, left - 8 - _LABEL
    label = _fit(f"#{bar.action.number} {_short(bar.action.description, 48)}", max(after, before), LABEL_PX)
    anchor, lx = ("start", right + 5) if after >= before else ("end", left - 5)
    marks = ""
    spots = [x(day) for day in bar.ticks]
    if spots and all(b - a >= _TICK_GAP for a, b in pairwise(spots)):
        marks = "".join(
            f'<line x1="{spot}" y1="{y + 2}" x2="{spot}" y2="{y + _ROW - 2}" class="cip-tick"/>' for spot in spots
        )
    return (
        f"<g><title>{escape(title)}</title>"
        f'<rect x="{left}" y="{y + 5}" width="{max(4.0, right - left)}" height="{_ROW - 10}" rx="3" '
        f'fill="{colour}"{_STANDING_STYLE.get(where or "", "")}/>{marks}'
        f'<text x="{lx}" y="{y + 17}" text-anchor="{anchor}" class="cip-label">{escape(label)}</text></g>'
    )


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


def _two_lines(name: str) -> list[str]:
    """A long name on two lines, broken at the space that makes the longer line shortest."""
    words = name.split()
    if len(name) <= 14 or len(words) < 2:
        return [name]
    best = min(range(1, len(words)), key=lambda k: max(len(" ".join(words[:k])), len(" ".join(words[k:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def coverage_svg(plan: ActionPlan) -> str:
    drivers, stages, counts = coverage(plan)
    if not drivers:
        return _empty("The coverage chart shows how many actions each driver has at each stage.")
    names = {d: _two_lines(driver_name(d)) for d in drivers}
    # Room for the longest line of a driver's name; each stage's column for its longest word ("Implementation").
    left = 20 + max(text_width(line, OWNER_PX) for lines in names.values() for line in lines)
    stage_words = [w for s in stages for w in (stage_name(s) if s else "no stage").split()]
    cell_w = max(96, 10 + max(text_width(w, AXIS_PX) for w in stage_words))
    cell_h, top = 40, 50
    width = round(left + cell_w * len(stages) + 10)
    height = top + cell_h * len(drivers) + 10
    most = max(counts.values(), default=0)
    parts = [
        f'<svg class="cip-coverage" viewBox="0 0 {width} {height}" width="100%" style="{scaled_svg_style(width)}" '
        f'role="img" aria-label="Actions by driver and implementation stage" xmlns="http://www.w3.org/2000/svg">'
    ]
    for col, stage in enumerate(stages):
        cx = round(left + col * cell_w + cell_w / 2, 1)
        # Two-word stage names take two lines, so each fits over its column.
        first, _, rest = (stage_name(stage) if stage else "no stage").partition(" ")
        lines = [first, rest] if rest else ["", first]
        parts.append(
            f'<text x="{cx}" y="{top - 24}" text-anchor="middle" class="cip-axis">'
            f'<tspan x="{cx}">{escape(lines[0])}</tspan><tspan x="{cx}" dy="15">{escape(lines[1])}</tspan></text>'
        )
    for row, driver in enumerate(drivers):
        y = top + row * cell_h
        lines = names[driver]
        # One line sits in the middle of the row; two lines share it.
        first_y = y + cell_h / 2 + 5 - (8 if len(lines) == 2 else 0)
        spans = "".join(
            f'<tspan x="{round(left - 8, 1)}" dy="{16 if i else 0}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text x="{round(left - 8, 1)}" y="{first_y}" text-anchor="end" class="cip-owner">{spans}</text>')
        for col, stage in enumerate(stages):
            n = counts.get((driver, stage), 0)
            share = n / most if most else 0.0
            fill = f"rgba(0, 114, 178, {0.15 + 0.75 * share:.2f})" if n else "#f1f1f1"
            ink = "#ffffff" if share > 0.55 else "#222222"
            title = f"{driver_name(driver)} · {stage_name(stage) if stage else 'no stage'}: {n} action(s)"
            cell_x = round(left + col * cell_w, 1)
            parts.append(
                f"<g><title>{escape(title)}</title>"
                f'<rect x="{cell_x + 2}" y="{y + 2}" width="{cell_w - 4}" height="{cell_h - 4}" '
                f'rx="4" fill="{fill}"/>'
                f'<text x="{round(cell_x + cell_w / 2, 1)}" y="{y + cell_h / 2 + 5}" text-anchor="middle" '
                f'fill="{ink}" class="cip-count">{n if n else "·"}</text></g>'
            )
    parts.append("</svg>")
    return f'<div class="cip-chart-box">{"".join(parts)}</div>'
