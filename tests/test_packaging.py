"""The built wheel carries everything an installed assistant reads: the knowledge base, prompts and eval sets."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("pyproject.toml", "README.md", "assistant", "ui", "evaluation", "knowledge_base", "prompts")


@pytest.mark.slow
def test_the_wheel_ships_the_knowledge_base_prompts_and_evaluation_sets(tmp_path: Path) -> None:
    source = tmp_path / "src"  # built from a copy, so the build leaves nothing in the working tree
    source.mkdir()
    for item in SHIPPED:
        if (ROOT / item).is_dir():
            shutil.copytree(ROOT / item, source / item, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / item, source / item)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(tmp_path)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {n.split("/data/share/cip-assistant/", 1)[1] for n in names if "/data/share/cip-assistant/" in n}
    expected = {
        str(p.relative_to(ROOT))
        for folder in ("knowledge_base", "prompts", "evaluation/dialogue")
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
    } | {"evaluation/gold.yaml"}
    assert expected <= data, sorted(expected - data)
    assert "assistant/understanding/reader.py" in names and "ui/app.py" in names
    assert "ui/cip.css" in names, "the page would have no style"
