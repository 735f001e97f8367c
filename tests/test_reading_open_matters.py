"""Answers that say a matter is still open are not plan actions: waiting on someone's answer ("Legal hasn't answered.
Not sure."), "… is still an open question with the CFO", "… remains unknown; counsel to advise", "no idea, thats a
budget thing above us", two people asked about and "not decided", and "what about …" asked without its mark. Work with
a date and an owner stays work, even with something undecided beside it."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 20)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("Opt-in vs. opt-out consent for the screener: Legal hasn't answered. Not sure.", "unsure"),
        ("Whether the materials budget covers year-two consumables is still an open question with the CFO.", "unsure"),
        ("Whether researchers need a separate MOU for each study remains unknown; counsel to advise.", "unsure"),
        ("RN coverage for 3 schools that get a nurse 2 days/wk - no idea, thats a budget thing above us", "unsure"),
        ("health services data to the board each semester - Dr. Mensah-Ruiz? or the lead RN? not decided", "unsure"),
        ("what about the bus drivers and the lunch staff should they get the matrix training too", "question"),
    ],
)
def test_an_open_matter_is_not_filed_as_work(answer: str, kind: str) -> None:
    reading = read_answer(answer, TODAY)
    assert (reading.kind, reading.actions) == (kind, [])


def test_work_with_its_date_stays_work_beside_what_is_undecided() -> None:
    reading = read_answer("ms kim sends the survey home by oct 3, not decided on the languages yet", TODAY)
    assert reading.kind == "action"
    assert (reading.actions[0].fields.owner, reading.actions[0].fields.due) == ("Ms. Kim", date(2032, 10, 3))
