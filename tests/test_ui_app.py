"""The web UI's logic without a browser: sessions, table edits, exports, uploads, rendering, charts, passwords and
deleting a plan, as a team meets them through the page. Hostile requests are in test_ui_security.py."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from conftest import cli_env

from assistant.config import Settings
from assistant.dialogue.events import GuideMore, GuideShown, HintRef, PromptsMore, PromptsShown, Question
from assistant.errors import DocumentError, InputError, NotFoundError
from assistant.models import Action, ActionPlan, Answer, Citation, Driver, EquityCheckResult, Stage
from assistant.retrieval.retriever import Retriever
from ui import charts, render
from ui.state import (
    COLUMNS,
    WEB_CACHE_LIMIT_BYTES,
    Edit,
    Workspace,
    discard_uploads,
    equity_badge,
    gradio_cache,
    plan_rows,
    table_edits,
    trim_cache,
)

TODAY = date(2026, 11, 22)
ANSWERS = [
    "Dana Reyes, our instructional coach, will run coach training on the new routines by January 29, 2027",
    "The principal will publish the coaching plan every quarter by March 1, 2027",
    "Our data team will break benchmark results down by race and ethnicity each quarter, led by Sam Ortiz, "
    "by March 15, 2027",
]


@pytest.fixture
def workspace(index_home: Path, retriever: Retriever) -> Workspace:
    return Workspace(Settings(home=index_home, today=TODAY), retriever=retriever)


def planned(ws: Workspace, name: str = "lincoln") -> str:
    """A plan with three answered questions, as a team leaves it after its first meeting."""
    ws.start(name, "Structured literacy K-3", "installation", ["coaching", "data systems"])
    ws.turn(name, "no")
    for answer in ANSWERS:
        ws.turn(name, answer)
    return name


def action(number: int = 1, **fields: object) -> Action:
    values: dict[str, object] = {"description": "Run coach training", "driver": Driver.coaching, **fields}
    return Action(number=number, **values)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ the table


def test_the_table_shows_each_action_with_its_equity_status(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.config import reset_settings

    monkeypatch.setenv("CIP_ASSISTANT_TODAY", "2026-12-01")
    reset_settings()
    plan = ActionPlan(
        name="p",
        actions=[
            action(
                1,
                owner="Dana Reyes",
                due=date(2027, 1, 29),
                recurrence="monthly",
                status="in_progress",
                equity_checks=[
                    EquityCheckResult(check="a", status="met", reason="r"),
                    EquityCheckResult(check="b", status="needs_attention", reason="r"),
                    EquityCheckResult(check="c", status="needs_attention", reason="r"),
                    EquityCheckResult(check="d", status="not_applicable", reason="r"),
                ],
            ),
            action(2),
        ],
    )
    rows = plan_rows(plan)
    assert list(COLUMNS) == ["#", "Action", "Driver", "Owner", "Due", "Recurrence", "Equity", "Status"]
    assert rows[0] == [
        "1",
        "Run coach training",
        "Coaching",
        "Dana Reyes",
        "2027-01-29",
        "monthly",
        "2 to look at",
        "in progress, on target",
    ]
    assert rows[1][3:5] == ["", ""] and equity_badge(plan.actions[1]) == "not checked yet"
    met = action(3, equity_checks=[EquityCheckResult(check="a", status="met", reason="r")])
    assert equity_badge(met) == "all met"
    assert "2 to look at" in render.equity_html(plan) and "⚠2" not in render.equity_html(plan)


def test_only_changed_editable_cells_become_edits() -> None:
    plan = ActionPlan(name="p", actions=[action(1, owner="Dana"), action(2, owner="Sam", due=date(2027, 3, 1))])
    rows = plan_rows(plan)
    rows[1][3] = "Maria Lopez"  # owner
    rows[1][4] = "2027-04-01"  # due
    rows[0][2] = "Training"  # driver: read-only, ignored
    rows[0][6] = "all met"  # equity: computed, ignored
    rows[0][1] = "  Run coach   training "  # only spacing changed: not an edit
    rows.append(["3", "A row the team added", "", "", "", "", "", ""])
    assert table_edits(plan, rows) == [Edit(2, "owner", "Maria Lopez"), Edit(2, "due", "2027-04-01")]
    assert Edit(2, "owner", "Maria Lopez").command == "/edit 2 owner Maria Lopez"
    assert Edit(2, "owner", "").command == "/edit 2 owner"


def test_rows_are_matched_by_number_when_the_table_was_sorted() -> None:
    plan = ActionPlan(name="p", actions=[action(1, owner="Dana"), action(2, owner="Sam")])
    rows = list(reversed(plan_rows(plan)))
    rows[0][7] = "done"  # the first row shown is action 2
    assert table_edits(plan, rows) == [Edit(2, "status", "done")]


def test_an_emptied_cell_clears_the_field() -> None:
    plan = ActionPlan(name="p", actions=[action(1, owner="Dana")])
    rows: list[list[object]] = [list(r) for r in plan_rows(plan)]
    rows[0][3] = None
    assert table_edits(plan, rows) == [Edit(1, "owner", "")]


# ------------------------------------------------------------------------------------------ a session


@pytest.mark.slow
def test_a_team_plans_edits_exports_and_resumes(workspace: Workspace) -> None:
    name = planned(workspace)
    session = workspace.load(name)
    assert [a.owner for a in session.plan.actions] == ["Dana Reyes", "the principal", "Sam Ortiz"]
    turns = len(session.transcript)
    assert turns == 1 + 2 * 4  # the opening, then "no" and three answers with their replies

    rows = plan_rows(session.plan)
    rows[1][3] = "Maria Lopez"
    session, replies = workspace.apply_table(name, rows)
    assert session.plan.actions[1].owner == "Maria Lopez"
    assert "Updated action 2" in replies[0].text
    saved = workspace.load(name)
    assert saved.plan.actions[1].owner == "Maria Lopez"
    assert [t.text for t in saved.transcript[-2:-1]] == ["/edit 2 owner Maria Lopez"]
    assert saved.plan.actions[1].equity_checks, "the equity check runs again after an edit"
    # The page can send the same table twice, and a date typed another way reads the same: neither is a new turn.
    rows[0][4] = "January 29, 2027"
    _, again = workspace.apply_table(name, rows)
    assert again == [] and len(workspace.load(name).transcript) == len(saved.transcript)

    rows = plan_rows(saved.plan)
    rows[0][4] = "someday soon"
    with pytest.raises(InputError, match="someday soon"):
        workspace.apply_table(name, rows)
    unchanged = workspace.load(name)
    assert unchanged.plan.actions[0].due == date(2027, 1, 29)
    assert len(unchanged.transcript) == len(saved.transcript), "a bad value is neither applied nor recorded"

    path = workspace.export(name, "docx")
    assert path == workspace.settings.exports_dir.resolve() / name / "lincoln.docx"
    import docx

    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Structured literacy K-3" in text

    resumed = workspace.resume(name)
    assert resumed.transcript[-1].text.startswith("Welcome back to 'lincoln'. The plan has 3 actions.")
    again = workspace.resume(name)
    assert len(again.transcript) == len(resumed.transcript), "reloading the page adds no second welcome"


@pytest.mark.slow
def test_sessions_are_listed_named_and_kept_apart(workspace: Workspace) -> None:
    assert workspace.suggested_name() == "plan-2026-11-22"
    workspace.start("", "Attendance", "exploration", ["leadership"])
    assert workspace.suggested_name() == "plan-2026-11-22-2"
    workspace.start("tutoring")
    assert {s.name for s in workspace.saved_sessions("plan")} == {"plan-2026-11-22", "tutoring"}
    with pytest.raises(InputError, match="already exists"):
        workspace.start("tutoring")
    with pytest.raises(InputError, match="cannot name a session"):
        workspace.start("../etc")
    with pytest.raises(NotFoundError):
        workspace.resume("nobody")
    # The opening of a session without initiative asks for it, and the answer is saved like any turn.
    session, reply = workspace.turn("tutoring", "High-dosage tutoring in grades 6-8")
    assert session.plan.initiative == "High-dosage tutoring in grades 6-8"
    assert "Which school or district" in reply.text


@pytest.mark.slow
def test_a_session_of_another_mode_is_not_resumed_as_a_plan(workspace: Workspace) -> None:
    workspace.store.create("questions", "ask", ActionPlan(name="questions"), {})
    with pytest.raises(InputError, match="not a plan"):
        workspace.resume("questions")
    assert "questions" not in {s.name for s in workspace.saved_sessions("plan")}


@pytest.mark.slow
def test_an_export_of_every_format_lands_in_the_sessions_folder(workspace: Workspace) -> None:
    name = planned(workspace, "oak street")
    for fmt in ("md", "docx", "json", "csv", "ics"):
        path = workspace.export(name, fmt)
        assert path.parent == workspace.settings.exports_dir.resolve() / "oak street"
        assert path.suffix == f".{fmt}" and path.stat().st_size > 0
    with pytest.raises(InputError, match="Unknown export format"):
        workspace.export(name, "exe")


def test_guides_exported_at_once_each_hold_their_own_content(workspace: Workspace) -> None:
    # Supervisors preparing the same driver and stage at the same moment, each with their own context.
    cache = gradio_cache(workspace.settings)
    people = 30
    guides = [
        workspace.coach_guide("coaching", "installation", f"new teacher, walkthrough on pacing, observer {n:02d}")
        for n in range(people - 6)
    ]
    guides += [
        workspace.reflection("training", "installation", f"cohort {n:02d}", 4) for n in range(people - 6, people)
    ]
    start = threading.Barrier(people)
    exported: dict[int, Path] = {}
    errors: list[BaseException] = []

    def export(n: int) -> None:
        try:
            start.wait()
            exported[n] = workspace.export_guide(guides[n], "md" if n % 3 else "docx", cache if n % 2 else None)
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=export, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(exported.values())) == people, "no two exports share a file"
    mixed = []
    for n, path in exported.items():
        own = f"observer {n:02d}" if n < people - 6 else f"cohort {n:02d}"
        others = {f"observer {m:02d}" for m in range(people - 6)} | {
            f"cohort {m:02d}" for m in range(people - 6, people)
        }
        held = {phrase for phrase in others if holding(path.parent, phrase)}
        if held != {own}:
            mixed.append((n, sorted(held)))
        assert path.is_relative_to(cache if n % 2 else workspace.settings.guides_dir)
        kind = "coach-prep-coaching-installation" if n < people - 6 else "reflection-training-installation-"
        assert path.name.startswith(kind) and path.suffix == (".md" if n % 3 else ".docx"), path.name
    assert mixed == []


def test_exported_guides_expire_and_can_be_deleted(workspace: Workspace, cli: Any) -> None:
    settings, cache = workspace.settings, gradio_cache(workspace.settings)
    guide = workspace.coach_guide("coaching", None, "veteran teacher, data review")
    old = workspace.export_guide(guide, "md", cache)
    kept = workspace.export_guide(guide, "md", cache)
    folders = [settings.guides_dir / old.parent.name, old.parent]
    assert all(folder.is_dir() for folder in folders)
    two_days_ago = time.time() - 2 * 86400
    for folder in folders:
        os.utime(folder, (two_days_ago, two_days_ago))

    newest = workspace.export_guide(guide, "docx", cache)
    assert not any(folder.exists() for folder in folders), "older than CIP_ASSISTANT_GUIDE_HOURS: gone"
    assert kept.is_file() and newest.is_file()

    plan = settings.guides_dir / "guides-plan.md"  # the export of a plan whose session is named "guides"
    plan.write_text("# Plan\n", encoding="utf-8")
    refused = cli("guides", "delete", home=settings.home)
    assert refused.returncode != 0 and "add --yes" in refused.stderr
    assert kept.is_file()
    deleted = cli("guides", "delete", "--yes", home=settings.home)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == "Deleted 2 exported guides."
    assert holding(settings.home, "veteran teacher") == []
    assert list(settings.guides_dir.iterdir()) == [plan] and list((cache / "guides").iterdir()) == []


# ------------------------------------------------------------------------------------------ documents, questions


@pytest.mark.slow
def test_a_plan_named_in_four_byte_letters_exports_and_is_deleted(workspace: Workspace, tmp_path: Path) -> None:
    # 70 letters pass the 80-letter rule but are 280 bytes, more than a file system allows for one name.
    name = planned(workspace, "\U0001d400" * 70)
    cache = tmp_path / "gradio-cache"
    for fmt in ("md", "docx", "json", "csv", "ics"):
        path = workspace.export_for_download(name, fmt, cache)
        assert path.stat().st_size > 0 and len(path.parent.parent.name.encode()) <= 255
    exported = workspace.export(name, "md")
    assert exported.parent.parent == workspace.settings.exports_dir.resolve()
    assert workspace.delete(name, cache) is None
    assert not exported.parent.exists() and not any((cache / "exports").iterdir())
    with pytest.raises(NotFoundError):
        workspace.load(name)


@pytest.mark.slow
def test_a_deleted_plan_whose_exports_cannot_be_removed_is_still_reported_deleted(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    name = planned(workspace)
    cache = tmp_path / "gradio-cache"
    served = workspace.export_for_download(name, "md", cache).parent.parent
    remove = shutil.rmtree

    def refused(path: Path) -> None:
        # As the operating system answers for a folder someone else owns.
        if Path(path) == served:
            raise PermissionError(13, "Permission denied", str(path))
        remove(path)

    monkeypatch.setattr(shutil, "rmtree", refused)
    left = workspace.delete(name, cache)
    assert left is not None and str(served) in left and "delete them yourself" in left
    assert not workspace.sessions.export_folder(name).exists()
    with pytest.raises(NotFoundError):
        workspace.load(name)


@pytest.mark.slow
def test_uploaded_documents_are_checked_indexed_and_cited(workspace: Workspace, tmp_path: Path) -> None:
    upload = tmp_path / "upload-7f3a"
    upload.mkdir()
    bad = upload / "tool.exe"
    bad.write_bytes(b"MZ\x90\x00")
    with pytest.raises(DocumentError) as caught:
        workspace.add_documents([bad])
    assert "tool.exe is a .exe file" in str(caught.value)
    assert str(upload) not in str(caught.value), "the message names the file, not the server's temporary folder"
    empty = upload / "notes.md"
    empty.write_text("")
    with pytest.raises(DocumentError, match=r"notes\.md is empty"):
        workspace.add_documents([empty])
    with pytest.raises(InputError, match="Choose one or more documents"):
        workspace.add_documents([])
    assert workspace.documents() == []

    good = upload / "family-engagement.md"
    good.write_text(
        "# Family engagement\n\n## Coaching\n\nCoaches meet families every quarter in their home language to "
        "review how the new reading routines are going at home.\n"
    )
    steps: list[tuple[float, str]] = []
    before = len(workspace.retriever.passages)
    report = workspace.add_documents([good], lambda share, text: steps.append((share, text)))
    assert report.added == ["family-engagement.md"]
    assert workspace.documents() == ["family-engagement.md"]
    assert len(workspace.retriever.passages) > before, "the new passages are searchable without a restart"
    assert steps[0][0] == 0.0 and steps[-1] == (1.0, "Done")
    assert any(text == "Indexing family-engagement.md" for _, text in steps)
    hits = workspace.retriever.search("coaches meet families in their home language", 3)
    assert any(hit.source == "family-engagement.md" for hit in hits)


MIXED_TEXT = (
    "Coaching notes\n\nCoaches meet every new teacher on the second Tuesday of the month to review the "
    "marigold reading routines together.\n"
)


@pytest.mark.slow
def test_a_mixed_upload_indexes_the_good_file_and_names_each_bad_one(workspace: Workspace, tmp_path: Path) -> None:
    upload = tmp_path / "upload-91c2"
    upload.mkdir()
    good = upload / "coaching-notes.txt"
    good.write_text(MIXED_TEXT)
    pdf = upload / "broken.pdf"
    pdf.write_bytes(b"this was never a PDF, only a file with the extension")
    word = upload / "broken.docx"
    word.write_bytes(b"PK\x03\x04 a truncated zip and nothing else")

    report = workspace.add_documents([pdf, good, word])

    assert report.added == ["coaching-notes.txt"]
    assert [f.name for f in report.failed] == ["broken.pdf", "broken.docx"]
    pdf_reason, word_reason = (f.reason for f in report.failed)
    assert pdf_reason.startswith("broken.pdf is not a PDF file")
    assert word_reason.startswith("broken.docx ") and "Word document" in word_reason
    assert str(upload) not in report.failures(), "each file is named by its own name, not the server's folder"
    assert "Traceback" not in report.failures()
    assert workspace.documents() == ["coaching-notes.txt"]
    hits = workspace.retriever.search("marigold reading routines on the second Tuesday", 3)
    assert any(hit.source == "coaching-notes.txt" for hit in hits)


@pytest.mark.slow
def test_an_upload_where_no_file_can_be_read_names_each_and_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"not a PDF")
    word = tmp_path / "broken.docx"
    word.write_bytes(b"not a Word document")
    with pytest.raises(DocumentError) as caught:
        workspace.add_documents([pdf, word])
    said = str(caught.value)
    assert "broken.pdf is not a PDF file" in said and "broken.docx is not a Word (.docx) document" in said
    assert workspace.documents() == []


def _cached_upload(cache: Path, name: str, data: bytes, age_hours: float = 0) -> Path:
    """A file where Gradio keeps an upload: a folder named for its hash, the file under its own name."""
    path = cache / f"{abs(hash((name, data))):040x}"[:40] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    when = time.time() - age_hours * 3600
    os.utime(path, (when, when))
    return path


@pytest.mark.slow
def test_uploads_added_or_refused_leave_the_web_servers_cache(workspace: Workspace) -> None:
    cache = gradio_cache(workspace.settings)
    good = _cached_upload(
        cache,
        "family-engagement.md",
        b"# Family engagement\n\n## Coaching\n\nCoaches meet families every quarter in their home language.\n",
    )
    bad = _cached_upload(cache, "tool.exe", b"MZ\x90\x00")
    other = _cached_upload(cache, "waiting.md", b"# Another team's upload, not yet added\n\nText.\n")

    with pytest.raises(DocumentError, match=r"tool\.exe"):
        workspace.add_documents([bad])
    assert not bad.exists() and not bad.parent.exists(), "a refused upload is not kept"
    assert workspace.add_documents([good]).added == ["family-engagement.md"]
    assert not good.exists() and not good.parent.exists(), "the home keeps its own copy of an added one"
    assert (workspace.settings.documents_dir / "family-engagement.md").is_file()
    assert other.is_file(), "another upload waiting to be added stays"
    assert cache.is_dir()


def test_the_web_cache_is_capped_oldest_first_and_never_reaches_outside(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "gradio"
    mb = 1024 * 1024
    oldest = _cached_upload(cache, "a.pdf", b"a" * (19 * mb), age_hours=30)
    older = _cached_upload(cache, "b.pdf", b"b" * (19 * mb), age_hours=20)
    served = cache / "guides" / "f3a9" / "guide.docx"
    served.parent.mkdir(parents=True)
    served.write_bytes(b"g" * mb)
    newer = [_cached_upload(cache, f"{n}.pdf", bytes([n]) * (19 * mb), age_hours=10 - n) for n in range(5)]
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(b"x" * mb)
    (cache / "link.pdf").symlink_to(outside)

    deleted = trim_cache(cache, WEB_CACHE_LIMIT_BYTES)
    assert deleted == [oldest, older]
    assert not oldest.parent.exists() and not older.parent.exists(), "their folders go with them"
    assert sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) <= WEB_CACHE_LIMIT_BYTES
    assert served.is_file() and all(p.is_file() for p in newer) and outside.is_file()

    # The uploads of the request at hand stay even past the limit.
    assert trim_cache(cache, 10 * mb, keep=newer[:2]) == [*newer[2:], served]
    assert all(p.is_file() for p in newer[:2])

    discard_uploads([newer[0], outside, cache / "link.pdf", tmp_path / "missing.pdf"], cache)
    assert not newer[0].exists() and outside.is_file(), "nothing outside the cache is deleted"


@pytest.mark.slow
def test_ask_answers_with_citations_and_rejects_an_empty_question(workspace: Workspace) -> None:
    result, notice = workspace.ask("how often should coaching be provided?")
    assert result.citations and notice is None
    assert workspace.ask("how often should coaching be provided?", "coaching")[0].citations
    with pytest.raises(InputError, match="empty"):
        workspace.ask("   ")


# ------------------------------------------------------------------------------------------ rendering


@pytest.mark.slow
def test_messages_are_escaped_and_citations_open_to_their_passage(workspace: Workspace) -> None:
    passage = workspace.retriever.passages_in_order[0]
    citation = Citation(id=passage.id, source=passage.source, section=passage.section, quote="quote")
    question = Question(
        driver=Driver.coaching,
        number=1,
        of=3,
        stage=Stage.installation,
        text="<script>alert(1)</script> & more",
        hint=HintRef(quote="quote", citation=citation),
    )
    out = render.events_html([question], workspace.cited_passage)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in out
    assert out.count("<details") == 1 and render.escape(passage.text) in out
    # Text is never read back for citations: a bracket typed by a team stays text.
    typed = render.message_html(f"see [{passage.section} — {passage.source}]")
    assert "<details" not in typed and render.escape(f"[{passage.section} — {passage.source}]") in typed
    # A citation whose passage has left the index still opens on the quote it kept.
    gone = citation.model_copy(update={"id": "gone"})
    out = render.events_html([question.model_copy(update={"hint": HintRef(quote="quote", citation=gone)})])
    assert out.count("<details") == 1 and "quote" in out


def test_plan_fields_are_escaped_wherever_they_are_shown() -> None:
    hostile = '<img src=x onerror="alert(1)">'
    citation = Citation(id="x", source="<b>src</b>", section="A › <i>B</i>", quote="<q>")
    plan = ActionPlan(
        name=hostile,
        initiative=hostile,
        drivers=[Driver.coaching],
        stage=Stage.installation,
        actions=[
            action(
                1,
                description=hostile,
                owner=hostile,
                due=date(2027, 1, 29),
                citations=[citation],
                equity_checks=[EquityCheckResult(check="c", title=hostile, status="met", reason=hostile)],
            )
        ],
    )
    for html in (
        render.plan_heading(plan),
        render.equity_html(plan),
        charts.timeline_svg(plan, TODAY),
        charts.coverage_svg(plan),
    ):
        assert "<img" not in html and "<b>src" not in html and "<i>B" not in html


def test_answer_sources_are_numbered_once_each() -> None:
    from assistant.models import Answer

    one = Citation(id="p1", source="s.md", section="Doc › Part", quote="First.")
    two = Citation(id="p2", source="s.md", section="Doc › Other", quote="Second.")
    result = Answer(answer="First. [1] Second. [2] Again. [1]", citations=[one, two, one])
    html = render.answer_html(result)
    assert html.count("<details") == 2 and "[1] Part — Doc" in html and "[2] Other — Doc" in html
    partial = render.answer_html(result, "First. [1]")
    assert "<details" not in partial, "sources appear once the answer is complete"


# ------------------------------------------------------------------------------------------ charts


def test_the_timeline_draws_dated_actions_by_owner_and_lists_the_rest() -> None:
    plan = ActionPlan(
        name="p",
        actions=[
            action(1, owner="Dana", due=date(2027, 1, 29)),
            action(2, owner="Sam", start=date(2026, 12, 1), due=date(2027, 3, 1), driver=Driver.decision_support_data),
            action(3, owner="Dana", due=date(2027, 2, 15)),
            action(4, owner=None, due=None),
        ],
    )
    bars = charts.timeline_bars(plan)
    assert [(b.action.number, b.owner) for b in bars] == [(1, "Dana"), (3, "Dana"), (2, "Sam")]
    assert bars[0].start == date(2027, 1, 15), "without a start date a bar covers the two weeks before it is due"
    assert bars[2].start == date(2026, 12, 1)
    svg = charts.timeline_svg(plan, TODAY)
    assert svg.count("<rect") == 3 and "Not on the timeline (no due date yet): #4" in svg
    assert ">Dana<" in svg and ">Sam<" in svg and "Jan 2027" in svg
    assert "no due date" in charts.timeline_svg(ActionPlan(name="p", actions=[action(1)]))


def test_the_coverage_grid_counts_actions_per_driver_and_stage() -> None:
    plan = ActionPlan(
        name="p",
        drivers=[Driver.coaching, Driver.fidelity],
        actions=[
            action(1, stage=Stage.installation),
            action(2, stage=Stage.installation),
            action(3, stage=Stage.initial_implementation, driver=Driver.training),
        ],
    )
    drivers, stages, counts = charts.coverage(plan)
    assert drivers == [Driver.coaching, Driver.fidelity, Driver.training]
    assert stages == list(Stage)
    assert counts == {(Driver.coaching, Stage.installation): 2, (Driver.training, Stage.initial_implementation): 1}
    svg = charts.coverage_svg(plan)
    assert "Implementation & Fidelity Assessment" in svg.replace("&amp;", "&")
    assert "Coaching · Installation: 2 action(s)" in svg
    assert "coverage chart" in charts.coverage_svg(ActionPlan(name="p"))


# ------------------------------------------------------------------------------------------ the command


def test_the_ui_command_defaults_to_loopback_and_checks_its_options() -> None:
    from assistant.cli.ui import checker, parse_auth, ui

    result = CliRunner().invoke(ui, ["--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "CIP_ASSISTANT_UI_PASSWORD" in result.output
    assert "--allow-host" in result.output
    defaults = {param.name: param.default for param in ui.params}
    assert defaults["host"] == "127.0.0.1" and defaults["port"] == 7860
    assert CliRunner().invoke(ui, ["--auth", "nocolon"]).exit_code == 2
    assert parse_auth("team:pa:ss") == ("team", "pa:ss")
    check = checker("team", "s3cret")
    assert check("team", "s3cret") and not check("team", "wrong") and not check("other", "s3cret")
    anyone = checker(None, "s3cret")
    assert anyone("whoever", "s3cret") and not anyone("whoever", "")


def test_the_password_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli.ui import _is_loopback, _password_setting

    assert _password_setting(Settings()) is None
    monkeypatch.setenv("CIP_ASSISTANT_UI_PASSWORD", "s3cret")
    assert _password_setting(Settings()) == "s3cret"
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.20")


def test_a_busy_port_is_reported_before_anything_loads() -> None:
    from assistant.cli.ui import ui

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(ui, ["--port", str(port)])
    assert result.exit_code == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.output and "--port" in result.output


@pytest.mark.parametrize("host", ["", "   "], ids=["empty", "spaces"])
def test_an_empty_host_is_refused_before_anything_loads(home: Path, host: str) -> None:
    # An empty address would listen on every interface and leave no Host name to check requests against.
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ui", "--host", host, "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(home),
        cwd=home.parent,
    )
    first = ""
    try:
        assert server.stderr is not None
        first = server.stderr.readline()
    finally:
        if not first.startswith("Error:"):
            server.kill()  # it went on to serve
        rest = server.communicate(timeout=120)[1]
    assert first.startswith("Error:") and "--host" in first and "empty" in first, first
    assert server.returncode == 2 and rest == ""
    assert "running at" not in first + rest


def test_the_server_refuses_an_empty_address() -> None:
    from ui.app import launch

    with pytest.raises(InputError, match="address to listen on is empty"):
        launch("  ", free_port(), block=False)


# ------------------------------------------------------------------------------------------ the live server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def holding(root: Path, phrase: str) -> list[Path]:
    """Every file under `root` whose bytes hold the phrase, looking inside zip files (Word documents) too."""
    needle = phrase.encode()
    found = []
    for path in root.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                data += b"".join(archive.read(member) for member in archive.namelist())
        if needle in data:
            found.append(path)
    return found


@pytest.mark.slow
def test_deleting_a_plan_in_the_ui_leaves_no_trace_of_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gradio_client import Client

    from ui.app import launch

    phrase, kept = "Quokka reading nights 7731", "Heron attendance circles 5512"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))  # put back afterwards; the app sets its own
    port = free_port()
    demo = launch("127.0.0.1", port, None, workspace.settings, workspace=workspace, block=False)
    try:
        url = f"http://127.0.0.1:{port}/"
        team = Client(url, verbose=False, download_files=str(tmp_path / "team-downloads"))
        other = Client(url, verbose=False, download_files=str(tmp_path / "other-downloads"))
        other.predict("keep-me", f"Attendance: {kept}", "installation", ["coaching"], api_name="/start")
        other.predict("no", [], api_name="/turn")
        other.predict(f"Sam Ortiz will run {kept} every month by March 1, 2027", [], api_name="/turn")
        other.predict(api_name="/export_md")

        team.predict("oak-ridge", f"Family literacy: {phrase}", "installation", ["coaching"], api_name="/start")
        team.predict("no", [], api_name="/turn")
        out = team.predict(f"Dana Reyes will host {phrase} every month by January 29, 2027", [], api_name="/turn")
        table = out[1]
        table["data"][0][3] = "Maria Lopez"
        assert "Saved 1 change" in team.predict(table, api_name="/edit_table")[6]
        for fmt in ("md", "docx", "json", "csv", "ics"):
            assert f"oak-ridge.{fmt}" in team.predict(api_name=f"/export_{fmt}")[1]

        home = workspace.settings.home.resolve()
        cache = Path(os.environ["GRADIO_TEMP_DIR"])
        assert cache.is_relative_to(home), "Gradio's cache is kept in the home, where it can be cleaned"
        before = holding(home, phrase)
        assert home / "sessions.sqlite3" in before
        assert any(p.is_relative_to(workspace.settings.exports_dir.resolve()) for p in before)
        assert any(p.is_relative_to(cache) and p.suffix == ".docx" for p in before), "served copies are found too"

        # Without the confirmation on screen, nothing is deleted.
        assert "Nothing was deleted" in team.predict(api_name="/delete")[6]
        assert workspace.store.exists("oak-ridge")
        question = team.predict(api_name="/delete_ask")
        assert "oak-ridge" in question and "cannot be undone" in question
        team.predict(api_name="/delete_cancel")
        assert "Nothing was deleted" in team.predict(api_name="/delete")[6], "keeping it withdraws the question"
        assert workspace.store.exists("oak-ridge")
        team.predict(api_name="/delete_ask")
        deleted = team.predict(api_name="/delete")
        chat, table, status, saved = deleted[0], deleted[1], deleted[6], deleted[7]
        assert "Deleted &#x27;oak-ridge&#x27;" in status and chat == [] and table["data"] in ([], [[]])
        assert [value for _, value in saved["choices"]] == ["keep-me"]

        assert holding(home, phrase) == [] and holding(cache, phrase) == []
        assert home / "sessions.sqlite3" in holding(home, kept), "another team's plan is untouched"
        with pytest.raises(NotFoundError):
            workspace.resume("oak-ridge")
        # Nothing of the old plan is left in the server either: the name starts afresh.
        fresh = team.predict("oak-ridge", "Family literacy", "installation", ["coaching"], api_name="/start")
        assert phrase not in str(fresh[0]) and fresh[1]["data"] in ([], [[]])
        team.close()
        other.close()
    finally:
        demo.close()


@pytest.mark.slow
def test_a_password_guards_the_page_and_the_files(workspace: Workspace) -> None:
    from assistant.cli.ui import checker
    from ui.app import launch

    planned(workspace, "lincoln")
    export = workspace.export("lincoln", "md")
    port = free_port()
    demo = launch("127.0.0.1", port, checker("team", "s3cret"), workspace.settings, workspace=workspace, block=False)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            assert client.get(f"/gradio_api/file={export}").status_code in {401, 403}
            assert client.post("/login", data={"username": "team", "password": "wrong"}).status_code >= 400
            assert client.post("/login", data={"username": "team", "password": "s3cret"}).status_code == 200
            assert client.get(f"/gradio_api/file={export}").status_code == 200
    finally:
        demo.close()


def test_blocked_paths_cover_the_private_parts_of_the_home(tmp_path: Path) -> None:
    from ui.app import blocked_paths

    settings = Settings(home=tmp_path / "home")
    blocked = blocked_paths(settings)
    assert str(settings.database_path.resolve()) in blocked and str(settings.store_dir.resolve()) in blocked
    assert not any(str(settings.exports_dir.resolve()).startswith(path) for path in blocked)


def test_streaming_shows_growing_text_that_ends_with_the_whole_reply() -> None:
    from ui.app import pieces

    text = "Recorded action 1: Dana will run coach training.\n  owner: Dana · due: 2027-01-29"
    shown = list(pieces(text, 4))
    assert shown[-1] == text and len(shown) >= 3
    assert all(text.startswith(part) for part in shown)
    assert all(len(a) < len(b) for a, b in itertools.pairwise(shown))
    assert list(pieces("")) == [""]


def test_a_failure_reads_as_one_sentence() -> None:
    from ui.app import _sentence

    assert _sentence(InputError("There is no action 9; the plan has 3.")) == "There is no action 9; the plan has 3."
    message = _sentence(KeyError("boom"))
    assert message.startswith("Something went wrong (KeyError)") and "Traceback" not in message


def component(demo: Any, elem_id: str) -> Any:
    """The component of the page with this id, as handlers name it in what they return."""
    return next(block for block in demo.blocks.values() if getattr(block, "elem_id", None) == elem_id)


@pytest.mark.slow
def test_a_turn_that_fails_gives_the_team_its_text_back(workspace: Workspace) -> None:
    from ui.app import build_app

    demo = build_app(workspace.settings, workspace)
    run_turn = next(block.fn for block in demo.fns.values() if block.name == "run_turn")
    with pytest.warns(UserWarning, match="no session named"):
        outputs = list(run_turn("Dana will lead coach training by March 1", "no-such-session", []))
    last = outputs[-1]
    chat, status, message = (component(demo, name) for name in ("cip-chat", "cip-status", "cip-message"))
    assert last[chat] == [] and last[message] == "Dana will lead coach training by March 1"
    assert "no session named &#x27;no-such-session&#x27;" in last[status]


@pytest.mark.slow
def test_a_configured_model_rewords_what_is_shown_but_not_what_is_saved(index_home: Path, retriever: Retriever) -> None:
    from assistant.llm import NoneBackend
    from ui.app import build_app

    class Rewording(NoneBackend):
        can_phrase = True

        def phrase(self, reply_text: str, passages: Any) -> Iterator[str]:
            self.notify("Reworded by the model.")
            yield from ("In other words: ", reply_text[:30])

    workspace = Workspace(Settings(home=index_home, today=TODAY), retriever=retriever, backend=Rewording())
    workspace.start("lincoln", "Structured literacy K-3", "installation", ["coaching"])
    demo = build_app(workspace.settings, workspace)
    run_turn = next(block.fn for block in demo.fns.values() if block.name == "run_turn")
    outputs = list(run_turn("no", "lincoln", []))
    chat, status = component(demo, "cip-chat"), component(demo, "cip-status")
    saved = workspace.load("lincoln").transcript[-1].text
    assert saved.startswith("No readiness check") and "Coaching · question 1 of" in saved, (
        "the transcript keeps the reply as composed"
    )
    streamed = [out[chat][-1]["content"] for out in outputs[1:-1]]
    reworded = "In other words: " + escape(saved[:30], quote=False)
    assert streamed[0].endswith("In other words: </div>") and reworded in streamed[-1]
    last = outputs[-1]
    assert reworded in last[chat][-1]["content"] and "Reworded by the model." in last[status]
    # The notice went with this reply: the shared backend keeps nothing for the next team's turn.
    assert workspace.backend.take_notice() is None


@pytest.mark.slow
def test_the_page_says_what_to_click_never_what_to_type_in_a_terminal(workspace: Workspace) -> None:
    from assistant.generators.ask import NOT_FOUND
    from ui.app import build_app

    name = planned(workspace)
    demo = build_app(workspace.settings, workspace)
    run_turn = next(block.fn for block in demo.fns.values() if block.name == "run_turn")
    chat = component(demo, "cip-chat")
    outputs = list(run_turn("/done", name, render.history(workspace.load(name))))
    shown = [message["content"] for out in outputs if chat in out for message in out[chat]]
    assert any("Here is your plan." in text for text in shown)
    assert any("Use the export buttons beside the plan" in text for text in shown)
    assert not [text for text in shown if "cip-assistant" in text or "Export it with" in text]
    # Saved replies read the same when the plan is opened again, and so does an answer that found nothing.
    assert not [m for m in render.history(workspace.load(name)) if "cip-assistant" in m["content"]]
    nothing = render.answer_html(Answer(answer=NOT_FOUND, found=False))
    assert "cip-assistant" not in nothing and "in the Knowledge base tab" in nothing


@pytest.mark.slow
def test_export_and_delete_wait_for_a_plan_and_no_internal_id_is_shown(workspace: Workspace) -> None:
    from assistant.models import ReflectionSet
    from ui.app import EXPORTS, build_app

    demo = build_app(workspace.settings, workspace)
    controls = [component(demo, f"cip-export-{fmt}") for _, fmt in EXPORTS] + [component(demo, "cip-delete")]
    assert [c.interactive for c in controls] == [False] * len(controls), "nothing to export or delete on a new page"
    on_start = next(block.fn for block in demo.fns.values() if block.name == "on_start")
    opened = on_start("lincoln", "Structured literacy K-3", "installation", ["coaching"])
    assert all(opened[c]["interactive"] is True for c in controls)
    on_delete = next(block.fn for block in demo.fns.values() if block.name == "on_delete")
    closed = on_delete("lincoln", "lincoln")
    assert all(closed[c]["interactive"] is False for c in controls), "a deleted plan leaves nothing to export"
    chat = component(demo, "cip-chat")
    assert "share" not in chat.buttons, "no button posts the conversation to a website"

    shown = render.events_html([PromptsShown(prompts=ReflectionSet(driver=Driver.training, seed=918069754))])
    assert "918069754" not in shown and "Set " not in shown


def test_saved_coach_and_reflect_chats_are_drawn_with_the_passage_under_each_item(workspace: Workspace) -> None:
    guides = workspace.guides
    guides.open("prep", "coach", Driver.coaching, None)
    guides.turn("prep", "/skip", Driver.coaching, None)  # any stage
    _, shown = guides.turn("prep", "new teacher, walkthrough showed <b>pacing</b> struggles", Driver.coaching, None)
    guides.open("debrief", "reflect", Driver.training, None)
    guides.turn("debrief", "/skip", Driver.training, None)
    _, prompts = guides.turn("debrief", "/skip", Driver.training, None)

    guide = next(e for e in shown.events if isinstance(e, GuideShown)).guide
    drawn = render.history(workspace.store.load("prep"), workspace.passage)[-1]["content"]
    items = [item for section in guide.sections for item in section.items]
    assert drawn.count('<details class="cip-cite">') == len(items) > 5
    for section in guide.sections:
        assert f"<h4>{escape(section.title)}</h4>" in drawn
    for item in items:
        passage = workspace.passage(item.citation.id)
        assert passage is not None
        assert f"<li>{escape(item.text)}<br>" in drawn and escape(passage.text) in drawn
    # The page lays the guide out itself: not the terminal's numbered sources, and nothing typed becomes markup.
    assert "Sources" not in drawn and "[1]" not in drawn and "<b>pacing" not in drawn
    assert "Type a new context to redo the guide" in drawn  # the prompt after it, in the chat's words

    reflection = next(e for e in prompts.events if isinstance(e, PromptsShown)).prompts
    drawn = render.history(workspace.store.load("debrief"), workspace.passage)[-1]["content"]
    assert drawn.count('<details class="cip-cite">') == len(reflection.prompts) > 0
    assert "Driver: Training" in drawn and "<h4>Before the session</h4>" in drawn

    # What "more" adds is drawn the same way, numbered on from the set.
    more = render.events_html([GuideMore(sections=guide.sections[:2])], workspace.passage)
    assert more.count('<details class="cip-cite">') == len(guide.sections[0].items) + len(guide.sections[1].items)
    assert "More from the guidance:" in more and f"<h4>{escape(guide.sections[1].title)}</h4>" in more
    added = render.events_html([PromptsMore(first=9, prompts=reflection.prompts[:2])], workspace.passage)
    assert added.count('<details class="cip-cite">') == 2 and '<ol class="cip-guide" start="9">' in added
    first = reflection.prompts[0]
    assert f"({first.timing} · {first.level}) {escape(first.text)}" in added


@pytest.mark.slow
def test_an_actions_status_is_chosen_from_a_list(workspace: Workspace) -> None:
    from ui.app import build_app

    name = planned(workspace)
    demo = build_app(workspace.settings, workspace)
    fn = {block.name: block.fn for block in demo.fns.values()}
    action_list, status_list = component(demo, "cip-status-action"), component(demo, "cip-status-value")
    assert [value for _, value in status_list.choices] == ["proposed", "planned", "in progress", "done", "blocked"]
    opened = fn["on_resume"](name)
    assert opened[action_list]["choices"][0] == ("1. Run coach training on the new routines", "1")
    assert fn["on_status_action"]("2", name)[status_list]["value"] == "proposed"
    changed = fn["on_status_chosen"]("2", "in progress", name)
    assert workspace.load(name).plan.actions[1].status == "in_progress"
    assert "Saved 1 change" in changed[component(demo, "cip-status")]
    assert changed[component(demo, "cip-table")][1][-1].startswith("in progress")


@pytest.mark.slow
def test_an_actions_resources_and_measures_are_edited_under_the_table_and_kept(workspace: Workspace) -> None:
    from ui.app import build_app

    name = planned(workspace)
    demo = build_app(workspace.settings, workspace)
    fn: dict[str, Any] = {str(block.name): block.fn for block in demo.fns.values()}
    resources, measures = component(demo, "cip-detail-resources"), component(demo, "cip-detail-measures")
    save = component(demo, "cip-save-details")
    opened = fn["on_resume"](name)
    assert opened[save]["interactive"] is False, "nothing to save before an action is chosen"

    picked = fn["on_status_action"]("2", name)
    assert picked[save]["interactive"] is True
    assert picked[measures]["value"] == "\n".join(workspace.load(name).plan.actions[1].measures)
    saved = fn["on_details_saved"](
        "2", name, "Coaching budget\nSubstitute days", "Coaching logs reviewed monthly\nWalkthrough scores"
    )
    assert "Saved the resources and measures of action 2" in saved[component(demo, "cip-status")]
    action = workspace.load(name).plan.actions[1]
    assert action.resources == ["Coaching budget", "Substitute days"]
    assert action.measures == ["Coaching logs reviewed monthly", "Walkthrough scores"]
    assert saved[measures]["value"] == "Coaching logs reviewed monthly\nWalkthrough scores"
    assert saved[resources]["value"] == "Coaching budget\nSubstitute days", "the form shows what was saved"
    # The change is a turn of the conversation, and another window that opens the plan sees it.
    assert workspace.load(name).transcript[-2].text == (
        "/edit 2 measures Coaching logs reviewed monthly; Walkthrough scores"
    )
    reopened = build_app(workspace.settings, workspace)
    again: dict[str, Any] = {str(block.name): block.fn for block in reopened.fns.values()}
    again["on_resume"](name)
    shown = again["on_status_action"]("2", name)
    assert shown[component(reopened, "cip-detail-resources")]["value"] == "Coaching budget\nSubstitute days"

    unchanged = fn["on_details_saved"](
        "2", name, "Coaching budget; Substitute days", shown[component(reopened, "cip-detail-measures")]["value"]
    )
    assert "Nothing changed" in unchanged[component(demo, "cip-status")]
    refused = fn["on_details_saved"](None, name, "x", "y")
    assert "Choose the action" in refused[component(demo, "cip-status")]


def test_the_table_and_timeline_show_what_is_overdue_on_the_day_the_plan_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from assistant.config import reset_settings
    from ui import charts

    monkeypatch.setenv("CIP_ASSISTANT_TODAY", "2027-02-01")
    reset_settings()
    late = Action(number=1, description="Send the calendar", owner="Ms. Kim", due=date(2027, 1, 15), status="planned")
    soon = Action(number=2, description="Train paras", owner="Mr. Tran", due=date(2027, 2, 10), status="in_progress")
    later = Action(number=3, description="Review data", owner="Data team", due=date(2027, 5, 1), status="planned")
    plan = ActionPlan(name="t", actions=[late, soon, later])
    status = COLUMNS.index("Status")
    rows = plan_rows(plan)
    assert [row[status] for row in rows] == ["planned, overdue", "in progress, approaching", "planned, on target"]
    # Sending the table back unchanged edits nothing; changing the status edits only the status the team sets.
    assert table_edits(plan, rows) == []
    rows[0][status] = "done, overdue"
    assert table_edits(plan, rows) == [Edit(1, "status", "done")]
    svg = charts.timeline_svg(plan, date(2027, 2, 1))
    assert svg.count('class="cip-overdue"') == 1 and "overdue: #1" in svg
    reset_settings()


@pytest.mark.slow
def test_the_coach_and_reflect_tabs_name_the_components_they_change(workspace: Workspace) -> None:
    from ui.app import build_app

    demo = build_app(workspace.settings, workspace)
    handler: dict[str | None, Callable[..., Any]] = {
        block.api_name: block.fn for block in demo.fns.values() if block.fn is not None
    }
    guide = component(demo, "cip-coach-guide")
    shown = handler["coach_prep"]("coaching", "installation", "new teacher, walkthrough on pacing")
    assert list(shown) == [guide] and "Opening and listening questions (Lean In)" in shown[guide]

    prompts = component(demo, "cip-reflect-prompts")
    first = handler["reflect"]("training", "installation", "new teachers", 4)
    (seed,) = set(first) - {prompts}
    assert isinstance(first[seed], int) and "new teachers" in first[prompts]
    another = handler["reflect_more"]("training", "installation", "new teachers", 4, first[seed])
    assert another[seed] == first[seed] + 1 and another[prompts] != first[prompts]
    with pytest.warns(UserWarning, match="Choose the driver"):
        refused = handler["reflect_more"](None, "installation", "new teachers", 4, another[seed])
    # The set on screen is replaced by the warning, and "Another set" still goes on from the seed it had.
    assert list(refused) == [prompts] and "Choose the driver" in refused[prompts]


def test_the_page_has_one_tab_per_part_and_nothing_else_in_the_tab_bar(workspace: Workspace) -> None:
    import gradio as gr

    from ui.app import build_app

    demo = build_app(workspace.settings, workspace)
    [tabs] = [block for block in demo.blocks.values() if isinstance(block, gr.Tabs)]
    labels = [child.label for child in tabs.children]
    assert all(isinstance(child, gr.Tab) for child in tabs.children), labels
    assert labels == ["Plan", "Ask", "Coach prep", "Reflection prompts", "Check-in", "Knowledge base"]
