"""What the web UI does, without the web: sessions, turns, table edits, exports, uploads and questions.

Every operation loads its session from SQLite and saves it before returning, so a reloaded page, a second tab or a
restarted server picks up exactly where the team left off; the browser only holds the session's name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.app import Assistant, Edit
from assistant.app.school_calendar import UnusableCalendar, check_school_calendar, unusable_calendar
from assistant.config import Settings
from assistant.dialogue.events import Reply
from assistant.dialogue.session import Session
from assistant.errors import AssistantError, InputError
from assistant.knowledge.curated import driver_name
from assistant.models import Action, ActionPlan, Passage

if TYPE_CHECKING:
    from assistant.llm import Backend
    from assistant.retrieval.indexer import IndexReport
    from assistant.retrieval.retriever import Retriever

COLUMNS = ("#", "Action", "Driver", "Owner", "Due", "Recurrence", "Equity", "Status")
# Table column → the action field that `/edit N FIELD VALUE` changes; the others are computed and read-only.
EDITABLE_COLUMNS = {
    "Action": "description",
    "Owner": "owner",
    "Due": "due",
    "Recurrence": "recurrence",
    "Status": "status",
}
# Each column as wide as its longest usual word at the table's font ("Administration", "approaching", a date, the
# "Recurrence" heading), padding and lock icon included, so no word is cut between lines; the actions' own words get
# a share of the pane. They add up to the plan pane's width at 1280 px, so a laptop shows every column; where the pane
# is narrower (a tablet) the table scrolls sideways inside its own box, never the page.
COLUMN_WIDTHS: list[str | int] = ["40px", "18%", "120px", "100px", "100px", "108px", "88px", "106px"]
READ_ONLY_COLUMNS = [COLUMNS.index(name) for name in COLUMNS if name not in EDITABLE_COLUMNS]

log = logging.getLogger("cip_assistant.ui")

Progress = Callable[[float, str], None]
# Gradio copies every file it serves or receives into this folder; kept in the home, it can be cleaned.
GRADIO_CACHE_ENV = "GRADIO_TEMP_DIR"


def gradio_cache(settings: Settings) -> Path:
    """Where the web server keeps uploads and the copies of exports it hands to browsers: inside the home."""
    return settings.web_cache_dir.resolve()


def keep_gradio_cache_in_home(settings: Settings) -> Path:
    """Point Gradio's cache at the home (before the app is built: components read it when they are made).

    The default, /tmp/gradio, is shared by every user of the machine and outlives a deleted plan.
    """
    folder = gradio_cache(settings)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ[GRADIO_CACHE_ENV] = str(folder)
    return folder


# The most the web server's cache may hold: uploads waiting to be added and copies of exports handed to browsers.
# Past it the oldest files go first, so uploads nobody adds cannot fill the disk while they wait for Gradio's
# daily clean-up. Five documents of the largest size accepted fit.
WEB_CACHE_LIMIT_BYTES = 100 * 1024 * 1024


def discard_uploads(paths: Sequence[Path | str], cache: Path) -> None:
    """Delete the cache's copies of uploaded files, and the folder Gradio made for each; nothing outside the cache."""
    root = cache.resolve()
    for path in paths:
        target = Path(path)
        if target.is_symlink() or root not in target.resolve().parents:
            continue
        target.unlink(missing_ok=True)
        _remove_empty_folders(target.resolve().parent, root)


def trim_cache(cache: Path, limit: int = WEB_CACHE_LIMIT_BYTES, keep: Sequence[Path | str] = ()) -> list[Path]:
    """Delete the cache's oldest files until it holds at most `limit` bytes; returns the files deleted.

    The files in `keep` (the uploads of the request at hand) stay even when they alone pass the limit.
    """
    root = cache.resolve()
    if not root.is_dir():
        return []
    kept = {Path(p).resolve() for p in keep}
    files = []
    for path in root.rglob("*"):
        with contextlib.suppress(OSError):
            info = path.lstat()
            if path.is_file() and not path.is_symlink():
                files.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in files)
    deleted = []
    for _, size, path in sorted(files):
        if total <= limit:
            break
        if path in kept:
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            deleted.append(path)
        total -= size
        _remove_empty_folders(path.parent, root)
    return deleted


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            return
        folder = folder.parent


