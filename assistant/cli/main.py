"""`cip-assistant`: index, search, ask, chat, eval. Heavy imports stay inside the commands."""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, NoReturn

import click

from assistant import __version__


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


class AssistantGroup(click.Group):
    """Turns every expected failure into one line on stderr and a non-zero exit; tracebacks only with --debug."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        debug = "--debug" in sys.argv[1:]
        try:
            kwargs["standalone_mode"] = False
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            fail("Stopped.", 130)
        except click.UsageError as exc:
            hint = f" See `{exc.ctx.command_path} --help`." if exc.ctx else ""
            fail(f"{exc.format_message().rstrip('.')}.{hint}", 2)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except KeyboardInterrupt:
            fail(
                "Interrupted; everything finished before the interruption is kept. Run the command again to continue.",
                130,
            )
        except Exception as exc:
            from assistant.errors import AssistantError

            if debug:
                raise
            if isinstance(exc, AssistantError):
                fail(str(exc))
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                where = f" ({exc.filename})" if exc.filename else ""
                fail(f"The disk is full{where}; free some space on it and try again.")
            if isinstance(exc, OSError):
                fail(f"{exc.strerror or exc} ({exc.filename})." if exc.filename else f"{exc}.")
            if type(exc).__name__ == "ValidationError" and getattr(exc, "title", None) == "Settings":
                # A setting from the environment that is out of range or of the wrong kind; any other record that
                # fails validation is reported where it is read, or falls through to the message below.
                first = exc.errors()[0]  # type: ignore[attr-defined]
                name = "CIP_ASSISTANT_" + "_".join(str(part) for part in first["loc"]).upper()
                fail(f"{name} is not valid: {first['msg']}.")
            fail(f"Something went wrong ({type(exc).__name__}: {exc}). Run again with --debug for details.")


def emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


def _drivers(values: tuple[str, ...]) -> set[Any] | None:
    if not values:
        return None
    from assistant.knowledge.curated import resolve_driver

    return {resolve_driver(v) for v in values}


def _kinds(values: tuple[str, ...]) -> set[Any] | None:
    if not values:
        return None
    from assistant.errors import InputError
    from assistant.models import PassageKind

    names = [k.value for k in PassageKind]
    out = set()
    for value in values:
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in names:
            raise InputError(f"Unknown kind '{value}'. Choose one of: {', '.join(names)}.")
        out.add(PassageKind(key))
    return out


def load_retriever(quiet: bool = False) -> Any:
    """The retriever over an up-to-date index; builds the index first when there is none."""
    from assistant.config import get_settings
    from assistant.retrieval.indexer import build_index, index_exists
    from assistant.retrieval.retriever import Retriever

    settings = get_settings()
    if not index_exists(settings):
        if not quiet:
            click.echo("Building the index of the knowledge base (first run only)…", err=True)
        build_index(settings)
    return Retriever(settings)


K_OPTION = click.option("--k", "k", type=click.IntRange(1, 50), default=5, show_default=True, help="how many passages")
DRIVER_OPTION = click.option(
    "--driver", "drivers", multiple=True, metavar="D", help="only this driver (any alias; repeatable)"
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="print JSON")
LLM_OPTION = click.option(
    "--llm",
    metavar="PROVIDER:MODEL",
    help="an optional language model (e.g. ollama:llama3.2); 'none' to answer without one",
)


def _backend(override: str | None) -> Any:
    from assistant.config import get_settings
    from assistant.llm import get_backend

    return get_backend(get_settings(), override)


@click.group(cls=AssistantGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cip-assistant")
@click.option("--debug", is_flag=True, help="show tracebacks")
def cli(debug: bool) -> None:
    """CIP Assistant: plan, coach and reflect with the implementation-science guidance, offline."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="rebuild from scratch (the old index is deleted once the new is whole)")
@click.option("--remove", "remove", multiple=True, metavar="NAME", help="take an added document out (repeatable)")
@JSON_OPTION
def index(paths: tuple[Path, ...], rebuild: bool, remove: tuple[str, ...], as_json: bool) -> None:
    """(Re)build the index: the knowledge base plus documents you add (Markdown, text, Word, PDF)."""
    from assistant.config import get_settings
    from assistant.retrieval.indexer import add_documents, build_index, remove_documents

    settings = get_settings()
    removed = remove_documents(list(remove), settings) if remove else []
    if paths:
        add_documents(list(paths), settings)
    report = build_index(settings, rebuild=rebuild)
    report.removed[:0] = removed
    if as_json:
        emit(
            {
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "passages": report.passages,
            }
        )
    else:
        click.echo(report.summary())


