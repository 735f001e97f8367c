"""Kill -9 in small: planning sessions and index runs killed while they write keep what they promise.

The full campaign (`python -m evaluation.faults`, 200 trials of each kind) uses the same functions; here a few
trials run, and the checkers are shown to catch the damage they exist to find, so they cannot pass vacuously.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.models import ActionPlan
from assistant.retrieval.indexer import add_documents, build_index
from assistant.retrieval.store import Manifest, PassageStore
from assistant.storage.sessions import SessionStore
from evaluation.faults import (
    ForkLauncher,
    check_index,
    check_plan_kill,
    document_sections,
    run_index_trials,
    run_plan_trials,
    write_document,
)


@pytest.fixture(scope="module")
def launcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkLauncher]:
    """One helper process for the module: it imports the libraries once and forks each command from there."""
    launcher = ForkLauncher(tmp_path_factory.mktemp("faults") / "helper.err")
    yield launcher
    launcher.close()


def quiet(_: str) -> None:
    pass


@pytest.mark.slow
def test_killed_planning_sessions_keep_every_acknowledged_turn(
    launcher: ForkLauncher, built_home: Path, tmp_path: Path
) -> None:
    results = run_plan_trials(launcher, tmp_path, built_home, trials=4, seed=11, say=quiet, modes=("aimed",))
    assert [r.violations for r in results] == [[]] * 4
    killed = [r for r in results if r.kill.killed and r.kill.anchor_seen]
    assert killed, "no chat was killed while it was saving turns"
    assert sum(r.acknowledged for r in results) > 0


@pytest.mark.slow
def test_killed_check_ins_keep_every_acknowledged_answer(
    launcher: ForkLauncher, built_home: Path, tmp_path: Path
) -> None:
    results = run_plan_trials(
        launcher, tmp_path, built_home, trials=4, seed=12, say=quiet, modes=("aimed",), chat="checkin"
    )
    assert [r.violations for r in results] == [[]] * 4
    assert any(r.kill.killed for r in results), "no check-in was killed"
    assert sum(r.acknowledged for r in results) > 0
    plans = [SessionStore(tmp_path / "plan-home" / "sessions.sqlite3").load(r.session).plan for r in results]
    assert any(plan.progress for plan in plans), "the check-ins recorded no progress"


@pytest.mark.slow
def test_killed_index_runs_leave_an_index_the_next_run_completes(
    launcher: ForkLauncher, built_home: Path, tmp_path: Path
) -> None:
    results = run_index_trials(launcher, tmp_path, built_home, trials=3, seed=11, say=quiet, modes=("aimed",))
    assert [r.violations for r in results] == [[]] * 3
    assert any(r.kill.killed and r.kill.anchor_seen for r in results), "no index run was killed while writing"
    assert sum(len(r.added) for r in results) > 0


# ------------------------------------------------------------------------------------------ the checkers


def saved_session(db: Path) -> tuple[list[str], bytes]:
    """A session with an opening and two answered turns, and what the chat printed for it."""
    store = SessionStore(db)
    session = store.create("lincoln", "plan", ActionPlan(name="lincoln"), {})
    store.save_turn(session, None, "Welcome to 'lincoln'.")
    lines = ["Dana Reyes will run coach training by January 29", "/plan"]
    store.save_turn(session, lines[0], "Recorded action 1:\nDana Reyes, due 2027-01-29.")
    store.save_turn(session, lines[1], "The plan so far: 1 action.")
    replies = ["Welcome to 'lincoln'.", "Recorded action 1:\nDana Reyes, due 2027-01-29.", "The plan so far: 1 action."]
    return lines, "".join(f"{reply}\n\n" for reply in replies).encode()


def test_the_session_check_accepts_what_was_saved_before_it_was_shown(tmp_path: Path) -> None:
    db = tmp_path / "sessions.sqlite3"
    lines, printed = saved_session(db)
    whole = check_plan_kill(db, "lincoln", [], lines, printed)
    assert whole.violations == []
    assert (whole.acknowledged, whole.saved_answers) == (2, 2)
    # Killed while the second reply was being printed, or after saving it but before printing it: both fine.
    assert check_plan_kill(db, "lincoln", [], lines, printed[:-20]).violations == []
    later = check_plan_kill(db, "lincoln", [], lines, printed[:30])
    assert later.violations == [] and later.acknowledged == 1


def test_the_session_check_catches_an_acknowledged_turn_that_is_lost(tmp_path: Path) -> None:
    db = tmp_path / "sessions.sqlite3"
    lines, printed = saved_session(db)
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM turns WHERE id IN (SELECT id FROM turns ORDER BY id DESC LIMIT 2)")
    found = check_plan_kill(db, "lincoln", [], lines, printed).violations
    assert any("printed text that was not saved" in v for v in found), found


def test_the_session_check_catches_half_a_turn_and_a_changed_past(tmp_path: Path) -> None:
    db = tmp_path / "sessions.sqlite3"
    lines, printed = saved_session(db)
    before = check_plan_kill(db, "lincoln", [], lines, printed).transcript
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM turns WHERE id = (SELECT MAX(id) FROM turns)")
    half = check_plan_kill(db, "lincoln", [], lines, b"").violations
    assert any("not whole" in v for v in half), half
    changed = check_plan_kill(db, "lincoln", before, [], b"").violations
    assert any("earlier turns changed or were lost" in v for v in changed), changed


def test_the_session_check_catches_a_damaged_database(tmp_path: Path) -> None:
    db = tmp_path / "sessions.sqlite3"
    lines, printed = saved_session(db)
    data = bytearray(db.read_bytes())
    page = 4096
    data[page : page + 100] = b"\xff" * 100  # the header of the second page: a b-tree SQLite can no longer read
    db.write_bytes(bytes(data))
    found = check_plan_kill(db, "lincoln", [], lines, printed).violations
    assert found and ("integrity_check" in found[0] or "does not load" in found[0]), found


@pytest.mark.slow
def test_the_index_check_catches_a_listed_document_whose_passages_are_gone(index_home: Path) -> None:
    settings = Settings(home=index_home)
    source = index_home.parent / "sources"
    plan = write_document(source / "plan.md", document_sections(random.Random(1), "Lincoln school plan", 1))
    notes = write_document(source / "notes.docx", document_sections(random.Random(2), "Coaching notes", 1))
    add_documents([plan, notes], settings)
    build_index(settings)
    sound = check_index(str(index_home), settled=True, query="coaching feedback", focus=["doc/plan.md"])
    assert sound["violations"] == [] and sound["states"] == {"doc/plan.md": "complete"}

    store = PassageStore(settings.store_dir)
    store.delete_document("doc/plan.md")
    found = check_index(str(index_home))["violations"]
    assert any(v.startswith("doc/plan.md is listed as indexed but the store has 0 passages") for v in found), found

    # Listed nowhere and gone from the home, yet its passages stay: no run would ever remove them.
    manifest = Manifest.load(settings.manifest_path)
    manifest.documents.pop("doc/notes.docx")
    manifest.save()
    (settings.documents_dir / "notes.docx").unlink()
    orphans = check_index(str(index_home))["violations"]
    assert any("'doc/notes.docx' are in the store" in v and "no run will remove them" in v for v in orphans), orphans


@pytest.mark.slow
def test_the_index_check_lets_pending_work_wait_for_the_next_run_but_not_after_it(index_home: Path) -> None:
    settings = Settings(home=index_home)
    plan = write_document(index_home.parent / "plan.txt", document_sections(random.Random(3), "Adams plan", 1))
    add_documents([plan], settings)
    # Copied in but not indexed yet, as after a kill between the copy and the indexing.
    after_kill = check_index(str(index_home), focus=["doc/plan.txt"])
    assert after_kill["violations"] == [] and after_kill["pending"] == ["doc/plan.txt"]
    assert after_kill["states"] == {"doc/plan.txt": "absent"}
    settled = check_index(str(index_home), settled=True)["violations"]
    assert any("not up to date after a full run: doc/plan.txt" in v for v in settled), settled
