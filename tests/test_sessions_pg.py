"""Sessions in PostgreSQL: several processes at once, clear errors, and the command line pointed at a URL."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import cli_env, run_cli

from assistant.errors import StoreError
from assistant.models import ActionPlan
from assistant.storage.database import open_database
from assistant.storage.migrations import MIGRATIONS
from assistant.storage.sessions import SessionStore

if TYPE_CHECKING:
    from postgres import PostgresServer

pytest_plugins = ["postgres"]


def free_port() -> int:
    """A port nothing listens on."""
    from postgres import free_port  # imported here: pytest loads the module as a plugin first

    return free_port()


def test_an_unreachable_server_is_named_without_its_password() -> None:
    url = f"postgresql://planner:s3cret-pw@127.0.0.1:{free_port()}/district"
    with pytest.raises(StoreError) as caught:
        SessionStore(url)
    message = str(caught.value)
    assert "Cannot connect" in message and "127.0.0.1" in message and "district" in message
    assert "s3cret-pw" not in message and "\n" not in message


def test_a_missing_database_is_named(postgres: PostgresServer) -> None:
    with pytest.raises(StoreError, match="no_such_db"):
        SessionStore(postgres.url("no_such_db"))


def test_without_the_driver_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'cip-assistant\[postgres\]'"):
        SessionStore("postgresql://localhost/sessions")


def test_postgres_urls_in_either_spelling_reach_the_same_database(postgres_url: str) -> None:
    SessionStore(postgres_url).create("spelled", "plan", ActionPlan(name="spelled"), {})
    assert SessionStore(postgres_url.replace("postgresql://", "postgres://")).exists("spelled")


WRITER = textwrap.dedent(
    """
    import sys
    from assistant.errors import InputError
    from assistant.models import ActionPlan
    from assistant.storage.sessions import SessionStore

    url, me, turns = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.stdin.readline()  # start together
    store = SessionStore(url)
    try:
        store.create("shared", "plan", ActionPlan(name="shared"), {})
        print("created")
    except InputError:
        print("exists")
    for turn in range(turns):
        store.take_turn("shared", lambda session: (f"{me} answer {turn}", f"{me} reply {turn}"))
    """
)


def test_two_processes_opening_and_writing_one_new_database_lose_no_turn(postgres_url: str, tmp_path: Path) -> None:
    turns = 40
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, postgres_url, name, str(turns)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(tmp_path / "home"),
        )
        for name in ("north", "south")
    ]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], [err for _, err in results]
    # Both met an empty database: one migrated it and made the session, the other found both done.
    assert sorted(out.strip() for out, _ in results) == ["created", "exists"]
    with open_database(postgres_url).connect() as db:
        assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")] == [
            name for name, _ in MIGRATIONS
        ]
    said = [turn.text for turn in SessionStore(postgres_url).load("shared").transcript]
    assert len(said) == 2 * 2 * turns
    for name in ("north", "south"):
        own = [text for text in said if text.startswith(name)]
        assert own == [text for turn in range(turns) for text in (f"{name} answer {turn}", f"{name} reply {turn}")]


def test_the_cli_keeps_plans_in_postgresql(postgres_url: str, home: Path) -> None:
    store = SessionStore(postgres_url)
    session = store.create("lincoln", "plan", ActionPlan(name="lincoln", initiative="Structured literacy K-3"), {})
    store.save_turn(session, "coaching", "Which stage?")
    env = {"CIP_ASSISTANT_DATABASE_URL": postgres_url}
    listed = run_cli("plan", "list", "--json", home=home, env=env)
    assert listed.returncode == 0, listed.stderr
    assert [(row["name"], row["initiative"]) for row in json.loads(listed.stdout)] == [
        ("lincoln", "Structured literacy K-3")
    ]
    shown = run_cli("plan", "show", "lincoln", "--json", home=home, env=env)
    assert json.loads(shown.stdout)["initiative"] == "Structured literacy K-3"
    deleted = run_cli("plan", "delete", "lincoln", "--yes", home=home, env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert not store.exists("lincoln")
    assert json.loads(run_cli("plan", "list", "--json", home=home, env=env).stdout) == []
    assert not (home / "sessions.sqlite3").exists()


def test_the_cli_reports_an_unreachable_database_in_one_line(home: Path) -> None:
    url = f"postgresql://planner:s3cret-pw@127.0.0.1:{free_port()}/district"
    run = run_cli("plan", "list", home=home, env={"CIP_ASSISTANT_DATABASE_URL": url})
    assert run.returncode != 0
    assert run.stderr.startswith("Error: Cannot connect to the sessions database") and "district" in run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr and "s3cret-pw" not in run.stderr


@pytest.mark.slow
def test_a_scripted_planning_chat_is_saved_in_postgresql_and_resumed(postgres_url: str, index_home: Path) -> None:
    env = cli_env(index_home, {"CIP_ASSISTANT_DATABASE_URL": postgres_url, "CIP_ASSISTANT_TODAY": "2026-11-22"})

    def chat(lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", "chat", "--session", "lincoln", *args],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )

    first = chat(
        ["no", "Dana Reyes, our instructional coach, will run coach training on the new routines by January 29, 2027"],
        *("--initiative", "Structured literacy K-3", "--stage", "installation", "--driver", "coaching"),
    )
    assert first.returncode == 0, first.stderr
    assert "Recorded action 1" in first.stdout
    again = chat(["/done"])
    assert again.returncode == 0, again.stderr
    plan = SessionStore(postgres_url).load("lincoln").plan
    assert [(a.owner, a.due.isoformat() if a.due else None) for a in plan.actions] == [("Dana Reyes", "2027-01-29")]
    assert not (index_home / "sessions.sqlite3").exists()
