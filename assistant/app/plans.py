"""What the assistant does with a team's plan, the same from the command line and the web UI.

Starting, resuming, a turn, a table edit, an export and a delete each read the session as stored, apply one step
and save it onto the version that was read. Two windows (or a terminal and a browser, or two servers) on one plan
therefore each add their work: a turn that meets another client's save is taken again on the plan as it now
stands, and the team is told. Nothing here knows about terminals or HTML.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.app.school_calendar import check_school_calendar
from assistant.dialogue.events import Reply, notice
from assistant.dialogue.plan_mode import MAX_ANSWER_CHARS, PlanConversation
from assistant.dialogue.session import Session
from assistant.errors import InputError, NotFoundError, StoreError
from assistant.export import folder_name, remove_folders, remove_stale_temporaries
from assistant.knowledge.text import clean_input
from assistant.models import ActionPlan
from assistant.planning import operations
from assistant.storage.sessions import Said, SessionStore, SessionSummary, check_name, kept, printable

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.llm import Backend
    from assistant.planning.context import PlanningContext
    from assistant.planning.status import DueItem

CHANGED_ELSEWHERE = (
    "Note: this plan was changed from another window since your last message; your message was added to the "
    "plan as it stands now (/plan shows it)."
)


@dataclass(frozen=True)
class Edit:
    """One field of one action set to a value (a cell of the plan table).

    It is applied as a plan operation, never typed into the chat; the transcript records it as the line
    `/edit N FIELD VALUE` so a team reading the conversation sees what changed.
    """

    number: int
    field: str
    value: str

    @property
    def command(self) -> str:
        return f"/edit {self.number} {self.field} {self.value}".rstrip()


class PlanSessions:
    """The planning sessions of one home: one per process, shared by every team the process serves."""

    def __init__(
        self,
        settings: Settings,
        context: Callable[[], PlanningContext],
        backend: Backend | None = None,
        store: SessionStore | None = None,
    ) -> None:
        from assistant.llm import NoneBackend

        self.settings = settings
        self._context = context
        self.backend: Backend = backend if backend is not None else NoneBackend()
        self.store = store if store is not None else SessionStore(settings.database_target)
        self._guard = threading.Lock()
        self._session_locks: dict[str, threading.RLock] = {}
        self._calendar_warning: str | None = None

    def today(self) -> date:
        return self.settings.current_date()

    @contextlib.contextmanager
    def locked(self, name: str) -> Iterator[None]:
        # Within one process two tabs on a session take turns; across processes the version check does it.
        with self._guard:
            lock = self._session_locks.setdefault(name, threading.RLock())
        with lock:
            yield

    def conversation(self, session: Session) -> PlanConversation:
        # Checked before the conversation reads a date: a bad calendar file is told once, with the next reply, and
        # the US dates apply rather than refusing every answer.
        warning = check_school_calendar()
        if warning:
            self._calendar_warning = warning
        return PlanConversation(session, self._context(), today=self.today(), backend=self.backend)

    # ------------------------------------------------------------------------------------------ sessions

    def suggested_name(self) -> str:
        base = f"plan-{self.today().isoformat()}"
        name, n = base, 2
        while self.store.exists(name):
            name, n = f"{base}-{n}", n + 1
        return name

    def start(
        self,
        name: str,
        initiative: str = "",
        stage: str | None = None,
        drivers: Sequence[str] = (),
        *,
        school: str = "",
        team: str = "",
        ask_school: bool = False,
    ) -> Session:
        """A new plan session with its opening prompt saved as the first turn.

        With `ask_school`, a session given its initiative, drivers and stage still asks once for the school and
        team (unless they are given too), before the guiding questions; otherwise it opens on the first question.
        """
        from assistant.knowledge.curated import resolve_driver, resolve_stage

        name = check_name(name or self.suggested_name())
        stage_key = resolve_stage(stage) if stage else None
        driver_keys = list(dict.fromkeys(resolve_driver(d) for d in drivers))
        plan = ActionPlan(
            name=name,
            initiative=clean_input(initiative)[:300],
            school=clean_input(school)[:200],
            team=clean_input(team)[:200],
            stage=stage_key,
            drivers=driver_keys,
        )
        with self.locked(name):
            session = self.store.create(name, "plan", plan)
            conversation = self.conversation(session)
            conversation.state.ask_school = ask_school and not (plan.school or plan.team)
            opening = conversation.opening()
            self.store.save_turn(session, None, opening.text, opening.events)
        return session

    def exists(self, name: str) -> bool:
        return self.store.exists(check_name(name))

    def load(self, name: str) -> Session:
        return _plan(self.store.load(check_name(name)))

    def plan(self, name: str) -> ActionPlan:
        """The saved plan of session `name`."""
        return self.load(name).plan

    def saved(self) -> list[SessionSummary]:
        """The saved plan sessions, most recent first (a damaged one is listed, marked as such)."""
        return [row for row in self.store.list() if row.mode == "plan"]

    def plans(self, name: str | None = None) -> list[ActionPlan]:
        """The plan of session `name`, or every saved plan that can be read (a damaged one is left out)."""
        if name is not None:
            return [self.plan(name)]
        plans = []
        for row in self.saved():
            if row.damaged:
                continue
            try:
                plans.append(self.store.load(row.name).plan)
            except StoreError:
                continue  # a session damaged or deleted since the list was read: the others still count
        return plans

    def coming_due(self, within: int, name: str | None = None) -> list[DueItem]:
        """What is overdue or comes due in the next `within` days, in the plan `name` or across the saved plans."""
        from assistant.planning.status import coming_due

        return coming_due(self.plans(name), self.today(), within, self.settings.approaching_days)

    def resume(self, name: str) -> Session:
        """The saved session, with a recap and the pending prompt added (once) as the latest turn."""

        def step(session: Session) -> Said | None:
            opening = self.conversation(_plan(session)).opening()
            last = session.transcript[-1] if session.transcript else None
            # Reloading a page should not pile up identical welcomes in the transcript.
            if last is not None and last.role == "assistant" and last.text == opening.text:
                return None
            return None, opening.text, opening.events

        with self.locked(name):
            return self.store.take_turn(check_name(name), step)

    def turn(self, name: str, message: str, seen: int | None = None) -> tuple[Session, Reply]:
        """One chat turn on the plan as stored: the message and the reply, both saved before anything is shown.

        `seen` is the version the team last saw; when another window saved since, the reply says so first.
        """
        replies: list[Reply] = []

        def step(session: Session) -> Said:
            reply = self.conversation(_plan(session)).reply(message)
            if seen is not None and session.version != seen:
                reply = Reply.of(notice("changed_elsewhere", CHANGED_ELSEWHERE), *reply.events, done=reply.done)
            if self._calendar_warning:
                told = notice("school_calendar", self._calendar_warning, "error")
                reply = Reply.of(told, *reply.events, done=reply.done)
            replies[:] = [reply]
            return kept(clean_input(message), MAX_ANSWER_CHARS), reply.text, reply.events

        with self.locked(name):
            session = self.store.take_turn(check_name(name), step)
        if any(getattr(event, "code", None) == "school_calendar" for event in replies[0].events):
            self._calendar_warning = None
        return session, replies[0]

    def edit(self, name: str, edit: Edit) -> tuple[Session, Reply]:
        """A field edit, applied as a plan operation and recorded as a readable turn; a bad value changes nothing."""
        session, replies = self.edits(name, lambda plan: [edit], skip_unchanged=False)
        return session, replies[0]

    def edits(
        self, name: str, changes: Callable[[ActionPlan], Sequence[Edit]], skip_unchanged: bool = True
    ) -> tuple[Session, list[Reply]]:
        """The edits `changes` finds against the plan as stored, in order; stops at the first bad value.

        An edit that would change nothing (a date typed another way) is skipped, so the same table sent twice is
        applied once. Each edit is its own saved turn: the earlier ones are kept when a later one is refused.
        """
        with self.locked(name):
            session = self.load(name)
            replies: list[Reply] = []
            for change in changes(session.plan):
                session, reply = self._edit_turn(session.id, change, skip_unchanged)
                if reply is not None:
                    replies.append(reply)
        return session, replies

    def _edit_turn(self, name: str, change: Edit, skip_unchanged: bool) -> tuple[Session, Reply | None]:
        replies: list[Reply] = []

        def step(session: Session) -> Said | None:
            reply = self._apply(session, change, skip_unchanged)
            if reply is None:
                return None
            replies[:] = [reply]
            return change.command, reply.text, reply.events

        session = self.store.take_turn(name, step)
        return session, replies[0] if replies else None

    def _apply(self, session: Session, edit: Edit, skip_unchanged: bool) -> Reply | None:
        conversation = self.conversation(_plan(session))
        value = clean_input(edit.value)
        changes = operations.would_change(
            session.plan, edit.number, edit.field, value, conversation.today, conversation.year
        )
        if skip_unchanged and not changes:
            return None
        return conversation.edit(edit.number, edit.field, value)

    # ------------------------------------------------------------------------------------------ exports, delete

    def rendered(self, name: str, fmt: str) -> bytes:
        """The plan in an export format, to show rather than to save."""
        from assistant.export import normalize_format, render

        fmt = normalize_format(fmt)
        return render(self.plan(name), fmt)

    def export(self, name: str, fmt: str) -> Path:
        """The plan written to exports/<session>/<file>, the folder the app keeps its own exports in."""
        from assistant.export import default_filename, export_plan, normalize_format

        fmt = normalize_format(fmt)
        with self.locked(name):
            session = self.load(name)
            folder = self.export_folder(session.id)
            folder.mkdir(parents=True, exist_ok=True)
            return export_plan(session.plan, fmt, folder / default_filename(session.plan, fmt), replace=True)

    def export_to(self, name: str, fmt: str, out: Path, replace: bool = False) -> Path:
        """The plan written to a file of the user's choosing; a place it must not go is refused before the session
        is read, and an existing file is kept unless `replace`."""
        from assistant.export import check_target, export_plan, normalize_format

        fmt = normalize_format(fmt)
        check_target(out, replace=replace)
        with self.locked(name):
            return export_plan(self.plan(name), fmt, out, replace=replace)

    def export_folder(self, name: str) -> Path:
        return contained(self.settings.exports_dir, name)

    def export_for_download(self, name: str, fmt: str, web_cache: Path) -> Path:
        """The export, and a copy of it in the web server's cache under a folder of the session's own.

        A web server would otherwise copy it to a folder named by its content, which a deleted session could not
        find.
        """
        import hashlib

        with self.locked(name):
            path = self.export(name, fmt)
            data = path.read_bytes()
            folder = self.served_folder(web_cache, path.parent.name) / hashlib.sha256(data).hexdigest()[:32]
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / path.name
            if not target.is_file():
                # Written aside and renamed, so a browser never downloads half a file.
                partial = folder / f".{path.name}.partial"
                partial.write_bytes(data)
                partial.replace(target)
        return target

    @staticmethod
    def served_folder(web_cache: Path, name: str) -> Path:
        """Where a web server whose cache is `web_cache` keeps the copies of the session's exports it served."""
        return contained(web_cache / "exports", name)

    def check_deletable(self, name: str, any_mode: bool = False) -> None:
        """Report a session that is missing (or, unless `any_mode`, not a plan) before anything is removed.

        A saved session that is damaged can still be deleted: deleting is the way out of it. So can one whose
        deletion was cut short: deleting it again finishes the job.
        """
        if not self.store.exists(name):
            raise NotFoundError(
                f"There is no session named '{printable(name)[:80]}'; `cip-assistant plan list` shows the saved ones."
            )
        if self.store.is_deleting(name):
            return
        try:
            session = self.store.load(name)
        except StoreError:
            return
        if not any_mode:
            _plan(session)

    def delete(self, name: str, web_cache: Path | None = None, any_mode: bool = False) -> str | None:
        """Delete a session for good: its conversation and plan, the exports made for it and their served copies.

        The session is first marked as being deleted (hidden, and refused if opened), then its files are removed,
        then its row; a deletion cut short at any point is finished by the next `delete` or `finish_deletions`.
        `web_cache` is the web server's cache (default: the one in the home that `cip-assistant ui` uses). Export
        folders that cannot be removed come back as a sentence to show; the session stays hidden until they go.
        """
        with self.locked(name):
            self.check_deletable(name, any_mode)
            self.store.mark_deleting(name)
            left = self._finish_delete(name, web_cache)
        with self._guard:
            self._session_locks.pop(name, None)
        return left

    def finish_deletions(self, web_cache: Path | None = None) -> list[str]:
        """Finish the deletions that were cut short and remove what killed exports left; returns the names done.

        A deletion that cannot be finished now (a read-only home, a folder that cannot be removed) waits for the
        next time: the session stays hidden meanwhile, and `delete` on it says what is in the way.
        """
        remove_stale_temporaries(self.settings.exports_dir)
        done = []
        for name in self.store.deleting():
            with self.locked(name), contextlib.suppress(StoreError):
                if self._finish_delete(name, web_cache) is None:
                    done.append(name)
        return done

    def _finish_delete(self, name: str, web_cache: Path | None) -> str | None:
        web_cache = web_cache if web_cache is not None else self.settings.web_cache_dir
        try:
            folders = [self.export_folder(name), self.served_folder(web_cache, name)]
        except InputError:
            folders = []  # a name the app could not have made an export folder for has none
        left = remove_folders(folders)
        if left is None:
            with contextlib.suppress(NotFoundError):  # another process finished the same deletion first
                self.store.delete(name)
        return left


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def check_mode(session: Session, mode: str = "plan") -> Session:
    """The session, when it is of `mode`; one sentence saying how to open it otherwise."""
    if session.mode != mode:
        kind = "a plan" if mode == "plan" else f"{_a(mode)} session"
        raise InputError(
            f"'{session.id}' is {_a(session.mode)} session, not {kind}; open it in {session.mode} mode "
            f"(--mode {session.mode})."
        )
    return session


def _plan(session: Session) -> Session:
    return check_mode(session, "plan")


def contained(root: Path, name: str) -> Path:
    """The folder of session `name` directly inside `root`; a name that would point anywhere else is refused."""
    base = root.resolve()
    folder = (base / folder_name(check_name(name))).resolve()
    if folder.parent != base:
        raise InputError(f"'{name}' cannot name an export folder; rename the session.")
    return folder


__all__ = ["CHANGED_ELSEWHERE", "Edit", "PlanSessions", "check_mode", "contained"]
