"""One home's assistant: its settings, language model, index and sessions, and the use cases on them.

Asking, coach prep, reflection prompts, adding documents, listing sessions and the saved coach and reflect chats
live here, so the command line and the web UI do exactly the same thing and say the same thing when it fails.
The index is loaded on first use (and built first when there is none); a server that shares it with others picks
up documents they add.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.app.checkins import CheckinSessions
from assistant.app.plans import PlanSessions, check_mode
from assistant.dialogue.events import Reply
from assistant.dialogue.plan_mode import clean_input
from assistant.dialogue.session import Session
from assistant.dialogue.state import PlanState
from assistant.errors import AssistantError, DocumentError, InputError
from assistant.models import ActionPlan, Answer, Driver, Passage, Stage
from assistant.storage.sessions import Said, SessionStore, SessionSummary, check_name, kept

if TYPE_CHECKING:
    from assistant.app.ask import AskSessions
    from assistant.config import Settings
    from assistant.dialogue.coach_mode import CoachConversation
    from assistant.llm import Backend
    from assistant.models import AskState, AskTurn, CoachGuide, ReflectionSet
    from assistant.planning.context import PlanningContext
    from assistant.retrieval.indexer import Failure, IndexReport
    from assistant.retrieval.retriever import Retriever

Progress = Callable[[float, str], None]
# How often a server looks whether the shared index changed (one small read of the manifest).
REFRESH_SECONDS = 2.0


class Assistant:
    """One per process: the retriever and planning context (model loaded once), the sessions database."""

    def __init__(
        self,
        settings: Settings,
        retriever: Retriever | None = None,
        backend: Backend | None = None,
        on_build: Callable[[], None] | None = None,
    ) -> None:
        from assistant.llm import get_backend

        self.settings = settings
        # The language model the settings name, if any; none by default.
        self.backend = backend if backend is not None else get_backend(settings)
        self.guides = GuideSessions(self)
        self._on_build = on_build
        self._index_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._ready = threading.Event()
        self._ready.set()
        self._checked = 0.0
        self._state: tuple[Retriever, PlanningContext] | None = None
        if retriever is not None:
            self._install(retriever)

    @cached_property
    def store(self) -> SessionStore:
        # Opened when a session is first needed: asking or coach prep never touches the sessions database.
        return SessionStore(self.settings.database_target)

    @cached_property
    def sessions(self) -> PlanSessions:
        return PlanSessions(self.settings, lambda: self.context, self.backend, self.store)

    @cached_property
    def conversations(self) -> AskSessions:
        """The saved Ask conversations."""
        from assistant.app.ask import AskSessions

        return AskSessions(self)

    @cached_property
    def checkins(self) -> CheckinSessions:
        # The guidance (and so the index) is loaded only when a check-in turn needs it: a reflection, /assess.
        return CheckinSessions(self.settings, lambda: self.context, self.store, locked=self.sessions.locked)

    # ------------------------------------------------------------------------------------------ the index

    def warm_up(self, on_ready: Callable[[], None] | None = None) -> threading.Thread:
        """Load the index and the embedding model in the background; requests that need them wait until in."""
        self._ready.clear()

        def run() -> None:
            try:
                self._loaded()[0].scored("coaching plan and data review", 1)
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

        # One assignment: a request running during a swap sees the old pair or the new one, never a mix.
        self._state = (retriever, PlanningContext(retriever))

    def _loaded(self) -> tuple[Retriever, PlanningContext]:
        state = self._state
        if state is not None:
            return state
        with self._load_lock:
            if self._state is None:
                self._install(load_retriever(self.settings, self._on_build))
            assert self._state is not None
            return self._state

    def _refresh(self) -> None:
        """Pick up documents another server (or `cip-assistant index`) added, looking at most every few seconds."""
        now = time.monotonic()
        if self._state is None or now - self._checked < REFRESH_SECONDS or not self._index_lock.acquire(False):
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
        return self._loaded()[0]

    @property
    def context(self) -> PlanningContext:
        self.wait_ready()
        self._refresh()
        return self._loaded()[1]

    def passage(self, passage_id: str) -> Passage | None:
        """The passage a citation names (None once it has left the index)."""
        return self.retriever.passage(passage_id)

    def today(self) -> date:
        return self.settings.current_date()

    def index(self, paths: Sequence[Path] = (), rebuild: bool = False, remove: Sequence[str] = ()) -> IndexReport:
        """Add documents (and take others out), then bring the index up to date.

        Each document is checked on its own: the good ones are indexed and the others listed in the report's
        `failed`, each with its sentence; when none of them can be added, nothing changes and the error says why.
        """
        from assistant.retrieval.indexer import build_index, remove_documents

        with self._index_lock:
            removed = remove_documents(list(remove), self.settings) if remove else []
            failed = self._add_each(list(paths), names_only=False) if paths else []
            report = build_index(self.settings, rebuild=rebuild)
            report.removed[:0] = removed
            report.failed[:0] = failed
            if self._state is not None:
                self._reload()
        return report

    def add_documents(self, paths: Sequence[Path], progress: Progress | None = None) -> IndexReport:
        """Check, copy and index documents, then answer from the new index.

        A file that cannot be read is left out with one sentence in the report's `failed`, naming it by its own
        name; the others are indexed. When none can be added, nothing changes and the error says why.
        """
        from assistant.retrieval.indexer import build_index

        paths = [Path(p) for p in paths]
        if not paths:
            raise InputError("Choose one or more documents to add first (Markdown, text, Word or PDF).")
        report = progress or (lambda share, text: None)
        with self._index_lock:
            report(0.0, "Checking the documents")
            failed = self._add_each(paths, names_only=True)
            todo = len(paths) - len(failed)
            done = [0]

            def indexing(name: str) -> None:
                done[0] += 1
                report(min(0.9, 0.1 + 0.8 * (done[0] - 1) / todo), f"Indexing {name}")

            try:
                result = build_index(self.settings, progress=indexing)
            except DocumentError as exc:
                raise DocumentError(_names_only(str(exc), paths)) from exc
            result.failed[:0] = failed
            report(0.95, "Loading the new index")
            self._reload()
        report(1.0, "Done")
        return result

    def _add_each(self, paths: list[Path], names_only: bool) -> list[Failure]:
        """Copy the documents that read well into the home; why each other one cannot be added.

        Raises `DocumentError` with every reason when not one of them can be added.
        """
        from assistant.retrieval.indexer import Failure, add_each_document

        copies, failed = add_each_document(paths, self.settings)
        if names_only:
            failed = [Failure(f.name, _names_only(f.reason, paths)) for f in failed]
        if not copies:
            raise DocumentError(" ".join(f.reason for f in failed))
        return failed

    def _reload(self) -> None:
        from assistant.retrieval.retriever import Retriever

        embedder = self._state[0].embedder if self._state is not None else None
        self._install(Retriever(self.settings, embedder=embedder))

    def documents(self) -> list[str]:
        from assistant.retrieval.indexer import added_documents

        return [p.name for p in added_documents(self.settings)]

    # ------------------------------------------------------------------------------------------ asking, phrasing

    def ask(self, question: str, drivers: str | Sequence[str] | None = None) -> tuple[Answer, str | None]:
        """The answer with its citations, and the notice the team should see about it (or None)."""
        from assistant.knowledge.curated import resolve_driver
        from assistant.llm import guarded_answer
        from assistant.retrieval.retriever import check_query

        text = check_query(clean_input(question))
        named = [drivers] if isinstance(drivers, str) else list(drivers or [])
        chosen = {resolve_driver(d) for d in named if d} or None
        return guarded_answer(self.backend, self.retriever, text, drivers=chosen)

    def ask_follow_up(
        self, question: str, conversation: AskState | None = None, drivers: str | Sequence[str] | None = None
    ) -> tuple[AskTurn, AskState, list[str]]:
        """One turn of an Ask conversation: the question read with the ones before it ("and how often?"), its
        answer, the conversation with the turn added (the one given is left as it was) and the notices to show."""
        from assistant.generators.conversation import AskConversation
        from assistant.knowledge.curated import resolve_driver
        from assistant.models import AskState
        from assistant.retrieval.retriever import check_query

        text = check_query(clean_input(question))
        named = [drivers] if isinstance(drivers, str) else list(drivers or [])
        notices: list[str] = []

        def answerer(searched: str, chosen: set[Driver] | None) -> Answer:
            result, notice = self.ask(searched, sorted(d.value for d in chosen) if chosen else None)
            if notice:
                notices.append(notice)
            return result

        state = conversation.model_copy(deep=True) if conversation is not None else AskState()
        turn = AskConversation(self.retriever, state, answerer).ask(
            text, {resolve_driver(d) for d in named if d} or None
        )
        return turn, state, notices

    def phrase(
        self, text: str, passage_ids: Sequence[str] = (), notices: list[str] | None = None
    ) -> Iterator[str] | None:
        """A reply reworded by the language model as it streams, or None when there is no model to do it.

        Only what is shown changes: the transcript keeps the reply as the assistant composed it. What the team
        should be told about the rewording (a fallback, a withheld detail) is added to `notices`.
        """
        if not self.backend.can_phrase:
            return None
        from assistant.llm import stream_reply

        passages = [p for p in (self.retriever.passage(pid) for pid in passage_ids) if p is not None]
        return stream_reply(self.backend, text, passages, notices)

    @staticmethod
    def hint_ids(session: Session) -> list[str]:
        """The passages behind the hint on screen, which a reworded reply may draw on."""
        return list(session.state.last_hint) if isinstance(session.state, PlanState) else []

    # ------------------------------------------------------------------------------------------ sessions

    def saved_sessions(self, mode: str | None = None) -> list[SessionSummary]:
        """The saved sessions (of `mode`), most recent first, once deletions a crash cut short are finished."""
        with contextlib.suppress(AssistantError):
            self.sessions.finish_deletions()
        if mode == "plan":
            return self.sessions.saved()
        return [s for s in self.store.list() if mode is None or s.mode == mode]

    def suggested_name(self) -> str:
        return self.sessions.suggested_name()

    # ------------------------------------------------------------------------------------------ coach prep, reflection

    def coach_guide(self, driver: str | None, stage: str | None = None, context: str | None = None) -> CoachGuide:
        from assistant.generators.coach import check_context, coach_guide

        driver_key, stage_key = driver_and_stage(driver, stage, "the conversation is about")
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

        driver_key, stage_key = driver_and_stage(driver, stage, "the session is about")
        phrasing = load_phrasing()
        count = check_n(phrasing.limits.default_n if n is None else int(n), phrasing)
        audience = check_audience(audience) if audience and audience.strip() else None
        return reflection_prompts(self.retriever, driver_key, stage_key, audience, count, seed=seed)

    def guide_target(self, out: Path, fmt: str | None = None, replace: bool = False) -> str:
        """The format a guide or handout is written to `out` in (the one asked for, or the one its name implies);
        a place it must not go, or a file there unless `replace`, is refused before anything is loaded."""
        from assistant.export import check_target
        from assistant.export.guide import format_for

        target = format_for(out, fmt)
        check_target(out, replace=replace)
        return target

    def export_guide(
        self,
        guide: CoachGuide | ReflectionSet,
        fmt: str | None = None,
        cache: Path | None = None,
        *,
        out: Path | None = None,
        replace: bool = False,
    ) -> Path:
        """A coaching guide or a set of prompts as a Markdown or Word file.

        With `out`, the file the user chose (kept unless `replace`; the format, when not given, from its name).
        Otherwise in a folder of its own under exports/guides, so two supervisors exporting at once never get each
        other's file; with `cache` (a web server's), a copy there is what is returned, for the browser to download.
        Guides older than `guide_hours` go, with their copies, whenever one is exported there.
        """
        from assistant.export.guide import new_export_folder, remove_guides

        if out is not None:
            return _write_guide(guide, self.guide_target(out, fmt, replace), Path(out), replace)
        if fmt is None:
            raise InputError("Say which format to export to: md or docx.")
        remove_guides(self.settings, self.settings.guide_hours)
        folder = new_export_folder(self.settings.guides_dir)
        path = _write_guide(guide, fmt, folder / f"{_guide_name(guide)}.{fmt}", True)
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

    def remove_guides(self, older_than_hours: float | None = None) -> int:
        """Delete the guides and handouts the web app exported, with their served copies; returns how many."""
        from assistant.export.guide import remove_guides

        return remove_guides(self.settings, older_than_hours)


GuideMode = Literal["coach", "reflect"]


class GuideSessions:
    """Saved coach and reflect chats: opened, and each turn taken on the session as stored, under its lock."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def _conversation(
        self, mode: GuideMode, session: Session | None, driver: Driver | None, stage: Stage | None
    ) -> CoachConversation:
        from assistant.dialogue.coach_mode import CoachConversation

        assistant = self.assistant
        return CoachConversation(
            assistant.retriever, mode, session=session, driver=driver, stage=stage, today=assistant.today()
        )

    def unsaved(self, mode: GuideMode, driver: Driver | None, stage: Stage | None) -> CoachConversation:
        """A conversation kept only while it runs."""
        return self._conversation(mode, None, driver, stage)

    def open(self, name: str, mode: GuideMode, driver: Driver | None, stage: Stage | None) -> tuple[Session, Reply]:
        """Start or resume the session `name` of `mode`; returns it with its opening (saved as a turn)."""
        sessions = self.assistant.sessions
        store = self.assistant.store
        name = check_name(name)
        opened: list[Reply] = []
        with sessions.locked(name):
            if store.exists(name):
                check_mode(store.load(name), mode)
            else:
                store.create(name, mode, ActionPlan(name=name))

            def opening(current: Session) -> Said:
                opened[:] = [self._conversation(mode, current, driver, stage).opening()]
                return None, opened[0].text, opened[0].events

            session = store.take_turn(name, opening)
        return session, opened[0]

    def turn(self, name: str, line: str, driver: Driver | None, stage: Stage | None) -> tuple[Session, Reply]:
        """One message and its reply, both saved before anything is shown."""
        from assistant.dialogue.coach_mode import MAX_MESSAGE_CHARS

        said: list[Reply] = []

        def step(current: Session) -> Said:
            mode: GuideMode = "reflect" if current.mode == "reflect" else "coach"
            said[:] = [self._conversation(mode, check_mode(current, mode), driver, stage).reply(line)]
            return kept(line, MAX_MESSAGE_CHARS), said[0].text, said[0].events

        with self.assistant.sessions.locked(name):
            session = self.assistant.store.take_turn(check_name(name), step)
        return session, said[0]


