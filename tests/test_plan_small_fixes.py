"""Small things a team notices in a planning meeting and in its plan: check marks in the Word plan."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from assistant.export import render
from assistant.models import Action, ActionPlan, Driver, ProgressEntry

# ------------------------------------------------------------------------------------------ the Word plan


def typed_with_emoji() -> ActionPlan:
    action = Action(
        number=1,
        description="Exit tickets daily ✅",
        note="✅ exit tickets daily — math teachers 📚 ✅",
        driver=Driver.decision_support_data,
        owner="Ms. Kaur",
        resources=["item bank ✅"],
    )
    said = ProgressEntry(action=1, date=date(2026, 12, 1), status="in_progress", said="halfway there ✅🎉")
    return ActionPlan(name="p", initiative="Math ✅", school="Lincoln", actions=[action], progress=[said])


def word_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", ["docx", "report-docx"])
def test_check_marks_typed_by_the_team_print_in_the_word_plan(fmt: str) -> None:
    shown = word_text(render(typed_with_emoji(), fmt))
    assert "✅" not in shown and "📚" not in shown and "🎉" not in shown, "emoji print as empty boxes in Word"
    assert "Exit tickets daily ✓" in shown
    if fmt == "docx":
        assert "“✓ exit tickets daily — math teachers ✓”" in shown and "item bank ✓" in shown


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler-utils lay out the page"
)
def test_the_printed_word_plan_shows_a_check_mark_where_the_team_typed_one(tmp_path: Path) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(render(typed_with_emoji(), "docx"))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    printed = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Math ✓" in printed and "✅" not in printed
