"""The same work for another audience at a rhythm of its own is a second action: "Safety report to cabinet every
month, to the board each semester — Chief Okwuosa", "missus delgado-price meets with the six principals once a month
and with the pta presidents every other month". Data broken out "with" a breakdown, or a meeting named after a comma,
is not another audience."""

from __future__ import annotations

from datetime import date

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 20)


def test_another_audience_after_a_comma_is_a_second_action() -> None:
    answer = "Safety report to cabinet every month, to the board each semester — Chief Okwuosa"
    actions = read_answer(answer, TODAY).actions
    assert [(a.fields.owner, a.fields.recurrence) for a in actions] == [
        ("Chief Okwuosa", "monthly"),
        ("Chief Okwuosa", "each semester"),
    ]
    assert actions[1].title == "Safety report to the board"


def test_meeting_another_group_at_another_rhythm_is_a_second_action() -> None:
    answer = (
        "missus delgado-price meets with the six principals once a month and with the pta presidents every other month"
    )
    actions = read_answer(answer, TODAY).actions
    assert [a.title for a in actions] == ["Meet with the six principals", "Meet with the pta presidents"]
    assert {a.fields.owner for a in actions} == {"Mrs. Delgado-Price"}


def test_a_breakdown_or_a_meeting_after_a_comma_is_the_same_work() -> None:
    answer = "site team puts walkthrough data next to D/F rates, split by race and EL, at each data meeting"
    assert len(read_answer(answer, TODAY).actions) == 1
