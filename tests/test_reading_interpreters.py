"""Interpreters named with the languages work is offered in are not its owner ("…w/ spanish + dari interpreters");
a role with its own role word in front ("the lead translators") is read whole; and work that goes on after a
semicolon with a verb ("…monthly; presents compliance to the board") is done by whoever opened the answer."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2031, 10, 1)


@pytest.mark.parametrize(
    "answer",
    [
        "family math nights at each elementary in march w/ spanish + somali + arabic interpreters + childcare",
        "a resource fair at the high school on november eighth with spanish and hmong interpreters",
        "We will add four certified Dari, Pashto and Tigrinya interpreters to the contract pool before spring break.",
    ],
)
def test_interpreters_named_with_their_languages_do_not_own_the_work(answer: str) -> None:
    action = read_answer(answer, TODAY).actions[0]
    assert action.fields.owner is None, action.fields.owner
    assert "owner" not in action.guessed


def test_interpreters_who_do_the_work_still_own_it() -> None:
    assert read_answer("the interpreters translate the IEP summaries by 11/3", TODAY).actions[0].fields.owner


def test_who_runs_it_said_last_keeps_a_two_word_surname() -> None:
    answer = "parent night about high school with spanish interpreters on january 23 mrs lee park is running that one"
    assert read_answer(answer, TODAY).actions[0].fields.owner == "Mrs. Lee Park"


def test_a_role_word_before_a_role_is_part_of_the_role() -> None:
    action = read_answer("The lead interpreters double-check ten translated IEP documents each month.", TODAY).actions[
        0
    ]
    assert action.fields.owner is not None and "interpreters" in action.fields.owner.lower()


def test_work_that_goes_on_after_a_semicolon_is_done_by_who_opened_the_answer() -> None:
    reading = read_answer(
        "Ms. Farouk (dir. of special education) goes over the compliance dashboard with us monthly; presents "
        "compliance to the board in April",
        TODAY,
    )
    assert [a.fields.owner for a in reading.actions] == ["Ms. Farouk", "Ms. Farouk"]
    assert reading.actions[1].title.startswith("Present compliance"), reading.actions[1].title