def _print_hits(hits: list[Any]) -> None:
    from assistant.knowledge.citations import section_label

    if not hits:
        click.echo("No passages matched.")
    for n, hit in enumerate(hits, start=1):
        driver = hit.driver.value if hit.driver else "general"
        click.echo(f"{n}. [{hit.kind.value} · {driver}] {section_label(hit.section, hit.source)}  ({hit.id})")
        text = hit.text if len(hit.text) < 500 else hit.text[:497] + "…"
        click.echo("   " + text.replace("\n", "\n   "))


@cli.command()
@click.argument("query", required=False)
@K_OPTION
@DRIVER_OPTION
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="only this passage kind (repeatable)")
@click.option("--batch", type=click.Path(path_type=Path), help="a file with one query per line")
@JSON_OPTION
def search(
    query: str | None, k: int, drivers: tuple[str, ...], kinds: tuple[str, ...], batch: Path | None, as_json: bool
) -> None:
    """Find the passages that best match QUERY.

    \b
    With --batch FILE, one query per line (up to 10,000 lines, 5 MB): with --json, one JSON array per line,
    in order, [] for a blank line. A line that cannot be searched (over 2,000 characters, not UTF-8) is named
    by its number on stderr and skipped, [] in its place; the rest still runs, and the exit status is then 1.
    Past 100 lines, progress is shown on stderr.
    """
    from assistant.errors import InputError
    from assistant.retrieval.retriever import check_query

    driver_set, kind_set = _drivers(drivers), _kinds(kinds)
    if batch is not None and query:
        raise InputError("Give either a QUERY or --batch FILE, not both.")
    if batch is None:
        check_query(query or "")
        retriever = load_retriever()
        hits = retriever.search(query, k, drivers=driver_set, kinds=kind_set)
        if as_json:
            emit([hit.model_dump(mode="json") for hit in hits])
        else:
            _print_hits(hits)
        return
    from assistant.cli.batch import PROGRESS_EVERY, line_problem, read_batch, skipped_summary

    lines = read_batch(batch)
    retriever = load_retriever()
    skipped: list[int] = []
    for number, line in enumerate(lines, start=1):
        problem = line_problem(line)
        if problem is not None:
            skipped.append(number)
            click.echo(f"Line {number} skipped: {problem}.", err=True)
            if as_json:
                emit([])
        else:
            hits = retriever.search(line, k, drivers=driver_set, kinds=kind_set) if line.strip() else []
            if as_json:
                emit([hit.model_dump(mode="json") for hit in hits])
            else:
                click.echo(f"# {line}")
                _print_hits(hits)
        if len(lines) > PROGRESS_EVERY and number % PROGRESS_EVERY == 0 and number < len(lines):
            click.echo(f"Searched {number:,} of {len(lines):,} lines…", err=True)
    if skipped:
        fail(skipped_summary(skipped, len(lines)))


@cli.command()
@click.argument("question", nargs=-1, required=True)
@DRIVER_OPTION
@LLM_OPTION
@JSON_OPTION
def ask(question: tuple[str, ...], drivers: tuple[str, ...], llm: str | None, as_json: bool) -> None:
    """Answer QUESTION from the guidance, quoting and citing the sources."""
    from assistant.llm import guarded_answer
    from assistant.retrieval.retriever import check_query

    text = check_query(" ".join(question))
    driver_set = _drivers(drivers)
    backend = _backend(llm)
    result, notice = guarded_answer(backend, load_retriever(), text, drivers=driver_set)
    if notice:
        click.echo(notice, err=True)
    if as_json:
        emit({"answer": result.answer, "citations": [c.model_dump() for c in result.citations]})
    else:
        print_answer(result)


