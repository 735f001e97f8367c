"""Answers typed in slots ("item / who / when") and owners signed after a dash with what they do ("— TK checks each
one", "- Hollis (LPN) pulls from the EHR", "Responsible: Ms. Abara tracks completion."): who is read for sure, and the
plan line keeps only the work."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 9)


@pytest.mark.parametrize(
    ("answer", "owner", "title"),
    [
        (
            "ride times by school + whether the kid is sped / Gus (routing) / by 10/22",
            "Gus",
            "Ride times by school + whether the kid is sped",
        ),
        ("pre-trip inspection spot checks / shop foreman (Ray) / every other tues", "Ray", None),
        ("ride-alongs w/ every new drvr / lead drivers / 1x a wk for their first 6 wks", "lead drivers", None),
    ],
)
def test_who_in_the_middle_slot_owns_the_work(answer: str, owner: str, title: str | None) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.fields.owner == owner
    assert "owner" not in reading.guessed
    assert owner not in reading.title and "/ /" not in reading.title
    if title:
        assert reading.title == title


def test_a_slot_with_its_own_label_is_a_field_not_a_person() -> None:
    reading = read_answer("- Owner: CAO / Action: MTSS update to the board / Frequency: each board meeting", TODAY)
    assert reading.actions[0].fields.owner == "CAO"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("coaching log audit, 5 random logs per coach per month — TK checks each one has a goal", "TK"),
        ("health office visits by condition, grade + race, monthly - Hollis (LPN) pulls from the EHR", "Hollis"),
    ],
)
def test_someone_signed_after_a_dash_with_what_they_do_owns_it(answer: str, owner: str) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert (reading.fields.owner, reading.guessed) == (owner, [])
    assert owner not in reading.title


def test_work_said_only_after_the_dash_stays_the_title() -> None:
    reading = read_answer("thursday 4/1 — admin finalizes the 8th gr master schedule", TODAY).actions[0]
    assert reading.fields.owner == "admin"
    assert "master schedule" in reading.title


def test_a_responsible_line_with_a_verb_names_the_person_and_leaves_the_title_to_the_work() -> None:
    answer = (
        "Action item: all staff with SIS access complete FERPA training by March 31. "
        "Responsible: Ms. Abara tracks completion."
    )
    reading = read_answer(answer, TODAY).actions[0]
    assert reading.fields.owner == "Ms. Abara"
    assert reading.title == "All staff with SIS access complete FERPA training"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("coach benally does a two minute feedback visit in every classroom once a week", "Coach Benally"),
        ("lead RN does a skills check-off w/ each LPN once a semester", "lead RN"),
    ],
)
def test_a_title_or_a_role_said_in_lowercase_before_the_verb_is_who(answer: str, owner: str) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert (reading.fields.owner, reading.guessed) == (owner, [])


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("gear closet so no kid stays home bc of gear - jess collects donations thru apr 30", "Jess"),
        ("new attendance incentive for the 9th grade - attendance improves by june hopefully", None),
    ],
)
def test_a_first_name_in_lowercase_signed_with_what_they_do_is_the_name_alone(answer: str, owner: str | None) -> None:
    assert read_answer(answer, TODAY).actions[0].fields.owner == owner


def test_a_hyphenated_verb_after_the_owner_is_drafted_as_the_work() -> None:
    reading = read_answer("Ms. Kim co-teaches the unit with Mr. Diaz in october", TODAY).actions[0]
    assert reading.title.startswith("Co-teach the unit")
