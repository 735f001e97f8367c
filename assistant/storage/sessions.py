"""Sessions and their plans, saved after every turn, safe for many teams and several servers at once.

SQLite (a file in the home) is the default; a postgresql:// URL puts them in PostgreSQL (see `database`).
Each turn is one transaction, so a crash loses at most the turn in flight; a turn that meets a busy database is
retried once before the user is told.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TypeVar

from pydantic import TypeAdapter, ValidationError

from assistant.dialogue.events import Event
from assistant.dialogue.session import Session, SessionState, Turn
from assistant.errors import ConflictError, InputError, NotFoundError, StoreError
from assistant.models import ActionPlan, SessionMode, utcnow
from assistant.storage.database import BusyError, Connection, open_database
from assistant.storage.migrations import migrate

T = TypeVar("T")
# What a step of `take_turn` says: the team's message (or None), the reply, and optionally the reply's events.
Said = tuple[str | None, str] | tuple[str | None, str, Sequence[Event]]
_EVENTS: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
# How often a turn is tried again on the plan as stored when another client saved first; each try takes
# milliseconds, so running out means something is saving this session in a loop.
TURN_ATTEMPTS = 8
TURN_LOCK_SECONDS = 10.0
_NAME = re.compile(r"^[\w][\w .-]{0,79}$")


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def printable(text: str) -> str:
    """Typed text quoted in a one-line message: no line breaks, no terminal escape sequences."""
    return "".join(ch for ch in " ".join(text.split()) if ch.isprintable())


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """Text any database can hold: a lone surrogate (what undecodable bytes read as) becomes "\ufffd"."""
    return _SURROGATE.sub("\ufffd", text)


# The longest message any conversation accepts; a longer one is refused and only its length is kept.
MAX_KEPT_CHARS = 10_000


def kept(message: str, limit: int = MAX_KEPT_CHARS) -> str:
    """What the transcript keeps of a typed message: the message, or for one refused as too long, its length."""
    if len(message) <= limit:
        return message
    return f"(a message of {len(message):,} characters, refused as too long and not kept)"


def _turn(role: str, text: str, at: str, events: str | None) -> Turn:
    typed = None
    if events:
        try:
            typed = _EVENTS.validate_json(events)
        except ValidationError:  # events of a kind this version does not know: the text still tells the turn
            typed = None
    return Turn(role=role, text=text, at=datetime.fromisoformat(at), events=typed)  # type: ignore[arg-type]


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise InputError(
            f"'{printable(name)[:40]}' cannot name a session; "
            "use up to 80 letters, digits, spaces, dots, dashes or underscores."
        )
    return name


def damaged_session(name: str) -> StoreError:
    """The error for a saved session whose row cannot be read back; deleting it is the way out."""
    import shlex

    return StoreError(
        f"The saved session '{printable(name)[:80]}' is damaged and cannot be opened; "
        f"`cip-assistant plan delete {shlex.quote(printable(name)[:80])}` removes it (the other sessions are fine)."
    )


def being_deleted(name: str) -> NotFoundError:
    """The error for a session whose deletion began: it cannot be opened, and deleting it again finishes the job."""
    import shlex

    shown = printable(name)[:80]
    return NotFoundError(
        f"The session '{shown}' is being deleted; `cip-assistant plan delete {shlex.quote(shown)}` finishes it."
    )


@dataclass(frozen=True)
class SessionSummary:
    name: str
    mode: str
    initiative: str
    stage: str
    drivers: list[str]
    actions: int
    updated: datetime
    # The row could not be read back (its plan, date or name is malformed); only its name and mode are known.
    damaged: bool = False


def _summary(name: object, mode: object, plan_json: object, updated: object) -> SessionSummary:
    """One row of the session list; a row that cannot be read is listed as damaged rather than hiding the others."""
    try:
        check_name(str(name))
        plan = ActionPlan.model_validate_json(plan_json)  # type: ignore[arg-type]
        return SessionSummary(
            name=str(name),
            mode=str(mode),
            initiative=plan.initiative,
            stage=plan.stage.value if plan.stage else "",
            drivers=[d.value for d in plan.drivers],
            actions=len(plan.actions),
            updated=datetime.fromisoformat(str(updated)),
        )
    except (InputError, ValueError, TypeError):  # pydantic's ValidationError is a ValueError
        pass
    try:
        when = datetime.fromisoformat(str(updated))
    except ValueError:
        when = datetime.min
    return SessionSummary(str(name), str(mode), "", "", [], 0, when, damaged=True)


class SessionStore:
    """Sessions in the database `target` names: a SQLite file (a Path or sqlite:/// URL) or a postgresql:// URL."""

    def __init__(self, target: Path | str, actor: str | None = None) -> None:
        self.database = open_database(target)
        # Lock files for turns live beside a SQLite file; a database server has no folder of ours to use.
        path = getattr(self.database, "path", None)
        self._lock_dir: Path | None = Path(path).parent / "locks" if isinstance(path, Path) else None
        self.actor = actor or _os_user()
        self._retrying(self._migrate)

    @contextlib.contextmanager
    def _turn_lock(self, name: str) -> Iterator[None]:
        """Turns on one session from the processes of this computer, one at a time (a lock file per session).

        Without it, clients typing at once would keep taking their turns again. Servers on other computers (a
        PostgreSQL database) are kept apart by the version check alone. A lock that cannot be had within
        TURN_LOCK_SECONDS (a process stuck mid-turn) is gone without: the version check still applies.
        """
        with contextlib.ExitStack() as stack:
            handle = self._lock_file(stack, name)
            locked = False
            deadline = time.monotonic() + TURN_LOCK_SECONDS
            while handle is not None and not locked and time.monotonic() < deadline:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    locked = True
                except BlockingIOError:
                    time.sleep(0.005)
            try:
                yield
            finally:
                if handle is not None and locked:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _lock_file(self, stack: contextlib.ExitStack, name: str) -> IO[str] | None:
        if self._lock_dir is None:
            return None
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        try:
            self._lock_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            return stack.enter_context(open(self._lock_dir / f"{digest}.lock", "a"))
        except OSError:
            return None  # a read-only home: nothing can be saved anyway, and saying so is the save's job

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

    def create(
        self, name: str, mode: SessionMode, plan: ActionPlan, state: SessionState | dict[str, object] | None = None
    ) -> Session:
        name = check_name(name)
        session = Session.model_validate(
            {"id": name, "mode": mode, "state": state or {}, "plan": plan, "transcript": [], "version": 1}
        )
        now = utcnow().isoformat()

        def insert(db: Connection) -> None:
            # ON CONFLICT rather than a look first: two servers creating one name at once both see it free.
            cursor = db.execute(
                "INSERT INTO sessions(name, mode, state, plan, version, created, updated) VALUES (?, ?, ?, ?, 1, ?, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (name, mode, session.state.model_dump_json(), plan.model_dump_json(), now, now),
            )
            if cursor.rowcount == 0:
                raise InputError(f"A session named '{name}' already exists; resume it or pick another name.")
            self.audit(db, "create", name)

        self._write(insert)
        return session

    def load(self, name: str) -> Session:
        query = "SELECT mode, state, plan, version, deleting FROM sessions WHERE name = ?"
        with self.database.connect() as db, db.transaction(self.database.begin_read):
            row = db.execute(query, (name,)).fetchone()
            if row is None:
                raise NotFoundError(
                    f"There is no session named '{name}'; `cip-assistant plan list` shows the saved ones."
                )
            if row[4] is not None:
                raise being_deleted(name)
            turns = db.execute(
                "SELECT role, text, at, events FROM turns WHERE session = ? ORDER BY id", (name,)
            ).fetchall()
        try:
            check_name(name)
            return Session(
                id=name,
                mode=row[0],
                state=json.loads(row[1]),
                plan=ActionPlan.model_validate_json(row[2]),
                transcript=[_turn(*row) for row in turns],
                version=row[3],
            )
        except (InputError, ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
            raise damaged_session(name) from exc

    def save_turn(self, session: Session, user: str | None, reply: str, events: Sequence[Event] | None = None) -> None:
        """Record one exchange and the state it led to, atomically, onto the version `session` was read at.

        If another client saved this session since, nothing is written and ConflictError is raised: the turn
        must be taken again on the session as stored (`take_turn` does that), never saved over the other's work.
        """
        now = utcnow()
        if user is not None:
            user = kept(user)
        said = [(role, storable(text)) for role, text in (("user", user), ("assistant", reply)) if text is not None]
        typed = list(events) if events is not None else None
        stored = storable(_EVENTS.dump_json(typed).decode("utf-8")) if typed is not None else None
        plan = session.plan.model_copy(update={"updated": now})

        def record(db: Connection) -> None:
            # The update comes first: its row lock keeps this session's turns in the order they were said.
            cursor = db.execute(
                "UPDATE sessions SET state = ?, plan = ?, version = version + 1, updated = ?"
                " WHERE name = ? AND version = ?",
                (session.state.model_dump_json(), plan.model_dump_json(), now.isoformat(), session.id, session.version),
            )
            if cursor.rowcount == 0:
                if db.execute("SELECT 1 FROM sessions WHERE name = ?", (session.id,)).fetchone() is None:
                    raise NotFoundError(f"The session '{session.id}' was deleted while in use.")
                raise ConflictError(
                    f"The session '{session.id}' was changed from another window; your last message was not saved."
                )
            self.audit(db, "turn", session.id)
            for role, text in said:
                db.execute(
                    "INSERT INTO turns(session, role, text, at, events) VALUES (?, ?, ?, ?, ?)",
                    (session.id, role, text, now.isoformat(), stored if role == "assistant" else None),
                )

        self._write(record)
        session.plan.updated = now
        session.version += 1
        for role, text in said:
            said_events = typed if role == "assistant" else None
            session.transcript.append(Turn(role=role, text=text, at=now, events=said_events))  # type: ignore[arg-type]

    def take_turn(self, name: str, step: Callable[[Session], Said | None]) -> Session:
        """Read the session, let `step` change it and say what was said, and save that onto what was read.

        `step` returns (the team's message or None, the reply's text), optionally with the reply's events.

        A step that returns None has nothing to record, and nothing is saved.

        When another client saved in between, the turn is taken again on the session as it now stands, so two
        windows on one plan each add their work and neither erases the other's.
        """
        with self._turn_lock(name):
            for attempt in range(TURN_ATTEMPTS):
                session = self.load(name)
                said = step(session)
                if said is None:
                    return session
                try:
                    self.save_turn(session, *said)
                except ConflictError:
                    # Another server saved first; waiting a moment of random length lets the two stop colliding.
                    time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
                    continue
                return session
        raise StoreError(
            f"The session '{name}' is being changed from elsewhere without pause, so your message was not saved; "
            "close the other windows on it and send it again."
        )

    def mark_deleting(self, name: str) -> None:
        """Hide the session and refuse to open it from now on, before any of its files is removed.

        The version moves on too, so a turn read before the mark is not saved onto a session being deleted.
        """

        def mark(db: Connection) -> None:
            cursor = db.execute(
                "UPDATE sessions SET deleting = COALESCE(deleting, ?), version = version + 1 WHERE name = ?",
                (utcnow().isoformat(), name),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"There is no session named '{name}'.")

        self._write(mark)

    def is_deleting(self, name: str) -> bool:
        with self.database.connect() as db:
            row = db.execute("SELECT deleting FROM sessions WHERE name = ?", (name,)).fetchone()
        return row is not None and row[0] is not None

    def deleting(self) -> list[str]:
        """The sessions whose deletion began and did not finish, oldest first."""
        with self.database.connect() as db:
            rows = db.execute("SELECT name FROM sessions WHERE deleting IS NOT NULL ORDER BY deleting").fetchall()
        return [str(row[0]) for row in rows]

    def list(self) -> list[SessionSummary]:
        """The saved sessions, most recently changed first; those being deleted are not among them."""
        query = "SELECT name, mode, plan, updated FROM sessions WHERE deleting IS NULL ORDER BY updated DESC"
        with self.database.connect() as db:
            rows = db.execute(query).fetchall()
        return [_summary(*row) for row in rows]

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
