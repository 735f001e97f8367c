"""What a team sees in the browser when an upload is partly bad, and when it edits an action's details.

Screenshots go to tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_ui_browser import ANSWERS, CHROMIUM, Team, browser, server  # noqa: F401  (fixtures)

SHOTS = Path(__file__).with_name("screenshots")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

NOTES = (
    "Coaching notes\n\nCoaches meet every new teacher on the second Tuesday of the month to review the "
    "marigold reading routines together.\n"
)


def open_page(browser: Any, url: str) -> tuple[Any, list[str]]:  # noqa: F811
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("#cip-name input[placeholder*='name of your own']")
    return page, errors


def test_a_mixed_upload_shows_what_became_of_each_file(server: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    good = tmp_path / "coaching-notes.txt"
    good.write_text(NOTES)
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"this was never a PDF, only a file with the extension")
    word = tmp_path / "broken.docx"
    word.write_bytes(b"PK\x03\x04 a truncated zip and nothing else")
    page, errors = open_page(browser, server)

    page.get_by_role("tab", name="Knowledge base").click()
    page.locator("#cip-upload input[type=file]").set_input_files([str(good), str(pdf), str(word)])
    page.wait_for_function("() => document.querySelectorAll('#cip-upload tr').length >= 3")
    page.locator("#cip-add").click()
    outcomes = page.locator("#cip-index-status .cip-outcomes li")
    outcomes.first.wait_for()
    page.screenshot(path=str(SHOTS / "upload-outcomes.png"), full_page=True)

    lines = [outcomes.nth(i).inner_text() for i in range(outcomes.count())]
    assert lines[0] == "✓ coaching-notes.txt was added."
    assert lines[1].startswith("⚠ broken.pdf is not a PDF file")
    assert lines[2].startswith("⚠ broken.docx ") and "Word document" in lines[2]
    assert len(lines) == 3
    assert "Traceback" not in page.locator("#cip-index-status").inner_text()
    assert page.locator("#cip-documents li").all_inner_texts() == ["coaching-notes.txt"]

    # The good file is searchable from the Ask tab straight away.
    page.get_by_role("tab", name="Ask").click()
    page.locator("#cip-question textarea").fill("When do coaches review the marigold reading routines?")
    page.locator("#cip-ask").click()
    page.wait_for_selector("#cip-answer .cip-sources details")
    assert "coaching-notes" in page.locator("#cip-answer .cip-sources").inner_text()
    assert not errors, errors


def choose_action(page: Any, number: int) -> None:
    page.locator("#cip-status-action input").click()
    page.get_by_role("option", name=f"{number}. ", exact=False).first.click()
    page.wait_for_function("() => !document.querySelector('#cip-detail-measures textarea').disabled")


def test_a_measure_edited_under_the_table_is_there_after_a_reload(server: str, browser: Any) -> None:  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    page, errors = open_page(browser, server)
    team = Team(page, SHOTS)
    page.locator("#cip-name input").fill("lincoln-k3")
    page.locator("#cip-initiative textarea").fill("Structured literacy K-3")
    page.locator("#cip-stage input").click()
    page.get_by_role("option", name="Installation").click()
    page.locator("#cip-drivers").get_by_label("Coaching").check()
    page.locator("#cip-start").click()
    page.wait_for_selector("#cip-chat .cip-msg")
    team.settle()
    team.say("no")
    team.say(ANSWERS[0])
    page.wait_for_function("() => document.querySelectorAll('#cip-table [role=row].virtual-row').length === 1")

    choose_action(page, 1)
    measures = page.locator("#cip-detail-measures textarea")
    measures.fill("Coaching logs reviewed monthly\nWalkthrough scores by grade")
    page.locator("#cip-detail-resources textarea").fill("Substitute days")
    page.locator("#cip-save-details").click()
    page.wait_for_function(
        "() => document.querySelector('#cip-status').innerText.includes('Saved the resources and measures')"
    )
    assert (
        "/edit 1 measures Coaching logs reviewed monthly; Walkthrough scores by grade"
        in page.locator("#cip-chat").inner_text()
    )
    page.screenshot(path=str(SHOTS / "action-details-saved.png"), full_page=True)

    page.reload()
    team.wait_ready()
    page.locator("#cip-saved input").click()
    page.get_by_role("option", name="lincoln-k3 ·", exact=False).first.click()
    page.wait_for_function("() => document.querySelectorAll('#cip-table [role=row].virtual-row').length === 1")
    choose_action(page, 1)
    assert measures.input_value() == "Coaching logs reviewed monthly\nWalkthrough scores by grade"
    assert page.locator("#cip-detail-resources textarea").input_value() == "Substitute days"
    page.screenshot(path=str(SHOTS / "action-details-after-reload.png"), full_page=True)
    assert not errors, errors
