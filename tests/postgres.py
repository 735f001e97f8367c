"""A throwaway PostgreSQL server for tests: its own data directory, a free port on 127.0.0.1, trust auth.

Test modules that need it declare `pytest_plugins = ["postgres"]`; the server starts once per test run, on
first use, and is stopped at the end. Without the server binaries those tests are skipped, unless
CIP_ASSISTANT_REQUIRE_POSTGRES=1 (as in CI), where a missing server is a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

BIN_DIRS = [Path(os.environ.get("CIP_ASSISTANT_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))]
BIN_DIRS += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
# initdb refuses to run as root, so the server runs as the system account made for it.
SYSTEM_USER = "postgres"


def find_binaries() -> Path | None:
    for directory in BIN_DIRS:
        if all((directory / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    bin_dir: Path
    root: Path
    port: int = field(default_factory=free_port)
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", SYSTEM_USER, "--"] if os.geteuid() == 0 else []
        run = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120, check=False)
        if run.returncode != 0:
            log = self.root / "server.log"
            raise RuntimeError(
                f"{Path(command[0]).name} failed: {run.stderr.strip()}\n{log.read_text() if log.is_file() else ''}"
            )

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, user=SYSTEM_USER, group=SYSTEM_USER)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=60 -c shared_buffers=32MB"
        log = self.root / "server.log"
        self._run(str(self.bin_dir / "pg_ctl"), "start", "-w", "-D", str(self.data_dir), "-l", str(log), "-o", options)

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "stop", "-m", "immediate", "-D", str(self.data_dir))

    def connect(self, database: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True)

    def create_database(self) -> str:
        """A new, empty database on this server; returns its URL."""
        name = f"cip_{next(self._names)}"
        with self.connect() as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def database_dir(self, url: str) -> Path:
        """Where the server keeps the files of the database at `url`."""
        with self.connect(url.rsplit("/", 1)[1]) as db:
            oid = db.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()[0]
        return self.data_dir / "base" / str(oid)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the test run, stopped at the end."""
    bin_dir = find_binaries()
    if bin_dir is None:
        reason = f"PostgreSQL server binaries not found in {', '.join(map(str, BIN_DIRS[:1]))}"
        if os.environ.get("CIP_ASSISTANT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}, and CIP_ASSISTANT_REQUIRE_POSTGRES=1")
        pytest.skip(f"{reason} (install postgresql to run these tests)")
    # Under /tmp rather than pytest's temp dir: the server's account must be able to reach it.
    server = PostgresServer(bin_dir, Path(tempfile.mkdtemp(prefix="cip-pg-")))
    try:
        server.start()
        yield server
    finally:
        with suppress(RuntimeError):  # a server that never started has nothing to stop
            server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> str:
    """A fresh, empty database for this test."""
    return postgres.create_database()
