"""The layers import downwards only: no cycle between the packages of `assistant`, and the library never imports
the web UI (only the command line's `ui` command starts it)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "assistant"
SUBPACKAGES = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
# The command line is a front end, like the web UI; its `ui` command is what starts the web UI.
FRONT_ENDS = {"cli"}


def _part(path: Path) -> str:
    """The subpackage (or top-level module) of `assistant` a file belongs to."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        source = _part(path)
        for name in _imports(path):
            bits = name.split(".")
            if bits[0] == "assistant" and len(bits) > 1 and bits[1] != source:
                graph.setdefault(source, set()).add(bits[1])
    return graph


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_every_subpackage_imports_on_its_own(name: str) -> None:
    assert importlib.import_module(f"assistant.{name}")


def test_no_import_cycle_between_the_packages() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycle = [*path[path.index(node) :], node]
            pytest.fail(f"import cycle: {' -> '.join(cycle)}")
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, [*path, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert "understanding" in graph and "dialogue" in graph  # the walk saw the packages it is about


def test_the_library_never_imports_the_web_ui() -> None:
    offenders = sorted(
        str(path.relative_to(PROJECT_ROOT))
        for path in PACKAGE.rglob("*.py")
        if _part(path) not in FRONT_ENDS and any(name == "ui" or name.startswith("ui.") for name in _imports(path))
    )
    assert offenders == []


def test_understanding_free_text_needs_neither_the_conversation_nor_the_language_model() -> None:
    folder = PACKAGE / "understanding"
    offenders = sorted(
        f"{path.name} imports {name}"
        for path in folder.rglob("*.py")
        for name in _imports(path)
        if name.startswith(("assistant.dialogue", "assistant.llm"))
    )
    assert list(folder.glob("*.py")) and offenders == []
