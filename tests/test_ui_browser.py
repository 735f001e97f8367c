"""The web UI in a real headless Chromium, driven the way a CIP team uses it at a meeting.

The server runs as `cip-assistant ui` in a subprocess, on a copy of the prebuilt index; screenshots of every step
go to bench-results/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import cli_env

from assistant.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "bench-results" / "screenshots"
TODAY = {"CIP_ASSISTANT_TODAY": "2026-11-22"}
ANSWERS = [
    "Dana Reyes, our instructional coach, will run coach training on the new routines by January 29, 2027",
    "The principal will publish the coaching plan every quarter by March 1, 2027",
    "Our data team will break benchmark results down by race and ethnicity each quarter, led by Sam Ortiz, "
    "by March 15, 2027",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


def ui_command(port: int) -> list[str]:
    """`cip-assistant ui --port N`, run through the CLI's own entry point."""
    from assistant.cli.main import cli

    if "ui" in cli.commands:
        return [sys.executable, "-m", "assistant", "ui", "--port", str(port)]
    # The same entry point and error handling, with the command added where the installed CLI does not list it.
    script = "from assistant.cli.main import cli, main; from assistant.cli.ui import ui; cli.add_command(ui); main()"
    return [sys.executable, "-c", script, "ui", "--port", str(port)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(index_home: Path, tmp_path: Path) -> Iterator[str]:
    """The UI on a free loopback port, ready once the model is loaded; stopped (and its log shown) afterwards."""
    port = free_port()
    log_path = tmp_path / "server.log"
    env = cli_env(index_home, {**TODAY, "GRADIO_TEMP_DIR": str(tmp_path / "gradio")})
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ui_command(port), env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while "Ready:" not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the UI did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        # The model can be loaded before the server listens: wait for the page itself.
        while True:
            try:
                assert httpx.get(url, timeout=10).status_code == 200
                break
            except httpx.ConnectError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the UI did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(log_path.read_text())


@pytest.fixture
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Team:
    """What a team does on the Plan tab, with a screenshot after each step."""

    def __init__(self, page: Any, shots: Path) -> None:
        self.page = page
        self.shots = shots
        self.step = 0

    def shot(self, name: str) -> None:
        self.step += 1
        self.page.screenshot(path=str(self.shots / f"{self.step:02d}-{name}.png"), full_page=True)

    def messages(self) -> Any:
        return self.page.locator("#cip-chat .cip-msg")

    def settle(self) -> str:
        """Wait until the last message has stopped growing (replies appear a few words at a time)."""
        last, same = None, 0
        while same < 4:
            text = self.messages().last.inner_text()
            same, last = (same + 1, last) if text == last else (0, text)
            self.page.wait_for_timeout(100)
        return str(last)

    def type_in_cell(self, cell: str, text: str) -> None:
        """Double-click a table cell, type over it and press Enter, as a person does.

        The table is drawn again after every saved edit (Gradio sends an edit twice); a double-click that lands
        while it is being redrawn opens no editor, as a person would see, so the double-click is made again until
        the cell's editor has the keyboard, and only then is anything typed.
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        editing = (
            "() => { const e = document.activeElement;"
            " return !!e && !!e.closest('#cip-table') && ['INPUT', 'TEXTAREA'].includes(e.tagName); }"
        )
        for attempt in range(5):
            self.page.locator(f"#cip-table [data-testid='{cell}']").dblclick()
            try:
                self.page.wait_for_function(editing, timeout=3_000)
                break
            except PlaywrightTimeout:
                if attempt == 4:
                    raise
        self.page.keyboard.press("Control+a")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def edit_cell(self, cell: str, text: str, expect: str) -> None:
        """Type into a table cell and wait for the app's word on it in the status line."""
        self.type_in_cell(cell, text)
        script = f"() => document.querySelector('#cip-status').innerText.includes({json.dumps(expect)})"
        self.page.wait_for_function(script, timeout=45_000)

    def say(self, text: str) -> str:
        before = self.messages().count()
        self.page.locator("#cip-message textarea").fill(text)
        self.page.locator("#cip-send").click()
        self.page.wait_for_function(
            "(n) => document.querySelectorAll('#cip-chat .cip-msg').length >= n", arg=before + 2, timeout=30_000
        )
        return self.settle()

    def rows(self) -> list[str]:
        rows = self.page.locator("#cip-table [role=row].virtual-row")
        return [rows.nth(i).inner_text() for i in range(rows.count())]

    def wait_ready(self) -> None:
        # The saved-plans list and the name suggestion arrive once the page has loaded its first data.
        self.page.wait_for_selector("#cip-name input[placeholder*='name of your own']", timeout=30_000)


def test_a_team_plans_edits_exports_and_resumes_in_the_browser(server: str, browser: Any, tmp_path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    team = Team(page, SCREENSHOTS)

    page.goto(server)
    team.wait_ready()
    assert page.title() == "CIP Assistant"
    team.shot("empty")

    # Start a plan: name, initiative, school and team, stage and two drivers.
    page.locator("#cip-name input").fill("lincoln-k3")
    page.locator("#cip-initiative textarea").fill("Structured literacy K-3")
    page.locator("#cip-school input").fill("Lincoln Elementary")
    page.locator("#cip-team input").fill("K-3 literacy team")
    page.locator("#cip-stage input").click()
    page.get_by_role("option", name="Installation").click()
    page.locator("#cip-drivers").get_by_label("Coaching").check()
    page.locator("#cip-drivers").get_by_label("Data-Informed Decision-Making").check()
    page.locator("#cip-start").click()
    page.wait_for_selector("#cip-chat .cip-msg")
    assert "readiness check" in team.settle()
    assert "lincoln-k3" in page.locator("#cip-heading").inner_text()
    assert "Lincoln Elementary · K-3 literacy team" in page.locator("#cip-heading").inner_text()
    team.shot("started")

    # No readiness check; the first guiding question comes with a hint whose citation opens to its passage.
    reply = team.say("no")
    assert "Coaching · question 1 of" in reply and "Hint — best practice" in reply
    citation = page.locator("#cip-chat details.cip-cite").last
    citation.locator("summary").click()
    assert citation.locator(".cip-passage").is_visible()
    assert "Drivers Best Practices Tip Sheets" in citation.locator(".cip-source").inner_text()
    team.shot("question-with-citation")

    # Watch one reply arrive: it grows over several updates rather than appearing at once.
    page.evaluate(
        """() => {
        window.cipLengths = [];
        new MutationObserver(() => {
            const all = document.querySelectorAll('#cip-chat .cip-msg');
            if (all.length) window.cipLengths.push(all[all.length - 1].innerText.length);
        }).observe(document.querySelector('#cip-chat'), {subtree: true, childList: true, characterData: true});
    }"""
    )
    for answer in ANSWERS:
        reply = team.say(answer)
        assert "Recorded action" in page.locator("#cip-chat .cip-msg").nth(-1).inner_text() or "Recorded" in reply
    lengths = page.evaluate("window.cipLengths")
    assert len(set(lengths)) > 2, f"the reply should appear progressively, saw lengths {lengths}"

    rows = team.rows()
    assert len(rows) == 3
    assert "Dana Reyes" in rows[0] and "2027-01-29" in rows[0]
    assert "the principal" in rows[1] and "quarterly" in rows[1]
    assert "Sam Ortiz" in rows[2] and "to look at" in rows[2]
    assert page.locator("#cip-timeline svg rect").count() == 3
    assert "Coaching · Installation: 2 action(s)" in page.locator("#cip-coverage svg").inner_html()
    team.shot("three-actions")

    # Edit the owner of action 2 in the table; it is saved like a chat turn.
    team.edit_cell("cell-1-3", "Maria Lopez", expect="Saved 1 change")
    assert "Maria Lopez" in team.rows()[1]
    assert "/edit 2 owner Maria Lopez" in page.locator("#cip-chat").inner_text()
    team.shot("owner-edited")

    # A date the assistant cannot read is refused with a sentence, and the cell goes back.
    team.edit_cell("cell-0-4", "someday", expect="someday")
    assert "2027-01-29" in team.rows()[0]
    team.shot("bad-date-refused")

    # Export Word: one click, one downloaded .docx with the edited plan.
    with page.expect_download() as download:
        page.locator("#cip-export-docx").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "lincoln-k3.docx"
    import docx

    document = docx.Document(str(saved))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "Structured literacy K-3" in text and "Maria Lopez" in text
    assert "Lincoln Elementary" in text and "K-3 literacy team" in text, "the school and team typed on the form"
    team.shot("exported")

    # Reload the page: nothing is in the browser any more, and choosing the session brings it all back.
    page.reload()
    team.wait_ready()
    assert team.rows() == []
    page.locator("#cip-saved input").click()
    page.get_by_role("option", name="lincoln-k3 ·", exact=False).first.click()
    page.wait_for_function("() => document.querySelectorAll('#cip-table [role=row].virtual-row').length === 3")
    team.settle()
    chat = page.locator("#cip-chat").inner_text()
    assert ANSWERS[0] in chat and "Welcome back to 'lincoln-k3'. The plan has 3 actions." in chat
    assert "Maria Lopez" in team.rows()[1]
    team.shot("resumed")

    # The team carries on where it left off.
    reply = team.say("/skip")
    assert "That was the last question" in reply or "question" in reply
    team.shot("continued")

    # Ask: the answer arrives with its sources, and each source opens to the passage.
    page.get_by_role("tab", name="Ask").click()
    page.locator("#cip-question textarea").fill("How often should staff receive coaching?")
    page.locator("#cip-ask").click()
    page.wait_for_selector("#cip-answer .cip-sources details")
    page.locator("#cip-answer .cip-sources summary").first.click()
    assert page.locator("#cip-answer .cip-passage").first.is_visible()
    team.shot("ask")

    # A file of the wrong kind is refused with a message the team can see, before anything is indexed.
    page.get_by_role("tab", name="Knowledge base").click()
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ\x90\x00")
    page.locator("#cip-upload input[type=file]").set_input_files(str(bad))
    page.get_by_text("Invalid file type").first.wait_for()
    team.shot("bad-upload")
    assert not errors, errors
    context.close()
