"""Plan sessions as both front ends use them: two windows on one plan each keep their work."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import cli_env, run_cli

from assistant.app import CHANGED_ELSEWHERE, Edit, PlanSessions
from assistant.config import get_settings
from assistant.dialogue.events import ActionRecorded
from assistant.errors import InputError, NotFoundError
from assistant.models import ActionPlan
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever


@pytest.fixture
def context(retriever: Retriever) -> PlanningContext:
    return PlanningContext(retriever)


def window(context: PlanningContext) -> PlanSessions:
    """A client of its own (a terminal or a browser on another server): its own database connection and locks."""
    return PlanSessions(get_settings(), lambda: context)


ANSWER = "Ms. Reyes will lead coaching cycles for grade {} teachers by January 29, 2027."


def test_two_windows_on_one_plan_each_add_their_actions_and_the_late_one_is_told(context: PlanningContext) -> None:
    terminal, browser = window(context), window(context)
    opened = terminal.start("shared", "Literacy", "exploration", ["coaching", "training"])
    seen = opened.version
    browser_view = browser.resume("shared")
    browser_view, _ = browser.turn("shared", ANSWER.format(1), seen=browser_view.version)
    session, reply = terminal.turn("shared", ANSWER.format(2), seen=seen)
    assert reply.text.startswith(CHANGED_ELSEWHERE)
    assert "Recorded action 2" in reply.text
    assert [a.description for a in session.plan.actions] == [
        "Lead coaching cycles for grade 1 teachers",
        "Lead coaching cycles for grade 2 teachers",
    ]
    # The one who saw every change is not told anything.
    session, reply = terminal.turn("shared", "/plan", seen=session.version)
    assert CHANGED_ELSEWHERE not in reply.text


def test_an_edit_from_one_window_and_a_turn_from_another_both_stay(context: PlanningContext) -> None:
    terminal, browser = window(context), window(context)
    terminal.start("shared", "Literacy", "exploration", ["coaching"])
    terminal.turn("shared", ANSWER.format(1))
    browser.edit("shared", Edit(1, "owner", "Dana Reyes"))
    session, _ = terminal.turn("shared", ANSWER.format(2))
    assert [a.owner for a in session.plan.actions] == ["Dana Reyes", "Ms. Reyes"]


def test_a_table_edit_is_a_plan_operation_recorded_as_a_readable_line(context: PlanningContext) -> None:
    sessions = window(context)
    sessions.start("s", "Literacy", "exploration", ["coaching"])
    before, _ = sessions.turn("s", ANSWER.format(1))
    words = "Review coaching data broken down by race and ethnicity"
    session, reply = sessions.edit("s", Edit(1, "description", words))
    updated = reply.events[0]
    assert isinstance(updated, ActionRecorded) and updated.verb == "updated"
    assert updated.sources == {"description": "edited"}
    assert session.plan_state().phase == before.plan_state().phase == "questions", "the edit did not finish the plan"
    action = session.plan.actions[0]
    assert action.description == words
    # The equity checks ran again on the new words.
    assert {c.check: c.status for c in action.equity_checks}["data_disaggregated"] == "met"
    said, answered = session.transcript[-2:]
    assert said.text == f"/edit 1 description {words}"
    assert answered.events == reply.events


def test_a_bad_edit_value_changes_nothing(context: PlanningContext) -> None:
    sessions = window(context)
    sessions.start("s", "Literacy", "exploration", ["coaching"])
    before, _ = sessions.turn("s", ANSWER.format(1))
    with pytest.raises(InputError):
        sessions.edit("s", Edit(1, "due", "the twelfth of never"))
    after = sessions.load("s")
    assert after.plan.actions == before.plan.actions
    assert len(after.transcript) == len(before.transcript)


def test_delete_removes_the_exports_and_their_served_copies(context: PlanningContext, home: Path) -> None:
    sessions = window(context)
    sessions.start("s", "Literacy", "exploration", ["coaching"])
    served = sessions.export_for_download("s", "md", get_settings().web_cache_dir)
    exported = sessions.export_folder("s")
    assert served.is_file() and exported.is_dir()
    sessions.delete("s")
    assert not served.exists() and not exported.exists()
    assert not sessions.store.exists("s")


# ------------------------------------------------------------------------------------------ deleting for good

SECRET = "Maria Lopez needs reading support"
# `cip-assistant plan delete NAME --yes`, killed (SIGKILL) the moment it starts removing a folder.
KILLED_DELETE = textwrap.dedent(
    """
    import os, shutil, signal, sys
    from assistant.cli.main import main

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    shutil.rmtree = killed
    sys.argv = ["cip-assistant", "plan", "delete", sys.argv[1], "--yes"]
    main()
    """
)


def no_context() -> PlanningContext:
    raise AssertionError("deleting and exporting a plan never needs the knowledge base")


def exported_plan(name: str = "lincoln") -> tuple[PlanSessions, list[Path]]:
    """A plan holding SECRET, exported by the app and served once: the files deleting it must remove."""
    settings = get_settings()
    sessions = PlanSessions(settings, no_context)
    session = sessions.store.create(name, "plan", ActionPlan(name=name, initiative=SECRET), {})
    sessions.store.save_turn(session, f"{SECRET}.", "Recorded.")
    files = [sessions.export(name, "md"), sessions.export_for_download(name, "md", settings.web_cache_dir)]
    assert all(SECRET.encode() in path.read_bytes() for path in files)
    return sessions, files


def files_holding(root: Path, marker: bytes) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and marker in path.read_bytes()]


def kill_delete(name: str, home: Path) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_DELETE, name],
        capture_output=True,
        text=True,
        env=cli_env(home),
        timeout=120,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr


def test_a_delete_killed_before_the_files_are_gone_is_finished_by_deleting_again(home: Path) -> None:
    _, files = exported_plan()
    kill_delete("lincoln", home)
    assert all(path.is_file() for path in files)  # the crash left the exports; the session must still know them

    shown = run_cli("plan", "show", "lincoln", home=home)
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    assert shown.stderr.strip().splitlines() == [
        "Error: The session 'lincoln' is being deleted; `cip-assistant plan delete lincoln` finishes it."
    ]
    deleted = run_cli("plan", "delete", "lincoln", "--yes", home=home)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == "Deleted lincoln."
    assert not any(path.exists() for path in files)
    assert files_holding(home, SECRET.encode()) == [] and files_holding(home, b"Maria Lopez") == []


def test_a_delete_killed_midway_is_finished_by_the_next_plan_list(home: Path) -> None:
    _, files = exported_plan()
    exported_plan("kept")
    kill_delete("lincoln", home)
    listed = run_cli("plan", "list", "--json", home=home)
    assert listed.returncode == 0, listed.stderr
    assert [row["name"] for row in json.loads(listed.stdout)] == ["kept"]
    assert not any(path.exists() for path in files)
    assert not PlanSessions(get_settings(), no_context).store.exists("lincoln")
    again = run_cli("plan", "delete", "lincoln", "--yes", home=home)
    assert "no session named 'lincoln'" in again.stderr


def test_a_delete_whose_folders_cannot_be_removed_hides_the_plan_until_they_can(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions, files = exported_plan()
    remove = shutil.rmtree

    def refused(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))  # as for a folder someone else owns

    monkeypatch.setattr(shutil, "rmtree", refused)
    left = sessions.delete("lincoln")
    assert left is not None and "could not be removed" in left and "\n" not in left
    assert sessions.store.list() == [] and all(path.is_file() for path in files)
    with pytest.raises(NotFoundError, match="is being deleted"):
        sessions.load("lincoln")
    assert sessions.finish_deletions() == []  # still in the way: nothing is forgotten
    monkeypatch.setattr(shutil, "rmtree", remove)
    assert sessions.finish_deletions() == ["lincoln"]
    assert not sessions.store.exists("lincoln") and files_holding(home, b"Maria Lopez") == []


class EmptyRetriever:
    """What a web server needs of a retriever to start: no passages, never searched."""

    passages_in_order: tuple[object, ...] = ()


def test_the_web_app_finishes_deletions_when_it_starts(home: Path) -> None:
    from ui.state import Workspace

    _, files = exported_plan()
    kill_delete("lincoln", home)
    workspace = Workspace(get_settings(), retriever=EmptyRetriever())  # type: ignore[arg-type]
    assert workspace.saved_sessions("plan") == [] and not any(path.exists() for path in files)
    assert files_holding(home, b"Maria Lopez") == []


def test_a_running_web_server_lists_plans_as_the_cli_does_finishing_a_deletion_cut_short(home: Path) -> None:
    from ui.state import Workspace

    workspace = Workspace(get_settings(), retriever=EmptyRetriever())  # type: ignore[arg-type]
    _, files = exported_plan()
    exported_plan("tutoring")
    workspace.store.create("questions", "ask", ActionPlan(name="questions"), {})
    kill_delete("lincoln", home)  # after the server started: only listing can finish it
    assert [s.name for s in workspace.saved_sessions("plan")] == ["tutoring"]
    assert not any(path.exists() for path in files)
    listed = run_cli("plan", "list", home=home)
    assert "tutoring" in listed.stdout and "lincoln" not in listed.stdout


# ------------------------------------------------------------------------------------------ killed exports


def leftover(folder: Path, name: str, age_seconds: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(SECRET.encode())
    when = time.time() - age_seconds
    os.utime(path, (when, when))
    return path


def test_plan_delete_and_the_web_app_remove_what_killed_exports_left(home: Path) -> None:
    from ui.state import Workspace

    sessions, _ = exported_plan("kept")
    exports = get_settings().exports_dir
    hour = 3600.0
    stale = [
        leftover(exports / "kept", ".kept.md.0a1b2c3d.tmp", hour),
        leftover(exports / "guides" / "20260101-abc", ".coach-prep-coaching-any.docx.ffffffff.tmp", hour),
    ]
    kept = [
        leftover(exports / "kept", ".kept.md.12345678.tmp", 5.0),  # an export running now
        leftover(exports / "kept", "notes.tmp", hour),  # not a name an export gives its temporaries
        leftover(exports / "kept", ".kept.md.notatemp.tmp", hour),
    ]
    sessions.store.create("other", "plan", ActionPlan(name="other"), {})
    deleted = run_cli("plan", "delete", "other", "--yes", home=home)
    assert deleted.returncode == 0, deleted.stderr
    assert not any(path.exists() for path in stale) and all(path.exists() for path in kept)

    again = leftover(exports / "kept", ".kept.md.99999999.tmp", hour)
    Workspace(get_settings(), retriever=EmptyRetriever())  # type: ignore[arg-type]
    assert not again.exists() and all(path.exists() for path in kept)


def test_a_message_too_long_to_answer_is_refused_and_not_kept_in_the_transcript(context: PlanningContext) -> None:
    sessions = window(context)
    sessions.start("long", "Literacy", "exploration", ["coaching"])
    pasted = "the whole district handbook pasted by mistake " * 50_000  # about 2.3 MB
    session, reply = sessions.turn("long", pasted)
    assert "keep an answer under" in reply.text
    assert not session.plan.actions
    stored = sessions.load("long")
    assert max(len(turn.text) for turn in stored.transcript if turn.role == "user") < 1_000
    assert "not kept" in stored.transcript[-2].text
    # The next answer is taken as usual.
    session, _ = sessions.turn("long", ANSWER.format(3))
    assert len(session.plan.actions) == 1


def test_both_front_ends_refuse_a_session_that_is_no_plan_in_the_same_words(
    context: PlanningContext, home: Path, tmp_path: Path
) -> None:
    sessions = window(context)
    sessions.store.create("talk", "coach", ActionPlan(name="talk"))
    with pytest.raises(InputError) as refused:
        sessions.export("talk", "md")  # what the web page's export buttons call
    assert "'talk' is a coach session, not a plan" in str(refused.value)
    out = tmp_path / "talk.md"
    for args in (
        ["plan", "show", "talk"],
        ["plan", "export", "talk", "--format", "md", "--out", str(out)],
        ["plan", "due", "--session", "talk"],
    ):
        result = run_cli(*args, home=home)
        assert result.returncode == 1
        assert result.stderr.strip() == f"Error: {refused.value}"
    assert not out.exists()


def test_the_command_line_shows_and_exports_the_plan_the_web_page_exports(
    context: PlanningContext, home: Path, tmp_path: Path
) -> None:
    sessions = window(context)
    sessions.start("lincoln", "Literacy", "exploration", ["coaching"])
    sessions.turn("lincoln", ANSWER.format(3))
    served = sessions.export("lincoln", "md").read_text(encoding="utf-8")
    shown = run_cli("plan", "show", "lincoln", home=home)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == served.strip()
    out = tmp_path / "lincoln.md"
    exported = run_cli("plan", "export", "lincoln", "--format", "md", "--out", str(out), home=home)
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8") == served
