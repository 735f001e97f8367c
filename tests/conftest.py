"""Shared fixtures: a temporary home for every test, and one index of the bundled knowledge base per session.

Building the index loads the embedding model and embeds every passage, so it happens once; a test that changes
an index works on its own copy (`index_home`), and tests that only read use the shared one (`retriever`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings, reset_settings
from assistant.retrieval.embedder import Embedder
from assistant.retrieval.retriever import Retriever

SOURCES = PROJECT_ROOT / "knowledge_base" / "sources"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets an empty home of its own; no setting leaks in from the environment or another test."""
    for name in list(os.environ):
        if name.startswith("CIP_ASSISTANT_"):
            monkeypatch.delenv(name)
    path = tmp_path / "home"
    monkeypatch.setenv("CIP_ASSISTANT_HOME", str(path))
    reset_settings()
    yield path
    reset_settings()


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """One embedding model for the whole session (loading it takes seconds)."""
    return Embedder()


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose index holds the bundled knowledge base, built once. Treat it as read-only."""
    from assistant.retrieval.indexer import build_index

    path = tmp_path_factory.mktemp("built") / "home"
    report = build_index(Settings(home=path))
    assert report.changed and report.passages > 0
    return path


@pytest.fixture(scope="session")
def retriever(built_home: Path, embedder: Embedder) -> Retriever:
    """A retriever on the shared index; searching does not change it."""
    return Retriever(Settings(home=built_home), embedder=embedder)


def copy_index(built: Path, target: Path) -> Path:
    """Copy a built index into another home (a few megabytes), so a test can change it freely."""
    shutil.copytree(built / "index", target / "index")
    return target


@pytest.fixture
def index_home(home: Path, built_home: Path) -> Path:
    """This test's home, holding its own copy of the bundled index."""
    return copy_index(built_home, home)


def cli_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a CLI run: this machine's, with the given home and no other assistant settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("CIP_ASSISTANT_")}
    env["CIP_ASSISTANT_HOME"] = str(home)
    env.update(extra or {})
    return env


def run_cli(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m assistant ARGS` the way a user would, with its own home."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=cli_env(home, env),
        cwd=home.parent,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """`cli("search", "coaching", home=path)`: the command line in a subprocess, as a user runs it."""
    return run_cli
