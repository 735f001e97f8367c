"""The Ask tab: a conversation with the guidance. A follow-up ("and how often?") is read with the questions before
it, every earlier turn stays on the page, and each citation mark in an answer links to its numbered source below it.

Every turn is saved with an Ask session on the server as it is answered; the browser remembers which conversation
it is in (its local storage holds the name), so a reload or a closed tab picks it up again. "New question" starts
another conversation; the earlier ones stay saved and can be opened again from the list.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from html import escape
from typing import Any

import gradio as gr
from gradio.events import api

from assistant.app.ask import ask_state, new_name
from assistant.models import AskState, AskTurn
from ui import render
from ui.common import warn as _warn
from ui.guide_tabs import driver_choices
from ui.state import Workspace

EMPTY = '<p class="cip-empty">Ask a question; follow-ups such as “and how often?” are read with the one before.</p>'


def turn_html(number: int, turn: AskTurn, lookup: render.Lookup | None = None, shown: str | None = None) -> str:
    """One question and its answer (or the part of it shown so far), with its numbered sources once complete."""
    asked = f'<div class="cip-asked">{escape(turn.question)}</div>'
    if turn.searched != turn.question:
        asked += f'<div class="cip-searched">Read with the question before: {escape(turn.searched)}</div>'
    complete = shown is None or shown == turn.answer.answer
    answer = render.answer_html(turn.answer, shown, lookup, turn=number)
    return f'<div class="cip-ask-turn{" cip-complete" if complete else ""}">{asked}{answer}</div>'


def conversation_html(state: AskState | None, lookup: render.Lookup | None = None, shown: str | None = None) -> str:
    """Every turn so far, oldest first; `shown` is how much of the newest answer has appeared."""
    turns = state.turns if state is not None else []
    if not turns:
        return EMPTY
    parts = [turn_html(n, turn, lookup, shown if n == len(turns) else None) for n, turn in enumerate(turns, start=1)]
    return "".join(parts)


def conversation_choices(ws: Workspace, limit: int = 30) -> list[tuple[str, str]]:
    """The saved Ask conversations, newest first: when, how many questions, and the first of them."""
    choices = []
    for summary in ws.saved_sessions("ask")[:limit]:
        try:
            turns = ask_state(ws.conversations.load(summary.name)).turns
        except Exception:
            continue
        if not turns:
            continue
        first = turns[0].question if len(turns[0].question) <= 70 else turns[0].question[:69] + "…"
        count = f"{len(turns)} question{'s' if len(turns) != 1 else ''}"
        choices.append((f"{summary.updated:%Y-%m-%d %H:%M} · {count} · {first}", summary.name))
    return choices


def ask_tab(ws: Workspace, pieces: Any, delay: float, page: gr.Blocks) -> Callable[[str, str | None], str]:
    """The tab, inside the page's tabs; `pieces` cuts an answer into the growing prefixes it appears as.

    Returns the one-question function for scripts, which the page registers outside its tabs (an API endpoint
    inside the tabs would show as a tab of its own)."""
    with gr.Tab("Ask", id="ask"):
        gr.Markdown(
            "Ask what the guidance says; the answer quotes the sources and each source opens. Follow-up questions "
            "are read with the ones before, until you start a new question. Every question is saved."
        )
        # The name of this browser's conversation, kept in its local storage so a reload finds it again.
        current = gr.BrowserState(None, storage_key="cip-ask-conversation")
        answer = gr.HTML(EMPTY, elem_id="cip-answer")
        with gr.Row():
            question = gr.Textbox(label="Question", max_lines=3, max_length=2000, scale=5, elem_id="cip-question")
            driver = gr.Dropdown(
                label="Driver (optional)", choices=[("Any driver", ""), *driver_choices()], value="", scale=2
            )
        with gr.Row():
            ask = gr.Button("Ask", variant="primary", scale=3, elem_id="cip-ask")
            new = gr.Button("New question", scale=1, elem_id="cip-ask-new")
        earlier = gr.Dropdown(label="Earlier conversations", choices=[], value=None, elem_id="cip-ask-earlier")
        # What this page's list shows (its choices and the one chosen), so it is sent again only when it changed.
        listed = gr.State(None)

    def lookup() -> render.Lookup:
        return ws.retriever.passage

    def shown(name: str | None) -> AskState | None:
        if not name:
            return None
        try:
            return ask_state(ws.conversations.load(name))
        except Exception:
            return None

    def relisted(value: str | None, before: Any) -> tuple[Any, Any]:
        """The list of earlier conversations as it now is, sent only when it differs from what the page shows."""
        now = (conversation_choices(ws), value)
        return (gr.update(), before) if now == before else (gr.update(choices=now[0], value=value), now)

    def on_ask(
        text: str, chosen: str | None, name: str | None, before: Any
    ) -> Iterator[tuple[Any, Any, Any, Any, Any]]:
        name = name if shown(name) is not None else None
        try:
            session, turn, notices = ws.conversations.turn(name or new_name(), text or "", chosen or None)
        except Exception as exc:
            # The conversation stays as it was and the question stays in its box, to be fixed and asked again;
            # nothing was saved, so the list is left alone.
            yield conversation_html(shown(name), lookup()) + _warn(exc), name, gr.update(), gr.update(), gr.update()
            return
        for notice in notices:
            gr.Info(escape(notice))
        after = ask_state(session)
        by_id = lookup()
        for prefix in pieces(turn.answer.answer):
            yield conversation_html(after, by_id, prefix), gr.update(), "", gr.update(), gr.update()
            time.sleep(delay)
        yield conversation_html(after, by_id), session.id, "", *relisted(session.id, before)

    def on_new(before: Any) -> tuple[str, None, str, Any, Any]:
        if before is not None and before[1] is not None:
            return EMPTY, None, "", gr.update(value=None), (before[0], None)
        return EMPTY, None, "", gr.update(), before

    def on_open(name: str | None, before: Any) -> tuple[Any, Any, Any]:
        state = shown(name)
        if state is None:
            return gr.update(), gr.update(), before
        # The person chose it in the list, which now shows it: nothing to send back to the list.
        return conversation_html(state, lookup()), name, (before[0], name) if before is not None else before

    def on_restore(name: str | None, before: Any) -> tuple[str, Any, Any]:
        # The browser hands back the name it kept once the page has loaded (and after each new conversation).
        state = shown(name)
        kept = name if state is not None else None
        return conversation_html(state, lookup()), *relisted(kept, before)

    def on_load(before: Any) -> tuple[Any, Any]:
        return relisted(before[1] if before is not None else None, before)

    options: dict[str, Any] = {"concurrency_id": "ask", "show_progress": "minimal"}
    outputs = [answer, current, question, earlier, listed]
    ask.click(on_ask, [question, driver, current, listed], outputs, api_name="ask_turn", **options)
    question.submit(
        on_ask,
        [question, driver, current, listed],
        outputs,
        api_name="ask_turn_submit",
        api_visibility="undocumented",
        **options,
    )
    new.click(on_new, listed, outputs, api_name="ask_new", queue=False)
    # Quick reads of the saved conversations: outside the queue, so a page never waits behind (or is turned away
    # by) other teams' questions just to show its own history.
    quick: dict[str, Any] = {"api_visibility": "undocumented", "queue": False}
    earlier.input(on_open, [earlier, listed], [answer, current, listed], api_name="ask_open", **quick)
    current.change(on_restore, [current, listed], [answer, earlier, listed], api_name="ask_restore", **quick)
    page.load(on_load, listed, [earlier, listed], api_name="ask_load", **quick)

    # One question on its own, for scripts: the same answer as the page's first turn, not saved.
    def single(text: str, chosen: str | None) -> str:
        try:
            _, after, _ = ws.ask_follow_up(text or "", None, chosen or None)
        except Exception as exc:
            return _warn(exc)
        return conversation_html(after, lookup())

    return single


def register_script_ask(single: Callable[[str, str | None], str]) -> None:
    """`/ask` for scripts: one question on its own, the same answer as the page's first turn."""
    api(single, api_name="ask", concurrency_id="ask")
