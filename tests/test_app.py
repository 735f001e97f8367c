"""Plan sessions as both front ends use them: two windows on one plan each keep their work."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import CHANGED_ELSEWHERE, Edit, PlanSessions
from assistant.config import get_settings
from assistant.errors import InputError
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
