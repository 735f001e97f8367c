"""The terminal side of a chat: turns read from the terminal or a script, replies shown as they come, and the
Ask, coach and reflect chats."""

from __future__ import annotations

import sys
from typing import Any

import click


def print_answer(result: Any) -> None:
    from assistant.knowledge.citations import citation_label

    click.echo(result.answer)
    seen: dict[str, int] = {}
    for citation in result.citations:
        if citation.id not in seen:
            seen[citation.id] = len(seen) + 1
            click.echo(f"  [{seen[citation.id]}] {citation_label(citation)}")


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


def _show(backend: Any, events: list[Any], passages: list[Any]) -> None:
    """A reply, its events in words, as it is produced: reworded by the language model when one is configured and
    it is safe."""
    from assistant.dialogue.render_text import render

    text = render(events)
    if not backend.can_phrase:
        _say(text)
        return
    from assistant.llm import stream_reply
    from assistant.llm.guard import for_terminal

    notices: list[str] = []
    for piece in stream_reply(backend, text, [p for p in passages if p is not None], notices):
        click.echo(for_terminal(piece), nl=False)
    click.echo("\n")
    if notices:
        click.echo(" ".join(notices), err=True)


def _chat_generator(app: Any, mode: str, name: str | None, stage: str | None, drivers: tuple[str, ...]) -> None:
    """Coach prep and reflection prompts as a conversation, saved like a planning session when named."""
    from assistant.errors import InputError
    from assistant.knowledge.curated import resolve_driver, resolve_stage

    if len(drivers) > 1:
        raise InputError(f"{mode} mode works on one driver at a time; give a single --driver.")
    driver = resolve_driver(drivers[0]) if drivers else None
    stage_key = resolve_stage(stage) if stage else None
    if name is None:
        unsaved = app.guides.unsaved(mode, driver, stage_key)
        _say(unsaved.start())
        for line in _read_turns():
            reply = unsaved.reply(line)
            _say(reply.text)
            if reply.done:
                break
        return
    # Every turn is taken on the session as stored, under its lock, so a second window never loses its work or ours.
    session, opening = app.guides.open(name, mode, driver, stage_key)
    _say(opening.text)
    for line in _read_turns():
        session, reply = app.guides.turn(session.id, line, driver, stage_key)
        _say(reply.text)
        if reply.done:
            break
    click.echo(f"Saved. Resume with: cip-assistant chat --mode {mode} --session {shlex_quote(session.id)}", err=True)


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _chat_ask(app: Any, name: str | None) -> None:
    from assistant.errors import InputError
    from assistant.generators.conversation import AskConversation

    notices: list[str] = []

    def answerer(question: str, drivers: Any) -> Any:
        result, notice = app.ask(question, [d.value for d in drivers] if drivers else None)
        if notice:
            notices.append(notice)
        return result

    def show(turn: Any) -> None:
        for notice in notices:
            click.echo(notice, err=True)
        notices.clear()
        if turn.searched != turn.question:
            click.echo(f"Searching for: {turn.searched}")
        print_answer(turn.answer)
        click.echo()

    if name is not None:
        # Saved: every question and answer is kept with the session, so a later chat reads follow-ups with them.
        from assistant.app.ask import ask_state

        session = app.conversations.open(name)
        earlier = ask_state(session).turns
        if earlier:
            count = f"{len(earlier)} earlier question{'s' if len(earlier) != 1 else ''}"
            _say(f"Resumed '{session.id}' ({count}); the last was: {earlier[-1].question}")
        else:
            _say("Ask anything about the guidance (Ctrl-D to quit).")
        for line in _read_turns():
            if not line.strip():
                continue
            try:
                session, turn, said = app.conversations.turn(session.id, line)
            except InputError as exc:
                _say(str(exc))
                continue
            notices.extend(said)
            show(turn)
        if session.transcript:  # a conversation is saved with its first answer; one with none was never kept
            click.echo(
                f"Saved. Resume with: cip-assistant chat --mode ask --session {shlex_quote(session.id)}", err=True
            )
        return

    # Loaded before the first prompt, so the first answer does not wait for it. Follow-ups ("and for new hires?")
    # are read with the question before; unsaved, the history lasts the chat.
    conversation = AskConversation(app.retriever, answerer=answerer)
    _say("Ask anything about the guidance (Ctrl-D to quit).")
    for line in _read_turns():
        if not line.strip():
            continue
        try:
            turn = conversation.ask(line)
        except InputError as exc:
            _say(str(exc))
            continue
        show(turn)
