"""Sessions and their plans, saved after every turn, safe for many teams and several servers at once.

SQLite (a file in the home) is the default; a postgresql:// URL puts them in PostgreSQL (see `database`).
Each turn is one transaction, so a crash loses at most the turn in flight; a turn that meets a busy database is
retried once before the user is told.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from assistant.errors import InputError, NotFoundError
from assistant.models import ActionPlan, Session, SessionMode, Turn, utcnow
from assistant.storage.database import BusyError, Connection, open_database
from assistant.storage.migrations import migrate

T = TypeVar("T")
_NAME = re.compile(r"^[\w][\w .-]{0,79}$")


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _printable(text: str) -> str:
    """Typed text quoted in a one-line message: no line breaks, no terminal escape sequences."""
    return "".join(ch for ch in " ".join(text.split()) if ch.isprintable())


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """Text any database can hold: a lone surrogate (what undecodable bytes read as) becomes "\ufffd"."""
    return _SURROGATE.sub("\ufffd", text)


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise InputError(
            f"'{_printable(name)[:40]}' cannot name a session; "
            "use up to 80 letters, digits, spaces, dots, dashes or underscores."
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
    """Sessions in the database `target` names: a SQLite file (a Path or sqlite:/// URL) or a postgresql:// URL."""

    def __init__(self, target: Path | str, actor: str | None = None) -> None:
        self.database = open_database(target)
        self.actor = actor or _os_user()
        self._retrying(self._migrate)

    def _migrate(self) -> None:
        with self.database.connect() as db:
            migrate(db)

    @staticmethod
    def _retrying(work: Callable[[], T]) -> T:
        try:
            return work()
        except BusyError:
            return work()

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction, once more if the database was busy; it must not touch anything else."""

        def attempt() -> T:
            with self.database.connect() as db, db.transaction():
                return work(db)

        return self._retrying(attempt)

    def audit(self, db: Connection, action: str, session: str) -> None:
        db.execute(
            "INSERT INTO audit(at, actor, action, session) VALUES (?, ?, ?, ?)",
            (utcnow().isoformat(), self.actor, action, session),
        )

    def audit_log(self, session: str | None = None) -> list[tuple[str, str, str, str]]:
        """(time, actor, action, session) rows, oldest first; they hold no plan or conversation content."""
        query = "SELECT at, actor, action, session FROM audit"
        with self.database.connect() as db:
            if session is None:
                return [tuple(row) for row in db.execute(query + " ORDER BY id")]
            return [tuple(row) for row in db.execute(query + " WHERE session = ? ORDER BY id", (session,))]

    def exists(self, name: str) -> bool:
        with self.database.connect() as db:
            return db.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone() is not None

    def create(self, name: str, mode: SessionMode, plan: ActionPlan, state: dict[str, object]) -> Session:
        name = check_name(name)
        now = utcnow().isoformat()

        def insert(db: Connection) -> None:
            # ON CONFLICT rather than a look first: two servers creating one name at once both see it free.
            cursor = db.execute(
                "INSERT INTO sessions(name, mode, state, plan, version, created, updated) VALUES (?, ?, ?, ?, 1, ?, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (name, mode, json.dumps(state), plan.model_dump_json(), now, now),
            )
            if cursor.rowcount == 0:
                raise InputError(f"A session named '{name}' already exists; resume it or pick another name.")
            self.audit(db, "create", name)

        self._write(insert)
        return Session(id=name, mode=mode, state=state, plan=plan, transcript=[])

    def load(self, name: str) -> Session:
        with self.database.connect() as db, db.transaction(self.database.begin_read):
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
        said = [(role, storable(text)) for role, text in (("user", user), ("assistant", reply)) if text is not None]

        def record(db: Connection) -> None:
            # The update comes first: its row lock keeps this session's turns in the order they were said.
            cursor = db.execute(
                "UPDATE sessions SET state = ?, plan = ?, version = version + 1, updated = ? WHERE name = ?",
                (json.dumps(session.state), session.plan.model_dump_json(), now.isoformat(), session.id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"The session '{session.id}' was deleted while in use.")
            self.audit(db, "turn", session.id)
            for role, text in said:
                db.execute(
                    "INSERT INTO turns(session, role, text, at) VALUES (?, ?, ?, ?)",
                    (session.id, role, text, now.isoformat()),
                )

        self._write(record)
        for role, text in said:
            session.transcript.append(Turn(role=role, text=text, at=now))  # type: ignore[arg-type]

    def list(self) -> list[SessionSummary]:
        with self.database.connect() as db:
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
        """Remove the session, its turns and its plan, then compact the database so their text is gone from its
        files; the audit log keeps only that it was deleted, by whom and when.

        On PostgreSQL this is VACUUM FULL of the session tables; copies in its write-ahead log, archives, replicas
        and backups are the database administrator's to expire.
        """

        def remove(db: Connection) -> None:
            if db.execute("DELETE FROM sessions WHERE name = ?", (name,)).rowcount == 0:
                raise NotFoundError(f"There is no session named '{name}'.")
            self.audit(db, "delete", name)

        self._write(remove)

        def compact() -> None:
            with self.database.connect() as db:
                self.database.compact(db)

        self._retrying(compact)

    def integrity_ok(self) -> bool:
        with self.database.connect() as db:
            return self.database.integrity_ok(db)
