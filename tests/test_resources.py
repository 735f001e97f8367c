"""The knowledge base, its sources and the prompts are read from inside the package, wherever it is run from."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

import assistant
import evaluation
from assistant import resources
from assistant.config import Settings
from assistant.generators.phrasing import PROMPTS_DIR
from assistant.llm.base import PROMPTS_DIR as LLM_PROMPTS_DIR
from assistant.llm.base import render
from evaluation.dialogue_eval import SETS
from evaluation.run import GOLD, load_gold

PACKAGE_DATA = Path(assistant.__file__).resolve().parent / "resources"
CURATED = ("drivers.yaml", "stages.yaml", "guiding_questions.yaml", "equity_checks.yaml", "lexicon.yaml")


def test_the_default_knowledge_base_is_the_one_inside_the_package() -> None:
    kb = Settings().knowledge_base
    assert kb.resolve() == PACKAGE_DATA / "knowledge_base"
    assert all((kb / name).is_file() for name in CURATED)
    assert len(list(Settings().sources_dir.glob("*.txt"))) == 5


def test_the_knowledge_base_setting_still_points_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIP_ASSISTANT_KNOWLEDGE_BASE", str(tmp_path))
    assert Settings().knowledge_base == tmp_path
    assert resources.knowledge_base().resolve() == PACKAGE_DATA / "knowledge_base"


def test_prompts_and_phrasing_come_from_inside_the_package() -> None:
    assert PROMPTS_DIR.resolve() == LLM_PROMPTS_DIR.resolve() == PACKAGE_DATA / "prompts"
    assert (PROMPTS_DIR / "coach_prep.yaml").is_file() and (PROMPTS_DIR / "reflection.yaml").is_file()
    assert "Continuous Improvement" in render("llm_system.md")


def test_the_evaluation_sets_travel_with_the_evaluation_package() -> None:
    evaluation_dir = Path(evaluation.__file__).resolve().parent
    assert GOLD.resolve() == evaluation_dir / "gold.yaml" and len(load_gold()) > 100
    assert SETS.resolve() == evaluation_dir / "dialogue" and (SETS / "heldout.yaml").is_file()


def test_a_file_shipped_in_a_zipped_package_is_handed_out_as_a_real_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_data/__init__.py", "")
        zipped.writestr("zipped_data/notes/hello.txt", "hello from a zip")
    monkeypatch.syspath_prepend(str(archive))
    try:
        path = resources.shipped_path("notes", "hello.txt", package="zipped_data")
    finally:
        sys.modules.pop("zipped_data", None)

    assert isinstance(path, Path) and path.read_text(encoding="utf-8") == "hello from a zip"
    assert archive not in path.parents
