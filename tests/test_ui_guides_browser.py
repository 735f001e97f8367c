"""The Coach prep and Reflection prompts tabs in headless Chromium: a supervisor prepares a guide and downloads it,
a trainer writes prompts and asks for another set.

Screenshots go to tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_ui_browser import CHROMIUM, browser, server  # noqa: F401  (fixtures)

SHOTS = Path(__file__).with_name("screenshots")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


def test_a_supervisor_prepares_a_guide_and_a_trainer_gets_another_set_of_prompts(
    server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server)

    page.get_by_role("tab", name="Coach prep").click()
    page.locator("#cip-coach-context textarea").fill("new 3rd grade teacher, walkthrough showed pacing struggles")
    page.locator("#cip-coach-run").click()
    page.wait_for_selector("#cip-coach-guide h4")
    guide = page.locator("#cip-coach-guide").inner_text()
    assert "Opening and listening questions (Lean In)" in guide and "pacing" in guide
    page.screenshot(path=str(SHOTS / "coach-guide.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#cip-coach-md").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".md" and "pacing" in saved.read_text(encoding="utf-8")

    page.get_by_role("tab", name="Reflection prompts").click()
    page.locator("#cip-reflect-run").click()
    page.wait_for_selector("#cip-reflect-prompts h4")
    first = page.locator("#cip-reflect-prompts").inner_text()
    page.locator("#cip-reflect-another").click()
    page.wait_for_function("(before) => document.querySelector('#cip-reflect-prompts').innerText !== before", arg=first)
    second = page.locator("#cip-reflect-prompts").inner_text()
    # Another set of prompts for the same request: the same driver and audience, other prompts.
    assert "Driver: Training" in first and "Driver: Training" in second
    assert first.split("\n", 1)[1] != second.split("\n", 1)[1]
    page.screenshot(path=str(SHOTS / "reflect-another-set.png"), full_page=True)
    assert errors == []
