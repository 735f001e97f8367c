"""Sessions saved every turn, resumable, safe with many teams at once: on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import assistant.storage.database as database
from assistant.dialogue.events import Notice, SetupQuestion
from assistant.dialogue.session import Session
from assistant.dialogue.state import CoachState, PlanState
from assistant.errors import ConflictError, InputError, NotFoundError, StoreError
from assistant.models import ActionPlan
from assistant.storage.database import open_database
from assistant.storage.migrations import CREATE_LEDGER, MIGRATIONS, m001_sessions
from assistant.storage.sessions import SessionStore

if TYPE_CHECKING:
    from postgres import PostgresServer

pytest_plugins = ["postgres"]


class SQLiteBackend:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.target: Path | str = path

    def on_disk(self) -> bytes:
        """Every byte the database keeps on disk: the file, its WAL and shared memory."""
        return b"".join(p.read_bytes() for p in self.path.parent.iterdir() if p.name.startswith(self.path.name))

    def backup_rows(self, before: str, query: str) -> list[Any]:
        backup = self.path.with_name(f"{self.path.name}.before-{before}.bak")
        assert backup.is_file()
        db = sqlite3.connect(backup)
        try:
            return db.execute(query).fetchall()
        finally:
            db.close()

    @contextmanager
    def holding_write_lock(self, session: str) -> Iterator[None]:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            db.execute("ROLLBACK")
            db.close()


class PostgresBackend:
    def __init__(self, server: PostgresServer, url: str) -> None:
        self.server = server
        self.target = url
        self.name = url.rsplit("/", 1)[1]

    def on_disk(self) -> bytes:
        """Every byte of this database's files, once the server has written out what it holds in memory."""
        with self.server.connect(self.name) as db:
            db.execute("CHECKPOINT")
        return b"".join(p.read_bytes() for p in self.server.database_dir(self.target).iterdir() if p.is_file())

    def backup_rows(self, before: str, query: str) -> list[Any]:
        with self.server.connect(self.name) as db:
            db.execute(f"SET search_path TO backup_before_{before}")
            return list(db.execute(query).fetchall())

    @contextmanager
    def holding_write_lock(self, session: str) -> Iterator[None]:
        with self.server.connect(self.name) as db:
            db.execute("BEGIN")
            db.execute("SELECT 1 FROM sessions WHERE name = %s FOR UPDATE", (session,))
            try:
                yield
            finally:
                db.execute("ROLLBACK")


Backend = SQLiteBackend | PostgresBackend


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """An empty sessions database of each kind."""
    if request.param == "sqlite":
        return SQLiteBackend(tmp_path / "s.sqlite3")
    server: PostgresServer = request.getfixturevalue("postgres")
    return PostgresBackend(server, server.create_database())


def test_a_session_is_saved_and_loaded_with_its_transcript(backend: Backend) -> None:
    store = SessionStore(backend.target)
    session = store.create("lincoln", "plan", ActionPlan(name="lincoln", initiative="Literacy"), {"phase": "drivers"})
    store.save_turn(session, "coaching", "Which stage?")
    loaded = SessionStore(backend.target).load("lincoln")
    assert loaded.plan.initiative == "Literacy"
    assert [t.text for t in loaded.transcript] == ["coaching", "Which stage?"]
    assert isinstance(loaded.state, PlanState) and loaded.state.phase == "drivers"
    assert [s.name for s in store.list()] == ["lincoln"]
    assert store.exists("lincoln") and not store.exists("other")


