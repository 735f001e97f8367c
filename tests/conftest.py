"""Shared fixtures: a temporary home for every test, and one index of the bundled knowledge base per session.

Most tests use the toy embedder (`CIP_ASSISTANT_EMBEDDING_MODEL=fake`): it needs no model and indexes the knowledge
base in a second. Tests whose outcome depends on what the real model understands (retrieval quality, answers
chosen by meaning) ask for the `real_*` fixtures, or carry `@pytest.mark.real_model`; they are marked `slow` too.

Each index is built once per session; a test that changes an index works on its own copy (`index_home`,
`real_index_home`), and tests that only read use the shared one (`retriever`, `real_retriever`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant import resources
from assistant.config import Settings, reset_settings
from assistant.retrieval.embedder import FAKE_MODEL, Embedder, FakeEmbedder, TextEmbedder
from assistant.retrieval.retriever import Retriever

SOURCES = resources.knowledge_base() / "sources"
MODEL_SETTING = "CIP_ASSISTANT_EMBEDDING_MODEL"
REAL_FIXTURES = {"real_embedder", "real_built_home", "real_retriever", "real_index_home"}

# Between tests too (module fixtures are set up before a test's own `home`), the toy embedder is the default.
os.environ[MODEL_SETTING] = FAKE_MODEL


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for the real model's index is a real-model test, and a slow one."""
    for item in items:
        if REAL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.real_model)
        if item.get_closest_marker("real_model") is not None:
            item.add_marker(pytest.mark.slow)


def uses_real_model(node: pytest.Item) -> bool:
    return node.get_closest_marker("real_model") is not None


@pytest.fixture(autouse=True)
def home(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets an empty home of its own; no setting leaks in from the environment or another test.

    The embedding model is the toy one unless the test is a real-model test.
    """
    for name in list(os.environ):
        if name.startswith("CIP_ASSISTANT_"):
            monkeypatch.delenv(name)
    if not uses_real_model(request.node):
        monkeypatch.setenv(MODEL_SETTING, FAKE_MODEL)
    path = tmp_path / "home"
    monkeypatch.setenv("CIP_ASSISTANT_HOME", str(path))
    reset_settings()
    yield path
    reset_settings()


def _build(tmp_path_factory: pytest.TempPathFactory, model: str) -> Path:
    from assistant.retrieval.indexer import build_index

    path = tmp_path_factory.mktemp("built") / "home"
    report = build_index(Settings(home=path, embedding_model=model))
    assert report.changed and report.passages > 0
    return path


@pytest.fixture(scope="session")
def embedder() -> TextEmbedder:
    """The toy embedder: deterministic, instant, meaningless beyond shared words."""
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder() -> TextEmbedder:
    """One embedding model for the whole session (loading it takes seconds)."""
    return Embedder()


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose index (toy embedder) holds the bundled knowledge base, built once. Treat it as read-only."""
    return _build(tmp_path_factory, FAKE_MODEL)


@pytest.fixture(scope="session")
def real_built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose index, built with the real model, holds the bundled knowledge base. Treat it as read-only."""
    return _build(tmp_path_factory, "")


@pytest.fixture(scope="session")
def retriever(built_home: Path, embedder: TextEmbedder) -> Retriever:
    """A retriever on the shared toy index; searching does not change it."""
    return Retriever(Settings(home=built_home, embedding_model=FAKE_MODEL), embedder=embedder)


@pytest.fixture(scope="session")
def real_retriever(real_built_home: Path, real_embedder: TextEmbedder) -> Retriever:
    """A retriever on the shared real-model index, for tests whose outcome depends on meaning."""
    return Retriever(Settings(home=real_built_home, embedding_model=""), embedder=real_embedder)


def copy_index(built: Path, target: Path) -> Path:
    """Copy a built index into another home (a few megabytes), so a test can change it freely."""
    shutil.copytree(built / "index", target / "index")
    return target


@pytest.fixture
def index_home(request: pytest.FixtureRequest, home: Path) -> Path:
    """This test's home, holding its own copy of the bundled index (the real model's in a real-model test)."""
    built = "real_built_home" if uses_real_model(request.node) else "built_home"
    return copy_index(request.getfixturevalue(built), home)


@pytest.fixture
def real_index_home(home: Path, real_built_home: Path) -> Path:
    """This test's home, holding its own copy of the bundled index built with the real model."""
    return copy_index(real_built_home, home)


def cli_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a CLI run: this machine's, with the given home, the test's embedding model and no
    other assistant settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("CIP_ASSISTANT_")}
    if MODEL_SETTING in os.environ:
        env[MODEL_SETTING] = os.environ[MODEL_SETTING]
    env["CIP_ASSISTANT_HOME"] = str(home)
    env.update(extra or {})
    return env


def run_cli(
    *args: str, home: Path, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m assistant ARGS` the way a user would, with its own home (and `input` typed on stdin)."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=input,
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
