"""More answers typed in a planning meeting: two pieces of work joined by "plus", ";", "then" or a new sentence,
each with its own doer and day; questions back typed without a question mark; a plan that ends by checking it
("— does that work?"); a group that opens its own piece of work owns it."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2026, 9, 8)


@pytest.mark.parametrize(
    ("answer", "dues", "second_owner"),
    [
        (
            "the ILT picks the focus standards by oct 2 plus the coaches build the pacing guide by oct 23",
            [date(2026, 10, 2), date(2026, 10, 23)],
            "the coaches",
        ),
        (
            "principal writes the letter by 9/30; pta translates it by 10/7",
            [date(2026, 9, 30), date(2026, 10, 7)],
            "pta",
        ),
        (
            "the ILT sets goals for the year by oct 1. Then grade teams set their own by oct 15",
            [date(2026, 10, 1), date(2026, 10, 15)],
            "grade teams",
        ),
    ],
)
def test_two_doers_each_with_a_day_of_their_own_are_two_actions(
    answer: str, dues: list[date], second_owner: str
) -> None:
    first, second = read_answer(answer, TODAY).actions
    assert [first.fields.due, second.fields.due] == dues
    assert (second.fields.owner or "").lower() == second_owner


def test_a_one_time_step_plus_someone_elses_routine_is_two_actions() -> None:
    answer = "reteach the hallway expectations next monday, plus the deans review referral data every 2 weeks"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.due == date(2026, 9, 14) and "hallway" in first.title.lower()
    assert second.fields.owner == "the deans" and second.fields.recurrence == "biweekly"


@pytest.mark.parametrize(
    "answer",
    [
        "should the deans do it or the counselors",
        "is that something the district does",
        "would the coaches be the right people for this",
        "who usually does this at other schools",
        "can the counselor own this or does it have to be an admin",
        "ok what else do you need from us",
        "hmm what was the question again",
        "we honestly don't know who should run the parent workshops",
        "r we supposed to put the district stuff here",
        "weekly data meetings?? or is that overkill",
    ],
)
def test_a_question_or_not_knowing_typed_without_a_question_mark_is_not_an_action(answer: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind != "action" and reading.actions == []


def test_a_plan_that_ends_by_asking_whether_it_works_is_still_an_action() -> None:
    (action,) = read_answer("the counselors will do it by nov 1 — does that work?", TODAY).actions
    assert action.fields.owner == "the counselors" and action.fields.due == date(2026, 11, 1)


def test_a_maybe_with_someone_doing_the_work_from_a_start_is_an_action() -> None:
    reading = read_answer("maybe ms kim runs it starting in october? she's the coach", TODAY)
    assert reading.kind == "action" and len(reading.actions) == 1


@pytest.mark.parametrize(
    ("answer", "first", "second"),
    [
        (
            "the comms office makes the family guide by nov 20, and schools will host a family night in january",
            ("the comms office", date(2026, 11, 20)),
            ("schools", "family night"),
        ),
        (
            "our AP schedules the walkthroughs by 10/2 and then the ILT debriefs the data at the 10/28 mtg",
            ("the AP", date(2026, 10, 2)),
            ("the ILT", "debrief"),
        ),
        (
            "the nurse trains staff on epi pens by 9/30 and the office staff will restock kits every month",
            ("the nurse", date(2026, 9, 30)),
            ("the office staff", "restock"),
        ),
        (
            "dept leads set up the pairs by oct 9, then the pairs meet monthly thru may",
            ("department leads", date(2026, 10, 9)),
            ("the pairs", "meet"),
        ),
    ],
)
def test_a_second_group_with_a_time_of_its_own_is_a_second_action_owned_by_that_group(
    answer: str, first: tuple[str, date], second: tuple[str, str]
) -> None:
    one, two = read_answer(answer, TODAY).actions
    assert (one.fields.owner, one.fields.due) == first
    assert two.fields.owner == second[0] and second[1] in two.title.lower() and second[1] not in one.title.lower()
