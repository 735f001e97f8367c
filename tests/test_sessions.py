"""Sessions in SQLite: saved every turn, resumable, safe with many teams at once."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.errors import InputError, NotFoundError, StoreError
from assistant.models import ActionPlan
from assistant.storage.sessions import SessionStore


def test_a_session_is_saved_and_loaded_with_its_transcript(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = store.create("lincoln", "plan", ActionPlan(name="lincoln", initiative="Literacy"), {"phase": "drivers"})
    store.save_turn(session, "coaching", "Which stage?")
    loaded = store.load("lincoln")
    assert loaded.plan.initiative == "Literacy"
    assert [t.text for t in loaded.transcript] == ["coaching", "Which stage?"]
    assert loaded.state == {"phase": "drivers"}
    assert [s.name for s in store.list()] == ["lincoln"]


def test_names_must_be_new_and_sensible(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    store.create("a", "plan", ActionPlan(name="a"), {})
    with pytest.raises(InputError, match="already exists"):
        store.create("a", "plan", ActionPlan(name="a"), {})
    with pytest.raises(InputError, match="cannot name a session"):
        store.create("../etc/passwd", "plan", ActionPlan(name="x"), {})
    with pytest.raises(NotFoundError, match="no session named"):
        store.load("missing")


def test_the_database_uses_wal_and_records_migrations(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    SessionStore(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in db.execute("SELECT name FROM _migrations")] == ["001_sessions", "002_audit"]


def test_a_damaged_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="damaged"):
        SessionStore(path)


def test_many_teams_planning_at_once_lose_no_turn(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = SessionStore(path)
    teams, turns = 12, 25
    for n in range(teams):
        store.create(f"team-{n}", "plan", ActionPlan(name=f"team-{n}"), {})
    errors: list[BaseException] = []

    def plan(n: int) -> None:
        try:
            own = SessionStore(path)
            session = own.load(f"team-{n}")
            for turn in range(turns):
                session.plan.initiative = f"turn {turn}"
                own.save_turn(session, f"answer {turn}", f"reply {turn}")
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=plan, args=(n,)) for n in range(teams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for n in range(teams):
        session = store.load(f"team-{n}")
        assert len(session.transcript) == 2 * turns
        assert session.plan.initiative == f"turn {turns - 1}"
    assert store.integrity_ok()


def test_deleting_a_session_removes_its_content_and_keeps_only_an_audit_line(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = SessionStore(path, actor="dana")
    session = store.create("gone", "plan", ActionPlan(name="gone", initiative="Secret initiative"), {})
    store.save_turn(session, "Student Maria Lopez needs support", "Recorded.")
    store.delete("gone")
    assert not store.exists("gone")
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("s.sqlite3"))
    assert b"Maria Lopez" not in raw and b"Secret initiative" not in raw
    assert [(actor, action) for _, actor, action, _ in store.audit_log("gone")] == [
        ("dana", "create"),
        ("dana", "turn"),
        ("dana", "delete"),
    ]


def test_an_older_database_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    from assistant.storage.migrations import m001_sessions

    path = tmp_path / "s.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    m001_sessions(db)
    db.execute("INSERT INTO _migrations VALUES ('001_sessions', 'then')")
    db.execute(
        "INSERT INTO sessions VALUES ('old', 'plan', '{}', ?, 1, ?, ?)",
        (
            ActionPlan(name="old", initiative="Kept").model_dump_json(),
            "2026-01-01T00:00:00+00:00",
            "2026-01-01T00:00:00+00:00",
        ),
    )
    db.commit()
    db.close()
    store = SessionStore(path)
    assert store.load("old").plan.initiative == "Kept"
    backup = tmp_path / "s.sqlite3.before-002_audit.bak"
    assert backup.is_file()
    old = sqlite3.connect(backup)
    assert [r[0] for r in old.execute("SELECT name FROM _migrations")] == ["001_sessions"]
    assert old.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
