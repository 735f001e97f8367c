"""Check-ins on a saved plan, the same from the command line and the web UI.

Each turn reads the plan session as stored, applies one step of the check-in and saves it onto the version that
was read (the store's `take_turn`), so a check-in in one window and planning in another both keep their work, and
a check-in stopped at any moment keeps every answer it acknowledged.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from assistant.dialogue.checkin_mode import MAX_ANSWER_CHARS, CheckinConversation, CheckinReply
from assistant.dialogue.session import Session
from assistant.errors import InputError, NotFoundError
from assistant.storage.sessions import SessionStore, check_name, kept, printable

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.planning.context import PlanningContext


class CheckinSessions:
    """Check-ins on the plan sessions of one home."""

    def __init__(
        self,
        settings: Settings,
        context: Callable[[], PlanningContext],
        store: SessionStore | None = None,
        who: str | None = None,
        locked: Callable[[str], AbstractContextManager[None]] | None = None,
    ) -> None:
        self.settings = settings
        self._context = context
        self.store = store if store is not None else SessionStore(settings.database_target)
        self.who = who if who is not None else self.store.actor
        # The plan sessions' lock, so a check-in turn and a planning turn in one process take turns on a plan.
        self._locked = locked if locked is not None else (lambda name: contextlib.nullcontext())

    def conversation(self, session: Session) -> CheckinConversation:
        return CheckinConversation(
            session,
            self._context,
            today=self.settings.current_date(),
            who=self.who,
            approaching_days=self.settings.approaching_days,
        )

    def _plan_session(self, name: str) -> str:
        name = check_name(name)
        if not self.store.exists(name):
            raise NotFoundError(
                f"There is no session named '{printable(name)[:80]}'; `cip-assistant plan list` shows the saved ones."
            )
        return name

    def open(self, name: str) -> tuple[Session, str]:
        """Start a check-in on the plan (or pick up the open one); its opening is saved as a turn."""
        name = self._plan_session(name)
        said: list[str] = []

        def step(session: Session) -> tuple[str | None, str] | None:
            _check_plan(session)
            text = self.conversation(session).start()
            said[:] = [text]
            last = session.transcript[-1] if session.transcript else None
            if last is not None and last.role == "assistant" and last.text == text:
                return None
            return None, text

        with self._locked(name):
            session = self.store.take_turn(name, step)
        return session, said[0]

    def turn(self, name: str, message: str) -> tuple[Session, CheckinReply]:
        """One answer, applied to the plan as stored and saved (message and reply) before anything is shown."""
        name = self._plan_session(name)
        replies: list[CheckinReply] = []

        def step(session: Session) -> tuple[str | None, str]:
            _check_plan(session)
            reply = self.conversation(session).reply(message)
            replies[:] = [reply]
            return kept(message.strip(), MAX_ANSWER_CHARS), reply.text

        with self._locked(name):
            session = self.store.take_turn(name, step)
        return session, replies[0]


def _check_plan(session: Session) -> None:
    if session.mode != "plan":
        raise InputError(f"'{session.id}' is a {session.mode} session; a check-in works on a plan session.")


__all__ = ["CheckinSessions"]
