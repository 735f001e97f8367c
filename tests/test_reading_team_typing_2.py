"""Two clauses, each with its own doer, read as two actions even when the first doer is a group that usually takes
part ("advisors call…, and the front office texts those families…"), a singular helper role ("the recess aide")
is a doer, and a span looked back on ("no login in 3 days") is not a due date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant.understanding.reader import read_answer
from tests.reading import owner_words as words

TODAY = date(2030, 9, 11)


@pytest.mark.parametrize(
    ("answer", "first", "second"),
    [
        (
            "advisors call each family with no contact in 10 days, every friday, and the front office texts those "
            "families in spanish the same day",
            {"advisors"},
            {"front", "office"},
        ),
        (
            "after each fall on the playground the recess aide fills out the incident form and the nurse calls home",
            {"recess", "aide"},
            {"nurse"},
        ),
    ],
)
def test_two_doers_two_actions(answer: str, first: set[str], second: set[str]) -> None:
    actions = read_answer(answer, TODAY).actions
    assert [words(a.fields.owner) for a in actions] == [first, second]


def test_the_work_taken_up_by_someone_else_stays_one_action() -> None:
    answer = "each grade team reviews the on-track list every week. ms. ferreira writes that up for the board by dec 4"
    actions = read_answer(answer, TODAY).actions
    assert any(words(a.fields.owner) == {"ms", "ferreira"} and a.fields.due == date(2030, 12, 4) for a in actions)


@pytest.mark.parametrize(
    "answer",
    [
        "advisors call each family with no contact in 10 days, every friday",
        "the counselor checks in with any kid absent 3 times in 2 weeks",
        "mr. ruiz meets with students who have missed school in the last 5 days",
    ],
)
def test_a_span_looked_back_on_is_not_a_due_date(answer: str) -> None:
    assert read_answer(answer, TODAY).actions[0].fields.due is None


def test_a_span_ahead_is_still_a_due_date() -> None:
    action = read_answer("ms kim will have the calender out in two weeks", TODAY).actions[0]
    assert action.fields.due == TODAY + timedelta(days=14)


@pytest.mark.parametrize(
    ("answer", "plain"),
    [
        ("ms ortiz will have the rubric done before we go on thanksgiving break", "before thanksgiving break"),
        ("send the letters home before the kids leave for winter break", "before winter break"),
    ],
)
def test_before_we_go_on_a_break_is_the_last_school_day_before_it(answer: str, plain: str) -> None:
    expected = read_answer(f"ms ortiz will have the rubric done {plain}", TODAY).actions[0].fields.due
    assert expected is not None
    assert read_answer(answer, TODAY).actions[0].fields.due == expected
