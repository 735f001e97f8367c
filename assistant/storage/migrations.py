"""Forward-only, named schema migrations, each applied once and recorded in `_migrations`.

One list serves SQLite and PostgreSQL; a step asks its connection's database for the DDL that differs.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.models import utcnow
from assistant.storage.database import Connection

Migration = Callable[[Connection], None]


def m001_sessions(db: Connection) -> None:
    db.execute(
        """CREATE TABLE sessions (
            name TEXT PRIMARY KEY,
            mode TEXT NOT NULL,
            state TEXT NOT NULL,
            plan TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )"""
    )
    db.execute(
        f"""CREATE TABLE turns (
            id {db.database.key_column},
            session TEXT NOT NULL REFERENCES sessions(name) ON DELETE CASCADE,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX turns_by_session ON turns(session, id)")


def m002_audit(db: Connection) -> None:
    # Who did what and when, never what was said: the content stays in the session it belongs to.
    db.execute(
        f"""CREATE TABLE audit (
            id {db.database.key_column},
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            session TEXT NOT NULL
        )"""
    )


def m003_deleting(db: Connection) -> None:
    # When a deletion began: set before any file of the session is removed, so a deletion cut short is finished
    # later rather than forgotten. A session with it set is hidden and cannot be opened.
    db.execute("ALTER TABLE sessions ADD COLUMN deleting TEXT")


def m004_turn_events(db: Connection) -> None:
    # What each reply said as typed events (JSON), so a transcript is shown again with its citations; turns
    # saved before keep NULL and are shown as their text.
    db.execute("ALTER TABLE turns ADD COLUMN events TEXT")


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_sessions", m001_sessions),
    ("002_audit", m002_audit),
    ("003_deleting", m003_deleting),
    ("004_turn_events", m004_turn_events),
]

CREATE_LEDGER = "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"


def pending(db: Connection) -> list[str]:
    exists = db.database.table_exists(db, "_migrations")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")} if exists else set()
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(db: Connection) -> list[str]:
    """Apply the migrations this database has not seen, in one transaction; returns their names.

    A database that already holds sessions is backed up first: SQLite copies its file to
    `sessions.sqlite3.before-<migration>.bak`; PostgreSQL copies its tables into the schema
    `backup_before_<migration>` in the same transaction. The backups keep session text, including that of
    sessions deleted later: remove them once the upgrade has proved itself.
    Servers starting at once take turns: SQLite's write lock or a PostgreSQL advisory lock, both held to commit.
    """
    if not pending(db):
        return []
    with db.transaction():
        db.database.lock_for_migration(db)
        todo = pending(db)  # again: another server may have finished while this one waited for the lock
        if not todo:
            return []
        if db.database.table_exists(db, "sessions"):
            db.database.backup(db, todo[0])
        db.execute(CREATE_LEDGER)
        steps = dict(MIGRATIONS)
        for name in todo:
            steps[name](db)
            db.execute("INSERT INTO _migrations(name, applied) VALUES (?, ?)", (name, utcnow().isoformat()))
    return todo
