"""The school or district and the team of a plan started in the web UI: typed on the new-plan form, they head the
exported plan; left blank, the conversation asks for them once, as the terminal chat does, and /skip moves on.

Also: answering a question again with more actions than before says "Replaced" only for the actions that take an
earlier one's place; the extra ones are "Recorded".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.dialogue.plan_mode import PlanConversation
from assistant.dialogue.session import Session
from assistant.models import ActionPlan, Driver, Stage
from assistant.planning.context import PlanningContext
from assistant.retrieval.retriever import Retriever
from ui import render
from ui.state import Workspace

TODAY = date(2026, 11, 22)
FORM = ("Structured literacy K-3", "installation", ["coaching"])
SCHOOL_QUESTION = "Which school or district is this plan for, and which team is writing it?"


@pytest.fixture
def workspace(index_home: Path, retriever: Retriever) -> Workspace:
    return Workspace(Settings(home=index_home, today=TODAY), retriever=retriever)


def start_button(workspace: Workspace) -> Any:
    """What the page's "Start plan" button runs, with the form's fields in the order the page sends them."""
    from ui.app import build_app

    demo = build_app(workspace.settings, workspace)
    return next(block.fn for block in demo.fns.values() if block.name == "on_start")


def first_reply(workspace: Workspace, name: str) -> str:
    return render.history(workspace.load(name))[-1]["content"]


def exported_markdown(workspace: Workspace, name: str) -> str:
    return workspace.export(name, "md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_school_and_team_typed_on_the_form_head_the_exported_plan(workspace: Workspace) -> None:
    start = start_button(workspace)
    start("lincoln", *FORM, "Lincoln Elementary", "K-3 literacy team")

    plan = workspace.load("lincoln").plan
    assert (plan.school, plan.team) == ("Lincoln Elementary", "K-3 literacy team")
    # The page's heading says whose plan it is.
    assert "Lincoln Elementary · K-3 literacy team" in render.plan_heading(plan)
    # Given on the form, they are not asked again: the meeting opens on the guiding questions.
    assert "Which school or district" not in first_reply(workspace, "lincoln")
    _, reply = workspace.turn("lincoln", "no")
    assert "Coaching · question 1 of" in reply.text
    header = exported_markdown(workspace, "lincoln")
    assert "**School / district:** Lincoln Elementary" in header and "**Team:** K-3 literacy team" in header


@pytest.mark.slow
def test_a_plan_started_with_the_boxes_blank_asks_for_the_school_and_team_once(workspace: Workspace) -> None:
    start = start_button(workspace)
    start("oak-ridge", *FORM, "", "")
    assert SCHOOL_QUESTION in first_reply(workspace, "oak-ridge")
    _, reply = workspace.turn("oak-ridge", "Oak Ridge Middle School, the climate team")
    assert "Coaching · question 1 of" in reply.text, "asked once, then on to the guiding questions"
    header = exported_markdown(workspace, "oak-ridge")
    assert "**School / district:** Oak Ridge Middle School" in header and "**Team:** the climate team" in header

    # Skipped, it is not asked again and the plan's header stays blank.
    start("maple", *FORM, "", "")
    assert SCHOOL_QUESTION in first_reply(workspace, "maple")
    _, reply = workspace.turn("maple", "/skip")
    assert "No school or team set" in reply.text and "Coaching · question 1 of" in reply.text
    _, reply = workspace.turn("maple", "Dana Reyes will run coach training by January 29, 2027")
    assert "Recorded action 1" in reply.text and "Which school or district" not in reply.text
    assert "School / district" not in exported_markdown(workspace, "maple")


# ------------------------------------------------------------------------------------------ answering again


def test_answering_again_with_more_actions_records_the_extra_ones_rather_than_replacing(retriever: Retriever) -> None:
    plan = ActionPlan(name="t", initiative="Structured literacy", drivers=[Driver.coaching], stage=Stage.installation)
    conv = PlanConversation(Session(id="t", plan=plan), PlanningContext(retriever), today=TODAY)
    conv.start()
    conv.reply("no")  # no readiness check
    conv.reply("Sam Ortiz will draft the coaching schedule by December 15, 2026")
    conv.reply("/back")
    reply = conv.reply(
        "Sam Ortiz will draft the coaching schedule by January 10, 2027, and Ms. Kim will train the coaches on it "
        "by February 1, 2027"
    )
    assert len(conv.plan.actions) == 2
    lines = [line for line in reply.text.splitlines() if line.startswith(("Replaced action", "Recorded action"))]
    assert lines == [
        "Replaced action 1: Draft the coaching schedule",
        "Recorded action 2: Train the coaches on it",
    ], "there was no action 2 before: it is new to the plan, not a replacement"
