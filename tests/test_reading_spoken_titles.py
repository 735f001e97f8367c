"""Owners a team dictates by voice: "miss navarro our attendance clerk calls home…" (the role said after the name
without commas), "…at the staff meeting on may 5 missus feld does it" (who does it said last in a run-on), and
"ms. pat goes and…" (the verb after a name is not part of the name)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2031, 10, 1)


@pytest.mark.parametrize(
    ("answer", "owner", "title_start"),
    [
        (
            "okay so miss okafor our front office clerk calls every family the same morning a kid is absent",
            "Miss Okafor",
            "Call every family",
        ),
        (
            "mister brandt the counselor meets with each senior twice a month about their graduation plan",
            "Mr. Brandt",
            "Meet with each senior",
        ),
        (
            "Dr. Hale-Simmons our director brings the attendance data to the school board each quarter",
            "Dr. Hale-Simmons",
            "Bring the attendance data",
        ),
    ],
)
def test_a_name_with_its_role_after_it_owns_what_they_do(answer: str, owner: str, title_start: str) -> None:
    action = read_answer(answer, TODAY).actions[0]
    assert action.fields.owner == owner
    assert "owner" not in action.guessed
    assert action.title.startswith(title_start), action.title


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "all the paras get a one hour training on de-escalation at the staff meeting on november fifth missus "
            "feld does it",
            "Mrs. Feld",
        ),
        (
            "a family game night at the library on december sixth with interpreters missus ortiz-lane is in charge "
            "of that one",
            "Mrs. Ortiz-Lane",
        ),
    ],
)
def test_who_does_it_said_at_the_end_of_a_run_on_owns_it(answer: str, owner: str) -> None:
    action = read_answer(answer, TODAY).actions[0]
    assert action.fields.owner == owner
    assert "owner" not in action.guessed


def test_a_verb_after_a_spoken_name_is_not_part_of_the_name() -> None:
    answer = "home visit within a week of each attendance flag, ms. pat goes and takes the liaison along"
    assert read_answer(answer, TODAY).actions[0].fields.owner == "Ms. Pat"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("Ms. St. Pierre runs the family survey by 11/15", "Ms. St. Pierre"),
        ("Mr. Van der Berg checks the attendance logs every friday", "Mr. Van der Berg"),
        ("mrs. de la cruz sends the newsletter home monthly", "Mrs. de la Cruz"),
    ],
)
def test_a_surname_with_a_saint_or_a_particle_is_kept_as_written(answer: str, owner: str) -> None:
    reading = read_answer(answer, TODAY)
    assert len(reading.actions) == 1
    assert reading.actions[0].fields.owner == owner


@pytest.mark.parametrize(
    ("answer", "owner", "title_start"),
    [
        (
            "CFO (Ms. Okwu-Lind) reports budget + staffing by school to the board each semester",
            "Ms. Okwu-Lind",
            "Report",
        ),
        ("mrs. j walks thru the intervention blocks 1x/wk starting feb 2", "Mrs. J", "Walk"),
        ("ok so mr. b looks at the referral form every friday", "Mr. B", "Look at the referral form"),
    ],
)
def test_a_titled_name_in_brackets_or_by_one_letter_owns_what_follows(
    answer: str, owner: str, title_start: str
) -> None:
    action = read_answer(answer, TODAY).actions[0]
    assert action.fields.owner == owner
    assert "owner" not in action.guessed
    assert action.title.startswith(title_start), action.title
