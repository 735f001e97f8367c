"""A district calendar file already unusable when the web server starts is told on the Plan tab, once, and the
plans use the usual US dates; one that goes bad while the server runs is told in the next reply, as before."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from assistant.app.school_calendar import check_school_calendar, unusable_calendar
from assistant.config import Settings
from assistant.models import Action, ActionPlan
from assistant.retrieval.retriever import Retriever
from ui import charts
from ui.state import Workspace

BACKWARDS = "first_day: 2026-08-25\nbreaks:\n  winter: [2027-01-01, 2026-12-20]\n"
GOOD = "first_day: 2026-08-19\nlast_day: 2027-06-04\n"
ANSWER = "Dana Ruiz will observe each K-2 teacher using the phonics routines by 2027-01-29"


def write(path: Path, text: str) -> Path:
    """The calendar file with `text`, stamped a second later than before so it reads as a new version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    stamp = max(path.stat().st_mtime_ns, before + 10**9)
    os.utime(path, ns=(stamp, stamp))
    return path


def test_an_unusable_calendar_stays_known_after_it_was_told(home: Path) -> None:
    path = write(home / "school_calendar.yaml", BACKWARDS)
    told = check_school_calendar()
    assert told is not None and check_school_calendar() is None
    found = unusable_calendar()
    assert found is not None and found.sentence == told and found.current()
    write(path, GOOD)
    assert unusable_calendar() is None and not found.current()


def test_a_calendar_bad_at_start_is_on_the_page_not_in_the_replies(index_home: Path, retriever: Retriever) -> None:
    path = write(index_home / "school_calendar.yaml", BACKWARDS)
    ws = Workspace(Settings(home=index_home, today=date(2026, 11, 22)), retriever=retriever)
    notice = ws.calendar_notice()
    assert notice is not None and str(path) in notice and notice.endswith("usual US school dates until it is fixed.")
    ws.start("lincoln", "Structured literacy", "installation", ["coaching"])
    session, reply = ws.turn("lincoln", ANSWER)
    assert "school calendar" not in reply.text, "told on the page, not again in the conversation"
    assert session.plan.actions[0].due == date(2027, 1, 29)
    assert ws.calendar_notice() == notice, "every page loaded while the file is unusable says it"

    # Fixed, the page says nothing; gone bad again while the server runs, the next reply tells it.
    write(path, GOOD)
    assert ws.calendar_notice() is None
    write(path, BACKWARDS)
    _, reply = ws.turn("lincoln", "Ms Kim runs monthly data meetings starting in October")
    assert reply.text.count("school calendar") == 1 and ws.calendar_notice() is None


def test_a_usable_calendar_leaves_the_page_alone(index_home: Path, retriever: Retriever) -> None:
    write(index_home / "school_calendar.yaml", GOOD)
    assert Workspace(Settings(home=index_home), retriever=retriever).calendar_notice() is None


def test_the_timeline_lists_ongoing_work_apart_from_work_without_a_date() -> None:
    plan = ActionPlan(
        name="p",
        actions=[
            Action(number=1, description="Meet the family", owner="Ms. Kim", recurrence="after each suspension"),
            Action(number=2, description="Write the protocol", owner="Mr. Diaz"),
        ],
    )
    svg = charts.timeline_svg(plan)
    assert "Not on the timeline (no due date yet): #2<" in svg and "Ongoing, with no end date: #1<" in svg
