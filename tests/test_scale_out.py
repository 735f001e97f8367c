"""Two app servers, each with a home of its own, sharing sessions (PostgreSQL) and the index (a Chroma server)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MODEL_SETTING
from gradio_client import Client, handle_file

from assistant.config import Settings
from assistant.retrieval.indexer import build_index
from assistant.storage.sessions import SessionStore
from evaluation.load import Server
from tests.test_chroma_server import chroma_url

pytest_plugins = ["postgres"]
pytestmark = [pytest.mark.slow]
__all__ = ["chroma_url"]

ANSWER = "Dana Reyes will run monthly coaching cycles with every K-3 teacher by January 29, 2027"


@pytest.fixture
def servers(chroma_url: str, postgres_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Server A builds the shared index; A and B then serve from it, as two machines behind one proxy would."""
    build_index(Settings(home=tmp_path / "a" / "home", chroma_url=chroma_url))
    env = {"CIP_ASSISTANT_CHROMA_URL": chroma_url, "CIP_ASSISTANT_DATABASE_URL": postgres_url}
    env[MODEL_SETTING] = os.environ.get(MODEL_SETTING, "")  # the servers search the index with its own model
    pair = []
    for name in ("a", "b"):
        home = tmp_path / name / "home"
        home.mkdir(parents=True, exist_ok=True)
        pair.append(Server(home, env))
    try:
        for server in pair:
            server.start()
        yield pair[0], pair[1]
    finally:
        for server in pair:
            server.stop()


def eventually(probe: str, ask: Client, seconds: float = 60) -> str:
    """Ask until the answer shows `probe`: the other server looks at the shared index every few seconds."""
    deadline = time.monotonic() + seconds
    answer = ""
    while time.monotonic() < deadline:
        answer = str(ask.predict("When does the Zanzibar block run?", "", api_name="/ask"))
        if probe in answer:
            break
        time.sleep(1)
    return answer


def test_a_plan_started_on_one_server_continues_on_the_other(
    servers: tuple[Server, Server], postgres_url: str, tmp_path: Path
) -> None:
    a, b = servers
    first, second = Client(a.url, verbose=False), Client(b.url, verbose=False)

    started = first.predict("shared-plan", "Structured literacy", "installation", ["coaching"], api_name="/start")
    chat = started[0]
    chat = first.predict("no", chat, api_name="/turn")[0]
    first.predict(ANSWER, chat, api_name="/turn")

    # The other server lists the plan, resumes it with the action the team recorded on the first, and saves to it.
    assert "shared-plan" in str(second.predict(api_name="/load"))
    resumed = second.predict("shared-plan", api_name="/resume")
    assert "Dana Reyes" in str(resumed[1])
    second.predict("/skip", resumed[0], api_name="/turn")

    turns = [t.text for t in SessionStore(postgres_url).load("shared-plan").transcript if t.role == "user"]
    assert turns[-3:] == ["no", ANSWER, "/skip"]
    assert not (a.home / "sessions.sqlite3").exists() and not (b.home / "sessions.sqlite3").exists()

    # A document added on one server is searched by the other.
    memo = tmp_path / "schedule.md"
    memo.write_text("# Bell schedule\n\nThe Zanzibar block runs on Wednesdays so grade teams can meet weekly.\n")
    second.predict([handle_file(str(memo))], api_name="/add_documents")
    assert "Wednesdays" in eventually("Wednesdays", first)
