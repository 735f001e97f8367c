"""A district calendar file that cannot be used is told once, by name, and never costs a team its answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env

from assistant.app import PlanSessions
from assistant.app.school_calendar import calendar_problem, check_school_calendar
from assistant.config import get_settings
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever

BACKWARDS = "first_day: 2026-08-25\nbreaks:\n  winter: [2027-01-01, 2026-12-20]\n"
PLAN_FLAGS = ("--stage", "installation", "--driver", "coaching")
ANSWER = "Dana Ruiz will observe each K-2 teacher using the phonics routines by 2027-01-29"


def calendar_in(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "school_calendar.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (BACKWARDS, "is not used: its breaks.winter ends (2026-12-20) before it starts (2027-01-01)"),
        ("first_day: 2026-08-25\nlast_day: [oops\n", "is not valid YAML at line 3"),
        ("first_day: 2026-08-25\nlast_day: 2027-02-30\n", "holds an impossible date (2027-02-30)"),
        ("- 2026-08-25\n", "must be a mapping of dates"),
        ("first_day: 2026-08-25\nholidays: [2026-10-15]\n", "is not used: it has an unknown entry 'holidays'"),
        ("first_day: 2027-08-25\nlast_day: 2027-06-11\n", "ends the school year (2027-06-11) before it begins"),
    ],
)
def test_a_bad_calendar_file_is_one_sentence_naming_it(home: Path, text: str, problem: str) -> None:
    path = calendar_in(home, text)
    said = calendar_problem(path)
    assert said is not None and said.startswith(f"The school calendar {path} {problem}")


def test_a_good_calendar_file_has_no_problem(home: Path) -> None:
    assert calendar_problem(calendar_in(home, "first_day: 2026-08-19\nlast_day: 2027-06-04\n")) is None


def test_a_bad_calendar_is_told_once_and_every_answer_is_recorded(home: Path, retriever: Retriever) -> None:
    path = calendar_in(home, BACKWARDS)
    sessions = PlanSessions(get_settings(), lambda: PlanningContext(retriever))
    sessions.start("lincoln", "Structured literacy", "installation", ["coaching"])
    _, first = sessions.turn("lincoln", ANSWER)
    assert first.text.count("school calendar") == 1
    assert str(path) in first.text and "usual US school dates" in first.text
    session, second = sessions.turn("lincoln", "Ms Kim runs monthly data meetings starting in October")
    assert "school calendar" not in second.text
    assert [a.owner for a in session.plan.actions] == ["Dana Ruiz", "Ms. Kim"]
    # Fixed, the district's dates are read again.
    calendar_in(home, "first_day: 2026-08-19\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert check_school_calendar() is None
    assert get_settings().school_calendar is None


def test_the_chat_warns_once_before_the_meeting_and_keeps_every_answer(index_home: Path) -> None:
    path = calendar_in(index_home, BACKWARDS)
    lines = [ANSWER, "Ms Kim runs monthly data meetings starting in October", "/done"]
    run = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--session", "lincoln", "--initiative", "Phonics", *PLAN_FLAGS],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=cli_env(index_home, {"CIP_ASSISTANT_TODAY": "2026-11-22"}),
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "school calendar" in line]
    assert warnings == [
        f"Warning: The school calendar {path} is not used: its breaks.winter ends (2026-12-20) before it starts "
        "(2027-01-01); plans use the usual US school dates until it is fixed."
    ]
    assert "school calendar" not in run.stdout
    assert "Recorded action 2" in run.stdout
