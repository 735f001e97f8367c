"""Telling people what came of what they said is work of its own: "family survey in february and then tell families
what we changed", "survey … + post a 'you told us, we changed' on the site in june". The survey and the report back
become two actions. A survey *about* what changed stays one action."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 20)


@pytest.mark.parametrize(
    ("answer", "second"),
    [
        (
            "we'll do a family survey in spanish dari swahili and english in february and then tell families what we "
            "changed at the spring open house",
            "Tell families what we changed at the spring open house",
        ),
        (
            "send parents a quick survey (eng/span/rus/ukr) after their kid comes home + post a 'you told us, we "
            "changed' on the site in june",
            "Post a 'you told us, we changed' on the site in june",
        ),
    ],
)
def test_the_report_back_is_an_action_of_its_own(answer: str, second: str) -> None:
    actions = read_answer(answer, TODAY).actions
    assert len(actions) == 2
    assert actions[1].title == second


def test_a_survey_about_what_changed_is_one_action() -> None:
    assert len(read_answer("survey families about what we changed last year", TODAY).actions) == 1


def test_the_loop_said_later_in_the_sentence_still_makes_its_own_action() -> None:
    answer = "family survey at each enrollment, in 10 languages + post the results and what we changed each quarter"
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.recurrence for a in actions] == [None, "quarterly"]


def test_what_changed_as_the_object_of_the_sharing_stays_with_it() -> None:
    answer = "a staff survey in may, and we share the results + what we're changing at the june 2 staff mtg"
    assert len(read_answer(answer, TODAY).actions) <= 2
    assert all(not a.title.lower().startswith("what") for a in read_answer(answer, TODAY).actions)


def test_a_first_name_signed_in_lowercase_owns_both_the_survey_and_the_report_back() -> None:
    answer = "family survey in 4 languages in march, then post what we changed on the site in may - jess"
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.owner for a in actions] == ["Jess", "Jess"]
