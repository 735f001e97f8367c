"""What the web UI does, without the web: sessions, turns, table edits, exports, uploads and questions.

Every operation loads its session from SQLite and saves it before returning, so a reloaded page, a second tab or a
restarted server picks up exactly where the team left off; the browser only holds the session's name.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.app import Edit, PlanSessions
from assistant.config import Settings
from assistant.dialogue.plan_mode import PlanConversation, Reply, clean_input, driver_name
from assistant.errors import AssistantError, DocumentError, InputError
from assistant.knowledge.citations import source_title
from assistant.models import Action, ActionPlan, Answer, Driver, Passage, PassageKind, Session, Stage
from assistant.storage.sessions import SessionStore, SessionSummary

if TYPE_CHECKING:
    from assistant.llm import Backend
    from assistant.models import CoachGuide, ReflectionSet
    from assistant.planning.context import PlanningContext
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
READ_ONLY_COLUMNS = [COLUMNS.index(name) for name in COLUMNS if name not in EDITABLE_COLUMNS]
# Hints cite a best practice (or, for leadership, a behaviour); when two passages share a heading path, the
# one of the kind a hint would cite is the one the citation means.
_CITED_KINDS = (PassageKind.best_practice, PassageKind.leadership_behavior)
# How often a server looks whether the shared index changed (one small read of the manifest).
REFRESH_SECONDS = 2.0

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
    """How many equity checks the action meets and how many need attention, as "✓2 ⚠3"."""
    if not action.equity_checks:
        return "–"
    met = sum(1 for c in action.equity_checks if c.status == "met")
    attention = sum(1 for c in action.equity_checks if c.status == "needs_attention")
    return f"✓{met} ⚠{attention}"


def _cells(action: Action) -> dict[str, str]:
    return {
        "#": str(action.number),
        "Action": action.description,
        "Driver": driver_name(action.driver),
        "Owner": action.owner or "",
        "Due": action.due.isoformat() if action.due else "",
        "Recurrence": action.recurrence or "",
        "Equity": equity_badge(action),
        "Status": action.status.replace("_", " "),
    }


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
            if not _same(value, shown[column]):
                edits.append(Edit(action.number, field, value))
    return edits


def _place(passage: Passage) -> tuple[str, str]:
    return passage.section, source_title(passage.source)


class Workspace:
    """One per server: the retriever and planning context (model loaded once), the sessions database."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None, backend: Backend | None = None) -> None:
        from assistant.llm import get_backend

        self.settings = settings
        # The language model the settings name, if any (the same one `cip-assistant chat` uses); none by default.
        self.backend = backend if backend is not None else get_backend(settings)
        self.store = SessionStore(settings.database_target)
        self.sessions = PlanSessions(settings, lambda: self.context, self.backend, self.store)
        with contextlib.suppress(AssistantError):
            self.sessions.finish_deletions()  # deletions a crash cut short, before any plan is listed
        self._index_lock = threading.Lock()
        self._ready = threading.Event()
        self._ready.set()
        self._checked = 0.0
        self._install(retriever or _load_retriever(settings))

    def warm_up(self, on_ready: Callable[[], None] | None = None) -> threading.Thread:
        """Load the embedding model in the background; requests that need it wait until it is in.

        The page can be served in the meantime, and a team typing its plan's name rarely notices the wait.
        """
        self._ready.clear()

        def run() -> None:
            try:
                self._state[0].scored("coaching plan and data review", 1)
            except Exception:  # the first request will meet the same failure and report it
                pass
            finally:
                self._ready.set()
            if on_ready is not None:
                on_ready()

        thread = threading.Thread(target=run, name="warm-up", daemon=True)
        thread.start()
        return thread

    def wait_ready(self, timeout: float = 300.0) -> None:
        self._ready.wait(timeout)

    def _install(self, retriever: Retriever) -> None:
        from assistant.planning.context import PlanningContext

        places: dict[tuple[str, str], Passage] = {}
        for passage in retriever.passages_in_order:
            current = places.get(_place(passage))
            if current is None or (passage.kind in _CITED_KINDS and current.kind not in _CITED_KINDS):
                places[_place(passage)] = passage
        context = PlanningContext(retriever)
        # One assignment: a request running during a swap sees the old set or the new one, never a mix.
        self._state = (retriever, context, places)

    def _refresh(self) -> None:
        """Pick up documents another server (or `cip-assistant index`) added, looking at most every few seconds."""
        now = time.monotonic()
        if now - self._checked < REFRESH_SECONDS or not self._index_lock.acquire(blocking=False):
            return
        try:
            self._checked = now
            current = self._state[0]
            if current.stale():
                from assistant.retrieval.retriever import Retriever

                self._install(Retriever(self.settings, embedder=current.embedder))
        except AssistantError:
            pass  # the index is unreachable or being rebuilt: keep serving what is loaded and look again later
        finally:
            self._index_lock.release()

    @property
    def retriever(self) -> Retriever:
        self.wait_ready()
        self._refresh()
        return self._state[0]

    @property
    def context(self) -> PlanningContext:
        self.wait_ready()
        self._refresh()
        return self._state[1]

    def cited_passage(self, section: str, source: str) -> Passage | None:
        """The passage a "[section — source]" citation in a reply points at."""
        return self._state[2].get((section, source))

    def today(self) -> date:
        return self.settings.current_date()

    def _conversation(self, session: Session) -> PlanConversation:
        return self.sessions.conversation(session)

    def phrase(self, text: str, passage_ids: Sequence[str] = ()) -> Iterator[str] | None:
        """The saved reply reworded by the language model as it streams, or None when there is no model to do it.

        Only what is shown changes: the transcript keeps the reply as the assistant composed it.
        """
        if not self.backend.can_phrase:
            return None
        from assistant.llm import stream_reply

        passages = [p for p in (self.retriever.passage(pid) for pid in passage_ids) if p is not None]
        return stream_reply(self.backend, text, passages)

    def take_notice(self) -> str | None:
        """What the language model's guard wants the team told once (a fallback, a withheld detail), if anything."""
        return self.backend.take_notice()

    def hint_ids(self, session: Session) -> list[str]:
        """The passages behind the hint on screen, which a reworded reply may draw on."""
        ids = session.state.get("last_hint")
        return [str(pid) for pid in ids] if isinstance(ids, list) else []

    # ------------------------------------------------------------------------------------------ sessions

    def saved_plans(self) -> list[SessionSummary]:
        return [summary for summary in self.store.list() if summary.mode == "plan"]

    def suggested_name(self) -> str:
        return self.sessions.suggested_name()

    def start(self, name: str, initiative: str = "", stage: str | None = None, drivers: Sequence[str] = ()) -> Session:
        """A new plan session with its opening prompt saved as the first turn."""
        return self.sessions.start(name, initiative, stage, drivers)

    def load(self, name: str) -> Session:
        return self.sessions.load(name)

    def resume(self, name: str) -> Session:
        """The saved session, with a recap and the pending prompt added (once) as the latest turn."""
        return self.sessions.resume(name)

    def turn(self, name: str, message: str) -> tuple[Session, Reply]:
        """One chat turn: the team's message, the assistant's reply, both saved before anything is shown."""
        return self.sessions.turn(name, message)

    def edit(self, name: str, edit: Edit) -> tuple[Session, Reply]:
        """A table edit, applied and recorded as the `/edit` turn it stands for; a bad value changes nothing."""
        return self.sessions.edit(name, edit)

    def apply_table(self, name: str, rows: Sequence[Sequence[object]]) -> tuple[Session, list[Reply]]:
        """Every changed cell of the table, in order; stops at the first bad value (earlier ones are kept).

        The cells are compared with the plan as stored, so the same table sent twice is applied once.
        """
        return self.sessions.edits(name, lambda plan: table_edits(plan, rows))

    def export(self, name: str, fmt: str) -> Path:
        """The plan written to exports/<session>/<file>, the only folder the web server may serve files from."""
        return self.sessions.export(name, fmt)

    def export_for_download(self, name: str, fmt: str, cache: Path) -> Path:
        """The export, and a copy of it in the web server's cache under a folder of the session's own."""
        return self.sessions.export_for_download(name, fmt, cache)

    def delete(self, name: str, cache: Path | None = None) -> str | None:
        """Delete a plan for good: its conversation and plan, the exports made for it and their served copies.

        Once the plan is deleted it stays deleted: an export folder that cannot be removed is returned as a
        sentence to show.
        """
        return self.sessions.delete(name, cache)

    # ------------------------------------------------------------------------------------------ knowledge

    def add_documents(self, paths: Sequence[Path], progress: Progress | None = None) -> IndexReport:
        """Check, copy and index uploaded documents, then answer from the new index; a bad file changes nothing."""
        from assistant.knowledge.documents import read_document
        from assistant.retrieval.indexer import add_documents, build_index
        from assistant.retrieval.retriever import Retriever

        paths = [Path(p) for p in paths]
        if not paths:
            raise InputError("Choose one or more documents to add first (Markdown, text, Word or PDF).")
        report = progress or (lambda share, text: None)
        with self._index_lock:
            try:
                report(0.0, "Checking the documents")
                for path in paths:
                    read_document(path)
                add_documents(paths, self.settings)
                done = [0]

                def indexing(name: str) -> None:
                    done[0] += 1
                    report(min(0.9, 0.1 + 0.8 * (done[0] - 1) / len(paths)), f"Indexing {name}")

                result = build_index(self.settings, progress=indexing)
            except DocumentError as exc:
                raise DocumentError(_names_only(str(exc), paths)) from exc
            finally:
                # Added, the home keeps its own copy; refused, the team uploads it again once fixed.
                self.discard_uploads(paths)
            report(0.95, "Loading the new index")
            self._install(Retriever(self.settings, embedder=self.retriever.embedder))
        report(1.0, "Done")
        return result

    def discard_uploads(self, paths: Sequence[Path | str]) -> None:
        """Forget uploads in the web server's cache (added, refused, or taken off the page)."""
        discard_uploads(paths, gradio_cache(self.settings))

    def trim_web_cache(self, keep: Sequence[Path | str] = ()) -> list[Path]:
        """Keep the web server's cache under WEB_CACHE_LIMIT_BYTES, the newest uploads (`keep`) always kept."""
        return trim_cache(gradio_cache(self.settings), WEB_CACHE_LIMIT_BYTES, keep)

    def documents(self) -> list[str]:
        from assistant.retrieval.indexer import added_documents

        return [p.name for p in added_documents(self.settings)]

    def ask(self, question: str, driver: str | None = None) -> tuple[Answer, str | None]:
        """The answer with its citations, and the notice the team should see about it (or None)."""
        from assistant.knowledge.curated import resolve_driver
        from assistant.llm import guarded_answer
        from assistant.retrieval.retriever import check_query

        text = check_query(clean_input(question))
        drivers = {resolve_driver(driver)} if driver else None
        return guarded_answer(self.backend, self.retriever, text, drivers=drivers)

    # ------------------------------------------------------------------------------------------ coach prep, reflection

    def coach_guide(self, driver: str | None, stage: str | None = None, context: str | None = None) -> CoachGuide:
        from assistant.generators.coach import check_context, coach_guide

        driver_key, stage_key = _driver_and_stage(driver, stage, "the conversation is about")
        # An empty form field means "no context", which the generator takes as None.
        context = check_context(context) if context and context.strip() else None
        return coach_guide(self.retriever, driver_key, stage_key, context, today=self.today())

    def reflection(
        self,
        driver: str | None,
        stage: str | None = None,
        audience: str | None = None,
        n: int | None = None,
        seed: int | None = None,
    ) -> ReflectionSet:
        from assistant.generators.reflect import check_audience, check_n, load_phrasing, reflection_prompts

        driver_key, stage_key = _driver_and_stage(driver, stage, "the session is about")
        phrasing = load_phrasing()
        count = check_n(phrasing.limits.default_n if n is None else int(n), phrasing)
        audience = check_audience(audience) if audience and audience.strip() else None
        return reflection_prompts(self.retriever, driver_key, stage_key, audience, count, seed=seed)

    def export_guide(self, guide: CoachGuide | ReflectionSet, fmt: str, cache: Path | None = None) -> Path:
        """A coaching guide or a set of prompts as a Markdown or Word file, in a folder of its own under
        exports/guides, so two supervisors exporting at once never get each other's file.

        With `cache` (the web server's), a copy there is what is returned, for the browser to download. Guides older
        than `guide_hours` go, with their copies, whenever another is exported.
        """
        from assistant.export.guide import export_guide, export_prompts, format_for, new_export_folder, remove_guides
        from assistant.models import ReflectionSet

        remove_guides(self.settings, self.settings.guide_hours)
        folder = new_export_folder(self.settings.guides_dir)
        if isinstance(guide, ReflectionSet):
            name = f"reflection-{guide.driver.value}-{guide.stage.value if guide.stage else 'any'}-{guide.seed}"
            out = folder / f"{name}.{fmt}"
            path = export_prompts(guide, format_for(out, fmt), out, replace=True)
        else:
            out = folder / f"coach-prep-{guide.driver.value}-{guide.stage.value if guide.stage else 'any'}.{fmt}"
            path = export_guide(guide, format_for(out, fmt), out, replace=True)
        if cache is None:
            return path
        served = cache / "guides" / folder.name
        served.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = served / path.name
        # Written aside and renamed, so a browser never downloads half a file.
        partial = served / f".{path.name}.partial"
        partial.write_bytes(path.read_bytes())
        partial.replace(target)
        return target


def _driver_and_stage(driver: str | None, stage: str | None, about: str) -> tuple[Driver, Stage | None]:
    from assistant.knowledge.curated import resolve_driver, resolve_stage

    if not driver:
        raise InputError(f"Choose the driver {about}.")
    return resolve_driver(driver), resolve_stage(stage) if stage else None


def _names_only(message: str, paths: Sequence[Path]) -> str:
    # Uploads sit in a temporary folder the team never chose; the file's own name is what they recognise.
    for path in paths:
        message = message.replace(str(path), path.name)
    return message


def _load_retriever(settings: Settings) -> Retriever:
    """The retriever over the index in this home, building the index first when there is none."""
    from assistant.retrieval.indexer import build_index, index_exists
    from assistant.retrieval.retriever import Retriever

    if not index_exists(settings):
        build_index(settings)
    return Retriever(settings)
