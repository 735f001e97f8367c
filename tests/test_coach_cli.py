"""`cip-assistant coach-prep` and `cip-assistant reflect` as a user runs them: JSON, files, one-line errors."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from assistant.app import Assistant
from assistant.config import get_settings
from assistant.retrieval.retriever import Retriever

Cli = Callable[..., subprocess.CompletedProcess[str]]
SECTIONS = [
    "Purpose and goal",
    "What to bring",
    "Opening and listening questions (Lean In)",
    "Strengths to affirm (Lift Up)",
    "Agreements, follow-through and feedback loop (Connect)",
    "Cultural responsiveness and partner perspective (Culture)",
    "Next steps with dates",
]


def assert_one_line_error(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert message in lines[0]


# Each of these loads the embedding model (several seconds), so there are only two.


def test_coach_prep_prints_json_and_saves_a_word_guide(
    cli: Cli, index_home: Path, tmp_path: Path, retriever: Retriever
) -> None:
    out = tmp_path / "guide.docx"
    context = "new 3rd grade teacher, walkthrough showed pacing struggles"
    result = cli(
        "coach-prep", "--driver", "coaching", "--stage", "initial", "--context", context, "--json", "--out", str(out),
        home=index_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"Wrote {out}"
    data = json.loads(result.stdout)
    assert [s["title"] for s in data["sections"]] == SECTIONS
    assert data["stage"] == "initial_implementation" and data["context"] == context
    for section in data["sections"]:
        assert section["items"]
        for item in section["items"]:
            passage = retriever.passage(item["citation"]["id"])
            assert passage is not None and item["citation"]["quote"] in passage.text
    assert data["citations"] and all("pacing" not in c["quote"] for c in data["citations"])
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style and p.style.name.startswith("Heading")]
    assert headings == [*SECTIONS, "Sources"]


def test_reflect_prints_json_and_saves_a_markdown_handout(
    cli: Cli, index_home: Path, tmp_path: Path, retriever: Retriever
) -> None:
    from assistant.generators.reflect import reflection_prompts
    from assistant.knowledge.curated import resolve_driver
    from assistant.models import Stage

    out = tmp_path / "handout.md"
    result = cli(
        "reflect", "--driver", "DIDM", "--stage", "installation", "--audience", "new teachers", "--n", "6",
        "--seed", "7", "--json", "--out", str(out),
        home=index_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["driver"], data["stage"], data["audience"], data["seed"]) == (
        "decision_support_data",
        "installation",
        "new teachers",
        7,
    )
    assert len(data["prompts"]) == 6
    for prompt in data["prompts"]:
        assert {"text", "driver", "stage", "citation", "timing", "level"} <= set(prompt)
        passage = retriever.passage(prompt["citation"]["id"])
        assert passage is not None and prompt["citation"]["quote"] in passage.text
    # The command line and the library draw the same prompts for the same request and seed.
    same = reflection_prompts(retriever, resolve_driver("DIDM"), Stage.installation, "new teachers", 6, seed=7)
    assert [p["text"] for p in data["prompts"]] == [p.text for p in same.prompts]
    handout = out.read_text(encoding="utf-8")
    assert "## Before the session" in handout and "## Sources" in handout
    # The handout saved from the terminal is the one the web app's Markdown download gives for the same request.
    app = Assistant(get_settings(), retriever=retriever)
    downloaded = app.export_guide(app.reflection("DIDM", "installation", "new teachers", 6, 7), "md", tmp_path)
    assert downloaded.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["coach-prep", "--driver", "basketball"], "Unknown driver 'basketball'"),
        (["coach-prep", "--driver", "coaching", "--stage", "stage five"], "Unknown stage 'stage five'"),
        (["coach-prep", "--driver", "coaching", "--context", ""], "The context is empty"),
        (["coach-prep", "--driver", "coaching", "--format", "docx"], "--format needs --out"),
        (["coach-prep", "--driver", "coaching", "--out", "guide.pdf"], "md or docx"),
        (["coach-prep"], "Missing option '--driver'"),
        (["coach-prep", "--driver", "coaching", "--force"], "--force needs --out"),
        (["reflect", "--driver", "coaching", "--n", "0"], "between 1 and 30, not 0"),
        (["reflect", "--driver", "coaching", "--n", "1000"], "between 1 and 30, not 1000"),
        (["reflect", "--driver", "coaching", "--n", "abc"], "'abc' is not a valid integer"),
        (["reflect", "--driver", "coaching", "--audience", "   "], "The audience is empty"),
        (["reflect", "--driver", "trainning"], "Did you mean 'training'?"),
    ],
)
def test_bad_input_is_one_clear_line(cli: Cli, home: Path, args: list[str], message: str) -> None:
    # Input is checked before the index is opened: none of these needs (or builds) one.
    result = cli(*args, home=home)
    assert_one_line_error(result, message)
    assert not (home / "index").exists()


def test_an_existing_file_is_kept_unless_forced_before_anything_loads(cli: Cli, home: Path) -> None:
    handout = home.parent / "handout.md"
    handout.write_text("last year's handout", encoding="utf-8")
    result = cli("reflect", "--driver", "coaching", "--out", str(handout), home=home)
    assert_one_line_error(result, "handout.md already exists; add --force to replace it")
    assert handout.read_text(encoding="utf-8") == "last year's handout"
    assert not (home / "index").exists()
