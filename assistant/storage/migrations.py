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


def m002_audit(db: sqlite3.Connection) -> None:
    # Who did what and when, never what was said: the content stays in the session it belongs to.
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            session TEXT NOT NULL
        )"""
    )


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_sessions", m001_sessions),
    ("002_audit", m002_audit),
]


def pending(db: sqlite3.Connection) -> list[str]:
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone()
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")} if exists else set()
    return [name for name, _ in MIGRATIONS if name not in done]


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