def test_a_plans_check_ins_and_assessments_are_kept_in_either_database(backend: Backend) -> None:
    from datetime import date

    from assistant.models import ConsiderationRating, Driver, DriverAssessment, Evidence, ProgressEntry

    plan = ActionPlan(
        name="maple",
        progress=[
            ProgressEntry(
                action=1,
                date=date(2026, 12, 9),
                who="ms kim",
                status="done",
                evidence=[Evidence(kind="link", text="https://drive.example.org/coaching-log")],
                obstacles="sub shortage",
            )
        ],
        assessments=[
            DriverAssessment(
                date=date(2026, 10, 5),
                ratings=[
                    ConsiderationRating(driver=Driver.coaching, consideration="A coaching plan", rating="partially")
                ],
            )
        ],
    )
    store = SessionStore(backend.target)
    session = store.create("maple", "plan", plan, {})
    store.save_turn(session, "finished it", "Action 1: done.")
    loaded = SessionStore(backend.target).load("maple").plan
    assert loaded.progress == plan.progress and loaded.assessments == plan.assessments
    assert loaded.assessments[0].score(Driver.coaching) == 50


def test_names_must_be_new_and_sensible(backend: Backend) -> None:
    store = SessionStore(backend.target)
    store.create("a", "plan", ActionPlan(name="a"), {})
    with pytest.raises(InputError, match="already exists"):
        store.create("a", "plan", ActionPlan(name="a"), {})
    with pytest.raises(InputError, match="cannot name a session"):
        store.create("../etc/passwd", "plan", ActionPlan(name="x"), {})
    with pytest.raises(NotFoundError, match="no session named"):
        store.load("missing")
    with pytest.raises(NotFoundError, match="no session named"):
        store.delete("missing")


def test_whatever_a_team_types_is_kept(backend: Backend) -> None:
    store = SessionStore(backend.target)
    session = store.create("typed", "plan", ActionPlan(name="typed"), {})
    typed = "Ms. O'Brien: 50% of the students? -- DROP TABLE turns; é 学校"
    # A stray NUL (a paste from another program) must not cost the turn; PostgreSQL text cannot hold one.
    store.save_turn(session, typed + "\x00", "Recorded.")
    assert store.load("typed").transcript[0].text.startswith(typed)


def test_text_read_from_undecodable_bytes_is_kept_with_replacement_marks(backend: Backend) -> None:
    store = SessionStore(backend.target)
    session = store.create("bytes", "plan", ActionPlan(name="bytes"), {})
    # How Python reads the bytes ff fe of a terminal or a pipe that is not UTF-8: as lone surrogates.
    store.save_turn(session, "hello \udcff\udcfe world", "Recorded \ud800.")
    store.save_turn(session, "next turn", "Recorded.")
    texts = [t.text for t in store.load("bytes").transcript]
    assert texts == ["hello \ufffd\ufffd world", "Recorded \ufffd.", "next turn", "Recorded."]
    assert [t.text for t in session.transcript] == texts


