"""The command line as a user drives it: separate processes, JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.retrieval.retriever import Retriever

Cli = Callable[..., subprocess.CompletedProcess[str]]
HIT_FIELDS = {"id", "text", "source", "section", "driver", "kind", "score"}
COACHING = "how often should staff receive coaching"
BATCH = [COACHING, "", "should job descriptions get a race equity review?"]
# A long batch with one line too long to search, among 150.
ROUGH = [COACHING, "coaching " * 300, *["should job descriptions get a race equity review?"] * 148]

# Each of these loads the embedding model, so they start together and run side by side.
MODEL_RUNS: dict[str, list[str]] = {
    "search": ["search", COACHING, "--k", "5", "--json"],
    "batch": ["search", "--batch", "{batch}", "--k", "5", "--json"],
    "rough": ["search", "--batch", "{rough}", "--k", "5", "--json"],
    "ask": ["ask", "how often should coaching be provided?", "--json"],
    "off_topic": ["ask", "recipe for banana bread", "--json"],
}


def cli_env(home: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("CIP_ASSISTANT_")}
    return {**env, "CIP_ASSISTANT_HOME": str(home)}


@pytest.fixture(scope="module")
def runs(built_home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("cli")
    batch = root / "questions.txt"
    batch.write_text("\n".join(BATCH) + "\n", encoding="utf-8")
    rough = root / "rough.txt"
    rough.write_text("\n".join(ROUGH) + "\n", encoding="utf-8")
    started = {}
    for name, args in MODEL_RUNS.items():
        home = root / name
        shutil.copytree(built_home / "index", home / "index")
        started[name] = subprocess.Popen(
            [sys.executable, "-m", "assistant", *(arg.format(batch=batch, rough=rough) for arg in args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(home),
            cwd=root,
        )
    done = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=300)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return done


# -------------------------------------------------------------------------------------------- --help


def test_help_lists_the_commands(home: Path, cli: Cli) -> None:
    result = cli("--help", home=home)
    assert result.returncode == 0
    for command in ("index", "search", "ask", "eval"):
        assert command in result.stdout
    assert result.stderr == ""


def test_help_does_not_import_the_heavy_libraries(home: Path) -> None:
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from assistant.cli.main import cli\n"
        "for args in (['--help'], ['search', '--help'], ['index', '--help'], ['ask', '--help'], ['--version']):\n"
        "    result = CliRunner().invoke(cli, args)\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers', 'chromadb')\n"
        "loaded = sorted(name for name in heavy if name in sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=cli_env(home), timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------- search, ask


@pytest.mark.slow
def test_search_prints_a_json_array_of_hits(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = runs["search"]
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert isinstance(hits, list) and len(hits) == 5
    for hit in hits:
        assert set(hit) >= HIT_FIELDS
    assert any("at least monthly" in hit["text"] for hit in hits)


@pytest.mark.slow
def test_batch_prints_one_array_per_line_in_order(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = runs["batch"]
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(BATCH)
    arrays = [json.loads(line) for line in lines]
    assert [len(array) for array in arrays] == [5, 0, 5]
    single = json.loads(runs["search"].stdout)
    assert [hit["id"] for hit in arrays[0]] == [hit["id"] for hit in single]
    assert all(set(hit) >= HIT_FIELDS for hit in arrays[2])
    assert any("race equity impact analysis" in hit["text"] for hit in arrays[2])


@pytest.mark.slow
def test_a_line_that_cannot_be_searched_is_skipped_by_number_and_the_batch_goes_on(
    runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = runs["rough"]
    arrays = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(arrays) == len(ROUGH), "one array per line in, the skipped one too"
    assert arrays[1] == [] and all(len(array) == 5 for array in arrays[:1] + arrays[2:])
    notes = result.stderr.splitlines()
    assert notes[0].startswith("Line 2 skipped: ") and "2000" in notes[0]
    assert "Searched 100 of 150 lines…" in notes
    assert notes[-1] == "Error: 1 of 150 lines was skipped (line 2); the others were searched."
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_ask_answers_with_quotes_found_in_the_cited_passages(
    runs: dict[str, subprocess.CompletedProcess[str]], retriever: Retriever
) -> None:
    result = runs["ask"]
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "citations"}
    assert "monthly" in data["answer"]
    assert data["citations"]
    for citation in data["citations"]:
        assert set(citation) >= {"id", "source", "section", "quote"}
        passage = retriever.passage(citation["id"])
        assert passage is not None
        assert citation["quote"] in passage.text
        assert citation["source"] == passage.source and citation["section"] == passage.section


@pytest.mark.slow
def test_an_off_topic_question_finds_nothing_rather_than_guessing(
    runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = runs["off_topic"]
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["citations"] == []
    assert "could not find" in data["answer"]


# ------------------------------------------------------------------------------------------ bad input


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    batch = tmp_path / "batch.txt"
    batch.write_text("coaching\n", encoding="utf-8")
    workbook = tmp_path / "budget.xlsx"
    workbook.write_bytes(b"PK\x03\x04 a spreadsheet")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.md").write_text("# Plan\n\nCoaching monthly.\n", encoding="utf-8")
    many = tmp_path / "many.txt"
    many.write_text("coaching\n" * 10_001, encoding="utf-8")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB long, next to nothing on disk
    return {
        "many": str(many),
        "huge": str(huge),
        "missing_batch": str(tmp_path / "no-such-file.txt"),
        "missing_doc": str(tmp_path / "no-such-plan.md"),
        "batch": str(batch),
        "workbook": str(workbook),
        "folder": str(folder),
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", ""], "empty"),
        (["search", "   \t "], "empty"),
        (["ask", "   "], "empty"),
        (["search", "coaching", "--k", "0"], "--k"),
        (["search", "coaching", "--k", "51"], "--k"),
        (["search", "coaching", "--k", "abc"], "--k"),
        (["search", "--batch", "{missing_batch}", "--json"], "does not exist"),
        (["search", "coaching", "--batch", "{batch}"], "not both"),
        (["search", "--batch", "{folder}", "--json"], "is a folder, not a file"),
        (["search", "--batch", "{many}", "--json"], "has 10,001 lines; a batch can hold up to 10,000 queries in 5 MB"),
        (["search", "--batch", "{huge}", "--json"], "is 50.0 MB; a batch can hold up to 10,000 queries in 5 MB"),
        (["index", "{missing_doc}"], "does not exist"),
        (["search", "coaching", "--driver", "astrology"], "Unknown driver 'astrology'"),
        (["ask", "--driver", "coachin", "what is coaching?"], "Did you mean 'coaching'?"),
        (["search", "coaching", "--kind", "recipe"], "Unknown kind"),
        (["index", "{workbook}"], ".xlsx"),
        (["index", "{folder}"], "folder"),
        (["frobnicate"], "No such command"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_bad_input_is_one_line_on_stderr(
    home: Path, cli: Cli, files: dict[str, str], args: list[str], expected: str
) -> None:
    result = cli(*(arg.format(**files) for arg in args), home=home)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:")
    assert expected in lines[0]
    assert result.stdout == ""
    # Nothing was indexed or copied on the way to the error.
    assert not (home / "index").exists() and not (home / "documents").exists()


def test_unknown_driver_error_lists_the_choices(home: Path, cli: Cli) -> None:
    result = cli("search", "coaching", "--driver", "astrology", home=home)
    assert "Choose one of: selection, training, coaching" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["index", "--remove", ""], {}, "cannot name an added document"),
        (["index", "--remove", "x" * 5000], {}, "cannot name an added document"),
        (["index", "--remove", "nothere.md"], {}, "No added document is named nothere.md"),
        (["search", "coaching"], {"CIP_ASSISTANT_CHROMA_URL": "http://[::1"}, "is not a Chroma server address"),
        (["plan", "list"], {"CIP_ASSISTANT_UI_QUEUE_SIZE": "0"}, "CIP_ASSISTANT_UI_QUEUE_SIZE is not valid"),
        (["plan", "list"], {"CIP_ASSISTANT_DATABASE_URL": "mysql://x"}, "starts with postgresql://"),
    ],
)
def test_bad_names_addresses_and_settings_are_one_line(
    cli: Callable[..., subprocess.CompletedProcess[str]], home: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    result = cli(*args, home=home, env=env)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
