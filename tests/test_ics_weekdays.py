"""Work done more than once a week reaches a team's calendar on the weekdays the team named, every week of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from assistant.export import export_plan, render
from assistant.models import Action, ActionPlan
from assistant.understanding.recurrence import find_recurrence
from tests.test_export import expand

MONDAY = date(2026, 9, 7)  # a Monday in the first weeks of the 2026–27 school year
YEAR_END = date(2027, 6, 11)  # the last day of that school year on the US default calendar
THANKSGIVING_WEEK = date(2026, 11, 23)  # break Wednesday to Friday
WINTER_BREAK_WEEK = date(2026, 12, 21)
SPRING_BREAK_WEEK = date(2027, 3, 15)


def plan_of(action: Action) -> ActionPlan:
    return ActionPlan(name="Lincoln literacy", actions=[action], updated=datetime(2026, 9, 1, 12, tzinfo=UTC))


def action(note: str, recurrence: str | None = None, **fields: object) -> Action:
    """The action drafted from `note`, with the recurrence the conversation reads in it unless one is given."""
    if recurrence is None:
        found = find_recurrence(note)
        assert found is not None, note
        recurrence = found.label
    values: dict[str, object] = {"description": "Run small reading groups", "owner": "Ms Ruiz", "start": MONDAY}
    values.update(fields)
    return Action.model_validate({"number": 1, "note": note, "recurrence": recurrence, **values})


def calendar_days(plan: ActionPlan, tmp_path: Path) -> tuple[list[date], icalendar.Component]:
    """Every day the plan's one action shows on, as a calendar app expands the exported file, and its event."""
    path = export_plan(plan, "ics", tmp_path / "plan.ics")
    calendar = icalendar.Calendar.from_ical(Path(path).read_bytes())
    (event,) = calendar.walk("VEVENT")
    return expand(event), event


def week_of(days: list[date], monday: date) -> list[date]:
    return [day for day in days if monday <= day < monday + timedelta(days=7)]


def test_reading_groups_on_tues_and_thurs_are_on_every_tuesday_and_thursday(tmp_path: Path) -> None:
    groups = action("ms ruiz runs the reading groups tues and thurs")
    assert groups.recurrence == "twice a week"
    days, event = calendar_days(plan_of(groups), tmp_path)
    # The series starts on the first Tuesday, not on the Monday the action starts.
    assert days[0] == date(2026, 9, 8)
    assert week_of(days, date(2026, 9, 14)) == [date(2026, 9, 15), date(2026, 9, 17)]
    assert week_of(days, date(2027, 2, 1)) == [date(2027, 2, 2), date(2027, 2, 4)]
    assert {day.weekday() for day in days} == {1, 3}
    # Breaks are skipped: Thanksgiving Thursday, the winter and spring break weeks.
    assert week_of(days, THANKSGIVING_WEEK) == [date(2026, 11, 24)]
    assert week_of(days, WINTER_BREAK_WEEK) == [] and week_of(days, SPRING_BREAK_WEEK) == []
    assert days[-1] <= YEAR_END and days[-1] >= YEAR_END - timedelta(days=7)
    description = str(event["DESCRIPTION"])
    assert "Repeats twice a week on Tuesdays and Thursdays, from 2026-09-08 to 2027-06-11" in description
    # The plan itself still says the rhythm as the table shows it.
    assert "| twice a week |" in render(plan_of(groups), "md").decode()


@pytest.mark.parametrize(
    ("note", "weekdays"),
    [
        ("T/Th small groups with the interventionist", {1, 3}),
        ("check ins mon/wed with each new teacher", {0, 2}),
        ("M/W/F tutoring in the library after school", {0, 2, 4}),
        ("the coach visits every monday and wednesday", {0, 2}),
        ("fluency practice mondays, tuesdays, wednesdays and thursdays", {0, 1, 2, 3}),
    ],
)
def test_the_days_a_team_names_are_the_days_on_the_calendar(note: str, weekdays: set[int], tmp_path: Path) -> None:
    days, _ = calendar_days(plan_of(action(note)), tmp_path)
    assert {day.weekday() for day in days} == weekdays
    # Every school week has all of them.
    assert {day.weekday() for day in week_of(days, date(2026, 10, 5))} == weekdays
    assert {day.weekday() for day in week_of(days, date(2027, 4, 26))} == weekdays


