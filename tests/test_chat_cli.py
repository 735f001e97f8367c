"""Whole planning sessions scripted through the command line, as a team's meeting would run."""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import cli_env

Cli = Callable[..., subprocess.CompletedProcess[str]]
TODAY = {"CIP_ASSISTANT_TODAY": "2026-11-22"}


def chat(cli: Cli, home: Path, lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "chat", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=cli_env(home, TODAY),
        timeout=300,
        check=False,
    )


def test_a_scripted_session_drafts_a_plan_that_exports_to_every_format(
    cli: Cli, index_home: Path, tmp_path: Path
) -> None:
    run = chat(
        cli,
        index_home,
        [
            "no",
            "Dana Reyes, our instructional coach, will run coach training on the new routines by January 29, 2027",
            "The principal will publish the coaching plan every quarter",
            "by the end of the semester",
            "/done",
        ],
        "--session",
        "lincoln",
        "--initiative",
        "Structured literacy K-3",
        "--stage",
        "installation",
        "--driver",
        "coaching",
        "--driver",
        "data systems",
    )
    assert run.returncode == 0, run.stderr
    assert "Recorded action 1" in run.stdout and "Action 2 updated: due 2027-01-15" in run.stdout
    assert "Equity checks that need attention" in run.stdout
    shown = cli("plan", "show", "lincoln", "--json", home=index_home)
    plan = json.loads(shown.stdout)
    assert plan["initiative"] == "Structured literacy K-3"
    assert [a["owner"] for a in plan["actions"]] == ["Dana Reyes", "the principal"]
    assert [a["due"] for a in plan["actions"]] == ["2027-01-29", "2027-01-15"]
    assert plan["actions"][1]["recurrence"] == "quarterly"
    for action in plan["actions"]:
        assert {c["check"] for c in action["equity_checks"]} >= {"data_disaggregated", "focus_population_engaged"}
        assert action["citations"]
    for fmt in ("md", "docx", "json", "csv", "ics"):
        out = tmp_path / f"plan.{fmt}"
        result = cli("plan", "export", "lincoln", "--format", fmt, "--out", str(out), home=index_home)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    rows = list(csv.DictReader((tmp_path / "plan.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2
    assert (tmp_path / "plan.ics").read_text().count("BEGIN:VEVENT") == 2
    listing = cli("plan", "list", home=index_home)
    assert "lincoln" in listing.stdout and "2 actions" in listing.stdout
    unconfirmed = cli("plan", "delete", "lincoln", home=index_home)
    assert unconfirmed.returncode != 0 and "add --yes" in unconfirmed.stderr
    # What the web app made for this plan: its exports and the copies its server handed to browsers.
    made = [
        index_home / "exports" / "lincoln" / "plan.md",
        index_home / "cache" / "gradio" / "exports" / "lincoln" / "a1",
    ]
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Structured literacy K-3")
    assert cli("plan", "delete", "lincoln", "--yes", home=index_home).returncode == 0
    assert not any(path.parent.exists() for path in made)
    gone = cli("plan", "show", "lincoln", home=index_home)
    assert gone.returncode != 0 and "no session named 'lincoln'" in gone.stderr


def test_a_session_resumes_exactly_where_the_team_stopped(cli: Cli, index_home: Path) -> None:
    args = ("--session", "resume-me", "--initiative", "PBIS", "--stage", "installation", "--driver", "fidelity")
    first = chat(cli, index_home, ["no", "Sam Ortiz will draft implementation criteria by December 15, 2026"], *args)
    assert first.returncode == 0, first.stderr
    assert "question 2 of" in first.stdout
    second = chat(cli, index_home, ["/plan"], "--session", "resume-me")
    assert "Welcome back to 'resume-me'" in second.stdout
    assert "question 2 of" in second.stdout.split("Welcome back", 1)[1]
    assert "Sam Ortiz" in second.stdout


def test_bytes_that_are_not_text_are_replaced_and_the_chat_goes_on(index_home: Path) -> None:
    from assistant.config import get_settings
    from assistant.storage.sessions import SessionStore

    typed = b"Structured literacy \xff\xfe K-3\nLincoln Elementary\n/plan\n"
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--session", "bytes"],
        input=typed,
        capture_output=True,
        env=cli_env(index_home, TODAY),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and b"went wrong" not in result.stderr
    session = SessionStore(get_settings().database_target).load("bytes")
    said = [t.text for t in session.transcript if t.role == "user"]
    assert said == ["Structured literacy \ufffd\ufffd K-3", "Lincoln Elementary", "/plan"]
    assert "Structured literacy" in session.plan.initiative


def test_a_killed_session_keeps_every_acknowledged_turn(cli: Cli, index_home: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "chat",
            "--session",
            "crash",
            "--initiative",
            "PBIS",
            "--stage",
            "installation",
            "--driver",
            "fidelity",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=cli_env(index_home, TODAY),
    )
    assert process.stdin is not None and process.stdout is not None
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(iter(process.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 120
        while text not in "".join(seen):
            assert process.poll() is None, "the chat ended early"
            assert time.monotonic() < deadline, f"no {text!r} in {''.join(seen)[-500:]}"
            time.sleep(0.05)

    for line, ack in (
        ("no", "question 1 of"),
        ("Sam Ortiz will draft implementation criteria by December 15, 2026", "Recorded action 1"),
        ("Ana Diaz will pick an observation tool by January 10, 2027", "Recorded action 2"),
    ):
        process.stdin.write(line + "\n")
        process.stdin.flush()
        wait_for(ack)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    plan = json.loads(cli("plan", "show", "crash", "--json", home=index_home).stdout)
    assert [a["owner"] for a in plan["actions"]] == ["Sam Ortiz", "Ana Diaz"]
    resumed = chat(cli, index_home, [], "--session", "crash")
    assert "Welcome back" in resumed.stdout and "question 3 of" in resumed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chat", "--driver", "basketball", "--stage", "installation"], "Unknown driver 'basketball'"),
        (["chat", "--driver", "coaching", "--stage", "stage five"], "Unknown stage 'stage five'"),
        (["chat", "--session", "../../etc"], "cannot name a session"),
        (["plan", "show", "nobody"], "no session named 'nobody'"),
        (["plan", "export", "nobody", "--format", "md", "--out", "x.md"], "no session named 'nobody'"),
        (["plan", "export", "nobody", "--format", "pdf", "--out", "x.pdf"], "'pdf' is not one of"),
    ],
)
def test_bad_input_gets_one_clear_line(cli: Cli, home: Path, args: list[str], message: str) -> None:
    result = cli(*args, home=home)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_session_named_in_four_byte_letters_is_deleted_and_says_so(cli: Cli, home: Path) -> None:
    from assistant.config import get_settings
    from assistant.models import ActionPlan
    from assistant.storage.sessions import SessionStore

    name = "\U0001d400" * 70  # 70 letters, 280 bytes: more than one name on disk may have
    SessionStore(get_settings().database_target).create(name, "plan", ActionPlan(name=name), {})
    other = home / "exports" / "lincoln" / "plan.md"  # another plan's export
    other.parent.mkdir(parents=True)
    other.write_text("Structured literacy K-3")
    result = cli("plan", "delete", name, "--yes", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Deleted {name}." and result.stderr == ""
    assert name not in cli("plan", "list", home=home).stdout
    assert other.is_file()


def test_export_to_a_missing_folder_fails_cleanly(cli: Cli, index_home: Path, tmp_path: Path) -> None:
    chat(
        cli,
        index_home,
        ["/done"],
        "--session",
        "s1",
        "--initiative",
        "X",
        "--stage",
        "installation",
        "--driver",
        "coaching",
    )
    result = cli("plan", "export", "s1", "--format", "md", "--out", str(tmp_path / "nowhere" / "p.md"), home=index_home)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_two_terminals_on_one_plan_each_keep_their_actions(cli: Cli, index_home: Path) -> None:
    args = ["--initiative", "Literacy", "--stage", "exploration", "--driver", "coaching", "--driver", "training"]
    created = chat(cli, index_home, [], "--session", "shared", *args, "--driver", "data systems")
    assert created.returncode == 0, created.stderr
    env = cli_env(index_home, {**TODAY, "PYTHONUNBUFFERED": "1"})
    terminals = [
        subprocess.Popen(
            [sys.executable, "-m", "assistant", "chat", "--session", "shared"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    for terminal in terminals:
        assert terminal.stdout is not None
        assert terminal.stdout.readline()  # both have opened the plan before either types
    grades = {0: [1, 2, 3, 4], 1: [5, 6, 7, 8]}
    results = []
    for n, terminal in enumerate(terminals):
        lines = [f"Ms. Reyes will lead coaching cycles for grade {g} teachers by January 29, 2027." for g in grades[n]]
        assert terminal.stdin is not None
        terminal.stdin.write("\n".join(lines) + "\n")
        terminal.stdin.flush()
    for terminal in terminals:
        out, err = terminal.communicate(timeout=300)
        assert terminal.returncode == 0, err
        results.append(out)
    plan = json.loads(cli("plan", "show", "shared", "--json", home=index_home).stdout)
    described = sorted(a["description"] for a in plan["actions"])
    assert described == sorted(f"Lead coaching cycles for grade {g} teachers" for g in range(1, 9))
    assert [a["number"] for a in plan["actions"]] == list(range(1, 9))
    for out, own in zip(results, grades.values(), strict=True):
        assert out.count("Recorded action") == len(own)


def test_export_out_never_replaces_what_is_there_without_force(cli: Cli, index_home: Path, tmp_path: Path) -> None:
    chat(cli, index_home, ["/done"], "--session", "s1", "--initiative", "X", "--stage", "installation")
    database = index_home / "sessions.sqlite3"
    before = database.read_bytes()
    own = cli("plan", "export", "s1", "--format", "md", "--out", str(database), "--force", home=index_home)
    assert own.returncode != 0 and "CIP Assistant's own files" in own.stderr and "Traceback" not in own.stderr
    assert database.read_bytes() == before
    assert "s1" in cli("plan", "list", home=index_home).stdout
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    piped = cli("plan", "export", "s1", "--format", "md", "--out", str(fifo), "--force", home=index_home)
    assert piped.returncode != 0 and "not a plain file" in piped.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    notes = tmp_path / "notes.md"
    notes.write_text("our meeting notes", encoding="utf-8")
    kept = cli("plan", "export", "s1", "--format", "md", "--out", str(notes), home=index_home)
    assert kept.returncode != 0 and "already exists; add --force" in kept.stderr
    assert notes.read_text(encoding="utf-8") == "our meeting notes"
    replaced = cli("plan", "export", "s1", "--format", "md", "--out", str(notes), "--force", home=index_home)
    assert replaced.returncode == 0, replaced.stderr
    assert notes.read_text(encoding="utf-8").startswith("# ")


def test_reflect_mode_in_the_chat_writes_cited_prompts_and_is_saved(cli: Cli, index_home: Path) -> None:
    run = chat(
        cli,
        index_home,
        ["new teachers", "/done"],
        "--mode",
        "reflect",
        "--session",
        "pd-day",
        "--driver",
        "coaching",
        "--stage",
        "initial implementation",
    )
    assert run.returncode == 0, run.stderr
    assert "BEFORE THE SESSION" in run.stdout and "AFTER THE SESSION" in run.stdout
    assert "[8]" in run.stdout and "Sources" in run.stdout
    listing = json.loads(cli("plan", "list", "--json", home=index_home).stdout)
    assert [(row["name"], row["mode"]) for row in listing] == [("pd-day", "reflect")]
    wrong = chat(cli, index_home, [], "--session", "pd-day")
    assert wrong.returncode != 0 and "--mode reflect" in wrong.stderr


def test_readiness_flag_begins_with_the_readiness_check_and_the_questions_follow(cli: Cli, index_home: Path) -> None:
    run = chat(
        cli,
        index_home,
        ["in place", "/skip", "/done"],
        "--session",
        "ready",
        "--initiative",
        "Structured literacy K-3",
        "--stage",
        "installation",
        "--driver",
        "coaching",
        "--readiness",
    )
    assert run.returncode == 0, run.stderr
    first_reply = run.stdout.split("\n\n")[0]
    assert first_reply.startswith("Readiness · Coaching · 1 of") and "question 1 of" not in first_reply
    shown = json.loads(cli("plan", "show", "ready", "--json", home=index_home).stdout)
    assert shown["initiative"] == "Structured literacy K-3"
