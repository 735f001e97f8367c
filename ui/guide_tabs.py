"""The Coach prep and Reflection prompts tabs of the web app: a guide or a set of prompts, shown and downloaded.

Each is drawn from the event the coach and reflect chats show it with (`GuideShown`, `PromptsShown`), so the page
lays it out the one way, with the passage behind every item.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.dialogue.events import GuideShown, PromptsShown
from assistant.knowledge.curated import drivers as driver_infos
from assistant.knowledge.curated import stages as stage_infos
from ui import render
from ui.common import DOWNLOAD_JS
from ui.common import warn as _warn
from ui.state import Workspace

# What a handler returns: the components it changes, each with its new value (the ones it leaves out stay as they are).
Update = dict[Any, Any]


def driver_choices() -> list[tuple[str, str]]:
    return [(d.name, d.key.value) for d in driver_infos()]


def _stage_choices() -> list[tuple[str, str]]:
    return [("Any stage", "")] + [(s.name, s.key.value) for s in stage_infos()]


def _download_row(prefix: str) -> tuple[list[tuple[gr.Button, str]], gr.File]:
    with gr.Row():
        buttons = [
            (gr.Button(f"Download {label}", size="sm", elem_id=f"cip-{prefix}-{fmt}"), fmt)
            for label, fmt in (("Word", "docx"), ("Markdown", "md"))
        ]
    return buttons, gr.File(label="Download", interactive=False, visible=False, elem_id=f"cip-{prefix}-file")


def coach_tab(ws: Workspace) -> None:
    """Coach prep: a conversation guide for a supervisor, from the coaching practices and leadership behaviours."""
    with gr.Tab("Coach prep", id="coach"):
        gr.Markdown("Prepare a coaching conversation: a guide grounded in the coaching best practices.")
        with gr.Row():
            driver = gr.Dropdown(label="Driver", choices=driver_choices(), value="coaching", elem_id="cip-coach-driver")
            stage = gr.Dropdown(label="Stage", choices=_stage_choices(), value="", elem_id="cip-coach-stage")
        context = gr.Textbox(
            label="Context (optional)",
            placeholder="e.g. new teacher, walkthrough notes on pacing, benchmark data from October",
            lines=2,
            max_length=2000,
            elem_id="cip-coach-context",
        )
        run = gr.Button("Prepare the guide", variant="primary", elem_id="cip-coach-run")
        out = gr.HTML("", elem_id="cip-coach-guide")
        downloads, file = _download_row("coach")

    def show(d: str | None, s: str | None, c: str | None) -> Update:
        try:
            shown = GuideShown(guide=ws.coach_guide(d, s or None, c))
            return {out: render.events_html([shown], ws.retriever.passage)}
        except Exception as exc:
            return {out: _warn(exc)}

    def download(fmt: str) -> Callable[[str | None, str | None, str | None], Update]:
        def run_export(d: str | None, s: str | None, c: str | None) -> Update:
            try:
                # The guide is deterministic, so the file holds exactly what is on screen.
                path = ws.export_guide(ws.coach_guide(d, s or None, c), fmt, Path(file.GRADIO_CACHE))
                return {file: gr.update(value=str(path), visible=True)}
            except Exception as exc:
                _warn(exc)
                return {file: gr.update()}

        return run_export

    run.click(show, [driver, stage, context], [out], concurrency_id="generate", api_name="coach_prep")
    for button, fmt in downloads:
        button.click(
            download(fmt), [driver, stage, context], [file], concurrency_id="generate", api_name=f"coach_export_{fmt}"
        ).success(None, js=DOWNLOAD_JS.replace("#cip-download", "#cip-coach-file"))


def reflect_tab(ws: Workspace) -> None:
    """Reflection prompts for a trainer: before, during and after a session, each from a cited passage."""
    with gr.Tab("Reflection prompts", id="reflect"):
        gr.Markdown("Reflection prompts for a training session or debrief, with the passage behind each one.")
        with gr.Row():
            driver = gr.Dropdown(
                label="Driver", choices=driver_choices(), value="training", elem_id="cip-reflect-driver"
            )
            stage = gr.Dropdown(label="Stage", choices=_stage_choices(), value="", elem_id="cip-reflect-stage")
            count = gr.Slider(1, 30, value=8, step=1, label="How many prompts", elem_id="cip-reflect-n")
        audience = gr.Textbox(label="Audience (optional)", placeholder="e.g. new teachers, coaches", max_length=200)
        seed = gr.State(None)
        with gr.Row():
            run = gr.Button("Write the prompts", variant="primary", elem_id="cip-reflect-run")
            another = gr.Button("Another set", elem_id="cip-reflect-another")
        out = gr.HTML("", elem_id="cip-reflect-prompts")
        downloads, file = _download_row("reflect")
    inputs = [driver, stage, audience, count]

    def show(d: str | None, s: str | None, a: str | None, n: float, current: int | None) -> Update:
        try:
            prompts = ws.reflection(d, s or None, a, int(n), current)
        except Exception as exc:
            return {out: _warn(exc)}  # the set on screen keeps its seed, so "Another set" goes on from it
        return {out: render.events_html([PromptsShown(prompts=prompts)], ws.retriever.passage), seed: prompts.seed}

    def first(d: str | None, s: str | None, a: str | None, n: float) -> Update:
        return show(d, s, a, n, None)

    def next_set(d: str | None, s: str | None, a: str | None, n: float, current: int | None) -> Update:
        if current is None:
            return first(d, s, a, n)
        return show(d, s, a, n, current + 1)

    def download(fmt: str) -> Callable[..., Update]:
        def run_export(d: str | None, s: str | None, a: str | None, n: float, current: int | None) -> Update:
            try:
                prompts = ws.reflection(d, s or None, a, int(n), current)
                return {
                    file: gr.update(value=str(ws.export_guide(prompts, fmt, Path(file.GRADIO_CACHE))), visible=True)
                }
            except Exception as exc:
                _warn(exc)
                return {file: gr.update()}

        return run_export

    run.click(first, inputs, [out, seed], concurrency_id="generate", api_name="reflect")
    another.click(next_set, [*inputs, seed], [out, seed], concurrency_id="generate", api_name="reflect_more")
    for button, fmt in downloads:
        button.click(
            download(fmt), [*inputs, seed], [file], concurrency_id="generate", api_name=f"reflect_export_{fmt}"
        ).success(None, js=DOWNLOAD_JS.replace("#cip-download", "#cip-reflect-file"))
