"""Minutes that settle nothing ("that is unknown", "no action at this time", "Whether … remains unresolved"), a
numbered item that asks or shrugs ("4. Q: should…?", "9. idk yet if…") and a question typed without its mark
after "and" are not filed as plan actions; work whose owner is still open stays work."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2031, 10, 1)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("4. Q: should the lunch monitors get the same PBIS training as teachers? they run the cafeteria", "question"),
        ("9. idk yet if we can pay for a second interventionist, depends on the budget", "unsure"),
        ("We have not decided who runs the spring family survey; that is unknown.", "unsure"),
        ("Whether coaches may see teacher scores remains unresolved; the union has not weighed in.", "unsure"),
        ("The team did not get to the selection questions; no action at this time.", "unsure"),
        ("reading groups stay as they are for now. not sure if we should regroup after winter break", "unsure"),
        (
            "and shouldn't the new dress code go through an equity review first is that something we request or does "
            "the district do it",
            "question",
        ),
    ],
)
def test_an_item_that_settles_nothing_is_not_a_plan_action(answer: str, kind: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind == kind, [a.title for a in reading.actions]


@pytest.mark.parametrize(
    "answer",
    [
        "set up the dual credit agreement with the community college — someone from the district office, not sure who",
        "2 parents join the site council and get a stipend. not sure who coordinates",
        "ms kim runs the training, not sure when",
    ],
)
def test_work_whose_owner_or_date_is_still_open_stays_work(answer: str) -> None:
    assert read_answer(answer, TODAY).kind == "action"


def test_a_kind_of_survey_at_the_start_of_an_answer_is_not_taken_for_a_name() -> None:
    reading = read_answer("exit surveys + stay interviews for every teacher who leaves, starting in june", TODAY)
    assert reading.actions[0].fields.owner is None, reading.actions[0].fields.owner
