"""The Gradio app: tabs for planning, asking and adding documents, wired to `ui.state.Workspace`.

Handlers turn every expected failure into one sentence on the page; the server log keeps the details of the
unexpected ones. The browser holds only the session's name, so reloading the page loses nothing.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping, Sequence
from html import escape
from pathlib import Path
from types import MethodType
from typing import Any
from urllib.parse import unquote, urlsplit

import gradio as gr

from assistant.config import Settings, get_settings
from assistant.errors import AssistantError, InputError
from assistant.knowledge.curated import drivers as driver_infos
from assistant.knowledge.curated import stages as stage_infos
from assistant.knowledge.documents import MAX_BYTES, SUPPORTED_SUFFIXES
from assistant.models import Session
from ui import charts, render
from ui.checkin import checkin_tab
from ui.signin import LOCK_SECONDS, MAX_FAILURES, SignInAttempts, SignInGuard
from ui.state import COLUMNS, READ_ONLY_COLUMNS, Workspace, keep_gradio_cache_in_home, plan_rows

log = logging.getLogger("cip_assistant.ui")

TITLE = "CIP Assistant"
# Replies are computed whole, then shown a few words at a time: long replies read as they arrive.
STREAM_PIECES = 10
STREAM_DELAY = 0.02
EXPORTS = (("Markdown", "md"), ("Word", "docx"), ("JSON", "json"), ("CSV", "csv"), ("Calendar", "ics"))
COMMANDS = ("/skip", "/back", "/plan", "/why", "/done", "/help")
NOT_STARTED = "Start a new plan or resume a saved one first (at the top of the page)."
# What an API client reads when the queue is full; a browser shows Gradio's own "busy, try again" notice.
BUSY = "The assistant is busy with other teams' requests; try again in a moment."
REFUSED = "This request came from another web page or address; open CIP Assistant at its own address to use it."
NOT_SERVED = "CIP Assistant serves only its own files, never an address on the network."
SIGN_IN = (
    f"CIP Assistant: sign in with the team's password. After {MAX_FAILURES} wrong passwords, this computer must "
    f"wait {round(LOCK_SECONDS / 60)} minutes before it can sign in."
)
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Gradio's routes that serve what the path names: its file route, in both spellings, and its proxy (for apps
# loaded from elsewhere, which this one never is).
_FILE_ROUTE = re.compile(r"/gradio_api/(file=|file/|proxy=)(.*)", re.DOTALL)
# A web address rather than a file here: a scheme of two letters or more ("C:" is a Windows drive), or a
# scheme-relative "//host" (a Windows share when written with backslashes), after any blanks or control characters.
_ADDRESS = re.compile(r"[\x00-\x20]*(?:[a-z][a-z0-9+.-]+:|//)", re.IGNORECASE)
# How many more times a target is percent-decoded when looking for an address in it: whatever decodes it later
# (a proxy, a browser, Gradio) must not find one either.
ADDRESS_DECODINGS = 4

CSS = """
.cip-msg { white-space: pre-wrap; }
#cip-table .add-row-button, #cip-table .drop-hint { display: none; }
#cip-table td, #cip-table th, #cip-table span, #cip-table textarea, #cip-table input {
  font-family: var(--font); font-size: var(--text-md); }
