"""A question back that the team follows with a shrug ("I dont think we do"), or asks without a question mark
("are we supposed to…"), is answered, not filed as a plan action; a plan that asks something at the end stays one."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2026, 9, 8)


@pytest.mark.parametrize(
    "answer",
    [
        "graduation rates for our newcomers... do we even keep that? i dont think we do",
        "attendance for the after school tutoring... does anyone track that? i doubt it",
        "are we supposed to teach the lessons word for word or can we adjust them for kids who are far behind",
        "are we required to invite the whole staff to the data meetings or just the grade level leads",
    ],
)
def test_a_question_back_is_not_an_action(answer: str) -> None:
    assert read_answer(answer, TODAY).kind == "question"


def test_a_plan_with_a_question_after_it_is_still_a_plan() -> None:
    reading = read_answer("ms kim will check the budget for food by friday. are we supposed to tell the board?", TODAY)
    assert reading.kind == "action" and reading.actions[0].fields.owner == "Ms. Kim"
