"""The Gradio app: tabs for planning, asking and adding documents, wired to `ui.state.Workspace`.

Handlers turn every expected failure into one sentence on the page; the server log keeps the details of the
unexpected ones. The browser holds only the session's name, so reloading the page loses nothing.

Over 500 lines on purpose: the Plan tab's layout and its handlers close over the same two dozen components, and
reading them together is what makes the page understandable. The other tabs live in `ui.ask_tab`, `ui.guide_tabs`
and `ui.checkin`, the request guard in `ui.guard`, the shared feedback in `ui.common`.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from html import escape
from pathlib import Path
from types import MethodType
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.config import Settings, get_settings
from assistant.dialogue.session import Session
from assistant.errors import AssistantError, InputError
from assistant.knowledge.curated import drivers as driver_infos
from assistant.knowledge.curated import stages as stage_infos
from assistant.knowledge.documents import MAX_BYTES, SUPPORTED_SUFFIXES
from assistant.models import ACTION_STATUSES
from ui import charts, render
from ui.ask_tab import ask_tab, register_script_ask
from ui.checkin import checkin_tab
from ui.common import DOWNLOAD_JS
from ui.common import sentence as _sentence
from ui.common import status_html as _status
from ui.common import warn as _warn
from ui.guard import (
    _ADDRESS,
    NOT_SERVED,
    RequestGuard,
    allowed_hosts,
)
from ui.guide_tabs import coach_tab, reflect_tab
from ui.signin import LOCK_SECONDS, MAX_FAILURES, SignInAttempts, SignInGuard
from ui.state import (
    COLUMN_WIDTHS,
    COLUMNS,
    DETAIL_FIELDS,
    READ_ONLY_COLUMNS,
    Workspace,
    action_details,
    keep_gradio_cache_in_home,
    plan_rows,
)

if TYPE_CHECKING:
    from assistant.retrieval.indexer import IndexReport

log = logging.getLogger("cip_assistant.ui")

TITLE = "CIP Assistant"
# The page's style sheet, shipped with the package.
CSS_PATH = Path(__file__).with_name("cip.css")
# Replies are computed whole, then shown a few words at a time: long replies read as they arrive.
STREAM_PIECES = 10
STREAM_DELAY = 0.02
EXPORTS = (("Markdown", "md"), ("Word", "docx"), ("JSON", "json"), ("CSV", "csv"), ("Calendar", "ics"))
COMMANDS = ("/skip", "/back", "/plan", "/why", "/done", "/help")
NOT_STARTED = "Start a new plan or resume a saved one first (at the top of the page)."
SIGN_IN = (
    f"CIP Assistant: sign in with the team's password. After {MAX_FAILURES} wrong passwords, this computer must "
    f"wait {round(LOCK_SECONDS / 60)} minutes before it can sign in."
)

# A plan just started: the form has folded away, so the page goes back to its top, where the chat now is.
TO_TOP_JS = "() => { window.scrollTo(0, 0); }"

# Keeps the newest reply in view: each new message scrolls the conversation to its end, and so does a reply as it
# grows, until the team scrolls the conversation themselves. Opening a citation does not stop it (the Chatbot's own
# autoscroll takes a grown citation for the team having scrolled up).
FOLLOW_JS = """
() => {
  let follow = true, count = -1;
  const scroller = (node) => {
    for (let el = node; el; el = el.parentElement) {
      const y = getComputedStyle(el).overflowY;
      if ((y === 'auto' || y === 'scroll') && el.scrollHeight > el.clientHeight) return el;
      if (el.id === 'cip-chat') break;
    }
    return null;
  };
  const watch = (chat) => {
    const stop = () => { follow = false; };
    chat.addEventListener('wheel', stop, {passive: true});
    chat.addEventListener('touchmove', stop, {passive: true});
    new MutationObserver(() => {
      const messages = chat.querySelectorAll('.cip-msg');
      if (messages.length !== count) { count = messages.length; follow = true; }
      if (!follow || !messages.length) return;
      const box = scroller(messages[messages.length - 1]);
      if (box) box.scrollTop = box.scrollHeight;
    }).observe(chat, {subtree: true, childList: true, characterData: true});
  };
  const wait = setInterval(() => {
    const chat = document.querySelector('#cip-chat');
    if (chat) { clearInterval(wait); watch(chat); }
  }, 200);
}
"""

# What a handler changes on the page: a value (or a gr.update) for each component it names.
Update = dict[Any, Any]


def _theme() -> gr.themes.Base:
    # System fonts: the default theme would fetch web fonts, and the app makes no request off the machine.
    system = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    return gr.themes.Default(primary_hue="blue", font=system, font_mono=mono)


def pieces(text: str, count: int = STREAM_PIECES) -> Iterator[str]:
    """Growing prefixes of `text`, cut between words, ending with the whole text."""
    words = re.findall(r"\S+\s*|\s+", text)
    step = max(1, -(-len(words) // count))
    for end in range(step, len(words), step):
        yield "".join(words[:end])
    yield text


def _growing(ws: Workspace, text: str, hint_ids: Sequence[str], notices: list[str]) -> Iterator[tuple[str, bool]]:
    """The reply as it should appear, and whether a model reworded it: the rewording as it streams, or the reply
    a few words at a time."""
    phrased = ws.phrase(text, hint_ids, notices)
    if phrased is None:
        for prefix in pieces(text):
            yield prefix, False
            time.sleep(STREAM_DELAY)
        return
    shown = ""
    for piece in phrased:
        shown += piece
        yield shown, True


def _session_choices(ws: Workspace) -> list[tuple[str, str]]:
    choices = []
    for s in ws.saved_sessions("plan"):
        n = f"{s.actions} action{'s' if s.actions != 1 else ''}"
        label = f"{s.name} · {s.initiative or 'no initiative'} · {n} · {s.updated:%Y-%m-%d %H:%M}"
        if s.damaged:
            label = f"{s.name} · damaged, cannot be opened"
        choices.append((label, s.name))
    return choices


def _optional_line(label: str, example: str, elem_id: str) -> gr.Textbox:
    """A one-line box a team may leave empty; empty by default, so a script calling the start API may leave it out."""
    return gr.Textbox(
        label=f"{label} (optional)",
        placeholder=f"e.g. {example}",
        max_lines=1,
        max_length=200,
        value="",
        elem_id=elem_id,
    )


def build_app(settings: Settings | None = None, workspace: Workspace | None = None) -> gr.Blocks:
    """The whole UI over one workspace (loading the retriever, and the index if there is none)."""
    settings = settings or get_settings()
    ws = workspace or Workspace(settings)
    lookup = ws.cited_passage

    # Handlers answer with {component: value} for the components they change; the others stay as they are.
    def plan_view(session: Session, note: str | None = "") -> Update:
        """Everything on the Plan tab that shows the session; `note` None leaves the status line as it is."""
        plan = session.plan
        view: Update = {
            chat: render.history(session, lookup),
            table: plan_rows(plan),
            equity: render.equity_html(plan),
            timeline: charts.timeline_svg(plan, ws.today(), ws.settings.approaching_days),
            coverage: charts.coverage_svg(plan),
            heading: render.plan_heading(plan),
            current: session.id,
            saved: gr.update(choices=_session_choices(ws), value=session.id),
            **plan_controls(True),
            status_action: gr.update(choices=_action_choices(plan), value=None),
            status_value: gr.update(value=None),
            **no_details(),
        }
        if note is not None:
            view[status] = note
        return view

    def cleared(note: str) -> Update:
        empty = _empty_plan()
        return {
            chat: [],
            table: [],
            equity: render.equity_html(empty),
            timeline: charts.timeline_svg(empty, ws.today()),
            coverage: charts.coverage_svg(empty),
            heading: "",
            status: note,
            current: None,
            saved: gr.update(choices=_session_choices(ws), value=None),
            **plan_controls(False),
            status_action: gr.update(choices=[], value=None),
            status_value: gr.update(value=None),
            **no_details(),
        }

    def no_details() -> Update:
        return {box: gr.update(value="", interactive=False) for box in detail_boxes.values()} | {
            save_details: gr.update(interactive=False)
        }

    def chosen(session: Session, number: str) -> Update:
        """The action chosen under the table: its status, and its resources and measures ready to edit."""
        found = next((a for a in session.plan.actions if str(a.number) == number), None)
        if found is None:
            return {status_value: gr.update(value=None), **no_details()}
        details = action_details(session.plan, number)
        return {
            status_action: gr.update(choices=_action_choices(session.plan), value=number),
            status_value: gr.update(value=found.status.replace("_", " ")),
            save_details: gr.update(interactive=True),
            **{box: gr.update(value=details[field], interactive=True) for field, box in detail_boxes.items()},
        }

    def plan_controls(open_plan: bool) -> Update:
        """Exporting and deleting need a plan on screen: without one their buttons cannot be pressed."""
        return {button: gr.update(interactive=open_plan) for button in [*export_buttons, forget]}

    demo = gr.Blocks(title=TITLE, fill_width=True, delete_cache=(3600, 86400))
    with demo:
        current = gr.State(None)
        # The plan the confirmation on screen is about; deleting needs it to still be the plan shown.
        to_delete = gr.State(None)
        gr.Markdown(f"# {TITLE}\nDraft your Continuous Improvement Plan with the implementation-science guidance.")
        with gr.Tabs():
            with gr.Tab("Plan", id="plan"):
                # A district calendar file that could not be used when the server started, said where teams plan.
                calendar_notice = gr.HTML("", visible=False, elem_classes=["cip-status"], elem_id="cip-calendar-notice")
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
                        # Printed at the head of the exported plan; left blank, the conversation asks once (skippable).
                        with gr.Row():
                            school_box = _optional_line("School or district", "Lincoln Elementary", "cip-school")
                            team_box = _optional_line("Team", "K-3 literacy team", "cip-team")
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
                    # Four parts to the plan's nine: at 1280 px the table shows every column without scrolling.
                    with gr.Column(scale=4, min_width=360):
                        # Sized to the window, so the message box stays on screen at 1280×720 with the plan open.
                        chat = gr.Chatbot(
                            label="Conversation",
                            height="max(280px, calc(100vh - 400px))",
                            autoscroll=True,
                            render_markdown=False,
                            sanitize_html=True,
                            feedback_options=None,
                            # No "share": it would post the conversation to a website.
                            buttons=["copy", "copy_all"],
                            elem_id="cip-chat",
                            placeholder="Start or resume a plan to see the guiding questions here.",
                        )
                        with gr.Row():
                            # One line to start: Enter sends, Shift+Enter starts a new line, and the box grows.
                            message = gr.Textbox(
                                show_label=False,
                                placeholder="Your answer, or a command such as /skip (Shift+Enter for a new line)",
                                lines=1,
                                max_lines=8,
                                max_length=10_000,
                                scale=6,
                                elem_id="cip-message",
                            )
                            send = gr.Button("Send", variant="primary", scale=1, min_width=80, elem_id="cip-send")
                        # Narrow and close together: the six stay on one line in the conversation's column at 1280 px.
                        with gr.Row(elem_id="cip-commands"):
                            command_buttons = [
                                gr.Button(cmd, size="sm", min_width=52, elem_id=f"cip-cmd-{cmd[1:]}")
                                for cmd in COMMANDS
                            ]
                    with gr.Column(scale=9, min_width=420):
                        table = gr.Dataframe(
                            headers=list(COLUMNS),
                            value=[],
                            datatype="str",
                            type="array",
                            interactive=True,
                            static_columns=READ_ONLY_COLUMNS,
                            wrap=True,
                            label="The plan (edit Action, Owner, Due, Recurrence or Status; changes are saved)",
                            column_widths=COLUMN_WIDTHS,
                            max_height=420,
                            elem_id="cip-table",
                        )
                        # The table has no per-column choices, so an action's status is also set from a list here.
                        with gr.Row():
                            status_action = gr.Dropdown(
                                label="Action", choices=[], value=None, scale=3, elem_id="cip-status-action"
                            )
                            status_value = gr.Dropdown(
                                label="Status",
                                choices=[(s.replace("_", " "), s.replace("_", " ")) for s in ACTION_STATUSES],
                                value=None,
                                scale=2,
                                elem_id="cip-status-value",
                            )
                        # The table has no room for an action's lists either: the chosen action's are edited here.
                        with gr.Row(equal_height=True):
                            detail_boxes = {
                                field: gr.Textbox(
                                    label=f"{field.capitalize()} (one a line)",
                                    lines=2,
                                    max_lines=8,
                                    interactive=False,
                                    scale=3,
                                    elem_id=f"cip-detail-{field}",
                                )
                                for field in DETAIL_FIELDS
                            }
                            save_details = gr.Button(
                                "Save", size="sm", interactive=False, scale=1, min_width=70, elem_id="cip-save-details"
                            )
                        with gr.Row():
                            export_buttons = [
                                gr.Button(
                                    label, size="sm", min_width=70, interactive=False, elem_id=f"cip-export-{fmt}"
                                )
                                for label, fmt in EXPORTS
                            ]
                        download = gr.File(label="Download", interactive=False, visible=False, elem_id="cip-download")
                        with gr.Row():
                            forget = gr.Button(
                                "Delete this plan…",
                                size="sm",
                                variant="stop",
                                min_width=70,
                                interactive=False,
                                elem_id="cip-delete",
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
                # Side by side where both fit at a readable size; on a laptop or a tablet, one above the other.
                with gr.Row():
                    with gr.Column(scale=4, min_width=700):
                        gr.Markdown("### Timeline by owner")
                        timeline = gr.HTML(charts.timeline_svg(_empty_plan()), elem_id="cip-timeline")
                    with gr.Column(scale=3, min_width=560):
                        gr.Markdown("### Drivers × stages")
                        coverage = gr.HTML(charts.coverage_svg(_empty_plan()), elem_id="cip-coverage")

            script_ask = ask_tab(ws, pieces, STREAM_DELAY, demo)

            # Coach prep and reflection prompts come with their generators; an installation without them has no tab.
            if _has("assistant.generators.coach"):
                coach_tab(ws)
            if _has("assistant.generators.reflect"):
                reflect_tab(ws)
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

        register_script_ask(script_ask)

        # The page's own order: scripts calling the API read the first nine outputs by position.
        plan_outputs = [
            chat,
            table,
            equity,
            timeline,
            coverage,
            heading,
            status,
            current,
            saved,
            *export_buttons,
            forget,
            status_action,
            status_value,
            *detail_boxes.values(),
            save_details,
        ]

        # ------------------------------------------------------------------------------ plan handlers

        def on_load() -> Update:
            # The suggested name is a placeholder, so a name typed while the page loads is never overwritten.
            notice = ws.calendar_notice()
            return {
                saved: gr.update(choices=_session_choices(ws), value=None),
                new_name: gr.update(placeholder=f"{ws.suggested_name()} (or a name of your own)"),
                documents: _documents_html(ws),
                calendar_notice: gr.update(value=_status(notice or "", error=True), visible=bool(notice)),
            }

        def on_start(
            name: str,
            text: str,
            stage_key: str | None,
            chosen: list[str],
            school: str | None = None,
            team: str | None = None,
        ) -> Update:
            try:
                # Both left blank, the conversation asks for them once, as the terminal chat does.
                session = ws.start(
                    name,
                    text or "",
                    stage_key or None,
                    chosen or [],
                    school=school or "",
                    team=team or "",
                    ask_school=True,
                )
            except Exception as exc:
                return {status: _warn(exc)}
            placeholder = f"{ws.suggested_name()} (or a name of your own)"
            return plan_view(session) | {
                opener: gr.update(open=False),
                new_name: gr.update(value="", placeholder=placeholder),
            }

        def on_resume(name: str | None) -> Update:
            if not name:
                return {status: ""}
            try:
                session = ws.resume(name)
            except Exception as exc:
                return {status: _warn(exc)}
            return plan_view(session) | {opener: gr.update(open=False)}

        def run_turn(text: str, name: str | None, shown: list[dict[str, Any]] | None) -> Iterator[Update]:
            if not name:
                yield {status: _warn(AssistantError(NOT_STARTED))}
                return
            if not (text or "").strip():
                yield {status: ""}
                return
            shown = list(shown or [])
            waiting = [*shown, {"role": "user", "content": render.message_html(text)}]
            yield {chat: waiting, status: "", message: ""}
            try:
                session, reply = ws.turn(name, text)
            except Exception as exc:
                # Nothing was saved: the conversation goes back as it was and the text back into the box.
                yield {chat: shown, status: _warn(exc), message: text}
                return
            # The turn is saved already; what follows only paces how the reply appears.
            messages = render.history(session, lookup)
            told: list[str] = []
            final = messages[-1]["content"]
            for shown_text, reworded in _growing(ws, reply.text, ws.hint_ids(session), told):
                partial = {"role": "assistant", "content": render.reply_html(shown_text)}
                if reworded:
                    final = render.reply_html(shown_text) + render.citations_html(reply.events, lookup)
                # The message box is left alone from here on: the team may already be typing the next answer.
                yield {chat: [*messages[:-1], partial]}
            view = plan_view(session, _status(" ".join(told)) if told else "")
            yield view | {chat: [*messages[:-1], {"role": "assistant", "content": final}]}

        def command(cmd: str) -> Callable[[str | None, list[dict[str, Any]] | None], Iterator[Update]]:
            def run(name: str | None, shown: list[dict[str, Any]] | None) -> Iterator[Update]:
                yield from run_turn(cmd, name, shown)

            return run

        # The table reports one edit more than once; the same refused table within moments is warned about once.
        refused: dict[str, tuple[str, float]] = {}

        def on_table_edit(rows: Sequence[Sequence[object]], name: str | None) -> Update:
            if not name:
                return {status: _warn(AssistantError(NOT_STARTED))}
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
                    return {status: error}
            if not replies:
                # Nothing new (the repeat of an edit already saved): keep the note the first one left.
                return plan_view(session, None)
            return plan_view(session, _status(f"Saved {len(replies)} change{'s' if len(replies) != 1 else ''}."))

        def on_status_action(number: str | None, name: str | None) -> Update:
            if not number or not name:
                return {status_value: gr.update(value=None), **no_details()}
            return chosen(ws.load(name), number)

        def on_status_chosen(number: str | None, value: str | None, name: str | None) -> Update:
            if not name:
                return {status: _warn(AssistantError(NOT_STARTED))}
            if not number or not value:
                return {status: _warn(AssistantError("Choose the action whose status changes first."))}
            rows = plan_rows(ws.load(name).plan)
            for row in rows:
                if row[0] == number:
                    row[COLUMNS.index("Status")] = value
            shown = on_table_edit(rows, name)
            return shown | chosen(ws.load(name), number) if current in shown else shown

        def on_details_saved(number: str | None, name: str | None, *texts: str | None) -> Update:
            if not name:
                return {status: _warn(AssistantError(NOT_STARTED))}
            try:
                session, replies = ws.save_details(name, number, dict(zip(DETAIL_FIELDS, texts, strict=True)))
            except Exception as exc:
                return {status: _warn(exc)}
            note = f"Saved the resources and measures of action {number}." if replies else "Nothing changed."
            return plan_view(session, _status(note)) | chosen(session, str(number))

        def exporter(fmt: str) -> Callable[[str | None], Update]:
            def run(name: str | None) -> Update:
                if not name:
                    return {status: _warn(AssistantError(NOT_STARTED))}
                try:
                    path = ws.export_for_download(name, fmt, Path(download.GRADIO_CACHE))
                except Exception as exc:
                    return {status: _warn(exc)}
                return {download: gr.update(value=str(path), visible=True), status: _status(f"Exported {path.name}.")}

            return run

        def on_delete_asked(name: str | None) -> Update:
            if not name:
                return {
                    confirm_box: gr.update(visible=False),
                    confirm_text: _warn(AssistantError(NOT_STARTED)),
                    to_delete: None,
                }
            question = (
                f"<p>Delete the plan <b>{escape(name)}</b>, its conversation and every file exported for it? "
                "This cannot be undone.</p>"
            )
            return {confirm_box: gr.update(visible=True), confirm_text: question, to_delete: name}

        def on_delete(pending: str | None, name: str | None) -> Update:
            closed: Update = {confirm_box: gr.update(visible=False), to_delete: None}
            if not pending or pending != name:
                # The team switched plans after asking: delete nothing rather than the wrong plan.
                return closed | {
                    status: _warn(AssistantError("Nothing was deleted; ask again for the plan on screen."))
                }
            try:
                left = ws.delete(pending, Path(download.GRADIO_CACHE))
            except Exception as exc:
                return closed | {status: _warn(exc)}
            refused.pop(pending, None)
            done = f"Deleted '{pending}', its conversation and its exports."
            if left:
                gr.Warning(escape(left))
                done = f"Deleted '{pending}' and its conversation. {left}"
            hidden = gr.update(value=None, visible=False)
            return cleared(_status(done)) | closed | {opener: gr.update(open=True), download: hidden}

        def on_delete_cancelled() -> Update:
            return {confirm_box: gr.update(visible=False), to_delete: None}

        # Stable API names: scripts and the load benchmark drive the same handlers as the page.
        demo.load(
            on_load,
            outputs=[saved, new_name, documents, calendar_notice],
            api_name="load",
            api_visibility="undocumented",
        )
        start.click(
            on_start,
            [new_name, initiative, stage, drivers, school_box, team_box],
            [*plan_outputs, opener, new_name],
            concurrency_id="plan",
            api_name="start",
        ).success(None, js=TO_TOP_JS)  # the form folds away: the chat and its message box are what comes next
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
        status_action.input(
            on_status_action,
            [status_action, current],
            [status_action, status_value, *detail_boxes.values(), save_details],
            api_name="status_action",
            queue=False,
        )
        save_details.click(
            on_details_saved,
            [status_action, current, *detail_boxes.values()],
            plan_outputs,
            concurrency_id="plan",
            api_name="save_details",
        )
        status_value.input(
            on_status_chosen,
            [status_action, status_value, current],
            plan_outputs,
            concurrency_id="plan",
            api_name="set_status",
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

        # ------------------------------------------------------------------------------ documents

        def on_add(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> Update:  # noqa: B008
            paths = [Path(f) for f in files or []]
            try:
                report = ws.add_documents(paths, lambda share, text: progress(share, desc=text))
                note = index_outcomes_html(report)
            except Exception as exc:
                # The uploads left the server's cache either way; a refused file is chosen again once fixed.
                note = _warn(exc)
            return {index_status: note, documents: _documents_html(ws), uploads: None}

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


def _action_choices(plan: Any) -> list[tuple[str, str]]:
    """Each action by its number and the start of its words, for the status list."""
    choices = []
    for action in plan.actions:
        words = action.description if len(action.description) <= 50 else action.description[:49] + "…"
        choices.append((f"{action.number}. {words}", str(action.number)))
    return choices


def _documents_html(ws: Workspace) -> str:
    names = ws.documents()
    if not names:
        return '<p class="cip-empty">No documents added yet; the bundled guidance is always there.</p>'
    items = "".join(f"<li>{escape(name)}</li>" for name in names)
    return f"<p>Documents added to this knowledge base:</p><ul>{items}</ul>"


def index_outcomes_html(report: IndexReport) -> str:
    """What became of each uploaded file: the ones indexed, then one sentence for each that was not."""
    lines = [f'<li class="cip-ok">✓ {escape(name)} was added.</li>' for name in report.added]
    lines += [f'<li class="cip-ok">✓ {escape(name)} was updated.</li>' for name in report.updated]
    lines += [f'<li class="cip-error">⚠ {escape(render.web_words(f.reason))}</li>' for f in report.failed]
    total = f'<div class="cip-ok">{report.passages} passages in the knowledge base.</div>'
    return f'<ul class="cip-outcomes">{"".join(lines)}</ul>{total}' if lines else _status(report.summary())


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


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
        css=CSS_PATH.read_text(encoding="utf-8"),
        js=FOLLOW_JS,
    )
    return demo
