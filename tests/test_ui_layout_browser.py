"""The plan table and charts at the sizes teams use: laptops (1280×720, 1440×900) and a tablet (820×1180).

Column headers and cells keep their words whole, the page itself never scrolls sideways (only the table may, inside
its box); chart labels are at least 11 px and never run into each other, recurring actions show a tick each time
they come round, and the charts stack where they would not fit side by side. Screenshots go to tests/screenshots/
for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_ui_browser import ANSWERS, CHROMIUM, Team, browser, server  # noqa: F401  (fixtures)

SHOTS = Path(__file__).with_name("screenshots")
SIZES = [(1280, 720), (1440, 900), (820, 1180)]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

# Every word of the given elements that the browser laid out over more than one line ("Drive/r", "Equit/y").
CUT_WORDS_JS = """(selector) => {
    const cut = [];
    for (const el of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                // A word wrapped only after a hyphen of its own ("Decision-" / "Making") is not cut mid-word.
                const parts = match[0].split(/(?<=-)/);
                const rects = [...range.getClientRects()].filter((r) => r.width > 0);
                const tops = new Set(rects.map((r) => Math.round(r.top)));
                if (tops.size > parts.length || (tops.size > 1 && parts.length === 1)) cut.push(match[0]);
            }
        }
    }
    return cut;
}"""

PAGE_SCROLLS_SIDEWAYS_JS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


# Every label of a chart, line by line: its text, drawn size and box.
CHART_LABELS_JS = """(selector) => {
    const svg = document.querySelector(selector);
    const lines = [];
    for (const text of svg.querySelectorAll('text')) {
        const spans = text.querySelectorAll('tspan');
        for (const part of spans.length ? spans : [text]) {
            if (!part.textContent.trim()) continue;
            const box = part.getBoundingClientRect();
            const size = parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a;
            lines.push({text: part.textContent, size, left: box.left, right: box.right, top: box.top,
                        bottom: box.bottom});
        }
    }
    const frame = svg.getBoundingClientRect();
    return {lines, frame: {left: frame.left, right: frame.right}};
}"""


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two labels' boxes share more than half a pixel each way."""
    across = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return across > 0.5 and down > 0.5


def start_two_driver_plan(page: Any, team: Team) -> None:
    page.locator("#cip-name input").fill("lincoln-k3")
    page.locator("#cip-initiative textarea").fill("Structured literacy K-3")
    page.locator("#cip-stage input").click()
    page.get_by_role("option", name="Installation").click()
    page.locator("#cip-drivers").get_by_label("Coaching").check()
    page.locator("#cip-drivers").get_by_label("Data-Informed Decision-Making").check()
    page.locator("#cip-start").click()
    page.wait_for_selector("#cip-chat .cip-msg")
    team.settle()


def three_action_plan(chromium: Any, url: str) -> tuple[Any, list[str]]:
    """A page at 1280×720 showing a plan of three actions, two of them quarterly; the page errors seen."""
    SHOTS.mkdir(exist_ok=True)
    page = chromium.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    team = Team(page, SHOTS)
    page.goto(url)
    team.wait_ready()
    start_two_driver_plan(page, team)
    team.say("no")
    for answer in ANSWERS:
        team.say(answer)
    page.wait_for_function("() => document.querySelectorAll('#cip-table [role=row].virtual-row').length >= 3")
    page.wait_for_function("() => document.querySelectorAll('#cip-timeline svg rect').length >= 3")
    return page, errors