def test_days_named_in_the_title_count_when_the_note_has_none(tmp_path: Path) -> None:
    groups = action(
        "reading groups, twice a week", description="Run reading groups every Tuesday and Thursday", start=None
    )
    days, _ = calendar_days(plan_of(groups), tmp_path)
    # No start: the series starts at the plan's date (Tuesday 2026-09-01).
    assert days[:4] == [date(2026, 9, 1), date(2026, 9, 3), date(2026, 9, 8), date(2026, 9, 10)]


def test_the_first_session_is_on_a_named_day_and_the_last_before_the_due_date(tmp_path: Path) -> None:
    groups = action("T/Th groups", start=date(2026, 9, 9), due=date(2026, 10, 2))
    days, _ = calendar_days(plan_of(groups), tmp_path)
    # Starting on a Wednesday, the first session is that Thursday.
    assert days == [
        date(2026, 9, 10),
        date(2026, 9, 15),
        date(2026, 9, 17),
        date(2026, 9, 22),
        date(2026, 9, 24),
        date(2026, 9, 29),
        date(2026, 10, 1),
    ]


@pytest.mark.parametrize(
    ("note", "recurrence", "weekday"),
    [
        ("every tuesday the grade-level team reviews the data", "weekly", 1),
        ("book club on thursdays", "weekly", 3),
    ],
)
def test_weekly_work_on_a_named_day_is_on_that_day(note: str, recurrence: str, weekday: int, tmp_path: Path) -> None:
    work = action(note)
    assert work.recurrence == recurrence
    days, _ = calendar_days(plan_of(work), tmp_path)
    assert {day.weekday() for day in days} == {weekday}
    assert days[0] == MONDAY + timedelta(days=weekday)
    assert len(week_of(days, date(2026, 10, 5))) == 1 and week_of(days, WINTER_BREAK_WEEK) == []


def test_every_other_thursday_is_on_thursdays_whatever_day_it_starts(tmp_path: Path) -> None:
    walks = action("every other thursday the leadership team does short walkthroughs")
    assert walks.recurrence == "biweekly"
    days, _ = calendar_days(plan_of(walks), tmp_path)
    assert days[:3] == [date(2026, 9, 10), date(2026, 9, 24), date(2026, 10, 8)]
    assert {day.weekday() for day in days} == {3}


@pytest.mark.parametrize("recurrence", ["twice a week", "three times a week", "2x/week"])
def test_several_times_a_week_without_days_is_one_event_asking_for_the_days(recurrence: str, tmp_path: Path) -> None:
    groups = action("ms ruiz will pull small groups", recurrence=recurrence)
    days, event = calendar_days(plan_of(groups), tmp_path)
    # Never a once-a-week series that shows a fraction of the sessions: one event on the start date, which says so.
    assert days == [MONDAY]
    assert "RRULE" not in event
    description = str(event["DESCRIPTION"])
    assert f"Repeats {recurrence}, from 2026-09-07 to 2027-06-11" in description
    assert "set the days in your calendar" in description


def test_days_that_do_not_match_how_often_are_not_guessed(tmp_path: Path) -> None:
    # Three times a week, but only two days named: the calendar cannot know the third.
    groups = action("tutoring tues and thurs, plus one more day", recurrence="three times a week")
    days, event = calendar_days(plan_of(groups), tmp_path)
    assert days == [MONDAY]
    assert "Tuesdays and Thursdays are not three times a week: set the days in your calendar" in str(
        event["DESCRIPTION"]
    )


def test_the_next_session_of_work_on_named_days_is_the_next_named_day() -> None:
    from assistant.planning.status import next_occurrence

    groups = action("ms ruiz runs the reading groups tues and thurs")
    wednesday = date(2026, 9, 9)
    assert next_occurrence(groups, wednesday) == date(2026, 9, 10)  # Thursday, not a week after the start
    assert next_occurrence(groups, date(2026, 9, 11)) == date(2026, 9, 15)  # Friday → next Tuesday


def test_three_times_a_year_repeats_every_four_months() -> None:
    from assistant.export.ics import repeat_rule

    rule = repeat_rule("three times a year")
    assert rule is not None and (rule.freq, rule.interval) == ("MONTHLY", 4)
