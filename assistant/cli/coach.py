"""`cip-assistant coach-prep` and `cip-assistant reflect`: a conversation guide or reflection prompts, printed or saved;
`cip-assistant guides delete` removes the ones the web app exported.

Input is checked before the index and the model are loaded, so a typo costs a moment, not a model load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx"], case_sensitive=False),
    help="file format for --out (default: from the file name)",
)
OUT_OPTION = click.option(
    "--out", type=click.Path(path_type=Path), help="save it as a Markdown or Word file (--json still prints JSON)"
)
FORCE_OPTION = click.option("--force", is_flag=True, help="replace the --out file if it already exists")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="print JSON")
STAGE_OPTION = click.option(
    "--stage", metavar="S", help="exploration, installation, initial_implementation or full_implementation"
)


def _target(app: Any, out: Path | None, fmt: str | None, force: bool) -> str | None:
    """The format to write `out` in; a place that cannot be written is reported before anything is loaded."""
    from assistant.errors import InputError

    if out is None:
        if fmt or force:
            option = "--format" if fmt else "--force"
            raise InputError(f"{option} needs --out PATH, the file to write (for example --out guide.docx).")
        return None
    return str(app.guide_target(out, fmt, replace=force))


def _show(app: Any, result: Any, shown: Any, out: Path | None, target: str | None, force: bool, as_json: bool) -> None:
    """Write the guide or prompts (`result`) where --out says, then print them as JSON or as its event reads."""
    from assistant.cli.main import emit
    from assistant.dialogue.render_text import render

    if out is not None and target is not None:
        written = app.export_guide(result, target, out=out, replace=force)
        click.echo(f"Wrote {written}", err=as_json)
    if as_json:
        emit(result.model_dump(mode="json"))
    elif out is None:
        click.echo(render([shown]))


@click.command(name="coach-prep")
@click.option("--driver", required=True, metavar="D", help="the driver the conversation is about (any alias)")
@STAGE_OPTION
@click.option(
    "--context",
    metavar="TEXT",
    help="who you are coaching, what you observed, the data at hand (e.g. 'new teacher, walkthrough: pacing')",
)
@JSON_OPTION
@OUT_OPTION
@FORMAT_OPTION
@FORCE_OPTION
def coach_prep(
    driver: str,
    stage: str | None,
    context: str | None,
    as_json: bool,
    out: Path | None,
    fmt: str | None,
    force: bool,
) -> None:
    """Prepare a coaching conversation: a guide grounded in the coaching best practices and leadership behaviours."""
    from assistant.app.assistant import driver_and_stage
    from assistant.cli.main import assistant
    from assistant.dialogue.events import GuideShown
    from assistant.generators.coach import check_context

    driver_and_stage(driver, stage, "the conversation is about")
    context = check_context(context)
    app = assistant()
    target = _target(app, out, fmt, force)
    guide = app.coach_guide(driver, stage, context)
    _show(app, guide, GuideShown(guide=guide), out, target, force, as_json)


@click.command(name="reflect")
@click.option("--driver", required=True, metavar="D", help="the driver of the session (any alias)")
@STAGE_OPTION
@click.option("--audience", metavar="TEXT", help="who the prompts are for, e.g. 'new teachers', 'coaches'")
@click.option("--n", "n", type=int, default=None, metavar="N", help="how many prompts (1-30)  [default: 8]")
@click.option("--seed", type=int, default=None, metavar="N", help="another seed gives another set of prompts")
@JSON_OPTION
@OUT_OPTION
@FORMAT_OPTION
@FORCE_OPTION
def reflect(
    driver: str,
    stage: str | None,
    audience: str | None,
    n: int | None,
    seed: int | None,
    as_json: bool,
    out: Path | None,
    fmt: str | None,
    force: bool,
) -> None:
    """Reflection prompts for a training session or debrief: before, during and after, with sources."""
    from assistant.app.assistant import driver_and_stage
    from assistant.cli.main import assistant
    from assistant.dialogue.events import PromptsShown
    from assistant.generators.reflect import check_audience, check_n, load_phrasing

    driver_and_stage(driver, stage, "the session is about")
    phrasing = load_phrasing()
    count = check_n(phrasing.limits.default_n if n is None else n, phrasing)
    audience = check_audience(audience)
    app = assistant()
    target = _target(app, out, fmt, force)
    prompts = app.reflection(driver, stage, audience, count, seed)
    _show(app, prompts, PromptsShown(prompts=prompts), out, target, force, as_json)


@click.group(name="guides")
def guides() -> None:
    """The coaching guides and reflection handouts the web app exported."""


@guides.command(name="delete")
@click.option(
    "--older-than",
    "hours",
    type=click.FloatRange(min=0, min_open=True),
    metavar="HOURS",
    help="only those exported longer ago than this (default: all)",
)
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def guides_delete(hours: float | None, yes: bool) -> None:
    """Delete the guides and handouts the web app exported, and the copies its web server handed to browsers.

    The app also deletes them by itself once they are older than CIP_ASSISTANT_GUIDE_HOURS (default 24).
    """
    import sys

    from assistant.cli.main import assistant
    from assistant.errors import InputError

    which = "all the guides and handouts" if hours is None else f"the guides and handouts older than {hours:g} hours"
    if not yes:
        if not sys.stdin.isatty():
            raise InputError(f"Deleting {which} the web app exported cannot be undone; add --yes to confirm.")
        click.confirm(f"Delete {which} the web app exported? This cannot be undone.", abort=True)
    removed = assistant(quiet=True).remove_guides(hours)
    click.echo(f"Deleted {removed} exported guide{'s' if removed != 1 else ''}.")


__all__ = ["coach_prep", "guides", "reflect"]