def driver_and_stage(driver: str | None, stage: str | None, about: str) -> tuple[Driver, Stage | None]:
    from assistant.knowledge.curated import resolve_driver, resolve_stage

    if not driver:
        raise InputError(f"Choose the driver {about}.")
    return resolve_driver(driver), resolve_stage(stage) if stage else None


def _guide_name(guide: CoachGuide | ReflectionSet) -> str:
    from assistant.models import ReflectionSet

    stage = guide.stage.value if guide.stage else "any"
    if isinstance(guide, ReflectionSet):
        return f"reflection-{guide.driver.value}-{stage}-{guide.seed}"
    return f"coach-prep-{guide.driver.value}-{stage}"


def _write_guide(guide: CoachGuide | ReflectionSet, fmt: str, out: Path, replace: bool) -> Path:
    from assistant.export.guide import export_guide, export_prompts, format_for
    from assistant.models import ReflectionSet

    fmt = format_for(out, fmt)
    if isinstance(guide, ReflectionSet):
        return export_prompts(guide, fmt, out, replace=replace)
    return export_guide(guide, fmt, out, replace=replace)


def _names_only(message: str, paths: Sequence[Path]) -> str:
    # Uploads sit in a temporary folder the team never chose; the file's own name is what they recognise.
    for path in paths:
        message = message.replace(str(path), path.name)
    return message


def load_retriever(settings: Settings, on_build: Callable[[], None] | None = None) -> Retriever:
    """The retriever over the index in this home, building the index first when there is none."""
    from assistant.retrieval.indexer import build_index, index_exists
    from assistant.retrieval.retriever import Retriever

    if not index_exists(settings):
        if on_build is not None:
            on_build()
        build_index(settings)
    return Retriever(settings)


__all__ = ["Assistant", "GuideSessions", "driver_and_stage", "load_retriever"]
