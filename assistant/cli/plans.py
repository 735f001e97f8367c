"""`cip-assistant plan list|show|export|delete`: the saved plans."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assistant.cli.chatting import shlex_quote
from assistant.cli.main import JSON_OPTION, assistant, emit, fail


@click.group()
def plan() -> None:
    """List, show and export saved plans."""


@plan.command(name="list")
@JSON_OPTION
def plan_list(as_json: bool) -> None:
    """The saved sessions, most recent first."""
    # A deletion cut short by a crash is finished before anything is listed.
    rows = assistant(quiet=True).saved_sessions()
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
        if r.mode == "ask":
            click.echo(f"{r.name}  ·  questions to the guidance  ·  updated {r.updated:%Y-%m-%d %H:%M}")
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
    sessions = assistant(quiet=True).sessions
    if as_json:
        click.echo(sessions.plan(name).model_dump_json(indent=2))
        return
    click.echo(sessions.rendered(name, "md").decode("utf-8"))


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
    """Export the plan of session NAME as Markdown, Word, JSON, CSV or a calendar file, or its progress report."""
    written = assistant(quiet=True).sessions.export_to(name, fmt, out, replace=force)
    click.echo(f"Wrote {written}")


@plan.command(name="delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def plan_delete(name: str, yes: bool) -> None:
    """Delete session NAME: its conversation, its plan and the exports the app made for it."""
    from assistant.errors import InputError
    from assistant.storage.sessions import printable

    sessions = assistant(quiet=True).sessions
    # Reported before anything is asked; a damaged session can still be deleted, and so can any mode's.
    sessions.check_deletable(name, any_mode=True)
    if not yes:
        if not sys.stdin.isatty():
            raise InputError(f"Deleting '{name}' cannot be undone; add --yes to confirm.")
        click.confirm(f"Delete '{name}' and its exports? This cannot be undone.", abort=True)
    left = sessions.delete(name, any_mode=True)
    click.echo(f"Deleted {printable(name)}.")
    sessions.finish_deletions()
    if left:
        fail(left)


__all__ = ["plan"]


def warn_school_calendar() -> None:
    """One line on stderr, before anything is typed, when the district's calendar file cannot be used."""
    from assistant.app.school_calendar import check_school_calendar

    warning = check_school_calendar()
    if warning:
        click.echo(f"Warning: {warning}", err=True)
