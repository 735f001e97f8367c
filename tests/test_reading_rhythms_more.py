"""How often work repeats, said the ways teams say it beyond the usual rhythms: at every meeting of any name ("a
5 min update at every booster meeting"), ahead of each event ("ready the day before each withdrawal", "2 wks
before each IEP mtg"), and a weekday said with its part of the day ("tues nights 6-7:30")."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2031, 10, 1)


@pytest.mark.parametrize(
    ("answer", "rhythm"),
    [
        ("coach lee gives the boosters a 5 min update at every booster meeting", "each booster meeting"),
        ("the PTA treasurer reports the fund balance at each PTA meeting", "each PTA meeting"),
        (
            "our counselor shares the attendance numbers during every advisory council mtg",
            "each advisory council meeting",
        ),
        (
            "exit packet for departing families ready the day before each withdrawal -- front office",
            "before each withdrawal",
        ),
        ("interpreters booked 2 wks before each IEP mtg — the sped secretary", "before each IEP meeting"),
        ("room parents text every family a reminder the week before each event", "before each event"),
        ("ASL class for hearing families tues nights 6-7:30, taught by Ms. Ruiz", "weekly"),
        ("open gym thurs mornings before school, coach dee runs it", "weekly"),
    ],
)
def test_a_rhythm_said_the_way_teams_say_it_is_read(answer: str, rhythm: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.recurrence == rhythm


@pytest.mark.parametrize(
    "answer",
    [
        "district sped office pays for 2 subs a month so the pairs can observe at other schools",
        "we need 2 more aides a month from now",
        "interpreters for every eligibility meeting come from the district pool",
    ],
)
def test_a_number_of_things_a_month_or_a_standing_duty_is_no_new_rhythm(answer: str) -> None:
    (action,) = read_answer(answer, TODAY).actions
    assert action.fields.recurrence in (None, "monthly")
