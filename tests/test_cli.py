"""The command line as a user drives it: separate processes, JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MODEL_SETTING, cli_env

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


@pytest.fixture(scope="module")
def runs(
    real_built_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, subprocess.CompletedProcess[str]]:
    """What search and ask print depends on what the model understands: these runs use the real one."""
    root = tmp_path_factory.mktemp("cli")
    batch = root / "questions.txt"
    batch.write_text("\n".join(BATCH) + "\n", encoding="utf-8")
    rough = root / "rough.txt"
    rough.write_text("\n".join(ROUGH) + "\n", encoding="utf-8")
    started = {}
    for name, args in MODEL_RUNS.items():
        home = root / name
        shutil.copytree(real_built_home / "index", home / "index")
        started[name] = subprocess.Popen(
            [sys.executable, "-m", "assistant", *(arg.format(batch=batch, rough=rough) for arg in args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(home, {MODEL_SETTING: ""}),
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


def test_index_with_several_paths_indexes_the_good_ones_and_names_each_bad_one(
    index_home: Path, cli: Cli, tmp_path: Path
) -> None:
    good = tmp_path / "coaching-notes.txt"
    good.write_text("Coaching notes\n\nCoaches meet each new teacher on the second Tuesday to review routines.\n")
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"this was never a PDF")
    word = tmp_path / "broken.docx"
    word.write_bytes(b"PK\x03\x04 a truncated zip")

    result = cli("index", str(pdf), str(good), str(word), home=index_home)

    assert result.returncode == 1, "a script is told that not every file was indexed"
    assert "Traceback" not in result.stderr
    assert "added coaching-notes.txt" in result.stdout
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"Error: {pdf} is not a PDF file")
    assert errors[1].startswith(f"Error: {word} ") and "Word document" in errors[1]
    assert sorted(p.name for p in (index_home / "documents").iterdir()) == ["coaching-notes.txt"]
    found = cli("search", "coaches meet each new teacher on the second Tuesday", "--json", home=index_home)
    assert found.returncode == 0
    assert any(hit["source"] == "coaching-notes.txt" for hit in json.loads(found.stdout))

    again = cli("index", "--json", str(good), str(pdf), home=index_home)
    assert again.returncode == 1
    failed = json.loads(again.stdout)["failed"]
    assert [f["name"] for f in failed] == ["broken.pdf"] and "is not a PDF file" in failed[0]["reason"]


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


# ------------------------------------------------------------------------------------------ saved plans


def test_one_damaged_plan_is_named_in_the_list_and_can_be_deleted(home: Path, cli: Cli) -> None:
    from assistant.models import ActionPlan
    from assistant.storage.database import open_database
    from assistant.storage.sessions import SessionStore

    database = home / "sessions.sqlite3"
    store = SessionStore(database)
    for name in ("lincoln", "torn"):
        store.create(name, "plan", ActionPlan(name=name, initiative=f"{name} literacy"), {})
    with open_database(database).connect() as db:
        db.execute("UPDATE sessions SET plan = ? WHERE name = 'torn'", ('{"name": "torn", "actions": 7}',))

    listed = cli("plan", "list", home=home)
    assert listed.returncode == 0, listed.stderr
    assert "lincoln  ·  lincoln literacy" in listed.stdout
    assert "torn  ·  damaged" in listed.stdout and "cip-assistant plan delete torn" in listed.stdout
    as_json = json.loads(cli("plan", "list", "--json", home=home).stdout)
    assert {(row["name"], row["damaged"]) for row in as_json} == {("lincoln", False), ("torn", True)}

    shown = cli("plan", "show", "torn", home=home)
    assert shown.returncode != 0 and "CIP_ASSISTANT_" not in shown.stderr
    assert shown.stderr.startswith("Error: The saved session 'torn' is damaged")
    assert len(shown.stderr.strip().splitlines()) == 1 and "Traceback" not in shown.stderr
    assert "lincoln literacy" in cli("plan", "show", "lincoln", home=home).stdout

    deleted = cli("plan", "delete", "torn", "--yes", home=home)
    assert deleted.returncode == 0, deleted.stderr
    assert [row["name"] for row in json.loads(cli("plan", "list", "--json", home=home).stdout)] == ["lincoln"]
    assert "no session named 'torn'" in cli("plan", "delete", "torn", "--yes", home=home).stderr


def test_a_record_that_fails_validation_is_not_called_a_setting(capsys: pytest.CaptureFixture[str]) -> None:
    from pydantic import BaseModel

    from assistant.cli.main import AssistantGroup

    class Record(BaseModel):
        name: str

    group = AssistantGroup()

    @group.command()
    def read() -> None:
        Record.model_validate({"name": 5})

    with pytest.raises(SystemExit) as stopped:
        group.main(["read"], prog_name="cip-assistant")
    assert stopped.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith("Error: Something went wrong") and "CIP_ASSISTANT_NAME" not in error


def _saved_plan(home: Path, name: str = "lincoln", initiative: str = "Family reading nights") -> None:
    from assistant.models import ActionPlan
    from assistant.storage.sessions import SessionStore

    SessionStore(home / "sessions.sqlite3").create(name, "plan", ActionPlan(name=name, initiative=initiative), {})


# Past this size no file may grow: SQLite cannot make the 32 KB shared-memory file of a WAL database, as on a disk
# with less than that free. Root is bound by the limit too.
FULL_DISK = (
    "import resource, runpy, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))\n"
    "sys.argv = ['cip-assistant', *sys.argv[1:]]\n"
    "runpy.run_module('assistant', run_name='__main__')\n"
)


def test_a_full_disk_still_lists_the_plans_and_says_the_disk_is_full(home: Path, cli: Cli) -> None:
    _saved_plan(home)
    assert (home / "sessions.sqlite3").stat().st_size > 16384

    def full(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", FULL_DISK, *args],
            capture_output=True,
            text=True,
            env=cli_env(home),
            cwd=home,
            timeout=120,
            check=False,
        )

    listed = full("plan", "list")
    assert listed.returncode == 0, listed.stderr
    assert "lincoln  ·  Family reading nights" in listed.stdout
    deleted = full("plan", "delete", "lincoln", "--yes")
    assert deleted.returncode == 1
    assert deleted.stderr.startswith("Error: The disk holding the sessions database") and "is full" in deleted.stderr
    assert "damaged" not in deleted.stderr and len(deleted.stderr.strip().splitlines()) == 1
    assert "Family reading nights" in cli("plan", "show", "lincoln", home=home).stdout


def _as_unprivileged_user() -> list[str]:
    """The command prefix that runs a command without root's right to write anywhere (nothing when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root writes to read-only folders, and setpriv is not here to run as another user")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_home_still_lists_shows_and_exports_its_plans(cli: Cli) -> None:
    # As root the commands run as the unprivileged user 65534; a folder of its own under the system's temporary
    # folder is one that user can reach.
    prefix = _as_unprivileged_user()
    with tempfile.TemporaryDirectory(prefix="cip-read-only-") as folder:
        root = Path(folder)
        root.chmod(0o755)
        home, out = root / "home", root / "out"
        _saved_plan(home)
        out.mkdir(mode=0o777)
        out.chmod(0o777)
        (home / "sessions.sqlite3").chmod(0o444)
        home.chmod(0o555)

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*prefix, sys.executable, "-m", "assistant", *args],
                capture_output=True,
                text=True,
                env=cli_env(home),
                cwd=root,
                timeout=120,
                check=False,
            )

        try:
            listed = run("plan", "list")
            assert listed.returncode == 0, listed.stderr
            assert "lincoln  ·  Family reading nights" in listed.stdout
            shown = run("plan", "show", "lincoln")
            assert shown.returncode == 0 and "Family reading nights" in shown.stdout, shown.stderr
            exported = run("plan", "export", "lincoln", "--format", "md", "--out", str(out / "plan.md"))
            assert exported.returncode == 0, exported.stderr
            assert "Family reading nights" in (out / "plan.md").read_text(encoding="utf-8")

            deleted = run("plan", "delete", "lincoln", "--yes")
            assert deleted.returncode == 1
            assert deleted.stderr.startswith(f"Error: The folder {home} is read-only for you")
            assert "damaged" not in deleted.stderr and len(deleted.stderr.strip().splitlines()) == 1
            assert sorted(p.name for p in home.iterdir()) == ["sessions.sqlite3"]
        finally:
            home.chmod(0o755)
        assert "Family reading nights" in cli("plan", "show", "lincoln", home=home).stdout


def test_chat_ask_reads_a_follow_up_with_the_question_before(real_index_home: Path) -> None:
    turns = "How often should staff get coaching?\nand for new hires?\n"
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--mode", "ask"],
        input=turns,
        capture_output=True,
        text=True,
        env=cli_env(real_index_home),
        cwd=real_index_home.parent,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Searching for: How often should staff get coaching for new hires?" in result.stdout
    # The first question stands on its own, so it is searched as typed.
    assert result.stdout.count("Searching for:") == 1
    assert "monthly" in result.stdout


@pytest.mark.parametrize("module", ["assistant", "assistant.cli.main"])
def test_the_command_line_also_runs_as_a_python_module(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, "plan", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: cip-assistant plan")