def test_the_database_records_its_migrations(backend: Backend) -> None:
    SessionStore(backend.target)
    with open_database(backend.target).connect() as db:
        names = [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == ["001_sessions", "002_audit", "003_deleting", "004_turn_events"]
    assert SessionStore(backend.target).integrity_ok()


def test_the_sqlite_database_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    SessionStore(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_sqlite_url_and_a_plain_path_name_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    SessionStore(f"sqlite:///{path}").create("via-url", "plan", ActionPlan(name="via-url"), {})
    assert SessionStore(path).exists("via-url")
    assert SessionStore(str(path)).exists("via-url")
    with pytest.raises(InputError, match="postgresql:// or sqlite:///"):
        SessionStore("mysql://localhost/sessions")


def test_a_damaged_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="damaged"):
        SessionStore(path)


def test_a_database_of_another_application_is_refused(backend: Backend) -> None:
    with open_database(backend.target).connect() as db:
        db.execute("CREATE TABLE sessions (id INTEGER, payload TEXT)")
    with pytest.raises(StoreError, match="not a CIP Assistant database"):
        SessionStore(backend.target)


def test_a_turn_that_cannot_get_the_database_is_refused_and_not_half_saved(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    store = SessionStore(backend.target)
    session = store.create("busy", "plan", ActionPlan(name="busy", initiative="Before"), {})
    session.plan.initiative = "After"
    with backend.holding_write_lock("busy"), pytest.raises(StoreError, match="busy") as caught:
        store.save_turn(session, "an answer", "a reply")
    assert "\n" not in str(caught.value)
    kept = store.load("busy")
    assert kept.plan.initiative == "Before" and kept.transcript == []
    store.save_turn(session, "an answer", "a reply")
    assert [t.text for t in store.load("busy").transcript] == ["an answer", "a reply"]


def test_a_turn_saved_onto_a_plan_someone_else_changed_is_refused_not_written_over(backend: Backend) -> None:
    first, second = SessionStore(backend.target), SessionStore(backend.target)
    first.create("shared", "plan", ActionPlan(name="shared"), {})
    mine, theirs = first.load("shared"), second.load("shared")
    theirs.plan.initiative = "Their initiative"
    second.save_turn(theirs, "their answer", "Recorded action 1")
    mine.plan.initiative = "My initiative"
    with pytest.raises(ConflictError, match="changed from another window"):
        first.save_turn(mine, "my answer", "Recorded action 1")
    stored = first.load("shared")
    assert stored.plan.initiative == "Their initiative"
    assert [t.text for t in stored.transcript] == ["their answer", "Recorded action 1"]


def test_a_turn_taken_on_the_stored_plan_is_taken_again_when_another_client_saved_first(backend: Backend) -> None:
    store, other = SessionStore(backend.target), SessionStore(backend.target)
    store.create("shared", "plan", ActionPlan(name="shared"), {})
    seen: list[str] = []

    def add_mine(session: Session) -> tuple[str, str]:
        seen.append(session.plan.initiative)
        if len(seen) == 1:  # another window saves while this turn is being worked out
            other.take_turn("shared", add_theirs)
        session.plan.initiative += "+mine"
        return "my answer", "noted"

    def add_theirs(session: Session) -> tuple[str, str]:
        session.plan.initiative += "+theirs"
        return "their answer", "noted"

    saved = store.take_turn("shared", add_mine)
    assert seen == ["", "+theirs"]
    assert saved.plan.initiative == store.load("shared").plan.initiative == "+theirs+mine"
    assert [t.text for t in store.load("shared").transcript if t.role == "user"] == ["their answer", "my answer"]


def test_many_teams_planning_at_once_lose_no_turn(backend: Backend) -> None:
    store = SessionStore(backend.target)
    teams, turns = 12, 25
    for n in range(teams):
        store.create(f"team-{n}", "plan", ActionPlan(name=f"team-{n}"), {})
    errors: list[BaseException] = []

    def plan(n: int) -> None:
        try:
            own = SessionStore(backend.target)
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
        assert [t.text for t in session.transcript] == [
            text for turn in range(turns) for text in (f"answer {turn}", f"reply {turn}")
        ]
        assert session.plan.initiative == f"turn {turns - 1}"
    assert store.integrity_ok()


def test_deleting_a_session_removes_its_content_and_keeps_only_an_audit_line(backend: Backend) -> None:
    store = SessionStore(backend.target, actor="dana")
    kept = store.create("kept", "plan", ActionPlan(name="kept", initiative="Kept initiative"), {})
    store.save_turn(kept, "Coaching cycles every month", "Recorded.")
    session = store.create("gone", "plan", ActionPlan(name="gone", initiative="Secret initiative"), {})
    store.save_turn(session, "Student Maria Lopez needs support", "Recorded.")
    session.plan.initiative = "Secret initiative, second draft"
    store.save_turn(session, "Her brother Tomas Lopez too", "Recorded.")
    assert b"Maria Lopez" in backend.on_disk()  # what the deletion must remove is really there first
    store.delete("gone")
    assert not store.exists("gone")
    raw = backend.on_disk()
    for secret in (b"Maria Lopez", b"Tomas Lopez", b"Secret initiative"):
        assert secret not in raw
    assert store.load("kept").transcript[0].text == "Coaching cycles every month"
    assert [(actor, action) for _, actor, action, _ in store.audit_log("gone")] == [
        ("dana", "create"),
        ("dana", "turn"),
        ("dana", "turn"),
        ("dana", "delete"),
    ]
    assert all(b"Lopez" not in repr(row).encode() for row in store.audit_log())
    assert store.integrity_ok()


def test_a_session_being_deleted_is_hidden_cannot_be_opened_and_is_finished_by_delete(backend: Backend) -> None:
    store = SessionStore(backend.target)
    store.create("kept", "plan", ActionPlan(name="kept"), {})
    session = store.create("gone", "plan", ActionPlan(name="gone", initiative="Secret initiative"), {})
    store.save_turn(session, "Student Maria Lopez needs support", "Recorded.")
    read_before = store.load("gone")
    store.mark_deleting("gone")
    store.mark_deleting("gone")  # marking again (a second attempt) changes nothing
    assert [s.name for s in store.list()] == ["kept"]
    assert store.deleting() == ["gone"] and store.is_deleting("gone") and not store.is_deleting("kept")
    with pytest.raises(NotFoundError, match="is being deleted; `cip-assistant plan delete gone` finishes it"):
        store.load("gone")
    with pytest.raises(NotFoundError, match="is being deleted"):
        store.take_turn("gone", lambda s: ("more", "Recorded."))
    with pytest.raises(ConflictError):  # a turn read before the mark is not saved onto it
        store.save_turn(read_before, "Late answer", "Recorded.")
    store.delete("gone")
    assert store.deleting() == [] and not store.exists("gone")
    raw = backend.on_disk()
    assert b"Maria Lopez" not in raw and b"Late answer" not in raw
    assert store.integrity_ok()


def _old_database(target: Path | str) -> None:
    """A database as the first release left it: sessions and turns, no audit log."""
    with open_database(target).connect() as db:
        db.execute(CREATE_LEDGER)
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


def test_an_older_database_is_backed_up_before_it_is_migrated(backend: Backend) -> None:
    _old_database(backend.target)
    store = SessionStore(backend.target)
    assert store.load("old").plan.initiative == "Kept"
    assert store.audit_log() == []
    assert [r[0] for r in backend.backup_rows("002_audit", "SELECT name FROM _migrations")] == ["001_sessions"]
    assert backend.backup_rows("002_audit", "SELECT count(*) FROM sessions")[0][0] == 1
    assert [s.name for s in store.list()] == ["old"] and store.deleting() == []


def test_a_session_saved_by_an_older_version_opens_with_its_state_and_transcript(backend: Backend) -> None:
    # Written the old way: the state a plain dict that names no mode, the turns without events.
    state = '{"phase": "followup", "pos": 1, "followup": {"action": 1, "missing": ["due"]}, "last_hint": ["p-1"]}'
    with open_database(backend.target).connect() as db:
        db.execute(CREATE_LEDGER)
        m001_sessions(db)
        db.execute("INSERT INTO _migrations VALUES ('001_sessions', 'then')")
        for name, mode, saved in (("old-plan", "plan", state), ("old-coach", "coach", '{"phase": "context"}')):
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, 1, ?, ?)",
                (name, mode, saved, ActionPlan(name=name).model_dump_json(), "2026-01-01T00:00:00", "2026-01-01"),
            )
        db.execute(
            "INSERT INTO turns(session, role, text, at) VALUES ('old-plan', 'assistant', 'By when.', ?)",
            ("2026-01-01T00:00:00",),
        )
    store = SessionStore(backend.target)
    plan = store.load("old-plan")
    assert isinstance(plan.state, PlanState)
    assert plan.state.phase == "followup" and plan.state.followup is not None and plan.state.last_hint == ["p-1"]
    assert [(t.text, t.events) for t in plan.transcript] == [("By when.", None)]
    coach = store.load("old-coach")
    assert isinstance(coach.state, CoachState) and coach.state.mode == "coach" and coach.state.phase == "context"
    # Saved again, it is written the new way and reads back the same.
    store.save_turn(plan, "by friday", "Noted.")
    again = store.load("old-plan")
    assert again.state == plan.state and again.transcript[-1].text == "Noted."


