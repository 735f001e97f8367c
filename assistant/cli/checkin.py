"""`cip-assistant chat --mode checkin` and `cip-assistant plan due`: the plan carried through the year."""

from __future__ import annotations

import json
from typing import Any

import click


def chat_checkin(name: str | None) -> None:
    """A check-in on the saved plan NAME, one answer per turn, each saved before the next question is shown."""
    from assistant.cli.chatting import _read_turns, _say, shlex_quote
    from assistant.cli.main import assistant
    from assistant.errors import InputError

    if not name:
        raise InputError("A check-in works on a saved plan: add --session NAME (`cip-assistant plan list` shows them).")
    sessions = assistant().checkins
    _, opening = sessions.open(name)
    _say(opening)
    for line in _read_turns():
        _, reply = sessions.turn(name, line)
        _say(reply.text)
        if reply.done:
            break
    click.echo(f"Saved. Continue with: cip-assistant chat --mode checkin --session {shlex_quote(name)}", err=True)


@click.command(name="due")
@click.option("--within", type=click.IntRange(0, 3660), default=30, show_default=True, help="days ahead to look")
@click.option("--session", "name", metavar="NAME", help="only this plan (default: every saved plan)")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def plan_due(within: int, name: str | None, as_json: bool) -> None:
    """What is overdue or coming due in the next WITHIN days, across the saved plans: a team lead's agenda."""
    from assistant.cli.main import assistant
    from assistant.planning.status import STATUS_WORDS

    sessions = assistant(quiet=True).sessions
    today = sessions.today()
    items = sessions.coming_due(within, name)
    if as_json:
        data: list[dict[str, Any]] = [
            {
                "plan": item.plan,
                "action": item.action.number,
                "description": item.action.description,
                "owner": item.action.owner,
                "date": item.when.isoformat(),
                "due": item.action.due.isoformat() if item.action.due else None,
                "recurrence": item.action.recurrence,
                "status": item.status,
                "set_status": item.action.status,
            }
            for item in items
        ]
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    if not items:
        click.echo(f"Nothing is overdue or due in the next {within} days (as of {today.isoformat()}).")
        return
    click.echo(f"As of {today.isoformat()}, overdue or due in the next {within} days:")
    for item in items:
        owner = item.action.owner or "owner not set"
        click.echo(
            f"{item.when.isoformat()}  {STATUS_WORDS[item.status]:<11}  {item.plan} · action {item.action.number}: "
            f"{item.action.description}  ({owner})"
        )
