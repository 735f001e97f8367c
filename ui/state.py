"""What the web UI does, without the web: sessions, turns, table edits, exports, uploads and questions.

Every operation loads its session from SQLite and saves it before returning, so a reloaded page, a second tab or a
restarted server picks up exactly where the team left off; the browser only holds the session's name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.dialogue.plan_mode import PlanConversation, Reply, clean_input, driver_name, set_field
from assistant.errors import AssistantError, DocumentError, InputError
from assistant.export import folder_name, remove_folders
from assistant.models import Action, ActionPlan, Answer, Driver, Passage, PassageKind, Session, Stage
from assistant.storage.sessions import SessionStore, SessionSummary, check_name

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
    return (settings.cache_dir / "gradio").resolve()


def keep_gradio_cache_in_home(settings: Settings) -> Path:
    """Point Gradio's cache at the home (before the app is built: components read it when they are made).

    The default, /tmp/gradio, is shared by every user of the machine and outlives a deleted plan.
    """
    folder = gradio_cache(settings)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ[GRADIO_CACHE_ENV] = str(folder)
    return folder


@dataclass(frozen=True)
class Edit:
    """One cell the team changed in the plan table."""

    number: int
    field: str
    value: str

    @property
    def command(self) -> str:
        return f"/edit {self.number} {self.field} {self.value}".rstrip()


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
    return passage.section, passage.source


class Workspace:
    """One per server: the retriever and planning context (model loaded once), the sessions database."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None, backend: Backend | None = None) -> None:
        from assistant.llm import get_backend

        self.settings = settings
        # The language model the settings name, if any (the same one `cip-assistant chat` uses); none by default.
        self.backend = backend if backend is not None else get_backend(settings)
        self.store = SessionStore(settings.database_target)
        self._guard = threading.Lock()
        self._session_locks: dict[str, threading.Lock] = {}
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

    @contextlib.contextmanager
    def _locked(self, name: str) -> Iterator[None]:
        # Two tabs on one session take turns, so neither overwrites the other's turn.
        with self._guard:
            lock = self._session_locks.setdefault(name, threading.Lock())
        with lock:
            yield

    def _conversation(self, session: Session) -> PlanConversation:
        return PlanConversation(session, self.context, today=self.today(), backend=self.backend)

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
        base = f"plan-{self.today().isoformat()}"
        name, n = base, 2
        while self.store.exists(name):
            name, n = f"{base}-{n}", n + 1
        return name

    def start(self, name: str, initiative: str = "", stage: str | None = None, drivers: Sequence[str] = ()) -> Session:
        """A new plan session with its opening prompt saved as the first turn."""
        from assistant.knowledge.curated import resolve_driver, resolve_stage

        name = check_name(name or self.suggested_name())
        stage_key = resolve_stage(stage) if stage else None
        driver_keys = list(dict.fromkeys(resolve_driver(d) for d in drivers))
        plan = ActionPlan(name=name, initiative=clean_input(initiative)[:300], stage=stage_key, drivers=driver_keys)
        with self._locked(name):
            session = self.store.create(name, "plan", plan, {})
            opening = self._conversation(session).start()
            self.store.save_turn(session, None, opening)
        return session

    def load(self, name: str) -> Session:
        session = self.store.load(check_name(name))
        if session.mode != "plan":
            raise InputError(f"'{name}' is a {session.mode} session, not a plan; choose a plan to resume.")
        return session

    def resume(self, name: str) -> Session:
        """The saved session, with a recap and the pending prompt added (once) as the latest turn."""
        with self._locked(name):
            session = self.load(name)
            text = self._conversation(session).start()
            last = session.transcript[-1] if session.transcript else None
            # Reloading the page should not pile up identical welcomes in the transcript.
            if last is None or last.role != "assistant" or last.text != text:
                self.store.save_turn(session, None, text)
        return session

    def turn(self, name: str, message: str) -> tuple[Session, Reply]:
        """One chat turn: the team's message, the assistant's reply, both saved before anything is shown."""
        with self._locked(name):
            session = self.load(name)
            reply = self._conversation(session).reply(message)
            self.store.save_turn(session, message, reply.text)
        return session, reply

    def edit(self, name: str, edit: Edit) -> tuple[Session, Reply]:
        """A table edit, applied and recorded as the `/edit` turn it stands for; a bad value changes nothing."""
        with self._locked(name):
            session = self.load(name)
            reply = self._apply(session, edit)
        assert reply is not None
        return session, reply

    def apply_table(self, name: str, rows: Sequence[Sequence[object]]) -> tuple[Session, list[Reply]]:
        """Every changed cell of the table, in order; stops at the first bad value (earlier ones are kept).

        The comparison and the edits happen under the session's lock, so the same table sent twice is applied once.
        """
        with self._locked(name):
            session = self.load(name)
            replies = []
            for change in table_edits(session.plan, rows):
                reply = self._apply(session, change, skip_unchanged=True)
                if reply is not None:
                    replies.append(reply)
        return session, replies

    def _apply(self, session: Session, edit: Edit, skip_unchanged: bool = False) -> Reply | None:
        conversation = self._conversation(session)
        actions = session.plan.actions
        if not 1 <= edit.number <= len(actions):
            raise InputError(f"There is no action {edit.number}; the plan has {len(actions)}.")
        # Try it on a copy first: the conversation reports a bad value as text, the table needs to know.
        current = actions[edit.number - 1]
        trial = current.model_copy(deep=True)
        set_field(trial, edit.field, edit.value, conversation.today, conversation.year)
        if skip_unchanged and trial == current:
            # A cell typed differently but read the same ("Jan 29, 2027" for 2027-01-29) changes nothing.
            return None
        reply = conversation.reply(edit.command)
        self.store.save_turn(session, edit.command, reply.text)
        return reply

    # ------------------------------------------------------------------------------------------ exports

    def export(self, name: str, fmt: str) -> Path:
        """The plan written to exports/<session>/<file>, the only folder the web server may serve files from."""
        with self._locked(name):
            return self._export(name, fmt)

    def export_for_download(self, name: str, fmt: str, cache: Path) -> Path:
        """The export, and a copy of it in the web server's cache under a folder of the session's own.

        Gradio would otherwise copy it to a folder named by its content, which a deleted session could not find.
        """
        with self._locked(name):
            path = self._export(name, fmt)
            data = path.read_bytes()
            folder = _cache_folder(cache, path.parent.name) / hashlib.sha256(data).hexdigest()[:32]
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / path.name
            if not target.is_file():
                # Written aside and renamed, so a browser never downloads half a file.
                partial = folder / f".{path.name}.partial"
                partial.write_bytes(data)
                partial.replace(target)
        return target

    def _export(self, name: str, fmt: str) -> Path:
        from assistant.export import default_filename, export_plan, normalize_format

        fmt = normalize_format(fmt)
        session = self.load(name)
        folder = self._export_folder(session.id)
        folder.mkdir(parents=True, exist_ok=True)
        return export_plan(session.plan, fmt, folder / default_filename(session.plan, fmt))

    def _export_folder(self, name: str) -> Path:
        return _session_folder(self.settings.exports_dir, name)

    def delete(self, name: str, cache: Path | None = None) -> str | None:
        """Delete a plan for good: its conversation and plan, the exports made for it and their served copies.

        The session's lock goes too, so nothing of the session stays behind in this process. Once the plan is
        deleted it stays deleted: an export folder that cannot be removed is returned as a sentence to show.
        """
        name = check_name(name)
        with self._locked(name):
            self.load(name)  # a missing session, or one that is not a plan, is reported before anything is removed
            folders = [self._export_folder(name)]
            if cache is not None:
                folders.append(_cache_folder(cache, name))
            self.store.delete(name)
            left = remove_folders(folders)
        with self._guard:
            self._session_locks.pop(name, None)
        return left

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
            report(0.95, "Loading the new index")
            self._install(Retriever(self.settings, embedder=self.retriever.embedder))
        report(1.0, "Done")
        return result

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

    def export_guide(self, guide: CoachGuide | ReflectionSet, fmt: str) -> Path:
        """A coaching guide or a set of prompts as a Markdown or Word file, beside the plans' exports."""
        from assistant.export.guide import export_guide, export_prompts, format_for
        from assistant.models import ReflectionSet

        folder = self.settings.exports_dir / "guides"
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(guide, ReflectionSet):
            name = f"reflection-{guide.driver.value}-{guide.stage.value if guide.stage else 'any'}-{guide.seed}"
            out = folder / f"{name}.{fmt}"
            return export_prompts(guide, format_for(out, fmt), out)
        out = folder / f"coach-prep-{guide.driver.value}-{guide.stage.value if guide.stage else 'any'}.{fmt}"
        return export_guide(guide, format_for(out, fmt), out)


def _cache_folder(cache: Path, name: str) -> Path:
    return _session_folder(cache / "exports", name)


def _session_folder(root: Path, name: str) -> Path:
    root = root.resolve()
    folder = (root / folder_name(name)).resolve()
    if folder.parent != root:
        raise InputError(f"'{name}' cannot name an export folder; rename the session.")
    return folder


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
