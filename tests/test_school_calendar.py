"""A district's school calendar with breaks of its own: teams name them as they name winter break."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant.app.school_calendar import check_school_calendar
from assistant.config import reset_settings
from assistant.export.ics import in_breaks, repeat_rule
from assistant.understanding.action import ActionReading
from assistant.understanding.reader import read_answer

TODAY = date(2026, 9, 3)  # a Thursday, early in the school year

DISTRICT = """\
first_day: 2026-08-12
last_day: 2027-05-27
breaks:
  fall: [2026-10-15, 2026-10-16]
  thanksgiving: [2026-11-23, 2026-11-27]
  winter: [2026-12-19, 2027-01-04]
  presidents_week: [2027-02-15, 2027-02-19]
  mid-winter: [2027-02-22, 2027-02-22]
"""


def use_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "district_calendar.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CIP_ASSISTANT_SCHOOL_CALENDAR", str(path))
    reset_settings()


@pytest.fixture
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_calendar(tmp_path, monkeypatch, DISTRICT)


def read_one(answer: str, today: date = TODAY) -> ActionReading:
    [action] = read_answer(answer, today).actions
    return action


@pytest.mark.usefixtures("district")
@pytest.mark.parametrize("phrase", ["before fall break", "by fall break", "before the fall break", "by fall recess"])
def test_before_fall_break_is_the_wednesday_before_it(phrase: str) -> None:
    action = read_one(f"ms lee sends the family survey {phrase}")
    assert action.fields.due == date(2026, 10, 14)
    assert action.understood == [f"due 2026-10-14: the last school day before fall break (“{phrase}”)"]


@pytest.mark.usefixtures("district")
@pytest.mark.parametrize(
    "phrase", ["after fall break", "when we get back from fall break", "once we're back from fall break"]
)
def test_after_fall_break_is_the_first_school_day_back(phrase: str) -> None:
    action = read_one(f"the coaches start the walkthroughs {phrase}")
    assert action.fields.start == date(2026, 10, 19)
    assert "the first school day after fall break" in action.understood[0]


@pytest.mark.usefixtures("district")
def test_the_week_after_fall_break_is_read_as_the_week_after_winter_break_is() -> None:
    fall = read_one("the coaches start the walkthroughs the week after we get back from fall break")
    assert fall.fields.start == date(2026, 10, 26)
    assert "the week after the return from fall break" in fall.understood[0]
    winter = read_one("the coaches start the walkthroughs the week after we get back from winter break")
    assert winter.fields.start == date(2027, 1, 11)


@pytest.mark.usefixtures("district")
def test_breaks_named_in_words_with_underscores_or_hyphens() -> None:
    assert read_one("mr. ortiz books the trainer before presidents week").fields.due == date(2027, 2, 12)
    assert read_one("mr. ortiz books the trainer before president's week break").fields.due == date(2027, 2, 12)
    # Presidents week then the mid-winter day off: the first school day back steps over both.
    back = read_one("mr. ortiz runs the follow-up after presidents week")
    assert back.fields.start == date(2027, 2, 23)
    assert read_one("mr. ortiz books the trainer before mid winter break").fields.due == date(2027, 2, 12)


@pytest.mark.usefixtures("district")
def test_other_dates_are_not_moved_by_the_extra_breaks() -> None:
    assert read_one("ms kim will have the calendar out in two weeks").fields.due == date(2026, 9, 17)
    assert read_one("the team finishes the draft before winter break").fields.due == date(2026, 12, 18)
    assert read_one("ms lee sends the survey before thanksgiving").fields.due == date(2026, 11, 20)
    # "before february" is the month, not a break of that name.
    assert read_one("ms lee sends the survey before february").fields.due == date(2027, 1, 31)


@pytest.mark.usefixtures("district")
def test_a_start_in_a_district_break_moves_to_the_first_school_day_after_it() -> None:
    action = read_one("the coaches start the walkthroughs starting oct 15")
    assert action.fields.start == date(2026, 10, 19)


@pytest.mark.usefixtures("district")
def test_before_break_in_october_is_the_fall_break() -> None:
    action = read_one("the coaches pull the attendance data before break", date(2026, 10, 1))
    assert action.fields.due == date(2026, 10, 14)
    assert "the last school day before fall break" in action.understood[0]


@pytest.mark.parametrize(
    "answer", ["ms lee sends the family survey before fall break", "ms lee starts after fall break"]
)
def test_without_a_fall_break_the_phrase_leaves_the_date_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    use_calendar(tmp_path, monkeypatch, "first_day: 2026-08-12\nbreaks:\n  winter: [2026-12-19, 2027-01-04]\n")
    action = read_one(answer)
    assert action.fields.due is None and action.fields.start is None
    assert action.understood == []


def test_on_the_usual_us_calendar_fall_break_is_left_open() -> None:
    action = read_one("ms lee sends the family survey before fall break")
    assert action.fields.due is None


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        ("  fall: [2026-10-16, 2026-10-15]", "breaks.fall ends (2026-10-15) before it starts (2026-10-16)"),
        ("  fall: [2026-10-15, someday]", "breaks.fall is not a date like 2027-01-15: 'someday'"),
        ("  fall: 2026-10-15", "breaks.fall must be two dates, [first, last]"),
        ("  '??': [2026-10-15, 2026-10-16]", "needs a name of a word or words"),
        ("  fall: [2026-10-15, 2026-10-16]\n  fall_break: [2026-10-15, 2026-10-16]", "names the fall break twice"),
        ("  - fall", "breaks must be names with two dates"),
    ],
)
def test_a_bad_break_is_one_clear_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breaks: str, message: str
) -> None:
    use_calendar(tmp_path, monkeypatch, f"first_day: 2026-08-12\nbreaks:\n{breaks}\n")
    said = check_school_calendar()
    assert said is not None and re.fullmatch(r"The school calendar[^\n]*\.", said)
    assert message in said
    action = read_one("ms lee sends the family survey by 1/15")  # the answer is still read, on the US dates
    assert action.fields.due == date(2027, 1, 15)


def test_an_unknown_entry_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_calendar(tmp_path, monkeypatch, "first_day: 2026-08-12\nholidays:\n  fall: [2026-10-15, 2026-10-16]\n")
    said = check_school_calendar()
    assert said is not None and "has an unknown entry 'holidays'" in said
    assert read_one("ms lee sends the family survey before fall break").fields.due is None


@pytest.mark.usefixtures("district")
def test_a_weekday_after_fall_break_is_that_day_of_the_week_school_resumes() -> None:
    action = read_one("the observation write-ups are due the wednesday after fall break")
    assert action.fields.due == date(2026, 10, 21)
    assert action.understood == ["due 2026-10-21: the wednesday after fall break (“the wednesday after fall break”)"]


@pytest.mark.usefixtures("district")
def test_a_weekly_meeting_exported_to_a_calendar_skips_the_fall_break() -> None:
    rule = repeat_rule("weekly")
    assert rule is not None
    skipped = in_breaks(date(2026, 9, 3), rule, date(2026, 11, 1))  # Thursdays from Sept 3
    assert skipped == (date(2026, 10, 15),)