def equity_badge(action: Action) -> str:
    """The action's equity checks in words: "2 to look at", "all met", or "not checked yet"."""
    if not action.equity_checks:
        return "not checked yet"
    attention = sum(1 for c in action.equity_checks if c.status == "needs_attention")
    if attention:
        return f"{attention} to look at"
    if any(c.status == "met" for c in action.equity_checks):
        return "all met"
    return "none apply"


def _cells(action: Action) -> dict[str, str]:
    return {
        "#": str(action.number),
        "Action": action.description,
        "Driver": driver_name(action.driver),
        "Owner": action.owner or "",
        "Due": action.due.isoformat() if action.due else "",
        "Recurrence": action.recurrence or "",
        "Equity": equity_badge(action),
        "Status": _status_cell(action),
    }


def _status_cell(action: Action) -> str:
    """The status the team set, and where the action stands by its dates today: "planned, overdue"."""
    from assistant.export.content import standing

    where = standing(action)
    status = action.status.replace("_", " ")
    return f"{status}, {where}" if where else status


def plan_rows(plan: ActionPlan) -> list[list[str]]:
    """The plan as the rows of the editable table, in COLUMNS order."""
    return [[_cells(action)[column] for column in COLUMNS] for action in plan.actions]


def _text(value: object) -> str:
    # An emptied cell can come back as None or a float NaN.
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def table_edits(plan: ActionPlan, rows: Sequence[Sequence[object]]) -> list[Edit]:
    """The cells that differ from the plan, as edits; added rows and read-only columns are ignored."""
    by_number = {action.number: action for action in plan.actions}
    edits = []
    for position, row in enumerate(rows, start=1):
        # Rows are matched by their number, so a table the team sorted still edits the right action.
        number = _text(row[0]) if row else ""
        action = by_number.get(int(number)) if number.isdecimal() else by_number.get(position)
        if action is None:
            continue
        shown = _cells(action)
        for column, field in EDITABLE_COLUMNS.items():
            index = COLUMNS.index(column)
            value = _text(row[index]) if index < len(row) else shown[column]
            if column == "Status" and not _same(value, shown[column]):
                # Where the action stands is worked out from its dates; only the status the team sets is edited.
                value = value.split(",")[0].strip()
                if _same(value, action.status.replace("_", " ")):
                    continue
            if not _same(value, shown[column]):
                edits.append(Edit(action.number, field, value))
    return edits


# The lists of an action shown one item a line under the table, where the table has no room for them.
DETAIL_FIELDS = ("resources", "measures")


def _chosen(plan: ActionPlan, number: object) -> Action:
    text = _text(number)
    found = next((a for a in plan.actions if str(a.number) == text), None)
    if found is None:
        raise InputError("Choose the action to change from the list under the table first.")
    return found


def action_details(plan: ActionPlan, number: object) -> dict[str, str]:
    """An action's resources and measures, one item a line, as the form under the table shows them."""
    action = _chosen(plan, number)
    return {field: "\n".join(getattr(action, field)) for field in DETAIL_FIELDS}


def detail_edits(plan: ActionPlan, number: object, details: dict[str, str | None]) -> list[Edit]:
    """The lists of the form that differ from the action, as edits (one item a line, or separated by ";")."""
    action = _chosen(plan, number)
    edits = []
    for field in DETAIL_FIELDS:
        if field not in details:
            continue
        items = [part.strip() for part in re.split(r";|\n", details[field] or "") if part.strip()]
        if items != getattr(action, field):
            # The transcript records it as `/edit N measures a; b`, the way a team would type it in the chat.
            edits.append(Edit(action.number, field, "; ".join(items)))
    return edits


