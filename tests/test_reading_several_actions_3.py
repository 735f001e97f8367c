"""The team's own part said after someone else's ("…, and I'll take what they find to the board in march") is an
action of its own; a choice the team makes that the next part carries out ("we will use the rubric, and each coach
will complete it…") is not."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2026, 11, 2)


def test_the_teams_own_part_after_someone_elses_is_its_own_action() -> None:
    answer = "the science teachers grade the lab reports every friday and I'll bring whatever they find to the board"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == "the science teachers" and first.fields.recurrence == "weekly"
    assert second.fields.owner is None and "board" in second.title.lower()


def test_a_choice_carried_out_by_someone_is_one_action() -> None:
    answer = "We will use the district rubric, and each coach will complete it for every classroom each quarter"
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.recurrence == "quarterly"


@pytest.mark.parametrize(
    ("answer", "owner", "dues"),
    [
        (
            "ms patel drafts the family survey by dec 9 and sends it home in 4 languages by dec 23",
            "Ms. Patel",
            [date(2026, 12, 9), date(2026, 12, 23)],
        ),
        ("hire two bilingual aides by jan 15 and train them on the intervention program in feb", None, None),
        ("the design team interviews 20 students by dec 10 and presents what they heard to staff in jan", None, None),
    ],
)
def test_a_next_step_on_a_day_of_its_own_is_an_action_of_its_own(
    answer: str, owner: str | None, dues: list[date] | None
) -> None:
    actions = read_answer(answer, TODAY).actions
    assert len(actions) == 2
    if owner is not None:
        assert [a.fields.owner for a in actions] == [owner, owner]
    if dues is not None:
        assert [a.fields.due for a in actions] == dues
