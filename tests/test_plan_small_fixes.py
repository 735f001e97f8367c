"""Small things a team notices in a planning meeting: a name typed alone, a date typed once the plan is finished,
the school and team asked for when the rest was given on the command line, check marks in the Word plan."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest
from conftest import cli_env

from assistant.dialogue.plan_mode import PlanConversation
from assistant.dialogue.session import Session
from assistant.export import render
from assistant.models import Action, ActionPlan, Driver, ProgressEntry, Stage
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever

TODAY = date(2026, 11, 22)
Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def context(retriever: Retriever) -> PlanningContext:
    return PlanningContext(retriever)


def meeting(context: PlanningContext) -> PlanConversation:
    """Coaching at initial implementation: the first question asks how (not who), the readiness check declined."""
    plan = ActionPlan(
        name="t", initiative="Structured literacy", drivers=[Driver.coaching], stage=Stage.initial_implementation
    )
    conv = PlanConversation(Session(id="t", plan=plan), context, today=TODAY)
    conv.start()
    conv.reply("no")
    first = conv.state.queue[0].text
    assert not first.lower().startswith("who"), first
    return conv


# ------------------------------------------------------------------------------------------ a name typed alone


@pytest.mark.parametrize(("typed", "shown"), [("ms kim", "Ms. Kim"), ("Coach Bell", "Coach Bell")])
def test_a_name_typed_alone_owns_what_the_question_asks_for(context: PlanningContext, typed: str, shown: str) -> None:
    conv = meeting(context)
    question = conv.state.queue[0].text
    reply = conv.reply(typed)
    (action,) = conv.plan.actions
    assert action.owner == shown
    assert shown not in action.description, "the plan line says what, not who"
    assert len(action.description.split()) >= 3
    assert f"{shown} owns what this question asks for" in reply.text and "/back" in reply.text
    assert action.question == question


def test_practice_titles_come_from_how_will_you_questions() -> None:
    from assistant.understanding.titles import practice_title

    asked = "How will you make sure that: Individuals accountable for selection understand the skills needed?"
    assert practice_title(asked) == "Make sure individuals accountable for selection understand the skills needed"
    assert practice_title("What data will you use to monitor fidelity?") is None


def test_a_name_typed_alone_after_an_action_with_no_owner_becomes_its_owner(context: PlanningContext) -> None:
    conv = meeting(context)
    conv.reply("Schedule coaching cycles monthly")
    conv.reply("/back")  # back to the question, the action kept without an owner
    reply = conv.reply("ms kim")
    assert "Action 1 updated: owner Ms. Kim" in reply.text
    assert [(a.description, a.owner) for a in conv.plan.actions] == [("Schedule coaching cycles", "Ms. Kim")]


# ------------------------------------------------------------------------------------------ after the last question


def finished_with(context: PlanningContext, answer: str) -> PlanConversation:
    conv = meeting(context)
    conv.reply(answer)
    while conv.state.phase != "done":
        conv.reply("/skip")
    return conv


@pytest.mark.parametrize("typed", ["yes, by march 5", "ok, march 5"])
def test_a_date_confirmed_after_the_last_question_is_the_last_actions_due_date(
    context: PlanningContext, typed: str
) -> None:
    conv = finished_with(context, "Ms. Kim will schedule coaching cycles")
    assert conv.plan.actions[0].due is None
    reply = conv.reply(typed)
    assert reply.text == "Action 1 (Schedule coaching cycles) is now due 2027-03-05."
    assert [(a.description, a.due) for a in conv.plan.actions] == [("Schedule coaching cycles", date(2027, 3, 5))]
    assert "due date not set" not in conv.reply("/plan").text


def test_a_date_after_the_last_question_when_the_last_action_has_one_says_the_plan_is_finished(
    context: PlanningContext,
) -> None:
    conv = finished_with(context, "Ms. Kim will schedule coaching cycles by December 4")
    reply = conv.reply("ok, march 5")
    assert reply.text.startswith("The plan is finished") and "/back" in reply.text
    assert [(a.description, a.due) for a in conv.plan.actions] == [("Schedule coaching cycles", date(2026, 12, 4))]


# ------------------------------------------------------------------------------------------ the command line


def chat(home: Path, lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "chat", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=cli_env(home, {"CIP_ASSISTANT_TODAY": "2026-11-22"}),
        timeout=300,
        check=False,
    )


OPTIONS = ("--initiative", "Structured literacy K-3", "--stage", "installation", "--driver", "coaching")


def test_a_session_started_with_options_still_asks_the_school_and_team_once(
    cli: Cli, index_home: Path, tmp_path: Path
) -> None:
    run = chat(index_home, ["Lincoln Elementary, K-3 literacy team", "/done"], "--session", "lincoln", *OPTIONS)
    assert run.returncode == 0, run.stderr
    first, then = run.stdout.split("\n\n")[1:3]
    assert first.startswith("Which school or district is this plan for, and which team")
    assert then == "School / district: Lincoln Elementary · Team: K-3 literacy team."
    assert "Coaching · question 1 of" in run.stdout
    out = tmp_path / "plan.md"
    assert cli("plan", "export", "lincoln", "--format", "md", "--out", str(out), home=index_home).returncode == 0
    header = out.read_text(encoding="utf-8")
    assert "**School / district:** Lincoln Elementary" in header and "**Team:** K-3 literacy team" in header

    # Skipped, or given as options, it is not asked again; the meeting goes on to the questions.
    skipped = chat(index_home, ["/skip", "/done"], "--session", "skipped", *OPTIONS)
    assert "No school or team set" in skipped.stdout and "Coaching · question 1 of" in skipped.stdout
    given = chat(index_home, ["/done"], "--session", "given", *OPTIONS, "--school", "Lincoln", "--team", "K-3 team")
    assert given.returncode == 0, given.stderr
    assert "Which school or district" not in given.stdout
    assert "Coaching · question 1 of" in given.stdout.split("\n\n")[1]
    shown = cli("plan", "export", "given", "--format", "md", "--out", str(tmp_path / "given.md"), home=index_home)
    assert shown.returncode == 0, shown.stderr
    assert "**Team:** K-3 team" in (tmp_path / "given.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ the Word plan


def typed_with_emoji() -> ActionPlan:
    action = Action(
        number=1,
        description="Exit tickets daily ✅",
        note="✅ exit tickets daily — math teachers 📚 ✅",
        driver=Driver.decision_support_data,
        owner="Ms. Kaur",
        resources=["item bank ✅"],
    )
    said = ProgressEntry(action=1, date=date(2026, 12, 1), status="in_progress", said="halfway there ✅🎉")
    return ActionPlan(name="p", initiative="Math ✅", school="Lincoln", actions=[action], progress=[said])


def word_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", ["docx", "report-docx"])
def test_check_marks_typed_by_the_team_print_in_the_word_plan(fmt: str) -> None:
    shown = word_text(render(typed_with_emoji(), fmt))
    assert "✅" not in shown and "📚" not in shown and "🎉" not in shown, "emoji print as empty boxes in Word"
    assert "Exit tickets daily ✓" in shown
    if fmt == "docx":
        assert "“✓ exit tickets daily — math teachers ✓”" in shown and "item bank ✓" in shown


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler-utils lay out the page"
)
def test_the_printed_word_plan_shows_a_check_mark_where_the_team_typed_one(tmp_path: Path) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(render(typed_with_emoji(), "docx"))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    printed = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Math ✓" in printed and "✅" not in printed


def test_the_team_typed_on_its_own_line_after_the_school_is_kept(context: PlanningContext) -> None:
    plan = ActionPlan(name="t", initiative="Restorative practices", drivers=[Driver.coaching], stage=Stage.installation)
    conv = PlanConversation(Session(id="t", plan=plan), context, today=TODAY)
    conv.state.ask_school = True
    conv.start()
    asked = conv.reply("jefferson middle school")
    assert "which team is writing it" in asked.text
    conv.reply("the climate team (ms kim, coach p, deb and ray)")
    assert (conv.plan.school, conv.plan.team) == (
        "jefferson middle school",
        "the climate team (ms kim, coach p, deb and ray)",
    )
    assert conv.plan.actions == [] and conv.state.phase == "questions"


def test_the_team_question_can_be_skipped(context: PlanningContext) -> None:
    plan = ActionPlan(name="t", initiative="Restorative practices", drivers=[Driver.coaching], stage=Stage.installation)
    conv = PlanConversation(Session(id="t", plan=plan), context, today=TODAY)
    conv.state.ask_school = True
    conv.start()
    conv.reply("jefferson middle school")
    conv.reply("/skip")
    assert (conv.plan.school, conv.plan.team) == ("jefferson middle school", "")
    assert conv.state.phase == "questions"