.cip-cite { display: inline-block; margin: 2px 0; white-space: normal; }
.cip-cite > summary { cursor: pointer; color: var(--link-text-color, #0b5cad); text-decoration: underline dotted; }
.cip-passage { white-space: pre-wrap; border-left: 3px solid #9bbbd8; padding: 4px 8px; margin: 4px 0;
  background: rgba(11, 92, 173, 0.06); font-size: 0.95em; }
.cip-source { font-size: 0.85em; opacity: 0.8; }
.cip-heading { font-size: 1.05em; padding: 4px 2px; }
.cip-status { min-height: 1.4em; }
#cip-index-status { min-height: 4em; }
.cip-status .cip-error { color: #a33a00; font-weight: 600; }
.cip-status .cip-ok { color: #1f6f43; }
.cip-action > summary { cursor: pointer; }
.cip-action ul { margin: 4px 0 6px 18px; }
.cip-badge { font-size: 0.85em; opacity: 0.85; margin-left: 6px; }
.cip-met { color: #1f6f43; }
.cip-needs_attention { color: #a35a00; }
.cip-not_applicable { color: #666; }
.cip-empty, .cip-chart-empty, .cip-chart-note { opacity: 0.75; font-size: 0.95em; padding: 6px 2px; }
.cip-timeline text, .cip-coverage text { font-family: inherit; }
.cip-axis { font-size: 11px; fill: #555; }
.cip-owner { font-size: 12px; fill: #222; font-weight: 600; }
.cip-label { font-size: 11px; fill: #222; }
.cip-count { font-size: 14px; font-weight: 600; }
.cip-grid { stroke: #e3e3e3; stroke-width: 1; }
.cip-sep { stroke: #d0d0d0; stroke-dasharray: 3 3; }
.cip-today { stroke: #a33a00; stroke-width: 1.5; stroke-dasharray: 4 3; }
.cip-legend { display: flex; flex-wrap: wrap; gap: 10px; font-size: 0.85em; padding: 2px 4px; }
.cip-key i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px;
  vertical-align: -1px; }
.cip-answer { white-space: pre-wrap; font-size: 1.05em; line-height: 1.5; padding: 6px 2px; }
.cip-sources h4, .cip-document h4 { margin: 10px 0 4px; }
.cip-guide li { margin: 6px 0; }
.cip-facts { opacity: 0.8; }
.cip-sources .cip-cite { display: block; }
@media (prefers-color-scheme: dark) {
  .cip-axis { fill: #bbb; } .cip-owner, .cip-label { fill: #eee; }
}
"""
# Clicks the link of the file just exported, so an export button downloads in one click.
DOWNLOAD_JS = """
async () => {
  await new Promise((resolve) => setTimeout(resolve, 150));
  const link = document.querySelector('#cip-download a[href]');
  if (link) { link.click(); }
}
"""


def _theme() -> gr.themes.Base:
    # System fonts: the default theme would fetch web fonts, and the app makes no request off the machine.
    system = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    return gr.themes.Default(primary_hue="blue", font=system, font_mono=mono)


def _sentence(exc: Exception) -> str:
    """The one sentence a team sees for a failure."""
    if isinstance(exc, AssistantError):
        return str(exc)
    log.exception("unexpected error in the web UI")
    return (
        f"Something went wrong ({type(exc).__name__}); everything saved before it is kept. "
        "Try again, and if it keeps happening, check the server's log."
    )


def _status(text: str = "", error: bool = False) -> str:
    if not text:
        return ""
    if error:
        return f'<div class="cip-error">⚠ {escape(text)}</div>'
    return f'<div class="cip-ok">{escape(text)}</div>'


def _warn(exc: Exception) -> str:
    sentence = _sentence(exc)
    # The toast renders its message as HTML, and the sentence may quote what a team typed or a file's name.
    gr.Warning(escape(sentence))
    return _status(sentence, error=True)


def pieces(text: str, count: int = STREAM_PIECES) -> Iterator[str]:
    """Growing prefixes of `text`, cut between words, ending with the whole text."""
    words = re.findall(r"\S+\s*|\s+", text)
    step = max(1, -(-len(words) // count))
    for end in range(step, len(words), step):
        yield "".join(words[:end])
    yield text


def _growing(ws: Workspace, text: str, hint_ids: Sequence[str]) -> Iterator[str]:
    """The reply as it should appear: the model's rewording as it streams, or the reply a few words at a time."""
    phrased = ws.phrase(text, hint_ids)
    if phrased is None:
        for prefix in pieces(text):
            yield prefix
            time.sleep(STREAM_DELAY)
        return
    shown = ""
    for piece in phrased:
        shown += piece
        yield shown


def _session_choices(ws: Workspace) -> list[tuple[str, str]]:
    choices = []
    for s in ws.saved_plans():
        n = f"{s.actions} action{'s' if s.actions != 1 else ''}"
        label = f"{s.name} · {s.initiative or 'no initiative'} · {n} · {s.updated:%Y-%m-%d %H:%M}"
        if s.damaged:
            label = f"{s.name} · damaged, cannot be opened"
        choices.append((label, s.name))
    return choices


def build_app(settings: Settings | None = None, workspace: Workspace | None = None) -> gr.Blocks:
    """The whole UI over one workspace (loading the retriever, and the index if there is none)."""
    settings = settings or get_settings()
    ws = workspace or Workspace(settings)
    lookup = ws.cited_passage

    def plan_view(session: Session, status: str = "") -> tuple[Any, ...]:
        plan = session.plan
        return (
            render.history(session, lookup),
            plan_rows(plan),
            render.equity_html(plan),
            charts.timeline_svg(plan, ws.today()),
            charts.coverage_svg(plan),
            render.plan_heading(plan),
            status,
            session.id,
            gr.update(choices=_session_choices(ws), value=session.id),
        )

    def unchanged(status: str) -> tuple[Any, ...]:
        return (*(gr.update() for _ in range(6)), status, gr.update(), gr.update())

    demo = gr.Blocks(title=TITLE, fill_width=True, delete_cache=(3600, 86400))
    with demo:
        current = gr.State(None)
        # The plan the confirmation on screen is about; deleting needs it to still be the plan shown.
        to_delete = gr.State(None)
        gr.Markdown(f"# {TITLE}\nDraft your Continuous Improvement Plan with the implementation-science guidance.")
        with gr.Tabs():
            with gr.Tab("Plan", id="plan"):
                with gr.Accordion("Start or resume a plan", open=True) as opener, gr.Row():
                    with gr.Column(scale=3):
                        new_name = gr.Textbox(label="Session name", max_lines=1, max_length=80, elem_id="cip-name")
                        initiative = gr.Textbox(
                            label="Initiative",
                            placeholder="e.g. Structured literacy in grades K-3",
                            max_lines=2,
                            max_length=300,
                            elem_id="cip-initiative",
                        )
                        with gr.Row():
                            stage = gr.Dropdown(
                                label="Implementation stage",
                                choices=[(s.name, s.key.value) for s in stage_infos()],
                                value=None,
                                elem_id="cip-stage",
                            )
                        drivers = gr.CheckboxGroup(
                            label="Drivers to plan for",
                            choices=[(d.name, d.key.value) for d in driver_infos()],
                            elem_id="cip-drivers",
                        )
                        start = gr.Button("Start plan", variant="primary", elem_id="cip-start")
                    with gr.Column(scale=2):
                        saved = gr.Dropdown(
                            label="Resume a saved plan",
                            choices=[],
                            value=None,
                            elem_id="cip-saved",
                            info="Choose a plan to continue where the team left off.",
                        )
                with gr.Row(equal_height=True):
                    heading = gr.HTML("", elem_id="cip-heading")
                    status = gr.HTML("", elem_classes=["cip-status"], elem_id="cip-status")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=5, min_width=360):
                        chat = gr.Chatbot(
                            label="Conversation",
                            height=560,
                            render_markdown=False,
                            sanitize_html=True,
                            feedback_options=None,
                            elem_id="cip-chat",
                            placeholder="Start or resume a plan to see the guiding questions here.",
                        )
                        with gr.Row():
                            message = gr.Textbox(
                                show_label=False,
                                placeholder="Your answer, or a command such as /skip",
                                lines=2,
                                max_lines=8,
                                max_length=10_000,
                                scale=6,
                                elem_id="cip-message",
                            )
                            send = gr.Button("Send", variant="primary", scale=1, min_width=80, elem_id="cip-send")
                        with gr.Row():
                            command_buttons = [
                                gr.Button(cmd, size="sm", min_width=60, elem_id=f"cip-cmd-{cmd[1:]}")
                                for cmd in COMMANDS
                            ]
                    with gr.Column(scale=7, min_width=420):
                        table = gr.Dataframe(
                            headers=list(COLUMNS),
                            value=[],
                            datatype="str",
                            type="array",
                            interactive=True,
                            static_columns=READ_ONLY_COLUMNS,
                            wrap=True,
                            label="The plan (edit Action, Owner, Due, Recurrence or Status; changes are saved)",
                            column_widths=["4%", "27%", "12%", "13%", "12%", "11%", "8%", "13%"],
                            max_height=420,
                            elem_id="cip-table",
                        )
                        with gr.Row():
                            export_buttons = [
                                gr.Button(label, size="sm", min_width=70, elem_id=f"cip-export-{fmt}")
                                for label, fmt in EXPORTS
                            ]
                        download = gr.File(label="Download", interactive=False, visible=False, elem_id="cip-download")
                        with gr.Row():
                            forget = gr.Button(
                                "Delete this plan…", size="sm", variant="stop", min_width=70, elem_id="cip-delete"
                            )
                        with gr.Column(visible=False, elem_id="cip-delete-confirm") as confirm_box:
                            confirm_text = gr.HTML("", elem_id="cip-delete-question")
                            with gr.Row():
                                confirm = gr.Button(
                                    "Yes, delete it for good", variant="stop", size="sm", elem_id="cip-delete-yes"
                                )
                                cancel = gr.Button("Keep it", size="sm", elem_id="cip-delete-no")
                        with gr.Accordion("Equity checks and sources, per action", open=False):
                            equity = gr.HTML(render.equity_html(_empty_plan()), elem_id="cip-equity")
                with gr.Row():
                    with gr.Column(scale=3):
                        gr.Markdown("### Timeline by owner")
                        timeline = gr.HTML(charts.timeline_svg(_empty_plan()), elem_id="cip-timeline")
                    with gr.Column(scale=2):
                        gr.Markdown("### Drivers × stages")
                        coverage = gr.HTML(charts.coverage_svg(_empty_plan()), elem_id="cip-coverage")

            with gr.Tab("Ask", id="ask"):
                gr.Markdown("Ask what the guidance says; the answer quotes the sources and each source opens.")
                with gr.Row():
                    question = gr.Textbox(
                        label="Question", max_lines=3, max_length=2000, scale=5, elem_id="cip-question"
                    )
                    ask_driver = gr.Dropdown(
                        label="Driver (optional)",
                        choices=[("Any driver", ""), *_driver_choices()],
                        value="",
                        scale=2,
                    )
                ask_button = gr.Button("Ask", variant="primary", elem_id="cip-ask")
                answer = gr.HTML("", elem_id="cip-answer")

            # Coach prep and reflection prompts come with their generators; an installation without them has no tab.
            if _has("assistant.generators.coach"):
                _coach_tab(ws)
            if _has("assistant.generators.reflect"):
                _reflect_tab(ws)
            checkin_tab(ws)

            with gr.Tab("Knowledge base", id="documents"):
                gr.Markdown(
                    "Add your district's own documents (Markdown, text, Word or PDF, up to "
                    f"{MAX_BYTES // (1024 * 1024)} MB each). They are indexed on this machine and cited like the "
                    "bundled guidance."
                )
                uploads = gr.File(
                    label="Documents to add",
                    file_count="multiple",
                    file_types=sorted(SUPPORTED_SUFFIXES),
                    elem_id="cip-upload",
                )
                add = gr.Button("Add to the knowledge base", variant="primary", elem_id="cip-add")
                index_status = gr.HTML("", elem_classes=["cip-status"], elem_id="cip-index-status")
                documents = gr.HTML("", elem_id="cip-documents")

        plan_outputs = [chat, table, equity, timeline, coverage, heading, status, current, saved]

        # ------------------------------------------------------------------------------ plan handlers

        def on_load() -> tuple[Any, ...]:
            # The suggested name is a placeholder, so a name typed while the page loads is never overwritten.
            suggestion = gr.update(placeholder=f"{ws.suggested_name()} (or a name of your own)")
            return gr.update(choices=_session_choices(ws), value=None), suggestion, _documents_html(ws)

        def on_start(name: str, text: str, stage_key: str | None, chosen: list[str]) -> tuple[Any, ...]:
            try:
                session = ws.start(name, text or "", stage_key or None, chosen or [])
            except Exception as exc:
                return (*unchanged(_warn(exc)), gr.update(), gr.update())
            placeholder = f"{ws.suggested_name()} (or a name of your own)"
            return (*plan_view(session), gr.update(open=False), gr.update(value="", placeholder=placeholder))

        def on_resume(name: str | None) -> tuple[Any, ...]:
            if not name:
                return (*unchanged(""), gr.update())
            try:
                session = ws.resume(name)
            except Exception as exc:
                return (*unchanged(_warn(exc)), gr.update())
            return (*plan_view(session), gr.update(open=False))

        def run_turn(text: str, name: str | None, shown: list[dict[str, Any]] | None) -> Iterator[tuple[Any, ...]]:
            if not name:
                yield (*unchanged(_warn(AssistantError(NOT_STARTED))), gr.update())
                return
            if not (text or "").strip():
                yield (*unchanged(""), gr.update())
                return
            shown = list(shown or [])
            waiting = [*shown, {"role": "user", "content": render.message_html(text)}]
            yield (waiting, *(gr.update() for _ in range(5)), "", gr.update(), gr.update(), "")
            try:
                session, reply = ws.turn(name, text)
            except Exception as exc:
                # Nothing was saved: the conversation goes back as it was and the text back into the box.
                yield (shown, *(gr.update() for _ in range(5)), _warn(exc), gr.update(), gr.update(), text)
                return
            # The turn is saved already; what follows only paces how the reply appears.
            messages = render.history(session, lookup)
            shown_text = reply.text
            for shown_text in _growing(ws, reply.text, ws.hint_ids(session)):
                partial = {"role": "assistant", "content": render.message_html(shown_text, lookup)}
                # The message box is left alone from here on: the team may already be typing the next answer.
                yield ([*messages[:-1], partial], *(gr.update() for _ in range(8)), gr.update())
            notice = ws.take_notice()
            view = list(plan_view(session, _status(notice) if notice else ""))
            view[0] = [*messages[:-1], {"role": "assistant", "content": render.message_html(shown_text, lookup)}]
            yield (*view, gr.update())

        def command(cmd: str) -> Callable[[str | None, list[dict[str, Any]] | None], Iterator[tuple[Any, ...]]]:
            def run(name: str | None, shown: list[dict[str, Any]] | None) -> Iterator[tuple[Any, ...]]:
                yield from run_turn(cmd, name, shown)

            return run

        # The table reports one edit more than once; the same refused table within moments is warned about once.
        refused: dict[str, tuple[str, float]] = {}

        def on_table_edit(rows: Sequence[Sequence[object]], name: str | None) -> tuple[Any, ...]:
            if not name:
                return unchanged(_warn(AssistantError(NOT_STARTED)))
            try:
                session, replies = ws.apply_table(name, rows)
            except Exception as exc:
                key, now = repr(rows), time.monotonic()
                last = refused.get(name)
                repeated = last is not None and last[0] == key and now - last[1] < 5
                refused[name] = (key, now)
                error = _status(_sentence(exc), error=True) if repeated else _warn(exc)
                try:
                    return plan_view(ws.load(name), error)
                except Exception:
                    return unchanged(error)
            if not replies:
                # Nothing new (the repeat of an edit already saved): keep the note the first one left.
                view = plan_view(session)
                return (*view[:6], gr.update(), *view[7:])
            return plan_view(session, _status(f"Saved {len(replies)} change{'s' if len(replies) != 1 else ''}."))

        def exporter(fmt: str) -> Callable[[str | None], tuple[Any, str]]:
            def run(name: str | None) -> tuple[Any, str]:
                if not name:
                    return gr.update(), _warn(AssistantError(NOT_STARTED))
                try:
                    path = ws.export_for_download(name, fmt, Path(download.GRADIO_CACHE))
                except Exception as exc:
                    return gr.update(), _warn(exc)
                return gr.update(value=str(path), visible=True), _status(f"Exported {path.name}.")

            return run

        def on_delete_asked(name: str | None) -> tuple[Any, Any, Any]:
            if not name:
                return gr.update(visible=False), _warn(AssistantError(NOT_STARTED)), None
            question = (
                f"<p>Delete the plan <b>{escape(name)}</b>, its conversation and every file exported for it? "
                "This cannot be undone.</p>"
            )
            return gr.update(visible=True), question, name

        def on_delete(pending: str | None, name: str | None) -> tuple[Any, ...]:
            if not pending or pending != name:
                # The team switched plans after asking: delete nothing rather than the wrong plan.
                return (
                    *unchanged(_warn(AssistantError("Nothing was deleted; ask again for the plan on screen."))),
                    gr.update(visible=False),
                    None,
                    gr.update(),
                    gr.update(),
                )
            try:
                left = ws.delete(pending, Path(download.GRADIO_CACHE))
            except Exception as exc:
                return (*unchanged(_warn(exc)), gr.update(visible=False), None, gr.update(), gr.update())
            refused.pop(pending, None)
            done = f"Deleted '{pending}', its conversation and its exports."
            if left:
                gr.Warning(escape(left))
                done = f"Deleted '{pending}' and its conversation. {left}"
            empty = _empty_plan()
            cleared: tuple[Any, ...] = (
                [],
                [],
                render.equity_html(empty),
                charts.timeline_svg(empty, ws.today()),
                charts.coverage_svg(empty),
                "",
                _status(done),
                None,
                gr.update(choices=_session_choices(ws), value=None),
            )
            hidden = gr.update(value=None, visible=False)
            return (*cleared, gr.update(visible=False), None, gr.update(open=True), hidden)

        def on_delete_cancelled() -> tuple[Any, Any]:
            return gr.update(visible=False), None

        # Stable API names: scripts and the load benchmark drive the same handlers as the page.
        demo.load(on_load, outputs=[saved, new_name, documents], api_name="load", api_visibility="undocumented")
        start.click(
            on_start,
            [new_name, initiative, stage, drivers],
            [*plan_outputs, opener, new_name],
            concurrency_id="plan",
            api_name="start",
        )
        saved.input(on_resume, [saved], [*plan_outputs, opener], concurrency_id="plan", api_name="resume")
        turn_inputs = [message, current, chat]
        turn_outputs = [*plan_outputs, message]
        # A click while a reply is still appearing runs once it has finished, rather than being dropped.
        turn_options: dict[str, Any] = {
            "concurrency_id": "plan",
            "show_progress": "hidden",
            "trigger_mode": "always_last",
        }
        send.click(run_turn, turn_inputs, turn_outputs, api_name="turn", **turn_options)
        message.submit(
            run_turn, turn_inputs, turn_outputs, api_name="turn_submit", api_visibility="undocumented", **turn_options
        )
        for button, cmd in zip(command_buttons, COMMANDS, strict=True):
            button.click(command(cmd), [current, chat], turn_outputs, api_name=f"command_{cmd[1:]}", **turn_options)
        table.input(
            on_table_edit,
            [table, current],
            plan_outputs,
            concurrency_id="plan",
            trigger_mode="always_last",
            api_name="edit_table",
        )
        for button, (_, fmt) in zip(export_buttons, EXPORTS, strict=True):
            button.click(
                exporter(fmt), [current], [download, status], concurrency_id="export", api_name=f"export_{fmt}"
            ).success(None, js=DOWNLOAD_JS)
        forget.click(on_delete_asked, [current], [confirm_box, confirm_text, to_delete], api_name="delete_ask")
        cancel.click(on_delete_cancelled, None, [confirm_box, to_delete], api_name="delete_cancel")
        confirm.click(
            on_delete,
            [to_delete, current],
            [*plan_outputs, confirm_box, to_delete, opener, download],
            concurrency_id="plan",
            api_name="delete",
        )

        # ------------------------------------------------------------------------------ ask and documents

        def on_ask(text: str, driver: str | None) -> Iterator[str]:
            try:
                result, notice = ws.ask(text or "", driver or None)
            except Exception as exc:
                yield _warn(exc)
                return
            if notice:
                gr.Info(escape(notice))
            by_id = ws.retriever.passage
            for prefix in pieces(result.answer):
                yield render.answer_html(result, prefix, by_id)
                time.sleep(STREAM_DELAY)
            yield render.answer_html(result, None, by_id)

        ask_button.click(
            on_ask, [question, ask_driver], [answer], concurrency_id="ask", show_progress="minimal", api_name="ask"
        )
        question.submit(
            on_ask,
            [question, ask_driver],
            [answer],
            concurrency_id="ask",
            show_progress="minimal",
            api_name="ask_submit",
            api_visibility="undocumented",
        )

        def on_add(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, str, Any]:  # noqa: B008
            paths = [Path(f) for f in files or []]
            try:
                report = ws.add_documents(paths, lambda share, text: progress(share, desc=text))
            except Exception as exc:
                # The uploads left the server's cache either way; a refused file is chosen again once fixed.
                return _warn(exc), _documents_html(ws), None
            return _status(report.summary()), _documents_html(ws), None

        def on_upload(files: list[str] | None) -> None:
            ws.trim_web_cache(keep=files or [])

        def on_remove_upload(removed: gr.DeletedFileData) -> None:
            ws.discard_uploads([removed.file.path])

        uploads.upload(on_upload, [uploads], None, api_visibility="private", queue=False)
        uploads.delete(on_remove_upload, None, None, api_visibility="private", queue=False)

        add.click(
            on_add,
            [uploads],
            [index_status, documents, uploads],
            concurrency_limit=1,
            concurrency_id="index",
            show_progress_on=[index_status],
            api_name="add_documents",
        )
    keep_files_local(demo)
    return demo


def keep_files_local(demo: gr.Blocks) -> None:
    """Makes every component refuse a file named by a web address instead of downloading it.

    Gradio downloads any file given as an http(s) address in a request's data, whatever component the data is for
    (`{"path": "http://…", "meta": {"_type": "gradio.FileData"}}` sent as a plan name will do), and its check that
    the address is public asks a DNS service on the internet about any that is not. This app only ever handles
    files uploaded to it or made by it, so an address is refused before anything is looked up.
    """
    for block in demo.blocks.values():
        setattr(block, "move_resource_to_block_cache", MethodType(_local_resource, block))  # noqa: B010
        setattr(block, "async_move_resource_to_block_cache", MethodType(_async_local_resource, block))  # noqa: B010


def _refuse_address(path: str | Path | None) -> None:
    if isinstance(path, str) and _ADDRESS.match(path.replace("\\", "/")):
        log.warning("refused a file given as a web address: %.200r", path)
        raise gr.Error(NOT_SERVED)


def _local_resource(block: Any, path: str | Path | None) -> str | None:
    _refuse_address(path)
    return type(block).move_resource_to_block_cache(block, path)  # type: ignore[no-any-return]


async def _async_local_resource(block: Any, path: str | Path | None) -> str | None:
    _refuse_address(path)
    return await type(block).async_move_resource_to_block_cache(block, path)  # type: ignore[no-any-return]


def _empty_plan() -> Any:
    from assistant.models import ActionPlan

    return ActionPlan(name="")


def _documents_html(ws: Workspace) -> str:
    names = ws.documents()
    if not names:
        return '<p class="cip-empty">No documents added yet; the bundled guidance is always there.</p>'
    items = "".join(f"<li>{escape(name)}</li>" for name in names)
    return f"<p>Documents added to this knowledge base:</p><ul>{items}</ul>"


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def _driver_choices() -> list[tuple[str, str]]:
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


def _coach_tab(ws: Workspace) -> None:
    """Coach prep: a conversation guide for a supervisor, from the coaching practices and leadership behaviours."""
    with gr.Tab("Coach prep", id="coach"):
        gr.Markdown("Prepare a coaching conversation: a guide grounded in the coaching best practices.")
        with gr.Row():
            driver = gr.Dropdown(
                label="Driver", choices=_driver_choices(), value="coaching", elem_id="cip-coach-driver"
            )
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

    def show(d: str | None, s: str | None, c: str | None) -> str:
        try:
            return render.guide_html(ws.coach_guide(d, s or None, c), ws.retriever.passage)
        except Exception as exc:
            return _warn(exc)

    def download(fmt: str) -> Callable[[str | None, str | None, str | None], Any]:
        def run_export(d: str | None, s: str | None, c: str | None) -> Any:
            try:
                # The guide is deterministic, so the file holds exactly what is on screen.
                path = ws.export_guide(ws.coach_guide(d, s or None, c), fmt, Path(file.GRADIO_CACHE))
                return gr.update(value=str(path), visible=True)
            except Exception as exc:
                _warn(exc)
                return gr.update()

        return run_export

    run.click(show, [driver, stage, context], [out], concurrency_id="generate", api_name="coach_prep")
    for button, fmt in downloads:
        button.click(
            download(fmt), [driver, stage, context], [file], concurrency_id="generate", api_name=f"coach_export_{fmt}"
        ).success(None, js=DOWNLOAD_JS.replace("#cip-download", "#cip-coach-file"))


def _reflect_tab(ws: Workspace) -> None:
    """Reflection prompts for a trainer: before, during and after a session, each from a cited passage."""
    with gr.Tab("Reflection prompts", id="reflect"):
        gr.Markdown("Reflection prompts for a training session or debrief, with the passage behind each one.")
        with gr.Row():
            driver = gr.Dropdown(
                label="Driver", choices=_driver_choices(), value="training", elem_id="cip-reflect-driver"
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

    def show(d: str | None, s: str | None, a: str | None, n: float, current: int | None) -> tuple[str, Any]:
        try:
            prompts = ws.reflection(d, s or None, a, int(n), current)
        except Exception as exc:
            return _warn(exc), gr.update()
        return render.prompts_html(prompts, ws.retriever.passage), prompts.seed

    def first(d: str | None, s: str | None, a: str | None, n: float) -> tuple[str, Any]:
        return show(d, s, a, n, None)

    def next_set(d: str | None, s: str | None, a: str | None, n: float, current: int | None) -> tuple[str, Any]:
        if current is None:
            return first(d, s, a, n)
        return show(d, s, a, n, current + 1)

    def download(fmt: str) -> Callable[..., Any]:
        def run_export(d: str | None, s: str | None, a: str | None, n: float, current: int | None) -> Any:
            try:
                prompts = ws.reflection(d, s or None, a, int(n), current)
                return gr.update(value=str(ws.export_guide(prompts, fmt, Path(file.GRADIO_CACHE))), visible=True)
            except Exception as exc:
                _warn(exc)
                return gr.update()

        return run_export

    run.click(first, inputs, [out, seed], concurrency_id="generate", api_name="reflect")
    another.click(next_set, [*inputs, seed], [out, seed], concurrency_id="generate", api_name="reflect_more")
    for button, fmt in downloads:
        button.click(
            download(fmt), [*inputs, seed], [file], concurrency_id="generate", api_name=f"reflect_export_{fmt}"
        ).success(None, js=DOWNLOAD_JS.replace("#cip-download", "#cip-reflect-file"))


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _host_name(host: str) -> str:
    """The name in a Host header or an origin's address, without the port: "[::1]:7860" → "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class RequestGuard:
    """Refuses what a web page elsewhere could make a team's browser send here, before Gradio sees it.

    Gradio's strict CORS only withholds the CORS headers: a form on another site can still post an upload, and a
    DNS-rebinding page (its own name pointed at 127.0.0.1) gets full access. So: a server on loopback answers only
    to loopback names; a request that names an origin must come from this very address (scheme aside, for a TLS
    proxy in front); a browser's cross-site subresource fetch is refused; and the file route never fetches a URL,
    so the app makes no request off the machine on anyone's behalf. It also gives a full queue's refusal a sentence.
    """

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope.get("headers", [])}
        reason = self.refusal(str(scope.get("path", "")), headers)
        if reason is not None:
            log.warning(
                "refused %s %s (Host %r, Origin %r, Sec-Fetch-Site %r)",
                scope.get("method", "WS"),
                scope.get("path"),
                headers.get("host"),
                headers.get("origin"),
                headers.get("sec-fetch-site"),
            )
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await _respond(send, 403, json.dumps({"detail": reason, "error": reason}).encode())
            return
        if scope["type"] == "http" and _joins_queue(str(scope.get("path", ""))):
            send = _busy_sentence(send)
        await self.app(scope, receive, send)

    def refusal(self, path: str, headers: dict[str, str]) -> str | None:
        """Why the request is refused, or None to let it through."""
        host = headers.get("host", "")
        if self.hosts is not None and _host_name(host) not in self.hosts:
            return REFUSED
        origin = headers.get("origin")
        if origin is not None and (origin == "null" or urlsplit(origin).netloc.lower() != host.strip().lower()):
            return REFUSED
        site, mode = headers.get("sec-fetch-site"), headers.get("sec-fetch-mode")
        # A link followed from elsewhere opens the page; anything else another site's page makes a browser fetch
        # (an image, a script, an iframe of a file), or a link straight to a file or an API route, is not for it.
        if site in ("cross-site", "same-site") and (mode != "navigate" or path not in ("", "/")):
            return REFUSED
        route = _FILE_ROUTE.match(path)
        if route and (route.group(1) == "proxy=" or names_an_address(route.group(2))):
            return NOT_SERVED
        return None


def names_an_address(target: str) -> bool:
    """Whether what a file route is asked for is a web address (in any spelling), not a file on this machine.

    Gradio fetches an http(s) address given to its file route itself, and its check that the address is public
    asks a DNS service on the internet about any that is not, so no address may reach it at all.
    """
    for _ in range(ADDRESS_DECODINGS + 1):
        if _ADDRESS.match(target.replace("\\", "/")):
            return True
        decoded = unquote(target)
        if decoded == target:
            return False
        target = decoded
    return True  # still encoded after that many decodings: no file of the app is named that way


def _joins_queue(path: str) -> bool:
    return path.endswith("/queue/join") or "/call/" in path


async def _respond(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _busy_sentence(send: Send) -> Send:
    """A send that replaces the body of a "queue is full" refusal (503) with a sentence saying what to do."""
    busy = [False]

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and message.get("status") == 503:
            busy[0] = True
            await _respond(send, 503, json.dumps({"detail": BUSY, "error": BUSY}).encode())
            return
        if busy[0]:
            return  # the replacement body is sent already
        await send(message)

    return wrapped


def allowed_hosts(host: str, extra: Sequence[str] = ()) -> frozenset[str] | None:
    """The Host names a server on `host` answers to: loopback names on loopback, any name otherwise.

    `extra` names a proxy in front may pass on (a TLS proxy on this machine forwarding plans.district.org).
    """
    name = _host_name(host)
    if name in LOOPBACK_NAMES or name.startswith("127."):
        return LOOPBACK_NAMES | {name} | {_host_name(h) for h in extra}
    return None


def blocked_paths(settings: Settings) -> list[str]:
    """What the file route must never serve, whatever else is allowed: the sessions, the index, the documents."""
    db = settings.database_path
    paths = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), settings.store_dir]
    paths.append(settings.documents_dir)
    return [str(p.resolve()) for p in paths]


def launch(
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: Callable[[str, str], bool] | None = None,
    settings: Settings | None = None,
    *,
    workspace: Workspace | None = None,
    block: bool = True,
    on_ready: Callable[[], None] | None = None,
    allow_hosts: Sequence[str] = (),
    sign_in: SignInAttempts | None = None,
) -> gr.Blocks:
    """Serve the app: on loopback unless told otherwise, never through a public share link.

    On loopback it answers only to loopback names and `allow_hosts`, which shuts out DNS-rebinding pages. With a
    password, each client's wrong passwords are counted in `sign_in` (a fresh `SignInAttempts` unless given).
    """
    from starlette.middleware import Middleware

    if not host.strip():
        # An empty address listens on every interface, and no Host name could be checked against it.
        raise InputError("The address to listen on is empty; give one such as 127.0.0.1 or 0.0.0.0.")
    settings = settings or get_settings()
    keep_gradio_cache_in_home(settings)
    ws = workspace or Workspace(settings)
    ws.warm_up(on_ready)
    demo = build_app(settings, ws)
    # Enough for a few teams at once; past it a request waits in the bounded queue, and past that it is refused.
    demo.queue(default_concurrency_limit=settings.ui_concurrency, max_size=settings.ui_queue_size)
    settings.exports_dir.mkdir(parents=True, exist_ok=True)
    middleware = [Middleware(RequestGuard, hosts=allowed_hosts(host, allow_hosts))]
    if auth is not None:
        middleware.append(Middleware(SignInGuard, attempts=sign_in or SignInAttempts()))
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        auth_message=SIGN_IN if auth else None,
        show_error=False,
        # Exports are the only files of the home the browser may fetch; uploads live in Gradio's own cache.
        allowed_paths=[str(settings.exports_dir.resolve())],
        blocked_paths=blocked_paths(settings),
        max_file_size=MAX_BYTES,
        quiet=True,
        inbrowser=False,
        prevent_thread_lock=not block,
        footer_links=[],
        run_history=False,
        enable_monitoring=False,
        mcp_server=False,
        ssr_mode=False,
        pwa=False,
        strict_cors=True,
        app_kwargs={"middleware": middleware},
        theme=_theme(),
        css=CSS,
    )
    return demo
