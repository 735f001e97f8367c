"""`cip-assistant`: index, search, ask, chat, eval. Heavy imports stay inside the commands."""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from assistant import __version__
from assistant.cli.chatting import _chat_ask, _chat_generator, _read_turns, _say, _show, print_answer, shlex_quote


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


def _building() -> None:
    click.echo("Building the index of the knowledge base (first run only)…", err=True)


def assistant(llm: str | None = None, quiet: bool = False) -> Any:
    """The home's assistant (index and model loaded on first use); `llm` overrides the configured model."""
    from assistant.app import Assistant
    from assistant.config import get_settings

    settings = get_settings()
    backend = _backend(llm) if llm is not None else None
    return Assistant(settings, backend=backend, on_build=None if quiet else _building)


def load_retriever(quiet: bool = False) -> Any:
    """The retriever over an up-to-date index; builds the index first when there is none."""
    return assistant(quiet=quiet).retriever


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
    report = assistant(quiet=True).index(list(paths), rebuild=rebuild, remove=list(remove))
    if as_json:
        emit(
            {
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "passages": report.passages,
                "failed": [{"name": f.name, "reason": f.reason} for f in report.failed],
            }
        )
    else:
        click.echo(report.summary())
    for failure in report.failed:
        click.echo(f"Error: {failure.reason}", err=True)
    if report.failed:
        # The good documents are indexed; the status still tells a script that some were not.
        sys.exit(1)


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
    from assistant.retrieval.retriever import BATCH

    lines = read_batch(batch)
    retriever = load_retriever()
    skipped: list[int] = []
    problems = [line_problem(line) for line in lines]
    found: dict[int, list[Any]] = {}
    for number, line in enumerate(lines, start=1):
        if (number - 1) % BATCH == 0:
            # A chunk's searchable lines are embedded together: the model's cost per call is paid once per chunk.
            chunk = [n for n in range(number - 1, number - 1 + BATCH) if n < len(lines) and problems[n] is None]
            chunk = [n for n in chunk if lines[n].strip()]
            searched = retriever.search_many([lines[n] for n in chunk], k, drivers=driver_set, kinds=kind_set)
            found = dict(zip(chunk, searched, strict=True))
        problem = problems[number - 1]
        if problem is not None:
            skipped.append(number)
            click.echo(f"Line {number} skipped: {problem}.", err=True)
            if as_json:
                emit([])
        else:
            hits = found.get(number - 1, [])
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
    result, notice = assistant(llm).ask(" ".join(question), drivers)
    if notice:
        click.echo(notice, err=True)
    if as_json:
        emit({"answer": result.answer, "citations": [c.model_dump() for c in result.citations]})
    else:
        print_answer(result)


@cli.command(name="eval")
@JSON_OPTION
@click.option("--gold", type=click.Path(path_type=Path), help="another gold set (YAML)")
def eval_command(as_json: bool, gold: Path | None) -> None:
    """Measure retrieval on the gold question set: ours, BM25 alone, and the stock LangChain recipe."""
    from evaluation.run import run_evaluation

    results = run_evaluation(gold_path=gold, progress=not as_json)
    if as_json:
        emit(results)


@cli.command()
@click.option("--session", "name", metavar="NAME", help="resume or start the session NAME")
@click.option(
    "--mode", type=click.Choice(["plan", "coach", "reflect", "ask", "checkin"]), default="plan", show_default=True
)
@click.option("--initiative", metavar="TEXT", help="what the plan is for")
@click.option("--stage", metavar="S", help="exploration, installation, initial_implementation or full_implementation")
@click.option("--driver", "drivers", multiple=True, metavar="D", help="a driver to plan for (any alias; repeatable)")
@click.option("--school", metavar="TEXT", help="plan mode: the school or district (asked once when not given)")
@click.option("--team", metavar="TEXT", help="plan mode: the team writing the plan (asked once when not given)")
@click.option("--readiness", is_flag=True, help="plan mode: begin with the readiness check (same as typing /readiness)")
@LLM_OPTION
def chat(
    name: str | None,
    mode: str,
    initiative: str | None,
    stage: str | None,
    drivers: tuple[str, ...],
    school: str | None,
    team: str | None,
    readiness: bool,
    llm: str | None,
) -> None:
    """Talk it through: plan walks the guiding questions and drafts the action plan; coach prepares a coaching
    conversation; reflect writes reflection prompts for a training; ask answers questions from the guidance;
    checkin goes through a saved plan's actions with the team (--session NAME) and records where each stands.

    In a terminal it is an interactive chat; when stdin is not a terminal it reads one turn per line.
    """
    if mode in {"plan", "checkin"}:
        from assistant.cli.plans import warn_school_calendar

        # Told before the meeting starts; the conversation then uses the usual US dates, and no answer is refused.
        warn_school_calendar()
    if mode == "checkin":
        from assistant.cli.checkin import chat_checkin

        chat_checkin(name)
        return
    app = assistant(llm)
    if mode == "ask":
        _chat_ask(app, name)
        return
    if mode in {"coach", "reflect"}:
        _chat_generator(app, mode, name, stage, drivers)
        return
    from assistant.errors import InputError
    from assistant.knowledge.curated import resolve_driver, resolve_stage
    from assistant.knowledge.text import clean_input
    from assistant.storage.sessions import check_name

    # Checked before anything is opened, for a resumed session too: a typo is one line, not a silent no-op.
    if stage:
        resolve_stage(stage)
    for driver in drivers:
        resolve_driver(driver)
    if initiative is not None and not clean_input(initiative):
        raise InputError("--initiative is empty; describe the initiative in a few words.")
    # The index and its model are loaded on the first turn that needs them, once.
    sessions = app.sessions
    backend = app.backend
    name = check_name(name) if name is not None else sessions.suggested_name()
    if sessions.exists(name):
        session = sessions.resume(name)
        if initiative or stage or drivers or school or team:
            click.echo(
                "Note: resuming a saved session; --initiative, --stage, --driver, --school and --team apply to new "
                "sessions only.",
                err=True,
            )
    else:
        # The school and team are asked once, even when the rest is given, so an export's header is filled in.
        session = sessions.start(
            name, initiative or "", stage, drivers, school=school or "", team=team or "", ask_school=True
        )
    state = sessions.conversation(session).state
    phase = state.phase
    if readiness and (phase in {"questions", "done"} or (phase in {"school", "team"} and state.queue)):
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
        _show(backend, reply.events, [app.passage(pid) for pid in app.hint_ids(session)])
        if reply.done:
            break
    click.echo(f"Saved. Resume with: cip-assistant chat --session {shlex_quote(name)}", err=True)


def _register() -> None:
    # Commands that live in their own modules; importing them only imports click.
    from assistant.cli.coach import coach_prep, guides, reflect
    from assistant.cli.plans import plan
    from assistant.cli.ui import ui

    cli.add_command(plan)
    cli.add_command(coach_prep)
    cli.add_command(guides)
    cli.add_command(reflect)
    cli.add_command(ui)
    from assistant.cli.checkin import plan_due

    plan.add_command(plan_due)


if __name__ != "__main__":
    _register()


def main() -> None:
    cli(prog_name="cip-assistant")


if __name__ == "__main__":  # `python -m assistant.cli.main`: run the one registered command group
    from assistant.cli.main import main as _main

    _main()
