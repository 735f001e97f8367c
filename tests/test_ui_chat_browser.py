"""The conversation on a laptop screen (1280×720) in headless Chromium: the message box is on screen, Enter sends,
Shift+Enter starts a new line, and the newest reply scrolls into view even after a citation was opened.

Screenshots go to tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_ui_browser import CHROMIUM, Team, browser, server  # noqa: F401  (fixtures)

SHOTS = Path(__file__).with_name("screenshots")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


def start_plan(page: Any, team: Team) -> None:
    page.locator("#cip-name input").fill("lincoln-k3")
    page.locator("#cip-initiative textarea").fill("Structured literacy K-3")
    page.locator("#cip-stage input").click()
    page.get_by_role("option", name="Installation").click()
    page.locator("#cip-drivers").get_by_label("Coaching").check()
    page.locator("#cip-start").click()
    page.wait_for_selector("#cip-chat .cip-msg")
    team.settle()


def in_view(page: Any, selector: str) -> bool:
    """Whether the element's bottom edge is on screen and inside every box that clips it."""
    return bool(
        page.evaluate(
            """(selector) => {
            const nodes = document.querySelectorAll(selector);
            const el = nodes[nodes.length - 1];
            const box = el.getBoundingClientRect();
            if (box.bottom > window.innerHeight + 1 || box.bottom < 0) return false;
            for (let p = el.parentElement; p; p = p.parentElement) {
                const y = getComputedStyle(p).overflowY;
                if (y !== 'auto' && y !== 'scroll') continue;
                const clip = p.getBoundingClientRect();
                if (box.bottom > clip.bottom + 2 || box.bottom < clip.top) return false;
            }
            return true;
        }""",
            selector,
        )
    )


def sent(page: Any, before: int) -> None:
    page.wait_for_function(
        "(n) => document.querySelectorAll('#cip-chat .cip-msg').length >= n", arg=before + 2, timeout=30_000
    )


def test_enter_sends_shift_enter_breaks_the_line_and_the_newest_reply_stays_in_view(server: str, browser: Any) -> None:  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    team = Team(page, SHOTS)
    page.goto(server)
    team.wait_ready()
    assert page.locator("#cip-export-docx").is_disabled() and page.locator("#cip-delete").is_disabled()
    start_plan(page, team)
    assert page.locator("#cip-export-docx").is_enabled() and page.locator("#cip-delete").is_enabled()
    box = page.locator("#cip-message textarea")
    assert page.evaluate("window.scrollY") == 0
    assert in_view(page, "#cip-message textarea"), "the message box is on screen without scrolling"

    # Enter sends.
    before = team.messages().count()
    box.click()
    page.keyboard.type("no")
    page.keyboard.press("Enter")
    sent(page, before)
    team.settle()
    assert box.input_value() == ""

    # A citation opened, the next answer typed on two lines: Shift+Enter breaks the line and sends nothing.
    page.locator("#cip-chat details.cip-cite").last.locator("summary").click()
    before = team.messages().count()
    box.click()
    page.keyboard.type("Dana Reyes will run coach training")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("by January 29, 2027")
    assert box.input_value() == "Dana Reyes will run coach training\nby January 29, 2027"
    assert team.messages().count() == before
    page.keyboard.press("Enter")
    sent(page, before)
    team.settle()
    assert "Dana Reyes will run coach training\nby January 29, 2027" in team.messages().nth(-2).inner_text()
    assert in_view(page, "#cip-chat .cip-msg"), "the newest reply scrolled into view after a citation was opened"
    assert in_view(page, "#cip-message textarea")
    page.screenshot(path=str(SHOTS / "chat-1280x720.png"))

    # The new action's status is chosen from a list beside the table.
    page.locator("#cip-status-action input").click()
    page.get_by_role("option", name="1. ", exact=False).first.click()
    page.locator("#cip-status-value input").click()
    page.get_by_role("option", name="in progress").click()
    page.wait_for_function("() => document.querySelector('#cip-status').innerText.includes('Saved 1 change')")
    assert "in progress" in team.rows()[0]
    page.screenshot(path=str(SHOTS / "status-1280x720.png"))
    assert not errors, errors
    context.close()