class Workspace(Assistant):
    """One per server: the assistant of the home, plus what only a web server has (its cache, the plan table).

    The index is loaded when the server starts (in the background with `warm_up`), not on the first request.
    """

    def __init__(self, settings: Settings, retriever: Retriever | None = None, backend: Backend | None = None) -> None:
        super().__init__(settings, retriever, backend)
        # A calendar file that is already unusable when the server starts is told on the page where teams plan:
        # the server's console reaches no team. Told there, it is not told again in a reply; a file that goes bad
        # later is told in the next reply, as in the terminal.
        self.calendar_at_start: UnusableCalendar | None = unusable_calendar()
        untold = check_school_calendar()
        if untold:
            log.warning("%s", untold)
        with contextlib.suppress(AssistantError):
            self.sessions.finish_deletions()  # deletions a crash cut short, before any plan is listed
        if retriever is None:
            self._loaded()

    def calendar_notice(self) -> str | None:
        """The sentence about a calendar file that was unusable when the server started, while it still is."""
        found = self.calendar_at_start
        return found.sentence if found is not None and found.current() else None

    def cited_passage(self, passage_id: str) -> Passage | None:
        """The passage a citation names (None once it has left the index)."""
        state = self._state
        return state[0].passage(passage_id) if state is not None else None

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

        With `ask_school` and neither a school nor a team given, the conversation asks for them once (skippably)
        before the guiding questions, as the terminal chat does.
        """
        return self.sessions.start(name, initiative, stage, drivers, school=school, team=team, ask_school=ask_school)

    def load(self, name: str) -> Session:
        return self.sessions.load(name)

    def resume(self, name: str) -> Session:
        """The saved session, with a recap and the pending prompt added (once) as the latest turn."""
        return self.sessions.resume(name)

    def turn(self, name: str, message: str) -> tuple[Session, Reply]:
        """One chat turn: the team's message, the assistant's reply, both saved before anything is shown."""
        return self.sessions.turn(name, message)

    def edit(self, name: str, edit: Edit) -> tuple[Session, Reply]:
        """A table edit, applied as a plan operation and recorded as a readable turn; a bad value changes nothing."""
        return self.sessions.edit(name, edit)

    def apply_table(self, name: str, rows: Sequence[Sequence[object]]) -> tuple[Session, list[Reply]]:
        """Every changed cell of the table, in order; stops at the first bad value (earlier ones are kept).

        The cells are compared with the plan as stored, so the same table sent twice is applied once.
        """
        return self.sessions.edits(name, lambda plan: table_edits(plan, rows))

    def save_details(self, name: str, number: object, details: dict[str, str | None]) -> tuple[Session, list[Reply]]:
        """The resources and measures of one action as the form under the table holds them; unchanged ones skipped."""
        return self.sessions.edits(name, lambda plan: detail_edits(plan, number, details))

    def export(self, name: str, fmt: str) -> Path:
        """The plan written to exports/<session>/<file>, the only folder the web server may serve files from."""
        return self.sessions.export(name, fmt)

    def export_for_download(self, name: str, fmt: str, cache: Path) -> Path:
        """The export, and a copy of it in the web server's cache under a folder of the session's own."""
        return self.sessions.export_for_download(name, fmt, cache)

    def delete(self, name: str, cache: Path | None = None) -> str | None:
        """Delete a plan for good: its conversation and plan, the exports made for it and their served copies."""
        return self.sessions.delete(name, cache)

    def add_documents(self, paths: Sequence[Path], progress: Progress | None = None) -> IndexReport:
        """Check, copy and index uploaded documents; the uploads leave the web server's cache either way."""
        try:
            return super().add_documents(paths, progress)
        finally:
            # Added, the home keeps its own copy; refused, the team uploads it again once fixed.
            self.discard_uploads(paths)

    def discard_uploads(self, paths: Sequence[Path | str]) -> None:
        """Forget uploads in the web server's cache (added, refused, or taken off the page)."""
        discard_uploads(paths, gradio_cache(self.settings))

    def trim_web_cache(self, keep: Sequence[Path | str] = ()) -> list[Path]:
        """Keep the web server's cache under WEB_CACHE_LIMIT_BYTES, the newest uploads (`keep`) always kept."""
        return trim_cache(gradio_cache(self.settings), WEB_CACHE_LIMIT_BYTES, keep)
