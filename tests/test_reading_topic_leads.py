"""A team often names the driver it is answering for before who does what ("okay so for training miss abernathy is
going to train…", "on data: ms kim pulls…", "For the training piece, which honestly is the piece I worry about most,
Mr. Osei … is going to lead…"): the topic is not the work, the person is the owner, and the plan line is what they do.
A name with an accented first letter ("mr. ó briain") is still a name."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.reader import read_answer

TODAY = date(2032, 9, 20)


@pytest.mark.parametrize(
    ("answer", "owner", "title"),
    [
        (
            "okay so for training miss abernathy is going to train the sixth grade advisors on the sel lessons",
            "Miss Abernathy",
            "Train the sixth grade advisors on the sel lessons",
        ),
        ("on data: ms kim pulls the attendance report every friday", "Ms. Kim", "Pull the attendance report"),
        (
            "For the training piece, which honestly is the piece I worry about most, Mr. Osei from the district math "
            "office is going to lead a half-day on small-group routines on October 28th",
            "Mr. Osei",
            "Lead a half-day on small-group routines",
        ),
    ],
)
def test_the_topic_said_first_leaves_the_owner_and_the_work(answer: str, owner: str, title: str) -> None:
    reading = read_answer(answer, TODAY).actions[0]
    assert (reading.fields.owner, reading.title) == (owner, title)


def test_training_as_a_verb_is_not_a_topic() -> None:
    reading = read_answer("for training the new teachers, ms kim runs a session in august", TODAY).actions[0]
    assert reading.title.lower().startswith("for training the new teachers")


def test_a_name_with_an_accented_first_letter_signed_after_a_dash_owns_the_work() -> None:
    answer = "logins + live attendance by race, IEP, EL, FRL on the dashboard weekly — mr. ó briain"
    assert read_answer(answer, TODAY).actions[0].fields.owner == "Mr. Ó Briain"
