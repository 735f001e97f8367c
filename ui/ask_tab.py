"""The Ask tab: a conversation with the guidance. A follow-up ("and how often?") is read with the questions before
it, every earlier turn stays on the page, and each citation mark in an answer links to its numbered source below it.

The conversation lives in the browser's session on the server (a `gr.State`); "New question" forgets it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from html import escape
from typing import Any

import gradio as gr
from gradio.events import api

from assistant.generators.conversation import AskState, AskTurn
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


def ask_tab(ws: Workspace, pieces: Any, delay: float) -> Callable[[str, str | None], str]:
    """The tab, inside the page's tabs; `pieces` cuts an answer into the growing prefixes it appears as.

    Returns the one-question function for scripts, which the page registers outside its tabs (an API endpoint
    inside the tabs would show as a tab of its own)."""
    with gr.Tab("Ask", id="ask"):
        gr.Markdown(
            "Ask what the guidance says; the answer quotes the sources and each source opens. Follow-up questions "
            "are read with the ones before, until you start a new question."
        )
        state = gr.State(None)
        answer = gr.HTML(EMPTY, elem_id="cip-answer")
        with gr.Row():
            question = gr.Textbox(label="Question", max_lines=3, max_length=2000, scale=5, elem_id="cip-question")
            driver = gr.Dropdown(
                label="Driver (optional)", choices=[("Any driver", ""), *driver_choices()], value="", scale=2
            )
        with gr.Row():
            ask = gr.Button("Ask", variant="primary", scale=3, elem_id="cip-ask")
            new = gr.Button("New question", scale=1, elem_id="cip-ask-new")

    def lookup() -> render.Lookup:
        return ws.retriever.passage

    def on_ask(text: str, chosen: str | None, current: AskState | None) -> Iterator[tuple[Any, Any, Any]]:
        try:
            turn, after, notices = ws.ask_follow_up(text or "", current, chosen or None)
        except Exception as exc:
            # The conversation stays as it was and the question stays in its box, to be fixed and asked again.
            yield conversation_html(current, lookup()) + _warn(exc), current, gr.update()
            return
        for notice in notices:
            gr.Info(escape(notice))
        by_id = lookup()
        for prefix in pieces(turn.answer.answer):
            yield conversation_html(after, by_id, prefix), after, ""
            time.sleep(delay)
        yield conversation_html(after, by_id), after, ""

    def on_new() -> tuple[str, None, str]:
        return EMPTY, None, ""

    options: dict[str, Any] = {"concurrency_id": "ask", "show_progress": "minimal"}
    ask.click(on_ask, [question, driver, state], [answer, state, question], api_name="ask_turn", **options)
    question.submit(
        on_ask,
        [question, driver, state],
        [answer, state, question],
        api_name="ask_turn_submit",
        api_visibility="undocumented",
        **options,
    )
    new.click(on_new, None, [answer, state, question], api_name="ask_new", queue=False)

    # One question on its own, for scripts: the same answer as the page's first turn.
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
