"""The Ask tab as a conversation in headless Chromium: a follow-up is answered with the question before it, earlier
turns stay on the page and after a reload, a citation mark leads to its source, and "New question" starts over
while the earlier conversation can still be opened.

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


def ask(page: Any, question: str, turns: int) -> Any:
    """Ask and wait until the answer is whole; the newest turn.

    On a busy machine the click can land before the page has taken in what was typed (the box is cleared by the
    answer before it); the question is then typed and asked again, as a person would, only while no new turn
    has appeared.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    whole = (
        "(n) => document.querySelectorAll('#cip-answer .cip-ask-turn').length === n"
        " && document.querySelectorAll('#cip-answer .cip-ask-turn')[n - 1].matches('.cip-complete')"
    )
    newest = page.locator("#cip-answer .cip-ask-turn").nth(turns - 1)
    for attempt in range(3):
        page.locator("#cip-question textarea").fill(question)
        page.locator("#cip-ask").click()
        try:
            page.wait_for_function(whole, arg=turns, timeout=30_000)
            return newest
        except PlaywrightTimeout:
            if page.locator("#cip-answer .cip-ask-turn").count() >= turns:  # the answer began: let it finish
                page.wait_for_function(whole, arg=turns, timeout=60_000)
                return newest
            if attempt == 2:
                raise
    return newest


def test_a_follow_up_is_answered_in_context_and_marks_lead_to_their_sources(server: str, browser: Any) -> None:  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server)
    Team(page, SHOTS).wait_ready()
    page.get_by_role("tab", name="Ask").click()

    first = ask(page, "What should coaching for new staff include?", 1)
    assert "What should coaching for new staff include?" in first.locator(".cip-asked").inner_text()
    assert first.locator(".cip-searched").count() == 0

    follow = ask(page, "and how often?", 2)
    # The follow-up was searched with the question before it, and the first turn is still on the page.
    assert follow.locator(".cip-asked").inner_text() == "and how often?"
    searched = follow.locator(".cip-searched").inner_text()
    assert "coaching for new staff" in searched and "how often" in searched
    assert page.locator("#cip-answer .cip-ask-turn").first.locator(".cip-sources details").count() >= 1
    assert page.get_by_text("What should coaching for new staff include?").is_visible()

    # A mark in the answer is a link; following it opens its numbered source under the answer.
    mark = follow.locator(".cip-answer a.cip-ref").first
    number = mark.inner_text()
    assert number == "[1]"
    source = follow.locator(".cip-sources details").first
    assert source.locator("summary").inner_text().startswith("[1]")
    assert not source.locator(".cip-passage").is_visible()
    mark.click()
    page.wait_for_function(
        "() => { const d = document.querySelectorAll('#cip-answer .cip-ask-turn')[1]"
        ".querySelector('.cip-sources details'); return d.open; }"
    )
    passage = source.locator(".cip-passage")
    assert passage.is_visible()
    box = passage.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the source is scrolled into view"
    page.screenshot(path=str(SHOTS / "ask-follow-up-1280x900.png"), full_page=True)

    # A reload keeps the conversation: both turns come back, and the next follow-up is read with them.
    page.reload()
    Team(page, SHOTS).wait_ready()
    page.get_by_role("tab", name="Ask").click()
    page.wait_for_function("() => document.querySelectorAll('#cip-answer .cip-ask-turn').length === 2")
    assert page.locator("#cip-answer .cip-asked").all_inner_texts() == [
        "What should coaching for new staff include?",
        "and how often?",
    ]
    third = ask(page, "who does that?", 3)
    assert "coaching" in third.locator(".cip-searched").inner_text()

    # "New question" clears the conversation: the same short question now stands on its own.
    page.locator("#cip-ask-new").click()
    page.wait_for_function("() => !document.querySelector('#cip-answer .cip-ask-turn')")
    assert "What should coaching" not in page.locator("#cip-answer").inner_text()
    fresh = ask(page, "and how often?", 1)
    assert fresh.locator(".cip-searched").count() == 0
    assert page.locator("#cip-answer .cip-ask-turn").count() == 1
    page.screenshot(path=str(SHOTS / "ask-new-question-1280x900.png"), full_page=True)

    # The first conversation is still saved and opens again from the list, all three turns.
    page.locator("#cip-ask-earlier input").click()
    page.get_by_role("option", name="3 questions").click()
    page.wait_for_function("() => document.querySelectorAll('#cip-answer .cip-ask-turn').length === 3")
    assert page.locator("#cip-answer .cip-asked").first.inner_text() == "What should coaching for new staff include?"
    assert errors == []


def test_a_refused_first_question_saves_no_conversation(server: str, browser: Any, index_home: Path) -> None:  # noqa: F811
    import json
    import subprocess
    import sys

    from conftest import cli_env
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    page.goto(server)
    Team(page, SHOTS).wait_ready()
    page.get_by_role("tab", name="Ask").click()
    # Only invisible characters: nothing is left of the question once it is cleaned, so it is refused.
    page.locator("#cip-question textarea").fill("\u200b\u200b")
    # A tab drawn a moment ago may not have its click wired yet on a busy machine; refusing is harmless to repeat.
    refused = "() => document.querySelector('#cip-answer').innerText.includes('question is empty')"
    for attempt in range(3):
        page.locator("#cip-ask").click()
        try:
            page.wait_for_function(refused, timeout=15_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    listing = subprocess.run(
        [sys.executable, "-m", "assistant", "plan", "list", "--json"],
        capture_output=True,
        text=True,
        env=cli_env(index_home),
        timeout=120,
        check=True,
    )
    assert json.loads(listing.stdout) == []
    page.locator("#cip-ask-earlier input").click()
    assert page.get_by_role("option").count() == 0
    # The first answered question starts the conversation, and the list shows it.
    ask(page, "What should coaching for new staff include?", 1)
    page.locator("#cip-ask-earlier input").click()
    assert page.get_by_role("option", name="1 question").count() == 1