def print_answer(result: Any) -> None:
    from assistant.knowledge.citations import citation_label

    click.echo(result.answer)
    seen: dict[str, int] = {}
    for citation in result.citations:
        if citation.id not in seen:
            seen[citation.id] = len(seen) + 1
            click.echo(f"  [{seen[citation.id]}] {citation_label(citation)}")


@cli.command(name="eval")
@JSON_OPTION
@click.option("--gold", type=click.Path(path_type=Path), help="another gold set (YAML)")
def eval_command(as_json: bool, gold: Path | None) -> None:
    """Measure retrieval on the gold question set: ours, BM25 alone, and the stock LangChain recipe."""
    from evaluation.run import run_evaluation

    results = run_evaluation(gold_path=gold, progress=not as_json)
    if as_json:
        emit(results)


def _read_turns() -> Any:
    """Turns from the terminal (with a prompt) or, when stdin is not a terminal, one per line.

    Bytes that are not text in the terminal's encoding become "�", so a stray byte costs a letter, not the chat.
    """
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    if sys.stdin.isatty():
        while True:
            try:
                yield input("you › ")
            except EOFError:
                click.echo()
                return
    else:
        for line in sys.stdin:
            yield line.rstrip("\n")


def _say(text: str) -> None:
    click.echo(text)
    click.echo()


def _show(backend: Any, text: str, passages: list[Any]) -> None:
    """A reply as it is produced: reworded by the language model when one is configured and it is safe."""
    if not backend.can_phrase:
        _say(text)
        return
    from assistant.llm import stream_reply
    from assistant.llm.guard import for_terminal

    for piece in stream_reply(backend, text, [p for p in passages if p is not None]):
        click.echo(for_terminal(piece), nl=False)
    click.echo("\n")
    notice = backend.take_notice()
    if notice:
        click.echo(notice, err=True)


@cli.command()
@click.option("--session", "name", metavar="NAME", help="resume or start the session NAME")
@click.option(
    "--mode", type=click.Choice(["plan", "coach", "reflect", "ask", "checkin"]), default="plan", show_default=True
)
@click.option("--initiative", metavar="TEXT", help="what the plan is for")
@click.option("--stage", metavar="S", help="exploration, installation, initial_implementation or full_implementation")
@click.option("--driver", "drivers", multiple=True, metavar="D", help="a driver to plan for (any alias; repeatable)")
@click.option("--readiness", is_flag=True, help="plan mode: begin with the readiness check (same as typing /readiness)")
@LLM_OPTION
def chat(
    name: str | None,
    mode: str,
    initiative: str | None,
    stage: str | None,
    drivers: tuple[str, ...],
    readiness: bool,
    llm: str | None,
) -> None:
    """Talk it through: plan walks the guiding questions and drafts the action plan; coach prepares a coaching
    conversation; reflect writes reflection prompts for a training; ask answers questions from the guidance;
    checkin goes through a saved plan's actions with the team (--session NAME) and records where each stands.

    In a terminal it is an interactive chat; when stdin is not a terminal it reads one turn per line.
    """
    backend = _backend(llm)
    if mode == "checkin":
        from assistant.cli.checkin import chat_checkin

        chat_checkin(name)
        return
    if mode == "ask":
        _chat_ask(backend)
        return
    if mode in {"coach", "reflect"}:
        _chat_generator(mode, name, stage, drivers)
        return
    from assistant.app import PlanSessions
    from assistant.config import get_settings
    from assistant.dialogue.plan_mode import clean_input
    from assistant.errors import InputError
    from assistant.knowledge.curated import resolve_driver, resolve_stage
    from assistant.planning.context import PlanningContext
    from assistant.storage.sessions import check_name

    settings = get_settings()
    # Checked before anything is opened, for a resumed session too: a typo is one line, not a silent no-op.
    if stage:
        resolve_stage(stage)
    for driver in drivers:
        resolve_driver(driver)
    if initiative is not None and not clean_input(initiative):
        raise InputError("--initiative is empty; describe the initiative in a few words.")
    contexts: list[PlanningContext] = []

    def context() -> PlanningContext:
        # The index and its model are loaded on the first turn that needs them, once.
        if not contexts:
            contexts.append(PlanningContext(load_retriever()))
        return contexts[0]

    sessions = PlanSessions(settings, context, backend)
    name = check_name(name) if name is not None else sessions.suggested_name()
    if sessions.store.exists(name):
        session = sessions.resume(name)
        if initiative or stage or drivers:
            click.echo(
                "Note: resuming a saved session; --initiative, --stage and --driver apply to new sessions only.",
                err=True,
            )
    else:
        session = sessions.start(name, initiative or "", stage, drivers)
    phase = sessions.conversation(session).state.phase
    if readiness and phase in {"questions", "done"}:
        session, first = sessions.turn(name, "/readiness", seen=session.version)
        _say(first.text)
    else:
        if readiness:
            click.echo("Note: the readiness check starts with /readiness once the stage and drivers are set.", err=True)
        _say(session.transcript[-1].text if session.transcript else sessions.conversation(session).start())
    for line in _read_turns():
        # Each turn applies to the plan as stored, so another window on this plan never loses its work or ours;
        # it is saved before it is shown.
        session, reply = sessions.turn(name, line, seen=session.version)
        hint = sessions.conversation(session).state.last_hint
        _show(backend, reply.text, [context().retriever.passage(pid) for pid in hint])
        if reply.done:
            break
    click.echo(f"Saved. Resume with: cip-assistant chat --session {shlex_quote(name)}", err=True)


