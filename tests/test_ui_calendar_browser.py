"""A district calendar file that is already unusable when `cip-assistant ui` starts, seen in headless Chromium:
the Plan tab says so in one sentence above the plan, once, and the team plans on the usual US dates.

The screenshots go to tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_ui_browser import CHROMIUM, Team, browser, server  # noqa: F401  (fixtures)
from test_ui_chat_browser import in_view, start_plan

SHOTS = Path(__file__).with_name("screenshots")
BACKWARDS = "first_day: 2026-08-25\nbreaks:\n  winter: [2027-01-01, 2026-12-20]\n"
PROBLEM = "is not used: its breaks.winter ends (2026-12-20) before it starts (2027-01-01)"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture
def bad_calendar_server(index_home: Path, request: pytest.FixtureRequest) -> tuple[str, Path]:
    """The UI started with the home's school_calendar.yaml already unusable."""
    path = index_home / "school_calendar.yaml"
    path.write_text(BACKWARDS, encoding="utf-8")
    return str(request.getfixturevalue("server")), path


def test_a_calendar_bad_at_start_is_told_on_the_plan_tab_once(
    bad_calendar_server: tuple[str, Path],
    browser: Any,  # noqa: F811
) -> None:
    url, path = bad_calendar_server
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    team = Team(page, SHOTS)
    page.goto(url)
    team.wait_ready()

    notice = page.locator("#cip-calendar-notice")
    notice.wait_for(state="visible")
    said = notice.inner_text()
    assert said == f"⚠ The school calendar {path} {PROBLEM}; plans use the usual US school dates until it is fixed."
    box = notice.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720, "the sentence is on screen without scrolling"

    page.screenshot(path=str(SHOTS / "calendar-notice-1280x720.png"))

    # The team plans on the US dates, and the sentence is not said a second time in the conversation.
    start_plan(page, team)
    # Starting took a scroll down to its button; back at the top, the sentence and the message box are both on
    # screen (the conversation gives the notice its room).
    page.evaluate("window.scrollTo(0, 0)")
    assert in_view(page, "#cip-calendar-notice") and in_view(page, "#cip-message textarea")
    page.screenshot(path=str(SHOTS / "calendar-notice-plan-1280x720.png"))
    reply = team.say("Dana Reyes will run coach training by January 29, 2027")
    assert "school calendar" not in reply
    assert "2027-01-29" in team.rows()[0]
    assert page.locator("body").inner_text().count("The school calendar") == 1
    assert not errors, errors
    context.close()