def test_a_reply_is_saved_with_its_events(backend: Backend) -> None:
    store = SessionStore(backend.target)
    session = store.create("events", "plan", ActionPlan(name="events"))
    store.save_turn(
        session, "/skip", "Skipped.", [Notice(code="skipped", text="Skipped."), SetupQuestion(step="stage")]
    )
    user, reply = store.load("events").transcript
    assert user.events is None
    assert reply.events == [Notice(code="skipped", text="Skipped."), SetupQuestion(step="stage")]


def test_two_stores_opening_a_new_database_at_once_both_work(backend: Backend) -> None:
    opened: list[SessionStore] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_store() -> None:
        try:
            start.wait()
            opened.append(SessionStore(backend.target))
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_database(backend.target).connect() as db:
        assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")] == [
            name for name, _ in MIGRATIONS
        ]
    opened[0].create("first", "plan", ActionPlan(name="first"), {})
    assert all(store.exists("first") for store in opened)


def _damage_rows(target: Path | str) -> None:
    """Rows as a bad restore or a hand edit leaves them: invalid JSON, a plan of the wrong shape, a bad name."""
    with open_database(target).connect() as db:
        db.execute("UPDATE sessions SET plan = ? WHERE name = 'torn'", ('{"name": "torn", "actions": [',))
        db.execute("UPDATE sessions SET plan = ? WHERE name = 'odd'", ('{"name": 5, "actions": "none"}',))
        db.execute("UPDATE sessions SET name = ? WHERE name = 'renamed'", ("../renamed\x1b[31m",))


