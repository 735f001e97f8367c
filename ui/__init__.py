"""The web UI (Gradio): a thin adapter over `assistant`. `ui.app.launch` serves it; `ui.state` holds its logic."""
