"""Forward-only, named schema migrations, each applied once and recorded in `_migrations`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def m001_sessions(db: sqlite3.Connection) -> None:
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
        """CREATE TABLE turns (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session TEXT NOT NULL REFERENCES sessions(name) ON DELETE CASCADE,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX turns_by_session ON turns(session, id)")


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_sessions", m001_sessions),
]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database has not seen; returns their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db:
            step(db)
            db.execute("INSERT INTO _migrations(name, applied) VALUES (?, datetime('now'))", (name,))
        applied.append(name)
    return applied
