"""The two databases sessions can live in, behind one small interface: SQLite (the default) and PostgreSQL.

Queries are written once, with `?` placeholders. A `Database` supplies only what differs: how to connect, the
DDL of an auto-numbered key, how a write transaction starts, how to back up before a migration, how to compact
after a delete, and which driver errors mean "busy, try again" rather than "broken".
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from assistant.errors import InputError, StoreError

BUSY_TIMEOUT_MS = 10_000
# Any fixed number works, as long as every server migrating the same database uses the same one.
MIGRATION_LOCK = 0x43495041
# Serialization failure, deadlock, lock not granted in time: a second attempt usually succeeds.
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
# SQLite could not grow the shared-memory file of a WAL database: on a full disk, the first thing any command meets.
SQLITE_IOERR_SHMSIZE = sqlite3.SQLITE_IOERR | (19 << 8)
# Below this much free space, an input/output error is taken to mean the disk is full.
LOW_SPACE = 1 << 20
POSTGRES_HINT = "PostgreSQL sessions need the psycopg driver: pip install 'cip-assistant[postgres]'."


class BusyError(StoreError):
    """Another writer held the database too long, or PostgreSQL chose this transaction to fail; worth one retry."""


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection:
    """One open connection of a `Database`, in autocommit mode unless inside `transaction()`."""

    def __init__(self, database: Database, raw: Any) -> None:
        self.database = database
        self.raw = raw

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        cursor: Cursor = self.raw.execute(*self.database.adapt(sql, params))
        return cursor

    @contextmanager
    def transaction(self, begin: str | None = None) -> Iterator[Connection]:
        """Everything inside commits together or not at all; a write transaction unless `begin` says otherwise."""
        self.execute(begin or self.database.begin_write)
        try:
            yield self
        except BaseException:
            # The connection may be gone; the server then rolls back on its own.
            with suppress(Exception):
                self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")


class Database:
    """Where sessions are stored; subclasses fill in what differs between SQL dialects."""

    key_column: str  # DDL of an auto-numbered integer primary key
    begin_write: str
    begin_read: str  # a read-only transaction that sees one snapshot

    def __init__(self, where: str) -> None:
        self.where = where  # for messages: never holds a password

    def adapt(self, sql: str, params: Sequence[object]) -> tuple[str, Sequence[object]]:
        return sql, params

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        raise NotImplementedError

    def table_exists(self, db: Connection, name: str) -> bool:
        raise NotImplementedError

    def lock_for_migration(self, db: Connection) -> None:
        """Make other processes wait while this one migrates (inside the migration's transaction)."""

    def backup(self, db: Connection, before: str) -> str:
        """Keep a copy of the data before migration `before` changes the schema; returns where it went."""
        raise NotImplementedError

    def compact(self, db: Connection) -> None:
        """Rewrite the session tables so the text of deleted rows is no longer in the database files."""
        raise NotImplementedError

    def integrity_ok(self, db: Connection) -> bool:
        raise NotImplementedError

    def damaged(self, reason: str) -> StoreError:
        return StoreError(
            f"The sessions database {self.where} is damaged or not a CIP Assistant database ({reason}); "
            "move it aside and start again."
        )


def _one_line(exc: BaseException, secret: str | None = None) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if secret:
        text = text.replace(secret, "***")
    return text[:300]


class SQLiteDatabase(Database):
    """A file on this computer, in WAL mode: readers and one writer side by side, concurrent writers wait.

    The busy timeout makes writers queue instead of failing; synchronous=FULL means a committed turn survives a
    power cut.
    """

    key_column = "INTEGER PRIMARY KEY AUTOINCREMENT"
    # IMMEDIATE takes the write lock up front, so two writers never both read and then fail to upgrade.
    begin_write = "BEGIN IMMEDIATE"
    begin_read = "BEGIN"

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise self._full() from exc
            raise self._cannot_open(exc) from exc

    def _cannot_open(self, exc: Exception) -> StoreError:
        return StoreError(
            f"Cannot open the sessions database {self.path} ({_one_line(exc)}); check that its folder is writable."
        )

    def _full(self) -> StoreError:
        return StoreError(
            f"The disk holding the sessions database {self.path} is full; free some space on it and try again "
            "(the saved sessions are kept)."
        )

    def _read_only(self) -> StoreError:
        return StoreError(
            f"The folder {self.path.parent} is read-only for you, so the sessions database can be read but not "
            "changed; ask for write access to it, or set CIP_ASSISTANT_HOME to a folder you can write to."
        )

    def _writable(self) -> bool:
        # WAL mode creates files beside the database, so its folder must be writable too.
        if not os.access(self.path.parent, os.W_OK):
            return False
        return not self.path.exists() or os.access(self.path, os.W_OK)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        # Why this connection only reads, if it does: "read-only" (the folder or file) or "full" (the disk).
        limited: str | None = None
        if self._writable():
            try:
                raw = self._open_for_writing()
            except sqlite3.Error as exc:
                limited = self._kind(exc)
                if limited not in {"read-only", "full"}:
                    raise self._error(exc) from exc
                # Reading needs no new space and no rights to write: the saved sessions stay visible.
                raw = self._open_for_reading(self._error(exc))
        else:
            limited = "read-only"
            raw = self._open_for_reading(self._read_only())
        try:
            yield Connection(self, raw)
        except sqlite3.Error as exc:
            raise self._error(exc, limited) from exc
        finally:
            raw.close()

    def _open_for_writing(self) -> sqlite3.Connection:
        raw = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA synchronous=FULL")
            raw.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            raw.close()
            raise
        return raw

    def _open_for_reading(self, why: StoreError) -> sqlite3.Connection:
        """A connection that only reads, for a folder that cannot be written or a disk that is full.

        A WAL database is read through its shared-memory file, which cannot be made here. When another process has
        it open (the file is there), SQLite reads through it; when none has (no write-ahead log left to apply), the
        file is read as it is on disk.
        """
        if not self.path.is_file():
            raise why
        uri = self.path.resolve().as_uri()
        wal = self.path.with_name(self.path.name + "-wal")
        attempts = [f"{uri}?mode=ro"]
        if not wal.exists() or wal.stat().st_size == 0:
            attempts.append(f"{uri}?mode=ro&immutable=1")
        failure: sqlite3.Error | None = None
        for attempt in attempts:
            raw = sqlite3.connect(attempt, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return raw
            except sqlite3.Error as exc:
                raw.close()
                if self._kind(exc) == "damaged":
                    raise self._error(exc) from exc
                failure = exc
        raise why from failure

    def _kind(self, exc: sqlite3.Error) -> str:
        """busy, full, read-only, disk (an input/output error with space to spare) or damaged."""
        code = getattr(exc, "sqlite_errorcode", None) or 0
        primary = code & 0xFF  # extended codes (SQLITE_READONLY_DIRECTORY …) keep the primary one in the low byte
        if primary in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}:
            return "busy"
        if primary == sqlite3.SQLITE_FULL or code == SQLITE_IOERR_SHMSIZE:
            return "full"
        if primary == sqlite3.SQLITE_IOERR:
            return "full" if self._low_on_space() else "disk"
        if primary in {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM}:
            return "read-only"
        return "damaged"

    def _low_on_space(self) -> bool:
        try:
            return shutil.disk_usage(self.path.parent).free < LOW_SPACE
        except OSError:
            return False

    def _error(self, exc: sqlite3.Error, limited: str | None = None) -> StoreError:
        kind = self._kind(exc)
        if kind == "busy":
            return BusyError(f"The sessions database {self.path} is busy ({_one_line(exc)}); try again in a moment.")
        if kind == "read-only" and limited == "full":
            return self._full()  # a write on the connection that only reads because the disk is full
        if kind == "full":
            return self._full()
        if kind == "read-only":
            if limited == "read-only" or not self._writable():
                return self._read_only()
            return StoreError(
                f"The sessions database {self.path} cannot be written ({_one_line(exc)}); "
                "check its permissions and those of its folder."
            )
        if kind == "disk":
            return StoreError(
                f"The disk holding the sessions database {self.path} failed to read or write ({_one_line(exc)}); "
                "check the disk and try again."
            )
        return self.damaged(_one_line(exc))

    def table_exists(self, db: Connection, name: str) -> bool:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return db.execute(query, (name,)).fetchone() is not None

    def backup(self, db: Connection, before: str) -> str:
        """Copy the file to `<name>.before-<migration>.bak`.

        The copy reads through a second connection: it sees the last committed state, which nobody can change
        while `db` holds the write lock.
        """
        target = self.path.with_name(f"{self.path.name}.before-{before}.bak")
        source = sqlite3.connect(self.path)
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return str(target)

    def compact(self, db: Connection) -> None:
        # Deleted rows linger in free pages and in the WAL until both are rewritten.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")

    def integrity_ok(self, db: Connection) -> bool:
        return bool(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


class PostgresDatabase(Database):
    """A PostgreSQL database shared by several servers, through psycopg 3 (imported only when used).

    Transactions run at READ COMMITTED: concurrent turns on one session queue on its row lock. A lock not granted
    within the busy timeout, a deadlock or a serialization failure is reported as busy, and retried once.
    Deleting a session runs VACUUM FULL on the session tables, so its text leaves the table files; copies in the
    write-ahead log, WAL archives, replicas and base backups follow the database administrator's retention.
    """

    key_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    begin_write = "BEGIN"
    begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.conninfo import conninfo_to_dict
        except ImportError as exc:
            raise StoreError(POSTGRES_HINT) from exc
        try:
            info = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise InputError(
                "CIP_ASSISTANT_DATABASE_URL is not a valid PostgreSQL URL; "
                "write it as postgresql://user@host:5432/database."
            ) from exc
        self.url = url
        self.password = str(info["password"]) if info.get("password") else None
        host = str(info.get("host") or "localhost")
        port = f":{info['port']}" if info.get("port") else ""
        user = f"{info['user']}@" if info.get("user") else ""
        super().__init__(f"postgresql://{user}{host}{port}/{info.get('dbname') or ''}")
        options = str(info.get("options") or "")
        # Parity with SQLite's busy timeout: a writer waits for a lock this long, then the turn is retried once.
        self.options = f"{options} -c lock_timeout={BUSY_TIMEOUT_MS}".strip()

    def adapt(self, sql: str, params: Sequence[object]) -> tuple[str, Sequence[object]]:
        # Our queries hold no literal '?' or '%'. PostgreSQL text cannot hold NUL, which SQLite stores as typed.
        return sql.replace("?", "%s"), [p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params]

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        import psycopg

        try:
            raw = psycopg.connect(
                self.url,
                autocommit=True,
                connect_timeout=10,
                application_name="cip-assistant",
                options=self.options,
            )
        except psycopg.Error as exc:
            raise StoreError(
                f"Cannot connect to the sessions database {self.where} ({_one_line(exc, self.password)}); "
                "check that the server is running and CIP_ASSISTANT_DATABASE_URL is right."
            ) from exc
        try:
            yield Connection(self, raw)
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        finally:
            raw.close()

    def _error(self, exc: Exception) -> StoreError:
        import psycopg

        reason = _one_line(exc, self.password)
        if getattr(exc, "sqlstate", None) in TRANSIENT_SQLSTATES:
            return BusyError(f"The sessions database {self.where} is busy ({reason}); try again in a moment.")
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"Lost the connection to the sessions database {self.where} ({reason}); try again.")
        if getattr(exc, "sqlstate", None) == "42501":
            return StoreError(
                f"The sessions database {self.where} refused access ({reason}); "
                "the database user needs to own the session tables."
            )
        return self.damaged(reason)

    def damaged(self, reason: str) -> StoreError:
        return StoreError(
            f"The sessions database {self.where} is damaged or not a CIP Assistant database ({reason}); "
            "point CIP_ASSISTANT_DATABASE_URL at an empty database or one the assistant created."
        )

    def table_exists(self, db: Connection, name: str) -> bool:
        # A catalog query rather than to_regclass(), whose cache can miss a table created while we waited for a lock.
        query = "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
        return db.execute(query, (name,)).fetchone() is not None

    def lock_for_migration(self, db: Connection) -> None:
        # Released at commit or rollback: servers starting at once migrate one after the other.
        db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))

    def backup(self, db: Connection, before: str) -> str:
        """Copy every table of the current schema into the schema `backup_before_<migration>`.

        This runs in the migration's transaction: the copy exists if and only if the migration committed.
        """
        schema, n = f"backup_before_{before}", 2
        while db.execute("SELECT 1 FROM pg_namespace WHERE nspname = ?", (schema,)).fetchone():
            schema, n = f"backup_before_{before}_{n}", n + 1
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        db.execute(f"CREATE SCHEMA {_quote(schema)}")
        for table in tables:
            db.execute(f"CREATE TABLE {_quote(schema)}.{_quote(table)} AS TABLE {_quote(table)}")
        return schema

    def compact(self, db: Connection) -> None:
        # VACUUM FULL writes live rows to new files and drops the old ones, dead row versions included.
        db.execute("VACUUM FULL sessions, turns")

    def integrity_ok(self, db: Connection) -> bool:
        """PostgreSQL checks its own pages; this checks that our schema is complete and every turn has a session."""
        from assistant.storage.migrations import pending

        if pending(db):
            return False
        orphans = db.execute("SELECT count(*) FROM turns WHERE session NOT IN (SELECT name FROM sessions)").fetchone()
        return bool(orphans[0] == 0)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_database(target: Path | str) -> Database:
    """A Path, a plain path or a sqlite:/// URL is a SQLite file; postgresql:// (or postgres://) is PostgreSQL."""
    if isinstance(target, Path):
        return SQLiteDatabase(target)
    match = _SCHEME.match(target)
    if match is None:
        return SQLiteDatabase(Path(target))
    scheme = match.group(1).lower()
    if scheme in {"postgresql", "postgres"}:
        return PostgresDatabase(target)
    if scheme == "sqlite" and len(target) > len("sqlite:///") and target.startswith("sqlite:///"):
        # As in SQLAlchemy: sqlite:///relative/path, sqlite:////absolute/path.
        return SQLiteDatabase(Path(target[len("sqlite:///") :]))
    raise InputError(
        f"A sessions database URL starts with postgresql:// or sqlite:///, not '{scheme}://'; "
        "fix CIP_ASSISTANT_DATABASE_URL."
    )
