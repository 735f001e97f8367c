"""Plan exports: what a district gets in Markdown, Word, JSON, CSV and a calendar, and how writing them fails safely."""

from __future__ import annotations

import csv
import errno
import io
import itertools
import os
import shutil
import stat
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import icalendar
import pytest

from assistant import resources
from assistant.config import reset_settings
from assistant.errors import InputError, StoreError
from assistant.export import FORMATS, default_filename, export_plan, normalize_format, render
from assistant.export.content import status_label
from assistant.export.csv_ import COLUMNS
from assistant.export.docx import ACTION_HEADERS
from assistant.export.ics import rule_for, uid
from assistant.knowledge import curated
from assistant.models import DUE_NOT_SET, OWNER_NOT_SET, Action, ActionPlan, Citation, Driver, EquityCheckResult, Stage
from tests.plan_examples import six_action_plan

SNAPSHOTS = Path(__file__).parent / "snapshots"
HOSTILE = "Share results | post on the wall <script>alert(1)</script> and `run` it\n=SUM(A1:A9) *now*"


@pytest.fixture(autouse=True)
def _project_knowledge_base(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Display names come from the bundled curated data, whatever another test pointed the settings at.

    The home is a temporary folder already (conftest); curated data is cached per process, so it is reloaded.
    """
    monkeypatch.setenv("CIP_ASSISTANT_KNOWLEDGE_BASE", str(resources.knowledge_base()))
    # Where each action stands depends on the day the plan is read; the exports here are read on one day.
    monkeypatch.setenv("CIP_ASSISTANT_TODAY", "2026-01-20")
    reset_settings()
    curated.drivers.cache_clear()
    curated.stages.cache_clear()
    yield
    reset_settings()
    curated.drivers.cache_clear()
    curated.stages.cache_clear()


# ------------------------------------------------------------------------------------------------ the plan

TIP_SHEETS = "Drivers Best Practices Tip Sheets"
TIP_SHEETS_FILE = "000_d1ac5a2a4c2540b4.txt"
COACHING_MONTHLY = Citation(
    id="tip-coaching-07",
    source=TIP_SHEETS_FILE,
    section=f"{TIP_SHEETS} › Coaching › Coaching is provided to improve the competency of relevant staff",
    quote="Coaching is provided at least monthly to relevant staff.",
)
COACHING_OBSERVATION = Citation(
    id="tip-coaching-08",
    source=TIP_SHEETS_FILE,
    section=f"{TIP_SHEETS} › Coaching › Coaches' feedback is based on direct observation",
    quote="Coaches' feedback to staff is based on direct observation and at least one other data source.",
)
DATA_DISAGGREGATED = Citation(
    id="tip-didm-03",
    source=TIP_SHEETS_FILE,
    section=f"{TIP_SHEETS} › Data-Informed Decision-Making › Equity considerations",
    quote="All data (programmatic, fidelity, outcome, etc.) should be disaggregated by race/ethnicity.",
)
COMMUNITY_DESIGN = Citation(
    id="tip-training-02",
    source=TIP_SHEETS_FILE,
    section=f"{TIP_SHEETS} › Training › Agency staff provide or secure skill-based training",
    quote="co-developed with community partners representative of the focus population",
)
FEEDBACK_LOOPS = Citation(
    id="tip-didm-05",
    source=TIP_SHEETS_FILE,
    section=f"{TIP_SHEETS} › Data-Informed Decision-Making › Families give feedback",
    quote="Feedback loops with families and communities of color are built into the review cycle.",
)

DISAGGREGATE_MISSING = "No plan to break the data down by race/ethnicity or student group."
FEEDBACK_MISSING = "No way for families or communities of color to give feedback on this action and hear back."


def check(key: str, title: str, status: str, reason: str, citation: Citation | None = None) -> EquityCheckResult:
    return EquityCheckResult.model_validate(
        {"check": key, "title": title, "status": status, "reason": reason, "citation": citation}
    )


def make_plan() -> ActionPlan:
    coaching_cycle = Action(
        number=1,
        description="Instructional coaches observe each K-2 teacher using the new phonics routines and give feedback.",
        note="dana's team will get into every K-2 room once a month and give feedback within two days",
        driver=Driver.coaching,
        stage=Stage.initial_implementation,
        owner="Dana Ruiz",
        owner_role="instructional coach",
        start=date(2025, 9, 15),
        due=date(2026, 5, 29),
        recurrence="monthly",
        resources=["Coaching log template", "Release time: 2 hours per teacher per month"],
        measures=["90% of K-2 teachers observed monthly", "Fidelity checklist average ≥ 80%"],
        status="planned",
        equity_checks=[
            check(
                "data_disaggregated",
                "Data disaggregated by race/ethnicity and sub-population",
                "needs_attention",
                DISAGGREGATE_MISSING,
                DATA_DISAGGREGATED,
            ),
            check(
                "dei_preparation",
                "DEI / implicit-bias preparation of those responsible",
                "met",
                "met: 'coaches complete the implicit bias module'",
                COMMUNITY_DESIGN,
            ),
            check(
                "communication_accessible",
                "Communication accessible in languages other than English",
                "not_applicable",
                "Communicating in languages other than English is not a practice of the Coaching tip sheet.",
            ),
        ],
        citations=[COACHING_MONTHLY, COACHING_OBSERVATION],
        question="How will coaching be provided and how often?",
    )
    data_review = Action(
        number=2,
        description="Data team reviews benchmark results by school, grade and student group.",
        driver=Driver.decision_support_data,
        stage=Stage.initial_implementation,
        owner="Marcus Lee",
        owner_role="assistant principal",
        start=None,
        due=date(2026, 1, 30),
        recurrence=None,
        resources=["Benchmark dashboard"],
        measures=["Review notes posted within a week"],
        status="in_progress",
        equity_checks=[
            check(
                "data_disaggregated",
                "Data disaggregated by race/ethnicity and sub-population",
                "met",
                "met: 'by school, grade and student group'",
                DATA_DISAGGREGATED,
            ),
            check(
                "feedback_loops",
                "Two-way feedback loops with families and communities of color",
                "needs_attention",
                FEEDBACK_MISSING,
                FEEDBACK_LOOPS,
            ),
        ],
        citations=[DATA_DISAGGREGATED],
    )
    family_share = Action(
        number=3,
        description=HOSTILE,
        driver=Driver.decision_support_data,
        stage=Stage.initial_implementation,
        owner=None,
        start=None,
        due=None,
        resources=["-1 budget line", "@channel announcement"],
        measures=["+10% family attendance"],
        status="proposed",
        equity_checks=[
            check(
                "feedback_loops",
                "Two-way feedback loops with families and communities of color",
                "needs_attention",
                FEEDBACK_MISSING,
                FEEDBACK_LOOPS,
            ),
            check(
                "data_disaggregated",
                "Data disaggregated by race/ethnicity and sub-population",
                "needs_attention",
                f"{DISAGGREGATE_MISSING} The action rules it out: 'not by student group'.",
                DATA_DISAGGREGATED,
            ),
        ],
        citations=[DATA_DISAGGREGATED],
        flags=[OWNER_NOT_SET, DUE_NOT_SET, "translation to confirm"],
    )
    leadership_meeting = Action(
        number=4,
        description="Principal reports implementation progress to the school board.",
        driver=Driver.coaching,
        owner="Principal Okafor",
        start=date(2025, 10, 1),
        due=date(2026, 6, 1),
        recurrence="each semester",
        status="planned",
    )
    return ActionPlan(
        name="Lincoln literacy 2025",
        initiative="Structured literacy in K-2",
        school="Lincoln Elementary, Springfield Unified School District",
        team="Lincoln CIP team",
        school_year="2025–26",
        stage=Stage.initial_implementation,
        drivers=[Driver.coaching, Driver.decision_support_data],
        actions=[coaching_cycle, data_review, family_share, leadership_meeting],
        created=datetime(2025, 8, 20, 15, 30, tzinfo=UTC),
        updated=datetime(2025, 9, 2, 18, 5, 12, tzinfo=UTC),
        version=3,
    )


def rrule_of(event: icalendar.Component) -> dict[str, object]:
    rule = event["RRULE"]
    assert isinstance(rule, icalendar.vRecur)
    return dict(rule)


@pytest.fixture
def plan() -> ActionPlan:
    return make_plan()


# ------------------------------------------------------------------------------------------------ formats


def test_unknown_format_lists_the_choices(plan: ActionPlan) -> None:
    with pytest.raises(InputError, match=r"Unknown export format 'pdf'.*md, docx, json, csv, ics"):
        render(plan, "pdf")


def test_format_names_people_type_are_accepted() -> None:
    assert normalize_format(".MD") == "md"
    assert normalize_format("Word") == "docx"
    assert normalize_format("calendar") == "ics"
    assert [normalize_format(fmt) for fmt in FORMATS] == list(FORMATS)


def test_default_filename_is_safe(plan: ActionPlan) -> None:
    assert default_filename(plan, "md") == "Lincoln-literacy-2025.md"
    assert default_filename(plan.model_copy(update={"name": "../../etc/passwd"}), "csv") == "etc-passwd.csv"


def test_every_session_name_gets_an_export_folder_that_fits_on_disk(tmp_path: Path) -> None:
    from assistant.export import folder_name
    from assistant.storage.sessions import check_name

    assert folder_name("lincoln 2026-27") == "lincoln 2026-27"
    wide = check_name("\U0001d400" * 80)  # 80 letters, 320 bytes
    other = check_name("\U0001d400" * 79 + "B")
    folders = {folder_name(name) for name in (wide, other)}
    assert len(folders) == 2, "two long names never share a folder"
    for folder in folders:
        assert folder.startswith("\U0001d400") and len(folder.encode()) <= 200
        assert folder_name(folder) == folder
        out = tmp_path / folder / default_filename(ActionPlan(name=wide), "docx")
        out.parent.mkdir()
        assert export_plan(ActionPlan(name=wide), "docx", out).stat().st_size > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_an_empty_plan(fmt: str) -> None:
    assert render(ActionPlan(name="empty"), fmt)


# ------------------------------------------------------------------------------------------------ Markdown


def test_markdown_matches_the_snapshot(plan: ActionPlan) -> None:
    text = render(plan, "md").decode("utf-8")
    snapshot = SNAPSHOTS / "plan.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), "no snapshot yet: run once with UPDATE_SNAPSHOTS=1 and review tests/snapshots/plan.md"
    assert text == snapshot.read_text(encoding="utf-8")


def test_markdown_is_deterministic(plan: ActionPlan) -> None:
    assert render(plan, "md") == render(make_plan(), "md")


def test_markdown_treats_user_text_as_data(plan: ActionPlan) -> None:
    text = render(plan, "md").decode("utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    row = next(line for line in text.splitlines() if line.startswith("| 3 |"))
    # The user's pipe is escaped, so the row still has exactly the table's eight cells.
    unescaped_pipes = row.replace("\\|", "").count("|")
    assert unescaped_pipes == 9
    assert "Share results \\| post on the wall" in row
    assert "\\`run\\`" in row and "\\*now\\*" in row
    assert "=SUM(A1:A9)" in row


def test_markdown_renders_one_cell_per_column(plan: ActionPlan) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(render(plan, "md").decode("utf-8"))
    assert "<script" not in html
    first_table = html.split("</table>", 1)[0]
    rows = first_table.split("<tr>")[2:]
    assert [row.count("<td") for row in rows] == [8] * len(plan.actions)
    assert "Share results | post on the wall &lt;script&gt;" in rows[2]
    # The title is the action; the team's words are a note under it, not the title.
    assert "<strong>Instructional coaches observe each K-2 teacher" in rows[0]
    assert "<em>In the team's words:</em> “dana's team will get into every K-2 room" in rows[0]


def test_markdown_flags_and_sources(plan: ActionPlan) -> None:
    text = render(plan, "md").decode("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 3 |"))
    assert "**⚠ owner not set**" in row
    assert "**⚠ due date not set**" in row
    assert "**⚠ translation to confirm**" in row
    assert OWNER_NOT_SET not in text.replace("⚠ owner not set", "")
    sources = text.split("## Sources", 1)[1]
    assert sources.count(COACHING_MONTHLY.section) == 1
    assert sources.count(DATA_DISAGGREGATED.section) == 1
    assert "1. Drivers Best Practices Tip Sheets › Coaching" in sources


def test_the_cover_names_the_plan_in_words_and_leaves_out_what_is_not_known() -> None:
    sparse = ActionPlan(name="pbis", initiative="PBIS", stage=Stage.initial_implementation, version=2)
    for fmt in ("md", "docx"):
        text = _text_of(sparse, fmt)
        assert "Initial Implementation" in text and "initial_implementation" not in text
        assert "Version: 2" in text.replace("**", "")
        # What the team never said is left out, not printed as a dash.
        assert "—" not in text and "Team:" not in text and "School year:" not in text


def test_plan_goals_are_shown_when_the_team_gave_any(plan: ActionPlan) -> None:
    assert "Goals" not in _text_of(plan, "md")
    with_goals = plan.model_copy(update={"goals": ["85% of K-2 students at benchmark by spring"]})
    for fmt in ("md", "docx"):
        assert "85% of K-2 students at benchmark by spring" in _text_of(with_goals, fmt)


def test_no_export_shows_a_stored_file_name(plan: ActionPlan) -> None:
    for fmt in ("md", "docx", "csv", "ics"):
        text = _text_of(plan, fmt)
        assert TIP_SHEETS_FILE not in text and "000_" not in text, fmt
        assert "Drivers Best Practices Tip Sheets › Coaching" in text, fmt


def test_the_equity_review_is_one_table_of_checks_by_actions(plan: ActionPlan) -> None:
    text = render(plan, "md").decode("utf-8")
    review = text.split("## Equity review", 1)[1].split("## Review and sign-off", 1)[0]
    table = [line for line in review.splitlines() if line.startswith("|")]
    header, _, *rows = table
    assert header == "| Equity check | Action 1 | Action 2 | Action 3 |"
    # One row per check that applies somewhere, not one per check per action.
    assert [row.split(" | ")[0] for row in rows] == [
        "| **Data disaggregated by race/ethnicity and sub-population**<br>What is missing: "
        f"{DISAGGREGATE_MISSING}<br>Practice: [3]",
        "| **DEI / implicit-bias preparation of those responsible**<br>Practice: [4]",
        "| **Two-way feedback loops with families and communities of color**<br>What is missing: "
        f"{FEEDBACK_MISSING}<br>Practice: [5]",
    ]
    disaggregated = rows[0].split(" | ")[1:]
    # Action 3's reason adds what ruled the practice out; only that is said in its cell.
    assert disaggregated == [
        "**Needs attention**",
        "Met",
        "**Needs attention**<br>The action rules it out: 'not by student group'. |",
    ]
    assert "Not applicable to any of these actions: Communication accessible in languages other than English." in review
    assert "2 of 4 equity checks need attention, in actions 1, 2, 3." in review


def test_a_reason_particular_to_one_action_stays_in_its_cell(plan: ActionPlan) -> None:
    first, second = plan.actions[0], plan.actions[1]
    other = first.equity_checks[0].model_copy(update={"reason": "The coaching log has no student-group fields."})
    second = second.model_copy(update={"equity_checks": [other]})
    text = render(plan.model_copy(update={"actions": [first, second]}), "md").decode("utf-8")
    line = next(line for line in text.splitlines() if line.startswith("| **Data disaggregated"))
    assert line.endswith(
        " | **Needs attention** | **Needs attention**<br>The coaching log has no student-group fields. |"
    )


def test_markdown_ends_with_a_sign_off_and_the_sources(plan: ActionPlan) -> None:
    text = render(plan, "md").decode("utf-8")
    sign_off = text.split("## Review and sign-off", 1)[1].split("## Sources", 1)[0]
    assert "| Reviewed by | Role | Signature | Date |" in sign_off


# ------------------------------------------------------------------------------------------------ Word


def _text_of(plan: ActionPlan, fmt: str) -> str:
    """What a person reads in an export: the text of every paragraph and table cell of a Word file."""
    data = render(plan, fmt)
    if fmt == "ics":
        events = icalendar.Calendar.from_ical(data).walk("VEVENT")
        return "\n".join(f"{event['SUMMARY']}\n{event['DESCRIPTION']}" for event in events)
    if fmt != "docx":
        return data.decode("utf-8-sig")
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_word_document_reads_back(plan: ActionPlan, tmp_path: Path) -> None:
    out = export_plan(plan, "docx", tmp_path / "plan.docx")
    document = docx.Document(str(out))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith(("Title", "Heading"))
    ]
    assert headings == [
        "Continuous Improvement Plan",
        "At a glance",
        "Actions",
        "Equity review",
        "Review and sign-off",
        "Sources",
    ]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "School / district: Lincoln Elementary, Springfield Unified School District" in body
    assert "Implementation stage: Initial Implementation" in body
    assert "Date: September 2, 2025" in body
    actions, equity, sign_off = document.tables
    assert [cell.text for cell in actions.rows[0].cells] == [
        "#", "Action", "Owner", "Start → due", "Recurrence", "Resources", "Measures of success", "Status",
    ]  # fmt: skip
    assert len(actions.rows) == 1 + len(plan.actions)
    owners = [row.cells[2].text for row in actions.rows[1:]]
    assert owners == [
        "Dana Ruiz (instructional coach)",
        "Marcus Lee (assistant principal)",
        "⚠ owner not set",
        "Principal Okafor",
    ]
    first = actions.rows[1].cells[1].paragraphs
    assert first[0].text.startswith("Instructional coaches observe each K-2 teacher") and first[0].runs[0].bold
    assert first[1].text.startswith("In the team's words: “dana's team will get into every K-2 room")
    assert first[2].text == "Coaching"
    assert actions.rows[1].cells[3].text == "2025-09-15\n→ 2026-05-29"
    assert actions.rows[2].cells[3].text == "due\n2026-01-30"  # no arrow left dangling where no start was set
    assert actions.rows[2].cells[4].text == "once"
    assert actions.rows[3].cells[1].text.startswith(HOSTILE.split("\n")[0])
    assert "<script>alert(1)</script>" in actions.rows[3].cells[1].text
    # One row per check that applies to some action; a column per action.
    assert [cell.text.split("\n")[0] for cell in equity.rows[0].cells] == [
        "Equity check",
        "Action 1",
        "Action 2",
        "Action 3",
    ]
    assert len(equity.rows) == 1 + 3
    statuses = {cell.text.split("\n")[0] for row in equity.rows[1:] for cell in row.cells[1:]} - {""}
    assert statuses == {"Met", "Needs attention"}
    assert [cell.text for cell in sign_off.rows[0].cells] == ["Reviewed by", "Role", "Signature", "Date"]
    width, height = document.sections[-1].page_width, document.sections[-1].page_height
    assert width is not None and height is not None and width > height
    assert document.core_properties.title == "Continuous Improvement Plan: Structured literacy in K-2"
    assert f"“{COACHING_MONTHLY.quote}”" in body


def test_word_tables_have_fixed_widths_that_fit_the_page(plan: ActionPlan) -> None:
    from docx.shared import Inches

    document = docx.Document(io.BytesIO(render(six_action_plan(), "docx")))
    section = document.sections[-1]
    assert section.page_width is not None and section.left_margin is not None and section.right_margin is not None
    room = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        assert table.autofit is False
        assert table._tbl.tblPr.xml.count('w:type="fixed"') == 1
        widths = [cell.width for cell in table.rows[0].cells]
        assert all(width is not None for width in widths)
        assert sum(widths) <= room + Inches(0.01)
        for row in table.rows:
            assert [cell.width for cell in row.cells] == widths


def _pdf_of(plan: ActionPlan, folder: Path) -> Path:
    """The Word export as LibreOffice lays it out, converted to PDF."""
    import subprocess

    source = folder / "plan.docx"
    source.write_bytes(render(plan, "docx"))
    # A profile of its own, so a running LibreOffice or another test does not hold the lock.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / "plan.pdf"


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler-utils lay out the page"
)
def test_the_word_plan_prints_without_broken_words_or_tables_off_the_page(tmp_path: Path) -> None:
    import re
    import subprocess

    plan = six_action_plan()
    pdf = _pdf_of(plan, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    words = set(re.findall(r"[\w→'’-]+", text))

    def whole(word: str) -> bool:
        return word in words

    dates = {day.isoformat() for action in plan.actions for day in (action.start, action.due) if day}
    assert dates and not [day for day in dates if not whole(day)], "a date is split across lines"
    headers = {word for header in ACTION_HEADERS for word in header.split()} - {"#", "→"}
    statuses = {word for action in plan.actions for word in status_label(action).split()}
    recurrences = {word for action in plan.actions for word in (action.recurrence or "").split()}
    owners = {word for action in plan.actions for word in (action.owner or "").split()}
    for word in sorted(headers | statuses | recurrences | owners):
        assert whole(word), f"“{word}” is broken across lines in the printed plan"

    # Every word lies on the page, inside a margin: no table runs off its edge.
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S):
        width = float(page.group(1))
        for x_min, x_max in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', page.group(3)):
            assert float(x_min) >= 18 and float(x_max) <= width - 18, "a table runs off the page"
    assert not re.search(r"\d{4}-\d{2}-$", text, re.M), "a date is cut at the end of a line"


# ------------------------------------------------------------------------------------------------ calendar


def expand(event: icalendar.Component) -> list[date]:
    """Every day an event happens on, as a calendar that understands RRULE and RDATE would show it."""
    from dateutil.rrule import rrulestr

    first = event.decoded("DTSTART")
    days = [first]
    if "RRULE" in event:
        text = event["RRULE"].to_ical().decode()
        days = [moment.date() for moment in rrulestr(text, dtstart=datetime(first.year, first.month, first.day))]

    def listed(name: str) -> list[date]:
        value = event.get(name)
        groups = value if isinstance(value, list) else [value] if value is not None else []
        return [item.dt for group in groups for item in group.dts]

    return sorted(set(days + listed("RDATE")) - set(listed("EXDATE")))


def events_of(plan: ActionPlan) -> dict[int, icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(render(plan, "ics"))
    return {int(str(event["UID"]).split("@")[0].rsplit("-", 1)[1]): event for event in calendar.walk("VEVENT")}


def test_calendar_holds_the_dated_actions(plan: ActionPlan) -> None:
    data = render(plan, "ics")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//CIP Assistant//EN"
    assert str(calendar["VERSION"]) == "2.0"
    events = list(calendar.walk("VEVENT"))
    # Action 3 has no date and no rhythm; every other action is on the calendar.
    assert len(events) == 3
    by_uid = {str(event["UID"]): event for event in events}
    assert set(by_uid) == {f"Lincoln-literacy-2025-{number}@cip-assistant" for number in (1, 2, 4)}

    monthly = by_uid["Lincoln-literacy-2025-1@cip-assistant"]
    assert monthly.decoded("DTSTART") == date(2025, 9, 15)
    assert monthly.decoded("DTEND") == date(2025, 9, 16)
    assert rrule_of(monthly) == {"FREQ": ["MONTHLY"], "UNTIL": [date(2026, 5, 29)]}
    assert str(monthly["SUMMARY"]).endswith("(Dana Ruiz)")
    description = str(monthly["DESCRIPTION"])
    assert "Driver: Coaching" in description
    assert "Measures of success: 90% of K-2 teachers observed monthly; Fidelity checklist average ≥ 80%" in description
    assert "Repeats monthly, from 2025-09-15 to 2026-05-29." in description
    assert COACHING_MONTHLY.section in description
    assert monthly.decoded("DTSTAMP") == datetime(2025, 9, 2, 18, 5, 12, tzinfo=UTC)

    once = by_uid["Lincoln-literacy-2025-2@cip-assistant"]
    assert expand(once) == [date(2026, 1, 30)]
    assert "RRULE" not in once

    semester = by_uid["Lincoln-literacy-2025-4@cip-assistant"]
    assert expand(semester) == [date(2025, 10, 1), date(2026, 4, 1)]


def test_a_monthly_action_is_a_series_of_every_month_to_its_due_date(plan: ActionPlan) -> None:
    days = expand(events_of(plan)[1])
    assert days == [date(2025, month, 15) for month in (9, 10, 11, 12)] + [
        date(2026, month, 15) for month in (1, 2, 3, 4, 5)
    ]


def test_recurring_work_without_a_due_date_runs_to_the_end_of_the_school_year() -> None:
    plan = six_action_plan()
    family_nights = events_of(plan)[4]
    # The US default calendar ends the 2026–27 school year on the second Friday of June.
    assert expand(family_nights) == [date(2026, 10, 8), date(2027, 4, 8)]
    assert "from 2026-10-08 to 2027-06-11" in str(family_nights["DESCRIPTION"])


def test_every_other_thursday_is_every_other_thursday() -> None:
    plan = six_action_plan()
    days = expand(events_of(plan)[5])
    assert days[0] == date(2026, 10, 1) and days[-1] <= date(2027, 5, 27)
    assert {day.weekday() for day in days} == {3}
    assert {(later - earlier).days % 14 for earlier, later in itertools.pairwise(days)} == {0}
    # Thanksgiving (2026-11-26), winter break (2026-12-24) and spring break (2027-03-18) are skipped.
    assert not {date(2026, 11, 26), date(2026, 12, 24), date(2027, 3, 18)} & set(days)
    assert len(days) == 18 - 3
    assert "except in school breaks" in str(events_of(plan)[5]["DESCRIPTION"])


def test_benchmark_windows_are_the_dates_of_the_school_calendar() -> None:
    plan = six_action_plan()
    review = events_of(plan)[2]
    # The action starts after the fall window closed; the winter and spring windows' last days remain.
    assert expand(review) == [date(2027, 1, 22), date(2027, 5, 21)]
    assert "Repeats each benchmark window: 2027-01-22, 2027-05-21." in str(review["DESCRIPTION"])


def test_benchmark_work_with_no_window_before_its_due_date_shows_its_deadline() -> None:
    plan = six_action_plan()
    soon = plan.actions[1].model_copy(update={"start": date(2026, 12, 1), "due": date(2026, 12, 10)})
    (event,) = events_of(plan.model_copy(update={"actions": [soon]})).values()
    assert expand(event) == [date(2026, 12, 10)]
    assert "no benchmark window falls from 2026-12-01 to 2026-12-10" in str(event["DESCRIPTION"])


def test_a_districts_own_calendar_moves_the_benchmark_dates(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "school_calendar.yaml").write_text(
        "first_day: 2026-08-19\nbenchmarks:\n  moy: [2027-01-25, 2027-02-05]\n", encoding="utf-8"
    )
    reset_settings()
    review = events_of(six_action_plan())[2]
    assert expand(review) == [date(2027, 2, 5), date(2027, 5, 21)]


def test_recurring_meetings_without_dates_still_reach_the_calendar() -> None:
    meetings = [
        Action(number=1, description="Review office referrals", owner="PBIS team", recurrence="monthly"),
        Action(number=2, description="Share PBIS data with staff", owner="Ms Kim", recurrence="each staff meeting"),
        Action(number=3, description="Check in with new staff", owner="Mentor", recurrence="daily"),
    ]
    plan = ActionPlan(name="pbis", actions=meetings, updated=datetime(2026, 9, 1, 12, tzinfo=UTC))
    events = events_of(plan)
    assert set(events) == {1, 2, 3}
    monthly = expand(events[1])
    assert monthly[0] == date(2026, 9, 1) and monthly[-1] == date(2027, 6, 1) and len(monthly) == 10
    staff = events[2]
    assert expand(staff) == [date(2026, 9, 1)]
    assert "Repeats each staff meeting, from 2026-09-01 to 2027-06-11" in str(staff["DESCRIPTION"])
    daily = expand(events[3])
    assert {day.weekday() for day in daily} == {0, 1, 2, 3, 4}, "school days only"


def test_event_titles_are_the_short_title_and_the_owner() -> None:
    plan = six_action_plan()
    events = events_of(plan)
    assert (
        str(events[1]["SUMMARY"]) == "Observe each K-2 teacher using the phonics routines and give feedback (Dana Ruiz)"
    )
    assert (
        str(events[5]["SUMMARY"]) == "Check fidelity of the phonics routines with the walkthrough tool (owner not set)"
    )
    long = plan.actions[0].model_copy(update={"description": "we will " + "observe and coach " * 20})
    (event,) = events_of(plan.model_copy(update={"actions": [long]})).values()
    assert len(str(event["SUMMARY"])) <= 70 + len(" (Dana Ruiz)")
    # The team's words are in the description, not the title.
    assert "In the team's words: “dana and the two coaches" in str(events[1]["DESCRIPTION"])


@pytest.mark.parametrize(
    ("recurrence", "rule"),
    [
        ("weekly", ("WEEKLY", 1)),
        ("biweekly", ("WEEKLY", 2)),
        ("Bi-weekly", ("WEEKLY", 2)),
        ("every other week", ("WEEKLY", 2)),
        ("twice a month", ("WEEKLY", 2)),
        ("monthly", ("MONTHLY", 1)),
        ("every month", ("MONTHLY", 1)),
        ("quarterly", ("MONTHLY", 3)),
        ("each quarter", ("MONTHLY", 3)),
        ("annually", ("YEARLY", 1)),
        ("each semester", ("MONTHLY", 6)),
        ("twice a year", ("MONTHLY", 6)),
        ("every 5 weeks", ("WEEKLY", 5)),
        ("every 2 months", ("MONTHLY", 2)),
        ("daily", ("DAILY", 1)),
        ("each benchmark window", None),
        ("each staff meeting", None),
        ("after each observation", None),
        ("when needed", None),
        (None, None),
    ],
)
def test_recurrence_rules(recurrence: str | None, rule: tuple[str, int] | None) -> None:
    assert rule_for(recurrence) == rule


def test_every_recurrence_the_conversation_writes_reaches_the_calendar() -> None:
    from assistant.understanding.recurrence import find_recurrence

    said = [
        "every other Thursday", "twice a month", "twice a year", "at each benchmark window", "at every staff meeting",
        "after each observation", "every 5 weeks", "weekly", "daily", "monthly", "quarterly", "each semester",
        "annually",
    ]  # fmt: skip
    for words in said:
        found = find_recurrence(words)
        assert found is not None, words
        action = Action(number=1, description="Meet", owner="Team", start=date(2026, 9, 1), recurrence=found.label)
        plan = ActionPlan(name="p", actions=[action], updated=datetime(2026, 9, 1, tzinfo=UTC))
        (event,) = events_of(plan).values()
        days = expand(event)
        assert days[0] >= date(2026, 9, 1) and days[-1] <= date(2027, 6, 11), words
        # Within one school year a yearly action happens once; every other rhythm more often, or says why not.
        irregular = "school calendar does not hold those dates" in str(event["DESCRIPTION"])
        assert len(days) > 1 or irregular or found.label == "annually", words


def test_calendar_uid_is_sanitized(plan: ActionPlan) -> None:
    odd = plan.model_copy(update={"name": "Plan <A>/B c@d"})
    assert uid(odd, plan.actions[0]) == "Plan-A-B-c-d-1@cip-assistant"


def test_recurring_action_without_start_starts_on_the_plan_date(plan: ActionPlan) -> None:
    action = plan.actions[1].model_copy(update={"recurrence": "weekly"})
    (event,) = events_of(plan.model_copy(update={"actions": [action]})).values()
    days = expand(event)
    assert days[0] == date(2025, 9, 2) and days[-1] == date(2026, 1, 27)
    # 22 Tuesdays, less the two in winter break.
    assert len(days) == 20 and not {date(2025, 12, 16), date(2025, 12, 23)} & set(days)


def test_a_start_after_the_due_date_keeps_the_deadline(plan: ActionPlan) -> None:
    action = plan.actions[0].model_copy(update={"start": date(2026, 7, 1)})
    (event,) = events_of(plan.model_copy(update={"actions": [action]})).values()
    assert expand(event) == [date(2026, 5, 29)]


# ------------------------------------------------------------------------------------------------ CSV


def test_csv_reads_back_in_a_spreadsheet(plan: ActionPlan) -> None:
    data = render(plan, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + len(plan.actions)
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["driver"] == "Coaching"
    assert first["stage"] == "Initial Implementation"
    assert first["owner"] == "Dana Ruiz"
    assert first["owner_role"] == "instructional coach"
    assert (first["start"], first["due"], first["recurrence"]) == ("2025-09-15", "2026-05-29", "monthly")
    assert first["resources"] == "Coaching log template; Release time: 2 hours per teacher per month"
    assert first["measures"] == "90% of K-2 teachers observed monthly; Fidelity checklist average ≥ 80%"
    assert first["status"] == "Planned"
    assert first["equity_needs_attention"] == "Data disaggregated by race/ethnicity and sub-population"
    assert first["sources"] == f"{COACHING_MONTHLY.section}; {COACHING_OBSERVATION.section}"
    assert first["action"].startswith("Instructional coaches observe each K-2 teacher")
    assert first["note"] == "dana's team will get into every K-2 room once a month and give feedback within two days"
    assert (first["school"], first["team"], first["school_year"]) == (
        "Lincoln Elementary, Springfield Unified School District",
        "Lincoln CIP team",
        "2025–26",
    )
    third = dict(zip(COLUMNS, rows[3], strict=True))
    assert third["action"] == HOSTILE
    assert (third["owner"], third["due"]) == ("", "")
    assert third["resources"] == "'-1 budget line; @channel announcement"
    assert third["measures"] == "'+10% family attendance"
    fourth = dict(zip(COLUMNS, rows[4], strict=True))
    # An action without a stage of its own is at the plan's stage.
    assert fourth["stage"] == "Initial Implementation"


def test_csv_guards_every_formula_start(plan: ActionPlan) -> None:
    actions = [
        plan.actions[1].model_copy(update={"number": index + 1, "description": f"{start}cmd|' /C calc'!A0"})
        for index, start in enumerate("=+-@")
    ]
    data = render(plan.model_copy(update={"actions": actions}), "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row[1][:2] for row in rows[1:]] == ["'=", "'+", "'-", "'@"]


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        (" =1+1", "' =1+1"),  # spreadsheets that trim leading spaces would otherwise see a formula
        ("\r=1+1", "'\n=1+1"),  # a carriage return is kept as a line break, and still guarded
        ("\n\t@SUM(A1)", "'\n\t@SUM(A1)"),
        ("  plain text", "  plain text"),
        ("e-mail the team", "e-mail the team"),
    ],
)
def test_csv_guards_formulas_behind_leading_whitespace(plan: ActionPlan, typed: str, cell: str) -> None:
    action = plan.actions[1].model_copy(update={"number": 1, "description": typed})
    data = render(plan.model_copy(update={"actions": [action]}), "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][1] == cell


# ------------------------------------------------------------------------------------------------ JSON


def test_json_round_trips_to_the_same_plan(plan: ActionPlan) -> None:
    data = render(plan, "json")
    assert ActionPlan.model_validate_json(data) == plan


def test_json_has_the_documented_shape(plan: ActionPlan) -> None:
    import json

    payload = json.loads(render(plan, "json"))
    action = payload["actions"][2]
    assert action["owner"] is None and action["due"] is None
    assert payload["actions"][0]["due"] == "2026-05-29"
    assert set(action["equity_checks"][0]) >= {"check", "status", "reason", "citation"}
    assert payload["actions"][0]["citations"][0]["id"] == COACHING_MONTHLY.id


# ------------------------------------------------------------------------------------------------ writing files


def test_export_writes_the_named_file_and_nothing_else(plan: ActionPlan, tmp_path: Path) -> None:
    out = export_plan(plan, "md", tmp_path / "plan.md")
    assert out == tmp_path / "plan.md"
    assert out.read_bytes() == render(plan, "md")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.md"]


def test_export_follows_the_umask_like_any_saved_document(plan: ActionPlan, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        out = export_plan(plan, "csv", tmp_path / "plan.csv")
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == 0o644


def test_export_replaces_an_existing_file_fully_only_when_asked(plan: ActionPlan, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    out.write_bytes(b"x" * 1_000_000)
    out.chmod(0o600)
    with pytest.raises(InputError, match=r"plan\.json already exists; add --force to replace it"):
        export_plan(plan, "json", out)
    assert out.read_bytes() == b"x" * 1_000_000
    export_plan(plan, "json", out, replace=True)
    assert out.read_bytes() == render(plan, "json")
    assert ActionPlan.model_validate_json(out.read_bytes()) == plan
    assert out.stat().st_mode & 0o777 == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.json"]


@pytest.mark.parametrize("replace", [False, True])
def test_export_never_writes_through_or_over_a_symlink(plan: ActionPlan, tmp_path: Path, replace: bool) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "plan.md"
    link.symlink_to(target)
    with pytest.raises(InputError, match="is a link to another file"):
        export_plan(plan, "md", link, replace=replace)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["elsewhere.txt", "plan.md"]


@pytest.mark.parametrize("replace", [False, True])
def test_export_refuses_a_fifo_and_leaves_it_a_fifo(plan: ActionPlan, tmp_path: Path, replace: bool) -> None:
    fifo = tmp_path / "plan.md"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is not a plain file"):
        export_plan(plan, "md", fifo, replace=replace)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.md"]


@pytest.mark.parametrize("own", ["sessions.sqlite3", "sessions.sqlite3-wal", "index/chroma.sqlite3", "documents/a.md"])
def test_export_never_replaces_the_assistants_own_files(plan: ActionPlan, home: Path, own: str) -> None:
    target = home / own
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"the assistant's data")
    with pytest.raises(InputError, match="one of CIP Assistant's own files"):
        export_plan(plan, "md", target, replace=True)
    assert target.read_bytes() == b"the assistant's data"
    assert [path.name for path in target.parent.iterdir()] == [target.name]


def test_export_into_the_home_exports_folder_is_allowed(plan: ActionPlan, home: Path) -> None:
    folder = home / "exports" / "lincoln"
    folder.mkdir(parents=True)
    assert export_plan(plan, "md", folder / "plan.md").read_bytes() == render(plan, "md")


def test_a_file_created_meanwhile_is_not_replaced(
    plan: ActionPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone else saves a file of that name between the check and the write.
    out = tmp_path / "plan.md"
    real_fsync = os.fsync

    def and_meanwhile(fd: int) -> None:
        real_fsync(fd)
        out.write_text("their file", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", and_meanwhile)
    with pytest.raises(InputError, match="already exists"):
        export_plan(plan, "md", out)
    assert out.read_text(encoding="utf-8") == "their file"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.md"]


def test_a_temporary_file_left_by_a_killed_export_is_cleaned_on_the_next_one(plan: ActionPlan, tmp_path: Path) -> None:
    stale = tmp_path / ".plan.docx.0badf00d.tmp"
    stale.write_bytes(b"half a plan")
    recent = tmp_path / ".plan.docx.1234abcd.tmp"  # another export of the same name, still running
    recent.write_bytes(b"being written")
    unrelated = tmp_path / ".plan.docx.notes.tmp"
    unrelated.write_bytes(b"not ours")
    an_hour_ago = time.time() - 3600
    for path in (stale, unrelated):
        os.utime(path, (an_hour_ago, an_hour_ago))
    export_plan(plan, "docx", tmp_path / "plan.docx")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".plan.docx.1234abcd.tmp",
        ".plan.docx.notes.tmp",
        "plan.docx",
    ]


def test_missing_folder_is_an_input_error(plan: ActionPlan, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"folder .*missing.* does not exist"):
        export_plan(plan, "md", tmp_path / "missing" / "plan.md")
    assert not (tmp_path / "missing").exists()


def test_a_folder_as_out_is_an_input_error(plan: ActionPlan, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        export_plan(plan, "md", tmp_path)


def test_a_file_as_the_folder_is_an_input_error(plan: ActionPlan, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder"):
        export_plan(plan, "md", tmp_path / "notes.txt" / "plan.md")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_is_an_input_error(plan: ActionPlan, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(InputError, match="not writable"):
            export_plan(plan, "md", locked / "plan.md")
    finally:
        locked.chmod(0o700)


def test_unknown_format_touches_nothing(plan: ActionPlan, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        export_plan(plan, "pdf", tmp_path / "plan.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(
    plan: ActionPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.md"
    out.write_text("the previous export", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StoreError, match="disk is full"):
        export_plan(plan, "md", out, replace=True)
    assert out.read_text(encoding="utf-8") == "the previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.md"]


def test_a_failed_rename_leaves_no_file(plan: ActionPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_rename(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_rename)
    monkeypatch.setattr(os, "link", broken_rename)
    with pytest.raises(StoreError, match=r"Could not write .*plan\.docx.*input/output error"):
        export_plan(plan, "docx", tmp_path / "plan.docx")
    with pytest.raises(StoreError, match=r"Could not write .*plan\.docx.*input/output error"):
        export_plan(plan, "docx", tmp_path / "plan.docx", replace=True)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_export_leaves_no_temporary_file(
    plan: ActionPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_plan(plan, "ics", tmp_path / "plan.ics")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_write_permission_is_an_input_error(
    plan: ActionPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(path: object, flags: int, mode: int = 0o777) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(InputError, match="is not writable; choose a folder you can write to"):
        export_plan(plan, "md", tmp_path / "plan.md")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------------ details


def test_markdown_escaping_keeps_text_literal() -> None:
    from assistant.export.md import escape

    assert escape("# Goals") == "\\# Goals"
    assert escape("1. first") == "1\\. first"
    assert escape("- item") == "\\- item"
    assert escape("tip_sheet_v2.txt and _stress_") == "tip_sheet_v2.txt and \\_stress\\_"
    assert escape("a &amp; b & c") == "a &amp;amp; b & c"
    assert escape("line one\r\n\r\nline two\x07") == "line one<br>line two"
    assert escape("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"


def test_every_export_says_where_each_action_stands_on_the_day_it_is_read(
    plan: ActionPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    overdue = plan.actions[1].model_copy(update={"due": date(2026, 1, 5), "status": "planned"})
    plan.actions[1] = overdue
    md = render(plan, "md").decode()
    assert "Planned, overdue" in md
    rows = list(csv.DictReader(io.StringIO(render(plan, "csv").decode("utf-8-sig"))))
    assert rows[1]["status"] == "Planned" and rows[1]["standing"] == "overdue"
    monkeypatch.setenv("CIP_ASSISTANT_TODAY", "2025-12-01")
    reset_settings()
    rows = list(csv.DictReader(io.StringIO(render(plan, "csv").decode("utf-8-sig"))))
    assert rows[1]["standing"] == "on target"
    document = docx.Document(io.BytesIO(render(plan, "docx")))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Planned, on target" in cells


def test_a_role_already_in_the_owner_is_not_repeated_in_brackets() -> None:
    from assistant.export.content import owner_text

    action = Action(number=1, description="d", owner="Mr. Bianchi and the coaches", owner_role="AP and coaches")
    assert owner_text(action) == "Mr. Bianchi and the coaches (AP)"
    team = Action(number=2, description="d", owner="the data team", owner_role="data team")
    assert owner_text(team) == "the data team"


# ------------------------------------------------------------------------------------------------ ongoing work


def ongoing_plan() -> ActionPlan:
    """A plan with work left open-ended on purpose beside a one-off action that still needs its date."""
    return ActionPlan(
        name="behavior supports",
        initiative="Restorative practices",
        actions=[
            Action(
                number=1,
                description="Counselor meets the student and family after each suspension.",
                owner="Ms. Kim",
                recurrence="after each suspension",
                flags=[DUE_NOT_SET],
            ),
            Action(
                number=2,
                description="Grade-level teams review the referral data.",
                owner="Grade-level leads",
                start=date(2025, 9, 8),
                recurrence="weekly",
            ),
            Action(number=3, description="Write the restorative-conference protocol.", owner="Mr. Diaz"),
        ],
        updated=datetime(2025, 9, 2, 18, 5, 12, tzinfo=UTC),
    )


def test_recurring_work_without_an_end_reads_as_ongoing_in_the_word_plan() -> None:
    document = docx.Document(io.BytesIO(render(ongoing_plan(), "docx")))
    actions = document.tables[0]
    dates = [row.cells[3].text for row in actions.rows[1:]]
    assert dates == ["Ongoing — after each suspension", "2025-09-08\n→ Ongoing — weekly", "⚠ due date not set"]
    rows = ["\n".join(cell.text for cell in row.cells) for row in actions.rows[1:]]
    assert "not set" not in rows[0] + rows[1], "open-ended recurring work is not missing a due date"
    # Only the one-off action's date is flagged, in bold.
    assert [run.bold for run in actions.rows[3].cells[3].paragraphs[0].runs] == [True]
    assert not any(run.bold for row in actions.rows[1:3] for p in row.cells[3].paragraphs for run in p.runs)
    glance = [p.text for p in document.paragraphs if p.text.startswith("3 actions")]
    assert glance == ["3 actions; 3 with an owner, 0 with a due date, 2 ongoing."]


def test_recurring_work_without_an_end_reads_as_ongoing_in_markdown() -> None:
    text = render(ongoing_plan(), "md").decode()
    rows = [line for line in text.splitlines() if line.startswith(("| 1 |", "| 2 |", "| 3 |"))]
    assert "| Ongoing — after each suspension |" in rows[0] and "not set" not in rows[0]
    assert "| 2025-09-08 → Ongoing — weekly |" in rows[1] and "not set" not in rows[1]
    assert "| **⚠ due date not set** |" in rows[2]


def test_the_calendar_and_the_progress_report_say_ongoing_too() -> None:
    plan = ongoing_plan()
    ics = _text_of(plan, "ics")
    assert "Due: Ongoing — weekly" in ics and "Due: not set" not in ics
    report = render(plan, "report-md").decode()
    assert "after each suspension. (Ms. Kim): ongoing — after each suspension." in report
    assert "Write the restorative-conference protocol. (Mr. Diaz): has no due date yet." in report
    assert "1 without a date" in report and "2 without a date" not in report
    assert "ongoing" in report.split("the plan has 3 actions:")[1].splitlines()[0]


def test_a_one_off_action_without_a_date_is_still_flagged_everywhere() -> None:
    plan = ActionPlan(name="p", actions=[Action(number=1, description="Write the protocol.", owner="Mr. Diaz")])
    assert "**⚠ due date not set**" in render(plan, "md").decode()
    assert "⚠ due date not set" in _text_of(plan, "docx")
    assert "has no due date yet" in render(plan, "report-md").decode()
    # "once" is how a one-off action's rhythm is shown; typed as its recurrence it is still a one-off.
    plan.actions[0].recurrence = "once"
    assert "**⚠ due date not set**" in render(plan, "md").decode()
