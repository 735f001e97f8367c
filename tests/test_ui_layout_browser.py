"""The plan table at the sizes teams use: laptops (1280×720, 1440×900) and a tablet (820×1180).

Column headers and cells keep their words whole, the page itself never scrolls sideways (only the table may, inside
its box). Screenshots go to tests/screenshots/ for a person to look at.
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


def test_plan_table_keeps_words_whole_at_laptop_and_tablet_sizes(server: str, browser: Any) -> None:  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    team = Team(page, SHOTS)
    page.goto(server)
    team.wait_ready()
    start_two_driver_plan(page, team)
    team.say("no")
    for answer in ANSWERS:
        team.say(answer)
    page.wait_for_function("() => document.querySelectorAll('#cip-table [role=row].virtual-row').length >= 3")
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
    assert errors == []
