"""Weeks, two-day events, grading periods and rhythms, said the way teams say them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.app.school_calendar import calendar_problem
from assistant.config import reset_settings
from assistant.errors import InputError
from assistant.understanding.action import ActionReading
from assistant.understanding.dates import parse_due
from assistant.understanding.reader import read_answer

TODAY = date(2026, 10, 20)  # a Tuesday

DISTRICT = """\
first_day: 2026-08-24
last_day: 2027-06-03
fall_semester_end: 2027-01-22
breaks:
  thanksgiving: [2026-11-23, 2026-11-27]
  winter: [2026-12-23, 2027-01-08]
  spring: [2027-03-29, 2027-04-02]
"""
QUARTERS = "grading_periods: [2026-10-23, 2027-01-22, 2027-03-26, 2027-06-03]\n"
TRIMESTERS = "grading_periods: [2026-11-13, 2027-03-05, 2027-06-03]\n"


def use_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "district_calendar.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CIP_ASSISTANT_SCHOOL_CALENDAR", str(path))
    reset_settings()
    return path


@pytest.fixture
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_calendar(tmp_path, monkeypatch, DISTRICT)


def read_one(answer: str, today: date = TODAY) -> ActionReading:
    [action] = read_answer(answer, today).actions
    return action


@pytest.mark.usefixtures("district")
def test_the_week_after_thanksgiving_starts_that_monday_and_is_due_that_friday() -> None:
    action = read_one("the week after thanksgiving all k-3 teachers do a reading refresher, ms. begay leads")
    assert (action.fields.start, action.fields.due) == (date(2026, 11, 30), date(2026, 12, 4))
    assert action.understood == ["due 2026-12-04: the week after Thanksgiving break (“the week after thanksgiving”)"]
    # work that only starts then has no due date yet
    weekly = read_one("coaches meet with each new teacher weekly starting the week after thanksgiving")
    assert (weekly.fields.start, weekly.fields.due) == (date(2026, 11, 30), None)


@pytest.mark.usefixtures("district")
def test_the_first_week_back_after_spring_break_is_that_week() -> None:
    action = read_one(
        "coaches co-plan a family literacy night with the parent center, first week back after spring break"
    )
    assert (action.fields.start, action.fields.due) == (date(2027, 4, 5), date(2027, 4, 9))


@pytest.mark.usefixtures("district")
def test_before_the_second_semester_starts_is_the_last_day_of_the_first() -> None:
    assert read_one("hire a 2nd credit recovery teacher b4 2nd semester starts").fields.due == date(2027, 1, 22)


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("teach the matrix lessons in advisory wk of 10/26 all teachers", date(2026, 10, 30)),
        ("youth council picks the spring session themes wk of 3/1", date(2027, 3, 5)),
        (
            "ms. achterberg runs that on the Wednesday early-release day in the week of January 25",
            date(2027, 1, 27),
        ),
    ],
)
def test_a_week_of_a_day_is_due_that_friday_or_the_weekday_named(answer: str, due: date) -> None:
    assert read_one(answer).fields.due == due


@pytest.mark.parametrize(
    "answer",
    [
        "whole staff does the 2 day restorative practices training jan 11 and 12, the IIRP trainer runs it",
        "the publisher's trainers deliver the two-day launch institute on January 11 and 12",
        "all teachers attend the CLASS training on Monday January 11 and Tuesday January 12",
    ],
)
def test_a_two_day_event_starts_the_first_day_and_is_due_the_last(answer: str) -> None:
    action = read_one(answer)
    assert (action.fields.start, action.fields.due) == (date(2027, 1, 11), date(2027, 1, 12))
    # a count after the day is not a second day, and days weeks apart are not one event
    assert read_one("on jan 11 and 12 teachers attend the institute").fields.due == date(2027, 1, 11)
    assert read_one("the policy office drafts the rule, Feb 10 and Mar 3").fields.due == date(2027, 2, 10)


def test_grading_periods_a_district_lists_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_calendar(tmp_path, monkeypatch, DISTRICT + QUARTERS)
    assert read_one("the registrar writes it up by end of second quarter").fields.due == date(2027, 1, 22)
    assert read_one("ms lee shares the grades at the end of the 3rd quarter").fields.due == date(2027, 3, 26)
    assert parse_due("end of Q4", TODAY) == date(2027, 6, 3)
    # four periods are quarters, not trimesters
    assert read_one("ms lee shares the grades at the end of the first trimester").fields.due is None

    use_calendar(tmp_path, monkeypatch, DISTRICT + TRIMESTERS)
    assert read_one("ms lee shares the grades at the end of the first trimester").fields.due == date(2026, 11, 13)
    assert read_one("ms lee shares the grades by the end of the second marking period").fields.due == date(2027, 3, 5)


@pytest.mark.usefixtures("district")
def test_grading_periods_a_district_calendar_leaves_out_stay_open() -> None:
    action = read_one("the registrar and I will write it up by end of second quarter")
    assert action.fields.due is None and action.fields.unparsed_date == "by end of second quarter"
    assert read_one("ms lee shares the grades by the end of the quarter").fields.due is None
    glossed = read_one("ms lee shares the Q1 data by the end of Q1 (Oct 23)")  # the day in brackets says it
    assert (glossed.fields.due, glossed.fields.unparsed_date) == (date(2026, 10, 23), None)
    with pytest.raises(InputError, match="does not list grading periods"):
        parse_due("end of first quarter", TODAY)


def test_grading_periods_out_of_order_are_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "school_calendar.yaml"
    path.write_text(DISTRICT + "grading_periods: [2027-01-22, 2026-10-23]\n", encoding="utf-8")
    said = calendar_problem(path)
    assert said is not None and "grading_periods must be in order" in said


@pytest.mark.parametrize(
    ("answer", "rhythm"),
    [
        ("• Retention workgroup meets every 3rd Thursday, chaired by Asst. Supt. Holloway", "monthly"),
        ("newcomer team mtg 1st + 3rd monday of every month, AP Robles leads", "twice a month"),
        ("tier 1 team mtg 2x a month - coach b", "twice a month"),
        (
            "Mrs. Ortiz's team will do the fidelity checklist in every room in December and again in April.",
            "twice a year",
        ),
        ("TFI — 2x yr, fall + spring — PBIS team", "twice a year"),
        ("family survey in Sept and Feb, results split by language and race — Mr. Kwan", "twice a year"),
        ("admin mtg. me + AP. wkly mon 7:30", "weekly"),
        ("text families of kids w/ 2+ Fs after each progress report — attendance clerk", "after each progress report"),
    ],
)
def test_rhythms_said_in_shorthand(answer: str, rhythm: str) -> None:
    assert read_one(answer).fields.recurrence == rhythm


def test_rhythms_are_not_read_into_one_stretch_or_a_one_time_task() -> None:
    assert read_one("family survey in Sept and Feb — Mr. Kwan").fields.recurrence == "twice a year"
    assert read_one("ms lee runs the trainings in october and november").fields.recurrence is None
    once = read_one("ms lee texts families just once, after each progress report goes out this year")
    assert once.fields.recurrence is None


@pytest.mark.usefixtures("district")
def test_a_weekday_with_its_day_of_the_month_is_that_day() -> None:
    said_on = date(2027, 3, 17)  # a Wednesday: the next Friday is the 19th
    action = read_one("dr. mensah and the principals agree on a no-pull rule by friday the 26th", said_on)
    assert action.fields.due == date(2027, 3, 26)
    # no Friday the 31st in the months ahead: the team is asked rather than given another day
    assert read_one("dr. mensah sends it by friday the 31st", said_on).fields.due is None


@pytest.mark.usefixtures("district")
@pytest.mark.parametrize(
    "answer",
    [
        "implicit bias training for every principal on a hiring panel, before the spring hiring fair — HR",
        "ms farah and mr. petrenko go over both before summer planning",
        "ms lee runs the end of year survey for families",
    ],
)
def test_an_event_named_for_a_season_or_the_year_end_gives_no_day(answer: str) -> None:
    assert read_one(answer).fields.due is None


@pytest.mark.usefixtures("district")
def test_repeated_work_for_the_first_semester_ends_with_it() -> None:
    action = read_one("mentors meet with their new teacher weekly for the first semester")
    assert (action.fields.recurrence, action.fields.due) == ("weekly", date(2027, 1, 22))
    assert read_one("coaches observe weekly through first semester").fields.due == date(2027, 1, 22)
    # how long someone serves is not a deadline
    assert read_one("ms lee hires a long-term sub for the first semester").fields.due is None


@pytest.mark.parametrize(
    ("answer", "rhythm"),
    [
        ("FBA/BIP fidelity checks after each incident — behavior specialist", "after each incident"),
        ("after each asthma related absence the health aide calls home", "after each asthma related absence"),
        ("Annual CIP review with the full board every June; Superintendent's office.", "annually"),
        ("new co-teaching pairs do the 2 day bootcamp every august, district PD team runs it", "annually"),
        ("track who applies, who gets in and who finishes, by race and language, each cohort", "each cohort"),
    ],
)
def test_rhythms_tied_to_events_months_and_cohorts(answer: str, rhythm: str) -> None:
    assert read_one(answer).fields.recurrence == rhythm


@pytest.mark.usefixtures("district")
def test_eoy_in_capitals_after_the_work_is_the_last_day_of_school() -> None:
    assert read_one("retention split by race and subject -> RM runs it EOY").fields.due == date(2027, 6, 3)
    assert read_one("RM compares it to the EOY benchmark results").fields.due is None


@pytest.mark.usefixtures("district")
def test_all_year_as_the_answer_to_by_when_is_the_last_day_of_school() -> None:
    assert parse_due("all year", TODAY) == date(2027, 6, 3)
    assert parse_due("the whole year", TODAY) == date(2027, 6, 3)
    # a day said beside it is the answer
    assert parse_due("its all year really. she'll have the calendar out by 11/18", TODAY) == date(2026, 11, 18)


def test_a_bare_weekday_said_on_that_day_is_the_coming_one() -> None:
    friday = date(2026, 10, 23)
    assert read_one("mrs patel gets the checklist copied and in binders by friday", friday).fields.due == date(
        2026, 10, 30
    )
    assert read_one("mrs patel gets the checklist copied by this friday", friday).fields.due == friday


@pytest.mark.usefixtures("district")
def test_before_testing_starts_is_the_last_school_day_before_testing() -> None:
    action = read_one("kai and maribel run the review before testing starts")
    assert action.fields.due == date(2027, 4, 9)  # the usual testing window opens Monday April 12
    assert read_one("kai and maribel pause the pullouts after testing starts").fields.start is None


def test_a_day_of_the_month_belongs_to_the_month_the_sentence_named() -> None:
    december = date(2026, 12, 8)
    said = "ms lee sends the schedule the first week of feb, so by the 5th"
    assert read_one(said, december).fields.due == date(2027, 2, 5)
    assert read_one("ms lee sends the schedule by the 5th", december).fields.due == date(2027, 1, 5)
