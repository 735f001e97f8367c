"""Dates as teams type them around one event: two days joined by "+" ("oct 6 + 7", "feb 24 + march 1") or the two
parts of a training ("two-part training, Nov 30 and Dec 7") run from the first day to the last; "on the Monday after
Thanksgiving break" is the day it happens, "starting the monday after" when it starts; "Owner: ?" leaves who open
without making the answer a question."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 20)


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("all 6 paras get the SIPPS training oct 6 + 7, jen does it", date(2032, 10, 7)),
        ("info nights for the lottery, feb 24 + march 1 — la directora", date(2033, 3, 1)),
        ("All family liaisons complete a two-part training, Nov 30 and Dec 7, led by Dr. Whitcomb.", date(2032, 12, 7)),
    ],
)
def test_the_days_of_one_event_run_to_the_last(answer: str, due: date) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.fields.due == due
    assert reading.fields.start is not None and reading.fields.start < due
    assert "+" not in reading.title and " and Dec" not in reading.title


def test_the_weekday_after_a_break_is_the_day_it_happens() -> None:
    reading = read_answer("Welcome-back robocall in 4 languages on the Monday after Thanksgiving break", TODAY)
    assert reading.actions[0].fields.due == date(2032, 11, 29)


def test_starting_the_weekday_after_a_break_is_when_it_starts() -> None:
    reading = read_answer("starting the monday after thanksgiving break, coaches visit every classroom weekly", TODAY)
    assert (reading.actions[0].fields.start, reading.actions[0].fields.due) == (date(2032, 11, 29), None)


def test_an_open_owner_field_is_not_a_question_back() -> None:
    reading = read_answer("Parent info nights on the new screener, one per region, the week of Oct 11. Owner: ?", TODAY)
    assert reading.kind == "action"
    assert (reading.actions[0].fields.owner, reading.actions[0].fields.due) == (None, date(2032, 10, 15))
