"""The Check-in tab: a check-in on a saved plan, the driver-assessment trend, and the progress report."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.models import ActionPlan
from assistant.planning.assessment import trend
from assistant.planning.status import STATUS_WORDS, derived_status
from ui.render import web_words
from ui.state import Workspace

BAR_PX = 160


def trend_html(plan: ActionPlan) -> str:
    """Each driver's assessment score by date as bars, and where each action stands as of today."""
    rows = trend(plan)
    if not rows:
        return "<p>No driver assessment saved yet: /assess in a check-in, or /readiness in the plan.</p>"
    drivers = list(dict.fromkeys(d for _, scores, _ in rows for d in scores))
    from assistant.knowledge.curated import driver_info

    out = ['<table class="cip-trend"><tr><th>Date</th>']
    out += [f"<th>{escape(driver_info(d).name)}</th>" for d in drivers] + ["<th>Overall</th></tr>"]
    for day, scores, overall in rows:
        out.append(f"<tr><td>{day.isoformat()}</td>")
        for driver in drivers:
            score = scores.get(driver)
            if score is None:
                out.append("<td>—</td>")
                continue
            width = round(BAR_PX * score / 100)
            out.append(
                f'<td><span style="display:inline-block;width:{width}px;height:10px;background:#2f5597"></span>'
                f" {score}%</td>"
            )
        out.append(f"<td>{overall if overall is not None else '—'}%</td></tr>")
    out.append("</table>")
    return "".join(out)


def status_html(plan: ActionPlan, ws: Workspace) -> str:
    today = ws.today()
    items = [
        f"<li>Action {a.number}: {escape(a.description)} — "
        f"<b>{STATUS_WORDS[derived_status(a, today, ws.settings.approaching_days)]}</b></li>"
        for a in plan.actions
    ]
    return f"<p>As of {today.isoformat()}:</p><ul>{''.join(items)}</ul>" if items else ""


def checkin_tab(ws: Workspace) -> None:
    """A check-in on a saved plan, one answer at a time, each saved on the plan before it is shown."""
    checkins = ws.checkins
    with gr.Tab("Check-in", id="checkin"):
        gr.Markdown(
            "Go through a saved plan's actions with the team: where each stands, what shows it, what got in the way, "
            "what changes. Every answer is saved on the plan."
        )
        with gr.Row():
            name = gr.Dropdown(label="Plan", choices=[], allow_custom_value=True, scale=4, elem_id="cip-checkin-plan")
            refresh = gr.Button("Refresh the list", size="sm", scale=1)
            begin = gr.Button("Start or pick up the check-in", variant="primary", scale=2, elem_id="cip-checkin-start")
        conversation = gr.Textbox(
            label="Check-in", lines=14, max_lines=30, interactive=False, elem_id="cip-checkin-log", autoscroll=True
        )
        with gr.Row():
            answer = gr.Textbox(
                label="Your answer",
                placeholder="e.g. finished it / halfway / stuck on scheduling / /skip",
                max_length=2000,
                scale=5,
                elem_id="cip-checkin-answer",
            )
            send = gr.Button("Send", scale=1, elem_id="cip-checkin-send")
        with gr.Row():
            with gr.Column():
                gr.Markdown("### Driver assessment over time")
                chart = gr.HTML("", elem_id="cip-checkin-trend")
            with gr.Column():
                gr.Markdown("### Where the actions stand")
                standing = gr.HTML("", elem_id="cip-checkin-status")
        report = gr.Button("Progress report (Word)", size="sm", elem_id="cip-checkin-report")
        file = gr.File(label="Download", interactive=False, visible=False, elem_id="cip-checkin-file")

    def choices() -> Any:
        return gr.update(choices=[(s.name, s.name) for s in ws.saved_sessions("plan") if not s.damaged])

    def shown(log: str, said: str, plan: ActionPlan) -> tuple[str, str, str, str]:
        said = web_words(said)
        text = f"{log}\n\n{said}".strip() if log else said
        return text[-20_000:], "", trend_html(plan), status_html(plan, ws)

    def start(plan_name: str | None) -> tuple[str, str, str, str]:
        try:
            session, opening = checkins.open(plan_name or "")
        except Exception as exc:
            return f"⚠ {exc}", "", "", ""
        return shown("", opening, session.plan)

    def reply(plan_name: str | None, log: str, message: str) -> tuple[str, str, str, str]:
        if not plan_name:
            return log, message, gr.update(), gr.update()  # type: ignore[return-value]
        try:
            session, said = checkins.turn(plan_name, message)
        except Exception as exc:
            return f"{log}\n\n⚠ {exc}", message, gr.update(), gr.update()  # type: ignore[return-value]
        return shown(f"{log}\n\nyou › {message}", said.text, session.plan)

    def download(plan_name: str | None) -> Any:
        if not plan_name:
            return gr.update()
        try:
            path = ws.export_for_download(plan_name, "report-docx", Path(file.GRADIO_CACHE))
        except Exception:
            return gr.update()
        return gr.update(value=str(path), visible=True)

    refresh.click(choices, None, [name])
    begin.click(start, [name], [conversation, answer, chart, standing], api_name="checkin_start")
    send.click(reply, [name, conversation, answer], [conversation, answer, chart, standing], api_name="checkin_turn")
    answer.submit(reply, [name, conversation, answer], [conversation, answer, chart, standing])
    report.click(download, [name], [file], api_name="checkin_report")


__all__ = ["checkin_tab", "status_html", "trend_html"]