def _chat_generator(mode: str, name: str | None, stage: str | None, drivers: tuple[str, ...]) -> None:
    """Coach prep and reflection prompts as a conversation, saved like a planning session when named."""
    from assistant.config import get_settings
    from assistant.dialogue.coach_mode import MAX_MESSAGE_CHARS, CoachConversation
    from assistant.dialogue.plan_mode import Reply
    from assistant.errors import InputError
    from assistant.knowledge.curated import resolve_driver, resolve_stage
    from assistant.models import ActionPlan, Session
    from assistant.storage.sessions import SessionStore, check_name, kept

    settings = get_settings()
    if len(drivers) > 1:
        raise InputError(f"{mode} mode works on one driver at a time; give a single --driver.")
    driver = resolve_driver(drivers[0]) if drivers else None
    stage_key = resolve_stage(stage) if stage else None
    session = None
    store = None
    if name is not None:
        store = SessionStore(settings.database_target)
        name = check_name(name)
        if store.exists(name):
            session = store.load(name)
            if session.mode != mode:
                raise InputError(f"'{name}' is a {session.mode} session; open it with --mode {session.mode}.")
        else:
            session = store.create(name, mode, ActionPlan(name=name), {})  # type: ignore[arg-type]
    retriever = load_retriever()
    kind: Literal["coach", "reflect"] = "coach" if mode == "coach" else "reflect"

    def conversation(current: Session | None) -> CoachConversation:
        return CoachConversation(
            retriever, kind, session=current, driver=driver, stage=stage_key, today=settings.current_date()
        )

    if store is None or session is None:
        unsaved = conversation(None)
        _say(unsaved.start())
        for line in _read_turns():
            reply = unsaved.reply(line)
            _say(reply.text)
            if reply.done:
                break
        return
    said: list[Reply] = []

    def opening(current: Session) -> tuple[str | None, str]:
        return None, conversation(current).start()

    def turn(line: str) -> Callable[[Session], tuple[str | None, str]]:
        def step(current: Session) -> tuple[str | None, str]:
            said[:] = [conversation(current).reply(line)]
            return kept(line, MAX_MESSAGE_CHARS), said[0].text

        return step

    # Every turn is taken on the session as stored, so a second window on it never loses its work or ours.
    session = store.take_turn(session.id, opening)
    _say(session.transcript[-1].text)
    for line in _read_turns():
        session = store.take_turn(session.id, turn(line))
        _say(said[0].text)
        if said[0].done:
            break
    if name is not None:
        click.echo(f"Saved. Resume with: cip-assistant chat --mode {mode} --session {shlex_quote(name)}", err=True)


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _chat_ask(backend: Any) -> None:
    from assistant.errors import InputError
    from assistant.llm import guarded_answer

    retriever = load_retriever()
    _say("Ask anything about the guidance (Ctrl-D to quit).")
    for line in _read_turns():
        if not line.strip():
            continue
        try:
            result, notice = guarded_answer(backend, retriever, line)
        except InputError as exc:
            _say(str(exc))
            continue
        if notice:
            click.echo(notice, err=True)
        print_answer(result)
        click.echo()


