"""The application layer: what the assistant does for a team, the same from the command line and the web UI.

`Assistant` holds one home's settings, language model, index and sessions; `PlanSessions` the planning sessions
(start, resume, a turn, an edit, an export, a delete, each under the session's lock); `CheckinSessions` the
check-ins on a saved plan; `GuideSessions` the saved coach and reflect chats; `AskSessions` the saved Ask
conversations. The CLI and the UI are loops over these: they hold no rules of their own, and both give the same
errors. Nothing here knows about terminals or HTML.
"""

from __future__ import annotations

from assistant.app.ask import AskSessions
from assistant.app.assistant import Assistant, GuideSessions
from assistant.app.checkins import CheckinSessions
from assistant.app.plans import CHANGED_ELSEWHERE, Edit, PlanSessions, check_mode, contained

__all__ = [
    "CHANGED_ELSEWHERE",
    "AskSessions",
    "Assistant",
    "CheckinSessions",
    "Edit",
    "GuideSessions",
    "PlanSessions",
    "check_mode",
    "contained",
]
