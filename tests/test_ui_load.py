"""Many teams on one web server at once, and a server too busy to take more: nothing a team typed is lost, and a
team that cannot be served is told so in a sentence, by the API and on the page."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_ui_app import TODAY, free_port

from assistant.config import Settings
from assistant.models import Answer
from assistant.retrieval.retriever import Retriever
from assistant.storage.sessions import SessionStore
from evaluation.load import owner_name, run_teams, unsaved_turns
from ui.state import Workspace

pytestmark = pytest.mark.slow


class HeldWorkspace(Workspace):
    """A workspace whose answers wait until the test lets them go: a slow request, on demand."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.working = threading.Event()
        self.release = threading.Event()

    def ask(self, question: str, driver: str | None = None) -> tuple[Answer, str | None]:
        self.working.set()
        if not self.release.wait(120):
            raise TimeoutError("the test never released the question")
        return super().ask(question, driver)


def serve(ws: Workspace) -> Iterator[str]:
    from ui.app import launch

    port = free_port()
    demo = launch("127.0.0.1", port, None, ws.settings, workspace=ws, block=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@pytest.fixture
def gradio_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The app points Gradio's cache at its home; this puts the variable back afterwards.
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))


@pytest.fixture
def server(index_home: Path, retriever: Retriever, gradio_cache: None) -> Iterator[tuple[str, Workspace]]:
    ws = Workspace(Settings(home=index_home, today=TODAY), retriever=retriever)
    for url in serve(ws):
        yield url, ws


@pytest.fixture
def busy_server(index_home: Path, retriever: Retriever, gradio_cache: None) -> Iterator[tuple[str, HeldWorkspace]]:
    """One request worked on at a time and one more allowed to wait: the third is turned away."""
    settings = Settings(home=index_home, today=TODAY, ui_concurrency=1, ui_queue_size=1)
    ws = HeldWorkspace(settings, retriever=retriever)
    try:
        for url in serve(ws):
            yield url, ws
    finally:
        ws.release.set()


def test_25_teams_plan_at_once_and_every_acknowledged_turn_is_saved(
    server: tuple[str, Workspace], tmp_path: Path
) -> None:
    url, ws = server
    teams, _ = run_teams(url, 25, 3, tmp_path / "downloads", prefix="team", ask=False)

    assert [call for team in teams for call in team.calls if call.error] == []
    # "no" to the readiness check, two answers, and the owner the team typed into the table.
    assert all(len(team.acknowledged) == 4 for team in teams)
    assert unsaved_turns(ws.settings.database_path, teams) == {}
    store = SessionStore(ws.settings.database_path)
    for team in teams:
        session = store.load(team.session)
        assert [t.text for t in session.transcript if t.role == "user"] == team.acknowledged
        # Each team's table edit landed in its own plan and nowhere else.
        assert session.plan.actions[0].owner == owner_name(team.user)
        assert len(team.downloads) == 3 and all(path.stat().st_size > 0 for path in team.downloads)
    assert store.integrity_ok()


def call_post(url: str, endpoint: str, data: list[Any], headers: dict[str, str] | None = None) -> httpx.Response:
    """Start a call of an API endpoint over plain HTTP, as any script could."""
    return httpx.post(f"{url}gradio_api/call/{endpoint}", json={"data": data}, headers=headers, timeout=30)


def call_result(url: str, endpoint: str, event_id: str) -> str:
    """The final data of a call made with `_post`, read from its event stream."""
    with httpx.stream("GET", f"{url}gradio_api/call/{endpoint}/{event_id}", timeout=120) as stream:
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                assert event == "complete", line
                return str(json.loads(line.split(":", 1)[1])[0])
    raise AssertionError("the call never completed")


def test_a_full_queue_turns_requests_away_with_a_sentence_and_the_server_carries_on(
    busy_server: tuple[str, HeldWorkspace],
) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError
    from gradio_client.utils import QueueError

    url, ws = busy_server
    first = call_post(url, "ask", ["How often should staff receive coaching?", ""])
    assert first.status_code == 200
    assert ws.working.wait(60), "the first question should be worked on"
    waiting = call_post(url, "ask", ["Who should be at the table?", ""])
    assert waiting.status_code == 200, "one request may wait in the queue"

    refused = call_post(url, "ask", ["What does the guidance say about data?", ""])
    assert refused.status_code == 503
    assert refused.json()["detail"] == "The assistant is busy with other teams' requests; try again in a moment."
    client = Client(url, verbose=False, download_files=False)
    with pytest.raises((QueueError, AppError), match=r"(?i)queue is full.*try again"):
        client.predict("What does the guidance say about data?", "", api_name="/ask")

    ws.release.set()
    assert "cip-error" not in call_result(url, "ask", first.json()["event_id"])
    assert "cip-error" not in call_result(url, "ask", waiting.json()["event_id"])
    answer = client.predict("What does the guidance say about data?", "", api_name="/ask")
    assert "cip-sources" in answer and "cip-error" not in answer
    client.close()


@pytest.mark.browser
def test_a_team_in_the_browser_is_told_the_assistant_is_busy(busy_server: tuple[str, HeldWorkspace]) -> None:
    from test_ui_browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.is_file():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    url, ws = busy_server
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.goto(url)
            page.wait_for_selector("#cip-name input[placeholder*='name of your own']")
            page.get_by_role("tab", name="Ask").click()
            page.locator("#cip-question textarea").fill("How often should staff receive coaching?")

            # Other teams hold the one worker and the one place in the queue.
            running = call_post(url, "ask", ["What is coaching?", ""])
            assert running.status_code == 200 and ws.working.wait(60)
            waiting = call_post(url, "ask", ["What is fidelity?", ""])
            assert waiting.status_code == 200

            page.locator("#cip-ask").click()
            notice = page.locator("[data-testid=toast-text]").filter(has_text="busy").first
            notice.wait_for()
            assert "try again" in notice.inner_text().lower()

            # Once the other teams are served, the same click gets its answer.
            ws.release.set()
            for held in (running, waiting):
                call_result(url, "ask", held.json()["event_id"])
            page.locator("#cip-ask").click()
            page.wait_for_selector("#cip-answer .cip-sources details", timeout=60_000)
        finally:
            browser.close()
