"""Ask conversations kept with a session: a follow-up is read with the questions before it after a reload, from
another window or in a later chat, and nothing a person asked is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env

from assistant.app import Assistant
from assistant.app.ask import ask_state
from assistant.config import get_settings
from assistant.errors import InputError
from assistant.retrieval.retriever import Retriever


def window(retriever: Retriever) -> Assistant:
    """A client of its own (a browser tab, a terminal): its own database connection."""
    return Assistant(get_settings(), retriever=retriever)


def test_a_follow_up_after_a_reload_is_read_with_the_question_before(retriever: Retriever) -> None:
    window(retriever).conversations.turn("talk", "How often should staff get coaching?")
    # The page is reloaded: a new client with nothing in memory but the conversation's name.
    session, turn, _ = window(retriever).conversations.turn("talk", "and for new hires?")
    assert turn.searched == "How often should staff get coaching for new hires?"
    assert [t.question for t in ask_state(session).turns] == ["How often should staff get coaching?", turn.question]
    said = [(t.role, t.text) for t in session.transcript]
    assert said[0] == ("user", "How often should staff get coaching?")
    assert said[-1] == ("assistant", turn.answer.answer)


def test_two_windows_asking_in_one_conversation_each_keep_their_question(retriever: Retriever) -> None:
    first, second = window(retriever), window(retriever)
    first.conversations.turn("shared", "What is coaching?")
    second.conversations.turn("shared", "Who selects coaches?")
    session, _, _ = first.conversations.turn("shared", "How is fidelity measured?")
    assert [t.question for t in ask_state(session).turns] == [
        "What is coaching?",
        "Who selects coaches?",
        "How is fidelity measured?",
    ]


def test_a_refused_question_saves_nothing_and_a_plan_is_not_an_ask_conversation(retriever: Retriever) -> None:
    app = window(retriever)
    app.conversations.turn("talk", "What is coaching?")
    with pytest.raises(InputError):
        app.conversations.turn("talk", "   ")
    assert len(ask_state(app.conversations.load("talk")).turns) == 1
    app.sessions.start("a-plan", "Literacy", "exploration", ["coaching"])
    with pytest.raises(InputError, match=r"'a-plan' is a plan session, not an ask session; .*\(--mode plan\)"):
        app.conversations.turn("a-plan", "What is coaching?")


def test_chat_ask_with_a_session_resumes_where_the_last_chat_stopped(index_home: Path) -> None:
    def chat(*lines: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", "chat", "--mode", "ask", "--session", "questions"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            env=cli_env(index_home),
            timeout=300,
            check=False,
        )

    first = chat("How often should staff get coaching?")
    assert first.returncode == 0, first.stderr
    assert "--mode ask --session questions" in first.stderr
    later = chat("and for new hires?")
    assert later.returncode == 0, later.stderr
    assert "Resumed 'questions' (1 earlier question); the last was: How often should staff get coaching?" in (
        later.stdout
    )
    assert "Searching for: How often should staff get coaching for new hires?" in later.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "assistant", "plan", "list", "--json"],
        capture_output=True,
        text=True,
        env=cli_env(index_home),
        timeout=120,
        check=True,
    )
    assert [(row["name"], row["mode"]) for row in json.loads(listing.stdout)] == [("questions", "ask")]
    deleted = subprocess.run(
        [sys.executable, "-m", "assistant", "plan", "delete", "questions", "--yes"],
        capture_output=True,
        text=True,
        env=cli_env(index_home),
        timeout=120,
        check=False,
    )
    assert deleted.returncode == 0 and "Deleted questions." in deleted.stdout, deleted.stderr


@pytest.mark.parametrize(
    ("question", "driver"),
    [("x" * 2_100, None), ("What is coaching?", "no such driver"), ("   ", None)],
)
def test_a_refused_first_question_leaves_no_conversation_behind(
    retriever: Retriever, question: str, driver: str | None
) -> None:
    app = window(retriever)
    with pytest.raises(InputError):
        app.conversations.turn("talk", question, driver)
    assert not app.store.exists("talk")
    assert app.saved_sessions("ask") == []
    # Asked again, the first answered question starts it.
    session, _, _ = app.conversations.turn("talk", "What is coaching?")
    assert [t.question for t in ask_state(session).turns] == ["What is coaching?"]
    assert [t.role for t in app.conversations.load("talk").transcript] == ["user", "assistant"]


def test_a_named_chat_that_asks_nothing_saves_nothing(retriever: Retriever) -> None:
    app = window(retriever)
    session = app.conversations.open("quiet")
    assert ask_state(session).turns == [] and not app.store.exists("quiet")
