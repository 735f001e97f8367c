"""A plan carried through the year from the command line: check-ins, assessments, what is due, the report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_env, run_cli

from assistant.dialogue.checkin_words import read_evidence, read_progress
from assistant.models import Action, ActionPlan
from assistant.planning.status import coming_due, derived_status, next_occurrence


def run(home: Path, today: str, *args: str, lines: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line on `today`, with `lines` typed one per turn."""
    return run_cli(*args, home=home, env={"CIP_ASSISTANT_TODAY": today}, input="\n".join(lines or []) + "\n")


def plan_json(home: Path) -> dict:  # type: ignore[type-arg]
    shown = run(home, "2027-04-12", "plan", "show", "lincoln", "--json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)  # type: ignore[no-any-return]


def test_a_scripted_year_of_check_ins_assessments_and_reports(index_home: Path, tmp_path: Path) -> None:
    # October: the plan, and the readiness check saved as the first driver assessment.
    october = run(
        index_home,
        "2026-10-05",
        "chat",
        "--session",
        "lincoln",
        "--initiative",
        "Structured literacy K-3",
        "--stage",
        "installation",
        "--driver",
        "coaching",
        lines=[
            "no",
            "Dana Reyes will run coach training on the new routines by December 1, 2026",
            "The principal will review coaching logs monthly until June 30, 2027",
            "/readiness",
            "in place",
            "partially",
            "not in place",
            "/skip",
            "/edit 4 owner Sam Ortiz",
            "/edit 4 due 2027-02-15",
        ],
    )
    assert october.returncode == 0, october.stderr
    assert "Saved in the driver assessment of 2026-10-05: 50%." in october.stdout
    plan = plan_json(index_home)
    assert [a["number"] for a in plan["actions"]] == [1, 2, 3, 4]
    assert plan["actions"][3]["due"] == "2027-02-15" and plan["actions"][1]["recurrence"] == "monthly"

    # December: the overdue training is done, with evidence; the monthly review is halfway.
    december = run(
        index_home,
        "2026-12-08",
        "chat",
        "--mode",
        "checkin",
        "--session",
        "lincoln",
        lines=[
            "finished it",
            "sign-in sheets in coach-training-signin.pdf; https://drive.example.org/coach-training",
            "/skip",
            "halfway, we did October and November",
            "/skip",
            "the December meeting was cancelled for the snow day",
            "/skip",
            "/done",
        ],
    )
    assert december.returncode == 0, december.stderr
    assert "Check-in 1" in december.stdout and "overdue since 2026-12-01" in december.stdout
    assert "Action 1: done, noted 2026-12-08" in december.stdout
    assert "Action 2: in progress, noted 2026-12-08" in december.stdout
    assert "Evidence noted (file, link)" in december.stdout
    assert "To reflect on as a team:" in december.stdout and "—" in december.stdout.split("To reflect on", 1)[1]

    # March: the review is done for the round; the delivery plan has not started and is overdue.
    march = run(
        index_home,
        "2027-03-10",
        "chat",
        "--mode",
        "checkin",
        "--session",
        "lincoln",
        lines=[
            "done, we review them every month",
            "logs in coaching-logs-2027.xlsx",
            "/skip",
            "haven't started",
            "no common planning time this semester",
            "/skip",
            "We need to protect planning time",
        ],
    )
    assert march.returncode == 0, march.stderr
    assert "since the last one on 2026-12-08" in march.stdout
    assert "Action 4 (2 of 2)" in march.stdout and "overdue since 2027-02-15" in march.stdout
    assert "Action 4: not started" in march.stdout

    # April: the assessment again; the gap that already has an action does not get a second one.
    april = run(
        index_home, "2027-04-12", "chat", "--session", "lincoln", "--readiness", lines=["yes", "yes", "partly", "yes"]
    )
    assert april.returncode == 0, april.stderr
    assert "action 4 already answers it" in april.stdout
    plan = plan_json(index_home)
    assert len(plan["actions"]) == 4
    assert [(a["date"], a["scores"]["coaching"]) for a in plan["assessments"]] == [
        ("2026-10-05", 50),
        ("2027-04-12", 88),
    ]
    # Every acknowledged answer is in the JSON export: who, when, what, evidence.
    progress = [(e["action"], e["date"], e["status"]) for e in plan["progress"]]
    assert progress == [
        (1, "2026-12-08", "done"),
        (2, "2026-12-08", "in_progress"),
        (2, "2027-03-10", "done"),
        (4, "2027-03-10", "not_started"),
    ]
    assert [e["kind"] for e in plan["progress"][0]["evidence"]] == ["file", "link"]
    assert plan["progress"][1]["obstacles"] == "the December meeting was cancelled for the snow day"
    assert plan["progress"][0]["who"]
    assert [c["date"] for c in plan["checkins"]] == ["2026-12-08", "2027-03-10"]
    exported = tmp_path / "plan.json"
    assert (
        run(
            index_home, "2027-04-12", "plan", "export", "lincoln", "--format", "json", "--out", str(exported)
        ).returncode
        == 0
    )
    data = json.loads(exported.read_text())
    assert len(data["progress"]) == 4 and len(data["assessments"]) == 2

    # The report, as of April 12.
    report = tmp_path / "report.md"
    made = run(index_home, "2027-04-12", "plan", "export", "lincoln", "--format", "report-md", "--out", str(report))
    assert made.returncode == 0, made.stderr
    text = report.read_text()
    assert "As of 2027-04-12 the plan has 4 actions: 1 done, 1 on target, 1 overdue, 1 without a date." in text
    assert "The team has held 2 check-ins: 2026-12-08, 2027-03-10." in text
    assert "Coaching rose from 50% (2026-10-05) to 88% (2027-04-12)." in text
    assert "done as of 2026-12-08. Evidence: file “sign-in sheets in coach-training-signin.pdf”" in text
    assert "coaching-logs-2027.xlsx" in text
    assert "overdue: it was due 2027-02-15" in text and "no common planning time" in text
    assert "Action 2: in progress → done." in text and "Action 4: not reported → not started." in text
    assert "## Sources" in text and "Drivers Best Practices Tip Sheets ›" in text
    assert ".txt" not in text.split("## Sources")[1], "sources are named by their document's title"
    assert "is not in place; action 4 answers it" not in text  # April rated it partially
    assert "“Agency staff use a coaching service delivery plan.” is partially in place; action 4 answers it" in text
    assert "## Equity checks still open" in text and "[1]" in text and "## Sources" in text
    docx_out = tmp_path / "report.docx"
    made = run(index_home, "2027-04-12", "plan", "export", "lincoln", "--format", "report-docx", "--out", str(docx_out))
    assert made.returncode == 0, made.stderr
    import docx

    words = "\n".join(p.text for p in docx.Document(str(docx_out)).paragraphs)
    assert "1 done, 1 on target, 1 overdue, 1 without a date" in words and "88%" in words

    # What is due, for the team lead's agenda, and the calendar, as of April 12.
    due = run(index_home, "2027-04-12", "plan", "due", "--within", "30", "--json")
    assert due.returncode == 0, due.stderr
    assert [(d["action"], d["date"], d["status"]) for d in json.loads(due.stdout)] == [
        (4, "2027-02-15", "overdue"),
        (2, "2027-04-30", "on_target"),
    ]
    agenda = run(index_home, "2027-04-12", "plan", "due", "--session", "lincoln")
    assert "2027-02-15  overdue" in agenda.stdout
    ics = tmp_path / "plan.ics"
    assert (
        run(index_home, "2027-04-12", "plan", "export", "lincoln", "--format", "ics", "--out", str(ics)).returncode == 0
    )
    import icalendar

    events = {
        str(e["uid"]): str(e["description"]) for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    }
    assert "Status: overdue since 2027-02-15" in events["lincoln-4@cip-assistant"]
    assert "Status: done" in events["lincoln-1@cip-assistant"]


def _answer(process: subprocess.Popen[str], line: str, until: str) -> str:
    """Type one answer and read the reply up to the line that shows it was saved."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    seen = []
    for out in process.stdout:
        seen.append(out)
        if until in out:
            return "".join(seen)
    raise AssertionError(f"the check-in ended before '{until}': {''.join(seen)}")


def test_a_check_in_killed_between_turns_keeps_every_acknowledged_answer(index_home: Path) -> None:
    from assistant.config import get_settings
    from assistant.storage.sessions import SessionStore

    made = run(
        index_home,
        "2026-10-05",
        "chat",
        "--session",
        "lincoln",
        "--initiative",
        "PBIS",
        "--stage",
        "installation",
        "--driver",
        "coaching",
        lines=[
            "no",
            "Dana Reyes will run coach training by November 1, 2026",
            "Sam Ortiz will write the coaching plan by November 15, 2026",
        ],
    )
    assert made.returncode == 0, made.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--mode", "checkin", "--session", "lincoln"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=cli_env(index_home, {"CIP_ASSISTANT_TODAY": "2026-12-08"}),
    )
    # A check-in that stops answering is killed rather than left to hang the test.
    watchdog = threading.Timer(240, process.kill)
    watchdog.start()
    try:
        _answer(process, "finished it", "Action 1: done")
        _answer(process, "agenda in training-agenda.docx", "Evidence noted")
        _answer(process, "/skip", "Action 2 (2 of 2)")
        _answer(process, "stuck on scheduling", "Action 2: blocked")
    finally:
        watchdog.cancel()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    plan = SessionStore(get_settings().database_target).load("lincoln").plan
    assert [(e.action, e.status) for e in plan.progress] == [(1, "done"), (2, "blocked")]
    assert plan.progress[0].evidence[0].text == "agenda in training-agenda.docx"
    assert plan.progress[1].obstacles == "stuck on scheduling"
    assert [a.status for a in plan.actions] == ["done", "blocked"]
    again = run(index_home, "2026-12-08", "chat", "--mode", "checkin", "--session", "lincoln", lines=["/done"])
    assert "Picking up check-in 1" in again.stdout and "What got in the way" in again.stdout


@pytest.mark.parametrize(
    ("said", "status"),
    [
        ("finished it", "done"),
        ("Done!", "done"),
        ("halfway", "in_progress"),
        ("almost done", "in_progress"),
        ("not finished yet", "in_progress"),
        ("haven't started", "not_started"),
        ("no", "not_started"),
        ("stuck on scheduling", "blocked"),
        ("waiting on the district for the budget", "blocked"),
        ("we talked about it", None),
    ],
)
def test_people_s_words_for_where_an_action_stands(said: str, status: str | None) -> None:
    assert read_progress(said) == status


def test_evidence_is_read_as_links_files_and_notes() -> None:
    found = read_evidence("https://example.org/a; minutes.pdf; the coaches said it helped")
    assert [e.kind for e in found] == ["link", "file", "note"]


def test_status_is_derived_from_dates_and_recurring_actions_come_round() -> None:
    today = date(2027, 1, 10)
    late = Action(number=1, description="a", due=date(2027, 1, 5))
    soon = Action(number=2, description="b", due=date(2027, 1, 20))
    later = Action(number=3, description="c", due=date(2027, 3, 1))
    done = Action(number=4, description="d", due=date(2027, 1, 5), status="done")
    monthly = Action(number=5, description="e", due=date(2027, 6, 30), recurrence="every month")
    undated = Action(number=6, description="f")
    assert [derived_status(a, today) for a in (late, soon, later, done, monthly, undated)] == [
        "overdue",
        "approaching",
        "on_target",
        "done",
        "on_target",
        "no_date",
    ]
    assert next_occurrence(monthly, today) == date(2027, 1, 30)
    assert derived_status(soon, today, approaching_days=5) == "on_target"
    plan = ActionPlan(name="p", actions=[late, soon, later, done, monthly, undated])
    assert [item.action.number for item in coming_due([plan], today, 30)] == [1, 2, 5]


def test_a_plan_saved_before_check_ins_existed_still_loads() -> None:
    old = ActionPlan.model_validate_json('{"name": "old", "actions": [{"number": 1, "description": "x"}]}')
    assert old.progress == [] and old.assessments == [] and old.checkins == []


def test_two_windows_checking_in_on_one_plan_each_keep_their_answers(retriever: Any) -> None:
    from assistant.app.checkins import CheckinSessions
    from assistant.config import Settings
    from assistant.planning.context import PlanningContext
    from assistant.storage.sessions import SessionStore

    settings = Settings(today=date(2026, 12, 8))
    store = SessionStore(settings.database_target)
    plan = ActionPlan(
        name="oak",
        drivers=["coaching"],
        actions=[
            Action(number=1, description="Coach training", due=date(2026, 12, 1)),
            Action(number=2, description="Coaching plan", due=date(2026, 12, 10)),
        ],
    )
    store.create("oak", "plan", plan, {})
    context = PlanningContext(retriever)
    first = CheckinSessions(settings, lambda: context, store, who="Dana")
    second = CheckinSessions(settings, lambda: context, SessionStore(settings.database_target), who="Sam")
    first.open("oak")
    second.open("oak")  # picks up the same check-in rather than starting another
    first.turn("oak", "finished it")
    second.turn("oak", "/skip")  # the evidence question, asked of both windows
    first.turn("oak", "/skip")  # and what changes
    session, reply = second.turn("oak", "stuck on scheduling")
    assert "Action 2: blocked" in reply.text
    assert [(e.action, e.status) for e in session.plan.progress] == [(1, "done"), (2, "blocked")]
    assert len(session.plan.checkins) == 1
    session, reply = first.turn("oak", "/done")
    assert reply.done and "2 actions reviewed: 1 done, 1 blocked" in reply.text


def test_a_check_in_started_in_the_web_app_is_picked_up_in_the_terminal(
    home: Path, retriever: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.config import get_settings
    from ui.state import Workspace

    monkeypatch.setenv("CIP_ASSISTANT_TODAY", "2026-12-08")
    settings = get_settings()
    workspace = Workspace(settings, retriever=retriever)
    plan = ActionPlan(
        name="oak",
        drivers=["coaching"],
        actions=[Action(number=1, description="Coach training", due=date(2026, 12, 1))],
    )
    workspace.store.create("oak", "plan", plan, {})
    _, opening = workspace.checkins.open("oak")
    assert "Check-in 1" in opening
    workspace.checkins.turn("oak", "finished it")
    terminal = run(home, "2026-12-08", "chat", "--mode", "checkin", "--session", "oak", lines=["/skip", "/done"])
    assert terminal.returncode == 0, terminal.stderr
    assert "Check-in 2" not in terminal.stdout  # the same check-in, not a second one
    shown = run(home, "2026-12-08", "plan", "show", "oak", "--json")
    saved = json.loads(shown.stdout)
    assert [(e["action"], e["status"]) for e in saved["progress"]] == [(1, "done")]
    assert len(saved["checkins"]) == 1 and saved["checkins"][0]["step"] == "finished"
    assert "2 actions reviewed" not in terminal.stdout and "1 action reviewed: 1 done" in terminal.stdout


def test_the_check_in_tab_draws_each_driver_s_score_by_date() -> None:
    from assistant.models import ConsiderationRating, DriverAssessment
    from ui.checkin import trend_html

    plan = ActionPlan(
        name="<b>x</b>",
        drivers=["coaching"],
        assessments=[
            DriverAssessment(
                date=date(2026, 10, 5),
                ratings=[ConsiderationRating(driver="coaching", consideration="<script>", rating="partially")],
            ),
            DriverAssessment(
                date=date(2027, 4, 12),
                ratings=[ConsiderationRating(driver="coaching", consideration="<script>", rating="in_place")],
            ),
        ],
    )
    html = trend_html(plan)
    assert html.index("2026-10-05") < html.index("50%") < html.index("2027-04-12") < html.index("100%")
    assert "width:80px" in html and "width:160px" in html


@pytest.mark.slow
def test_the_check_in_tab_records_answers_and_offers_the_report(index_home: Path, retriever: Any) -> None:
    from assistant.config import Settings
    from ui.app import build_app
    from ui.state import Workspace

    ws = Workspace(Settings(home=index_home, today=date(2026, 12, 8)), retriever=retriever)
    plan = ActionPlan(
        name="maple",
        drivers=["coaching"],
        actions=[Action(number=1, description="Coach <b>training</b>", owner="Dana", due=date(2026, 12, 1))],
    )
    ws.store.create("maple", "plan", plan, {})
    demo = build_app(ws.settings, ws)
    fns = {block.api_name: block.fn for block in demo.fns.values() if block.api_name}
    log, _, _, standing = fns["checkin_start"]("maple")
    assert "Check-in 1" in log and "overdue since 2026-12-01" in log
    assert "Coach &lt;b&gt;training&lt;/b&gt;" in standing and "overdue" in standing
    log, answer, _, standing = fns["checkin_turn"]("maple", log, "finished it")
    assert "Action 1: done" in log and answer == "" and "<b>done</b>" in standing
    assert ws.store.load("maple").plan.progress[0].status == "done"
    for said in ("/skip", "/skip", "/done", "/done"):
        log, *_ = fns["checkin_turn"]("maple", log, said)
    assert "cip-assistant" not in log, "the page says what to click, never what to type in a terminal"
    assert "000_d1ac5a2a4c2540b4" not in log
    report = fns["checkin_report"]("maple")
    assert report["value"].endswith("maple-report.docx")


def test_plan_due_refuses_an_empty_plan_name_in_one_sentence(tmp_path: Path) -> None:
    made = run(tmp_path, "2026-12-06", "plan", "due", "--session", "")
    assert made.returncode == 1 and "cannot name a session" in made.stderr and "Traceback" not in made.stderr
