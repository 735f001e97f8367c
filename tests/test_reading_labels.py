"""An answer that opens with a label for the work ("**Coaching cycles** coach bell and ms ortiz run them…",
"Family night: the PTA hosts it in march") is read as the work its clause does: every doer kept, the label in the
title, not the doers' names; and an answer that changes its mind about who is around never breaks the reading."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer
from tests.reading import owner_words as words

TODAY = date(2026, 11, 2)


@pytest.mark.parametrize(
    "answer",
    [
        "**Coaching cycles** coach bell and ms ortiz run them every 3 weeks starting jan 11",
        "Coaching cycles: coach bell and ms ortiz run them every 3 weeks starting jan 11",
        "**Coaching cycles:** coach bell and ms ortiz run them every 3 weeks starting jan 11",
    ],
)
def test_a_label_the_clause_refers_to_is_the_work(answer: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert words(action.fields.owner) == {"coach", "bell", "ms", "ortiz"}
    assert "coaching cycles" in action.title.lower()
    assert "bell" not in action.title.lower() and "ortiz" not in action.title.lower()
    assert action.fields.recurrence == "every 3 weeks"
    assert action.note == " ".join(answer.split())  # the team's words, label and all


def test_a_label_over_other_work_is_a_heading() -> None:
    (action,) = read_answer("**PBIS** ms lee updates the behavior matrix by dec 4", TODAY).actions
    assert words(action.fields.owner) == {"ms", "lee"}
    assert action.fields.due == date(2026, 12, 4)
    assert "matrix" in action.title.lower()


@pytest.mark.parametrize("answer", ["Owner: ms kim", "ms kim: LETRS training by dec 1"])
def test_a_person_before_a_colon_is_not_a_label(answer: str) -> None:
    actions = read_answer(answer, TODAY).actions
    assert words(actions[0].fields.owner) == {"ms", "kim"}


def test_an_answer_that_says_who_is_out_is_read() -> None:
    reading = read_answer("ms kim will send the slides but ms kim is out so gomez is gonna print them", TODAY)
    assert reading.kind == "action" and reading.actions
