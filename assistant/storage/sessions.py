"""Sessions and their plans in SQLite: saved after every turn, safe for many teams at once.

WAL lets readers and one writer work side by side; the busy timeout makes concurrent writers wait instead of
failing; each turn is one transaction, so a crash loses at most the turn in flight.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.errors import InputError, NotFoundError, StoreError
from assistant.models import ActionPlan, Session, SessionMode, Turn, utcnow
from assistant.storage.migrations import migrate, pending

BUSY_TIMEOUT_MS = 10_000
_NAME = re.compile(r"^[\w][\w .-]{0,79}$")


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise InputError(
            f"'{name[:40]}' cannot name a session; use up to 80 letters, digits, spaces, dots, dashes or underscores."
        )
    return name


@dataclass(frozen=True)
class SessionSummary:
    name: str
    mode: str
    initiative: str
    stage: str
    drivers: list[str]
    actions: int
    updated: datetime


class SessionStore:
    def __init__(self, path: Path, actor: str | None = None) -> None:
        self.path = path
        self.actor = actor or _os_user()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connect() as db:
                todo = pending(db)
                has_data = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").fetchone() is not None
                if todo and has_data:
                    self._backup(db, todo[0])
                migrate(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"The sessions database {path} is damaged or not a database ({exc}); move it aside and start again."
            ) from exc

    def _backup(self, db: sqlite3.Connection, first: str) -> Path:
        """Copy the database aside before changing its schema, so an upgrade can always be undone."""
        target = self.path.with_name(f"{self.path.name}.before-{first}.bak")
        with sqlite3.connect(target) as copy:
            db.backup(copy)
        copy.close()
        return target

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            try:
                db.execute("BEGIN IMMEDIATE")
                yield db
                db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                db.execute("ROLLBACK") if db.in_transaction else None
                raise StoreError(f"The sessions database is busy or read-only ({exc}); try again in a moment.") from exc
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def audit(self, db: sqlite3.Connection, action: str, session: str) -> None:
        db.execute(
            "INSERT INTO audit(at, actor, action, session) VALUES (?, ?, ?, ?)",
            (utcnow().isoformat(), self.actor, action, session),
        )

    def audit_log(self, session: str | None = None) -> list[tuple[str, str, str, str]]:
        """(time, actor, action, session) rows, oldest first; they hold no plan or conversation content."""
        query = "SELECT at, actor, action, session FROM audit"
        with self._connect() as db:
            if session is None:
                return list(db.execute(query + " ORDER BY id"))
            return list(db.execute(query + " WHERE session = ? ORDER BY id", (session,)))

    def exists(self, name: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone() is not None

    def create(self, name: str, mode: SessionMode, plan: ActionPlan, state: dict[str, object]) -> Session:
        name = check_name(name)
        now = utcnow().isoformat()
        with self._write() as db:
            if db.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone():
                raise InputError(f"A session named '{name}' already exists; resume it or pick another name.")
            db.execute(
                "INSERT INTO sessions(name, mode, state, plan, version, created, updated) VALUES (?, ?, ?, ?, 1, ?, ?)",
                (name, mode, json.dumps(state), plan.model_dump_json(), now, now),
            )
            self.audit(db, "create", name)
        return Session(id=name, mode=mode, state=state, plan=plan, transcript=[])

    def load(self, name: str) -> Session:
        with self._connect() as db:
            row = db.execute("SELECT mode, state, plan FROM sessions WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise NotFoundError(
                    f"There is no session named '{name}'; `cip-assistant plan list` shows the saved ones."
                )
            turns = db.execute("SELECT role, text, at FROM turns WHERE session = ? ORDER BY id", (name,)).fetchall()
        return Session(
            id=name,
            mode=row[0],
            state=json.loads(row[1]),
            plan=ActionPlan.model_validate_json(row[2]),
            transcript=[Turn(role=role, text=text, at=datetime.fromisoformat(at)) for role, text, at in turns],
        )

    def save_turn(self, session: Session, user: str | None, reply: str) -> None:
        """Record one exchange and the state it led to, atomically."""
        now = utcnow()
        session.plan.updated = now
        with self._write() as db:
            cursor = db.execute(
                "UPDATE sessions SET state = ?, plan = ?, version = version + 1, updated = ? WHERE name = ?",
                (json.dumps(session.state), session.plan.model_dump_json(), now.isoformat(), session.id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"The session '{session.id}' was deleted while in use.")
            self.audit(db, "turn", session.id)
            for role, text in (("user", user), ("assistant", reply)):
                if text is not None:
                    db.execute(
                        "INSERT INTO turns(session, role, text, at) VALUES (?, ?, ?, ?)",
                        (session.id, role, text, now.isoformat()),
                    )
        for role, text in (("user", user), ("assistant", reply)):
            if text is not None:
                session.transcript.append(Turn(role=role, text=text, at=now))  # type: ignore[arg-type]

    def list(self) -> list[SessionSummary]:
        with self._connect() as db:
            rows = db.execute("SELECT name, mode, plan, updated FROM sessions ORDER BY updated DESC").fetchall()
        out = []
        for name, mode, plan_json, updated in rows:
            plan = ActionPlan.model_validate_json(plan_json)
            out.append(
                SessionSummary(
                    name=name,
                    mode=mode,
                    initiative=plan.initiative,
                    stage=plan.stage.value if plan.stage else "",
                    drivers=[d.value for d in plan.drivers],
                    actions=len(plan.actions),
                    updated=datetime.fromisoformat(updated),
                )
            )
        return out

    def delete(self, name: str) -> None:
        """Remove the session, its turns and its plan; the audit log keeps only that it was deleted."""
        with self._write() as db:
            if db.execute("DELETE FROM sessions WHERE name = ?", (name,)).rowcount == 0:
                raise NotFoundError(f"There is no session named '{name}'.")
            self.audit(db, "delete", name)
        with self._connect() as db:
            # Deleted rows can linger in free pages and the WAL; reclaim them so the text is really gone.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("VACUUM")

    def integrity_ok(self) -> bool:
        with self._connect() as db:
            return bool(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
