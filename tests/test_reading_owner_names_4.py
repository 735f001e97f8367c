"""Who owns an action when staff are named by a first name and an initial ("Kim T. + Raj audit…"), and when a
second piece of work goes on with its verb and no doer of its own ("GT teachers coach…, and also co-teach…")."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer
from tests.reading import owner_words as words

TODAY = date(2026, 11, 2)


def owners(answer: str) -> list[str | None]:
    reading = read_answer(answer, TODAY)
    assert reading.kind == "action"
    return [action.fields.owner for action in reading.actions]


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        ("Kim T. + Raj audit the roster data in PowerSchool before thanksgiving", {"kim", "t", "raj"}),
        ("Jen R. pulls the attendance list every monday", {"jen", "r"}),
        ("Jen R. and Marcus check the bus rosters by friday", {"jen", "r", "marcus"}),
    ],
)
def test_a_first_name_with_an_initial_is_the_owner(answer: str, named: set[str]) -> None:
    assert words(owners(answer)[0]) == named


@pytest.mark.parametrize(
    "answer",
    [
        "move the tutoring to Room B. after lunch starting in january",
        "teach the Unit C. lessons again before spring break",
    ],
)
def test_a_room_or_a_unit_letter_is_not_a_person(answer: str) -> None:
    assert owners(answer)[0] is None


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "GT teachers coach classroom teachers on differentiation once a month, and also co-teach one enrichment "
            "lesson per class each quarter",
            {"gt", "teachers"},
        ),
        (
            "our counselor runs the group on tuesdays, and also checks in with each family by phone once a month",
            {"counselor"},
        ),
    ],
)
def test_work_that_goes_on_without_its_own_doer_keeps_the_doer(answer: str, owner: set[str]) -> None:
    read = owners(answer)
    assert len(read) == 2
    assert [words(o) for o in read] == [owner, owner]


@pytest.mark.parametrize(
    "answer",
    [
        "our AP does the SEL screener w/ every kid by may 14; results by race, gender and IEP to the team by may 28",
        "DLI team reviews it at each data meeting and decides grouping, and end of year we set next year's goals",
    ],
)
def test_a_second_piece_without_a_verb_of_the_first_doer_stays_open(answer: str) -> None:
    read = owners(answer)
    assert len(read) == 2 and read[0] is not None
    assert read[1] is None


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        ("athletic director tom h. books the buses for away games every season", {"tom", "h"}),
        ("asst principal k. nguyen observes all first year teachers twice a month", {"principal", "k", "nguyen"}),
        ("coach b. and the 3rd grade team plan the unit by nov 20", {"coach", "b", "rd", "grade", "team"}),
        ("coach b. runs it every week", {"coach", "b"}),
        ("the speech therapist trains the paras on AAC devices by december", {"speech", "therapist"}),
    ],
)
def test_a_title_and_a_name_typed_with_an_initial_is_the_owner(answer: str, named: set[str]) -> None:
    reading = read_answer(answer, TODAY)
    assert words(reading.actions[0].fields.owner) == named
    assert "owner" not in reading.actions[0].guessed


def test_a_title_before_a_word_that_is_not_a_name_is_left_alone() -> None:
    reading = read_answer("the coach a. lot of the time covers lunch duty, we need a sub plan by dec 4", TODAY)
    assert all("Lot" not in (a.fields.owner or "") for a in reading.actions)
