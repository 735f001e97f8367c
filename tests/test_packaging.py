"""The built wheel carries everything an installed assistant reads, and an installed assistant works.

The second test installs the wheel (not an editable install) into a fresh virtual environment and runs it from a
folder outside the source tree. Without network, the environment borrows the dependencies of the one running the
tests: a .pth file adds that environment's site-packages after its own (the .pth files there, such as an editable
install's, are not read), so `assistant` can only come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("pyproject.toml", "README.md", "assistant", "ui", "evaluation")
RESOURCES = ROOT / "assistant" / "resources"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the source tree, so the build leaves nothing in the working tree."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    source.mkdir()
    for item in SHIPPED:
        if (ROOT / item).is_dir():
            shutil.copytree(ROOT / item, source / item, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / item, source / item)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(source)]
    built = subprocess.run([*command, "-w", str(root)], capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    [found] = root.glob("*.whl")
    return found


@pytest.mark.slow
def test_the_wheel_ships_the_knowledge_base_prompts_and_evaluation_sets_inside_its_packages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        p.relative_to(ROOT).as_posix()
        for folder in (RESOURCES / "knowledge_base", RESOURCES / "prompts", ROOT / "evaluation" / "dialogue")
        for p in folder.rglob("*")
        if p.is_file()
    } | {"evaluation/gold.yaml", "evaluation/gold_blind.yaml"}
    assert "assistant/resources/knowledge_base/sources/004_c790838b7d776522.txt" in expected
    assert expected <= names, sorted(expected - names)
    assert [n for n in names if ".data/" in n] == [], "nothing may travel outside the packages"
    assert "assistant/understanding/reader.py" in names and "ui/app.py" in names
    assert "ui/cip.css" in names, "the page would have no style"


WHERE_SCRIPT = """
import json, sysconfig
from assistant import resources
from assistant.config import get_settings
from assistant.generators.phrasing import PROMPTS_DIR
from assistant.llm.base import PROMPTS_DIR as LLM_PROMPTS
from evaluation.run import GOLD
print(json.dumps({
    "purelib": sysconfig.get_paths()["purelib"],
    "knowledge_base": str(resources.knowledge_base()),
    "settings": str(get_settings().knowledge_base),
    "prompts": str(PROMPTS_DIR),
    "llm_prompts": str(LLM_PROMPTS),
    "gold": str(GOLD),
}))
"""


def _fresh_environment(where: Path, wheel: Path) -> Path:
    """A virtual environment holding the wheel, with this environment's packages behind it; its `bin` folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    borrowed = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    Path(purelib, "borrowed.pth").write_text("\n".join(dict.fromkeys(borrowed)) + "\n", encoding="utf-8")
    install = [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed", str(wheel)]
    installed = subprocess.run(install, capture_output=True, text=True, timeout=600, check=False)
    assert installed.returncode == 0, installed.stderr
    return where / "bin"


@pytest.mark.slow
@pytest.mark.real_model
def test_the_installed_wheel_indexes_answers_and_chats(wheel: Path, tmp_path: Path) -> None:
    bin_dir = _fresh_environment(tmp_path / "venv", wheel)
    work = tmp_path / "elsewhere"  # not the source tree: nothing may be found by accident
    work.mkdir()
    env = {name: value for name, value in os.environ.items() if not name.startswith(("CIP_ASSISTANT_", "PYTHON"))}
    env |= {"CIP_ASSISTANT_HOME": str(work / "home"), "CIP_ASSISTANT_TODAY": "2026-11-22"}

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "cip-assistant"), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=work,
            timeout=600,
            check=False,
        )

    # The installed assistant reads its data from inside the installed package, and there is no other copy.
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", WHERE_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=120,
        check=True,
    ).stdout
    found = json.loads(where)
    package_data = Path(found["purelib"]) / "assistant" / "resources"
    assert Path(found["purelib"]).is_relative_to(tmp_path / "venv"), where
    assert Path(found["knowledge_base"]) == package_data / "knowledge_base", where
    assert Path(found["settings"]) == package_data / "knowledge_base", where
    assert Path(found["prompts"]) == Path(found["llm_prompts"]) == package_data / "prompts", where
    assert Path(found["gold"]) == Path(found["purelib"]) / "evaluation" / "gold.yaml", where
    assert (package_data / "knowledge_base" / "sources").is_dir() and (package_data / "prompts").is_dir()
    assert not (tmp_path / "venv" / "share" / "cip-assistant").exists()

    indexed = run("index", "--json")
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout)["passages"] > 100

    asked = run("ask", "how often should coaching happen?", "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["citations"] and "coach" in answer["answer"].lower()

    script = [
        "no",
        "Dana Reyes, our instructional coach, will run coach training on the new routines by January 29, 2027",
        "/done",
    ]
    chatted = run(
        "chat",
        "--session",
        "lincoln",
        "--initiative",
        "Structured literacy K-3",
        "--stage",
        "installation",
        "--driver",
        "coaching",
        stdin="\n".join(script) + "\n",
    )
    assert chatted.returncode == 0, chatted.stderr
    assert "Recorded action 1" in chatted.stdout
    shown = run("plan", "show", "lincoln", "--json")
    assert json.loads(shown.stdout)["actions"][0]["owner"] == "Dana Reyes"
