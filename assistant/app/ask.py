"""Saved Ask conversations: every question and its answer kept with the session, so a follow-up ("and for new
hires?") is read with the questions before it after a reload, in another window or in a later chat.

Each turn is taken on the session as stored, under its lock, like a planning turn: two windows asking in one
conversation each add their question and neither erases the other's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.app.plans import check_mode
from assistant.dialogue.session import Session
from assistant.errors import ConflictError, InputError
from assistant.models import ActionPlan, AskState, AskTurn, utcnow
from assistant.storage.sessions import Said, check_name, kept

if TYPE_CHECKING:
    from assistant.app.assistant import Assistant

# A question longer than this is refused by the search before anything is saved; the transcript keeps at most this.
MAX_QUESTION_CHARS = 2_000


def ask_state(session: Session) -> AskState:
    """The conversation an Ask session holds."""
    state = check_mode(session, "ask").state
    return state if isinstance(state, AskState) else AskState()


def new_name(now: datetime | None = None) -> str:
    """A name for a new conversation: when it began, to the second, with a short random tail."""
    import secrets

    moment = (now or utcnow()).strftime("%Y-%m-%d-%H%M%S")
    return f"ask-{moment}-{secrets.token_hex(2)}"


class AskSessions:
    """Ask conversations that are saved: opened or resumed by name, and each question answered and saved."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def open(self, name: str) -> Session:
        """The conversation `name`, or a new one that is saved with its first answer (a session of another mode is
        refused)."""
        name = check_name(name)
        store = self.assistant.store
        if not store.exists(name):
            return Session(id=name, mode="ask", state=AskState(), plan=ActionPlan(name=name))
        session = store.load(name)
        ask_state(session)
        return session

    def load(self, name: str) -> Session:
        """A saved conversation, refused in one sentence when it is missing or not an Ask conversation."""
        session = self.assistant.store.load(check_name(name))
        ask_state(session)
        return session

    def turn(
        self, name: str, question: str, drivers: str | Sequence[str] | None = None
    ) -> tuple[Session, AskTurn, list[str]]:
        """One question, read with the ones before it, and its answer, both saved before anything is shown; the
        conversation is started on its first question."""
        if not question or not question.strip():
            raise InputError("Type a question first.")
        name = check_name(name)
        taken: list[tuple[AskTurn, list[str]]] = []

        def step(current: Session) -> Said:
            turn, after, notices = self.assistant.ask_follow_up(question, ask_state(current), drivers)
            current.state = after
            taken[:] = [(turn, notices)]
            return kept(question.strip(), MAX_QUESTION_CHARS), turn.answer.answer

        with self.assistant.sessions.locked(name):
            session = self._first(name, question, drivers, taken)
            if session is None:
                session = self.assistant.store.take_turn(name, step)
        turn, notices = taken[0]
        return session, turn, notices

    def _first(
        self,
        name: str,
        question: str,
        drivers: str | Sequence[str] | None,
        taken: list[tuple[AskTurn, list[str]]],
    ) -> Session | None:
        """A new conversation saved with its first question and answer; None when it exists already.

        Nothing is saved before the question is answered, so a refused first question (too long, an unknown
        driver) leaves no empty conversation behind."""
        store = self.assistant.store
        if store.exists(name):
            return None
        turn, after, notices = self.assistant.ask_follow_up(question, AskState(), drivers)
        try:
            session = store.create(name, "ask", ActionPlan(name=name), AskState())
            session.state = after
            store.save_turn(session, kept(question.strip(), MAX_QUESTION_CHARS), turn.answer.answer)
        except (InputError, ConflictError):
            if not store.exists(name):
                raise
            return None  # another server started it meanwhile: the turn is taken again on it, as stored
        taken[:] = [(turn, notices)]
        return session


__all__ = ["AskSessions", "ask_state", "new_name"]
