"""What every tab of the web app shares: one sentence for a failure, the status line, the download click."""

from __future__ import annotations

import logging
from html import escape

import gradio as gr

from assistant.errors import AssistantError
from ui.render import web_words

log = logging.getLogger("cip_assistant.ui")

# Clicks the link of the file just exported, so an export button downloads in one click.
DOWNLOAD_JS = """
async () => {
  await new Promise((resolve) => setTimeout(resolve, 150));
  const link = document.querySelector('#cip-download a[href]');
  if (link) { link.click(); }
}
"""


def sentence(exc: Exception) -> str:
    """The one sentence a team sees for a failure."""
    if isinstance(exc, AssistantError):
        return web_words(str(exc))
    log.exception("unexpected error in the web UI")
    return (
        f"Something went wrong ({type(exc).__name__}); everything saved before it is kept. "
        "Try again, and if it keeps happening, check the server's log."
    )


def status_html(text: str = "", error: bool = False) -> str:
    if not text:
        return ""
    if error:
        return f'<div class="cip-error">⚠ {escape(text)}</div>'
    return f'<div class="cip-ok">{escape(text)}</div>'


def warn(exc: Exception) -> str:
    said = sentence(exc)
    # The toast renders its message as HTML, and the sentence may quote what a team typed or a file's name.
    gr.Warning(escape(said))
    return status_html(said, error=True)