def test_one_damaged_row_is_listed_as_damaged_and_the_others_still_work(backend: Backend) -> None:
    store = SessionStore(backend.target)
    for name in ("good", "torn", "odd", "renamed"):
        store.create(name, "plan", ActionPlan(name=name, initiative=f"{name} initiative"), {})
    _damage_rows(backend.target)

    listed = {summary.name: summary for summary in store.list()}
    assert set(listed) == {"good", "torn", "odd", "../renamed\x1b[31m"}
    assert not listed["good"].damaged and listed["good"].initiative == "good initiative"
    assert {name for name, summary in listed.items() if summary.damaged} == {"torn", "odd", "../renamed\x1b[31m"}
    for name in ("torn", "odd", "../renamed\x1b[31m"):
        with pytest.raises(StoreError, match="is damaged and cannot be opened") as caught:
            store.load(name)
        assert "plan delete" in str(caught.value) and "\x1b" not in str(caught.value)
    assert store.load("good").plan.initiative == "good initiative"

    store.delete("torn")
    store.delete("../renamed\x1b[31m")
    assert sorted(summary.name for summary in store.list()) == ["good", "odd"]
    assert store.load("good").plan.initiative == "good initiative"


def test_a_full_disk_is_reported_as_full_not_as_damage(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = SessionStore(path)
    store.create("lincoln", "plan", ActionPlan(name="lincoln", initiative="Kept"), {})
    # SQLite answers a write past max_page_count exactly as it answers one on a full disk (SQLITE_FULL).
    with pytest.raises(StoreError) as caught, open_database(path).connect() as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        db.execute(
            "INSERT INTO turns(session, role, text, at) VALUES ('lincoln', 'user', ?, 'now')", ("words " * 50_000,)
        )
    message = str(caught.value)
    assert "is full; free some space" in message and "damaged" not in message and "move it aside" not in message
    assert store.load("lincoln").plan.initiative == "Kept"