@cli.group()
def plan() -> None:
    """List, show and export saved plans."""


def _store() -> Any:
    from assistant.config import get_settings
    from assistant.storage.sessions import SessionStore

    return SessionStore(get_settings().database_target)


@plan.command(name="list")
@JSON_OPTION
def plan_list(as_json: bool) -> None:
    """The saved sessions, most recent first."""
    from assistant.app import PlanSessions
    from assistant.config import get_settings

    sessions = PlanSessions(get_settings(), lambda: _planning_context())
    sessions.finish_deletions()  # a deletion cut short by a crash is finished before anything is listed
    rows = sessions.store.list()
    if as_json:
        emit(
            [
                {
                    "name": r.name,
                    "mode": r.mode,
                    "initiative": r.initiative,
                    "stage": r.stage,
                    "drivers": r.drivers,
                    "actions": r.actions,
                    "updated": None if r.damaged else r.updated.isoformat(),
                    "damaged": r.damaged,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        click.echo("No saved plans yet; start one with `cip-assistant chat`.")
    for r in rows:
        if r.damaged:
            from assistant.storage.sessions import printable

            shown = printable(r.name)[:80]
            delete = f"cip-assistant plan delete {shlex_quote(shown)}"
            click.echo(f"{shown}  ·  damaged: it cannot be opened; remove it with `{delete}`")
            continue
        click.echo(
            f"{r.name}  ·  {r.initiative or '(no initiative)'}  ·  {r.stage or 'no stage'}  ·  "
            f"{r.actions} action{'s' if r.actions != 1 else ''}  ·  updated {r.updated:%Y-%m-%d %H:%M}"
        )


@plan.command(name="show")
@click.argument("name")
@JSON_OPTION
def plan_show(name: str, as_json: bool) -> None:
    """Show the plan of session NAME."""
    session = _store().load(name)
    if as_json:
        click.echo(session.plan.model_dump_json(indent=2))
        return
    from assistant.export import render

    click.echo(render(session.plan, "md").decode("utf-8"))


@plan.command(name="export")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx", "json", "csv", "ics", "report-md", "report-docx"]),
    required=True,
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="the file to write")
@click.option("--force", is_flag=True, help="replace the file if it already exists")
def plan_export(name: str, fmt: str, out: Path, force: bool) -> None:
    """Export the plan of session NAME as Markdown, Word, JSON, CSV or a calendar file."""
    from assistant.export import check_target, export_plan

    check_target(out, replace=force)  # a wrong place is reported before the session is read
    session = _store().load(name)
    written = export_plan(session.plan, fmt, out, replace=force)
    click.echo(f"Wrote {written}")


@plan.command(name="delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def plan_delete(name: str, yes: bool) -> None:
    """Delete session NAME: its conversation, its plan and the exports the app made for it."""
    from assistant.app import PlanSessions
    from assistant.config import get_settings
    from assistant.errors import InputError
    from assistant.storage.sessions import printable

    settings = get_settings()
    sessions = PlanSessions(settings, lambda: _planning_context())
    sessions.check_deletable(name)  # reported before anything is asked; a damaged session can still be deleted
    if not yes:
        if not sys.stdin.isatty():
            raise InputError(f"Deleting '{name}' cannot be undone; add --yes to confirm.")
        click.confirm(f"Delete '{name}' and its exports? This cannot be undone.", abort=True)
    left = sessions.delete(name, any_mode=True)
    click.echo(f"Deleted {printable(name)}.")
    sessions.finish_deletions()
    if left:
        fail(left)


def _planning_context() -> Any:
    from assistant.planning.context import PlanningContext

    return PlanningContext(load_retriever())


def _register() -> None:
    # Commands that live in their own modules; importing them only imports click.
    from assistant.cli.coach import coach_prep, guides, reflect
    from assistant.cli.ui import ui

    cli.add_command(coach_prep)
    cli.add_command(guides)
    cli.add_command(reflect)
    cli.add_command(ui)
    from assistant.cli.checkin import plan_due

    plan.add_command(plan_due)


_register()


def main() -> None:
    cli(prog_name="cip-assistant")