def test_plan_table_keeps_words_whole_at_laptop_and_tablet_sizes(server: str, browser: Any) -> None:  # noqa: F811
    page, errors = three_action_plan(browser, server)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # let the table measure its columns again at the new width
        page.screenshot(path=str(SHOTS / f"plan-table-{width}x{height}.png"), full_page=True)
        headers = [h.strip() for h in page.locator("#cip-table th").all_inner_texts()]
        assert headers == ["#", "Action", "Driver", "Owner", "Due", "Recurrence", "Equity", "Status"], headers
        assert page.evaluate(CUT_WORDS_JS, "#cip-table th") == [], f"a heading is cut mid-word at {width} px"
        assert page.evaluate(CUT_WORDS_JS, "#cip-table [role=gridcell]") == [], f"a cell is cut at {width} px"
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS_JS), f"the page scrolls sideways at {width} px"
        status = page.locator("#cip-table th").last
        if width >= 1440:
            # A large laptop shows every column without scrolling the table.
            table = page.locator("#cip-table").bounding_box()
            box = status.bounding_box()
            assert table is not None and box is not None and box["x"] + box["width"] <= table["x"] + table["width"]
        # Every column can be reached: on screen already, or by scrolling the table sideways.
        status.scroll_into_view_if_needed()
        box = status.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width + 1
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS_JS)
    # The conversation's column keeps its command buttons on one line.
    tops = {round(box["y"]) for box in (b.bounding_box() for b in page.locator("#cip-commands button").all()) if box}
    assert len(tops) == 1, tops
    assert errors == []


def test_charts_are_readable_at_laptop_and_tablet_sizes_and_show_recurring_actions(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    page, errors = three_action_plan(browser, server)
    # The two quarterly actions come round in December and March: a tick each time, on their own bars.
    ticked = page.locator("#cip-timeline svg g").filter(has=page.locator(".cip-tick"))
    assert ticked.count() == 2
    assert [ticked.nth(i).locator(".cip-tick").count() for i in range(2)] == [2, 2]
    assert "Each tick marks a time a recurring action comes round" in page.locator("#cip-timeline").inner_text()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.locator("#cip-coverage").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"plan-charts-{width}x{height}.png"), full_page=True)
        for chart in ("#cip-timeline svg", "#cip-coverage svg"):
            drawn = page.evaluate(CHART_LABELS_JS, chart)
            lines, frame = drawn["lines"], drawn["frame"]
            assert lines
            small = [(line["text"], round(line["size"], 1)) for line in lines if line["size"] < 10.95]
            assert small == [], f"labels under 11 px in {chart} at {width} px"
            cut = [
                line["text"] for line in lines if line["left"] < frame["left"] - 1 or line["right"] > frame["right"] + 1
            ]
            assert cut == [], f"labels cut at the edge of {chart} at {width} px"
            clashes = [(a["text"], b["text"]) for i, a in enumerate(lines) for b in lines[i + 1 :] if overlaps(a, b)]
            assert clashes == [], f"labels run into each other in {chart} at {width} px"
        timeline = page.locator("#cip-timeline").bounding_box()
        coverage = page.locator("#cip-coverage").bounding_box()
        assert timeline is not None and coverage is not None
        if width >= 1440:
            assert coverage["x"] >= timeline["x"] + timeline["width"], "side by side on a large laptop"
        if width <= 820:
            assert coverage["y"] >= timeline["y"] + timeline["height"], "one above the other on a tablet"
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS_JS), f"the page scrolls sideways at {width} px"
    assert errors == []


# Whether some box inside the table is wider than what it shows, so part of the table is only reached by scrolling.
TABLE_SCROLLS_SIDEWAYS_JS = """() => [...document.querySelectorAll('#cip-table *')].some(
    (el) => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))"""


def test_every_plan_column_is_on_screen_at_1280x900(server: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page, errors = three_action_plan(browser, server)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(300)  # let the table measure its columns again at the new width
    page.screenshot(path=str(tmp_path / "plan-table-1280x900.png"), full_page=True)
    table = page.locator("#cip-table").bounding_box()
    assert table is not None
    for header in page.locator("#cip-table th").all():
        box = header.bounding_box()
        assert box is not None and box["x"] + box["width"] <= table["x"] + table["width"] + 1, header.inner_text()
    assert not page.evaluate(TABLE_SCROLLS_SIDEWAYS_JS), "the table scrolls sideways at 1280 px"
    assert page.evaluate(CUT_WORDS_JS, "#cip-table th") == []
    assert page.evaluate(CUT_WORDS_JS, "#cip-table [role=gridcell]") == []
    assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS_JS)
    # The conversation's column keeps its command buttons on one line.
    tops = {round(box["y"]) for box in (b.bounding_box() for b in page.locator("#cip-commands button").all()) if box}
    assert len(tops) == 1, tops
    assert errors == []
